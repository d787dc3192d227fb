//! Behaviour tests of the whole pipeline: k selection and group recovery, determinism across
//! seeds and thread pools, sampling paths, assignment of new rows, and the seed documents.

use super::fixtures::{bigram_tfidf, groups, seed_chunks};
use super::*;
use crate::vectorize::CsrMatrix;

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
}

/// True when `labels` clusters every row, puts each true group in one cluster and different
/// groups apart.
fn recovers(labels: &[Option<usize>], truth: &[usize]) -> bool {
    let mut map = std::collections::HashMap::new();
    let mut back = std::collections::HashMap::new();
    labels.iter().zip(truth).all(|(&l, &t)| {
        l.is_some_and(|l| *map.entry(t).or_insert(l) == l && *back.entry(l).or_insert(t) == t)
    })
}

/// Default options with a fixed k.
fn fit_k(m: &CsrMatrix, k: usize) -> ClusterModel {
    ClusterParams::new()
        .k(Some(k))
        .check()
        .unwrap()
        .fit(m)
        .unwrap()
}

/// The rows of `m` as entry lists.
fn rows_of(m: &CsrMatrix, keep: impl Iterator<Item = usize>) -> Vec<Vec<(u32, f32)>> {
    keep.map(|i| {
        let (idx, val) = m.row(i);
        idx.iter().copied().zip(val.iter().copied()).collect()
    })
    .collect()
}

#[test]
fn chooses_three_for_three_disjoint_groups_and_recovers_them() {
    let (m, truth) = groups(3, 40, 11);
    let model = ClusterParams::new().check().unwrap().fit(&m).unwrap();
    assert_eq!(model.k, 3, "scores: {:?}", model.k_scores);
    assert!(recovers(&model.assignments, &truth));
    let best = model.k_scores.iter().find(|s| s.k == 3).unwrap().silhouette;
    assert!(model.k_scores.iter().all(|s| s.silhouette <= best));
    assert_eq!(model.k_scores.first().map(|s| s.k), Some(2));
    assert_eq!(model.k_scores.last().map(|s| s.k), Some(30));
}

#[test]
fn chooses_five_for_five_groups_through_lsa() {
    let (m, truth) = groups(5, 30, 5);
    let model = ClusterParams::new()
        .dims(20)
        .check()
        .unwrap()
        .fit(&m)
        .unwrap();
    assert_eq!(model.projection.method(), ProjectionMethod::Lsa);
    assert!(model.projection.dims() <= 20);
    assert_eq!(model.k, 5);
    assert!(recovers(&model.assignments, &truth));
}

#[test]
fn same_seed_gives_identical_models_on_any_pool_size() {
    let (m, _) = groups(4, 60, 2);
    let params = ClusterParams::new().dims(10).seed(9).check().unwrap();
    let a = pool(1).install(|| params.fit(&m)).unwrap();
    let b = pool(2).install(|| params.fit(&m)).unwrap();
    let c = pool(2).install(|| params.fit(&m)).unwrap();
    assert_eq!(a, b);
    assert_eq!(b, c);
}

#[test]
fn clusters_are_numbered_by_size_then_first_row() {
    // Groups of 30, 20 and 10 rows over disjoint terms.
    let (m, truth) = groups(3, 30, 4);
    let keep: Vec<usize> = (0..90)
        .filter(|&i| truth[i] == 0 || (truth[i] == 1 && i < 60) || (truth[i] == 2 && i < 30))
        .collect();
    let rows = rows_of(&m, keep.into_iter());
    let m = CsrMatrix::from_rows(m.n_cols(), rows);
    let model = fit_k(&m, 3);
    assert_eq!(model.sizes, vec![30, 20, 10]);
    assert_eq!(model.assignments[0], Some(0));
    assert!(model.sizes.iter().sum::<usize>() == m.n_rows());
}

#[test]
fn sampled_paths_still_choose_k_and_recover_groups() {
    // 360 rows with k-means fitted on 120 and silhouettes on a 150-row sample.
    let (m, truth) = groups(3, 120, 8);
    let params = ClusterParams::new()
        .kmeans_sample(120)
        .silhouette_sample(150)
        .silhouette_exact_limit(200)
        .check()
        .unwrap();
    let model = params.fit(&m).unwrap();
    assert_eq!(model.k, 3);
    assert!(recovers(&model.assignments, &truth));
    assert_eq!(pool(1).install(|| params.fit(&m)).unwrap(), model);
}

