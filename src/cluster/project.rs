//! Projection of sparse TF-IDF rows to short dense unit vectors, so that linfa's Euclidean
//! k-means behaves like cosine k-means (for unit vectors `|x - y|^2 = 2 - 2 cos(x, y)`).
//!
//! The default is LSA: a randomized truncated SVD (Halko, Martinsson & Tropp 2011, algorithm
//! 4.4: Gaussian range finder plus power iterations with re-orthonormalisation), computed
//! straight from the CSR matrix. The fitted [`Projection`] keeps the right singular vectors so
//! new documents can be projected into the same space later.

use rand_xoshiro::rand_core::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::errors::ClusterError;
use super::init::{sample_indices, unit};
use super::linalg::{
    gram, normalize_rows, orthonormalize, orthonormalize_once, scaled_columns, sparse_times_dense,
    sparse_times_slice, sym_eigen, times_small, transposed_times_dense, Dense, Transposed,
};
use crate::vectorize::CsrMatrix;

/// Largest accepted `n_power_iter`; more gives no accuracy and only costs passes over the data.
pub const MAX_POWER_ITER: usize = 20;

/// `Auto` keeps at least this many rows per LSA dimension (see [`ProjectionParams::method`]).
pub const SMALL_CORPUS_ROWS_PER_DIM: usize = 6;

/// Default of [`ProjectionParams::fit_sample`].
pub const DEFAULT_FIT_SAMPLE: usize = 20_000;

/// Mixed into the seed for the fitting sample, so it is independent of the test matrix.
const FIT_SAMPLE_SALT: u64 = 0x15A_5A3F_1E00_0003;

/// Marks a column that no sampled row holds (it has no row in the sample's components).
const ABSENT: u32 = u32::MAX;

/// How sparse rows become dense vectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProjectionMethod {
    /// LSA, with `dims` capped for small corpora: see [`ProjectionParams::method`].
    Auto,
    /// Randomized truncated SVD to `dims` dimensions.
    Lsa,
    /// The TF-IDF rows themselves, densified (only for small matrices).
    Dense,
}

/// Unchecked projection options (builder). Defaults: `Auto` (LSA, small corpora capped),
/// 100 dimensions, oversampling 10, 2 power iterations, seed 42, LSA fitted on at most
/// [`DEFAULT_FIT_SAMPLE`] rows.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectionParams {
    dims: usize,
    oversample: usize,
    n_power_iter: usize,
    seed: u64,
    method: ProjectionMethod,
    dense_max_cells: usize,
    fit_sample: usize,
}

/// Checked projection options, produced by [`ProjectionParams::check`].
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectionValidParams(ProjectionParams);

impl Default for ProjectionParams {
    fn default() -> Self {
        ProjectionParams {
            dims: 100,
            oversample: 10,
            n_power_iter: 2,
            seed: 42,
            method: ProjectionMethod::Auto,
            dense_max_cells: 4_000_000,
            fit_sample: DEFAULT_FIT_SAMPLE,
        }
    }
}

impl ProjectionParams {
    /// Default options.
    pub fn new() -> Self {
        Self::default()
    }

    /// Target dimensionality of LSA (clamped at fit time to `min(n_rows, n_cols)` and to the
    /// numerical rank of the matrix).
    pub fn dims(mut self, dims: usize) -> Self {
        self.dims = dims;
        self
    }

    /// Extra random directions sampled beyond `dims` (improves accuracy of the last components).
    pub fn oversample(mut self, oversample: usize) -> Self {
        self.oversample = oversample;
        self
    }

    /// Power iterations of the range finder (each is one more pass over `A` and `A^T`).
    pub fn n_power_iter(mut self, n: usize) -> Self {
        self.n_power_iter = n;
        self
    }

    /// Seed of the Gaussian test matrix.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Projection method. `Auto` is LSA with `dims` capped at `max(2, n_rows / 6)`.
    ///
    /// Why: with `dims >= n_rows` LSA keeps the whole row space and reproduces the dense TF-IDF
    /// cosines exactly (measured: identical clusterings), so dense is never better than LSA
    /// with enough dims. On the seed paragraphs (65 rows, 1909 char bigrams, mean over 5 seeds)
    /// the adjusted Rand index of clusters against source document was 0.24-0.35 with 5-10 LSA
    /// dims, 0.15-0.27 with 20, and 0.17-0.20 dense; the cap keeps small corpora near 10.
    pub fn method(mut self, method: ProjectionMethod) -> Self {
        self.method = method;
        self
    }

