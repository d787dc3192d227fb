//! Saved models: what `xietong fit` writes so that `xietong assign` can place new documents'
//! units into the same clusters without refitting. The file is versioned JSON; a file of
//! another version, or a damaged one, is refused with a message saying which.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::cluster::{assign, SparseCentroids};
use crate::corpus::Corpus;
use crate::engine::{Analysis, TextModels};
use crate::segment::Kind;
use crate::text::TokenizerParams;
use crate::vectorize::{TfidfModel, TfidfParams};
use crate::{Error, Result};

/// Format tag at the top of every model file.
pub const MODEL_FORMAT: &str = "xietong-model";
/// Version of the model file layout; a file of another version is refused.
pub const MODEL_VERSION: u32 = 2;

/// TF-IDF settings and the fitted vocabulary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedTfidf {
    /// `1 + ln(tf)` instead of raw counts.
    pub sublinear_tf: bool,
    /// Smoothed idf.
    pub smooth_idf: bool,
    /// Smallest and largest n-gram length.
    pub ngram: (usize, usize),
    /// Rows normalised to unit length.
    pub l2_norm: bool,
    /// Terms in id order (sorted).
    pub terms: Vec<String>,
    /// Idf weight of each term.
    pub idf: Vec<f32>,
}

/// One saved cluster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedCluster {
    /// Cluster id as reported by `fit`.
    pub id: usize,
    /// Label.
    pub label: String,
    /// Distinctive terms with weights.
    pub terms: Vec<(String, f32)>,
    /// Unit-length centroid in the TF-IDF space as sorted `(term id, weight)` pairs.
    pub centroid: Vec<(u32, f64)>,
    /// Least cosine to the centroid for a unit to join the cluster.
    pub floor: f64,
    /// Members at fit time.
    pub size: usize,
}

/// Everything needed to vectorize new text the way `fit` did and compare it with the clusters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedModel {
    /// Always [`MODEL_FORMAT`].
    pub format: String,
    /// [`MODEL_VERSION`] of the writer.
    pub version: u32,
    /// Program version that wrote it.
    pub program: String,
    /// Seed used at fit time.
    pub seed: u64,
    /// Kinds of units clustered.
    pub kinds: Vec<Kind>,
    /// User dictionaries and stop words added at fit time (`(file name, contents)`).
    pub dicts: Vec<(String, String)>,
    /// User stop words added at fit time.
    pub stopwords: Vec<(String, String)>,
    /// The TF-IDF model.
    pub tfidf: SavedTfidf,
    /// Clusters in report order.
    pub clusters: Vec<SavedCluster>,
}

/// Where a unit of a new document falls among the saved clusters.
#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    /// The unit id in the new corpus.
    pub unit: usize,
    /// The saved cluster's id, `None` when the unit shares too little with every cluster
    /// (best cosine below the model's `join_floor`).
    pub cluster: Option<usize>,
    /// The saved cluster it came closest to (its own cluster when it joined one); `None` when
    /// it shares no term with any cluster.
    pub nearest: Option<usize>,
    /// TF-IDF cosine to the nearest cluster's centroid.
    pub similarity: f64,
}

impl SavedModel {
    /// Captures a fitted analysis.
    ///
    /// # Errors
    /// [`Error::Config`] when there were too few units to cluster.
    pub fn from_analysis(a: &Analysis) -> Result<SavedModel> {
        if a.clusters.iter().any(|c| c.centroid.is_empty()) {
            return Err(Error::Config {
                option: "fit",
                message: "too few units to fit a model (at least 3 are needed)".into(),
            });
        }
        let p = a.tfidf.params().params();
        Ok(SavedModel {
            format: MODEL_FORMAT.into(),
            version: MODEL_VERSION,
            program: env!("CARGO_PKG_VERSION").into(),
            seed: a.settings.seed,
            kinds: a.settings.kinds.clone(),
            dicts: a.settings.models.dicts.clone(),
            stopwords: a.settings.models.stopwords.clone(),
            tfidf: SavedTfidf {
                sublinear_tf: p.sublinear_tf,
                smooth_idf: p.smooth_idf,
                ngram: p.ngram,
                l2_norm: p.l2_norm,
                terms: a.tfidf.vocabulary().terms().to_vec(),
                idf: a.tfidf.idf().to_vec(),
            },
            clusters: a
                .clusters
                .iter()
                .map(|c| SavedCluster {
                    id: c.id,
                    label: c.label.clone(),
                    terms: c.terms.clone(),
                    centroid: c.centroid.clone(),
                    floor: c.floor,
                    size: c.members.len(),
                })
                .collect(),
        })
    }

