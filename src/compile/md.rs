//! The compilation as Markdown: `#` title, a table of contents of links, `##` per group,
//! `###` per proposal, and the appendix table.

use std::fmt::Write;

use super::{chinese_number, Compilation, Item};
use crate::report::escape::markdown_line;

fn inline(s: &str) -> String {
    markdown_line(&s.replace('\n', " "))
}

/// The Markdown text.
pub fn to_markdown(c: &Compilation) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", inline(&c.title));
    let _ = writeln!(out, "{}\n", c.summary());
    let _ = writeln!(out, "## 目录\n");
    for (i, s) in c.sections.iter().enumerate() {
        let _ = writeln!(out, "{}. {}", i + 1, inline(&s.title));
    }
    out.push('\n');
    for (i, s) in c.sections.iter().enumerate() {
        let _ = writeln!(out, "## {}、{}\n", chinese_number(i + 1), inline(&s.title));
        if let Some(note) = &s.note {
            for line in note.lines() {
                let _ = writeln!(out, "> 编者按：{}", markdown_line(line));
            }
            out.push('\n');
        }
        for (j, item) in s.items.iter().enumerate() {
            write_item(&mut out, j + 1, item);
        }
    }
    let _ = writeln!(out, "## 附表：文献 × 分组\n");
    let mut head = String::from("| 文献 |");
    let mut rule = String::from("|---|");
    for i in 0..c.sections.len() {
        let _ = write!(head, " {} |", i + 1);
        rule.push_str("---:|");
    }
    let _ = writeln!(out, "{head}\n{rule}");
    for (title, counts) in &c.table {
        let cells: Vec<String> = counts
            .iter()
            .map(|&n| if n == 0 { String::new() } else { n.to_string() })
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} |",
            inline(title).replace('|', "\\|"),
            cells.join(" | ")
        );
    }
    out
}

fn write_item(out: &mut String, n: usize, item: &Item) {
    let mark = match (item.representative, item.new) {
        (_, true) => "（新增）",
        (true, false) => "（代表性建议）",
        _ => "",
    };
    let _ = writeln!(
        out,
        "### （{}）{}{mark}\n",
        chinese_number(n),
        inline(&item.heading)
    );
    for line in item.text.lines() {
        let _ = writeln!(out, "{}\n", markdown_line(line));
    }
    let _ = writeln!(out, "来源：{}", inline(&item.source.line()));
    for a in &item.also {
        let _ = writeln!(out, "\n又见于：{}", inline(&a.line()));
    }
    out.push('\n');
}
