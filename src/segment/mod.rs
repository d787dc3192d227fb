//! Segmentation: from cleaned articles to units, each a single proposal, problem, background
//! passage or case, with its heading path and its source lines.
//!
//! The heading tree comes from block markers ([`tree`]); inside a leaf, inline enumerations,
//! parallel topic sentences and `建议` turns split the text further ([`inline`]); each unit's
//! kind comes from its role, its section and its wording ([`kind`]).

pub mod check;
pub mod inline;
pub mod kind;
pub mod span;
pub mod speech;
pub mod tree;

use serde::Serialize;

use crate::chars::char_len;
use crate::clean::{CleanArticle, Cleaned};
use crate::lexicon::{
    heading_kind, is_box_title, is_continuing_measure, is_imperative, is_preface, is_section_name,
    HeadingKind,
};
use inline::{
    advice_turn, ends_with_advice_lead, ends_with_problem_lead, enumeration,
    measure_sentence_starts, measure_starts, modal_starts, opens_advice, topic_sentences,
    LONG_BLOCK_CHARS,
};
pub use kind::Kind;
use kind::{classify, is_measure_lead, is_regulation, title_proposes_nothing, Context, Role};
use span::{heading_from_lead, Paras, Pos, Range};
use speech::is_address;
use tree::{Node, HEADING_MAX};

/// Headings taken from the lead sentence of a plain paragraph are shorter than item headings:
/// a long first sentence of a paragraph is prose, not a heading.
const PARAGRAPH_HEADING_MAX: usize = 30;
/// A list's lead-in shorter than this (`重点打造三大平台：`) only introduces the list.
const INTRO_MIN_CHARS: usize = 20;
/// Inline enumerations nest at most this deep (`一方面…另一方面…一是…二是…`).
const MAX_DEPTH: usize = 3;

/// Source lines of a unit, 1-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Location {
    /// First source line.
    pub first_line: u32,
    /// Last source line.
    pub last_line: u32,
}

/// One unit of a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unit {
    /// Index of the article within its document.
    pub article: usize,
    /// What the unit says.
    pub kind: Kind,
    /// The unit's own heading (its lead sentence or numbered heading), if it has one.
    pub heading: Option<String>,
    /// Article title, section headings and the unit's own heading, outermost first.
    pub path: Vec<String>,
    /// The numbering marker as written (`1.`, `一是`), if any.
    pub marker: Option<String>,
    /// The cleaned text, markers removed; paragraphs joined by `\n`.
    pub text: String,
    /// Where the unit is in the source file.
    pub location: Location,
}

impl Unit {
    /// The text that stands for the unit in analysis: its text, led by its heading when the
    /// text does not contain it (a proposal heading on its own line above the text carries
    /// the proposal's key terms; a heading taken from the lead sentence is already there).
    pub fn analysed_text(&self) -> std::borrow::Cow<'_, str> {
        match self.heading.as_deref() {
            Some(h) if !self.text.contains(h) => {
                std::borrow::Cow::Owned(format!("{h}\n{}", self.text))
            }
            _ => std::borrow::Cow::Borrowed(self.text.as_str()),
        }
    }
}

/// Segments every article of a cleaned document.
pub fn segment(doc: &Cleaned) -> Vec<Unit> {
    let mut out = Vec::new();
    for (i, article) in doc.articles.iter().enumerate() {
        segment_article(i, article, &mut out);
    }
    // The document's title names its genre for every article in it (a bulletin's tables
    // split off as articles of their own are still the bulletin's).
    let doc_title = doc.articles.iter().find_map(|a| a.title.as_deref());
    if doc_title.is_some_and(title_proposes_nothing) {
        propose_nothing(&mut out);
    }
    out
}

/// Longest title read as a bare section name (`对策建议`, `政策建议`, `几点对策建议`).
const TITLE_AS_SECTION_CHARS: usize = 6;

