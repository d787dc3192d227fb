//! Tests of neighbour search, duplicate pairs and query ranking on small fixtures, against a
//! brute-force oracle, across thread counts, and with property tests.

use proptest::prelude::*;

use super::*;
use crate::vectorize::{CsrMatrix, TfidfModel, TfidfParams};

/// A fixture where the expected neighbours are obvious from shared policy terms.
/// Groups: rows 0, 1, 5 are document 0; rows 2, 3, 6 document 1; row 4 document 2.
fn fixture() -> (TfidfModel, CsrMatrix, Vec<u32>) {
    let docs: Vec<Vec<String>> = [
        "建立 成本共担 利益共享 机制 财税分享",
        "集群促进机构 培育 先进制造业集群",
        "探索 成本共担 利益共享 财税分享 园区",
        "集群促进机构 能力建设 行业协会",
        "共建园区 飞地经济 园区",
        "共建园区 飞地经济 产业转移",
        "探索 成本共担 利益共享 财税分享 园区 税收",
    ]
    .iter()
    .map(|d| d.split(' ').map(str::to_owned).collect())
    .collect();
    let params = TfidfParams::new().ngram(1, 1).check().unwrap();
    let (model, m) = params.fit_transform(&docs).unwrap();
    (model, m, vec![0, 0, 1, 1, 2, 0, 1])
}

fn terms(model: &TfidfModel, n: &Neighbor) -> Vec<String> {
    let mut t: Vec<String> = n
        .shared_terms
        .iter()
        .map(|&(c, _)| model.term(c).unwrap_or("?").to_owned())
        .collect();
    t.sort();
    t
}

#[test]
fn obvious_pair_is_top_one_with_its_shared_terms() {
    let (model, m, g) = fixture();
    let params = NeighborParams::new().check().unwrap();
    let nn = neighbors(&m, &g, &params).unwrap();
    assert_eq!(nn[0][0].row, 2);
    assert_eq!(
        terms(&model, &nn[0][0]),
        ["利益共享", "成本共担", "财税分享"]
    );
    assert_eq!(nn[1][0].row, 3);
    assert_eq!(terms(&model, &nn[1][0]), ["集群促进机构"]);
    assert_eq!(nn[4][0].row, 5);
    // Contributions are listed highest first and sum to the score.
    let n = &nn[4][0];
    assert!(n.shared_terms.windows(2).all(|w| w[0].1 >= w[1].1));
    let total: f32 = n.shared_terms.iter().map(|t| t.1).sum();
    assert!((total - n.score).abs() < 1e-6);
}

#[test]
fn same_group_rows_are_excluded_unless_within_group() {
    let (_, m, g) = fixture();
    let across = neighbors(&m, &g, &NeighborParams::new().check().unwrap()).unwrap();
    assert!(across
        .iter()
        .enumerate()
        .all(|(i, l)| l.iter().all(|n| g[n.row] != g[i])));
    assert!(across[2].iter().all(|n| n.row != 6));
    let within = NeighborParams::new().within_group(true).check().unwrap();
    let all = neighbors(&m, &g, &within).unwrap();
    assert_eq!(all[2][0].row, 6, "row 6 is row 2 plus 税收");
    assert!(all
        .iter()
        .enumerate()
        .all(|(i, l)| l.iter().all(|n| n.row != i)));
}

#[test]
fn top_n_limits_and_orders_the_list() {
    let (_, m, g) = fixture();
    let p = NeighborParams::new()
        .top_n(1)
        .within_group(true)
        .check()
        .unwrap();
    let nn = neighbors(&m, &g, &p).unwrap();
    assert!(nn.iter().all(|l| l.len() <= 1));
    let p = NeighborParams::new()
        .top_n(10)
        .within_group(true)
        .check()
        .unwrap();
    for l in neighbors(&m, &g, &p).unwrap() {
        assert!(l
            .windows(2)
            .all(|w| w[0].score > w[1].score || (w[0].score == w[1].score && w[0].row < w[1].row)));
    }
}

