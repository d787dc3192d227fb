//! Reports: everything xietong writes for people (text, Markdown, HTML), spreadsheets (CSV)
//! and programs (JSON, JSON Lines), behind one [`Render`] trait, and the one place that writes
//! output files (atomically, never over an input). JSON, JSON Lines and CSV are written as
//! they are produced ([`Render::write_to`]), never held in memory as a whole.

pub mod csv;
pub mod escape;
pub mod highlight;
pub mod html;
pub mod json;
pub mod jsonl;
pub mod map;
pub mod md;
pub mod parquet;
pub mod text;

use std::io::Write;
use std::path::Path;

use crate::corpus::Corpus;
use crate::engine::Analysis;
use crate::{Error, Result};

/// Output format chosen with `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// A readable terminal report.
    Text,
    /// The documented JSON schema.
    Json,
    /// JSON Lines: one object per document, unit, cluster… (see [`jsonl`]).
    Jsonl,
    /// One spreadsheet row per analysed unit.
    Csv,
    /// A compilation draft grouped by cluster.
    Markdown,
    /// One self-contained page with a map, a coverage table and the clusters.
    Html,
    /// The analysed units with cluster and TF-IDF vector, as Parquet (see [`parquet`]).
    Parquet,
}

/// One format of the `report` output. Each format is a type of its own so that adding one
/// touches only its file and [`renderer`].
pub trait Render {
    /// The whole report as bytes, ready to print or write.
    fn render(&self, corpus: &Corpus, analysis: &Analysis) -> Result<Vec<u8>>;

    /// Writes the report to `out`. Formats that can be written piece by piece override it to
    /// write as they go; the others render the whole report first.
    fn write_to(
        &self,
        corpus: &Corpus,
        analysis: &Analysis,
        out: &mut (dyn Write + Send),
    ) -> std::io::Result<()> {
        let bytes = self
            .render(corpus, analysis)
            .map_err(std::io::Error::other)?;
        out.write_all(&bytes)
    }
}

/// The terminal report of [`text::clusters`].
#[derive(Debug, Clone, Copy, Default)]
pub struct TextReport;

impl Render for TextReport {
    fn render(&self, corpus: &Corpus, analysis: &Analysis) -> Result<Vec<u8>> {
        Ok(text::clusters(corpus, analysis).into_bytes())
    }
}

/// The JSON report of [`json::report_output`].
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonReport;

impl Render for JsonReport {
    fn render(&self, corpus: &Corpus, analysis: &Analysis) -> Result<Vec<u8>> {
        Ok(json::to_bytes(&json::report_output(corpus, analysis)))
    }

    fn write_to(
        &self,
        corpus: &Corpus,
        analysis: &Analysis,
        out: &mut (dyn Write + Send),
    ) -> std::io::Result<()> {
        json::write_report(out, corpus, analysis)
    }
}

/// The JSON Lines report of [`jsonl::write_report`].
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonlReport;

impl Render for JsonlReport {
    fn render(&self, corpus: &Corpus, analysis: &Analysis) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        // Writing to memory cannot fail.
        let _ = jsonl::write_report(&mut out, corpus, analysis);
        Ok(out)
    }

    fn write_to(
        &self,
        corpus: &Corpus,
        analysis: &Analysis,
        out: &mut (dyn Write + Send),
    ) -> std::io::Result<()> {
        jsonl::write_report(out, corpus, analysis)
    }
}

/// The units file of [`parquet`] (the vocabulary file is written apart, by
/// [`parquet::write_terms`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct ParquetReport;

impl Render for ParquetReport {
    fn render(&self, corpus: &Corpus, analysis: &Analysis) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        parquet::write_units(&mut out, corpus, analysis).map_err(|source| Error::Write {
            path: "parquet".into(),
            source,
        })?;
        Ok(out)
    }

    fn write_to(
        &self,
        corpus: &Corpus,
        analysis: &Analysis,
        out: &mut (dyn Write + Send),
    ) -> std::io::Result<()> {
        parquet::write_units(out, corpus, analysis)
    }
}

/// The renderer of a format.
pub fn renderer(format: OutputFormat) -> Box<dyn Render> {
    match format {
        OutputFormat::Text => Box::new(TextReport),
        OutputFormat::Json => Box::new(JsonReport),
        OutputFormat::Jsonl => Box::new(JsonlReport),
        OutputFormat::Csv => Box::new(csv::CsvReport),
        OutputFormat::Markdown => Box::new(md::MarkdownReport),
        OutputFormat::Html => Box::new(html::HtmlReport),
        OutputFormat::Parquet => Box::new(ParquetReport),
    }
}

