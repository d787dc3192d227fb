//! The decisions file: the editor's decisions as an ordered log of operations, replayed in
//! order on every run ([`super::apply`]). Versioned, human-readable JSON, written atomically;
//! a file that cannot be read is refused, never replaced.

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::fingerprint::{DocKey, Fingerprint};
use super::ReviewError;

/// Format tag at the top of every decisions file.
pub const DECISIONS_FORMAT: &str = "xietong-review";
/// Version of the decisions file layout; a file of another version is refused.
pub const DECISIONS_VERSION: u32 = 1;
/// The decisions file's name beside the corpus.
pub const DEFAULT_FILE: &str = "xietong.review.json";

/// A group's id, owned by the decisions file (`g1`, `g2`, …): never reused, independent of the
/// machine clusters' numbering, which changes from run to run.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct GroupId(pub String);

impl std::fmt::Display for GroupId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A proposal as a decision names it: its [`Fingerprint`], with its document title and the
/// start of its text so that a person reading the file (or an orphaned decision) can tell which
/// proposal it was. Only `fp` is used to find the proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalRef {
    /// The fingerprint.
    pub fp: Fingerprint,
    /// The document's title when the decision was made.
    #[serde(default)]
    pub doc: String,
    /// The first characters of the proposal's text.
    #[serde(default)]
    pub text: String,
}

/// A document as a decision names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRef {
    /// The document key (hash of its normalised title).
    pub key: DocKey,
    /// Its title, for people.
    #[serde(default)]
    pub title: String,
}

/// Why a proposal or a document is left out of the compilation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExcludeReason {
    /// The unit is not a proposal (a problem, background, a segmentation slip).
    NotAProposal,
    /// A proposal, but not on the compilation's subject.
    OffTopic,
}

impl ExcludeReason {
    /// How the reason reads in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            ExcludeReason::NotAProposal => "not a proposal",
            ExcludeReason::OffTopic => "off-topic",
        }
    }
}

/// Where `place` put a proposal the editor has now seen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placement {
    /// The proposal.
    #[serde(flatten)]
    pub proposal: ProposalRef,
    /// Its group, or `None` when it was in no group.
    pub group: Option<GroupId>,
}

/// A group as `place` first records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacedGroup {
    /// The group's id.
    pub id: GroupId,
    /// The machine label the group had then (its title until the editor renames it).
    pub label: String,
}

/// One decision. Operations name proposals by fingerprint and groups by [`GroupId`]; a group
/// named for the first time by `move`, `split` or `place` is created.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    /// Records where proposals the editor has now seen are (the machine's groups on the first
    /// review, then the placement of new documents' proposals): this is what makes the groups
    /// the editor's, so later clustering can no longer move them. Written by
    /// [`Decisions::adopt`], not by the editor, and skipped by undo.
    Place {
        /// Groups created here, with their machine labels.
        #[serde(default)]
        groups: Vec<PlacedGroup>,
        /// Every proposal seen, with its group.
        placements: Vec<Placement>,
    },
    /// Gives a group a title in the editor's words.
    Rename {
        /// The group.
        group: GroupId,
        /// The new title (empty: back to the machine label).
        title: String,
    },
    /// Moves every member of `from` into `into` and removes `from`.
    Merge {
        /// The group that stays.
        into: GroupId,
        /// The groups merged into it.
        from: Vec<GroupId>,
    },
    /// Moves some members of a group into a new group.
    Split {
        /// The group split.
        group: GroupId,
        /// The members that leave.
        members: Vec<ProposalRef>,
        /// The new group's id (from [`Decisions::new_group_id`]).
        to: GroupId,
        /// Its title, if the editor gave one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
    },
    /// Moves one proposal to another group, or out of every group (`to: null`).
    Move {
        /// The proposal.
        proposal: ProposalRef,
        /// The group (created when new), or `None`.
        to: Option<GroupId>,
    },
    /// Leaves a proposal out of the compilation.
    Exclude {
        /// The proposal.
        proposal: ProposalRef,
        /// Why.
        reason: ExcludeReason,
    },
    /// Brings back an excluded proposal.
    Include {
        /// The proposal.
        proposal: ProposalRef,
    },
    /// Leaves every proposal of a document out.
    ExcludeDocument {
        /// The document.
        document: DocumentRef,
        /// Why.
        reason: ExcludeReason,
    },
    /// Brings back an excluded document.
    IncludeDocument {
        /// The document.
        document: DocumentRef,
    },
    /// Picks the proposal that stands for a group.
    Representative {
        /// The group.
        group: GroupId,
        /// The member.
        proposal: ProposalRef,
    },
    /// Orders the groups: these first, in this order; the others after, as they were.
    OrderGroups {
        /// Group ids.
        order: Vec<GroupId>,
    },
    /// Orders a group's members: these first, in this order; the others after, as they were.
    OrderMembers {
        /// The group.
        group: GroupId,
        /// Members.
        order: Vec<ProposalRef>,
    },
    /// Sets a group's note (empty: removes it).
    Note {
        /// The group.
        group: GroupId,
        /// The note.
        text: String,
    },
    /// Marks `duplicate` as the same proposal as `proposal`: it joins `proposal`'s group and is
    /// folded into its entry as one more source.
    Same {
        /// The proposal that stays as the entry.
        proposal: ProposalRef,
        /// The proposal folded into it.
        duplicate: ProposalRef,
    },
    /// Undoes [`Op::Same`]: the duplicate becomes an entry of its own again.
    NotSame {
        /// The duplicate.
        duplicate: ProposalRef,
    },
}

