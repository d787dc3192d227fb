fn main() {
    for p in std::env::args().skip(1) {
        let s = std::fs::read_to_string(&p).unwrap();
        let d = xietong::clean::clean(&s);
        let units = xietong::segment::segment(&d);
        println!("##### {p}");
        for u in &units {
            let t: String = u.text.chars().take(50).collect();
            println!(
                "{:>3}-{:<3} {:<14} {:<5} {} || {}",
                u.location.first_line,
                u.location.last_line,
                u.kind.as_str(),
                u.marker.clone().unwrap_or_default(),
                u.path[1.min(u.path.len())..].join(" > "),
                t
            );
        }
        let recs = units
            .iter()
            .filter(|u| u.kind == xietong::segment::Kind::Recommendation)
            .count();
        println!("recommendations: {recs} / units {}", units.len());
    }
}
