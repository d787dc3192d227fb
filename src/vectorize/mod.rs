//! Turning token lists into TF-IDF vectors: n-gram terms, the fitted vocabulary, the
//! scikit-learn-compatible TF-IDF weighting, and the shared [`CsrMatrix`] type.

mod error;
mod ngram;
mod params;
pub mod sparse;
mod tfidf;
mod vocab;

pub use error::VectorizeError;
pub use ngram::terms_of;
pub use params::{DfThreshold, TfidfParams, TfidfValidParams};
pub use sparse::CsrMatrix;
pub use tfidf::{top_entries, TfidfModel};
pub use vocab::Vocabulary;

#[cfg(test)]
mod tests;
