//! Wall-clock time of each pipeline stage, for `--timings` and the benchmarks. Timings are
//! reported on stderr only, never in outputs, so outputs stay byte-identical between runs.
//! A recorder may carry a [`ProgressHandle`]: stages are then also reported as they begin and
//! end, for a progress display.

use std::fmt::Write;
use std::time::{Duration, Instant};

use crate::progress::ProgressHandle;

/// One measured stage.
#[derive(Debug, Clone, PartialEq)]
pub struct StageTime {
    /// Stage name (`read`, `tokenize`, …).
    pub stage: &'static str,
    /// Wall time.
    pub time: Duration,
    /// Items the stage processed (documents or units), for throughput.
    pub items: usize,
    /// Resident memory when the stage ended and the process's peak so far, in bytes (`None`
    /// where the platform does not report them): a stage that raises the peak holds the most.
    pub memory: Option<(u64, u64)>,
    /// The stage ran on a thread of its own beside the stages recorded just before it, so
    /// its time overlaps theirs and is not added to the total.
    pub beside: bool,
}

/// Stages in the order they ran, and where to report them as they run (silent by default).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Timings(pub Vec<StageTime>, ProgressHandle);

impl Timings {
    /// An empty recorder that also reports each stage to `progress`.
    pub fn with_progress(progress: ProgressHandle) -> Timings {
        Timings(Vec::new(), progress)
    }

    /// An empty recorder reporting to the same progress, for a step that returns its own
    /// timings (the analysis).
    pub fn child(&self) -> Timings {
        Timings::with_progress(self.1.clone())
    }

    /// Reports that `stage` starts (`total`: its item count, when it has a natural one) and
    /// returns the start time to pass to [`Timings::record`].
    pub fn begin(&self, stage: &'static str, total: Option<usize>) -> Instant {
        self.1.begin(stage, total);
        Instant::now()
    }

    /// Where the running stage reports the items it has done.
    pub fn progress(&self) -> &ProgressHandle {
        &self.1
    }

    /// Stops reporting progress (before the output is written to the terminal the progress
    /// is drawn on, or before an error is printed).
    pub fn stop_progress(&mut self) {
        self.1 = ProgressHandle::default();
    }

    /// Records a stage that started at `start` and ends now.
    pub fn record(&mut self, stage: &'static str, start: Instant, items: usize) {
        self.push(stage, start.elapsed(), items);
    }

    /// Records a stage whose duration was measured elsewhere.
    pub fn push(&mut self, stage: &'static str, time: Duration, items: usize) {
        self.add(stage, time, items, false);
    }

    /// Records a stage that ran on its own thread beside other stages (see
    /// [`StageTime::beside`]).
    pub fn push_beside(&mut self, stage: &'static str, time: Duration, items: usize) {
        self.add(stage, time, items, true);
    }

    fn add(&mut self, stage: &'static str, time: Duration, items: usize, beside: bool) {
        let memory = memory_now();
        self.0.push(StageTime {
            stage,
            time,
            items,
            memory,
            beside,
        });
        self.1.end(stage, time, items);
    }

    /// Appends the stages of another recorder.
    pub fn extend(&mut self, other: Timings) {
        self.0.extend(other.0);
    }

    /// Sum of the stages that ran one after another: the wall time of them all.
    pub fn total(&self) -> Duration {
        self.0.iter().filter(|s| !s.beside).map(|s| s.time).sum()
    }

    /// A table: stage, seconds, items and items per second.
    pub fn table(&self) -> String {
        let mut out = String::from(
            "stage                      seconds      items      items/s   rss MiB  peak MiB\n",
        );
        let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
        for s in &self.0 {
            let secs = s.time.as_secs_f64();
            let rate = if secs > 0.0 {
                s.items as f64 / secs
            } else {
                0.0
            };
            // A stage run beside others is marked, as its time is not in the total.
            let name = match s.beside {
                true => format!("({})", s.stage),
                false => s.stage.to_string(),
            };
            let _ = write!(
                out,
                "{:<24} {:>9.3} {:>10} {:>12.0}",
                name, secs, s.items, rate
            );
            let _ = match s.memory {
                Some((rss, peak)) => writeln!(out, " {:>9.0} {:>9.0}", mib(rss), mib(peak)),
                None => writeln!(out),
            };
        }
        let _ = writeln!(out, "{:<24} {:>9.3}", "total", self.total().as_secs_f64());
        out
    }
}

/// Current and peak resident memory of this process (Linux: `VmRSS` and `VmHWM` of
/// `/proc/self/status`); elsewhere `None`.
fn memory_now() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| {
        let line = status.lines().find(|l| l.starts_with(name))?;
        let kb: u64 = line[name.len()..]
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()?;
        Some(kb * 1024)
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_lists_every_stage_and_the_total() {
        let mut t = Timings::default();
        t.push("tokenize", Duration::from_millis(1500), 3000);
        t.push("tf-idf", Duration::from_millis(500), 3000);
        let table = t.table();
        assert!(table.contains("tokenize"));
        assert!(table.contains("2000"), "3000 items in 1.5 s: {table}");
        assert_eq!(t.total(), Duration::from_secs(2));
    }

    #[test]
    fn a_stage_run_beside_others_is_marked_and_not_in_the_total() {
        let mut t = Timings::default();
        t.push_beside("overlap groups", Duration::from_millis(700), 10);
        t.push("k-means", Duration::from_millis(900), 10);
        assert_eq!(t.total(), Duration::from_millis(900));
        assert!(t.table().contains("(overlap groups)"), "{}", t.table());
        assert!(t.table().contains("    0.900\n"), "{}", t.table());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn stages_record_resident_memory_and_the_peak() {
        let mut t = Timings::default();
        t.push("tokenize", Duration::from_millis(10), 1);
        let (rss, peak) = t.0[0].memory.expect("Linux reports VmRSS and VmHWM");
        assert!(rss > 0 && peak >= rss, "rss {rss}, peak {peak}");
        assert!(t.table().contains("peak MiB"));
    }
}
