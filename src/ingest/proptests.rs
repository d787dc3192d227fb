//! Property tests: no input bytes make the readers panic, and
//! normalisation never changes the number of lines.

use proptest::prelude::*;

use super::decode::{decode, normalise};
use super::docx_numbering::{NumRef, Numbering};
use super::{docx, html};

proptest! {
    #[test]
    fn decode_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        if let Ok(decoded) = decode(&bytes) {
            prop_assert!(!decoded.text.contains('\0'));
            prop_assert!(!decoded.text.contains('\r'));
        }
    }

    #[test]
    fn normalise_keeps_line_breaks(text in "[a-z政策\r\n\0\u{FEFF}]{0,200}") {
        let breaks = text.replace("\r\n", "\n").matches(['\r', '\n']).count();
        let out = normalise(&text);
        prop_assert_eq!(out.matches('\n').count(), breaks);
        prop_assert!(!out.contains('\r') && !out.contains('\0'));
    }

    #[test]
    fn html_and_docx_readers_never_panic(
        markup in "(<[a-z:]{1,6}( class=\"[a-z -]{0,12}\")?>|</[a-z:]{1,6}>|[^<>]{0,8}|&[a-z#0-9]{0,6};?){0,60}"
    ) {
        let _ = html::html_to_text(&markup);
        let _ = docx::paragraphs(&markup);
        let _ = html::extract(markup.as_bytes());
        let _ = docx::extract(markup.as_bytes(), 1024);
    }

    #[test]
    fn numbering_never_panics(
        lvls in proptest::collection::vec(
            (0u32..12, "[a-zA-Z]{0,16}", "[%0-9.、（）一]{0,8}", "[0-9x-]{0,12}"),
            0..12,
        ),
        paragraphs in proptest::collection::vec((0u32..4, 0u8..12), 0..40),
    ) {
        let body: String = lvls
            .iter()
            .map(|(l, fmt, text, start)| format!(
                "<w:lvl w:ilvl=\"{l}\"><w:start w:val=\"{start}\"/><w:numFmt w:val=\"{fmt}\"/>\
                 <w:lvlText w:val=\"{text}\"/></w:lvl>"
            ))
            .collect();
        let xml = format!(
            "<w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
             <w:abstractNum w:abstractNumId=\"0\">{body}</w:abstractNum>\
             <w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>"
        );
        let mut n = Numbering::parse(&xml, None).unwrap_or_default();
        for (num_id, level) in paragraphs {
            let _ = n.next_marker(NumRef { num_id, level });
        }
    }
}

#[test]
fn deeply_nested_html_does_not_overflow() {
    // html5ever parses deep nesting in quadratic time, so 5000 keeps the
    // test quick while still far deeper than real pages.
    let depth = 5_000;
    let page = format!(
        "<body>{}<p>深层正文</p>{}</body>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    assert!(html::html_to_text(&page).contains("深层正文"));
}
