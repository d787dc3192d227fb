//! Recall of the pruned neighbour search against the exact one, and the time of each:
//! `cargo run --release --example recall -- DIR [--budget 1024,4096] [--rerank 4,10] [--sample 2000]` (a folder
//! of documents, e.g. one written by `gen_corpus`). The exact top 5 is computed for a sample
//! of rows (every `n / sample`-th row) by a full scan of the inverted index; the pruned search
//! runs on all rows with each candidate budget and re-rank factor. Prints recall@5 (share of the exact top 5 that
//! the pruned search also finds) per budget.

use std::time::Instant;

use xietong::corpus::Corpus;
use xietong::engine::{self, Settings};
use xietong::similarity::{
    neighbors, InvertedIndex, NeighborParams, DEFAULT_CANDIDATE_BUDGET, DEFAULT_REFINE_ROUNDS,
    DEFAULT_RERANK_FACTOR,
};

/// Scores within this of the exact fifth count as ties (f32 sums taken in another order).
const TIE: f32 = 1e-5;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// CPU seconds (user + system) this process has used so far, from /proc (0 where absent):
/// wall time means little on a shared machine.
fn cpu_secs() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let rest = s.rsplit_once(')')?.1.split_whitespace().collect::<Vec<_>>();
            let ticks: f64 =
                rest.get(11)?.parse::<f64>().ok()? + rest.get(12)?.parse::<f64>().ok()?;
            Some(ticks / 100.0)
        })
        .unwrap_or(0.0)
}

/// A comma-separated list of numbers given after `flag`.
fn list(value: Option<String>, flag: &str) -> Res<Vec<usize>> {
    let value = value.ok_or(format!("{flag} needs a value"))?;
    Ok(value.split(',').map(str::parse).collect::<Result<_, _>>()?)
}

fn main() -> Res<()> {
    let mut args = std::env::args().skip(1);
    let (mut dir, mut budgets, mut sample) = (None, vec![DEFAULT_CANDIDATE_BUDGET], 2000usize);
    let mut factors = vec![DEFAULT_RERANK_FACTOR];
    let mut refines = vec![DEFAULT_REFINE_ROUNDS];
    let mut impacts = vec![true];
    let mut groups = false;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--budget" => budgets = list(args.next(), "--budget")?,
            "--rerank" => factors = list(args.next(), "--rerank")?,
            "--refine" => refines = list(args.next(), "--refine")?,
            "--impact" => {
                impacts = args
                    .next()
                    .ok_or("--impact needs a value")?
                    .split(',')
                    .map(|v| v == "on")
                    .collect()
            }
            "--groups" => groups = true,
            "--sample" => sample = args.next().ok_or("--sample needs a value")?.parse()?,
            _ => dir = Some(a),
        }
    }
    let dir = dir.ok_or("usage: recall DIR [--budget B,...] [--sample N]")?;
    let corpus = Corpus::load(&[dir], &Default::default())?;
    let v = engine::vectorize(&corpus, &Settings::default())?;
    if groups {
        return time_groups(&v);
    }
    let (m, g) = (&v.matrix, &v.groups);
    let n = m.n_rows();
    let step = (n / sample.max(1)).max(1);
    let rows: Vec<usize> = (0..n).step_by(step).collect();
    let start = Instant::now();
    let index = InvertedIndex::build(m);
    let mut scores = vec![0f32; n];
    let exact: Vec<Vec<(usize, f32)>> = rows
        .iter()
        .map(|&i| {
            let (cols, vals) = m.row(i);
            let mut touched = Vec::new();
            for (&c, &q) in cols.iter().zip(vals) {
                let (rs, ws) = index.postings(c);
                for (&r, &w) in rs.iter().zip(ws) {
                    if scores[r as usize] == 0.0 {
                        touched.push(r as usize);
                    }
                    scores[r as usize] += q * w;
                }
            }
            let mut c: Vec<(usize, f32)> = touched
                .iter()
                .map(|&r| (r, std::mem::take(&mut scores[r])))
                .filter(|&(r, s)| r != i && g[r] != g[i] && s > 0.0)
                .collect();
            c.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            c.truncate(5);
            c
        })
        .collect();
    println!(
        "{n} rows; exact top 5 of {} sampled rows in {:.2} s",
        rows.len(),
        start.elapsed().as_secs_f64()
    );
    let mut runs = Vec::new();
    for &b in &budgets {
        for &f in &factors {
            for &r in &refines {
                for &i in &impacts {
                    runs.push((b, f, r, i));
                }
            }
        }
    }
    for (budget, factor, refine, impact) in runs {
        let p = NeighborParams::new()
            .top_n(5)
            .exact_limit(0)
            .candidate_budget(budget)
            .rerank_factor(factor)
            .refine(refine)
            .impact_order(impact)
            .check()?;
        let (start, cpu) = (Instant::now(), cpu_secs());
        let found = neighbors(m, g, &p)?;
        let secs = start.elapsed().as_secs_f64();
        let cpu = cpu_secs() - cpu;
        let (mut hit, mut tied, mut total) = (0usize, 0usize, 0usize);
        for (&i, e) in rows.iter().zip(&exact) {
            total += e.len();
            hit += e
                .iter()
                .filter(|x| found[i].iter().any(|y| y.row == x.0))
                .count();
            // As ann-benchmarks counts it: a found neighbour scoring at least the exact fifth
            // is as good as the one it displaced, which matters where many rows tie.
            let fifth = e.last().map_or(f32::INFINITY, |x| x.1);
            let good = found[i].iter().filter(|y| y.score >= fifth - TIE).count();
            tied += good.min(e.len());
        }
        println!(
            "budget {budget}, re-rank {factor} x 5, refinement rounds {refine}, impact order {impact}: pruned search of all rows {secs:.2} s ({cpu:.2} s CPU), recall@5 {:.4} by row, {:.4} by score",
            hit as f64 / total.max(1) as f64,
            tied as f64 / total.max(1) as f64
        );
    }
    Ok(())
}

/// `--groups`: CPU time of the report's neighbours, near-duplicate pairs and overlap groups
/// (default settings), and the sizes of the groups.
fn time_groups(v: &engine::Vectors) -> Res<()> {
    let s = Settings::default();
    let cpu = cpu_secs();
    let near = engine::nearest(v, s.top_n, s.within_doc)?;
    let t_near = cpu_secs() - cpu;
    let cpu = cpu_secs();
    let dups = engine::duplicates(v, &near, s.threshold)?;
    let t_dups = cpu_secs() - cpu;
    let (cpu, wall) = (cpu_secs(), Instant::now());
    let groups = engine::overlaps(v, &dups, s.threshold)?;
    let (t_groups, w_groups) = (cpu_secs() - cpu, wall.elapsed().as_secs_f64());
    let mut sizes: Vec<usize> = groups.iter().map(|o| o.members.len()).collect();
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    let members: usize = sizes.iter().sum();
    println!(
        "CPU s: neighbours {t_near:.2}, near-duplicate pairs {t_dups:.2} ({} pairs), overlap groups {t_groups:.2} ({w_groups:.2} s wall; {} groups, {members} members, largest {:?})",
        dups.len(),
        groups.len(),
        &sizes[..sizes.len().min(8)]
    );
    Ok(())
}
