//! What a run produces: the analysis [`analyse`](super::analyse) returns (neighbours,
//! near-duplicates, clusters, the units left out, the 2-D map) and the TF-IDF vectors it is
//! built from. Plain data: the stages that fill it live in [`engine`](super), and the formats
//! that print it in [`report`](crate::report).

use crate::cluster::{KChoice, KScore};
use crate::text::Tokenizer;
use crate::timings::Timings;
use crate::vectorize::{CsrMatrix, TfidfModel};

use super::settings::Settings;

/// A unit's nearest neighbour in another document.
#[derive(Debug, Clone, PartialEq)]
pub struct Neighbor {
    /// The neighbour's unit id.
    pub unit: usize,
    /// Cosine similarity of the TF-IDF vectors.
    pub score: f32,
    /// The shared terms that contribute most to the score, strongest first, as ids into the
    /// vocabulary of the model the vectors were made with: [`Analysis::tfidf`] in an
    /// analysis, [`Vectors::tfidf`] from [`nearest`](super::nearest) and
    /// [`query`](super::query). Ids, not strings: a report of 100,000 units holds 2.5
    /// million of them (about 140 MB as strings); they become text when written.
    pub terms: Vec<u32>,
}

/// Two units of different documents that say nearly the same thing.
#[derive(Debug, Clone, PartialEq)]
pub struct Duplicate {
    /// The unit that comes first in the corpus.
    pub a: usize,
    /// The other unit.
    pub b: usize,
    /// Cosine similarity.
    pub score: f32,
    /// The shared terms that contribute most to the score, as ids into the same vocabulary
    /// as [`Neighbor::terms`].
    pub terms: Vec<u32>,
}

/// One cluster of units.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    /// Position in [`Analysis::clusters`].
    pub id: usize,
    /// The most distinctive terms, joined.
    pub label: String,
    /// Distinctive terms with their c-TF-IDF weights, strongest first.
    pub terms: Vec<(String, f32)>,
    /// Member unit ids, most central first.
    pub members: Vec<usize>,
    /// TF-IDF cosine of each member (same order) to the cluster centroid.
    pub similarity: Vec<f32>,
    /// The member closest to the centroid.
    pub representative: usize,
    /// Documents the members come from, ascending.
    pub documents: Vec<usize>,
    /// Unit-length centroid in the clustering TF-IDF space as sorted `(term id, weight)`
    /// pairs (empty when there were too few units to cluster).
    pub centroid: Vec<(u32, f64)>,
    /// Least cosine to the centroid for joining (see
    /// [`ClusterParams::join_floor`](crate::cluster::ClusterParams::join_floor)).
    pub floor: f64,
}

/// A unit that shares too little with every cluster to join one (its cosine to the nearest
/// cluster, that cluster's own proposals aside, is below the floor).
#[derive(Debug, Clone, PartialEq)]
pub struct Unclustered {
    /// The unit id.
    pub unit: usize,
    /// The cluster it came closest to (position in [`Analysis::clusters`]), if any.
    pub nearest: Option<usize>,
    /// Its TF-IDF cosine to that cluster's centroid.
    pub similarity: f32,
}

/// Proposals of different documents that say the same thing: every two members have TF-IDF
/// cosine at or above the near-duplicate threshold (see
/// [`overlap_groups`](crate::similarity::overlap_groups)).
#[derive(Debug, Clone, PartialEq)]
pub struct Overlap {
    /// Position in [`Analysis::overlaps`].
    pub id: usize,
    /// The theme (cluster id) holding most members, `None` when none is clustered.
    pub theme: Option<usize>,
    /// Member unit ids, the medoid (the member closest to all others) first, then by cosine
    /// to it.
    pub members: Vec<usize>,
    /// Cosine of each member to the medoid (same order; 1 for the medoid).
    pub similarity: Vec<f32>,
    /// Documents the members come from, ascending (at least two).
    pub documents: Vec<usize>,
    /// The lowest cosine between two members.
    pub min_similarity: f32,
}

/// The result of a run.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The settings used.
    pub settings: Settings,
    /// Unit ids analysed, in corpus order (row `i` of every matrix is `units[i]`).
    pub units: Vec<usize>,
    /// Per analysed unit, its nearest neighbours in other documents.
    pub neighbors: Vec<Vec<Neighbor>>,
    /// Near-duplicate pairs, highest score first.
    pub duplicates: Vec<Duplicate>,
    /// Clusters ordered by how many documents they span, then by size.
    pub clusters: Vec<Cluster>,
    /// Units left out of every cluster, in corpus order.
    pub unclustered: Vec<Unclustered>,
    /// Silhouette of every k that decided the choice when k was chosen automatically.
    pub k_scores: Vec<KScore>,
    /// How k was chosen (`None` when `--k` fixed it or there were too few units).
    pub k_choice: Option<KChoice>,
    /// Overlap groups, theme by theme in cluster order (groups in no theme last), largest
    /// first within a theme.
    pub overlaps: Vec<Overlap>,
    /// The TF-IDF model the clusters were fitted on (to vectorize new documents the same way).
    pub tfidf: TfidfModel,
    /// Wall time of each stage.
    pub timings: Timings,
    /// 2-D map position of each analysed unit (row order of `units`), for plots: see
    /// [`crate::layout`].
    pub coords: Vec<(f32, f32)>,
    /// What the editor's decisions did, when a decisions file was applied (the clusters are
    /// then the editor's groups).
    pub review: Option<ReviewNotes>,
}

