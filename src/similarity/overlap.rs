//! Overlap groups: rows of different groups (documents) that say the same thing, gathered from
//! the near-duplicate pairs the neighbour search already found.
//!
//! Linking pairs transitively (single linkage) chains: A~B and B~C put A and C together even
//! when they share nothing, and at scale one chain can swallow a whole theme. Groups here are
//! **complete-linkage**: every two members, of any document, have cosine at or above the
//! threshold. Complete linkage was chosen over "every member close to the first member or the
//! medoid" because with cosine that star rule bounds nothing useful: two members each at 0.1 to
//! the centre may be orthogonal to each other, and near-duplicate thresholds are low for TF-IDF
//! (0.1 on the seeds). The price is that a row joins at most one group, the one its strongest
//! compatible pair builds first.
//!
//! The merge is greedy and agglomerative: pairs are taken by score, highest first (ties by
//! rows), and the groups of a pair's two rows merge when every cross pair passes; cosines
//! come from the rows themselves. Large merges skip the pairs that the angle triangle
//! inequality through the group's centre already shows to pass. Nothing depends on thread
//! count or hashing order.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use super::error::SimilarityError;
use super::index::check_rows;
use super::neighbors::QueryTable;
use crate::vectorize::CsrMatrix;

/// Merges checking at most this many member pairs compare every pair by its cosine, so a
/// small group's lowest cosine is exact; larger merges may pass a pair on the angle bound.
const EXACT_PAIRS: usize = 64;

/// Radians kept below the threshold's angle before a pair passes on the bound alone: the
/// angles come from `f32` cosines, whose rounding near 1 moves an angle by up to ~1e-3.
const ANGLE_MARGIN: f64 = 0.01;

/// The angle between two unit vectors of cosine `c`.
fn angle(c: f32) -> f64 {
    (c as f64).clamp(-1.0, 1.0).acos()
}

/// A set of rows from at least two groups whose every pair reaches the threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct OverlapGroup {
    /// Member rows, the medoid first (highest summed cosine to the others), then by cosine to
    /// the medoid, highest first (ties: lower row).
    pub rows: Vec<usize>,
    /// Cosine of each member to the medoid, in `rows` order (1 for the medoid itself).
    pub similarity: Vec<f32>,
    /// The lowest cosine between two members (at or above the threshold). In a group grown by
    /// merges of more than 64 member pairs it is a lower bound, from the members' angles to
    /// the group's centre, wherever that bound alone showed a pair to pass.
    pub min_similarity: f32,
    /// How many distinct groups (documents) the members come from (at least 2).
    pub groups: usize,
}

