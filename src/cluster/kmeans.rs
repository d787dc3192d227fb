//! K-means on the projected unit vectors (k-means++ seeding on seeded Xoshiro256Plus, then
//! Lloyd iterations) and deterministic relabelling: the runs both the k sweep
//! ([`select_k`](super::select_k)) and the final fit ([`fit`](super::fit)) make.
//!
//! The Lloyd iterations are linfa-clustering's algorithm (m_k-means: the old centre counts as
//! one more member when centres are updated; stop when the centres move less than the
//! tolerance or after the iteration cap), written here so the distance kernel can be fast:
//! linfa sums each squared distance in one dependency chain through ndarray's generic
//! iterators, which made its assignment step most of the k-means time (14% of a whole
//! 100,000-unit report). Sums are split over fixed lanes and fixed row chunks, so the result
//! does not depend on the thread count.

use rand_xoshiro::rand_core::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;
use rayon::prelude::*;

use super::errors::ClusterError;
use super::init::{kmeans_plusplus, sample_rows};
use super::linalg::Dense;

/// K-means settings shared by the k sweep and the final fit.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct KMeansSettings {
    pub seed: u64,
    pub n_runs: usize,
    pub max_n_iterations: u64,
    pub tolerance: f64,
    /// Above this many rows the restarts run on a seeded sample of this size.
    pub fit_sample: usize,
}

/// Lloyd iterations on all rows after fitting on a sample (each costs one pass over the data).
/// Few are needed because the spherical k-means in TF-IDF space that follows moves rows until
/// they settle: on a planted 100,000-row, 50-topic matrix (`examples/bench_cluster.rs`) purity
/// is 0.922 with 3 or 10 iterations, and 3 save 1.2 s of a 100,000-unit report.
const REFINE_ITERATIONS: u64 = 3;

/// Mixed into the seed for the fitting sample, so it is independent of the other draws.
const FIT_SAMPLE_SALT: u64 = 0xF17_5A3F_1E00_0002;

/// Rows per partial sum of the centre update (at least; see [`chunk_rows`]).
const CHUNK_ROWS: usize = 4096;

/// Runs k-means and returns relabelled assignments plus the number of non-empty clusters.
///
/// `n_runs` restarts from k-means++ seeds ([`kmeans_plusplus`]) each run Lloyd iterations;
/// the run of least inertia wins (ties: earliest). Above `fit_sample` rows the restarts use a
/// seeded sample (of at least 20 rows per cluster), and the winner is refined on all rows
/// with at most [`REFINE_ITERATIONS`] iterations before every row is assigned.
pub(crate) fn run_kmeans(
    x: &Dense,
    k: usize,
    s: &KMeansSettings,
) -> Result<(Vec<usize>, usize), ClusterError> {
    if k == 0 || x.rows == 0 {
        return Err(numeric("no cluster or no row to fit"));
    }
    let mut rng = Xoshiro256Plus::seed_from_u64(s.seed);
    let sample;
    // The sample keeps at least 20 rows per cluster so large k is not starved of rows.
    let sample_size = s.fit_sample.max(k.saturating_mul(20));
    let fit_set = if x.rows > sample_size {
        let mut sample_rng = Xoshiro256Plus::seed_from_u64(s.seed ^ FIT_SAMPLE_SALT);
        sample = sample_rows(x, sample_size, &mut sample_rng);
        &sample
    } else {
        x
    };
    let mut best: Option<Fitted> = None;
    for _ in 0..s.n_runs {
        let init = kmeans_plusplus(fit_set, k, &mut rng);
        let model = lloyd(fit_set, init, s.max_n_iterations, s.tolerance);
        if best.as_ref().is_none_or(|b| model.inertia < b.inertia) {
            best = Some(model);
        }
    }
    let mut model = best.ok_or(ClusterError::ZeroRuns)?;
    if !std::ptr::eq(fit_set, x) {
        model = lloyd(
            x,
            model.centres,
            REFINE_ITERATIONS.min(s.max_n_iterations),
            s.tolerance,
        );
    }
    let mut raw = vec![0usize; x.rows];
    let mut dists = vec![0f64; x.rows];
    assign(x, &model.centres, &mut raw, &mut dists);
    let (labels, order) = relabel(&raw, k);
    Ok((labels, order.len()))
}

