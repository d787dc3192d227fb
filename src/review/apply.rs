//! Replaying the decisions on a run: the editor's groups, with the proposals of documents
//! added since the last review placed by the rule `assign` uses, and every decision whose
//! proposal is gone listed as orphaned.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::decisions::{
    Decisions, DocumentRef, ExcludeReason, GroupId, Op, PlacedGroup, Placement, ProposalRef,
};
use super::fingerprint::{corpus_fingerprints, doc_key, DocKey, Fingerprint};
use super::ReviewError;
use crate::cluster::{SparseCentroids, DEFAULT_JOIN_FLOOR, DEFAULT_JOIN_RELATIVE};
use crate::corpus::Corpus;
use crate::engine::{self, Analysis};
use crate::vectorize::CsrMatrix;

/// Characters of a proposal's text kept in a [`ProposalRef`] for people.
const PREVIEW_CHARS: usize = 40;
/// Fewest members whose median leave-one-out cosine sets a group's floor (as in clustering).
const RELATIVE_MIN_MEMBERS: usize = 3;
/// Least floor of any group (as in clustering): a proposal sharing no word never joins.
const MIN_FLOOR: f64 = 1e-6;

/// The proposals of one run as decisions see them: fingerprints, document keys, the machine's
/// clusters and the clustering vectors (to place new proposals). Built once per run; every
/// [`Decisions::apply`] reads it.
#[derive(Debug, Clone)]
pub struct Proposals {
    /// Analysed unit ids in corpus order; row `i` of everything here is `units[i]`.
    pub units: Vec<usize>,
    /// Each row's fingerprint.
    pub fingerprints: Vec<Fingerprint>,
    /// Each row's reference, as an operation names it.
    pub refs: Vec<ProposalRef>,
    /// Each row's document key.
    pub doc_keys: Vec<DocKey>,
    /// Each document's reference (index = document id).
    pub documents: Vec<DocumentRef>,
    row_of: HashMap<Fingerprint, usize>,
    row_docs: Vec<usize>,
    /// Each row's machine cluster (position in [`Analysis::clusters`]).
    machine: Vec<Option<usize>>,
    /// Machine clusters: label and member rows, most central first.
    clusters: Vec<(String, Vec<usize>)>,
    matrix: CsrMatrix,
}

impl Proposals {
    /// Collects the proposals of an analysis of `corpus`.
    ///
    /// # Errors
    /// [`ReviewError::Analysis`] when the vectors cannot be rebuilt (they can whenever the
    /// analysis itself succeeded).
    pub fn new(corpus: &Corpus, analysis: &Analysis) -> Result<Proposals, ReviewError> {
        let vectors = engine::vectorize(corpus, &analysis.settings)
            .map_err(|e| ReviewError::Analysis(e.to_string()))?;
        let all = corpus_fingerprints(corpus);
        let units = analysis.units.clone();
        let row_pos: HashMap<usize, usize> =
            units.iter().enumerate().map(|(r, &u)| (u, r)).collect();
        let fingerprints: Vec<Fingerprint> = units.iter().map(|&u| all[u].clone()).collect();
        let refs = units
            .iter()
            .zip(&fingerprints)
            .map(|(&u, fp)| ProposalRef {
                fp: fp.clone(),
                doc: corpus.documents[corpus.units[u].document].title.clone(),
                text: preview(&corpus.units[u].unit.text),
            })
            .collect();
        let documents: Vec<DocumentRef> = corpus
            .documents
            .iter()
            .map(|d| DocumentRef {
                key: doc_key(&d.title),
                title: d.title.clone(),
            })
            .collect();
        let doc_keys = units
            .iter()
            .map(|&u| documents[corpus.units[u].document].key.clone())
            .collect();
        let mut machine = vec![None; units.len()];
        let clusters = analysis
            .clusters
            .iter()
            .map(|c| {
                let rows: Vec<usize> = c
                    .members
                    .iter()
                    .filter_map(|m| row_pos.get(m).copied())
                    .collect();
                for &r in &rows {
                    machine[r] = Some(c.id);
                }
                (c.label.clone(), rows)
            })
            .collect();
        let row_of = fingerprints
            .iter()
            .enumerate()
            .map(|(r, fp)| (fp.clone(), r))
            .collect();
        let matrix = if vectors.units == units {
            vectors.cluster_matrix
        } else {
            return Err(ReviewError::Analysis(
                "the analysis does not match the corpus it is reviewed with".into(),
            ));
        };
        let row_docs = units.iter().map(|&u| corpus.units[u].document).collect();
        Ok(Proposals {
            row_docs,
            units,
            fingerprints,
            refs,
            doc_keys,
            documents,
            row_of,
            machine,
            clusters,
            matrix,
        })
    }

