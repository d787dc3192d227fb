//! A sweep over the real documents in `../shared/data/real-docs` and
//! `../shared/data/gov-work-reports` (skipped, visibly, when the folders are absent): every
//! document is titled by its real title and no unit holds document furniture or metadata.
//!
//! Run with `--nocapture` to see each document's title and recommendation count.

use regex::Regex;
use xietong::corpus::Corpus;
use xietong::ingest::ReadOptions;
use xietong::segment::Kind;

/// The documents of one data folder, or `None` (with a line saying so) when it is absent.
fn load(folder: &str) -> Option<Corpus> {
    let dir = format!("{}/../shared/data/{folder}", env!("CARGO_MANIFEST_DIR"));
    if !std::path::Path::new(&dir).is_dir() {
        println!("skipped: {dir} is absent");
        return None;
    }
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path().display().to_string())
        .filter(|p| p.ends_with(".txt") || p.ends_with(".html") || p.ends_with(".docx"))
        .collect();
    files.sort();
    match Corpus::load(&files, &ReadOptions::default()) {
        Ok(c) => Some(c),
        Err(e) => panic!("{dir}: {e}"),
    }
}

/// Why a title is not a document's real title, if it is not.
fn bad_title(title: &str, path: &str) -> Option<&'static str> {
    let stem = std::path::Path::new(path)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("");
    let masthead = Regex::new(r"^\S{2,30}\s*文\s*件").ok()?;
    let doc_number = Regex::new(r"〔\d{4}〕\d+号").ok()?;
    if title.trim().is_empty() {
        Some("empty")
    } else if title == stem {
        Some("the file name")
    } else if title.starts_with("下载") || title.contains("打印") || title.contains("【字号")
    {
        Some("a toolbar")
    } else if title.starts_with("本作品") || title.contains("公有领域") {
        Some("a library notice")
    } else if title.contains("法宝引证码") || title.contains("原文链接") {
        Some("a database header")
    } else if masthead.is_match(title) {
        Some("a masthead (版头)")
    } else if doc_number.is_match(title) {
        Some("a document number (发文字号)")
    } else if title.starts_with("专栏") {
        Some("a box (专栏)")
    } else {
        None
    }
}

/// Why a unit's text is furniture or metadata rather than content, if it is.
fn leaked(text: &str) -> Option<&'static str> {
    let t = text.trim();
    let masthead =
        Regex::new(r"^\S{2,30}(?:人民政府|办公厅|办公室|委员会|厅|局)\s*文\s*件$").ok()?;
    let doc_number = Regex::new(r"^\S{1,16}〔\d{4}〕\d+号$").ok()?;
    let recipients =
        Regex::new(r"^各[^。！？：]{1,80}(?:政府|单位|部门|机构|机关|委|厅|局|办)[：:]$").ok()?;
    let printed = Regex::new(r"\d{4}年\d{1,2}月\d{1,2}日印发$").ok()?;
    if masthead.is_match(t) {
        Some("版头")
    } else if doc_number.is_match(t) {
        Some("发文字号")
    } else if recipients.is_match(t) && !t.starts_with("各位") {
        Some("主送")
    } else if t.starts_with("抄送") || printed.is_match(t) {
        Some("版记")
    } else if t.contains("法宝引证码") || t.contains("原文链接") {
        Some("法宝 header")
    } else if t.contains("下载 打印") || t.contains("【字号") {
        Some("toolbar")
    } else if t.contains("公有领域") || t.starts_with("本作品") {
        Some("Wikisource notice")
    } else {
        None
    }
}

/// Titles of documents that propose nothing whatever their wording.
fn proposes_nothing(title: &str) -> bool {
    title.contains("统计公报") || title.contains("大纲")
}

fn sweep(c: &Corpus) -> Vec<String> {
    let mut failures = Vec::new();
    for d in &c.documents {
        let name = std::path::Path::new(&d.path)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("");
        let units: Vec<_> = c.units.iter().filter(|u| u.document == d.id).collect();
        let recs = units
            .iter()
            .filter(|u| u.unit.kind == Kind::Recommendation)
            .count();
        println!(
            "{name}\t{recs} recommendations of {}\t{}",
            units.len(),
            d.title
        );
        if let Some(why) = bad_title(&d.title, &d.path) {
            failures.push(format!("{name}: title `{}` is {why}", d.title));
        }
        for u in &units {
            if let Some(why) = leaked(&u.unit.text) {
                failures.push(format!("{name}: unit {} is {why}: {}", u.id, u.unit.text));
            }
        }
        if proposes_nothing(&d.title) && recs > 0 {
            failures.push(format!("{name}: {recs} recommendations in `{}`", d.title));
        }
    }
    failures
}

#[test]
fn real_documents_have_real_titles_and_no_furniture_in_units() {
    let mut failures = Vec::new();
    for folder in ["real-docs", "gov-work-reports"] {
        if let Some(c) = load(folder) {
            failures.extend(sweep(&c));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_sweep_catches_what_it_looks_for() {
    assert_eq!(
        bad_title("2003_国务院政府工作报告", "x/2003_国务院政府工作报告.txt"),
        Some("the file name")
    );
    assert_eq!(bad_title("下载 打印 全屏", "x/a.html"), Some("a toolbar"));
    assert_eq!(
        bad_title("专栏1　主要指标", "x/a.txt"),
        Some("a box (专栏)")
    );
    assert_eq!(
        bad_title("南宁市人民政府办公厅文件南府办〔2016〕71号关于…", "x/a.txt"),
        Some("a masthead (版头)")
    );
    assert_eq!(bad_title("政府工作报告", "x/2003.txt"), None);
    assert_eq!(leaked("南府办〔2016〕71号"), Some("发文字号"));
    assert_eq!(leaked("各区政府,各相关单位："), Some("主送"));
    assert_eq!(leaked("抄送：省委各部门"), Some("版记"));
    assert_eq!(leaked("【法宝引证码】CLI.12.4792728"), Some("法宝 header"));
    assert_eq!(leaked("实施更加积极的财政政策。"), None);
    assert!(proposes_nothing("万载县2015年国民经济和社会发展统计公报"));
}
