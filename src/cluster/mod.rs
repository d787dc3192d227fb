//! Clustering of recommendations: projects l2-normalised TF-IDF rows ([`CsrMatrix`]) to short
//! unit vectors (randomized truncated SVD / LSA, or dense for tiny corpora), runs seeded
//! k-means++ (linfa) on them, chooses k by cosine silhouette when not given, labels clusters by
//! c-TF-IDF, and assigns new rows to saved clusters.
//!
//! Pipeline: [`ClusterParams`] -> `check()` -> [`ClusterValidParams::fit`] -> [`ClusterModel`];
//! then [`label_clusters`] / [`label_string`] for names and [`assign`] for new documents.
//!
//! Determinism: every random draw comes from a seeded `Xoshiro256Plus`; parallel kernels write
//! disjoint rows or reduce fixed-size chunks in order, so results do not depend on the rayon
//! pool size. Scale: LSA touches the sparse matrix 6 times (2 power iterations) and keeps only
//! `n x (dims + 10)` and `n_cols x (dims + 10)` dense blocks; k-means restarts run on a sample
//! of `kmeans_sample` rows and are refined on all rows; k is chosen on a 3000-row sample above
//! 5000 rows (larger when the range of k is wide), from a range that grows as √(n/2).
//!
//! [`CsrMatrix`]: crate::vectorize::CsrMatrix

mod assign;
mod centroids;
mod distance;
mod errors;
mod fit;
mod hyperparams;
mod init;
mod kmeans;
mod label;
mod linalg;
mod project;
mod select_k;

pub use assign::assign;
pub use centroids::{Nearest, SparseCentroids};
pub use errors::ClusterError;
pub use fit::{ClusterModel, FitTimings};
pub use hyperparams::{
    default_k_max, ClusterParams, ClusterValidParams, DEFAULT_JOIN_FLOOR, DEFAULT_JOIN_RELATIVE,
    DEFAULT_MAX_ITERATIONS, MIN_SILHOUETTE_SAMPLE,
};
pub use label::{favour_leads, label_clusters, label_string};
pub use project::{
    Projection, ProjectionMethod, ProjectionParams, ProjectionValidParams, DEFAULT_FIT_SAMPLE,
    MAX_POWER_ITER,
};
pub use select_k::{silhouette_score, KChoice, KScore, KSearch};

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod tests;
