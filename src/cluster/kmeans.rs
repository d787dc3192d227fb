//! K-means on the projected unit vectors (linfa-clustering, k-means++ seeding, seeded
//! Xoshiro256Plus), deterministic relabelling, and the whole fit pipeline
//! `ClusterValidParams::fit(&CsrMatrix) -> ClusterModel`.

use linfa::prelude::{Fit, Predict};
use linfa::DatasetBase;
use linfa_clustering::{KMeans, KMeansInit};
use linfa_nn::distance::L2Dist;
use ndarray::{Array2, ArrayView2};
use rand_xoshiro::rand_core::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;
use serde::{Deserialize, Serialize};

use super::errors::ClusterError;
use super::hyperparams::ClusterValidParams;
use super::init::{kmeans_plusplus, sample_rows};
use super::label::{member_similarity_dense, representatives_dense};
use super::linalg::{normalize_rows, Dense};
use super::project::{validate_input, Projection};
use super::select_k::{select_k, KScore};
use crate::vectorize::CsrMatrix;

/// A fitted clustering.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterModel {
    /// Number of (non-empty) clusters.
    pub k: usize,
    /// Cluster id of every input row. Ids are ordered by cluster size descending, then by the
    /// smallest member row, so cluster 0 is the largest.
    pub assignments: Vec<usize>,
    /// Unit-length centroid of each cluster in the projected space (`k` rows of `dims`).
    pub centroids: Vec<Vec<f64>>,
    /// Member count of each cluster.
    pub sizes: Vec<usize>,
    /// Cosine of each row to its cluster's centroid (0 for rows with no weight).
    pub member_similarity: Vec<f64>,
    /// Per cluster, the member row closest to the centroid (ties: smallest row).
    pub representatives: Vec<usize>,
    /// Silhouette of every k tried (empty when k was fixed), in increasing k.
    pub k_scores: Vec<KScore>,
    /// The projection the centroids live in (needed to assign new rows).
    pub projection: Projection,
}

/// K-means settings shared by the k sweep and the final fit.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct KMeansSettings {
    pub seed: u64,
    pub n_runs: usize,
    pub max_n_iterations: u64,
    pub tolerance: f64,
    /// Above this many rows the restarts run on a seeded sample of this size.
    pub fit_sample: usize,
}

/// Lloyd iterations on all rows after fitting on a sample (each costs one pass over the data).
const REFINE_ITERATIONS: u64 = 10;

/// Mixed into the seed for the fitting sample, so it is independent of the other draws.
const FIT_SAMPLE_SALT: u64 = 0xF17_5A3F_1E00_0002;

/// Runs k-means and returns relabelled assignments plus the number of non-empty clusters.
///
/// `n_runs` restarts from k-means++ seeds ([`kmeans_plusplus`]) each run through linfa's Lloyd
/// iterations; the run of least inertia wins (ties: earliest). Above `fit_sample` rows the
/// restarts use a seeded sample (of at least 20 rows per cluster), and the winner is refined on all rows by linfa with at most
/// [`REFINE_ITERATIONS`] iterations before every row is assigned.
pub(crate) fn run_kmeans(
    x: &Dense,
    k: usize,
    s: &KMeansSettings,
) -> Result<(Vec<usize>, usize), ClusterError> {
    let mut rng = Xoshiro256Plus::seed_from_u64(s.seed);
    let sample;
    // The sample keeps at least 20 rows per cluster so large k is not starved of rows.
    let sample_size = s.fit_sample.max(k.saturating_mul(20));
    let fit_set = if x.rows > sample_size {
        let mut sample_rng = Xoshiro256Plus::seed_from_u64(s.seed ^ FIT_SAMPLE_SALT);
        sample = sample_rows(x, sample_size, &mut sample_rng);
        &sample
    } else {
        x
    };
    let mut best: Option<KMeans<f64, L2Dist>> = None;
    for _ in 0..s.n_runs {
        let init = kmeans_plusplus(fit_set, k, &mut rng);
        let model = lloyd(fit_set, init, s.max_n_iterations, s)?;
        if best.as_ref().is_none_or(|b| model.inertia() < b.inertia()) {
            best = Some(model);
        }
    }
    let mut model = best.ok_or(ClusterError::ZeroRuns)?;
    if !std::ptr::eq(fit_set, x) {
        let centres = Dense {
            rows: k,
            cols: x.cols,
            data: model.centroids().iter().copied().collect(),
        };
        model = lloyd(x, centres, REFINE_ITERATIONS.min(s.max_n_iterations), s)?;
    }
    let view = ArrayView2::from_shape((x.rows, x.cols), &x.data).map_err(numeric)?;
    let raw: Vec<usize> = model.predict(&view).to_vec();
    Ok(relabel(&raw, k))
}

fn lloyd(
    x: &Dense,
    init: Dense,
    max_n_iterations: u64,
    s: &KMeansSettings,
) -> Result<KMeans<f64, L2Dist>, ClusterError> {
    let view = ArrayView2::from_shape((x.rows, x.cols), &x.data).map_err(numeric)?;
    let init = Array2::from_shape_vec((init.rows, init.cols), init.data).map_err(numeric)?;
    KMeans::params_with(init.nrows(), Xoshiro256Plus::seed_from_u64(s.seed), L2Dist)
        .init_method(KMeansInit::Precomputed(init))
        .n_runs(1)
        .max_n_iterations(max_n_iterations)
        .tolerance(s.tolerance)
        .fit(&DatasetBase::from(view))
        .map_err(numeric)
}