    /// The reference of an analysed unit (for building operations), `None` for a unit that
    /// was not analysed.
    pub fn reference(&self, unit: usize) -> Option<&ProposalRef> {
        self.units.binary_search(&unit).ok().map(|r| &self.refs[r])
    }

    /// The clustering vectors (row `i` is `units[i]`).
    pub(crate) fn matrix(&self) -> &CsrMatrix {
        &self.matrix
    }

    /// The document of a row.
    pub(crate) fn document_of_row(&self, row: usize) -> usize {
        self.row_docs[row]
    }

    /// The analysed unit with this fingerprint.
    pub fn unit_of(&self, fp: &Fingerprint) -> Option<usize> {
        self.row_of.get(fp).map(|&r| self.units[r])
    }
}

/// The start of a text, for people reading the decisions file.
fn preview(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(PREVIEW_CHARS) {
        Some((i, _)) => format!("{}…", &flat[..i]),
        None => flat,
    }
}

/// One entry of a group: a proposal, with the proposals marked as the same folded into it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The unit id of the proposal.
    pub unit: usize,
    /// Its fingerprint.
    pub fp: Fingerprint,
    /// Unit ids of the proposals folded into this one (`又见于`), in corpus order.
    pub also: Vec<usize>,
    /// Whether the editor has not seen it yet (its document was added since the last review).
    pub new: bool,
    /// For a new proposal placed by the `assign` rule: its cosine to the group's centroid.
    pub similarity: Option<f32>,
}

/// One of the editor's groups.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewedGroup {
    /// The group's id in the decisions file.
    pub id: GroupId,
    /// The editor's title, else the machine label.
    pub title: String,
    /// The label of the machine cluster most of its members are in (or its label when the
    /// group was made).
    pub label: String,
    /// Whether the editor gave the title.
    pub renamed: bool,
    /// The editor's note.
    pub note: Option<String>,
    /// The unit that stands for the group (the editor's pick, else the first entry).
    pub representative: Option<usize>,
    /// Entries in the editor's order (else most central first, new proposals last).
    pub entries: Vec<Entry>,
}

/// A proposal left out of the compilation.
#[derive(Debug, Clone, PartialEq)]
pub struct Excluded {
    /// The unit id.
    pub unit: usize,
    /// Its fingerprint.
    pub fp: Fingerprint,
    /// Why.
    pub reason: ExcludeReason,
    /// Whether its whole document was excluded.
    pub document: bool,
    /// The group it would be in.
    pub group: Option<GroupId>,
    /// Whether the editor has not seen it yet.
    pub new: bool,
}

/// A decision whose proposal (or document) is not in this run: kept in the file, listed here.
#[derive(Debug, Clone, PartialEq)]
pub struct Orphan {
    /// 1-based position of the decision in the file's `ops`.
    pub entry: usize,
    /// What the decision was, with the proposal it named.
    pub decision: String,
}

/// The decisions applied to a run.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Reviewed {
    /// Whether there was a review to apply (else these are the machine's clusters).
    pub reviewed: bool,
    /// The groups in the editor's order; groups left without a member are kept (empty).
    pub groups: Vec<ReviewedGroup>,
    /// Proposals in no group: left out by clustering, moved out by the editor, or new and too
    /// far from every group ("new, not yet placed": `new` is set).
    pub unplaced: Vec<Entry>,
    /// Proposals left out by the editor.
    pub excluded: Vec<Excluded>,
    /// Decisions whose proposal or document is gone.
    pub orphaned: Vec<Orphan>,
    /// Problems with entries of the file (unknown group ids, a proposal placed twice).
    pub warnings: Vec<String>,
}

impl Reviewed {
    /// How many proposals are new since the last review.
    pub fn new_count(&self) -> usize {
        let grouped = self.groups.iter().flat_map(|g| &g.entries);
        grouped.chain(&self.unplaced).filter(|e| e.new).count()
            + self.excluded.iter().filter(|e| e.new).count()
    }

