//! The one orchestration entry: a corpus and settings in, an analysis out.
//!
//! Units of the chosen kinds are tokenized, turned into TF-IDF vectors, compared with their
//! nearest neighbours in other documents, and grouped by k-means. Everything here is
//! deterministic for a given corpus and seed.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

use rayon::prelude::*;

use crate::cluster::{favour_leads, label_clusters, ClusterError, ClusterParams, KScore};
use crate::corpus::Corpus;
use crate::segment::Kind;
use crate::similarity::{duplicate_pairs, neighbors, rank_query, NeighborParams};
use crate::text::{normalize, Tokenizer, TokenizerParams};
use crate::timings::Timings;
use crate::vectorize::{CsrMatrix, DfThreshold, TfidfModel, TfidfParams};
use crate::{Error, Result};

/// Terms kept per cluster.
const CLUSTER_TERMS: usize = 10;
/// From this many units on, terms must occur in two units to enter the vocabulary.
pub const MIN_DF_CORPUS: usize = 10;
/// Above this many units, k-means uses fewer restarts.
pub const LARGE_CORPUS: usize = 5000;
/// Shared terms shown to explain a match.
const SHARED_TERMS: usize = 5;
/// Terms joined into a cluster's label.
const LABEL_TERMS: usize = 3;
/// Distinctive terms re-ranked by [`favour_leads`]; the label is chosen from the first
/// [`CLUSTER_TERMS`] of them, as more candidates let rare specific words (`科技成果`) replace
/// the general ones they contain (`科技`).
const LABEL_POOL: usize = 30;
/// How much a term in every member's lead outweighs one in none (see [`favour_leads`]).
const LEAD_BOOST: f32 = 1.0;

/// User additions to the tokenizer's models: `(file name, contents)` pairs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TextModels {
    /// Extra jieba dictionaries (`word [freq] [tag]` per line).
    pub dicts: Vec<(String, String)>,
    /// Extra stop-word lists (one word per line).
    pub stopwords: Vec<(String, String)>,
}

/// TF-IDF options users know from scikit-learn's `TfidfVectorizer`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TfidfOptions {
    /// `min_df`; `None` keeps the measured defaults (1 for similarity, 2 for clustering from
    /// [`MIN_DF_CORPUS`] units on).
    pub min_df: Option<DfThreshold>,
    /// `max_df`.
    pub max_df: DfThreshold,
    /// Sublinear tf (`1 + ln tf`).
    pub sublinear_tf: bool,
    /// Word bigrams besides single words.
    pub bigrams: bool,
}

impl Default for TfidfOptions {
    fn default() -> Self {
        TfidfOptions {
            min_df: None,
            max_df: DfThreshold::Fraction(1.0),
            sublinear_tf: true,
            bigrams: true,
        }
    }
}

impl TfidfOptions {
    fn params(&self, min_df: DfThreshold) -> TfidfParams {
        TfidfParams::new()
            .min_df(self.min_df.unwrap_or(min_df))
            .max_df(self.max_df)
            .sublinear_tf(self.sublinear_tf)
            .ngram(1, if self.bigrams { 2 } else { 1 })
    }
}

/// What the user asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Number of clusters; chosen by silhouette when `None`.
    pub k: Option<usize>,
    /// Seed for every random choice.
    pub seed: u64,
    /// Kinds of units to analyse.
    pub kinds: Vec<Kind>,
    /// Neighbours kept per unit.
    pub top_n: usize,
    /// Also look for neighbours in the unit's own document.
    pub within_doc: bool,
    /// Cosine at or above which two units of different documents are near-duplicates.
    pub threshold: f32,
    /// Additions to the dictionary and stop words.
    pub models: TextModels,
    /// TF-IDF options.
    pub tfidf: TfidfOptions,
}

/// Default `--threshold`: chosen on the seeds, where the ten cross-document pairs at or above
/// it are proposals that overlap across reports (集群促进机构, 要素自由流动/资质互认,
/// 产业转移/园区, 科技文献共享) and the pairs below it share only generic words.
pub const DEFAULT_THRESHOLD: f32 = 0.1;

