//! Fitting and applying TF-IDF weights with exactly scikit-learn's `TfidfVectorizer`
//! formulas, so that figures can be cross-checked against it.

use std::collections::HashMap;
use std::hash::Hasher;
use std::sync::{Mutex, PoisonError};

use rayon::prelude::*;

use super::error::VectorizeError;
use super::ngram::terms_of;
use super::params::TfidfValidParams;
use super::sparse::CsrMatrix;
use super::vocab::Vocabulary;
use crate::fxhash::{FxBuild, FxHasher};

/// A fitted TF-IDF model: the vocabulary (term <-> column) and one idf weight per column.
#[derive(Debug, Clone, PartialEq)]
pub struct TfidfModel {
    params: TfidfValidParams,
    vocabulary: Vocabulary,
    idf: Vec<f32>,
}

impl TfidfValidParams {
    /// Learns the vocabulary and idf weights from tokenized documents.
    ///
    /// # Errors
    /// [`VectorizeError::MinDfAboveMaxDf`] when mixed-kind bounds conflict for this corpus
    /// size; [`VectorizeError::EmptyVocabulary`] when no term survives pruning.
    pub fn fit(&self, docs: &[Vec<String>]) -> Result<TfidfModel, VectorizeError> {
        let p = &self.0;
        let n = docs.len();
        let (min_docs, max_docs) = (p.min_df.docs(n), p.max_df.docs(n));
        if max_docs < min_docs {
            return Err(VectorizeError::MinDfAboveMaxDf { min_docs, max_docs });
        }
        let distinct: Vec<Vec<String>> = docs
            .par_iter()
            .map(|d| {
                let mut t = terms_of(d, p.ngram.0, p.ngram.1);
                t.sort_unstable();
                t.dedup();
                t
            })
            .collect();
        let mut df: HashMap<String, usize> = HashMap::new();
        for terms in distinct {
            for t in terms {
                *df.entry(t).or_default() += 1;
            }
        }
        let n_terms = df.len();
        let kept: Vec<String> = df
            .iter()
            .filter(|&(_, &c)| (c as f64) >= min_docs && (c as f64) <= max_docs)
            .map(|(t, _)| t.clone())
            .collect();
        if kept.is_empty() {
            return Err(VectorizeError::EmptyVocabulary { n_docs: n, n_terms });
        }
        let vocabulary = Vocabulary::from_terms(kept);
        let idf = vocabulary
            .terms()
            .iter()
            .map(|t| idf_of(p.smooth_idf, n, df.get(t).copied().unwrap_or(0)))
            .collect();
        Ok(TfidfModel {
            params: self.clone(),
            vocabulary,
            idf,
        })
    }