#[test]
fn centroids_are_unit_and_members_close_to_them() {
    let (m, _) = groups(3, 20, 3);
    let model = fit_k(&m, 3);
    for c in model.centroids.rows() {
        let n: f64 = c.iter().map(|(_, v)| v * v).sum::<f64>().sqrt();
        assert!((n - 1.0).abs() < 1e-9);
        assert!(c.windows(2).all(|w| w[0].0 < w[1].0));
    }
    assert!(model
        .member_similarity
        .iter()
        .all(|&s| s > 0.3 && s <= 1.0 + 1e-9));
    for (c, &r) in model.representatives.iter().enumerate() {
        assert_eq!(model.assignments[r], Some(c));
        let best = (0..m.n_rows())
            .filter(|&i| model.assignments[i] == Some(c))
            .map(|i| model.member_similarity[i])
            .fold(f64::MIN, f64::max);
        assert_eq!(model.member_similarity[r], best);
    }
}

#[test]
fn assign_returns_the_fitted_cluster_for_training_rows() {
    let (m, _) = groups(4, 25, 6);
    let model = fit_k(&m, 4);
    let got = assign(&model.centroids, &m).unwrap();
    for (i, p) in got.iter().enumerate() {
        assert_eq!(p.cluster, model.assignments[i]);
        assert_eq!(p.similarity, model.member_similarity[i]);
    }
}

#[test]
fn assign_rejects_mismatched_inputs() {
    let (m, _) = groups(2, 10, 1);
    let model = fit_k(&m, 2);
    let wide = CsrMatrix::from_rows(m.n_cols() + 5, vec![vec![(0, 1.0)]]);
    assert!(matches!(
        assign(&model.centroids, &wide),
        Err(ClusterError::ShapeMismatch { .. })
    ));
    let none = SparseCentroids::from_rows(m.n_cols(), vec![], vec![]).unwrap();
    assert!(matches!(
        assign(&none, &m),
        Err(ClusterError::ShapeMismatch { .. })
    ));
    // Saved centroids must name terms of the vocabulary, in order, with a floor in 0..=1.
    let n = m.n_cols();
    let from = |floor, row: Vec<(u32, f64)>| SparseCentroids::from_rows(n, vec![floor], vec![row]);
    assert!(from(0.1, vec![(n as u32, 1.0)]).is_err());
    assert!(from(0.1, vec![(3, 0.6), (1, 0.8)]).is_err());
    assert!(from(0.1, vec![(1, f64::NAN)]).is_err());
    assert_eq!(from(1.5, vec![(1, 1.0)]), Err(ClusterError::BadFloor(1.5)));
    assert!(from(0.1, vec![(1, 0.6), (3, 0.8)]).is_ok());
    assert!(SparseCentroids::from_rows(n, vec![], vec![vec![(1, 1.0)]]).is_err());
}

#[test]
fn fit_rejects_k_above_rows_and_unusable_matrices() {
    let (m, _) = groups(2, 3, 1);
    let err = ClusterParams::new()
        .k(Some(7))
        .check()
        .unwrap()
        .fit(&m)
        .unwrap_err();
    assert_eq!(err, ClusterError::KTooLarge { k: 7, n_rows: 6 });
    assert!(err.to_string().contains("more clusters than the 6 rows"));
    let p = ClusterParams::new().check().unwrap();
    assert_eq!(
        p.fit(&CsrMatrix::from_rows(4, vec![])).unwrap_err(),
        ClusterError::NoRows
    );
    let empty_rows = CsrMatrix::from_rows(4, vec![vec![], vec![]]);
    assert!(matches!(
        p.fit(&empty_rows),
        Err(ClusterError::NoTerms { .. })
    ));
    let nan = CsrMatrix::from_rows(2, vec![vec![(0, 1.0)], vec![(1, f32::NAN)]]);
    assert_eq!(p.fit(&nan).unwrap_err(), ClusterError::NonFinite { row: 1 });
    let three = CsrMatrix::from_rows(3, vec![vec![(0, 1.0)], vec![(1, 1.0)], vec![(2, 1.0)]]);
    assert!(matches!(
        p.fit(&three),
        Err(ClusterError::TooFewRowsToChooseK { n_rows: 3, .. })
    ));
}

#[test]
fn duplicate_rows_give_fewer_clusters_not_an_error() {
    let rows = vec![vec![(0u32, 1.0f32)]; 5];
    let m = CsrMatrix::from_rows(2, rows);
    let model = fit_k(&m, 3);
    assert_eq!(model.k, 1);
    assert_eq!(model.assignments, vec![Some(0); 5]);
}

