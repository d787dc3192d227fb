//! Whole-seed segmentation: the recommendations of every bundled seed document, with their
//! headings, and what must never become a recommendation.

use xietong::clean::clean;
use xietong::segment::{segment, Kind, Unit};

fn units(name: &str) -> Vec<Unit> {
    let path = format!("{}/seeds/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    segment(&clean(&text))
}

fn rec_headings(units: &[Unit]) -> Vec<String> {
    units
        .iter()
        .filter(|u| u.kind == Kind::Recommendation)
        .map(|u| u.heading.clone().unwrap_or_default())
        .collect()
}

fn count(units: &[Unit], kind: Kind) -> usize {
    units.iter().filter(|u| u.kind == kind).count()
}

#[test]
fn seed_000_compilation_of_three_pdf_reports() {
    let u = units("000_72a7b87fc3321f6e.txt");
    let heads = rec_headings(&u);
    assert_eq!(heads.len(), 29, "{heads:#?}");
    // Report 1: six doubled-bold numbered items.
    assert_eq!(heads[0], "推进空间协同，按照主体功能区优化产业布局");
    assert_eq!(heads[5], "推进市场协同，创新产业协同发展的体制机制");
    // Report 2: item 1 splits into 一是/二是/三是; item 4 into 一方面 and three platforms.
    assert_eq!(
        &heads[6..9],
        [
            "加强规划引领",
            "以核心城市为龙头",
            "围绕各城市创新优势加快特色发展"
        ]
    );
    assert_eq!(heads[11], "加快区域创新要素市场的建设");
    assert_eq!(heads[12], "打造江苏省文献资源和技术信息共享平台");
    assert_eq!(heads[15], "加快科技创新的国内外合作步伐");
    // Report 3 (its title only appears mid-text): 一要/二要/三是 and 一是…五是 lists.
    assert_eq!(heads[16], "强化农村基层党组织政治功能");
    assert_eq!(heads[23], "鼓励探索基层党建模式");
    assert_eq!(heads[28], "建立村干部容错免责机制");
    let rural = u
        .iter()
        .find(|x| x.heading.as_deref() == Some("选优配强带头人队伍"));
    let rural = rural.expect("rural unit");
    assert_eq!(
        rural.path[0],
        "乡村振兴形势下农村基层党组织带头人队伍建设的实现路径"
    );
    assert_eq!(rural.marker.as_deref(), Some("一是"));
    assert_eq!(rural.article, 2);
    // The problem statements before each list are not recommendations.
    assert!(count(&u, Kind::Problem) >= 2);
    let first = &u[0];
    assert_eq!(first.kind, Kind::Problem);
    assert_eq!(
        (first.location.first_line, first.location.last_line),
        (8, 26)
    );
}

#[test]
fn seed_000_locations_follow_the_source_lines() {
    let u = units("000_72a7b87fc3321f6e.txt");
    let space = u
        .iter()
        .find(|x| x.marker.as_deref() == Some("1."))
        .expect("item 1.");
    assert_eq!(
        (space.location.first_line, space.location.last_line),
        (28, 56)
    );
    assert!(space
        .text
        .starts_with("推进空间协同，按照主体功能区优化产业布局。依据"));
    assert!(space
        .text
        .ends_with("对不同主体功能区限制发展产业征收较高税率。"));
}

#[test]
fn seed_001_topic_sentences_inside_paragraphs() {
    let u = units("001_896269cbe59e9b91.txt");
    assert_eq!(
        rec_headings(&u),
        [
            "共建优质高效产业链",
            "共建科技创新共同体",
            "共建营商环境强磁场",
            "打造产业协同协作集聚区",
            "打造产城融合共生示范区",
            "打造绿色低碳发展引领区",
            "探索各方利益平衡机制",
            "探索要素自由流动机制",
            "探索改革成果共享机制",
        ]
    );
    // The significance statements of the first section are background.
    let why = u
        .iter()
        .filter(|x| x.text.starts_with("推动协同区建设是"))
        .count();
    assert_eq!(why, 3);
    assert!(u
        .iter()
        .filter(|x| x.text.starts_with("推动协同区建设是"))
        .all(|x| x.kind == Kind::Background));
    let tax = u
        .iter()
        .find(|x| x.heading.as_deref() == Some("探索各方利益平衡机制"));
    assert_eq!(
        tax.map(|x| x.path.clone()).unwrap_or_default(),
        [
            "共建长江口产业创新协同区 推进长三角一体化发展",
            "创新体制机制，激发共进共赢的内生动力",
            "探索各方利益平衡机制"
        ]
    );
}

#[test]
fn seed_002_problems_and_recommendations_by_section() {
    let u = units("002_a7581ce583f3e2a8.txt");
    let heads = rec_headings(&u);
    assert_eq!(heads.len(), 15, "{heads:#?}");
    assert_eq!(heads[3], "打造卓越集群产业链");
    assert_eq!(heads[11], "主抓集群促进机构能力建设");
    let problems: Vec<&Unit> = u
        .iter()
        .filter(|x| x.path.get(1).is_some_and(|s| s.ends_with("突出短板")))
        .collect();
    assert_eq!(problems.len(), 13);
    assert!(problems.iter().all(|x| x.kind == Kind::Problem));
    // The abstract summarises the proposals but is not one.
    assert_eq!(u[0].kind, Kind::Background);
    assert!(u[0].text.starts_with("摘要"));
}

#[test]
fn seed_003_only_the_advice_is_recommended() {
    let u = units("003_e6db8e3596dbca84.txt");
    let recs: Vec<&Unit> = u
        .iter()
        .filter(|x| x.kind == Kind::Recommendation)
        .collect();
    assert_eq!(recs.len(), 4);
    assert!(recs
        .iter()
        .all(|x| x.text.starts_with("建议其他地区城市群")));
    assert_eq!(recs[3].path, ["以联合培育集群为抓手,实现差异化发展目标"]);
    // 比如 paragraphs and the experience list 一是…四是 are cases.
    assert_eq!(u.iter().filter(|x| x.text.starts_with("比如")).count(), 4);
    assert!(u
        .iter()
        .filter(|x| x.text.starts_with("比如") || x.marker.is_some())
        .all(|x| x.kind == Kind::Case));
}

#[test]
fn seed_004_web_article() {
    let u = units("004_55434fdc5f3ead45.txt");
    assert_eq!(
        rec_headings(&u),
        [
            "大力加强苏北地区承接力建设",
            "增强苏南产业向北转移的外推力",
            "积极培育和引进人才,加快人才回流,积累人力资本",
            "优化结对帮扶合作机制,探索产业集群协作新模式",
        ]
    );
    assert_eq!(count(&u, Kind::Problem), 3);
}

#[test]
fn no_boilerplate_in_any_unit() {
    let junk = [
        "小贴士",
        "成果选编",
        "本期送",
        "共印",
        "苏简字",
        "供稿",
        "当前位置",
        "admin",
        "微信",
        "版权声明",
        "分享给朋友",
        "相关文章",
        "作者系",
        "作者为",
        "**",
        "推进空间协同推进",
        "，，",
        "。。",
    ];
    for name in [
        "000_72a7b87fc3321f6e.txt",
        "001_896269cbe59e9b91.txt",
        "002_a7581ce583f3e2a8.txt",
        "003_e6db8e3596dbca84.txt",
        "004_55434fdc5f3ead45.txt",
    ] {
        for unit in units(name) {
            for j in junk {
                assert!(!unit.text.contains(j), "{name}: {j:?} in {}", unit.text);
            }
        }
    }
}

/// A unit's numbering marker and heading, empty when it has none.
fn marker_and_heading(u: &Unit) -> (&str, &str) {
    (
        u.marker.as_deref().unwrap_or(""),
        u.heading.as_deref().unwrap_or(""),
    )
}

fn units_of_text(text: &str) -> Vec<Unit> {
    segment(&clean(text))
}

#[test]
fn every_numbering_form_yields_one_unit_per_item() {
    let text = "关于推进区域协同的建议\n\n\
        一、总体思路\n\n\
        （一）完善协调机制\n\n\
        1.建立联席会议制度。定期会商重大事项。\n\n\
        2.健全利益分享机制。探索财税分享办法。\n\n\
        （二）强化要素保障\n\n\
        （1）优化土地供给。推动用地指标跨区域调剂。\n\n\
        （2）畅通人才流动。推动职称互认。\n\n\
        二、重点任务\n\n\
        ①共建产业园区。完善园区共建模式。\n\n\
        ②共享创新平台。开放大型科研仪器。\n\n\
        三、保障措施\n\n\
        第一，加强组织领导，明确责任分工。第二，加大资金投入，设立专项资金。第三，强化督查考核，定期通报进展。\n";
    let u = units_of_text(text);
    let recs: Vec<(&str, &str)> = u
        .iter()
        .filter(|x| x.kind == Kind::Recommendation)
        .map(marker_and_heading)
        .collect();
    assert_eq!(
        recs,
        [
            ("1.", "建立联席会议制度"),
            ("2.", "健全利益分享机制"),
            ("（1）", "优化土地供给"),
            ("（2）", "畅通人才流动"),
            ("①", "共建产业园区"),
            ("②", "共享创新平台"),
            ("第一", "加强组织领导，明确责任分工"),
            ("第二", "加大资金投入，设立专项资金"),
            ("第三", "强化督查考核，定期通报进展"),
        ]
    );
    let land = u
        .iter()
        .find(|x| x.marker.as_deref() == Some("（1）"))
        .expect("（1）");
    assert_eq!(
        land.path,
        [
            "关于推进区域协同的建议",
            "总体思路",
            "强化要素保障",
            "优化土地供给"
        ]
    );
    assert_eq!(
        (land.location.first_line, land.location.last_line),
        (13, 13)
    );
}

#[test]
fn text_under_a_proposal_heading_is_that_proposal() {
    // Headings state the proposals; the text under them need not open with a policy verb.
    let text = "关于推进集群发展的建议\n\n\
        一、加快培育集群促进机构\n\n\
        支持行业协会、第三方机构发展为集群促进机构，提升服务能力。\n\n\
        二、完善村干部容错免责机制\n\n\
        对村干部在改革探索中的失误予以容错。\n\n\
        三、发展低空经济\n\n\
        布局无人机产业。\n\n\
        四、存在的问题\n\n\
        集群促进机构数量少，服务能力不强。\n";
    let u = units_of_text(text);
    let kinds: Vec<(&str, Kind)> = u
        .iter()
        .map(|x| (x.path.last().map_or("", String::as_str), x.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("加快培育集群促进机构", Kind::Recommendation),
            ("完善村干部容错免责机制", Kind::Recommendation),
            ("发展低空经济", Kind::Recommendation),
            ("存在的问题", Kind::Problem),
        ]
    );
    // The heading names the proposal, and analysis reads it with the text below it.
    let tolerance = &u[1];
    assert_eq!(tolerance.heading.as_deref(), Some("完善村干部容错免责机制"));
    assert_eq!(tolerance.path.len(), 2, "{:?}", tolerance.path);
    assert_eq!(
        tolerance.analysed_text(),
        "完善村干部容错免责机制\n对村干部在改革探索中的失误予以容错。"
    );
    // A heading taken from the text's own lead is not read twice.
    assert_eq!(u[3].analysed_text(), u[3].text);
}

#[test]
fn unnumbered_proposal_headings_head_the_text_below_them() {
    // As Word headings without numbering and web `<h3>` come out: a proposal-shaped line on
    // its own, then its text.
    let text = "关于推进集群发展的建议\n\n集群是产业发展的重要组织形式。\n\n\
        加快培育集群促进机构\n\n支持行业协会、第三方机构发展为集群促进机构，提升服务能力。\n\n\
        完善村干部容错免责机制\n\n对村干部在改革探索中的失误予以容错。\n\n\
        2024年3月5日\n\n以上建议供参考。\n";
    let u = units_of_text(text);
    let recs: Vec<(&str, &str)> = u
        .iter()
        .filter(|x| x.kind == Kind::Recommendation)
        .map(|x| (x.heading.as_deref().unwrap_or(""), x.text.as_str()))
        .collect();
    assert_eq!(
        recs,
        [
            (
                "加快培育集群促进机构",
                "支持行业协会、第三方机构发展为集群促进机构，提升服务能力。"
            ),
            (
                "完善村干部容错免责机制",
                "对村干部在改革探索中的失误予以容错。"
            ),
        ]
    );
    // Each proposal's place in the source starts at its heading line.
    let first_lines: Vec<(u32, u32)> = u
        .iter()
        .filter(|x| x.kind == Kind::Recommendation)
        .map(|x| (x.location.first_line, x.location.last_line))
        .collect();
    assert_eq!(first_lines, [(5, 7), (9, 11)]);
    // The date is dropped and the closing line stays background under the last heading.
    assert!(u.iter().all(|x| !x.text.contains("2024年")));
    let closing = u.iter().find(|x| x.text == "以上建议供参考。");
    assert_eq!(closing.map(|x| x.kind), Some(Kind::Background));
}

#[test]
fn an_item_among_proposals_proposes_even_when_its_lead_does_not_say_so() {
    // `统一` is not a verb the lexicon knows; its siblings make it a proposal.
    let text = "关于推动长三角生态绿色一体化发展的思考\n\
        示范区建设取得了显著成效，但也存在跨域协同机制不健全等问题。\n\
        下一步，要重点做好以下工作。一是健全跨域协同机制。建立示范区理事会议事规则。\
        二是统一生态补偿标准。由两省一市按比例出资。\
        三是共建共享公共服务。推动医保异地结算全覆盖。\n";
    let u = units_of_text(text);
    let recs: Vec<&str> = u
        .iter()
        .filter(|x| x.kind == Kind::Recommendation)
        .filter_map(|x| x.heading.as_deref())
        .collect();
    assert_eq!(
        recs,
        ["健全跨域协同机制", "统一生态补偿标准", "共建共享公共服务"]
    );
    // A list of problems is not turned into proposals by the rule.
    let problems = "存在的问题\n一是协同机制不健全，合作动力不足。二是补偿标准不统一，矛盾较多。三是公共服务差距大，共享不够。\n";
    let u = units_of_text(problems);
    assert!(u.iter().all(|x| x.kind != Kind::Recommendation), "{u:?}");
}

#[test]
fn first_then_finally_and_qi_lists_are_split_into_items() {
    let text = "推进县域医共体建设的对策建议\n县域医共体是深化医改的重要抓手。\n\
        首先，要完善医共体管理体制。明确牵头医院和成员单位的权责。其次，要健全医保支付机制。\
        推行按人头总额预付。再次，要强化基层人才队伍。实施县管乡用。最后，要推进信息系统互联互通。\
        建设县域统一的健康信息平台。\n";
    let u = units_of_text(text);
    let heads: Vec<&str> = u
        .iter()
        .filter(|x| x.kind == Kind::Recommendation)
        .filter_map(|x| x.heading.as_deref())
        .collect();
    assert_eq!(
        heads,
        [
            "完善医共体管理体制",
            "健全医保支付机制",
            "强化基层人才队伍",
            "推进信息系统互联互通"
        ]
    );
    let qi = "关于发展银发经济的建议\n其一，完善养老服务设施。新建小区配建养老用房。其二，培育银发消费市场。发展适老化产品。\n";
    let heads: Vec<String> = units_of_text(qi)
        .iter()
        .filter_map(|x| x.heading.clone())
        .collect();
    assert_eq!(heads, ["完善养老服务设施", "培育银发消费市场"]);
    // `最后` alone in running text is a word, not a list.
    let one = "关于发展银发经济的建议\n完善养老服务设施，最后形成全覆盖的服务网络。\n";
    assert_eq!(units_of_text(one).len(), 1);
}

#[test]
fn unnumbered_section_names_divide_numbered_lists() {
    // `存在的主要问题` and `对策建议` carry no number; each list restarts at 1.
    let text = "关于推进园区共建的报告\n存在的主要问题\n\
        1.园区共建缺乏利益分享机制，合作动力不足。\n2.要素流动不畅，资质互认推进缓慢。\n\
        对策建议\n1.建立成本共担、利益共享机制。\n2.推进人才资质互认。\n";
    let u = units_of_text(text);
    let got: Vec<(Kind, &str, &str)> = u
        .iter()
        .map(|x| {
            (
                x.kind,
                x.path.get(1).map_or("", String::as_str),
                x.heading.as_deref().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                Kind::Problem,
                "存在的主要问题",
                "园区共建缺乏利益分享机制，合作动力不足"
            ),
            (
                Kind::Problem,
                "存在的主要问题",
                "要素流动不畅，资质互认推进缓慢"
            ),
            (
                Kind::Recommendation,
                "对策建议",
                "建立成本共担、利益共享机制"
            ),
            (Kind::Recommendation, "对策建议", "推进人才资质互认"),
        ]
    );
    assert_eq!(
        u[0].path[0], "关于推进园区共建的报告",
        "the section name is not in the title"
    );
    // The second problem does not swallow the section name after it.
    assert_eq!(u[1].text, "要素流动不畅，资质互认推进缓慢。");
}

#[test]
fn a_paragraph_of_problems_then_one_of_proposals() {
    // No headings: the lead-ins say which list is which, and the second list is split too.
    let text = "关于优化营商环境的调研报告\n\
        当前，我市营商环境仍存在以下问题：一是审批流程繁琐，企业办事环节多、时间长。\
        二是政策落实不到位，惠企政策知晓率低。三是要素保障不足，用地用工成本偏高。\n\
        为此，提出以下建议：一是深化审批制度改革，推行承诺制审批。\
        二是加大政策宣传力度，建立政策直达机制。三是强化要素保障，盘活存量土地。\n";
    let kinds: Vec<(Kind, String)> = units_of_text(text)
        .into_iter()
        .map(|x| (x.kind, x.marker.unwrap_or_default()))
        .collect();
    let want: Vec<(Kind, String)> = [Kind::Problem; 3]
        .into_iter()
        .chain([Kind::Recommendation; 3])
        .zip(["一是", "二是", "三是", "一是", "二是", "三是"])
        .map(|(k, m)| (k, m.to_string()))
        .collect();
    assert_eq!(kinds, want);
}

#[test]
fn right_paren_numbers_and_crlf_lines() {
    let text = "关于推进数字政府建设的建议\r\n1) 推进政务数据共享。建立统一的数据共享交换平台。\r\n\
        2) 优化一网通办服务。推动高频事项全程网办。\r\n3）强化数据安全保障。落实数据分类分级保护制度。\r\n";
    let u = units_of_text(text);
    let got: Vec<(&str, &str)> = u.iter().map(marker_and_heading).collect();
    assert_eq!(
        got,
        [
            ("1)", "推进政务数据共享"),
            ("2)", "优化一网通办服务"),
            ("3）", "强化数据安全保障")
        ]
    );
    assert!(u.iter().all(|x| x.kind == Kind::Recommendation));
}

#[test]
fn lone_numeral_headings_and_problem_sections() {
    let text = "一\n存在的主要问题\n园区共建缺乏利益分享机制，合作动力不足。\n二\n对策建议\n建立成本共担、利益共享机制，推动园区共建。\n";
    let u = units_of_text(text);
    assert_eq!(u.len(), 2);
    assert_eq!(u[0].kind, Kind::Problem);
    assert_eq!(u[0].path, ["存在的主要问题"]);
    assert_eq!(u[1].kind, Kind::Recommendation);
    assert_eq!(u[1].path[0], "对策建议");
}

#[test]
fn reprinted_title_is_cut_out_and_names_its_article() {
    // A PDF page: the second article starts without its title, which the layout printed
    // (doubled, in bold) in the middle of a sentence further down.
    let text = "第一篇文章的标题第一篇文章的标题\n\n\
        一、对策建议\n\n\
        1.推进园区共建。完善合作机制。\n\n\
        乡村治理现代化面临人才不足等问题。建议：\n\n\
        1.完善村级组织运行机制。健全村民议事制度，推动村务公开，让群众参与考核评价\n\n\
        乡村治理现代化的实现路径乡村治理现代化的实现路径\n\n\
        机制，提升治理效能。\n";
    let doc = clean(text);
    let titles: Vec<_> = doc
        .articles
        .iter()
        .map(|a| a.title.clone().unwrap_or_default())
        .collect();
    assert_eq!(titles, ["第一篇文章的标题", "乡村治理现代化的实现路径"]);
    let u = segment(&doc);
    let last = u.last().expect("units");
    assert!(
        last.text
            .ends_with("让群众参与考核评价机制，提升治理效能。"),
        "{}",
        last.text
    );
    assert_eq!(last.path[0], "乡村治理现代化的实现路径");
    assert_eq!(last.kind, Kind::Recommendation);
}
