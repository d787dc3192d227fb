//! Retrieval-quality check on the seeds (not a unit test): paragraphs about the same policy
//! topic in different seed documents should be in each other's top-5 neighbours.
//!
//! Usage: `cargo run --release --example quality -- SEED_DIR`
//!
//! Paragraphs: the PDF extract 000 breaks lines mid-sentence, so a line continues the
//! previous paragraph unless that one ended with `。` / `：` or the line starts an item
//! (`1.`, `11..`); paragraphs under 20 characters (titles) are merged into the next one.

use std::error::Error;
use std::path::PathBuf;

use xietong::similarity::{neighbors, NeighborParams};
use xietong::text::TokenizerParams;
use xietong::vectorize::{DfThreshold, TfidfParams};

/// (topic, [(seed file prefix, substring identifying the paragraph)]).
const TOPICS: &[(&str, &[(&str, &str)])] = &[
    (
        "集群促进机构",
        &[
            ("002", "加速新型集群促进机构成长"),
            ("003", "以集群发展促进机构充当"),
        ],
    ),
    (
        "园区共建",
        &[
            ("000", "探索园区共建的股权投资模式"),
            ("001", "强化园区共建，深化跨江融合"),
            ("003", "打造共建园区、产业飞地"),
            ("004", "深入推进南北结对帮扶和园区共建"),
            ("004", "推进共建园区提档升级"),
        ],
    ),
    (
        "资质互认",
        &[
            ("000", "实施资质互认"),
            ("001", "人才资质互认成功经验"),
            ("003", "职称评价结果互认"),
        ],
    ),
    (
        "成本共担/财税分享",
        &[
            ("001", "成本共担、财税共享"),
            ("003", "多方成本共担、利益共享机制"),
            ("003", "新建企业的财税分享机制"),
        ],
    ),
];

fn starts_item(line: &str) -> bool {
    let mut chars = line.chars();
    let digit = chars.next().is_some_and(|c| c.is_ascii_digit());
    digit
        && line
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .starts_with('.')
}

fn paragraphs(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let ended = cur.ends_with('。') || cur.ends_with('：');
        if !cur.is_empty() && (ended || starts_item(line)) {
            out.push(std::mem::take(&mut cur));
        }
        cur.push_str(line);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    let mut merged: Vec<String> = Vec::new();
    let mut carry = String::new();
    for p in out {
        carry.push_str(&p);
        if carry.chars().count() >= 20 {
            merged.push(std::mem::take(&mut carry));
        }
    }
    if !carry.is_empty() {
        merged.push(carry);
    }
    merged
}

fn main() -> Result<(), Box<dyn Error>> {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "seeds".into()));
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    let (mut units, mut group, mut names) = (Vec::new(), Vec::new(), Vec::new());
    for (g, p) in paths.iter().enumerate() {
        let name = p
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("?")
            .to_owned();
        for para in paragraphs(&std::fs::read_to_string(p)?) {
            units.push(para);
            group.push(g as u32);
            names.push(name[..3].to_owned());
        }
    }
    let find = |doc: &str, needle: &str| -> Result<usize, String> {
        (0..units.len())
            .find(|&i| names[i] == doc && units[i].contains(needle))
            .ok_or_else(|| format!("paragraph not found: {doc} {needle}"))
    };
    let mut topics = Vec::new();
    for (topic, spec) in TOPICS {
        let rows = spec
            .iter()
            .map(|(d, n)| find(d, n))
            .collect::<Result<Vec<_>, _>>()?;
        topics.push((*topic, rows));
    }
    println!("{} paragraphs from {} seeds", units.len(), paths.len());
    println!("min_chars sublinear ngram min_df max_df | hits per topic (pairs found in top 5) | total | MRR");
    let subwords = std::env::var("PLAIN_CUT").is_err();
    for min_chars in [2, 1] {
        let tok = TokenizerParams::new()
            .min_chars(min_chars)
            .subwords(subwords)
            .build()?;
        let docs = tok.tokenize_all(&units);
        for sublinear in [false, true] {
            for ngram in [1, 2] {
                for (min_df, max_df) in [(1, 1.0), (2, 1.0), (1, 0.5), (1, 0.2)] {
                    let params = TfidfParams::new()
                        .sublinear_tf(sublinear)
                        .ngram(1, ngram)
                        .min_df(DfThreshold::Count(min_df))
                        .max_df(DfThreshold::Fraction(max_df));
                    let (model, m) = params.check()?.fit_transform(&docs)?;
                    let nn = neighbors(&m, &group, &NeighborParams::new().top_n(5).check()?)?;
                    let (mut hit, mut total, mut rr) = (0, 0, 0.0);
                    let mut per = Vec::new();
                    for (_, rows) in &topics {
                        let (mut h, mut t) = (0, 0);
                        for &a in rows {
                            for &b in rows.iter().filter(|&&b| group[b] != group[a]) {
                                t += 1;
                                if let Some(pos) = nn[a].iter().position(|n| n.row == b) {
                                    h += 1;
                                    rr += 1.0 / (pos + 1) as f64;
                                }
                            }
                        }
                        per.push(format!("{h}/{t}"));
                        hit += h;
                        total += t;
                    }
                    if std::env::var("VERBOSE").is_ok_and(|v| {
                        v == format!("{min_chars}{sublinear}{ngram}{min_df}{max_df}")
                    }) {
                        for (topic, rows) in &topics {
                            for &a in rows {
                                println!(
                                    "[{topic}] {} {}",
                                    names[a],
                                    units[a].chars().take(30).collect::<String>()
                                );
                                for n in &nn[a] {
                                    let terms: Vec<&str> = n
                                        .shared_terms
                                        .iter()
                                        .filter_map(|&(c, _)| model.term(c))
                                        .collect();
                                    println!(
                                        "    {:.3} {} {} {:?}",
                                        n.score,
                                        names[n.row],
                                        units[n.row].chars().take(25).collect::<String>(),
                                        terms
                                    );
                                }
                            }
                        }
                    }
                    println!(
                        "{min_chars} {sublinear:5} 1..={ngram} {min_df} {max_df:.1} | {} | {hit}/{total} | {:.3}",
                        per.join(" "),
                        rr / total as f64
                    );
                }
            }
        }
    }
    let docs = TokenizerParams::new().build()?.tokenize_all(&units);
    let (_, m) = TfidfParams::new().check()?.fit_transform(&docs)?;
    let nn = neighbors(&m, &group, &NeighborParams::new().check()?)?;
    let (mut hit, mut total) = (0, 0);
    for (_, rows) in &topics {
        for &a in rows {
            for &b in rows.iter().filter(|&&b| group[b] != group[a]) {
                total += 1;
                hit += usize::from(nn[a].iter().any(|n| n.row == b));
            }
        }
    }
    println!("crate defaults: {hit}/{total} pairs found in top 5");
    Ok(())
}
