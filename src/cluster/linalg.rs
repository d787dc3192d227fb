//! Deterministic, rayon-parallel dense/sparse kernels used by the projection: sparse x dense
//! products in both orientations, Gram matrices, and orthonormalisation of tall matrices.
//!
//! Every kernel either writes disjoint output rows (so thread count cannot matter) or reduces
//! fixed-size row chunks whose partial results are summed sequentially in chunk order, so the
//! floating-point result is identical for any rayon pool size.

use linfa_linalg::eigh::Eigh;
use ndarray::{Array2, ArrayView2, ArrayViewMut2};
use rayon::prelude::*;

use super::errors::ClusterError;
use crate::vectorize::CsrMatrix;

/// Rows per partial sum in reductions; fixed so the summation order never depends on threads.
const CHUNK_ROWS: usize = 512;

/// Eigenvalues below this fraction of the largest are treated as zero (rank deficiency).
const RANK_TOL: f64 = 1e-12;

/// A dense row-major matrix of `f64`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Dense {
    pub rows: usize,
    pub cols: usize,
    pub data: Vec<f64>,
}

impl Dense {
    pub fn zeros(rows: usize, cols: usize) -> Self {
        Dense {
            rows,
            cols,
            data: crate::zeroed::zeroed(rows * cols),
        }
    }

    pub fn row(&self, i: usize) -> &[f64] {
        &self.data[i * self.cols..(i + 1) * self.cols]
    }
}

/// The transpose of a [`CsrMatrix`] in the same compressed layout (one entry list per column,
/// rows ascending), so `A^T * Y` can be computed one output row per column without scattering.
pub(crate) struct Transposed {
    indptr: Vec<usize>,
    rows: Vec<u32>,
    data: Vec<f32>,
}

impl Transposed {
    pub fn new(a: &CsrMatrix) -> Self {
        let mut counts = vec![0usize; a.n_cols() + 1];
        for (idx, _) in a.rows() {
            for &c in idx {
                counts[c as usize + 1] += 1;
            }
        }
        for j in 0..a.n_cols() {
            counts[j + 1] += counts[j];
        }
        let indptr = counts.clone();
        let mut next = counts;
        let mut rows = vec![0u32; a.nnz()];
        let mut data = vec![0f32; a.nnz()];
        for (i, (idx, val)) in a.rows().enumerate() {
            for (&c, &v) in idx.iter().zip(val) {
                let slot = next[c as usize];
                rows[slot] = i as u32;
                data[slot] = v;
                next[c as usize] += 1;
            }
        }
        Transposed { indptr, rows, data }
    }

    fn n_cols_of_a(&self) -> usize {
        self.indptr.len() - 1
    }
}

/// `A * B` for sparse `A` (n x m) and dense `B` (m x w); rows of `A` with columns past `B.rows`
/// are a caller bug (checked by the callers against the fitted vocabulary size).
pub(crate) fn sparse_times_dense(a: &CsrMatrix, b: &Dense) -> Dense {
    sparse_times_slice(a, &b.data, b.cols, None)
}

/// [`sparse_times_dense`] with `B` given as its row-major data and width, so a caller holding
/// the data elsewhere (a fitted projection's components) need not copy it into a [`Dense`].
/// With `slots`, column `c` of `A` reads row `slots[c]` of `B`, and columns whose slot is
/// `u32::MAX` (or past `B`) contribute nothing.
pub(crate) fn sparse_times_slice<T: Copy + Into<f64> + Sync>(
    a: &CsrMatrix,
    b: &[T],
    w: usize,
    slots: Option<&[u32]>,
) -> Dense {
    let mut out = Dense::zeros(a.n_rows(), w);
    if w == 0 {
        return out;
    }
    out.data.par_chunks_mut(w).enumerate().for_each(|(i, o)| {
        let (idx, val) = a.row(i);
        for (&c, &v) in idx.iter().zip(val) {
            let slot = match slots {
                Some(s) => s.get(c as usize).copied().unwrap_or(u32::MAX),
                None => c,
            };
            let start = slot as usize * w;
            let Some(row) = b.get(start..start + w) else {
                continue;
            };
            let v = f64::from(v);
            for (o, &x) in o.iter_mut().zip(row) {
                *o += v * x.into();
            }
        }
    });
    out
}

