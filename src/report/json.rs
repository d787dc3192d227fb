//! The JSON output schema. These types are separate from the internal ones so that the
//! schema stays stable while the engine changes: fields are added, never renamed.

use std::io::Write;

use rayon::prelude::*;
use serde::ser::{Error as _, SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

use crate::corpus::{Corpus, CorpusUnit, Document};
use crate::engine::{Analysis, Cluster, Unclustered};
use crate::segment::{Kind, Location};
use crate::vectorize::Vocabulary;

/// Schema version of the JSON output; bumped only on incompatible changes.
pub const SCHEMA_VERSION: u32 = 2;

/// A document as written to JSON.
#[derive(Debug, Serialize)]
pub struct JsonDocument<'a> {
    /// Index of the document.
    pub id: usize,
    /// The path as the user gave it.
    pub path: &'a str,
    /// Title (first article's title, else the file name).
    pub title: &'a str,
    /// `text`, `markdown`, `html` or `docx`.
    pub format: &'static str,
    /// Encoding of the bytes.
    pub encoding: &'static str,
    /// Articles with title and byline.
    pub articles: Vec<JsonArticle<'a>>,
    /// The document's metadata (title, issuer, doc_number, dates, source…; absent fields
    /// are left out).
    pub meta: &'a crate::clean::DocMeta,
}

/// An article as written to JSON.
#[derive(Debug, Serialize)]
pub struct JsonArticle<'a> {
    /// Title, or null.
    pub title: Option<&'a str>,
    /// Byline, or null.
    pub byline: Option<&'a str>,
    /// The article's own metadata.
    pub meta: &'a crate::clean::DocMeta,
}

/// A unit as written to JSON.
#[derive(Debug, Serialize)]
pub struct JsonUnit<'a> {
    /// Corpus-wide unit id.
    pub id: usize,
    /// Document id.
    pub document: usize,
    /// Article index within the document.
    pub article: usize,
    /// `recommendation`, `problem`, `background` or `case`.
    pub kind: Kind,
    /// The unit's own heading, or null.
    pub heading: Option<&'a str>,
    /// Article title, section headings and own heading.
    pub path: &'a [String],
    /// Numbering marker as written, or null.
    pub marker: Option<&'a str>,
    /// Cleaned text.
    pub text: &'a str,
    /// First and last source lines.
    pub location: Location,
}

/// A line removed as furniture.
#[derive(Debug, Serialize)]
pub struct JsonRemoved<'a> {
    /// Document id.
    pub document: usize,
    /// Source line.
    pub line: u32,
    /// Why.
    pub reason: crate::clean::Furniture,
    /// The line.
    pub text: &'a str,
}

/// The fields every output starts with.
#[derive(Debug, Serialize)]
pub struct Header<'a> {
    /// Schema version ([`SCHEMA_VERSION`]).
    pub schema: u32,
    /// Program version.
    pub version: &'static str,
    /// Documents.
    pub documents: Vec<JsonDocument<'a>>,
}

/// The header of any output about corpus `c`.
pub fn header(c: &Corpus) -> Header<'_> {
    Header {
        schema: SCHEMA_VERSION,
        version: env!("CARGO_PKG_VERSION"),
        documents: c.documents.iter().map(document).collect(),
    }
}

/// Converts a document.
pub fn document(d: &Document) -> JsonDocument<'_> {
    JsonDocument {
        id: d.id,
        path: &d.path,
        title: &d.title,
        format: d.format.name(),
        encoding: d.encoding,
        articles: d
            .articles
            .iter()
            .map(|a| JsonArticle {
                title: a.title.as_deref(),
                byline: a.byline.as_deref(),
                meta: &a.meta,
            })
            .collect(),
        meta: &d.meta,
    }
}

/// Converts a unit.
pub fn unit(u: &CorpusUnit) -> JsonUnit<'_> {
    JsonUnit {
        id: u.id,
        document: u.document,
        article: u.unit.article,
        kind: u.unit.kind,
        heading: u.unit.heading.as_deref(),
        path: &u.unit.path,
        marker: u.unit.marker.as_deref(),
        text: &u.unit.text,
        location: u.unit.location,
    }
}

