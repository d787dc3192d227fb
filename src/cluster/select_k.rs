//! Choosing the number of clusters: mean silhouette with cosine distance on the projected
//! unit vectors, best score wins (ties go to the smaller k).
//!
//! Which k are tried depends on the range. Up to [`EXHAUSTIVE_VALUES`] candidates (the range
//! `2..=30` of small corpora) every k is scored. A wider range (large corpora, where the top
//! grows as √(n/2)) is searched coarse-to-fine: a geometric grid ([`COARSE_RATIO`] apart)
//! with one k-means run per k locates the region, then the bracket around the best grid point
//! is re-scored with the full sweep settings and bisected until its gaps are within
//! 1/[`FINE_RESOLUTION`] of k. Silhouettes of neighbouring k differ by less than their
//! sampling noise at that resolution, and trying every k up to 200 would cost minutes.
//!
//! Silhouettes cost O(n^2): up to `silhouette_exact_limit` rows (default 5000) every row is
//! used; above it a seeded sample is drawn (`silhouette_sample` rows, default 3000, more for a
//! wide range so each candidate cluster keeps [`SAMPLE_ROWS_PER_K`] rows, at most
//! [`MAX_SAMPLE`]) and k-means for each candidate k is fitted and scored on the sample only,
//! then the caller refits on all rows with the chosen k. The pairwise cosine matrix is computed
//! once and reused for every k. K-means itself is the caller's: this module only decides which
//! k to try, so it does not depend on how clusters are fitted.

use std::collections::BTreeMap;

use rand_xoshiro::rand_core::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::errors::ClusterError;
use super::init::sample_rows;
use super::linalg::Dense;

/// Mixed into the seed so the silhouette sample differs from the k-means fitting sample.
const SAMPLE_SALT: u64 = 0x5EED_5A3F_1E00_0001;

/// Ranges of at most this many k are scored exhaustively (`2..=30`, the range of every corpus
/// up to 1,800 units, so their choice is what it always was).
pub const EXHAUSTIVE_VALUES: usize = 29;

/// Ratio between neighbouring k of the coarse grid: 21 points cover `2..=223` (100,000 units).
pub const COARSE_RATIO: f64 = 1.25;

/// The fine pass stops when the best k's evaluated neighbours are within `k / FINE_RESOLUTION`.
pub const FINE_RESOLUTION: usize = 16;

/// Rows of the silhouette sample per cluster of the largest k tried.
pub const SAMPLE_ROWS_PER_K: usize = 20;

/// Upper bound on the silhouette sample (its cosine matrix takes 4 bytes per pair: 256 MB).
pub const MAX_SAMPLE: usize = 8000;

/// The score of one candidate k.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct KScore {
    /// The k that was asked of k-means.
    pub k: usize,
    /// Non-empty clusters k-means actually produced (can be below `k` on degenerate data).
    pub k_found: usize,
    /// Mean cosine silhouette in [-1, 1].
    pub silhouette: f64,
}

/// How a k sweep searched its range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KSearch {
    /// Every k of the range was scored.
    Exhaustive,
    /// A geometric grid, then bisection around its best point.
    CoarseToFine,
}

/// The k-means effort of one pass of the sweep, for the caller's fitting function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KPass {
    /// Locating the region on the coarse grid: the cheapest fit that ranks k usefully.
    Coarse,
    /// Scores that decide the choice (the exhaustive sweep, or the fine pass).
    Fine,
}

/// How k was chosen, for reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KChoice {
    /// How the range was searched.
    pub search: KSearch,
    /// Smallest k of the range.
    pub k_min: usize,
    /// Largest k of the range.
    pub k_max: usize,
    /// Rows the silhouettes were computed on.
    pub rows: usize,
    /// Whether those rows are a sample of the input.
    pub sampled: bool,
    /// Scores of the coarse grid (empty for an exhaustive sweep), in increasing k.
    pub coarse: Vec<KScore>,
    /// The k chosen.
    pub k: usize,
}

/// Outcome of the k sweep.
pub(crate) struct Selection {
    pub best: KScore,
    /// The scores that decided (every k, or the fine pass), in increasing k.
    pub scores: Vec<KScore>,
    pub choice: KChoice,
}

