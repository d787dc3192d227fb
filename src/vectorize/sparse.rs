//! Compressed sparse row matrices: the one representation of TF-IDF vectors that every
//! downstream stage (similarity, projection, clustering, labels) reads.

/// A row-major sparse matrix of `f32` weights.
///
/// Invariants (upheld by every constructor): `indptr.len() == n_rows + 1`, `indptr[0] == 0`,
/// `indptr` non-decreasing, and within each row the column indices are strictly increasing and
/// below `n_cols`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CsrMatrix {
    n_cols: usize,
    indptr: Vec<usize>,
    indices: Vec<u32>,
    data: Vec<f32>,
}

impl CsrMatrix {
    /// Builds a matrix from rows of `(column, weight)` pairs.
    ///
    /// Each row is sorted by column here; repeated columns within a row are summed, and
    /// columns at or past `n_cols` are a programming error (debug assertion).
    pub fn from_rows(n_cols: usize, rows: Vec<Vec<(u32, f32)>>) -> Self {
        let mut indptr = Vec::with_capacity(rows.len() + 1);
        indptr.push(0);
        let nnz = rows.iter().map(Vec::len).sum();
        let mut indices = Vec::with_capacity(nnz);
        let mut data = Vec::with_capacity(nnz);
        for mut row in rows {
            row.sort_unstable_by_key(|&(c, _)| c);
            let start = indices.len();
            for (c, w) in row {
                debug_assert!((c as usize) < n_cols, "column {c} out of range {n_cols}");
                if indices.len() > start && indices.last() == Some(&c) {
                    if let Some(last) = data.last_mut() {
                        *last += w;
                    }
                } else {
                    indices.push(c);
                    data.push(w);
                }
            }
            indptr.push(indices.len());
        }
        CsrMatrix {
            n_cols,
            indptr,
            indices,
            data,
        }
    }

    /// Number of rows.
    pub fn n_rows(&self) -> usize {
        self.indptr.len().saturating_sub(1)
    }

    /// Number of columns (the vocabulary size for TF-IDF matrices).
    pub fn n_cols(&self) -> usize {
        self.n_cols
    }

    /// Number of stored (non-zero) entries.
    pub fn nnz(&self) -> usize {
        self.indices.len()
    }

    /// The column indices and weights of row `i`, columns ascending.
    ///
    /// # Panics
    /// If `i >= n_rows()`.
    pub fn row(&self, i: usize) -> (&[u32], &[f32]) {
        let (a, b) = (self.indptr[i], self.indptr[i + 1]);
        (&self.indices[a..b], &self.data[a..b])
    }

    /// Rows `ids` as [`row`](Self::row) gives them, fetched together: every row's offsets are
    /// read first, then the first entry of every row, so the cache misses of rows scattered
    /// over a large matrix overlap rather than follow one another. At 1,000,000 units,
    /// re-ranking a few dozen candidate rows one by one spent most of the neighbour search
    /// waiting on those misses.
    pub fn gather(&self, ids: impl IntoIterator<Item = usize>) -> Vec<(&[u32], &[f32])> {
        let rows: Vec<(&[u32], &[f32])> = ids.into_iter().map(|i| self.row(i)).collect();
        let mut touched = 0u32;
        for (c, v) in &rows {
            touched ^= c.first().copied().unwrap_or(0) ^ v.first().map_or(0, |w| w.to_bits());
        }
        // Keeps the reads: their values do not matter, only that the lines are on their way.
        std::hint::black_box(touched);
        rows
    }

    /// Iterates over rows as `(indices, weights)` slices.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = (&[u32], &[f32])> + '_ {
        (0..self.n_rows()).map(move |i| self.row(i))
    }

    /// Dot product of rows `i` and `j` by merging their sorted indices.
    pub fn row_dot(&self, i: usize, j: usize) -> f32 {
        let (ai, av) = self.row(i);
        let (bi, bv) = self.row(j);
        let (mut x, mut y, mut s) = (0, 0, 0.0f32);
        while x < ai.len() && y < bi.len() {
            match ai[x].cmp(&bi[y]) {
                std::cmp::Ordering::Less => x += 1,
                std::cmp::Ordering::Greater => y += 1,
                std::cmp::Ordering::Equal => {
                    s += av[x] * bv[y];
                    x += 1;
                    y += 1;
                }
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_sorted_and_duplicates_summed() {
        let m = CsrMatrix::from_rows(5, vec![vec![(3, 1.0), (1, 2.0), (3, 0.5)], vec![]]);
        assert_eq!(m.n_rows(), 2);
        assert_eq!(m.row(0), (&[1u32, 3][..], &[2.0f32, 1.5][..]));
        assert_eq!(m.row(1).0.len(), 0);
        assert_eq!(m.row_dot(0, 0), 4.0 + 2.25);
    }

    #[test]
    fn gathered_rows_are_the_rows_asked_for_in_that_order() {
        let m = CsrMatrix::from_rows(4, vec![vec![(0, 1.0)], vec![], vec![(2, 0.5), (3, 2.0)]]);
        let got = m.gather([2, 0, 1, 2]);
        let want: Vec<_> = [2, 0, 1, 2].iter().map(|&i| m.row(i)).collect();
        assert_eq!(got, want);
        assert!(m.gather(std::iter::empty()).is_empty());
    }
}