impl Default for Settings {
    fn default() -> Self {
        Settings {
            k: None,
            seed: 42,
            kinds: vec![Kind::Recommendation],
            top_n: 5,
            within_doc: false,
            threshold: DEFAULT_THRESHOLD,
            models: TextModels::default(),
            tfidf: TfidfOptions::default(),
        }
    }
}

/// A unit's nearest neighbour in another document.
#[derive(Debug, Clone, PartialEq)]
pub struct Neighbor {
    /// The neighbour's unit id.
    pub unit: usize,
    /// Cosine similarity of the TF-IDF vectors.
    pub score: f32,
    /// The shared terms that contribute most to the score.
    pub terms: Vec<String>,
}

/// Two units of different documents that say nearly the same thing.
#[derive(Debug, Clone, PartialEq)]
pub struct Duplicate {
    /// The unit that comes first in the corpus.
    pub a: usize,
    /// The other unit.
    pub b: usize,
    /// Cosine similarity.
    pub score: f32,
    /// The shared terms that contribute most to the score.
    pub terms: Vec<String>,
}

/// One cluster of units.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    /// Position in [`Analysis::clusters`].
    pub id: usize,
    /// The most distinctive terms, joined.
    pub label: String,
    /// Distinctive terms with their c-TF-IDF weights, strongest first.
    pub terms: Vec<(String, f32)>,
    /// Member unit ids, most central first.
    pub members: Vec<usize>,
    /// TF-IDF cosine of each member (same order) to the cluster centroid.
    pub similarity: Vec<f32>,
    /// The member closest to the centroid.
    pub representative: usize,
    /// Documents the members come from, ascending.
    pub documents: Vec<usize>,
    /// Unit-length centroid in the clustering TF-IDF space as sorted `(term id, weight)`
    /// pairs (empty when there were too few units to cluster).
    pub centroid: Vec<(u32, f64)>,
    /// Least cosine to the centroid for joining (see [`ClusterParams::join_floor`]).
    pub floor: f64,
}

/// A unit that shares too little with every cluster to join one (its cosine to the nearest
/// cluster, that cluster's own proposals aside, is below the floor).
#[derive(Debug, Clone, PartialEq)]
pub struct Unclustered {
    /// The unit id.
    pub unit: usize,
    /// The cluster it came closest to (position in [`Analysis::clusters`]), if any.
    pub nearest: Option<usize>,
    /// Its TF-IDF cosine to that cluster's centroid.
    pub similarity: f32,
}

/// The result of a run.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The settings used.
    pub settings: Settings,
    /// Unit ids analysed, in corpus order (row `i` of every matrix is `units[i]`).
    pub units: Vec<usize>,
    /// Per analysed unit, its nearest neighbours in other documents.
    pub neighbors: Vec<Vec<Neighbor>>,
    /// Near-duplicate pairs, highest score first.
    pub duplicates: Vec<Duplicate>,
    /// Clusters ordered by how many documents they span, then by size.
    pub clusters: Vec<Cluster>,
    /// Units left out of every cluster, in corpus order.
    pub unclustered: Vec<Unclustered>,
    /// Silhouette of every k tried when k was chosen automatically.
    pub k_scores: Vec<KScore>,
    /// The TF-IDF model the clusters were fitted on (to vectorize new documents the same way).
    pub tfidf: TfidfModel,
    /// Wall time of each stage.
    pub timings: Timings,
    /// 2-D map position of each analysed unit (row order of `units`), for plots: see
    /// [`crate::layout`].
    pub coords: Vec<(f32, f32)>,
}