/// Pairwise cosine similarities of unit rows, `n x n` (f32 to halve memory: 3000 rows = 36 MB).
pub(crate) struct Similarities {
    n: usize,
    sim: Vec<f32>,
}

impl Similarities {
    pub fn new(x: &Dense) -> Self {
        let n = x.rows;
        let mut sim = vec![0f32; n * n];
        sim.par_chunks_mut(n.max(1))
            .enumerate()
            .for_each(|(i, out)| {
                let xi = x.row(i);
                for (j, o) in out.iter_mut().enumerate() {
                    *o = xi.iter().zip(x.row(j)).map(|(a, b)| a * b).sum::<f64>() as f32;
                }
            });
        Similarities { n, sim }
    }

    /// Mean silhouette of `labels` (ids below `k`) with distance `1 - cos`.
    ///
    /// Rows in singleton clusters score 0, as in Rousseeuw's definition.
    pub fn silhouette(&self, labels: &[usize], k: usize) -> f64 {
        let n = self.n;
        let mut sizes = vec![0usize; k];
        for &l in labels {
            sizes[l] += 1;
        }
        let per_row: Vec<f64> = (0..n)
            .into_par_iter()
            .map(|i| {
                let own = labels[i];
                if sizes[own] <= 1 {
                    return 0.0;
                }
                let mut sums = vec![0f64; k];
                for (j, &s) in self.sim[i * n..(i + 1) * n].iter().enumerate() {
                    sums[labels[j]] += 1.0 - f64::from(s);
                }
                // The row's distance to itself is ~0 but excluded from the count.
                let a = sums[own] / (sizes[own] - 1) as f64;
                let b = (0..k)
                    .filter(|&c| c != own && sizes[c] > 0)
                    .map(|c| sums[c] / sizes[c] as f64)
                    .fold(f64::INFINITY, f64::min);
                if !b.is_finite() {
                    return 0.0;
                }
                let m = a.max(b);
                if m > 0.0 {
                    (b - a) / m
                } else {
                    0.0
                }
            })
            .collect();
        per_row.iter().sum::<f64>() / n.max(1) as f64
    }
}

/// Mean cosine silhouette of a clustering of unit rows `x` (exact, O(n^2) time and memory).
pub fn silhouette_score(
    x: &ndarray::Array2<f64>,
    assignments: &[usize],
    k: usize,
) -> Result<f64, ClusterError> {
    let dense = Dense {
        rows: x.nrows(),
        cols: x.ncols(),
        data: x.iter().copied().collect(),
    };
    check_labels(assignments, x.nrows(), k)?;
    Ok(Similarities::new(&dense).silhouette(assignments, k))
}

pub(crate) fn check_labels(labels: &[usize], n_rows: usize, k: usize) -> Result<(), ClusterError> {
    if labels.len() != n_rows {
        return Err(ClusterError::ShapeMismatch {
            what: "number of assignments (rows)",
            expected: n_rows,
            got: labels.len(),
        });
    }
    match labels.iter().position(|&c| c >= k) {
        Some(row) => Err(ClusterError::AssignmentOutOfRange {
            row,
            cluster: labels[row],
            k,
        }),
        None => Ok(()),
    }
}

/// Where and how many rows to score silhouettes on.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SampleLimits {
    /// Every row is scored up to this many rows.
    pub exact_limit: usize,
    /// Rows sampled above it (raised for wide ranges, see [`SAMPLE_ROWS_PER_K`]).
    pub sample: usize,
    /// Seed of the sample.
    pub seed: u64,
}

/// The k-means of the sweep: `(rows, k, pass)` to `(labels, non-empty clusters)`.
pub(crate) type FitFn<'a> =
    dyn FnMut(&Dense, usize, KPass) -> Result<(Vec<usize>, usize), ClusterError> + 'a;

