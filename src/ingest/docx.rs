//! Word .docx files: unzip `word/document.xml` under a size cap (zip bomb
//! guard) and turn each `<w:p>` into one line.
//!
//! Elements are matched by namespace (transitional and strict
//! WordprocessingML), not by the `w:` prefix, so DrawingML `<a:p>` inside
//! charts is not mistaken for a paragraph. `<mc:Fallback>` content is skipped
//! because it repeats the `<mc:Choice>` (text boxes would appear twice).
//! Deleted revisions (`w:delText`) and field codes (`w:instrText`) are not
//! `w:t`, so they are left out. Empty paragraphs are dropped.

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;
use zip::result::ZipError;
use zip::ZipArchive;

use super::decode::{normalise, Decoded};
use super::error::SkipReason;

const WORDML_NS: &[&[u8]] = &[
    b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    b"http://purl.oclc.org/ooxml/wordprocessingml/main",
];
const MARKUP_COMPAT_NS: &[u8] = b"http://schemas.openxmlformats.org/markup-compatibility/2006";
const DOCUMENT_XML: &str = "word/document.xml";

/// Reads the paragraphs of a .docx held in `bytes`, refusing a
/// `word/document.xml` larger than `max_xml_bytes` once unpacked.
pub(crate) fn extract(bytes: &[u8], max_xml_bytes: u64) -> Result<Decoded, SkipReason> {
    let xml = read_document_xml(bytes, max_xml_bytes)?;
    let xml = String::from_utf8(xml).map_err(|e| SkipReason::DocxXml {
        detail: format!("not UTF-8: {e}"),
    })?;
    let paragraphs = paragraphs(&xml)?;
    Ok(Decoded {
        text: normalise(&paragraphs.join("\n\n")),
        encoding: "UTF-8",
        replaced: 0,
    })
}

fn read_document_xml(bytes: &[u8], max_xml_bytes: u64) -> Result<Vec<u8>, SkipReason> {
    let corrupt = |e: ZipError| SkipReason::DocxCorrupt {
        detail: e.to_string(),
    };
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(corrupt)?;
    let entry = match archive.by_name(DOCUMENT_XML) {
        Ok(entry) => entry,
        Err(ZipError::FileNotFound) => return Err(SkipReason::DocxMissingDocument),
        Err(e) => return Err(corrupt(e)),
    };
    let too_large = SkipReason::DocxXmlTooLarge {
        limit: max_xml_bytes,
    };
    if entry.size() > max_xml_bytes {
        return Err(too_large);
    }
    // The declared size can lie: stop reading one byte past the limit.
    let mut xml = Vec::new();
    entry
        .take(max_xml_bytes.saturating_add(1))
        .read_to_end(&mut xml)
        .map_err(|e| SkipReason::DocxCorrupt {
            detail: format!("{DOCUMENT_XML}: {e}"),
        })?;
    if xml.len() as u64 > max_xml_bytes {
        return Err(too_large);
    }
    Ok(xml)
}

/// The text of every non-empty `<w:p>` in document order.
pub(crate) fn paragraphs(xml: &str) -> Result<Vec<String>, SkipReason> {
    let mut reader = NsReader::from_str(xml);
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    let mut in_text = false;
    let mut fallback_depth = 0usize;
    let xml_error = |e: quick_xml::Error, pos: u64| SkipReason::DocxXml {
        detail: format!("{e} (byte {pos})"),
    };
    loop {
        let pos = reader.buffer_position();
        let (ns, event) = reader
            .read_resolved_event()
            .map_err(|e| xml_error(e, pos))?;
        let in_wordml = matches!(ns, ResolveResult::Bound(n) if WORDML_NS.contains(&n.as_ref()));
        let is_fallback = matches!(ns, ResolveResult::Bound(n) if n.as_ref() == MARKUP_COMPAT_NS);
        match event {
            Event::Start(e) => {
                let local = e.local_name();
                if is_fallback && local.as_ref() == b"Fallback" {
                    fallback_depth += 1;
                } else if fallback_depth == 0 && in_wordml {
                    match local.as_ref() {
                        // A paragraph opening inside another (text box):
                        // end the outer line so texts do not run together.
                        b"p" => push_paragraph(&mut paragraphs, &mut current),
                        b"t" => in_text = true,
                        _ => {}
                    }
                }
            }
            Event::Empty(e) if fallback_depth == 0 && in_wordml => match e.local_name().as_ref() {
                b"tab" => current.push('\t'),
                b"br" | b"cr" => current.push('\n'),
                b"noBreakHyphen" => current.push('-'),
                _ => {}
            },
            Event::End(e) => {
                let local = e.local_name();
                if is_fallback && local.as_ref() == b"Fallback" {
                    fallback_depth = fallback_depth.saturating_sub(1);
                } else if fallback_depth == 0 && in_wordml {
                    match local.as_ref() {
                        b"p" => push_paragraph(&mut paragraphs, &mut current),
                        b"t" => in_text = false,
                        _ => {}
                    }
                }
            }
            Event::Text(t) if in_text && fallback_depth == 0 => {
                let text = t.unescape().map_err(|e| xml_error(e, pos))?;
                current.push_str(&text);
            }
            Event::CData(t) if in_text && fallback_depth == 0 => {
                current.push_str(&String::from_utf8_lossy(&t));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    push_paragraph(&mut paragraphs, &mut current);
    Ok(paragraphs)
}

fn push_paragraph(paragraphs: &mut Vec<String>, current: &mut String) {
    if !current.trim().is_empty() {
        paragraphs.push(std::mem::take(current));
    }
    current.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
                     xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" \
                     xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"";

    #[test]
    fn runs_tabs_breaks_and_entities() {
        let xml = format!(
            "<w:document {W}><w:body><w:p><w:r><w:t>产业</w:t></w:r><w:r><w:t xml:space=\"preserve\">协同 &amp; </w:t>\
             <w:tab/><w:t>发展</w:t><w:br/><w:t>第二行</w:t></w:r></w:p><w:p/><w:p><w:r><w:delText>删除</w:delText>\
             <w:t>保留</w:t></w:r></w:p></w:body></w:document>"
        );
        let paragraphs = paragraphs(&xml).map_err(|e| e.to_string());
        assert_eq!(
            paragraphs,
            Ok(vec![
                "产业协同 & \t发展\n第二行".to_string(),
                "保留".to_string()
            ])
        );
    }

    #[test]
    fn drawing_paragraphs_and_fallbacks_are_ignored() {
        let xml = format!(
            "<w:document {W}><w:body><w:p><w:r><w:t>正文</w:t></w:r>\
             <mc:AlternateContent><mc:Choice><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></mc:Choice>\
             <mc:Fallback><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent>\
             <a:p><a:r><a:t>图表</a:t></a:r></a:p></w:p></w:body></w:document>"
        );
        let paragraphs = paragraphs(&xml).map_err(|e| e.to_string());
        assert_eq!(
            paragraphs,
            Ok(vec!["正文".to_string(), "文本框".to_string()])
        );
    }

    #[test]
    fn malformed_xml_is_an_error() {
        let xml = format!("<w:document {W}><w:body><w:p><w:t>x</w:p></w:body></w:document>");
        assert!(matches!(paragraphs(&xml), Err(SkipReason::DocxXml { .. })));
    }
}