/// The analysed units as TF-IDF vectors, with what made them.
pub struct Vectors {
    /// Unit ids, in corpus order; row `i` is `units[i]`.
    pub units: Vec<usize>,
    /// Document of each row.
    pub groups: Vec<u32>,
    /// The tokenizer (reused for queries).
    pub tokenizer: Tokenizer,
    /// The TF-IDF model for similarity: every term counts.
    pub tfidf: TfidfModel,
    /// One l2-normalised row per unit, for similarity.
    pub matrix: CsrMatrix,
    /// The TF-IDF model for clustering: terms of a single unit dropped (from
    /// [`MIN_DF_CORPUS`] units on).
    pub cluster_tfidf: TfidfModel,
    /// One l2-normalised row per unit, for clustering.
    pub cluster_matrix: CsrMatrix,
}

impl Vectors {
    /// The string of a term id.
    pub fn term(&self, id: u32) -> String {
        self.tfidf.term(id).unwrap_or("?").to_string()
    }

    fn terms(&self, ids: &[(u32, f32)]) -> Vec<String> {
        ids.iter().map(|&(t, _)| self.term(t)).collect()
    }
}

fn config(option: &'static str) -> impl Fn(String) -> Error {
    move |message| Error::Config { option, message }
}

/// Tokenizes the units of the chosen kinds and builds their TF-IDF vectors.
pub fn vectorize(corpus: &Corpus, settings: &Settings) -> Result<Vectors> {
    vectorize_timed(corpus, settings, &mut Timings::default())
}

