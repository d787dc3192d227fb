//! Cosine similarity search over l2-normalised [`CsrMatrix`] rows: nearest neighbours of every
//! row across documents, near-duplicate pairs above a threshold, overlap groups built from
//! those pairs without chaining, and ranking for a query.
//!
//! Scores come from an inverted index (column -> postings of `(row, weight)`) walked in a
//! fixed order, with one dense accumulator per rayon worker, so no `n x n` matrix is built
//! and results are bit-identical whatever the thread count.
//!
//! [`CsrMatrix`]: crate::vectorize::CsrMatrix

mod accumulator;
mod error;
mod index;
mod neighbors;
mod overlap;
mod pairs;

pub use error::SimilarityError;
pub use index::InvertedIndex;
pub use neighbors::{
    neighbors, rank_query, Neighbor, NeighborParams, NeighborValidParams, DEFAULT_CANDIDATE_BUDGET,
    DEFAULT_REFINE_ROUNDS, DEFAULT_RERANK_FACTOR,
};
pub use overlap::{overlap_groups, OverlapGroup};
pub use pairs::{duplicate_pairs, Pair};

#[cfg(test)]
mod tests;
