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

use super::centroids::{refine, JoinRule, Nearest, SparseCentroids};
use super::errors::ClusterError;
use super::hyperparams::ClusterValidParams;
use super::init::{kmeans_plusplus, sample_rows};
use super::linalg::Dense;
use super::project::{validate_input, Projection};
use super::select_k::{select_k, KScore};
use crate::vectorize::CsrMatrix;

/// A fitted clustering.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterModel {
    /// Number of (non-empty) clusters.
    pub k: usize,
    /// Cluster id of every input row, `None` for a row left unclustered (it shares too little
    /// with every cluster: see [`ClusterParams::join_floor`]). Ids are ordered by cluster size
    /// descending, then by the smallest member row, so cluster 0 is the largest.
    ///
    /// [`ClusterParams::join_floor`]: super::ClusterParams::join_floor
    pub assignments: Vec<Option<usize>>,
    /// Unit-length centroid of each cluster in the TF-IDF space of the input matrix.
    pub centroids: SparseCentroids,
    /// The nearest cluster of every row: its own for a clustered row, the one it came closest
    /// to for an unclustered row (`None` when that is none of the final clusters or the row
    /// shares no term with any).
    pub nearest: Vec<Option<usize>>,
    /// Member count of each cluster.
    pub sizes: Vec<usize>,
    /// TF-IDF cosine of each row to its cluster's centroid, or for an unclustered row to the
    /// nearest centroid (0 for rows with no weight).
    pub member_similarity: Vec<f64>,
    /// Per cluster, the member row closest to the centroid (ties: smallest row).
    pub representatives: Vec<usize>,
    /// Silhouette of every k tried (empty when k was fixed), in increasing k.
    pub k_scores: Vec<KScore>,
    /// The projection k-means ran in (not needed to assign new rows).
    pub projection: Projection,
}

impl ClusterModel {
    /// Every row's cluster as a plain label, unclustered rows sharing the extra label `k`
    /// (what partition metrics such as NMI or V-measure take).
    pub fn labels(&self) -> Vec<usize> {
        self.assignments
            .iter()
            .map(|c| c.unwrap_or(self.k))
            .collect()
    }
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
/// Few are needed because the spherical k-means in TF-IDF space that follows moves rows until
/// they settle: on a planted 100,000-row, 50-topic matrix (`examples/bench_cluster.rs`) purity
/// is 0.922 with 3 or 10 iterations, and 3 save 1.2 s of a 100,000-unit report.
const REFINE_ITERATIONS: u64 = 3;

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
    let (labels, order) = relabel(&raw, k);
    Ok((labels, order.len()))
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

/// Renumbers clusters by size descending, then smallest member row, dropping empty ones;
/// also returns the old id of each new one.
pub(crate) fn relabel(raw: &[usize], k: usize) -> (Vec<usize>, Vec<usize>) {
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
    (raw.iter().map(|&c| new_id[c]).collect(), order)
}

/// [`relabel`] for placements that may leave rows unclustered; empty clusters are dropped.
fn relabel_some(placed: &[Nearest], k: usize) -> (Vec<Option<usize>>, Vec<usize>) {
    let clustered: Vec<usize> = placed.iter().filter_map(|p| p.cluster).collect();
    let (ids, order) = relabel(&clustered, k);
    let mut ids = ids.into_iter();
    let labels = placed
        .iter()
        .map(|p| p.cluster.and_then(|_| ids.next()))
        .collect();
    (labels, order)
}

/// Wall time of each stage of a fit, for `--timings` and benchmarks.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FitTimings {
    /// Fitting the projection and projecting the rows.
    pub projection: std::time::Duration,
    /// The sweep over k (zero when k was given).
    pub select_k: std::time::Duration,
    /// The final k-means runs in the projected space.
    pub kmeans: std::time::Duration,
    /// The refinement in TF-IDF space and the cluster summaries.
    pub refine: std::time::Duration,
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
        timings.kmeans = start
            .elapsed()
            .saturating_sub(timings.projection + timings.select_k);
        let refine_start = std::time::Instant::now();
        let (centroids, placed) = refine(
            matrix,
            &labels,
            k,
            JoinRule {
                floor: self.p.join_floor,
                relative: self.p.join_relative,
            },
            self.p.refine_iterations,
        )?;
        let (labels, order) = relabel_some(&placed, k);
        let centroids_before = centroids.k();
        let centroids = centroids.reorder(&order);
        let k = order.len();
        let member_similarity: Vec<f64> = placed.iter().map(|p| p.similarity).collect();
        let mut new_id = vec![None; centroids_before];
        for (new, &old) in order.iter().enumerate() {
            new_id[old] = Some(new);
        }
        let nearest = placed
            .iter()
            .map(|p| {
                new_id
                    .get(p.nearest)
                    .copied()
                    .flatten()
                    .filter(|_| p.similarity > 0.0)
            })
            .collect();
        let mut sizes = vec![0usize; k];
        let mut representatives: Vec<Option<usize>> = vec![None; k];
        for (row, l) in labels.iter().enumerate() {
            let Some(l) = *l else { continue };
            sizes[l] += 1;
            // Rows ascend, so a tie keeps the smaller row.
            if representatives[l].is_none_or(|b| member_similarity[row] > member_similarity[b]) {
                representatives[l] = Some(row);
            }
        }
        timings.refine = refine_start.elapsed();
        let model = ClusterModel {
            k,
            member_similarity,
            nearest,
            representatives: representatives.into_iter().flatten().collect(),
            centroids,
            sizes,
            assignments: labels,
            k_scores,
            projection,
        };
        Ok((model, timings))
    }
}
