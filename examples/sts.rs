//! Similarity quality on public Chinese pair sets: TF-IDF cosine of each sentence pair against
//! the gold score, for a grid of tokenizer and TF-IDF settings, so the defaults can be chosen
//! on evidence rather than on the five seed documents alone.
//!
//! Usage: `cargo run --release --example sts [-- DATA_DIR]` (default:
//! `CARGO_MANIFEST_DIR/../shared/data`). Sets read, each skipped with a message when absent:
//! - Chinese STS-B (CNSD) test and dev: Spearman ρ of cosine vs the integer 0-5 score;
//! - LCQMC test and BQ test: Spearman ρ vs the 0/1 label (the text2vec / C-MTEB convention, so
//!   figures compare with published ones) and ROC-AUC (threshold-free, easier to read).
//!
//! TF-IDF is fitted on all sentences of the split being scored (both sides of every pair), as
//! an unsupervised system would be on its own corpus. All figures are ×100.

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use xietong::eval::{roc_auc, spearman};

#[path = "common/text_setting.rs"]
mod text_setting;
use text_setting::{tokenize, TextSetting as Setting, Tokens, DEFAULT_TEXT as DEFAULT};

/// Sentence pairs with a gold score (STS 0-5, or 0/1 for paraphrase sets).
struct PairSet {
    name: &'static str,
    binary: bool,
    left: Vec<String>,
    right: Vec<String>,
    gold: Vec<f64>,
}

/// The full factorial over the four options the brief names, then single changes of the
/// default that are cheap to try (single-character tokens, HMM, character n-grams).
fn grid() -> Vec<Setting> {
    let mut out = Vec::new();
    for subwords in [true, false] {
        for sublinear in [true, false] {
            for bigrams in [true, false] {
                for min_df in [1, 2] {
                    out.push(Setting {
                        tokens: Tokens::Words {
                            subwords,
                            min_chars: 2,
                            hmm: false,
                        },
                        sublinear,
                        bigrams,
                        min_df,
                    });
                }
            }
        }
    }
    let words = |min_chars, hmm| Tokens::Words {
        subwords: true,
        min_chars,
        hmm,
    };
    for tokens in [words(1, false), words(2, true), words(1, true)] {
        out.push(Setting { tokens, ..DEFAULT });
    }
    out.push(Setting {
        tokens: words(1, false),
        bigrams: false,
        ..DEFAULT
    });
    out.push(Setting {
        tokens: Tokens::Chars,
        ..DEFAULT
    });
    out.push(Setting {
        tokens: Tokens::Chars,
        bigrams: false,
        ..DEFAULT
    });
    out
}

fn data_dir() -> PathBuf {
    match std::env::args().nth(1) {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data"),
    }
}

fn read(path: &Path) -> Result<String> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(text.trim_start_matches('\u{feff}').to_string())
}

/// `source_id||sentence1||sentence2||score`.
fn load_sts(name: &'static str, path: &Path) -> Result<PairSet> {
    let mut set = PairSet::new(name, false);
    for (i, line) in read(path)?.lines().enumerate() {
        let fields: Vec<&str> = line.split("||").collect();
        let [_, a, b, score] = fields[..] else {
            bail!(
                "{}:{}: expected 4 fields separated by ||",
                path.display(),
                i + 1
            );
        };
        let score: f64 = score
            .trim()
            .parse()
            .with_context(|| format!("{}:{}: bad score {score:?}", path.display(), i + 1))?;
        set.push(a, b, score);
    }
    Ok(set)
}

/// `sentence1<TAB>sentence2<TAB>label` (LCQMC).
fn load_tsv(name: &'static str, path: &Path) -> Result<PairSet> {
    let mut set = PairSet::new(name, true);
    for (i, line) in read(path)?.lines().enumerate() {
        let fields: Vec<&str> = line.split('\t').collect();
        let [a, b, label] = fields[..] else {
            bail!(
                "{}:{}: expected 3 tab-separated fields",
                path.display(),
                i + 1
            );
        };
        set.push(a, b, label_of(label, path, i)?);
    }
    Ok(set)
}

/// CSV with header `sentence1,sentence2,label` (BQ); fields are quoted when they hold a comma.
fn load_csv(name: &'static str, path: &Path) -> Result<PairSet> {
    let mut set = PairSet::new(name, true);
    for (i, line) in read(path)?.lines().enumerate().skip(1) {
        let fields = csv_fields(line);
        let [a, b, label] = &fields[..] else {
            bail!("{}:{}: expected 3 CSV fields", path.display(), i + 1);
        };
        set.push(a, b, label_of(label, path, i)?);
    }
    Ok(set)
}

fn label_of(label: &str, path: &Path, i: usize) -> Result<f64> {
    match label.trim() {
        "0" => Ok(0.0),
        "1" => Ok(1.0),
        other => bail!(
            "{}:{}: label {other:?} is not 0 or 1",
            path.display(),
            i + 1
        ),
    }
}