#[test]
fn check_rejects_each_invalid_option() {
    let c = |p: ClusterParams| p.check().unwrap_err();
    assert_eq!(c(ClusterParams::new().k(Some(0))), ClusterError::ZeroK);
    assert_eq!(
        c(ClusterParams::new().k_range(1, None)),
        ClusterError::KRangeStartTooSmall { k_min: 1 }
    );
    assert_eq!(
        c(ClusterParams::new().k_range(5, Some(4))),
        ClusterError::KRangeEmpty { k_min: 5, k_max: 4 }
    );
    assert_eq!(c(ClusterParams::new().n_runs(0)), ClusterError::ZeroRuns);
    assert_eq!(
        c(ClusterParams::new().select_runs(0)),
        ClusterError::ZeroSelectRuns
    );
    assert_eq!(
        c(ClusterParams::new().max_n_iterations(0)),
        ClusterError::ZeroIterations
    );
    assert!(matches!(
        c(ClusterParams::new().tolerance(0.0)),
        ClusterError::BadTolerance(_)
    ));
    assert!(matches!(
        c(ClusterParams::new().tolerance(f64::NAN)),
        ClusterError::BadTolerance(_)
    ));
    assert!(matches!(
        c(ClusterParams::new().silhouette_sample(10)),
        ClusterError::SilhouetteSampleTooSmall { got: 10, .. }
    ));
    assert!(matches!(
        c(ClusterParams::new().silhouette_exact_limit(1000)),
        ClusterError::ExactLimitBelowSample {
            limit: 1000,
            sample: 3000
        }
    ));
    assert!(matches!(
        c(ClusterParams::new().kmeans_sample(5)),
        ClusterError::KMeansSampleTooSmall { got: 5, .. }
    ));
    assert_eq!(c(ClusterParams::new().dims(0)), ClusterError::ZeroDims);
    assert_eq!(
        c(ClusterParams::new().join_floor(-0.1)),
        ClusterError::BadFloor(-0.1)
    );
    // A fixed k makes the range irrelevant.
    assert!(ClusterParams::new()
        .k(Some(3))
        .k_range(1, Some(0))
        .check()
        .is_ok());
}

fn seed_model(dims: Option<usize>) -> (Vec<fixtures::Chunk>, CsrMatrix, Vec<String>, ClusterModel) {
    let chunks = seed_chunks(80);
    let texts: Vec<&str> = chunks.iter().map(|c| c.text.as_str()).collect();
    let (m, vocab) = bigram_tfidf(&texts);
    let mut params = ClusterParams::new();
    if let Some(d) = dims {
        params = params.dims(d).projection_method(ProjectionMethod::Lsa);
    }
    let model = params.check().unwrap().fit(&m).unwrap();
    (chunks, m, vocab, model)
}

/// Rural party-building chunks of seed 000 (lines 409-557).
fn is_rural(c: &fixtures::Chunk) -> bool {
    c.file.starts_with("000_") && c.first_line >= 405 && c.last_line <= 560
}

/// Chunks of the advanced-manufacturing-cluster report (seed 002) that discuss industry.
fn is_industrial(c: &fixtures::Chunk) -> bool {
    c.file.starts_with("002_") && (c.text.contains("产业") || c.text.contains("制造"))
}

#[test]
fn seed_rural_party_building_never_shares_a_cluster_with_industrial_policy() {
    let (chunks, m, vocab, model) = seed_model(None);
    assert_eq!(model.projection.method(), ProjectionMethod::Lsa);
    let rural: Vec<usize> = (0..chunks.len())
        .filter(|&i| is_rural(&chunks[i]))
        .collect();
    let industrial: Vec<usize> = (0..chunks.len())
        .filter(|&i| is_industrial(&chunks[i]))
        .collect();
    assert!(
        rural.len() >= 4 && industrial.len() >= 4,
        "{} {}",
        rural.len(),
        industrial.len()
    );
    let rural_clusters: std::collections::BTreeSet<usize> =
        rural.iter().filter_map(|&i| model.assignments[i]).collect();
    for &i in &industrial {
        assert!(
            model.assignments[i].is_none_or(|c| !rural_clusters.contains(&c)),
            "chunk {i} joins rural cluster"
        );
    }
    // No cluster of everything, and the rural chunks' cluster is labelled by rural terms.
    assert!(model.sizes[0] < m.n_rows() / 2, "sizes {:?}", model.sizes);
    let labels = label_clusters(&m, &model.assignments, model.k, 10).unwrap();
    let main_rural = model.assignments[rural[0]].unwrap();
    let name = label_string(&labels[main_rural], 10, "", &|t| vocab[t as usize].clone());
    assert!(
        ["村", "党", "乡"].iter().any(|w| name.contains(w)),
        "label {name}"
    );
}