#[test]
fn zero_top_n_is_rejected() {
    assert_eq!(
        NeighborParams::new().top_n(0).check(),
        Err(SimilarityError::ZeroTopN)
    );
}

#[test]
fn min_score_outside_unit_range_is_rejected() {
    for bad in [1.5, -1.5, f32::NAN] {
        let err = NeighborParams::new().min_score(bad).check().unwrap_err();
        assert!(matches!(err, SimilarityError::InvalidMinScore(_)));
    }
}

#[test]
fn min_score_drops_weaker_neighbours() {
    let (_, m, g) = fixture();
    let p = NeighborParams::new().min_score(0.5).check().unwrap();
    for l in neighbors(&m, &g, &p).unwrap() {
        assert!(l.iter().all(|n| n.score >= 0.5));
    }
}

#[test]
fn group_length_and_normalisation_are_checked() {
    let (_, m, _) = fixture();
    let p = NeighborParams::new().check().unwrap();
    let err = neighbors(&m, &[0, 1], &p).unwrap_err();
    assert_eq!(
        err,
        SimilarityError::GroupLengthMismatch { groups: 2, rows: 7 }
    );
    let raw = CsrMatrix::from_rows(2, vec![vec![(0, 3.0), (1, 4.0)]]);
    assert!(matches!(
        neighbors(&raw, &[0], &p),
        Err(SimilarityError::NotNormalized { row: 0, .. })
    ));
    assert!(matches!(
        duplicate_pairs(&raw, &[0], 0.5),
        Err(SimilarityError::NotNormalized { row: 0, .. })
    ));
}

/// All cross-group pairs with `row_dot >= t`, by brute force.
fn brute_pairs(m: &CsrMatrix, g: &[u32], t: f32) -> Vec<Pair> {
    let mut out = Vec::new();
    for a in 0..m.n_rows() {
        for b in a + 1..m.n_rows() {
            let score = m.row_dot(a, b);
            if g[a] != g[b] && score >= t {
                out.push(Pair { a, b, score });
            }
        }
    }
    out.sort_by(|p, q| {
        q.score
            .total_cmp(&p.score)
            .then((p.a, p.b).cmp(&(q.a, q.b)))
    });
    out
}

#[test]
fn duplicate_pairs_respect_threshold_and_order() {
    let (_, m, g) = fixture();
    let pairs = duplicate_pairs(&m, &g, 0.3).unwrap();
    assert_eq!(pairs, brute_pairs(&m, &g, 0.3));
    assert!(pairs.iter().any(|p| (p.a, p.b) == (0, 2)));
    assert!(pairs
        .iter()
        .all(|p| p.a < p.b && g[p.a] != g[p.b] && p.score >= 0.3));
    // Rows 2 and 6 are nearly identical but in the same document: never a pair.
    assert!(pairs.iter().all(|p| (p.a, p.b) != (2, 6)));
    let strict = duplicate_pairs(&m, &g, 0.9).unwrap();
    assert!(strict.len() < pairs.len());
    assert_eq!(strict, brute_pairs(&m, &g, 0.9));
}

#[test]
fn duplicate_threshold_outside_zero_one_is_rejected() {
    let (_, m, g) = fixture();
    for bad in [0.0, -0.5, 1.01, f32::NAN] {
        assert!(matches!(
            duplicate_pairs(&m, &g, bad),
            Err(SimilarityError::InvalidThreshold(_))
        ));
    }
    assert!(duplicate_pairs(&m, &g, 1.0).is_ok());
}