    /// [`fit`](Self::fit) then [`TfidfModel::transform`] on the same documents, with the same
    /// result, in one pass: each document's terms are built and looked up once (the two-step
    /// path builds every n-gram string twice and hashes it three times).
    ///
    /// # Errors
    /// As [`fit`](Self::fit).
    pub fn fit_transform(
        &self,
        docs: &[Vec<String>],
    ) -> Result<(TfidfModel, CsrMatrix), VectorizeError> {
        let p = &self.0;
        let n = docs.len();
        let (min_docs, max_docs) = (p.min_df.docs(n), p.max_df.docs(n));
        if max_docs < min_docs {
            return Err(VectorizeError::MinDfAboveMaxDf { min_docs, max_docs });
        }
        // Documents become (provisional id, count) lists as their terms are built, on all
        // threads at once, so only the documents in flight hold their term strings (all of
        // them at once were 1.4 GB at 1,000,000 units). Provisional ids depend on which
        // thread meets a term first, but only the terms' names and document counts reach the
        // output: columns are the kept terms in name order.
        let interner = Interner::new();
        let by_id: Vec<Vec<(u32, u32)>> = docs
            .par_iter()
            .map(|d| {
                let mut t = terms_of(d, p.ngram.0, p.ngram.1);
                t.sort_unstable();
                let mut out: Vec<(String, u32)> = Vec::new();
                for term in t {
                    match out.last_mut() {
                        Some((last, c)) if *last == term => *c += 1,
                        _ => out.push((term, 1)),
                    }
                }
                out.into_iter()
                    .map(|(term, count)| (interner.id(term), count))
                    .collect()
            })
            .collect();
        let (mut names, df, base) = interner.into_terms();
        let dense = |id: u32| (base[(id & SHARD_MASK) as usize] + (id >> SHARD_BITS)) as usize;
        let n_terms = names.len();
        let mut kept: Vec<u32> = (0..n_terms as u32)
            .filter(|&i| {
                let c = df[i as usize] as f64;
                c >= min_docs && c <= max_docs
            })
            .collect();
        if kept.is_empty() {
            return Err(VectorizeError::EmptyVocabulary { n_docs: n, n_terms });
        }
        kept.par_sort_unstable_by(|&a, &b| names[a as usize].cmp(&names[b as usize]));
        let mut column = vec![u32::MAX; n_terms];
        for (col, &id) in kept.iter().enumerate() {
            column[id as usize] = col as u32;
        }
        let idf: Vec<f32> = kept
            .iter()
            .map(|&id| idf_of(p.smooth_idf, n, df[id as usize]))
            .collect();
        let terms: Vec<String> = kept
            .iter()
            .map(|&id| std::mem::take(&mut names[id as usize]))
            .collect();
        let model = TfidfModel {
            params: self.clone(),
            vocabulary: Vocabulary::from_terms(terms),
            idf,
        };
        let rows = by_id
            .par_iter()
            .map(|terms| {
                let mut counts: Vec<(u32, u32)> = terms
                    .iter()
                    .filter(|&&(id, _)| column[dense(id)] != u32::MAX)
                    .map(|&(id, c)| (column[dense(id)], c))
                    .collect();
                counts.sort_unstable();
                model.weigh(&counts)
            })
            .collect();
        let matrix = CsrMatrix::from_rows(model.vocabulary.len(), rows);
        Ok((model, matrix))
    }
}

/// Bits of a provisional term id that name its [`Interner`] shard.
const SHARD_BITS: u32 = 6;
const SHARD_MASK: u32 = (1 << SHARD_BITS) - 1;

/// Terms to provisional ids from many threads at once, in shards chosen by the term's hash,
/// each behind its own lock: with 64 shards two threads rarely wait on each other. Why:
/// interning on one thread was two thirds of the tf-idf stage (0.55 of 0.78 s at 100,000
/// units). An id is the term's place in its shard, shifted, with the shard in the low bits.
struct Interner {
    shards: Vec<Mutex<Shard>>,
}

/// One shard of an [`Interner`]: its terms' places, and its terms in that order with the
/// number of documents holding each.
#[derive(Default)]
struct Shard {
    ids: HashMap<String, u32, FxBuild>,
    names: Vec<String>,
    df: Vec<usize>,
}

impl Interner {
    fn new() -> Self {
        Interner {
            shards: (0..1 << SHARD_BITS).map(|_| Mutex::default()).collect(),
        }
    }

    /// The provisional id of `term`, a new one when it is first seen, counting one more
    /// document that holds it (each document asks once per distinct term).
    fn id(&self, term: String) -> u32 {
        let mut hash = FxHasher::default();
        hash.write(term.as_bytes());
        // Middle bits: the shard's own table uses the low bits for buckets and the top ones
        // as tags, which must still vary inside a shard.
        let s = ((hash.finish() >> 32) as u32 & SHARD_MASK) as usize;
        // A poisoned lock means another thread panicked, and that panic is reported anyway.
        let mut shard = self.shards[s]
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let place = match shard.ids.get(&term) {
            Some(&place) => place,
            None => {
                let place = shard.names.len() as u32;
                shard.names.push(term.clone());
                shard.df.push(0);
                shard.ids.insert(term, place);
                place
            }
        };
        shard.df[place as usize] += 1;
        (place << SHARD_BITS) | s as u32
    }

