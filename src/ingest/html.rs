//! HTML pages to article text: charset handling, removal of page furniture
//! (navigation, headers, footers, ads, scripts...), choice of the main
//! article element, and rendering one block per line.
//!
//! Furniture rules live in `furniture.rs`. Besides them, a rendered block
//! starting with 当前位置/您的位置/... (a breadcrumb written as text, at most
//! 120 characters) is dropped. The `<title>` (or the first `<h1>` it
//! contains, which drops the site-name suffix) becomes the first line unless
//! one of the first three blocks already equals it.
//!
//! Main element: the largest `<article>`, else the largest `<main>`, else
//! among elements whose id/class contains content/article/main/post/text/
//! detail/zhengwen/zoom the one with most text (counting only text outside
//! furniture), preferring the deepest one holding at least 85 % of that
//! maximum (a tight container over its wrapper). Such a class-chosen
//! element must hold at least 30 % of the body's text, else the body is used.
//!
//! Walking is iterative (ego-tree's `traverse`), so deeply nested markup
//! cannot overflow the stack.

use std::collections::HashMap;

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::node::Element;
use scraper::{Html, Node};

use super::decode::{decode, decode_with_label, Decoded};
use super::error::SkipReason;
use super::furniture::is_furniture;

/// Elements that start and end a line of output.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "br",
    "tr",
    "section",
    "blockquote",
    "pre",
    "article",
    "main",
    "header",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "caption",
    "figure",
    "figcaption",
    "address",
    "hr",
    "center",
    "details",
    "summary",
    "fieldset",
    "body",
];

/// Substrings of id/class that mark a main-content candidate.
const CONTENT_HINTS: &[&str] = &[
    "content", "article", "main", "post", "text", "detail", "zhengwen", "zoom",
];

/// Line openings of breadcrumb trails written as plain text.
const BREADCRUMB_OPENINGS: &[&str] = &[
    "当前位置",
    "当前的位置",
    "您当前的位置",
    "您的位置",
    "你的位置",
    "您现在的位置",
    "你现在的位置",
    "You are here",
];

/// Decodes an HTML file and extracts its article text.
pub(crate) fn extract(bytes: &[u8]) -> Result<Decoded, SkipReason> {
    let decoded = decode_html_bytes(bytes)?;
    Ok(Decoded {
        text: html_to_text(&decoded.text),
        ..decoded
    })
}

/// UTF-8 (or a BOM) wins; otherwise the charset the page declares; otherwise
/// the same detection as for text files.
fn decode_html_bytes(bytes: &[u8]) -> Result<Decoded, SkipReason> {
    let has_bom = bytes.starts_with(&[0xEF, 0xBB, 0xBF])
        || bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF]);
    if has_bom || std::str::from_utf8(bytes).is_ok() {
        return decode(bytes);
    }
    match declared_charset(bytes) {
        Some(label) => decode_with_label(bytes, &label),
        None => decode(bytes),
    }
}

/// Finds `charset=` (meta charset or content-type) or an XML declaration's
/// `encoding=` in the first 4 KiB.
fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = bytes[..bytes.len().min(4096)].to_ascii_lowercase();
    let find = |needle: &[u8]| {
        head.windows(needle.len())
            .position(|w| w == needle)
            .map(|p| p + needle.len())
    };
    let start = find(b"charset=").or_else(|| {
        if head.starts_with(b"<?xml") {
            find(b"encoding=")
        } else {
            None
        }
    })?;
    let label: String = head[start..]
        .iter()
        .skip_while(|&&b| b == b'"' || b == b'\'' || b == b' ')
        .take_while(|&&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
        .map(|&b| char::from(b))
        .collect();
    (!label.is_empty()).then_some(label)
}

