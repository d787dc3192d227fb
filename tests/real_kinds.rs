//! Kinds and units of real policy documents: government work reports (the review is
//! background, the work plan is measures, one by one; the speech frame is no proposal),
//! measures written as `短语。正文…`, and licence footers kept out of the text.
//!
//! The fixtures are excerpts of real documents (official documents are not subject to
//! copyright); the corpus test reads `../shared/data/gov-work-reports` when it is there.

use xietong::clean::clean;
use xietong::segment::{segment, Kind, Unit};

fn fixture(name: &str) -> Vec<Unit> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    segment(&clean(&text))
}

/// The units of `kind`, each by the first characters of its text.
fn leads(units: &[Unit], kind: Kind, chars: usize) -> Vec<String> {
    units
        .iter()
        .filter(|u| u.kind == kind)
        .map(|u| u.text.chars().take(chars).collect())
        .collect()
}

/// Openings of a speech's frame that are never a proposal.
fn is_speech_frame(text: &str) -> bool {
    let t = text.trim();
    t.starts_with("各位代表")
        || t.starts_with("今年是")
        || t.starts_with("做好今年")
        || t.starts_with("完成好今年")
        || t.split(['。', '！']).any(|s| {
            let s = s.trim_start();
            s.starts_with("让我们")
                || s.starts_with("我们坚信")
                || s.contains("团结在") && s.contains("周围")
        })
}

#[test]
fn work_report_plan_measures_are_recommendations_one_by_one() {
    let u = fixture("work_report_2025_excerpt.txt");
    let recs = leads(&u, Kind::Recommendation, 8);
    // Section 二 (总体要求和政策取向): three policy measures, each a paragraph `短语。…`; section
    // 三 (政府工作任务): the measures under each （一） block, not the block as one unit.
    assert_eq!(
        recs,
        [
            "实施更加积极的财政",
            "实施适度宽松的货币",
            "打好政策“组合拳”",
            "实施提振消费专项行",
            "积极扩大有效投资。",
            "培育壮大新兴产业、",
            "推动传统产业改造提",
            "激发数字经济创新活",
        ]
        .map(|s| s.chars().take(8).collect::<String>()),
        "{u:#?}"
    );
    // The measures sit under their block's heading.
    let consume = u
        .iter()
        .find(|u| u.text.starts_with("实施提振消费专项行动"))
        .map(|u| u.path.clone())
        .unwrap_or_default();
    assert!(
        consume
            .iter()
            .any(|h| h.starts_with("大力提振消费、提高投资效益")),
        "{consume:?}"
    );
}

#[test]
fn work_report_review_and_speech_frame_are_not_proposals() {
    let u = fixture("work_report_2025_excerpt.txt");
    for unit in &u {
        // The review of the past year narrates in the verbs of a proposal (`一是因时因势加强…`).
        if unit.path.iter().any(|h| h.contains("回顾")) {
            assert_ne!(unit.kind, Kind::Recommendation, "{unit:#?}");
        }
        if is_speech_frame(&unit.text) {
            assert_ne!(unit.kind, Kind::Recommendation, "{unit:#?}");
        }
        // An address alone is no unit.
        assert_ne!(unit.text.trim_end_matches(['：', '！']), "各位代表");
        // The library's licence footer is not the report's text.
        assert!(
            !unit.text.contains("公有领域") && !unit.text.contains("著作权法"),
            "{unit:#?}"
        );
    }
    let doc = clean(
        &std::fs::read_to_string(format!(
            "{}/tests/fixtures/work_report_2025_excerpt.txt",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap_or_default(),
    );
    for a in &doc.articles {
        let title = a.title.as_deref().unwrap_or("");
        assert!(!title.starts_with("本作品"), "{title}");
    }
}

#[test]
fn measures_packed_in_one_paragraph_of_a_work_plan_block() {
    let u = fixture("work_report_2023_excerpt.txt");
    let recs = leads(&u, Kind::Recommendation, 10);
    for want in [
        "把恢复和扩大消费摆在",
        "多渠道增加城乡居民收",
        "强化科技创新对产业发",
        "建设高效顺畅的物流体",
    ] {
        assert!(recs.iter().any(|r| r == want), "{want} in {recs:#?}");
    }
    for unit in &u {
        if unit.text.starts_with("今年是") {
            assert_eq!(unit.kind, Kind::Background, "{unit:#?}");
        }
    }
}

#[test]
fn numbered_measures_written_as_a_phrase_and_its_text_are_recommendations() {
    let u = fixture("measures_phrase_led.txt");
    let recs = leads(&u, Kind::Recommendation, 8);
    for want in [
        "保护和调动农民务农",
        "多措并举扩大乡村消",
        "稳定粮食播种面积。",
    ] {
        let want: String = want.chars().take(8).collect();
        assert!(recs.contains(&want), "{want} in {recs:#?}");
    }
}

/// Reports from this year on have a review and a work plan under headings.
const FIRST_YEAR: u32 = 2000;
/// Fewest measures a national work report of those years yields (the 2023 report packs its
/// plan into eight paragraphs and yields the fewest, 27).
const MIN_MEASURES: usize = 25;

#[test]
fn every_national_work_report_yields_its_measures() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/gov-work-reports");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("skipped: {} is absent", dir.display());
        return;
    };
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.ends_with("国务院政府工作报告.txt")
                && name
                    .get(..4)
                    .and_then(|y| y.parse::<u32>().ok())
                    .is_some_and(|y| y >= FIRST_YEAR)
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no report in {}", dir.display());
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let doc = clean(&text);
        let u = segment(&doc);
        let name = path.display();
        let recs = u.iter().filter(|u| u.kind == Kind::Recommendation).count();
        assert!(recs >= MIN_MEASURES, "{name}: {recs} recommendations");
        for unit in &u {
            assert_ne!(
                unit.text.trim_end_matches(['：', '！', '\u{200d}']),
                "各位代表",
                "{name}"
            );
            assert!(!unit.text.contains("公有领域"), "{name}: {unit:#?}");
            if unit.kind == Kind::Recommendation {
                assert!(!is_speech_frame(&unit.text), "{name}: {unit:#?}");
                assert!(
                    !unit.path.iter().any(|h| h.contains("回顾")),
                    "{name}: review unit called a recommendation: {unit:#?}"
                );
            }
        }
        for a in &doc.articles {
            let title = a.title.as_deref().unwrap_or("");
            assert!(!title.starts_with("本作品"), "{name}: {title}");
        }
    }
}

