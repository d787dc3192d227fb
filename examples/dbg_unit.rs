fn main() {
    let mut a = std::env::args().skip(1);
    let p = a.next().unwrap();
    let line: u32 = a.next().unwrap().parse().unwrap();
    let s = std::fs::read_to_string(&p).unwrap();
    let d = xietong::clean::clean(&s);
    for u in xietong::segment::segment(&d) {
        if u.location.first_line == line {
            println!("{:#?}", u);
        }
    }
}
