//! K-means on the projected unit vectors (linfa-clustering, k-means++ seeding, seeded
//! Xoshiro256Plus) and deterministic relabelling: the runs both the k sweep
//! ([`select_k`](super::select_k)) and the final fit ([`fit`](super::fit)) make.

use super::distance::LaneL2;
use linfa::prelude::{Fit, Predict};
use linfa::DatasetBase;
use linfa_clustering::{KMeans, KMeansInit};
use ndarray::{Array2, ArrayView2};
use rand_xoshiro::rand_core::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;

use super::errors::ClusterError;
use super::init::{kmeans_plusplus, sample_rows};
use super::linalg::Dense;

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
    let mut best: Option<KMeans<f64, LaneL2>> = None;
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
) -> Result<KMeans<f64, LaneL2>, ClusterError> {
    let view = ArrayView2::from_shape((x.rows, x.cols), &x.data).map_err(numeric)?;
    let init = Array2::from_shape_vec((init.rows, init.cols), init.data).map_err(numeric)?;
    KMeans::params_with(init.nrows(), Xoshiro256Plus::seed_from_u64(s.seed), LaneL2)
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
