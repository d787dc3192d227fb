//! The heading tree of an article, built from block markers at paragraph starts (`一、`,
//! `（一）`, `1.`, `（1）`, `①`, a lone `一` line followed by its heading line).
//!
//! Forms nest in the order the article introduces them, so an article that starts at `1.`
//! has `1.` at its top level; a form already open closes everything opened after it.

use super::span::{heading_from_lead, Paras, Pos, Range};
use crate::chars::{char_len, ends_sentence};
use crate::clean::Paragraph;
use crate::lexicon::{is_imperative, is_section_name};
use crate::numbering::{block_marker, BlockForm};

/// Longest heading kept from a lead sentence, in characters.
pub const HEADING_MAX: usize = 40;

/// A node of the heading tree.
#[derive(Debug, Clone)]
pub struct Node {
    /// The marker form; `None` for the article root.
    pub form: Option<BlockForm>,
    /// The marker as written (`1.`, `（一）`).
    pub marker: Option<String>,
    /// The heading: a heading-only paragraph, the line after a lone numeral, or the lead
    /// sentence of a numbered item.
    pub heading: Option<String>,
    /// True when the node's first paragraph carries text beyond its heading (a numbered
    /// proposal rather than a section title).
    pub has_text: bool,
    /// The node's own content: from after its marker to the next marker paragraph.
    pub content: Range,
    /// Nested nodes.
    pub children: Vec<Node>,
}

/// Builds the heading tree of an article.
pub fn build(paras: &[Paragraph]) -> Node {
    let view = Paras(paras);
    let mut stack = vec![Node::new(None, None)];
    let mut p = 0;
    let mut content_start: Option<usize> = Some(0);
    while p < paras.len() {
        let text = &paras[p].text;
        let Some(m) = block_marker(text) else {
            // An unnumbered section name (`对策建议` between two numbered lists) opens a
            // top-level section: the items after it are its own, not the last list's.
            if is_section_name(text) {
                close_content(&mut stack, content_start, p, &view);
                while stack.len() > 1 {
                    pop_into_parent(&mut stack);
                }
                let mut node = Node::new(None, None);
                node.heading = Some(text.trim().to_string());
                stack.push(node);
                content_start = Some(p + 1);
            } else if is_unmarked_heading(paras, p) {
                close_content(&mut stack, content_start, p, &view);
                let mut node = Node::new(Some(BlockForm::Unmarked), None);
                node.heading = Some(text.trim().to_string());
                stack_push(&mut stack, node, p);
                content_start = Some(p + 1);
            }
            p += 1;
            continue;
        };
        close_content(&mut stack, content_start, p, &view);
        let form = if m.form == BlockForm::CnLone {
            BlockForm::CnComma
        } else {
            m.form
        };
        let marker = text[..m.len].trim().to_string();
        let mut node = Node::new(Some(form), Some(marker));
        if m.form == BlockForm::CnLone {
            // The heading is the next paragraph, when it reads like one.
            let next = paras.get(p + 1).map(|n| n.text.as_str()).unwrap_or("");
            if !next.is_empty() && block_marker(next).is_none() && is_heading_only(next) {
                node.heading = Some(next.trim().to_string());
                p += 1;
            }
            content_start = Some(p + 1);
        } else if let Some(at) = glued_article(&text[m.len..]).filter(|_| form.rank().is_some()) {
            // A database export runs a chapter's heading into its first article
            // (`第一章　总则　　第一条 …`): the heading is the chapter's, the article its text.
            node.heading = Some(text[m.len..m.len + at].trim().to_string());
            node.content.start = Pos {
                para: p,
                off: m.len + at,
            };
            content_start = None;
        } else {
            let rest = text[m.len..].trim();
            if is_heading_only(rest) || is_sentence_heading(rest, paras.get(p + 1)) {
                let rest = rest.trim_end_matches(['。', '！']);
                // A standard's clause is cited by its number: the heading keeps it as printed
                // (`5.1　确定评价范围`).
                let heading = if matches!(form, BlockForm::Clause(_)) {
                    text.trim()
                } else {
                    rest
                };
                node.heading = Some(heading.to_string());
                content_start = Some(p + 1);
            } else {
                let start = Pos {
                    para: p,
                    off: m.len,
                };
                let (lead, _) = view.lead_sentence(start, view.para_end(p));
                node.heading = heading_from_lead(&lead, HEADING_MAX);
                node.has_text = true;
                node.content.start = start;
                content_start = None;
                stack_push(&mut stack, node, p);
                p += 1;
                continue;
            }
        }
        stack_push(&mut stack, node, p);
        p += 1;
    }
    close_content(&mut stack, content_start, paras.len(), &view);
    while stack.len() > 1 {
        pop_into_parent(&mut stack);
    }
    stack.pop().unwrap_or_else(|| Node::new(None, None))
}

