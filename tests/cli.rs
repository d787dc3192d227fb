//! End-to-end tests of the `xietong` binary: each case runs the built program, in the repo
//! (for `seeds/`) or in its own temporary folder.

mod common;

use std::io::Write;

use std::process::{Command, Stdio};

use common::{json, repo, stderr, stdout, xietong};
use serde_json::Value;

const SEED_002: &str = "seeds/002_a7581ce583f3e2a8.txt";

#[test]
fn report_on_the_seeds_prints_every_cluster_with_its_members() {
    let o = xietong(repo(), &["report"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("── Cluster 1 ·"), "{out}");
    assert!(out.contains("seeds/002_a7581ce583f3e2a8.txt"));
    // Every recommendation is listed as a member of exactly one cluster.
    let members: Vec<&str> = out.lines().filter(|l| l.contains("  seeds/")).collect();
    assert_eq!(members.len(), 61);
    // Clustered members say which of the cluster's terms they use: `[人才 社保 政策]`.
    let explained = members
        .iter()
        .filter(|l| l.ends_with(']') && l.contains("  ["))
        .count();
    assert!(explained >= 55, "{explained} of 61 explained\n{out}");
}

#[test]
fn report_json_has_the_documented_schema_and_is_reproducible() {
    let a = xietong(repo(), &["report", "--format", "json", "--seed", "7"]);
    let b = xietong(repo(), &["report", "--format", "json", "--seed", "7"]);
    assert!(a.status.success(), "{}", stderr(&a));
    assert_eq!(a.stdout, b.stdout, "same seed, same bytes");
    let v = json(&a);
    let doc = &v["documents"][0];
    assert_eq!(doc["id"], 0);
    assert_eq!(doc["path"], "seeds/000_72a7b87fc3321f6e.txt");
    assert_eq!(
        doc["title"],
        "推动扬子江城市群产业协同 实现制造业高质量发展"
    );
    let units = v["units"].as_array().map(Vec::len).unwrap_or(0);
    assert_eq!(units, 115);
    let unit = &v["units"][1];
    for field in [
        "id", "document", "kind", "heading", "path", "text", "location",
    ] {
        assert!(!unit[field].is_null(), "units[1].{field} missing: {unit}");
    }
    assert_eq!(unit["kind"], "recommendation");
    assert_eq!(unit["location"]["first_line"], 28);
    assert_eq!(unit["location"]["last_line"], 56);
    let clusters = v["clusters"].as_array().cloned().unwrap_or_default();
    assert!(clusters.len() >= 2);
    let mut seen: Vec<u64> = Vec::new();
    for c in &clusters {
        for field in ["id", "label", "terms", "members"] {
            assert!(!c[field].is_null(), "cluster.{field} missing");
        }
        seen.extend(
            c["members"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_u64),
        );
    }
    let left_out: Vec<u64> = v["unclustered"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|u| u["unit"].as_u64())
        .collect();
    assert!(left_out.len() < 5, "unclustered {left_out:?}");
    seen.extend(&left_out);
    seen.sort_unstable();
    let recs: Vec<u64> = v["units"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|u| u["kind"] == "recommendation")
        .filter_map(|u| u["id"].as_u64())
        .collect();
    assert_eq!(
        seen, recs,
        "each recommendation in exactly one cluster or unclustered"
    );
    assert_eq!(v["settings"]["seed"], 7);
}

#[test]
fn segment_json_lists_units_and_removed_furniture() {
    let o = xietong(repo(), &["segment", SEED_002, "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["documents"][0]["path"], SEED_002);
    let kinds: Vec<&str> = v["units"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|u| u["kind"].as_str())
        .collect();
    assert_eq!(kinds.iter().filter(|k| **k == "recommendation").count(), 15);
    assert_eq!(kinds.iter().filter(|k| **k == "problem").count(), 14);
    let removed: Vec<&str> = v["removed"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["reason"].as_str())
        .collect();
    assert!(
        removed.contains(&"colophon") && removed.contains(&"masthead"),
        "{removed:?}"
    );
}

#[test]
fn segment_text_shows_kinds_paths_and_lines() {
    let o = xietong(
        repo(),
        &["segment", "seeds/004_55434fdc5f3ead45.txt", "--removed"],
    );
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(out.contains("4 recommendation, 3 problem"), "{out}");
    assert!(out.contains("L25"));
    assert!(out.contains("Breadcrumb") && out.contains("RelatedList"));
    // A document without a title says so instead of dressing its file name as one.
    let o = xietong(repo(), &["segment", "seeds/003_e6db8e3596dbca84.txt"]);
    let out = stdout(&o);
    assert!(
        out.starts_with("seeds/003_e6db8e3596dbca84.txt  (no title)"),
        "{out}"
    );
}

#[test]
fn without_seeds_folder_the_bundled_copies_are_used() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let o = xietong(dir.path(), &["segment", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        json(&o)["documents"][4]["path"],
        "seeds/004_55434fdc5f3ead45.txt"
    );
    Ok(())
}

#[test]
fn standard_input_is_read_for_dash() -> std::io::Result<()> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_xietong"))
        .args(["segment", "-", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(
            "对策建议\n1.推进园区共建。完善利益分享机制。\n2.推动人才互认。\n".as_bytes(),
        )?;
    }
    let o = child.wait_with_output()?;
    assert!(o.status.success());
    let v = json(&o);
    assert_eq!(v["documents"][0]["path"], "<stdin>");
    assert_eq!(v["units"].as_array().map(Vec::len), Some(2));
    Ok(())
}

#[test]
fn exit_codes_and_clear_errors() {
    let missing = xietong(repo(), &["report", "no/such/folder"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stderr(&missing).contains("no/such/folder"),
        "{}",
        stderr(&missing)
    );

    let too_many = xietong(repo(), &["report", "--k", "500"]);
    assert_eq!(too_many.status.code(), Some(2));
    assert!(stderr(&too_many).contains("--k"), "{}", stderr(&too_many));

    let bad_flag = xietong(repo(), &["report", "--format", "pdf"]);
    assert_eq!(bad_flag.status.code(), Some(2));
}

#[test]
fn fixed_k_is_respected() {
    let o = xietong(repo(), &["report", "--format", "json", "--k", "6"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["clusters"].as_array().map(Vec::len), Some(6));
    assert_eq!(v["settings"]["k"], 6);
}

#[test]
fn binary_files_are_skipped_with_a_warning_and_the_run_goes_on() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    std::fs::write(
        dir.path().join("a.txt"),
        "对策建议\n1.推进园区共建。完善利益分享机制。\n2.推动人才互认。\n",
    )?;
    std::fs::write(
        dir.path().join("b.png"),
        [0x89u8, b'P', b'N', b'G', 0, 0, 0, 13, 0, 1],
    )?;
    let o = xietong(dir.path(), &["segment", "."]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("b.png"), "{}", stderr(&o));
    assert!(stdout(&o).contains("推进园区共建"));
    Ok(())
}

#[test]
fn out_writes_a_file_and_never_overwrites_an_input() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let input = dir.path().join("in.txt");
    std::fs::write(
        &input,
        "对策建议\n1.推进园区共建。完善利益分享机制。\n2.推动人才互认。\n",
    )?;
    let o = xietong(
        dir.path(),
        &["segment", "in.txt", "--format", "json", "--out", "out.json"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let written: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out.json"))?).unwrap_or(Value::Null);
    assert_eq!(written["units"].as_array().map(Vec::len), Some(2));

    let clash = xietong(dir.path(), &["segment", "in.txt", "--out", "in.txt"]);
    assert_eq!(clash.status.code(), Some(2));
    assert!(stderr(&clash).contains("refusing"), "{}", stderr(&clash));
    assert!(std::fs::read_to_string(&input)?.starts_with("对策建议"));
    Ok(())
}

#[test]
fn similar_lists_cross_document_pairs_with_their_shared_terms() {
    let o = xietong(repo(), &["similar", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    let pairs = v["duplicates"].as_array().cloned().unwrap_or_default();
    assert!(!pairs.is_empty());
    let doc_of = |id: &Value| {
        v["units"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|u| u["id"] == *id)
            .map(|u| u["document"].clone())
    };
    let mut last = f64::INFINITY;
    for p in &pairs {
        let score = p["score"].as_f64().unwrap_or(-1.0);
        assert!(
            score >= 0.1 && score <= last,
            "sorted and above the threshold"
        );
        last = score;
        assert_ne!(doc_of(&p["a"]), doc_of(&p["b"]), "pairs cross documents");
        assert!(p["terms"].as_array().is_some_and(|t| !t.is_empty()));
    }
    let text = xietong(repo(), &["similar", "--threshold", "0.15"]);
    assert!(stdout(&text).contains("⇄"));
}

#[test]
fn similar_query_ranks_proposals_against_typed_text() {
    let o = xietong(
        repo(),
        &[
            "similar",
            "--query",
            "建立集群促进机构，发挥行业协会作用",
            "--format",
            "json",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    let first = v["results"][0]["id"].clone();
    let unit = v["units"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|u| u["id"] == first)
        .cloned();
    let text = unit
        .map(|u| u["text"].as_str().unwrap_or("").to_string())
        .unwrap_or_default();
    assert!(
        text.contains("集群促进机构") || text.contains("集群发展促进机构"),
        "{text}"
    );

    let unknown = xietong(repo(), &["similar", "--query", "ｘｙｚ"]);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn user_dictionary_and_stop_word_files() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    std::fs::write(dir.path().join("dict.txt"), "要素自由流动 20000 n\n")?;
    std::fs::write(dir.path().join("stop.txt"), "长三角\n")?;
    let dict = dir.path().join("dict.txt").display().to_string();
    let stop = dir.path().join("stop.txt").display().to_string();
    let o = xietong(
        repo(),
        &[
            "similar",
            "--dict",
            &dict,
            "--stopwords",
            &stop,
            "--format",
            "json",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let all_terms: Vec<String> = json(&o)["duplicates"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|p| p["terms"].as_array().cloned().unwrap_or_default())
        .filter_map(|t| t.as_str().map(str::to_string))
        .collect();
    assert!(
        !all_terms
            .iter()
            .any(|t| t.split(' ').any(|w| w == "长三角")),
        "{all_terms:?}"
    );

    std::fs::write(dir.path().join("bad.txt"), "词 不是数字 n\n")?;
    let bad = dir.path().join("bad.txt").display().to_string();
    let o = xietong(repo(), &["similar", "--dict", &bad]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("bad.txt:1"), "{}", stderr(&o));
    Ok(())
}

#[test]
fn fit_then_assign_puts_every_fitted_unit_back_into_its_cluster() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let model = dir.path().join("seeds-model.json").display().to_string();
    let seeds = repo().join("seeds").display().to_string();
    let fit = xietong(
        dir.path(),
        &["fit", &seeds, "--model", &model, "--format", "json"],
    );
    assert!(fit.status.success(), "{}", stderr(&fit));
    let fitted = json(&fit);
    let assigned = xietong(
        dir.path(),
        &["assign", "--model", &model, &seeds, "--format", "json"],
    );
    assert!(assigned.status.success(), "{}", stderr(&assigned));
    let placed = json(&assigned);
    let mut fit_cluster = std::collections::HashMap::new();
    for c in fitted["clusters"].as_array().into_iter().flatten() {
        for m in c["members"].as_array().into_iter().flatten() {
            fit_cluster.insert(m.as_u64(), c["id"].as_u64());
        }
    }
    // The seeds' outliers (a rural proposal among enterprise ones) stay out on both sides.
    let left_out: Vec<&Value> = fitted["unclustered"]
        .as_array()
        .into_iter()
        .flatten()
        .collect();
    assert!(!left_out.is_empty());
    for u in left_out {
        fit_cluster.insert(u["unit"].as_u64(), None);
    }
    let rows = placed["assignments"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(rows.len(), fit_cluster.len());
    for p in rows {
        assert_eq!(
            fit_cluster.get(&p["unit"].as_u64()),
            Some(&p["cluster"].as_u64()),
            "{p}"
        );
        assert!(p["similarity"].as_f64().is_some_and(|s| s > 0.0));
    }
    Ok(())
}

#[test]
fn damaged_or_foreign_models_are_refused_clearly() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let write = |name: &str, body: &str| -> std::io::Result<String> {
        let p = dir.path().join(name);
        std::fs::write(&p, body)?;
        Ok(p.display().to_string())
    };
    let cases = [
        (
            write("truncated.json", "{\"format\":\"xietong-model\",\"vers")?,
            "damaged",
        ),
        (
            write("old.json", "{\"format\":\"xietong-model\",\"version\":0}")?,
            "version 0",
        ),
        (write("other.json", "{\"hello\":1}")?, "not a xietong model"),
    ];
    for (path, says) in cases {
        let o = xietong(repo(), &["assign", "--model", &path]);
        assert_eq!(o.status.code(), Some(1));
        let err = stderr(&o);
        assert!(err.contains(&path) && err.contains(says), "{err}");
    }
    Ok(())
}

#[test]
fn tfidf_options_are_checked_and_change_the_vectors() {
    let with = |args: &[&str]| {
        let mut all = vec!["similar", "--format", "json"];
        all.extend_from_slice(args);
        xietong(repo(), &all)
    };
    let base = json(&with(&[]));
    let unigrams = with(&[
        "--no-bigrams",
        "--no-sublinear",
        "--min-df",
        "2",
        "--max-df",
        "0.5",
    ]);
    assert!(unigrams.status.success(), "{}", stderr(&unigrams));
    let terms = |v: &Value| -> Vec<String> {
        v["duplicates"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|p| p["terms"].as_array().cloned().unwrap_or_default())
            .filter_map(|t| t.as_str().map(str::to_string))
            .collect()
    };
    assert!(
        terms(&json(&unigrams)).iter().all(|t| !t.contains(' ')),
        "no word pairs"
    );
    assert_ne!(terms(&base), terms(&json(&unigrams)));
    for bad in [["--min-df", "0"], ["--max-df", "1.5"], ["--min-df", "abc"]] {
        let o = with(&bad);
        assert_eq!(o.status.code(), Some(2), "{bad:?}");
        assert!(stderr(&o).contains(bad[0]), "{}", stderr(&o));
    }
}

#[test]
fn every_pair_above_the_threshold_is_listed_in_a_small_corpus() {
    let pairs = |top: &str| {
        let o = xietong(
            repo(),
            &[
                "similar",
                "--format",
                "json",
                "--threshold",
                "0.05",
                "--top",
                top,
            ],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        json(&o)["duplicates"].clone()
    };
    let few = pairs("1");
    assert!(few.as_array().is_some_and(|p| p.len() > 20));
    assert_eq!(
        few,
        pairs("50"),
        "the pair list does not depend on --top below 5,000 units"
    );
}
