//! Hostile and malformed inputs through the `xietong` binary, one temporary folder per case.
//! Each case checks the exit code (0 ok with warnings, 1 failure, 2 usage), that any warning
//! names the file it is about, and that the output still says something sensible.

mod common;

use std::io::{Cursor, Write};
use std::path::Path;
use std::process::Output;

use common::{json, stderr, stdout, xietong};
use serde_json::Value;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// A small report with two numbered proposals (real wording from the seeds).
const GOOD: &str = "对策建议\n\n1.推进园区共建。完善利益分享机制，探索建立跨区域产业合作园区。\n\n2.推动人才互认。建立区域人才资质互认制度，促进人才自由流动。\n";

/// `segment --format json` on `args`, which must succeed.
fn segment_json(dir: &Path, args: &[&str]) -> (Value, String) {
    let mut all = vec!["segment", "--format", "json"];
    all.extend_from_slice(args);
    let o = xietong(dir, &all);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    (json(&o), stderr(&o))
}

fn units(v: &Value) -> Vec<Value> {
    v["units"].as_array().cloned().unwrap_or_default()
}

fn texts(v: &Value) -> Vec<String> {
    units(v)
        .iter()
        .filter_map(|u| u["text"].as_str().map(str::to_string))
        .collect()
}

/// `segment --format json` on a copy of `tests/fixtures/NAME` in a temporary folder.
fn segment_fixture(name: &str) -> Result<Value, Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
        dir.path().join(name),
    )?;
    Ok(segment_json(dir.path(), &[name]).0)
}

/// Asserts that none of `junk` reached any unit's text; returns the texts joined.
fn assert_clean(v: &Value, junk: &[&str]) -> String {
    let all = texts(v).join("\n");
    for j in junk {
        assert!(!all.contains(j), "{j} leaked: {all}");
    }
    all
}

/// Headings of the recommendations, in order.
fn recommendation_headings(v: &Value) -> Vec<String> {
    units(v)
        .iter()
        .filter(|u| u["kind"] == "recommendation")
        .filter_map(|u| u["heading"].as_str().map(str::to_string))
        .collect()
}

/// Asserts that a warning line on stderr names `file` and says `what`.
fn assert_warns(err: &str, file: &str, what: &str) {
    assert!(
        err.lines()
            .any(|l| l.starts_with("xietong: warning:") && l.contains(file) && l.contains(what)),
        "no warning naming {file} with {what:?} in:\n{err}"
    );
}

fn no_panic(o: &Output) {
    assert!(!stderr(o).contains("panicked"), "{}", stderr(o));
}

#[test]
fn empty_file_alone_fails_naming_it_and_with_others_is_skipped() -> TestResult {
    let dir = tempfile::tempdir()?;
    std::fs::write(dir.path().join("empty.txt"), "")?;
    let alone = xietong(dir.path(), &["segment", "empty.txt"]);
    no_panic(&alone);
    assert_eq!(alone.status.code(), Some(1));
    assert_warns(&stderr(&alone), "empty.txt", "no text");
    assert!(stderr(&alone).contains("no text source could be read"));

    std::fs::write(dir.path().join("good.txt"), GOOD)?;
    let (v, err) = segment_json(dir.path(), &["."]);
    assert_warns(&err, "empty.txt", "no text");
    assert_eq!(v["documents"].as_array().map(Vec::len), Some(1));
    assert_eq!(units(&v).len(), 2);
    Ok(())
}

