//! Lists the terms with the highest document frequency over the seed "units" (each
//! non-empty line of each seed file), to choose the policy-filler stop words.
//!
//! Usage: `cargo run --release --example stopword_candidates -- SEED_DIR [MIN_UNIT_DF_PCT] [MIN_DOCS]`
//! (defaults: `seeds`, 1.5 and 4). Segmentation uses the default user dictionary with
//! stop words disabled, so that the current list can be re-derived; terms already in
//! `models/stopwords.txt` are marked with `*`.

use std::collections::{BTreeMap, BTreeSet};
use std::error::Error;
use std::path::PathBuf;

use xietong::text::{Tokenizer, TokenizerParams};

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = PathBuf::from(args.first().map_or("seeds", String::as_str));
    let min_pct: f64 = args.get(1).map_or(Ok(1.5), |s| s.parse())?;
    let min_docs: usize = args.get(2).map_or(Ok(4), |s| s.parse())?;

    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();

    let tok = TokenizerParams::new().default_stopwords(false).build()?;
    let with_stop = TokenizerParams::new().build()?;
    let mut unit_df: BTreeMap<String, usize> = BTreeMap::new();
    let mut doc_sets: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    let mut n_units = 0usize;
    for (doc, path) in files.iter().enumerate() {
        let text = std::fs::read_to_string(path)?;
        let units: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        n_units += units.len();
        for tokens in tok.tokenize_all(&units) {
            let distinct: BTreeSet<String> = tokens.into_iter().collect();
            for t in distinct {
                *unit_df.entry(t.clone()).or_default() += 1;
                doc_sets.entry(t).or_default().insert(doc);
            }
        }
    }
    report(&with_stop, &unit_df, &doc_sets, n_units, min_pct, min_docs);
    Ok(())
}

fn report(
    with_stop: &Tokenizer,
    unit_df: &BTreeMap<String, usize>,
    doc_sets: &BTreeMap<String, BTreeSet<usize>>,
    n_units: usize,
    min_pct: f64,
    min_docs: usize,
) {
    let mut rows: Vec<(&String, usize, usize)> = unit_df
        .iter()
        .map(|(t, &df)| (t, df, doc_sets.get(t).map_or(0, BTreeSet::len)))
        .filter(|&(_, df, docs)| 100.0 * df as f64 / n_units as f64 >= min_pct && docs >= min_docs)
        .collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    println!("# {n_units} units; terms with unit DF >= {min_pct}% and in >= {min_docs} documents");
    println!("# term\tunit_df\tpct\tdocs\tstop");
    for (t, df, docs) in rows {
        let mark = if with_stop.is_stopword(t) { "*" } else { "" };
        let pct = 100.0 * df as f64 / n_units as f64;
        println!("{t}\t{df}\t{pct:.1}\t{docs}\t{mark}");
    }
}
