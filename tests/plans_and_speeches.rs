//! Five-year plans (第X篇/第X章/第X节 divisions, 专栏 boxes, a preamble that names the plan)
//! and speeches scraped from a wiki (no title line, links broken out onto lines of their own,
//! a title note and the speaker under the title, policies packed in one paragraph). The texts
//! are excerpts in the shape of the real documents (official documents are not subject to
//! copyright).

use xietong::clean::clean;
use xietong::segment::{segment, Kind, Unit};

fn units(text: &str) -> Vec<Unit> {
    segment(&clean(text))
}

const PLAN: &str = "根据《中共广西壮族自治区委员会关于制定国民经济和社会发展第十三个五年规划的建议》，编制广西壮族自治区国民经济和社会发展第十三个五年（2016—2020年）规划纲要，阐明“十三五”时期经济社会发展的指导思想、目标任务和重大举措。\n\n \n\n\
第一篇　乘势而上　奋力实现“两个建成”宏伟目标\n\n \n\n\
“十三五”时期是我国全面建成小康社会的决胜期。必须深刻认识国内外环境的新变化。\n\n\
第一章　发展环境\n\n\
“十二五”时期，自治区经济社会发展取得了新的重大成就，地区生产总值年均增长10.1%。\n\n\
专栏1　“十二五”规划纲要主要指标完成情况\n\n \n\n指　标\n\n2010年\n\n规划目标\n\n1.地区生产总值（亿元）\n\n9570\n\n15500\n\n \n\n\
第二篇　创新驱动　培育发展新动力\n\n\
第八章　增强科技创新引领作用\n\n\
第一节　强化创新政策支持\n\n\
实施创新驱动发展战略。加大财政科技投入，完善科技成果转化激励政策，建立以企业为主体的技术创新体系。\n\n\
专栏3　科技创新重点工程\n\n\
重大科技专项：在传统产业转型升级和智能制造、新能源汽车等领域实施重大科技专项。\n\n\
科技成果转化：实施重点领域科技成果引进转化行动，组织2000项以上科技成果转化应用。\n\n \n\n\
第二节　推动大众创业万众创新\n\n\
实施创业创新行动计划，激发全民创新活力和创业潜能。鼓励大型企业设立技术转移和创新平台。\n";

#[test]
fn a_plan_is_titled_by_its_preamble_and_divided_into_parts_chapters_and_sections() {
    let doc = clean(PLAN);
    assert_eq!(doc.articles.len(), 1, "a box title opens no article");
    assert_eq!(
        doc.articles[0].title.as_deref(),
        Some("广西壮族自治区国民经济和社会发展第十三个五年（2016—2020年）规划纲要")
    );
    let u = segment(&doc);
    let measure = u
        .iter()
        .find(|x| x.text.starts_with("实施创新驱动发展战略"))
        .map(|x| x.path.clone())
        .unwrap_or_default();
    // Part, chapter and section nest whatever the numbering inside them.
    assert!(
        measure.iter().any(|h| h.starts_with("创新驱动")),
        "{measure:?}"
    );
    assert!(
        measure.iter().any(|h| h == "增强科技创新引领作用"),
        "{measure:?}"
    );
    assert!(
        measure.iter().any(|h| h == "强化创新政策支持"),
        "{measure:?}"
    );
    let second = u
        .iter()
        .find(|x| x.text.starts_with("实施创业创新行动计划"))
        .map(|x| x.path.clone())
        .unwrap_or_default();
    assert!(
        second.iter().any(|h| h == "推动大众创业万众创新"),
        "{second:?}"
    );
    assert!(
        !second.iter().any(|h| h == "强化创新政策支持"),
        "{second:?}"
    );
}