    /// The group an (entry's) unit is in, with the entry.
    pub fn group_of(&self, unit: usize) -> Option<(&ReviewedGroup, &Entry)> {
        self.groups.iter().find_map(|g| {
            g.entries
                .iter()
                .find(|e| e.unit == unit || e.also.contains(&unit))
                .map(|e| (g, e))
        })
    }
}

/// A group while the decisions are replayed.
#[derive(Debug, Clone)]
struct GroupState {
    id: GroupId,
    label: String,
    title: Option<String>,
    note: Option<String>,
    representative: Option<Fingerprint>,
    members: Vec<Fingerprint>,
    deleted: bool,
}

/// Everything the replay tracks.
#[derive(Debug, Default)]
struct State {
    groups: Vec<GroupState>,
    index: HashMap<GroupId, usize>,
    member_of: HashMap<Fingerprint, usize>,
    seen: HashSet<Fingerprint>,
    excluded: HashMap<Fingerprint, ExcludeReason>,
    excluded_docs: HashMap<DocKey, ExcludeReason>,
    same: HashMap<Fingerprint, Fingerprint>,
    order: Vec<GroupId>,
    orphaned: Vec<Orphan>,
    warnings: Vec<String>,
}

impl State {
    fn group(&self, id: &GroupId) -> Option<usize> {
        self.index
            .get(id)
            .copied()
            .filter(|&g| !self.groups[g].deleted)
    }

    fn create(&mut self, id: &GroupId, label: &str) -> usize {
        if let Some(&g) = self.index.get(id) {
            // A deleted (merged) id named again is a group again.
            self.groups[g].deleted = false;
            return g;
        }
        self.groups.push(GroupState {
            id: id.clone(),
            label: label.to_string(),
            title: None,
            note: None,
            representative: None,
            members: Vec::new(),
            deleted: false,
        });
        self.index.insert(id.clone(), self.groups.len() - 1);
        self.groups.len() - 1
    }

    fn take_out(&mut self, fp: &Fingerprint) {
        if let Some(g) = self.member_of.remove(fp) {
            self.groups[g].members.retain(|m| m != fp);
        }
    }

    fn put(&mut self, fp: &Fingerprint, group: Option<usize>) {
        self.take_out(fp);
        self.seen.insert(fp.clone());
        if let Some(g) = group {
            self.groups[g].members.push(fp.clone());
            self.member_of.insert(fp.clone(), g);
        }
    }

    /// The proposal a duplicate is folded into, following chains.
    fn root(&self, fp: &Fingerprint) -> Fingerprint {
        let mut cur = fp;
        for _ in 0..self.same.len() {
            match self.same.get(cur) {
                Some(next) => cur = next,
                None => break,
            }
        }
        cur.clone()
    }
}

impl Decisions {
    /// Applies the decisions to a run's proposals: replays the log in order, then places the
    /// proposals the editor has not seen. Without a review (no `place` entry) the groups are
    /// the machine's clusters, with the ids [`Decisions::adopt`] would give them.
    pub fn apply(&self, p: &Proposals) -> Reviewed {
        let mut s = State::default();
        let reviewed = self.ops.iter().any(|op| !op.is_editor_op());
        if !reviewed {
            let mut ids = self.clone();
            replay(&mut s, p, 0, &machine_place(&mut ids, p));
        }
        for (i, op) in self.ops.iter().enumerate() {
            replay(&mut s, p, i + 1, op);
        }
        let placed_new = if reviewed {
            place_new(&mut s, p)
        } else {
            HashMap::new()
        };
        finish(s, p, reviewed, &placed_new)
    }

