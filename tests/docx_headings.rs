//! Word headings that carry no number: heading styles (`标题 1`, `heading 2` behind a styleId
//! such as `1` or `a5`) and outline levels (on the paragraph, or on its style through
//! `w:basedOn`) give the heading tree when neither the text nor Word's numbering holds a
//! marker.

mod common;

use std::io::{Cursor, Write};

use common::{json, stderr, xietong};
use serde_json::Value;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

fn zip_with(entries: &[(&str, &[u8])]) -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, bytes) in entries {
        zip.start_file(*name, options)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

fn p(props: &str, text: &str) -> String {
    format!("<w:p><w:pPr>{props}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>")
}

fn styled(style: &str, text: &str) -> String {
    p(&format!("<w:pStyle w:val=\"{style}\"/>"), text)
}

const TITLE: &str = "关于推进产业集群协同发展的实施意见";

#[test]
fn heading_styles_and_outline_levels_give_the_heading_tree() -> TestResult {
    // Styles as Chinese Word writes them: ids `1`/`2` named `heading N`, `a5` named `标题 3`, and
    // a custom style that inherits an outline level from its base.
    let styles = format!(
        "<w:styles {W}>\
         <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"a\"><w:name w:val=\"Normal\"/></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"1\"><w:name w:val=\"heading 1\"/><w:basedOn w:val=\"a\"/>\
           <w:pPr><w:keepNext/></w:pPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"2\"><w:name w:val=\"heading 2\"/><w:basedOn w:val=\"a\"/></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Chapter\"><w:name w:val=\"章标题\"/>\
           <w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"MyChapter\"><w:name w:val=\"我的章\"/><w:basedOn w:val=\"Chapter\"/></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"a5\"><w:name w:val=\"标题 3\"/></w:style>\
         </w:styles>"
    );
    let body = [
        p("<w:jc w:val=\"center\"/>", TITLE),
        styled("1", "总体要求"),
        p("", "坚持市场主导、政府引导，推动区域产业分工协作。"),
        styled("1", "重点任务"),
        styled("2", "加快培育集群促进机构"),
        p(
            "",
            "支持行业协会、产业联盟发展为集群促进机构，提升专业服务能力。",
        ),
        p("<w:outlineLvl w:val=\"1\"/>", "完善集群协同治理机制"),
        p("", "建立政府、企业、机构协同的治理架构，明确各方职责。"),
        styled("MyChapter", "保障措施"),
        styled("a5", "加强组织领导"),
        p("", "各地要建立工作协调机制，定期研究解决重大问题。"),
    ]
    .concat();
    let document = format!("<w:document {W}><w:body>{body}</w:body></w:document>");
    let dir = tempfile::tempdir()?;
    let docx = zip_with(&[
        ("word/document.xml", document.as_bytes()),
        ("word/styles.xml", styles.as_bytes()),
    ])?;
    std::fs::write(dir.path().join("opinion.docx"), docx)?;
    let o = xietong(dir.path(), &["segment", "--format", "json", "opinion.docx"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    let units = v["units"].as_array().cloned().unwrap_or_default();
    let path_of = |needle: &str| -> Vec<String> {
        units
            .iter()
            .find(|u| u["text"].as_str().is_some_and(|t| t.contains(needle)))
            .and_then(|u| u["path"].as_array())
            .map(|p| {
                p.iter()
                    .filter_map(Value::as_str)
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(
        path_of("提升专业服务能力"),
        [TITLE, "重点任务", "加快培育集群促进机构"],
        "{v}"
    );
    assert_eq!(
        path_of("明确各方职责"),
        [TITLE, "重点任务", "完善集群协同治理机制"],
        "{v}"
    );
    assert_eq!(
        path_of("定期研究解决重大问题"),
        [TITLE, "保障措施", "加强组织领导"],
        "{v}"
    );
    assert_eq!(path_of("推动区域产业分工协作"), [TITLE, "总体要求"], "{v}");
    assert_eq!(v["documents"][0]["title"], TITLE, "{v}");
    Ok(())
}

/// Writes `name` into a fresh folder as a .docx of the given parts and runs
/// `segment --format json` on it.
/// `body` as a standard draft (`standard.docx`) with the standard's styles and numbering,
/// segmented.
fn segment_standard(body: &[String]) -> Result<Value, Box<dyn std::error::Error>> {
    segment_docx(
        "standard.docx",
        &[
            ("word/document.xml", &document(body)),
            ("word/styles.xml", STANDARD_STYLES),
            ("word/numbering.xml", STANDARD_NUMBERING),
        ],
    )
}

fn segment_docx(name: &str, parts: &[(&str, &str)]) -> Result<Value, Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let entries: Vec<(&str, &[u8])> = parts.iter().map(|(n, x)| (*n, x.as_bytes())).collect();
    std::fs::write(dir.path().join(name), zip_with(&entries)?)?;
    let o = xietong(dir.path(), &["segment", "--format", "json", name]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    Ok(json(&o))
}

/// The heading path of the first unit whose text contains `needle`.
fn path_of(v: &Value, needle: &str) -> Vec<String> {
    v["units"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|u| u["text"].as_str().is_some_and(|t| t.contains(needle)))
        .and_then(|u| u["path"].as_array())
        .map(|p| {
            p.iter()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

fn document(body: &[String]) -> String {
    format!(
        "<w:document {W}><w:body>{}</w:body></w:document>",
        body.concat()
    )
}

/// A list paragraph: numbered by list `num` at level `ilvl`.
fn listed(num: u32, ilvl: u32, text: &str) -> String {
    p(
        &format!("<w:numPr><w:ilvl w:val=\"{ilvl}\"/><w:numId w:val=\"{num}\"/></w:numPr>"),
        text,
    )
}

/// Styles as the GB/T 1.1 standard template writes them: chapter and clause headings numbered
/// by one multi-level list attached to the styles (`二级条标题` takes the list of the style it
/// is based on), title-like headings at outline level 0.
const STANDARD_STYLES: &str = "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
     <w:style w:type=\"paragraph\" w:styleId=\"50\"><w:name w:val=\"目次、标准名称标题\"/>\
       <w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr></w:style>\
     <w:style w:type=\"paragraph\" w:styleId=\"112\"><w:name w:val=\"前言、引言标题\"/>\
       <w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr></w:style>\
     <w:style w:type=\"paragraph\" w:styleId=\"45\"><w:name w:val=\"章标题\"/>\
       <w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"2\"/></w:numPr><w:outlineLvl w:val=\"1\"/></w:pPr></w:style>\
     <w:style w:type=\"paragraph\" w:styleId=\"42\"><w:name w:val=\"一级条标题\"/>\
       <w:pPr><w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"2\"/></w:numPr><w:outlineLvl w:val=\"2\"/></w:pPr></w:style>\
     <w:style w:type=\"paragraph\" w:styleId=\"46\"><w:name w:val=\"二级条标题\"/><w:basedOn w:val=\"42\"/>\
       <w:pPr><w:numPr><w:ilvl w:val=\"2\"/></w:numPr><w:outlineLvl w:val=\"3\"/></w:pPr></w:style>\
     </w:styles>";

/// Clause numbers as the template writes them: `1　`, `1.1　`, `1.1.1　`.
const STANDARD_NUMBERING: &str = "<w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
     <w:abstractNum w:abstractNumId=\"12\">\
       <w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1　\"/></w:lvl>\
       <w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.%2　\"/></w:lvl>\
       <w:lvl w:ilvl=\"2\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.%2.%3　\"/></w:lvl>\
     </w:abstractNum>\
     <w:num w:numId=\"2\"><w:abstractNumId w:val=\"12\"/></w:num>\
     </w:numbering>";

#[test]
fn a_standards_heading_tree_follows_its_word_numbering_and_its_cover_is_metadata() -> TestResult {
    let body = [
        p("", "ICS 27.120.99"),
        p("", "F65"),
        p("", "中华人民共和国能源行业标准"),
        p("", "NB/T 20442.6—2025"),
        p("", "核电厂定期安全评价指南"),
        p("", "第6部分：构筑物、系统和设备的实际状态"),
        p("", "2025-01-06发布"),
        p("", "2025-07-06实施"),
        p("", "国家能源局   发布"),
        styled("50", "目  次"),
        p("", "前言\tII"),
        p("", "1　范围\t1"),
        p("", "2　评价要求\t2"),
        styled("112", "前  言"),
        p("", "本部分按照GB/T 1.1—2020给出的规则起草。"),
        // The body repeats the name, a word shorter (as the real drafts do).
        styled(
            "50",
            "核电厂定期安全评价 第6部分：构筑物、系统和设备的实际状态",
        ),
        styled("45", "范围"),
        p(
            "",
            "本部分规定了核电厂构筑物、系统和设备的实际状态要素的定期安全评价的内容及方法。",
        ),
        styled("45", "评价要求"),
        styled("42", "评价依据"),
        p(
            "",
            "应以国家核安全法规和导则为评价依据，并参考国际原子能机构的安全标准。",
        ),
        styled("42", "评价方法"),
        styled("46", "资料收集"),
        p(
            "",
            "应收集构筑物、系统和设备的设计文件、运行记录和维修记录。",
        ),
        styled("46", "现场检查"),
        p(
            "",
            "应对安全重要构筑物、系统和设备开展现场检查，确认其实际状态。",
        ),
    ]
    .map(|s| s.to_string());
    let v = segment_standard(&body)?;
    let title = "核电厂定期安全评价指南 第6部分：构筑物、系统和设备的实际状态";
    let doc = &v["documents"][0];
    assert_eq!(doc["title"], title, "{v}");
    let meta = &doc["meta"];
    assert_eq!(meta["ics"], "27.120.99", "{meta}");
    assert_eq!(meta["ccs"], "F65", "{meta}");
    assert_eq!(meta["standard"], "NB/T 20442.6—2025", "{meta}");
    assert_eq!(meta["published"], "2025-01-06", "{meta}");
    assert_eq!(meta["effective"], "2025-07-06", "{meta}");
    // Chapters under the title (its repeat above chapter 1 is no section), clauses under
    // their chapter, each with the number Word shows.
    assert_eq!(path_of(&v, "实际状态要素的定期"), [title, "1　范围"], "{v}");
    assert_eq!(
        path_of(&v, "国家核安全法规")[..3],
        [title, "2　评价要求", "2.1　评价依据"],
        "{v}"
    );
    assert_eq!(
        path_of(&v, "运行记录和维修记录"),
        [title, "2　评价要求", "2.2　评价方法", "2.2.1　资料收集"],
        "{v}"
    );
    assert_eq!(
        path_of(&v, "开展现场检查"),
        [title, "2　评价要求", "2.2　评价方法", "2.2.2　现场检查"],
        "{v}"
    );
    assert_eq!(path_of(&v, "给出的规则起草"), [title, "前  言"], "{v}");
    // No cover line and no entry of the contents is a unit.
    for u in v["units"].as_array().into_iter().flatten() {
        let t = u["text"].as_str().unwrap_or("");
        for cover in [
            "ICS",
            "F65",
            "发布",
            "实施",
            "能源行业标准",
            "目  次",
            "\tII",
            "第6部分",
        ] {
            assert!(!t.contains(cover), "cover line {cover:?} in unit {u}");
        }
    }
    Ok(())
}

#[test]
fn a_drafting_note_is_titled_without_its_asides_and_proposes_nothing() -> TestResult {
    // The numbered sections of a 编制说明: `一、` from Word's list, `二、` typed.
    let numbering = format!(
        "<w:numbering {W}>\
         <w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/>\
           <w:numFmt w:val=\"chineseCounting\"/><w:lvlText w:val=\"%1、\"/></w:lvl></w:abstractNum>\
         <w:abstractNum w:abstractNumId=\"1\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/>\
           <w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1)\"/></w:lvl></w:abstractNum>\
         <w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>\
         <w:num w:numId=\"3\"><w:abstractNumId w:val=\"1\"/></w:num>\
         </w:numbering>"
    );
    let body = [
        p("", "NB/T 20442.6－2017"),
        p("", "核电厂定期安全评价指南"),
        p("", "第6部分：构筑物、系统和设备的实际状态"),
        p("", "编制说明"),
        p("", "（征求意见稿）"),
        p("", "（从工作组讨论稿一直写到报批稿）"),
        p("", "（2023年3月）"),
        listed(1, 0, "任务来源及计划要求"),
        p(
            "",
            "本标准来源于国家能源局2021年下达的能源行业核电标准制修订计划。",
        ),
        p("", "二、 编制过程"),
        p(
            "",
            "修订的参与单位有3家，分别为大亚湾核电运营管理有限责任公司、苏州热工研究院有限公司和生态环境部核与辐射安全中心。",
        ),
        p("", "三、调研和分析工作的情况"),
        p("", "标准执行中遇到的问题："),
        listed(3, 0, "标准内容过于简单，指导性不够；"),
        listed(3, 0, "应增加差异项分析及处置的要求，明确各方职责；"),
        p("", "四、主要技术内容的说明"),
        listed(3, 0, "增加一条内容“差异项分析及处置”"),
        p(
            "",
            "理由：原标准仅有一段简单地描述，应在修订版中做详细规定。",
        ),
    ]
    .map(|s| s.to_string());
    let v = segment_docx(
        "note.docx",
        &[
            ("word/document.xml", &document(&body)),
            ("word/numbering.xml", &numbering),
        ],
    )?;
    let title = "核电厂定期安全评价指南 第6部分：构筑物、系统和设备的实际状态编制说明";
    assert_eq!(v["documents"][0]["title"], title, "{v}");
    assert_eq!(
        path_of(&v, "能源行业核电标准制修订计划"),
        [title, "任务来源及计划要求"],
        "{v}"
    );
    assert_eq!(path_of(&v, "修订的参与单位"), [title, "编制过程"], "{v}");
    let units = v["units"].as_array().cloned().unwrap_or_default();
    assert!(units.len() >= 4, "{v}");
    for u in &units {
        assert_ne!(u["kind"], "recommendation", "{u}");
        let t = u["text"].as_str().unwrap_or("");
        assert!(!t.contains("报批稿）") && !t.contains("2023年3月"), "{u}");
    }
    Ok(())
}

#[test]
fn a_numbered_label_above_the_title_is_not_part_of_it() -> TestResult {
    // Two `heading 1` paragraphs open the document: a label and the title; the sections carry
    // their own markers in the text.
    let styles = format!(
        "<w:styles {W}><w:style w:type=\"paragraph\" w:styleId=\"2\"><w:name w:val=\"heading 1\"/></w:style></w:styles>"
    );
    let title = "中央机关及其直属机构2022年度考试录用公务员公共科目笔试考试大纲";
    let body = [
        styled("2", "大纲1"),
        styled("2", title),
        p("", "为便于报考者充分了解公共科目笔试，特制定本大纲。"),
        p("", "一、笔试内容"),
        p("", "公共科目笔试分为行政职业能力测验和申论两科。"),
        p("", "二、行政职业能力测验"),
        p(
            "",
            "行政职业能力测验主要包括常识判断、言语理解与表达等部分。",
        ),
    ]
    .map(|s| s.to_string());
    let v = segment_docx(
        "syllabus.docx",
        &[
            ("word/document.xml", &document(&body)),
            ("word/styles.xml", &styles),
        ],
    )?;
    assert_eq!(v["documents"][0]["title"], title, "{v}");
    assert_eq!(path_of(&v, "常识判断"), [title, "行政职业能力测验"], "{v}");
    Ok(())
}

#[test]
fn a_paragraph_numbered_by_its_level_alone_takes_its_styles_list() -> TestResult {
    // Word lets a paragraph set only `w:ilvl` in its `w:numPr`: the list is its style's.
    let level_only = |style: &str, ilvl: u32, text: &str| {
        p(
            &format!("<w:pStyle w:val=\"{style}\"/><w:numPr><w:ilvl w:val=\"{ilvl}\"/></w:numPr>"),
            text,
        )
    };
    let body = [
        styled(
            "50",
            "核电厂定期安全评价 第6部分：构筑物、系统和设备的实际状态",
        ),
        styled("45", "范围"),
        p("", "本部分规定了定期安全评价的内容及方法。"),
        styled("45", "评价要求"),
        styled("42", "评价依据"),
        p("", "应以国家核安全法规和导则为评价依据。"),
        styled("42", "评价方法"),
        level_only("42", 2, "资料收集"),
        p(
            "",
            "应收集构筑物、系统和设备的设计文件、运行记录和维修记录。",
        ),
        level_only("42", 2, "现场检查"),
        p(
            "",
            "应对安全重要构筑物、系统和设备开展现场检查，确认其实际状态。",
        ),
    ]
    .map(|s| s.to_string());
    let v = segment_standard(&body)?;
    // The marker is the style's list at the paragraph's level: `2.2.1`, `2.2.2`.
    let heading_of = |needle: &str| {
        v["units"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|u| u["text"].as_str().is_some_and(|t| t.contains(needle)))
            .map(|u| u["heading"].clone())
    };
    assert_eq!(
        heading_of("运行记录和维修记录"),
        Some("2.2.1　资料收集".into()),
        "{v}"
    );
    assert_eq!(
        heading_of("开展现场检查"),
        Some("2.2.2　现场检查".into()),
        "{v}"
    );
    Ok(())
}

/// The text of a fixture under `tests/fixtures/`.
fn fixture(name: &str) -> Result<String, Box<dyn std::error::Error>> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    Ok(std::fs::read_to_string(path)?)
}

/// Every unit's heading path, joined, and its text: what a reader sees of the tree.
fn paths_and_texts(v: &Value) -> Vec<(String, String)> {
    v["units"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|u| {
            let path: Vec<&str> = u["path"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            (
                path.join(" › "),
                u["text"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn typed_clause_numbers_nest_by_their_parts_under_the_word_numbered_ones() -> TestResult {
    let v = segment_standard(&[fixture("docx_standard_clauses.xml")?])?;
    let title = "核电厂定期安全评价 第7部分：经验反馈";
    assert_eq!(v["documents"][0]["title"], title, "{v}");
    let under = |needle: &str, expected: &[&str]| {
        let path = path_of(&v, needle);
        assert!(
            path.len() >= expected.len() && path[..expected.len()] == *expected,
            "{needle}: {path:?}, expected under {expected:?}\n{v}"
        );
    };
    // A clause with its text after the number is a unit under its parent clause.
    under(
        "安全基准和现行安全标准",
        &[title, "2　评价要求", "2.1　评价依据"],
    );
    // A clause heading with no text of its own heads the paragraphs below it.
    let standard = [
        title,
        "2　评价要求",
        "2.1　评价依据",
        "2.1.2 确定适用的标准",
    ];
    under("合适的安全提升目标", &standard);
    under("当前的国家标准为基础", &standard);
    // Typed clause numbers glued to their titles, below a clause Word does not number.
    under(
        "可能发现不符合安全基准",
        &[
            title,
            "2　评价要求",
            "2.2差异项分析及处置",
            "2.2.1差异项提出",
        ],
    );
    under(
        "合理可行的改进建议",
        &[
            title,
            "2　评价要求",
            "2.2差异项分析及处置",
            "2.2.2 弱项处置",
        ],
    );
    // The clause that types the number its list prints shows it once, with no marker
    // before it.
    under("实施进度进行管控", &[title, "2　评价要求", "2.3　过程管理"]);
    for (path, text) in paths_and_texts(&v) {
        for shown in [&path, &text] {
            assert!(
                !shown.contains("2.3　2.3") && !shown.contains("（一）") && !shown.contains("一、"),
                "a clause got a second marker: {path} | {text}"
            );
        }
        // Clause headings are headings, never units of their own.
        assert!(
            !text.starts_with("确定适用的标准") && !text.starts_with("差异项提出"),
            "clause heading read as a unit: {path} | {text}"
        );
    }
    Ok(())
}

#[test]
fn a_heading_numbered_by_a_list_takes_its_depth_from_its_outline_level() -> TestResult {
    let styles = format!(
        "<w:styles {W}>\
         <w:style w:type=\"paragraph\" w:styleId=\"1\"><w:name w:val=\"heading 1\"/></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"2\"><w:name w:val=\"heading 2\"/></w:style>\
         </w:styles>"
    );
    let numbering = format!(
        "<w:numbering {W}>\
         <w:abstractNum w:abstractNumId=\"3\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/>\
           <w:numFmt w:val=\"chineseCounting\"/><w:lvlText w:val=\"%1、\"/></w:lvl></w:abstractNum>\
         <w:num w:numId=\"7\"><w:abstractNumId w:val=\"3\"/></w:num>\
         </w:numbering>"
    );
    let v = segment_docx(
        "opinion.docx",
        &[
            (
                "word/document.xml",
                &document(&[fixture("docx_listed_headings.xml")?]),
            ),
            ("word/styles.xml", &styles),
            ("word/numbering.xml", &numbering),
        ],
    )?;
    let title = "关于推进产业集群协同发展的实施意见";
    assert_eq!(
        path_of(&v, "提升专业服务能力"),
        [title, "重点任务", "加快培育集群促进机构"],
        "{v}"
    );
    assert_eq!(
        path_of(&v, "明确各方职责"),
        [title, "重点任务", "完善集群协同治理机制"],
        "{v}"
    );
    Ok(())
}
