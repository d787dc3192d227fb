//! Errors of TF-IDF parameter validation and fitting.

use thiserror::Error;

/// Everything that can go wrong when checking [`crate::vectorize::TfidfParams`] or fitting.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum VectorizeError {
    /// A document-frequency fraction outside `(0, 1]`.
    #[error("option {option}: fraction {value} is outside (0, 1]")]
    FractionOutOfRange {
        /// `min_df` or `max_df`.
        option: &'static str,
        /// The rejected value.
        value: f64,
    },
    /// A document-frequency count of zero.
    #[error("option {option}: a document count must be at least 1")]
    ZeroCount {
        /// `min_df` or `max_df`.
        option: &'static str,
    },
    /// `min_df` asks for more documents than `max_df` allows.
    #[error("min_df ({min_docs} documents) is above max_df ({max_docs} documents)")]
    MinDfAboveMaxDf {
        /// `min_df` as a number of documents (for fractions: fraction x corpus size).
        min_docs: f64,
        /// `max_df` as a number of documents.
        max_docs: f64,
    },
    /// An n-gram range with `min < 1` or `min > max`.
    #[error("option ngram: invalid range {min}..={max} (need 1 <= min <= max)")]
    InvalidNgram {
        /// Lower bound.
        min: usize,
        /// Upper bound.
        max: usize,
    },
    /// A saved model's vocabulary and idf weights do not fit together.
    #[error("inconsistent tf-idf model: {message}")]
    InconsistentModel {
        /// What is wrong.
        message: String,
    },
    /// No term survived `min_df`/`max_df` (or the corpus had no tokens at all).
    #[error("empty vocabulary: {n_docs} documents, {n_terms} distinct terms before min_df/max_df pruning")]
    EmptyVocabulary {
        /// Corpus size.
        n_docs: usize,
        /// Distinct terms seen before pruning.
        n_terms: usize,
    },
}
