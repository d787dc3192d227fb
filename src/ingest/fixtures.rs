//! Test fixtures shared by tests of this and later modules: the same text
//! rendered as an HTML page or a .docx, so each input format can be checked
//! to give back the same lines.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// Where the bundled seed documents are.
pub(crate) fn seed_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// Escapes the characters that are markup in both HTML and XML.
pub(crate) fn escape_markup(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Each line of `text` as a `<p>` of a minimal HTML page.
pub(crate) fn lines_to_html(text: &str) -> String {
    let body: String = text
        .lines()
        .map(|line| format!("<p>{}</p>\n", escape_markup(line)))
        .collect();
    format!("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n{body}</body></html>\n")
}

/// The `word/document.xml` with one `<w:p>` per line of `text`.
pub(crate) fn lines_to_document_xml(text: &str) -> String {
    let body: String = text
        .lines()
        .map(|line| {
            format!(
                "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
                escape_markup(line)
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:body>{body}</w:body></w:document>"
    )
}

/// A minimal .docx ([Content_Types].xml + word/document.xml) around `document_xml`.
pub(crate) fn docx_bytes(document_xml: &str) -> zip::result::ZipResult<Vec<u8>> {
    let content_types = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
        <Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
        <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
        <Override PartName=\"/word/document.xml\" \
        ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
        </Types>";
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    zip.start_file("[Content_Types].xml", options)?;
    zip.write_all(content_types.as_bytes())?;
    zip.start_file("word/document.xml", options)?;
    zip.write_all(document_xml.as_bytes())?;
    Ok(zip.finish()?.into_inner())
}

/// Each line of `text` as a paragraph of a .docx.
pub(crate) fn lines_to_docx(text: &str) -> zip::result::ZipResult<Vec<u8>> {
    docx_bytes(&lines_to_document_xml(text))
}
