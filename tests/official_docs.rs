//! Official documents (公文, GB/T 9704-2012), database exports (北大法宝 and similar) and
//! standards: their titles, metadata, article splits, and that no metadata line is a unit.

use xietong::clean::{self, DocMeta};
use xietong::corpus::Corpus;
use xietong::ingest::{self, ReadOptions};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every unit text of a cleaned document, for checking that metadata never leaks into one.
fn content(doc: &clean::Cleaned) -> String {
    doc.text()
}

fn assert_not_content(doc: &clean::Cleaned, pieces: &[&str]) {
    let text = content(doc);
    for p in pieces {
        assert!(
            !text.contains(p),
            "metadata `{p}` leaked into the content:\n{text}"
        );
    }
}

fn titles(doc: &clean::Cleaned) -> Vec<String> {
    doc.articles
        .iter()
        .map(|a| a.title.clone().unwrap_or_default())
        .collect()
}

#[test]
fn a_gongwen_with_masthead_signature_and_colophon() {
    let doc = clean::clean(&fixture("gongwen_hunan_banotou.txt"));
    assert_eq!(
        titles(&doc),
        ["湖南省人民政府办公厅关于加强普通高等学校毕业生就业工作的通知"]
    );
    let m = &doc.meta;
    assert_eq!(m.issuer.as_deref(), Some("湖南省人民政府办公厅"));
    assert_eq!(m.doc_number.as_deref(), Some("湘政办发〔2009〕24号"));
    assert_eq!(
        m.recipients.as_deref(),
        Some("各市州、县市区人民政府，省政府各厅委、各直属机构")
    );
    // A date in Chinese numerals, as GB/T 9704 prints the 成文日期.
    assert_eq!(m.written.as_deref(), Some("二〇〇九年三月十日"));
    assert_eq!(
        m.attachments,
        [
            "湖南省高校毕业生就业见习管理办法",
            "湖南省高校毕业生基层就业补助标准"
        ]
    );
    assert_eq!(m.note.as_deref(), Some("此件主动公开"));
    assert!(m
        .copied_to
        .as_deref()
        .is_some_and(|c| c.contains("省检察院")));
    assert_eq!(
        m.printed.as_deref(),
        Some("湖南省人民政府办公厅 2009年3月11日")
    );
    assert_not_content(
        &doc,
        &[
            "文 件",
            "湘政办发",
            "各市州",
            "附件",
            "二〇〇九",
            "此件",
            "抄送",
            "印发",
            "省检察院",
        ],
    );
    // The three numbered measures are still units.
    assert!(content(&doc).contains("鼓励和支持高校毕业生自主创业"));
}

#[test]
fn a_yinfa_notice_becomes_the_notice_and_its_attached_document() {
    let doc = clean::clean(&fixture("gongwen_guangdong_yinfa.txt"));
    assert_eq!(
        titles(&doc),
        [
            // A title over three lines is one phrase: no space at the breaks.
            "广东省人民政府办公厅关于印发广东省进一步加大力度支持民间投资发展实施方案的通知",
            "广东省进一步加大力度支持民间投资发展的实施方案",
        ]
    );
    assert_eq!(doc.meta.doc_number.as_deref(), Some("粤府办〔2023〕5号"));
    assert_eq!(doc.meta.issuer.as_deref(), Some("广东省人民政府办公厅"));
    assert_eq!(doc.meta.written.as_deref(), Some("2023年3月17日"));
    assert_not_content(&doc, &["粤府办", "各地级以上市", "2023年3月17日"]);
    assert!(doc.articles[1].paragraphs[0]
        .text
        .starts_with("为进一步加大政策支持力度"));
}

#[test]
fn a_joint_notice_lists_every_signing_organ() {
    let doc = clean::clean(&fixture("gongwen_yueyang_yinfa.txt"));
    assert_eq!(doc.articles.len(), 2);
    assert_eq!(
        doc.articles[1].title.as_deref(),
        Some("关于全面推进政务公开工作的实施意见")
    );
    assert_eq!(
        doc.meta.issuer.as_deref(),
        Some("中共岳阳市委办公室、岳阳市人民政府办公室")
    );
    // A 主送 list whose organs share an ending (`中央、省驻岳单位`) is still the 主送.
    assert!(doc
        .meta
        .recipients
        .as_deref()
        .is_some_and(|r| r.ends_with("省驻岳单位")));
    assert_not_content(&doc, &["岳办发", "各县市区委", "2017年1月10日"]);
}