    /// Upper bound on `n_rows * n_cols` for the dense method (memory guard: 8 bytes a cell).
    pub fn dense_max_cells(mut self, cells: usize) -> Self {
        self.dense_max_cells = cells;
        self
    }

    /// Above this many rows, LSA is fitted on a seeded sample of this many rows and every row
    /// is then projected onto the sample's components.
    ///
    /// The terms no sampled row holds are then folded in from all rows, so every term gets
    /// its loadings. Why: the range finder takes six passes over the matrix (two power
    /// iterations), which made the projection the slowest stage at 100,000 units (4.6 s); on
    /// a sample they cost a fifth of that, and the fold-in reads only the entries of the
    /// absent terms. Projecting the rows on the sample's components alone was cheaper still
    /// but lost the terms no sampled row holds, which short rows depend on (THUCNews titles,
    /// LSA fitted on 2,000 of 10,000: V-measure 0.318 → 0.251; folded in: 0.289). At least 1
    /// (0 is read as 1).
    pub fn fit_sample(mut self, rows: usize) -> Self {
        self.fit_sample = rows.max(1);
        self
    }

    /// Validates the options, one error variant per rule.
    pub fn check(self) -> Result<ProjectionValidParams, ClusterError> {
        if self.dims == 0 {
            return Err(ClusterError::ZeroDims);
        }
        if self.n_power_iter > MAX_POWER_ITER {
            return Err(ClusterError::TooManyPowerIterations {
                got: self.n_power_iter,
                max: MAX_POWER_ITER,
            });
        }
        Ok(ProjectionValidParams(self))
    }
}

impl ProjectionValidParams {
    /// The requested dimensionality.
    pub fn dims(&self) -> usize {
        self.0.dims
    }

    /// The method `fit` uses (`Lsa` or `Dense`) and the LSA dimensionality it aims for
    /// (before clamping to the rank) on a matrix with `n_rows` rows.
    pub fn resolve(&self, n_rows: usize) -> (ProjectionMethod, usize) {
        match self.0.method {
            ProjectionMethod::Auto => (
                ProjectionMethod::Lsa,
                self.0.dims.min((n_rows / SMALL_CORPUS_ROWS_PER_DIM).max(2)),
            ),
            m => (m, self.0.dims),
        }
    }

    /// Learns the projection from `matrix` (rows = documents), on a seeded sample of its rows
    /// when it has more than [`ProjectionParams::fit_sample`].
    pub fn fit(&self, matrix: &CsrMatrix) -> Result<Projection, ClusterError> {
        self.fit_projected(matrix).map(|(p, _)| p)
    }

    /// [`fit`](Self::fit), and the rows of `matrix` projected (unit length), as
    /// [`Projection::transform_dense`] gives them; the sampled fit has them at hand.
    pub(crate) fn fit_transform(
        &self,
        matrix: &CsrMatrix,
    ) -> Result<(Projection, Dense), ClusterError> {
        let (p, x) = self.fit_projected(matrix)?;
        let x = match x {
            Some(mut x) => {
                normalize_rows(&mut x);
                x
            }
            None => p.transform_dense(matrix)?,
        };
        Ok((p, x))
    }

    /// The fit, with the rows' coordinates (not yet normalised) when it computed them.
    fn fit_projected(
        &self,
        matrix: &CsrMatrix,
    ) -> Result<(Projection, Option<Dense>), ClusterError> {
        validate_input(matrix)?;
        let (n, m) = (matrix.n_rows(), matrix.n_cols());
        match self.resolve(n) {
            (ProjectionMethod::Lsa, dims) if n > self.0.fit_sample => self
                .fit_lsa_sampled(matrix, dims)
                .map(|(p, x)| (p, Some(x))),
            (ProjectionMethod::Lsa, dims) => self.fit_lsa(matrix, dims).map(|p| (p, None)),
            _ => {
                let cells = n.saturating_mul(m);
                if cells > self.0.dense_max_cells {
                    return Err(ClusterError::DenseTooLarge {
                        n_rows: n,
                        n_cols: m,
                        max_cells: self.0.dense_max_cells,
                    });
                }
                Ok((
                    Projection {
                        n_cols: m,
                        dims: m,
                        method: ProjectionMethod::Dense,
                        components: Vec::new(),
                        singular_values: Vec::new(),
                    },
                    None,
                ))
            }
        }
    }

