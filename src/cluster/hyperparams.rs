//! Options of the whole clustering stage ([`ClusterParams`] -> [`ClusterValidParams`]): the
//! number of clusters or the range to choose it from, k-means settings, silhouette sampling and
//! the projection options.

use super::errors::ClusterError;
use super::project::{ProjectionMethod, ProjectionParams, ProjectionValidParams};

/// Smallest silhouette or k-means sample that still gives a usable estimate.
pub const MIN_SILHOUETTE_SAMPLE: usize = 100;

/// Default [`ClusterParams::join_floor`]. On the seeds the leave-one-out cosines of clustered
/// proposals run from 0.125 up, and the two that share nothing with their cluster sit at 0.02.
pub const DEFAULT_JOIN_FLOOR: f64 = 0.1;

/// Default [`ClusterParams::max_n_iterations`]: Lloyd iterations per k-means run. The TF-IDF
/// refinement after k-means moves what the last iterations would: capping at 50 instead of
/// linfa's 300 left V-measure within seed noise (CSL P2P 0.360 either way, S2S 0.112, THUCNews
/// 0.322 against 0.323; 30 gave THUCNews 0.293) and cut THUCNews' fit from 3.3 s to 2.2 s
/// (`cluster_quality --iters --seeds 3`).
pub const DEFAULT_MAX_ITERATIONS: u64 = 50;

/// Default [`ClusterParams::join_relative`]. An absolute floor alone does not scale: members
/// of a large cluster of short texts sit far from its centroid (a floor of 0.1 left 77% of the
/// THUCNews titles unclustered). With a third of the median member, the seeds' two outliers
/// stay out while CSL abstracts leave 0.7% unclustered and THUCNews titles 11% (V-measure
/// 0.360 and 0.323 against 0.361 and 0.343 with every row clustered, means of 3 seeds):
/// `cluster_quality --refine --seeds 3`.
pub const DEFAULT_JOIN_RELATIVE: f64 = 0.33;

/// Largest k of the automatic range for small corpora (and at least this for large ones).
pub const SMALL_K_MAX: usize = 30;

/// The top of the automatic k range for `n_rows` rows: `min(30, n/2)` for small corpora, so a
/// cluster has two members on average, growing as `√(n/2)` once that passes 30 (from 1,800
/// rows): 70 at 10,000 and 223 at 100,000. A fixed cap leaves 100,000 proposals in 30
/// clusters of ~3,000 that nobody can read; `√(n/2)` is the classic rule of thumb for k,
/// and keeps the sweep's cost below quadratic.
pub fn default_k_max(n_rows: usize) -> usize {
    let grown = ((n_rows / 2) as f64).sqrt().floor() as usize;
    (n_rows / 2).min(SMALL_K_MAX).max(grown)
}

/// Unchecked clustering options (builder).
///
/// Defaults: `k` chosen automatically from `2..=`[`default_k_max`] with 3 restarts per
/// candidate k (see `select_k.rs` for how a wide range is searched), seed 42, 10 k-means++ runs of at most 50 iterations with tolerance 1e-4, exact silhouettes up to 5000 rows and a
/// seeded sample of 3000 rows above that, k-means restarts on a sample of 10,000 rows above
/// that size, and the [`ProjectionParams`] defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterParams {
    pub(crate) k: Option<usize>,
    pub(crate) k_min: usize,
    pub(crate) k_max: Option<usize>,
    pub(crate) seed: u64,
    pub(crate) n_runs: usize,
    pub(crate) select_runs: usize,
    pub(crate) max_n_iterations: u64,
    pub(crate) tolerance: f64,
    pub(crate) silhouette_exact_limit: usize,
    pub(crate) silhouette_sample: usize,
    pub(crate) kmeans_sample: usize,
    pub(crate) refine_iterations: usize,
    pub(crate) join_floor: f64,
    pub(crate) join_relative: f64,
    pub(crate) projection: ProjectionParams,
}

/// Checked clustering options, produced by [`ClusterParams::check`]; `fit` lives in `kmeans.rs`.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterValidParams {
    pub(crate) p: ClusterParams,
    pub(crate) projection: ProjectionValidParams,
}

impl Default for ClusterParams {
    fn default() -> Self {
        ClusterParams {
            k: None,
            k_min: 2,
            k_max: None,
            seed: 42,
            n_runs: 10,
            select_runs: 3,
            max_n_iterations: DEFAULT_MAX_ITERATIONS,
            tolerance: 1e-4,
            silhouette_exact_limit: 5000,
            silhouette_sample: 3000,
            kmeans_sample: 10_000,
            refine_iterations: 10,
            join_floor: DEFAULT_JOIN_FLOOR,
            join_relative: DEFAULT_JOIN_RELATIVE,
            projection: ProjectionParams::default(),
        }
    }
}

impl ClusterParams {
    /// Default options.
    pub fn new() -> Self {
        Self::default()
    }

    /// Fixed number of clusters, or `None` to choose it by silhouette over `k_range`.
    pub fn k(mut self, k: Option<usize>) -> Self {
        self.k = k;
        self
    }

    /// Range of k tried when `k` is `None`; `k_max = None` means [`default_k_max`].
    pub fn k_range(mut self, k_min: usize, k_max: Option<usize>) -> Self {
        self.k_min = k_min;
        self.k_max = k_max;
        self
    }

