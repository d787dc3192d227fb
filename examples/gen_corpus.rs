//! Writes a deterministic benchmark archive: `--units N` proposals as documents of about 20
//! numbered proposals, with 2% reworded near-duplicates across documents.
//!
//! `cargo run --release --example gen_corpus -- --units 10000 --out DIR [--seed S] [--data DIR]`

#[path = "common/gen.rs"]
mod gen;

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (mut units, mut out, mut seed) = (10_000usize, None, 42u64);
    let mut data = gen::default_data_dir();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--units" => units = value()?.parse()?,
            "--out" => out = Some(PathBuf::from(value()?)),
            "--seed" => seed = value()?.parse()?,
            "--data" => data = PathBuf::from(value()?),
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let out = out.ok_or("--out DIR is required")?;
    let pools = gen::Pools::load(&data)?;
    for n in &pools.notes {
        eprintln!("gen_corpus: {n}");
    }
    let w = gen::generate(&pools, units, seed, &out)?;
    eprintln!(
        "gen_corpus: {} documents, {} proposals ({} reworded copies) in {}",
        w.documents,
        w.proposals,
        w.duplicates,
        out.display()
    );
    Ok(())
}