/// Complete-linkage overlap groups of `matrix` rows from the near-duplicate `pairs`
/// (`(row a, row b, cosine)`, rows of different groups).
///
/// Groups come out largest first: most distinct groups (documents), then most members, then
/// lowest medoid row.
///
/// # Errors
/// [`SimilarityError::InvalidThreshold`] unless `0 < threshold <= 1`;
/// [`SimilarityError::GroupLengthMismatch`]; [`SimilarityError::NotNormalized`];
/// [`SimilarityError::PairOutOfRange`] for a pair naming a row the matrix lacks.
pub fn overlap_groups(
    matrix: &CsrMatrix,
    group: &[u32],
    pairs: &[(usize, usize, f32)],
    threshold: f32,
) -> Result<Vec<OverlapGroup>, SimilarityError> {
    if !(threshold > 0.0 && threshold <= 1.0) {
        return Err(SimilarityError::InvalidThreshold(threshold));
    }
    check_rows(matrix, group)?;
    let n = matrix.n_rows();
    if let Some(&(a, b, _)) = pairs.iter().find(|&&(a, b, _)| a >= n || b >= n) {
        return Err(SimilarityError::PairOutOfRange { row: a.max(b), n });
    }
    let mut edges: Vec<(usize, usize, f32)> = pairs
        .iter()
        .filter(|&&(a, b, s)| a != b && group[a] != group[b] && s >= threshold)
        .map(|&(a, b, s)| (a.min(b), a.max(b), s))
        .collect();
    edges.par_sort_unstable_by(|x, y| y.2.total_cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1))));
    edges.dedup_by(|x, y| (x.0, x.1) == (y.0, y.1));
    // Cross pairs are scored from a scatter table of one side (bit-identical to
    // `CsrMatrix::row_dot`, so to the pairs' own scores): at 1,000,000 units the grouping
    // computes ~27 million cosines, and merging two sorted rows per pair was most of it.
    let mut table = QueryTable::new(matrix.n_cols());

    // `owner[row]` is the slot in `members` of the row's group; only rows of some edge get one
    // (`usize::MAX`: none yet). Each group keeps a centre (the first row of the larger side
    // of every merge), each member its angle to it, and the group its largest such angle.
    let mut owner: Vec<usize> = vec![usize::MAX; n];
    let mut members: Vec<Members> = Vec::new();
    let mut lowest: Vec<f32> = Vec::new();
    let mut centre: Vec<usize> = Vec::new();
    let mut radius: Vec<f64> = Vec::new();
    let limit = (threshold as f64).acos() - ANGLE_MARGIN;
    // With no negative weight (TF-IDF has none) a partial sum never exceeds the whole, so a
    // cross pair's sum may stop early (see below).
    let nonnegative = (0..n)
        .into_par_iter()
        .all(|r| matrix.row(r).1.iter().all(|&v| v >= 0.0));
    let mut incompatible: HashSet<(usize, usize)> = HashSet::new();
    let mut moved_angles: Vec<(f64, f32)> = Vec::new();
    for &(a, b, score) in &edges {
        let mut slot = |row: usize| {
            if owner[row] == usize::MAX {
                members.push(Members::of(matrix, row));
                centre.push(row);
                radius.push(0.0);
                lowest.push(f32::INFINITY);
                owner[row] = members.len() - 1;
            }
            owner[row]
        };
        let (ga, gb) = (slot(a), slot(b));
        let slots = (ga.min(gb), ga.max(gb));
        if ga == gb || incompatible.contains(&slots) {
            continue;
        }
        // The smaller group moves, so each row moves O(log n) times.
        let (keep, gone) = if members[ga].len() >= members[gb].len() {
            (ga, gb)
        } else {
            (gb, ga)
        };
        let ck = centre[keep];
        // Every moved row's cosine and angle to the kept centre (a pair checked anyway).
        // `worst` starts at the lowest cosine either group holds: the merged group's lowest is
        // never above it, so a cross pair's sum may stop once it gets there (see below).
        let mut worst = score.min(lowest[keep]).min(lowest[gone]);
        table.set(matrix.row(ck));
        moved_angles.clear();
        let mut compatible = true;
        for y in 0..members[gone].len() {
            let c = table.dot(members[gone].row(y));
            worst = worst.min(c);
            if c < threshold {
                compatible = false;
                break;
            }
            moved_angles.push((angle(c), c));
        }
        let exact = members[keep].len() * members[gone].len() <= EXACT_PAIRS;
        if compatible {
            let (kept, moving) = (&members[keep], &members[gone]);
            let widest = moved_angles.iter().map(|m| m.0).fold(0.0, f64::max);
            if !exact && radius[keep] + widest <= limit {
                // Angles between unit vectors obey the triangle inequality, so no pair can be
                // wider than the kept group's radius plus the widest moved row: every pair
                // passes without a cosine (a repeated sentence's group costs its size, not
                // its square). The bound stands in for the pairs' lowest cosine.
                worst = worst.min((radius[keep] + widest).cos() as f32);
            } else {
                // The moved side is the smaller: each of its rows is scattered once.
                compatible = moved_angles.iter().enumerate().all(|(y, &(ay, _))| {
                    table.set(moving.row(y));
                    (0..kept.len()).filter(|&x| kept.rows[x] != ck).all(|x| {
                        let bound = kept.angles[x] + ay;
                        if !exact && bound <= limit {
                            worst = worst.min(bound.cos() as f32);
                            return true;
                        }
                        // A pair at or above both the threshold and the lowest cosine so far
                        // changes nothing, so its sum may stop once it gets there.
                        let enough = match nonnegative {
                            true => threshold.max(worst),
                            false => f32::INFINITY,
                        };
                        match table.dot_below(kept.row(x), enough) {
                            None => true,
                            Some(c) => {
                                worst = worst.min(c);
                                c >= threshold
                            }
                        }
                    })
                });
            }
        }
        if !compatible {
            // Groups only grow, so a failing pair stays in these two slots: later pairs
            // between them need not search for it again (at 1,000,000 units the same two
            // large groups of a repeated sentence met over thousands of pairs).
            incompatible.insert(slots);
            continue;
        }
        let moved = std::mem::take(&mut members[gone]);
        for (&r, &(ay, _)) in moved.rows.iter().zip(&moved_angles) {
            owner[r] = keep;
            radius[keep] = radius[keep].max(ay);
        }
        members[keep].absorb(moved, &moved_angles);
        lowest[keep] = worst;
    }

    let mut out: Vec<OverlapGroup> = members
        .into_par_iter()
        .zip(lowest)
        .filter(|(m, _)| m.len() > 1)
        .map(|(Members { mut rows, .. }, min_similarity)| {
            rows.sort_unstable();
            summarise(matrix, group, rows, min_similarity)
        })
        .collect();
    out.sort_by(|x, y| {
        y.groups
            .cmp(&x.groups)
            .then(y.rows.len().cmp(&x.rows.len()))
            .then(x.rows[0].cmp(&y.rows[0]))
    });
    Ok(out)
}

