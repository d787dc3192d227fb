//! Splits inside a node's text: inline enumerations (`一是…二是…`), parallel topic sentences
//! (`共建优质高效产业链。…共建科技创新共同体。…`), and the `建议…` sentence that turns an
//! experience paragraph into a proposal.

use std::collections::BTreeMap;

use super::kind::is_measure_lead;
use super::span::{Paras, Pos, Range};
use crate::chars::char_len;
use crate::lexicon::is_imperative;
use crate::numbering::{inline_marker, InlineForm, InlineMarker, LAST};

/// One inline item: where its marker starts and where its text starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InlineItem {
    /// Start of the marker.
    pub at: Pos,
    /// Start of the item text, after the marker.
    pub text: Pos,
    /// The marker.
    pub marker: InlineMarker,
}

/// Finds the outermost inline enumeration in `r`: the family whose item `1` comes first, with
/// items numbered 1, 2, 3… in order (at least two).
pub fn enumeration(view: &Paras, r: Range) -> Vec<InlineItem> {
    let mut by_form: BTreeMap<u8, Vec<InlineItem>> = BTreeMap::new();
    for at in view.sentence_starts(r) {
        let t = view.rest_of_para(at);
        let lead = t.len() - t.trim_start().len();
        let Some(marker) = inline_marker(&t[lead..]) else {
            continue;
        };
        let at = Pos {
            para: at.para,
            off: at.off + lead,
        };
        let text = Pos {
            para: at.para,
            off: at.off + marker.len,
        };
        by_form
            .entry(form_key(marker.form))
            .or_default()
            .push(InlineItem { at, text, marker });
    }
    let mut best: Vec<InlineItem> = Vec::new();
    for found in by_form.values() {
        let mut seq: Vec<InlineItem> = Vec::new();
        for item in found {
            let want = seq.len() as u32 + 1;
            if item.marker.value == LAST {
                // `最后` ends a list under way; alone it is only a word.
                if seq.len() >= 2 {
                    seq.push(*item);
                    break;
                }
            } else if item.marker.value == want {
                seq.push(*item);
            } else if item.marker.value == 1 && seq.len() < 2 {
                // A fresh start before the first list was complete: keep the later one.
                seq = vec![*item];
            }
        }
        if seq.len() >= 2 && best.first().is_none_or(|b| seq[0].at < b.at) {
            best = seq;
        }
    }
    best
}

fn form_key(form: InlineForm) -> u8 {
    match form {
        InlineForm::Shi => 0,
        InlineForm::Ordinal => 1,
        InlineForm::Aspect => 2,
        InlineForm::Qi => 3,
        InlineForm::Sequence => 4,
    }
}

/// Parallel topic sentences inside one paragraph, as in `聚焦重点领域，构筑区域联动的发展格局。
/// …共建优质高效产业链。…共建科技创新共同体。…共建营商环境强磁场。…`: short sentences without
/// inner punctuation that open with the same two characters. Returns their start positions.
pub fn topic_sentences(view: &Paras, para: usize) -> Vec<Pos> {
    let text = &view.0[para].text;
    let r = view.paras(para, para + 1);
    let starts: Vec<Pos> = view
        .sentence_starts(r)
        .into_iter()
        .filter(|p| {
            // Only full sentences: after `。！？`, not after `；：`.
            p.off == 0 || text[..p.off].ends_with(['。', '！', '？'])
        })
        .collect();
    if starts.len() < 4 {
        return Vec::new();
    }
    let mut groups: BTreeMap<String, Vec<Pos>> = BTreeMap::new();
    for (i, &s) in starts.iter().enumerate().skip(1) {
        let Some(&next) = starts.get(i + 1) else {
            break;
        };
        let sentence = &text[s.off..next.off];
        let body = sentence.trim_end_matches(['。', '！', '？']);
        let n = char_len(body);
        if !(4..=30).contains(&n) || body.contains(['，', ',', '；', ';', '：', ':', '、']) {
            continue;
        }
        let key: String = body.chars().take(2).collect();
        groups.entry(key).or_default().push(s);
    }
    groups
        .into_values()
        .filter(|g| g.len() >= 2)
        .max_by(|a, b| a.len().cmp(&b.len()).then(b[0].cmp(&a[0])))
        .unwrap_or_default()
}

/// Longest packed measure lead, in characters: packed leads are short, a longer sentence is
/// the text of the measure before it.
const PACKED_LEAD_MAX_CHARS: usize = 20;

