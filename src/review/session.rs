//! What the review page and the server say to each other: the edits the editor can ask for,
//! what the page shows, and the [`Backend`] that turns edits into saved decisions. Every
//! proposal and group is named by a key the view gave it, never by a file or a path.

use serde::{Deserialize, Serialize};

use super::ExcludeReason;
use crate::corpus::Corpus;

/// One change the editor makes in the page, as the page sends it (JSON, `op` names the kind).
/// Groups and proposals are named by the keys the [`ReviewView`] gave them.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum Edit {
    /// Give a group a title in the editor's words (empty: back to the machine label).
    Rename {
        /// The group.
        group: String,
        /// The new title.
        title: String,
    },
    /// Put every member of `from` into `into`.
    Merge {
        /// The group that disappears.
        from: String,
        /// The group that stays.
        into: String,
    },
    /// Take some members out of a group into a new group of their own.
    Split {
        /// The group.
        group: String,
        /// The members that leave it.
        members: Vec<String>,
    },
    /// Move a proposal to another group, or to a new group when `to` is absent.
    Move {
        /// The proposal.
        member: String,
        /// The target group.
        #[serde(default)]
        to: Option<String>,
    },
    /// Take a proposal out of every group.
    Unplace {
        /// The proposal.
        member: String,
    },
    /// Exclude a proposal.
    Exclude {
        /// The proposal.
        member: String,
        /// Why: not a proposal, or off-topic.
        #[serde(default = "not_a_proposal")]
        reason: ExcludeReason,
    },
    /// Bring an excluded proposal back.
    Include {
        /// The proposal.
        member: String,
    },
    /// Exclude every proposal of a document.
    ExcludeDocument {
        /// The document (position in [`ReviewView::documents`]).
        document: usize,
        /// Why.
        #[serde(default = "off_topic")]
        reason: ExcludeReason,
    },
    /// Bring an excluded document back.
    IncludeDocument {
        /// The document.
        document: usize,
    },
    /// Mark `b` as the same proposal as `a` (folded into `a`'s entry as one more source).
    Duplicate {
        /// The proposal that stays as the entry.
        a: String,
        /// The proposal folded into it.
        b: String,
    },
    /// Make a folded duplicate a proposal of its own again.
    NotDuplicate {
        /// The duplicate.
        member: String,
    },
    /// Pick the proposal that stands for a group.
    Representative {
        /// The group.
        group: String,
        /// The member.
        member: String,
    },
    /// Order the groups (these first, in this order).
    OrderGroups {
        /// Group keys.
        order: Vec<String>,
    },
    /// Order a group's members (these first, in this order).
    OrderMembers {
        /// The group.
        group: String,
        /// Member keys.
        order: Vec<String>,
    },
    /// A group's note.
    Note {
        /// The group.
        group: String,
        /// The note (empty removes it).
        note: String,
    },
}

fn not_a_proposal() -> ExcludeReason {
    ExcludeReason::NotAProposal
}

fn off_topic() -> ExcludeReason {
    ExcludeReason::OffTopic
}

/// Why an edit was not made.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// The edit names a group or proposal that does not exist, or cannot apply as asked.
    #[error("{0}")]
    Invalid(String),
    /// The decisions file could not be written; nothing changed.
    #[error("saving the decisions failed: {0}")]
    Save(String),
}

/// A document as the page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    /// Position in the corpus.
    pub id: usize,
    /// The title (or the file name when the document shows none).
    pub title: String,
    /// The path as the user gave it.
    pub path: String,
    /// Its 发文字号, when its metadata has one.
    pub number: Option<String>,
    /// Whether the editor excluded the whole document.
    pub excluded: bool,
}

/// Why a proposal is excluded.
#[derive(Debug, Clone, Serialize)]
pub struct ExclusionView {
    /// `not_a_proposal` or `off_topic`.
    pub reason: ExcludeReason,
    /// Whether its whole document was excluded.
    pub document: bool,
}

/// A proposal as the page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct MemberView {
    /// The key edits name it by.
    pub key: String,
    /// Its own heading.
    pub heading: Option<String>,
    /// Its text.
    pub text: String,
    /// Its section path below the title it appears under.
    pub path: Vec<String>,
    /// Its document (position in [`ReviewView::documents`]).
    pub document: usize,
    /// The title it appears under (its article's, in a compilation) in 《》, or the file's path
    /// when the document shows no title.
    pub source: String,
    /// The 发文字号 of its document, when the document's metadata has one.
    pub number: Option<String>,
    /// First and last source lines.
    pub lines: (u32, u32),
    /// Added since the last review.
    pub new: bool,
    /// The proposals folded into it as the same proposal (`又见于`).
    pub also: Vec<MemberView>,
    /// Why it is excluded (excluded proposals only).
    pub excluded: Option<ExclusionView>,
}

