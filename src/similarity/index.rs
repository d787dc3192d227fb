//! The inverted index: for each column, the rows holding it and their weights, rows ascending.

use super::accumulator::{Accumulator, Scores};
use super::error::SimilarityError;
use crate::vectorize::CsrMatrix;

/// Column-major copy of a [`CsrMatrix`] (postings lists), built once and shared by all queries.
#[derive(Debug, Clone)]
pub struct InvertedIndex {
    n_rows: usize,
    col_ptr: Vec<usize>,
    rows: Vec<u32>,
    weights: Vec<f32>,
}

impl InvertedIndex {
    /// Builds the postings of every column of `matrix`.
    pub fn build(matrix: &CsrMatrix) -> Self {
        let n_cols = matrix.n_cols();
        let mut col_ptr = vec![0usize; n_cols + 1];
        for (cols, _) in matrix.rows() {
            for &c in cols {
                col_ptr[c as usize + 1] += 1;
            }
        }
        for c in 0..n_cols {
            col_ptr[c + 1] += col_ptr[c];
        }
        let mut next = col_ptr.clone();
        let mut rows = vec![0u32; matrix.nnz()];
        let mut weights = vec![0f32; matrix.nnz()];
        // Rows are visited in ascending order, so every postings list ends up row-sorted.
        for (r, (cols, vals)) in matrix.rows().enumerate() {
            for (&c, &w) in cols.iter().zip(vals) {
                let slot = &mut next[c as usize];
                rows[*slot] = r as u32;
                weights[*slot] = w;
                *slot += 1;
            }
        }
        InvertedIndex {
            n_rows: matrix.n_rows(),
            col_ptr,
            rows,
            weights,
        }
    }

    /// Number of rows of the indexed matrix.
    pub fn n_rows(&self) -> usize {
        self.n_rows
    }

    /// The rows holding column `c` and their weights, rows ascending.
    pub fn postings(&self, c: u32) -> (&[u32], &[f32]) {
        let (a, b) = (self.col_ptr[c as usize], self.col_ptr[c as usize + 1]);
        (&self.rows[a..b], &self.weights[a..b])
    }

    /// Adds `query . row` into `acc` for every row after `after` (all rows if `None`) that
    /// shares a column with the query. Columns are walked in query order and postings in row
    /// order, which fixes the summation order of every score.
    pub(crate) fn accumulate(
        &self,
        query: (&[u32], &[f32]),
        after: Option<usize>,
        acc: &mut Accumulator,
    ) {
        for (&c, &qw) in query.0.iter().zip(query.1) {
            let (rows, ws) = self.postings(c);
            let start = after.map_or(0, |a| rows.partition_point(|&r| r as usize <= a));
            for (&r, &w) in rows[start..].iter().zip(&ws[start..]) {
                acc.add(r, qw * w);
            }
        }
    }
}

impl InvertedIndex {
    /// Candidate generation for large corpora: adds `query . row` over the query's columns
    /// taken rarest first (fewest postings, ties by column), stopping before the column that
    /// would take the postings walked past `budget` (the rarest column is always walked).
    ///
    /// Rare columns carry the highest idf, so they decide most of a cosine, and walking them
    /// first bounds the work per query by `budget` whatever the corpus size, which keeps the
    /// whole search linear in the rows (a cap relative to the row count grows with its square).
    /// `order` is scratch space for the column order.
    pub(crate) fn accumulate_budget(
        &self,
        query: (&[u32], &[f32]),
        budget: usize,
        order: &mut Vec<(usize, u32, f32)>,
        acc: &mut impl Scores,
    ) {
        order.clear();
        order.extend(
            query
                .0
                .iter()
                .zip(query.1)
                .map(|(&c, &w)| (self.postings(c).0.len(), c, w)),
        );
        order.sort_unstable_by_key(|&(len, c, _)| (len, c));
        let mut walked = 0usize;
        for (i, &(len, c, qw)) in order.iter().enumerate() {
            if i > 0 && walked + len > budget {
                break;
            }
            walked += len;
            let (rows, ws) = self.postings(c);
            for (&r, &w) in rows.iter().zip(ws) {
                acc.add(r, qw * w);
            }
        }
    }
}

/// Checks what every all-rows search needs: one group per row and unit-length rows.
pub(crate) fn check_rows(matrix: &CsrMatrix, group: &[u32]) -> Result<(), SimilarityError> {
    if group.len() != matrix.n_rows() {
        return Err(SimilarityError::GroupLengthMismatch {
            groups: group.len(),
            rows: matrix.n_rows(),
        });
    }
    check_normalized(matrix)
}

/// Checks that a query's columns are strictly increasing and below `n_cols`.
pub(crate) fn check_query(query: (&[u32], &[f32]), n_cols: usize) -> Result<(), SimilarityError> {
    let mut prev: Option<u32> = None;
    for (position, &column) in query.0.iter().enumerate() {
        if column as usize >= n_cols || prev.is_some_and(|p| p >= column) {
            return Err(SimilarityError::InvalidQuery {
                position,
                column,
                n_cols,
            });
        }
        prev = Some(column);
    }
    Ok(())
}

/// Checks that every row has norm 0 or 1 (within float tolerance).
pub(crate) fn check_normalized(matrix: &CsrMatrix) -> Result<(), SimilarityError> {
    for (row, (_, vals)) in matrix.rows().enumerate() {
        let norm = vals.iter().map(|v| v * v).sum::<f32>().sqrt();
        if norm != 0.0 && (norm.is_nan() || (norm - 1.0).abs() > 1e-3) {
            return Err(SimilarityError::NotNormalized { row, norm });
        }
    }
    Ok(())
}
