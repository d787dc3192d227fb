//! Progress bars on standard error (binary only): one bar or spinner per pipeline stage,
//! replaced by a one-line summary with the stage's time when it ends. Drawn only for a person
//! at a terminal; piped, redirected or `--quiet` runs get a silent handle and print nothing.

use std::io::IsTerminal;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use xietong::progress::{Progress, ProgressHandle};

/// How often a spinner and its elapsed time are redrawn while the stage computes.
const TICK: Duration = Duration::from_millis(120);
/// Width of the stage column (the longest name is `neighbours+duplicates`).
const STAGE_WIDTH: usize = 21;

/// Progress for this run: bars when standard error is a terminal and the user did not ask
/// for `--quiet`, else nothing at all.
pub fn for_stderr(quiet: bool) -> ProgressHandle {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressHandle::default();
    }
    ProgressHandle::new(Arc::new(Bars::default()))
}

/// The bar of the stage that is running.
struct Running {
    stage: &'static str,
    bar: ProgressBar,
}

/// Draws the stages one at a time.
#[derive(Default)]
struct Bars {
    running: Mutex<Option<Running>>,
}

impl Bars {
    fn running(&self) -> MutexGuard<'_, Option<Running>> {
        // A panic elsewhere while drawing leaves the bar usable; never panic again over it.
        self.running.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Progress for Bars {
    fn begin(&self, stage: &'static str, total: Option<usize>) {
        let mut running = self.running();
        if let Some(open) = running.take() {
            // An umbrella stage (clustering): its parts have printed their own summaries.
            open.bar.finish_and_clear();
        }
        let bar = match total {
            Some(n) => ProgressBar::new(n as u64).with_style(counted()),
            None => ProgressBar::new_spinner().with_style(spinner()),
        };
        bar.set_prefix(stage);
        bar.enable_steady_tick(TICK);
        *running = Some(Running { stage, bar });
    }

    fn set_total(&self, total: usize) {
        if let Some(r) = self.running().as_ref() {
            r.bar.set_length(total as u64);
            r.bar.set_style(counted());
        }
    }

    fn advance(&self, n: usize) {
        if let Some(r) = self.running().as_ref() {
            r.bar.inc(n as u64);
        }
    }

    fn end(&self, stage: &'static str, time: Duration, _items: usize) {
        let line = summary(stage, time);
        let mut running = self.running();
        match running.take() {
            Some(r) if r.stage == stage => {
                r.bar.finish_and_clear();
                eprintln!("{line}");
            }
            Some(open) => {
                // A part of the open umbrella stage: its line goes above the spinner.
                open.bar.println(line);
                *running = Some(open);
            }
            None => eprintln!("{line}"),
        }
    }
}

impl Drop for Bars {
    /// A run that stops early (an error) leaves no half-drawn bar under its message.
    fn drop(&mut self) {
        if let Some(r) = self.running().take() {
            r.bar.finish_and_clear();
        }
    }
}

/// What an ended stage leaves on the screen.
fn summary(stage: &str, time: Duration) -> String {
    format!("✔ {stage:<STAGE_WIDTH$} {:>8.2} s", time.as_secs_f64())
}

fn spinner() -> ProgressStyle {
    style("")
}

fn counted() -> ProgressStyle {
    style(" [{bar:30}] {human_pos}/{human_len}")
}

/// The stage's spinner, name and elapsed time, then `rest`.
fn style(rest: &str) -> ProgressStyle {
    let template = format!("{{spinner}} {{prefix:<{STAGE_WIDTH}}} {{elapsed:>6}}{rest}");
    ProgressStyle::with_template(&template)
        .map(|s| s.progress_chars("=> "))
        // The templates are constants; should one ever be refused, plain bars still work.
        .unwrap_or_else(|_| ProgressStyle::default_spinner())
}
