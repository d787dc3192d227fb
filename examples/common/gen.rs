//! Deterministic synthetic archive for the benchmarks: documents of about 20 numbered
//! proposals built from real Chinese sentences (the seeds' recommendations and, when present,
//! the corpora in ../shared/data), with a known share of reworded near-duplicate proposals.

use std::fmt::Write as _;
use std::path::Path;

use rand_xoshiro::rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use xietong::corpus::Corpus;
use xietong::ingest::ReadOptions;
use xietong::segment::Kind;

/// Proposals per document.
pub const PER_DOC: usize = 20;
/// Share of proposals that are reworded copies of an earlier proposal of another document.
pub const DUPLICATE_SHARE: f64 = 0.02;
/// Share of a document's body sentences drawn from its own theme.
const THEME_SHARE: f64 = 0.6;
/// Share drawn from the seeds' recommendations (the rest from any pool). Kept small: the
/// seeds hold only a few hundred sentences, and a sentence repeated in thousands of units is
/// boilerplate no real archive has (it made every pair of those units a near-duplicate).
const SEED_SHARE: f64 = 0.02;

/// Verbs that open Chinese proposals; a lead sentence is one of them and a noun phrase.
const VERBS: [&str; 14] = [
    "推进", "加强", "完善", "健全", "推动", "强化", "优化", "建立", "深化", "促进", "提升", "加快",
    "支持", "引导",
];

/// Themed sentence pools. Pool 0 is the seeds; each other pool is one category of a data set.
pub struct Pools {
    /// Sentences of each pool, each ending in `。`.
    pub pools: Vec<Vec<String>>,
    /// Short noun phrases (leads) per pool.
    pub phrases: Vec<Vec<String>>,
    /// Headings of the seeds' recommendations, used as some leads.
    pub seed_leads: Vec<String>,
    /// What was read and what was skipped, for the user.
    pub notes: Vec<String>,
}

/// A small seeded generator with the few draws the generator needs.
pub struct Rng(Xoshiro256PlusPlus);

impl Rng {
    /// Seeded generator.
    pub fn new(seed: u64) -> Rng {
        Rng(Xoshiro256PlusPlus::seed_from_u64(seed))
    }
    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.0.next_u64()) * n as u128) >> 64) as usize
    }
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn pick<'a>(&mut self, v: &'a [String]) -> &'a str {
        &v[self.below(v.len())]
    }
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Splits text into sentences ending in `。`, normalising ASCII punctuation between CJK text
/// (CSL abstracts use `,` and `.`) and dropping pieces that would read as numbering.
pub fn sentences(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let prev_digit = i > 0 && chars[i - 1].is_ascii_digit();
        let next_digit = chars.get(i + 1).is_some_and(|n| n.is_ascii_digit());
        match c {
            '。' | '！' | '？' | '；' | '!' | '?' | ';' => push_sentence(&mut out, &mut cur),
            '.' if !(prev_digit && next_digit) => push_sentence(&mut out, &mut cur),
            ',' if !(prev_digit && next_digit) => cur.push('，'),
            '\n' | '\r' | '\t' => cur.push('，'),
            _ => cur.push(c),
        }
    }
    push_sentence(&mut out, &mut cur);
    out
}

fn push_sentence(out: &mut Vec<String>, cur: &mut String) {
    let s = cur
        .trim()
        .trim_matches(|c: char| "，,、：: ".contains(c))
        .to_string();
    cur.clear();
    let n = s.chars().count();
    let first = s.chars().next().unwrap_or(' ');
    let second = s.chars().nth(1).unwrap_or(' ');
    let numbered = !is_cjk(first)
        || first == '第'
        || ("一二三四五六七八九十".contains(first) && "、是要".contains(second));
    if (6..=100).contains(&n) && !numbered && s.chars().filter(|&c| is_cjk(c)).count() * 2 > n {
        out.push(format!("{s}。"));
    }
}

/// The first clause of a sentence, cut to a lead-sized noun phrase.
fn phrase(sentence: &str) -> Option<String> {
    let clause: String = sentence
        .split(|c: char| "，。：:、（(".contains(c))
        .next()?
        .chars()
        .take(14)
        .collect();
    (clause.chars().count() >= 4 && clause.chars().all(is_cjk)).then_some(clause)
}

