//! Markdown output: a compilation draft for editors, one `## ` section per cluster with the
//! documents it covers, its key terms and every member's text and source.
//!
//! Document text is escaped line by line ([`escape::markdown_line`]) so that asterisks,
//! brackets, `#` or a line starting with `1.` inside a proposal cannot break the layout.

use std::fmt::Write;

use super::escape;
use super::{section_path, Render};
use crate::corpus::Corpus;
use crate::engine::Analysis;
use crate::Result;

/// Key terms listed per cluster.
const TERMS: usize = 8;

/// The Markdown renderer.
#[derive(Debug, Clone, Copy, Default)]
pub struct MarkdownReport;

impl Render for MarkdownReport {
    fn render(&self, corpus: &Corpus, analysis: &Analysis) -> Result<Vec<u8>> {
        Ok(to_markdown(corpus, analysis).into_bytes())
    }
}

/// The Markdown text.
pub fn to_markdown(c: &Corpus, a: &Analysis) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Compilation draft\n");
    let _ = writeln!(
        out,
        "{} units from {} documents in {} clusters{} (seed {}). Clusters spanning more \
         documents come first; within a cluster, the most central proposal comes first.\n",
        a.units.len(),
        c.documents.len(),
        a.clusters.len(),
        match a.unclustered.len() {
            0 => String::new(),
            n => format!(" and {n} not clustered"),
        },
        a.settings.seed
    );
    for k in &a.clusters {
        let _ = writeln!(out, "## {}. {}\n", k.id + 1, inline(&k.label));
        let docs: Vec<String> = c.titles_of(&k.members).iter().map(|t| inline(t)).collect();
        let _ = writeln!(
            out,
            "- **From {}:** {}",
            super::documents_label(k.documents.len(), docs.len()),
            docs.join("、")
        );
        let terms: Vec<String> = k.terms.iter().take(TERMS).map(|(t, _)| inline(t)).collect();
        let _ = writeln!(out, "- **Key terms:** {}", terms.join("、"));
        let _ = writeln!(out, "- **Proposals:** {}\n", k.members.len());
        overlaps(&mut out, c, a, k.id);
        for (&m, sim) in k.members.iter().zip(&k.similarity) {
            member(&mut out, c, m, *sim);
        }
    }
    if !a.unclustered.is_empty() {
        let _ = writeln!(
            out,
            "## Not clustered\n\n{} proposals share too little with every cluster to join one; \
             the similarity shown is to the nearest cluster.\n",
            a.unclustered.len()
        );
        for u in &a.unclustered {
            member(&mut out, c, u.unit, u.similarity);
        }
    }
    if !c.warnings.is_empty() {
        let _ = writeln!(out, "## Warnings\n");
        for w in &c.warnings {
            let _ = writeln!(out, "- {}", inline(&w.to_string()));
        }
        out.push('\n');
    }
    out
}

/// A theme's largest overlap groups ([`super::OVERLAPS_SHOWN`]): how many documents repeat
/// each, what it says, and where.
fn overlaps(out: &mut String, c: &Corpus, a: &Analysis, theme: usize) {
    let groups: Vec<_> = a.overlaps_in(Some(theme)).collect();
    if groups.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "**Overlap groups** (proposals of different documents that say the same thing, largest \
         first): {}\n",
        groups.len()
    );
    // A numbered list: the dash items of a section are its summary and its proposals.
    for (i, o) in groups.iter().take(super::OVERLAPS_SHOWN).enumerate() {
        let sources: Vec<String> = o
            .members
            .iter()
            .map(|&m| {
                format!(
                    "{} ({})",
                    inline(&c.source_name(m)),
                    super::lines_label(c, m)
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "{}. **{} documents repeat:** {} — {}\n",
            i + 1,
            o.documents.len(),
            inline(&super::overlap_title(c, o)),
            sources.join("; ")
        );
    }
    if groups.len() > super::OVERLAPS_SHOWN {
        let _ = writeln!(
            out,
            "… and {} more groups (all in the JSON output)\n",
            groups.len() - super::OVERLAPS_SHOWN
        );
    }
}

/// One member as a list item: each paragraph of its text (indented so it stays in the item),
/// then its source.
fn member(out: &mut String, c: &Corpus, m: usize, sim: f32) {
    let u = &c.units[m];
    let mut first = true;
    for line in u.unit.text.lines().filter(|l| !l.trim().is_empty()) {
        let lead = if first { "- " } else { "  " };
        let _ = writeln!(out, "{lead}{}\n", escape::markdown_line(line));
        first = false;
    }
    if first {
        let _ = writeln!(out, "- (empty)\n");
    }
    let path = section_path(c, m, " › ");
    let _ = writeln!(
        out,
        "  *Source:* {}{}{} · {} · similarity {:.2}\n",
        inline(&c.source_name(m)),
        if path.is_empty() { "" } else { " › " },
        inline(&path),
        super::lines_label(c, m),
        sim
    );
}

/// Escapes a one-line value (a title, a label) that is embedded in our own markup.
fn inline(s: &str) -> String {
    escape::markdown_line(&s.replace(['\r', '\n'], " "))
}
