//! Word lists of policy writing that the cleaner and segmenter reason with: the verbs and
//! adverbs that open a proposal, the words that name a problem, and the section-heading
//! keywords that say what a section holds.
//!
//! These are closed lists on purpose: they encode the conventions of the genre (proposals are
//! imperative sentences led by a small set of verbs), and a test pins each on the seeds.

/// Verbs and adverbs that open an imperative clause in Chinese policy writing.
const IMPERATIVE_LEADS: &[&str] = &[
    "推动", "推进", "推广", "推行", "加快", "加强", "加大", "加速", "强化", "完善", "健全", "建立",
    "构建", "构筑", "打造", "共建", "共促", "共推", "共同", "探索", "优化", "深化", "提升", "提高",
    "促进", "培育", "支持", "鼓励", "引导", "实施", "发挥", "建设", "注重", "突出", "增强", "聚焦",
    "锚定", "涵养", "彰显", "扛起", "创新", "统筹", "深入", "全面", "大力", "积极", "着力", "切实",
    "持续", "坚持", "坚决", "落实", "制定", "出台", "设立", "组建", "搭建", "拓展", "拓宽", "用好",
    "放大", "主动", "充分", "努力", "整合", "明确", "破除", "打破", "树立", "依托", "围绕", "立足",
    "借鉴", "学习", "优先", "尝试", "选优", "选树", "引进", "集聚", "创建", "规范", "简化", "降低",
    "减少", "扩大", "保障", "夯实", "严肃", "激发", "增加", "提供", "传输", "积累", "秉持", "修订",
    "调整", "联合", "联手", "携手", "合力", "分类", "做好", "抓好", "抓住", "筑牢", "鼓励", "强基",
    "选拔", "加速", "实现", "营造", "畅通", "打通", "协同", "对接", "承接", "融入", "开展", "建成",
    "设置", "确保", "保持", "守住", "防范", "化解", "严格", "禁止", "避免", "重点", "着眼", "瞄准",
    "紧扣", "抢抓", "把握", "谋划", "编制", "启动", "召开", "举办", "争取", "吸引", "留住", "培养",
    "壮大", "做大", "做强", "做优", "延伸", "补齐", "补强", "突破", "攻克", "研发", "共享", "共用",
    "开放", "开展", "推出", "试点", "发展", "布局", "建议", "要", "应", "须", "需", "必须", "应当",
    "务必", "可",
];

/// Adverbs a work plan leads its measures with when it goes on with what it already does
/// (`继续实施稳健的货币政策`, `进一步加强政府自身建设`, `千方百计扩大就业`).
const CONTINUING_LEADS: &[&str] = &["继续", "进一步", "认真", "稳步", "逐步", "千方百计"];

/// True for a clause of a work plan led by an adverb of continuing (`继续加强…`) and a verb
/// phrase: a measure there. Elsewhere such a clause may narrate (`进一步严肃了…`), so only the
/// plan's reading asks.
pub fn is_continuing_measure(clause: &str) -> bool {
    CONTINUING_LEADS.iter().any(|w| {
        clause
            .strip_prefix(w)
            .is_some_and(|rest| !rest.is_empty() && !is_copula_statement(rest))
    })
}

/// Words that name a shortcoming; a unit led by one describes a problem.
const PROBLEM_CUES: &[&str] = &[
    "问题",
    "不足",
    "不够",
    "不强",
    "不高",
    "不多",
    "不力",
    "不畅",
    "不清",
    "不明显",
    "不完善",
    "缺乏",
    "缺少",
    "短板",
    "瓶颈",
    "滞后",
    "落后",
    "薄弱",
    "难以",
    "尚未",
    "有待",
    "亟需",
    "亟待",
    "模糊",
    "受制于人",
    "差距",
    "流失",
    "短缺",
    "弱化",
    "虚化",
    "边缘化",
    "分散",
    "欠缺",
    "困难",
    "障碍",
    "制约",
    "较低",
    "偏小",
    "较弱",
    "缓慢",
    "不平衡",
    "不充分",
];

