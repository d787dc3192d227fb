//! Recall of the pruned neighbour search against the exact one, and the time of each:
//! `cargo run --release --example recall -- DIR` (a folder of documents, e.g. one written by
//! `gen_corpus`). Prints recall@5 (share of the exact top 5 that the pruned search also finds).

use std::time::Instant;

use xietong::corpus::Corpus;
use xietong::engine::{self, Settings};
use xietong::similarity::{neighbors, NeighborParams};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).ok_or("usage: recall DIR")?;
    let corpus = Corpus::load(&[dir], &Default::default())?;
    let v = engine::vectorize(&corpus, &Settings::default())?;
    let run = |limit: usize| -> Result<_, Box<dyn std::error::Error>> {
        let p = NeighborParams::new().top_n(5).exact_limit(limit).check()?;
        let start = Instant::now();
        let found = neighbors(&v.matrix, &v.groups, &p)?;
        Ok((found, start.elapsed().as_secs_f64()))
    };
    let (exact, t_exact) = run(usize::MAX)?;
    let (pruned, t_pruned) = run(0)?;
    let (mut hit, mut total) = (0usize, 0usize);
    for (e, a) in exact.iter().zip(&pruned) {
        total += e.len();
        hit += e
            .iter()
            .filter(|x| a.iter().any(|y| y.row == x.row))
            .count();
    }
    println!(
        "{} rows: exact {t_exact:.2} s, pruned {t_pruned:.2} s, recall@5 {:.4}",
        v.matrix.n_rows(),
        hit as f64 / total.max(1) as f64
    );
    Ok(())
}
