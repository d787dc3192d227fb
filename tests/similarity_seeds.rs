//! Which proposals find each other across the seed documents: overlapping proposals in
//! different reports must be in each other's top five, and unrelated topics must not match.

mod common;

use xietong::corpus::Corpus;
use xietong::engine::{self, Settings};

struct Seeds {
    corpus: Corpus,
    units: Vec<usize>,
    neighbors: Vec<Vec<engine::Neighbor>>,
}

fn seeds() -> Seeds {
    let dir = format!("{}/seeds", env!("CARGO_MANIFEST_DIR"));
    let corpus = Corpus::load(&[dir], &Default::default()).unwrap_or_else(|e| panic!("{e}"));
    let s = Settings::default();
    let v = engine::vectorize(&corpus, &s).unwrap_or_else(|e| panic!("{e}"));
    let neighbors = engine::nearest(&v, 5, false).unwrap_or_else(|e| panic!("{e}"));
    Seeds {
        units: v.units,
        corpus,
        neighbors,
    }
}

impl Seeds {
    /// The recommendation of document `doc` whose heading (or text) starts with `head`.
    fn find(&self, doc: usize, head: &str) -> usize {
        common::unit_starting(&self.corpus, &self.units, doc, head)
    }

    fn top5(&self, id: usize) -> Vec<usize> {
        let row = self
            .units
            .iter()
            .position(|&u| u == id)
            .unwrap_or(usize::MAX);
        self.neighbors
            .get(row)
            .map(|n| n.iter().map(|x| x.unit).collect())
            .unwrap_or_default()
    }

    fn assert_mutual(&self, a: (usize, &str), b: (usize, &str)) {
        let (x, y) = (self.find(a.0, a.1), self.find(b.0, b.1));
        assert!(
            self.top5(x).contains(&y),
            "{a:?} should list {b:?} in its top 5"
        );
        assert!(
            self.top5(y).contains(&x),
            "{b:?} should list {a:?} in its top 5"
        );
    }
}

#[test]
fn cluster_promotion_bodies_in_the_manufacturing_and_yangtze_delta_reports() {
    let s = seeds();
    s.assert_mutual(
        (2, "加速新型集群促进机构成长"),
        (3, "建议其他地区城市群在培育发展集群"),
    );
}

#[test]
fn jointly_built_parks_across_four_documents() {
    let s = seeds();
    // 000: 园区共建的股权投资模式; 001: 合作园区/飞地孵化; 004: 推进共建园区提档升级.
    s.assert_mutual((0, "推进市场协同"), (1, "打造产业协同协作集聚区"));
    s.assert_mutual((1, "打造产业协同协作集聚区"), (4, "优化结对帮扶合作机制"));
    // 003: 合作载体 with 财税分享 and 成本分担、利益共享.
    let parks = s.find(3, "建议其他地区城市群在打造产业转移合作载体");
    let near = s.top5(parks);
    assert!(near.contains(&s.find(0, "推进市场协同")), "{near:?}");
}

#[test]
fn talent_mobility_and_mutual_recognition_of_qualifications() {
    let s = seeds();
    s.assert_mutual(
        (0, "加快科技创新的国内外合作步伐"),
        (1, "探索要素自由流动机制"),
    );
    s.assert_mutual(
        (0, "加快区域创新要素市场的建设"),
        (1, "探索要素自由流动机制"),
    );
}

#[test]
fn cost_sharing_and_tax_sharing() {
    let s = seeds();
    s.assert_mutual(
        (1, "探索各方利益平衡机制"),
        (3, "建议其他地区城市群在打造产业转移合作载体"),
    );
}

#[test]
fn rural_party_building_is_nobody_elses_top_neighbour() {
    let s = seeds();
    let rural: Vec<usize> = s
        .units
        .iter()
        .copied()
        .filter(|&id| {
            s.corpus.units[id]
                .unit
                .path
                .first()
                .is_some_and(|t| t.starts_with("乡村振兴"))
        })
        .collect();
    assert_eq!(rural.len(), 13);
    for (row, &id) in s.units.iter().enumerate() {
        let u = &s.corpus.units[id];
        if rural.contains(&id) {
            continue;
        }
        if let Some(top) = s.neighbors[row].first() {
            assert!(
                !rural.contains(&top.unit),
                "unit {id} ({:?}) has a rural top neighbour",
                u.unit.heading
            );
        }
    }
}