/// Centres after Lloyd iterations, and the inertia (sum of squared distances to the nearest
/// centre before the last update, as linfa reports it).
struct Fitted {
    centres: Dense,
    inertia: f64,
}

fn lloyd(x: &Dense, init: Dense, max_n_iterations: u64, tolerance: f64) -> Fitted {
    let mut centres = init;
    let mut labels = vec![0usize; x.rows];
    let mut dists = vec![0f64; x.rows];
    let mut n_iter = 0u64;
    loop {
        assign(x, &centres, &mut labels, &mut dists);
        let next = update(x, &labels, &centres);
        let shift = centres
            .data
            .iter()
            .zip(&next.data)
            .map(|(a, b)| (a - b) * (a - b))
            .sum::<f64>()
            .sqrt();
        centres = next;
        n_iter += 1;
        if shift < tolerance || n_iter >= max_n_iterations {
            let inertia = dists.iter().sum();
            return Fitted { centres, inertia };
        }
    }
}

/// Each row's nearest centre (ties: the first) and its squared distance to it.
fn assign(x: &Dense, centres: &Dense, labels: &mut [usize], dists: &mut [f64]) {
    let w = x.cols.max(1);
    labels
        .par_iter_mut()
        .zip(dists.par_iter_mut())
        .zip(x.data.par_chunks(w))
        .for_each(|((label, dist), row)| {
            let mut best = (0usize, f64::INFINITY);
            for (c, centre) in centres.data.chunks(w).enumerate() {
                let d = sq_dist(row, centre);
                if d < best.1 {
                    best = (c, d);
                }
            }
            *label = best.0;
            *dist = best.1;
        });
}

/// Squared Euclidean distance, summed in eight fixed lanes (so the compiler can keep them in
/// vector registers) and then in a fixed order.
fn sq_dist(a: &[f64], b: &[f64]) -> f64 {
    const LANES: usize = 8;
    let mut acc = [0f64; LANES];
    let (ca, cb) = (a.chunks_exact(LANES), b.chunks_exact(LANES));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for l in 0..LANES {
            let d = x[l] - y[l];
            acc[l] += d * d;
        }
    }
    let mut tail = 0f64;
    for (x, y) in ra.iter().zip(rb) {
        tail += (x - y) * (x - y);
    }
    ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7])) + tail
}

/// Rows per partial sum: at least [`CHUNK_ROWS`], and at most 64 chunks, so the partial
/// centre tables stay small when k is large; depends only on `n`.
fn chunk_rows(n: usize) -> usize {
    CHUNK_ROWS.max(n.div_ceil(64))
}

/// New centres: the mean of each centre's members with the old centre counted as one more
/// member (so an empty cluster keeps its centre).
fn update(x: &Dense, labels: &[usize], old: &Dense) -> Dense {
    let (k, w) = (old.rows, x.cols);
    let chunk = chunk_rows(x.rows);
    let partials: Vec<(Vec<f64>, Vec<usize>)> = x
        .data
        .par_chunks((chunk * w).max(1))
        .zip(labels.par_chunks(chunk))
        .map(|(rows, labels)| {
            let mut sums = vec![0f64; k * w];
            let mut counts = vec![0usize; k];
            for (row, &l) in rows.chunks(w.max(1)).zip(labels) {
                counts[l] += 1;
                sums[l * w..(l + 1) * w]
                    .iter_mut()
                    .zip(row)
                    .for_each(|(s, v)| *s += v);
            }
            (sums, counts)
        })
        .collect();
    let mut sums = vec![0f64; k * w];
    let mut counts = vec![1usize; k];
    for (s, c) in partials {
        sums.iter_mut().zip(&s).for_each(|(a, b)| *a += b);
        counts.iter_mut().zip(&c).for_each(|(a, b)| *a += b);
    }
    sums.iter_mut().zip(&old.data).for_each(|(a, b)| *a += b);
    for (centre, &n) in sums.chunks_mut(w.max(1)).zip(&counts) {
        let n = n as f64;
        centre.iter_mut().for_each(|v| *v /= n);
    }
    Dense {
        rows: k,
        cols: w,
        data: sums,
    }
}