/// Segments one article, appending its units to `out`.
pub fn segment_article(index: usize, article: &CleanArticle, out: &mut Vec<Unit>) {
    let root = tree::build(&article.paragraphs);
    let view = Paras(&article.paragraphs);
    let advice_article = article.paragraphs.iter().enumerate().any(|(p, para)| {
        !para.text.starts_with("摘要")
            && (opens_advice(&para.text)
                || advice_turn(&view, view.paras(p, p + 1)).is_some()
                || ends_with_advice_lead(&para.text) && para.text.contains("建议"))
    });
    let mut walker = Walker {
        view,
        article: index,
        out,
    };
    let path: Vec<String> = article.title.iter().cloned().collect();
    // A title that is nothing but a section name (`对策建议`, `几点建议`) heads the article's
    // items as that section would; a longer title (`…的突出短板及对策建议`) also covers
    // background and problems, so it declares nothing.
    let title_kind = article
        .title
        .as_deref()
        .filter(|t| t.chars().count() <= TITLE_AS_SECTION_CHARS)
        .and_then(heading_kind);
    let ctx = Context {
        advice_article,
        heading: title_kind,
        ..Context::default()
    };
    let first = walker.out.len();
    walker.node(&root, &path, ctx);
    if article.title.as_deref().is_some_and(title_proposes_nothing)
        || is_regulation(article.paragraphs.iter().map(|p| p.text.as_str()))
    {
        propose_nothing(&mut walker.out[first..]);
    }
    let boxes = box_lines(&article.paragraphs);
    for unit in &mut walker.out[first..] {
        let line = unit.location.first_line;
        if boxes.iter().any(|&(a, b)| (a..=b).contains(&line)) {
            unit.kind = Kind::Background;
        }
    }
}

/// Longest line of a box that is not a `名目：内容` entry, in characters: table cells and
/// indicator names are short; a longer line is the text going on after the box.
const BOX_CELL_MAX_CHARS: usize = 30;

/// Source lines of the boxes set beside a plan's text (`专栏3　科技创新重点工程` and its
/// `重大科技专项：…` entries or table cells): from the box title to the last line that is a
/// cell or an entry, before the next numbered heading, box or prose paragraph.
fn box_lines(paras: &[crate::clean::Paragraph]) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let mut p = 0;
    while p < paras.len() {
        if !is_box_title(&paras[p].text) {
            p += 1;
            continue;
        }
        let start = paras[p].first_line();
        let mut end = paras[p].anchors.last().map_or(start, |a| a.1);
        p += 1;
        while let Some(para) = paras.get(p) {
            let t = para.text.trim();
            let entry = t.split_once(['：', ':']).is_some_and(|(label, _)| {
                (2..=20).contains(&char_len(label)) && !label.contains(['，', '。'])
            });
            let cell = char_len(t) <= BOX_CELL_MAX_CHARS && !t.contains('。');
            // Rows of a table may be numbered (`1.地区生产总值（亿元）`); a heading of the text
            // (`第八章`, `一、`, `（二）`) ends the box.
            let heading = crate::numbering::block_marker(t).is_some_and(|m| {
                !matches!(
                    m.form,
                    crate::numbering::BlockForm::Arabic
                        | crate::numbering::BlockForm::ArabicParen
                        | crate::numbering::BlockForm::Circled
                )
            });
            if is_box_title(t) || heading || !(entry || cell) {
                break;
            }
            end = para.anchors.last().map_or(end, |a| a.1);
            p += 1;
        }
        out.push((start, end));
    }
    out
}

/// Units of a document that proposes nothing (a statistical bulletin, a syllabus) are
/// background whatever their wording.
fn propose_nothing(units: &mut [Unit]) {
    for unit in units {
        if unit.kind == Kind::Recommendation {
            unit.kind = Kind::Background;
        }
    }
}

/// Items of one list (or numbered sections of one proposal each) are parallel: when most of
/// them propose, an item whose wording alone read as background (`统一生态补偿标准。探索建立…`,
/// `三、前瞻布局未来产业` over `在…建设未来产业先导区。`) proposes too. Problems and cases keep
/// their kind, as a list may mix them.
fn siblings_agree(units: &mut [Unit], items: &[usize]) {
    let proposing = items
        .iter()
        .filter(|&&i| units[i].kind == Kind::Recommendation)
        .count();
    if proposing < 2 || proposing * 2 <= items.len() {
        return;
    }
    for &i in items {
        if units[i].kind == Kind::Background {
            units[i].kind = Kind::Recommendation;
        }
    }
}