#[test]
fn a_database_record_header_is_metadata() {
    let doc = clean::clean(&fixture("db_export_shanxi.txt"));
    let m = &doc.meta;
    assert_eq!(
        doc.articles[0].title.as_deref(),
        Some("山西省人民政府关于印发山西省激发重点群体活力带动城乡居民增收实施方案的通知")
    );
    assert_eq!(m.issuer.as_deref(), Some("山西省人民政府"));
    assert_eq!(m.doc_number.as_deref(), Some("晋政发〔2018〕13号"));
    assert_eq!(m.published.as_deref(), Some("2018年03月27日"));
    assert_eq!(m.validity.as_deref(), Some("现行有效"));
    assert_eq!(m.note.as_deref(), Some("此件公开发布"));
    assert_eq!(
        doc.articles[1].title.as_deref(),
        Some("山西省激发重点群体活力带动城乡居民增收的实施方案")
    );
    assert_not_content(&doc, &["发文机关", "时效性", "晋政发〔2018〕13号", "此件"]);
}

#[test]
fn a_pkulaw_export_is_titled_by_its_title_not_its_header() {
    let src = "    【法宝引证码】 CLI.12.4792728\n原文链接：https://www.pkulaw.com/lar/f06f932a9e36c48114c6518ada114f88bdfb.html\n\
        阿坝州人民政府办公室关于印发《阿坝州政务数据资源管理暂行办法》的通知\n\
        阿坝州人民政府办公室关于印发《阿坝州政务数据资源管理暂行办法》的通知\n\
        阿府办发〔2021〕21号\n各县（市）人民政府、州级各部门、卧龙特别行政区，各有关单位：\n\
        \u{3000}\u{3000}现将《阿坝州政务数据资源管理暂行办法》印发你们，请认真遵照执行。\n\
        阿坝州人民政府办公室\n2021年10月11日\n\u{3000}\u{3000}阿坝州政务数据资源管理暂行办法\n\
        \u{3000}第一章\u{3000}总则\u{3000}\u{3000}第一条 \u{3000}为规范政务数据资源管理，制定本办法。\n\
        \u{3000}\u{3000}第二条 \u{3000}阿坝州行政区域内政务数据资源的管理活动，适用本办法。\n";
    let doc = clean::clean(src);
    assert_eq!(
        titles(&doc),
        [
            "阿坝州人民政府办公室关于印发《阿坝州政务数据资源管理暂行办法》的通知",
            "阿坝州政务数据资源管理暂行办法",
        ]
    );
    let m = &doc.meta;
    assert_eq!(m.citation.as_deref(), Some("CLI.12.4792728"));
    assert!(m
        .source
        .as_deref()
        .is_some_and(|s| s.starts_with("https://www.pkulaw.com/")));
    assert_eq!(m.doc_number.as_deref(), Some("阿府办发〔2021〕21号"));
    assert_eq!(m.issuer.as_deref(), Some("阿坝州人民政府办公室"));
    assert_eq!(m.written.as_deref(), Some("2021年10月11日"));
    assert_not_content(
        &doc,
        &["法宝", "pkulaw", "阿府办发", "各县（市）", "2021年10月11日"],
    );
}

#[test]
fn a_letter_spaced_masthead_and_signer_line() {
    let src = "南宁市人民政府办 公 厅 文 件\n南府办〔2016〕71号    签发人：张三\n\
        南宁市人民政府办公厅关于印发南宁市推进产业园区建设实施方案的通知\n各区政府,各相关单位：\n\
        现将《南宁市推进产业园区建设实施方案》印发给你们，请认真贯彻执行。\n";
    let doc = clean::clean(src);
    assert_eq!(
        titles(&doc),
        ["南宁市人民政府办公厅关于印发南宁市推进产业园区建设实施方案的通知"]
    );
    let m = &doc.meta;
    assert_eq!(m.issuer.as_deref(), Some("南宁市人民政府办公厅"));
    assert_eq!(m.doc_number.as_deref(), Some("南府办〔2016〕71号"));
    assert_eq!(m.signer.as_deref(), Some("张三"));
    assert_eq!(m.recipients.as_deref(), Some("各区政府,各相关单位"));
    assert_not_content(&doc, &["文 件", "南府办", "签发人", "各区政府"]);
}

