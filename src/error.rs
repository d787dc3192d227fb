//! The library's error type. Each variant names what it is about (a path, an option) so the
//! binary can report it without guessing.

use crate::ingest::IngestError;

/// Everything that can stop a run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading the inputs failed as a whole (a missing path, nothing readable).
    #[error(transparent)]
    Ingest(#[from] IngestError),
    /// An option has a value that cannot work.
    #[error("invalid value for {option}: {message}")]
    Config {
        /// The option as the user writes it (`--k`).
        option: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// A model file (dictionary, stop words) could not be used.
    #[error("{path}: {message}")]
    Model {
        /// The file.
        path: String,
        /// What is wrong with it.
        message: String,
    },
    /// Writing an output failed.
    #[error("writing {path}: {source}")]
    Write {
        /// The output file.
        path: String,
        /// The underlying I/O error.
        source: std::io::Error,
    },
}

/// Result with the library's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;
