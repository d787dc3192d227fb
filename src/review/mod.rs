//! The editor's review: decisions about the groups that survive reruns.
//!
//! Editors correct the machine's clusters (rename, merge, split, move, exclude, mark
//! duplicates, order, annotate) and expect the corrections to hold when documents are added
//! and the analysis is rerun. This module owns those decisions:
//!
//! - [`decisions`]: the decisions file (`xietong.review.json` beside the corpus by default):
//!   versioned, pretty-printed JSON holding an ordered log of operations ([`Op`]), written
//!   atomically and never replaced by a run that failed to read it;
//! - [`fingerprint`]: how a proposal is known across runs (hash of its normalised text and its
//!   document's title: not a unit id or path, which change on re-segmentation, added documents
//!   or reordered folders);
//! - [`apply`]: replaying the log on a run, placing the proposals of documents added since the
//!   last review, and listing decisions whose proposal is gone.
//!
//! # API
//!
//! ```no_run
//! use std::path::Path;
//! use xietong::review::{Decisions, Op, Proposals};
//! # fn demo(corpus: &xietong::corpus::Corpus, analysis: &xietong::engine::Analysis)
//! # -> Result<(), xietong::review::ReviewError> {
//! let path = Path::new("docs/xietong.review.json");
//! // A missing file is an empty review; a damaged one is an error (and must not be saved over).
//! let mut decisions = Decisions::load(path)?;
//! // The run's proposals, with fingerprints and vectors: build once per run.
//! let proposals = Proposals::new(corpus, analysis)?;
//! // Make the current groups the editor's (first review) and record new proposals as seen.
//! decisions.adopt(&proposals);
//! let reviewed = decisions.apply(&proposals);
//! let first = &reviewed.groups[0];
//! let unit = first.entries[0].unit;
//! if let Some(r) = proposals.reference(unit) {
//!     decisions.push(Op::Exclude { proposal: r.clone(), reason: xietong::review::ExcludeReason::OffTopic });
//! }
//! decisions.push(Op::Rename { group: first.id.clone(), title: "空间协同".into() });
//! decisions.undo(); // the rename is taken back
//! decisions.redo(); // and made again
//! decisions.save(path)?; // atomically
//! # Ok(()) }
//! ```
//!
//! - [`Decisions::load`]`(path)`: missing file = no decisions; a damaged file, another format
//!   or version, or an unreadable entry is a [`ReviewError::File`] naming the file and the
//!   entry.
//! - [`Decisions::save`]`(path)`: atomic write (temporary file renamed over the target).
//! - [`Decisions::push`]`(op)` / [`Decisions::undo`] / [`Decisions::redo`]: editor operations;
//!   undo takes back the latest editor operation (never a `place` entry), redo makes it again,
//!   a new push forgets what was undone. [`Decisions::new_group_id`] gives an id for a new group
//!   (`Op::Move { to: Some(new_id) }` or `Op::Split { to: new_id, .. }` create it).
//! - [`Decisions::adopt`]`(&proposals)`: records what the editor has now seen (a `place` entry):
//!   on the first review the machine's groups with every proposal, later the placement of new
//!   proposals. Call it when the review opens, before the first `push`.
//! - [`Decisions::apply`]`(&proposals) -> `[`Reviewed`]: the edited groups in the editor's order
//!   (title, machine label, note, representative, entries with folded duplicates `also` and a
//!   `new` mark), the proposals in no group (`unplaced`, with new ones too far from every
//!   group marked `new`), the `excluded` proposals with their reason, the `orphaned` decisions
//!   and `warnings` about entries (unknown group ids, a proposal placed twice).
//! - [`Proposals::reference`]`(unit)` and [`Proposals::documents`] give the [`ProposalRef`] and
//!   [`DocumentRef`] that operations name.
//!
//! # Rules
//!
//! - Operations are replayed in file order; an operation on a proposal that is not in the run
//!   still applies (so the decision holds if the proposal comes back) and is listed in
//!   [`Reviewed::orphaned`]; an operation naming a group that does not exist is skipped with a
//!   warning naming the entry.
//! - Proposals the editor has not seen (no `place` entry names them) go to the edited group
//!   whose centroid (mean clustering vector of its members) is closest, when the cosine
//!   reaches the group's floor, the rule `assign` and clustering use; else they stay in no group
//!   ("new, not yet placed"). Both are marked `new` until the next [`Decisions::adopt`].

pub mod apply;
pub mod decisions;
pub mod edited;
pub mod fingerprint;
pub mod http_guard;
pub mod live;
pub mod server;
pub mod session;

pub use apply::{Entry, Excluded, Orphan, Proposals, Reviewed, ReviewedGroup};
pub use decisions::{
    Decisions, DocumentRef, ExcludeReason, GroupId, Op, PlacedGroup, Placement, ProposalRef,
    DECISIONS_FORMAT, DECISIONS_VERSION, DEFAULT_FILE,
};
pub use edited::{edited_analysis, summary};
pub use fingerprint::{DocKey, Fingerprint};

/// What can go wrong with a review.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// The decisions file cannot be read or written.
    #[error("{path}: {message}")]
    File {
        /// The decisions file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The run's proposals cannot be prepared.
    #[error("preparing the review: {0}")]
    Analysis(String),
}

/// Where the decisions file of a run is by default: `xietong.review.json` in the first input
/// folder (or beside the first input file); in the working directory when the input is the
/// bundled seeds or standard input.
pub fn default_path(inputs: &[String]) -> std::path::PathBuf {
    let dir = inputs
        .iter()
        .find(|i| i.as_str() != "-")
        .map(std::path::Path::new)
        .map(|p| match p.is_dir() {
            true => p.to_path_buf(),
            false => p
                .parent()
                .map(std::path::Path::to_path_buf)
                .unwrap_or_default(),
        })
        .unwrap_or_default();
    dir.join(DEFAULT_FILE)
}
