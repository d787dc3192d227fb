//! Two-level results: overlap groups (proposals of different documents that say the same
//! thing) inside themes. The seeds' known near-duplicates form groups, every two members of a
//! group reach the threshold (no chaining), and every format carries the groups.

mod common;

use std::collections::BTreeSet;

use xietong::corpus::Corpus;
use xietong::engine::{self, Analysis, Settings};
use xietong::report::{self, OutputFormat};

fn load(dir: &str) -> Corpus {
    let dir = format!("{}/{dir}", env!("CARGO_MANIFEST_DIR"));
    Corpus::load(&[dir], &Default::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn analyse(c: &Corpus, s: &Settings) -> Analysis {
    engine::analyse(c, s).unwrap_or_else(|e| panic!("{e}"))
}

/// The recommendation of document `doc` whose heading (or text) starts with `head`.
fn find(c: &Corpus, a: &Analysis, doc: usize, head: &str) -> usize {
    common::unit_starting(c, &a.units, doc, head)
}

/// The group holding unit `u`, if any.
fn group_of(a: &Analysis, u: usize) -> Option<&engine::Overlap> {
    a.overlaps.iter().find(|o| o.members.contains(&u))
}

/// Cosine of two analysed units in the similarity space the groups are built in.
fn cosine(v: &engine::Vectors, a: usize, b: usize) -> f32 {
    let row = |u: usize| v.units.binary_search(&u).unwrap_or_else(|_| panic!("{u}"));
    v.matrix.row_dot(row(a), row(b))
}

#[test]
fn the_seeds_known_overlaps_form_groups_without_chaining() {
    let c = load("seeds");
    let s = Settings::default();
    let a = analyse(&c, &s);
    let v = engine::vectorize(&c, &s).unwrap_or_else(|e| panic!("{e}"));
    assert!(!a.overlaps.is_empty());

    // 集群促进机构 in the manufacturing and Yangtze-Delta reports.
    let promo = find(&c, &a, 2, "加速新型集群促进机构成长");
    let other = find(&c, &a, 3, "建议其他地区城市群在培育发展集群");
    let g = group_of(&a, promo).unwrap_or_else(|| panic!("{promo} in no group"));
    assert!(g.members.contains(&other), "{g:?}");
    // 要素自由流动 and the markets for talent and technology (tests/similarity_seeds.rs).
    let flow = find(&c, &a, 1, "探索要素自由流动机制");
    let g = group_of(&a, flow).unwrap_or_else(|| panic!("{flow} in no group"));
    assert!(g
        .members
        .contains(&find(&c, &a, 0, "加快区域创新要素市场的建设")));
    assert!(g
        .members
        .contains(&find(&c, &a, 0, "加快科技创新的国内外合作步伐")));

    let mut seen = BTreeSet::new();
    for (i, o) in a.overlaps.iter().enumerate() {
        assert_eq!(o.id, i);
        assert!(o.documents.len() >= 2, "{o:?}");
        let docs: BTreeSet<usize> = o.members.iter().map(|&m| c.units[m].document).collect();
        assert_eq!(docs.into_iter().collect::<Vec<_>>(), o.documents);
        // Complete linkage: every two members, also of one document, reach the threshold.
        for (x, &m) in o.members.iter().enumerate() {
            assert!(seen.insert(m), "unit {m} in two groups");
            for &n in &o.members[x + 1..] {
                let cos = cosine(&v, m, n);
                assert!(cos >= s.threshold - 1e-6, "{m} ~ {n}: {cos}");
                assert!(cos >= o.min_similarity - 1e-6);
            }
        }
        // The theme is the one holding most members.
        let theme = o
            .theme
            .unwrap_or_else(|| panic!("{o:?} has no clustered member"));
        let inside = |t: usize| {
            o.members
                .iter()
                .filter(|m| a.clusters[t].members.contains(m))
                .count()
        };
        assert!((0..a.clusters.len()).all(|t| inside(t) <= inside(theme)));
    }

    // A near-duplicate pair whose ends do not go together: 产学研 (000) ~ 文献共享 (003) at
    // 0.11, but 文献共享 joined its closer partner 科技文献 (000), which shares too little with
    // 产学研: chaining would have put all three together.
    let split: Vec<_> = a
        .duplicates
        .iter()
        .filter(|d| {
            group_of(&a, d.a).map(|g| g.id) != group_of(&a, d.b).map(|g| g.id)
                || group_of(&a, d.a).is_none()
        })
        .collect();
    assert!(!split.is_empty(), "every near-duplicate pair is grouped");
    for d in split {
        let grouped = group_of(&a, d.a).or(group_of(&a, d.b));
        if let Some(g) = grouped {
            let outsider = if g.members.contains(&d.a) { d.b } else { d.a };
            assert!(
                g.members
                    .iter()
                    .any(|&m| cosine(&v, m, outsider) < s.threshold),
                "{outsider} could have joined {g:?}"
            );
        }
    }
}

#[test]
fn a_chain_a_b_c_does_not_join_a_and_c() {
    let c = load("tests/fixtures/overlap_chain");
    let s = Settings {
        k: Some(2),
        ..Settings::default()
    };
    let a = analyse(&c, &s);
    let v = engine::vectorize(&c, &s).unwrap_or_else(|e| panic!("{e}"));
    let ua = find(&c, &a, 0, "加快建设省级政务数据共享平台");
    let ub = find(&c, &a, 1, "推动政务数据共享平台向基层延伸");
    let uc = find(&c, &a, 2, "加强基层数字人才培训");
    // The fixture's premise: A~B and B~C above the threshold, A and C not.
    assert!(cosine(&v, ua, ub) >= s.threshold, "A~B");
    assert!(cosine(&v, ub, uc) >= s.threshold, "B~C");
    assert!(cosine(&v, ua, uc) < s.threshold, "A!~C");
    let pairs: BTreeSet<(usize, usize)> = a.duplicates.iter().map(|d| (d.a, d.b)).collect();
    assert!(
        pairs.contains(&(ua, ub)) && pairs.contains(&(ub, uc)),
        "{pairs:?}"
    );

    let g = group_of(&a, ub).unwrap_or_else(|| panic!("B in no group: {:?}", a.overlaps));
    assert_eq!(g.members.len(), 2, "{g:?}");
    assert!(g.members.contains(&ua) != g.members.contains(&uc), "{g:?}");
    assert!(a
        .overlaps
        .iter()
        .all(|o| !(o.members.contains(&ua) && o.members.contains(&uc))));
}

#[test]
fn every_format_carries_the_groups() {
    let c = load("seeds");
    let a = analyse(&c, &Settings::default());
    let render = |f: OutputFormat| {
        let bytes = report::renderer(f)
            .render(&c, &a)
            .unwrap_or_else(|e| panic!("{e}"));
        String::from_utf8(bytes).unwrap_or_else(|e| panic!("{e}"))
    };
    let largest = &a.overlaps[0];

    let json: serde_json::Value =
        serde_json::from_str(&render(OutputFormat::Json)).unwrap_or_else(|e| panic!("{e}"));
    let groups = json["overlaps"].as_array().map_or(0, Vec::len);
    assert_eq!(groups, a.overlaps.len());
    assert_eq!(
        json["overlaps"][0]["members"],
        serde_json::json!(largest.members)
    );
    // Both levels: each theme lists its groups, and each group names its theme.
    for k in json["clusters"].as_array().into_iter().flatten() {
        for g in k["overlaps"].as_array().into_iter().flatten() {
            let g = g.as_u64().unwrap_or(u64::MAX) as usize;
            assert_eq!(json["overlaps"][g]["theme"], k["id"]);
        }
    }
    assert_eq!(json["settings"]["k_choice"]["search"], "exhaustive");
    assert_eq!(json["settings"]["k_choice"]["k_max"], 30);

    let text = render(OutputFormat::Text);
    assert!(text.contains("overlap group"), "{text}");
    assert!(text.contains("2 documents repeat it"), "{text}");
    assert!(text.contains("k = "), "{text}");
    let md = render(OutputFormat::Markdown);
    assert!(md.contains("**Overlap groups**"), "{md}");
    let html = render(OutputFormat::Html);
    assert_eq!(html.matches("<li class=\"group").count(), a.overlaps.len());
    assert!(html.contains("class=\"pager\""));
    let csv = render(OutputFormat::Csv);
    assert!(csv.contains(",overlap,overlap_documents\r\n"));
    let tail = format!(",{},{}\r\n", largest.id + 1, largest.documents.len());
    assert_eq!(csv.matches(&tail).count(), largest.members.len(), "{csv}");
}