/// `A^T * Y` for sparse `A` (n x m, given as its transpose) and dense `Y` (n x w).
pub(crate) fn transposed_times_dense(t: &Transposed, y: &Dense) -> Dense {
    let w = y.cols;
    let mut out = Dense::zeros(t.n_cols_of_a(), w);
    if w == 0 {
        return out;
    }
    out.data.par_chunks_mut(w).enumerate().for_each(|(j, o)| {
        let (s, e) = (t.indptr[j], t.indptr[j + 1]);
        for (&r, &v) in t.rows[s..e].iter().zip(&t.data[s..e]) {
            let v = f64::from(v);
            for (o, &x) in o.iter_mut().zip(y.row(r as usize)) {
                *o += v * x;
            }
        }
    });
    out
}

/// `Y^T * Y` (w x w), reduced over fixed row chunks in order.
///
/// Each chunk product runs through ndarray's matrixmultiply GEMM (single-threaded, so its
/// result depends only on the chunk), and the chunk boundaries never depend on the pool size.
pub(crate) fn gram(y: &Dense) -> Result<Dense, ClusterError> {
    let w = y.cols;
    if w == 0 || y.rows == 0 {
        return Ok(Dense::zeros(w, w));
    }
    let partials: Vec<Array2<f64>> = y
        .data
        .par_chunks(CHUNK_ROWS * w)
        .map(|chunk| {
            let c = ArrayView2::from_shape((chunk.len() / w, w), chunk).map_err(shape_err)?;
            Ok(c.t().dot(&c))
        })
        .collect::<Result<_, ClusterError>>()?;
    let mut g = Array2::<f64>::zeros((w, w));
    for p in &partials {
        g += p;
    }
    // Exact symmetry, so the eigensolver sees a symmetric matrix whatever GEMM rounding did.
    for a in 0..w {
        for b in 0..a {
            g[[a, b]] = g[[b, a]];
        }
    }
    Ok(Dense {
        rows: w,
        cols: w,
        data: g.into_iter().collect(),
    })
}

/// `Y * M` for tall `Y` (n x w) and small `M` (w x r), by fixed row chunks through GEMM.
pub(crate) fn times_small(y: &Dense, m: &Dense) -> Result<Dense, ClusterError> {
    let (w, r) = (y.cols, m.cols);
    let mut out = Dense::zeros(y.rows, r);
    if r == 0 || w == 0 || y.rows == 0 {
        return Ok(out);
    }
    let mv = ArrayView2::from_shape((w, r), &m.data[..]).map_err(shape_err)?;
    out.data
        .par_chunks_mut(CHUNK_ROWS * r)
        .zip(y.data.par_chunks(CHUNK_ROWS * w))
        .try_for_each(|(o, yc)| {
            let rows = yc.len() / w;
            let yv = ArrayView2::from_shape((rows, w), yc).map_err(shape_err)?;
            let mut ov = ArrayViewMut2::from_shape((rows, r), o).map_err(shape_err)?;
            ndarray::linalg::general_mat_mul(1.0, &yv, &mv, 0.0, &mut ov);
            Ok::<(), ClusterError>(())
        })?;
    Ok(out)
}

fn shape_err(e: ndarray::ShapeError) -> ClusterError {
    ClusterError::Numeric {
        stage: "dense product",
        message: e.to_string(),
    }
}

/// Eigendecomposition of a symmetric matrix, eigenpairs sorted by eigenvalue descending (ties by
/// original index). Returns the eigenvalues and the eigenvectors as the columns of a w x w matrix.
pub(crate) fn sym_eigen(g: &Dense) -> Result<(Vec<f64>, Dense), ClusterError> {
    let w = g.cols;
    let arr =
        Array2::from_shape_vec((w, w), g.data.clone()).map_err(|e| ClusterError::Numeric {
            stage: "eigendecomposition",
            message: e.to_string(),
        })?;
    let (vals, vecs) = arr.eigh().map_err(|e| ClusterError::Numeric {
        stage: "eigendecomposition",
        message: e.to_string(),
    })?;
    if vals.iter().any(|v| !v.is_finite()) {
        return Err(ClusterError::Numeric {
            stage: "eigendecomposition",
            message: "non-finite eigenvalue".to_string(),
        });
    }
    let mut order: Vec<usize> = (0..w).collect();
    order.sort_by(|&a, &b| vals[b].total_cmp(&vals[a]).then(a.cmp(&b)));
    let mut out = Dense::zeros(w, w);
    for (new, &old) in order.iter().enumerate() {
        for a in 0..w {
            out.data[a * w + new] = vecs[[a, old]];
        }
    }
    Ok((order.iter().map(|&o| vals[o]).collect(), out))
}