/// Chooses the best k of `k_min..=k_max` by silhouette (see the module docs for the search).
pub(crate) fn select_k(
    x: &Dense,
    k_min: usize,
    k_max: usize,
    limits: SampleLimits,
    fit: &mut FitFn<'_>,
) -> Result<Selection, ClusterError> {
    let wide = k_max.saturating_sub(k_min) + 1 > EXHAUSTIVE_VALUES;
    let sampled = x.rows > limits.exact_limit;
    let subset = if sampled {
        let size = if wide {
            k_max
                .saturating_mul(SAMPLE_ROWS_PER_K)
                .clamp(limits.sample, limits.sample.max(MAX_SAMPLE))
        } else {
            limits.sample
        };
        let mut rng = Xoshiro256Plus::seed_from_u64(limits.seed ^ SAMPLE_SALT);
        sample_rows(x, size, &mut rng)
    } else {
        x.clone()
    };
    let k_max = k_max.min(subset.rows.saturating_sub(1));
    if k_max < k_min {
        return Err(ClusterError::KRangeEmpty { k_min, k_max });
    }
    let sims = Similarities::new(&subset);
    let mut score = |k: usize, pass: KPass| -> Result<KScore, ClusterError> {
        let (labels, k_found) = fit(&subset, k, pass)?;
        Ok(KScore {
            k,
            k_found,
            silhouette: sims.silhouette(&labels, k_found),
        })
    };
    let wide = k_max - k_min + 1 > EXHAUSTIVE_VALUES;
    let mut coarse = Vec::new();
    let mut fine: BTreeMap<usize, KScore> = BTreeMap::new();
    if wide {
        for k in coarse_grid(k_min, k_max) {
            coarse.push(score(k, KPass::Coarse)?);
        }
        let at = best_of(coarse.iter()).map_or(0, |b| {
            coarse.iter().position(|s| s.k == b.k).unwrap_or_default()
        });
        let bracket = at.saturating_sub(1)..=(at + 1).min(coarse.len().saturating_sub(1));
        for i in bracket {
            let k = coarse[i].k;
            fine.insert(k, score(k, KPass::Fine)?);
        }
        while let Some(best) = best_of(fine.values()) {
            let tol = (best.k / FINE_RESOLUTION).max(1);
            let lo = fine.range(..best.k).next_back().map(|(&k, _)| k);
            let hi = fine.range(best.k + 1..).next().map(|(&k, _)| k);
            let mids: Vec<usize> = [lo.map(|l| (l, best.k)), hi.map(|h| (best.k, h))]
                .into_iter()
                .flatten()
                .filter(|&(a, b)| b - a > tol)
                .map(|(a, b)| a + (b - a) / 2)
                .collect();
            if mids.is_empty() {
                break;
            }
            for k in mids {
                fine.insert(k, score(k, KPass::Fine)?);
            }
        }
    } else {
        for k in k_min..=k_max {
            fine.insert(k, score(k, KPass::Fine)?);
        }
    }
    let best = best_of(fine.values()).ok_or(ClusterError::KRangeEmpty { k_min, k_max })?;
    Ok(Selection {
        best,
        scores: fine.into_values().collect(),
        choice: KChoice {
            search: if wide {
                KSearch::CoarseToFine
            } else {
                KSearch::Exhaustive
            },
            k_min,
            k_max,
            rows: subset.rows,
            sampled,
            coarse,
            k: best.k,
        },
    })
}

/// The highest silhouette of scores given in increasing k (ties: the smaller k).
fn best_of<'a>(scores: impl Iterator<Item = &'a KScore>) -> Option<KScore> {
    scores.fold(None, |best: Option<KScore>, s| match best {
        Some(b) if b.silhouette >= s.silhouette => Some(b),
        _ => Some(*s),
    })
}