/// Like [`vectorize`], recording the tokenize and tf-idf stages.
pub fn vectorize_timed(
    corpus: &Corpus,
    settings: &Settings,
    timings: &mut Timings,
) -> Result<Vectors> {
    let (kinds, models, options) = (&settings.kinds, &settings.models, &settings.tfidf);
    let units: Vec<usize> = corpus.units_of(kinds).map(|u| u.id).collect();
    if units.is_empty() {
        return Err(Error::Config {
            option: "--kinds",
            message: format!(
                "no {} unit was found in the input (`xietong segment` shows how the documents \
                 were cut)",
                kinds
                    .iter()
                    .map(|k| k.as_str())
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
        });
    }
    let texts: Vec<std::borrow::Cow<'_, str>> = units
        .iter()
        .map(|&i| corpus.units[i].unit.analysed_text())
        .collect();
    let groups: Vec<u32> = units
        .iter()
        .map(|&i| corpus.units[i].document as u32)
        .collect();
    let start = timings.begin("load dictionary", None);
    let mut params = TokenizerParams::new();
    for (name, text) in &models.dicts {
        params = params.user_dict(name.clone(), text.clone());
    }
    for (name, text) in &models.stopwords {
        params = params.stopwords(name.clone(), text.clone());
    }
    let tokenizer = params.build().map_err(|e| Error::Model {
        path: "dictionary".into(),
        message: e.to_string(),
    })?;
    timings.record("load dictionary", start, 1);
    let start = timings.begin("tokenize", Some(texts.len()));
    let tokens = tokenizer.tokenize_all_reporting(&texts, timings.progress());
    timings.record("tokenize", start, texts.len());
    let start = timings.begin("tf-idf", None);
    let (tfidf, matrix) = options
        .params(DfThreshold::Count(1))
        .check()
        .and_then(|p| p.fit_transform(&tokens))
        .map_err(|e| config("tf-idf")(e.to_string()))?;
    // A term of a single unit links no two units. Keeping it in similarity vectors ranks pairs
    // better (it lowers the score of a pair whose content is mostly unshared: STS-B ρ 56.9
    // against 54.5 without), while dropping it gives clearer clusters (V-measure +0.02 on CSL,
    // +0.09 on THUCNews; on the seeds the rural proposals separate). A tiny corpus keeps all.
    let (cluster_tfidf, cluster_matrix) =
        match texts.len() >= MIN_DF_CORPUS && options.min_df.is_none() {
            true => match tfidf.restrict(&matrix, 2) {
                (model, m) if !model.vocabulary().is_empty() => (model, m),
                _ => (tfidf.clone(), matrix.clone()),
            },
            false => (tfidf.clone(), matrix.clone()),
        };
    timings.record("tf-idf", start, texts.len());
    Ok(Vectors {
        units,
        groups,
        tokenizer,
        tfidf,
        matrix,
        cluster_tfidf,
        cluster_matrix,
    })
}

/// Each unit's nearest neighbours (other documents only, unless `within_doc`).
pub fn nearest(v: &Vectors, top_n: usize, within_doc: bool) -> Result<Vec<Vec<Neighbor>>> {
    let params = NeighborParams::new()
        .top_n(top_n)
        .within_group(within_doc)
        .check()
        .map_err(|e| config("--top")(e.to_string()))?;
    let found =
        neighbors(&v.matrix, &v.groups, &params).map_err(|e| config("--top")(e.to_string()))?;
    Ok(found
        .into_iter()
        .map(|list| {
            list.into_iter()
                .map(|n| Neighbor {
                    unit: v.units[n.row],
                    score: n.score,
                    terms: v.terms(&n.shared_terms),
                })
                .collect()
        })
        .collect())
}

/// Near-duplicate pairs: cross-document pairs at or above `threshold`, highest first.
///
/// Up to [`LARGE_CORPUS`] units every such pair is listed. Above it the pairs are drawn from
/// each unit's nearest neighbours, which bounds them by units × `top_n`: all pairs above a
/// fixed threshold grow with the square of the corpus (about 80,000 at 10,000 units, millions
/// at 100,000), which no reader can use and which would dominate time and memory.
pub fn duplicates(
    v: &Vectors,
    neighbors: &[Vec<Neighbor>],
    threshold: f32,
) -> Result<Vec<Duplicate>> {
    if !(threshold > 0.0 && threshold <= 1.0) {
        return Err(config("--threshold")(format!(
            "{threshold} is not in (0, 1]"
        )));
    }
    let mut pairs: BTreeMap<(usize, usize), f32> = BTreeMap::new();
    if v.units.len() <= LARGE_CORPUS {
        let all = duplicate_pairs(&v.matrix, &v.groups, threshold)
            .map_err(|e| config("--threshold")(e.to_string()))?;
        for p in all {
            pairs.insert((v.units[p.a], v.units[p.b]), p.score);
        }
    }
    let lists = if v.units.len() <= LARGE_CORPUS {
        &[][..]
    } else {
        neighbors
    };
    for (row, list) in lists.iter().enumerate() {
        let a = v.units[row];
        for n in list.iter().filter(|n| n.score >= threshold) {
            let Ok(other) = v.units.binary_search(&n.unit) else {
                continue;
            };
            if v.groups[row] != v.groups[other] {
                pairs.insert((a.min(n.unit), a.max(n.unit)), n.score);
            }
        }
    }
    let mut out: Vec<Duplicate> = pairs
        .into_iter()
        .map(|((a, b), score)| {
            let (ra, rb) = (v.units.binary_search(&a), v.units.binary_search(&b));
            let terms = match (ra, rb) {
                (Ok(ra), Ok(rb)) => v.terms(&shared_terms(&v.matrix, ra, rb)),
                _ => Vec::new(),
            };
            Duplicate { a, b, score, terms }
        })
        .collect();
    out.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then((x.a, x.b).cmp(&(y.a, y.b)))
    });
    Ok(out)
}

/// The units most similar to a piece of text typed by the user.
pub fn query(v: &Vectors, text: &str, top_n: usize) -> Result<Vec<Neighbor>> {
    let tokens = v.tokenizer.tokenize(text);
    let row = v.tfidf.transform(&[tokens]);
    if row.nnz() == 0 {
        return Err(Error::Config {
            option: "--query",
            message: "none of its words occurs in the documents' vocabulary".into(),
        });
    }
    let (cols, vals) = row.row(0);
    let found =
        rank_query(&v.matrix, (cols, vals), top_n).map_err(|e| config("--query")(e.to_string()))?;
    Ok(found
        .into_iter()
        .map(|n| Neighbor {
            unit: v.units[n.row],
            score: n.score,
            terms: v.terms(&n.shared_terms),
        })
        .collect())
}