fn numeric(e: impl std::fmt::Display) -> ClusterError {
    ClusterError::Numeric {
        stage: "k-means",
        message: e.to_string(),
    }
}

/// Renumbers clusters by size descending, then smallest member row, dropping empty ones;
/// also returns the old id of each new one.
pub(crate) fn relabel(raw: &[usize], k: usize) -> (Vec<usize>, Vec<usize>) {
    let mut size = vec![0usize; k];
    let mut first = vec![usize::MAX; k];
    for (row, &c) in raw.iter().enumerate() {
        size[c] += 1;
        first[c] = first[c].min(row);
    }
    let mut order: Vec<usize> = (0..k).filter(|&c| size[c] > 0).collect();
    order.sort_by(|&a, &b| size[b].cmp(&size[a]).then(first[a].cmp(&first[b])));
    let mut new_id = vec![0usize; k];
    for (new, &old) in order.iter().enumerate() {
        new_id[old] = new;
    }
    (raw.iter().map(|&c| new_id[c]).collect(), order)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` rows around each of three far-apart centres, slightly jittered.
    fn three_blobs(n: usize) -> (Dense, Vec<usize>) {
        let centres = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
        let mut data = Vec::new();
        let mut truth = Vec::new();
        for i in 0..3 * n {
            let g = i % 3;
            let jitter = ((i * 7919) % 101) as f64 / 1000.0;
            data.extend(centres[g].iter().map(|v| v + jitter));
            truth.push(g);
        }
        let x = Dense {
            rows: 3 * n,
            cols: 3,
            data,
        };
        (x, truth)
    }

    fn settings(n_runs: usize, fit_sample: usize) -> KMeansSettings {
        KMeansSettings {
            seed: 42,
            n_runs,
            max_n_iterations: 50,
            tolerance: 1e-4,
            fit_sample,
        }
    }

    #[test]
    fn lane_sums_equal_the_plain_sum_of_squares() {
        let a: Vec<f64> = (0..21).map(|i| (i as f64).sin()).collect();
        let b: Vec<f64> = (0..21).map(|i| (i as f64 * 0.5).cos()).collect();
        let plain: f64 = a.iter().zip(&b).map(|(x, y)| (x - y) * (x - y)).sum();
        assert!((sq_dist(&a, &b) - plain).abs() < 1e-12);
        assert_eq!(sq_dist(&a, &a), 0.0);
    }

    #[test]
    fn finds_planted_groups_whatever_the_thread_count() {
        let (x, truth) = three_blobs(200);
        for fit_sample in [10_000, 150] {
            let pool = |n| {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .build()
                    .unwrap()
            };
            let s = settings(3, fit_sample);
            let (one, k) = pool(1).install(|| run_kmeans(&x, 3, &s)).unwrap();
            let (two, _) = pool(2).install(|| run_kmeans(&x, 3, &s)).unwrap();
            assert_eq!(k, 3);
            assert_eq!(one, two);
            // Each planted group is one cluster (labels are renumbered, so compare pairs).
            for step in [1, 3] {
                for (a, b) in truth
                    .iter()
                    .zip(&one)
                    .zip(truth.iter().zip(&one).skip(step))
                {
                    assert_eq!(a.0 == b.0, a.1 == b.1);
                }
            }
        }
    }

    #[test]
    fn an_empty_cluster_keeps_its_centre() {
        let (x, _) = three_blobs(5);
        let far = Dense {
            rows: 2,
            cols: 3,
            data: vec![1.0, 0.0, 0.0, 50.0, 50.0, 50.0],
        };
        let labels = vec![0usize; x.rows];
        let next = update(&x, &labels, &far);
        assert_eq!(&next.data[3..], &[50.0, 50.0, 50.0]);
        assert!(run_kmeans(&x, 0, &settings(1, 100)).is_err());
    }
}