#[test]
fn links_set_on_lines_of_their_own_are_no_articles() {
    // A wiki page sets each link on a line of its own with no blank line around it
    // (`…健康发展。` / `党的十八届六中全会` / `正式明确` / `习近平` / `总书记的…`, and `——` /
    // `改革开放` / `深入推进。…`): a short line glued under a paragraph is no title, and a lone
    // dash opens an item.
    let path = format!(
        "{}/tests/fixtures/work_report_2017_link_lines.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let doc = clean(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}")));
    let titles: Vec<_> = doc.articles.iter().map(|a| a.title.clone()).collect();
    assert_eq!(titles, [Some("政府工作报告".to_string())]);
    let u = segment(&doc);
    for want in [
        "党的十八届六中全会正式明确习近平总书记的核心地位，",
        "——改革开放深入推进。",
        "——经济运行缓中趋稳、稳中向好。",
    ] {
        assert!(
            u.iter().any(|u| u.text.starts_with(want)),
            "{want} in {u:#?}"
        );
    }
}

/// The unit whose text starts with `lead`.
fn unit_starting<'a>(units: &'a [Unit], lead: &str) -> Option<&'a Unit> {
    units.iter().find(|u| u.text.starts_with(lead))
}

#[test]
fn work_plan_paragraphs_before_their_lists_are_measures_one_by_one() {
    let u = fixture("work_report_plan_shapes.txt");
    let kind_of = |lead: &str| unit_starting(&u, lead).map(|x| x.kind);
    // The review stays background, the year's targets too.
    assert_eq!(
        kind_of("过去一年，我们坚持稳中求进"),
        Some(Kind::Background),
        "{u:#?}"
    );
    assert_eq!(
        kind_of("今年发展的主要预期目标"),
        Some(Kind::Background),
        "{u:#?}"
    );
    // A policy stated before its `一是…二是…` is a measure, not the list's lead-in; so is a
    // paragraph opening on why a task matters before parallel short measures.
    for lead in [
        "继续实施稳健的货币政策",
        "健全宏观审慎政策框架",
        "守住不发生系统性金融风险底线",
        "维护公平竞争的市场秩序",
        "加快建立社会信用体系",
        "加快完善企业退出机制",
    ] {
        assert_eq!(kind_of(lead), Some(Kind::Recommendation), "{lead}: {u:#?}");
    }
    // A paragraph opening on a measure the plan goes on with (`继续…，…。`) and then packing
    // short measures: each is a measure.
    let go_on = unit_starting(&u, "继续做好城乡居民最低生活保障工作");
    assert!(
        go_on.is_some_and(|x| x.kind == Kind::Recommendation && !x.text.contains("多渠道筹集")),
        "{u:#?}"
    );
    assert_eq!(
        kind_of("多渠道筹集和管好社会保障基金"),
        Some(Kind::Recommendation),
        "{u:#?}"
    );
    // `进一步…`/`继续…` lead a measure the plan goes on with, whatever follows it.
    assert_eq!(
        kind_of("进一步发挥财政资金的引导作用"),
        Some(Kind::Recommendation),
        "{u:#?}"
    );
    // A task heading printed as a sentence on its own line (`（一）…一体化。`) heads the
    // paragraphs below it, each a unit of its own.
    for lead in ["稳定发展粮食生产", "城镇化是现代化建设的历史任务"] {
        let unit = unit_starting(&u, lead);
        assert!(
            unit.is_some_and(|x| x.kind == Kind::Recommendation
                && x.path
                    .iter()
                    .any(|h| h == "强化农业农村发展基础，推动城乡发展一体化")
                && (lead != "稳定发展粮食生产" || !x.text.contains("城镇化"))),
            "{lead}: {u:#?}"
        );
    }
}

#[test]
fn a_long_plan_block_written_a_sentence_per_measure_gives_each_its_unit() {
    let u = fixture("work_report_plan_shapes.txt");
    // `（三）…。加强城乡住房保障，…。加快建设高质量教育体系，…。深化医药卫生体制改革，…`: each
    // long sentence opening on a measure is a unit under the block's heading.
    for lead in [
        "加强城乡住房保障",
        "加快建设高质量教育体系",
        "深化医药卫生体制改革",
        "完善社会保障体系",
    ] {
        let unit = unit_starting(&u, lead);
        assert!(
            unit.is_some_and(|x| x.kind == Kind::Recommendation
                && x.path.iter().any(|h| h == "保障基本民生和改善公共服务")
                && x.text.matches('。').count() == 1),
            "{lead}: {u:#?}"
        );
    }
}