/// Terms two rows share, by contribution to their dot product, strongest first.
fn shared_terms(m: &CsrMatrix, a: usize, b: usize) -> Vec<(u32, f32)> {
    let (ai, av) = m.row(a);
    let (bi, bv) = m.row(b);
    let mut out = Vec::new();
    let (mut x, mut y) = (0, 0);
    while x < ai.len() && y < bi.len() {
        match ai[x].cmp(&bi[y]) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => {
                out.push((ai[x], av[x] * bv[y]));
                x += 1;
                y += 1;
            }
        }
    }
    out.sort_by(|p, q| q.1.total_cmp(&p.1).then(p.0.cmp(&q.0)));
    out.truncate(SHARED_TERMS);
    out
}

/// Runs the whole analysis: vectors, neighbours, near-duplicates and clusters.
pub fn analyse(corpus: &Corpus, settings: &Settings) -> Result<Analysis> {
    analyse_timed(corpus, settings, Timings::default())
}

/// Like [`analyse`], recording the stages into `timings` (and reporting them to its progress).
pub fn analyse_timed(
    corpus: &Corpus,
    settings: &Settings,
    mut timings: Timings,
) -> Result<Analysis> {
    let v = vectorize_timed(corpus, settings, &mut timings)?;
    let n = v.units.len();
    let start = timings.begin("neighbours+duplicates", None);
    let neighbors = nearest(&v, settings.top_n, settings.within_doc)?;
    let duplicates = duplicates(&v, &neighbors, settings.threshold)?;
    timings.record("neighbours+duplicates", start, n);
    // Clustering ends its stages (projection, k selection, k-means, assign+labels) by name.
    timings.begin("clustering", None);
    let Clustering {
        clusters,
        unclustered,
        k_scores,
    } = cluster(corpus, &v, settings, &mut timings)?;
    let start = timings.begin("2-d map", None);
    let coords = map_coords(&v.units, &v.cluster_matrix, &clusters);
    timings.record("2-d map", start, n);
    Ok(Analysis {
        settings: settings.clone(),
        units: v.units,
        neighbors,
        duplicates,
        clusters,
        unclustered,
        k_scores,
        tfidf: v.cluster_tfidf,
        timings,
        coords,
    })
}

/// The 2-D map of the analysed units, from the final (re-numbered) clusters.
fn map_coords(units: &[usize], matrix: &CsrMatrix, clusters: &[Cluster]) -> Vec<(f32, f32)> {
    // Units not clustered form one more group: they are scattered, so its mean sits near the
    // overall mean and it hardly pulls the axes, where lumping them into a cluster would.
    let mut assignment = vec![clusters.len(); units.len()];
    for c in clusters {
        for m in &c.members {
            // `units` is in corpus order, so ascending.
            if let Ok(row) = units.binary_search(m) {
                assignment[row] = c.id;
            }
        }
    }
    crate::layout::map_2d(matrix, &assignment, clusters.len() + 1)
}

/// A readable label from a cluster's distinctive single words: a more specific word replaces
/// the one it contains (`集群促进机构` replaces `机构`) in its place, and a word contained in one
/// already chosen is skipped. Word pairs stay in the term list but read badly as labels.
pub fn label_of(terms: &[(String, f32)]) -> String {
    let mut picked: Vec<String> = Vec::new();
    for (t, _) in terms.iter().filter(|(t, _)| !t.contains(' ')) {
        if picked.iter().any(|p| p.contains(t.as_str())) {
            continue;
        }
        if let Some(slot) = picked.iter().position(|p| t.contains(p.as_str())) {
            picked[slot] = t.clone();
            picked.retain(|p| p == t || !t.contains(p.as_str()));
        } else if picked.len() < LABEL_TERMS {
            picked.push(t.clone());
        }
    }
    picked.join(" · ")
}