impl Op {
    /// A short description for warnings and the list of orphaned decisions.
    pub fn describe(&self) -> String {
        let p = |r: &ProposalRef| format!("“{}”", r.text);
        match self {
            Op::Place { placements, .. } => format!("placement of {} proposals", placements.len()),
            Op::Rename { group, title } => format!("rename {group} to “{title}”"),
            Op::Merge { into, from } => format!(
                "merge {} into {into}",
                from.iter()
                    .map(|g| g.0.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Op::Split { group, to, .. } => format!("split {to} from {group}"),
            Op::Move { proposal, to } => match to {
                Some(g) => format!("move {} to {g}", p(proposal)),
                None => format!("move {} out of its group", p(proposal)),
            },
            Op::Exclude { proposal, reason } => {
                format!("exclude {} ({})", p(proposal), reason.as_str())
            }
            Op::Include { proposal } => format!("include {}", p(proposal)),
            Op::ExcludeDocument { document, reason } => {
                format!(
                    "exclude document 《{}》 ({})",
                    document.title,
                    reason.as_str()
                )
            }
            Op::IncludeDocument { document } => format!("include document 《{}》", document.title),
            Op::Representative { group, proposal } => {
                format!("representative of {group}: {}", p(proposal))
            }
            Op::OrderGroups { .. } => "order of the groups".into(),
            Op::OrderMembers { group, .. } => format!("order of the members of {group}"),
            Op::Note { group, .. } => format!("note on {group}"),
            Op::Same {
                proposal,
                duplicate,
            } => format!("{} is the same proposal as {}", p(duplicate), p(proposal)),
            Op::NotSame { duplicate } => format!("{} is a proposal of its own", p(duplicate)),
        }
    }

    /// Whether the editor made it (undo and redo apply to these only).
    pub fn is_editor_op(&self) -> bool {
        !matches!(self, Op::Place { .. })
    }
}

/// The editor's decisions: the log of operations replayed on every run, and the operations
/// undone (so redo survives a reload).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decisions {
    /// Always [`DECISIONS_FORMAT`].
    pub format: String,
    /// [`DECISIONS_VERSION`].
    pub version: u32,
    /// The number the next new group id takes (`g{next_group}`), so ids are never reused.
    pub next_group: u32,
    /// The decisions, oldest first.
    pub ops: Vec<Op>,
    /// Undone editor operations, most recently undone last.
    #[serde(default)]
    pub undone: Vec<Op>,
}

impl Default for Decisions {
    fn default() -> Self {
        Decisions {
            format: DECISIONS_FORMAT.into(),
            version: DECISIONS_VERSION,
            next_group: 1,
            ops: Vec::new(),
            undone: Vec::new(),
        }
    }
}

impl Decisions {
    /// No decisions: the machine's groups as they are.
    pub fn new() -> Decisions {
        Decisions::default()
    }