/// Adjusted Rand index of two labelings (1 = identical partitions, ~0 = chance); unclustered
/// rows count as one more group.
fn ari(a: &[Option<usize>], b: &[usize]) -> f64 {
    let mut pairs = std::collections::HashMap::new();
    let (mut ca, mut cb) = (
        std::collections::HashMap::new(),
        std::collections::HashMap::new(),
    );
    for (&x, &y) in a.iter().zip(b) {
        *pairs.entry((x, y)).or_insert(0.0) += 1.0;
        *ca.entry(x).or_insert(0.0) += 1.0;
        *cb.entry(y).or_insert(0.0) += 1.0;
    }
    let c2 = |n: f64| n * (n - 1.0) / 2.0;
    let index: f64 = pairs.values().map(|&n| c2(n)).sum();
    let sa: f64 = ca.values().map(|&n| c2(n)).sum();
    let sb: f64 = cb.values().map(|&n| c2(n)).sum();
    let expected = sa * sb / c2(a.len() as f64);
    (index - expected) / ((sa + sb) / 2.0 - expected)
}

/// Prints the comparison of dense TF-IDF and LSA on the seeds (run with --ignored --nocapture).
#[test]
#[ignore]
fn measure_dense_vs_lsa_on_seeds() {
    let chunks = seed_chunks(80);
    let texts: Vec<&str> = chunks.iter().map(|c| c.text.as_str()).collect();
    let (m, _) = bigram_tfidf(&texts);
    let doc: Vec<usize> = chunks
        .iter()
        .map(|c| c.file.as_bytes()[2] as usize)
        .collect();
    let rural: Vec<usize> = chunks.iter().map(|c| usize::from(is_rural(c))).collect();
    println!(
        "rows {} cols {} rural {}",
        m.n_rows(),
        m.n_cols(),
        rural.iter().sum::<usize>()
    );
    for dims in [None, Some(5), Some(10), Some(20), Some(80)] {
        for k in [None, Some(8)] {
            let (mut a_doc, mut a_rural, mut chosen) = (0.0, 0.0, Vec::new());
            for seed in 1..=5 {
                let mut p = ClusterParams::new().seed(seed).k(k);
                p = match dims {
                    Some(d) => p.dims(d).projection_method(ProjectionMethod::Lsa),
                    None => p.projection_method(ProjectionMethod::Dense),
                };
                let model = p.check().unwrap().fit(&m).unwrap();
                a_doc += ari(&model.assignments, &doc) / 5.0;
                a_rural += ari(&model.assignments, &rural) / 5.0;
                chosen.push(model.k);
            }
            println!("dims {dims:?} k {k:?}: chosen {chosen:?} ARI vs document {a_doc:.3} ARI vs rural section {a_rural:.3}");
        }
    }
}

/// `groups` plus one last row of terms no other row has, sharing one noise term with a group.
fn groups_and_orphan() -> CsrMatrix {
    let (m, _) = groups(3, 20, 7);
    let mut rows = rows_of(&m, 0..m.n_rows());
    let (noise, _) = m.row(0);
    let shared = *noise.last().unwrap();
    let n = m.n_cols() as u32;
    rows.push(vec![(shared, 0.3), (n, 0.7), (n + 1, 0.648)]);
    CsrMatrix::from_rows(m.n_cols() + 2, rows)
}

#[test]
fn a_row_sharing_almost_nothing_is_left_unclustered_and_assign_agrees() {
    let m = groups_and_orphan();
    let orphan = m.n_rows() - 1;
    let params = ClusterParams::new().k(Some(3)).check().unwrap();
    let model = params.fit(&m).unwrap();
    assert_eq!(model.assignments[orphan], None);
    assert!(model.assignments[..orphan].iter().all(Option::is_some));
    // It is reported with the cluster it came closest to, below the floor.
    assert!(model.nearest[orphan].is_some());
    let nearest = model.nearest[orphan].unwrap();
    assert!(model.member_similarity[orphan] < model.centroids.floors()[nearest]);
    assert_eq!(model.sizes.iter().sum::<usize>(), orphan);
    let placed = assign(&model.centroids, &m).unwrap();
    assert_eq!(placed[orphan].cluster, None);
    // The floor decides: at 0 every row that shares a term with a cluster joins one.
    let all = ClusterParams::new()
        .k(Some(3))
        .join_floor(0.0)
        .check()
        .unwrap()
        .fit(&m)
        .unwrap();
    assert!(all.assignments[orphan].is_some());
}

#[test]
fn leave_one_out_keeps_a_row_from_holding_its_own_cluster() {
    // Without the leave-one-out the orphan's own weight would make a centroid it scores high
    // against; k = 4 gives it the chance to take a cluster of its own.
    let m = groups_and_orphan();
    let model = fit_k(&m, 4);
    assert_eq!(model.assignments[m.n_rows() - 1], None);
    assert!(
        model.sizes.iter().all(|&s| s >= 2),
        "sizes {:?}",
        model.sizes
    );
}