impl Node {
    /// A node with no heading, no content and no children yet.
    fn new(form: Option<BlockForm>, marker: Option<String>) -> Node {
        Node {
            form,
            marker,
            heading: None,
            has_text: false,
            content: Range::empty_at(Pos { para: 0, off: 0 }),
            children: Vec::new(),
        }
    }
}

/// Longest unnumbered proposal heading, in characters.
const UNMARKED_HEADING_MAX: usize = 30;

/// True when paragraph `p` heads the paragraph after it without a number: a short line that
/// is not a sentence, opens like a proposal (`加快培育集群促进机构`), and is followed by body
/// text. Only proposal-shaped lines qualify, so dates, names and captions stay text.
fn is_unmarked_heading(paras: &[Paragraph], p: usize) -> bool {
    let text = paras[p].text.trim();
    let Some(next) = paras.get(p + 1).map(|n| n.text.trim()) else {
        return false;
    };
    char_len(text) <= UNMARKED_HEADING_MAX
        && is_heading_only(text)
        && !text.ends_with(['：', ':', '，', ','])
        && is_imperative(text)
        && block_marker(next).is_none()
        && !is_heading_only(next)
}

/// Longest chapter heading run into its first article, in characters.
const GLUED_CHAPTER_HEADING_MAX: usize = 20;

/// Where an article (`第一条`) starts in the text after a division marker, when a short heading
/// and a gap of whitespace come before it (`总则　　第一条 　为规范…`).
fn glued_article(rest: &str) -> Option<usize> {
    let heading_end = rest.find(|c: char| c.is_whitespace())?;
    let heading = &rest[..heading_end];
    let after = &rest[heading_end..];
    let at = heading_end + (after.len() - after.trim_start().len());
    let article = rest[at..].strip_prefix('第')?;
    let digits = article
        .chars()
        .take_while(|c| "一二三四五六七八九十百零〇0123456789".contains(*c))
        .count();
    let fits = !heading.is_empty()
        && char_len(heading) <= GLUED_CHAPTER_HEADING_MAX
        && !heading.contains(['。', '，'])
        && digits > 0
        && article.chars().nth(digits) == Some('条');
    fits.then_some(at)
}

/// A numbered paragraph that is one short sentence (`（二）强化农业农村发展基础，推动城乡发展
/// 一体化。`) with unnumbered text below it: the heading of that text, punctuated as a
/// sentence, as work reports print their task headings.
fn is_sentence_heading(rest: &str, next: Option<&Paragraph>) -> bool {
    let body = rest.trim_end_matches(['。', '！']);
    body.len() < rest.len()
        && is_heading_only(body)
        && char_len(body) <= HEADING_MAX
        && next.is_some_and(|n| block_marker(&n.text).is_none() && !is_heading_only(&n.text))
}

/// A paragraph that is only a heading: short and not a sentence.
fn is_heading_only(text: &str) -> bool {
    let n = char_len(text);
    // A line closed by a semicolon is an item of a list that runs on to the next one
    // (`（一）法律、法规、规章等依据发生变化的；`), never a heading: read as one, a list of
    // such items had no text left and vanished.
    n > 0
        && n <= 60
        && !ends_sentence(text)
        && !text.contains('。')
        && !text.trim_end().ends_with(['；', ';'])
}

/// Sets the content end of the node on top of the stack (its content runs to paragraph
/// `end`), and its start when the node began with a heading-only paragraph.
fn close_content(stack: &mut [Node], start: Option<usize>, end: usize, view: &Paras) {
    let Some(top) = stack.last_mut() else { return };
    match start {
        Some(s) if s < end => top.content = view.paras(s, end),
        Some(s) => {
            top.content = Range {
                start: Pos { para: s, off: 0 },
                end: Pos { para: s, off: 0 },
            }
        }
        None if end > 0 => top.content.end = view.para_end(end - 1),
        None => {}
    }
}