/// Measures packed in one paragraph of a work plan (`（一）着力扩大国内需求。把恢复和扩大消费摆在
/// 优先位置。多渠道增加城乡居民收入。稳定汽车等大宗消费，…`): full sentences in `r` that are
/// short verb phrases without inner punctuation, each opening a measure that runs to the next.
/// Returns their starts when there are at least two.
pub fn measure_starts(view: &Paras, r: Range) -> Vec<Pos> {
    let starts: Vec<Pos> = view
        .sentence_starts(r)
        .into_iter()
        .filter(|p| p.para == r.start.para)
        .collect();
    let text = &view.0[r.start.para].text;
    let end = if r.end.para == r.start.para {
        r.end.off
    } else {
        text.len()
    };
    let mut out = Vec::new();
    for (i, &s) in starts.iter().enumerate() {
        // Only full sentences: after `。！？`, not after `；：`.
        if s != r.start && !text[..s.off].ends_with(['。', '！', '？']) {
            continue;
        }
        let next = starts.get(i + 1).map_or(end, |n| n.off);
        let sentence = text[s.off..next].trim();
        let Some(body) = sentence.strip_suffix('。') else {
            continue;
        };
        let short = char_len(body) <= PACKED_LEAD_MAX_CHARS;
        if short && !body.contains(['，', ',', '、']) && is_measure_lead(sentence, body) {
            out.push(s);
        }
    }
    if out.len() < 2 {
        out.clear();
    }
    out
}

/// Shortest block of a work plan split sentence by sentence, in characters: a shorter one
/// is one measure spelled out.
pub const LONG_BLOCK_CHARS: usize = 250;
/// Shortest sentence that opens a measure of its own in a long block, in characters.
const MEASURE_SENTENCE_MIN_CHARS: usize = 20;

/// Measures written one long sentence each in one block of a work plan (`加强住房保障体系建设，
/// 支持…。加快建设高质量教育体系，推进…。深化医药卫生体制改革，…。`): full sentences in `r`
/// whose first clause proposes, each opening a measure that runs to the next (a sentence that
/// does not propose goes on with the measure before it). Returns their starts when there are
/// at least three.
pub fn measure_sentence_starts(view: &Paras, r: Range) -> Vec<Pos> {
    let text = &view.0[r.start.para].text;
    let end = if r.end.para == r.start.para {
        r.end.off
    } else {
        text.len()
    };
    let starts: Vec<Pos> = view
        .sentence_starts(r)
        .into_iter()
        .filter(|p| p.para == r.start.para)
        .filter(|p| *p == r.start || text[..p.off].ends_with(['。', '！', '？']))
        .collect();
    let mut out = Vec::new();
    for (i, &s) in starts.iter().enumerate() {
        let next = starts.get(i + 1).map_or(end, |n| n.off);
        let sentence = text[s.off..next].trim();
        let first = sentence
            .split(['，', ',', '；', ';', '。'])
            .next()
            .unwrap_or(sentence);
        if char_len(sentence) >= MEASURE_SENTENCE_MIN_CHARS && is_imperative(first) {
            out.push(s);
        }
    }
    if out.len() < 3 {
        out.clear();
    }
    out
}

/// Longest modal-led measure sentence, in characters (`科技政策要聚焦自立自强，也要坚持国际合作`).
const MODAL_LEAD_MAX_CHARS: usize = 24;
/// Longest subject of a modal-led measure, in characters (`积极的财政政策`).
const MODAL_SUBJECT_MAX_CHARS: usize = 10;

/// Measures packed in one paragraph of a work plan, each led by a short sentence naming a
/// policy and what it must do (`积极的财政政策要加力提效。赤字率拟按3%安排。…稳健的货币政策要
/// 精准有力。…`): full sentences in `r` of the shape `主语 + 要/必须/应 + 谓语`, with a short
/// subject and no more than one comma. Returns their starts when there are at least two.
pub fn modal_starts(view: &Paras, r: Range) -> Vec<Pos> {
    let starts: Vec<Pos> = view
        .sentence_starts(r)
        .into_iter()
        .filter(|p| p.para == r.start.para)
        .collect();
    let text = &view.0[r.start.para].text;
    let end = if r.end.para == r.start.para {
        r.end.off
    } else {
        text.len()
    };
    let mut out = Vec::new();
    for (i, &s) in starts.iter().enumerate() {
        if s != r.start && !text[..s.off].ends_with(['。', '！', '？']) {
            continue;
        }
        let next = starts.get(i + 1).map_or(end, |n| n.off);
        let sentence = text[s.off..next].trim();
        if let Some(body) = sentence.strip_suffix('。') {
            if is_modal_lead(body) {
                out.push(s);
            }
        }
    }
    if out.len() < 2 {
        out.clear();
    }
    out
}

