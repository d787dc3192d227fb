//! Decides what a unit is: a recommendation, a problem, background or a case.
//!
//! The evidence, strongest first: the unit's role (the lead-in of a list is background), a
//! section heading that names its content (`突出短板`, `对策建议`), an explicit `建议` that
//! introduces the unit, examples (`比如，…`), and last the unit's own wording: proposals open
//! with a policy verb or a modal and go on in the same voice; problems name shortcomings.

use serde::{Deserialize, Serialize};

use super::speech::is_speech_frame;
use crate::chars::char_len;
use crate::lexicon::{
    has_problem_cue, is_continuing_measure, is_copula_statement, is_imperative, problem_cue_count,
    HeadingKind,
};

/// What a unit says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A proposal: what should be done.
    Recommendation,
    /// A shortcoming or its causes.
    Problem,
    /// Context, significance, framing.
    Background,
    /// Experience and examples: what was done somewhere.
    Case,
}

impl Kind {
    /// The name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Recommendation => "recommendation",
            Kind::Problem => "problem",
            Kind::Background => "background",
            Kind::Case => "case",
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<HeadingKind> for Kind {
    fn from(k: HeadingKind) -> Self {
        match k {
            HeadingKind::Recommendation => Kind::Recommendation,
            HeadingKind::Problem => Kind::Problem,
            HeadingKind::Case => Kind::Case,
            HeadingKind::Background => Kind::Background,
            HeadingKind::Plan => Kind::Recommendation,
        }
    }
}

/// The structural role of a unit in its section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// An explicitly numbered item (`1.`, `一是`) or one of a set of parallel topic sentences.
    Item,
    /// A paragraph standing on its own.
    Paragraph,
    /// The lead-in of an enumeration.
    Intro,
}

/// What the surroundings say about a unit.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context {
    /// The kind named by the nearest section heading that names one.
    pub heading: Option<HeadingKind>,
    /// An explicit `建议` introduces this unit.
    pub advised: bool,
    /// The article marks its proposals with `建议`, so proposal-shaped text elsewhere in it
    /// reports experience rather than proposing.
    pub advice_article: bool,
    /// The unit is body text right under a heading that is itself a proposal
    /// (`二、完善村干部容错免责机制`): the text spells that proposal out even where its own
    /// first clause does not read as one (`对村干部…的失误予以容错`).
    pub under_proposal: bool,
}

/// Share of body clauses that must be proposals for a work-plan paragraph opened by a
/// statement of why its task matters to be a measure.
const PLAN_BODY_IMPERATIVE_SHARE: f32 = 0.4;

/// Share of body clauses that must be proposals for a topic-led paragraph to be one.
const BODY_IMPERATIVE_SHARE: f32 = 0.3;

/// Classifies a unit from its text, its lead sentence, its role and its context.
pub fn classify(text: &str, lead: &str, role: Role, ctx: Context) -> Kind {
    // A paragraph that turns to the audience (`各位代表！进入新世纪，…`) is the speech's frame.
    let addressed = super::speech::strip_address(text) != text.trim_start();
    if role == Role::Intro
        || addressed
        || is_abstract(text)
        || is_speech_frame(text)
        || is_legal_article(text)
        || is_transmittal(text)
        || is_label(text)
    {
        return Kind::Background;
    }
    let example = has_example(text);
    if ctx.heading == Some(HeadingKind::Plan) && !example {
        return plan_kind(text, lead);
    }
    if let Some(h) = ctx.heading {
        return if example { Kind::Case } else { h.into() };
    }
    if ctx.advised {
        return Kind::Recommendation;
    }
    if example {
        return Kind::Case;
    }
    let body = text.strip_prefix(lead).unwrap_or(text);
    let imperative_lead = is_imperative(lead);
    let body_share = imperative_share(body);
    let problem = !imperative_lead && has_problem_cue(lead)
        || problem_cue_count(text) >= 3 && body_share < BODY_IMPERATIVE_SHARE;
    if problem {
        return Kind::Problem;
    }
    if ctx.advice_article && role == Role::Item {
        return Kind::Case;
    }
    // A numbered measure of an 意见/方案/规划 written as `短语。正文…`
    // (`（二）保护和调动农民务农种粮积极性。完善价格…`): its lead is a bare verb phrase, whatever
    // the verb.
    if role == Role::Item && is_measure_lead(text, lead) {
        return Kind::Recommendation;
    }
    if ctx.under_proposal && !ctx.advice_article && role == Role::Paragraph {
        return Kind::Recommendation;
    }
    if imperative_lead {
        let proposes = role == Role::Item
            || body
                .trim_start_matches(['。', '！', '？'])
                .trim()
                .is_empty()
            || body_share >= BODY_IMPERATIVE_SHARE;
        return match (proposes, ctx.advice_article) {
            (true, false) => Kind::Recommendation,
            _ => Kind::Case,
        };
    }
    Kind::Background
}

