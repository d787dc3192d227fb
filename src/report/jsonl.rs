//! `--format jsonl`: the report as JSON Lines for pipelines (`jq`, Spark, pandas
//! `read_json(lines=True)`), one object per line, each tagged by its `type`:
//!
//! 1. one `header`: schema and program version, the settings, counts and warnings;
//! 2. one `document` per document;
//! 3. one `unit` per unit (every kind), with its neighbours;
//! 4. one `cluster` per cluster, widest first;
//! 5. one `unclustered` per unit left out of every cluster;
//! 6. one `duplicate` per near-duplicate pair, highest first;
//! 7. one `overlap` per overlap group, theme by theme in cluster order (its `theme` names the
//!    cluster; groups in no theme last), largest first within a theme.
//!
//! The objects have the fields of their JSON counterparts ([`super::json`]). Lines are
//! written as they are made, so the output is never held in memory as a whole.

use std::io::Write;

use serde::Serialize;

use super::json::{
    self, JsonCluster, JsonDocument, JsonDuplicate, JsonOverlap, JsonReportUnit, JsonSettings,
    JsonUnclustered, SCHEMA_VERSION,
};
use crate::corpus::Corpus;
use crate::engine::Analysis;

/// The first line: what the run was and how much follows.
#[derive(Debug, Serialize)]
pub struct JsonlHeader {
    /// Schema version ([`SCHEMA_VERSION`]).
    pub schema: u32,
    /// Program version.
    pub version: &'static str,
    /// Settings of the run.
    pub settings: JsonSettings,
    /// Number of `document` lines.
    pub documents: usize,
    /// Number of `unit` lines.
    pub units: usize,
    /// Number of `cluster` lines.
    pub clusters: usize,
    /// Files skipped or read with a caveat.
    pub warnings: Vec<String>,
}

/// One line of the output, tagged with its `type`.
#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum JsonLine<'a> {
    /// The first line.
    Header(JsonlHeader),
    /// A document.
    Document(JsonDocument<'a>),
    /// A unit with its neighbours.
    Unit(JsonReportUnit<'a>),
    /// A cluster (theme).
    Cluster(JsonCluster<'a>),
    /// An overlap group: proposals of different documents that say the same thing.
    Overlap(JsonOverlap<'a>),
    /// A unit left out of every cluster.
    Unclustered(JsonUnclustered),
    /// A near-duplicate pair.
    Duplicate(JsonDuplicate<'a>),
}

/// Writes the report, one line per header, document, unit, cluster, unclustered unit,
/// near-duplicate pair and overlap group, in that order.
pub fn write_report(out: &mut dyn Write, c: &Corpus, a: &Analysis) -> std::io::Result<()> {
    let report = json::report_output(c, a);
    let mut line = |l: JsonLine<'_>| -> std::io::Result<()> {
        serde_json::to_writer(&mut *out, &l)?;
        out.write_all(b"\n")
    };
    line(JsonLine::Header(JsonlHeader {
        schema: SCHEMA_VERSION,
        version: env!("CARGO_PKG_VERSION"),
        settings: report.settings(),
        documents: c.documents.len(),
        units: c.units.len(),
        clusters: a.clusters.len(),
        warnings: report.warnings(),
    }))?;
    for d in &c.documents {
        line(JsonLine::Document(json::document(d)))?;
    }
    for u in &c.units {
        line(JsonLine::Unit(report.unit(u)))?;
    }
    for k in &a.clusters {
        line(JsonLine::Cluster(json::cluster(a, k)))?;
    }
    for u in &a.unclustered {
        line(JsonLine::Unclustered(json::unclustered(u)))?;
    }
    for d in &a.duplicates {
        line(JsonLine::Duplicate(json::duplicate(
            d,
            a.tfidf.vocabulary(),
        )))?;
    }
    // Last and in the JSON array's order, so lines of one type stay together (a reader takes
    // a theme's groups by their `theme`).
    for o in &a.overlaps {
        line(JsonLine::Overlap(json::overlap(o)))?;
    }
    Ok(())
}
