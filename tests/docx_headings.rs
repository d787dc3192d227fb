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
