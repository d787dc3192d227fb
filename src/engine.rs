//! The one orchestration entry: a corpus and settings in, an analysis out.
//!
//! Units of the chosen kinds are tokenized, turned into TF-IDF vectors, compared with their
//! nearest neighbours in other documents, and grouped by k-means. Everything here is
//! deterministic for a given corpus and seed.

use std::collections::BTreeSet;

use crate::cluster::{label_clusters, ClusterError, ClusterParams, KScore};
use crate::corpus::Corpus;
use crate::segment::Kind;
use crate::similarity::{neighbors, NeighborParams};
use crate::text::TokenizerParams;
use crate::vectorize::{CsrMatrix, TfidfModel, TfidfParams};
use crate::{Error, Result};

/// Terms kept per cluster.
const CLUSTER_TERMS: usize = 10;
/// Terms joined into a cluster's label.
const LABEL_TERMS: usize = 3;

/// What the user asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Number of clusters; chosen by silhouette when `None`.
    pub k: Option<usize>,
    /// Seed for every random choice.
    pub seed: u64,
    /// Kinds of units to analyse.
    pub kinds: Vec<Kind>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            k: None,
            seed: 42,
            kinds: vec![Kind::Recommendation],
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
    /// Cosine of each member (same order) to the cluster centroid.
    pub similarity: Vec<f32>,
    /// The member closest to the centroid.
    pub representative: usize,
    /// Documents the members come from, ascending.
    pub documents: Vec<usize>,
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
    /// Clusters ordered by how many documents they span, then by size.
    pub clusters: Vec<Cluster>,
    /// Silhouette of every k tried when k was chosen automatically.
    pub k_scores: Vec<KScore>,
}

/// Runs the analysis of the units of the chosen kinds.
pub fn analyse(corpus: &Corpus, settings: &Settings) -> Result<Analysis> {
    let units: Vec<usize> = corpus.units_of(&settings.kinds).map(|u| u.id).collect();
    if units.is_empty() {
        return Err(Error::Config {
            option: "--kinds",
            message: format!(
                "no {} unit was found in the input (`xietong segment` shows how the documents \
                 were cut)",
                settings
                    .kinds
                    .iter()
                    .map(|k| k.as_str())
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
        });
    }
    let texts: Vec<&str> = units
        .iter()
        .map(|&i| corpus.units[i].unit.text.as_str())
        .collect();
    let groups: Vec<u32> = units
        .iter()
        .map(|&i| corpus.units[i].document as u32)
        .collect();

    let tokenizer = TokenizerParams::new().build().map_err(|e| Error::Model {
        path: "models/".into(),
        message: e.to_string(),
    })?;
    let tokens = tokenizer.tokenize_all(&texts);
    let tfidf = TfidfParams::new()
        .check()
        .and_then(|p| p.fit(&tokens))
        .map_err(|e| Error::Config {
            option: "tf-idf",
            message: e.to_string(),
        })?;
    let matrix = tfidf.transform(&tokens);

    let neighbor_params = NeighborParams::new().check().map_err(|e| Error::Config {
        option: "neighbours",
        message: e.to_string(),
    })?;
    let found = neighbors(&matrix, &groups, &neighbor_params).map_err(|e| Error::Config {
        option: "neighbours",
        message: e.to_string(),
    })?;
    let neighbors = found
        .into_iter()
        .map(|list| {
            list.into_iter()
                .map(|n| Neighbor {
                    unit: units[n.row],
                    score: n.score,
                    terms: n
                        .shared_terms
                        .iter()
                        .map(|&(t, _)| term(&tfidf, t))
                        .collect(),
                })
                .collect()
        })
        .collect();

    let (clusters, k_scores) = cluster(corpus, &units, &matrix, &tfidf, settings)?;
    Ok(Analysis {
        settings: settings.clone(),
        units,
        neighbors,
        clusters,
        k_scores,
    })
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

fn term(model: &TfidfModel, id: u32) -> String {
    model.term(id).unwrap_or("?").to_string()
}

fn cluster(
    corpus: &Corpus,
    units: &[usize],
    matrix: &CsrMatrix,
    tfidf: &TfidfModel,
    settings: &Settings,
) -> Result<(Vec<Cluster>, Vec<KScore>)> {
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
        let params = ClusterParams::new()
            .k(settings.k)
            .seed(settings.seed)
            .check()
            .map_err(config_err)?;
        Some(params.fit(matrix).map_err(config_err)?)
    };
    let (k, assignments, similarity, k_scores) = match &model {
        Some(m) => (
            m.k,
            m.assignments.clone(),
            m.member_similarity.clone(),
            m.k_scores.clone(),
        ),
        None => (1, vec![0; n], vec![1.0; n], Vec::new()),
    };
    let terms = label_clusters(matrix, &assignments, k, CLUSTER_TERMS).map_err(config_err)?;
    let mut clusters: Vec<Cluster> = (0..k)
        .map(|c| {
            let mut rows: Vec<usize> = (0..n).filter(|&r| assignments[r] == c).collect();
            rows.sort_by(|&a, &b| similarity[b].total_cmp(&similarity[a]).then(a.cmp(&b)));
            let documents: BTreeSet<usize> = rows
                .iter()
                .map(|&r| corpus.units[units[r]].document)
                .collect();
            let named: Vec<(String, f32)> =
                terms[c].iter().map(|&(t, w)| (term(tfidf, t), w)).collect();
            Cluster {
                id: c,
                label: label_of(&named),
                terms: named,
                representative: rows.first().map_or(0, |&r| units[r]),
                similarity: rows.iter().map(|&r| similarity[r] as f32).collect(),
                members: rows.iter().map(|&r| units[r]).collect(),
                documents: documents.into_iter().collect(),
            }
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
    for (i, c) in clusters.iter_mut().enumerate() {
        c.id = i;
    }
    Ok((clusters, k_scores))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(ts: &[&str]) -> Vec<(String, f32)> {
        ts.iter().map(|t| (t.to_string(), 1.0)).collect()
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