/// Heading keywords and the kind they give a section. In a heading that holds several, the
/// one that ends last wins (the later in this list on a tie): Chinese headings end with their
/// head noun (`突出短板及对策建议`).
pub const HEADING_KINDS: &[(&str, HeadingKind)] = &[
    ("建议", HeadingKind::Recommendation),
    ("对策", HeadingKind::Recommendation),
    ("举措", HeadingKind::Recommendation),
    ("措施", HeadingKind::Recommendation),
    ("路径", HeadingKind::Recommendation),
    ("思路", HeadingKind::Recommendation),
    ("短板", HeadingKind::Problem),
    ("问题", HeadingKind::Problem),
    ("不足", HeadingKind::Problem),
    ("原因", HeadingKind::Problem),
    ("困境", HeadingKind::Problem),
    ("挑战", HeadingKind::Problem),
    ("瓶颈", HeadingKind::Problem),
    ("经验", HeadingKind::Case),
    ("做法", HeadingKind::Case),
    ("案例", HeadingKind::Case),
    ("背景", HeadingKind::Background),
    ("现状", HeadingKind::Background),
    ("意义", HeadingKind::Background),
    // A work report reviews the past year (`2024年工作回顾`, `过去五年政府工作的回顾`) before
    // it plans the next: the review narrates what was done, in the same verbs as a proposal.
    ("回顾", HeadingKind::Background),
    // The work plan of a report or programme (`2025年政府工作任务`, `2014年重点工作`,
    // `2005年工作总体部署`, `总体要求和政策取向`): its measures are proposals, its framing
    // paragraphs are not.
    ("任务", HeadingKind::Plan),
    ("重点工作", HeadingKind::Plan),
    ("工作安排", HeadingKind::Plan),
    ("部署", HeadingKind::Plan),
    ("政策取向", HeadingKind::Plan),
    // `今年经济社会发展的总体要求、主要预期目标和宏观经济政策`: the policies a report sets out
    // for the year are its first measures.
    ("宏观经济政策", HeadingKind::Plan),
    // `对今年政府工作的建议` heads a report's work plan, not a think tank's proposals: it
    // ends where `建议` does and, listed after it, wins the tie.
    ("工作的建议", HeadingKind::Plan),
];

/// The kind a heading keyword gives a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadingKind {
    /// Proposals.
    Recommendation,
    /// Shortcomings and their causes.
    Problem,
    /// Experience and examples.
    Case,
    /// Context.
    Background,
    /// A work plan: measures, framed by paragraphs that set the scene (`今年是…之年`) or
    /// announce the list (`着重抓好以下几个方面工作`).
    Plan,
}

/// The kind a heading declares, from the last keyword in it.
///
/// A heading worded as a proposal (`锚定突出短板，提升核心技术控制能力`) names the problem it
/// tackles, not its content: it declares nothing and its section keeps the kind of its parent.
pub fn heading_kind(heading: &str) -> Option<HeadingKind> {
    // A preface tells what the document is and how it came about (a standard lists its parts,
    // `——第1部分：通用要求；——第2部分：…`, and its drafters): context, whatever the wording.
    if is_preface(heading) {
        return Some(HeadingKind::Background);
    }
    // The keyword must be the heading's head, in its last clause (`推动…建设的对策建议`); in an
    // earlier clause it is an object (`采取果断措施，集中力量抗击非典` in a review of the year).
    let last = heading
        .rsplit(['，', ',', '；', ';'])
        .next()
        .unwrap_or(heading);
    let kind = heading_kind_in(last)?;
    let proposes = matches!(kind, HeadingKind::Recommendation | HeadingKind::Plan);
    (proposes || !is_imperative(heading)).then_some(kind)
}

fn heading_kind_in(text: &str) -> Option<HeadingKind> {
    HEADING_KINDS
        .iter()
        .filter_map(|&(word, kind)| text.rfind(word).map(|at| (at + word.len(), kind)))
        .max_by_key(|&(at, _)| at)
        .map(|(_, kind)| kind)
}

/// Longest bare section name, in characters (`存在的主要问题`, `几点对策建议`).
const SECTION_NAME_CHARS: usize = 10;

/// True for the title of a box set beside the text of a plan (`专栏3　科技创新重点工程`): the
/// box lists projects or indicators, as a table would, and is neither an article nor a
/// section of proposals.
pub fn is_box_title(text: &str) -> bool {
    text.trim_start().strip_prefix("专栏").is_some_and(|rest| {
        rest.trim_start().chars().next().is_some_and(|c| {
            c.is_ascii_digit() || ('０'..='９').contains(&c) || "一二三四五六七八九十".contains(c)
        })
    })
}

/// True for the caption of a table or figure (`表 1 “十三五”时期…主要发展目标`, `图2-1 …`,
/// `附表3 …`): a label and its number over what it captions.
pub fn is_caption(text: &str) -> bool {
    let t = text.trim_start();
    ["附表", "附图", "表", "图"].iter().any(|label| {
        t.strip_prefix(label).is_some_and(|rest| {
            rest.trim_start()
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        })
    })
}

/// True for a line that only names a section by its kind (`对策建议`, `存在的主要问题`,
/// `主要做法`): short, not a sentence, not a lead-in (`为此建议：`), and named by
/// [`heading_kind`].
pub fn is_section_name(text: &str) -> bool {
    let t = text.trim();
    let n = t.chars().count();
    is_preface(t)
        || (2..=SECTION_NAME_CHARS).contains(&n)
            && !t.contains(['。', '，', ',', '：', ':', '；', '！', '？'])
            && heading_kind(t).is_some()
}

/// True for the heading of a preface (`前言`, `引言`, `序言`), also letter-spaced as a
/// centred heading is typeset (`前 言`, `前　　言`).
pub fn is_preface(text: &str) -> bool {
    let tight: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    matches!(tight.as_str(), "前言" | "引言" | "序言")
}