#[test]
fn rank_query_finds_the_matching_rows() {
    let (model, m, _) = fixture();
    let q = model.transform(&[vec!["集群促进机构".to_owned(), "行业协会".to_owned()]]);
    let ranked = rank_query(&m, q.row(0), 2).unwrap();
    assert_eq!(ranked.iter().map(|n| n.row).collect::<Vec<_>>(), [3, 1]);
    assert!(ranked[0].score > ranked[1].score && ranked[1].score > 0.0);
    assert_eq!(terms(&model, &ranked[0]), ["行业协会", "集群促进机构"]);
    assert!(rank_query(&m, q.row(0), 0).unwrap().is_empty());
    let bad = rank_query(&m, (&[2, 1], &[0.5, 0.5]), 3).unwrap_err();
    assert!(matches!(
        bad,
        SimilarityError::InvalidQuery { position: 1, .. }
    ));
    let out = rank_query(&m, (&[99], &[1.0]), 3).unwrap_err();
    assert!(matches!(
        out,
        SimilarityError::InvalidQuery { column: 99, .. }
    ));
}

/// Seed-sized corpus for the thread-count check: the real seeds, one row per line.
fn seed_matrix() -> (CsrMatrix, Vec<u32>) {
    let tok = crate::text::TokenizerParams::new().build().unwrap();
    let mut units = Vec::new();
    let mut group = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds"))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    for (g, p) in paths.iter().enumerate() {
        let text = std::fs::read_to_string(p).unwrap_or_default();
        for line in text.lines().filter(|l| l.chars().count() > 20) {
            units.push(line.to_owned());
            group.push(g as u32);
        }
    }
    let docs = tok.tokenize_all(&units);
    let (_, m) = TfidfParams::new()
        .check()
        .unwrap()
        .fit_transform(&docs)
        .unwrap();
    (m, group)
}

#[test]
fn results_are_identical_with_one_and_two_threads() {
    let (m, g) = seed_matrix();
    assert!(m.n_rows() > 100, "seed corpus not found");
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let p = NeighborParams::new().top_n(8).check().unwrap();
            (
                neighbors(&m, &g, &p).unwrap(),
                duplicate_pairs(&m, &g, 0.2).unwrap(),
            )
        })
    };
    let (n1, d1) = run(1);
    let (n2, d2) = run(2);
    assert_eq!(n1, n2);
    assert_eq!(d1, d2);
    assert!(!d1.is_empty());
}

fn arb_matrix() -> impl Strategy<Value = (CsrMatrix, Vec<u32>)> {
    (1usize..14, 1usize..8).prop_flat_map(|(rows, cols)| {
        let row = proptest::collection::vec((0..cols as u32, -1.0f32..1.0), 0..cols + 1);
        (
            proptest::collection::vec(row, rows),
            proptest::collection::vec(0u32..3, rows),
        )
            .prop_map(move |(raw, g)| {
                let normalised = raw
                    .into_iter()
                    .map(|mut r| {
                        r.sort_by_key(|e| e.0);
                        r.dedup_by_key(|e| e.0);
                        let norm = r.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt();
                        if norm > 1e-3 {
                            r.iter_mut().for_each(|e| e.1 /= norm);
                            r
                        } else {
                            Vec::new()
                        }
                    })
                    .collect();
                (CsrMatrix::from_rows(cols, normalised), g)
            })
    })
}

proptest! {
    #[test]
    fn cosine_scores_are_bounded_and_symmetric((m, g) in arb_matrix()) {
        let n = m.n_rows();
        let p = NeighborParams::new().top_n(n).within_group(true).min_score(-1.0).check().unwrap();
        let nn = neighbors(&m, &g, &p).unwrap();
        for (i, list) in nn.iter().enumerate() {
            for nb in list {
                prop_assert!(nb.score >= -1.0 - 1e-5 && nb.score <= 1.0 + 1e-5);
                let back = nn[nb.row].iter().find(|x| x.row == i);
                prop_assert_eq!(back.map(|x| x.score.to_bits()), Some(nb.score.to_bits()));
                prop_assert_eq!(nb.score.to_bits(), m.row_dot(i, nb.row).to_bits());
            }
        }
    }

    #[test]
    fn pruned_search_scores_are_bit_identical_to_row_dot((m, g) in arb_matrix()) {
        let n = m.n_rows();
        let p = NeighborParams::new()
            .top_n(n)
            .within_group(true)
            .min_score(-1.0)
            .exact_limit(0)
            .check()
            .unwrap();
        for (i, list) in neighbors(&m, &g, &p).unwrap().iter().enumerate() {
            for nb in list {
                prop_assert_eq!(nb.score.to_bits(), m.row_dot(i, nb.row).to_bits());
            }
        }
    }
}

