//! End-to-end benchmark: generates (or reuses) archives of 10,000 and 100,000 recommendations
//! and runs the whole `report` pipeline on each, with `--k` and with automatic k, each in a
//! fresh child process so its peak memory (VmHWM) is its own. Also measures the floor (plain
//! jieba-rs tokenizing the same texts on the same cores) and checks that the JSON report is
//! byte-identical with `RAYON_NUM_THREADS=1` at the smallest size.
//!
//! `cargo run --release --example bench -- [--units 10000,100000] [--k 50] [--no-auto]
//!  [--dir target/bench] [--seed 42]`

#[path = "common/gen.rs"]
mod gen;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use rayon::prelude::*;
use xietong::corpus::Corpus;
use xietong::engine::{analyse, Settings};
use xietong::ingest::ReadOptions;
use xietong::report::{self, json};
use xietong::segment::Kind;
use xietong::timings::Timings;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// Peak resident memory of this process in KiB (0 where /proc is absent).
fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// CPU seconds (user + system) this process has used so far, from /proc (0 where absent).
/// On a machine shared with other work wall time swings with the load; CPU time much less.
fn cpu_secs() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let rest: Vec<&str> = s.rsplit_once(')')?.1.split_whitespace().collect();
            let user: f64 = rest.get(11)?.parse().ok()?;
            let system: f64 = rest.get(12)?.parse().ok()?;
            // Clock ticks: 100 per second on every Linux configuration in use.
            Some((user + system) / 100.0)
        })
        .unwrap_or(0.0)
}

/// Child: the whole report pipeline in-process; prints `stage\tseconds\titems\tbeside`
/// lines (`beside` 1 for a stage run beside others, whose time is not in the total).
fn child_report(dir: &str, k: Option<usize>, out: &Path) -> Res<()> {
    let mut timings = Timings::default();
    let corpus = Corpus::load_timed(&[dir.to_string()], &ReadOptions::default(), &mut timings)?;
    let settings = Settings {
        k,
        ..Settings::default()
    };
    let peak_loaded = peak_kib();
    let mut analysis = analyse(&corpus, &settings)?;
    let peak_analysed = peak_kib();
    timings.extend(std::mem::take(&mut analysis.timings));
    // Streamed to the file as it is produced, as `xietong report --format json --out` does.
    let start = timings.begin("write", None);
    report::write_atomic_with(out, &[], |w| json::write_report(w, &corpus, &analysis))?;
    timings.record("write", start, analysis.units.len());
    for s in &timings.0 {
        let beside = u8::from(s.beside);
        println!(
            "{}\t{}\t{}\t{beside}",
            s.stage,
            s.time.as_secs_f64(),
            s.items
        );
    }
    // Where the peak is reached: reading, the analysis, or writing the report.
    println!("peak after reading\t{peak_loaded}\t0");
    println!("peak after analysis\t{peak_analysed}\t0");
    println!("peak\t{}\t0", peak_kib());
    println!("cpu\t{}\t0", cpu_secs());
    Ok(())
}

/// Child: the tokenize-only floor, jieba-rs without the domain dictionary, rayon over texts.
fn child_floor(dir: &str) -> Res<()> {
    let corpus = Corpus::load(&[dir.to_string()], &ReadOptions::default())?;
    let texts: Vec<&str> = corpus
        .units_of(&[Kind::Recommendation])
        .map(|u| u.unit.text.as_str())
        .collect();
    let start = Instant::now();
    let jieba = jieba_rs::Jieba::new();
    println!("jieba load\t{}\t1", start.elapsed().as_secs_f64());
    let start = Instant::now();
    let words: usize = texts.par_iter().map(|t| jieba.cut(t, false).len()).sum();
    println!(
        "floor: jieba cut\t{}\t{}",
        start.elapsed().as_secs_f64(),
        texts.len()
    );
    println!("words\t{words}\t0");
    Ok(())
}

/// One measured run: stages and peak memory.
struct Run {
    /// Stage, seconds, items, and whether it ran beside other stages.
    stages: Vec<(String, f64, usize, bool)>,
    peak_kib: u64,
    peak_read_kib: u64,
    peak_analysis_kib: u64,
    cpu: f64,
}

impl Run {
    fn total(&self) -> f64 {
        self.stages.iter().filter(|s| !s.3).map(|s| s.1).sum()
    }
    fn secs(&self, stage: &str) -> f64 {
        self.stages
            .iter()
            .filter(|s| s.0 == stage)
            .map(|s| s.1)
            .sum()
    }
}