/// The output of `xietong segment --format json`.
#[derive(Debug, Serialize)]
pub struct SegmentOutput<'a> {
    /// Schema version, program version and documents.
    #[serde(flatten)]
    pub header: Header<'a>,
    /// All units, every kind.
    pub units: Vec<JsonUnit<'a>>,
    /// Lines removed as furniture.
    pub removed: Vec<JsonRemoved<'a>>,
    /// Files skipped or read with a caveat.
    pub warnings: Vec<String>,
}

/// Builds the segmentation output.
pub fn segment_output(c: &Corpus) -> SegmentOutput<'_> {
    SegmentOutput {
        header: header(c),
        units: c.units.iter().map(unit).collect(),
        removed: c
            .documents
            .iter()
            .flat_map(|d| {
                d.removed.iter().map(move |r| JsonRemoved {
                    document: d.id,
                    line: r.line,
                    reason: r.reason,
                    text: &r.text,
                })
            })
            .collect(),
        warnings: c.warnings.iter().map(ToString::to_string).collect(),
    }
}

/// Serialises any output as pretty JSON followed by a newline.
pub fn to_bytes<T: Serialize>(value: &T) -> Vec<u8> {
    // Serialising plain data with string keys cannot fail.
    let mut out = serde_json::to_vec_pretty(value).unwrap_or_default();
    out.push(b'\n');
    out
}

/// A neighbour as written to JSON.
#[derive(Debug, Serialize)]
pub struct JsonNeighbor<'a> {
    /// The neighbour's unit id.
    pub id: usize,
    /// Cosine similarity.
    pub score: f32,
    /// Shared terms that contribute most.
    pub terms: Vec<&'a str>,
}

/// A unit with its neighbours, as in the report output.
#[derive(Debug, Serialize)]
pub struct JsonReportUnit<'a> {
    /// The unit's fields.
    #[serde(flatten)]
    pub unit: JsonUnit<'a>,
    /// Nearest units in other documents (analysed units only; empty for the others).
    pub neighbors: Vec<JsonNeighbor<'a>>,
}

/// A weighted term.
#[derive(Debug, Serialize)]
pub struct JsonTerm<'a> {
    /// The term.
    pub term: &'a str,
    /// Its c-TF-IDF weight in the cluster.
    pub weight: f32,
}

/// A cluster as written to JSON.
#[derive(Debug, Serialize)]
pub struct JsonCluster<'a> {
    /// Cluster id (its rank in the report).
    pub id: usize,
    /// Label made of its most distinctive terms.
    pub label: &'a str,
    /// Distinctive terms with weights.
    pub terms: Vec<JsonTerm<'a>>,
    /// Member unit ids, most central first.
    pub members: &'a [usize],
    /// Cosine of each member to the centroid, in `members` order.
    pub similarity: &'a [f32],
    /// The member closest to the centroid.
    pub representative: usize,
    /// Ids of the documents the members come from.
    pub documents: &'a [usize],
    /// Least TF-IDF cosine to the centroid for a unit to join.
    pub floor: f64,
    /// Ids of the theme's overlap groups (`overlaps[]`), largest first.
    pub overlaps: Vec<usize>,
}

/// An overlap group as written to JSON: proposals of different documents that say the same
/// thing.
#[derive(Debug, Serialize)]
pub struct JsonOverlap<'a> {
    /// Group id (its rank in the report).
    pub id: usize,
    /// The cluster (theme) holding most members, or null.
    pub theme: Option<usize>,
    /// Member unit ids, the medoid first.
    pub members: &'a [usize],
    /// Cosine of each member to the medoid, in `members` order.
    pub similarity: &'a [f32],
    /// Ids of the documents the members come from.
    pub documents: &'a [usize],
    /// The lowest cosine between two members.
    pub min_similarity: f32,
}

/// An overlap group as written to JSON.
pub fn overlap(o: &crate::engine::Overlap) -> JsonOverlap<'_> {
    JsonOverlap {
        id: o.id,
        theme: o.theme,
        members: &o.members,
        similarity: &o.similarity,
        documents: &o.documents,
        min_similarity: o.min_similarity,
    }
}

/// A unit left out of every cluster, as written to JSON.
#[derive(Debug, Serialize)]
pub struct JsonUnclustered {
    /// Unit id.
    pub unit: usize,
    /// The cluster it came closest to, if any.
    pub nearest: Option<usize>,
    /// Its cosine to that cluster's centroid (below the cluster's floor).
    pub similarity: f32,
}

