//! Line-level repairs that need no context beyond the previous line: trimming, Markdown
//! emphasis, and the doubled bold runs that PDF extraction leaves behind.
//!
//! PDF renderers draw bold text twice; text extractors then emit each bold run twice, either
//! glyph by glyph (`11..` for `1.`, `，，`) or run by run (`推进空间协同推进空间协同`), and a
//! run broken across lines is doubled piecewise on each line. The repair looks for such tandem
//! repeats only from the start of a line, where PDF headings and titles begin, so repeated words
//! in running text (`推动…推动`) are never touched.

use crate::chars::{is_cjk, trim_all};

/// Longest doubled run looked for, in characters. Bold runs are at most a line long.
const MAX_RUN: usize = 60;
/// Lines longer than this are paragraphs from a text source, never PDF lines.
const MAX_LINE_FOR_DOUBLING: usize = 300;

/// How much of a line was a doubled bold run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Bold {
    /// Some doubling was repaired at the start of the line.
    pub any: bool,
    /// The bold run covered the whole line (a title or heading on its own).
    pub whole: bool,
}

/// One source line after repair.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// 1-based line number in the source text.
    pub no: u32,
    /// The repaired, trimmed text.
    pub text: String,
    /// Whether the line began with a bold run.
    pub bold: Bold,
    /// Whether the source line began with whitespace (a page start in many PDF dumps).
    pub indented: bool,
    /// The line continues the sentence of the previous content line, whatever its shape
    /// (set after removing a title the layout printed mid-sentence).
    pub continues_sentence: bool,
    /// A blank source line comes right before this one. A line of zero-width characters
    /// does not count: pages copied from a wiki leave those inside sentences.
    pub after_blank: bool,
}

/// Splits a source text into repaired lines, blank lines included (with empty text).
pub fn repair_lines(source: &str) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    let mut prev_bold_to_end = false;
    let mut saw_blank = false;
    for (i, raw) in source.split('\n').enumerate() {
        let after_blank = saw_blank;
        if raw.trim().is_empty() {
            saw_blank = true;
        } else if !trim_all(raw).is_empty() {
            saw_blank = false;
        }
        let indented = raw.starts_with(|c: char| c.is_whitespace() || c == '\u{3000}');
        let stripped = strip_markdown(trim_all(raw));
        let trimmed = trim_all(&stripped);
        let (text, bold) = undouble(trimmed, prev_bold_to_end);
        let text = join_split_words(text);
        if !trimmed.is_empty() {
            prev_bold_to_end = bold.whole;
        }
        out.push(Line {
            no: i as u32 + 1,
            text,
            bold,
            indented,
            continues_sentence: false,
            after_blank,
        });
    }
    out
}

/// Punctuation that marks a line as running text rather than a heading, byline, table row or
/// list of names (`副组长：何树山 副省长`).
const RUNNING_TEXT_MARKS: [char; 4] = ['，', '。', '！', '？'];