/// True for `主语 + 要/必须/应 + 谓语` in a short sentence: `稳健的货币政策要精准有力`.
fn is_modal_lead(sentence: &str) -> bool {
    if char_len(sentence) > MODAL_LEAD_MAX_CHARS
        || sentence.matches(['，', ',']).count() > 1
        || sentence.contains(['；', '：', ';', ':'])
    {
        return false;
    }
    ["要", "必须", "应当"].iter().any(|m| {
        sentence.find(m).is_some_and(|at| {
            let subject = &sentence[..at];
            let n = char_len(subject);
            (2..=MODAL_SUBJECT_MAX_CHARS).contains(&n)
                && !subject.contains(['，', ',', '、', '“', '”'])
                && !sentence[at + m.len()..].trim().is_empty()
        })
    })
}

/// The start of a sentence inside `r` (not its first) that hands over to a proposal:
/// `建议其他地区…`, `为此，建议…`.
pub fn advice_turn(view: &Paras, r: Range) -> Option<Pos> {
    view.sentence_starts(r)
        .into_iter()
        .skip(1)
        .find(|&p| opens_advice(view.rest_of_para(p)))
}

/// True for a sentence that opens with `建议` (or `为此，建议`, `我们建议`).
pub fn opens_advice(sentence: &str) -> bool {
    let s = sentence.trim_start();
    let s = ["为此，", "因此，", "为此,", "因此,", "对此，", "我们"]
        .iter()
        .find_map(|p| s.strip_prefix(p))
        .unwrap_or(s);
    s.starts_with("建议") && !s.starts_with("建议：") || s.starts_with("建议如下")
}

/// True for a paragraph that ends by announcing the proposals that follow: `…建议：`,
/// `提出如下对策：`, `应推动形成…的机制：`.
pub fn ends_with_advice_lead(text: &str) -> bool {
    let t = text.trim_end();
    let Some(t) = t.strip_suffix('：').or_else(|| t.strip_suffix(':')) else {
        return false;
    };
    let last = t.rsplit(['。', '！', '？', '；']).next().unwrap_or("");
    if ["建议", "对策", "措施", "举措", "如下"]
        .iter()
        .any(|w| last.contains(w))
    {
        return true;
    }
    // A modal announces proposals only in the lead-in's last clause and as a verb: in
    // `…（第1部分：通用要求）修订项目组确定的修订原则为：` the `要` is part of a noun.
    let clause = last.rsplit(['，', ',']).next().unwrap_or(last);
    let mut verbs = clause.to_string();
    for noun in [
        "要求", "需求", "主要", "重要", "要点", "纲要", "摘要", "应用", "相应", "供应", "效应",
        "必需",
    ] {
        verbs = verbs.replace(noun, "");
    }
    ["应", "要", "需"].iter().any(|w| verbs.contains(w))
}

