//! Helpers shared by the tests that drive the `xietong` binary: run it in a folder, read what
//! it printed.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

/// Runs the built binary in `dir` with `args`.
pub fn xietong(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xietong"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("running xietong: {e}"))
}

/// The repository root (where `seeds/` is).
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Standard output parsed as JSON.
pub fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("bad JSON ({e}): {}", stdout(o)))
}

/// The unit among `units` of document `doc` whose heading (or text) starts with `head`;
/// panics naming it when there is none.
pub fn unit_starting(
    c: &xietong::corpus::Corpus,
    units: &[usize],
    doc: usize,
    head: &str,
) -> usize {
    units
        .iter()
        .copied()
        .find(|&id| {
            let u = &c.units[id];
            u.document == doc
                && (u
                    .unit
                    .heading
                    .as_deref()
                    .is_some_and(|h| h.starts_with(head))
                    || u.unit.text.starts_with(head))
        })
        .unwrap_or_else(|| panic!("no recommendation {head:?} in document {doc}"))
}
