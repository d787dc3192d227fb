//! Fitting and applying TF-IDF weights with exactly scikit-learn's `TfidfVectorizer`
//! formulas, so that figures can be cross-checked against it.

use std::collections::HashMap;

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
            .map(|t| {
                let d = df.get(t).copied().unwrap_or(0) as f64;
                let idf = if p.smooth_idf {
                    ((1.0 + n as f64) / (1.0 + d)).ln() + 1.0
                } else {
                    (n as f64 / d).ln() + 1.0
                };
                idf as f32
            })
            .collect();
        Ok(TfidfModel {
            params: self.clone(),
            vocabulary,
            idf,
        })
    }

    /// [`fit`](Self::fit) then [`TfidfModel::transform`] on the same documents.
    ///
    /// # Errors
    /// As [`fit`](Self::fit).
    pub fn fit_transform(
        &self,
        docs: &[Vec<String>],
    ) -> Result<(TfidfModel, CsrMatrix), VectorizeError> {
        let model = self.fit(docs)?;
        let matrix = model.transform(docs);
        Ok((model, matrix))
    }
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
        let mut weights: Vec<(u32, f64)> = Vec::new();
        for chunk in ids.chunk_by(|a, b| a == b) {
            let tf = chunk.len() as f64;
            let tf = if p.sublinear_tf { 1.0 + tf.ln() } else { tf };
            weights.push((chunk[0], tf * f64::from(self.idf[chunk[0] as usize])));
        }
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