/// A group's member rows with their entries stored side by side, so checking a merge reads
/// each group's memory in order. Fetching every member's row from the matrix (its offsets,
/// columns and weights, and its angle in an array over all rows) missed the cache four times
/// per cosine at 1,000,000 units, and that was most of the grouping's time.
#[derive(Debug, Default)]
struct Members {
    rows: Vec<usize>,
    /// Each member's angle to the group's centre (0 for a group of one).
    angles: Vec<f64>,
    /// Member `i`'s entries are `cols[starts[i]..starts[i + 1]]` (and the same of `vals`).
    starts: Vec<usize>,
    cols: Vec<u32>,
    vals: Vec<f32>,
}

impl Members {
    /// A group of the one row `row` of `matrix`.
    fn of(matrix: &CsrMatrix, row: usize) -> Self {
        let (cols, vals) = matrix.row(row);
        Members {
            rows: vec![row],
            angles: vec![0.0],
            starts: vec![0, cols.len()],
            cols: cols.to_vec(),
            vals: vals.to_vec(),
        }
    }

    fn len(&self) -> usize {
        self.rows.len()
    }

    /// Member `i`'s entries, as [`CsrMatrix::row`] gives them.
    fn row(&self, i: usize) -> (&[u32], &[f32]) {
        let (s, e) = (self.starts[i], self.starts[i + 1]);
        (&self.cols[s..e], &self.vals[s..e])
    }

    /// Takes in every member of `other`, whose angles to this group's centre are `angles`
    /// (in `other`'s order).
    fn absorb(&mut self, other: Members, angles: &[(f64, f32)]) {
        let base = self.cols.len();
        self.rows.extend(other.rows);
        self.angles.extend(angles.iter().map(|a| a.0));
        self.starts
            .extend(other.starts[1..].iter().map(|&s| base + s));
        self.cols.extend(other.cols);
        self.vals.extend(other.vals);
    }
}