/// A group as the page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct GroupView {
    /// The key edits name it by.
    pub key: String,
    /// The editor's title, when they gave one.
    pub title: Option<String>,
    /// The machine's label.
    pub label: String,
    /// The editor's note.
    pub note: Option<String>,
    /// The key of the member that stands for the group.
    pub representative: Option<String>,
    /// Members in the editor's order (else most central first).
    pub members: Vec<MemberView>,
}

/// Two proposals of different documents that say nearly the same thing.
#[derive(Debug, Clone, Serialize)]
pub struct PairView {
    /// One proposal's key.
    pub a: String,
    /// The other's.
    pub b: String,
    /// TF-IDF cosine.
    pub score: f32,
    /// The shared terms behind it.
    pub terms: Vec<String>,
}

/// Everything the page shows.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewView {
    /// The decisions file, as the user named it.
    pub decisions_file: String,
    /// The documents read.
    pub documents: Vec<DocumentView>,
    /// Groups in the editor's order.
    pub groups: Vec<GroupView>,
    /// Proposals in no group.
    pub unplaced: Vec<MemberView>,
    /// Excluded proposals.
    pub excluded: Vec<MemberView>,
    /// Near-duplicate pairs, highest first.
    pub pairs: Vec<PairView>,
    /// Decisions whose proposal or document no longer exists, described for people.
    pub orphaned: Vec<String>,
    /// Problems with entries of the decisions file.
    pub warnings: Vec<String>,
    /// How many edits can be undone.
    pub undo: usize,
    /// How many undone edits can be redone.
    pub redo: usize,
}

/// Where decisions live: makes the editor's edits, saves each at once (atomically; on
/// failure nothing changes), and shows the groups they give.
pub trait Backend {
    /// Makes and saves an edit.
    fn edit(&mut self, edit: &Edit) -> Result<(), EditError>;
    /// Takes back the latest edit and saves; `false` when there is none.
    fn undo(&mut self) -> Result<bool, EditError>;
    /// Makes the latest undone edit again and saves; `false` when there is none.
    fn redo(&mut self) -> Result<bool, EditError>;
    /// What the page shows.
    fn view(&self) -> ReviewView;
    /// The 汇编 draft of the groups as they stand, as a download (nothing is written).
    fn export(&self, format: ExportFormat) -> Result<Vec<u8>, EditError>;
}

/// The formats the page can download the compilation in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Word.
    Docx,
    /// Markdown.
    Markdown,
    /// A self-contained web page.
    Html,
}

impl ExportFormat {
    /// The format a route names (`docx`, `md`, `html`).
    pub fn from_route(name: &str) -> Option<ExportFormat> {
        match name {
            "docx" => Some(ExportFormat::Docx),
            "md" => Some(ExportFormat::Markdown),
            "html" => Some(ExportFormat::Html),
            _ => None,
        }
    }

    /// Content type and file name of the download.
    pub fn download(self) -> (&'static str, &'static str) {
        match self {
            ExportFormat::Docx => (
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "xietong-compilation.docx",
            ),
            ExportFormat::Markdown => ("text/markdown; charset=utf-8", "xietong-compilation.md"),
            ExportFormat::Html => ("text/html; charset=utf-8", "xietong-compilation.html"),
        }
    }
}

/// The documents of a corpus as the page shows them.
pub fn documents(corpus: &Corpus) -> Vec<DocumentView> {
    corpus
        .documents
        .iter()
        .map(|d| DocumentView {
            id: d.id,
            title: d.title.clone(),
            path: d.path.clone(),
            number: d.meta.doc_number.clone(),
            excluded: false,
        })
        .collect()
}

/// A corpus unit as the page shows it, under `key`.
pub fn member(corpus: &Corpus, unit: usize, key: String) -> MemberView {
    let u = &corpus.units[unit];
    let title = corpus.title_of(unit);
    let path = &u.unit.path;
    let skip = usize::from(path.first().map(String::as_str) == Some(title));
    MemberView {
        key,
        heading: u.unit.heading.clone(),
        text: u.unit.text.clone(),
        path: path[skip..].to_vec(),
        document: u.document,
        source: match corpus.shown_title(unit) {
            Some(t) => format!("《{t}》"),
            None => corpus.documents[u.document].path.clone(),
        },
        number: corpus.doc_number_of(unit).map(str::to_string),
        lines: (u.unit.location.first_line, u.unit.location.last_line),
        new: false,
        also: Vec::new(),
        excluded: None,
    }
}