/// Extracts the article text of an HTML document: one block per line,
/// blank line between blocks, the title first.
pub fn html_to_text(html: &str) -> String {
    let doc = Html::parse_document(html);
    let info = measure(&doc);
    let root = choose_root(&doc, &info);
    let mut blocks = render(root);
    if let Some(title) = title_line(&doc, &info) {
        if !blocks.iter().take(3).any(|b| *b == title) {
            blocks.insert(0, title);
        }
    }
    blocks.join("\n\n")
}

/// Per-element facts gathered in one pass.
#[derive(Debug, Clone, Copy)]
struct NodeInfo {
    /// Non-whitespace characters in the subtree, furniture excluded.
    text_len: usize,
    /// Depth below the document node.
    depth: usize,
    /// The element or one of its ancestors is furniture.
    in_furniture: bool,
}

struct Frame {
    id: NodeId,
    text_len: usize,
    self_furniture: bool,
    in_furniture: bool,
    is_article: bool,
}

fn measure(doc: &Html) -> HashMap<NodeId, NodeInfo> {
    let mut info = HashMap::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut article_depth = 0usize;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Text(text) => {
                    if let Some(top) = stack.last_mut() {
                        top.text_len += text.chars().filter(|c| !c.is_whitespace()).count();
                    }
                }
                value => {
                    let element = value.as_element();
                    let self_furniture =
                        element.is_some_and(|el| is_furniture(el, article_depth > 0));
                    let is_article = element.is_some_and(|el| is_article_like(el.name()));
                    article_depth += usize::from(is_article);
                    let parent_furniture = stack.last().is_some_and(|f| f.in_furniture);
                    stack.push(Frame {
                        id: node.id(),
                        text_len: 0,
                        self_furniture,
                        in_furniture: parent_furniture || self_furniture,
                        is_article,
                    });
                }
            },
            Edge::Close(node) => {
                if matches!(node.value(), Node::Text(_)) {
                    continue;
                }
                let Some(frame) = stack.pop() else { continue };
                article_depth -= usize::from(frame.is_article);
                info.insert(
                    frame.id,
                    NodeInfo {
                        text_len: frame.text_len,
                        depth: stack.len(),
                        in_furniture: frame.in_furniture,
                    },
                );
                if let Some(parent) = stack.last_mut() {
                    if !frame.self_furniture {
                        parent.text_len += frame.text_len;
                    }
                }
            }
        }
    }
    info
}

fn is_article_like(tag: &str) -> bool {
    tag == "article" || tag == "main"
}

fn choose_root<'a>(doc: &'a Html, info: &HashMap<NodeId, NodeInfo>) -> NodeRef<'a, Node> {
    let usable = |node: &NodeRef<'a, Node>| {
        info.get(&node.id())
            .is_some_and(|i| !i.in_furniture && i.text_len > 0)
    };
    let len = |node: &NodeRef<'a, Node>| info.get(&node.id()).map_or(0, |i| i.text_len);
    let elements: Vec<NodeRef<'a, Node>> = doc
        .tree
        .root()
        .descendants()
        .filter(|n| n.value().is_element())
        .filter(usable)
        .collect();
    let named = |tag: &str| {
        elements
            .iter()
            .filter(|n| n.value().as_element().is_some_and(|e| e.name() == tag))
            .copied()
            .collect::<Vec<_>>()
    };
    for tag in ["article", "main"] {
        if let Some(best) = first_max_by_key(&named(tag), len) {
            return best;
        }
    }
    let body = named("body")
        .first()
        .copied()
        .unwrap_or_else(|| *doc.root_element());
    let candidates: Vec<NodeRef<'a, Node>> = elements
        .iter()
        .filter(|n| n.value().as_element().is_some_and(has_content_hint))
        .copied()
        .collect();
    let Some(largest) = first_max_by_key(&candidates, len) else {
        return body;
    };
    let max_len = len(&largest);
    if max_len * 10 < len(&body) * 3 {
        return body;
    }
    let depth = |n: &NodeRef<'a, Node>| info.get(&n.id()).map_or(0, |i| i.depth);
    let near_max: Vec<NodeRef<'a, Node>> = candidates
        .into_iter()
        .filter(|n| len(n) * 100 >= max_len * 85)
        .collect();
    first_max_by_key(&near_max, depth).unwrap_or(largest)
}