/// True for a title naming a document that proposes nothing whatever its wording: a
/// statistical bulletin reports figures and what was done (`加强对饮用水源的监测。…`), a
/// syllabus lists what is examined, and the drafting note of a standard or law (编制说明,
/// 起草说明) tells how a draft was made and what it changes (`修订的参与单位有3家`,
/// `标准内容过于简单，指导性不够；`).
pub fn title_proposes_nothing(title: &str) -> bool {
    ["统计公报", "大纲", "编制说明", "起草说明"]
        .iter()
        .any(|w| title.contains(w))
}

/// Longest label, in characters.
const LABEL_MAX_CHARS: usize = 24;

/// True for a short line that names what follows and ends with a colon
/// (`标准执行中遇到的问题：`, `电厂反馈的PSR良好实践有：`): a heading, not a proposal.
fn is_label(text: &str) -> bool {
    let t = text.trim();
    let Some(body) = t.strip_suffix(['：', ':']) else {
        return false;
    };
    char_len(body) <= LABEL_MAX_CHARS && !body.contains(['。', '！', '？', '；', '：', ':'])
}

/// True for the sentence of a 印发/转发 notice that hands its attachment on
/// (`现将《…办法》印发你们，请认真遵照执行。`): its `请…执行` asks the recipients to follow the
/// attached document, whose own measures are the proposals.
fn is_transmittal(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with("现将") && (t.contains("印发") || t.contains("转发")) && char_len(t) <= 120
}

/// Legal articles (`第X条`) an article must open at least this many paragraphs with to be a
/// regulation: one or two may be a policy's own numbering style.
const REGULATION_MIN_ARTICLES: usize = 3;

/// True for the text of a law, regulation or 办法 (`第一章　总则　　第一条 　为规范…`,
/// `第二条 …`): at least [`REGULATION_MIN_ARTICLES`] paragraphs open a legal article, possibly
/// after the chapter heading a database export runs into the same line. Its provisions are
/// rules in force, not proposals, down to the paragraphs and `（一）` items inside an article
/// (`政务部门采集数据，应当…`, `（四）其他涉及政务数据变化的情形。`).
pub fn is_regulation<'a>(paragraphs: impl IntoIterator<Item = &'a str>) -> bool {
    paragraphs
        .into_iter()
        .filter(|p| is_legal_article(strip_chapter(p)))
        .take(REGULATION_MIN_ARTICLES)
        .count()
        == REGULATION_MIN_ARTICLES
}

