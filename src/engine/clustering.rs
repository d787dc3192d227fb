//! The clustering stage of a run: k-means on the clustering vectors, then each cluster's label
//! (its distinctive terms, favouring those its members' leads say), members by centrality and
//! documents, and the units left out; also the 2-D map drawn from the final clusters.

use std::collections::BTreeSet;
use std::time::Instant;

use rayon::prelude::*;

use crate::cluster::{favour_leads, label_clusters, ClusterError, ClusterParams, KChoice, KScore};
use crate::corpus::Corpus;
use crate::text::normalize;
use crate::timings::Timings;
use crate::vectorize::CsrMatrix;
use crate::{Error, Result};

use super::results::{Cluster, RowOf, Unclustered, Vectors};
use super::settings::Settings;
use super::LARGE_CORPUS;

/// Terms kept per cluster.
const CLUSTER_TERMS: usize = 10;
/// Terms joined into a cluster's label.
const LABEL_TERMS: usize = 3;
/// Distinctive terms re-ranked by [`favour_leads`]; the label is chosen from the first
/// [`CLUSTER_TERMS`] of them, as more candidates let rare specific words (`科技成果`) replace
/// the general ones they contain (`科技`).
const LABEL_POOL: usize = 30;
/// How much a term in every member's lead outweighs one in none (see [`favour_leads`]).
const LEAD_BOOST: f32 = 1.0;

/// Clusters, units left out of them, and the silhouette of each k tried.
pub(super) struct Clustering {
    pub clusters: Vec<Cluster>,
    pub unclustered: Vec<Unclustered>,
    pub k_scores: Vec<KScore>,
    pub k_choice: Option<KChoice>,
}

/// Clusters the units' clustering vectors and describes each cluster (label, terms,
/// members by centrality, documents), ordered by how many documents it spans.
pub(super) fn cluster(
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
    let k_choice = model.as_ref().and_then(|m| m.k_choice.clone());
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
        .into_par_iter()
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
        k_choice,
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

/// The 2-D map of the analysed units, from the final (re-numbered) clusters.
pub(super) fn map_coords(
    units: &[usize],
    matrix: &CsrMatrix,
    clusters: &[Cluster],
) -> Vec<(f32, f32)> {
    // Units not clustered form one more group: they are scattered, so its mean sits near the
    // overall mean and it hardly pulls the axes, where lumping them into a cluster would.
    let mut assignment = vec![clusters.len(); units.len()];
    let rows = RowOf::new(units);
    for c in clusters {
        for &m in &c.members {
            if let Some(row) = rows.get(m) {
                assignment[row] = c.id;
            }
        }
    }
    crate::layout::map_2d(matrix, &assignment, clusters.len() + 1)
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
