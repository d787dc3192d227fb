//! A deterministic 2-D map of clustered TF-IDF rows, for reports that draw the units.
//!
//! The axes are the top two eigenvectors of `S_B + α·S_T` (between-cluster scatter plus a
//! little total scatter) of the l2-normalised rows: a linear projection of the real vectors
//! that spreads the clusters apart, and still has two axes when there are only one or two
//! clusters. Both products with the scatter matrices reduce to `Xᵀ w` for a per-row weight
//! `w`, so the sparse matrix is never centred or densified: memory is `O(n_rows + n_cols)`.
//! Above 40,000 rows (`FIT_ROWS`) the axes are fitted on an evenly spaced subset of the
//! rows, so the iteration costs the same at any size. Block power iteration from a fixed
//! start vector, summed sequentially, keeps the map byte-identical across runs and thread
//! counts.

use crate::vectorize::CsrMatrix;

/// Most power iterations: enough for a stable picture; the map does not need exact
/// eigenvectors.
const ITERATIONS: usize = 50;
/// The iteration stops once neither axis moves by more than this (the Euclidean length of
/// its change; both are unit vectors): positions then move by under a thousandth of the
/// map's spread per iteration, which no picture shows. 100,000 generated units get there
/// in about 20 iterations, the seeds in about 26.
const SETTLED: f64 = 1e-3;
/// Rows the axes are fitted on at most: every `⌈n / FIT_ROWS⌉`-th row. The axes of a picture
/// need no more, and the power iteration's passes then cost the same at any size; all rows
/// are projected once at the end. (Without it the stage grew ×26 from 100,000 units to
/// 1,000,000: more passes to settle over a larger vocabulary.)
const FIT_ROWS: usize = 40_000;
/// Weight of the total scatter next to the between-cluster scatter.
const TOTAL_WEIGHT: f64 = 0.1;
/// Below this norm an axis is taken to be degenerate (all rows alike along it).
const DEGENERATE: f64 = 1e-12;

/// The 2-D position of every row of `matrix`. `assignment[r]` is the cluster of row `r`
/// (`< k`). Rows with identical vectors get identical positions; a degenerate axis is all 0.
pub fn map_2d(matrix: &CsrMatrix, assignment: &[usize], k: usize) -> Vec<(f32, f32)> {
    map_fitted_on(matrix, assignment, k, FIT_ROWS)
}

/// [`map_2d`] with the axes fitted on at most `fit_rows` rows.
fn map_fitted_on(
    matrix: &CsrMatrix,
    assignment: &[usize],
    k: usize,
    fit_rows: usize,
) -> Vec<(f32, f32)> {
    let n = matrix.n_rows();
    let d = matrix.n_cols();
    if n == 0 || d == 0 || assignment.len() != n {
        return vec![(0.0, 0.0); n];
    }
    let step = n.div_ceil(fit_rows.max(1));
    let sample;
    let (fit, fit_assignment) = if step > 1 {
        let rows = (0..n).step_by(step);
        sample = (
            CsrMatrix::from_rows(
                d,
                rows.clone()
                    .map(|r| {
                        let (cols, vals) = matrix.row(r);
                        cols.iter().copied().zip(vals.iter().copied()).collect()
                    })
                    .collect(),
            ),
            rows.map(|r| assignment[r]).collect::<Vec<usize>>(),
        );
        (&sample.0, sample.1.as_slice())
    } else {
        (matrix, assignment)
    };
    let mut axes = [start_vector(d, 1), start_vector(d, 2)];
    orthonormalise(&mut axes);
    for _ in 0..ITERATIONS {
        let mut next = [
            scatter_times(fit, fit_assignment, k, &axes[0]),
            scatter_times(fit, fit_assignment, k, &axes[1]),
        ];
        orthonormalise(&mut next);
        let settled = next.iter().zip(&axes).all(|(n, a)| {
            let moved: f64 = n.iter().zip(a).map(|(x, y)| (x - y) * (x - y)).sum();
            moved.sqrt() < SETTLED
        });
        axes = next;
        if settled {
            break;
        }
    }
    let xs = centred(&times(matrix, &axes[0]));
    let ys = centred(&times(matrix, &axes[1]));
    let (sx, sy) = (skew_sign(&xs), skew_sign(&ys));
    xs.iter()
        .zip(&ys)
        .map(|(x, y)| ((sx * x) as f32, (sy * y) as f32))
        .collect()
}

/// `(S_B + α S_T) v` as `Xᵀ w` with `w_r = a_{c(r)} + α (p_r - m)`, where `p = X v`,
/// `m = mean(p)` and `a_c = mean_{r∈c}(p_r) - m` (the centring terms cancel because the
/// weights sum to zero).
fn scatter_times(matrix: &CsrMatrix, assignment: &[usize], k: usize, v: &[f64]) -> Vec<f64> {
    let p = times(matrix, v);
    let m = p.iter().sum::<f64>() / p.len() as f64;
    let mut sums = vec![0.0; k];
    let mut counts = vec![0usize; k];
    for (&c, &pr) in assignment.iter().zip(&p) {
        if c < k {
            sums[c] += pr;
            counts[c] += 1;
        }
    }
    let a: Vec<f64> = sums
        .iter()
        .zip(&counts)
        .map(|(s, &n)| if n == 0 { 0.0 } else { s / n as f64 - m })
        .collect();
    let w: Vec<f64> = assignment
        .iter()
        .zip(&p)
        .map(|(&c, &pr)| a.get(c).copied().unwrap_or(0.0) + TOTAL_WEIGHT * (pr - m))
        .collect();
    transposed_times(matrix, &w)
}

