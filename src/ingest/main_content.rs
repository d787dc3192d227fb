//! Which elements of a page hold its article: a candidate scoring in the
//! manner of Mozilla's Readability, adapted to Chinese text.
//!
//! One pass measures every element (text outside furniture, text inside
//! links, sentence punctuation). Each *paragraph* (the nearest block element
//! around a run of text) with at least [`MIN_PARAGRAPH_CHARS`] characters
//! scores `1 + punctuation marks + min(chars / 100, 3)`; the score goes to
//! its parent in full, its grandparent in half and to further ancestors in
//! thirds of their level, and to the paragraph itself when it is a container
//! (`div`, `td`, ...) since pages that set their text in one huge `<div>`
//! with `<br>` have no better candidate. A candidate starts from its tag
//! (`div` +5, lists and headings negative) and its class/id words (content
//! words +25, words of lists, meta and comments -25), and its final score is
//! scaled by `1 - link density`, so link lists never win.
//!
//! The best candidate climbs to its parent while the parent scores higher
//! (the article is split over several siblings) or is its only child. Its
//! siblings join it when they score at least a fifth of it, or are
//! paragraphs of running text with few links, or are the lead above it (a
//! text block whose class names a summary, with a finished sentence and no
//! links).

use std::collections::HashMap;

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::node::Element;
use scraper::{Html, Node};

use super::furniture::{furniture_kind, FurnitureKind};

/// Fewest characters of text for a block to count as a paragraph (a short
/// Chinese sentence; navigation items are shorter).
const MIN_PARAGRAPH_CHARS: usize = 10;

/// Elements sharing one class this many times are list entries.
const MIN_TEMPLATE_REPEATS: usize = 3;

/// Score factor of a list entry's container.
const TEMPLATE_FACTOR: f64 = 0.3;

/// Elements that hold a paragraph of their own.
const PARAGRAPH_TAGS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "td",
    "li",
    "pre",
    "blockquote",
    "dd",
    "dt",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "center",
    "body",
    "table",
    "tr",
    "ul",
    "ol",
    "dl",
    "figure",
    "figcaption",
    "header",
    "address",
];

/// Paragraph elements that are containers, so also candidates themselves.
const CONTAINER_TAGS: &[&str] = &["div", "section", "article", "main", "td", "center", "body"];

/// Class/id words that point at the article.
const POSITIVE_WORDS: &[&str] = &[
    "article", "content", "main", "post", "text", "detail", "zhengwen", "zoom", "body", "entry",
    "story", "blog", "con", "cont", "txt", "news",
];

/// Class/id words that point at lists, meta lines and comment blocks.
const NEGATIVE_WORDS: &[&str] = &[
    "list",
    "hot",
    "rank",
    "top",
    "meta",
    "tag",
    "tags",
    "info",
    "author",
    "date",
    "time",
    "source",
    "more",
    "link",
    "links",
    "widget",
    "side",
    "right",
    "left",
    "reply",
    "pinglun",
    "login",
    "user",
    "qrcode",
    "code",
    "tool",
    "tools",
    "bottom",
    "extra",
    "promo",
    "sponsor",
    "pager",
    "page",
    "pagination",
    "title",
    "hidden",
    "item",
    "items",
    "stream",
    "feed",
    "card",
    "cards",
    "teaser",
];

/// Per-element facts gathered in one pass.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct NodeInfo {
    /// Non-whitespace characters in the subtree, furniture excluded.
    pub(crate) text_len: usize,
    /// Of those, characters inside links.
    pub(crate) link_len: usize,
    /// Sentence punctuation in the subtree, furniture excluded.
    punct: usize,
    /// Depth below the document node.
    pub(crate) depth: usize,
    /// The element or one of its ancestors is furniture.
    pub(crate) in_furniture: bool,
    /// Characters of text whose nearest paragraph element is this one.
    own_len: usize,
    /// Of those, characters inside links.
    own_link_len: usize,
    /// Sentence punctuation in the own text.
    own_punct: usize,
}

impl NodeInfo {
    /// Share of the text that is link text.
    pub(crate) fn link_density(&self) -> f64 {
        if self.text_len == 0 {
            0.0
        } else {
            self.link_len as f64 / self.text_len as f64
        }
    }
}

struct Frame {
    id: NodeId,
    info: NodeInfo,
    self_furniture: bool,
    is_article: bool,
    is_link: bool,
}

/// Elements whose `<header>` is the article's own heading block.
pub(crate) fn is_article_like(tag: &str) -> bool {
    tag == "article" || tag == "main"
}

/// Prose characters (outside links and scripts) below which a navigation
/// element is furniture; above it, it is a container that an unclosed tag
/// made swallow the article.
const MISNESTED_PROSE_CHARS: usize = 300;