/// Settings echoed in the report so a run can be reproduced.
#[derive(Debug, Serialize)]
pub struct JsonSettings {
    /// `--k`, or null when chosen automatically.
    pub k: Option<usize>,
    /// The k used.
    pub k_used: usize,
    /// `--seed`.
    pub seed: u64,
    /// Kinds analysed.
    pub kinds: Vec<Kind>,
    /// Silhouette of every k that decided the choice.
    pub k_scores: Vec<JsonKScore>,
    /// How k was chosen, or null when `--k` fixed it.
    pub k_choice: Option<JsonKChoice>,
}

/// How k was chosen.
#[derive(Debug, Serialize)]
pub struct JsonKChoice {
    /// `exhaustive` (every k of the range) or `coarse-to-fine`.
    pub search: crate::cluster::KSearch,
    /// Smallest k of the range.
    pub k_min: usize,
    /// Largest k of the range.
    pub k_max: usize,
    /// Units the silhouettes were computed on.
    pub rows: usize,
    /// Whether they are a sample.
    pub sampled: bool,
    /// Silhouettes of the coarse grid (one k-means run each), empty for `exhaustive`.
    pub coarse: Vec<JsonKScore>,
}

fn k_score(s: &crate::cluster::KScore) -> JsonKScore {
    JsonKScore {
        k: s.k,
        silhouette: s.silhouette,
    }
}

/// The silhouette of one k.
#[derive(Debug, Serialize)]
pub struct JsonKScore {
    /// k asked of k-means.
    pub k: usize,
    /// Mean cosine silhouette.
    pub silhouette: f64,
}

/// The output of `xietong report --format json`: schema and program version, documents,
/// settings, every unit (of every kind) with its neighbours, clusters widest first, the units
/// of the analysed kinds left out of every cluster, near-duplicate pairs across documents
/// (highest first), overlap groups (theme by theme, largest first) and the files skipped or
/// read with a caveat.
///
/// Serialising it makes each document, unit and cluster as it is written, so a report of
/// 100,000 units is never held in memory as a whole (see [`write_report`]).
pub struct ReportOutput<'a> {
    corpus: &'a Corpus,
    analysis: &'a Analysis,
    /// Row in the analysis of each corpus unit (`None` for units of other kinds).
    row_of: Vec<Option<usize>>,
}

/// Builds the report output.
pub fn report_output<'a>(c: &'a Corpus, a: &'a Analysis) -> ReportOutput<'a> {
    let mut row_of = vec![None; c.units.len()];
    for (row, &id) in a.units.iter().enumerate() {
        row_of[id] = Some(row);
    }
    ReportOutput {
        corpus: c,
        analysis: a,
        row_of,
    }
}