#[test]
fn a_standard_cover_is_metadata_and_its_name_is_the_title() {
    let src = "ICS 27.120.99\nF69\n备案号：\nNB\n中华人民共和国能源行业标准\nNB/T 20513.1—2018\n\
        核电厂定期安全评价\n第1部分：通用要求\nPreparation of periodic safety review for nuclear power plants\n\
        （征求意见稿）\n2018-10-29发布\n2019-03-01实施\n国家能源局   发布\n目  次\n前言\tII\n1 范围\t1\n\
        前言\n本文件按照GB/T 1.1—2020的规定起草。\n1 范围\n本文件规定了核电厂定期安全评价的通用要求。\n";
    let doc = clean::clean(src);
    assert_eq!(titles(&doc), ["核电厂定期安全评价 第1部分：通用要求"]);
    let m = &doc.meta;
    assert_eq!(m.ics.as_deref(), Some("27.120.99"));
    assert_eq!(m.ccs.as_deref(), Some("F69"));
    assert_eq!(m.standard.as_deref(), Some("NB/T 20513.1—2018"));
    assert_eq!(m.published.as_deref(), Some("2018-10-29"));
    assert_eq!(m.effective.as_deref(), Some("2019-03-01"));
    assert_eq!(m.issuer.as_deref(), Some("国家能源局"));
    assert_not_content(
        &doc,
        &[
            "ICS",
            "F69",
            "NB/T",
            "Preparation",
            "发布",
            "实施",
            "目  次",
            "\tII",
        ],
    );
    assert!(content(&doc).contains("本文件规定了核电厂定期安全评价的通用要求"));
}

#[test]
fn ordinary_reports_get_no_metadata_and_keep_their_titles() {
    // A think-tank report has none of these elements: nothing is taken from it.
    let src =
        "关于推进跨江融合的对策建议\n\n江苏省社科院课题组\n\n跨江融合是重点。提出如下建议：\n\
        1.共建重大科技基础设施。联合布局大科学装置。\n";
    let doc = clean::clean(src);
    assert_eq!(titles(&doc), ["关于推进跨江融合的对策建议"]);
    assert_eq!(
        doc.meta,
        DocMeta {
            title: Some("关于推进跨江融合的对策建议".into()),
            ..DocMeta::default()
        }
    );
}

#[test]
fn metadata_reaches_the_corpus_the_json_and_the_citation() -> Result<(), Box<dyn std::error::Error>>
{
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("notice.txt");
    std::fs::write(&path, fixture("gongwen_guangdong_yinfa.txt"))?;
    let loaded = ingest::read_inputs(&[path.display().to_string()], &ReadOptions::default())?;
    let corpus = Corpus::from_sources(loaded.sources, Vec::new());
    let d = &corpus.documents[0];
    assert_eq!(d.meta.doc_number.as_deref(), Some("粤府办〔2023〕5号"));
    // A unit of the attached 方案 is cited by its own title and the notice's number.
    let unit = corpus
        .units
        .iter()
        .find(|u| u.unit.article == 1)
        .ok_or("no unit in the attached document")?;
    assert_eq!(
        corpus.source_name(unit.id),
        "《广东省进一步加大力度支持民间投资发展的实施方案》（粤府办〔2023〕5号）"
    );
    let json = String::from_utf8(xietong::report::json::to_bytes(
        &xietong::report::json::segment_output(&corpus),
    ))?;
    assert!(
        json.contains("\"doc_number\": \"粤府办〔2023〕5号\""),
        "{json}"
    );
    assert!(json.contains("\"recipients\""));
    let text = xietong::report::text::segmentation(&corpus, false, false);
    assert!(text.contains("  发文字号: 粤府办〔2023〕5号"), "{text}");
    // No unit holds a metadata line.
    for u in &corpus.units {
        for meta in ["粤府办", "各地级以上市人民政府", "2023年3月17日"] {
            assert!(!u.unit.text.contains(meta), "unit {} holds {meta}", u.id);
        }
    }
    Ok(())
}

/// The real documents of the development set, when present.
fn real_doc(name: &str) -> Option<Corpus> {
    let path = format!(
        "{}/../shared/data/real-docs/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    if !std::path::Path::new(&path).exists() {
        println!("skipped: {path} is absent");
        return None;
    }
    let loaded = ingest::read_inputs(&[path], &ReadOptions::default()).ok()?;
    Some(Corpus::from_sources(loaded.sources, Vec::new()))
}

