//! Clustering quality on public Chinese sets with gold classes: TF-IDF + projection + k-means
//! with k = number of classes, scored by NMI, ARI and V-measure, for a grid of clustering and
//! TF-IDF settings, so the defaults can be chosen on evidence.
//!
//! Usage: `cargo run --release --example cluster_quality [-- DATA_DIR] [--seeds N] [--refine]` (default
//! data directory `CARGO_MANIFEST_DIR/../shared/data`; N seeds from 42 up, default 1; with more
//! than one, metrics are means and `±` the standard deviation of the V-measure; `--refine`
//! varies only the TF-IDF-space refinement and join floor, see [`refine_runs`]; `--auto-k`
//! lets the clustering choose k as `report` does and shows how, see [`auto_k`]; `--fit-sample`
//! fits LSA on fewer rows than it projects, see [`fit_sample_runs`]). Sets, each
//! skipped with a message when absent:
//! - CSL P2P: title + abstract of the 2000 dev/test papers (`csl/csl_devtest_joined.tsv`),
//!   13 categories; paragraph-length, imbalanced (工学 is 44%).
//! - CSL S2S: the 10,000 titles of `csl/benchmark/cls_ctg/{train,dev,test}.tsv`, 13 categories.
//! - THUCNews titles: `thucnews-titles/test.txt`, 10,000 titles, 10 balanced classes.
//!
//! Rows are shuffled with a seeded RNG (THUCNews test is grouped by label) and subsampled to
//! [`MAX_ROWS`] when larger. Everything is deterministic for a given seed list.

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use rand_xoshiro::rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256Plus;
use xietong::cluster::{ClusterParams, ProjectionMethod, ProjectionParams};
use xietong::eval::{adjusted_rand, nmi, v_measure};

#[path = "common/text_setting.rs"]
mod text_setting;
use text_setting::{tokenize, TextSetting, Tokens, DEFAULT_TEXT};
use xietong::vectorize::CsrMatrix;

/// Largest number of rows clustered per set.
const MAX_ROWS: usize = 10_000;
/// Seed of the shuffle / subsample (independent of the clustering seeds).
const SAMPLE_SEED: u64 = 20240607;
/// The dense projection is tried only up to this many matrix cells (8 bytes each).
const DENSE_MAX_CELLS: usize = 25_000_000;

/// A labelled text set.
struct LabelledSet {
    name: &'static str,
    texts: Vec<String>,
    labels: Vec<usize>,
    classes: usize,
}

/// Clustering options of one run.
#[derive(Debug, Clone, Copy, PartialEq)]
struct ClusterSetting {
    dims: usize,
    n_runs: usize,
    dense: bool,
    /// `ClusterParams::join_floor`.
    floor: f64,
    /// `ClusterParams::join_relative`.
    relative: f64,
    /// `ClusterParams::refine_iterations` (1: placement by TF-IDF centroid only).
    refine: usize,
    /// LSA power iterations (`ProjectionParams::n_power_iter`).
    power: usize,
    /// Most Lloyd iterations per k-means run (`ClusterParams::max_n_iterations`).
    iters: u64,
    /// Rows LSA is fitted on (`ProjectionParams::fit_sample`).
    fit_sample: usize,
}

/// `ClusterParams::new()` (LSA via `Auto`, 100 dims, 10 restarts).
const DEFAULT_CLUSTER: ClusterSetting = ClusterSetting {
    dims: 100,
    n_runs: 10,
    dense: false,
    floor: xietong::cluster::DEFAULT_JOIN_FLOOR,
    relative: xietong::cluster::DEFAULT_JOIN_RELATIVE,
    refine: 10,
    power: 2,
    iters: xietong::cluster::DEFAULT_MAX_ITERATIONS,
    fit_sample: xietong::cluster::DEFAULT_FIT_SAMPLE,
};