/// The heading of an item being split: its own heading, marker and where its lead sentence
/// ends (the lead is the heading and not part of the list's lead-in).
struct ItemHead {
    heading: Option<String>,
    marker: Option<String>,
    lead_end: Pos,
}

struct Walker<'a, 'o> {
    view: Paras<'a>,
    article: usize,
    out: &'o mut Vec<Unit>,
}

impl Walker<'_, '_> {
    fn node(&mut self, node: &Node, path: &[String], mut ctx: Context) {
        let outer_kind = ctx.heading;
        if let Some(k) = node.heading.as_deref().and_then(heading_kind) {
            ctx.heading = Some(k);
        }
        let head = node.has_text.then(|| ItemHead {
            heading: node.heading.clone(),
            marker: node.marker.clone(),
            lead_end: self
                .view
                .lead_sentence(node.content.start, node.content.end)
                .1,
        });
        if node.children.is_empty() {
            let mut path = path.to_vec();
            let titled = head.is_none();
            if titled {
                path.extend(node.heading.clone());
                ctx.under_proposal = node.heading.as_deref().is_some_and(is_imperative);
            }
            let before = self.out.len();
            self.body(node.content, head, &path, ctx, 0);
            // The first unit under a proposal heading (`二、完善…机制` with its text below) is
            // that proposal: the heading names it, not the unit's first sentence.
            let proposal_heading = node.heading.as_deref().is_some_and(|h| !is_section_name(h));
            let alone = self.out.len() == before + 1;
            if titled && proposal_heading {
                if let Some(unit) = self.out.get_mut(before) {
                    // The heading names the unit when it proposes under a proposal heading, or
                    // when it is the section's only unit and has no heading of its own. Items
                    // of a list under the heading keep their own headings.
                    let named = ctx.under_proposal && unit.kind == Kind::Recommendation
                        || alone && unit.heading.is_none();
                    // A heading that shares its paragraph with the text (a chapter run into
                    // its first article) starts where the text does.
                    let own_line = node.content.start.off == 0;
                    if named && unit.marker.is_none() && own_line {
                        unit.heading = node.heading.clone();
                        unit.path = path;
                        // Its place in the source starts at the heading line.
                        if let Some(head) = node
                            .content
                            .start
                            .para
                            .checked_sub(1)
                            .and_then(|p| self.view.0.get(p))
                        {
                            let line = head.line_at(0);
                            unit.location.first_line = unit.location.first_line.min(line);
                        }
                    }
                }
            }
            return;
        }
        let mut path = path.to_vec();
        path.extend(node.heading.clone());
        match head {
            Some(h) => {
                let intro = Range {
                    start: h.lead_end,
                    end: node.content.end,
                };
                ctx.advised |= self.intro(intro, &path, ctx, false);
            }
            None => ctx.advised |= self.paragraphs(node.content, &path, ctx),
        }
        // Numbered sections that are one proposal each vote like the items of a list.
        let mut single_units: Vec<usize> = Vec::new();
        // A work report or plan goes on from its review or the section that opens its plan
        // (`一、过去一年工作回顾`, `二、2005年工作总体部署`) to chapters headed by what to do
        // (`三、继续保持经济平稳较快发展`): those chapters are the plan's.
        let mut in_plan = false;
        let preface = node.heading.as_deref().is_some_and(is_preface);
        for child in &node.children {
            let before = self.out.len();
            let own = child.heading.as_deref().and_then(heading_kind);
            let mut child_ctx = ctx;
            // A standard's numbered clauses (`5.1 一般规定`) are its body, never its preface's:
            // where extracted text leaves the chapter lines unmarked they nest under `前言`.
            if preface && matches!(child.form, Some(crate::numbering::BlockForm::Clause(_))) {
                child_ctx.heading = outer_kind;
            }
            if in_plan && own.is_none() && child.heading.as_deref().is_some_and(is_imperative) {
                child_ctx.heading = Some(HeadingKind::Plan);
            }
            let review = child.heading.as_deref().is_some_and(|h| h.contains("回顾"));
            in_plan = match own {
                Some(HeadingKind::Plan) => true,
                Some(_) => review,
                None => in_plan || review,
            };
            self.node(child, &path, child_ctx);
            if self.out.len() == before + 1 {
                single_units.push(before);
            }
        }
        siblings_agree(&mut self.out[..], &single_units);
    }