#[test]
fn real_pkulaw_exports_read_as_notice_plus_measures() {
    let Some(c) = real_doc("txt07_aba_gov_data_management.txt") else {
        return;
    };
    let d = &c.documents[0];
    assert_eq!(
        d.title,
        "阿坝州人民政府办公室关于印发《阿坝州政务数据资源管理暂行办法》的通知"
    );
    assert_eq!(d.meta.doc_number.as_deref(), Some("阿府办发〔2021〕21号"));
    assert_eq!(d.meta.citation.as_deref(), Some("CLI.12.4792728"));
    assert_eq!(
        d.articles[1].title.as_deref(),
        Some("阿坝州政务数据资源管理暂行办法")
    );

    let Some(c) = real_doc("txt08_anhui_industrial_internet.txt") else {
        return;
    };
    let d = &c.documents[0];
    assert!(d
        .title
        .starts_with("安徽省人民政府办公厅关于印发支持工业互联网发展若干政策"));
    assert_eq!(d.meta.doc_number.as_deref(), Some("皖政办秘〔2021〕82号"));
    let titles: Vec<_> = d
        .articles
        .iter()
        .filter_map(|a| a.title.as_deref())
        .collect();
    assert!(titles.contains(&"支持工业互联网发展若干政策"), "{titles:?}");
    assert!(
        titles.contains(&"安徽省工业互联网创新发展行动计划（2021-2023年）"),
        "{titles:?}"
    );
    for u in &c.units {
        for meta in [
            "法宝引证码",
            "pkulaw",
            "皖政办秘",
            "各市人民政府，省政府各部门",
        ] {
            assert!(!u.unit.text.contains(meta), "unit {} holds {meta}", u.id);
        }
    }
}

#[test]
fn real_standard_drafts_are_titled_by_their_name() {
    let Some(c) = real_doc("docx01_npp_psr_part1_general_draft.docx") else {
        return;
    };
    let d = &c.documents[0];
    assert_eq!(d.title, "核电厂定期安全评价 第1部分：通用要求");
    assert_eq!(d.meta.ics.as_deref(), Some("27.120.99"));
    assert_eq!(d.meta.ccs.as_deref(), Some("F69"));
    assert!(d
        .meta
        .standard
        .as_deref()
        .is_some_and(|s| s.starts_with("NB/T")));
    for u in &c.units {
        assert!(!u.unit.text.starts_with("ICS"), "unit {}", u.id);
        assert!(
            !u.unit.text.contains("\tII"),
            "a contents entry is unit {}",
            u.id
        );
    }
}

#[test]
fn a_portal_stamp_and_a_table_of_contents_are_not_content() {
    // A plan saved from a portal: organ and posting time under the title, then the contents
    // (entries, page numbers on their own lines), then the body starting over with the first
    // entry.
    let src = "广西工业和信息化发展“十三五”规划\n广西壮族自治区工业和信息化委员会 2017-06-14 14:40\n\n目 录\n\n\
        第一章 发展回顾和发展环境\n6\n一、“十二五”时期发展回顾\n6\n第二章 总体要求\n12\n\n\
        第一章 发展回顾和发展环境\n一、“十二五”时期发展回顾\n“十二五”期间，全区工业经济保持较快增长。\n";
    let doc = clean::clean(src);
    assert_eq!(titles(&doc), ["广西工业和信息化发展“十三五”规划"]);
    assert_eq!(
        doc.meta.issuer.as_deref(),
        Some("广西壮族自治区工业和信息化委员会")
    );
    assert_eq!(doc.meta.published.as_deref(), Some("2017-06-14 14:40"));
    assert_not_content(&doc, &["委员会", "目 录", "第二章"]);
    assert!(content(&doc).contains("全区工业经济保持较快增长"));
    // The contents entries are gone, the body's own headings are kept.
    let lines: Vec<u32> = doc
        .articles
        .iter()
        .flat_map(|a| &a.paragraphs)
        .map(|p| p.first_line())
        .collect();
    assert!(lines.iter().all(|&l| l >= 12), "{lines:?}");
}

