//! The editor's groups in the shape of an [`Analysis`], so every report format (and `fit`)
//! shows them without knowing about reviews, and a short summary of the review (new
//! proposals, exclusions, orphaned decisions) for the text and Markdown reports.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use super::apply::{centroid_and_floor, Proposals, Reviewed};
use crate::corpus::Corpus;
use crate::engine::{Analysis, Cluster, ReviewExclusion, ReviewNotes, Unclustered};

/// `analysis` with its clusters replaced by the editor's non-empty groups (in the editor's
/// order, titled by the editor's title; folded duplicates listed after their entry) and its
/// unclustered units by the proposals in no group. Excluded proposals are in neither.
pub fn edited_analysis(analysis: &Analysis, r: &Reviewed, p: &Proposals) -> Analysis {
    let mut out = analysis.clone();
    let row_of = |u: usize| p.units.binary_search(&u).ok();
    let machine_of: BTreeMap<usize, usize> = analysis
        .clusters
        .iter()
        .flat_map(|c| c.members.iter().map(move |&m| (m, c.id)))
        .collect();
    out.clusters = r
        .groups
        .iter()
        .filter(|g| !g.entries.is_empty())
        .enumerate()
        .map(|(id, g)| {
            // Reports show a cluster's representative first (and star it): the editor's
            // pick leads, the others keep the editor's order.
            let lead = g
                .representative
                .and_then(|u| g.entries.iter().position(|e| e.unit == u))
                .unwrap_or(0);
            let entries = g.entries[lead..=lead]
                .iter()
                .chain(&g.entries[..lead])
                .chain(&g.entries[lead + 1..]);
            let members: Vec<usize> = entries
                .flat_map(|e| std::iter::once(e.unit).chain(e.also.iter().copied()))
                .collect();
            let rows: Vec<usize> = members.iter().filter_map(|&u| row_of(u)).collect();
            let (centroid, floor) = centroid_and_floor(p.matrix(), &rows);
            let similarity = rows
                .iter()
                .map(|&r| {
                    let (t, w) = p.matrix().row(r);
                    let mut dot = 0.0;
                    for (&t, &w) in t.iter().zip(w) {
                        if let Ok(i) = centroid.binary_search_by_key(&t, |&(c, _)| c) {
                            dot += f64::from(w) * centroid[i].1;
                        }
                    }
                    dot as f32
                })
                .collect();
            let mut votes: BTreeMap<usize, usize> = BTreeMap::new();
            for m in &members {
                if let Some(&c) = machine_of.get(m) {
                    *votes.entry(c).or_insert(0) += 1;
                }
            }
            let terms = votes
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .and_then(|(&c, _)| analysis.clusters.get(c))
                .map(|c| c.terms.clone())
                .unwrap_or_default();
            let documents: BTreeSet<usize> = rows.iter().map(|&r| p.document_of_row(r)).collect();
            Cluster {
                id,
                label: g.title.clone(),
                terms,
                representative: members[0],
                members,
                similarity,
                documents: documents.into_iter().collect(),
                centroid,
                floor,
            }
        })
        .collect();
    out.unclustered = r
        .unplaced
        .iter()
        .map(|e| Unclustered {
            unit: e.unit,
            nearest: None,
            similarity: e.similarity.unwrap_or(0.0),
        })
        .collect();
    crate::engine::place_overlaps(&mut out.overlaps, &out.clusters);
    out.review = Some(notes(r));
    out
}

/// The review's outcome in the shape reports carry.
fn notes(r: &Reviewed) -> ReviewNotes {
    let mut new: Vec<usize> = r
        .groups
        .iter()
        .flat_map(|g| &g.entries)
        .chain(&r.unplaced)
        .filter(|e| e.new)
        .map(|e| e.unit)
        .chain(r.excluded.iter().filter(|e| e.new).map(|e| e.unit))
        .collect();
    new.sort_unstable();
    ReviewNotes {
        new,
        excluded: r
            .excluded
            .iter()
            .map(|e| ReviewExclusion {
                unit: e.unit,
                reason: e.reason.as_str(),
                document: e.document,
            })
            .collect(),
        orphaned: r
            .orphaned
            .iter()
            .map(|o| (o.entry, o.decision.clone()))
            .collect(),
        warnings: r.warnings.clone(),
    }
}

/// What the review changed, for people: new proposals, exclusions, orphaned decisions and
/// problems with the file; empty when there is nothing to say.
pub fn summary(c: &Corpus, r: &Reviewed) -> String {
    let mut out = String::new();
    let preview = |u: usize| -> String { c.units[u].unit.text.chars().take(30).collect() };
    let new: Vec<(String, usize)> = r
        .groups
        .iter()
        .flat_map(|g| g.entries.iter().map(move |e| (g.title.clone(), e)))
        .chain(
            r.unplaced
                .iter()
                .map(|e| ("new, not yet placed".to_string(), e)),
        )
        .filter(|(_, e)| e.new)
        .map(|(g, e)| (g, e.unit))
        .collect();
    if !new.is_empty() {
        let _ = writeln!(out, "New since the last review ({}):", new.len());
        for (g, u) in &new {
            let _ = writeln!(out, "  [{g}] {} {}", c.source_name(*u), preview(*u));
        }
    }
    if !r.excluded.is_empty() {
        let _ = writeln!(out, "Excluded by the editor ({}):", r.excluded.len());
        for e in &r.excluded {
            let why = if e.document {
                format!("{}, whole document", e.reason.as_str())
            } else {
                e.reason.as_str().to_string()
            };
            let _ = writeln!(
                out,
                "  ({why}) {} {}",
                c.source_name(e.unit),
                preview(e.unit)
            );
        }
    }
    if !r.orphaned.is_empty() {
        let _ = writeln!(
            out,
            "Orphaned decisions, kept in the file ({}): their proposal is not in this run",
            r.orphaned.len()
        );
        for o in &r.orphaned {
            let _ = writeln!(out, "  entry {}: {}", o.entry, o.decision);
        }
    }
    for w in &r.warnings {
        let _ = writeln!(out, "Warning: {w}");
    }
    out
}