    /// LSA fitted on a seeded sample of the rows; the terms no sampled row holds are then
    /// folded in from all rows.
    ///
    /// With `x = A V` (every row projected on the sample's components, `n x dims`) and
    /// `A ≈ U Σ V^T`, `A^T x = V Σ²`: an absent term's loadings are `Σ_i a_it x_i / σ²` over
    /// the rows holding it, with `σ_j² = |x_j|²` measured on all rows. Why not one more
    /// power step over all rows (`A^T Q` after orthonormalising `A V`): it cost a dense
    /// `n x 110` orthonormalisation and `terms x 110` intermediates (at 100,000 units most of
    /// the projection's time and 600 MiB of the peak) for the same clusters (see the README's
    /// fit-sample table).
    fn fit_lsa_sampled(
        &self,
        a: &CsrMatrix,
        dims: usize,
    ) -> Result<(Projection, Dense), ClusterError> {
        let mut rng = Xoshiro256Plus::seed_from_u64(self.0.seed ^ FIT_SAMPLE_SALT);
        let rows = sample_indices(a.n_rows(), self.0.fit_sample, &mut rng);
        let (sample, slots) = compact_rows(a, &rows);
        let start = self.fit_lsa(&sample, dims)?;
        drop(sample);
        let d = start.dims;
        let x = sparse_times_slice(a, &start.components, d, Some(&slots));
        let m = a.n_cols();
        let mut components = vec![0.0f32; m * d];
        for (c, out) in components.chunks_mut(d.max(1)).enumerate().take(m) {
            if let Some(s) = slots.get(c).filter(|&&s| s != ABSENT) {
                let s = *s as usize;
                out.copy_from_slice(&start.components[s * d..(s + 1) * d]);
            }
        }
        drop(start);
        let mut full = x;
        fold_absent(a, &slots, &full, &mut components);
        // All rows on all the loadings: what k-means clusters, and `|A v_j|` on all terms
        // gives the singular values.
        add_absent(a, &slots, &components, &mut full);
        let singular_values = column_power(&full).iter().map(|p| p.sqrt()).collect();
        let projection = Projection {
            n_cols: m,
            dims: d,
            method: ProjectionMethod::Lsa,
            components,
            singular_values,
        };
        Ok((projection, full))
    }

    fn fit_lsa(&self, a: &CsrMatrix, dims: usize) -> Result<Projection, ClusterError> {
        let (n, m) = (a.n_rows(), a.n_cols());
        let max_rank = n.min(m);
        let dims = dims.min(max_rank);
        let width = (dims + self.0.oversample).min(max_rank);
        let at = Transposed::new(a);

        // Intermediate bases only need to span the right space (the next product re-amplifies
        // the leading directions), so one Gram pass suffices; the final basis gets two. The
        // terms side (`A^T Q`, as wide as the rows side but as long as the vocabulary) is not
        // orthonormalised at all: `A (A^T Q) R⁻¹` spans what `A (A^T Q)` spans, and the rows
        // side that follows is. The `terms x width` test matrix is dropped at once (it is the
        // size of the products).
        let mut y = sparse_times_dense(a, &gaussian(m, width, self.0.seed));
        for _ in 0..self.0.n_power_iter {
            let q = orthonormalize_once(&y)?;
            let z = transposed_times_dense(&at, &q);
            y = sparse_times_dense(a, &z);
        }
        self.finish_lsa(a, &at, &y, dims)
    }

