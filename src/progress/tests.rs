//! The progress events of a whole seed run, recorded.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::{Progress, ProgressHandle};
use crate::corpus::Corpus;
use crate::engine::{self, Settings};
use crate::ingest::ReadOptions;
use crate::report::{renderer, OutputFormat};
use crate::timings::Timings;

/// One event, with the item counts of consecutive `advance` calls summed.
#[derive(Debug, Clone, PartialEq)]
enum Event {
    Begin(&'static str, Option<usize>),
    Total(usize),
    Advanced(usize),
    End(&'static str, usize),
}

#[derive(Default)]
struct Recorder(Mutex<Vec<Event>>);

impl Recorder {
    fn push(&self, e: Event) {
        if let Ok(mut events) = self.0.lock() {
            match (events.last_mut(), e) {
                (Some(Event::Advanced(sum)), Event::Advanced(n)) => *sum += n,
                (_, e) => events.push(e),
            }
        }
    }

    fn events(&self) -> Vec<Event> {
        self.0.lock().map(|e| e.clone()).unwrap_or_default()
    }
}

impl Progress for Recorder {
    fn begin(&self, stage: &'static str, total: Option<usize>) {
        self.push(Event::Begin(stage, total));
    }
    fn set_total(&self, total: usize) {
        self.push(Event::Total(total));
    }
    fn advance(&self, n: usize) {
        self.push(Event::Advanced(n));
    }
    fn end(&self, stage: &'static str, _time: Duration, items: usize) {
        self.push(Event::End(stage, items));
    }
}

/// Loads the seeds and analyses them, reporting to `progress`; returns the timings of the
/// run and the JSON report.
fn seed_run(progress: ProgressHandle) -> Result<(Timings, Vec<u8>), Box<dyn std::error::Error>> {
    let mut timings = Timings::with_progress(progress);
    let corpus = Corpus::load_timed(&[], &ReadOptions::default(), &mut timings)?;
    let mut analysis = engine::analyse_timed(&corpus, &Settings::default(), timings.child())?;
    timings.extend(std::mem::take(&mut analysis.timings));
    let json = renderer(OutputFormat::Json).render(&corpus, &analysis)?;
    Ok((timings, json))
}

#[test]
fn a_seed_run_reports_every_stage_in_order() -> Result<(), Box<dyn std::error::Error>> {
    let recorder = Arc::new(Recorder::default());
    let (timings, _) = seed_run(ProgressHandle::new(recorder.clone()))?;
    let events = recorder.events();
    // The seeds: 5 files (read from `seeds/`, or built in when the tests run elsewhere) and
    // 61 recommendations.
    let read: Vec<Event> = if std::path::Path::new("seeds").is_dir() {
        vec![Event::Total(5), Event::Advanced(5)]
    } else {
        Vec::new()
    };
    let mut want = vec![Event::Begin("read", None)];
    want.extend(read);
    want.extend([
        Event::End("read", 5),
        Event::Begin("clean+segment", None),
        Event::End("clean+segment", 5),
        Event::Begin("load dictionary", None),
        Event::End("load dictionary", 1),
        Event::Begin("tokenize", Some(61)),
        Event::Advanced(61),
        Event::End("tokenize", 61),
        Event::Begin("tf-idf", None),
        Event::End("tf-idf", 61),
        Event::Begin("neighbours+duplicates", None),
        Event::End("neighbours+duplicates", 61),
        Event::Begin("clustering", None),
        Event::End("projection", 61),
        Event::End("k selection", 61),
        Event::End("k-means", 61),
        Event::End("tf-idf refinement", 61),
        Event::End("assign+labels", 61),
        // Grouped beside the clustering, from the seeds' 8 near-duplicate pairs.
        Event::End("overlap groups", 8),
        Event::Begin("2-d map", None),
        Event::End("2-d map", 61),
    ]);
    assert_eq!(events, want);
    // Every recorded stage was reported as it ended, in the same order.
    let ended: Vec<&str> = events
        .iter()
        .filter_map(|e| match e {
            Event::End(stage, _) => Some(*stage),
            _ => None,
        })
        .collect();
    let recorded: Vec<&str> = timings.0.iter().map(|s| s.stage).collect();
    assert_eq!(ended, recorded);
    Ok(())
}

#[test]
fn progress_changes_no_output_byte() -> Result<(), Box<dyn std::error::Error>> {
    let (_, silent) = seed_run(ProgressHandle::default())?;
    let (_, reported) = seed_run(ProgressHandle::new(Arc::new(Recorder::default())))?;
    assert!(!silent.is_empty());
    assert_eq!(silent, reported);
    Ok(())
}

#[test]
fn stopped_progress_hears_nothing_more() {
    let recorder = Arc::new(Recorder::default());
    let mut timings = Timings::with_progress(ProgressHandle::new(recorder.clone()));
    let start = timings.begin("report", None);
    timings.record("report", start, 3);
    timings.stop_progress();
    let start = timings.begin("write", None);
    timings.record("write", start, 10);
    assert_eq!(
        recorder.events(),
        vec![Event::Begin("report", None), Event::End("report", 3)]
    );
    let stages: Vec<&str> = timings.0.iter().map(|s| s.stage).collect();
    assert_eq!(stages, ["report", "write"], "timings still recorded");
}