/// Prose characters below which an element marked as a byline/date/source
/// line is one; above it, the class names a container of the article.
const META_LINE_CHARS: usize = 60;

/// Characters of prose (text outside links, scripts and styles) in each
/// element's subtree.
pub(crate) type Prose = HashMap<NodeId, usize>;

/// Measures [`Prose`] for every element.
pub(crate) fn prose_lengths(doc: &Html) -> Prose {
    let mut prose = HashMap::new();
    let mut stack: Vec<(NodeId, usize, bool)> = Vec::new();
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Text(text) => {
                    if let Some(top) = stack.last_mut().filter(|t| !t.2) {
                        top.1 += text.chars().filter(|c| !c.is_whitespace()).count();
                    }
                }
                Node::Element(el) => {
                    let mute = stack.last().is_some_and(|t| t.2)
                        || matches!(
                            el.name(),
                            "a" | "script" | "style" | "noscript" | "template" | "head"
                        );
                    stack.push((node.id(), 0, mute));
                }
                _ => {}
            },
            Edge::Close(node) => {
                if !node.value().is_element() {
                    continue;
                }
                if let Some((id, len, _)) = stack.pop() {
                    prose.insert(id, len);
                    if let Some(parent) = stack.last_mut() {
                        parent.1 += len;
                    }
                }
            }
        }
    }
    prose
}

/// True when the element and its subtree are page furniture (see
/// `furniture.rs`), except a navigation element holding much prose.
pub(crate) fn is_furniture_at(
    id: NodeId,
    el: &Element,
    inside_article: bool,
    prose: &Prose,
) -> bool {
    match furniture_kind(el, inside_article) {
        None => false,
        Some(FurnitureKind::Always) => true,
        Some(FurnitureKind::Navigation) => {
            prose.get(&id).copied().unwrap_or(0) < MISNESTED_PROSE_CHARS
        }
        Some(FurnitureKind::Meta) => prose.get(&id).copied().unwrap_or(0) < META_LINE_CHARS,
    }
}

/// Measures every element of the document; see [`NodeInfo`].
pub(crate) fn measure(doc: &Html, prose: &Prose) -> HashMap<NodeId, NodeInfo> {
    let mut info = HashMap::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut article_depth = 0usize;
    let mut link_depth = 0usize;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Text(text) => {
                    let chars = text.chars().filter(|c| !c.is_whitespace()).count();
                    let punct = text.chars().filter(|&c| is_sentence_punct(c)).count();
                    let in_link = link_depth > 0;
                    if let Some(top) = stack.last_mut() {
                        top.info.text_len += chars;
                        top.info.link_len += if in_link { chars } else { 0 };
                        top.info.punct += punct;
                    }
                    if stack.last().is_some_and(|f| f.info.in_furniture) {
                        continue;
                    }
                    if let Some(para) = stack
                        .iter_mut()
                        .rev()
                        .find(|f| node_tag(doc, f.id).is_some_and(|t| PARAGRAPH_TAGS.contains(&t)))
                    {
                        para.info.own_len += chars;
                        para.info.own_punct += punct;
                        para.info.own_link_len += if in_link { chars } else { 0 };
                    }
                }
                value => {
                    let element = value.as_element();
                    let self_furniture = element
                        .is_some_and(|el| is_furniture_at(node.id(), el, article_depth > 0, prose));
                    let is_article = element.is_some_and(|el| is_article_like(el.name()));
                    let is_link = element.is_some_and(|el| el.name() == "a");
                    article_depth += usize::from(is_article);
                    link_depth += usize::from(is_link);
                    let parent_furniture = stack.last().is_some_and(|f| f.info.in_furniture);
                    stack.push(Frame {
                        id: node.id(),
                        info: NodeInfo {
                            in_furniture: parent_furniture || self_furniture,
                            ..NodeInfo::default()
                        },
                        self_furniture,
                        is_article,
                        is_link,
                    });
                }
            },
            Edge::Close(node) => {
                if matches!(node.value(), Node::Text(_)) {
                    continue;
                }
                let Some(mut frame) = stack.pop() else {
                    continue;
                };
                article_depth -= usize::from(frame.is_article);
                link_depth -= usize::from(frame.is_link);
                frame.info.depth = stack.len();
                if frame.info.in_furniture {
                    // Furniture text never counts towards a paragraph.
                    frame.info.own_len = 0;
                    frame.info.own_link_len = 0;
                    frame.info.own_punct = 0;
                }
                info.insert(frame.id, frame.info);
                if let Some(parent) = stack.last_mut() {
                    if !frame.self_furniture {
                        parent.info.text_len += frame.info.text_len;
                        parent.info.link_len += frame.info.link_len;
                        parent.info.punct += frame.info.punct;
                    }
                }
            }
        }
    }
    info
}