fn times(matrix: &CsrMatrix, v: &[f64]) -> Vec<f64> {
    matrix
        .rows()
        .map(|(cols, vals)| {
            cols.iter()
                .zip(vals)
                .map(|(&c, &x)| f64::from(x) * v[c as usize])
                .sum()
        })
        .collect()
}

fn transposed_times(matrix: &CsrMatrix, w: &[f64]) -> Vec<f64> {
    let mut out = vec![0.0; matrix.n_cols()];
    for ((cols, vals), &wr) in matrix.rows().zip(w) {
        for (&c, &x) in cols.iter().zip(vals) {
            out[c as usize] += f64::from(x) * wr;
        }
    }
    out
}

/// Gram-Schmidt; an axis that collapses is zeroed so it maps every row to 0.
fn orthonormalise(axes: &mut [Vec<f64>; 2]) {
    normalise(&mut axes[0]);
    let dot: f64 = axes[0].iter().zip(&axes[1]).map(|(a, b)| a * b).sum();
    let [first, second] = axes;
    for (s, f) in second.iter_mut().zip(first.iter()) {
        *s -= dot * f;
    }
    normalise(&mut axes[1]);
}

fn normalise(v: &mut [f64]) {
    let norm = v.iter().map(|x| x * x).sum::<f64>().sqrt();
    let scale = if norm > DEGENERATE { 1.0 / norm } else { 0.0 };
    v.iter_mut().for_each(|x| *x *= scale);
}

fn centred(p: &[f64]) -> Vec<f64> {
    let m = p.iter().sum::<f64>() / p.len().max(1) as f64;
    p.iter().map(|x| x - m).collect()
}

/// The sign that makes the long tail of an axis point right/down, so that an eigenvector's
/// arbitrary sign does not flip the picture when the corpus changes a little.
fn skew_sign(p: &[f64]) -> f64 {
    if p.iter().map(|x| x * x * x).sum::<f64>() < 0.0 {
        -1.0
    } else {
        1.0
    }
}

/// A fixed pseudo-random start vector (splitmix64 of the column index), so the iteration is
/// reproducible without a random generator and unlikely to be orthogonal to any eigenvector.
fn start_vector(d: usize, salt: u64) -> Vec<f64> {
    (0..d as u64)
        .map(|i| {
            let mut z = i
                .wrapping_mul(2)
                .wrapping_add(salt)
                .wrapping_mul(0x9E37_79B9_7F4A_7C15);
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            (z >> 11) as f64 / (1u64 << 53) as f64 - 0.5
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dist(a: (f32, f32), b: (f32, f32)) -> f32 {
        ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
    }

    /// Three groups of rows on disjoint vocabularies: members of a group land closer to each
    /// other than to any member of another group, and identical rows coincide.
    #[test]
    fn clusters_are_separated_and_duplicates_coincide() {
        let (m, assignment) = three_clusters(1);
        let xy = map_2d(&m, &assignment, 3);
        assert_separated(&xy, &assignment);
        assert_eq!(xy, map_2d(&m, &assignment, 3), "deterministic");
    }

    #[test]
    fn axes_fitted_on_every_few_rows_still_place_every_row() {
        // Four copies of the rows, axes fitted on every third: the rows left out of the fit
        // (the copies among them) are still projected, and still fall with their cluster.
        let (m, assignment) = three_clusters(4);
        let xy = map_fitted_on(&m, &assignment, 3, m.n_rows() / 3);
        assert_eq!(xy.len(), m.n_rows());
        assert_separated(&xy, &assignment);
        for copy in 1..4 {
            assert!(dist(xy[0], xy[7 * copy]) < 1e-6, "{xy:?}");
        }
    }

    /// Seven rows in three clusters (rows 0 and 2 identical), `copies` times over.
    fn three_clusters(copies: usize) -> (CsrMatrix, Vec<usize>) {
        let row = |cols: &[u32]| -> Vec<(u32, f32)> {
            let w = 1.0 / (cols.len() as f32).sqrt();
            cols.iter().map(|&c| (c, w)).collect()
        };
        let rows = [
            row(&[0, 1]),
            row(&[0, 1, 2]),
            row(&[0, 1]),
            row(&[3, 4]),
            row(&[3, 4, 5]),
            row(&[6, 7]),
            row(&[6, 7, 8]),
        ];
        let assignment = [0, 0, 0, 1, 1, 2, 2];
        (
            CsrMatrix::from_rows(9, rows.iter().cycle().take(7 * copies).cloned().collect()),
            assignment
                .iter()
                .cycle()
                .take(7 * copies)
                .copied()
                .collect(),
        )
    }

    /// Identical rows coincide, and every row is nearer each row of its cluster than any row
    /// of another.
    fn assert_separated(xy: &[(f32, f32)], assignment: &[usize]) {
        let n = xy.len();
        assert!(dist(xy[0], xy[2]) < 1e-6);
        for i in 0..n {
            for j in 0..n {
                for l in 0..n {
                    let same = assignment[i] == assignment[j];
                    if same && assignment[i] != assignment[l] {
                        assert!(
                            dist(xy[i], xy[j]) < dist(xy[i], xy[l]),
                            "{i} {j} {l}: {xy:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn one_cluster_still_spreads_and_empty_input_is_fine() {
        let rows = vec![vec![(0, 1.0)], vec![(1, 1.0)], vec![(2, 1.0)]];
        let m = CsrMatrix::from_rows(3, rows);
        let xy = map_2d(&m, &[0, 0, 0], 1);
        assert!(
            dist(xy[0], xy[1]) > 0.1 && dist(xy[1], xy[2]) > 0.1,
            "{xy:?}"
        );
        let empty = CsrMatrix::from_rows(0, Vec::new());
        assert!(map_2d(&empty, &[], 0).is_empty());
    }
}
