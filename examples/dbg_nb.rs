fn main() {
    let corpus = xietong::corpus::Corpus::load(&[], &Default::default()).unwrap();
    let a = xietong::engine::analyse(&corpus, &Default::default()).unwrap();
    for (row, &id) in a.units.iter().enumerate() {
        let u = &corpus.units[id];
        let h = |id: usize| {
            let x = &corpus.units[id];
            format!(
                "{}:{}",
                x.document,
                x.unit
                    .heading
                    .clone()
                    .unwrap_or_else(|| x.unit.text.chars().take(14).collect())
            )
        };
        let nb: Vec<String> = a.neighbors[row]
            .iter()
            .map(|n| format!("{}({:.2})", h(n.unit), n.score))
            .collect();
        println!("#{id} {} => {}", h(u.id), nb.join(" | "));
    }
}
