//! Fitting and applying TF-IDF weights with exactly scikit-learn's `TfidfVectorizer`
//! formulas, so that figures can be cross-checked against it.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;

use super::error::VectorizeError;
use super::ngram::terms_of;
use super::params::TfidfValidParams;
use super::sparse::CsrMatrix;
use super::vocab::Vocabulary;

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
        // Provisional ids in order of first appearance; documents become (id, count) lists.
        // Documents are taken a block at a time: their term strings are built in parallel and
        // interned in order, so only one block's strings exist at once (all of them at once
        // were 1.4 GB at 1,000,000 units).
        let mut seen: HashMap<String, u32, BuildHasherDefault<FxHasher>> = HashMap::default();
        let mut names: Vec<String> = Vec::new();
        let mut df: Vec<usize> = Vec::new();
        let mut by_id: Vec<Vec<(u32, u32)>> = Vec::with_capacity(n);
        for block in docs.chunks(INTERN_BLOCK) {
            let counted: Vec<Vec<(String, u32)>> = block
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
                    out
                })
                .collect();
            by_id.extend(counted.into_iter().map(|terms| {
                terms
                    .into_iter()
                    .map(|(term, count)| {
                        let id = match seen.get(&term) {
                            Some(&id) => id,
                            None => {
                                let id = names.len() as u32;
                                names.push(term.clone());
                                seen.insert(term, id);
                                df.push(0);
                                id
                            }
                        };
                        df[id as usize] += 1;
                        (id, count)
                    })
                    .collect()
            }));
        }
        drop(seen);
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
        kept.sort_unstable_by(|&a, &b| names[a as usize].cmp(&names[b as usize]));
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
                    .filter(|&&(id, _)| column[id as usize] != u32::MAX)
                    .map(|&(id, c)| (column[id as usize], c))
                    .collect();
                counts.sort_unstable();
                model.weigh(&counts)
            })
            .collect();
        let matrix = CsrMatrix::from_rows(model.vocabulary.len(), rows);
        Ok((model, matrix))
    }
}

/// Documents whose term strings are built at once in [`TfidfValidParams::fit_transform`].
const INTERN_BLOCK: usize = 16_384;

/// A fast non-cryptographic string hash (the multiply-rotate scheme of rustc's FxHash) for
/// interning terms: std's SipHash made the single-threaded interning most of the tf-idf
/// stage. Ids do not depend on the hash (they follow first appearance).
#[derive(Default)]
struct FxHasher {
    hash: u64,
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut buf = [0u8; 8];
            buf.copy_from_slice(w);
            self.add(u64::from_le_bytes(buf));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf) ^ ((rest.len() as u64) << 56));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn finish(&self) -> u64 {
        self.hash
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
