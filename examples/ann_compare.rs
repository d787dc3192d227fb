//! HNSW (the `instant-distance` crate) against the library's pruned inverted-index search, for
//! each unit's 5 nearest units in other documents, both measured against the exact search:
//!
//! `cargo run --release --example ann_compare -- [--ef 100,200] [--runs 2]
//!  [--one-thread-build] [--dims 100] [--rerank 50] [DIR ...]` (folders of documents, e.g.
//! written by `gen_corpus` or `bench`; by default `target/bench/u10000-s42` and
//! `target/bench/u100000-s42`, each skipped with a message when absent).
//!
//! The HNSW path is the one issue 6 names: the dense LSA rows used for clustering
//! (`ProjectionParams` defaults, fitted on the clustering matrix; `--dims` to vary) are indexed
//! by cosine; each unit takes the first `--rerank` hits (default `10 × top_n`) from other
//! documents (the index returns `ef` hits, so `ef` bounds the over-fetch) and re-ranks them by
//! exact TF-IDF cosine. A brute-force scan of the projection on a ~2,000-unit sample gives the
//! recall no index over those rows can beat. Each timing is run `--runs` times and the lowest
//! is reported; the neighbour lists of the runs are compared for determinism.
//! `--ef 0` skips the index. `--one-thread-build` also builds the index in a one-thread rayon pool, the only way
//! `instant-distance` builds the same graph twice (its parallel inserts race).

use std::path::{Path, PathBuf};
use std::time::Instant;

use instant_distance::{Builder, HnswMap, Point, Search};
use rayon::prelude::*;
use xietong::cluster::ProjectionParams;
use xietong::corpus::Corpus;
use xietong::engine::{self, Settings, Vectors};
use xietong::similarity::{neighbors, NeighborParams};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// Neighbours kept per unit, as in the report.
const TOP_N: usize = 5;
/// Candidates re-ranked per unit by default, as a multiple of `TOP_N` (the pruned search uses
/// the same).
const RERANK_FACTOR: usize = 10;
/// instant-distance's default `ef_construction`.
const EF_CONSTRUCTION: usize = 100;
/// Seed of the HNSW layer assignment.
const SEED: u64 = 42;

/// Neighbour rows of every unit, best first.
type Lists = Vec<Vec<usize>>;

/// A unit-length projected row; the distance is `1 - cosine`.
#[derive(Clone)]
struct Unit(Vec<f32>);

impl Point for Unit {
    fn distance(&self, other: &Self) -> f32 {
        1.0 - dot(&self.0, &other.0)
    }
}

/// Dot product in 8 lanes (a fixed order, so still deterministic) so that it vectorises.
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0.0f32; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = ca
        .remainder()
        .iter()
        .zip(cb.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in ca.zip(cb) {
        for k in 0..8 {
            lanes[k] += x[k] * y[k];
        }
    }
    lanes.iter().sum::<f32>() + tail
}

