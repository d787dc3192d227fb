//! Prints the text `html_to_text` extracts from each HTML file given (UTF-8 input).
fn main() {
    for path in std::env::args().skip(1) {
        match std::fs::read_to_string(&path) {
            Ok(page) => println!("##### {path}\n{}", xietong::ingest::html_to_text(&page)),
            Err(e) => eprintln!("{path}: {e}"),
        }
    }
}
