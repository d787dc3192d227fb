//! The whole fit pipeline `ClusterValidParams::fit(&CsrMatrix) -> ClusterModel`: project the
//! rows, choose k when not given ([`select_k`](super::select_k)), run k-means
//! ([`kmeans`](super::kmeans)), refine in TF-IDF space and summarise the clusters.

use serde::{Deserialize, Serialize};

use super::centroids::{refine, JoinRule, Nearest, SparseCentroids};
use super::errors::ClusterError;
use super::hyperparams::ClusterValidParams;
use super::kmeans::{relabel, run_kmeans, KMeansSettings};
use super::linalg::Dense;
use super::project::{validate_input, Projection};
use super::select_k::{select_k, KChoice, KPass, KScore, SampleLimits};
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
    /// Silhouette of every k that decided the choice (empty when k was fixed), in increasing
    /// k: every k of a narrow range, the fine pass of a wide one.
    pub k_scores: Vec<KScore>,
    /// How k was chosen (`None` when it was fixed).
    pub k_choice: Option<KChoice>,
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

/// Lloyd iterations per k-means run on the coarse grid of a wide k search. The grid only has
/// to rank regions of k: most of the partition is in place after a few passes, and the
/// largest k (700 at 1,000,000 units) would otherwise run 50 passes each.
const COARSE_ITERATIONS: u64 = 10;

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
        let (projection, x) = self.projection.fit_transform(matrix)?;
        timings.projection = start.elapsed();

        let (labels, k, k_scores, k_choice) = match self.p.k {
            Some(k) => {
                let (labels, found) = run_kmeans(&x, k, &settings)?;
                (labels, found, Vec::new(), None)
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
                // The coarse grid only locates the region that the fine pass then scores with
                // `sweep`; one run per k halves the sweep's cost at 100,000 units.
                let coarse = KMeansSettings {
                    n_runs: 1,
                    max_n_iterations: settings.max_n_iterations.min(COARSE_ITERATIONS),
                    ..sweep.clone()
                };
                let sweep_start = std::time::Instant::now();
                let limits = SampleLimits {
                    exact_limit: self.p.silhouette_exact_limit,
                    sample: self.p.silhouette_sample,
                    seed: self.p.seed,
                };
                let mut fit = |rows: &Dense, k: usize, pass: KPass| match pass {
                    KPass::Coarse => run_kmeans(rows, k, &coarse),
                    KPass::Fine => run_kmeans(rows, k, &sweep),
                };
                let sel = select_k(&x, k_min, k_max, limits, &mut fit)?;
                timings.select_k = sweep_start.elapsed();
                let (labels, found) = run_kmeans(&x, sel.best.k, &settings)?;
                (labels, found, sel.scores, Some(sel.choice))
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
            k_choice,
            projection,
        };
        Ok((model, timings))
    }
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