    /// Records that the editor has seen this run: on the first review the machine's groups
    /// become the editor's (`place` with every group and proposal), later the placement of the
    /// new proposals. Call it before the editor's first operation and whenever the editor has
    /// been shown new proposals; returns whether anything was recorded.
    pub fn adopt(&mut self, p: &Proposals) -> bool {
        let reviewed = self.ops.iter().any(|op| !op.is_editor_op());
        if !reviewed {
            // Editor ops made before any placement are replayed after it, as `apply` did.
            let place = machine_place(self, p);
            self.ops.insert(0, place);
            return true;
        }
        let r = self.apply(p);
        let rows: HashMap<&Fingerprint, usize> = p
            .fingerprints
            .iter()
            .enumerate()
            .map(|(r, fp)| (fp, r))
            .collect();
        let mut placements = Vec::new();
        let mut add = |fp: &Fingerprint, group: Option<&GroupId>| {
            if let Some(&row) = rows.get(fp) {
                placements.push((
                    row,
                    Placement {
                        proposal: p.refs[row].clone(),
                        group: group.cloned(),
                    },
                ));
            }
        };
        for g in &r.groups {
            for e in g.entries.iter().filter(|e| e.new) {
                add(&e.fp, Some(&g.id));
            }
        }
        for e in r.unplaced.iter().filter(|e| e.new) {
            add(&e.fp, None);
        }
        for e in r.excluded.iter().filter(|e| e.new) {
            add(&e.fp, e.group.as_ref());
        }
        if placements.is_empty() {
            return false;
        }
        placements.sort_by_key(|(row, _)| *row);
        self.ops.push(Op::Place {
            groups: Vec::new(),
            placements: placements.into_iter().map(|(_, pl)| pl).collect(),
        });
        true
    }
}

/// The machine's clusters as a `place` entry, with new ids from `d`.
fn machine_place(d: &mut Decisions, p: &Proposals) -> Op {
    let ids: Vec<GroupId> = p.clusters.iter().map(|_| d.new_group_id()).collect();
    let placements = (0..p.units.len())
        .map(|r| Placement {
            proposal: p.refs[r].clone(),
            group: p.machine[r].map(|c| ids[c].clone()),
        })
        .collect::<Vec<_>>();
    // Members in the machine's order (most central first), then the unclustered.
    let mut ordered: Vec<Placement> = Vec::with_capacity(placements.len());
    for (_, rows) in &p.clusters {
        ordered.extend(rows.iter().map(|&r| placements[r].clone()));
    }
    ordered.extend(placements.iter().filter(|pl| pl.group.is_none()).cloned());
    Op::Place {
        groups: p
            .clusters
            .iter()
            .zip(&ids)
            .map(|((label, _), id)| PlacedGroup {
                id: id.clone(),
                label: label.clone(),
            })
            .collect(),
        placements: ordered,
    }
}

