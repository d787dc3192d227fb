//! `xietong compile` and reports with a review: the 汇编 draft follows the editor's groups,
//! titles, notes and folded duplicates; the .docx reads back with xietong's own docx reader
//! with every proposal under its group's heading.

mod common;

use std::path::Path;

use common::{stderr, xietong};
use xietong::compile::body_of;
use xietong::corpus::Corpus;
use xietong::engine::{self, Settings};
use xietong::ingest::{read_inputs, ReadOptions};
use xietong::review::{Decisions, Op, Proposals, Reviewed};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Reviews the bundled seeds: renames the first group, notes the second and folds its second
/// proposal into its first. Returns the reviewed groups and the corpus.
fn review_seeds(file: &Path) -> Result<(Corpus, Reviewed), Box<dyn std::error::Error>> {
    let seeds = common::repo().join("seeds").display().to_string();
    let corpus = Corpus::load(&[seeds], &ReadOptions::default())?;
    let analysis = engine::analyse(&corpus, &Settings::default())?;
    let p = Proposals::new(&corpus, &analysis)?;
    let mut d = Decisions::new();
    d.adopt(&p);
    let r = d.apply(&p);
    let (g0, g1) = (r.groups[0].id.clone(), r.groups[1].id.clone());
    let reference = |u: usize| p.reference(u).cloned().ok_or("no reference");
    d.push(Op::Rename {
        group: g0,
        title: "人才与要素保障".into(),
    });
    d.push(Op::Note {
        group: g1.clone(),
        text: "本组建议集中于科技创新资源整合".into(),
    });
    d.push(Op::Same {
        proposal: reference(r.groups[1].entries[0].unit)?,
        duplicate: reference(r.groups[1].entries[1].unit)?,
    });
    d.save(file)?;
    let r = d.apply(&p);
    Ok((corpus, r))
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

#[test]
fn the_docx_reads_back_with_every_proposal_under_its_group() -> TestResult {
    let dir = tempfile::tempdir()?;
    let review = dir.path().join("review.json");
    let (corpus, r) = review_seeds(&review)?;
    let seeds = common::repo().join("seeds").display().to_string();
    let out = dir.path().join("汇编.docx");
    let o = xietong(
        dir.path(),
        &[
            "compile",
            &seeds,
            "--review",
            "review.json",
            "--out",
            "汇编.docx",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let loaded = read_inputs(&[out.display().to_string()], &ReadOptions::default())?;
    assert_eq!(loaded.sources.len(), 1, "{:?}", loaded.warnings);
    let lines: Vec<&str> = loaded.sources[0].text.lines().map(str::trim).collect();
    // Group headings (the last occurrence: the contents list names them first).
    let groups: Vec<_> = r.groups.iter().filter(|g| !g.entries.is_empty()).collect();
    let mut starts = Vec::new();
    for (i, g) in groups.iter().enumerate() {
        let heading = format!("{}、{}", xietong::compile::chinese_number(i + 1), g.title);
        let at = lines.iter().rposition(|l| *l == heading);
        starts.push(at.ok_or(format!("no heading {heading}"))?);
    }
    assert!(starts.windows(2).all(|w| w[0] < w[1]), "editor's order");
    assert!(lines.contains(&"一、人才与要素保障"));
    assert!(lines.contains(&"编者按：本组建议集中于科技创新资源整合"));
    let end = lines
        .iter()
        .rposition(|l| l.starts_with("附表"))
        .ok_or("no appendix")?;
    let mut found = 0;
    let mut shortened = 0;
    for (i, g) in groups.iter().enumerate() {
        let (from, to) = (starts[i], starts.get(i + 1).copied().unwrap_or(end));
        for e in &g.entries {
            let u = &corpus.units[e.unit].unit;
            // A heading that is the proposal's lead sentence is printed once, as the heading.
            let body = match &u.heading {
                Some(h) => body_of(h, &u.text),
                None => u.text.clone(),
            };
            if body != u.text {
                shortened += 1;
                let whole = first_line(&u.text).trim();
                assert!(!lines.contains(&whole), "lead printed twice: {whole}");
            }
            let text = first_line(&body);
            let at = lines.iter().position(|l| *l == text.trim());
            assert!(
                at.is_some_and(|a| a > from && a < to),
                "{text} not in section {}",
                g.title
            );
            found += 1 + e.also.len();
        }
    }
    // Most of the seeds' proposals open with a bold lead that is also their heading.
    assert!(
        shortened > 20,
        "{shortened} leads folded into their headings"
    );
    let unplaced = r.unplaced.len();
    assert_eq!(
        found + unplaced,
        corpus.units_of(&Settings::default().kinds).count()
    );
    // The folded duplicate is one entry with both sources.
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("又见于：")).count(),
        1
    );
    // Word's own heading styles, a contents field and a table.
    let zip = std::fs::read(&out)?;
    let xml = unzip_document(&zip)?;
    assert!(xml.contains("w:val=\"Heading1\"") && xml.contains("w:val=\"Heading2\""));
    assert!(xml.contains("TOC \\o"), "a TOC field");
    // LibreOffice prints a field's instruction as text when it shares a run with the
    // field characters: each gets its own run, and the field is closed.
    for run in xml.split("<w:r>").filter(|r| r.contains("<w:instrText")) {
        assert!(
            !run.contains("w:fldChar"),
            "instruction in its own run: {run}"
        );
    }
    assert_eq!(xml.matches("w:fldCharType=\"begin\"").count(), 1);
    assert_eq!(xml.matches("w:fldCharType=\"end\"").count(), 1);
    assert!(xml.contains("<w:tbl>"));
    Ok(())
}

/// `word/document.xml` of a .docx.
fn unzip_document(bytes: &[u8]) -> Result<String, Box<dyn std::error::Error>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))?;
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml")?, &mut xml)?;
    Ok(xml)
}

