//! CSV output: one row per analysed unit, cluster by cluster, for spreadsheets.
//!
//! Written by hand rather than with the `csv` crate: RFC 4180 quoting is a dozen lines and the
//! output is write-only. The file starts with a UTF-8 byte-order mark, without which Excel
//! reads UTF-8 as the local ANSI code page and shows Chinese as mojibake; records end in CRLF
//! as RFC 4180 says.

use std::io::Write;

use super::{section_path, Render};
use crate::corpus::Corpus;
use crate::engine::Analysis;
use crate::Result;

/// UTF-8 byte-order mark.
pub const BOM: &str = "\u{FEFF}";

/// Column names, in order.
pub const HEADER: [&str; 13] = [
    "cluster",
    "label",
    "document",
    "title",
    "heading_path",
    "heading",
    "text",
    "first_line",
    "last_line",
    "similarity",
    "doc_number",
    "overlap",
    "overlap_documents",
];

/// The CSV renderer.
#[derive(Debug, Clone, Copy, Default)]
pub struct CsvReport;

impl Render for CsvReport {
    fn render(&self, corpus: &Corpus, analysis: &Analysis) -> Result<Vec<u8>> {
        Ok(to_csv(corpus, analysis).into_bytes())
    }

    fn write_to(
        &self,
        corpus: &Corpus,
        analysis: &Analysis,
        out: &mut (dyn Write + Send),
    ) -> std::io::Result<()> {
        write_csv(out, corpus, analysis)
    }
}

/// The CSV text (see [`write_csv`]).
pub fn to_csv(corpus: &Corpus, analysis: &Analysis) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail, and every field written is UTF-8.
    let _ = write_csv(&mut out, corpus, analysis);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the CSV row by row: header, then each cluster's members (most central first), then
/// the units left out of every cluster with empty `cluster` and `label` (their `similarity`
/// is to the nearest cluster). `cluster` is the 1-based number shown by the text and Markdown
/// reports (JSON `id` + 1); `title` is the article's title in a compilation of several;
/// `overlap` is the 1-based number of the unit's overlap group (JSON `overlaps[].id` + 1) and
/// `overlap_documents` how many documents repeat it, both empty for a unit in no group.
pub fn write_csv(out: &mut dyn Write, corpus: &Corpus, analysis: &Analysis) -> std::io::Result<()> {
    let group_of: std::collections::HashMap<usize, (usize, usize)> = analysis
        .overlaps
        .iter()
        .flat_map(|o| {
            o.members
                .iter()
                .map(move |&m| (m, (o.id + 1, o.documents.len())))
        })
        .collect();
    let group = |m: usize| group_of.get(&m).copied();
    let mut row = String::from(BOM);
    record(&mut row, HEADER.iter().map(|h| h.to_string()));
    out.write_all(row.as_bytes())?;
    for k in &analysis.clusters {
        for (&m, &sim) in k.members.iter().zip(&k.similarity) {
            row.clear();
            unit_row(
                &mut row,
                corpus,
                m,
                Some((k.id + 1, &k.label)),
                sim,
                group(m),
            );
            out.write_all(row.as_bytes())?;
        }
    }
    for u in &analysis.unclustered {
        row.clear();
        unit_row(&mut row, corpus, u.unit, None, u.similarity, group(u.unit));
        out.write_all(row.as_bytes())?;
    }
    Ok(())
}

fn unit_row(
    out: &mut String,
    corpus: &Corpus,
    m: usize,
    cluster: Option<(usize, &str)>,
    sim: f32,
    overlap: Option<(usize, usize)>,
) {
    let u = &corpus.units[m];
    let d = &corpus.documents[u.document];
    let loc = u.unit.location;
    let fields = [
        cluster.map_or(String::new(), |(n, _)| n.to_string()),
        cell(cluster.map_or("", |(_, label)| label)),
        cell(&d.path),
        cell(corpus.title_of(m)),
        cell(&section_path(corpus, m, " > ")),
        cell(u.unit.heading.as_deref().unwrap_or("")),
        cell(&u.unit.text),
        loc.first_line.to_string(),
        loc.last_line.to_string(),
        format!("{sim:.3}"),
        cell(corpus.doc_number_of(m).unwrap_or("")),
        overlap.map_or(String::new(), |(n, _)| n.to_string()),
        overlap.map_or(String::new(), |(_, d)| d.to_string()),
    ];
    record(out, fields.into_iter());
}

fn record(out: &mut String, fields: impl Iterator<Item = String>) {
    for (i, f) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        quote_into(out, &f);
    }
    out.push_str("\r\n");
}

/// RFC 4180: a field holding a comma, quote, CR or LF is quoted, with quotes doubled.
pub fn quote_into(out: &mut String, field: &str) {
    if field.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

/// Text from a document as a cell. A cell that starts like a spreadsheet formula (`=`, `+`,
/// `-`, `@`, tab, CR) gets a leading `'` so that Excel and LibreOffice show it instead of
/// evaluating it (OWASP's advice against CSV injection); a lone `-` (stdin's path) is kept.
pub fn cell(text: &str) -> String {
    let risky = text.starts_with(['=', '+', '-', '@', '\t', '\r']) && text.chars().nth(1).is_some();
    if risky {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_follows_rfc_4180() {
        let mut s = String::new();
        quote_into(&mut s, "推进协同");
        s.push('|');
        quote_into(&mut s, "一是,二是");
        s.push('|');
        quote_into(&mut s, "所谓\"协同\"");
        s.push('|');
        quote_into(&mut s, "第一行\n第二行");
        assert_eq!(
            s,
            "推进协同|\"一是,二是\"|\"所谓\"\"协同\"\"\"|\"第一行\n第二行\""
        );
    }

    #[test]
    fn formula_like_cells_are_defused() {
        assert_eq!(
            cell("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("-"), "-");
        assert_eq!(cell("推进协同"), "推进协同");
    }
}