impl<'a> ReportOutput<'a> {
    /// A unit with its neighbours (none for units that were not analysed).
    pub fn unit(&self, u: &'a CorpusUnit) -> JsonReportUnit<'a> {
        let a = self.analysis;
        JsonReportUnit {
            unit: unit(u),
            neighbors: self.row_of[u.id]
                .map(|r| {
                    a.neighbors[r]
                        .iter()
                        .map(|n| JsonNeighbor {
                            id: n.unit,
                            score: n.score,
                            terms: a.term_names(&n.terms),
                        })
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// The settings of the run (see [`settings`]).
    pub fn settings(&self) -> JsonSettings {
        settings(self.analysis)
    }

    /// The files skipped or read with a caveat.
    pub fn warnings(&self) -> Vec<String> {
        self.corpus
            .warnings
            .iter()
            .map(ToString::to_string)
            .collect()
    }
}

impl Serialize for ReportOutput<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let (c, a) = (self.corpus, self.analysis);
        // The fields in the order of the schema (the header's first, as every output has).
        let mut m = s.serialize_struct("ReportOutput", 10)?;
        m.serialize_field("schema", &SCHEMA_VERSION)?;
        m.serialize_field("version", env!("CARGO_PKG_VERSION"))?;
        m.serialize_field("documents", &Seq(|| c.documents.iter().map(document)))?;
        m.serialize_field("settings", &self.settings())?;
        m.serialize_field(
            "units",
            &ParSeq {
                items: &c.units,
                make: |u| self.unit(u),
            },
        )?;
        m.serialize_field(
            "clusters",
            &Seq(|| a.clusters.iter().map(|k| cluster(a, k))),
        )?;
        m.serialize_field(
            "unclustered",
            &Seq(|| a.unclustered.iter().map(unclustered)),
        )?;
        let vocabulary = a.tfidf.vocabulary();
        m.serialize_field(
            "duplicates",
            &ParSeq {
                items: &a.duplicates,
                make: |d| duplicate(d, vocabulary),
            },
        )?;
        m.serialize_field(
            "overlaps",
            &ParSeq {
                items: &a.overlaps,
                make: overlap,
            },
        )?;
        m.serialize_field("warnings", &self.warnings())?;
        // Only runs with a decisions file have it, so reports without one keep their bytes.
        match &a.review {
            Some(r) => m.serialize_field("review", &review(r))?,
            None => m.skip_field("review")?,
        }
        m.end()
    }
}

/// What the editor's decisions did, as written to JSON.
#[derive(Debug, Serialize)]
pub struct JsonReview<'a> {
    /// Unit ids of proposals added since the last review.
    pub new: &'a [usize],
    /// Proposals the editor left out.
    pub excluded: Vec<JsonExclusion>,
    /// Decisions whose proposal or document is gone.
    pub orphaned: Vec<JsonOrphan<'a>>,
    /// Problems with entries of the decisions file.
    pub warnings: &'a [String],
}

/// A proposal the editor left out.
#[derive(Debug, Serialize)]
pub struct JsonExclusion {
    /// Unit id.
    pub unit: usize,
    /// `not a proposal` or `off-topic`.
    pub reason: &'static str,
    /// Whether the whole document was excluded.
    pub document: bool,
}

/// A decision kept in the file whose proposal no longer exists.
#[derive(Debug, Serialize)]
pub struct JsonOrphan<'a> {
    /// 1-based position in the file's `ops`.
    pub entry: usize,
    /// The decision, with the proposal it named.
    pub decision: &'a str,
}

/// The review notes as written to JSON.
pub fn review(r: &crate::engine::ReviewNotes) -> JsonReview<'_> {
    JsonReview {
        new: &r.new,
        excluded: r
            .excluded
            .iter()
            .map(|e| JsonExclusion {
                unit: e.unit,
                reason: e.reason,
                document: e.document,
            })
            .collect(),
        orphaned: r
            .orphaned
            .iter()
            .map(|(entry, decision)| JsonOrphan {
                entry: *entry,
                decision,
            })
            .collect(),
        warnings: &r.warnings,
    }
}

/// The settings of a run, with the k used and the silhouette of every k tried.
pub fn settings(a: &Analysis) -> JsonSettings {
    JsonSettings {
        k: a.settings.k,
        k_used: a.clusters.len(),
        seed: a.settings.seed,
        kinds: a.settings.kinds.clone(),
        k_scores: a.k_scores.iter().map(k_score).collect(),
        k_choice: a.k_choice.as_ref().map(|c| JsonKChoice {
            search: c.search,
            k_min: c.k_min,
            k_max: c.k_max,
            rows: c.rows,
            sampled: c.sampled,
            coarse: c.coarse.iter().map(k_score).collect(),
        }),
    }
}

/// A JSON array whose elements are made one at a time as they are written.
struct Seq<F>(F);

impl<F, I> Serialize for Seq<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

/// Elements serialised at once by [`ParSeq`]: enough to keep both cores busy, few enough
/// that a report of a million units never holds more than a sliver of itself.
const PAR_BATCH: usize = 2048;

/// The indentation of an element of a top-level field's array in the pretty output.
const ELEMENT_INDENT: &str = "    ";

/// A sequence whose elements are serialised in parallel, a batch at a time, each to pretty
/// JSON indented for its place (an element of a top-level field's array), then written in
/// order as it is: the bytes are those of serialising the elements one by one. Units and
/// near-duplicate pairs are most of a report, and serialising them was most of writing it.
///
/// For pretty JSON only: under another serializer the elements keep their line breaks.
struct ParSeq<'s, T, F> {
    items: &'s [T],
    make: F,
}