/// A `/proc/self/status` field in MiB (0 where /proc is absent).
fn status_mib(field: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

/// Share of the exact lists' rows that `found` also has.
fn recall(exact: &Lists, found: &Lists) -> f64 {
    let (mut hit, mut total) = (0usize, 0usize);
    for (e, f) in exact.iter().zip(found) {
        total += e.len();
        hit += e.iter().filter(|r| f.contains(r)).count();
    }
    hit as f64 / total.max(1) as f64
}

/// The library's search: exact when `exact_limit` exceeds the rows, pruned when it is 0.
fn library(v: &Vectors, exact_limit: usize) -> Res<(Lists, f64)> {
    let p = NeighborParams::new()
        .top_n(TOP_N)
        .shared_terms(0)
        .exact_limit(exact_limit)
        .check()?;
    let start = Instant::now();
    let found = neighbors(&v.matrix, &v.groups, &p)?;
    let secs = start.elapsed().as_secs_f64();
    let lists = found
        .into_iter()
        .map(|l| l.into_iter().map(|n| n.row).collect())
        .collect();
    Ok((lists, secs))
}

/// One HNSW run: build seconds, query + re-rank seconds, the lists, and the rows that got
/// fewer than the wanted candidates from other documents.
struct HnswRun {
    build: f64,
    query: f64,
    lists: Lists,
    short: usize,
}

/// Size of an instant-distance index: its copy of the points plus the layer-0 links
/// (`2 × 32` point ids per point); the upper layers add about 1/32 of that.
fn index_mib(n: usize, dims: usize) -> f64 {
    (n * (dims * 4 + 24 + 64 * 4 + 8)) as f64 / (1024.0 * 1024.0)
}

fn hnsw(points: &[Unit], v: &Vectors, ef: usize, want: usize, one_thread: bool) -> Res<HnswRun> {
    let n = points.len();
    let rss_before = status_mib("VmRSS:");
    let start = Instant::now();
    let build = || {
        Builder::default()
            .seed(SEED)
            .ef_construction(EF_CONSTRUCTION)
            .ef_search(ef)
            .build(points.to_vec(), (0..n).collect::<Vec<usize>>())
    };
    let map: HnswMap<Unit, usize> = if one_thread {
        rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()?
            .install(build)
    } else {
        build()
    };
    let build_secs = start.elapsed().as_secs_f64();
    let hwm_build = status_mib("VmHWM:");
    let rss = status_mib("VmRSS:") - rss_before;
    let start = Instant::now();
    let found: Vec<(Vec<usize>, bool)> = (0..n)
        .into_par_iter()
        .map_init(Search::default, |search, i| {
            let g = v.groups[i];
            let cands: Vec<usize> = map
                .search(&points[i], search)
                .map(|item| *item.value)
                .filter(|&j| j != i && v.groups[j] != g)
                .take(want)
                .collect();
            let short = cands.len() < want;
            let mut scored: Vec<(usize, f32)> = cands
                .into_iter()
                .map(|j| (j, v.matrix.row_dot(i, j)))
                .filter(|&(_, s)| s > 0.0)
                .collect();
            scored.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            scored.truncate(TOP_N);
            (scored.iter().map(|&(j, _)| j).collect(), short)
        })
        .collect();
    let query = start.elapsed().as_secs_f64();
    eprintln!(
        "  VmHWM after build {hwm_build:.0} MiB, after queries {:.0} MiB; RSS +{rss:.0} MiB \
         with the index",
        status_mib("VmHWM:")
    );
    let short = found.iter().filter(|f| f.1).count();
    Ok(HnswRun {
        build: build_secs,
        query,
        lists: found.into_iter().map(|f| f.0).collect(),
        short,
    })
}

/// The ceiling of any index over the projection: for every `stride`-th unit, the best
/// `want` units of other documents by projected cosine (all rows scanned),
/// re-ranked by exact TF-IDF cosine. Returns the sampled rows and their lists.
fn brute_force(points: &[Unit], v: &Vectors, stride: usize, want: usize) -> (Vec<usize>, Lists) {
    let sample: Vec<usize> = (0..points.len()).step_by(stride.max(1)).collect();
    let lists = sample
        .par_iter()
        .map(|&i| {
            let g = v.groups[i];
            let mut cands: Vec<(usize, f32)> = (0..points.len())
                .filter(|&j| j != i && v.groups[j] != g)
                .map(|j| (j, dot(&points[i].0, &points[j].0)))
                .collect();
            let by = |a: &(usize, f32), b: &(usize, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
            if cands.len() > want {
                cands.select_nth_unstable_by(want - 1, by);
                cands.truncate(want);
            }
            let mut scored: Vec<(usize, f32)> = cands
                .into_iter()
                .map(|(j, _)| (j, v.matrix.row_dot(i, j)))
                .filter(|&(_, s)| s > 0.0)
                .collect();
            scored.sort_unstable_by(by);
            scored.truncate(TOP_N);
            // A fresh Vec: collecting from `into_iter` would reuse (and keep alive) the
            // allocation of the n-long candidate list, 1.6 MB per sampled unit at 100,000.
            scored.iter().map(|&(j, _)| j).collect()
        })
        .collect();
    (sample, lists)
}

/// A row of the summary table.
struct Row {
    method: String,
    prep: f64,
    build: Option<f64>,
    query: f64,
    recall: f64,
    same: bool,
    note: String,
}

fn min(xs: impl Iterator<Item = f64>) -> f64 {
    xs.fold(f64::INFINITY, f64::min)
}

/// What to compare, from the command line.
struct Options {
    efs: Vec<usize>,
    runs: usize,
    one_thread: bool,
    dims: usize,
    want: usize,
}

fn compare(dir: &Path, o: &Options) -> Res<()> {
    let (efs, runs, one_thread) = (&o.efs, o.runs, o.one_thread);
    let start = Instant::now();
    let corpus = Corpus::load(&[dir.display().to_string()], &Default::default())?;
    let v = engine::vectorize(&corpus, &Settings::default())?;
    let n = v.matrix.n_rows();
    println!(
        "\n# {}: {n} units in {} documents, loaded and vectorised in {:.1} s (VmHWM {:.0} MiB)",
        dir.display(),
        corpus.documents.len(),
        start.elapsed().as_secs_f64(),
        status_mib("VmHWM:")
    );
    let (exact, t_exact) = library(&v, usize::MAX)?;
    println!("exact search {t_exact:.2} s");
    let mut rows = vec![Row {
        method: "exact inverted index".into(),
        prep: 0.0,
        build: None,
        query: t_exact,
        recall: 1.0,
        same: true,
        note: "reference".into(),
    }];

    let pruned: Vec<(Lists, f64)> = (0..runs).map(|_| library(&v, 0)).collect::<Res<_>>()?;
    rows.push(Row {
        method: "pruned inverted index (library, >20,000 units)".into(),
        prep: 0.0,
        build: None,
        query: min(pruned.iter().map(|p| p.1)),
        recall: recall(&exact, &pruned[0].0),
        same: pruned.iter().all(|p| p.0 == pruned[0].0),
        note: format!("VmHWM {:.0} MiB", status_mib("VmHWM:")),
    });
    println!("pruned search {:.2} s", rows[1].query);

    let params = ProjectionParams::new().dims(o.dims).check()?;
    let mut t_proj = f64::INFINITY;
    let mut projected = None;
    for _ in 0..runs {
        let start = Instant::now();
        let rows = params
            .fit(&v.cluster_matrix)?
            .transform(&v.cluster_matrix)?;
        t_proj = t_proj.min(start.elapsed().as_secs_f64());
        projected = Some(rows);
    }
    let projected = projected.ok_or("--runs must be at least 1")?;
    eprintln!("  VmHWM after projection {:.0} MiB", status_mib("VmHWM:"));
    let points: Vec<Unit> = projected
        .rows()
        .into_iter()
        .map(|r| Unit(r.iter().map(|&x| x as f32).collect()))
        .collect();
    let dims = projected.ncols();
    println!("projection to {dims} dims {t_proj:.2} s (shared with clustering in the pipeline)");

    // Brute force over at most ~2,000 sampled units: the best recall an index over this
    // projection could reach, whatever its parameters.
    let stride = n.div_ceil(2000);
    let start = Instant::now();
    let (sample, ceiling) = brute_force(&points, &v, stride, o.want);
    eprintln!("  VmHWM after brute force {:.0} MiB", status_mib("VmHWM:"));
    let exact_sample: Lists = sample.iter().map(|&i| exact[i].clone()).collect();
    rows.push(Row {
        method: format!(
            "brute force over the projection, best {} re-ranked ({} sampled units)",
            o.want,
            sample.len()
        ),
        prep: t_proj,
        build: None,
        query: f64::NAN,
        recall: recall(&exact_sample, &ceiling),
        same: true,
        note: format!(
            "ceiling for any index over these {dims}-d rows ({:.1} s for the sample)",
            start.elapsed().as_secs_f64()
        ),
    });

    let mut modes = vec![false];
    if one_thread {
        modes.push(true);
    }
    // `--ef 0` skips the index (the brute-force ceiling alone).
    for &ef in efs.iter().filter(|&&ef| ef > 0) {
        for &single in &modes {
            let runs: Vec<HnswRun> = (0..runs)
                .map(|_| hnsw(&points, &v, ef, o.want, single))
                .collect::<Res<_>>()?;
            let first = &runs[0];
            let row = Row {
                method: format!(
                    "HNSW ef={ef}{}, best {} re-ranked",
                    if single { ", 1-thread build" } else { "" },
                    o.want
                ),
                prep: t_proj,
                build: Some(min(runs.iter().map(|r| r.build))),
                query: min(runs.iter().map(|r| r.query)),
                recall: recall(&exact, &first.lists),
                same: runs.iter().all(|r| r.lists == first.lists),
                note: format!(
                    "index ≈ {:.0} MiB; {} units short of {} candidates",
                    index_mib(n, dims),
                    first.short,
                    o.want
                ),
            };
            println!(
                "{}: build {:.2} s, query+re-rank {:.2} s, recall@5 {:.4}",
                row.method,
                row.build.unwrap_or(0.0),
                row.query,
                row.recall
            );
            rows.push(row);
        }
    }

    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    println!(
        "\n## {n} units, {cores} cores, lowest of {runs} runs (seconds); VmHWM at the end {:.0} MiB\n",
        status_mib("VmHWM:")
    );
    println!("| method | projection | build | query + re-rank | neighbours total | recall@5 | same lists each run | notes |");
    println!("|---|---|---|---|---|---|---|---|");
    for r in &rows {
        let secs = |x: f64| match x.is_finite() && x > 0.0 {
            true => format!("{x:.2}"),
            false => "–".into(),
        };
        println!(
            "| {} | {} | {} | {} | {} | {:.4} | {} | {} |",
            r.method,
            secs(r.prep),
            secs(r.build.unwrap_or(0.0)),
            secs(r.query),
            secs(r.build.unwrap_or(0.0) + r.query),
            r.recall,
            if r.same { "yes" } else { "no" },
            r.note
        );
    }
    Ok(())
}

fn main() -> Res<()> {
    let mut o = Options {
        efs: vec![100],
        runs: 2,
        one_thread: false,
        dims: 100,
        want: TOP_N * RERANK_FACTOR,
    };
    let mut dirs = Vec::new();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--ef" => {
                o.efs = value()?
                    .split(',')
                    .map(str::parse)
                    .collect::<Result<_, _>>()?
            }
            "--runs" => o.runs = value()?.parse()?,
            "--dims" => o.dims = value()?.parse()?,
            "--rerank" => o.want = value()?.parse()?,
            "--one-thread-build" => o.one_thread = true,
            other if other.starts_with("--") => {
                return Err(format!("unknown option {other}").into())
            }
            dir => dirs.push(PathBuf::from(dir)),
        }
    }
    if o.runs == 0 || o.want == 0 {
        return Err("--runs and --rerank must be at least 1".into());
    }
    if dirs.is_empty() {
        let bench = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
        dirs = vec![bench.join("u10000-s42"), bench.join("u100000-s42")];
    }
    for dir in &dirs {
        if !dir.is_dir() {
            println!(
                "ann_compare: skipping {}: no such folder (write one with `cargo run --release \
                 --example gen_corpus -- --units 10000 --out DIR` or `--example bench`)",
                dir.display()
            );
            continue;
        }
        compare(dir, &o)?;
    }
    Ok(())
}
