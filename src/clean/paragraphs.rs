//! Rebuilds paragraphs from lines. PDF extraction breaks lines at the page margin (and often
//! puts a blank line after every one of them), page breaks cut sentences, and web text keeps
//! one paragraph per line: blank lines carry no reliable meaning, so paragraphs are rebuilt
//! from punctuation, numbering and how full each line is.

use serde::Serialize;

use super::lines::Line;
use crate::chars::{display_width, ends_mid_sentence, ends_sentence};
use crate::numbering::{block_marker, cn_numeral, BlockForm};

/// In text that is not hard-wrapped, a line at least this wide (in half-width units) that ends
/// without punctuation was cut by a page break; a shorter one is a heading.
const UNWRAPPED_CUT_WIDTH: usize = 80;

/// Punctuation that never opens a line of Chinese text.
pub const LINE_CANNOT_START: [char; 12] = [
    '》', '”', '’', '」', '』', '）', '，', '、', '。', '；', '：', '！',
];

/// A paragraph of cleaned text with the source line each piece came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Paragraph {
    /// The paragraph text, lines joined without spaces between CJK characters.
    pub text: String,
    /// `(byte offset in text, source line)` for each joined line, offsets ascending.
    pub anchors: Vec<(usize, u32)>,
}

impl Paragraph {
    /// The source line of the byte at `offset`.
    pub fn line_at(&self, offset: usize) -> u32 {
        let i = self.anchors.partition_point(|&(o, _)| o <= offset);
        self.anchors[i.saturating_sub(1)].1
    }

    /// First and last source lines of the byte range `start..end` (end exclusive).
    pub fn lines_of(&self, start: usize, end: usize) -> (u32, u32) {
        (
            self.line_at(start),
            self.line_at(end.saturating_sub(1).max(start)),
        )
    }

    /// The paragraph's first source line.
    pub fn first_line(&self) -> u32 {
        self.anchors.first().map_or(0, |a| a.1)
    }
}

/// The page width of hard-wrapped text, if the lines look hard-wrapped.
///
/// Wrapped text has many lines of nearly the same width (the margin); text with one paragraph
/// per line has widths spread over hundreds of characters.
pub fn wrap_width<'a>(lines: impl Iterator<Item = &'a Line>) -> Option<usize> {
    let mut widths: Vec<usize> = lines
        .map(|l| display_width(&l.text))
        .filter(|&w| w >= 16)
        .collect();
    if widths.len() < 8 {
        return None;
    }
    widths.sort_unstable();
    let w = widths[widths.len() * 4 / 5];
    if w > 140 {
        return None;
    }
    let near = widths
        .iter()
        .filter(|&&x| x * 100 >= w * 85 && x * 100 <= w * 105)
        .count();
    (near * 10 >= widths.len() * 4).then_some(w)
}

/// Share of sentence-ending lines followed by a blank line above which a text separates its
/// paragraphs with blank lines.
const BLANK_SEPARATED_SHARE: f32 = 0.6;

/// True when the text separates its paragraphs with blank lines: most lines that end a
/// sentence have a blank line after them. In such text two lines with no blank between them
/// belong to one paragraph unless punctuation or numbering says otherwise.
pub fn blank_separated(lines: &[Line]) -> bool {
    let mut ends = 0usize;
    let mut blank_after = 0usize;
    let mut prev_ends = false;
    for line in lines.iter().filter(|l| !l.text.is_empty()) {
        if prev_ends {
            ends += 1;
            blank_after += usize::from(line.after_blank);
        }
        prev_ends = line.text.ends_with(['。', '！', '？']);
    }
    ends >= 8 && blank_after as f32 >= ends as f32 * BLANK_SEPARATED_SHARE
}

/// Characters that never end a phrase: the particle 的 and conjunctions and prepositions that
/// need what follows them.
const PHRASE_GOES_ON: [char; 12] = [
    '的', '和', '与', '及', '或', '对', '在', '把', '将', '向', '从', '被',
];

