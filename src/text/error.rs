//! Errors raised while reading dictionaries and validating tokenizer parameters.

use thiserror::Error;

/// Everything that can go wrong when building a [`crate::text::Tokenizer`].
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum TextError {
    /// A user-dictionary line whose frequency field is not a non-negative integer.
    #[error("{source_name}:{line}: frequency `{value}` is not a non-negative integer")]
    BadFrequency {
        /// Name of the dictionary (file path or `<default>`).
        source_name: String,
        /// 1-based line number.
        line: usize,
        /// The offending field.
        value: String,
    },
    /// A user-dictionary line with more than the three fields `word freq tag`.
    #[error("{source_name}:{line}: expected `word [freq] [tag]`, found {fields} fields")]
    TooManyFields {
        /// Name of the dictionary (file path or `<default>`).
        source_name: String,
        /// 1-based line number.
        line: usize,
        /// How many whitespace-separated fields the line has.
        fields: usize,
    },
    /// A stop-word line holding more than one word.
    #[error("{source_name}:{line}: a stop-word line must hold exactly one word")]
    StopwordNotOneWord {
        /// Name of the stop-word list (file path or `<default>`).
        source_name: String,
        /// 1-based line number.
        line: usize,
    },
    /// `min_chars` was set to 0.
    #[error("option min_chars must be at least 1")]
    ZeroMinChars,
}
