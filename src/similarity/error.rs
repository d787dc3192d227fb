//! Errors of similarity parameter validation and input checks.

use thiserror::Error;

/// Everything that can go wrong in similarity search.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum SimilarityError {
    /// `top_n` was 0.
    #[error("option top_n must be at least 1")]
    ZeroTopN,
    /// `min_score` not a finite number in [-1, 1].
    #[error("option min_score: {0} is not a number in [-1, 1]")]
    InvalidMinScore(f32),
    /// A duplicate threshold not in (0, 1].
    #[error("option threshold: {0} is not in (0, 1]")]
    InvalidThreshold(f32),
    /// The group slice does not have one entry per matrix row.
    #[error("group has {groups} entries but the matrix has {rows} rows")]
    GroupLengthMismatch {
        /// `group.len()`.
        groups: usize,
        /// `matrix.n_rows()`.
        rows: usize,
    },
    /// A row whose Euclidean norm is neither 0 nor 1: cosine needs l2-normalised rows.
    #[error("row {row} has norm {norm}; similarity needs l2-normalised rows")]
    NotNormalized {
        /// The row.
        row: usize,
        /// Its norm.
        norm: f32,
    },
    /// A query whose columns are not strictly increasing or not below the column count.
    #[error("query column {column} at position {position} is out of order or >= {n_cols}")]
    InvalidQuery {
        /// Position in the query.
        position: usize,
        /// The offending column.
        column: u32,
        /// The matrix column count.
        n_cols: usize,
    },
    /// A near-duplicate pair naming a row the matrix does not have.
    #[error("pair names row {row} but the matrix has {n} rows")]
    PairOutOfRange {
        /// The offending row.
        row: usize,
        /// `matrix.n_rows()`.
        n: usize,
    },
}