    /// Units of a block's text: an enumeration if it has one, else one item, else paragraphs.
    fn body(
        &mut self,
        r: Range,
        head: Option<ItemHead>,
        path: &[String],
        mut ctx: Context,
        depth: usize,
    ) {
        let r = self.view.trim(r);
        if r.is_empty() {
            return;
        }
        let items = if depth < MAX_DEPTH {
            enumeration(&self.view, r)
        } else {
            Vec::new()
        };
        if items.len() < 2 {
            match head {
                Some(h) => {
                    if self.measure_paragraphs(r) >= 2 {
                        // A numbered block whose text goes on in paragraphs led by measures
                        // (`（一）扩大内需。…` then `实施提振消费专项行动。…`,
                        // `积极扩大有效投资。…`): its first paragraph frames them, and each
                        // paragraph after it is a measure of its own.
                        let mut path = path.to_vec();
                        path.extend(h.heading);
                        let first = self.view.trim(Range {
                            start: h.lead_end.max(r.start),
                            end: self.view.para_end(r.start.para),
                        });
                        // Unless the first paragraph is itself measures, sentence after
                        // sentence (`（八）保障基本民生。加强住房保障体系建设，…。加快建设
                        // 高质量教育体系，…。`); one sentence frames the block.
                        let (lead, _) = self.view.lead_sentence(first.start, first.end);
                        let text = self.view.text(first);
                        if !first.is_empty()
                            && ctx.heading == Some(HeadingKind::Plan)
                            && text.matches('。').count() >= 2
                            && (is_imperative(&lead) || is_measure_lead(&text, &lead))
                        {
                            // Written a long sentence each, its measures are split there.
                            match self.long_plan_block(first, first.start, ctx) {
                                Some(rest) => {
                                    let starts = measure_sentence_starts(&self.view, rest);
                                    self.packed_at(rest, &starts, &path, ctx);
                                }
                                None => {
                                    self.paragraphs(first, &path, ctx);
                                }
                            }
                        } else {
                            ctx.advised |= self.intro(first, &path, ctx, true);
                        }
                        let rest = Range {
                            start: Pos {
                                para: r.start.para + 1,
                                off: 0,
                            },
                            end: r.end,
                        };
                        self.paragraphs(rest, &path, ctx);
                    } else if ctx.heading == Some(HeadingKind::Plan)
                        && r.end.para == r.start.para
                        && !measure_starts(
                            &self.view,
                            Range {
                                start: h.lead_end,
                                end: r.end,
                            },
                        )
                        .is_empty()
                    {
                        let mut path = path.to_vec();
                        path.extend(h.heading);
                        let rest = Range {
                            start: h.lead_end,
                            end: r.end,
                        };
                        self.packed(rest, &path, ctx);
                    } else if let Some(rest) = self.long_plan_block(r, h.lead_end, ctx) {
                        // A long block of measures written a sentence each (`（八）保障基本民生
                        // 和发展社会事业。加强住房保障体系建设，…。加快建设高质量教育体系，…`).
                        let mut path = path.to_vec();
                        path.extend(h.heading);
                        let starts = measure_sentence_starts(&self.view, rest);
                        self.packed_at(rest, &starts, &path, ctx);
                    } else {
                        self.emit(r, Role::Item, h.heading, h.marker, path, ctx);
                    }
                }
                None => {
                    self.paragraphs(r, path, ctx);
                }
            }
            return;
        }
        let mut path = path.to_vec();
        let intro_start = match head {
            Some(h) => {
                path.extend(h.heading);
                h.lead_end.max(r.start)
            }
            None => r.start,
        };
        let intro = Range {
            start: intro_start,
            end: items[0].at,
        };
        let announced = self.intro(intro, &path, ctx, false);
        ctx.advised |= announced;
        // What follows the list is not in it: a second list may follow with its own lead-in.
        let after_ctx = ctx;
        let intro = self.view.trim(intro);
        if !announced && !intro.is_empty() && ends_with_problem_lead(&self.view.text(intro)) {
            ctx.heading = Some(HeadingKind::Problem);
        }
        let mut last_end = r.start;
        // Units of items that came out as one unit each, for the sibling vote below.
        let mut single_units: Vec<usize> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let end = match items.get(i + 1) {
                Some(next) => next.at,
                // The last item ends with its paragraph; what follows stands on its own.
                None => self.view.para_end(item.at.para).min(r.end),
            };
            let range = Range {
                start: item.text,
                end,
            };
            let (lead, lead_end) = self.view.lead_sentence(item.text, end);
            let marker = self.view.0[item.at.para].text[item.at.off..item.text.off]
                .trim_end_matches(['，', ',', '：', ':'])
                .to_string();
            let head = ItemHead {
                heading: heading_from_lead(&lead, HEADING_MAX),
                marker: Some(marker),
                lead_end,
            };
            let before = self.out.len();
            self.body(range, Some(head), &path, ctx, depth + 1);
            if self.out.len() == before + 1 {
                single_units.push(before);
            }
            last_end = end;
        }
        siblings_agree(&mut self.out[..], &single_units);
        if last_end < r.end {
            let rest = Range {
                start: last_end,
                end: r.end,
            };
            self.body(rest, None, &path, after_ctx, depth);
        }
    }

    /// Measures packed in one paragraph of a work plan: what comes before the first is its
    /// lead-in, each measure runs to the next. Returns false when there are fewer than two.
    fn packed(&mut self, r: Range, path: &[String], ctx: Context) -> bool {
        let starts = measure_starts(&self.view, r);
        self.packed_at(r, &starts, path, ctx)
    }

    /// The text of a one-paragraph block of a work plan after its heading sentence, when it is
    /// long and written as measures a sentence each (see [`measure_sentence_starts`]).
    fn long_plan_block(&self, r: Range, lead_end: Pos, ctx: Context) -> Option<Range> {
        if ctx.heading != Some(HeadingKind::Plan) || r.end.para != r.start.para {
            return None;
        }
        let rest = self.view.trim(Range {
            start: lead_end.max(r.start),
            end: r.end,
        });
        let text = self.view.text(rest);
        let long = char_len(&text) >= LONG_BLOCK_CHARS;
        // A paragraph led by a short measure phrase (`实施提振消费专项行动。…`) is one measure
        // spelled out, however long.
        let (lead, _) = self.view.lead_sentence(rest.start, rest.end);
        let sentence_led = !is_measure_lead(&text, &lead);
        (long && sentence_led && !measure_sentence_starts(&self.view, rest).is_empty())
            .then_some(rest)
    }

    /// Units of `r` split at `starts`: what comes before the first is a lead-in, each measure
    /// runs to the next. Returns false when there are no starts.
    fn packed_at(&mut self, r: Range, starts: &[Pos], path: &[String], ctx: Context) -> bool {
        let Some(&first) = starts.first() else {
            return false;
        };
        self.intro(
            Range {
                start: r.start,
                end: first,
            },
            path,
            ctx,
            false,
        );
        self.emit_items(starts, r.end, path, ctx);
        true
    }

    /// How many paragraphs of `r` after its first are led by a measure (`扩大内需。…`,
    /// `加快…`).
    fn measure_paragraphs(&self, r: Range) -> usize {
        let last = if r.end.off == 0 {
            r.end.para.saturating_sub(1)
        } else {
            r.end.para
        };
        (r.start.para + 1..=last.min(self.view.0.len().saturating_sub(1)))
            .filter(|&p| {
                let text = &self.view.0[p].text;
                let (lead, _) = self
                    .view
                    .lead_sentence(Pos { para: p, off: 0 }, self.view.para_end(p));
                is_measure_lead(text, &lead) || is_imperative(&lead)
            })
            .count()
    }

    /// The lead-in before a list's first item; returns whether it announces proposals.
    /// `framing` says the text is the sentence a numbered block opens with after its heading
    /// (`（一）扩大内需。促进消费和投资更好结合…。`) above measure paragraphs: it frames them.
    fn intro(&mut self, r: Range, path: &[String], ctx: Context, framing: bool) -> bool {
        let r = self.view.trim(r);
        if r.is_empty() {
            return false;
        }
        let text = self.view.text(r);
        // In a work plan the text before a list of measures (`继续实施稳健的货币政策。把握好…
        // 平衡。一是…`, `整顿和规范市场经济秩序是一项长期而艰巨的任务…。要标本兼治…`) is a
        // paragraph of the plan like any other, judged on its wording: only one that announces
        // the list (`：`) is a lead-in.
        let (lead, _) = self.view.lead_sentence(r.start, r.end);
        let plan = ctx.heading == Some(HeadingKind::Plan)
            && !framing
            && !text.trim_end().ends_with(['：', ':']);
        let measure =
            is_measure_lead(&text, &lead) || is_imperative(&lead) || is_continuing_measure(&lead);
        if plan && (measure || char_len(&text) >= INTRO_MIN_CHARS) {
            // Each paragraph before the list stands on its own (a target explained, then the
            // policy that meets it).
            for p in r.start.para..=r.end.para {
                let piece = Range {
                    start: if p == r.start.para {
                        r.start
                    } else {
                        Pos { para: p, off: 0 }
                    },
                    end: if p == r.end.para {
                        r.end
                    } else {
                        self.view.para_end(p)
                    },
                };
                self.emit(piece, Role::Paragraph, None, None, path, ctx);
            }
        } else if char_len(&text) >= INTRO_MIN_CHARS {
            self.emit(r, Role::Intro, None, None, path, ctx);
        }
        ends_with_advice_lead(&text)
    }

    /// Paragraph units; returns whether a paragraph announced the proposals that follow.
    fn paragraphs(&mut self, r: Range, path: &[String], mut ctx: Context) -> bool {
        let mut announced = false;
        for p in r.start.para..=r.end.para.min(self.view.0.len().saturating_sub(1)) {
            let start = if p == r.start.para {
                r.start
            } else {
                Pos { para: p, off: 0 }
            };
            let end = if p == r.end.para {
                r.end
            } else {
                self.view.para_end(p)
            };
            let piece = self.view.trim(Range { start, end });
            if piece.is_empty() {
                continue;
            }
            self.paragraph(piece, path, ctx);
            // A proposal heading speaks for the paragraph right under it; later ones (a
            // closing `以上建议供参考。`) are judged on their own wording.
            ctx.under_proposal = false;
            if ends_with_advice_lead(&self.view.text(piece)) {
                ctx.advised = true;
                announced = true;
            }
        }
        announced
    }

    fn paragraph(&mut self, piece: Range, path: &[String], ctx: Context) {
        let whole = piece.start.off == 0 && piece.end == self.view.para_end(piece.start.para);
        let tops = if whole {
            topic_sentences(&self.view, piece.start.para)
        } else {
            Vec::new()
        };
        let (lead, lead_end) = self.view.lead_sentence(piece.start, piece.end);
        // In a work plan a paragraph of parallel measures (`继续加大对科技、教育的投入。抓紧制定…。
        // 加强科技基础条件建设。…`) opens on a measure too: its lead is no heading over the
        // others, and the text before the second is that first measure. A lead with nothing
        // after it before the first (`丰富人民群众精神文化生活。深入学习…。`) names the theme.
        if tops.len() >= 2 && ctx.heading == Some(HeadingKind::Plan) {
            let head = self.view.trim(Range {
                start: piece.start,
                end: tops[0],
            });
            let head_text = self.view.text(head);
            let after_lead = self.view.trim(Range {
                start: lead_end,
                end: tops[0],
            });
            if !after_lead.is_empty() && !head_text.trim_end().ends_with(['：', ':']) {
                let heading = heading_from_lead(&lead, PARAGRAPH_HEADING_MAX)
                    .filter(|h| char_len(h) < char_len(&head_text).saturating_sub(2));
                self.emit(head, Role::Paragraph, heading, None, path, ctx);
                self.emit_items(&tops, piece.end, path, ctx);
                return;
            }
        }
        if tops.len() >= 2 {
            let mut path = path.to_vec();
            path.extend(heading_from_lead(&lead, PARAGRAPH_HEADING_MAX));
            self.intro(
                Range {
                    start: lead_end,
                    end: tops[0],
                },
                &path,
                ctx,
                false,
            );
            self.emit_items(&tops, piece.end, &path, ctx);
            return;
        }
        // Policies packed in one paragraph, each led by what it must do (`积极的财政政策要加力
        // 提效。…稳健的货币政策要精准有力。…`): what comes before the first stands on its own,
        // each policy is a measure.
        if ctx.heading == Some(HeadingKind::Plan) {
            let modal = modal_starts(&self.view, piece);
            if let Some(&first) = modal.first() {
                let head = self.view.trim(Range {
                    start: piece.start,
                    end: first,
                });
                if !head.is_empty() {
                    let (lead, _) = self.view.lead_sentence(head.start, head.end);
                    let heading = heading_from_lead(&lead, PARAGRAPH_HEADING_MAX).filter(|h| {
                        char_len(h) < char_len(&self.view.text(head)).saturating_sub(2)
                    });
                    self.emit(head, Role::Paragraph, heading, None, path, ctx);
                }
                self.emit_items(&modal, piece.end, path, ctx);
                return;
            }
        }
        // A paragraph of a work plan that is itself a measure (`实施提振消费专项行动。…`) keeps
        // its short sentences; one that opens with framing, or with a long sentence of a
        // measure (`继续加强“两个确保”…工作，搞好…的衔接。…多渠道筹集和管好社会保障基金。…`),
        // may pack several measures.
        if ctx.heading == Some(HeadingKind::Plan)
            && !is_measure_lead(&self.view.text(piece), &lead)
            && (!(is_imperative(&lead) || is_continuing_measure(&lead))
                || lead.contains(['，', ',']))
            && self.packed(piece, path, ctx)
        {
            return;
        }
        let turn = advice_turn(&self.view, piece)
            .filter(|_| !self.view.rest_of_para(piece.start).starts_with("摘要"));
        if let Some(turn) = turn {
            let heading = heading_from_lead(&lead, PARAGRAPH_HEADING_MAX);
            self.emit(
                Range {
                    start: piece.start,
                    end: turn,
                },
                Role::Paragraph,
                heading,
                None,
                path,
                ctx,
            );
            let advised = Context {
                advised: true,
                ..ctx
            };
            self.emit(
                Range {
                    start: turn,
                    end: piece.end,
                },
                Role::Paragraph,
                None,
                None,
                path,
                advised,
            );
            return;
        }
        let heading = heading_from_lead(&lead, PARAGRAPH_HEADING_MAX)
            .filter(|h| char_len(h) < char_len(&self.view.text(piece)).saturating_sub(2));
        self.emit(piece, Role::Paragraph, heading, None, path, ctx);
    }

    /// One item unit from each start to the next (the last runs to `end`), headed by its lead.
    fn emit_items(&mut self, starts: &[Pos], end: Pos, path: &[String], ctx: Context) {
        for (i, &at) in starts.iter().enumerate() {
            let stop = starts.get(i + 1).copied().unwrap_or(end);
            let (lead, _) = self.view.lead_sentence(at, stop);
            let heading = heading_from_lead(&lead, PARAGRAPH_HEADING_MAX);
            self.emit(
                Range {
                    start: at,
                    end: stop,
                },
                Role::Item,
                heading,
                None,
                path,
                ctx,
            );
        }
    }

    fn emit(
        &mut self,
        r: Range,
        role: Role,
        heading: Option<String>,
        marker: Option<String>,
        path: &[String],
        ctx: Context,
    ) {
        let r = self.view.trim(r);
        if r.is_empty() {
            return;
        }
        let text = self.view.text(r);
        // An address to the audience (`各位代表：`) frames a speech and is no unit.
        if char_len(&text) < 2 || is_address(&text) {
            return;
        }
        let (lead, _) = self.view.lead_sentence(r.start, r.end);
        let kind = classify(&text, &lead, role, ctx);
        let paras = self.view.0;
        let location = Location {
            first_line: paras[r.start.para].line_at(r.start.off),
            last_line: paras[r.end.para].line_at(r.end.off.saturating_sub(1)),
        };
        let mut full_path = path.to_vec();
        full_path.extend(heading.clone());
        self.out.push(Unit {
            article: self.article,
            kind,
            heading,
            path: full_path,
            marker,
            text,
            location,
        });
    }
}