/// An orthonormal basis of the column space of `y`, dropping numerically null directions.
///
/// Uses the Gram matrix: with `Y^T Y = W L W^T`, `Q = Y W L^{-1/2}` has orthonormal columns.
/// One pass loses orthogonality in proportion to cond(Y)^2, so it is applied twice (as in
/// CholeskyQR2); the Gram form keeps the heavy work in one cache-friendly parallel pass over `Y`.
pub(crate) fn orthonormalize(y: &Dense) -> Result<Dense, ClusterError> {
    let once = orthonormalize_once(y)?;
    orthonormalize_once(&once)
}

pub(crate) fn orthonormalize_once(y: &Dense) -> Result<Dense, ClusterError> {
    let (vals, vecs) = sym_eigen(&gram(y)?)?;
    let top = vals.first().copied().unwrap_or(0.0);
    let keep = vals
        .iter()
        .take_while(|&&v| top > 0.0 && v > top * RANK_TOL)
        .count();
    let scale: Vec<f64> = vals[..keep].iter().map(|v| 1.0 / v.sqrt()).collect();
    times_small(y, &scaled_columns(&vecs, &scale))
}

/// The first `scale.len()` columns of the square matrix `vecs`, column `j` multiplied by
/// `scale[j]`.
pub(crate) fn scaled_columns(vecs: &Dense, scale: &[f64]) -> Dense {
    let keep = scale.len();
    let mut m = Dense::zeros(vecs.rows, keep);
    for (out, row) in m
        .data
        .chunks_mut(keep.max(1))
        .zip(vecs.data.chunks(vecs.cols.max(1)))
    {
        for ((o, &v), &f) in out.iter_mut().zip(row).zip(scale) {
            *o = v * f;
        }
    }
    m
}

/// Scales every row to unit Euclidean length; all-zero rows stay zero.
pub(crate) fn normalize_rows(x: &mut Dense) {
    let w = x.cols;
    if w == 0 {
        return;
    }
    x.data.par_chunks_mut(w).for_each(|r| {
        let n = r.iter().map(|v| v * v).sum::<f64>().sqrt();
        if n > 0.0 {
            r.iter_mut().for_each(|v| *v /= n);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dense(rows: usize, cols: usize, data: &[f64]) -> Dense {
        Dense {
            rows,
            cols,
            data: data.to_vec(),
        }
    }

    #[test]
    fn transposed_product_matches_dense_arithmetic() {
        let a = CsrMatrix::from_rows(3, vec![vec![(0, 1.0), (2, 2.0)], vec![(1, 3.0)]]);
        let y = dense(2, 2, &[1.0, 2.0, 3.0, 4.0]);
        let z = transposed_times_dense(&Transposed::new(&a), &y);
        // A^T = [[1,0],[0,3],[2,0]]
        assert_eq!(z.data, vec![1.0, 2.0, 9.0, 12.0, 2.0, 4.0]);
        let b = dense(3, 1, &[1.0, 10.0, 100.0]);
        assert_eq!(sparse_times_dense(&a, &b).data, vec![201.0, 30.0]);
    }

    #[test]
    fn eigen_pairs_are_sorted_and_satisfy_the_definition() {
        let g = dense(3, 3, &[2.0, 1.0, 0.0, 1.0, 2.0, 0.0, 0.0, 0.0, 5.0]);
        let (vals, vecs) = sym_eigen(&g).unwrap();
        assert!(vals.windows(2).all(|p| p[0] >= p[1]));
        assert!((vals[0] - 5.0).abs() < 1e-9 && (vals[2] - 1.0).abs() < 1e-9);
        for (j, &val) in vals.iter().enumerate() {
            for a in 0..3 {
                let gv: f64 = (0..3)
                    .map(|b| g.data[a * 3 + b] * vecs.data[b * 3 + j])
                    .sum();
                assert!((gv - val * vecs.data[a * 3 + j]).abs() < 1e-9);
            }
        }
    }

    #[test]
    fn orthonormalize_drops_dependent_columns() {
        // Third column = first + second: rank 2.
        let y = dense(
            4,
            3,
            &[1.0, 0.0, 1.0, 2.0, 1.0, 3.0, 0.0, 1.0, 1.0, 1.0, 1.0, 2.0],
        );
        let q = orthonormalize(&y).unwrap();
        assert_eq!(q.cols, 2);
        let g = gram(&q).unwrap();
        for a in 0..2 {
            for b in 0..2 {
                let want = if a == b { 1.0 } else { 0.0 };
                assert!((g.data[a * 2 + b] - want).abs() < 1e-12);
            }
        }
    }
}
