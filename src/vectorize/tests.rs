//! Tests of fitting and transforming against hand-computed scikit-learn values.

use super::*;
use DfThreshold::{Count, Fraction};

fn docs(spec: &[&str]) -> Vec<Vec<String>> {
    spec.iter()
        .map(|d| d.split_whitespace().map(str::to_owned).collect())
        .collect()
}

/// Unigram settings: the hand computations below are about single terms.
fn uni() -> TfidfParams {
    TfidfParams::new().ngram(1, 1)
}

fn close(a: f32, b: f64) -> bool {
    (f64::from(a) - b).abs() < 1e-5
}

/// Corpus d0 = [a b a], d1 = [b c], d2 = [c]; n = 3, df(a) = 1, df(b) = df(c) = 2.
///
/// Smooth idf: idf(a) = ln(4/2) + 1 = 1.693147, idf(b) = idf(c) = ln(4/3) + 1 = 1.287682.
/// Raw tf, l2: d0 = (2 x 1.693147, 1 x 1.287682) = (3.386294, 1.287682), norm 3.622860
///   -> a = 0.934702, b = 0.355432; d1 = (1.287682, 1.287682) -> 0.707107 each; d2 -> c = 1.
/// Sublinear tf: tf(a, d0) = 1 + ln 2 = 1.693147 -> a = 2.866747, norm
///   sqrt(2.866747^2 + 1.287682^2) = 3.142669 -> a = 0.912202, b = 0.409742.
/// Non-smooth idf, raw tf, no norm: idf(a) = ln(3/1) + 1 = 2.098612,
///   idf(b) = ln(3/2) + 1 = 1.405465 -> d0 = (4.197225, 1.405465).
#[test]
fn weights_match_hand_computed_sklearn_values() {
    let corpus = docs(&["a b a", "b c", "c"]);
    let raw = uni().sublinear_tf(false).check().unwrap();
    let (model, m) = raw.fit_transform(&corpus).unwrap();
    assert_eq!(model.vocabulary().terms(), ["a", "b", "c"]);
    assert!(close(model.idf()[0], 1.693147) && close(model.idf()[1], 1.287682));
    let (c0, v0) = m.row(0);
    assert_eq!(c0, [0, 1]);
    assert!(close(v0[0], 0.934702) && close(v0[1], 0.355432), "{v0:?}");
    let (c1, v1) = m.row(1);
    assert_eq!(c1, [1, 2]);
    let half = std::f64::consts::FRAC_1_SQRT_2;
    assert!(close(v1[0], half) && close(v1[1], half));
    assert_eq!(m.row(2), (&[2u32][..], &[1.0f32][..]));

    let sub = uni().sublinear_tf(true).check().unwrap();
    let m = sub.fit(&corpus).unwrap().transform(&corpus);
    let v0 = m.row(0).1;
    assert!(close(v0[0], 0.912202) && close(v0[1], 0.409742), "{v0:?}");

    let plain = uni()
        .sublinear_tf(false)
        .smooth_idf(false)
        .l2_norm(false)
        .check()
        .unwrap();
    let m = plain.fit(&corpus).unwrap().transform(&corpus);
    let v0 = m.row(0).1;
    assert!(close(v0[0], 4.197225) && close(v0[1], 1.405465), "{v0:?}");
}

#[test]
fn unseen_terms_are_ignored_by_transform() {
    let model = uni().check().unwrap().fit(&docs(&["a b", "b c"])).unwrap();
    let m = model.transform(&docs(&["a z z", "z", ""]));
    assert_eq!(m.n_cols(), 3);
    assert_eq!(m.row(0), (&[0u32][..], &[1.0f32][..]));
    assert!(m.row(1).0.is_empty() && m.row(2).0.is_empty());
}

#[test]
fn min_df_and_max_df_prune_as_in_sklearn() {
    // df: a = 1, b = 3, c = 2, d = 4 over 4 documents.
    let corpus = docs(&["a b c d", "b c d", "b d", "d"]);
    let fit = |p: TfidfParams| p.check().unwrap().fit(&corpus).unwrap();
    let terms = |p: TfidfParams| fit(p).vocabulary().terms().to_vec();
    assert_eq!(terms(uni().min_df(Count(2))), ["b", "c", "d"]);
    // 0.75 x 4 = 3 documents: a term in exactly 3 (b) stays, one in 4 (d) goes.
    assert_eq!(terms(uni().max_df(Fraction(0.75))), ["a", "b", "c"]);
    assert_eq!(
        terms(uni().min_df(Fraction(0.5)).max_df(Count(3))),
        ["b", "c"]
    );
}