fn stack_push(stack: &mut Vec<Node>, node: Node, _para: usize) {
    if let Some(BlockForm::Clause(depth)) = node.form {
        close_for_clause(stack, depth);
        stack.push(node);
        return;
    }
    // A division (`第二章`) closes everything below its rank, whatever order opened it.
    if let Some(rank) = node.form.and_then(BlockForm::rank) {
        while stack.len() > 1 {
            let top = stack.last().and_then(|n| n.form);
            if top.is_some_and(|f| f.rank().is_some_and(|r| r < rank)) {
                break;
            }
            pop_into_parent(stack);
        }
        stack.push(node);
        return;
    }
    if let Some(pos) = stack
        .iter()
        .rposition(|n| n.form.is_some() && n.form == node.form)
    {
        while stack.len() > pos {
            pop_into_parent(stack);
        }
    }
    stack.push(node);
}

/// Closes what a clause of `depth` parts ends: clauses as deep or deeper and whatever opened
/// under them. Its parent is the nearest shallower clause (a number's parts say where it
/// belongs, whatever order the document uses), or a division; a chapter (`1　范围`) is at
/// the top of the tree. A clause not under any clause stays under the heading it follows.
fn close_for_clause(stack: &mut Vec<Node>, depth: u8) {
    let in_clauses = stack
        .iter()
        .any(|n| matches!(n.form, Some(BlockForm::Clause(_))));
    while stack.len() > 1 {
        let top = stack.last().and_then(|n| n.form);
        let keep = match top {
            Some(BlockForm::Clause(d)) => d < depth,
            Some(f) if f.rank().is_some() => true,
            _ => !in_clauses && depth > 1,
        };
        if keep {
            break;
        }
        pop_into_parent(stack);
    }
}

fn pop_into_parent(stack: &mut Vec<Node>) {
    if stack.len() < 2 {
        return;
    }
    if let Some(child) = stack.pop() {
        if let Some(parent) = stack.last_mut() {
            parent.children.push(child);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(texts: &[&str]) -> Vec<Paragraph> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Paragraph {
                text: t.to_string(),
                anchors: vec![(0, i as u32 + 1)],
            })
            .collect()
    }

    #[test]
    fn sections_subsections_and_items_nest() {
        let ps = paras(&[
            "引言段落。",
            "一、面临的突出短板",
            "（一）分工体系还未形成",
            "一是协同优势不足。",
            "（二）关键技术亟需突破",
            "二、对策建议",
            "1.推进空间协同，优化产业布局。依据主体功能区导向。",
            "2.推进产业协同。加大统筹协调力度。",
        ]);
        let root = build(&ps);
        assert_eq!(Paras(&ps).text(root.content), "引言段落。");
        assert_eq!(root.children.len(), 2);
        let short = &root.children[0];
        assert_eq!(short.heading.as_deref(), Some("面临的突出短板"));
        assert_eq!(short.children.len(), 2);
        assert_eq!(
            Paras(&ps).text(short.children[0].content),
            "一是协同优势不足。"
        );
        let advice = &root.children[1];
        assert_eq!(advice.children.len(), 2);
        assert_eq!(
            advice.children[0].heading.as_deref(),
            Some("推进空间协同，优化产业布局")
        );
        assert!(advice.children[0].has_text);
        assert_eq!(
            Paras(&ps).text(advice.children[1].content),
            "推进产业协同。加大统筹协调力度。"
        );
    }

    #[test]
    fn lone_numeral_takes_the_next_line_as_heading() {
        let ps = paras(&[
            "一",
            "强化顶层设计,建立协调机制",
            "跨区域协同发展,难点在于打破行政区划限制。",
            "二",
            "加速创新资源集聚共享",
            "正文。",
        ]);
        let root = build(&ps);
        assert_eq!(root.children.len(), 2);
        assert_eq!(
            root.children[0].heading.as_deref(),
            Some("强化顶层设计,建立协调机制")
        );
        assert_eq!(
            Paras(&ps).text(root.children[0].content),
            "跨区域协同发展,难点在于打破行政区划限制。"
        );
        assert_eq!(root.children[1].marker.as_deref(), Some("二"));
    }
}