    /// Serialises the model.
    pub fn to_bytes(&self) -> Vec<u8> {
        // Plain data with string keys and finite numbers always serialises.
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// Reads a model file, refusing damaged files and files of another version.
    pub fn load(path: &Path) -> Result<SavedModel> {
        let shown = path.display().to_string();
        let bad = |message: String| Error::Model {
            path: shown.clone(),
            message,
        };
        if starts_with_magic(path) {
            let model = crate::model_bin::load(path)?;
            model.check().map_err(bad)?;
            return Ok(model);
        }
        let bytes = std::fs::read(path).map_err(|e| bad(format!("cannot read the model: {e}")))?;
        let value: serde_json::Value = serde_json::from_slice(&bytes)
            .map_err(|e| bad(format!("not a model file (damaged or not JSON: {e})")))?;
        if value.get("format").and_then(|f| f.as_str()) != Some(MODEL_FORMAT) {
            return Err(bad("not a xietong model file".into()));
        }
        let version = value.get("version").and_then(|v| v.as_u64());
        if version != Some(u64::from(MODEL_VERSION)) {
            return Err(bad(format!(
                "model file version {} is not supported by this program (version {MODEL_VERSION}); fit the model again",
                version.map_or("?".to_string(), |v| v.to_string())
            )));
        }
        let model: SavedModel =
            serde_json::from_value(value).map_err(|e| bad(format!("damaged model file: {e}")))?;
        model.check().map_err(bad)?;
        Ok(model)
    }

    /// Checks that the parts fit together.
    fn check(&self) -> std::result::Result<(), String> {
        if self.clusters.is_empty() {
            return Err("the model has no clusters".into());
        }
        if self.tfidf.idf.len() != self.tfidf.terms.len() {
            return Err(format!(
                "the vocabulary has {} terms but {} idf weights",
                self.tfidf.terms.len(),
                self.tfidf.idf.len()
            ));
        }
        self.centroids().map(|_| ())
    }

    /// The saved centroids, checked against the vocabulary.
    fn centroids(&self) -> std::result::Result<SparseCentroids, String> {
        let rows = self.clusters.iter().map(|c| c.centroid.clone()).collect();
        let floors = self.clusters.iter().map(|c| c.floor).collect();
        SparseCentroids::from_rows(self.tfidf.terms.len(), floors, rows)
            .map_err(|e| format!("a cluster centroid does not fit the vocabulary: {e}"))
    }

    /// The text models the model was fitted with.
    pub fn text_models(&self) -> TextModels {
        TextModels {
            dicts: self.dicts.clone(),
            stopwords: self.stopwords.clone(),
        }
    }

    /// Places the units of the saved kinds from `corpus` into the saved clusters.
    pub fn assign(&self, corpus: &Corpus) -> Result<Vec<Placement>> {
        let bad = |message: String| Error::Model {
            path: "model".into(),
            message,
        };
        let units: Vec<usize> = corpus.units_of(&self.kinds).map(|u| u.id).collect();
        let mut params = TokenizerParams::new();
        for (name, text) in &self.dicts {
            params = params.user_dict(name.clone(), text.clone());
        }
        for (name, text) in &self.stopwords {
            params = params.stopwords(name.clone(), text.clone());
        }
        let tokenizer = params.build().map_err(|e| bad(e.to_string()))?;
        let t = &self.tfidf;
        let tfidf_params = TfidfParams::new()
            .sublinear_tf(t.sublinear_tf)
            .smooth_idf(t.smooth_idf)
            .ngram(t.ngram.0, t.ngram.1)
            .l2_norm(t.l2_norm)
            .check()
            .map_err(|e| bad(e.to_string()))?;
        let tfidf = TfidfModel::from_parts(tfidf_params, t.terms.clone(), t.idf.clone())
            .map_err(|e| bad(e.to_string()))?;
        let texts: Vec<std::borrow::Cow<'_, str>> = units
            .iter()
            .map(|&i| corpus.units[i].unit.analysed_text())
            .collect();
        let tokens = tokenizer.tokenize_all(&texts);
        let matrix = tfidf.transform(&tokens);
        let centroids = self.centroids().map_err(bad)?;
        let placed = assign(&centroids, &matrix).map_err(|e| bad(e.to_string()))?;
        Ok(units
            .into_iter()
            .zip(placed)
            .map(|(unit, p)| Placement {
                unit,
                cluster: p.cluster.map(|c| self.clusters[c].id),
                nearest: (p.similarity > 0.0).then(|| self.clusters[p.nearest].id),
                similarity: p.similarity,
            })
            .collect())
    }
}

/// Whether the file begins with the binary model's magic bytes.
fn starts_with_magic(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 8];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| &head == crate::model_bin::MAGIC)
}