/// `text` without a leading chapter heading (`第一章　总则　　`), when it opens with one
/// followed by more text; else `text`.
fn strip_chapter(text: &str) -> &str {
    let t = text.trim_start();
    let Some(rest) = t.strip_prefix('第') else {
        return t;
    };
    let digits = rest
        .chars()
        .take_while(|c| "一二三四五六七八九十百零〇0123456789".contains(*c))
        .map(char::len_utf8)
        .sum::<usize>();
    if digits == 0 || !rest[digits..].starts_with('章') {
        return t;
    }
    // The chapter's name runs to the first gap of whitespace; the article follows it.
    let after = rest[digits + '章'.len_utf8()..].trim_start();
    after
        .find(char::is_whitespace)
        .map_or(t, |gap| after[gap..].trim_start())
}

/// True for an article of a law or regulation (`第十二条 …`): a rule in force, not a proposal.
fn is_legal_article(text: &str) -> bool {
    let Some(rest) = text.trim_start().strip_prefix('第') else {
        return false;
    };
    let digits = rest
        .chars()
        .take_while(|c| "一二三四五六七八九十百零〇0123456789".contains(*c))
        .count();
    digits > 0 && rest.chars().nth(digits) == Some('条')
}

/// A unit of a work plan is a measure when it is led by one (`扩大内需。…`, `加快…`,
/// `我们要…`) or goes on in the voice of one; a paragraph led by a statement that goes on
/// in statements (`今年发展主要预期目标是：…`) frames the plan.
fn plan_kind(text: &str, lead: &str) -> Kind {
    let body = text.strip_prefix(lead).unwrap_or(text);
    if is_imperative(lead) || is_continuing_measure(lead) || is_measure_lead(text, lead) {
        return Kind::Recommendation;
    }
    // A paragraph that opens on why a task matters (`整顿和规范市场经济秩序是一项长期而艰巨的
    // 任务。要标本兼治…继续抓好…`) and goes on in measures is a measure all the same; one that
    // opens on a time or a situation (`今年是…之年。`, `过去的一年，…`, `世界经济格局正在…`,
    // what has been done) or on figures (the year's targets) sets the scene.
    let first_clause = lead.split(['，', ',', '；', ';']).next().unwrap_or(lead);
    let framed = SCENE_OPENERS
        .iter()
        .any(|w| lead.trim_start().starts_with(w))
        || first_clause.contains(['%', '％'])
        || ["正在", "已经", "了", "仍", "依然"]
            .iter()
            .any(|w| lead.contains(w));
    if !framed && imperative_share(body) >= PLAN_BODY_IMPERATIVE_SHARE {
        return Kind::Recommendation;
    }
    if !is_imperative(lead)
        && has_problem_cue(lead)
        && imperative_share(body) < BODY_IMPERATIVE_SHARE
    {
        return Kind::Problem;
    }
    Kind::Background
}

/// Words that open a sentence on a time or a situation rather than a task.
const SCENE_OPENERS: &[&str] = &[
    "今年",
    "明年",
    "去年",
    "过去",
    "当前",
    "目前",
    "现在",
    "近年",
    "一年来",
    "五年来",
    "世界",
    "国际",
    "同时",
];

/// Longest measure lead, in characters (`持续增强粮食等重要农产品稳产保供能力`).
const MEASURE_LEAD_MAX_CHARS: usize = 30;

/// Words that open a sentence with its own subject or setting (a time, a speaker, a place):
/// such a sentence narrates or frames; a measure lead is a bare verb phrase.
const FRAME_OPENERS: &[&str] = &[
    "关于",
    "今年",
    "明年",
    "去年",
    "过去",
    "当前",
    "目前",
    "现在",
    "近年",
    "今后",
    "未来",
    "我们",
    "我国",
    "我省",
    "我市",
    "这",
    "那",
    "上述",
    "以上",
    "各",
    "在",
    "从",
    "随着",
    "经过",
    "一年来",
    "五年来",
    "同时",
    "但",
    "然而",
    "因此",
    "所以",
    "总之",
    "特别是",
];

