//! The JSON output schema. These types are separate from the internal ones so that the
//! schema stays stable while the engine changes: fields are added, never renamed.

use serde::Serialize;

use crate::corpus::{Corpus, CorpusUnit, Document};
use crate::segment::{Kind, Location};

/// Schema version of the JSON output; bumped only on incompatible changes.
pub const SCHEMA_VERSION: u32 = 1;

/// A document as written to JSON.
#[derive(Debug, Serialize)]
pub struct JsonDocument<'a> {
    /// Index of the document.
    pub id: usize,
    /// The path as the user gave it.
    pub path: &'a str,
    /// Title (first article's title, else the file name).
    pub title: &'a str,
    /// `text`, `markdown`, `html` or `docx`.
    pub format: &'static str,
    /// Encoding of the bytes.
    pub encoding: &'static str,
    /// Articles with title and byline.
    pub articles: Vec<JsonArticle<'a>>,
}

/// An article as written to JSON.
#[derive(Debug, Serialize)]
pub struct JsonArticle<'a> {
    /// Title, or null.
    pub title: Option<&'a str>,
    /// Byline, or null.
    pub byline: Option<&'a str>,
}

/// A unit as written to JSON.
#[derive(Debug, Serialize)]
pub struct JsonUnit<'a> {
    /// Corpus-wide unit id.
    pub id: usize,
    /// Document id.
    pub document: usize,
    /// Article index within the document.
    pub article: usize,
    /// `recommendation`, `problem`, `background` or `case`.
    pub kind: Kind,
    /// The unit's own heading, or null.
    pub heading: Option<&'a str>,
    /// Article title, section headings and own heading.
    pub path: &'a [String],
    /// Numbering marker as written, or null.
    pub marker: Option<&'a str>,
    /// Cleaned text.
    pub text: &'a str,
    /// First and last source lines.
    pub location: Location,
}

/// A line removed as furniture.
#[derive(Debug, Serialize)]
pub struct JsonRemoved<'a> {
    /// Document id.
    pub document: usize,
    /// Source line.
    pub line: u32,
    /// Why.
    pub reason: crate::clean::Furniture,
    /// The line.
    pub text: &'a str,
}

/// Converts a document.
pub fn document(d: &Document) -> JsonDocument<'_> {
    JsonDocument {
        id: d.id,
        path: &d.path,
        title: &d.title,
        format: d.format.name(),
        encoding: d.encoding,
        articles: d
            .articles
            .iter()
            .map(|a| JsonArticle {
                title: a.title.as_deref(),
                byline: a.byline.as_deref(),
            })
            .collect(),
    }
}

/// Converts a unit.
pub fn unit(u: &CorpusUnit) -> JsonUnit<'_> {
    JsonUnit {
        id: u.id,
        document: u.document,
        article: u.unit.article,
        kind: u.unit.kind,
        heading: u.unit.heading.as_deref(),
        path: &u.unit.path,
        marker: u.unit.marker.as_deref(),
        text: &u.unit.text,
        location: u.unit.location,
    }
}

/// The output of `xietong segment --format json`.
#[derive(Debug, Serialize)]
pub struct SegmentOutput<'a> {
    /// Schema version.
    pub schema: u32,
    /// Program version.
    pub version: &'static str,
    /// Documents.
    pub documents: Vec<JsonDocument<'a>>,
    /// All units, every kind.
    pub units: Vec<JsonUnit<'a>>,
    /// Lines removed as furniture.
    pub removed: Vec<JsonRemoved<'a>>,
    /// Files skipped or read with a caveat.
    pub warnings: Vec<String>,
}

/// Builds the segmentation output.
pub fn segment_output(c: &Corpus) -> SegmentOutput<'_> {
    SegmentOutput {
        schema: SCHEMA_VERSION,
        version: env!("CARGO_PKG_VERSION"),
        documents: c.documents.iter().map(document).collect(),
        units: c.units.iter().map(unit).collect(),
        removed: c
            .documents
            .iter()
            .flat_map(|d| {
                d.removed.iter().map(move |r| JsonRemoved {
                    document: d.id,
                    line: r.line,
                    reason: r.reason,
                    text: &r.text,
                })
            })
            .collect(),
        warnings: c.warnings.iter().map(ToString::to_string).collect(),
    }
}

/// Serialises any output as pretty JSON followed by a newline.
pub fn to_bytes<T: Serialize>(value: &T) -> Vec<u8> {
    // Serialising plain data with string keys cannot fail.
    let mut out = serde_json::to_vec_pretty(value).unwrap_or_default();
    out.push(b'\n');
    out
}
