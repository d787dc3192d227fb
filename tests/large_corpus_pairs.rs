//! Near-duplicate pairs above `LARGE_CORPUS` units, where they are drawn from the neighbour
//! lists and keep the shared terms those lists found rather than finding them again: the
//! terms must still be the pair's top shared terms, in the same order.

use xietong::corpus::Corpus;
use xietong::engine::{self, Settings, LARGE_CORPUS};
use xietong::ingest::{Format, Source};
use xietong::segment::Kind;

/// Documents of 20 numbered proposals made from the seeds' recommendations, each document
/// drawing them in its own order and adding its own words, so that many proposals of
/// different documents are near-duplicates and none is a copy of another.
fn archive(documents: usize) -> Corpus {
    let seeds = Corpus::load(
        &[format!("{}/seeds", env!("CARGO_MANIFEST_DIR"))],
        &Default::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let texts: Vec<String> = seeds
        .units_of(&[Kind::Recommendation])
        .map(|u| u.unit.text.replace('\n', ""))
        .collect();
    assert!(texts.len() > 40, "seed recommendations not found");
    let places = [
        "江苏", "浙江", "安徽", "上海", "广东", "四川", "湖北", "山东",
    ];
    let sources = (0..documents)
        .map(|d| {
            let mut text = String::from("对策建议\n\n");
            for i in 0..20 {
                let proposal = &texts[(d * 7 + i * 13) % texts.len()];
                let place = places[(d + i) % places.len()];
                text.push_str(&format!("{}.{proposal}支持{place}先行探索。\n\n", i + 1));
            }
            Source {
                path: format!("doc_{d:04}.txt"),
                format: Format::Text,
                encoding: "UTF-8",
                text,
            }
        })
        .collect();
    Corpus::from_sources(sources, Vec::new())
}

#[test]
fn pairs_from_neighbour_lists_carry_their_top_shared_terms() {
    let corpus = archive(270);
    let settings = Settings::default();
    let v = engine::vectorize(&corpus, &settings).unwrap_or_else(|e| panic!("{e}"));
    assert!(v.units.len() > LARGE_CORPUS, "{} units", v.units.len());
    let near = engine::nearest(&v, settings.top_n, false).unwrap_or_else(|e| panic!("{e}"));
    let pairs = engine::duplicates(&v, &near, settings.threshold).unwrap_or_else(|e| panic!("{e}"));
    assert!(pairs.len() > 1000, "{} pairs", pairs.len());
    let row = |u: usize| v.units.binary_search(&u).unwrap_or_else(|_| panic!("{u}"));
    for p in &pairs {
        let ((ac, av), (bc, bv)) = (v.matrix.row(row(p.a)), v.matrix.row(row(p.b)));
        let mut shared: Vec<(u32, f32)> = ac
            .iter()
            .zip(av)
            .filter_map(|(c, x)| Some((*c, x * bv[bc.binary_search(c).ok()?])))
            .collect();
        shared.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        let want: Vec<u32> = shared.iter().take(5).map(|s| s.0).collect();
        assert_eq!(p.terms, want, "pair {} {}", p.a, p.b);
        assert!(!p.terms.is_empty());
    }
}