fn read_lines(path: &Path, notes: &mut Vec<String>) -> Vec<String> {
    match std::fs::read_to_string(path) {
        Ok(t) => t
            .trim_start_matches('\u{feff}')
            .lines()
            .map(str::to_string)
            .collect(),
        Err(e) => {
            notes.push(format!("skipped {}: {e}", path.display()));
            Vec::new()
        }
    }
}

impl Pools {
    /// Reads the seeds (always) and the data sets under `data` (each skipped with a note when
    /// missing).
    pub fn load(data: &Path) -> Result<Pools, Box<dyn std::error::Error>> {
        let seeds = Corpus::load(&[], &ReadOptions::default())?;
        let mut notes = Vec::new();
        let mut seed_pool = Vec::new();
        let mut seed_leads = Vec::new();
        for u in seeds.units_of(&[Kind::Recommendation]) {
            seed_pool.extend(sentences(&u.unit.text));
            if let Some(h) = &u.unit.heading {
                let h: String = h.chars().take_while(|&c| c != '，').collect();
                if h.chars().count() >= 4 {
                    seed_leads.push(h);
                }
            }
        }
        let mut themed: Vec<(String, Vec<String>)> = Vec::new();
        let add = |key: String, text: &str, themed: &mut Vec<(String, Vec<String>)>| {
            let s = sentences(text);
            match themed.iter_mut().find(|(k, _)| *k == key) {
                Some((_, v)) => v.extend(s),
                None => themed.push((key, s)),
            }
        };
        if !data.is_dir() {
            notes.push(format!(
                "{} is absent: sentences come from the seeds only",
                data.display()
            ));
        } else {
            for line in read_lines(&data.join("csl/csl_devtest_joined.tsv"), &mut notes) {
                let f: Vec<&str> = line.split('\t').collect();
                if f.len() == 5 {
                    add(format!("csl:{}", f[1]), f[4], &mut themed);
                }
            }
            for file in ["dev.txt", "test.txt"] {
                for line in read_lines(&data.join("thucnews-titles").join(file), &mut notes) {
                    if let Some((title, label)) = line.rsplit_once('\t') {
                        add(format!("thucnews:{label}"), title, &mut themed);
                    }
                }
                for line in read_lines(&data.join("lcqmc").join(file), &mut notes) {
                    for s in line.split('\t').take(2) {
                        add("lcqmc".into(), s, &mut themed);
                    }
                }
            }
            for file in ["dev.csv", "test.csv"] {
                for line in read_lines(&data.join("bq_corpus").join(file), &mut notes)
                    .iter()
                    .skip(1)
                {
                    for s in line.split(',').take(2) {
                        add("bq".into(), s, &mut themed);
                    }
                }
            }
            for file in [
                "cnsd-sts-train.txt",
                "cnsd-sts-dev.txt",
                "cnsd-sts-test.txt",
            ] {
                for line in read_lines(&data.join("chinese-sts-b").join(file), &mut notes) {
                    for s in line.split("||").skip(1).take(2) {
                        add("sts-b".into(), s, &mut themed);
                    }
                }
            }
        }
        themed.retain(|(_, v)| v.len() >= 50);
        let mut pools = vec![seed_pool];
        for (key, v) in &themed {
            notes.push(format!("pool {key}: {} sentences", v.len()));
        }
        pools.extend(themed.into_iter().map(|(_, v)| v));
        if pools[0].is_empty() {
            return Err("the seeds gave no recommendation sentences".into());
        }
        let phrases = pools
            .iter()
            .map(|p| p.iter().filter_map(|s| phrase(s)).collect::<Vec<_>>())
            .collect();
        Ok(Pools {
            pools,
            phrases,
            seed_leads,
            notes,
        })
    }
}

/// The shared data folder: `../shared/data` beside the repository, or two levels up for a
/// clone kept under `scratch/`; the first that exists, else the first (reported absent).
pub fn default_data_dir() -> std::path::PathBuf {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let candidates = [repo.join("../shared/data"), repo.join("../../shared/data")];
    candidates
        .iter()
        .find(|c| c.is_dir())
        .unwrap_or(&candidates[0])
        .clone()
}