#[test]
fn a_regulation_and_the_notice_that_hands_it_on_propose_nothing(
) -> Result<(), Box<dyn std::error::Error>> {
    let path = format!(
        "{}/tests/fixtures/regulation_db_export.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let corpus = Corpus::load(&[path], &ReadOptions::default())?;
    let units: Vec<_> = corpus.units.iter().map(|u| &u.unit).collect();
    // The 办法's provisions are read (chapter lines, paragraphs inside an article, its
    // `（一）` items), but none is a proposal, and nor is the notice's 现将…印发 sentence.
    assert!(units.len() >= 5, "{units:#?}");
    assert!(units.iter().any(|u| u.text.contains("一数一源")));
    let proposing: Vec<_> = units
        .iter()
        .filter(|u| u.kind == xietong::segment::Kind::Recommendation)
        .map(|u| u.text.as_str())
        .collect();
    assert!(proposing.is_empty(), "{proposing:#?}");
    Ok(())
}

#[test]
fn a_headline_led_by_the_doc_number_over_the_title_is_metadata() {
    // A portal prints the 发文字号 and the title as one headline, then the document itself.
    let doc = clean::clean(&fixture("gongwen_shanxi_headline.txt"));
    let notice =
        "山西省人民政府办公厅关于印发山西省贯彻落实《促进中部地区崛起“十三五”规划》工作方案";
    assert_eq!(
        titles(&doc),
        [
            notice,
            "山西省贯彻落实《促进中部地区崛起“十三五”规划》工作方案"
        ]
    );
    assert_eq!(
        doc.articles[0].meta.doc_number.as_deref(),
        Some("晋政办发〔2017〕55号")
    );
    assert_not_content(&doc, &["55号", "各市、县人民政府"]);
}

#[test]
fn a_chapter_run_into_its_first_article_heads_it() -> Result<(), Box<dyn std::error::Error>> {
    // A database export prints `第一章　总则　　第一条 …` on one line: the chapter's heading is
    // `总则`, the article is text under it, and the law proposes nothing.
    let path = format!(
        "{}/tests/fixtures/regulation_chapters_glued.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let corpus = Corpus::load(&[path], &ReadOptions::default())?;
    let units: Vec<_> = corpus.units.iter().map(|u| &u.unit).collect();
    let under = |lead: &str| {
        units
            .iter()
            .find(|u| u.text.starts_with(lead))
            .and_then(|u| u.path.get(1).cloned())
    };
    assert_eq!(under("第一条"), Some("总则".to_string()), "{units:#?}");
    assert_eq!(under("第二条"), Some("总则".to_string()), "{units:#?}");
    assert_eq!(under("第四条"), Some("工程建设".to_string()), "{units:#?}");
    assert_eq!(under("第六条"), Some("附则".to_string()), "{units:#?}");
    for u in &units {
        assert!(
            !u.text.contains("总则") && !u.text.contains("工程建设") && !u.text.contains("附则"),
            "a chapter heading in a unit's text: {u:#?}"
        );
        // The chapter's heading is its name alone, never its name and its first article.
        assert!(
            u.path
                .iter()
                .all(|h| !h.contains("总则　") && !h.contains("工程建设　")),
            "an article glued to a heading: {u:#?}"
        );
        assert_ne!(u.kind, xietong::segment::Kind::Recommendation, "{u:#?}");
    }
    Ok(())
}

#[test]
fn a_standards_preface_listing_its_parts_proposes_nothing() -> Result<(), Box<dyn std::error::Error>>
{
    let path = format!(
        "{}/tests/fixtures/standard_preface_parts.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let corpus = Corpus::load(&[path], &ReadOptions::default())?;
    let units: Vec<_> = corpus.units.iter().map(|u| &u.unit).collect();
    // `——第1部分：总体要求；——第2部分：…` lists the series the standard belongs to: the
    // preface is context, whatever its items look like.
    let preface: Vec<_> = units
        .iter()
        .filter(|u| u.text.contains("第3部分") || u.text.contains("标准定额研究所"))
        .collect();
    assert!(!preface.is_empty(), "{units:#?}");
    for u in preface {
        assert_ne!(u.kind, xietong::segment::Kind::Recommendation, "{u:#?}");
    }
    // The requirements of its clauses still propose.
    assert!(units
        .iter()
        .any(|u| u.text.contains("合理划分计量分区")
            && u.kind == xietong::segment::Kind::Recommendation));
    Ok(())
}

#[test]
fn items_closed_by_semicolons_are_kept_as_text() -> Result<(), Box<dyn std::error::Error>> {
    let path = format!(
        "{}/tests/fixtures/regulation_list_items.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let corpus = Corpus::load(&[path], &ReadOptions::default())?;
    let text: String = corpus.units.iter().map(|u| u.unit.text.as_str()).collect();
    // `（一）…的；` items are a list running on to the next item, not headings: read as
    // headings they had no text of their own and disappeared from every output.
    for item in [
        "依据发生变化的",
        "机构职能发生调整的",
        "信息系统升级改造完成的",
    ] {
        assert!(text.contains(item), "`{item}` lost:\n{text}");
    }
    Ok(())
}
