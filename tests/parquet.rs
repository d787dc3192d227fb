//! `--format parquet` read back with the parquet crate's standard reader: one row per analysed
//! unit, every column as the JSON report says it, vectors that join the vocabulary file, and
//! the settings in the file's metadata.

mod common;

use std::collections::HashMap;
use std::fs::File;

use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::{Field, Row};
use serde_json::{json, Value};
use xietong::corpus::Corpus;
use xietong::engine::{analyse, Analysis, Settings};
use xietong::report::{json, parquet as pq, renderer, OutputFormat};

use common::{repo, stderr, xietong};

/// The seeds and two official documents (通知 with a 发文字号 issuing 措施).
fn seeds() -> (Corpus, Analysis) {
    let root = repo();
    let inputs: Vec<String> = [
        "seeds",
        "tests/fixtures/gongwen_guangdong_yinfa.txt",
        "tests/fixtures/gongwen_hunan_banotou.txt",
    ]
    .iter()
    .map(|p| root.join(p).display().to_string())
    .collect();
    let corpus =
        Corpus::load(&inputs, &Default::default()).unwrap_or_else(|e| panic!("inputs: {e}"));
    let analysis = analyse(&corpus, &Settings::default()).unwrap_or_else(|e| panic!("{e}"));
    (corpus, analysis)
}

/// A Parquet value as JSON (numbers, strings, nulls, lists and structs).
fn value(f: &Field) -> Value {
    match f {
        Field::Null => Value::Null,
        Field::Int(i) => json!(i),
        Field::Long(i) => json!(i),
        Field::Float(x) => json!(x),
        Field::Str(s) => json!(s),
        Field::ListInternal(l) => Value::Array(l.elements().iter().map(value).collect()),
        Field::Group(r) => object(r),
        other => panic!("unexpected Parquet value {other:?}"),
    }
}

fn object(r: &Row) -> Value {
    Value::Object(
        r.get_column_iter()
            .map(|(name, f)| (name.clone(), value(f)))
            .collect(),
    )
}

/// The top-level column names of a Parquet file, in schema order.
fn columns(path: &std::path::Path) -> Vec<String> {
    let file = File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let reader = SerializedFileReader::new(file).unwrap_or_else(|e| panic!("{e}"));
    let schema = reader
        .metadata()
        .file_metadata()
        .schema_descr()
        .root_schema();
    schema
        .get_fields()
        .iter()
        .map(|f| f.name().to_string())
        .collect()
}

/// Every row of a Parquet file as a JSON object, with the file's key-value metadata.
fn read(path: &std::path::Path) -> (Vec<Value>, HashMap<String, String>) {
    let file = File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let reader = SerializedFileReader::new(file).unwrap_or_else(|e| panic!("{e}"));
    let meta = reader
        .metadata()
        .file_metadata()
        .key_value_metadata()
        .map(|kv| {
            kv.iter()
                .map(|k| (k.key.clone(), k.value.clone().unwrap_or_default()))
                .collect()
        })
        .unwrap_or_default();
    let rows = reader
        .get_row_iter(None)
        .unwrap_or_else(|e| panic!("{e}"))
        .map(|r| object(&r.unwrap_or_else(|e| panic!("{e}"))))
        .collect();
    (rows, meta)
}

fn write(dir: &std::path::Path, c: &Corpus, a: &Analysis) -> (Vec<Value>, Vec<Value>, Value) {
    let units = dir.join("units.parquet");
    let terms = pq::terms_path(&units);
    assert_eq!(terms, dir.join("units.terms.parquet"));
    let mut f = File::create(&units).unwrap_or_else(|e| panic!("{e}"));
    renderer(OutputFormat::Parquet)
        .write_to(c, a, &mut f)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut f = File::create(&terms).unwrap_or_else(|e| panic!("{e}"));
    pq::write_terms(&mut f, a).unwrap_or_else(|e| panic!("{e}"));
    let (unit_rows, meta) = read(&units);
    let (term_rows, term_meta) = read(&terms);
    assert_eq!(meta, term_meta);
    assert_eq!(
        meta["xietong.schema"],
        pq::PARQUET_SCHEMA_VERSION.to_string()
    );
    let settings: Value =
        serde_json::from_str(&meta["xietong.settings"]).unwrap_or_else(|e| panic!("{e}"));
    (unit_rows, term_rows, settings)
}