/// Replays one entry (`entry` is its 1-based position, 0 for the machine's placement).
fn replay(s: &mut State, p: &Proposals, entry: usize, op: &Op) {
    let what = || op.describe();
    let orphan = |s: &mut State, r: &ProposalRef, decision: String| {
        if !p.row_of.contains_key(&r.fp) {
            s.orphaned.push(Orphan {
                entry,
                decision: format!("{decision} (《{}》 “{}”)", r.doc, r.text),
            });
        }
    };
    let warn = |s: &mut State, message: String| {
        s.warnings
            .push(format!("entry {entry} ({}): {message}", what()));
    };
    let need = |s: &mut State, g: &GroupId| -> Option<usize> {
        let found = s.group(g);
        if found.is_none() {
            s.warnings.push(format!(
                "entry {entry} ({}): there is no group {g}; ignored",
                what()
            ));
        }
        found
    };
    match op {
        Op::Place { groups, placements } => {
            for g in groups {
                s.create(&g.id, &g.label);
            }
            let mut here: HashMap<&Fingerprint, &Option<GroupId>> = HashMap::new();
            for pl in placements {
                let fp = &pl.proposal.fp;
                if let Some(prev) = here.insert(fp, &pl.group) {
                    if *prev != pl.group {
                        let name = |g: &Option<GroupId>| {
                            g.as_ref().map_or("no group".to_string(), |g| g.0.clone())
                        };
                        warn(
                            s,
                            format!(
                                "proposal {fp} “{}” is placed in two groups ({} and {}); the \
                                 later is kept",
                                pl.proposal.text,
                                name(prev),
                                name(&pl.group)
                            ),
                        );
                    }
                }
                let g = pl.group.as_ref().map(|g| s.create(g, ""));
                orphan(s, &pl.proposal, format!("placed in {}", name_of(&pl.group)));
                s.put(fp, g);
            }
        }
        Op::Rename { group, title } => {
            if let Some(g) = need(s, group) {
                let t = title.trim();
                s.groups[g].title = (!t.is_empty()).then(|| t.to_string());
            }
        }
        Op::Merge { into, from } => {
            let Some(target) = need(s, into) else { return };
            for f in from {
                let Some(g) = need(s, f) else { continue };
                if g == target {
                    continue;
                }
                for fp in std::mem::take(&mut s.groups[g].members) {
                    s.member_of.insert(fp.clone(), target);
                    s.groups[target].members.push(fp);
                }
                if let Some(note) = s.groups[g].note.take() {
                    let joined = match s.groups[target].note.take() {
                        Some(n) => format!("{n}\n{note}"),
                        None => note,
                    };
                    s.groups[target].note = Some(joined);
                }
                s.groups[g].deleted = true;
            }
        }
        Op::Split {
            group,
            members,
            to,
            title,
        } => {
            let Some(g) = need(s, group) else { return };
            let label = s.groups[g].label.clone();
            let new = s.create(to, &label);
            if let Some(t) = title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                s.groups[new].title = Some(t.to_string());
            }
            for m in members {
                orphan(s, m, what());
                s.put(&m.fp, Some(new));
            }
        }
        Op::Move { proposal, to } => {
            orphan(s, proposal, what());
            let g = to.as_ref().map(|g| s.create(g, ""));
            s.put(&proposal.fp, g);
        }
        Op::Exclude { proposal, reason } => {
            orphan(s, proposal, what());
            s.seen.insert(proposal.fp.clone());
            s.excluded.insert(proposal.fp.clone(), *reason);
        }
        Op::Include { proposal } => {
            orphan(s, proposal, what());
            s.excluded.remove(&proposal.fp);
        }
        Op::ExcludeDocument { document, reason } => {
            if !p.documents.iter().any(|d| d.key == document.key) {
                s.orphaned.push(Orphan {
                    entry,
                    decision: what(),
                });
            }
            s.excluded_docs.insert(document.key.clone(), *reason);
        }
        Op::IncludeDocument { document } => {
            s.excluded_docs.remove(&document.key);
        }
        Op::Representative { group, proposal } => {
            orphan(s, proposal, what());
            if let Some(g) = need(s, group) {
                s.groups[g].representative = Some(proposal.fp.clone());
            }
        }
        Op::OrderGroups { order } => {
            for g in order {
                need(s, g);
            }
            s.order = order.clone();
        }
        Op::OrderMembers { group, order } => {
            let Some(g) = need(s, group) else { return };
            let members = &mut s.groups[g].members;
            let mut front: Vec<Fingerprint> = order
                .iter()
                .map(|r| r.fp.clone())
                .filter(|fp| members.contains(fp))
                .collect();
            front.dedup();
            members.retain(|m| !front.contains(m));
            front.append(members);
            *members = front;
        }
        Op::Note { group, text } => {
            if let Some(g) = need(s, group) {
                let t = text.trim();
                s.groups[g].note = (!t.is_empty()).then(|| t.to_string());
            }
        }
        Op::Same {
            proposal,
            duplicate,
        } => {
            orphan(s, proposal, what());
            orphan(s, duplicate, what());
            let root = s.root(&proposal.fp);
            if root == duplicate.fp {
                warn(s, "a proposal cannot be a duplicate of itself".into());
                return;
            }
            s.same.insert(duplicate.fp.clone(), root.clone());
            let g = s.member_of.get(&root).copied();
            s.put(&duplicate.fp, g);
        }
        Op::NotSame { duplicate } => {
            orphan(s, duplicate, what());
            s.same.remove(&duplicate.fp);
        }
    }
}

fn name_of(g: &Option<GroupId>) -> String {
    g.as_ref()
        .map_or("no group".to_string(), |g| format!("group {g}"))
}

