//! The Word files of `../shared/data/real-docs` (drafts of an industry standard and their
//! drafting notes, an exam syllabus): the heading tree follows Word's numbering and outline,
//! the title is the document's 标题, the cover is metadata. Skips, saying so, when the data
//! set is absent (CI may run without it).

mod common;

use std::path::{Path, PathBuf};

use common::{json, stderr, xietong};
use serde_json::Value;

fn real_doc(prefix: &str) -> Option<PathBuf> {
    let dir = common::repo().join("../shared/data/real-docs");
    let found = std::fs::read_dir(&dir).ok()?.flatten().find(|e| {
        e.file_name()
            .to_str()
            .is_some_and(|n| n.starts_with(prefix) && n.ends_with(".docx"))
    });
    if found.is_none() {
        println!("skipped: no {prefix}*.docx in {}", dir.display());
    }
    found.map(|e| e.path())
}

fn segment(path: &Path) -> Value {
    let o = xietong(
        common::repo(),
        &["segment", "--format", "json", &path.display().to_string()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    json(&o)
}

fn paths(v: &Value) -> Vec<Vec<String>> {
    v["units"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|u| {
            u["path"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect()
        })
        .collect()
}

/// True when some unit sits under `parent` › `child` (consecutive path entries).
fn nested(v: &Value, parent: &str, child: &str) -> bool {
    paths(v)
        .iter()
        .any(|p| p.windows(2).any(|w| w[0] == parent && w[1] == child))
}

fn count(v: &Value, kind: &str) -> usize {
    v["units"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|u| u["kind"] == kind)
        .count()
}

#[test]
fn standard_drafts_follow_their_word_numbering() {
    let Some(part1) = real_doc("docx01") else {
        return;
    };
    let v = segment(&part1);
    let title = "核电厂定期安全评价 第1部分：通用要求";
    assert_eq!(v["documents"][0]["title"], title);
    assert_eq!(v["documents"][0]["meta"]["ics"], "27.120.99");
    assert_eq!(v["documents"][0]["meta"]["ccs"], "F69");
    // Chapters sit right under the title (the name printed again above chapter 1 is no
    // section), clauses under their chapters.
    assert!(nested(&v, title, "1　范围"), "{:?}", paths(&v));
    assert!(nested(
        &v,
        "5　定期安全评价的策划和准备",
        "5.1　确定评价范围和内容"
    ));
    assert!(nested(
        &v,
        "5　定期安全评价的策划和准备",
        "5.4　组建PSR技术团队"
    ));
    // The preface's heading (`前\u{2003}\u{2003}言`) is a section beside the chapters; the
    // contents are none.
    let squeezed = |h: &str| h.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    assert!(paths(&v)
        .iter()
        .any(|p| p.len() >= 2 && p[0] == title && squeezed(&p[1]) == "前言"));
    assert!(!paths(&v)
        .iter()
        .any(|p| p.iter().any(|h| squeezed(h) == "目次")));

    let Some(part6) = real_doc("docx02") else {
        return;
    };
    let v = segment(&part6);
    let title = "核电厂定期安全评价指南 第6部分：构筑物、系统和设备的实际状态";
    assert_eq!(v["documents"][0]["title"], title);
    assert_eq!(
        v["documents"][0]["articles"].as_array().map(Vec::len),
        Some(1)
    );
    assert!(
        nested(&v, "6　评价要求", "6.3　评价方法"),
        "{:?}",
        paths(&v)
    );
    // `二级条标题` takes its list from the style it is based on.
    assert!(nested(&v, "5.2　评价内容", "5.2.2　需评价的构筑物、设备"));
}

#[test]
fn drafting_notes_are_titled_by_their_name_and_propose_nothing() {
    for (prefix, title) in [
        ("docx04", "核电厂定期安全评价 第1部分：通用要求编制说明"),
        (
            "docx06",
            "核电厂定期安全评价指南 第6部分：构筑物、系统和设备的实际状态编制说明",
        ),
    ] {
        let Some(path) = real_doc(prefix) else {
            return;
        };
        let v = segment(&path);
        assert_eq!(v["documents"][0]["title"], title);
        assert_eq!(count(&v, "recommendation"), 0, "{prefix}");
        assert!(nested(&v, "编制过程", "征求意见稿"), "{:?}", paths(&v));
        assert!(nested(&v, title, "调研和分析工作的情况"));
    }
}

#[test]
fn a_syllabus_is_titled_without_its_label() {
    let Some(path) = real_doc("docx10") else {
        return;
    };
    let v = segment(&path);
    assert_eq!(
        v["documents"][0]["title"],
        "中央机关及其直属机构2022年度考试录用公务员公共科目笔试考试大纲"
    );
    assert_eq!(count(&v, "recommendation"), 0);
}