impl Pools {
    /// A document's theme: a data pool drawn in proportion to its size, so small pools are not
    /// repeated far more often than large ones (the seeds when there is no data).
    fn theme(&self, rng: &mut Rng) -> usize {
        let total: usize = self.pools[1..].iter().map(Vec::len).sum();
        if total == 0 {
            return 0;
        }
        let mut at = rng.below(total);
        for (i, p) in self.pools.iter().enumerate().skip(1) {
            if at < p.len() {
                return i;
            }
            at -= p.len();
        }
        0
    }
}

/// One generated proposal: a lead sentence and its body.
#[derive(Clone)]
struct Proposal {
    lead: String,
    body: Vec<String>,
    document: usize,
}

/// What was written.
pub struct Written {
    /// Documents written.
    pub documents: usize,
    /// Proposals written.
    pub proposals: usize,
    /// Of which reworded copies of a proposal in another document.
    pub duplicates: usize,
}

/// Writes `units` proposals as `ceil(units / 20)` documents into `out` (created).
pub fn generate(
    pools: &Pools,
    units: usize,
    seed: u64,
    out: &Path,
) -> Result<Written, Box<dyn std::error::Error>> {
    std::fs::create_dir_all(out)?;
    let mut rng = Rng::new(seed);
    let mut made: Vec<Proposal> = Vec::with_capacity(units);
    let mut duplicates = 0;
    let n_docs = units.div_ceil(PER_DOC);
    for d in 0..n_docs {
        let theme = pools.theme(&mut rng);
        let count = PER_DOC.min(units - d * PER_DOC);
        let mut doc = String::new();
        let title_phrase = pools.phrases[theme]
            .get(rng.below(pools.phrases[theme].len().max(1)))
            .cloned()
            .unwrap_or_else(|| "区域协同发展".into());
        let _ = write!(
            doc,
            "关于{title_phrase}的对策建议（第{}号）\n\n课题组 研究员{}\n\n",
            d + 1,
            rng.below(1000)
        );
        let intro = rng.pick(&pools.pools[theme]).to_string();
        let _ = write!(doc, "{intro}为此，提出如下建议。\n\n一、对策建议\n\n");
        for i in 0..count {
            let p = if made.len() > PER_DOC && rng.unit() < DUPLICATE_SHARE {
                let src = loop {
                    let s = &made[rng.below(made.len())];
                    if s.document != d {
                        break s.clone();
                    }
                };
                duplicates += 1;
                reword(src, d, &mut rng)
            } else {
                fresh(pools, theme, d, &mut rng)
            };
            let _ = write!(doc, "{}.{}{}\n\n", i + 1, p.lead, p.body.concat());
            made.push(p);
        }
        std::fs::write(out.join(format!("doc_{:06}.txt", d + 1)), doc)?;
    }
    Ok(Written {
        documents: n_docs,
        proposals: made.len(),
        duplicates,
    })
}

fn fresh(pools: &Pools, theme: usize, document: usize, rng: &mut Rng) -> Proposal {
    let lead = if rng.unit() < 0.02 && !pools.seed_leads.is_empty() {
        format!("{}。", rng.pick(&pools.seed_leads))
    } else {
        let from = if pools.phrases[theme].is_empty() {
            0
        } else {
            theme
        };
        let verb = VERBS[rng.below(VERBS.len())];
        format!("{verb}{}。", rng.pick(&pools.phrases[from]))
    };
    let n = 1 + rng.below(3);
    let body = (0..n)
        .map(|_| {
            let r = rng.unit();
            let pool = if r < THEME_SHARE {
                theme
            } else if r < THEME_SHARE + SEED_SHARE {
                0
            } else {
                pools.theme(rng)
            };
            rng.pick(&pools.pools[pool]).to_string()
        })
        .collect();
    Proposal {
        lead,
        body,
        document,
    }
}

/// A reworded copy: another opening verb, `进一步` inserted, sentences reordered or one dropped.
fn reword(mut p: Proposal, document: usize, rng: &mut Rng) -> Proposal {
    p.document = document;
    if let Some(v) = VERBS.iter().find(|v| p.lead.starts_with(**v)) {
        let other = VERBS[rng.below(VERBS.len())];
        p.lead = format!("进一步{other}{}", &p.lead[v.len()..]);
    } else {
        p.lead = format!("进一步{}", p.lead);
    }
    if p.body.len() > 2 && rng.unit() < 0.5 {
        p.body.remove(rng.below(p.body.len()));
    } else if p.body.len() > 1 {
        p.body.reverse();
    }
    p
}