impl<'s, T, F, E> Serialize for ParSeq<'s, T, F>
where
    T: Sync,
    F: Fn(&'s T) -> E + Sync,
    E: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.items.len()))?;
        for batch in self.items.chunks(PAR_BATCH) {
            let fragments: Vec<serde_json::Result<Box<RawValue>>> = batch
                .par_iter()
                .map(|item| pretty_fragment(&(self.make)(item)))
                .collect();
            for fragment in fragments {
                seq.serialize_element(&fragment.map_err(S::Error::custom)?)?;
            }
        }
        seq.end()
    }
}

/// `value` as pretty JSON whose lines after the first are indented as an element of a
/// top-level field's array. JSON strings hold no raw line break, so every one is the
/// formatter's.
fn pretty_fragment<T: Serialize>(value: &T) -> serde_json::Result<Box<RawValue>> {
    let text = serde_json::to_string_pretty(value)?;
    let breaks = text.bytes().filter(|&b| b == b'\n').count();
    let mut out = String::with_capacity(text.len() + breaks * ELEMENT_INDENT.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(ELEMENT_INDENT);
        }
        out.push_str(line);
    }
    RawValue::from_string(out)
}

/// Writes the report as pretty JSON followed by a newline, as it is produced (the same bytes
/// as [`to_bytes`] of [`report_output`]).
pub fn write_report(out: &mut dyn Write, c: &Corpus, a: &Analysis) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &report_output(c, a))?;
    out.write_all(b"\n")
}

/// A cluster of `a` as written to JSON.
pub fn cluster<'a>(a: &Analysis, k: &'a Cluster) -> JsonCluster<'a> {
    JsonCluster {
        id: k.id,
        label: &k.label,
        terms: k
            .terms
            .iter()
            .map(|(t, w)| JsonTerm {
                term: t,
                weight: *w,
            })
            .collect(),
        members: &k.members,
        similarity: &k.similarity,
        representative: k.representative,
        documents: &k.documents,
        floor: k.floor,
        overlaps: a.overlaps_in(Some(k.id)).map(|o| o.id).collect(),
    }
}

/// A unit left out of every cluster as written to JSON.
pub fn unclustered(u: &Unclustered) -> JsonUnclustered {
    JsonUnclustered {
        unit: u.unit,
        nearest: u.nearest,
        similarity: u.similarity,
    }
}

/// A near-duplicate pair as written to JSON.
#[derive(Debug, Serialize)]
pub struct JsonDuplicate<'a> {
    /// Unit id of the first unit.
    pub a: usize,
    /// Unit id of the second unit.
    pub b: usize,
    /// Cosine similarity.
    pub score: f32,
    /// Shared terms that contribute most.
    pub terms: Vec<&'a str>,
}

/// A near-duplicate pair as written to JSON, its term ids read in `vocabulary` (the one of
/// the analysis or vectors it came from).
pub fn duplicate<'a>(
    d: &crate::engine::Duplicate,
    vocabulary: &'a Vocabulary,
) -> JsonDuplicate<'a> {
    JsonDuplicate {
        a: d.a,
        b: d.b,
        score: d.score,
        terms: vocabulary.names(&d.terms),
    }
}

/// The output of `xietong similar --format json`.
#[derive(Debug, Serialize)]
pub struct SimilarOutput<'a> {
    /// Schema version, program version and documents.
    #[serde(flatten)]
    pub header: Header<'a>,
    /// Units that appear in the results.
    pub units: Vec<JsonUnit<'a>>,
    /// The query text, when ranking against one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query: Option<&'a str>,
    /// Ranked units for the query.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub results: Option<Vec<JsonNeighbor<'a>>>,
    /// Near-duplicate pairs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicates: Option<Vec<JsonDuplicate<'a>>>,
    /// Files skipped or read with a caveat.
    pub warnings: Vec<String>,
}

fn similar_base<'a>(c: &'a Corpus, ids: impl Iterator<Item = usize>) -> SimilarOutput<'a> {
    let mut ids: Vec<usize> = ids.collect();
    ids.sort_unstable();
    ids.dedup();
    SimilarOutput {
        header: header(c),
        units: ids.into_iter().map(|i| unit(&c.units[i])).collect(),
        query: None,
        results: None,
        duplicates: None,
        warnings: c.warnings.iter().map(ToString::to_string).collect(),
    }
}