    /// The rank-`dims` factorisation of `a` within the range of `y` (`n x width`).
    fn finish_lsa(
        &self,
        a: &CsrMatrix,
        at: &Transposed,
        y: &Dense,
        dims: usize,
    ) -> Result<Projection, ClusterError> {
        let m = a.n_cols();
        let q = orthonormalize(y)?;
        // B = Q^T A is small; with C = B^T = A^T Q, B B^T = C^T C = U S^2 U^T and V = C U S^-1.
        let c = transposed_times_dense(at, &q);
        let (vals, u) = sym_eigen(&gram(&c)?)?;
        let top = vals.first().copied().unwrap_or(0.0);
        let keep = vals
            .iter()
            .take(dims)
            .take_while(|&&v| top > 0.0 && v > top * 1e-12)
            .count();
        let singular_values: Vec<f64> = vals[..keep].iter().map(|v| v.sqrt()).collect();
        let inv: Vec<f64> = singular_values.iter().map(|s| 1.0 / s).collect();
        let v = times_small(&c, &scaled_columns(&u, &inv))?;
        drop(c);
        Ok(Projection {
            n_cols: m,
            dims: keep,
            method: ProjectionMethod::Lsa,
            components: v.data.into_iter().map(|x| x as f32).collect(),
            singular_values,
        })
    }
}

/// A fitted projection: maps CSR rows over the fitted vocabulary to unit-length dense rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Projection {
    n_cols: usize,
    dims: usize,
    method: ProjectionMethod,
    /// Right singular vectors, `n_cols x dims` row-major (empty for the dense method). In
    /// `f32`: they are the largest table of the fit (`terms x 100`), and rows are projected
    /// with `f64` sums, so k-means sees the same clusters.
    components: Vec<f32>,
    singular_values: Vec<f64>,
}

impl Projection {
    /// Vocabulary size the projection was fitted on.
    pub fn n_cols(&self) -> usize {
        self.n_cols
    }

    /// Output dimensionality (may be below the requested `dims` when the matrix rank is lower).
    pub fn dims(&self) -> usize {
        self.dims
    }

    /// The method actually used (`Lsa` or `Dense`, never `Auto`).
    pub fn method(&self) -> ProjectionMethod {
        self.method
    }

    /// Singular values of the LSA components, descending (empty for the dense method).
    pub fn singular_values(&self) -> &[f64] {
        &self.singular_values
    }

    /// The LSA component loadings of vocabulary term `term` (`None` for the dense method or
    /// an out-of-range term).
    pub fn term_loadings(&self, term: u32) -> Option<&[f32]> {
        let t = term as usize;
        if self.method != ProjectionMethod::Lsa || t >= self.n_cols {
            return None;
        }
        Some(&self.components[t * self.dims..(t + 1) * self.dims])
    }

    /// Projects `rows` (whose columns must be ids of the fitted vocabulary) and scales each
    /// result to unit length; rows with no weight stay all-zero.
    pub fn transform(&self, rows: &CsrMatrix) -> Result<ndarray::Array2<f64>, ClusterError> {
        let d = self.transform_dense(rows)?;
        ndarray::Array2::from_shape_vec((d.rows, d.cols), d.data).map_err(|e| {
            ClusterError::Numeric {
                stage: "projection",
                message: e.to_string(),
            }
        })
    }

    pub(crate) fn transform_dense(&self, rows: &CsrMatrix) -> Result<Dense, ClusterError> {
        if rows.n_cols() > self.n_cols {
            return Err(ClusterError::ShapeMismatch {
                what: "columns of rows to project (fitted vocabulary size)",
                expected: self.n_cols,
                got: rows.n_cols(),
            });
        }
        check_finite(rows)?;
        let mut out = match self.method {
            ProjectionMethod::Lsa => sparse_times_slice(rows, &self.components, self.dims, None),
            _ => densify(rows, self.n_cols),
        };
        normalize_rows(&mut out);
        Ok(out)
    }
}

/// The given rows of `matrix` with only the columns they hold, renumbered in ascending order,
/// and each original column's new number ([`ABSENT`] for columns none of them holds).
fn compact_rows(matrix: &CsrMatrix, rows: &[usize]) -> (CsrMatrix, Vec<u32>) {
    let mut slots = vec![ABSENT; matrix.n_cols()];
    for &r in rows {
        for &c in matrix.row(r).0 {
            slots[c as usize] = 0;
        }
    }
    let mut next = 0u32;
    for s in slots.iter_mut().filter(|s| **s != ABSENT) {
        *s = next;
        next += 1;
    }
    let picked = rows
        .iter()
        .map(|&r| {
            let (idx, val) = matrix.row(r);
            idx.iter()
                .map(|&c| slots[c as usize])
                .zip(val.iter().copied())
                .collect()
        })
        .collect();
    (CsrMatrix::from_rows(next as usize, picked), slots)
}