impl ClusterSetting {
    fn describe(&self) -> String {
        let space = if self.dense {
            "dense".to_string()
        } else {
            format!("lsa{}", self.dims)
        };
        let fit = match self.fit_sample == DEFAULT_CLUSTER.fit_sample {
            true => String::new(),
            false => format!(" fit on {} rows", self.fit_sample),
        };
        format!(
            "{space} power={} runs={} iters={} refine={} floor={} rel={}{fit}",
            self.power, self.n_runs, self.iters, self.refine, self.floor, self.relative
        )
    }
}

/// The clustering grid on the default TF-IDF, then one change at a time of the TF-IDF and
/// tokenizer settings on the default clustering, then LSA vs dense on a smaller vocabulary
/// (unigrams, min_df 2) where densifying is affordable.
fn runs() -> Vec<(TextSetting, ClusterSetting)> {
    let mut out = Vec::new();
    for dims in [50, 100, 200] {
        for n_runs in [3, 10] {
            let c = ClusterSetting {
                dims,
                n_runs,
                ..DEFAULT_CLUSTER
            };
            out.push((DEFAULT_TEXT, c));
        }
    }
    let d = DEFAULT_TEXT;
    let variants = [
        TextSetting {
            tokens: Tokens::Words {
                subwords: false,
                min_chars: 2,
                hmm: false,
            },
            ..d
        },
        TextSetting {
            sublinear: false,
            ..d
        },
        TextSetting {
            bigrams: false,
            ..d
        },
        TextSetting { min_df: 2, ..d },
        TextSetting {
            tokens: Tokens::Words {
                subwords: true,
                min_chars: 1,
                hmm: false,
            },
            ..d
        },
        TextSetting {
            tokens: Tokens::Chars,
            ..d
        },
    ];
    for t in variants {
        out.push((t, DEFAULT_CLUSTER));
    }
    let small = TextSetting {
        bigrams: false,
        min_df: 2,
        ..d
    };
    out.push((small, DEFAULT_CLUSTER));
    out.push((
        small,
        ClusterSetting {
            dense: true,
            ..DEFAULT_CLUSTER
        },
    ));
    out
}

/// With `--refine`: the clustering-matrix TF-IDF (`min_df=2`) and the TF-IDF-space refinement,
/// join floor and LSA power iterations varied one at a time.
/// Fewer Lloyd iterations per k-means run, with 3 and 10 restarts: the TF-IDF refinement
/// follows k-means, so its convergence may matter less than its cost.
fn iteration_runs() -> Vec<(TextSetting, ClusterSetting)> {
    // As `report` vectorises a corpus of this size (terms of a single unit dropped).
    let text = TextSetting {
        min_df: 2,
        ..DEFAULT_TEXT
    };
    let mut out = Vec::new();
    for n_runs in [3, 10] {
        for iters in [300, 50, 30, 20] {
            let c = ClusterSetting {
                n_runs,
                iters,
                ..DEFAULT_CLUSTER
            };
            out.push((text, c));
        }
    }
    out
}

/// With `--fit-sample`: LSA fitted on a seeded sample of the rows and every row projected
/// (what `report` does above `DEFAULT_FIT_SAMPLE` rows), against the fit on all rows.
fn fit_sample_runs() -> Vec<(TextSetting, ClusterSetting)> {
    let text = TextSetting {
        min_df: 2,
        ..DEFAULT_TEXT
    };
    [DEFAULT_CLUSTER.fit_sample, 5000, 2000, 1000]
        .into_iter()
        .map(|fit_sample| {
            let c = ClusterSetting {
                n_runs: 3,
                fit_sample,
                ..DEFAULT_CLUSTER
            };
            (text, c)
        })
        .collect()
}