/// Orders a group's rows around its medoid and counts its groups.
fn summarise(matrix: &CsrMatrix, group: &[u32], rows: Vec<usize>, min: f32) -> OverlapGroup {
    // Rows are unit length, so a row's summed cosine to all members is its dot product with
    // the members' sum: one pass instead of every pair.
    let mut sum: HashMap<u32, f32> = HashMap::new();
    for &r in &rows {
        let (cols, vals) = matrix.row(r);
        for (&c, &v) in cols.iter().zip(vals) {
            *sum.entry(c).or_insert(0.0) += v;
        }
    }
    let total = |r: usize| {
        let (cols, vals) = matrix.row(r);
        cols.iter()
            .zip(vals)
            .map(|(c, v)| v * sum.get(c).copied().unwrap_or(0.0))
            .sum::<f32>()
    };
    let medoid = rows
        .iter()
        .copied()
        .map(|r| (r, total(r)))
        .fold(None, |best: Option<(usize, f32)>, (r, t)| match best {
            Some((_, bt)) if bt >= t => best,
            _ => Some((r, t)),
        })
        .map_or(rows[0], |(r, _)| r);
    let mut ranked: Vec<(usize, f32)> = rows
        .iter()
        .map(|&r| {
            let s = if r == medoid {
                1.0
            } else {
                matrix.row_dot(medoid, r)
            };
            (r, s)
        })
        .collect();
    ranked.sort_by(|x, y| {
        (y.0 == medoid)
            .cmp(&(x.0 == medoid))
            .then(y.1.total_cmp(&x.1))
            .then(x.0.cmp(&y.0))
    });
    let mut groups: Vec<u32> = rows.iter().map(|&r| group[r]).collect();
    groups.sort_unstable();
    groups.dedup();
    OverlapGroup {
        rows: ranked.iter().map(|p| p.0).collect(),
        similarity: ranked.iter().map(|p| p.1).collect(),
        min_similarity: min,
        groups: groups.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Unit rows from `(column, weight)` lists (normalised here).
    fn matrix(rows: &[&[(u32, f32)]]) -> CsrMatrix {
        let rows = rows
            .iter()
            .map(|r| {
                let norm = r.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
                r.iter().map(|&(c, w)| (c, w / norm)).collect()
            })
            .collect();
        CsrMatrix::from_rows(8, rows)
    }

    fn all_pairs(m: &CsrMatrix, group: &[u32], t: f32) -> Vec<(usize, usize, f32)> {
        let mut out = Vec::new();
        for a in 0..m.n_rows() {
            for b in a + 1..m.n_rows() {
                let s = m.row_dot(a, b);
                if group[a] != group[b] && s >= t {
                    out.push((a, b, s));
                }
            }
        }
        out
    }

    #[test]
    fn a_chain_does_not_join_its_ends() {
        // A~B and B~C above 0.5, A and C orthogonal: B goes with its closer partner A.
        let m = matrix(&[&[(0, 1.0), (1, 1.0)], &[(1, 1.0)], &[(1, 1.0), (2, 1.2)]]);
        let group = [0, 1, 2];
        let pairs = all_pairs(&m, &group, 0.5);
        assert_eq!(pairs.len(), 2);
        let found = overlap_groups(&m, &group, &pairs, 0.5).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rows.len(), 2);
        assert!(found[0].rows.contains(&0) && found[0].rows.contains(&1));
        assert!(found[0].min_similarity >= 0.5);
    }

    #[test]
    fn a_clique_is_one_group_with_its_medoid_first() {
        // Four documents with the same core term, one off-topic row.
        let m = matrix(&[
            &[(0, 1.0), (1, 0.2)],
            &[(0, 1.0), (2, 0.3)],
            &[(0, 1.0)],
            &[(0, 1.0), (3, 0.4)],
            &[(5, 1.0)],
        ]);
        let group = [0, 1, 2, 2, 3];
        let pairs = all_pairs(&m, &group, 0.8);
        let found = overlap_groups(&m, &group, &pairs, 0.8).unwrap();
        assert_eq!(found.len(), 1);
        let g = &found[0];
        assert_eq!(g.rows[0], 2, "the pure row is the medoid: {g:?}");
        assert_eq!(g.rows.len(), 4);
        assert_eq!(g.groups, 3);
        assert!(g.similarity.windows(2).all(|w| w[0] >= w[1]));
        // Same-document pairs are checked too: rows 2 and 3 share document 2 and are close.
        for &x in &g.rows {
            for &y in &g.rows {
                assert!(x == y || m.row_dot(x, y) >= 0.8);
            }
        }
    }

    #[test]
    fn a_sentence_repeated_in_many_documents_is_one_group_and_does_not_chain() {
        // 100 documents repeat one sentence (column 0), each with a word of its own: large
        // enough for merges to pass pairs on the angle bound. Two more rows each reach the
        // threshold with every copy but not with each other, so only one may join.
        let mut rows: Vec<Vec<(u32, f32)>> =
            (0..100u32).map(|i| vec![(0, 1.0), (1 + i, 0.15)]).collect();
        rows.push(vec![(0, 1.0), (101, 1.5)]);
        rows.push(vec![(0, 1.0), (102, 1.5)]);
        let rows = rows
            .into_iter()
            .map(|r| {
                let norm = r.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
                r.into_iter().map(|(c, w)| (c, w / norm)).collect()
            })
            .collect();
        let m = CsrMatrix::from_rows(103, rows);
        let group: Vec<u32> = (0..102).collect();
        let t = 0.5;
        let found = overlap_groups(&m, &group, &all_pairs(&m, &group, t), t).unwrap();
        assert_eq!(found.len(), 1);
        let g = &found[0];
        assert_eq!(g.rows.len(), 101, "the copies and one of the two outliers");
        assert!((0..100).all(|r| g.rows.contains(&r)));
        let mut exact_min = f32::INFINITY;
        for &x in &g.rows {
            for &y in &g.rows {
                if x != y {
                    exact_min = exact_min.min(m.row_dot(x, y));
                }
            }
        }
        assert!(exact_min >= t);
        assert!(
            g.min_similarity >= t && g.min_similarity <= exact_min,
            "{} is a bound of {exact_min}",
            g.min_similarity
        );
    }

    #[test]
    fn pairs_within_one_document_never_link() {
        let m = matrix(&[&[(0, 1.0)], &[(0, 1.0)]]);
        let found = overlap_groups(&m, &[4, 4], &[(0, 1, 1.0)], 0.5).unwrap();
        assert!(found.is_empty());
    }

    #[test]
    fn bad_input_is_an_error() {
        let m = matrix(&[&[(0, 1.0)], &[(0, 1.0)]]);
        assert!(matches!(
            overlap_groups(&m, &[0, 1], &[], 0.0),
            Err(SimilarityError::InvalidThreshold(_))
        ));
        assert!(matches!(
            overlap_groups(&m, &[0, 1], &[(0, 7, 0.9)], 0.5),
            Err(SimilarityError::PairOutOfRange { row: 7, n: 2 })
        ));
        assert!(matches!(
            overlap_groups(&m, &[0], &[], 0.5),
            Err(SimilarityError::GroupLengthMismatch { .. })
        ));
    }

    #[test]
    fn pair_order_does_not_matter() {
        let m = matrix(&[
            &[(0, 1.0), (1, 0.5)],
            &[(0, 1.0), (1, 0.6)],
            &[(0, 1.0), (2, 0.9)],
            &[(1, 1.0), (2, 0.2)],
        ]);
        let group = [0, 1, 2, 3];
        let mut pairs = all_pairs(&m, &group, 0.3);
        let first = overlap_groups(&m, &group, &pairs, 0.3).unwrap();
        pairs.reverse();
        assert_eq!(overlap_groups(&m, &group, &pairs, 0.3).unwrap(), first);
    }
}