/// Joins the space a PDF extractor leaves between two characters of one word (`双核驱 动`,
/// `产业 集群`) in a line of running text: one ASCII space between two CJK characters that are
/// not themselves set apart by spaces, unless an ordinal follows (`…评价 第1部分`, set apart on
/// purpose). Letter-spacing (`前 言`, `办 公 厅 文 件`) spaces every
/// character, so its spaces have spaced neighbours and stay; lines without sentence
/// punctuation (headings, bylines such as `南京大学 李华`, table rows) are left as they are,
/// and so is the ideographic space official writing puts on purpose (`第一章　总则`).
pub fn join_split_words(line: String) -> String {
    if !line.contains(' ') || !line.contains(RUNNING_TEXT_MARKS) {
        return line;
    }
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' && i > 0 && i + 1 < chars.len() {
            let (a, b) = (chars[i - 1], chars[i + 1]);
            let spaced_before = i >= 2 && chars[i - 2] == ' ';
            let spaced_after = chars.get(i + 2) == Some(&' ');
            let ordinal = b == '第'
                && chars.get(i + 2).is_some_and(|&n| {
                    n.is_ascii_digit()
                        || ('０'..='９').contains(&n)
                        || "一二三四五六七八九十".contains(n)
                });
            if is_cjk(a)
                && is_cjk(b)
                && !spaced_before
                && !spaced_after
                && !ordinal
                && word_spans(&chars, i)
            {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// Characters looked at on each side of a space for a word across it.
const WORD_SPAN: usize = 3;

/// True when a dictionary word runs across the space at `at` (`驱 动`, `工业 化`): the space
/// split a word. A run-in heading set off by a space (`战略发展机遇 随着…`) has none.
fn word_spans(chars: &[char], at: usize) -> bool {
    let left: Vec<char> = chars[..at]
        .iter()
        .rev()
        .take(WORD_SPAN)
        .take_while(|c| is_cjk(**c))
        .copied()
        .collect();
    let right: Vec<char> = chars[at + 1..]
        .iter()
        .take(WORD_SPAN)
        .take_while(|c| is_cjk(**c))
        .copied()
        .collect();
    (1..=left.len()).any(|l| {
        (1..=right.len()).any(|r| {
            let word: String = left[..l].iter().rev().chain(&right[..r]).collect();
            crate::text::is_dictionary_word(&word)
        })
    })
}

/// Removes Markdown emphasis and heading/quote markers, which carry no meaning for matching.
pub fn strip_markdown(line: &str) -> String {
    let mut s = line;
    if s.starts_with('#') {
        let rest = s.trim_start_matches('#');
        if rest.starts_with(' ') || rest.is_empty() {
            s = rest.trim_start();
        }
    }
    if let Some(rest) = s.strip_prefix("> ") {
        s = rest;
    }
    s.replace("**", "").replace("__", "")
}

/// Repairs a doubled bold run at the start of `line`.
///
/// `continuing` says the previous non-blank line ended inside a bold run, so even a short
/// doubled remainder (`设设。。`) is a repair rather than a legitimate reduplication (`常常`).
pub fn undouble(line: &str, continuing: bool) -> (String, Bold) {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() > MAX_LINE_FOR_DOUBLING || chars.len() < 2 {
        return (line.to_string(), Bold::default());
    }
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    let mut removed = 0;
    let mut doubled_punct = false;
    while i < chars.len() {
        if i > 0 && chars[i] == ' ' {
            // Glyph-doubled titles come spaced out: `对对 策策 建建 议议`.
            i += 1;
            continue;
        }
        if matches!(chars[i], '—' | '…') {
            // The Chinese dash and ellipsis are written as a pair (`——`, `……`): a pair is one
            // mark, only four in a row are a doubled one.
            if chars[i..].len() >= 4 && chars[i + 1..i + 4].iter().all(|&c| c == chars[i]) {
                out.extend(&chars[i..i + 2]);
                removed += 2;
                doubled_punct = true;
                i += 4;
                continue;
            }
            break;
        }
        let Some(run) = shortest_tandem(&chars[i..]) else {
            break;
        };
        if run == 1 && !is_cjk(chars[i]) && !chars[i].is_alphanumeric() {
            doubled_punct = true;
        }
        out.extend(&chars[i..i + run]);
        removed += run;
        i += 2 * run;
    }
    let active = removed >= 3 || doubled_punct || (continuing && removed >= 1);
    if !active {
        return (line.to_string(), Bold::default());
    }
    let whole = i >= chars.len();
    out.extend(&chars[i..]);
    (out, Bold { any: true, whole })
}

/// The smallest `n` with `s[..n] == s[n..2n]`.
fn shortest_tandem(s: &[char]) -> Option<usize> {
    let max = (s.len() / 2).min(MAX_RUN);
    (1..=max).find(|&n| s[..n] == s[n..2 * n] && !s[0].is_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubled_numbered_heading_from_seed_is_repaired_across_lines() {
        let src = "11..推进空间协同推进空间协同，，按照主体功能区优化产按照主体功能区优化产\n\n业布局业布局。。依据主体功能区导向，协调处理好南京";
        let lines = repair_lines(src);
        assert_eq!(lines[0].text, "1.推进空间协同，按照主体功能区优化产");
        assert!(lines[0].bold.whole);
        assert_eq!(lines[2].text, "业布局。依据主体功能区导向，协调处理好南京");
        assert!(lines[2].bold.any && !lines[2].bold.whole);
    }

    #[test]
    fn glyph_doubled_and_interleaved_titles() {
        assert_eq!(undouble("对对 策策 建建 议议", false).0, "对策建议");
        assert_eq!(
            undouble("小小贴士贴士：：乡村振兴战略乡村振兴战略", false).0,
            "小贴士：乡村振兴战略"
        );
        assert_eq!(
            undouble("推动扬子江城市群产业协同推动扬子江城市群产业协同", false).0,
            "推动扬子江城市群产业协同"
        );
    }

    #[test]
    fn a_chinese_dash_or_ellipsis_is_one_mark_not_a_doubled_one() {
        for line in ["——", "——经济运行缓中趋稳、稳中向好。", "……"] {
            let (text, bold) = undouble(line, false);
            assert_eq!(text, line);
            assert!(!bold.any, "{line}");
        }
        assert_eq!(undouble("————改革开放改革开放", false).0, "——改革开放");
    }

    #[test]
    fn short_continuation_of_a_bold_run() {
        assert_eq!(undouble("设设。。一方面要加快", true).0, "设。一方面要加快");
        assert_eq!(
            undouble("功能功能。。推动龙头企业", true).0,
            "功能。推动龙头企业"
        );
    }

    #[test]
    fn legitimate_repetition_is_kept() {
        for s in [
            "常常听到企业反映",
            "推动创新链与产业链深度融合，推动产学研协同",
            "长三角一体化示范区推进一体化发展",
            "人人参与",
        ] {
            assert_eq!(undouble(s, false).0, s);
        }
        // Repeats inside a line, not at its start, are never touched.
        let s = "加快推进推进机制";
        assert_eq!(undouble(s, false).0, s);
    }

    #[test]
    fn a_space_inside_a_word_of_running_text_is_joined() {
        let j = |s: &str| join_split_words(s.to_string());
        assert_eq!(
            j("构建双核驱 动、多点支撑的发展格局，培育产业 集群。"),
            "构建双核驱动、多点支撑的发展格局，培育产业集群。"
        );
        // Letter-spacing, headings, bylines and the ideographic space stay.
        assert_eq!(j("前 言"), "前 言");
        assert_eq!(j("南京大学 李华"), "南京大学 李华");
        assert_eq!(j("办 公 厅 文 件，"), "办 公 厅 文 件，");
        assert_eq!(j("第一章　总则，"), "第一章　总则，");
        assert_eq!(
            j("《核电厂定期安全评价 第1部分：通用要求》为系列标准之一，"),
            "《核电厂定期安全评价 第1部分：通用要求》为系列标准之一，"
        );
        assert_eq!(j("副组长：何树山 副省长"), "副组长：何树山 副省长");
        // A run-in heading set off by a space is no split word.
        assert_eq!(
            j("战略发展机遇 随着开放合作深化，区位优势更加凸显。"),
            "战略发展机遇 随着开放合作深化，区位优势更加凸显。"
        );
        assert_eq!(
            j("引进 AI 企业，推进 5G 建设。"),
            "引进 AI 企业，推进 5G 建设。"
        );
    }

    #[test]
    fn markdown_emphasis_and_headings_are_removed() {
        assert_eq!(
            strip_markdown("三是**集群促进机构的能力有待补强**。"),
            "三是集群促进机构的能力有待补强。"
        );
        assert_eq!(strip_markdown("## 一、总体要求"), "一、总体要求");
    }
}