/// The first element with the largest key (document order breaks ties).
fn first_max_by_key<T: Copy>(items: &[T], key: impl Fn(&T) -> usize) -> Option<T> {
    let mut best: Option<(T, usize)> = None;
    for item in items {
        let k = key(item);
        if best.is_none_or(|(_, b)| k > b) {
            best = Some((*item, k));
        }
    }
    best.map(|(item, _)| item)
}

fn has_content_hint(el: &Element) -> bool {
    el.classes().chain(el.id()).any(|token| {
        let lower = token.to_ascii_lowercase();
        CONTENT_HINTS.iter().any(|hint| lower.contains(hint))
    })
}

/// Renders the subtree of `root` as blocks of collapsed text.
fn render(root: NodeRef<'_, Node>) -> Vec<String> {
    let mut out = Renderer {
        blocks: Vec::new(),
        line: String::new(),
    };
    let mut skip: Option<NodeId> = None;
    let mut pre_depth = 0usize;
    let mut article_depth = root
        .ancestors()
        .filter(|a| {
            a.value()
                .as_element()
                .is_some_and(|e| is_article_like(e.name()))
        })
        .count();
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => {
                if skip.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(text) if pre_depth > 0 => {
                        let mut pieces = text.split('\n');
                        if let Some(first) = pieces.next() {
                            out.line.push_str(first);
                        }
                        for piece in pieces {
                            out.flush();
                            out.line.push_str(piece);
                        }
                    }
                    Node::Text(text) => out.line.push_str(text),
                    Node::Element(el) => {
                        if is_furniture(el, article_depth > 0) {
                            skip = Some(node.id());
                            continue;
                        }
                        let tag = el.name();
                        if BLOCK_TAGS.contains(&tag) {
                            out.flush();
                        } else if tag == "td" || tag == "th" {
                            out.line.push(' ');
                        }
                        article_depth += usize::from(is_article_like(tag));
                        pre_depth += usize::from(tag == "pre");
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if skip == Some(node.id()) {
                    skip = None;
                    continue;
                }
                if skip.is_some() {
                    continue;
                }
                if let Node::Element(el) = node.value() {
                    let tag = el.name();
                    if BLOCK_TAGS.contains(&tag) {
                        out.flush();
                    }
                    article_depth -= usize::from(is_article_like(tag));
                    pre_depth -= usize::from(tag == "pre");
                }
            }
        }
    }
    out.flush();
    out.blocks
}

struct Renderer {
    blocks: Vec<String>,
    line: String,
}

impl Renderer {
    fn flush(&mut self) {
        let collapsed = collapse_whitespace(&self.line);
        self.line.clear();
        let is_breadcrumb = collapsed.chars().count() <= 120
            && BREADCRUMB_OPENINGS.iter().any(|o| collapsed.starts_with(o));
        if !collapsed.is_empty() && !is_breadcrumb {
            self.blocks.push(collapsed);
        }
    }
}

/// Collapses whitespace runs to one space and trims. A run made only of
/// source line breaks/indentation between two CJK characters is dropped,
/// since it is markup formatting, not a word gap (as browsers do). Explicit
/// spaces (`&nbsp;`, U+3000, a plain space without line break) stay one space.
pub(crate) fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_run = false;
    let mut run_has_break = false;
    let mut run_is_formatting = true;
    for c in text.chars() {
        if matches!(c, '\u{200B}' | '\u{FEFF}') {
            continue;
        }
        if c.is_whitespace() {
            in_run = true;
            run_has_break |= c == '\n' || c == '\r';
            run_is_formatting &= c.is_ascii_whitespace();
            continue;
        }
        if in_run {
            let drop = run_has_break
                && run_is_formatting
                && out.chars().next_back().is_some_and(is_cjk_context)
                && is_cjk_context(c);
            if !drop && !out.is_empty() {
                out.push(' ');
            }
            in_run = false;
            run_has_break = false;
            run_is_formatting = true;
        }
        out.push(c);
    }
    out
}

