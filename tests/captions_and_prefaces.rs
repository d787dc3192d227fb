//! A table's or chart's caption is part of the article it illustrates, never the title of a
//! new one: a plan's `表 1 …` over its indicator cells, a bulletin's centred `主要工业产品产量`
//! over its table. A preface heading (`前言`, letter-spaced `前 言`) opens the body, while a
//! space a PDF left inside a word of running text (`双核驱 动`) is joined.
//! Fixtures are excerpts of real documents (a five-year plan and a statistical bulletin).

use xietong::clean::{clean, Cleaned};
use xietong::ingest::html_to_text;
use xietong::segment::segment;

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn titles(doc: &Cleaned) -> Vec<String> {
    doc.articles
        .iter()
        .map(|a| a.title.clone().unwrap_or_default())
        .collect()
}

#[test]
fn a_table_caption_in_a_plan_is_no_article() {
    let doc = clean(&fixture("plan_table_caption.txt"));
    assert_eq!(
        titles(&doc),
        ["广西北部湾经济区工业和信息化发展“十三五”规划"]
    );
    // The tasks after the table stay in the plan, under their heading.
    let u = segment(&doc);
    let task = u
        .iter()
        .find(|u| u.text.starts_with("加快发展石化产业"))
        .unwrap_or_else(|| panic!("{u:#?}"));
    assert!(
        task.path.iter().any(|h| h.contains("做大做强优势产业")),
        "{task:#?}"
    );
}

#[test]
fn a_letter_spaced_preface_heading_opens_the_body() {
    let doc = clean(&fixture("plan_table_caption.txt"));
    let u = segment(&doc);
    let first = u.first().unwrap_or_else(|| panic!("no units"));
    assert!(first.text.starts_with("“十三五”时期"), "{first:#?}");
    assert!(
        first
            .path
            .iter()
            .any(|h| h.split_whitespace().collect::<String>() == "前言"),
        "{first:#?}"
    );
}

#[test]
fn a_table_caption_in_a_bulletin_page_is_no_article() {
    let doc = clean(&html_to_text(&fixture("bulletin_table_caption.html")));
    assert_eq!(titles(&doc), ["万载县2015年国民经济和社会发展统计公报"]);
    let u = segment(&doc);
    assert!(
        u.iter().any(|u| u.text.starts_with("固定资产投资稳步增长")),
        "{u:#?}"
    );
}

#[test]
fn a_space_a_pdf_left_inside_a_word_is_joined_and_letter_spacing_is_kept() {
    let units = segment(&clean(&fixture("pdf_split_words.txt")));
    let all: String = units.iter().map(|u| u.text.as_str()).collect();
    for word in ["双核驱动", "产业集群", "跨区域转化", "上下游配套体系"] {
        assert!(all.contains(word), "{word} not joined: {units:#?}");
    }
    // The letter-spaced preface heading still opens the body and heads its paragraph.
    let preface = units
        .iter()
        .find(|u| u.text.contains("本规划立足区域发展新格局"))
        .map(|u| u.path.clone())
        .unwrap_or_default();
    assert!(
        preface.iter().any(|h| h.replace(' ', "") == "前言"),
        "{preface:?}"
    );
    assert_eq!(
        preface.first().map(String::as_str),
        Some("长江中游城市群产业协同发展规划"),
        "{units:#?}"
    );
}