fn refine_runs() -> Vec<(TextSetting, ClusterSetting)> {
    let text = TextSetting {
        min_df: 2,
        ..DEFAULT_TEXT
    };
    [
        (1, 0.0, 0.0, 2),
        (10, 0.0, 0.0, 2),
        (10, 0.1, 0.25, 2),
        (10, 0.1, 0.33, 2),
        (10, 0.1, 0.33, 1),
        (10, 0.1, 0.4, 2),
        (10, 0.1, 0.5, 2),
        (10, 0.1, 1.0, 2),
    ]
    .into_iter()
    .map(|(refine, floor, relative, power)| {
        let c = ClusterSetting {
            refine,
            floor,
            relative,
            power,
            ..DEFAULT_CLUSTER
        };
        (text, c)
    })
    .collect()
}

struct Args {
    dir: PathBuf,
    seeds: u64,
    refine: bool,
    iters: bool,
    auto_k: bool,
    fit_sample: bool,
}

fn args() -> Result<Args> {
    let mut dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    let mut seeds = 1;
    let mut refine = false;
    let mut iters = false;
    let mut auto_k = false;
    let mut fit_sample = false;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        if a == "--refine" {
            refine = true;
        } else if a == "--iters" {
            iters = true;
        } else if a == "--auto-k" {
            auto_k = true;
        } else if a == "--fit-sample" {
            fit_sample = true;
        } else if a == "--seeds" {
            let v = it.next().context("--seeds needs a number")?;
            seeds = v
                .parse()
                .with_context(|| format!("--seeds: {v:?} is not a number"))?;
            if seeds == 0 {
                bail!("--seeds must be at least 1");
            }
        } else {
            dir = PathBuf::from(a);
        }
    }
    Ok(Args {
        dir,
        seeds,
        refine,
        iters,
        auto_k,
        fit_sample,
    })
}

/// Reads `path` and returns, per line, the tab-separated fields `text_cols` joined by a
/// newline and the field `label_col`.
fn read_tsv(path: &Path, text_cols: &[usize], label_col: usize) -> Result<Vec<(String, String)>> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let fields: Vec<&str> = line.split('\t').collect();
        let get = |c: usize| {
            fields
                .get(c)
                .copied()
                .with_context(|| format!("{}:{}: no column {}", path.display(), i + 1, c + 1))
        };
        let parts = text_cols
            .iter()
            .map(|&c| get(c))
            .collect::<Result<Vec<_>>>()?;
        rows.push((parts.join("\n"), get(label_col)?.to_string()));
    }
    Ok(rows)
}

/// Seeded shuffle, then at most [`MAX_ROWS`] rows; labels become dense ids.
fn labelled(name: &'static str, mut rows: Vec<(String, String)>) -> LabelledSet {
    let mut rng = Xoshiro256Plus::seed_from_u64(SAMPLE_SEED);
    for i in (1..rows.len()).rev() {
        let j = ((u128::from(rng.next_u64()) * (i as u128 + 1)) >> 64) as usize;
        rows.swap(i, j);
    }
    let total = rows.len();
    rows.truncate(MAX_ROWS);
    if total > MAX_ROWS {
        println!("{name}: subsampled {MAX_ROWS} of {total} rows (seed {SAMPLE_SEED})");
    }
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    for (_, l) in &rows {
        let next = ids.len();
        ids.entry(l.clone()).or_insert(next);
    }
    let labels = rows.iter().map(|(_, l)| ids[l]).collect();
    LabelledSet {
        name,
        texts: rows.into_iter().map(|(t, _)| t).collect(),
        labels,
        classes: ids.len(),
    }
}

