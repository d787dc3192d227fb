//! The one error type of the clustering module: every rejected option, every unusable input and
//! every failure of the numeric back-ends (linfa, linfa-linalg) ends up as a [`ClusterError`].

use thiserror::Error;

/// Everything that can go wrong while projecting, clustering, labelling or assigning.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum ClusterError {
    /// `k` was set to 0.
    #[error("option `k` must be at least 1, got 0")]
    ZeroK,
    /// More clusters were requested than there are rows to put in them.
    #[error("option `k` = {k} asks for more clusters than the {n_rows} rows to cluster")]
    KTooLarge {
        /// The requested number of clusters.
        k: usize,
        /// The number of rows in the matrix.
        n_rows: usize,
    },
    /// The lower end of `k_range` is below 2 (a silhouette needs two clusters).
    #[error("option `k_range` must start at 2 or more, got {k_min}")]
    KRangeStartTooSmall {
        /// The rejected lower bound.
        k_min: usize,
    },
    /// `k_range` is empty.
    #[error("option `k_range` is empty: {k_min} > {k_max}")]
    KRangeEmpty {
        /// Lower bound.
        k_min: usize,
        /// Upper bound.
        k_max: usize,
    },
    /// `k` is to be chosen but there are too few rows to try even two clusters.
    #[error("cannot choose k for {n_rows} rows: need at least {needed} rows (k_range {k_min}..={k_max})")]
    TooFewRowsToChooseK {
        /// Rows in the matrix.
        n_rows: usize,
        /// Rows needed for the smallest k in the range.
        needed: usize,
        /// Lower bound of the range.
        k_min: usize,
        /// Upper bound of the range.
        k_max: usize,
    },
    /// `n_runs` was 0.
    #[error("option `n_runs` must be at least 1, got 0")]
    ZeroRuns,
    /// `select_runs` was 0.
    #[error("option `select_runs` must be at least 1, got 0")]
    ZeroSelectRuns,
    /// `max_n_iterations` was 0.
    #[error("option `max_n_iterations` must be at least 1, got 0")]
    ZeroIterations,
    /// `tolerance` was not a finite positive number.
    #[error("option `tolerance` must be finite and > 0, got {0}")]
    BadTolerance(f64),
    /// `dims` was 0.
    #[error("option `dims` must be at least 1, got 0")]
    ZeroDims,
    /// `n_power_iter` is above the supported maximum.
    #[error("option `n_power_iter` = {got} is above the maximum {max}")]
    TooManyPowerIterations {
        /// The rejected value.
        got: usize,
        /// The largest accepted value.
        max: usize,
    },
    /// `silhouette_sample` is too small to score a clustering.
    #[error("option `silhouette_sample` must be at least {min}, got {got}")]
    SilhouetteSampleTooSmall {
        /// The rejected value.
        got: usize,
        /// The smallest accepted value.
        min: usize,
    },
    /// `kmeans_sample` is too small to fit centroids on.
    #[error("option `kmeans_sample` must be at least {min}, got {got}")]
    KMeansSampleTooSmall {
        /// The rejected value.
        got: usize,
        /// The smallest accepted value.
        min: usize,
    },
    /// `silhouette_exact_limit` is below `silhouette_sample`.
    #[error("option `silhouette_exact_limit` ({limit}) must be >= `silhouette_sample` ({sample})")]
    ExactLimitBelowSample {
        /// The exact-scoring limit.
        limit: usize,
        /// The sample size.
        sample: usize,
    },
    /// The dense projection was forced on a matrix too large to densify.
    #[error(
        "dense projection of {n_rows} x {n_cols} exceeds option `dense_max_cells` = {max_cells}"
    )]
    DenseTooLarge {
        /// Rows of the matrix.
        n_rows: usize,
        /// Columns of the matrix.
        n_cols: usize,
        /// The configured limit on `n_rows * n_cols`.
        max_cells: usize,
    },
    /// The input matrix has no rows.
    #[error("the matrix to cluster has no rows")]
    NoRows,
    /// The input matrix has no columns or no non-zero entry: there is nothing to compare.
    #[error("the matrix to cluster has no non-zero entries ({n_rows} rows, {n_cols} columns)")]
    NoTerms {
        /// Rows of the matrix.
        n_rows: usize,
        /// Columns of the matrix.
        n_cols: usize,
    },
    /// A matrix, vector or assignment list does not have the size the fitted model expects.
    #[error("{what}: expected {expected}, got {got}")]
    ShapeMismatch {
        /// Which quantity mismatched (e.g. "columns of new rows").
        what: &'static str,
        /// The size the model expects.
        expected: usize,
        /// The size that was given.
        got: usize,
    },
    /// An assignment refers to a cluster id at or past `k`.
    #[error("row {row} is assigned to cluster {cluster}, but k = {k}")]
    AssignmentOutOfRange {
        /// The offending row.
        row: usize,
        /// Its cluster id.
        cluster: usize,
        /// The number of clusters.
        k: usize,
    },
    /// The input holds NaN or infinite weights.
    #[error("row {row} holds a non-finite weight")]
    NonFinite {
        /// The first offending row.
        row: usize,
    },
    /// The least cosine for joining a cluster is outside `0..=1`.
    #[error("the least cosine for joining a cluster must be between 0 and 1, got {0}")]
    BadFloor(f64),
    /// A numeric back-end failed (message of the underlying error).
    #[error("{stage} failed: {message}")]
    Numeric {
        /// Which stage failed ("k-means", "eigendecomposition", ...).
        stage: &'static str,
        /// The back-end's message.
        message: String,
    },
}
