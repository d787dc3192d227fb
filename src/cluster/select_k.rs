//! Choosing the number of clusters: mean silhouette with cosine distance on the projected
//! unit vectors, for every k of a range, best score wins (ties go to the smaller k).
//!
//! Silhouettes cost O(n^2): up to `silhouette_exact_limit` rows (default 5000) every row is
//! used; above it a seeded sample of `silhouette_sample` rows (default 3000) is drawn and k-means
//! for each candidate k is fitted and scored on the sample only, then the caller refits on all
//! rows with the chosen k. The pairwise cosine matrix is computed once and reused for every k.
//! The sweep uses `select_runs` restarts per k (default 3); the caller refits the chosen k
//! with the full `n_runs`.

use rand_xoshiro::rand_core::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::errors::ClusterError;
use super::init::sample_rows;
use super::kmeans::{run_kmeans, KMeansSettings};
use super::linalg::Dense;

/// Mixed into the seed so the silhouette sample differs from the k-means fitting sample.
const SAMPLE_SALT: u64 = 0x5EED_5A3F_1E00_0001;

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

/// Outcome of the k sweep.
pub(crate) struct Selection {
    pub best: KScore,
    pub scores: Vec<KScore>,
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

/// Sweeps `k_min..=k_max` and returns the best k by silhouette.
pub(crate) fn select_k(
    x: &Dense,
    k_min: usize,
    k_max: usize,
    settings: &KMeansSettings,
    exact_limit: usize,
    sample_size: usize,
) -> Result<Selection, ClusterError> {
    let sampled = x.rows > exact_limit;
    let subset = if sampled {
        let mut rng = Xoshiro256Plus::seed_from_u64(settings.seed ^ SAMPLE_SALT);
        sample_rows(x, sample_size, &mut rng)
    } else {
        x.clone()
    };
    let k_max = k_max.min(subset.rows.saturating_sub(1));
    let sims = Similarities::new(&subset);
    let mut scores = Vec::new();
    let mut best: Option<KScore> = None;
    for k in k_min..=k_max {
        let (labels, k_found) = run_kmeans(&subset, k, settings)?;
        let score = KScore {
            k,
            k_found,
            silhouette: sims.silhouette(&labels, k_found),
        };
        scores.push(score);
        if best.is_none_or(|b| score.silhouette > b.silhouette) {
            best = Some(score);
        }
    }
    let best = best.ok_or(ClusterError::KRangeEmpty { k_min, k_max })?;
    Ok(Selection { best, scores })
}

#[cfg(test)]
mod tests {
    use super::*;

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
