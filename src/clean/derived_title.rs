//! A title for a document that prints none, from what its opening says it is.
//!
//! Speeches, resolutions and plans name themselves in their first paragraphs: a report to a
//! congress says what it is (`我代表国务院，向大会作政府工作报告` → `政府工作报告`;
//! `提出关于１９５５年国家决算和１９５６年国家预算的报告` → that report), a congress's resolution
//! names the meeting and the report it approves (`第十二届全国人民代表大会第一次会议听取和审议了
//! …所作的政府工作报告` → `第十二届全国人民代表大会第一次会议关于政府工作报告的决议`), and a plan's
//! preamble names the plan (`编制广西…第十三个五年（2016—2020年）规划纲要，阐明…`). Failing
//! those, the first short line without punctuation near the top is the document's heading.

use std::sync::LazyLock;

use regex::Regex;

use super::paragraphs::Paragraph;
use crate::chars::char_len;
use crate::lexicon::is_section_name;
use crate::numbering::block_marker;

/// Paragraphs at the top searched for a self-description.
const OPENING_PARAS: usize = 6;
/// Paragraphs at the top searched for a heading line.
const HEADING_PARAS: usize = 12;
/// Longest heading line taken as a title, in characters.
const HEADING_MAX_CHARS: usize = 40;

/// A speaker names the report being delivered: `作关于…的报告`, `提出关于…的议案`.
static NAMED_REPORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:作|提出)了?(关于[^，。；：！]{2,60}?的(?:报告|议案|说明))")
        .expect("named report pattern is a valid regex")
});

/// A government's head reports its work to a congress: `我代表国务院，向大会作政府工作报告`,
/// `我代表省人民政府向大会报告工作`, `我代表国务院向大会作报告`.
static GOVERNMENT_REPORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"我代表[^，。]{0,12}(?:国务院|政府)[^。]{0,40}?向[^，。]{1,30}?(?:作|报告)")
        .expect("government report pattern is a valid regex")
});

/// A speaker delivers the work report: `作政府工作报告`, `作工作報告` (traditional script),
/// `向全国人民代表大会报告政府工作`.
static WORK_REPORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"作(?:政府)?工作[报報]告|报告政府工作")
        .expect("work report pattern is a valid regex")
});

/// A congress's resolution opens with the meeting hearing a report.
static RESOLUTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(\S{4,40}?会议)听取(?:和审议|并审议|、审议)?了",
        r"[^。]{0,40}?(?:所作|作)的(?:《)?([^，。》]{2,30}?报告)"
    ))
    .expect("resolution pattern is a valid regex")
});

/// A plan's preamble names the plan it sets out: `编制…规划纲要，阐明…`.
static PLAN_PREAMBLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:编制|制定)了?([^，。；《》“”]{4,60}?(?:规划纲要|规划|纲要|计划|方案))[，。]")
        .expect("plan preamble pattern is a valid regex")
});

/// The title a document's opening gives it, when it prints none.
pub fn derive(paragraphs: &[Paragraph]) -> Option<String> {
    let opening = &paragraphs[..paragraphs.len().min(OPENING_PARAS)];
    if let Some(first) = opening.first() {
        if let Some(c) = RESOLUTION.captures(&first.text) {
            return Some(format!("{}关于{}的决议", &c[1], &c[2]));
        }
    }
    for p in opening {
        // Only the speaker's own words name the speech (`我…向大会作…`), not a report quoted.
        if p.text.contains('我') {
            if let Some(c) = NAMED_REPORT.captures(&p.text) {
                return Some(c[1].to_string());
            }
            if GOVERNMENT_REPORT.is_match(&p.text) || WORK_REPORT.is_match(&p.text) {
                return Some("政府工作报告".to_string());
            }
        }
        if let Some(c) = PLAN_PREAMBLE.captures(&p.text) {
            return Some(c[1].to_string());
        }
    }
    // A section name (`存在的主要问题`) or the heading after a lone numeral heads a section,
    // not the document.
    let texts: Vec<&str> = paragraphs
        .iter()
        .take(HEADING_PARAS)
        .map(|p| p.text.trim())
        .collect();
    texts
        .iter()
        .enumerate()
        .find(|&(i, t)| {
            is_heading_line(t)
                && !is_section_name(t)
                && (i == 0 || block_marker(texts[i - 1]).is_none())
        })
        .map(|(_, t)| (*t).to_string())
}

/// A line that heads what follows: short, without punctuation or a number.
fn is_heading_line(text: &str) -> bool {
    let n = char_len(text);
    (4..=HEADING_MAX_CHARS).contains(&n)
        && block_marker(text).is_none()
        && !text.starts_with('第')
        && !text.starts_with("专栏")
        && !text.chars().any(|c| {
            matches!(
                c,
                '。' | '，' | '、' | '；' | '：' | '！' | '？' | ',' | ':' | ';'
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(texts: &[&str]) -> Vec<Paragraph> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Paragraph {
                text: (*t).to_string(),
                anchors: vec![(0, i as u32 + 1)],
            })
            .collect()
    }

    #[test]
    fn speeches_resolutions_and_plans_name_themselves() {
        for (texts, want) in [
            (
                &["各位代表：", "现在，我代表国务院，向大会作政府工作报告，请予审议。"][..],
                "政府工作报告",
            ),
            (
                &["现在我代表中华人民共和国国务院向第一届全国人民代表大会第三次会议提出关于１９５５年国家决算和１９５６年国家预算的报告，请予审查。"][..],
                "关于１９５５年国家决算和１９５６年国家预算的报告",
            ),
            (
                &["第十二届全国人民代表大会第一次会议听取和审议了国务院总理温家宝所作的政府工作报告。会议充分肯定国务院过去五年的工作。"][..],
                "第十二届全国人民代表大会第一次会议关于政府工作报告的决议",
            ),
            (
                &["根据《建议》，编制广西壮族自治区国民经济和社会发展第十三个五年（2016—2020年）规划纲要，阐明目标任务。"][..],
                "广西壮族自治区国民经济和社会发展第十三个五年（2016—2020年）规划纲要",
            ),
        ] {
            assert_eq!(derive(&paras(texts)).as_deref(), Some(want), "{texts:?}");
        }
    }

    #[test]
    fn otherwise_the_first_heading_line_and_never_a_box() {
        let p = paras(&[
            "五年来，我国各族人民取得了伟大成就。",
            "专栏1　主要指标",
            "国民经济的成就和今后的建设任务",
            "周恩来总理在报告中指出。",
        ]);
        assert_eq!(
            derive(&p).as_deref(),
            Some("国民经济的成就和今后的建设任务")
        );
        assert_eq!(derive(&paras(&["我们要继续努力。"])), None);
    }
}
