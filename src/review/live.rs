//! The review app's [`Backend`] over the decisions file: turns the page's edits into
//! [`Op`]s, saves the file after each one, and shows the run as the decisions make it.

use std::path::PathBuf;

use super::session::{
    self, Backend, Edit, EditError, ExportFormat, GroupView, MemberView, PairView, ReviewView,
};
use super::{Decisions, Entry, GroupId, Op, ProposalRef, Proposals, ReviewError, Reviewed};
use crate::corpus::Corpus;
use crate::engine::Analysis;

/// A run under review: its corpus and analysis, and the decisions file.
pub struct Live {
    corpus: Corpus,
    analysis: Analysis,
    proposals: Proposals,
    decisions: Decisions,
    reviewed: Reviewed,
    /// Proposals new since the last review when the session opened.
    fresh: std::collections::HashSet<super::Fingerprint>,
    path: PathBuf,
}

impl Live {
    /// Opens the review of a run: reads the decisions file (a missing one is a first review; a
    /// damaged one is an error, and the file is left alone) and records what the editor is
    /// now shown ([`Decisions::adopt`]; written with the first edit).
    pub fn open(corpus: Corpus, analysis: Analysis, path: PathBuf) -> Result<Live, ReviewError> {
        let mut decisions = Decisions::load(&path)?;
        let proposals = Proposals::new(&corpus, &analysis)?;
        // Adopting records the new proposals as seen; the page must still show which they
        // were for the whole session, so they are noted first.
        let before = decisions.apply(&proposals);
        let fresh = before
            .groups
            .iter()
            .flat_map(|g| &g.entries)
            .chain(&before.unplaced)
            .filter(|e| before.reviewed && e.new)
            .map(|e| e.fp.clone())
            .chain(
                before
                    .excluded
                    .iter()
                    .filter(|x| before.reviewed && x.new)
                    .map(|x| x.fp.clone()),
            )
            .collect();
        decisions.adopt(&proposals);
        let reviewed = decisions.apply(&proposals);
        Ok(Live {
            corpus,
            analysis,
            proposals,
            decisions,
            reviewed,
            fresh,
            path,
        })
    }

    /// The decisions applied to the run, as the page shows them.
    pub fn reviewed(&self) -> &Reviewed {
        &self.reviewed
    }

    fn proposal(&self, key: &str) -> Result<ProposalRef, EditError> {
        self.proposals
            .unit_of(&super::Fingerprint(key.to_string()))
            .and_then(|u| self.proposals.reference(u))
            .cloned()
            .ok_or_else(|| EditError::Invalid(format!("no proposal {key} in this run")))
    }

    fn group(&self, key: &str) -> Result<GroupId, EditError> {
        self.reviewed
            .groups
            .iter()
            .find(|g| g.id.0 == key)
            .map(|g| g.id.clone())
            .ok_or_else(|| EditError::Invalid(format!("no group {key}")))
    }

    fn document(&self, id: usize) -> Result<super::DocumentRef, EditError> {
        self.proposals
            .documents
            .get(id)
            .cloned()
            .ok_or_else(|| EditError::Invalid(format!("no document {id}")))
    }

    /// The operation an edit stands for (new group ids are taken from `d`).
    fn op(&self, d: &mut Decisions, edit: &Edit) -> Result<Op, EditError> {
        Ok(match edit {
            Edit::Rename { group, title } => Op::Rename {
                group: self.group(group)?,
                title: title.trim().to_string(),
            },
            Edit::Note { group, note } => Op::Note {
                group: self.group(group)?,
                text: note.trim().to_string(),
            },
            Edit::Merge { from, into } => {
                let (from, into) = (self.group(from)?, self.group(into)?);
                if from == into {
                    return Err(EditError::Invalid(
                        "a group cannot merge into itself".into(),
                    ));
                }
                Op::Merge {
                    into,
                    from: vec![from],
                }
            }
            Edit::Split { group, members } => {
                let group = self.group(group)?;
                if members.is_empty() {
                    return Err(EditError::Invalid("tick the proposals to split off".into()));
                }
                let members = members
                    .iter()
                    .map(|m| self.proposal(m))
                    .collect::<Result<Vec<_>, _>>()?;
                Op::Split {
                    group,
                    members,
                    to: d.new_group_id(),
                    title: None,
                }
            }
            Edit::Move { member, to } => Op::Move {
                proposal: self.proposal(member)?,
                to: Some(match to {
                    Some(g) => self.group(g)?,
                    None => d.new_group_id(),
                }),
            },
            Edit::Unplace { member } => Op::Move {
                proposal: self.proposal(member)?,
                to: None,
            },
            Edit::Exclude { member, reason } => Op::Exclude {
                proposal: self.proposal(member)?,
                reason: *reason,
            },
            Edit::Include { member } => Op::Include {
                proposal: self.proposal(member)?,
            },
            Edit::ExcludeDocument { document, reason } => Op::ExcludeDocument {
                document: self.document(*document)?,
                reason: *reason,
            },
            Edit::IncludeDocument { document } => Op::IncludeDocument {
                document: self.document(*document)?,
            },
            Edit::Duplicate { a, b } => {
                if a == b {
                    return Err(EditError::Invalid(
                        "a proposal is not its own duplicate".into(),
                    ));
                }
                Op::Same {
                    proposal: self.proposal(a)?,
                    duplicate: self.proposal(b)?,
                }
            }
            Edit::NotDuplicate { member } => Op::NotSame {
                duplicate: self.proposal(member)?,
            },
            Edit::Representative { group, member } => Op::Representative {
                group: self.group(group)?,
                proposal: self.proposal(member)?,
            },
            Edit::OrderGroups { order } => Op::OrderGroups {
                order: order
                    .iter()
                    .map(|g| self.group(g))
                    .collect::<Result<_, _>>()?,
            },
            Edit::OrderMembers { group, order } => Op::OrderMembers {
                group: self.group(group)?,
                order: order
                    .iter()
                    .map(|m| self.proposal(m))
                    .collect::<Result<_, _>>()?,
            },
        })
    }

