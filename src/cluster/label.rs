//! Describing clusters: distinctive terms by class-based TF-IDF (c-TF-IDF, as in BERTopic),
//! a label string built from them, the most central member of each cluster, and each member's
//! cosine to its centroid.

use rayon::prelude::*;

use super::errors::ClusterError;
use crate::vectorize::CsrMatrix;

/// The `top_n` most distinctive terms of each of the `k` clusters, as `(term id, weight)`
/// sorted by weight descending (ties: smaller term id first). Unclustered rows (`None`) count
/// for no cluster.
///
/// Class term frequency `tf_{t,c}` is the sum of the members' TF-IDF weights for term `t`,
/// L1-normalised per cluster (as BERTopic does, so weights compare across clusters; the ranking
/// within a cluster is unaffected). It is weighted by `ln(1 + A / f_t)` where `A` is the average
/// total weight per cluster and `f_t` the total weight of `t` over all clusters, so a term
/// spread over every cluster ranks below one concentrated in this cluster.
pub fn label_clusters(
    matrix: &CsrMatrix,
    assignments: &[Option<usize>],
    k: usize,
    top_n: usize,
) -> Result<Vec<Vec<(u32, f32)>>, ClusterError> {
    if assignments.len() != matrix.n_rows() {
        return Err(ClusterError::ShapeMismatch {
            what: "number of assignments (rows)",
            expected: matrix.n_rows(),
            got: assignments.len(),
        });
    }
    if let Some((row, &Some(cluster))) = assignments
        .iter()
        .enumerate()
        .find(|(_, c)| c.is_some_and(|c| c >= k))
    {
        return Err(ClusterError::AssignmentOutOfRange { row, cluster, k });
    }
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); k];
    for (row, c) in assignments.iter().enumerate() {
        if let Some(c) = c {
            members[*c].push(row);
        }
    }
    // Sparse class term frequencies: (term, mass) sorted by term.
    let class_tf: Vec<Vec<(u32, f64)>> = members
        .par_iter()
        .map(|rows| {
            let mut pairs: Vec<(u32, f64)> = rows
                .iter()
                .flat_map(|&r| {
                    let (idx, val) = matrix.row(r);
                    idx.iter().zip(val).map(|(&t, &w)| (t, f64::from(w)))
                })
                .collect();
            // Stable sort keeps row order within a term, so the sums are reproducible.
            pairs.sort_by_key(|&(t, _)| t);
            let mut merged: Vec<(u32, f64)> = Vec::new();
            for (t, w) in pairs {
                match merged.last_mut() {
                    Some(last) if last.0 == t => last.1 += w,
                    _ => merged.push((t, w)),
                }
            }
            merged
        })
        .collect();
    let mut term_total = vec![0f64; matrix.n_cols()];
    let mut grand_total = 0.0;
    for tf in &class_tf {
        for &(t, w) in tf {
            term_total[t as usize] += w;
            grand_total += w;
        }
    }
    let avg_mass = grand_total / k.max(1) as f64;
    Ok(class_tf
        .into_iter()
        .map(|tf| {
            let mass: f64 = tf.iter().map(|&(_, w)| w).sum();
            let mut scored: Vec<(u32, f32)> = tf
                .iter()
                .filter(|&&(t, w)| w > 0.0 && term_total[t as usize] > 0.0)
                .map(|&(t, w)| {
                    let idf = (1.0 + avg_mass / term_total[t as usize]).ln();
                    (t, (w / mass * idf) as f32)
                })
                .collect();
            scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            scored.truncate(top_n);
            scored
        })
        .collect())
}

