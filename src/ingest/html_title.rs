//! The title of a web page's article, chosen among its `<h1>` headings, its
//! `og:title` and its `<title>`.
//!
//! Page titles carry the column and site name (`标题_频道_网站`,
//! `标题 | 网站`, `网站 - 标题`) and logos are often set in an `<h1>`; the
//! article's own heading is usually an `<h1>` (or `<h2>`) of the main
//! content. So: the longest heading outside furniture that the
//! `<title>`/`og:title` contains wins (the title confirms it); else a heading inside the main
//! content long enough to be a title; else the first `<h1>` that long; else
//! the `<title>` (or `og:title`) cut at its separators down to its longest
//! part, which is the article's title rather than the site's or column's
//! name. A heading ending in a breadcrumb separator (`>`, `»`) or starting
//! like a byline is never taken.

use std::collections::HashMap;

use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};

use super::html::collapse_whitespace;
use super::main_content::NodeInfo;

/// Shortest heading taken as the title without the `<title>` confirming it.
const HEADING_TITLE_MIN_CHARS: usize = 8;

/// Shortest heading a `<title>` may confirm (shorter ones are logos or
/// column names even when the `<title>` repeats them).
const CONFIRMED_HEADING_MIN_CHARS: usize = 4;

/// Separators between the parts of a `<title>`: article, column, site.
const TITLE_SEPARATORS: &[&str] = &[
    "_", "|", "｜", " - ", " — ", " – ", "--", "——", ">>", "»", "::",
];

/// The article's title, see the module doc.
pub(crate) fn page_title(
    doc: &Html,
    info: &HashMap<NodeId, NodeInfo>,
    roots: &[NodeRef<'_, Node>],
) -> Option<String> {
    let visible = |n: &NodeRef<'_, Node>| info.get(&n.id()).is_some_and(|i| !i.in_furniture);
    let in_roots = |n: &NodeRef<'_, Node>| {
        roots
            .iter()
            .any(|r| n.id() == r.id() || n.ancestors().any(|a| a.id() == r.id()))
    };
    let headings: Vec<(String, bool, &str)> = doc
        .tree
        .root()
        .descendants()
        .filter_map(|n| {
            let tag = n.value().as_element()?.name();
            matches!(tag, "h1" | "h2").then_some((n, tag))
        })
        .filter(|(n, _)| visible(n))
        .map(|(n, tag)| (text_of(n), in_roots(&n), tag))
        .filter(|(t, _, _)| is_title_like(t))
        .collect();
    let page = element_text(doc, "title");
    let og = meta_content(doc, "og:title");
    // The longest confirmed heading: a logo `<h1>` (the site name) is
    // confirmed too, by the title's site part.
    let mut confirmed: Option<&(String, bool, &str)> = None;
    for heading in &headings {
        let len = heading.0.chars().count();
        let in_title = [&page, &og]
            .into_iter()
            .flatten()
            .any(|t| t.contains(heading.0.as_str()));
        if len >= CONFIRMED_HEADING_MIN_CHARS
            && in_title
            && confirmed.is_none_or(|c| len > c.0.chars().count())
        {
            confirmed = Some(heading);
        }
    }
    if let Some((h, _, _)) = confirmed {
        return Some(h.clone());
    }
    let long = |h: &&(String, bool, &str)| h.0.chars().count() >= HEADING_TITLE_MIN_CHARS;
    if let Some((h, _, _)) = headings
        .iter()
        .filter(long)
        .find(|(_, inside, tag)| *inside || *tag == "h1")
    {
        return Some(h.clone());
    }
    og.or(page)
        .map(|t| main_part(&t))
        .filter(|t| !t.is_empty())
        .or_else(|| {
            headings
                .iter()
                .find(|(_, _, tag)| *tag == "h1")
                .map(|h| h.0.clone())
        })
}

/// The longest part of a `<title>` cut at its separators (the first one on
/// ties, which is where the article's title stands).
pub(crate) fn main_part(title: &str) -> String {
    // A bare `-` separates parts only between two CJK characters (`标题-网站`);
    // between Latin letters or digits it is a word's or a date's (`COVID-19`).
    let chars: Vec<char> = title.chars().collect();
    let title: String = chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let around =
                |j: Option<usize>| j.and_then(|j| chars.get(j)).is_some_and(|c| !c.is_ascii());
            if c == '-' && around(i.checked_sub(1)) && around(Some(i + 1)) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let mut parts: Vec<String> = vec![title];
    for sep in TITLE_SEPARATORS {
        parts = parts
            .iter()
            .flat_map(|p| p.split(sep).map(str::to_string).collect::<Vec<_>>())
            .collect();
    }
    let mut best = String::new();
    for part in parts {
        let part = part.trim().to_string();
        if part.chars().count() > best.chars().count() {
            best = part;
        }
    }
    best
}

/// Rejects headings that are a breadcrumb trail or a byline.
fn is_title_like(text: &str) -> bool {
    let len = text.chars().count();
    len > 0
        && len <= 120
        && !text.contains('>')
        && !text.contains('»')
        && !text.contains('＞')
        && ![
            "本报记者",
            "来源",
            "作者",
            "发布时间",
            "当前位置",
            "您的位置",
        ]
        .iter()
        .any(|o| text.starts_with(o))
}

fn text_of(node: NodeRef<'_, Node>) -> String {
    let raw: String = node
        .descendants()
        .filter_map(|d| d.value().as_text().map(|t| t.to_string()))
        .collect();
    collapse_whitespace(&raw)
}

fn element_text(doc: &Html, tag: &str) -> Option<String> {
    doc.tree
        .root()
        .descendants()
        .filter(|n| n.value().as_element().is_some_and(|e| e.name() == tag))
        .map(text_of)
        .find(|t| !t.is_empty())
}

fn meta_content(doc: &Html, property: &str) -> Option<String> {
    doc.tree
        .root()
        .descendants()
        .filter_map(|n| n.value().as_element())
        .filter(|e| e.name() == "meta")
        .find(|e| e.attr("property").or_else(|| e.attr("name")) == Some(property))
        .and_then(|e| e.attr("content"))
        .map(collapse_whitespace)
        .filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn main_part_drops_column_and_site() {
        assert_eq!(
            main_part("深化南北产业协作促进区域高质量协同发展_镇江产业网"),
            "深化南北产业协作促进区域高质量协同发展"
        );
        assert_eq!(
            main_part("人民网 - 在新时代中部地区崛起中争先出彩"),
            "在新时代中部地区崛起中争先出彩"
        );
        assert_eq!(main_part("长三角协同发展经验"), "长三角协同发展经验");
    }
}
