//! xietong (协同): finds overlapping proposals across Chinese policy documents.
//!
//! The pipeline reads documents, cleans away layout and web furniture, segments each article
//! into individual recommendations with their heading paths and source lines, and then
//! compares and groups the recommendations.

pub mod chars;
pub mod clean;
pub mod lexicon;
pub mod numbering;
pub mod segment;
