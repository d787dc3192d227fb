//! Outputs that stream: `--format json`, `jsonl` and `csv` are written piece by piece as they
//! are produced (never as one whole buffer), to standard output or atomically to `--out`, and
//! say the same as the rendered report. JSON Lines carries every object of the JSON report,
//! one per line, in the documented order.

mod common;

use std::io::Write;

use serde_json::Value;
use xietong::corpus::Corpus;
use xietong::engine::{analyse, Analysis, Settings};
use xietong::report::{self, csv, json, renderer, OutputFormat};

use common::{repo, xietong};

fn seeds() -> (Corpus, Analysis) {
    let corpus = Corpus::load(&[], &Default::default()).unwrap_or_else(|e| panic!("seeds: {e}"));
    let analysis = analyse(&corpus, &Settings::default()).unwrap_or_else(|e| panic!("{e}"));
    (corpus, analysis)
}

/// A writer that keeps what it is given and the largest single write.
#[derive(Default)]
struct Recorder {
    bytes: Vec<u8>,
    largest: usize,
    calls: usize,
}

impl Write for Recorder {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.largest = self.largest.max(buf.len());
        self.calls += 1;
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn streamed(format: OutputFormat, c: &Corpus, a: &Analysis) -> Recorder {
    let mut out = Recorder::default();
    renderer(format)
        .write_to(c, a, &mut out)
        .unwrap_or_else(|e| panic!("{format:?}: {e}"));
    out
}

#[test]
fn streamed_formats_are_written_in_pieces_and_equal_the_rendered_report() {
    let (c, a) = seeds();
    for format in [OutputFormat::Json, OutputFormat::Jsonl, OutputFormat::Csv] {
        let out = streamed(format, &c, &a);
        let whole = renderer(format)
            .render(&c, &a)
            .unwrap_or_else(|e| panic!("{format:?}: {e}"));
        assert_eq!(out.bytes, whole, "{format:?}");
        // The largest piece is one unit's row or object, not the report: a whole-report buffer
        // would arrive in one write.
        assert!(
            out.largest * 20 < out.bytes.len() && out.calls > a.units.len(),
            "{format:?}: {} bytes in {} writes, the largest {}",
            out.bytes.len(),
            out.calls,
            out.largest
        );
    }
    let json_bytes = streamed(OutputFormat::Json, &c, &a).bytes;
    assert_eq!(json_bytes, json::to_bytes(&json::report_output(&c, &a)));
    let csv_bytes = streamed(OutputFormat::Csv, &c, &a).bytes;
    assert_eq!(csv_bytes, csv::to_csv(&c, &a).into_bytes());
}

#[test]
fn json_keeps_its_fields_in_schema_order() {
    let (c, a) = seeds();
    let text = String::from_utf8(streamed(OutputFormat::Json, &c, &a).bytes)
        .unwrap_or_else(|e| panic!("{e}"));
    let top: Vec<usize> = [
        "schema",
        "version",
        "documents",
        "settings",
        "units",
        "clusters",
        "unclustered",
        "duplicates",
        "warnings",
    ]
    .iter()
    .map(|k| {
        text.find(&format!("\n  \"{k}\": "))
            .unwrap_or_else(|| panic!("no top-level {k}"))
    })
    .collect();
    assert!(top.windows(2).all(|w| w[0] < w[1]), "{top:?}");
    assert!(text.starts_with("{\n  \"schema\": ") && text.ends_with("}\n"));
}

/// The object of a JSON Lines line without its `type`.
fn untagged(mut v: Value) -> Value {
    if let Some(m) = v.as_object_mut() {
        m.remove("type");
    }
    v
}

#[test]
fn jsonl_has_a_header_then_every_object_of_the_json_report_one_per_line() {
    let (c, a) = seeds();
    let report: Value = serde_json::from_slice(&streamed(OutputFormat::Json, &c, &a).bytes)
        .unwrap_or_else(|e| panic!("{e}"));
    let text = String::from_utf8(streamed(OutputFormat::Jsonl, &c, &a).bytes)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(text.ends_with('\n'));
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let header = &lines[0];
    assert_eq!(header["type"], "header");
    assert_eq!(header["schema"], report["schema"]);
    assert_eq!(header["settings"], report["settings"]);
    assert_eq!(header["warnings"], report["warnings"]);
    assert_eq!(header["units"], c.units.len());
    assert_eq!(header["documents"], c.documents.len());
    assert_eq!(header["clusters"], a.clusters.len());
    // Every other line, grouped by type in the documented order, is the matching JSON array.
    let order = [
        "document",
        "unit",
        "cluster",
        "unclustered",
        "duplicate",
        "overlap",
    ];
    let arrays = [
        "documents",
        "units",
        "clusters",
        "unclustered",
        "duplicates",
        "overlaps",
    ];
    let types: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l["type"].as_str().unwrap_or("?"))
        .collect();
    let ranks: Vec<usize> = types
        .iter()
        .map(|t| {
            order
                .iter()
                .position(|o| o == t)
                .unwrap_or_else(|| panic!("unknown type {t}"))
        })
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "lines out of order");
    for (kind, array) in order.iter().zip(arrays) {
        let got: Vec<Value> = lines[1..]
            .iter()
            .filter(|l| l["type"] == *kind)
            .cloned()
            .map(untagged)
            .collect();
        let want = report[array]
            .as_array()
            .unwrap_or_else(|| panic!("no {array}"));
        assert_eq!(&got, want, "{kind} lines against JSON {array}");
    }
    assert!(a.clusters.len() > 1 && !a.duplicates.is_empty());
}

#[test]
fn a_write_that_fails_midway_leaves_the_old_file_and_names_it() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("report.json");
    std::fs::write(&out, "old")?;
    let res = report::write_atomic_with(&out, &[], |w| {
        w.write_all(b"{\"partial\": ")?;
        Err(std::io::Error::other("disk full"))
    });
    let msg = res.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        msg.contains("report.json") && msg.contains("disk full"),
        "{msg}"
    );
    assert_eq!(std::fs::read_to_string(&out)?, "old");
    let left: Vec<_> = std::fs::read_dir(dir.path())?.collect();
    assert_eq!(left.len(), 1, "temporary file left behind");
    Ok(())
}

#[test]
fn the_binary_streams_the_same_bytes_to_a_file_and_to_standard_output() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    for (format, name) in [("json", "r.json"), ("jsonl", "r.jsonl"), ("csv", "r.csv")] {
        let file = dir.path().join(name);
        let file_arg = file.display().to_string();
        let seeds = repo().join("seeds").display().to_string();
        let to_file = xietong(
            dir.path(),
            &["report", &seeds, "--format", format, "--out", &file_arg],
        );
        assert!(to_file.status.success(), "{format}: {to_file:?}");
        assert!(to_file.stdout.is_empty());
        let to_stdout = xietong(dir.path(), &["report", &seeds, "--format", format]);
        assert!(to_stdout.status.success(), "{format}");
        assert_eq!(std::fs::read(&file)?, to_stdout.stdout, "{format}");
    }
    Ok(())
}