    /// Every term and its document count, shard after shard, and where each shard starts
    /// in those lists: the term of id `i` is at `start[i & SHARD_MASK] + (i >> SHARD_BITS)`.
    fn into_terms(self) -> (Vec<String>, Vec<usize>, Vec<u32>) {
        let (mut names, mut df) = (Vec::new(), Vec::new());
        let mut start = Vec::with_capacity(self.shards.len());
        for shard in self.shards {
            let shard = shard.into_inner().unwrap_or_else(PoisonError::into_inner);
            start.push(names.len() as u32);
            names.extend(shard.names);
            df.extend(shard.df);
        }
        (names, df, start)
    }
}

/// Inverse document frequency as scikit-learn computes it.
fn idf_of(smooth: bool, n: usize, df: usize) -> f32 {
    let d = df as f64;
    let idf = if smooth {
        ((1.0 + n as f64) / (1.0 + d)).ln() + 1.0
    } else {
        (n as f64 / d).ln() + 1.0
    };
    idf as f32
}

impl TfidfModel {
    /// Rebuilds a fitted model from its parts (as saved in a model file): `terms` sorted and
    /// distinct (their position is their id) with one idf weight each.
    ///
    /// # Errors
    /// [`VectorizeError::InconsistentModel`] when the parts do not fit together.
    pub fn from_parts(
        params: TfidfValidParams,
        terms: Vec<String>,
        idf: Vec<f32>,
    ) -> Result<TfidfModel, VectorizeError> {
        let problem = if terms.is_empty() {
            Some("no terms".to_string())
        } else if terms.len() != idf.len() {
            Some(format!(
                "{} terms but {} idf weights",
                terms.len(),
                idf.len()
            ))
        } else if !terms.windows(2).all(|w| w[0] < w[1]) {
            Some("terms are not sorted and distinct".to_string())
        } else if idf.iter().any(|w| !w.is_finite() || *w <= 0.0) {
            Some("an idf weight is not a positive number".to_string())
        } else {
            None
        };
        if let Some(message) = problem {
            return Err(VectorizeError::InconsistentModel { message });
        }
        Ok(TfidfModel {
            params,
            vocabulary: Vocabulary::from_terms(terms),
            idf,
        })
    }

    /// The fitted vocabulary.
    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    /// The idf weight of each column.
    pub fn idf(&self) -> &[f32] {
        &self.idf
    }

    /// The settings the model was fitted with.
    pub fn params(&self) -> &TfidfValidParams {
        &self.params
    }

    /// The term string of column `id` (for printing results).
    pub fn term(&self, id: u32) -> Option<&str> {
        self.vocabulary.term(id)
    }

    /// One row per document: tf (raw or `1 + ln tf`) x idf, l2-normalised if configured.
    /// Terms not in the vocabulary are ignored; a document without known terms is an empty row.
    pub fn transform(&self, docs: &[Vec<String>]) -> CsrMatrix {
        let rows = docs.par_iter().map(|d| self.row(d)).collect();
        CsrMatrix::from_rows(self.vocabulary.len(), rows)
    }

    fn row(&self, tokens: &[String]) -> Vec<(u32, f32)> {
        let p = self.params.params();
        let mut ids: Vec<u32> = terms_of(tokens, p.ngram.0, p.ngram.1)
            .iter()
            .filter_map(|t| self.vocabulary.id(t))
            .collect();
        ids.sort_unstable();
        let counts: Vec<(u32, u32)> = ids
            .chunk_by(|a, b| a == b)
            .map(|chunk| (chunk[0], chunk.len() as u32))
            .collect();
        self.weigh(&counts)
    }