/// Where a unit comes from, for people: its section path without the title it appears under
/// ([`Corpus::title_of`], shown beside it), joined with `sep`.
pub fn section_path(corpus: &Corpus, unit: usize, sep: &str) -> String {
    let title = corpus.title_of(unit);
    let path = &corpus.units[unit].unit.path;
    let skip = usize::from(path.first().map(String::as_str) == Some(title));
    path[skip..].join(sep)
}

/// A unit's source lines for people: `line 6` or `lines 6–9`.
pub fn lines_label(corpus: &Corpus, unit: usize) -> String {
    let loc = corpus.units[unit].unit.location;
    if loc.first_line == loc.last_line {
        format!("line {}", loc.first_line)
    } else {
        format!("lines {}–{}", loc.first_line, loc.last_line)
    }
}

/// How many documents a cluster draws on, for people: `3 documents`, or `3 documents
/// (4 titles)` when a compilation contributes several articles, so the count matches the list
/// of titles beside it.
pub fn documents_label(documents: usize, titles: usize) -> String {
    let docs = if documents == 1 {
        "1 document".to_string()
    } else {
        format!("{documents} documents")
    };
    if titles == documents {
        docs
    } else {
        format!("{docs} ({titles} titles)")
    }
}

/// Overlap groups shown per theme in the text and Markdown reports (JSON lists every one;
/// HTML pages through them): a reader scans the largest, and at 100,000 proposals a theme
/// can hold hundreds.
pub const OVERLAPS_SHOWN: usize = 10;

/// What an overlap group says, for people: its medoid's heading, else the start of its text.
pub fn overlap_title(corpus: &Corpus, overlap: &crate::engine::Overlap) -> String {
    let Some(&m) = overlap.members.first() else {
        return String::new();
    };
    let unit = &corpus.units[m].unit;
    let text = unit.heading.as_deref().unwrap_or(&unit.text);
    let one_line = text.replace('\n', " ");
    let mut out: String = one_line.chars().take(40).collect();
    if one_line.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// The cluster (theme) of every analysed unit id, for marking group members placed elsewhere.
pub fn theme_of(analysis: &Analysis) -> std::collections::HashMap<usize, usize> {
    analysis
        .clusters
        .iter()
        .flat_map(|c| c.members.iter().map(move |&m| (m, c.id)))
        .collect()
}

/// Writes `bytes` to `path` atomically: into a temporary file in the same folder, then
/// renamed over the target, so an interrupted run leaves any previous file intact.
///
/// Refuses to write over any of `inputs` (files the run read).
pub fn write_atomic(path: &Path, bytes: &[u8], inputs: &[String]) -> Result<()> {
    write_atomic_with(path, inputs, |out| out.write_all(bytes))
}

/// Like [`write_atomic`], with the contents written by `fill` as they are produced, through a
/// buffer into the temporary file: a large report is never held in memory as a whole.
pub fn write_atomic_with(
    path: &Path,
    inputs: &[String],
    fill: impl FnOnce(&mut (dyn Write + Send)) -> std::io::Result<()>,
) -> Result<()> {
    let shown = path.display().to_string();
    let err = |source| Error::Write {
        path: shown.clone(),
        source,
    };
    if let Ok(target) = path.canonicalize() {
        let clash = inputs
            .iter()
            .filter_map(|i| Path::new(i).canonicalize().ok())
            .any(|i| target == i || target.starts_with(&i) && i.is_dir());
        if clash {
            return Err(Error::Config {
                option: "--out",
                message: format!("{shown} is one of the inputs; refusing to overwrite it"),
            });
        }
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(err)?;
    // Temporary files are private; the output should get the permissions of the file it
    // replaces, or ordinary ones.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode());
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(mode)).map_err(err)?;
    }
    {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, tmp.as_file_mut());
        fill(&mut out).map_err(err)?;
        out.flush().map_err(err)?;
    }
    tmp.as_file().sync_all().map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_refuses_inputs() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let out = dir.path().join("report.json");
        std::fs::write(&out, "old")?;
        let res = write_atomic(&out, b"new", &[]);
        assert!(res.is_ok());
        assert_eq!(std::fs::read_to_string(&out)?, "new");
        let input = dir.path().join("input.txt");
        std::fs::write(&input, "原文")?;
        let inputs = [input.display().to_string()];
        assert!(write_atomic(&input, b"x", &inputs).is_err());
        assert_eq!(std::fs::read_to_string(&input)?, "原文");
        Ok(())
    }
}
