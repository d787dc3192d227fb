//! xietong (协同): finds overlapping proposals across Chinese policy documents.
//!
//! The pipeline reads documents ([`ingest`]), cleans away layout and web furniture
//! ([`clean`]), segments each article into units with heading paths and source lines
//! ([`segment`]), and then compares and groups the recommendations ([`engine`]).
//!
//! ```
//! use xietong::corpus::Corpus;
//! use xietong::ingest::{Format, Source};
//! use xietong::segment::Kind;
//!
//! let text = "对策建议\n\n1.推进空间协同，按照主体功能区优化产业布局。\n\n2.推进产业协同，明确各城市的主导产业。\n";
//! let source = Source { path: "a.txt".into(), format: Format::Text, encoding: "UTF-8", text: text.into() };
//! let corpus = Corpus::from_sources(vec![source], Vec::new());
//! let recs: Vec<_> = corpus.units_of(&[Kind::Recommendation]).collect();
//! assert_eq!(recs.len(), 2);
//! assert_eq!(recs[1].unit.heading.as_deref(), Some("推进产业协同，明确各城市的主导产业"));
//! ```

pub mod chars;
pub mod clean;
pub mod cluster;
pub mod compile;
pub mod corpus;
pub mod engine;
pub mod error;
pub mod eval;
mod fxhash;
pub mod ingest;
pub mod layout;
pub mod lexicon;
pub mod model;
pub mod model_bin;
pub mod numbering;
pub mod progress;
pub mod report;
pub mod review;
pub mod segment;
pub mod similarity;
pub mod text;
pub mod timings;
pub mod vectorize;
pub mod zeroed;

pub use error::{Error, Result};
