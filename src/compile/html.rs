//! The compilation as one self-contained HTML page (no external resource), every text
//! escaped.

use std::fmt::Write;

use super::{chinese_number, Compilation};
use crate::report::escape::html;

const STYLE: &str = "body{font-family:'Noto Serif CJK SC','Songti SC',SimSun,serif;max-width:46em;\
margin:2em auto;padding:0 1em;line-height:1.7}h1{text-align:center}.src{color:#555;font-size:.9em}\
.note{border-left:3px solid #999;padding-left:.8em;color:#333}table{border-collapse:collapse}\
td,th{border:1px solid #999;padding:.2em .5em;text-align:right}td:first-child{text-align:left}";

/// The HTML page.
pub fn to_html(c: &Compilation) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{}</title>\
         <style>{STYLE}</style></head><body>\n<h1>{}</h1>\n<p>{}</p>\n<nav><h2>目录</h2><ol>",
        html(&c.title),
        html(&c.title),
        html(&c.summary())
    );
    for (i, s) in c.sections.iter().enumerate() {
        let _ = write!(
            out,
            "<li><a href=\"#g{}\">{}</a></li>",
            i + 1,
            html(&s.title)
        );
    }
    out.push_str("</ol></nav>\n");
    for (i, s) in c.sections.iter().enumerate() {
        let _ = writeln!(
            out,
            "<section><h2 id=\"g{}\">{}、{}</h2>",
            i + 1,
            chinese_number(i + 1),
            html(&s.title)
        );
        if let Some(note) = &s.note {
            let _ = writeln!(out, "<p class=\"note\">编者按：{}</p>", html(note));
        }
        for (j, item) in s.items.iter().enumerate() {
            let mark = match (item.representative, item.new) {
                (_, true) => "（新增）",
                (true, false) => "（代表性建议）",
                _ => "",
            };
            let _ = writeln!(
                out,
                "<h3>（{}）{}{mark}</h3>",
                chinese_number(j + 1),
                html(&item.heading)
            );
            for line in item.text.lines() {
                let _ = writeln!(out, "<p>{}</p>", html(line));
            }
            let _ = writeln!(
                out,
                "<p class=\"src\">来源：{}</p>",
                html(&item.source.line())
            );
            for a in &item.also {
                let _ = writeln!(out, "<p class=\"src\">又见于：{}</p>", html(&a.line()));
            }
        }
        out.push_str("</section>\n");
    }
    out.push_str("<h2>附表：文献 × 分组</h2>\n<table><tr><th>文献</th>");
    for i in 0..c.sections.len() {
        let _ = write!(out, "<th>{}</th>", i + 1);
    }
    out.push_str("</tr>\n");
    for (title, counts) in &c.table {
        let _ = write!(out, "<tr><td>{}</td>", html(title));
        for &n in counts {
            let cell = if n == 0 { String::new() } else { n.to_string() };
            let _ = write!(out, "<td>{cell}</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n</body></html>\n");
    out
}