    /// Saves `next` and makes it the decisions in force; on failure nothing changes.
    fn commit(&mut self, next: Decisions) -> Result<(), EditError> {
        next.save(&self.path)
            .map_err(|e| EditError::Save(e.to_string()))?;
        self.reviewed = next.apply(&self.proposals);
        self.decisions = next;
        Ok(())
    }

    fn member(&self, e: &Entry) -> MemberView {
        let mut m = self.unit(e.unit);
        m.new = e.new || self.fresh.contains(&e.fp);
        m.also = e.also.iter().map(|&u| self.unit(u)).collect();
        m
    }

    fn unit(&self, unit: usize) -> MemberView {
        let key = self
            .proposals
            .reference(unit)
            .map(|r| r.fp.0.clone())
            .unwrap_or_default();
        session::member(&self.corpus, unit, key)
    }
}

impl Backend for Live {
    fn export(&self, format: ExportFormat) -> Result<Vec<u8>, EditError> {
        let c = crate::compile::Compilation::new(
            &self.corpus,
            &self.reviewed,
            crate::compile::DEFAULT_TITLE,
        );
        match format {
            ExportFormat::Docx => crate::compile::docx::to_docx(&c).map_err(EditError::Invalid),
            ExportFormat::Markdown => Ok(crate::compile::md::to_markdown(&c).into_bytes()),
            ExportFormat::Html => Ok(crate::compile::html::to_html(&c).into_bytes()),
        }
    }

    fn edit(&mut self, edit: &Edit) -> Result<(), EditError> {
        let mut next = self.decisions.clone();
        let op = self.op(&mut next, edit)?;
        next.push(op);
        self.commit(next)
    }

    fn undo(&mut self) -> Result<bool, EditError> {
        let mut next = self.decisions.clone();
        if !next.undo() {
            return Ok(false);
        }
        self.commit(next).map(|()| true)
    }

    fn redo(&mut self) -> Result<bool, EditError> {
        let mut next = self.decisions.clone();
        if !next.redo() {
            return Ok(false);
        }
        self.commit(next).map(|()| true)
    }

    fn view(&self) -> ReviewView {
        let r = &self.reviewed;
        let excluded_docs: std::collections::BTreeSet<usize> = r
            .excluded
            .iter()
            .filter(|x| x.document)
            .map(|x| self.corpus.units[x.unit].document)
            .collect();
        let mut documents = session::documents(&self.corpus);
        for d in &mut documents {
            d.excluded = excluded_docs.contains(&d.id);
        }
        ReviewView {
            decisions_file: self.path.display().to_string(),
            documents,
            groups: r
                .groups
                .iter()
                .map(|g| GroupView {
                    key: g.id.0.clone(),
                    title: g.renamed.then(|| g.title.clone()),
                    label: g.label.clone(),
                    note: g.note.clone(),
                    representative: g
                        .representative
                        .and_then(|u| self.proposals.reference(u))
                        .map(|p| p.fp.0.clone()),
                    members: g.entries.iter().map(|e| self.member(e)).collect(),
                })
                .collect(),
            unplaced: r.unplaced.iter().map(|e| self.member(e)).collect(),
            excluded: r
                .excluded
                .iter()
                .map(|x| {
                    let mut m = self.unit(x.unit);
                    m.new = x.new || self.fresh.contains(&x.fp);
                    m.excluded = Some(session::ExclusionView {
                        reason: x.reason,
                        document: x.document,
                    });
                    m
                })
                .collect(),
            pairs: self
                .analysis
                .duplicates
                .iter()
                .filter_map(|d| {
                    let a = self.proposals.reference(d.a)?;
                    let b = self.proposals.reference(d.b)?;
                    Some(PairView {
                        a: a.fp.0.clone(),
                        b: b.fp.0.clone(),
                        score: d.score,
                        terms: self
                            .analysis
                            .term_names(&d.terms)
                            .into_iter()
                            .map(String::from)
                            .collect(),
                    })
                })
                .collect(),
            orphaned: r
                .orphaned
                .iter()
                .map(|o| format!("第 {} 条：{}", o.entry, o.decision))
                .collect(),
            warnings: r.warnings.clone(),
            undo: self
                .decisions
                .ops
                .iter()
                .filter(|o| o.is_editor_op())
                .count(),
            redo: self.decisions.undone.len(),
        }
    }
}