fn node_tag(doc: &Html, id: NodeId) -> Option<&str> {
    doc.tree
        .get(id)
        .and_then(|n| n.value().as_element().map(Element::name))
}

fn is_sentence_punct(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '；' | '！' | '？' | '、' | '：' | ',' | ';' | '!' | '?'
    )
}

/// The elements holding the article, in document order; empty when no
/// element scores (the caller then renders the whole body).
pub(crate) fn main_content<'a>(
    doc: &'a Html,
    info: &HashMap<NodeId, NodeInfo>,
) -> Vec<NodeRef<'a, Node>> {
    let scores = score_candidates(doc, info);
    let repeated = repeated_classes(doc, info);
    let final_score = |id: NodeId| {
        let raw = scores.get(&id).copied().unwrap_or(0.0);
        let node = doc.tree.get(id);
        // A container whose class marks several elements of the page is the
        // template of a teaser list (each entry a summary); the article body
        // is one of a kind.
        let template = node.is_some_and(|n| {
            let class = class_attr(&n);
            !class.is_empty()
                && repeated
                    .get(class.as_str())
                    .is_some_and(|&c| c >= MIN_TEMPLATE_REPEATS)
        });
        let factor = if template { TEMPLATE_FACTOR } else { 1.0 };
        raw * factor * (1.0 - info.get(&id).map_or(0.0, NodeInfo::link_density))
    };
    let Some((mut top, mut top_score)) = scores
        .keys()
        .map(|&id| (id, final_score(id)))
        .max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
    else {
        return Vec::new();
    };
    if top_score <= 0.0 {
        return Vec::new();
    }
    // Climb while the parent is a better (or the only) holder of the text.
    while let Some(parent) = doc.tree.get(top).and_then(|n| n.parent()) {
        if !parent.value().is_element() {
            break;
        }
        let parent_score = final_score(parent.id());
        let only_child = parent.children().filter(|c| c.value().is_element()).count() == 1;
        let same_text = info.get(&parent.id()).map_or(0, |i| i.text_len)
            == info.get(&top).map_or(0, |i| i.text_len);
        if parent_score > top_score
            || (only_child && same_text)
            || holds_more_prose(info, &parent, top)
        {
            top = parent.id();
            top_score = top_score.max(parent_score);
            continue;
        }
        // The body's first part may sit one wrapper deeper than the rest
        // (a poem's text in its section, translation and commentary beside it).
        match parent.parent() {
            Some(grand) if grand.value().is_element() && holds_more_prose(info, &grand, top) => {
                top = grand.id();
                top_score = top_score.max(final_score(grand.id()));
            }
            _ => break,
        }
    }
    let Some(top_node) = doc.tree.get(top) else {
        return Vec::new();
    };
    let Some(parent) = top_node.parent().filter(|p| p.value().is_element()) else {
        return vec![top_node];
    };
    let threshold = (top_score * 0.2).max(10.0);
    let top_classes = class_attr(&top_node);
    let mut before_top = true;
    parent
        .children()
        .filter(|sibling| {
            if sibling.id() == top {
                before_top = false;
                return true;
            }
            let Some(el) = sibling.value().as_element() else {
                return false;
            };
            let Some(i) = info.get(&sibling.id()) else {
                return false;
            };
            if i.in_furniture || i.text_len == 0 {
                return false;
            }
            let bonus = if !top_classes.is_empty() && class_attr(sibling) == top_classes {
                top_score * 0.2
            } else {
                0.0
            };
            if final_score(sibling.id()) + bonus >= threshold {
                return true;
            }
            if el.name() == "p" && is_running_text(i) {
                return true;
            }
            // A lead or summary set in its own text block just above the body
            // (`<div class="summary">核心提示：…</div>`): named so by its class, a finished
            // sentence with no links. Unnamed blocks there are prompts and notices.
            before_top
                && has_class_word(el, LEAD_WORDS)
                && is_text_block(sibling)
                && i.link_len == 0
                && is_running_text(i)
        })
        .collect()
}

/// Class/id words of a lead or summary paragraph.
const LEAD_WORDS: &[&str] = &[
    "summary",
    "lead",
    "abstract",
    "intro",
    "digest",
    "desc",
    "description",
    "excerpt",
    "standfirst",
    "zhaiyao",
    "daodu",
    "brief",
];

/// True when a class token or the id, split into words, has one of `words`.
fn has_class_word(el: &Element, words: &[&str]) -> bool {
    el.classes().chain(el.id()).any(|token| {
        token
            .to_ascii_lowercase()
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| words.contains(&w))
    })
}

/// A `<div>` or `<p>` holding only inline content (no paragraph elements below it).
fn is_text_block(node: &NodeRef<'_, Node>) -> bool {
    node.value()
        .as_element()
        .is_some_and(|e| matches!(e.name(), "div" | "p"))
        && !node.descendants().skip(1).any(|d| {
            d.value()
                .as_element()
                .is_some_and(|e| PARAGRAPH_TAGS.contains(&e.name()))
        })
}

