//! Progress of a run while it happens: which stage is running and how far it got. The library
//! only reports events through the [`Progress`] trait; drawing them (a bar on a terminal) is
//! the caller's business. Progress never feeds back into the computation, so outputs are
//! byte-identical with or without it.
//!
//! The events arrive through [`crate::timings::Timings`], which the pipeline already fills:
//! [`Timings::begin`](crate::timings::Timings::begin) starts a stage and `record`/`push` end it.

use std::sync::Arc;
use std::time::Duration;

/// Receives the stages of a run as they start, advance and end. Every method defaults to
/// doing nothing, so an implementation picks the events it draws.
///
/// Stages run one after another; [`Progress::advance`] may be called from worker threads.
pub trait Progress: Send + Sync {
    /// `stage` starts; `total` is its item count when it has a natural one (units to
    /// tokenize). A `begin` while another stage is still open replaces that one: a step that
    /// measures several stages at once (clustering) is begun under one name and its stages
    /// end by their own names when it returns.
    fn begin(&self, stage: &'static str, total: Option<usize>) {
        let _ = (stage, total);
    }

    /// The running stage's item count, when it becomes known after the stage began (files
    /// are counted once the input folders are walked).
    fn set_total(&self, total: usize) {
        let _ = total;
    }

    /// `n` more items of the running stage are done.
    fn advance(&self, n: usize) {
        let _ = n;
    }

    /// `stage` ended after `time`, having processed `items`. It may not have been begun (see
    /// [`Progress::begin`]).
    fn end(&self, stage: &'static str, time: Duration, items: usize) {
        let _ = (stage, time, items);
    }
}

/// A shared handle on an optional [`Progress`]: cheap to clone, usable from worker threads,
/// and silent when empty (the default).
#[derive(Clone, Default)]
pub struct ProgressHandle(Option<Arc<dyn Progress>>);

impl ProgressHandle {
    /// A handle that reports to `progress`.
    pub fn new(progress: Arc<dyn Progress>) -> ProgressHandle {
        ProgressHandle(Some(progress))
    }

    /// Whether events go anywhere.
    pub fn is_active(&self) -> bool {
        self.0.is_some()
    }

    /// See [`Progress::begin`].
    pub fn begin(&self, stage: &'static str, total: Option<usize>) {
        if let Some(p) = &self.0 {
            p.begin(stage, total);
        }
    }

    /// See [`Progress::set_total`].
    pub fn set_total(&self, total: usize) {
        if let Some(p) = &self.0 {
            p.set_total(total);
        }
    }

    /// See [`Progress::advance`].
    pub fn advance(&self, n: usize) {
        if let Some(p) = &self.0 {
            p.advance(n);
        }
    }

    /// See [`Progress::end`].
    pub fn end(&self, stage: &'static str, time: Duration, items: usize) {
        if let Some(p) = &self.0 {
            p.end(stage, time, items);
        }
    }
}

impl std::fmt::Debug for ProgressHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = if self.is_active() { "active" } else { "silent" };
        write!(f, "ProgressHandle({state})")
    }
}

/// Handles always compare equal: where progress is reported is not part of what a
/// [`crate::timings::Timings`] measured.
impl PartialEq for ProgressHandle {
    fn eq(&self, _: &ProgressHandle) -> bool {
        true
    }
}

#[cfg(test)]
mod tests;