/// Squared norm of each column of `x`, reduced over fixed row chunks in order (so it does not
/// depend on the thread count).
fn column_power(x: &Dense) -> Vec<f64> {
    const CHUNK: usize = 4096;
    let w = x.cols;
    let partials: Vec<Vec<f64>> = x
        .data
        .par_chunks((CHUNK * w).max(1))
        .map(|chunk| {
            let mut p = vec![0.0f64; w];
            for row in chunk.chunks(w.max(1)) {
                p.iter_mut().zip(row).for_each(|(p, v)| *p += v * v);
            }
            p
        })
        .collect();
    let mut total = vec![0.0f64; w];
    for p in partials {
        total.iter_mut().zip(p).for_each(|(t, p)| *t += p);
    }
    total
}

/// Writes the loadings of the columns whose slot is [`ABSENT`] into their rows of
/// `components` (`x.cols` wide): `Σ_i a_it x_i / σ²` over the rows holding the column, with
/// `σ_j² = |x_j|²` (zero where that is zero).
fn fold_absent(a: &CsrMatrix, slots: &[u32], x: &Dense, components: &mut [f32]) {
    let d = x.cols;
    if d == 0 {
        return;
    }
    let inv: Vec<f64> = column_power(x)
        .iter()
        .map(|&p| if p > 0.0 { 1.0 / p } else { 0.0 })
        .collect();
    // The absent entries grouped by column (rows ascending), so each column's sum is one
    // thread's and the order of its terms is fixed.
    let absent = |c: u32| slots.get(c as usize).is_none_or(|&s| s == ABSENT);
    let mut starts = vec![0usize; a.n_cols() + 1];
    for (idx, _) in a.rows() {
        for &c in idx.iter().filter(|&&c| absent(c)) {
            starts[c as usize + 1] += 1;
        }
    }
    for j in 0..a.n_cols() {
        starts[j + 1] += starts[j];
    }
    let mut next = starts.clone();
    let mut entries = vec![(0u32, 0f32); starts[a.n_cols()]];
    for (i, (idx, val)) in a.rows().enumerate() {
        for (&c, &v) in idx.iter().zip(val).filter(|(&c, _)| absent(c)) {
            entries[next[c as usize]] = (i as u32, v);
            next[c as usize] += 1;
        }
    }
    drop(next);
    components
        .par_chunks_mut(d)
        .enumerate()
        .filter(|(c, _)| starts[*c] < starts[*c + 1])
        .for_each(|(c, out)| {
            let mut sum = vec![0.0f64; d];
            for &(r, v) in &entries[starts[c]..starts[c + 1]] {
                let v = f64::from(v);
                sum.iter_mut()
                    .zip(x.row(r as usize))
                    .for_each(|(s, x)| *s += v * x);
            }
            for ((o, s), i) in out.iter_mut().zip(&sum).zip(&inv) {
                *o = (s * i) as f32;
            }
        });
}

/// Adds to each row of `x` (the rows on the sample's terms) the share of its terms whose slot
/// is [`ABSENT`], so `x` becomes every row on all of `components` (`x.cols` wide). Why not
/// project all rows again: the sample's terms are most of every row's entries, and that
/// second pass was a fifth of the projection's time at 100,000 units.
fn add_absent(a: &CsrMatrix, slots: &[u32], components: &[f32], x: &mut Dense) {
    let d = x.cols;
    if d == 0 {
        return;
    }
    let absent = |c: u32| slots.get(c as usize).is_none_or(|&s| s == ABSENT);
    x.data.par_chunks_mut(d).enumerate().for_each(|(i, out)| {
        let (idx, val) = a.row(i);
        for (&c, &v) in idx.iter().zip(val).filter(|(&c, _)| absent(c)) {
            let start = c as usize * d;
            let Some(loadings) = components.get(start..start + d) else {
                continue;
            };
            let v = f64::from(v);
            for (o, &l) in out.iter_mut().zip(loadings) {
                *o += v * f64::from(l);
            }
        }
    });
}

fn densify(rows: &CsrMatrix, n_cols: usize) -> Dense {
    let mut out = Dense::zeros(rows.n_rows(), n_cols);
    for (i, (idx, val)) in rows.rows().enumerate() {
        for (&c, &v) in idx.iter().zip(val) {
            out.data[i * n_cols + c as usize] = f64::from(v);
        }
    }
    out
}