    /// The weighted row of a document from its `(column, count)` pairs in column order.
    fn weigh(&self, counts: &[(u32, u32)]) -> Vec<(u32, f32)> {
        let p = self.params.params();
        let weights: Vec<(u32, f64)> = counts
            .iter()
            .map(|&(col, count)| {
                let tf = f64::from(count);
                let tf = if p.sublinear_tf { 1.0 + tf.ln() } else { tf };
                (col, tf * f64::from(self.idf[col as usize]))
            })
            .collect();
        // Summed in column order so the norm, and hence every weight, is reproducible.
        let norm = weights.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
        let scale = if p.l2_norm && norm > 0.0 {
            1.0 / norm
        } else {
            1.0
        };
        weights
            .into_iter()
            .map(|(c, w)| (c, (w * scale) as f32))
            .collect()
    }

    /// The model and matrix `fit_transform` would give with `min_df` raised to `min_docs`
    /// documents, from this model's own output `matrix`, without re-reading the documents:
    /// terms in fewer rows are dropped (idf depends only on a term's own frequency, so the
    /// others keep theirs) and rows are normalised again. Weights can differ from a refit in
    /// the last bits of an `f32`.
    pub fn restrict(&self, matrix: &CsrMatrix, min_docs: usize) -> (TfidfModel, CsrMatrix) {
        let mut df = vec![0usize; self.vocabulary.len()];
        for (cols, _) in matrix.rows() {
            for &c in cols {
                df[c as usize] += 1;
            }
        }
        let mut column = vec![u32::MAX; df.len()];
        let mut terms = Vec::new();
        let mut idf = Vec::new();
        for (old, &d) in df.iter().enumerate() {
            if d >= min_docs {
                column[old] = terms.len() as u32;
                terms.push(self.vocabulary.terms()[old].clone());
                idf.push(self.idf[old]);
            }
        }
        let l2 = self.params.params().l2_norm;
        let rows = (0..matrix.n_rows())
            .into_par_iter()
            .map(|r| {
                let (cols, vals) = matrix.row(r);
                let kept: Vec<(u32, f64)> = cols
                    .iter()
                    .zip(vals)
                    .filter(|&(&c, _)| column[c as usize] != u32::MAX)
                    .map(|(&c, &w)| (column[c as usize], f64::from(w)))
                    .collect();
                let norm = kept.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
                let scale = if l2 && norm > 0.0 { 1.0 / norm } else { 1.0 };
                kept.into_iter()
                    .map(|(c, w)| (c, (w * scale) as f32))
                    .collect()
            })
            .collect();
        let model = TfidfModel {
            params: self.params.clone(),
            vocabulary: Vocabulary::from_terms(terms),
            idf,
        };
        let matrix = CsrMatrix::from_rows(model.vocabulary.len(), rows);
        (model, matrix)
    }

    /// The `k` highest-weighted terms of `row` with their weights, highest first (ties by
    /// term id), for explaining a vector.
    ///
    /// # Panics
    /// If `row >= matrix.n_rows()`.
    pub fn top_terms<'a>(
        &'a self,
        matrix: &CsrMatrix,
        row: usize,
        k: usize,
    ) -> Vec<(&'a str, f32)> {
        top_entries(matrix, row, k)
            .into_iter()
            .filter_map(|(c, w)| self.term(c).map(|t| (t, w)))
            .collect()
    }
}

/// The `k` largest entries of `row` as `(column, weight)`, highest first, ties by column.
///
/// # Panics
/// If `row >= matrix.n_rows()`.
pub fn top_entries(matrix: &CsrMatrix, row: usize, k: usize) -> Vec<(u32, f32)> {
    let (cols, vals) = matrix.row(row);
    let mut entries: Vec<(u32, f32)> = cols.iter().copied().zip(vals.iter().copied()).collect();
    entries.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    entries.truncate(k);
    entries
}