/// Each row's lead (its heading, or else its first sentence), normalised like the tokens.
fn lead_texts(corpus: &Corpus, v: &Vectors) -> Vec<String> {
    v.units
        .par_iter()
        .map(|&u| {
            let unit = &corpus.units[u].unit;
            normalize(
                unit.heading
                    .as_deref()
                    .unwrap_or_else(|| first_sentence(&unit.text)),
            )
        })
        .collect()
}

/// Whether every word of a term (one word, or a pair written `a b`) is written in `lead`.
/// A substring test, not a token match: the label only needs to know the lead says the word,
/// and tokenizing every lead again cost 0.4 s at 100,000 units.
fn lead_says(lead: &str, term: &str) -> bool {
    term.split(' ').all(|w| lead.contains(w))
}

/// The text up to and including the first sentence end (`。！？；`), or all of it.
fn first_sentence(text: &str) -> &str {
    match text
        .char_indices()
        .find(|&(_, c)| matches!(c, '。' | '！' | '？' | '；' | '\n'))
    {
        Some((i, c)) => &text[..i + c.len_utf8()],
        None => text,
    }
}

/// Clusters, units left out of them, and the silhouette of each k tried.
struct Clustering {
    clusters: Vec<Cluster>,
    unclustered: Vec<Unclustered>,
    k_scores: Vec<KScore>,
}