#[test]
fn boxes_beside_a_plan_are_no_proposals() {
    let u = units(PLAN);
    for x in &u {
        let in_box = x.text.starts_with("专栏")
            || x.text.starts_with("重大科技专项")
            || x.text.starts_with("科技成果转化：")
            || x.text.contains("地区生产总值（亿元）");
        if in_box {
            assert_eq!(x.kind, Kind::Background, "{x:#?}");
        }
    }
    assert!(
        u.iter()
            .any(|x| x.kind == Kind::Recommendation && x.text.starts_with("实施创业创新行动计划")),
        "{u:#?}"
    );
}

const SPEECH: &str = "\u{200b}\n\n\n政府工作报\n告\n\n\n——2017年3月5日在第十二届全国人民代表大会第五次会议上\n\n\n\n国务院总理\n　李克强\n\n\n各位代表：\n\n\n\
现在，我代表国务院，向大会报告政府工作，请予审议。\n\n\n\
一、2016年工作回顾\n\n\
过去一年，我国发展面临国内外诸多矛盾叠加的严峻挑战，经济运行保持在合理区间。\n\n\
——经济结构加快调整。消费在经济增长中发挥主要拉动作用。\n\n\
——发展新动能不断增强。创新驱动发展战略深入实施。\n\n\
——生态环境有所好转。重点地区细颗粒物年均浓度明显下降。\n\n\
——基础设施支撑能力持续提升。新建\n高速铁路\n投产里程超过1900公里，新建改建\n高速公路\n6700多公里。\n\n\
二、2017年工作总体部署\n\n\
今年是实施“十三五”规划的重要一年。做好政府工作，要在党中央坚强领导下，稳中求进。\n\n\
要坚持稳字当头，保持政策连续性稳定性。积极的财政政策要更加积极有效。赤字率拟按3%安排。稳健的货币政策要保持稳健中性。广义货币M2预期增长12%左右。社会政策要兜牢民生底线。落实就业优先政策。\n\n\
三、2017年重点工作任务\n\n\
（一）用改革的办法推进结构调整。扎实有效去产能。今年要再压减钢铁产能5000万吨左右。因城施策去库存。继续支持居民自住和进城人员购房需求。\n";

#[test]
fn a_speech_is_titled_by_its_title_line_without_its_note_and_speaker() {
    let doc = clean(SPEECH);
    assert_eq!(doc.articles[0].title.as_deref(), Some("政府工作报告"));
    let byline = doc.articles[0].byline.clone().unwrap_or_default();
    assert!(
        byline.contains("2017年3月5日在第十二届全国人民代表大会"),
        "{byline}"
    );
    assert!(byline.ends_with("李克强"), "{byline}");
    // Without its title line, the speech is named by what the speaker says it is.
    let untitled = clean(&SPEECH[SPEECH.find("各位代表").unwrap_or(0)..]);
    assert_eq!(untitled.articles[0].title.as_deref(), Some("政府工作报告"));
}

#[test]
fn links_broken_out_onto_lines_of_their_own_are_joined() {
    let u = units(SPEECH);
    assert!(
        u.iter().any(|x| x
            .text
            .contains("新建高速铁路投产里程超过1900公里，新建改建高速公路6700多公里。")),
        "{u:#?}"
    );
    assert!(!u.iter().any(|x| x.text == "高速铁路"), "{u:#?}");
}

#[test]
fn policies_packed_in_one_paragraph_are_measures_one_by_one() {
    let u = units(SPEECH);
    let recs: Vec<String> = u
        .iter()
        .filter(|x| x.kind == Kind::Recommendation)
        .map(|x| x.text.chars().take(9).collect())
        .collect();
    for want in [
        "积极的财政政策要",
        "稳健的货币政策要",
        "社会政策要兜牢民生",
        "扎实有效去产能。",
        "因城施策去库存。",
    ] {
        assert!(
            recs.iter().any(|r| r.starts_with(want)),
            "{want} in {recs:#?}"
        );
    }
    for x in &u {
        if x.path.iter().any(|h| h.contains("回顾")) || x.text.starts_with("今年是") {
            assert_ne!(x.kind, Kind::Recommendation, "{x:#?}");
        }
    }
}
