fn main() {
    let p = std::env::args().nth(1).unwrap();
    let s = std::fs::read_to_string(&p).unwrap();
    let d = xietong::clean::clean(&s);
    println!("wrapped={}", d.wrapped);
    for a in &d.articles {
        println!("=== {:?} / {:?}", a.title, a.byline);
        for p in &a.paragraphs {
            println!("[{}] {}", p.first_line(), p.text);
        }
    }
    for r in &d.removed {
        println!("-- {} {:?} {}", r.line, r.reason, r.text);
    }
}