#[test]
fn whitespace_only_file_is_skipped_naming_it() -> TestResult {
    let dir = tempfile::tempdir()?;
    std::fs::write(
        dir.path().join("blank.txt"),
        " \n\t\n\u{3000}\u{3000}\r\n\n   ",
    )?;
    let alone = xietong(dir.path(), &["report", "blank.txt"]);
    no_panic(&alone);
    assert_eq!(alone.status.code(), Some(1));
    assert_warns(&stderr(&alone), "blank.txt", "no text");
    std::fs::write(dir.path().join("good.txt"), GOOD)?;
    let o = xietong(dir.path(), &["report", "blank.txt", "good.txt"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_warns(&stderr(&o), "blank.txt", "no text");
    assert!(stdout(&o).contains("推进园区共建"));
    Ok(())
}

#[test]
fn page_that_is_all_navigation_gives_no_units_and_a_warning() -> TestResult {
    let dir = tempfile::tempdir()?;
    let page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>首页</title></head><body>\
        <nav><a href=\"/\">首页</a> <a href=\"/news\">新闻中心</a> <a href=\"/about\">关于我们</a></nav>\
        <div class=\"breadcrumb\">当前位置：首页 &gt; 新闻中心</div>\
        <div class=\"share\">分享到：微信 微博</div>\
        <footer>版权所有 © 2023 某某研究院 苏ICP备12345678号 联系电话：025-12345678</footer>\
        </body></html>";
    std::fs::write(dir.path().join("nav.html"), page)?;
    std::fs::write(dir.path().join("good.txt"), GOOD)?;
    let (v, err) = segment_json(dir.path(), &["nav.html", "good.txt"]);
    assert!(err.contains("nav.html"), "{err}");
    let from_nav: Vec<_> = units(&v)
        .into_iter()
        .filter(|u| u["document"] == 0 && v["documents"][0]["path"] == "nav.html")
        .collect();
    assert!(from_nav.is_empty(), "navigation became units: {from_nav:?}");
    for t in texts(&v) {
        assert!(!t.contains("版权所有") && !t.contains("当前位置"), "{t}");
    }
    Ok(())
}

#[test]
fn document_without_recommendations_segments_but_report_says_so() -> TestResult {
    let dir = tempfile::tempdir()?;
    // Background and problems only, from seed 002's wording.
    let text = "江苏先进制造业集群的突出短板\n\n一、面临的突出短板\n\n一是多数集群产业链协同优势不足。集群成员间的联系松散。\n\n二是先进制造领域领跑技术不多。关键核心技术受制于人。\n";
    std::fs::write(dir.path().join("problems.txt"), text)?;
    let (v, _) = segment_json(dir.path(), &["problems.txt"]);
    assert!(!units(&v).is_empty());
    assert!(units(&v).iter().all(|u| u["kind"] != "recommendation"));

    let o = xietong(dir.path(), &["report", "problems.txt"]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("no recommendation unit"), "{err}");
    // Clustering the units that do exist works.
    let o = xietong(
        dir.path(),
        &["report", "problems.txt", "--kinds", "problem"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("产业链协同优势不足"));
    Ok(())
}

#[test]
fn single_recommendation_in_the_corpus_is_one_cluster() -> TestResult {
    let dir = tempfile::tempdir()?;
    std::fs::write(
        dir.path().join("one.txt"),
        "对策建议\n\n1.推进园区共建。完善利益分享机制，探索建立跨区域产业合作园区。\n",
    )?;
    let o = xietong(dir.path(), &["report", "one.txt", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    let clusters = v["clusters"].as_array().cloned().unwrap_or_default();
    assert_eq!(clusters.len(), 1);
    assert_eq!(clusters[0]["members"], serde_json::json!([0]));
    Ok(())
}

#[test]
fn identical_files_are_named_as_duplicates_and_cluster_together() -> TestResult {
    let dir = tempfile::tempdir()?;
    std::fs::write(dir.path().join("a.txt"), GOOD)?;
    std::fs::write(dir.path().join("b.txt"), GOOD)?;
    let o = xietong(
        dir.path(),
        &["report", "a.txt", "b.txt", "--format", "json"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_warns(&stderr(&o), "b.txt", "same text as a.txt");
    let v = json(&o);
    assert_eq!(v["documents"].as_array().map(Vec::len), Some(2));
    // Each unit of a.txt (ids 0, 1) shares its cluster with its copy in b.txt (ids 2, 3).
    let clusters = v["clusters"].as_array().cloned().unwrap_or_default();
    for (a, b) in [(0, 2), (1, 3)] {
        let together = clusters.iter().any(|c| {
            let m = c["members"].as_array().cloned().unwrap_or_default();
            m.contains(&a.into()) && m.contains(&b.into())
        });
        assert!(together, "units {a} and {b} apart: {clusters:?}");
    }
    // Same file twice on the command line is read once, with a warning.
    let o = xietong(dir.path(), &["segment", "a.txt", "./a.txt"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_warns(&stderr(&o), "./a.txt", "same file as a.txt");
    Ok(())
}

#[test]
fn k_larger_than_the_recommendations_is_a_usage_error() -> TestResult {
    let dir = tempfile::tempdir()?;
    std::fs::write(dir.path().join("good.txt"), GOOD)?;
    let o = xietong(dir.path(), &["report", "good.txt", "--k", "3"]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("--k") && err.contains("3 clusters") && err.contains("2 units"),
        "{err}"
    );
    assert!(stdout(&o).is_empty());
    let ok = xietong(dir.path(), &["report", "good.txt", "--k", "2"]);
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
    Ok(())
}

fn zip_with(entries: &[(&str, &[u8])]) -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, bytes) in entries {
        zip.start_file(*name, options)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

#[test]
fn binary_files_are_skipped_each_named() -> TestResult {
    let dir = tempfile::tempdir()?;
    let d = dir.path();
    std::fs::write(d.join("good.txt"), GOOD)?;
    let png = [
        0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1A, b'\n', 0, 0, 0, 13, b'I', b'H', b'D', b'R',
    ];
    std::fs::write(d.join("photo.png"), png)?;
    // An image saved with a text extension is caught by its content.
    let jpeg: Vec<u8> = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]
        .into_iter()
        .chain((0..4000u32).map(|i| (i * 7 % 256) as u8))
        .collect();
    std::fs::write(d.join("scan.txt"), &jpeg)?;
    std::fs::write(
        d.join("bundle.zip"),
        zip_with(&[("a.txt", GOOD.as_bytes())])?,
    )?;
    let xlsx = zip_with(&[
        ("[Content_Types].xml", b"<Types/>".as_slice()),
        ("xl/workbook.xml", b"<workbook/>".as_slice()),
    ])?;
    std::fs::write(d.join("table.xlsx"), &xlsx)?;
    std::fs::write(d.join("noext"), &xlsx)?;
    let (v, err) = segment_json(d, &["."]);
    for name in ["photo.png", "scan.txt", "bundle.zip", "table.xlsx", "noext"] {
        assert_warns(&err, name, "not");
    }
    assert_eq!(v["documents"].as_array().map(Vec::len), Some(1));
    assert_eq!(v["documents"][0]["path"], "./good.txt");
    assert_eq!(units(&v).len(), 2);
    Ok(())
}

#[test]
fn invalid_and_truncated_utf8_is_read_with_a_warning() -> TestResult {
    let dir = tempfile::tempdir()?;
    let text = format!("{GOOD}\n3.推进交通互联。加快建设跨江通道，构建一体化综合交通网络，提升城际铁路的通达能力。\n\n4.推进生态共保。建立跨界河湖联防联控机制，共同治理太湖和长江流域水环境。\n");
    let mut bytes = text.as_bytes().to_vec();
    // A stray continuation byte mid-text and a character cut in half at the end.
    let at = text.find("完善").unwrap_or(0);
    bytes.insert(at, 0x80);
    bytes.extend_from_slice(&"。".as_bytes()[..2]);
    std::fs::write(dir.path().join("broken.txt"), &bytes)?;
    // In a short file one bad byte is more than the 1 % tolerated: refused, and said why.
    let mut short = GOOD.as_bytes().to_vec();
    short.insert(at, 0x80);
    std::fs::write(dir.path().join("short.txt"), &short)?;
    let (v, err) = segment_json(dir.path(), &["broken.txt", "short.txt"]);
    assert_warns(&err, "short.txt", "1 of 73 characters would be replaced");
    assert_eq!(v["documents"].as_array().map(Vec::len), Some(1));
    assert_warns(&err, "broken.txt", "malformed byte sequence");
    assert_eq!(v["documents"][0]["encoding"], "UTF-8");
    let all = texts(&v).join("\n");
    assert!(all.contains("完善利益分享机制"), "{all}");
    assert!(all.contains("促进人才自由流动"), "{all}");
    Ok(())
}

#[test]
fn truncated_gbk_is_read_and_a_stray_byte_is_named() -> TestResult {
    let dir = tempfile::tempdir()?;
    let (gbk, _, _) = encoding_rs::GBK.encode(GOOD);
    let mut bytes = gbk.into_owned();
    // Cut the file in the middle of a two-byte character, as an interrupted download does.
    bytes.extend_from_slice(&encoding_rs::GBK.encode("推").0[..1]);
    std::fs::write(dir.path().join("cut.txt"), &bytes)?;
    // A stray byte mid-text is counted; with it the short file is over GB18030's 0.1 %.
    let mut stray = encoding_rs::GBK.encode(GOOD).0.into_owned();
    stray.insert(10, 0xFF);
    std::fs::write(dir.path().join("stray.txt"), &stray)?;
    let (v, err) = segment_json(dir.path(), &["cut.txt", "stray.txt"]);
    assert_eq!(v["documents"][0]["encoding"], "GB18030");
    assert!(texts(&v).join("\n").contains("促进人才自由流动"));
    assert_warns(&err, "stray.txt", "would be replaced");
    assert!(!err.contains("cut.txt"), "{err}");
    Ok(())
}

#[test]
fn gbk_garbage_that_decodes_as_nothing_is_skipped_naming_it() -> TestResult {
    let dir = tempfile::tempdir()?;
    // Lead bytes without valid trail bytes: neither UTF-8 nor GB18030.
    let junk: Vec<u8> = (0..3000u32)
        .map(|i| [0x81, 0x20, 0xFE, 0x7F][i as usize % 4])
        .collect();
    std::fs::write(dir.path().join("junk.txt"), &junk)?;
    std::fs::write(dir.path().join("good.txt"), GOOD)?;
    let (v, err) = segment_json(dir.path(), &["."]);
    assert_warns(&err, "junk.txt", "not a text file");
    assert_eq!(v["documents"].as_array().map(Vec::len), Some(1));
    Ok(())
}

fn utf16le(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

fn utf16be(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_be_bytes).collect()
}

#[test]
fn utf16_without_bom_is_detected() -> TestResult {
    let dir = tempfile::tempdir()?;
    std::fs::write(dir.path().join("le.txt"), utf16le(GOOD))?;
    std::fs::write(dir.path().join("be.txt"), utf16be(GOOD))?;
    let (v, _) = segment_json(dir.path(), &["le.txt", "be.txt"]);
    assert_eq!(v["documents"][0]["encoding"], "UTF-16LE");
    assert_eq!(v["documents"][1]["encoding"], "UTF-16BE");
    let t = texts(&v);
    assert_eq!(t.len(), 4);
    assert_eq!(t[0..2], t[2..4]);
    assert!(t[0].starts_with("推进园区共建。"));
    Ok(())
}

#[test]
fn mixed_encodings_in_one_folder_give_the_same_units() -> TestResult {
    let dir = tempfile::tempdir()?;
    let d = dir.path();
    std::fs::write(d.join("a_utf8.txt"), GOOD)?;
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(GOOD.replace('\n', "\r\n").as_bytes());
    std::fs::write(d.join("b_bom_crlf.txt"), bom)?;
    std::fs::write(d.join("c_gbk.txt"), encoding_rs::GBK.encode(GOOD).0)?;
    let mut le = vec![0xFF, 0xFE];
    le.extend(utf16le(GOOD));
    std::fs::write(d.join("d_utf16.txt"), le)?;
    std::fs::write(d.join("e_utf16be.txt"), utf16be(GOOD))?;
    let (v, err) = segment_json(d, &["."]);
    let encodings: Vec<&str> = v["documents"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|doc| doc["encoding"].as_str())
        .collect();
    assert_eq!(
        encodings,
        ["UTF-8", "UTF-8 BOM", "GB18030", "UTF-16LE", "UTF-16BE"]
    );
    let t = texts(&v);
    assert_eq!(t.len(), 10);
    for pair in t.chunks(2) {
        assert_eq!(pair, &t[0..2]);
    }
    // All five hold the same text, and each later one is named as a copy of the first.
    for name in ["b_bom_crlf", "c_gbk", "d_utf16", "e_utf16be"] {
        assert_warns(&err, name, "same text as ./a_utf8.txt");
    }
    Ok(())
}

/// One paragraph of `bytes` bytes on a single line: real sentences, one per numbered proposal
/// every few hundred sentences so the segmenter has work to do.
fn single_line(bytes: usize) -> String {
    let sentence = "推动区域协同发展，完善利益分享机制，促进要素自由流动。";
    let mut s = String::with_capacity(bytes + 100);
    s.push_str("建议：");
    let mut i = 0u32;
    while s.len() < bytes {
        if i.is_multiple_of(500) {
            s.push_str(["一是", "二是", "三是"][(i / 500 % 3) as usize]);
        }
        s.push_str(sentence);
        i += 1;
    }
    s
}

fn run_single_line(bytes: usize) -> TestResult {
    let dir = tempfile::tempdir()?;
    std::fs::write(dir.path().join("line.txt"), single_line(bytes))?;
    let (v, _) = segment_json(dir.path(), &["line.txt"]);
    let u = units(&v);
    assert!(!u.is_empty());
    assert!(u
        .iter()
        .all(|x| x["location"]["first_line"] == 1 && x["location"]["last_line"] == 1));
    let total: usize = texts(&v).iter().map(String::len).sum();
    // Nothing is lost: the units cover all but markers and the lead-in.
    assert!(total * 10 >= bytes * 9, "{total} of {bytes} bytes in units");
    Ok(())
}

#[test]
fn a_long_single_line_file_is_segmented() -> TestResult {
    run_single_line(4 << 20)
}

/// 100 MB on one line. Ignored by default: the debug binary needs about a minute for it
/// (linear in size, about 2 s per 4 MB); run with `cargo test --test hostile -- --ignored`.
#[test]
#[ignore = "about a minute in a debug build"]
fn a_100_mb_single_line_file_is_segmented() -> TestResult {
    run_single_line(100 << 20)
}

fn run_short_lines(n: usize) -> TestResult {
    let dir = tempfile::tempdir()?;
    let mut text = String::with_capacity(n * 12);
    for i in 0..n {
        // Alternate proposals and continuation lines so paragraphs are rebuilt across lines.
        if i.is_multiple_of(4) {
            text.push_str(&format!("推进{i}，\n"));
        } else {
            text.push_str(&format!("协同{i}。\n"));
        }
    }
    std::fs::write(dir.path().join("lines.txt"), text)?;
    let (v, _) = segment_json(dir.path(), &["lines.txt"]);
    let u = units(&v);
    assert!(u.len() >= n / 2, "{} units", u.len());
    let last = u
        .iter()
        .filter_map(|x| x["location"]["last_line"].as_u64())
        .max();
    assert_eq!(last, Some(n as u64));
    Ok(())
}

#[test]
fn many_short_lines_are_segmented() -> TestResult {
    run_short_lines(100_000)
}

/// A million short lines. Ignored by default for the same reason as the 100 MB line: about
/// 40 s in a debug build (linear: 100 000 lines take a tenth of it).
#[test]
#[ignore = "about 40 s in a debug build"]
fn a_million_short_lines_are_segmented() -> TestResult {
    run_short_lines(1_000_000)
}

#[test]
fn deeply_nested_folders_are_walked() -> TestResult {
    let dir = tempfile::tempdir()?;
    let mut deep = dir.path().join("top");
    for i in 0..300 {
        deep = deep.join(format!("{}", i % 10));
    }
    std::fs::create_dir_all(&deep)?;
    std::fs::write(deep.join("deep.txt"), GOOD)?;
    let (v, _) = segment_json(dir.path(), &["top"]);
    let path = v["documents"][0]["path"].as_str().unwrap_or("");
    assert!(path.starts_with("top/0/1/2/") && path.ends_with("/9/deep.txt"));
    assert_eq!(units(&v).len(), 2);
    Ok(())
}

#[cfg(unix)]
#[test]
fn symlink_loop_is_cut_with_a_warning() -> TestResult {
    let dir = tempfile::tempdir()?;
    let sub = dir.path().join("docs").join("sub");
    std::fs::create_dir_all(&sub)?;
    std::fs::write(sub.join("good.txt"), GOOD)?;
    std::os::unix::fs::symlink("..", sub.join("up"))?;
    std::os::unix::fs::symlink("self", dir.path().join("docs").join("self"))?;
    let (v, err) = segment_json(dir.path(), &["docs"]);
    assert_warns(&err, "docs/sub/up", "symlink loop");
    assert_warns(&err, "docs/self", "");
    assert_eq!(v["documents"].as_array().map(Vec::len), Some(1));
    Ok(())
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_reported_and_the_run_goes_on() -> TestResult {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir()?;
    let locked = dir.path().join("locked.txt");
    std::fs::write(&locked, GOOD)?;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000))?;
    if std::fs::read(&locked).is_ok() {
        eprintln!("SKIPPED unreadable_file_is_reported_and_the_run_goes_on: running as root, permissions are not enforced");
        return Ok(());
    }
    std::fs::write(dir.path().join("good.txt"), GOOD)?;
    let (v, err) = segment_json(dir.path(), &["."]);
    assert_warns(&err, "locked.txt", "cannot read");
    assert_eq!(v["documents"].as_array().map(Vec::len), Some(1));
    Ok(())
}

#[test]
fn corrupt_docx_is_skipped_naming_it() -> TestResult {
    let dir = tempfile::tempdir()?;
    let d = dir.path();
    std::fs::write(d.join("good.txt"), GOOD)?;
    std::fs::write(d.join("random.docx"), GOOD.as_bytes())?;
    let real = zip_with(&[("word/document.xml", b"<w:document/>".as_slice())])?;
    std::fs::write(d.join("truncated.docx"), &real[..real.len() / 2])?;
    std::fs::write(
        d.join("nodoc.docx"),
        zip_with(&[("a.xml", b"<a/>".as_slice())])?,
    )?;
    let bad_xml = zip_with(&[("word/document.xml", b"<w:document><w:p><w:t>".as_slice())])?;
    std::fs::write(d.join("badxml.docx"), bad_xml)?;
    let (v, err) = segment_json(d, &["."]);
    for name in ["random.docx", "truncated.docx", "nodoc.docx"] {
        assert_warns(&err, name, "not a readable .docx");
    }
    // Unclosed XML either yields its (empty) text or is refused; it is named either way.
    assert!(err.contains("badxml.docx"), "{err}");
    assert_eq!(v["documents"][0]["path"], "./good.txt");
    Ok(())
}

#[test]
fn docx_whose_xml_unpacks_past_the_limit_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let para = "<w:p><w:r><w:t>推进园区共建。</w:t></w:r></w:p>";
    let body = para.repeat((65 << 20) / para.len());
    let xml = format!("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>");
    std::fs::write(
        dir.path().join("bomb.docx"),
        zip_with(&[("word/document.xml", xml.as_bytes())])?,
    )?;
    std::fs::write(dir.path().join("good.txt"), GOOD)?;
    let (v, err) = segment_json(dir.path(), &["."]);
    assert_warns(&err, "bomb.docx", "67108864 bytes");
    assert_eq!(v["documents"].as_array().map(Vec::len), Some(1));
    Ok(())
}

#[test]
fn html_scripts_and_event_handlers_never_reach_the_text() -> TestResult {
    let dir = tempfile::tempdir()?;
    let page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><script>var stolen = document.cookie;</script></head>\
        <body onload=\"hijack()\"><article><h1>对策建议</h1>\
        <p onclick=\"alert('xss')\">1.推进园区共建。<script>document.write('注入文字')</script>完善利益分享机制。</p>\
        <p onmouseover=\"steal()\">2.推动人才互认。<img src=x onerror=\"exfiltrate()\">促进人才自由流动。</p>\
        <p>文中提到 &lt;script&gt; 标签。</p>\
        <style>p { color: red }</style><noscript>请启用脚本</noscript></article></body></html>";
    std::fs::write(dir.path().join("page.html"), page)?;
    let (v, _) = segment_json(dir.path(), &["page.html"]);
    let all = texts(&v).join("\n");
    assert!(all.contains("推进园区共建。完善利益分享机制。"), "{all}");
    for bad in [
        "cookie",
        "注入文字",
        "alert",
        "hijack",
        "steal",
        "exfiltrate",
        "onerror",
        "color",
    ] {
        assert!(!all.contains(bad), "{bad} leaked: {all}");
    }
    // Markup written as text in the page is the page's text, kept as such (escaping is the
    // job of whatever renders it).
    assert!(all.contains("<script>"), "{all}");
    Ok(())
}

/// The sample converted to Traditional characters (OpenCC s2t).
const TRADITIONAL: &str = "對策建議\n\n1.推進園區共建。完善利益分享機制，探索建立跨區域產業合作園區。\n\n2.推動人才互認。建立區域人才資質互認制度，促進人才自由流動。\n";

#[test]
fn traditional_chinese_is_segmented_by_its_numbering() -> TestResult {
    let dir = tempfile::tempdir()?;
    std::fs::write(dir.path().join("trad.txt"), TRADITIONAL)?;
    let (v, _) = segment_json(dir.path(), &["trad.txt"]);
    let u = units(&v);
    assert_eq!(u.len(), 2, "{u:?}");
    assert_eq!(u[0]["heading"], "推進園區共建");
    assert_eq!(u[1]["marker"], "2.");
    assert_eq!(u[1]["location"]["first_line"], 5);
    // The vocabulary is simplified only, so `對策建議` does not mark these as proposals.
    let o = xietong(
        dir.path(),
        &["report", "trad.txt", "--kinds", "recommendation,background"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("推進園區共建"));
    Ok(())
}

#[test]
fn pinyin_after_each_character_does_not_break_the_run() -> TestResult {
    let dir = tempfile::tempdir()?;
    let text = "对(duì)策(cè)建(jiàn)议(yì)\n\n1.推(tuī)进(jìn)园(yuán)区(qū)共(gòng)建(jiàn)。完(wán)善(shàn)利(lì)益(yì)分(fēn)享(xiǎng)机(jī)制(zhì)。\n\n2.推(tuī)动(dòng)人(rén)才(cái)互(hù)认(rèn)。促(cù)进(jìn)人(rén)才(cái)流(liú)动(dòng)。\n";
    std::fs::write(dir.path().join("pinyin.txt"), text)?;
    let (v, _) = segment_json(dir.path(), &["pinyin.txt"]);
    let u = units(&v);
    assert_eq!(u.len(), 2, "{u:?}");
    assert!(u[0]["text"]
        .as_str()
        .is_some_and(|t| t.starts_with("推(tuī)进(jìn)")));
    let o = xietong(
        dir.path(),
        &[
            "report",
            "pinyin.txt",
            "--kinds",
            "recommendation,background",
        ],
    );
    no_panic(&o);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    Ok(())
}

#[test]
fn a_web_page_keeps_its_proposals_and_none_of_its_chrome() -> TestResult {
    // A provincial CPPCC page: navigation, breadcrumb, an info bar (`发布时间… 浏览次数…
    // 【字体：大 中 小】【打印】`), share buttons, a related list and a footer with a phone
    // number and ICP licence around three bold-led proposals.
    let v = segment_fixture("web_info_bar.html")?;
    let all = assert_clean(
        &v,
        &[
            "首页",
            "当前位置",
            "发布时间",
            "浏览次数",
            "字体",
            "打印",
            "分享到",
            "相关文章",
            "数字经济",
            "025-12345678",
            "ICP",
        ],
    );
    assert_eq!(
        recommendation_headings(&v),
        [
            "优化民营经济发展环境",
            "加大金融支持力度",
            "构建亲清政商关系"
        ]
    );
    assert!(
        all.starts_with("民营经济是推进中国式现代化的生力军"),
        "{all}"
    );
    Ok(())
}

#[test]
fn a_wechat_post_keeps_its_title_and_proposals_and_none_of_its_chrome() -> TestResult {
    // Text copied from a WeChat public-account post: a follow prompt above the title, an
    // `原创 … 发表于…` line under it, `END`, a 往期推荐 list, editor credits and buttons.
    let v = segment_fixture("wechat_post.txt")?;
    assert_eq!(
        v["documents"][0]["title"],
        "新型工业化｜加快建设制造强省的三点建议"
    );
    assert_clean(
        &v,
        &[
            "关注我们",
            "发表于",
            "END",
            "往期推荐",
            "乡村振兴",
            "审核",
            "阅读原文",
            "在看",
        ],
    );
    assert_eq!(
        recommendation_headings(&v),
        ["推动传统产业高端化", "培育壮大新兴产业", "强化创新平台支撑"]
    );
    Ok(())
}

#[test]
fn a_pdf_paper_loses_its_masthead_keywords_notes_and_references() -> TestResult {
    // Text extracted from a 成果要报 PDF: a padded masthead line, an abstract, a keyword line,
    // hard-wrapped paragraphs, a footnote marker, notes and references, a page number.
    let v = segment_fixture("pdf_paper.txt")?;
    assert_eq!(
        v["documents"][0]["title"],
        "以新质生产力推动县域产业转型升级"
    );
    let all = assert_clean(
        &v,
        &[
            "成果要报",
            "关键词",
            "注释",
            "参考文献",
            "张三",
            "人民出版社",
            "— 3 —",
        ],
    );
    let kinds: Vec<(String, String)> = units(&v)
        .iter()
        .map(|u| {
            let s = |k: &str| u[k].as_str().unwrap_or("").to_string();
            (s("kind"), s("heading"))
        })
        .filter(|(k, _)| k != "background")
        .collect();
    let want: Vec<(String, String)> = [
        ("problem", "创新要素集聚不足"),
        ("problem", "产业链条偏短"),
        ("recommendation", "建设县域创新飞地"),
        ("recommendation", "推动产业链延链补链"),
        ("recommendation", "完善人才引育机制"),
    ]
    .iter()
    .map(|(k, h)| (k.to_string(), h.to_string()))
    .collect();
    assert_eq!(kinds, want);
    // The hard-wrapped proposal is one sentence again.
    assert!(all.contains("实现“研发在城市、转化在县域”。"), "{all}");
    Ok(())
}

#[test]
fn a_cppcc_proposal_form_keeps_its_title_and_loses_its_fields() -> TestResult {
    // 提案 form: proposer and 案由 under the title, handling units and a phone at the end.
    let v = segment_fixture("cppcc_proposal.txt")?;
    assert_eq!(
        v["documents"][0]["title"],
        "关于加快推进城乡养老服务体系建设的提案"
    );
    assert_clean(&v, &["提案人", "案由", "办理单位", "025-88888888"]);
    assert_eq!(recommendation_headings(&v).len(), 3);
    Ok(())
}

#[test]
fn word_auto_numbering_gives_the_structure_back() -> TestResult {
    // Word keeps `一、` and `（一）` out of the text when it numbers paragraphs itself: the
    // chapter headings use a numbered style (`1`, as Word names 标题 1), the proposals number
    // themselves directly, and a bulleted paragraph gets no marker.
    const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";
    let p = |props: &str, text: &str| {
        format!("<w:p><w:pPr>{props}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>")
    };
    let heading = |text: &str| p("<w:pStyle w:val=\"1\"/>", text);
    let item = |text: &str| {
        p(
            "<w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"1\"/></w:numPr>",
            text,
        )
    };
    let body = [
        p("", "关于推进集群发展的建议"),
        heading("存在的问题"),
        item("集群促进机构数量少。服务能力不强，专业人才缺乏。"),
        heading("对策建议"),
        item("加快培育集群促进机构。支持行业协会发展为集群促进机构。"),
        item("完善集群治理机制。建立政府、企业、机构协同的治理架构。"),
        p(
            "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"2\"/></w:numPr>",
            "附：调研名单",
        ),
    ]
    .concat();
    let document = format!("<w:document {W}><w:body>{body}</w:body></w:document>");
    let numbering = format!(
        "<w:numbering {W}><w:abstractNum w:abstractNumId=\"0\">\
         <w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/><w:lvlText w:val=\"%1、\"/></w:lvl>\
         <w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/><w:lvlText w:val=\"（%2）\"/></w:lvl>\
         </w:abstractNum><w:abstractNum w:abstractNumId=\"1\">\
         <w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"•\"/></w:lvl></w:abstractNum>\
         <w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>\
         <w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/></w:num></w:numbering>"
    );
    let styles = format!(
        "<w:styles {W}><w:style w:type=\"paragraph\" w:styleId=\"1\"><w:pPr><w:numPr>\
         <w:numId w:val=\"1\"/></w:numPr></w:pPr></w:style></w:styles>"
    );
    let dir = tempfile::tempdir()?;
    let docx = zip_with(&[
        ("word/document.xml", document.as_bytes()),
        ("word/numbering.xml", numbering.as_bytes()),
        ("word/styles.xml", styles.as_bytes()),
    ])?;
    std::fs::write(dir.path().join("advice.docx"), docx)?;
    let (v, _) = segment_json(dir.path(), &["advice.docx"]);
    let got: Vec<(String, String, String)> = units(&v)
        .iter()
        .map(|u| {
            let s = |k: &str| u[k].as_str().unwrap_or("").to_string();
            (s("kind"), s("marker"), s("heading"))
        })
        .collect();
    let want = [
        ("problem", "（一）", "集群促进机构数量少"),
        ("recommendation", "（一）", "加快培育集群促进机构"),
        ("recommendation", "（二）", "完善集群治理机制"),
    ];
    let want: Vec<(String, String, String)> = want
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(got[..3], want[..], "{got:?}");
    let path = units(&v)[1]["path"].clone();
    assert_eq!(path[1], "对策建议", "{path}");
    assert!(!texts(&v).join("").contains('•'));
    Ok(())
}

#[test]
fn a_damaged_numbering_part_costs_the_markers_not_the_text() -> TestResult {
    const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";
    let document = format!(
        "<w:document {W}><w:body><w:p><w:r><w:t>对策建议</w:t></w:r></w:p>\
         <w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>\
         <w:r><w:t>推进园区共建。完善利益分享机制。</w:t></w:r></w:p></w:body></w:document>"
    );
    let dir = tempfile::tempdir()?;
    let docx = zip_with(&[
        ("word/document.xml", document.as_bytes()),
        ("word/numbering.xml", b"<w:numbering><w:abstractNum"),
    ])?;
    std::fs::write(dir.path().join("broken.docx"), docx)?;
    let (v, _) = segment_json(dir.path(), &["broken.docx"]);
    assert!(
        texts(&v).iter().any(|t| t.contains("完善利益分享机制")),
        "{v}"
    );
    Ok(())
}

#[test]
fn a_gbk_think_tank_page_keeps_its_article_title_and_every_numbered_proposal() -> TestResult {
    // GBK page whose `<title>` is only the column (`智库观点`); `<h3>` section headings, the
    // last one (`前瞻布局…`) over a sentence that opens with `在`.
    let v = segment_fixture("gbk_think_tank.html")?;
    assert_eq!(v["documents"][0]["encoding"], "GBK");
    assert_eq!(
        v["documents"][0]["title"],
        "关于加快建设现代化产业体系的建议"
    );
    assert_clean(&v, &["智库观点", "李明"]);
    assert_eq!(
        recommendation_headings(&v).len(),
        3,
        "{}",
        texts(&v).join("\n")
    );
    Ok(())
}