/// `k_min`, then k growing by [`COARSE_RATIO`] (at least 1), ending with `k_max`.
fn coarse_grid(k_min: usize, k_max: usize) -> Vec<usize> {
    let mut out = vec![k_min];
    let mut k = k_min;
    while k < k_max {
        k = ((k as f64 * COARSE_RATIO).round() as usize)
            .max(k + 1)
            .min(k_max);
        out.push(k);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_range_of_k_grows_with_the_corpus_past_thirty() {
        use crate::cluster::default_k_max;
        assert_eq!(default_k_max(10), 5);
        assert_eq!(default_k_max(61), 30);
        assert_eq!(default_k_max(1800), 30);
        assert_eq!(default_k_max(2000), 31);
        assert_eq!(default_k_max(10_000), 70);
        assert_eq!(default_k_max(100_000), 223);
        assert_eq!(default_k_max(1_000_000), 707);
    }

    #[test]
    fn the_coarse_grid_is_geometric_and_covers_the_range() {
        let grid = coarse_grid(2, 223);
        assert_eq!(grid.first(), Some(&2));
        assert_eq!(grid.last(), Some(&223));
        assert!(grid.windows(2).all(|w| w[0] < w[1]));
        assert!(grid.len() <= 25, "{grid:?}");
        assert_eq!(coarse_grid(5, 5), vec![5]);
    }

    /// Rows in `blocks` orthogonal blocks of identical rows.
    fn planted(blocks: usize, rows_per: usize) -> Dense {
        let n = blocks * rows_per;
        let mut data = vec![0.0; n * blocks];
        for r in 0..n {
            data[r * blocks + r / rows_per] = 1.0;
        }
        Dense {
            rows: n,
            cols: blocks,
            data,
        }
    }

    /// A fake k-means for [`planted`] rows: below the planted k it merges neighbouring blocks,
    /// above it it splits the first blocks in two, as a real fit would.
    fn fake_fit(x: &Dense, k: usize) -> (Vec<usize>, usize) {
        let blocks = x.cols;
        let block = |r: usize| (0..blocks).position(|c| x.row(r)[c] > 0.0).unwrap_or(0);
        let labels = (0..x.rows)
            .map(|r| match block(r) {
                b if k <= blocks => b * k / blocks,
                b if b < k - blocks && r % 2 == 1 => blocks + b,
                b => b,
            })
            .collect();
        (labels, k)
    }

    #[test]
    fn a_wide_range_is_searched_coarse_to_fine_and_finds_the_planted_k() {
        let x = planted(47, 6);
        let mut asked = Vec::new();
        let mut fit = |rows: &Dense, k: usize, pass: KPass| {
            asked.push((k, pass));
            Ok(fake_fit(rows, k))
        };
        let limits = SampleLimits {
            exact_limit: 5000,
            sample: 3000,
            seed: 1,
        };
        let sel = select_k(&x, 2, 120, limits, &mut fit).unwrap();
        assert_eq!(sel.choice.search, KSearch::CoarseToFine);
        assert_eq!(sel.best.k, 47, "{:?}", sel.scores);
        assert!(asked.len() < 40, "{} fits: {asked:?}", asked.len());
        assert!(!sel.choice.coarse.is_empty());
        assert!(sel
            .scores
            .iter()
            .all(|s| s.silhouette <= sel.best.silhouette));
    }

    #[test]
    fn a_narrow_range_scores_every_k() {
        let x = planted(4, 10);
        let mut fit = |rows: &Dense, k: usize, _: KPass| Ok(fake_fit(rows, k));
        let limits = SampleLimits {
            exact_limit: 5000,
            sample: 3000,
            seed: 1,
        };
        let sel = select_k(&x, 2, 20, limits, &mut fit).unwrap();
        assert_eq!(sel.choice.search, KSearch::Exhaustive);
        assert_eq!(sel.scores.len(), 19);
        assert_eq!(sel.best.k, 4);
    }

    #[test]
    fn silhouette_matches_hand_computed_values() {
        // Two identical pairs in orthogonal directions: a = 0, b = 1 for every row.
        let x = ndarray::array![[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 1.0]];
        assert!((silhouette_score(&x, &[0, 0, 1, 1], 2).unwrap() - 1.0).abs() < 1e-12);
        // Mixing the pairs: a = 1, b = 0.5 for every row -> (0.5 - 1) / 1 = -0.5.
        assert!((silhouette_score(&x, &[0, 1, 0, 1], 2).unwrap() + 0.5).abs() < 1e-12);
        // Singletons score 0: rows 0,1 -> 1.0; rows 2,3 singletons -> 0; mean 0.5.
        assert!((silhouette_score(&x, &[0, 0, 1, 2], 3).unwrap() - 0.5).abs() < 1e-12);
        assert!(matches!(
            silhouette_score(&x, &[0, 0, 1], 2),
            Err(ClusterError::ShapeMismatch { .. })
        ));
    }
}