/// Splits one CSV record (RFC 4180 quoting, no embedded newlines).
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    fields.push(field);
    fields
}

impl PairSet {
    fn new(name: &'static str, binary: bool) -> Self {
        PairSet {
            name,
            binary,
            left: Vec::new(),
            right: Vec::new(),
            gold: Vec::new(),
        }
    }

    fn push(&mut self, a: &str, b: &str, gold: f64) {
        self.left.push(a.to_string());
        self.right.push(b.to_string());
        self.gold.push(gold);
    }

    fn sentences(&self) -> Vec<&str> {
        self.left
            .iter()
            .chain(&self.right)
            .map(String::as_str)
            .collect()
    }
}

/// Spearman ρ and (binary sets) ROC-AUC of one setting on one set.
struct Score {
    rho: f64,
    auc: Option<f64>,
    empty_pairs: usize,
}

fn score(set: &PairSet, tokens: &[Vec<String>], setting: &Setting) -> Result<Score> {
    let model = setting.tfidf().check()?.fit(tokens)?;
    let matrix = model.transform(tokens);
    let n = set.gold.len();
    let cos: Vec<f64> = (0..n)
        .map(|i| f64::from(matrix.row_dot(i, n + i)))
        .collect();
    let empty_pairs = (0..n)
        .filter(|&i| matrix.row(i).0.is_empty() || matrix.row(n + i).0.is_empty())
        .count();
    let rho = spearman(&cos, &set.gold)?;
    let auc = if set.binary {
        let labels: Vec<bool> = set.gold.iter().map(|&g| g > 0.5).collect();
        Some(roc_auc(&cos, &labels)?)
    } else {
        None
    };
    Ok(Score {
        rho,
        auc,
        empty_pairs,
    })
}

fn load_sets(dir: &Path) -> Vec<PairSet> {
    type Loader = fn(&'static str, &Path) -> Result<PairSet>;
    let sources: [(&'static str, &str, Loader); 4] = [
        ("STS-B test", "chinese-sts-b/cnsd-sts-test.txt", load_sts),
        ("STS-B dev", "chinese-sts-b/cnsd-sts-dev.txt", load_sts),
        ("LCQMC test", "lcqmc/test.txt", load_tsv),
        ("BQ test", "bq_corpus/test.csv", load_csv),
    ];
    let mut sets = Vec::new();
    for (name, rel, load) in sources {
        let path = dir.join(rel);
        if !path.is_file() {
            println!("skipping {name}: {} not found", path.display());
            continue;
        }
        match load(name, &path) {
            Ok(set) => sets.push(set),
            Err(e) => println!("skipping {name}: {e:#}"),
        }
    }
    sets
}

fn main() -> Result<()> {
    let dir = data_dir();
    if !dir.is_dir() {
        println!(
            "skipping: data directory {} not found (pass DATA_DIR as the first argument)",
            dir.display()
        );
        return Ok(());
    }
    let sets = load_sets(&dir);
    if sets.is_empty() {
        println!("skipping: no evaluation set found under {}", dir.display());
        return Ok(());
    }
    for s in &sets {
        println!("{}: {} pairs", s.name, s.gold.len());
    }

    let started = Instant::now();
    // Tokenizing is the slow part; each tokenizer variant runs once per set.
    let mut tokens: BTreeMap<(Tokens, usize), Vec<Vec<String>>> = BTreeMap::new();
    let grid = grid();
    for setting in &grid {
        for (i, set) in sets.iter().enumerate() {
            if let Entry::Vacant(slot) = tokens.entry((setting.tokens, i)) {
                slot.insert(tokenize(setting.tokens, &set.sentences())?);
            }
        }
    }

    println!();
    print!("| {:<48} |", "setting (* = current default)");
    for s in &sets {
        if s.binary {
            print!(" {} ρ | {} AUC |", s.name, s.name);
        } else {
            print!(" {} ρ |", s.name);
        }
    }
    println!();
    print!("|{}|", "-".repeat(50));
    for s in &sets {
        print!("{}", if s.binary { "---:|---:|" } else { "---:|" });
    }
    println!();
    let mut empty_default = Vec::new();
    for setting in &grid {
        let mark = if *setting == DEFAULT { "* " } else { "" };
        print!("| {:<48} |", format!("{mark}{}", setting.describe()));
        for (i, set) in sets.iter().enumerate() {
            let toks = &tokens[&(setting.tokens, i)];
            let s = score(set, toks, setting).with_context(|| set.name)?;
            print!(" {:.2} |", 100.0 * s.rho);
            if let Some(auc) = s.auc {
                print!(" {:.2} |", 100.0 * auc);
            }
            if *setting == DEFAULT {
                empty_default.push((set.name, s.empty_pairs, set.gold.len()));
            }
        }
        println!();
    }
    println!();
    for (name, empty, n) in empty_default {
        println!("{name}: {empty} of {n} pairs have an empty vector on one side (default setting)");
    }
    println!("total time {:.1}s", started.elapsed().as_secs_f64());
    Ok(())
}
