fn main() {
    for p in std::env::args().skip(1) {
        let s = std::fs::read_to_string(&p).unwrap();
        let units = xietong::segment::segment(&xietong::clean::clean(&s));
        println!("{p}");
        for u in units
            .iter()
            .filter(|u| u.kind == xietong::segment::Kind::Recommendation)
        {
            println!("    {:?},", u.heading.clone().unwrap_or_default());
        }
    }
}
