//! The one orchestration entry: a corpus and settings in, an analysis out.
//!
//! [`analyse`] runs the stages in order, and this file reads in that order: units of the chosen
//! kinds are tokenized and turned into TF-IDF vectors ([`vectorize`]), compared with their
//! nearest neighbours in other documents ([`nearest`]), paired as near-duplicates
//! ([`duplicates`]) and gathered into overlap groups ([`overlaps`]), grouped by k-means into
//! themes and labelled (`clustering`), each overlap group placed in its theme
//! ([`place_overlaps`]), and placed on a 2-D map.
//! What the user asks lives in `settings`, what a run produces in `results`. Everything here
//! is deterministic for a given corpus and seed.

mod clustering;
mod overlaps;
mod results;
mod settings;

use std::time::Instant;

use rayon::prelude::*;

use crate::corpus::Corpus;
use crate::similarity::{duplicate_pairs, neighbors, rank_query, NeighborParams};
use crate::text::TokenizerParams;
use crate::timings::Timings;
use crate::vectorize::{CsrMatrix, DfThreshold};
use crate::{Error, Result};

pub use clustering::label_of;
use clustering::{cluster, map_coords, Clustering};
pub use overlaps::{overlaps, place_overlaps};
pub use results::{
    Analysis, Cluster, Duplicate, Neighbor, Overlap, ReviewExclusion, ReviewNotes, RowOf,
    Unclustered, Vectors,
};
pub use settings::{Settings, TextModels, TfidfOptions, DEFAULT_THRESHOLD};

/// From this many units on, terms must occur in two units to enter the vocabulary.
pub const MIN_DF_CORPUS: usize = 10;
/// Above this many units, k-means uses fewer restarts.
pub const LARGE_CORPUS: usize = 5000;
/// Shared terms shown to explain a match.
const SHARED_TERMS: usize = 5;

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
    let mut neighbors = nearest(&v, settings.top_n, settings.within_doc)?;
    let mut duplicates = duplicates(&v, &neighbors, settings.threshold)?;
    // The analysis keeps one vocabulary, the clustering one: a term two units share is in
    // it (it keeps every term of two units or more), so the shared terms move to its ids.
    let to_cluster = column_map(v.tfidf.vocabulary(), v.cluster_tfidf.vocabulary());
    let remap = |terms: &mut Vec<u32>| {
        terms.retain_mut(|t| match to_cluster.get(*t as usize) {
            Some(&c) if c != u32::MAX => {
                *t = c;
                true
            }
            _ => false,
        })
    };
    neighbors
        .par_iter_mut()
        .flatten()
        .for_each(|n| remap(&mut n.terms));
    duplicates.par_iter_mut().for_each(|d| remap(&mut d.terms));
    timings.record("neighbours+duplicates", start, n);
    // Overlap groups need the pairs and the clustering does not, so they are made beside it:
    // grouping is one sequential pass over the pairs, which left the second core idle (8.6 s
    // at 1,000,000 units).
    timings.begin("clustering", None);
    let (grouped, clustered) = rayon::join(
        || {
            let start = Instant::now();
            overlaps(&v, &duplicates, settings.threshold).map(|o| (o, start.elapsed()))
        },
        // Clustering ends its stages (projection, k selection, k-means, assign+labels) by name.
        || cluster(corpus, &v, settings, &mut timings),
    );
    let (mut overlaps, grouping) = grouped?;
    let Clustering {
        clusters,
        unclustered,
        k_scores,
        k_choice,
    } = clustered?;
    timings.push_beside("overlap groups", grouping, duplicates.len());
    place_overlaps(&mut overlaps, &clusters);
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
        k_choice,
        overlaps,
        tfidf: v.cluster_tfidf,
        timings,
        coords,
        review: None,
    })
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
        .shared_terms(SHARED_TERMS)
        .check()
        .map_err(|e| config("--top")(e.to_string()))?;
    let found =
        neighbors(&v.matrix, &v.groups, &params).map_err(|e| config("--top")(e.to_string()))?;
    Ok(found
        .into_par_iter()
        .map(|list| {
            list.into_iter()
                .map(|n| Neighbor {
                    unit: v.units[n.row],
                    score: n.score,
                    terms: results::ids(&n.shared_terms),
                })
                .collect()
        })
        .collect())
}