proptest! {
    // The pruned search tells a document's rows apart by a range when the groups are in order
    // (`own_rows`) and by looking each candidate up otherwise; both must give the same lists.
    #[test]
    fn groups_in_order_and_relabelled_give_the_same_neighbours((m, mut g) in arb_matrix()) {
        g.sort_unstable();
        let p = NeighborParams::new().top_n(3).exact_limit(0).check().unwrap();
        let in_order = neighbors(&m, &g, &p).unwrap();
        // The same partition with labels reversed: descending, so not sorted unless one group.
        let relabelled: Vec<u32> = g.iter().map(|&x| 2 - x).collect();
        prop_assert_eq!(&neighbors(&m, &relabelled, &p).unwrap(), &in_order);
        for (i, list) in in_order.iter().enumerate() {
            prop_assert!(list.iter().all(|nb| g[nb.row] != g[i]));
        }
    }
}

#[test]
fn pruned_search_reports_exact_scores_and_finds_most_exact_neighbours() {
    let (m, g) = seed_matrix();
    let exact = neighbors(&m, &g, &NeighborParams::new().check().unwrap()).unwrap();
    let pruned = neighbors(
        &m,
        &g,
        &NeighborParams::new().exact_limit(0).check().unwrap(),
    )
    .unwrap();
    let (mut hit, mut total) = (0, 0);
    for (i, (e, p)) in exact.iter().zip(&pruned).enumerate() {
        for n in p {
            assert_eq!(
                n.score,
                m.row_dot(i, n.row),
                "re-ranked scores are exact cosines"
            );
            assert_ne!(g[n.row], g[i]);
        }
        assert!(p.windows(2).all(|w| w[0].score >= w[1].score));
        total += e.len();
        hit += e
            .iter()
            .filter(|x| p.iter().any(|y| y.row == x.row))
            .count();
    }
    // On a few hundred lines the budget of postings covers most terms; on 10,000 and 100,000
    // generated units recall@5 is 0.999 and 0.99 (README).
    assert!(hit * 10 >= total * 5, "recall@5 {hit}/{total}");
}

#[test]
fn a_tiny_candidate_budget_still_walks_the_rarest_term_and_scores_exactly() {
    let (m, g) = seed_matrix();
    let p = NeighborParams::new()
        .exact_limit(0)
        .candidate_budget(0)
        .rerank_factor(1)
        .impact_order(false)
        .refine(0)
        .check()
        .unwrap();
    let found = neighbors(&m, &g, &p).unwrap();
    let mut listed = 0;
    for (i, list) in found.iter().enumerate() {
        for n in list {
            assert_eq!(n.score.to_bits(), m.row_dot(i, n.row).to_bits());
            assert_ne!(g[n.row], g[i]);
        }
        listed += usize::from(!list.is_empty());
    }
    // Rows sharing a term with another document get candidates from their rarest term alone.
    assert!(listed * 2 > m.n_rows(), "{listed} of {} rows", m.n_rows());
}

