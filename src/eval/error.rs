//! Errors of the metric functions: inputs a metric is undefined for.

use thiserror::Error;

/// Why a metric could not be computed.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum EvalError {
    /// The two input sequences differ in length.
    #[error("inputs differ in length: {left} and {right} values")]
    LengthMismatch {
        /// Length of the first input.
        left: usize,
        /// Length of the second input.
        right: usize,
    },
    /// Fewer values than the metric needs.
    #[error("{metric} needs at least {needed} values, got {got}")]
    TooFew {
        /// The metric asked for.
        metric: &'static str,
        /// Minimum number of values.
        needed: usize,
        /// Number of values given.
        got: usize,
    },
    /// A NaN or infinite value at this position.
    #[error("value {index} is not finite")]
    NonFinite {
        /// Position of the offending value.
        index: usize,
    },
    /// One input has all values equal, so a correlation is undefined.
    #[error("{which} input is constant: correlation is undefined")]
    Constant {
        /// `first` or `second`.
        which: &'static str,
    },
    /// ROC-AUC needs both positive and negative examples.
    #[error("ROC-AUC needs both classes: {positives} positives, {negatives} negatives")]
    OneClass {
        /// Number of positive labels.
        positives: usize,
        /// Number of negative labels.
        negatives: usize,
    },
}