    /// Seed of every random choice (k-means++ seeding, silhouette sample, LSA test matrix).
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self.projection = self.projection.seed(seed);
        self
    }

    /// Number of k-means++ restarts; the run with the lowest inertia is kept.
    pub fn n_runs(mut self, n_runs: usize) -> Self {
        self.n_runs = n_runs;
        self
    }

    /// k-means++ restarts per candidate k while choosing k (the chosen k is refitted with
    /// `n_runs`).
    pub fn select_runs(mut self, runs: usize) -> Self {
        self.select_runs = runs;
        self
    }

    /// Iteration cap of each k-means run.
    pub fn max_n_iterations(mut self, n: u64) -> Self {
        self.max_n_iterations = n;
        self
    }

    /// Convergence threshold on the centroid shift.
    pub fn tolerance(mut self, tolerance: f64) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Silhouettes are exact up to this many rows, sampled above it.
    pub fn silhouette_exact_limit(mut self, rows: usize) -> Self {
        self.silhouette_exact_limit = rows;
        self
    }

    /// Rows sampled (seeded) to choose k on large inputs.
    pub fn silhouette_sample(mut self, rows: usize) -> Self {
        self.silhouette_sample = rows;
        self
    }

    /// Above this many rows, k-means restarts run on a seeded sample of this size and the best
    /// result is refined on all rows (bounds the cost of `n_runs` on large inputs).
    pub fn kmeans_sample(mut self, rows: usize) -> Self {
        self.kmeans_sample = rows;
        self
    }

    /// Passes of spherical k-means in TF-IDF space after the projected k-means (at least 1:
    /// the final placement is always by cosine to the TF-IDF centroids).
    pub fn refine_iterations(mut self, n: usize) -> Self {
        self.refine_iterations = n;
        self
    }

    /// A row joins its nearest cluster when its TF-IDF cosine to the cluster (the row itself
    /// left out of the centroid) reaches `floor` or `relative` times the cosine of the
    /// cluster's median member, whichever is lower; other rows are reported as unclustered
    /// rather than forced into the least bad cluster. `floor = 0` clusters every row that
    /// shares a term with some cluster.
    pub fn join_floor(mut self, floor: f64) -> Self {
        self.join_floor = floor;
        self
    }

    /// The `relative` part of [`join_floor`](Self::join_floor).
    pub fn join_relative(mut self, relative: f64) -> Self {
        self.join_relative = relative;
        self
    }

    /// LSA target dimensionality (shortcut for the projection option).
    pub fn dims(mut self, dims: usize) -> Self {
        self.projection = self.projection.dims(dims);
        self
    }

    /// Projection method (shortcut for the projection option).
    pub fn projection_method(mut self, method: ProjectionMethod) -> Self {
        self.projection = self.projection.method(method);
        self
    }

    /// Replaces all projection options (its seed is kept as given).
    pub fn projection(mut self, projection: ProjectionParams) -> Self {
        self.projection = projection;
        self
    }

    /// Validates the options, one error variant per rule. Rules that depend on the data
    /// (`k <= n_rows`, enough rows to choose k) are checked by `fit`.
    pub fn check(self) -> Result<ClusterValidParams, ClusterError> {
        if self.k == Some(0) {
            return Err(ClusterError::ZeroK);
        }
        if self.k.is_none() {
            if self.k_min < 2 {
                return Err(ClusterError::KRangeStartTooSmall { k_min: self.k_min });
            }
            if let Some(k_max) = self.k_max {
                if k_max < self.k_min {
                    return Err(ClusterError::KRangeEmpty {
                        k_min: self.k_min,
                        k_max,
                    });
                }
            }
        }
        if self.n_runs == 0 {
            return Err(ClusterError::ZeroRuns);
        }
        if self.select_runs == 0 {
            return Err(ClusterError::ZeroSelectRuns);
        }
        if self.max_n_iterations == 0 {
            return Err(ClusterError::ZeroIterations);
        }
        if !(self.tolerance.is_finite() && self.tolerance > 0.0) {
            return Err(ClusterError::BadTolerance(self.tolerance));
        }
        if self.silhouette_sample < MIN_SILHOUETTE_SAMPLE {
            return Err(ClusterError::SilhouetteSampleTooSmall {
                got: self.silhouette_sample,
                min: MIN_SILHOUETTE_SAMPLE,
            });
        }
        if self.silhouette_exact_limit < self.silhouette_sample {
            return Err(ClusterError::ExactLimitBelowSample {
                limit: self.silhouette_exact_limit,
                sample: self.silhouette_sample,
            });
        }
        if self.kmeans_sample < MIN_SILHOUETTE_SAMPLE {
            return Err(ClusterError::KMeansSampleTooSmall {
                got: self.kmeans_sample,
                min: MIN_SILHOUETTE_SAMPLE,
            });
        }
        if let Some(bad) = [self.join_floor, self.join_relative]
            .into_iter()
            .find(|f| !(0.0..=1.0).contains(f))
        {
            return Err(ClusterError::BadFloor(bad));
        }
        let projection = self.projection.clone().check()?;
        Ok(ClusterValidParams {
            p: self,
            projection,
        })
    }
}

impl ClusterValidParams {
    /// The inclusive range of k tried for a matrix of `n_rows` rows when k is to be chosen.
    pub fn k_range_for(&self, n_rows: usize) -> (usize, usize) {
        let k_max = self.p.k_max.unwrap_or_else(|| default_k_max(n_rows));
        (self.p.k_min, k_max.min(n_rows.saturating_sub(1)))
    }
}
