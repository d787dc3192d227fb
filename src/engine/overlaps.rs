//! The second level of the results: overlap groups (proposals of different documents that say
//! the same thing, see [`overlap_groups`]) built from the near-duplicate pairs, and placed in
//! the theme (cluster) that holds most of their members.

use std::collections::BTreeMap;

use crate::similarity::overlap_groups;
use crate::{Error, Result};

use super::results::{Cluster, Duplicate, Overlap, RowOf, Vectors};

/// Overlap groups of the analysed units from their near-duplicate pairs (`threshold` as for
/// the pairs). Themes are not known yet: every group's `theme` is `None` until
/// [`place_overlaps`].
pub fn overlaps(v: &Vectors, duplicates: &[Duplicate], threshold: f32) -> Result<Vec<Overlap>> {
    let rows = RowOf::new(&v.units);
    let row = |u: usize| rows.get(u);
    let pairs: Vec<(usize, usize, f32)> = duplicates
        .iter()
        .filter_map(|d| Some((row(d.a)?, row(d.b)?, d.score)))
        .collect();
    let found =
        overlap_groups(&v.matrix, &v.groups, &pairs, threshold).map_err(|e| Error::Config {
            option: "--threshold",
            message: e.to_string(),
        })?;
    Ok(found
        .into_iter()
        .map(|g| {
            let mut documents: Vec<usize> = g.rows.iter().map(|&r| v.groups[r] as usize).collect();
            documents.sort_unstable();
            documents.dedup();
            Overlap {
                id: 0,
                theme: None,
                members: g.rows.iter().map(|&r| v.units[r]).collect(),
                similarity: g.similarity,
                documents,
                min_similarity: g.min_similarity,
            }
        })
        .collect())
}

/// Puts each group in the theme holding most of its members (ties: the theme listed first),
/// or none when no member is clustered, then orders them theme by theme (groups in no theme
/// last), largest first within a theme (most documents, then most members), and numbers them
/// in that order. A group is never split across themes: its members say the same thing even
/// when k-means put one of them elsewhere, and reports show where.
pub fn place_overlaps(overlaps: &mut [Overlap], clusters: &[Cluster]) {
    let theme_of: BTreeMap<usize, usize> = clusters
        .iter()
        .flat_map(|c| c.members.iter().map(move |&m| (m, c.id)))
        .collect();
    for o in overlaps.iter_mut() {
        let mut votes: BTreeMap<usize, usize> = BTreeMap::new();
        for m in &o.members {
            if let Some(&t) = theme_of.get(m) {
                *votes.entry(t).or_insert(0) += 1;
            }
        }
        o.theme = votes
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(&t, _)| t);
    }
    overlaps.sort_by(|a, b| {
        let theme = |o: &Overlap| o.theme.unwrap_or(usize::MAX);
        theme(a)
            .cmp(&theme(b))
            .then(b.documents.len().cmp(&a.documents.len()))
            .then(b.members.len().cmp(&a.members.len()))
            .then(a.members.first().cmp(&b.members.first()))
    });
    for (i, o) in overlaps.iter_mut().enumerate() {
        o.id = i;
    }
}
