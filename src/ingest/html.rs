//! HTML pages to article text: charset handling, removal of page furniture
//! (navigation, headers, footers, ads, scripts...), choice of the main
//! article element, and rendering one block per line.
//!
//! Furniture rules live in `furniture.rs`. Besides them, a rendered block
//! starting with 当前位置/您的位置/... (a breadcrumb written as text, at most
//! 120 characters) is dropped, and so is a block whose text is mostly link
//! text (a headline list or tag cloud inside the article container).
//!
//! The article's elements are chosen by `main_content.rs` (text and link
//! density, punctuation and structure, Readability-style); when nothing
//! scores, the whole `<body>` is rendered. The title (`html_title.rs`) becomes
//! the first line unless one of the first three blocks already equals it.
//!
//! Walking is iterative (ego-tree's `traverse`), so deeply nested markup
//! cannot overflow the stack.

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};

use super::decode::{decode, decode_with_label, Decoded};
use super::error::SkipReason;
use super::html_title::page_title;
use super::main_content::{
    is_article_like, is_furniture_at, main_content, measure, prose_lengths, Prose,
};

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
    let prose = prose_lengths(&doc);
    let info = measure(&doc, &prose);
    let mut roots = main_content(&doc, &info);
    if roots.is_empty() {
        roots.push(body_of(&doc));
    }
    let title = page_title(&doc, &info, &roots);
    let mut blocks: Vec<String> = roots.into_iter().flat_map(|r| render(r, &prose)).collect();
    if let Some(title) = title {
        if !blocks.iter().take(3).any(|b| *b == title) {
            blocks.insert(0, title);
        }
    }
    blocks.join("\n\n")
}

/// The `<body>` (or the root element of a fragment without one).
fn body_of(doc: &Html) -> NodeRef<'_, Node> {
    doc.tree
        .root()
        .descendants()
        .find(|n| n.value().as_element().is_some_and(|e| e.name() == "body"))
        .unwrap_or_else(|| *doc.root_element())
}

/// Renders the subtree of `root` as blocks of collapsed text.
fn render(root: NodeRef<'_, Node>, prose: &Prose) -> Vec<String> {
    let mut out = Renderer {
        blocks: Vec::new(),
        line: String::new(),
        link_chars: 0,
    };
    let mut link_depth = 0usize;
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
                    Node::Text(text) => {
                        if link_depth > 0 {
                            out.link_chars += text.chars().filter(|c| !c.is_whitespace()).count();
                        }
                        out.line.push_str(text);
                    }
                    Node::Element(el) => {
                        if is_furniture_at(node.id(), el, article_depth > 0, prose) {
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
                        link_depth += usize::from(tag == "a");
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
                    link_depth -= usize::from(tag == "a");
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
    /// Characters of the current line inside links.
    link_chars: usize,
}

impl Renderer {
    fn flush(&mut self) {
        let collapsed = collapse_whitespace(&self.line);
        let link_chars = std::mem::take(&mut self.link_chars);
        self.line.clear();
        let is_breadcrumb = collapsed.chars().count() <= 120
            && BREADCRUMB_OPENINGS.iter().any(|o| collapsed.starts_with(o));
        // A block that is mostly link text is a headline list, tag cloud or
        // navigation left inside the article container, not prose.
        let chars = collapsed.chars().filter(|c| !c.is_whitespace()).count();
        let is_link_block = link_chars * 2 > chars;
        if !collapsed.is_empty() && !is_breadcrumb && !is_link_block {
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
        let page = "<body><div id='main'><div class='article-content'><p>第一段正文，讲区域协作的做法。</p>\
                    <p>第二段正文</p></div><div class='meta'>来源</div></div></body>";
        assert_eq!(
            html_to_text(page),
            "第一段正文，讲区域协作的做法。\n\n第二段正文"
        );
    }

    #[test]
    fn table_cells_are_separated() {
        let page = "<article><table><tr><td>名称</td><td>数量</td></tr></table></article>";
        assert_eq!(html_to_text(page), "名称 数量");
    }
}
