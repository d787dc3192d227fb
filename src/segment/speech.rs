//! The frame of a speech read out to an assembly (政府工作报告, 讲话): addresses to the audience
//! (`各位代表：`), transitions that set the scene or announce what follows (`今年是…的关键之年`,
//! `做好今年工作，要…`, `着重抓好以下几个方面工作`) and the closing appeal
//! (`让我们…团结奋斗！`). They frame the measures without being measures, and an address alone
//! is not a unit at all.

use crate::chars::char_len;

/// Longest address, in characters, without its punctuation (`各位代表`, `各位委员`, `同志们`).
const ADDRESS_MAX_CHARS: usize = 8;

/// True for a text that only addresses the audience: `各位代表：`, `各位代表！`, `同志们，`.
pub fn is_address(text: &str) -> bool {
    let t = text
        .trim()
        .trim_end_matches([
            '：', ':', '！', '!', '，', ',', '。', '\u{200d}', '\u{200b}',
        ])
        .trim();
    let n = char_len(t);
    (2..=ADDRESS_MAX_CHARS).contains(&n)
        && (t.starts_with("各位")
            // `同志们`, `代表们`, not a pronoun (`我们`, `他们`).
            || n >= 3 && t.ends_with('们') && !t.starts_with(['我', '你', '他', '她', '咱']))
}

/// The text after an opening address (`各位代表！信心凝聚力量…` → `信心凝聚力量…`).
pub fn strip_address(text: &str) -> &str {
    let t = text.trim_start();
    for (at, c) in t.char_indices().take(ADDRESS_MAX_CHARS + 2) {
        if matches!(c, '：' | ':' | '！' | '!' | '，' | ',') {
            let end = at + c.len_utf8();
            if is_address(&t[..end]) {
                return t[end..].trim_start();
            }
            break;
        }
    }
    t
}

/// True for a paragraph that frames a speech rather than proposing: a closing appeal, a
/// paragraph that announces the list to come, or one that opens with a purpose frame
/// (`做好今年工作，要…`, `完成好今年目标任务，必须…`).
pub fn is_speech_frame(text: &str) -> bool {
    let t = strip_address(text);
    // The closing appeal: `让我们更加紧密地团结在…周围，…奋斗！`, also put as `我们要更加紧密地
    // 团结在…周围` or as a profession of faith (`我们坚信，在…领导下，…一定能够…！`).
    if t.split(['。', '！', '？']).any(is_appeal) {
        return true;
    }
    let first_sentence = t.split(['。', '！', '？']).next().unwrap_or(t);
    // An announcement: `我们要突出重点、把握关键，着重抓好以下几个方面工作。`
    let announces = t
        .split(['。', '！', '？'])
        .filter(|s| !s.trim().is_empty())
        .count()
        <= 2
        && ["以下几个方面", "以下几方面", "以下工作", "以下重点工作"]
            .iter()
            .any(|w| t.contains(w));
    if announces {
        return true;
    }
    purpose_frame(first_sentence)
}

/// True for a sentence of a speech's closing appeal: it calls on the audience (`让我们…`),
/// rallies it around the leadership (`…团结在…周围`) or professes faith in the outcome
/// (`我们坚信…`).
fn is_appeal(sentence: &str) -> bool {
    let s = sentence.trim_start();
    let rallies = s.find("团结在").is_some_and(|at| s[at..].contains("周围"));
    s.starts_with("让我们") || s.starts_with("我们坚信") || rallies
}

/// A sentence that opens by naming the year's work as a purpose and then says what it takes
/// (`做好今年政府工作，要在…`, `完成好今年目标任务，必须深入贯彻…`, `实现今年目标，我们要…`):
/// the guiding line of a report, not one of its measures.
fn purpose_frame(sentence: &str) -> bool {
    let mut clauses = sentence.split(['，', ',']);
    let first = clauses.next().unwrap_or("").trim();
    let Some(second) = clauses.next() else {
        return false;
    };
    let aim = ["做好", "完成好", "完成", "实现", "抓好"]
        .iter()
        .any(|v| first.starts_with(v))
        && ["工作", "任务", "目标"].iter().any(|w| first.ends_with(w))
        && char_len(first) <= 16;
    let second = second.trim_start();
    let second = second
        .strip_prefix("我们")
        .or_else(|| second.strip_prefix("各级政府"))
        .unwrap_or(second);
    aim && ["要", "必须", "需要", "务必"]
        .iter()
        .any(|m| second.starts_with(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        for t in [
            "各位代表：",
            "各位代表！",
            "各位代表",
            "同志们：",
            "各位代表：\u{200d}",
        ] {
            assert!(is_address(t), "{t}");
        }
        for t in [
            "各位代表对报告提出了意见。",
            "我们",
            "加快推进各位一体化发展",
        ] {
            assert!(!is_address(t), "{t}");
        }
        assert_eq!(strip_address("各位代表！信心凝聚力量。"), "信心凝聚力量。");
        assert_eq!(strip_address("信心凝聚力量。"), "信心凝聚力量。");
    }

    #[test]
    fn frames() {
        for t in [
            "各位代表！信心凝聚力量，实干谱写华章。让我们更加紧密地团结在以习近平同志为核心的党中央周围，奋力谱写新篇章！",
            "今年经济社会发展任务十分繁重。我们要突出重点、把握关键，着重抓好以下几个方面工作。",
            "做好今年工作，要在以习近平同志为核心的党中央坚强领导下，全面贯彻党的二十大精神。",
            "完成好今年目标任务，必须深入贯彻习近平经济思想，紧抓高质量发展这个首要任务。",
            "奋斗铸就辉煌，实干赢得未来。我们要更加紧密地团结在以习近平同志为核心的党中央周围，为全面建设社会主义现代化国家而团结奋斗！",
            "新的一年，政府工作任务相当繁重。我们坚信，在党中央领导下，一定能够克服各种艰难险阻！",
        ] {
            assert!(is_speech_frame(t), "{t}");
        }
        for t in [
            "实施更加积极的财政政策。统筹安排收入、债券等各类财政资金。",
            "做好就业工作。要完善就业优先政策。",
            "推动传统产业改造提升。加快制造业重点产业链高质量发展。",
            "巩固和发展最广泛的爱国统一战线。加强民族团结，促进各民族交往交流交融。",
        ] {
            assert!(!is_speech_frame(t), "{t}");
        }
    }
}