/// Sentence marks a parent must hold beyond its child's to take its place.
const MORE_PROSE_MARKS: usize = 8;

/// The article split over sibling blocks (text, translation, commentary;
/// body and its continuation): the parent holds at least twice the child's
/// sentence punctuation, and few links, so the rest is prose too.
fn holds_more_prose(
    info: &HashMap<NodeId, NodeInfo>,
    parent: &NodeRef<'_, Node>,
    child: NodeId,
) -> bool {
    if parent
        .value()
        .as_element()
        .is_some_and(|e| matches!(e.name(), "body" | "html"))
    {
        return false;
    }
    let (Some(p), Some(c)) = (info.get(&parent.id()), info.get(&child)) else {
        return false;
    };
    p.punct >= 2 * c.punct && p.punct >= c.punct + MORE_PROSE_MARKS && p.link_density() < 0.25
}

/// How often each class attribute marks an element with text.
fn repeated_classes<'a>(
    doc: &'a Html,
    info: &HashMap<NodeId, NodeInfo>,
) -> HashMap<&'a str, usize> {
    let mut counts: HashMap<&'a str, usize> = HashMap::new();
    for node in doc.tree.root().descendants() {
        let Some(class) = node.value().as_element().and_then(|e| e.attr("class")) else {
            continue;
        };
        if class.trim().is_empty() || info.get(&node.id()).is_none_or(|i| i.text_len == 0) {
            continue;
        }
        *counts.entry(class).or_insert(0) += 1;
    }
    counts
}

/// A paragraph of prose: long with few links, or a finished sentence with none.
fn is_running_text(i: &NodeInfo) -> bool {
    let density = i.link_density();
    (i.text_len >= 40 && density < 0.25) || (i.text_len >= 10 && i.link_len == 0 && i.own_punct > 0)
}

fn class_attr(node: &NodeRef<'_, Node>) -> String {
    node.value()
        .as_element()
        .and_then(|e| e.attr("class"))
        .unwrap_or("")
        .to_string()
}

/// Raw candidate scores (before the link-density factor).
fn score_candidates(doc: &Html, info: &HashMap<NodeId, NodeInfo>) -> HashMap<NodeId, f64> {
    let mut scores: HashMap<NodeId, f64> = HashMap::new();
    for node in doc.tree.root().descendants() {
        let Some(el) = node.value().as_element() else {
            continue;
        };
        let Some(i) = info.get(&node.id()) else {
            continue;
        };
        if i.in_furniture || i.own_len < MIN_PARAGRAPH_CHARS {
            continue;
        }
        // A paragraph that is mostly links is a list of headlines, not prose.
        if i.own_link_len * 2 > i.own_len {
            continue;
        }
        let score = 1.0 + i.own_punct as f64 + (i.own_len as f64 / 100.0).min(3.0);
        let mut targets: Vec<NodeRef<'_, Node>> = Vec::new();
        if CONTAINER_TAGS.contains(&el.name()) {
            targets.push(node);
        }
        targets.extend(
            node.ancestors()
                .filter(|a| a.value().is_element())
                .take(5 - targets.len().min(1)),
        );
        let self_offset = usize::from(!CONTAINER_TAGS.contains(&el.name()));
        for (level, target) in targets.into_iter().enumerate() {
            let Some(target_el) = target.value().as_element() else {
                continue;
            };
            if info.get(&target.id()).is_none_or(|t| t.in_furniture) {
                continue;
            }
            let level = level + self_offset;
            let divider = match level {
                0 | 1 => 1.0,
                2 => 2.0,
                l => (l - 1) as f64 * 3.0,
            };
            let entry = scores
                .entry(target.id())
                .or_insert_with(|| initial_score(target_el));
            *entry += score / divider;
        }
    }
    scores
}

/// A candidate's starting score from its tag and its class/id words.
fn initial_score(el: &Element) -> f64 {
    let tag_score = match el.name() {
        "div" | "article" | "main" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    tag_score + class_weight(el)
}

/// +25 when a class/id word names the content, -25 when one names a list,
/// meta line or side block (checked per token, so `article-list` is both).
fn class_weight(el: &Element) -> f64 {
    let mut weight: f64 = 0.0;
    for token in el.classes().chain(el.id()) {
        let lower = token.to_ascii_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        if words.iter().any(|w| NEGATIVE_WORDS.contains(w)) {
            weight -= 25.0;
        } else if words.iter().any(|w| POSITIVE_WORDS.contains(w)) {
            weight += 25.0;
        }
    }
    weight.clamp(-50.0, 50.0)
}