/// True for a line that is nothing but the marker of an inline item (`一是`, `二要`), as a
/// page that set the marker in bold on a line of its own leaves it.
fn is_bare_inline_marker(text: &str) -> bool {
    cn_numeral(text).is_some_and(|(_, n)| matches!(&text[n..], "是" | "要"))
}

/// True for a line that is only a dash (`——`): an item's opening dash whose words a page
/// set on the next line, as a link.
fn is_lone_dash(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty() && t.chars().all(|c| matches!(c, '—' | '－'))
}

/// Joins consecutive content lines into paragraphs. `blank_separated` says the text
/// separates paragraphs with blank lines (see [`blank_separated`]).
pub fn join_lines(lines: &[&Line], wrap: Option<usize>, blank_separated: bool) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut cur: Option<(Paragraph, &Line)> = None;
    for &line in lines {
        if line.text.is_empty() {
            continue;
        }
        cur = match cur.take() {
            Some((mut para, prev)) if continues(prev, line, wrap, blank_separated) => {
                if needs_space(&para.text, &line.text) {
                    para.text.push(' ');
                }
                para.anchors.push((para.text.len(), line.no));
                para.text.push_str(&line.text);
                Some((para, line))
            }
            other => {
                if let Some((para, _)) = other {
                    out.push(para);
                }
                let para = Paragraph {
                    text: line.text.clone(),
                    anchors: vec![(0, line.no)],
                };
                Some((para, line))
            }
        };
    }
    out.extend(cur.map(|(p, _)| p));
    out
}

/// Whether `next` continues the paragraph that `prev` ends.
fn continues(prev: &Line, next: &Line, wrap: Option<usize>, blank_separated: bool) -> bool {
    // A line cannot open with closing or mid-sentence punctuation (`》第五条第一项…`,
    // `”实现了良好开局。`, `，也可能…`): a scrape broke the sentence before it, as pages
    // whose links sit on lines of their own do.
    if next.continues_sentence || next.text.starts_with(LINE_CANNOT_START) {
        return true;
    }
    if block_marker(&next.text).is_some() {
        return false;
    }
    if block_marker(&prev.text).is_some_and(|m| m.form == BlockForm::CnLone) {
        return false;
    }
    // A line ending on a particle or preposition (`…所作的` / `政府工作报告`) stops mid-phrase:
    // no heading or sentence ends there.
    if is_bare_inline_marker(&prev.text)
        || prev.text.ends_with(PHRASE_GOES_ON)
        || is_lone_dash(&prev.text)
    {
        return true;
    }
    // Pages that set links on lines of their own (`…五年来，我们贯彻` / `民族区域自治法` /
    // `，支持…`, `…新建` / `高速铁路` / `投产里程…`) break sentences with no blank line
    // between the pieces, where the text separates its paragraphs with blank lines. A new
    // paragraph there is indented or numbered, or follows finished punctuation.
    if blank_separated
        && wrap.is_none()
        && !next.after_blank
        && !next.indented
        && block_marker(&prev.text).is_none()
        && !ends_sentence(&prev.text)
        && prev.text.chars().last().is_some_and(char::is_alphanumeric)
    {
        return true;
    }
    let width = display_width(&prev.text);
    if ends_mid_sentence(&prev.text) {
        return true;
    }
    if ends_sentence(&prev.text) {
        // In wrapped text a sentence may end exactly at the margin with the paragraph going on.
        return wrap.is_some_and(|w| width * 10 >= w * 9);
    }
    match wrap {
        Some(w) => width * 4 >= w * 3,
        // A line that finished a sentence and then stops mid-clause on a character
        // (`…。推动…，建设世界级船舶` / `海工产业集群。`) was cut, however short: a heading
        // line holds no finished sentence.
        None => width >= UNWRAPPED_CUT_WIDTH || stops_after_a_sentence(&prev.text),
    }
}