#[test]
fn refinement_finds_neighbours_the_budget_missed() {
    const BUDGET: usize = 16;
    let (m, g) = seed_matrix();
    let exact = neighbors(&m, &g, &NeighborParams::new().check().unwrap()).unwrap();
    // A budget of a few postings (most rows' rarest terms are their own) leaves many
    // neighbours to the graph.
    let recall = |rounds: usize| {
        let p = NeighborParams::new()
            .exact_limit(0)
            .candidate_budget(BUDGET)
            .rerank_factor(1)
            .refine(rounds)
            .check()
            .unwrap();
        let found = neighbors(&m, &g, &p).unwrap();
        let mut hit = 0;
        for (i, (e, f)) in exact.iter().zip(&found).enumerate() {
            for n in f {
                assert_eq!(n.score.to_bits(), m.row_dot(i, n.row).to_bits());
                assert_ne!(g[n.row], g[i]);
            }
            hit += e
                .iter()
                .filter(|x| f.iter().any(|y| y.row == x.row))
                .count();
        }
        hit
    };
    let total: usize = exact.iter().map(Vec::len).sum();
    let (before, after) = (recall(0), recall(1));
    assert!(
        after > before,
        "refined {after} against {before} found of {total}"
    );
}

/// Rows on a few topics (three core columns each, weights 0.5–1) plus up to three noise
/// columns, non-negative and unit length: groups of a dozen rows whose members share their
/// topic's columns, as copies of one sentence do.
fn arb_topical_matrix() -> impl Strategy<Value = (CsrMatrix, Vec<u32>)> {
    let row = (
        0u32..3,
        proptest::collection::vec(0.5f32..1.0, 3),
        proptest::collection::vec((9u32..16, 0.0f32..0.8), 0..4),
    );
    (
        proptest::collection::vec(row, 2..40),
        proptest::collection::vec(0u32..6, 40),
    )
        .prop_map(|(raw, g)| {
            let rows: Vec<Vec<(u32, f32)>> = raw
                .into_iter()
                .map(|(topic, core, noise)| {
                    let mut r: Vec<(u32, f32)> =
                        (0..3).map(|i| (topic * 3 + i, core[i as usize])).collect();
                    r.extend(noise);
                    r.sort_by_key(|e| e.0);
                    r.dedup_by_key(|e| e.0);
                    let norm = r.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt();
                    r.iter().map(|&(c, w)| (c, w / norm)).collect()
                })
                .collect();
            let n = rows.len();
            (CsrMatrix::from_rows(16, rows), g[..n].to_vec())
        })
}

/// Every pair of rows `a < b` with its cosine.
fn every_pair(m: &CsrMatrix) -> Vec<(usize, usize, f32)> {
    let n = m.n_rows();
    (0..n)
        .flat_map(|a| (a + 1..n).map(move |b| (a, b, m.row_dot(a, b))))
        .collect()
}

/// Greedy complete linkage with every cross pair scored, no bound and no early stop: what
/// `overlap_groups` must give. Each group as its sorted rows and its lowest cosine.
fn every_pair_scored(m: &CsrMatrix, g: &[u32], t: f32) -> Vec<(Vec<usize>, u32)> {
    let n = m.n_rows();
    let mut edges: Vec<(usize, usize, f32)> = every_pair(m)
        .into_iter()
        .filter(|&(a, b, s)| g[a] != g[b] && s >= t)
        .collect();
    edges.sort_by(|x, y| y.2.total_cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1))));
    let mut owner: Vec<usize> = (0..n).collect();
    let mut groups: Vec<Vec<usize>> = (0..n).map(|r| vec![r]).collect();
    let mut low = vec![f32::INFINITY; n];
    for (a, b, _) in edges {
        let (ga, gb) = (owner[a], owner[b]);
        if ga == gb {
            continue;
        }
        let mut cross = f32::INFINITY;
        for &x in &groups[ga] {
            for &y in &groups[gb] {
                cross = cross.min(m.row_dot(x, y));
            }
        }
        if cross < t {
            continue;
        }
        let moved = std::mem::take(&mut groups[gb]);
        for &r in &moved {
            owner[r] = ga;
        }
        groups[ga].extend(moved);
        low[ga] = low[ga].min(low[gb]).min(cross);
    }
    let mut out: Vec<(Vec<usize>, u32)> = groups
        .into_iter()
        .zip(low)
        .filter(|(rows, _)| rows.len() > 1)
        .map(|(mut rows, l)| {
            rows.sort_unstable();
            (rows, l.to_bits())
        })
        .collect();
    out.sort();
    out
}

