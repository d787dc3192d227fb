//! The clusters of the seed documents: the rural party-building article never shares a
//! cluster with industrial policy, and a proposal that shares nothing with any cluster is
//! reported as not clustered instead of being forced into the least bad one.

use xietong::corpus::Corpus;
use xietong::engine::{self, Analysis, Settings};

fn seeds() -> (Corpus, Analysis) {
    let dir = format!("{}/seeds", env!("CARGO_MANIFEST_DIR"));
    let corpus = Corpus::load(&[dir], &Default::default()).unwrap_or_else(|e| panic!("{e}"));
    let analysis = engine::analyse(&corpus, &Settings::default()).unwrap_or_else(|e| panic!("{e}"));
    (corpus, analysis)
}

/// Title of the rural article of the compilation (seed 000).
const RURAL: &str = "乡村振兴形势下农村基层党组织带头人队伍建设的实现路径";

#[test]
fn rural_proposals_never_share_a_cluster_with_other_articles() {
    let (c, a) = seeds();
    let mut rural_clusters = 0;
    for k in &a.clusters {
        let rural = k
            .members
            .iter()
            .filter(|&&m| c.title_of(m) == RURAL)
            .count();
        if rural > 0 {
            rural_clusters += 1;
            assert_eq!(
                rural,
                k.members.len(),
                "cluster {} mixes: {}",
                k.id + 1,
                k.label
            );
        }
    }
    assert!(rural_clusters >= 2, "the rural article has several themes");
}

#[test]
fn a_proposal_sharing_nothing_with_its_cluster_is_left_out_and_says_where_it_came_closest() {
    let (c, a) = seeds();
    let outlier = a
        .units
        .iter()
        .copied()
        .find(|&u| c.units[u].unit.heading.as_deref() == Some("创新农村基层干部考核评价机制"))
        .unwrap_or_else(|| panic!("unit missing"));
    let left = a
        .unclustered
        .iter()
        .find(|u| u.unit == outlier)
        .unwrap_or_else(|| {
            panic!(
                "clustered: {:?}",
                a.clusters
                    .iter()
                    .find(|k| k.members.contains(&outlier))
                    .map(|k| &k.label)
            )
        });
    let nearest = left.nearest.unwrap_or_else(|| panic!("no nearest cluster"));
    assert!(f64::from(left.similarity) < a.clusters[nearest].floor);
    // Few are left out: the seeds are policy text with clear topics.
    assert!(a.unclustered.len() <= 3, "{}", a.unclustered.len());
    let clustered: usize = a.clusters.iter().map(|k| k.members.len()).sum();
    assert_eq!(clustered + a.unclustered.len(), a.units.len());
}
