//! The binary model file (`fit --model FILE.xtm`): it loads back to the same model as the JSON
//! one, places new documents the same way, is smaller, and a truncated, damaged or
//! wrong-version file is refused with a message naming the file.

mod common;

use xietong::corpus::Corpus;
use xietong::engine::{analyse, Settings};
use xietong::model::SavedModel;
use xietong::model_bin::{self, BIN_VERSION, MAGIC};

use common::{repo, stderr, stdout, xietong};

fn seed_model() -> SavedModel {
    let corpus = Corpus::load(&[], &Default::default()).unwrap_or_else(|e| panic!("seeds: {e}"));
    let analysis = analyse(&corpus, &Settings::default()).unwrap_or_else(|e| panic!("{e}"));
    SavedModel::from_analysis(&analysis).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_binary_model_loads_back_equal_and_smaller_than_json() -> std::io::Result<()> {
    let model = seed_model();
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("m.xtm");
    let bytes = model_bin::to_bytes(&model);
    assert!(bytes.starts_with(MAGIC));
    assert!(bytes.len() < model.to_bytes().len());
    std::fs::write(&path, &bytes)?;
    let back = SavedModel::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, model);
    Ok(())
}

#[test]
fn truncated_damaged_and_other_version_files_are_refused_by_name() -> std::io::Result<()> {
    let bytes = model_bin::to_bytes(&seed_model());
    let dir = tempfile::tempdir()?;
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("cut.xtm", bytes[..bytes.len() / 2].to_vec(), "truncated"),
        ("nosum.xtm", bytes[..bytes.len() - 2].to_vec(), "truncated"),
        ("header.xtm", bytes[..12].to_vec(), "too short"),
        (
            "version.xtm",
            {
                let mut b = bytes.clone();
                b[8..12].copy_from_slice(&(BIN_VERSION + 1).to_le_bytes());
                b
            },
            "version 2 is not supported",
        ),
        (
            "flipped.xtm",
            {
                let mut b = bytes.clone();
                let last = b.len() - 10;
                b[last] ^= 0x55;
                b
            },
            "checksum",
        ),
    ];
    for (name, data, why) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, data)?;
        let msg = SavedModel::load(&path)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_else(|| panic!("{name} was accepted"));
        assert!(msg.contains(name) && msg.contains(why), "{name}: {msg}");
    }
    Ok(())
}

#[test]
fn fit_writes_binary_for_xtm_and_assign_places_like_json() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let seeds = repo().join("seeds").display().to_string();
    for model in ["m.xtm", "m.json"] {
        let o = xietong(dir.path(), &["fit", &seeds, "--model", model, "-q"]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let bin = std::fs::read(dir.path().join("m.xtm"))?;
    assert!(bin.starts_with(MAGIC));
    let placed = |model: &str| {
        let o = xietong(
            dir.path(),
            &["assign", &seeds, "--model", model, "--format", "json"],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let v: serde_json::Value =
            serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{e}"));
        v["assignments"].as_array().cloned().unwrap_or_default()
    };
    // The same placements; similarities agree to rounding (JSON's decimal floats are parsed
    // to within an ulp, the binary file keeps the bits).
    let (bin, json) = (placed("m.xtm"), placed("m.json"));
    assert_eq!(bin.len(), json.len());
    assert!(bin.len() > 50);
    for (b, j) in bin.iter().zip(&json) {
        assert_eq!((&b["unit"], &b["cluster"]), (&j["unit"], &j["cluster"]));
        let (x, y) = (b["similarity"].as_f64(), j["similarity"].as_f64());
        assert!(
            matches!((x, y), (Some(x), Some(y)) if (x - y).abs() < 1e-6),
            "{b} {j}"
        );
    }
    Ok(())
}
