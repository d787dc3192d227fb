//! Near-duplicate detection: every cross-group pair of rows whose cosine reaches a threshold.

use rayon::prelude::*;

use super::accumulator::{Accumulator, Scores};
use super::error::SimilarityError;
use super::index::{check_rows, InvertedIndex};
use crate::vectorize::CsrMatrix;

/// Two rows of different groups and their cosine similarity; `a < b`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pair {
    /// The lower row index.
    pub a: usize,
    /// The higher row index.
    pub b: usize,
    /// Cosine similarity.
    pub score: f32,
}

/// Every pair of rows from different groups with cosine >= `threshold`, sorted by score
/// descending, then by `(a, b)`.
///
/// # Errors
/// [`SimilarityError::InvalidThreshold`] unless `0 < threshold <= 1` (a threshold of 0 or
/// less would list every pair, including rows with nothing in common);
/// [`SimilarityError::GroupLengthMismatch`]; [`SimilarityError::NotNormalized`].
pub fn duplicate_pairs(
    matrix: &CsrMatrix,
    group: &[u32],
    threshold: f32,
) -> Result<Vec<Pair>, SimilarityError> {
    if !(threshold > 0.0 && threshold <= 1.0) {
        return Err(SimilarityError::InvalidThreshold(threshold));
    }
    let n = matrix.n_rows();
    check_rows(matrix, group)?;
    let index = InvertedIndex::build(matrix);
    let per_row: Vec<Vec<Pair>> = (0..n)
        .into_par_iter()
        .map_init(
            || Accumulator::new(n),
            |acc, a| {
                index.accumulate(matrix.row(a), Some(a), acc);
                acc.drain()
                    .into_iter()
                    .filter(|&(b, s)| group[b] != group[a] && s >= threshold)
                    .map(|(b, score)| Pair { a, b, score })
                    .collect()
            },
        )
        .collect();
    let mut pairs: Vec<Pair> = per_row.into_iter().flatten().collect();
    pairs.sort_unstable_by(|p, q| {
        q.score
            .total_cmp(&p.score)
            .then(p.a.cmp(&q.a))
            .then(p.b.cmp(&q.b))
    });
    Ok(pairs)
}