/// True for a lead-in that announces a list of problems: `仍存在以下问题：`,
/// `存在的不足主要有以下几个方面。`, but not one that announces what to do about them
/// (`解决这些问题，要做好以下工作：`).
pub fn ends_with_problem_lead(text: &str) -> bool {
    let t = text.trim_end();
    let (body, colon) = match t.strip_suffix('：').or_else(|| t.strip_suffix(':')) {
        Some(b) => (b, true),
        None => (t.strip_suffix('。').unwrap_or(t), false),
    };
    let last = body.rsplit(['。', '！', '？', '；']).next().unwrap_or("");
    let names_problems = ["问题", "不足", "短板", "困难", "瓶颈", "挑战", "制约"]
        .iter()
        .any(|w| last.contains(w));
    names_problems
        && (colon || last.contains("以下") || last.contains("如下"))
        && !ends_with_advice_lead(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::Paragraph;

    fn one(text: &str) -> Vec<Paragraph> {
        vec![Paragraph {
            text: text.to_string(),
            anchors: vec![(0, 1)],
        }]
    }

    #[test]
    fn problem_lead_ins() {
        for t in [
            "当前，我市营商环境仍存在以下问题：",
            "但也面临一些突出短板:",
            "存在的不足主要有以下几个方面。",
        ] {
            assert!(ends_with_problem_lead(t), "{t}");
        }
        for t in [
            "为此，提出以下建议：",
            "解决这些问题，要做好以下工作：",
            "这些问题制约了发展。",
        ] {
            assert!(!ends_with_problem_lead(t), "{t}");
        }
    }

    #[test]
    fn shi_list_mixed_with_yao() {
        let ps = one("3.工作机制上：强基固本。一要建立健全容错减责机制。通过健全激励机制。二要创新考核评价机制。三是鼓励探索基层党建模式。立足基层。");
        let v = Paras(&ps);
        let items = enumeration(&v, v.paras(0, 1));
        let values: Vec<u32> = items.iter().map(|i| i.marker.value).collect();
        assert_eq!(values, [1, 2, 3]);
        assert!(v.rest_of_para(items[2].text).starts_with("鼓励探索"));
    }

    #[test]
    fn outer_family_is_the_one_that_starts_first() {
        let ps = one("4.推动平台建设。一方面要加快要素市场的建设。打破障碍。另一方面，要加快推动区域创新平台建设。重点打造三大平台：一是打造文献共享平台。二是建设人才共享平台。三是打造综合服务平台。");
        let v = Paras(&ps);
        let items = enumeration(&v, v.paras(0, 1));
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].marker.form, InlineForm::Aspect);
        assert!(v.rest_of_para(items[1].text).starts_with("要加快推动"));
    }

    #[test]
    fn yi_shi_inside_words_is_not_a_marker() {
        let ps = one("推进统一是前提。做到坚决维护党中央权威和统一领导。");
        let v = Paras(&ps);
        assert!(enumeration(&v, v.paras(0, 1)).is_empty());
    }

    #[test]
    fn parallel_topic_sentences() {
        let ps = one("聚焦重点领域，构筑区域联动的发展格局。协同区建设的重要任务是深化产业创新协同。共建优质高效产业链。深度融入长三角产业链行动，放大优势。共建科技创新共同体。积极策应上海科技创新中心建设。共建营商环境强磁场。全面对标国际高标准市场规则体系。");
        let v = Paras(&ps);
        let tops = topic_sentences(&v, 0);
        assert_eq!(tops.len(), 3);
        assert!(v.rest_of_para(tops[0]).starts_with("共建优质高效产业链。"));
        let plain = one("积极培育和引进人才,加快人才回流,积累人力资本。人才是头部资源。苏北地区要出台优惠政策。对引进的人才给予政策倾斜。");
        assert!(topic_sentences(&Paras(&plain), 0).is_empty());
    }

    #[test]
    fn modal_led_measures_packed_in_a_paragraph() {
        let p = one("要坚持稳字当头、稳中求进，形成合力。积极的财政政策要加力提效。赤字率拟按3%安排。稳健的货币政策要精准有力。保持流动性合理充裕。科技政策要聚焦自立自强，也要坚持国际合作。完善新型举国体制。");
        let v = Paras(&p);
        let starts = modal_starts(&v, v.paras(0, 1));
        let leads: Vec<&str> = starts
            .iter()
            .map(|s| &p[0].text[s.off..s.off + 6])
            .collect();
        assert_eq!(leads, ["积极", "稳健", "科技"]);
        // A statement is no modal lead; nor is a long sentence.
        assert!(!is_modal_lead("今年是全面贯彻党的二十大精神的开局之年"));
        assert!(!is_modal_lead(
            "各地区各部门要深入贯彻落实党中央决策部署，统筹发展和安全，推动经济运行整体好转"
        ));
    }

    #[test]
    fn advice_sentences() {
        let ps = one("长三角跨区域协同发展的深入推进,得益于全方位保障。建议其他地区城市群在推进协同发展过程中,注重组建高规格协同领导小组。");
        let v = Paras(&ps);
        let at = advice_turn(&v, v.paras(0, 1));
        assert!(at.is_some_and(|p| v.rest_of_para(p).starts_with("建议其他地区")));
        assert!(ends_with_advice_lead(
            "创新基础设施建设有较大提升空间等。建议："
        ));
        assert!(ends_with_advice_lead(
            "因此，应推动形成扬子江城市群产业协同的机制："
        ));
        assert!(!ends_with_advice_lead(
            "主要原因：“两委”缺少必要的运行规范。"
        ));
    }
}