/// Places the proposals the editor has not seen into the edited groups by the rule `assign`
/// uses: the group whose centroid (of its current members' clustering vectors) has the
/// highest cosine, when that reaches the group's floor (as clustering sets floors). Returns
/// each placed or unplaced new row with its cosine.
fn place_new(s: &mut State, p: &Proposals) -> HashMap<usize, f32> {
    let new_rows: Vec<usize> = (0..p.units.len())
        .filter(|&r| !s.seen.contains(&p.fingerprints[r]))
        .collect();
    if new_rows.is_empty() {
        return HashMap::new();
    }
    let live: Vec<(usize, Vec<usize>)> = s
        .groups
        .iter()
        .enumerate()
        .filter(|(_, g)| !g.deleted)
        .map(|(i, g)| {
            let rows = g
                .members
                .iter()
                .filter(|fp| !s.excluded.contains_key(*fp))
                .filter_map(|fp| p.row_of.get(fp).copied())
                .collect::<Vec<_>>();
            (i, rows)
        })
        .filter(|(_, rows)| !rows.is_empty())
        .collect();
    let mut out = HashMap::new();
    let placed = if live.is_empty() {
        None
    } else {
        let (rows, floors): (Vec<Vec<(u32, f64)>>, Vec<f64>) = live
            .iter()
            .map(|(_, members)| centroid_and_floor(&p.matrix, members))
            .unzip();
        let centroids = SparseCentroids::from_rows(p.matrix.n_cols(), floors, rows).ok();
        let sub = CsrMatrix::from_rows(
            p.matrix.n_cols(),
            new_rows
                .iter()
                .map(|&r| {
                    let (t, w) = p.matrix.row(r);
                    t.iter().copied().zip(w.iter().copied()).collect()
                })
                .collect(),
        );
        centroids.and_then(|c| c.place(&sub).ok())
    };
    let mut by_group: BTreeMap<usize, Vec<(f64, usize)>> = BTreeMap::new();
    for (i, &row) in new_rows.iter().enumerate() {
        let near = placed.as_ref().and_then(|pl| pl.get(i));
        let sim = near.map_or(0.0, |n| n.similarity);
        out.insert(row, sim as f32);
        if let Some(c) = near.and_then(|n| n.cluster) {
            by_group.entry(live[c].0).or_default().push((sim, row));
        }
    }
    // New members follow the seen ones, closest first.
    for (g, mut rows) in by_group {
        rows.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        for (_, row) in rows {
            let fp = &p.fingerprints[row];
            s.groups[g].members.push(fp.clone());
            s.member_of.insert(fp.clone(), g);
        }
    }
    out
}

/// A group's unit-length centroid and its joining floor: `min(DEFAULT_JOIN_FLOOR,
/// DEFAULT_JOIN_RELATIVE × median leave-one-out cosine)` from three members on, else
/// `DEFAULT_JOIN_FLOOR`, the rule clustering sets its floors by.
pub(crate) fn centroid_and_floor(m: &CsrMatrix, rows: &[usize]) -> (Vec<(u32, f64)>, f64) {
    let mut sum: BTreeMap<u32, f64> = BTreeMap::new();
    for &r in rows {
        let (t, w) = m.row(r);
        for (&t, &w) in t.iter().zip(w) {
            *sum.entry(t).or_insert(0.0) += f64::from(w);
        }
    }
    let norm = sum.values().map(|w| w * w).sum::<f64>().sqrt();
    let centroid: Vec<(u32, f64)> = if norm > 0.0 {
        sum.iter().map(|(&t, &w)| (t, w / norm)).collect()
    } else {
        Vec::new()
    };
    let floor = if rows.len() < RELATIVE_MIN_MEMBERS {
        DEFAULT_JOIN_FLOOR
    } else {
        let mut loo: Vec<f64> = rows
            .iter()
            .map(|&r| {
                let (t, w) = m.row(r);
                let own: HashMap<u32, f64> =
                    t.iter().zip(w).map(|(&t, &w)| (t, f64::from(w))).collect();
                let dot: f64 = own
                    .iter()
                    .map(|(t, w)| w * (sum.get(t).copied().unwrap_or(0.0) - w))
                    .sum();
                let rest_sq: f64 = sum
                    .iter()
                    .map(|(t, s)| {
                        let v = s - own.get(t).copied().unwrap_or(0.0);
                        v * v
                    })
                    .sum();
                let own_norm = own.values().map(|w| w * w).sum::<f64>().sqrt();
                match rest_sq.sqrt() * own_norm {
                    d if d > 0.0 => dot / d,
                    _ => 0.0,
                }
            })
            .collect();
        loo.sort_by(f64::total_cmp);
        DEFAULT_JOIN_FLOOR.min(DEFAULT_JOIN_RELATIVE * loo[loo.len() / 2])
    };
    (centroid, floor.clamp(MIN_FLOOR, 1.0))
}

