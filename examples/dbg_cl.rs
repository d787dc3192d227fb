use xietong::cluster::{ClusterParams, ProjectionMethod};
fn main() {
    let corpus = xietong::corpus::Corpus::load(&[], &Default::default()).unwrap();
    let s = xietong::engine::Settings::default();
    let v = xietong::engine::vectorize(&corpus, &s.kinds, &s.models).unwrap();
    let rural = |id: usize| {
        corpus.units[id]
            .unit
            .path
            .first()
            .is_some_and(|t| t.starts_with("乡村振兴"))
    };
    for (name, p) in [
        ("auto", ClusterParams::new()),
        (
            "lsa20",
            ClusterParams::new()
                .projection_method(ProjectionMethod::Lsa)
                .dims(20),
        ),
        (
            "lsa30",
            ClusterParams::new()
                .projection_method(ProjectionMethod::Lsa)
                .dims(30),
        ),
        (
            "dense",
            ClusterParams::new().projection_method(ProjectionMethod::Dense),
        ),
    ] {
        let m = p.seed(42).check().unwrap().fit(&v.matrix).unwrap();
        let mut mixed = 0;
        let mut sizes = m.sizes.clone();
        sizes.sort();
        for c in 0..m.k {
            let mem: Vec<usize> = (0..v.units.len())
                .filter(|&r| m.assignments[r] == c)
                .map(|r| v.units[r])
                .collect();
            let r = mem.iter().filter(|&&u| rural(u)).count();
            if r > 0 && r < mem.len() {
                mixed += 1;
            }
        }
        let docs: Vec<usize> = (0..m.k)
            .map(|c| {
                let mut d: Vec<usize> = (0..v.units.len())
                    .filter(|&r| m.assignments[r] == c)
                    .map(|r| corpus.units[v.units[r]].document)
                    .collect();
                d.sort();
                d.dedup();
                d.len()
            })
            .collect();
        println!(
            "{name}: k={} sizes={:?} mixed_rural={} multi-doc clusters={}",
            m.k,
            sizes,
            mixed,
            docs.iter().filter(|&&d| d > 1).count()
        );
    }
}