#[test]
fn units_read_back_match_the_json_report_row_by_row() -> std::io::Result<()> {
    let (c, a) = seeds();
    let dir = tempfile::tempdir()?;
    let (rows, terms, settings) = write(dir.path(), &c, &a);
    let report: Value = serde_json::from_slice(&json::to_bytes(&json::report_output(&c, &a)))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(settings, report["settings"]);
    let analysed: Vec<&Value> = report["units"]
        .as_array()
        .unwrap_or_else(|| panic!("units"))
        .iter()
        .filter(|u| u["kind"] == "recommendation")
        .collect();
    assert_eq!(rows.len(), analysed.len());
    assert_eq!(rows.len(), a.units.len());
    assert_eq!(
        columns(&dir.path().join("units.parquet")),
        [
            "unit_id",
            "doc_id",
            "doc_path",
            "doc_title",
            "doc_number",
            "kind",
            "heading",
            "heading_path",
            "first_line",
            "last_line",
            "text",
            "cluster",
            "similarity",
            "tfidf"
        ]
    );
    // The cluster of each unit and its similarity, from the JSON clusters.
    let mut cluster_of: HashMap<u64, (Value, f64)> = HashMap::new();
    for k in report["clusters"].as_array().into_iter().flatten() {
        let members = k["members"].as_array().into_iter().flatten();
        let sims = k["similarity"].as_array().into_iter().flatten();
        for (m, s) in members.zip(sims) {
            let id = m.as_u64().unwrap_or(u64::MAX);
            cluster_of.insert(id, (k["id"].clone(), s.as_f64().unwrap_or(-1.0)));
        }
    }
    for u in report["unclustered"].as_array().into_iter().flatten() {
        let id = u["unit"].as_u64().unwrap_or(u64::MAX);
        cluster_of.insert(id, (Value::Null, u["similarity"].as_f64().unwrap_or(-1.0)));
    }
    let docs = report["documents"]
        .as_array()
        .unwrap_or_else(|| panic!("documents"));
    let mut with_doc_number = 0;
    for (row, unit) in rows.iter().zip(analysed) {
        let id = unit["id"].as_u64().unwrap_or(u64::MAX);
        let doc = &docs[unit["document"].as_u64().unwrap_or(u64::MAX) as usize];
        assert_eq!(row["unit_id"], unit["id"]);
        assert_eq!(row["doc_id"], unit["document"]);
        assert_eq!(row["doc_path"], doc["path"]);
        assert_eq!(row["doc_title"], doc["title"]);
        assert_eq!(row["kind"], unit["kind"]);
        assert_eq!(row["heading"], unit["heading"]);
        assert_eq!(row["heading_path"], unit["path"]);
        assert_eq!(row["first_line"], unit["location"]["first_line"]);
        assert_eq!(row["last_line"], unit["location"]["last_line"]);
        assert_eq!(row["text"], unit["text"]);
        let (cluster, sim) = &cluster_of[&id];
        assert_eq!(&row["cluster"], cluster, "unit {id}");
        let got = row["similarity"].as_f64().unwrap_or(-1.0);
        assert!((got - sim).abs() < 1e-6, "unit {id}: {got} against {sim}");
        assert_eq!(row["doc_number"], json!(c.doc_number_of(id as usize)));
        with_doc_number += usize::from(row["doc_number"].is_string());
        // The vector: unit length, ascending term ids that all exist in the vocabulary.
        let v = row["tfidf"].as_array().unwrap_or_else(|| panic!("tfidf"));
        assert!(!v.is_empty(), "unit {id} has an empty vector");
        let ids: Vec<u64> = v.iter().filter_map(|e| e["term_id"].as_u64()).collect();
        assert_eq!(ids.len(), v.len());
        assert!(ids.windows(2).all(|w| w[0] < w[1]));
        assert!(ids.iter().all(|&t| (t as usize) < terms.len()));
        let norm: f64 = v
            .iter()
            .filter_map(|e| e["weight"].as_f64())
            .map(|w| w * w)
            .sum();
        assert!((norm - 1.0).abs() < 1e-4, "unit {id}: |v|² = {norm}");
    }
    // Official documents among the seeds carry a 发文字号; the column is null elsewhere.
    assert!(
        with_doc_number > 0 && with_doc_number < rows.len(),
        "{with_doc_number}"
    );
    Ok(())
}

#[test]
fn the_vocabulary_names_the_clusters_terms_and_the_units_words() -> std::io::Result<()> {
    let (c, a) = seeds();
    let dir = tempfile::tempdir()?;
    let (rows, terms, _) = write(dir.path(), &c, &a);
    let names: Vec<&str> = terms.iter().filter_map(|t| t["term"].as_str()).collect();
    assert_eq!(names.len(), terms.len());
    for (i, t) in terms.iter().enumerate() {
        assert_eq!(t["term_id"], i);
        assert!(t["idf"].as_f64().is_some_and(|x| x >= 1.0));
    }
    // Every cluster's distinctive terms are in the vocabulary.
    for k in &a.clusters {
        for (t, _) in &k.terms {
            assert!(names.contains(&t.as_str()), "{t}");
        }
    }
    // A unit's heaviest term is a word of its text (the join works).
    for row in rows.iter().take(20) {
        let v = row["tfidf"].as_array().unwrap_or_else(|| panic!("tfidf"));
        let top = v
            .iter()
            .max_by(|x, y| {
                x["weight"]
                    .as_f64()
                    .partial_cmp(&y["weight"].as_f64())
                    .unwrap_or(std::cmp::Ordering::Equal)
            })
            .and_then(|e| e["term_id"].as_u64())
            .unwrap_or_else(|| panic!("empty vector"));
        let term = names[top as usize];
        let text = row["text"].as_str().unwrap_or_default().to_lowercase();
        let heading = row["heading"].as_str().unwrap_or_default().to_lowercase();
        assert!(
            term.split(' ')
                .all(|w| text.contains(w) || heading.contains(w)),
            "{term} not in {text}"
        );
    }
    Ok(())
}

#[test]
fn the_command_writes_both_files_and_needs_out() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let seeds = repo().join("seeds").display().to_string();
    let o = xietong(
        dir.path(),
        &[
            "report",
            &seeds,
            "--format",
            "parquet",
            "--out",
            "r.parquet",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("r.terms.parquet"));
    let (rows, _) = read(&dir.path().join("r.parquet"));
    let (terms, _) = read(&dir.path().join("r.terms.parquet"));
    assert!(rows.len() > 50 && terms.len() > 100);
    let o = xietong(dir.path(), &["report", &seeds, "--format", "parquet"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--out"), "{}", stderr(&o));
    Ok(())
}