/// A near-duplicate pair of units `(a, b)` with its score and, when it came from a neighbour
/// list, that list's row and the pair's position in it.
type FoundPair = ((usize, usize), f32, Option<(usize, usize)>);

/// Near-duplicate pairs: cross-document pairs at or above `threshold`, highest first.
///
/// Up to [`LARGE_CORPUS`] units every such pair is listed. Above it the pairs are drawn from
/// each unit's nearest neighbours, which bounds them by units × `top_n`: all pairs above a
/// fixed threshold grow with the square of the corpus (about 80,000 at 10,000 units, millions
/// at 100,000), which no reader can use and which would dominate time and memory. Such a
/// pair's shared terms are the ones its neighbour entry lists (as [`nearest`] finds them).
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
    // Pairs in the order they are found; a pair found twice keeps the score found last. (A
    // sorted map of millions of pairs at 1,000,000 units cost more than the sort below.)
    // A pair drawn from a neighbour list keeps where it was found, `(row, position)`: the
    // list already holds its shared terms (the same products, so the same terms), and finding
    // them again fetched both rows of millions of pairs at 1,000,000 units.
    let mut pairs: Vec<FoundPair> = Vec::new();
    if v.units.len() <= LARGE_CORPUS {
        let all = duplicate_pairs(&v.matrix, &v.groups, threshold)
            .map_err(|e| config("--threshold")(e.to_string()))?;
        for p in all {
            pairs.push(((v.units[p.a], v.units[p.b]), p.score, None));
        }
    }
    let rows = RowOf::new(&v.units);
    let lists = if v.units.len() <= LARGE_CORPUS {
        &[][..]
    } else {
        neighbors
    };
    for (row, list) in lists.iter().enumerate() {
        let a = v.units[row];
        for (at, n) in list.iter().enumerate() {
            if n.score < threshold {
                continue;
            }
            let Some(other) = rows.get(n.unit) else {
                continue;
            };
            if v.groups[row] != v.groups[other] {
                pairs.push(((a.min(n.unit), a.max(n.unit)), n.score, Some((row, at))));
            }
        }
    }
    // Stable, so of a pair's repeats the last found comes last, and it is the one kept.
    pairs.par_sort_by_key(|p| p.0);
    let mut unique: Vec<FoundPair> = Vec::with_capacity(pairs.len());
    for p in pairs {
        match unique.last_mut() {
            Some(last) if last.0 == p.0 => *last = p,
            _ => unique.push(p),
        }
    }
    let mut out: Vec<Duplicate> = unique
        .into_par_iter()
        .map(|((a, b), score, found)| {
            let terms = match found {
                Some((row, at)) => neighbors[row][at].terms.clone(),
                None => match (rows.get(a), rows.get(b)) {
                    (Some(ra), Some(rb)) => results::ids(&shared_terms(&v.matrix, ra, rb)),
                    _ => Vec::new(),
                },
            };
            Duplicate { a, b, score, terms }
        })
        .collect();
    // Pairs are distinct, so this order is total.
    out.par_sort_unstable_by(|x, y| {
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
            terms: results::ids(&n.shared_terms),
        })
        .collect())
}

/// For each column of `from`, the column of the same term in `to` (`u32::MAX` when `to` does
/// not hold it); both are sorted, so one merge finds them.
fn column_map(from: &crate::vectorize::Vocabulary, to: &crate::vectorize::Vocabulary) -> Vec<u32> {
    let mut out = vec![u32::MAX; from.len()];
    let (a, b) = (from.terms(), to.terms());
    let mut j = 0;
    for (i, term) in a.iter().enumerate() {
        while j < b.len() && b[j] < *term {
            j += 1;
        }
        if j < b.len() && b[j] == *term {
            out[i] = j as u32;
        }
    }
    out
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

fn config(option: &'static str) -> impl Fn(String) -> Error {
    move |message| Error::Config { option, message }
}