fn load_sets(dir: &Path) -> Vec<LabelledSet> {
    let mut sets = Vec::new();
    let mut add = |name: &'static str, files: &[PathBuf], text_cols: &[usize], label: usize| {
        if let Some(missing) = files.iter().find(|f| !f.is_file()) {
            println!("skipping {name}: {} not found", missing.display());
            return;
        }
        let mut rows = Vec::new();
        for f in files {
            match read_tsv(f, text_cols, label) {
                Ok(r) => rows.extend(r),
                Err(e) => {
                    println!("skipping {name}: {e:#}");
                    return;
                }
            }
        }
        sets.push(labelled(name, rows));
    };
    let csl = dir.join("csl");
    // split, category, discipline, title, abstract
    add("CSL P2P", &[csl.join("csl_devtest_joined.tsv")], &[3, 4], 1);
    let ctg = csl.join("benchmark/cls_ctg");
    // prompt, title, category
    add(
        "CSL S2S",
        &["train.tsv", "dev.tsv", "test.tsv"].map(|f| ctg.join(f)),
        &[1],
        2,
    );
    add("THUCNews", &[dir.join("thucnews-titles/test.txt")], &[0], 1);
    sets
}

/// Metrics of one run, averaged over seeds.
#[derive(Default)]
struct Scores {
    nmi: f64,
    ari: f64,
    v: Vec<f64>,
    homogeneity: f64,
    completeness: f64,
    fit_secs: f64,
    unclustered: f64,
}

fn cluster(
    set: &LabelledSet,
    matrix: &CsrMatrix,
    c: &ClusterSetting,
    seeds: u64,
) -> Result<Scores> {
    let mut s = Scores::default();
    // Dense k-means is 15-80x slower than LSA: one seed only.
    let seeds = if c.dense { 1 } else { seeds };
    for seed in 42..42 + seeds {
        let mut params = ClusterParams::new()
            .k(Some(set.classes))
            .projection(
                ProjectionParams::new()
                    .dims(c.dims)
                    .n_power_iter(c.power)
                    .fit_sample(c.fit_sample)
                    .seed(seed),
            )
            .seed(seed)
            .n_runs(c.n_runs)
            .join_floor(c.floor)
            .join_relative(c.relative)
            .refine_iterations(c.refine)
            .max_n_iterations(c.iters);
        if c.dense {
            params = params.projection(
                ProjectionParams::new()
                    .method(ProjectionMethod::Dense)
                    .dense_max_cells(DENSE_MAX_CELLS)
                    .seed(seed),
            );
        }
        let started = Instant::now();
        let model = params.check()?.fit(matrix)?;
        s.fit_secs += started.elapsed().as_secs_f64();
        let left = model.assignments.iter().filter(|a| a.is_none()).count();
        s.unclustered += left as f64 / model.assignments.len() as f64;
        let v = v_measure(&set.labels, &model.labels())?;
        s.nmi += nmi(&set.labels, &model.labels())?;
        s.ari += adjusted_rand(&set.labels, &model.labels())?;
        s.homogeneity += v.homogeneity;
        s.completeness += v.completeness;
        s.v.push(v.v_measure);
    }
    let n = seeds as f64;
    s.nmi /= n;
    s.ari /= n;
    s.homogeneity /= n;
    s.completeness /= n;
    s.fit_secs /= n;
    s.unclustered /= n;
    Ok(s)
}