fn spawn(args: &[String], env: Option<(&str, &str)>) -> Res<Run> {
    let mut cmd = Command::new(std::env::current_exe()?);
    cmd.args(args);
    if let Some((k, v)) = env {
        cmd.env(k, v);
    }
    let out = cmd.output()?;
    if !out.status.success() {
        return Err(format!(
            "child {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    let mut run = Run {
        stages: Vec::new(),
        peak_kib: 0,
        peak_read_kib: 0,
        peak_analysis_kib: 0,
        cpu: 0.0,
    };
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let f: Vec<&str> = line.split('\t').collect();
        match f.as_slice() {
            ["peak", kib, _] => run.peak_kib = kib.parse()?,
            ["cpu", secs, _] => run.cpu = secs.parse()?,
            ["peak after reading", kib, _] => run.peak_read_kib = kib.parse()?,
            ["peak after analysis", kib, _] => run.peak_analysis_kib = kib.parse()?,
            ["words", _, _] => {}
            [stage, secs, items, beside @ ..] => run.stages.push((
                stage.to_string(),
                secs.parse()?,
                items.parse()?,
                beside == ["1"],
            )),
            _ => {}
        }
    }
    Ok(run)
}

fn corpus_dir(pools: &gen::Pools, root: &Path, units: usize, seed: u64) -> Res<PathBuf> {
    let dir = root.join(format!("u{units}-s{seed}"));
    let done = root.join(format!("u{units}-s{seed}.done"));
    if !done.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        let start = Instant::now();
        let w = gen::generate(pools, units, seed, &dir)?;
        eprintln!(
            "bench: generated {} documents, {} proposals ({} reworded copies) in {:.1} s",
            w.documents,
            w.proposals,
            w.duplicates,
            start.elapsed().as_secs_f64()
        );
        std::fs::write(&done, format!("{}\n", w.proposals))?;
    }
    Ok(dir)
}

fn print_run(label: &str, run: &Run, floor: f64) {
    println!("\n## {label}");
    println!(
        "{:<24} {:>9} {:>10} {:>12}",
        "stage", "seconds", "items", "items/s"
    );
    for (stage, secs, items, beside) in &run.stages {
        let stage = match beside {
            true => format!("({stage})"),
            false => stage.clone(),
        };
        let rate = if *secs > 0.0 {
            *items as f64 / secs
        } else {
            0.0
        };
        println!("{stage:<24} {secs:>9.3} {items:>10} {rate:>12.0}");
    }
    let total = run.total();
    println!(
        "{:<24} {:>9.3}   CPU {:.1} s   peak {:.0} MiB   {:.1}x the tokenize floor",
        "total",
        total,
        run.cpu,
        run.peak_kib as f64 / 1024.0,
        if floor > 0.0 { total / floor } else { 0.0 }
    );
}

fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("--child") if args.len() == 4 => {
            let k = args[2].parse().ok();
            return child_report(&args[1], k, Path::new(&args[3]));
        }
        Some("--floor") if args.len() == 2 => return child_floor(&args[1]),
        _ => {}
    }
    let mut units = vec![10_000usize, 100_000];
    let (mut k, mut seed, mut auto, mut identity) = (50usize, 42u64, true, true);
    let mut root = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--units" => {
                units = value()?
                    .split(',')
                    .map(str::parse)
                    .collect::<Result<_, _>>()?
            }
            "--k" => k = value()?.parse()?,
            "--seed" => seed = value()?.parse()?,
            "--dir" => root = PathBuf::from(value()?),
            "--no-auto" => auto = false,
            "--no-identity" => identity = false,
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    std::fs::create_dir_all(&root)?;
    let pools = gen::Pools::load(&gen::default_data_dir())?;
    for n in pools.notes.iter().filter(|n| !n.starts_with("pool")) {
        eprintln!("bench: {n}");
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("# xietong bench: {cores} cores, seed {seed}");
    let mut summary = Vec::new();
    for (i, &n) in units.iter().enumerate() {
        let dir = corpus_dir(&pools, &root, n, seed)?;
        let d = dir.display().to_string();
        let floor = spawn(&["--floor".into(), d.clone()], None)?;
        let floor_secs = floor.secs("floor: jieba cut");
        println!(
            "\n# {n} recommendations: tokenize floor (jieba-rs cut, no user dict, {cores} cores) {floor_secs:.3} s (+{:.3} s dictionary load)",
            floor.secs("jieba load")
        );
        let mut configs = vec![Some(k)];
        if auto {
            configs.push(None);
        }
        for kk in configs {
            let karg = kk.map_or("auto".to_string(), |k| k.to_string());
            let out = root.join(format!("report-u{n}-k{karg}.json"));
            let o = out.display().to_string();
            let run = spawn(
                &["--child".into(), d.clone(), karg.clone(), o.clone()],
                None,
            )?;
            print_run(&format!("{n} units, k = {karg}"), &run, floor_secs);
            if identity && i == 0 && kk.is_some() {
                let single = root.join(format!("report-u{n}-k{karg}-1thread.json"));
                let s = single.display().to_string();
                let one = spawn(
                    &["--child".into(), d.clone(), karg.clone(), s],
                    Some(("RAYON_NUM_THREADS", "1")),
                )?;
                let same = std::fs::read(&out)? == std::fs::read(&single)?;
                println!(
                    "RAYON_NUM_THREADS=1: total {:.3} s; JSON report {}",
                    one.total(),
                    if same { "byte-identical" } else { "DIFFERS" }
                );
                if !same {
                    return Err("output differs between thread counts".into());
                }
            }
            summary.push((n, karg, run, floor_secs));
        }
    }
    println!("\n# summary ({cores} cores, seconds of wall time per stage)");
    for karg in [k.to_string(), "auto".to_string()] {
        let runs: Vec<&(usize, String, Run, f64)> =
            summary.iter().filter(|r| r.1 == karg).collect();
        if !runs.is_empty() {
            print_table(&karg, &runs);
        }
    }
    Ok(())
}

