//! The inverted index: for each column, the rows holding it and their weights, rows ascending.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use rayon::prelude::*;

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

impl InvertedIndex {
    /// Reorders every column's postings by weight, highest first (ties by row), for
    /// [`InvertedIndex::accumulate_impact`]. A row's summed score does not depend on the order
    /// of postings within a column (it meets each column once), so exact accumulation over
    /// the reordered index gives the same scores; only the `after` cut of
    /// [`InvertedIndex::accumulate`] needs row order.
    pub(crate) fn sort_by_impact(&mut self) {
        let mut spans: Vec<(&mut [u32], &mut [f32])> = Vec::with_capacity(self.col_ptr.len());
        let (mut rows, mut weights) = (&mut self.rows[..], &mut self.weights[..]);
        for w in self.col_ptr.windows(2) {
            let len = w[1] - w[0];
            let (r, rest_r) = std::mem::take(&mut rows).split_at_mut(len);
            let (v, rest_v) = std::mem::take(&mut weights).split_at_mut(len);
            spans.push((r, v));
            rows = rest_r;
            weights = rest_v;
        }
        spans.into_par_iter().for_each(|(r, v)| {
            let mut pairs: Vec<(u32, f32)> = r.iter().copied().zip(v.iter().copied()).collect();
            pairs.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            for (k, (row, w)) in pairs.into_iter().enumerate() {
                r[k] = row;
                v[k] = w;
            }
        });
    }

    /// Candidate generation over an impact-ordered index ([`InvertedIndex::sort_by_impact`]):
    /// adds the `budget` largest products `query weight × posting weight` over all the
    /// query's columns, read in that order (ties by query position, then posting order).
    ///
    /// Why: walking whole postings lists rarest first covers fewer of a row's terms as the
    /// lists grow with the corpus; taking the heaviest postings of every term keeps the
    /// contributions that decide a cosine whatever the corpus size. `heap` is scratch space.
    pub(crate) fn accumulate_impact(
        &self,
        query: (&[u32], &[f32]),
        budget: usize,
        heap: &mut BinaryHeap<Head>,
        acc: &mut impl Scores,
    ) {
        heap.clear();
        for (k, (&c, &qw)) in query.0.iter().zip(query.1).enumerate() {
            let (rows, ws) = self.postings(c);
            if let (Some(_), Some(&w)) = (rows.first(), ws.first()) {
                heap.push(Head {
                    key: qw * w,
                    term: k as u32,
                    at: 0,
                });
            }
        }
        let mut walked = 0usize;
        while walked < budget.max(1) {
            let Some(head) = heap.pop() else { break };
            let k = head.term as usize;
            let (c, qw) = (query.0[k], query.1[k]);
            let (rows, ws) = self.postings(c);
            let at = head.at as usize;
            let end = (at + IMPACT_BLOCK).min(rows.len());
            for (&r, &w) in rows[at..end].iter().zip(&ws[at..end]) {
                acc.add(r, qw * w);
            }
            walked += end - at;
            if end < rows.len() {
                heap.push(Head {
                    key: qw * ws[end],
                    term: head.term,
                    at: end as u32,
                });
            }
        }
    }
}

/// Postings read at a time from one term in [`InvertedIndex::accumulate_impact`]: the heap
/// orders blocks by their first (heaviest) product, so its cost is paid once per block.
const IMPACT_BLOCK: usize = 32;

/// The next unread posting of one query term in [`InvertedIndex::accumulate_impact`],
/// ordered by its product (highest first), then by query position.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Head {
    key: f32,
    term: u32,
    at: u32,
}

impl PartialEq for Head {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Head {}

impl PartialOrd for Head {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Head {
    // A max-heap: the larger product first, then the earlier query term.
    fn cmp(&self, other: &Self) -> Ordering {
        self.key
            .total_cmp(&other.key)
            .then(other.term.cmp(&self.term))
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
    // Every search checks the whole matrix first: on all threads, reporting the first bad row
    // whatever the split.
    let norm = |row: usize| {
        let norm = matrix.row(row).1.iter().map(|v| v * v).sum::<f32>().sqrt();
        (norm != 0.0 && (norm.is_nan() || (norm - 1.0).abs() > 1e-3)).then_some(norm)
    };
    match (0..matrix.n_rows())
        .into_par_iter()
        .find_first(|&row| norm(row).is_some())
    {
        Some(row) => Err(SimilarityError::NotNormalized {
            row,
            norm: norm(row).unwrap_or(f32::NAN),
        }),
        None => Ok(()),
    }
}