/// True when the text starts with a policy verb or adverb (not a modal).
pub fn starts_with_lead_verb(text: &str) -> bool {
    IMPERATIVE_LEADS
        .iter()
        .any(|v| v.chars().count() >= 2 && text.starts_with(v))
}

/// True when the clause opens like a proposal: with a policy verb or adverb, or with a short
/// subject followed by a modal (`苏北地区要出台…`, `南通将…`).
pub fn is_imperative(clause: &str) -> bool {
    let c = clause.trim_start_matches(['“', '"', '（', '(']);
    if is_copula_statement(c) {
        return false;
    }
    if IMPERATIVE_LEADS.iter().any(|v| c.starts_with(v)) {
        // `要素` and `应用` are nouns, not modals.
        return !(c.starts_with("要素") || c.starts_with("应用") || c.starts_with("可能"));
    }
    has_modal(c)
}

/// True when the first clause says what something *is* (`推动协同区建设是…的具体行动`): a
/// statement of significance, not a proposal, even when it opens with a verb.
pub fn is_copula_statement(clause: &str) -> bool {
    let mut clauses = clause.split(['，', ',', '；', ';']);
    let first = clauses.next().unwrap_or(clause);
    // `推动区域协调发展,是…的重要任务`: a topic, a comma, then the copula.
    if clauses
        .next()
        .is_some_and(|second| second.starts_with('是') || second.starts_with("也是"))
    {
        return true;
    }
    // `构建开放型的区域创新体系对于提升…能力`: a topic and what it means for something.
    if first.find("对于").is_some_and(|at| at >= 6) {
        return true;
    }
    let chars: Vec<char> = first.chars().collect();
    chars.iter().enumerate().skip(1).any(|(i, &c)| {
        c == '是'
            && !"于但还就只总若凡而不要更也即正都实".contains(chars[i - 1])
            && chars.get(i + 1).is_none_or(|&n| n != '否')
    })
}

/// A modal verb within the first few characters after a short subject.
fn has_modal(clause: &str) -> bool {
    let head: Vec<char> = clause.chars().take(10).collect();
    for (i, &c) in head.iter().enumerate().skip(1) {
        let prev = head[i - 1];
        let next = head.get(i + 1).copied().unwrap_or(' ');
        let modal = match c {
            '要' => !"主重纲摘简必只想需首".contains(prev) && !"素求点件闻害务是".contains(next),
            '将' => !"即必".contains(prev) && !"来近".contains(next),
            '应' => !"相适反供效对回呼响".contains(prev) && !"用对急有该是".contains(next),
            '需' => !"必急供".contains(prev) && !"求".contains(next),
            _ => false,
        };
        if modal {
            return true;
        }
    }
    false
}

/// True when the text names a shortcoming.
pub fn has_problem_cue(text: &str) -> bool {
    PROBLEM_CUES.iter().any(|w| text.contains(w))
}

/// Number of distinct problem words in the text.
pub fn problem_cue_count(text: &str) -> usize {
    PROBLEM_CUES.iter().filter(|w| text.contains(*w)).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_declare_kinds_by_their_last_keyword() {
        assert_eq!(
            heading_kind("先进制造业集群建设面临的突出短板"),
            Some(HeadingKind::Problem)
        );
        assert_eq!(
            heading_kind("推动先进制造业集群建设的对策建议"),
            Some(HeadingKind::Recommendation)
        );
        assert_eq!(
            heading_kind("突出短板及对策建议"),
            Some(HeadingKind::Recommendation)
        );
        assert_eq!(
            heading_kind("长三角协同发展的典型经验"),
            Some(HeadingKind::Case)
        );
        assert_eq!(
            heading_kind("强化顶层设计,建立机制完善、执行有力的协调机制"),
            None
        );
        assert_eq!(heading_kind("前  言"), Some(HeadingKind::Background));
        assert_eq!(heading_kind("引言"), Some(HeadingKind::Background));
    }

    #[test]
    fn imperative_leads_and_modals() {
        for s in [
            "大力加强苏北地区承接力建设",
            "共建优质高效产业链",
            "苏北地区要出台优惠政策",
            "南通将全力推动协同区建设",
        ] {
            assert!(is_imperative(s), "{s}");
        }
        for s in [
            "苏北产业集群支撑不够",
            "人才是头部资源",
            "特色园区特色产业链正在形成",
            "要素市场一体化",
            "主要原因",
        ] {
            assert!(!is_imperative(s), "{s}");
        }
    }

    #[test]
    fn section_names() {
        for t in ["对策建议", "存在的主要问题", "主要做法", "几点建议"] {
            assert!(is_section_name(t), "{t}");
        }
        for t in [
            "为此，建议：",
            "关于加快发展县域经济的几点建议",
            "加快培育集群促进机构",
            "建议。",
        ] {
            assert!(!is_section_name(t), "{t}");
        }
    }
}
