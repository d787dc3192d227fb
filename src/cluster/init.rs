//! k-means++ seeding (Arthur & Vassilvitskii 2007: each next centre drawn with probability
//! proportional to the squared distance to the nearest centre chosen so far).
//!
//! linfa's `KMeansInit::KMeansPlusPlus` recomputes every row's distance to all chosen centres
//! at each step (O(n k^2 d): 0.9 s for 20,000 rows and k = 50 here); keeping a running minimum
//! makes it O(n k d). The result is handed to linfa as `KMeansInit::Precomputed`.

use rand_xoshiro::rand_core::RngCore;
use rand_xoshiro::Xoshiro256Plus;
use rayon::prelude::*;

use super::linalg::Dense;

/// Picks `k` seed rows of `x` (returned as a `k x dims` matrix). If every remaining row
/// coincides with a chosen centre, row 0 is repeated: the duplicate becomes an empty cluster,
/// which the caller drops.
pub(crate) fn kmeans_plusplus(x: &Dense, k: usize, rng: &mut Xoshiro256Plus) -> Dense {
    let n = x.rows;
    let mut centres = Dense::zeros(k, x.cols);
    if n == 0 || k == 0 {
        return centres;
    }
    let pick = |i: usize, c: usize, centres: &mut Dense| {
        centres.data[c * x.cols..(c + 1) * x.cols].copy_from_slice(x.row(i));
    };
    pick(below(rng, n), 0, &mut centres);
    let mut min_d2 = vec![f64::INFINITY; n];
    for c in 1..k {
        let last = centres.row(c - 1).to_vec();
        min_d2.par_iter_mut().enumerate().for_each(|(i, m)| {
            let d: f64 = x
                .row(i)
                .iter()
                .zip(&last)
                .map(|(a, b)| (a - b) * (a - b))
                .sum();
            *m = m.min(d);
        });
        // Sequential sum and scan: the draw must not depend on the thread count.
        let total: f64 = min_d2.iter().sum();
        let chosen = if total > 0.0 {
            let target = unit(rng) * total;
            let mut acc = 0.0;
            let mut chosen = n - 1;
            for (i, &d) in min_d2.iter().enumerate() {
                acc += d;
                if acc > target && d > 0.0 {
                    chosen = i;
                    break;
                }
            }
            chosen
        } else {
            0
        };
        pick(chosen, c, &mut centres);
    }
    centres
}

/// Uniform in [0, 1) from the top 53 bits (Xoshiro256+'s low bits are weak).
pub(crate) fn unit(rng: &mut Xoshiro256Plus) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Uniform in `0..n` by multiply-shift on the full 64-bit output.
pub(crate) fn below(rng: &mut Xoshiro256Plus, n: usize) -> usize {
    ((u128::from(rng.next_u64()) * n as u128) >> 64) as usize
}

/// A seeded sample of `m` distinct indices of `0..n` (all of them when `m >= n`), ascending.
pub(crate) fn sample_indices(n: usize, m: usize, rng: &mut Xoshiro256Plus) -> Vec<usize> {
    let m = m.min(n);
    let mut idx: Vec<usize> = (0..n).collect();
    for i in 0..m {
        let r = below(rng, n - i);
        idx.swap(i, i + r);
    }
    idx.truncate(m);
    idx.sort_unstable();
    idx
}

/// A seeded sample of `m` distinct rows of `x`, kept in ascending row order.
pub(crate) fn sample_rows(x: &Dense, m: usize, rng: &mut Xoshiro256Plus) -> Dense {
    let chosen = sample_indices(x.rows, m, rng);
    let mut out = Dense::zeros(chosen.len(), x.cols);
    for (o, &i) in chosen.iter().enumerate() {
        out.data[o * x.cols..(o + 1) * x.cols].copy_from_slice(x.row(i));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_xoshiro::rand_core::SeedableRng;

    #[test]
    fn seeds_land_in_distinct_far_apart_groups() {
        // Three tight groups far apart: D^2 sampling all but forces one seed per group.
        let mut data = Vec::new();
        for g in 0..3 {
            for i in 0..20 {
                data.extend([g as f64 * 100.0 + i as f64 * 0.01, 0.0]);
            }
        }
        let x = Dense {
            rows: 60,
            cols: 2,
            data,
        };
        let c = kmeans_plusplus(&x, 3, &mut Xoshiro256Plus::seed_from_u64(3));
        let mut groups: Vec<i64> = (0..3)
            .map(|r| (c.row(r)[0] / 100.0).round() as i64)
            .collect();
        groups.sort_unstable();
        assert_eq!(groups, vec![0, 1, 2]);
    }

    #[test]
    fn sample_is_sorted_distinct_and_sized() {
        let x = Dense {
            rows: 50,
            cols: 1,
            data: (0..50).map(f64::from).collect(),
        };
        let s = sample_rows(&x, 20, &mut Xoshiro256Plus::seed_from_u64(1));
        assert_eq!(s.rows, 20);
        assert!(s.data.windows(2).all(|w| w[0] < w[1]));
    }
}