#[test]
fn markdown_and_html_drafts_carry_titles_notes_sources_and_the_appendix() -> TestResult {
    let dir = tempfile::tempdir()?;
    review_seeds(&dir.path().join("review.json"))?;
    let seeds = common::repo().join("seeds").display().to_string();
    let o = xietong(
        dir.path(),
        &[
            "compile",
            &seeds,
            "--review",
            "review.json",
            "--format",
            "md",
            "--title",
            "长三角协同建议汇编",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let md = common::stdout(&o);
    assert!(
        md.starts_with("# 长三角协同建议汇编\n"),
        "{}",
        &md[..200.min(md.len())]
    );
    assert!(md.contains("## 一、人才与要素保障"));
    assert!(md.contains("> 编者按：本组建议集中于科技创新资源整合"));
    assert!(md.contains("又见于："));
    assert!(md.contains("来源：《深化南北产业协作促进区域高质量协同发展》"));
    assert!(md.contains("## 附表：文献 × 分组"));
    let o = xietong(
        dir.path(),
        &[
            "compile",
            &seeds,
            "--review",
            "review.json",
            "--out",
            "d.html",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(dir.path().join("d.html"))?;
    assert!(html.contains("<h2 id=\"g1\">一、人才与要素保障</h2>"));
    assert!(!html.contains("http"), "no external resource");
    // A .docx goes to a file only.
    let o = xietong(dir.path(), &["compile", &seeds, "--format", "docx"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    Ok(())
}

#[test]
fn reports_show_the_editors_groups_and_refuse_a_damaged_decisions_file() -> TestResult {
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("review.json");
    review_seeds(&file)?;
    let seeds = common::repo().join("seeds").display().to_string();
    let o = xietong(
        dir.path(),
        &[
            "report",
            &seeds,
            "--review",
            "review.json",
            "--format",
            "json",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let json = common::json(&o);
    assert_eq!(json["clusters"][0]["label"], "人才与要素保障");
    let o = xietong(
        dir.path(),
        &[
            "report",
            &seeds,
            "--review",
            "review.json",
            "--format",
            "md",
        ],
    );
    assert!(common::stdout(&o).contains("## 1. 人才与要素保障"));
    // A truncated file stops the run with its name and is left as it was.
    let text = std::fs::read_to_string(&file)?;
    let cut: String = text.chars().take(text.chars().count() / 2).collect();
    std::fs::write(&file, &cut)?;
    for cmd in ["report", "compile"] {
        let o = xietong(
            dir.path(),
            &[cmd, &seeds, "--review", "review.json", "--out", "x.md"],
        );
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("review.json: not a decisions file"),
            "{}",
            stderr(&o)
        );
        assert_eq!(std::fs::read_to_string(&file)?, cut);
    }
    Ok(())
}

#[test]
fn a_rerun_finds_the_decisions_beside_the_documents_and_says_what_is_new_or_orphaned() -> TestResult
{
    let dir = tempfile::tempdir()?;
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs)?;
    for e in std::fs::read_dir(common::repo().join("seeds"))? {
        let e = e?;
        std::fs::copy(e.path(), docs.join(e.file_name()))?;
    }
    let corpus = Corpus::load(&[docs.display().to_string()], &ReadOptions::default())?;
    let analysis = engine::analyse(&corpus, &Settings::default())?;
    let p = Proposals::new(&corpus, &analysis)?;
    let mut d = Decisions::new();
    d.adopt(&p);
    let r = d.apply(&p);
    let moved = r.groups[0].entries[0].unit;
    d.push(Op::Rename {
        group: r.groups[0].id.clone(),
        title: "人才与要素保障".into(),
    });
    d.push(Op::Move {
        proposal: p.reference(moved).cloned().ok_or("no reference")?,
        to: Some(r.groups[1].id.clone()),
    });
    // The editor's representative is the group's last proposal, not its most central.
    let picked = r.groups[0].entries.last().ok_or("empty group")?.unit;
    d.push(Op::Representative {
        group: r.groups[0].id.clone(),
        proposal: p.reference(picked).cloned().ok_or("no reference")?,
    });
    let file = docs.join(xietong::review::DEFAULT_FILE);
    d.save(&file)?;
    let saved = std::fs::read(&file)?;
    // Documents added: the decisions still hold, the new proposals are announced.
    std::fs::copy(
        common::repo().join("tests/fixtures/review/added_cluster_promotion.txt"),
        docs.join("added_cluster_promotion.txt"),
    )?;
    let o = xietong(dir.path(), &["report", "docs", "--format", "md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = common::stdout(&o);
    assert!(md.contains("## 1. 人才与要素保障"), "{md}");
    assert!(md.contains("## Review") && md.contains("New since the last review (3)"));
    assert!(stderr(&o).contains("3 proposals are new since the last review"));
    // The text report stars the editor's representative and marks each new member.
    let o = xietong(
        dir.path(),
        &["report", "docs", "--format", "text", "--quiet"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = common::stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    let star = lines
        .iter()
        .position(|l| l.trim_start().starts_with('★'))
        .ok_or("no star")?;
    let lead: String = corpus.units[picked].unit.text.chars().take(20).collect();
    assert!(
        lines[star + 1].trim().starts_with(&lead),
        "{}",
        lines[star + 1]
    );
    let marked = lines.iter().filter(|l| l.ends_with("[new]")).count();
    let waiting = text.matches("[new, not yet placed]").count();
    assert!(marked >= 1, "{text}");
    assert_eq!(marked + waiting, 3, "{text}");
    // Programs get the same through JSON: the three new units, by id, each of the new file.
    let o = xietong(
        dir.path(),
        &["report", "docs", "--format", "json", "--quiet"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let json = common::json(&o);
    let new = json["review"]["new"].as_array().ok_or("no review.new")?;
    assert_eq!(new.len(), 3, "{}", json["review"]);
    for id in new {
        let unit = json["units"]
            .as_array()
            .and_then(|us| us.iter().find(|u| u["id"] == *id))
            .ok_or("new id is no unit")?;
        let doc = unit["document"].as_u64().ok_or("unit without document")? as usize;
        assert!(
            json["documents"][doc]["path"]
                .as_str()
                .is_some_and(|p| p.ends_with("added_cluster_promotion.txt")),
            "{unit}"
        );
    }
    assert_eq!(json["review"]["orphaned"].as_array().map(Vec::len), Some(0));
    // The moved proposal's text edited in its file: its decision is orphaned, and kept.
    let unit = &corpus.units[moved];
    let path = &corpus.documents[unit.document].path;
    let words: String = unit.unit.text.chars().skip(4).take(6).collect();
    let source = std::fs::read_to_string(path)?;
    std::fs::write(path, source.replacen(&words, "切实加强统筹", 1))?;
    let o = xietong(dir.path(), &["report", "docs"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("entry 3: move") && err.contains("the decision is kept"),
        "{err}"
    );
    assert!(common::stdout(&o).contains("Orphaned decisions, kept in the file (2)"));
    let o = xietong(
        dir.path(),
        &["report", "docs", "--format", "json", "--quiet"],
    );
    let orphaned = common::json(&o)["review"]["orphaned"].clone();
    assert!(
        orphaned
            .as_array()
            .is_some_and(|os| os.len() == 2 && os.iter().any(|x| x["entry"] == 3)),
        "{orphaned}"
    );
    assert_eq!(
        std::fs::read(&file)?,
        saved,
        "reports never write the decisions"
    );
    Ok(())
}
