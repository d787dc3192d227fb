fn main() {
    let corpus = xietong::corpus::Corpus::load(&[], &Default::default()).unwrap();
    let s = xietong::engine::Settings::default();
    let v = xietong::engine::vectorize(&corpus, &s.kinds, &s.models).unwrap();
    let a = xietong::engine::analyse(&corpus, &s).unwrap();
    let row = |id: usize| v.units.iter().position(|&u| u == id).unwrap();
    for c in &a.clusters {
        for &m in &c.members {
            let r = row(m);
            // mean cosine to own cluster (others) and best other cluster
            let mean = |mem: &Vec<usize>| {
                let o: Vec<f32> = mem
                    .iter()
                    .filter(|&&x| x != m)
                    .map(|&x| v.matrix.row_dot(r, row(x)))
                    .collect();
                if o.is_empty() {
                    0.0
                } else {
                    o.iter().sum::<f32>() / o.len() as f32
                }
            };
            let own = mean(&c.members);
            let (bo, bc) = a
                .clusters
                .iter()
                .filter(|o| o.id != c.id)
                .map(|o| (mean(&o.members), o.id))
                .fold((0.0, 0), |b, x| if x.0 > b.0 { x } else { b });
            let h = corpus.units[m].unit.heading.clone().unwrap_or_default();
            if bo > own {
                println!("c{} {:.3} < c{} {:.3}  {}", c.id + 1, own, bc + 1, bo, h);
            }
        }
    }
}