/// Builds `similar` output for near-duplicate pairs (term ids read in `vocabulary`).
pub fn duplicates_output<'a>(
    c: &'a Corpus,
    pairs: &'a [crate::engine::Duplicate],
    vocabulary: &'a Vocabulary,
) -> SimilarOutput<'a> {
    let mut out = similar_base(c, pairs.iter().flat_map(|p| [p.a, p.b]));
    out.duplicates = Some(pairs.iter().map(|d| duplicate(d, vocabulary)).collect());
    out
}

/// Builds `similar --query` output.
pub fn query_output<'a>(
    c: &'a Corpus,
    query: &'a str,
    hits: &'a [crate::engine::Neighbor],
    vocabulary: &'a Vocabulary,
) -> SimilarOutput<'a> {
    let mut out = similar_base(c, hits.iter().map(|h| h.unit));
    out.query = Some(query);
    out.results = Some(
        hits.iter()
            .map(|h| JsonNeighbor {
                id: h.unit,
                score: h.score,
                terms: vocabulary.names(&h.terms),
            })
            .collect(),
    );
    out
}

/// One placement as written to JSON.
#[derive(Debug, Serialize)]
pub struct JsonPlacement<'a> {
    /// Unit id in the new corpus.
    pub unit: usize,
    /// Saved cluster id, `null` when the unit shares too little with every cluster.
    pub cluster: Option<usize>,
    /// The saved cluster's label (empty when unclustered).
    pub label: &'a str,
    /// The saved cluster the unit came closest to (its own when it joined one), `null` when it
    /// shares no term with any.
    pub nearest: Option<usize>,
    /// Cosine to the nearest cluster's centroid.
    pub similarity: f64,
}

/// The output of `xietong assign --format json`.
#[derive(Debug, Serialize)]
pub struct AssignOutput<'a> {
    /// Schema version, program version and documents.
    #[serde(flatten)]
    pub header: Header<'a>,
    /// All units, every kind.
    pub units: Vec<JsonUnit<'a>>,
    /// Where each unit of the model's kinds falls.
    pub assignments: Vec<JsonPlacement<'a>>,
    /// Files skipped or read with a caveat.
    pub warnings: Vec<String>,
}

/// Builds the `assign` output.
pub fn assign_output<'a>(
    c: &'a Corpus,
    model: &'a crate::model::SavedModel,
    placed: &[crate::model::Placement],
) -> AssignOutput<'a> {
    AssignOutput {
        header: header(c),
        units: c.units.iter().map(unit).collect(),
        assignments: placed
            .iter()
            .map(|p| JsonPlacement {
                unit: p.unit,
                cluster: p.cluster,
                label: model
                    .clusters
                    .iter()
                    .find(|k| Some(k.id) == p.cluster)
                    .map_or("", |k| k.label.as_str()),
                nearest: p.nearest,
                similarity: p.similarity,
            })
            .collect(),
        warnings: c.warnings.iter().map(ToString::to_string).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Item {
        id: usize,
        text: String,
        terms: Vec<&'static str>,
    }

    fn item(id: usize) -> Item {
        Item {
            id,
            // A line break inside a string is escaped, never a break of the layout.
            text: format!("第{id}条\n建议"),
            terms: vec!["协同", "产业"],
        }
    }

    #[derive(Serialize)]
    struct Whole<T> {
        head: &'static str,
        items: T,
    }

    #[test]
    fn a_parallel_sequence_writes_the_bytes_of_a_plain_one() {
        // More than one batch, and an empty sequence.
        for n in [PAR_BATCH + 3, 0] {
            let ids: Vec<usize> = (0..n).collect();
            let plain = to_bytes(&Whole {
                head: "x",
                items: ids.iter().map(|&i| item(i)).collect::<Vec<_>>(),
            });
            let parallel = to_bytes(&Whole {
                head: "x",
                items: ParSeq {
                    items: &ids,
                    make: |&i| item(i),
                },
            });
            assert_eq!(
                String::from_utf8_lossy(&parallel),
                String::from_utf8_lossy(&plain)
            );
        }
    }
}