/// Builds the output from the replayed state.
fn finish(s: State, p: &Proposals, reviewed: bool, placed_new: &HashMap<usize, f32>) -> Reviewed {
    let is_new = |row: usize| reviewed && !s.seen.contains(&p.fingerprints[row]);
    let entry = |row: usize| Entry {
        unit: p.units[row],
        fp: p.fingerprints[row].clone(),
        also: Vec::new(),
        new: is_new(row),
        similarity: placed_new.get(&row).copied(),
    };
    let exclusion = |row: usize| -> Option<(ExcludeReason, bool)> {
        if let Some(r) = s.excluded_docs.get(&p.doc_keys[row]) {
            return Some((*r, true));
        }
        s.excluded.get(&p.fingerprints[row]).map(|r| (*r, false))
    };
    let mut excluded = Vec::new();
    let mut in_group: HashSet<usize> = HashSet::new();
    let mut groups_out: Vec<(GroupId, ReviewedGroup)> = Vec::new();
    for g in s.groups.iter().filter(|g| !g.deleted) {
        let rows: Vec<usize> = g
            .members
            .iter()
            .filter_map(|fp| p.row_of.get(fp).copied())
            .collect();
        let mut entries: Vec<Entry> = Vec::new();
        let mut at: HashMap<Fingerprint, usize> = HashMap::new();
        let mut folded: Vec<(Fingerprint, usize)> = Vec::new();
        for &row in &rows {
            in_group.insert(row);
            if let Some((reason, document)) = exclusion(row) {
                excluded.push(Excluded {
                    unit: p.units[row],
                    fp: p.fingerprints[row].clone(),
                    reason,
                    document,
                    group: Some(g.id.clone()),
                    new: is_new(row),
                });
                continue;
            }
            let fp = &p.fingerprints[row];
            let root = s.root(fp);
            if root != *fp && rows.iter().any(|&r| p.fingerprints[r] == root) {
                folded.push((root, row));
                continue;
            }
            at.insert(fp.clone(), entries.len());
            entries.push(entry(row));
        }
        for (root, row) in folded {
            match at.get(&root) {
                Some(&i) => entries[i].also.push(p.units[row]),
                // The proposal it folds into is excluded: it stands on its own.
                None => entries.push(entry(row)),
            }
        }
        for e in &mut entries {
            e.also.sort_unstable();
        }
        let representative = g
            .representative
            .as_ref()
            .and_then(|fp| entries.iter().find(|e| &e.fp == fp))
            .or(entries.first())
            .map(|e| e.unit);
        let label = majority_label(p, &rows).unwrap_or_else(|| g.label.clone());
        groups_out.push((
            g.id.clone(),
            ReviewedGroup {
                id: g.id.clone(),
                title: g.title.clone().unwrap_or_else(|| label.clone()),
                renamed: g.title.is_some(),
                label,
                note: g.note.clone(),
                representative,
                entries,
            },
        ));
    }
    let mut ordered: Vec<ReviewedGroup> = Vec::with_capacity(groups_out.len());
    for id in &s.order {
        if let Some(i) = groups_out.iter().position(|(g, _)| g == id) {
            ordered.push(groups_out.remove(i).1);
        }
    }
    ordered.extend(groups_out.into_iter().map(|(_, g)| g));
    let mut unplaced = Vec::new();
    for row in (0..p.units.len()).filter(|r| !in_group.contains(r)) {
        match exclusion(row) {
            Some((reason, document)) => excluded.push(Excluded {
                unit: p.units[row],
                fp: p.fingerprints[row].clone(),
                reason,
                document,
                group: None,
                new: is_new(row),
            }),
            None => unplaced.push(entry(row)),
        }
    }
    excluded.sort_by_key(|e| e.unit);
    Reviewed {
        reviewed,
        groups: ordered,
        unplaced,
        excluded,
        orphaned: s.orphaned,
        warnings: s.warnings,
    }
}

/// The label of the machine cluster most of these rows are in (ties: the earlier cluster).
fn majority_label(p: &Proposals, rows: &[usize]) -> Option<String> {
    let mut count: BTreeMap<usize, usize> = BTreeMap::new();
    for &r in rows {
        if let Some(c) = p.machine[r] {
            *count.entry(c).or_insert(0) += 1;
        }
    }
    let best = count
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(&c, _)| c)?;
    p.clusters.get(best).map(|(l, _)| l.clone())
}