/// Rejects matrices that cannot be clustered: no rows, or no non-zero weight at all.
pub(crate) fn validate_input(matrix: &CsrMatrix) -> Result<(), ClusterError> {
    if matrix.n_rows() == 0 {
        return Err(ClusterError::NoRows);
    }
    check_finite(matrix)?;
    let any = matrix.rows().any(|(_, v)| v.iter().any(|&x| x != 0.0));
    if matrix.n_cols() == 0 || !any {
        return Err(ClusterError::NoTerms {
            n_rows: matrix.n_rows(),
            n_cols: matrix.n_cols(),
        });
    }
    Ok(())
}

fn check_finite(matrix: &CsrMatrix) -> Result<(), ClusterError> {
    match matrix
        .rows()
        .position(|(_, v)| v.iter().any(|x| !x.is_finite()))
    {
        Some(row) => Err(ClusterError::NonFinite { row }),
        None => Ok(()),
    }
}

/// A `rows x cols` matrix of independent standard normals (Box-Muller on seeded Xoshiro256+).
///
/// Generated in parallel by fixed blocks of rows, each with its own generator seeded from
/// `(seed, block)`, so the matrix does not depend on the thread count.
fn gaussian(rows: usize, cols: usize, seed: u64) -> Dense {
    const BLOCK_ROWS: usize = 1024;
    let mut out = Dense::zeros(rows, cols);
    if cols == 0 {
        return out;
    }
    out.data
        .par_chunks_mut(BLOCK_ROWS * cols)
        .enumerate()
        .for_each(|(b, block)| {
            let mut rng = Xoshiro256Plus::seed_from_u64(
                seed ^ (b as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15),
            );
            for pair in block.chunks_mut(2) {
                let u1 = 1.0 - unit(&mut rng); // in (0, 1], so ln is finite
                let u2 = unit(&mut rng);
                let r = (-2.0 * u1.ln()).sqrt();
                let t = std::f64::consts::TAU * u2;
                pair[0] = r * t.cos();
                if let Some(second) = pair.get_mut(1) {
                    *second = r * t.sin();
                }
            }
        });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::fixtures::groups;

    /// 60 x 40 matrix of rank 3: every row mixes three sparse basis rows.
    fn rank3() -> CsrMatrix {
        let basis: [&[(u32, f32)]; 3] = [
            &[(0, 1.0), (5, 2.0), (9, 1.0)],
            &[(1, 1.0), (5, -1.0), (20, 3.0)],
            &[(2, 2.0), (30, 1.0), (39, 1.0)],
        ];
        let rows = (0..60)
            .map(|i| {
                let coef = [(i % 7) as f32 + 1.0, (i % 5) as f32 - 2.0, (i % 3) as f32];
                basis
                    .iter()
                    .zip(coef)
                    .flat_map(|(b, c)| b.iter().map(move |&(t, w)| (t, w * c)))
                    .collect()
            })
            .collect();
        CsrMatrix::from_rows(40, rows)
    }

    fn lsa(dims: usize) -> ProjectionValidParams {
        ProjectionParams::new()
            .dims(dims)
            .method(ProjectionMethod::Lsa)
            .check()
            .unwrap()
    }

    #[test]
    fn lsa_reconstructs_a_low_rank_matrix_and_finds_its_rank() {
        let a = rank3();
        let p = lsa(10).fit(&a).unwrap();
        assert_eq!(p.dims(), 3, "rank-3 input keeps 3 components");
        let v = Dense {
            rows: p.n_cols,
            cols: p.dims,
            data: p.components.iter().map(|&x| f64::from(x)).collect(),
        };
        let scores = sparse_times_dense(&a, &v);
        let mut err = 0.0f64;
        let mut norm = 0.0f64;
        for i in 0..a.n_rows() {
            let mut row = vec![0.0f64; a.n_cols()];
            let (idx, val) = a.row(i);
            idx.iter()
                .zip(val)
                .for_each(|(&c, &w)| row[c as usize] = f64::from(w));
            for (t, &x) in row.iter().enumerate() {
                let rec: f64 = scores.row(i).iter().zip(v.row(t)).map(|(s, l)| s * l).sum();
                err += (rec - x) * (rec - x);
                norm += x * x;
            }
        }
        // Components are stored in f32.
        assert!(
            (err / norm).sqrt() < 1e-6,
            "relative error {}",
            (err / norm).sqrt()
        );
    }

    #[test]
    fn singular_values_are_exact_and_descending() {
        // Diagonal matrix: singular values are the diagonal entries.
        let diag = [5.0f32, 1.0, 4.0, 2.0, 3.0, 0.5];
        let rows = diag
            .iter()
            .enumerate()
            .map(|(i, &d)| vec![(i as u32, d)])
            .collect();
        let p = lsa(4).fit(&CsrMatrix::from_rows(6, rows)).unwrap();
        let want = [5.0, 4.0, 3.0, 2.0];
        assert_eq!(p.singular_values().len(), 4);
        for (s, w) in p.singular_values().iter().zip(want) {
            assert!((s - w).abs() < 1e-9, "{:?}", p.singular_values());
        }
    }

    #[test]
    fn components_are_orthonormal_and_rows_unit() {
        let (m, _) = groups(4, 30, 1);
        let p = lsa(12).fit(&m).unwrap();
        let v = Dense {
            rows: p.n_cols,
            cols: p.dims,
            data: p.components.iter().map(|&x| f64::from(x)).collect(),
        };
        let g = gram(&v).unwrap();
        for a in 0..p.dims {
            for b in 0..p.dims {
                let want = if a == b { 1.0 } else { 0.0 };
                assert!((g.data[a * p.dims + b] - want).abs() < 1e-6);
            }
        }
        let x = p.transform(&m).unwrap();
        for r in x.rows() {
            assert!((r.dot(&r) - 1.0).abs() < 1e-9);
        }
    }

    #[test]
    fn fit_is_identical_for_one_and_two_threads() {
        let (m, _) = groups(3, 200, 4);
        let pool = |n| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .unwrap()
        };
        let a = pool(1).install(|| lsa(20).fit(&m)).unwrap();
        let b = pool(2).install(|| lsa(20).fit(&m)).unwrap();
        assert_eq!(a, b);
        let other_seed = ProjectionParams::new()
            .dims(20)
            .seed(7)
            .method(ProjectionMethod::Lsa);
        let c = other_seed.check().unwrap().fit(&m).unwrap();
        // Another test matrix finds the same dominant (group) directions: the 3 leading
        // singular values agree closely (the tail of this matrix is a flat noise spectrum).
        for (x, y) in a.singular_values().iter().zip(c.singular_values()).take(3) {
            assert!((x - y).abs() < 1e-4 * x);
        }
    }

    #[test]
    fn a_sampled_fit_projects_every_row_and_keeps_the_groups_apart() {
        let (m, truth) = groups(4, 150, 5);
        let params = ProjectionParams::new()
            .dims(8)
            .method(ProjectionMethod::Lsa)
            .fit_sample(60)
            .check()
            .unwrap();
        let p = params.fit(&m).unwrap();
        assert_eq!(p.n_cols(), m.n_cols());
        // Terms no sampled row holds still get loadings, folded in from all rows.
        let mut rng = Xoshiro256Plus::seed_from_u64(42 ^ FIT_SAMPLE_SALT);
        let sampled = sample_indices(m.n_rows(), 60, &mut rng);
        let mut held = vec![false; m.n_cols()];
        sampled
            .iter()
            .flat_map(|&r| m.row(r).0)
            .for_each(|&c| held[c as usize] = true);
        let missed: Vec<usize> = (0..m.n_cols()).filter(|&t| !held[t]).collect();
        assert!(!missed.is_empty(), "the sample misses some terms");
        for t in missed {
            let l = p.term_loadings(t as u32).unwrap();
            assert!(l.iter().any(|&x| x.abs() > 1e-6), "term {t}");
        }
        // The leading (group) directions are close to those of the fit on all rows. The
        // sample's directions hold less of the rows' energy (a power step over all rows would
        // recover it): 7-12% less here, with a tenth of the rows sampled.
        let full = ProjectionParams::new()
            .dims(8)
            .method(ProjectionMethod::Lsa);
        let full = full.check().unwrap().fit(&m).unwrap();
        for (x, y) in p
            .singular_values()
            .iter()
            .zip(full.singular_values())
            .take(4)
        {
            assert!(*x <= y * 1.01 && *x > 0.85 * y, "{x} vs {y}");
        }
        // Every row is projected, and lies nearest the mean of its own group.
        let x = p.transform_dense(&m).unwrap();
        // The fit's own rows are the transform's, up to the order of the sums (the absent
        // terms are added last).
        let (fitted, y) = params.fit_transform(&m).unwrap();
        assert_eq!(fitted, p);
        assert_eq!((y.rows, y.cols), (x.rows, x.cols));
        assert!(x
            .data
            .iter()
            .zip(&y.data)
            .all(|(a, b)| (a - b).abs() < 1e-12));
        let mut means = vec![vec![0.0f64; x.cols]; 4];
        for (r, &g) in truth.iter().enumerate() {
            means[g].iter_mut().zip(x.row(r)).for_each(|(a, b)| *a += b);
        }
        for (r, &g) in truth.iter().enumerate() {
            let row = x.row(r);
            assert!((row.iter().map(|v| v * v).sum::<f64>() - 1.0).abs() < 1e-9);
            let score = |c: &Vec<f64>| c.iter().zip(row).map(|(a, b)| a * b).sum::<f64>();
            let best = (0..4)
                .max_by(|&a, &b| score(&means[a]).total_cmp(&score(&means[b])))
                .unwrap();
            assert_eq!(best, g, "row {r}");
        }
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        assert_eq!(one.install(|| params.fit(&m)).unwrap(), p);
    }

    #[test]
    fn auto_caps_dims_for_small_corpora_and_dense_is_bounded() {
        let p = ProjectionParams::new().check().unwrap();
        assert_eq!(p.resolve(65), (ProjectionMethod::Lsa, 10));
        assert_eq!(p.resolve(6), (ProjectionMethod::Lsa, 2));
        assert_eq!(p.resolve(100_000), (ProjectionMethod::Lsa, 100));
        let (m, _) = groups(2, 10, 1);
        let dense = ProjectionParams::new().method(ProjectionMethod::Dense);
        let fitted = dense.clone().check().unwrap().fit(&m).unwrap();
        assert_eq!(
            (fitted.method(), fitted.dims()),
            (ProjectionMethod::Dense, m.n_cols())
        );
        assert!(fitted.singular_values().is_empty() && fitted.term_loadings(0).is_none());
        let err = dense
            .dense_max_cells(10)
            .check()
            .unwrap()
            .fit(&m)
            .unwrap_err();
        assert!(matches!(
            err,
            ClusterError::DenseTooLarge { max_cells: 10, .. }
        ));
    }

    #[test]
    fn check_rejects_zero_dims_and_too_many_power_iterations() {
        assert_eq!(
            ProjectionParams::new().dims(0).check(),
            Err(ClusterError::ZeroDims)
        );
        assert_eq!(
            ProjectionParams::new()
                .n_power_iter(MAX_POWER_ITER + 1)
                .check(),
            Err(ClusterError::TooManyPowerIterations {
                got: MAX_POWER_ITER + 1,
                max: MAX_POWER_ITER
            })
        );
        assert!(ProjectionParams::new()
            .n_power_iter(0)
            .oversample(0)
            .check()
            .is_ok());
    }

    #[test]
    fn transform_rejects_unknown_columns_and_non_finite_weights() {
        let a = rank3();
        let p = lsa(3).fit(&a).unwrap();
        let wide = CsrMatrix::from_rows(41, vec![vec![(40, 1.0)]]);
        assert!(matches!(
            p.transform(&wide),
            Err(ClusterError::ShapeMismatch {
                expected: 40,
                got: 41,
                ..
            })
        ));
        let nan = CsrMatrix::from_rows(40, vec![vec![(1, 1.0)], vec![(2, f32::INFINITY)]]);
        assert_eq!(
            p.transform(&nan).unwrap_err(),
            ClusterError::NonFinite { row: 1 }
        );
        // A narrower vocabulary (prefix of the fitted one) is accepted; empty rows stay zero.
        let narrow = CsrMatrix::from_rows(10, vec![vec![(0, 1.0)], vec![]]);
        let x = p.transform(&narrow).unwrap();
        assert!((x.row(0).dot(&x.row(0)) - 1.0).abs() < 1e-9);
        assert!(x.row(1).iter().all(|&v| v == 0.0));
    }
}