    /// Reads a decisions file; a missing file is no decisions. A damaged file, one of another
    /// format or version, or one whose entries cannot be read is refused with an error naming
    /// the file and the problem (the caller must then not write the file: the editor's work
    /// is in it).
    pub fn load(path: &Path) -> Result<Decisions, ReviewError> {
        let shown = path.display().to_string();
        let bad = |message: String| ReviewError::File {
            path: shown.clone(),
            message,
        };
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Decisions::new()),
            Err(e) => return Err(bad(format!("cannot read the decisions file: {e}"))),
        };
        let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
            bad(format!(
                "not a decisions file (damaged or not JSON: {e}); it was left as it is"
            ))
        })?;
        if value.get("format").and_then(|f| f.as_str()) != Some(DECISIONS_FORMAT) {
            return Err(bad(format!(
                "not a xietong decisions file (no \"format\": \"{DECISIONS_FORMAT}\")"
            )));
        }
        let version = value.get("version").and_then(|v| v.as_u64());
        if version != Some(u64::from(DECISIONS_VERSION)) {
            return Err(bad(format!(
                "decisions file version {} is not supported by this program (version \
                 {DECISIONS_VERSION}); it was left as it is",
                version.map_or("?".to_string(), |v| v.to_string())
            )));
        }
        // Entries are read one by one so that an error names the entry.
        let ops = match value.get("ops") {
            Some(serde_json::Value::Array(ops)) => ops,
            _ => return Err(bad("no \"ops\" list".into())),
        };
        for (i, op) in ops.iter().enumerate() {
            if let Err(e) = serde_json::from_value::<Op>(op.clone()) {
                return Err(bad(format!("entry {} of \"ops\": {e}", i + 1)));
            }
        }
        serde_json::from_value(value).map_err(|e| bad(format!("damaged decisions file: {e}")))
    }

    /// Writes the decisions to `path` atomically (a temporary file renamed over it), pretty
    /// printed so that a person can read and diff it.
    pub fn save(&self, path: &Path) -> Result<(), ReviewError> {
        let bytes = self.to_bytes();
        crate::report::write_atomic(path, &bytes, &[]).map_err(|e| ReviewError::File {
            path: path.display().to_string(),
            message: e.to_string(),
        })
    }

    /// The file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        // Plain data with string keys always serialises.
        let mut bytes = serde_json::to_vec_pretty(self).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }

    /// Whether there is no decision at all.
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    /// Appends an editor's decision; the operations undone before it can no longer be redone.
    pub fn push(&mut self, op: Op) {
        self.note_group_ids(&op);
        self.ops.push(op);
        self.undone.clear();
    }

    /// Takes back the latest editor's decision; `false` when there is none.
    pub fn undo(&mut self) -> bool {
        match self.ops.iter().rposition(Op::is_editor_op) {
            Some(i) => {
                let op = self.ops.remove(i);
                self.undone.push(op);
                true
            }
            None => false,
        }
    }

    /// Makes the latest undone decision again; `false` when there is none.
    pub fn redo(&mut self) -> bool {
        match self.undone.pop() {
            Some(op) => {
                self.ops.push(op);
                true
            }
            None => false,
        }
    }

    /// A group id no group has had.
    pub fn new_group_id(&mut self) -> GroupId {
        let id = GroupId(format!("g{}", self.next_group));
        self.next_group += 1;
        id
    }

    /// Keeps `next_group` past every id an operation names, so a hand-written id is not
    /// handed out again.
    fn note_group_ids(&mut self, op: &Op) {
        let mut ids: BTreeSet<&GroupId> = BTreeSet::new();
        match op {
            Op::Place { groups, placements } => {
                ids.extend(groups.iter().map(|g| &g.id));
                ids.extend(placements.iter().filter_map(|p| p.group.as_ref()));
            }
            Op::Split { to, .. } => {
                ids.insert(to);
            }
            Op::Move { to: Some(g), .. } => {
                ids.insert(g);
            }
            _ => {}
        }
        for id in ids {
            if let Some(n) = id.0.strip_prefix('g').and_then(|n| n.parse::<u32>().ok()) {
                self.next_group = self.next_group.max(n.saturating_add(1));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rename(g: &str, t: &str) -> Op {
        Op::Rename {
            group: GroupId(g.into()),
            title: t.into(),
        }
    }

    #[test]
    fn undo_and_redo_skip_placements_and_push_clears_redo() {
        let mut d = Decisions::new();
        d.push(rename("g1", "空间协同"));
        d.push(Op::Place {
            groups: vec![],
            placements: vec![],
        });
        assert!(d.undo());
        assert_eq!(d.ops.len(), 1);
        assert!(!d.ops[0].is_editor_op());
        assert!(!d.undo());
        assert!(d.redo());
        assert_eq!(d.ops.last(), Some(&rename("g1", "空间协同")));
        d.undo();
        d.push(rename("g2", "产业协同"));
        assert!(!d.redo());
    }

    #[test]
    fn new_group_ids_are_never_reused() {
        let mut d = Decisions::new();
        d.push(Op::Move {
            proposal: ProposalRef {
                fp: Fingerprint("0".into()),
                doc: String::new(),
                text: String::new(),
            },
            to: Some(GroupId("g7".into())),
        });
        assert_eq!(d.new_group_id(), GroupId("g8".into()));
        assert_eq!(d.new_group_id(), GroupId("g9".into()));
    }

    #[test]
    fn files_round_trip_and_bad_files_are_refused_untouched(
    ) -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join(DEFAULT_FILE);
        assert_eq!(Decisions::load(&path)?, Decisions::new());
        let mut d = Decisions::new();
        d.push(rename("g1", "空间协同"));
        d.save(&path)?;
        assert_eq!(Decisions::load(&path)?, d);
        let text = std::fs::read_to_string(&path)?;
        assert!(text.contains("\"op\": \"rename\""), "{text}");
        std::fs::write(&path, &text[..text.len() / 2])?;
        let e = Decisions::load(&path).err().map(|e| e.to_string());
        assert!(e.as_deref().is_some_and(|e| e.contains("damaged")), "{e:?}");
        std::fs::write(&path, text.replace("\"version\": 1", "\"version\": 9"))?;
        let e = Decisions::load(&path).err().map(|e| e.to_string());
        assert!(
            e.as_deref().is_some_and(|e| e.contains("version 9")),
            "{e:?}"
        );
        std::fs::write(&path, text.replace("\"rename\"", "\"rename_all\""))?;
        let e = Decisions::load(&path).err().map(|e| e.to_string());
        assert!(e.as_deref().is_some_and(|e| e.contains("entry 1")), "{e:?}");
        Ok(())
    }
}