fn numeric(e: impl std::fmt::Display) -> ClusterError {
    ClusterError::Numeric {
        stage: "k-means",
        message: e.to_string(),
    }
}

/// Renumbers clusters by size descending, then smallest member row, dropping empty ones.
pub(crate) fn relabel(raw: &[usize], k: usize) -> (Vec<usize>, usize) {
    let mut size = vec![0usize; k];
    let mut first = vec![usize::MAX; k];
    for (row, &c) in raw.iter().enumerate() {
        size[c] += 1;
        first[c] = first[c].min(row);
    }
    let mut order: Vec<usize> = (0..k).filter(|&c| size[c] > 0).collect();
    order.sort_by(|&a, &b| size[b].cmp(&size[a]).then(first[a].cmp(&first[b])));
    let mut new_id = vec![0usize; k];
    for (new, &old) in order.iter().enumerate() {
        new_id[old] = new;
    }
    (raw.iter().map(|&c| new_id[c]).collect(), order.len())
}

/// Unit-length mean of each cluster's rows.
pub(crate) fn centroids_of(x: &Dense, labels: &[usize], k: usize) -> Dense {
    let mut c = Dense::zeros(k, x.cols);
    for (i, &l) in labels.iter().enumerate() {
        for (a, &v) in c.data[l * x.cols..(l + 1) * x.cols]
            .iter_mut()
            .zip(x.row(i))
        {
            *a += v;
        }
    }
    normalize_rows(&mut c);
    c
}

/// Wall time of each stage of a fit, for `--timings` and benchmarks.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FitTimings {
    /// Fitting the projection and projecting the rows.
    pub projection: std::time::Duration,
    /// The sweep over k (zero when k was given).
    pub select_k: std::time::Duration,
    /// The final k-means runs and the cluster summaries.
    pub kmeans: std::time::Duration,
}

impl ClusterValidParams {
    /// Projects `matrix`, chooses k if needed, clusters, and summarises the clusters.
    ///
    /// Errors: empty matrix or one without any weight, `k > n_rows`, too few rows to choose k,
    /// and numeric failures.
    pub fn fit(&self, matrix: &CsrMatrix) -> Result<ClusterModel, ClusterError> {
        self.fit_timed(matrix).map(|(model, _)| model)
    }

    /// Like [`fit`](Self::fit), also reporting how long each stage took.
    pub fn fit_timed(
        &self,
        matrix: &CsrMatrix,
    ) -> Result<(ClusterModel, FitTimings), ClusterError> {
        let mut timings = FitTimings::default();
        let start = std::time::Instant::now();
        validate_input(matrix)?;
        let n = matrix.n_rows();
        if let Some(k) = self.p.k {
            if k > n {
                return Err(ClusterError::KTooLarge { k, n_rows: n });
            }
        }
        let settings = KMeansSettings {
            seed: self.p.seed,
            n_runs: self.p.n_runs,
            max_n_iterations: self.p.max_n_iterations,
            tolerance: self.p.tolerance,
            fit_sample: self.p.kmeans_sample,
        };
        let projection = self.projection.fit(matrix)?;
        let x = projection.transform_dense(matrix)?;
        timings.projection = start.elapsed();

        let (labels, k, k_scores) = match self.p.k {
            Some(k) => {
                let (labels, found) = run_kmeans(&x, k, &settings)?;
                (labels, found, Vec::new())
            }
            None => {
                let (k_min, k_max) = self.k_range_for(n);
                if k_max < k_min {
                    return Err(ClusterError::TooFewRowsToChooseK {
                        n_rows: n,
                        needed: 2 * k_min,
                        k_min,
                        k_max,
                    });
                }
                let sweep = KMeansSettings {
                    n_runs: self.p.select_runs,
                    ..settings.clone()
                };
                let sweep_start = std::time::Instant::now();
                let sel = select_k(
                    &x,
                    k_min,
                    k_max,
                    &sweep,
                    self.p.silhouette_exact_limit,
                    self.p.silhouette_sample,
                )?;
                timings.select_k = sweep_start.elapsed();
                let (labels, found) = run_kmeans(&x, sel.best.k, &settings)?;
                (labels, found, sel.scores)
            }
        };
        let centroids = centroids_of(&x, &labels, k);
        let mut sizes = vec![0usize; k];
        labels.iter().for_each(|&l| sizes[l] += 1);
        timings.kmeans = start
            .elapsed()
            .saturating_sub(timings.projection + timings.select_k);
        let model = ClusterModel {
            k,
            member_similarity: member_similarity_dense(&x, &labels, &centroids),
            representatives: representatives_dense(&x, &labels, &centroids),
            centroids: centroids
                .data
                .chunks(x.cols.max(1))
                .map(<[f64]>::to_vec)
                .collect(),
            sizes,
            assignments: labels,
            k_scores,
            projection,
        };
        Ok((model, timings))
    }
}