/// With `--auto-k`: k chosen by the library's sweep (as `report` does without `--k`, on the
/// TF-IDF `report` builds at this size), with the scores it saw and the V-measure it reached.
fn auto_k(set: &LabelledSet, seeds: u64) -> Result<()> {
    let text = TextSetting {
        min_df: 2,
        ..DEFAULT_TEXT
    };
    let toks = tokenize(text.tokens, &set.texts)?;
    let matrix = text.tfidf().check()?.fit(&toks)?.transform(&toks);
    let n = matrix.n_rows();
    println!("| seed | range | search | rows scored | coarse grid (k: silhouette) | fine pass (k: silhouette) | chosen k | V | fit s |");
    println!("|---|---|---|---:|---|---|---:|---:|---:|");
    for seed in 42..42 + seeds {
        // As the engine: fewer restarts above 5,000 units.
        let runs = if n > 5000 { 3 } else { 10 };
        let started = Instant::now();
        let model = ClusterParams::new()
            .seed(seed)
            .n_runs(runs)
            .check()?
            .fit(&matrix)?;
        let secs = started.elapsed().as_secs_f64();
        let list = |scores: &[xietong::cluster::KScore]| {
            scores
                .iter()
                .map(|s| format!("{}: {:.3}", s.k, s.silhouette))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let choice = model.k_choice.as_ref().context("k was not chosen")?;
        let v = v_measure(&set.labels, &model.labels())?;
        println!(
            "| {seed} | {}..={} | {:?} | {}{} | {} | {} | {} | {:.3} | {secs:.1} |",
            choice.k_min,
            choice.k_max,
            choice.search,
            choice.rows,
            if choice.sampled { " (sample)" } else { "" },
            list(&choice.coarse),
            list(&model.k_scores),
            choice.k,
            v.v_measure
        );
    }
    Ok(())
}

fn mean_sd(v: &[f64]) -> (f64, f64) {
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
    (mean, var.sqrt())
}

fn main() -> Result<()> {
    let args = args()?;
    if !args.dir.is_dir() {
        println!(
            "skipping: data directory {} not found (pass DATA_DIR as an argument)",
            args.dir.display()
        );
        return Ok(());
    }
    let sets = load_sets(&args.dir);
    if sets.is_empty() {
        println!(
            "skipping: no labelled set found under {}",
            args.dir.display()
        );
        return Ok(());
    }
    let seeds = args.seeds;
    println!(
        "seeds {}..={}; {} rayon threads",
        42,
        41 + seeds,
        rayon::current_num_threads()
    );
    let runs = if args.refine {
        refine_runs()
    } else if args.iters {
        iteration_runs()
    } else if args.fit_sample {
        fit_sample_runs()
    } else {
        runs()
    };
    for set in &sets {
        println!();
        println!(
            "### {}: {} rows, k = {} classes",
            set.name,
            set.texts.len(),
            set.classes
        );
        println!();
        if args.auto_k {
            auto_k(set, seeds).with_context(|| set.name)?;
            continue;
        }
        println!("| tokens / TF-IDF (* = default) | clustering | vocab | NMI | ARI | V | homog. | compl. | unclustered | fit s |");
        println!("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        let mut token_cache: BTreeMap<Tokens, Vec<Vec<String>>> = BTreeMap::new();
        for (text, c) in &runs {
            let toks = match token_cache.entry(text.tokens) {
                Entry::Occupied(e) => e.into_mut(),
                Entry::Vacant(e) => e.insert(tokenize(text.tokens, &set.texts)?),
            };
            let model = text.tfidf().check()?.fit(toks)?;
            let matrix = model.transform(toks);
            let mark = if *text == DEFAULT_TEXT && *c == DEFAULT_CLUSTER {
                "* "
            } else {
                ""
            };
            let label = format!(
                "| {mark}{} | {} | {} |",
                text.describe(),
                c.describe(),
                matrix.n_cols()
            );
            if c.dense && matrix.n_rows() * matrix.n_cols() > DENSE_MAX_CELLS {
                println!(
                    "{label} skipped: {} x {} cells > {DENSE_MAX_CELLS} | | | | | | |",
                    matrix.n_rows(),
                    matrix.n_cols()
                );
                continue;
            }
            let s = cluster(set, &matrix, c, seeds).with_context(|| set.name)?;
            let (v, sd) = mean_sd(&s.v);
            let v = if seeds > 1 {
                format!("{v:.3} ±{sd:.3}")
            } else {
                format!("{v:.3}")
            };
            println!(
                "{label} {:.3} | {:.3} | {v} | {:.3} | {:.3} | {:.1}% | {:.1} |",
                s.nmi,
                s.ari,
                s.homogeneity,
                s.completeness,
                100.0 * s.unclustered,
                s.fit_secs
            );
        }
    }
    Ok(())
}