/// Re-ranks a cluster's distinctive terms for its label, favouring the terms its members'
/// leads use. A lead (the numbered heading or topic sentence) states what a proposal asks for;
/// the body adds reasons, examples and phrasing (`学习借鉴…经验做法`) that c-TF-IDF can find
/// distinctive in a small cluster without it saying what the cluster is about.
///
/// Each weight is multiplied by `1 + boost × l`, where `l` is the share of `members` for which
/// `in_lead(member, term)` holds. The order is by the new weight, ties by term id. (Weighting
/// by the share of members' whole texts as well was tried on the seeds: it favours words every
/// proposal uses, such as `协同`, over the specific ones.)
pub fn favour_leads(
    terms: &[(u32, f32)],
    members: &[usize],
    in_lead: impl Fn(usize, u32) -> bool,
    boost: f32,
) -> Vec<(u32, f32)> {
    let n = members.len().max(1) as f32;
    // Members in the outer loop: each member's lead is fetched once for all the terms (at
    // 1,000,000 units the leads are scattered over a hundred megabytes, and fetching every
    // lead once per term missed the cache each time).
    let mut with = vec![0usize; terms.len()];
    for &r in members {
        for (count, &(t, _)) in with.iter_mut().zip(terms) {
            *count += usize::from(in_lead(r, t));
        }
    }
    let mut out: Vec<(u32, f32)> = terms
        .iter()
        .zip(&with)
        .map(|(&(t, w), &with)| (t, w * (1.0 + boost * with as f32 / n)))
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

/// Joins the names of the first `n` terms of a cluster's label terms with `sep`.
pub fn label_string(
    terms: &[(u32, f32)],
    n: usize,
    sep: &str,
    name: &dyn Fn(u32) -> String,
) -> String {
    terms
        .iter()
        .take(n)
        .map(|&(t, _)| name(t))
        .collect::<Vec<_>>()
        .join(sep)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_term_in_more_members_leads_moves_up_by_its_share() {
        // Term 7 (weight 1.0) is in no lead; term 9 (weight 0.8) is in the leads of members 10
        // and 30 of three: 0.8 × (1 + 0.5 × 2/3) = 1.0667 now outranks it.
        let terms = [(7u32, 1.0f32), (9, 0.8)];
        let leads = |member: usize, term: u32| term == 9 && member != 20;
        let out = favour_leads(&terms, &[10, 20, 30], leads, 0.5);
        assert_eq!(out[0].0, 9);
        assert!((out[0].1 - 0.8 * (1.0 + 0.5 * 2.0 / 3.0)).abs() < 1e-6);
        assert_eq!(out[1], (7, 1.0));
    }

    #[test]
    fn a_term_common_to_all_clusters_ranks_below_a_distinctive_one() {
        // Term 0 appears with high weight everywhere; term 1 only in cluster 0, term 2 only in 1.
        let rows = vec![
            vec![(0, 0.9), (1, 0.4)],
            vec![(0, 0.9), (1, 0.4)],
            vec![(0, 0.9), (2, 0.4)],
            vec![(0, 0.9), (2, 0.4), (3, 0.1)],
        ];
        let m = CsrMatrix::from_rows(4, rows);
        let labels = label_clusters(&m, &[Some(0), Some(0), Some(1), Some(1)], 2, 10).unwrap();
        assert_eq!(labels[0].first().map(|e| e.0), Some(1));
        assert_eq!(labels[1].first().map(|e| e.0), Some(2));
        let rank = |c: usize, t: u32| labels[c].iter().position(|e| e.0 == t);
        assert!(rank(0, 0) > rank(0, 1));
        assert!(labels[1].windows(2).all(|w| w[0].1 >= w[1].1));
        assert_eq!(labels[0].len(), 2, "only terms present in the cluster");
        let top1 = label_clusters(&m, &[Some(0), Some(0), Some(1), Some(1)], 2, 1).unwrap();
        assert!(top1.iter().all(|l| l.len() == 1));
    }

    #[test]
    fn terms_of_the_leads_rise_above_heavier_body_terms() {
        // Term 7 weighs most but no lead has it; term 3 is in both members' leads, term 5 in
        // one lead.
        let terms = [(7u32, 0.5f32), (5, 0.36), (3, 0.3), (9, 0.1)];
        let leads: [&[u32]; 2] = [&[3, 5], &[3]];
        let in_lead = |r: usize, t: u32| leads.get(r).is_some_and(|l| l.contains(&t));
        let ranked = favour_leads(&terms, &[0, 1], in_lead, 1.0);
        let order: Vec<u32> = ranked.iter().map(|e| e.0).collect();
        assert_eq!(order, vec![3, 5, 7, 9]);
        assert!((ranked[0].1 - 0.6).abs() < 1e-6, "0.3 × (1 + 1)");
        assert!((ranked[1].1 - 0.54).abs() < 1e-6, "0.36 × (1 + ½)");
        // Without a boost the order is the c-TF-IDF order.
        let plain = favour_leads(&terms, &[0, 1], in_lead, 0.0);
        assert_eq!(plain, terms.to_vec());
        // Only the members count.
        let past = favour_leads(&terms, &[0, 5], in_lead, 1.0);
        let three = past.iter().find(|e| e.0 == 3).map(|e| e.1);
        assert!(
            three.is_some_and(|w| (w - 0.45).abs() < 1e-6),
            "0.3 × (1 + ½)"
        );
    }

    #[test]
    fn label_string_joins_the_first_terms_by_name() {
        let names = ["乡村", "振兴", "党建"];
        let terms = [(2u32, 0.9f32), (0, 0.5), (1, 0.1)];
        let s = label_string(&terms, 2, "、", &|t| names[t as usize].to_string());
        assert_eq!(s, "党建、乡村");
    }

    #[test]
    fn inputs_that_do_not_match_are_rejected() {
        let m = CsrMatrix::from_rows(2, vec![vec![(0, 1.0)], vec![(1, 1.0)]]);
        assert!(matches!(
            label_clusters(&m, &[Some(0)], 1, 3),
            Err(ClusterError::ShapeMismatch { .. })
        ));
        assert_eq!(
            label_clusters(&m, &[None, Some(2)], 2, 3),
            Err(ClusterError::AssignmentOutOfRange {
                row: 1,
                cluster: 2,
                k: 2
            })
        );
    }
}
