//! The Euclidean distance linfa's k-means measures with ([`LaneL2`]): the same metric as
//! `linfa_nn`'s `L2Dist`, summed so the compiler can keep several sums in flight.

use linfa_nn::distance::Distance;
use ndarray::{ArrayView, Dimension};

/// Independent partial sums per distance. `L2Dist` folds every coordinate into one sum, so
/// each addition waits for the one before it; with eight sums the additions overlap (and
/// fill the vector registers). It was 13% of a 100,000-unit report's samples in `perf`.
const LANES: usize = 8;

/// Squared Euclidean distance between two equally long slices, in a fixed summation order
/// (so results never depend on threads or layout).
pub(crate) fn squared_distance(a: &[f64], b: &[f64]) -> f64 {
    let mut sums = [0.0f64; LANES];
    let (a_blocks, b_blocks) = (a.chunks_exact(LANES), b.chunks_exact(LANES));
    let (a_tail, b_tail) = (a_blocks.remainder(), b_blocks.remainder());
    for (x, y) in a_blocks.zip(b_blocks) {
        for l in 0..LANES {
            let d = x[l] - y[l];
            sums[l] += d * d;
        }
    }
    for (l, (x, y)) in a_tail.iter().zip(b_tail).enumerate() {
        let d = x - y;
        sums[l] += d * d;
    }
    // Pairwise, in a fixed order.
    let quad = [
        sums[0] + sums[4],
        sums[1] + sums[5],
        sums[2] + sums[6],
        sums[3] + sums[7],
    ];
    (quad[0] + quad[2]) + (quad[1] + quad[3])
}

/// Euclidean distance for linfa's k-means over the projected rows (which are contiguous),
/// ranked by its square as `L2Dist` ranks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LaneL2;

impl Distance<f64> for LaneL2 {
    fn distance<D: Dimension>(&self, a: ArrayView<f64, D>, b: ArrayView<f64, D>) -> f64 {
        self.rdistance(a, b).sqrt()
    }

    fn rdistance<D: Dimension>(&self, a: ArrayView<f64, D>, b: ArrayView<f64, D>) -> f64 {
        match (a.as_slice(), b.as_slice()) {
            (Some(x), Some(y)) if x.len() == y.len() => squared_distance(x, y),
            // Views of a strided layout: same metric, element by element.
            _ => a.iter().zip(b.iter()).map(|(x, y)| (x - y) * (x - y)).sum(),
        }
    }

    fn rdist_to_dist(&self, rdist: f64) -> f64 {
        rdist.sqrt()
    }

    fn dist_to_rdist(&self, dist: f64) -> f64 {
        dist * dist
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use linfa_nn::distance::L2Dist;
    use ndarray::{s, Array2};

    #[test]
    fn it_measures_what_linfas_l2_measures() {
        // 13 columns: one full block of eight and a tail of five.
        let m = Array2::from_shape_fn((3, 13), |(i, j)| {
            ((i * 31 + j * 7) % 11) as f64 * 0.37 - 1.1
        });
        for (i, j) in [(0, 1), (1, 2), (0, 2), (2, 2)] {
            let (a, b) = (m.row(i), m.row(j));
            let ours = LaneL2.rdistance(a, b);
            let theirs = L2Dist.rdistance(a, b);
            assert!(
                (ours - theirs).abs() <= 1e-12 * theirs.max(1.0),
                "{ours} {theirs}"
            );
            assert!((LaneL2.distance(a, b) - L2Dist.distance(a, b)).abs() < 1e-12);
        }
        assert_eq!(LaneL2.rdistance(m.row(1), m.row(1)), 0.0);
        // A strided view (a column) takes the element-by-element path.
        let col = m.slice(s![.., 3]);
        let other = m.slice(s![.., 4]);
        let theirs = L2Dist.rdistance(col, other);
        assert!((LaneL2.rdistance(col, other) - theirs).abs() < 1e-12);
    }

    #[test]
    fn short_vectors_use_only_the_tail() {
        assert_eq!(squared_distance(&[1.0, 2.0], &[4.0, 6.0]), 25.0);
        assert_eq!(squared_distance(&[], &[]), 0.0);
    }
}
