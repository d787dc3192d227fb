//! What the user asks of a run: the settings [`analyse`](super::analyse) takes, with their
//! defaults.

use crate::segment::Kind;
use crate::vectorize::{DfThreshold, TfidfParams};

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
    /// [`MIN_DF_CORPUS`](super::MIN_DF_CORPUS) units on).
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
    pub(super) fn params(&self, min_df: DfThreshold) -> TfidfParams {
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