/// True for a line with a finished sentence (`。！？`) that ends on a CJK character.
fn stops_after_a_sentence(text: &str) -> bool {
    let t = text.trim_end();
    let Some(last) = t.chars().last() else {
        return false;
    };
    let cjk = ('\u{4e00}'..='\u{9fff}').contains(&last);
    cjk && t[..t.len() - last.len_utf8()].contains(['。', '！', '？'])
}

fn needs_space(left: &str, right: &str) -> bool {
    let l = left.chars().last();
    let r = right.chars().next();
    matches!((l, r), (Some(a), Some(b)) if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::lines::repair_lines;

    fn paras(src: &str) -> Vec<String> {
        let lines = repair_lines(src);
        let refs: Vec<&Line> = lines.iter().collect();
        let wrap = wrap_width(lines.iter());
        join_lines(&refs, wrap, false)
            .into_iter()
            .map(|p| p.text)
            .collect()
    }

    #[test]
    fn a_short_document_cut_mid_clause_after_a_sentence_is_joined() {
        let ps = paras(
            "一、做强海洋船舶产业。推动船舶海工装备向高端化发展，建设世界级船舶\n海工产业集群。\n\
             二、培育海洋新兴产业\n发展海洋生物医药。\n",
        );
        assert_eq!(
            ps,
            [
                "一、做强海洋船舶产业。推动船舶海工装备向高端化发展，建设世界级船舶海工产业集群。",
                "二、培育海洋新兴产业",
                "发展海洋生物医药。"
            ]
        );
    }

    #[test]
    fn pdf_hard_breaks_are_joined_without_spaces() {
        let src = std::fs::read_to_string("seeds/000_72a7b87fc3321f6e.txt").unwrap_or_default();
        if src.is_empty() {
            return;
        }
        let lines = repair_lines(&src);
        assert!(
            wrap_width(lines.iter()).is_some(),
            "seed 000 is hard-wrapped"
        );
        let ps = paras(&src);
        assert!(ps.iter().any(|p| p.starts_with(
            "扬子江城市群是我国制造业最发达的地区之一，推动城市群制造业高质量发展，必须要促进产业协同发展。"
        )));
        assert!(ps.iter().any(
            |p| p.starts_with("1.推进空间协同，按照主体功能区优化产业布局。依据主体功能区导向")
        ));
    }

    #[test]
    fn page_break_inside_a_long_paragraph_is_joined() {
        let long = "一是多数集群产业链协同优势不足。14个重点先进制造业集群已基本实现设区市全覆盖，但这些集群多数囿于一隅或限于一业，集群成员间的联系松散。在发挥大数据、云计算、";
        let src = format!("{long}\n\n人工智能、5G 等技术的链接作用。\n\n（二）集群关键核心技术环节亟需突破\n\n一是先进制造领域领跑技术不多。");
        let ps = paras(&src);
        assert_eq!(ps.len(), 3, "{ps:?}");
        assert!(ps[0].ends_with("云计算、人工智能、5G 等技术的链接作用。"));
        assert_eq!(ps[1], "（二）集群关键核心技术环节亟需突破");
    }

    #[test]
    fn headings_without_punctuation_stay_apart() {
        let src = "一\n强化顶层设计,建立机制完善、执行有力的协调机制\n跨区域协同发展,难点在于打破行政区划限制。";
        assert_eq!(paras(src).len(), 3);
    }

    #[test]
    fn anchors_map_bytes_to_source_lines() {
        let src =
            "推进市场协同，创新产业协同发展的体制机制，\n\n加快区域统一市场建设，促进扬子江城";
        let lines = repair_lines(src);
        let refs: Vec<&Line> = lines.iter().collect();
        let p = &join_lines(&refs, None, false)[0];
        let at = p.text.find("加快").unwrap_or(0);
        assert_eq!(p.line_at(0), 1);
        assert_eq!(p.line_at(at), 3);
        assert_eq!(p.lines_of(0, p.text.len()), (1, 3));
    }
}