proptest! {
    // The overlap grouping stops a cross pair's sum once it reaches what matters (weights
    // being non-negative, as TF-IDF's are); the whole sum, when it is needed, must be
    // bit-identical to the one the pair's score came from.
    #[test]
    fn a_sum_stopped_at_a_target_agrees_with_the_whole_dot(
        (signed, _) in arb_matrix(),
        target in 0.0f32..1.2,
    ) {
        let rows = signed
            .rows()
            .map(|(c, v)| c.iter().zip(v).map(|(&c, &v)| (c, v.abs())).collect())
            .collect();
        let m = CsrMatrix::from_rows(signed.n_cols(), rows);
        let mut table = neighbors::QueryTable::new(m.n_cols());
        // Whatever the signs, the whole sum is the merge's, bit for bit (a column the held
        // row lacks adds a zero).
        for a in 0..signed.n_rows() {
            table.set(signed.row(a));
            for b in 0..signed.n_rows() {
                let whole = table.dot(signed.row(b));
                prop_assert_eq!(whole.to_bits(), signed.row_dot(a, b).to_bits());
            }
        }
        for a in 0..m.n_rows() {
            table.set(m.row(a));
            for b in 0..m.n_rows() {
                let whole = table.dot(m.row(b));
                prop_assert_eq!(whole.to_bits(), m.row_dot(a, b).to_bits());
                match table.dot_below(m.row(b), target) {
                    None => prop_assert!(whole >= target, "{} stopped below {}", whole, target),
                    Some(s) => {
                        prop_assert_eq!(s.to_bits(), whole.to_bits());
                        prop_assert!(s < target);
                    }
                }
            }
        }
    }
}

proptest! {
    // Complete linkage, whatever the weights' signs: every two members of a group reach the
    // threshold, and the group's lowest cosine is the true one. With negative weights a
    // partial sum may exceed the whole, and the profile bounds nothing, so the grouping must
    // neither stop a sum early nor pass a pair on the bound.
    #[test]
    fn overlap_groups_keep_every_pair_above_the_threshold(
        (m, g) in arb_matrix(),
        threshold in 0.05f32..0.95,
    ) {
        let pairs = every_pair(&m);
        for o in overlap_groups(&m, &g, &pairs, threshold).unwrap() {
            let mut lowest = f32::INFINITY;
            for (i, &x) in o.rows.iter().enumerate() {
                for &y in &o.rows[i + 1..] {
                    lowest = lowest.min(m.row_dot(x, y));
                }
            }
            prop_assert!(lowest >= threshold, "{:?}: lowest {} below {}", o.rows, lowest, threshold);
            prop_assert_eq!(o.min_similarity.to_bits(), lowest.to_bits());
        }
    }
}

proptest! {
    // Rows sharing their topic's columns make groups whose profile vouches for pairs without
    // scoring them: the groups and their lowest cosines must be those of scoring every pair.
    #[test]
    fn overlap_groups_are_those_of_scoring_every_pair(
        (m, g) in arb_topical_matrix(),
        threshold in 0.05f32..0.9,
    ) {
        let pairs = every_pair(&m);
        let mut found: Vec<(Vec<usize>, u32)> = overlap_groups(&m, &g, &pairs, threshold)
            .unwrap()
            .into_iter()
            .map(|o| {
                let mut rows = o.rows;
                rows.sort_unstable();
                (rows, o.min_similarity.to_bits())
            })
            .collect();
        found.sort();
        prop_assert_eq!(found, every_pair_scored(&m, &g, threshold));
    }
}