/// What applying the editor's decisions file did to a run, for programs reading the report:
/// the groups themselves are the clusters.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReviewNotes {
    /// Unit ids of the proposals the editor has not seen yet (added since the last review).
    pub new: Vec<usize>,
    /// Proposals left out by the editor.
    pub excluded: Vec<ReviewExclusion>,
    /// Decisions whose proposal or document is gone: (1-based entry in the file, decision).
    pub orphaned: Vec<(usize, String)>,
    /// Problems with entries of the file.
    pub warnings: Vec<String>,
}

/// A proposal the editor left out.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewExclusion {
    /// The unit id.
    pub unit: usize,
    /// `not a proposal` or `off-topic`.
    pub reason: &'static str,
    /// Whether the editor excluded its whole document.
    pub document: bool,
}

impl Analysis {
    /// Whether a unit was added since the editor's last review (never without a review).
    pub fn is_new(&self, unit: usize) -> bool {
        self.review
            .as_ref()
            .is_some_and(|r| r.new.binary_search(&unit).is_ok())
    }

    /// The terms of ids held by this analysis ([`Neighbor::terms`], [`Duplicate::terms`]).
    pub fn term_names(&self, ids: &[u32]) -> Vec<&str> {
        self.tfidf.vocabulary().names(ids)
    }

    /// The overlap groups of a theme (`None`: groups none of whose members is clustered),
    /// largest first.
    pub fn overlaps_in(&self, theme: Option<usize>) -> impl Iterator<Item = &Overlap> + '_ {
        // Sorted by theme, so a theme's groups are one run.
        let key = |t: Option<usize>| t.unwrap_or(usize::MAX);
        let start = self.overlaps.partition_point(|o| key(o.theme) < key(theme));
        self.overlaps[start..]
            .iter()
            .take_while(move |o| o.theme == theme)
    }
}

/// The analysed units as TF-IDF vectors, with what made them.
pub struct Vectors {
    /// Unit ids, in corpus order; row `i` is `units[i]`.
    pub units: Vec<usize>,
    /// Document of each row.
    pub groups: Vec<u32>,
    /// The tokenizer (reused for queries).
    pub tokenizer: Tokenizer,
    /// The TF-IDF model for similarity: every term counts.
    pub tfidf: TfidfModel,
    /// One l2-normalised row per unit, for similarity.
    pub matrix: CsrMatrix,
    /// The TF-IDF model for clustering: terms of a single unit dropped (from
    /// [`MIN_DF_CORPUS`](super::MIN_DF_CORPUS) units on).
    pub cluster_tfidf: TfidfModel,
    /// One l2-normalised row per unit, for clustering.
    pub cluster_matrix: CsrMatrix,
}

/// Each unit's row in the analysis matrices, looked up by unit id.
///
/// Why not a binary search in [`Vectors::units`]: a report looks up every near-duplicate
/// pair's and neighbour's row, millions of times at 1,000,000 units, each search a chain of
/// cache misses through a megabytes-long array.
pub struct RowOf(Vec<u32>);

impl RowOf {
    /// The rows of `units` (row `i` is `units[i]`).
    pub fn new(units: &[usize]) -> Self {
        let len = units.iter().max().map_or(0, |&m| m + 1);
        let mut rows = vec![u32::MAX; len];
        for (row, &unit) in units.iter().enumerate() {
            rows[unit] = row as u32;
        }
        RowOf(rows)
    }

    /// The row of `unit`, `None` when it was not analysed.
    pub fn get(&self, unit: usize) -> Option<usize> {
        match self.0.get(unit) {
            Some(&r) if r != u32::MAX => Some(r as usize),
            _ => None,
        }
    }
}

impl Vectors {
    /// The string of a term id.
    pub fn term(&self, id: u32) -> String {
        self.tfidf.term(id).unwrap_or("?").to_string()
    }

    /// The terms of ids from [`nearest`](super::nearest), [`duplicates`](super::duplicates)
    /// or [`query`](super::query).
    pub fn term_names(&self, ids: &[u32]) -> Vec<&str> {
        self.tfidf.vocabulary().names(ids)
    }
}

/// Term ids of `pairs` (id, contribution), strongest first.
pub(super) fn ids(pairs: &[(u32, f32)]) -> Vec<u32> {
    pairs.iter().map(|&(t, _)| t).collect()
}

#[cfg(test)]
mod tests {
    use super::RowOf;

    #[test]
    fn a_unit_finds_its_row_and_an_unanalysed_unit_none() {
        let rows = RowOf::new(&[2, 5, 9]);
        assert_eq!(rows.get(2), Some(0));
        assert_eq!(rows.get(5), Some(1));
        assert_eq!(rows.get(9), Some(2));
        assert_eq!(rows.get(3), None);
        assert_eq!(rows.get(10), None);
        assert_eq!(RowOf::new(&[]).get(0), None);
    }
}
