//! Scale check: projection + k-means (k = 50) on a synthetic 100,000 x 50,000 sparse matrix with
//! ~30 non-zeros per row. Run with
//! `/usr/bin/time -v cargo run --release --example bench_cluster [rows] [cols] [k] [n_runs]
//! [skip_projection] [power_iterations] [k_max]`; `k` 0 chooses k, over `2..=k_max` when
//! `k_max` is given (the range of a corpus of 2 k_max² units, so the automatic-k search of a
//! 1,000,000-unit report can be timed on fewer rows: its sample does not grow past 8,000).

use std::time::Instant;

use rand_xoshiro::rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256Plus;
use xietong::cluster::{ClusterParams, ProjectionParams};
use xietong::vectorize::CsrMatrix;

fn arg(i: usize, default: usize) -> usize {
    std::env::args()
        .nth(i)
        .and_then(|a| a.parse().ok())
        .unwrap_or(default)
}

/// Rows drawn from 50 latent topics: 20 terms from the topic's 1,000-term slice, 10 anywhere.
fn synthetic(n_rows: usize, n_cols: usize, seed: u64) -> (CsrMatrix, Vec<usize>) {
    let mut rng = Xoshiro256Plus::seed_from_u64(seed);
    let mut below = |n: usize| ((u128::from(rng.next_u64()) * n as u128) >> 64) as usize;
    let topics = 50;
    let slice = (n_cols / topics).max(1);
    let mut truth = Vec::with_capacity(n_rows);
    let rows = (0..n_rows)
        .map(|_| {
            let t = below(topics);
            truth.push(t);
            let mut row: Vec<(u32, f32)> = Vec::with_capacity(30);
            for _ in 0..20 {
                row.push(((t * slice + below(slice)) as u32, 1.0));
            }
            for _ in 0..10 {
                row.push((below(n_cols) as u32, 1.0));
            }
            let norm = (row.len() as f32).sqrt();
            row.iter_mut().for_each(|e| e.1 /= norm);
            row
        })
        .collect();
    (CsrMatrix::from_rows(n_cols, rows), truth)
}

/// Purity: share of rows whose cluster's majority topic is their own topic.
fn purity(labels: &[usize], truth: &[usize], k: usize) -> f64 {
    let mut counts = vec![std::collections::HashMap::<usize, usize>::new(); k];
    for (&l, &t) in labels.iter().zip(truth) {
        *counts[l].entry(t).or_default() += 1;
    }
    let majority: usize = counts
        .iter()
        .map(|c| c.values().copied().max().unwrap_or(0))
        .sum();
    majority as f64 / labels.len() as f64
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (n_rows, n_cols, k, n_runs) = (arg(1, 100_000), arg(2, 50_000), arg(3, 50), arg(4, 10));
    let t = Instant::now();
    let (m, truth) = synthetic(n_rows, n_cols, 7);
    println!(
        "matrix {} x {}, nnz {}: {:.2?}",
        m.n_rows(),
        m.n_cols(),
        m.nnz(),
        t.elapsed()
    );

    // A fifth argument of 1 skips this standalone projection (to measure the fit's own peak).
    if arg(5, 0) != 1 {
        let t = Instant::now();
        let proj = ProjectionParams::new().dims(100).check()?.fit(&m)?;
        let x = proj.transform(&m)?;
        println!(
            "projection to {} dims (fit + transform): {:.2?}",
            x.ncols(),
            t.elapsed()
        );
    }

    let t = Instant::now();
    // k = 0 on the command line: choose k by silhouette.
    let k = (k > 0).then_some(k);
    // A sixth argument sets the LSA power iterations (default 2).
    let k_max = (arg(7, 0) > 0).then(|| arg(7, 0));
    let model = ClusterParams::new()
        .k(k)
        .k_range(2, k_max)
        .n_runs(n_runs)
        .projection(ProjectionParams::new().dims(100).n_power_iter(arg(6, 2)))
        .check()?
        .fit_timed(&m)?;
    let (model, timings) = model;
    println!("stages: {timings:?}");
    if let Some(choice) = &model.k_choice {
        println!(
            "k search: {:?} over {}..={} on {} rows, coarse grid {} points, chose {}",
            choice.search,
            choice.k_min,
            choice.k_max,
            choice.rows,
            choice.coarse.len(),
            choice.k
        );
    }
    println!(
        "full fit (projection + k-means k={k:?}, n_runs={n_runs}): {:.2?}; k found {}, \
         largest {}, smallest {}, purity vs planted topics {:.3}",
        t.elapsed(),
        model.k,
        model.sizes.first().copied().unwrap_or(0),
        model.sizes.last().copied().unwrap_or(0),
        purity(&model.labels(), &truth, model.k + 1)
    );
    Ok(())
}