/// True for the lead sentence of a measure written as `短语。正文…`: a short verb phrase with
/// no subject of its own (`扩大内需。`, `保护和调动农民务农种粮积极性。`, `打好政策“组合拳”。`),
/// ending the sentence, not a statement of what something is.
pub fn is_measure_lead(text: &str, lead: &str) -> bool {
    let ends_sentence = text
        .trim_start()
        .strip_prefix(lead)
        .is_some_and(|rest| rest.starts_with(['。', '！']));
    if !ends_sentence {
        return false;
    }
    let phrase = lead.trim();
    let n = char_len(phrase);
    (4..=MEASURE_LEAD_MAX_CHARS).contains(&n)
        && !phrase.contains(['：', ':', '；', ';'])
        && !is_copula_statement(phrase)
        && !super::speech::is_address(phrase)
        && !has_problem_cue(phrase)
        && !FRAME_OPENERS.iter().any(|w| phrase.starts_with(w))
        && !phrase.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// Share of clauses (split at `，；。`) that open like a proposal.
pub fn imperative_share(text: &str) -> f32 {
    let clauses: Vec<&str> = text
        .split(['，', ',', '；', ';', '。', '！', '？', '：', ':'])
        .map(str::trim)
        .filter(|c| c.chars().count() >= 2)
        .collect();
    if clauses.is_empty() {
        return 0.0;
    }
    let hits = clauses.iter().filter(|c| is_imperative(c)).count();
    hits as f32 / clauses.len() as f32
}

/// An abstract at the head of a report summarises its proposals without being one.
fn is_abstract(text: &str) -> bool {
    ["摘要", "内容提要", "提要", "【摘要】"]
        .iter()
        .any(|p| text.starts_with(p))
}

/// True when a sentence of the text opens with an example marker.
fn has_example(text: &str) -> bool {
    const MARKERS: [&str; 4] = ["比如", "例如", "譬如", "以此为例"];
    text.split(['。', '！', '？', '\n'])
        .any(|s| MARKERS.iter().any(|m| s.trim_start().starts_with(m)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regulation_is_known_by_its_articles_even_after_a_chapter_heading() {
        let reg = [
            "第一章　总则　　第一条 　为规范政务数据资源管理，制定本办法。",
            "第二条 　本州行政区域内政务数据资源的管理活动，适用本办法。",
            "涉及国家秘密的，按照有关法律规定执行。",
            "第四章　采集与汇聚　　第十八条 　政务部门应当按要求采集数据。",
        ];
        assert!(is_regulation(reg));
        assert_eq!(
            strip_chapter(reg[0]),
            "第一条 　为规范政务数据资源管理，制定本办法。"
        );
        assert_eq!(strip_chapter("第一章　总则"), "第一章　总则");
        // Two numbered 第X条 and a chapter heading alone are not enough.
        assert!(!is_regulation(reg[1..3].iter().copied()));
        assert!(!is_regulation([
            "第一章　总则",
            "第一条 加强管理。",
            "第二条 完善制度。",
            "一、推进协同。"
        ]));
    }

    #[test]
    fn a_notice_handing_on_its_attachment_proposes_nothing_itself() {
        let t = "现将《阿坝州政务数据资源管理暂行办法》印发你们，请认真遵照执行。";
        assert_eq!(
            classify(t, t, Role::Paragraph, Context::default()),
            Kind::Background
        );
        let t = "现将有关事项通知如下：加快推进政务数据共享。";
        assert!(!is_transmittal(t));
    }

    #[test]
    fn labels_legal_articles_and_genres_propose_nothing() {
        let ctx = Context::default();
        for t in [
            "标准执行中遇到的问题：",
            "第十二条 加强政务数据资源的统一管理。",
        ] {
            assert_eq!(classify(t, t, Role::Item, ctx), Kind::Background, "{t}");
        }
        assert!(title_proposes_nothing(
            "万载县2015年国民经济和社会发展统计公报"
        ));
        assert!(!title_proposes_nothing("关于加快发展县域经济的意见"));
    }

    #[test]
    fn measure_leads_are_bare_verb_phrases() {
        assert!(is_measure_lead(
            "保护和调动农民务农种粮积极性。完善价格。",
            "保护和调动农民务农种粮积极性"
        ));
        assert!(!is_measure_lead(
            "今年是“十四五”规划收官之年。做好…",
            "今年是“十四五”规划收官之年"
        ));
        assert!(!is_measure_lead(
            "就业是民生之本。要完善…",
            "就业是民生之本"
        ));
    }

    #[test]
    fn heading_kind_wins_over_wording() {
        let ctx = Context {
            heading: Some(HeadingKind::Problem),
            ..Context::default()
        };
        assert_eq!(
            classify(
                "推动先进制造业集群协同发展。",
                "推动先进制造业集群协同发展",
                Role::Item,
                ctx
            ),
            Kind::Problem
        );
    }

    #[test]
    fn examples_are_cases() {
        let t = "比如,上海在浙江嘉兴打造的张江长三角科技城,就是两地政府共同推动建立的合作园区。";
        assert_eq!(
            classify(t, t, Role::Paragraph, Context::default()),
            Kind::Case
        );
    }

    #[test]
    fn topic_led_paragraphs_by_wording() {
        let rec = "大力加强苏北地区承接力建设。加快苏北地区硬环境建设,建设更加完善通畅的交通、通信等基础设施网络。加强苏北地区软环境建设,构建更加完善的市场经济管理体制。";
        assert_eq!(
            classify(
                rec,
                "大力加强苏北地区承接力建设。",
                Role::Paragraph,
                Context::default()
            ),
            Kind::Recommendation
        );
        let problem =
            "苏北产业集群支撑不够,产业链尚不完善,配套能力不强。苏南地区已进入工业化高级阶段。";
        assert_eq!(
            classify(
                problem,
                "苏北产业集群支撑不够,产业链尚不完善,配套能力不强。",
                Role::Paragraph,
                Context::default()
            ),
            Kind::Problem
        );
        let case = "共建创新园区实现创新发展。苏州宿迁工业园不断做大核心产业、做强核心企业,逐步形成特色产业体系。无锡徐州工业园实现产业链的双向延伸,形成南北园区一体融合发展格局。";
        assert_eq!(
            classify(
                case,
                "共建创新园区实现创新发展。",
                Role::Paragraph,
                Context::default()
            ),
            Kind::Case
        );
    }

    #[test]
    fn text_under_a_proposal_heading_proposes_unless_it_reports_problems_or_cases() {
        let under = Context {
            under_proposal: true,
            ..Context::default()
        };
        let t = "对村干部在改革探索中的失误予以容错。";
        assert_eq!(
            classify(t, t, Role::Paragraph, Context::default()),
            Kind::Background
        );
        assert_eq!(classify(t, t, Role::Paragraph, under), Kind::Recommendation);
        let case = "比如，某县建立了容错台账。";
        assert_eq!(classify(case, case, Role::Paragraph, under), Kind::Case);
        let problem = "当前村干部队伍存在年龄老化、能力不足、后继乏人等问题。";
        assert_eq!(
            classify(problem, problem, Role::Paragraph, under),
            Kind::Problem
        );
        // In an article that marks its proposals with 建议, the rest is context or experience.
        let advice = Context {
            advice_article: true,
            ..under
        };
        assert_eq!(classify(t, t, Role::Paragraph, advice), Kind::Background);
    }

    #[test]
    fn advice_article_items_outside_advice_are_experience() {
        let ctx = Context {
            advice_article: true,
            ..Context::default()
        };
        let t = "打造G60科创走廊,推动沿线九个城市产业园区深度合作,形成产业创新发展的重要载体。";
        assert_eq!(classify(t, t, Role::Item, ctx), Kind::Case);
        let advised = Context {
            advised: true,
            ..ctx
        };
        assert_eq!(classify(t, t, Role::Item, advised), Kind::Recommendation);
    }
}