/// CJK ideographs, kana, CJK punctuation, full-width forms (not Hangul,
/// which separates words with spaces), and the curly quotes, dashes and
/// ellipsis Chinese text sets without spaces.
fn is_cjk_context(c: char) -> bool {
    matches!(c as u32,
        0x2014 | 0x2018..=0x201D | 0x2026 | 0x00B7
        | 0x2E80..=0x2FDF | 0x3000..=0x30FF | 0x3100..=0x31FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF
        | 0x20000..=0x3FFFF)
}

/// The page title for the first line: the first `<h1>` outside furniture
/// when the `<title>` contains it (titles append the site name) or when it is
/// long enough to be an article's title, else the `<title>`, else that `<h1>`.
fn title_line(doc: &Html, info: &HashMap<NodeId, NodeInfo>) -> Option<String> {
    let text_of = |tag: &str, skip_furniture: bool| {
        doc.tree
            .root()
            .descendants()
            .filter(|n| n.value().as_element().is_some_and(|e| e.name() == tag))
            .filter(|n| !skip_furniture || info.get(&n.id()).is_some_and(|i| !i.in_furniture))
            .map(|n| {
                let raw: String = n
                    .descendants()
                    .filter_map(|d| d.value().as_text().map(|t| t.to_string()))
                    .collect();
                collapse_whitespace(&raw)
            })
            .find(|t| !t.is_empty())
    };
    let title = text_of("title", false);
    let h1 = text_of("h1", true);
    match (title, h1) {
        (Some(t), Some(h)) if t.contains(&h) => Some(h),
        // A `<title>` that is only the column or site (`智库观点`) above an article `<h1>`
        // would be joined into the article's title; a short `<h1>` is more likely a logo.
        (Some(_), Some(h)) if h.chars().count() >= H1_TITLE_MIN_CHARS => Some(h),
        (Some(t), _) => Some(t),
        (None, h) => h,
    }
}

/// Shortest `<h1>` preferred over a `<title>` that does not contain it.
const H1_TITLE_MIN_CHARS: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapse_keeps_cjk_tight_and_words_apart() {
        assert_eq!(collapse_whitespace("  长三角\n    一体化 "), "长三角一体化");
        assert_eq!(collapse_whitespace("GDP\n增长"), "GDP 增长");
        assert_eq!(
            collapse_whitespace("\u{3000}\u{3000}产业 协作"),
            "产业 协作"
        );
        assert_eq!(collapse_whitespace("a\u{a0}\u{a0} b"), "a b");
    }

    #[test]
    fn declared_charset_is_found() {
        let page =
            br#"<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">"#;
        assert_eq!(declared_charset(page).as_deref(), Some("gb2312"));
        let page = br#"<meta charset='GBK'/>"#;
        assert_eq!(declared_charset(page).as_deref(), Some("gbk"));
        assert_eq!(declared_charset(b"<p>none</p>"), None);
    }

    #[test]
    fn main_candidate_prefers_tight_container() {
        let page = "<body><div id='main'><div class='article-content'><p>第一段正文内容较长</p>\
                    <p>第二段正文</p></div><div class='meta'>来源</div></div></body>";
        assert_eq!(html_to_text(page), "第一段正文内容较长\n\n第二段正文");
    }

    #[test]
    fn table_cells_are_separated() {
        let page = "<article><table><tr><td>名称</td><td>数量</td></tr></table></article>";
        assert_eq!(html_to_text(page), "名称 数量");
    }
}
