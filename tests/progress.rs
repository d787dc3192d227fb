//! Progress bars of the `xietong` binary: drawn on standard error only at a terminal, never
//! when it is piped, never with `--quiet`, and never in the way of the output.

mod common;

use std::path::Path;
use std::process::Command;

use common::{repo, stderr, stdout, xietong};

/// Runs the binary in `dir` inside a pseudo-terminal with util-linux `script`, so that its
/// standard error (and output) is a terminal; returns what the terminal received, or `None`
/// (said on stderr) when `script` is not installed.
fn at_terminal(dir: &Path, args: &[&str]) -> Option<String> {
    let mut command = format!("'{}'", env!("CARGO_BIN_EXE_xietong"));
    for a in args {
        command.push_str(&format!(" '{a}'"));
    }
    let run = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output();
    match run {
        Ok(o) if o.status.success() => Some(stdout(&o)),
        Ok(o) => panic!(
            "{command} at a terminal failed: {}{}",
            stdout(&o),
            stderr(&o)
        ),
        Err(e) => {
            eprintln!("skipped: no pseudo-terminal without `script` (util-linux): {e}");
            None
        }
    }
}

#[test]
fn piped_runs_print_no_progress() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("r.txt");
    let out = out.to_string_lossy();
    let o = xietong(repo(), &["report", "--k", "4", "--out", &out]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stderr(&o), "", "nothing on a piped stderr");
    assert!(std::fs::read_to_string(dir.path().join("r.txt"))?.contains("── Cluster 1 ·"));
    // `--timings` adds its table and nothing else.
    let o = xietong(repo(), &["report", "--k", "4", "--out", &out, "--timings"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert!(lines[0].starts_with("stage "), "{err}");
    assert!(
        lines.last().is_some_and(|l| l.starts_with("total ")),
        "{err}"
    );
    for stage in ["read", "tokenize", "k-means", "write"] {
        assert_eq!(
            lines.iter().filter(|l| l.starts_with(stage)).count(),
            1,
            "{stage} once in {err}"
        );
    }
    assert!(!err.contains('✔'), "{err}");
    Ok(())
}

#[test]
fn quiet_runs_print_no_progress() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("r.txt");
    let out = out.to_string_lossy();
    let o = xietong(repo(), &["similar", "--quiet", "--out", &out]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    let Some(screen) = at_terminal(repo(), &["report", "--quiet", "--k", "4", "--out", &out])
    else {
        return Ok(());
    };
    assert_eq!(screen, "", "--quiet at a terminal");
    Ok(())
}

#[test]
fn a_terminal_sees_each_stage_end_with_its_time() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("r.txt");
    let out = out.to_string_lossy();
    let Some(screen) = at_terminal(repo(), &["report", "--k", "4", "--out", &out]) else {
        return Ok(());
    };
    let mut from = 0;
    for stage in [
        "read",
        "clean+segment",
        "tokenize",
        "neighbours+duplicates",
        "k-means",
        "assign+labels",
        "report",
        "write",
    ] {
        let line = format!("✔ {stage} ");
        let at = screen[from..].find(&line);
        assert!(at.is_some(), "{line:?} after byte {from} in {screen:?}");
        from += at.unwrap_or(0) + line.len();
    }
    assert!(std::fs::read_to_string(dir.path().join("r.txt"))?.contains("── Cluster 1 ·"));
    Ok(())
}

#[test]
fn bars_never_draw_over_a_report_on_the_terminal() {
    let Some(screen) = at_terminal(repo(), &["report", "--k", "4"]) else {
        return;
    };
    let report = screen.find("── Cluster 1 ·");
    let last_bar = screen.rfind('✔');
    assert!(
        matches!((last_bar, report), (Some(b), Some(r)) if b < r),
        "every stage line before the report: {screen:?}"
    );
    assert!(!screen.contains("✔ write"), "{screen:?}");
}