/// The stages of the summary table: a label and the recorded stages it sums.
const TABLE_STAGES: [(&str, &[&str]); 13] = [
    ("read", &["read"]),
    ("clean+segment", &["clean+segment"]),
    ("tokenize", &["load dictionary", "tokenize"]),
    ("tf-idf", &["tf-idf"]),
    ("neighbours+duplicates", &["neighbours+duplicates"]),
    ("projection", &["projection"]),
    ("k selection", &["k selection"]),
    ("k-means", &["k-means"]),
    ("tf-idf refinement", &["tf-idf refinement"]),
    ("assign+labels", &["assign+labels"]),
    ("2-d map", &["2-d map"]),
    ("report+write", &["report", "write"]),
    ("(overlap groups, beside clustering)", &["overlap groups"]),
];

/// A Markdown table, one row per stage and one column per corpus size, with the growth from
/// the previous size (×10 units should cost ×10 time) and the tokenize floor beside each size,
/// ready to paste into the README's Benchmarks section.
fn print_table(karg: &str, runs: &[&(usize, String, Run, f64)]) {
    println!("\n`--k {karg}`:\n");
    let mut head = String::from("| stage |");
    let mut rule = String::from("|---|");
    for (i, (n, ..)) in runs.iter().enumerate() {
        head.push_str(&format!(" {n} |"));
        rule.push_str("---:|");
        if i > 0 {
            head.push_str(" growth |");
            rule.push_str("---:|");
        }
    }
    println!("{head}\n{rule}");
    let cell = |f: &dyn Fn(&Run, f64) -> f64, fmt: &dyn Fn(f64) -> String| {
        let mut line = String::new();
        for (i, (_, _, r, floor)) in runs.iter().enumerate() {
            let x = f(r, *floor);
            line.push_str(&format!(" {} |", fmt(x)));
            if i > 0 {
                let (_, _, p, pf) = runs[i - 1];
                let prev = f(p, *pf);
                line.push_str(&match prev > 0.0 {
                    true => format!(" ×{:.1} |", x / prev),
                    false => " – |".to_string(),
                });
            }
        }
        line
    };
    let secs = |x: f64| format!("{x:.2}");
    for (label, stages) in TABLE_STAGES {
        let sum = |r: &Run, _: f64| stages.iter().map(|s| r.secs(s)).sum::<f64>();
        println!("| {label} |{}", cell(&sum, &secs));
    }
    println!("| **total** |{}", cell(&|r, _| r.total(), &secs));
    println!("| tokenize floor |{}", cell(&|_, f| f, &secs));
    println!(
        "| total ÷ floor |{}",
        cell(&|r, f| r.total() / f.max(1e-9), &|x| format!("{x:.0}×"))
    );
    println!("| CPU (user+sys) |{}", cell(&|r, _| r.cpu, &secs));
    let mib = |x: f64| format!("{x:.0}");
    println!(
        "| peak MiB after reading |{}",
        cell(&|r, _| r.peak_read_kib as f64 / 1024.0, &mib)
    );
    println!(
        "| peak MiB after analysis |{}",
        cell(&|r, _| r.peak_analysis_kib as f64 / 1024.0, &mib)
    );
    println!(
        "| peak MiB (JSON report streamed) |{}",
        cell(&|r, _| r.peak_kib as f64 / 1024.0, &mib)
    );
}