fn cluster(
    corpus: &Corpus,
    v: &Vectors,
    settings: &Settings,
    timings: &mut Timings,
) -> Result<Clustering> {
    let (units, matrix) = (&v.units, &v.cluster_matrix);
    let n = units.len();
    if let Some(k) = settings.k {
        if k == 0 || k > n {
            return Err(Error::Config {
                option: "--k",
                message: format!("{k} clusters asked for, but there are {n} units to cluster"),
            });
        }
    }
    let config_err = |e: ClusterError| Error::Config {
        option: "clustering",
        message: e.to_string(),
    };
    let model = if n < 3 || settings.k == Some(1) {
        None
    } else {
        // Restarts matter little on large corpora (CSL abstracts: V-measure 0.359 with 3 runs,
        // 0.364 with 10, within seed noise) but linfa's k-means cost grows with them.
        let runs = if n > LARGE_CORPUS { 3 } else { 10 };
        let params = ClusterParams::new()
            .n_runs(runs)
            .k(settings.k)
            .seed(settings.seed)
            .check()
            .map_err(config_err)?;
        let (model, t) = params.fit_timed(matrix).map_err(config_err)?;
        timings.push("projection", t.projection, n);
        timings.push("k selection", t.select_k, n);
        timings.push("k-means", t.kmeans, n);
        timings.push("tf-idf refinement", t.refine, n);
        Some(model)
    };
    let start = Instant::now();
    // The fit places every unit by cosine to the TF-IDF centroids, the rule `assign` applies
    // to new documents, so a unit of the fitted corpus is assigned where `fit` put it.
    let (assignments, similarity, nearest, centroids, k_scores) = match model {
        Some(m) => (
            m.assignments,
            m.member_similarity,
            m.nearest,
            m.centroids
                .rows()
                .iter()
                .cloned()
                .zip(m.centroids.floors().iter().copied())
                .collect(),
            m.k_scores,
        ),
        None => (
            vec![Some(0); n],
            vec![1.0; n],
            vec![Some(0); n],
            vec![(Vec::new(), 0.0)],
            Vec::new(),
        ),
    };
    let k = centroids.len();
    let terms = label_clusters(matrix, &assignments, k, LABEL_POOL).map_err(config_err)?;
    let leads = lead_texts(corpus, v);
    let mut rows_of: Vec<Vec<usize>> = vec![Vec::new(); k];
    for (row, c) in assignments.iter().enumerate() {
        if let Some(c) = c {
            rows_of[*c].push(row);
        }
    }
    let mut clusters: Vec<Cluster> = centroids
        .into_iter()
        .zip(rows_of)
        .enumerate()
        .filter_map(|(c, ((centroid, floor), mut rows))| {
            if rows.is_empty() {
                return None;
            }
            rows.sort_by(|&a, &b| similarity[b].total_cmp(&similarity[a]).then(a.cmp(&b)));
            let documents: BTreeSet<usize> = rows
                .iter()
                .map(|&r| corpus.units[units[r]].document)
                .collect();
            let name =
                |&(t, w): &(u32, f32)| (v.cluster_tfidf.term(t).unwrap_or("?").to_string(), w);
            let for_label: Vec<(String, f32)> = favour_leads(
                &terms[c],
                &rows,
                |r, t| {
                    v.cluster_tfidf
                        .term(t)
                        .is_some_and(|t| lead_says(&leads[r], t))
                },
                LEAD_BOOST,
            )
            .iter()
            .take(CLUSTER_TERMS)
            .map(name)
            .collect();
            Some(Cluster {
                id: c,
                label: label_of(&for_label),
                terms: terms[c].iter().take(CLUSTER_TERMS).map(name).collect(),
                representative: units[rows[0]],
                similarity: rows.iter().map(|&r| similarity[r] as f32).collect(),
                members: rows.iter().map(|&r| units[r]).collect(),
                documents: documents.into_iter().collect(),
                centroid,
                floor,
            })
        })
        .collect();
    // Clusters that span more documents are the overlaps users look for; ties by size, then
    // by first member for a stable order.
    clusters.sort_by(|a, b| {
        b.documents
            .len()
            .cmp(&a.documents.len())
            .then(b.members.len().cmp(&a.members.len()))
            .then(a.members.first().cmp(&b.members.first()))
    });
    let mut final_id = vec![None; k];
    for (i, c) in clusters.iter_mut().enumerate() {
        final_id[c.id] = Some(i);
        c.id = i;
    }
    let unclustered = (0..n)
        .filter(|&r| assignments[r].is_none())
        .map(|r| Unclustered {
            unit: units[r],
            nearest: nearest[r].and_then(|c| final_id[c]),
            similarity: similarity[r] as f32,
        })
        .collect();
    timings.record("assign+labels", start, n);
    Ok(Clustering {
        clusters,
        unclustered,
        k_scores,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(ts: &[&str]) -> Vec<(String, f32)> {
        ts.iter().map(|t| (t.to_string(), 1.0)).collect()
    }

    #[test]
    fn a_lead_is_the_first_sentence_and_says_every_word_of_a_pair() {
        assert_eq!(
            first_sentence("共建科技创新共同体。积极策应上海"),
            "共建科技创新共同体。"
        );
        assert_eq!(first_sentence("一句话没有句号"), "一句话没有句号");
        assert_eq!(first_sentence("第一行\n第二行。"), "第一行\n");
        assert!(lead_says("共建科技创新共同体。", "科技 创新"));
        assert!(lead_says("共建科技创新共同体。", "共同体"));
        assert!(!lead_says("共建科技创新共同体。", "科技 人才"));
    }

    #[test]
    fn labels_prefer_specific_terms_and_skip_overlaps() {
        let t = terms(&[
            "机构",
            "集群 机构",
            "机构 集群促进机构",
            "集群促进机构",
            "集群",
            "技术创新",
            "企业",
        ]);
        assert_eq!(label_of(&t), "集群促进机构 · 技术创新 · 企业");
        let t = terms(&[
            "产业 转移",
            "产业转移",
            "转移 产业转移",
            "转移",
            "苏北",
            "苏北 地区",
            "苏北地区",
        ]);
        assert_eq!(label_of(&t), "产业转移 · 苏北地区");
        let t = terms(&["科技 创新", "科技", "创新", "流动", "要素"]);
        assert_eq!(label_of(&t), "科技 · 创新 · 流动");
    }
}