#[test]
fn mixed_kind_bounds_conflicting_at_fit_time_are_an_error() {
    let p = uni()
        .min_df(Count(3))
        .max_df(Fraction(0.5))
        .check()
        .unwrap();
    let err = p.fit(&docs(&["a", "a", "b", "b"])).unwrap_err();
    assert!(matches!(err, VectorizeError::MinDfAboveMaxDf { .. }));
}

#[test]
fn nothing_left_after_pruning_is_an_empty_vocabulary_error() {
    let p = uni().min_df(Count(2)).check().unwrap();
    let err = p.fit(&docs(&["a", "b"])).unwrap_err();
    assert_eq!(
        err,
        VectorizeError::EmptyVocabulary {
            n_docs: 2,
            n_terms: 2
        }
    );
}

#[test]
fn bigrams_become_columns_joined_by_a_space() {
    let p = uni().ngram(1, 2).check().unwrap();
    let (model, m) = p.fit_transform(&docs(&["共建 园区", "园区 共建"])).unwrap();
    assert_eq!(
        model.vocabulary().terms(),
        ["共建", "共建 园区", "园区", "园区 共建"]
    );
    assert_eq!(m.row(0).0, [0, 1, 2]);
}

#[test]
fn top_terms_are_sorted_by_weight_then_id() {
    let corpus = docs(&["a b a", "b c", "c"]);
    let (model, m) = uni().check().unwrap().fit_transform(&corpus).unwrap();
    let top: Vec<&str> = model
        .top_terms(&m, 0, 5)
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    assert_eq!(top, ["a", "b"]);
    // Equal weights: lower id first.
    assert_eq!(top_entries(&m, 1, 1), [(1, m.row(1).1[0])]);
    assert_eq!(model.term(2), Some("c"));
    assert_eq!(model.term(9), None);
}

/// A small corpus with bigrams, repeated terms, a term of one document and an empty document.
fn mixed() -> Vec<Vec<String>> {
    docs(&[
        "园区 共建 园区 协同 发展",
        "共建 园区 产业 转移",
        "产业 协同 发展 产业",
        "孤词",
        "",
        "协同 发展 园区",
    ])
}

#[test]
fn fit_transform_in_one_pass_equals_fit_then_transform() {
    for p in [
        TfidfParams::new(),
        TfidfParams::new().sublinear_tf(false).min_df(Count(2)),
        TfidfParams::new().max_df(Fraction(0.5)).l2_norm(false),
    ] {
        let p = p.check().unwrap();
        let corpus = mixed();
        let (model, m) = p.fit_transform(&corpus).unwrap();
        let two_step = p.fit(&corpus).unwrap();
        assert_eq!(model, two_step);
        assert_eq!(m, two_step.transform(&corpus));
    }
}

#[test]
fn restricting_min_df_matches_a_refit() {
    let corpus = mixed();
    let (full, m) = TfidfParams::new()
        .check()
        .unwrap()
        .fit_transform(&corpus)
        .unwrap();
    let (refit, want) = TfidfParams::new()
        .min_df(Count(2))
        .check()
        .unwrap()
        .fit_transform(&corpus)
        .unwrap();
    let (got_model, got) = full.restrict(&m, 2);
    assert_eq!(got_model.vocabulary().terms(), refit.vocabulary().terms());
    assert_eq!(got_model.idf(), refit.idf());
    assert!(!got_model.vocabulary().terms().contains(&"孤词".to_string()));
    assert_eq!(got.n_rows(), want.n_rows());
    for r in 0..want.n_rows() {
        let ((gc, gv), (wc, wv)) = (got.row(r), want.row(r));
        assert_eq!(gc, wc, "row {r}");
        assert!(
            gv.iter().zip(wv).all(|(a, b)| (a - b).abs() < 1e-6),
            "row {r}"
        );
    }
}

#[test]
fn interning_on_many_threads_gives_the_one_thread_result() {
    // Enough documents and terms that every shard holds many, met by threads in any order;
    // a term's provisional id then differs from run to run, the output must not.
    let corpus: Vec<Vec<String>> = (0..3000usize)
        .map(|i| {
            (0..20usize)
                .map(|j| format!("词{}", (i * 7 + j * 13 + i * j) % 4000))
                .collect()
        })
        .collect();
    let p = TfidfParams::new().check().unwrap();
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| p.fit_transform(&corpus).unwrap())
    };
    let (one_model, one) = run(1);
    assert!(
        one_model.vocabulary().len() > 10_000,
        "unigrams and bigrams"
    );
    for _ in 0..3 {
        let (model, m) = run(4);
        assert_eq!(model, one_model);
        assert_eq!(m, one);
    }
    let two_step = p.fit(&corpus).unwrap();
    assert_eq!(two_step, one_model);
    assert_eq!(two_step.transform(&corpus), one);
}
