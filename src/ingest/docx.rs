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
use super::docx_headings::{mark_headings, HeadingStyles, Outline};
use super::docx_numbering::{Numbering, OwnNumPr};
use super::error::SkipReason;
use super::wordml::{attr, attr_u32, WORDML_NS};
use crate::numbering::block_marker;
const MARKUP_COMPAT_NS: &[u8] = b"http://schemas.openxmlformats.org/markup-compatibility/2006";
const DOCUMENT_XML: &str = "word/document.xml";
const NUMBERING_XML: &str = "word/numbering.xml";
const STYLES_XML: &str = "word/styles.xml";

/// Reads the paragraphs of a .docx held in `bytes`, refusing a
/// `word/document.xml` larger than `max_xml_bytes` once unpacked.
pub(crate) fn extract(bytes: &[u8], max_xml_bytes: u64) -> Result<Decoded, SkipReason> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(corrupt)?;
    let xml = match read_part(&mut archive, DOCUMENT_XML, max_xml_bytes)? {
        Some(xml) => xml,
        None => return Err(SkipReason::DocxMissingDocument),
    };
    // List numbering only restores markers: a damaged or oversized numbering or styles part
    // costs them, never the document's text.
    // Heading styles likewise only restore markers.
    let styles = read_part(&mut archive, STYLES_XML, max_xml_bytes).unwrap_or(None);
    let mut numbering = match read_part(&mut archive, NUMBERING_XML, max_xml_bytes) {
        Ok(Some(numbering)) => Numbering::parse(&numbering, styles.as_deref()).unwrap_or_default(),
        _ => Numbering::default(),
    };
    let headings = styles
        .as_deref()
        .and_then(|s| HeadingStyles::parse(s).ok())
        .unwrap_or_default();
    let (mut paragraphs, outline) = numbered_paragraphs(&xml, &mut numbering, &headings)?;
    mark_headings(&mut paragraphs, &outline);
    Ok(Decoded {
        text: normalise(&paragraphs.join("\n\n")),
        encoding: "UTF-8",
        replaced: 0,
    })
}

fn corrupt(e: ZipError) -> SkipReason {
    SkipReason::DocxCorrupt {
        detail: e.to_string(),
    }
}

/// The text of the part `name` of the package, `None` when it has no such part.
fn read_part(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    name: &str,
    max_xml_bytes: u64,
) -> Result<Option<String>, SkipReason> {
    let entry = match archive.by_name(name) {
        Ok(entry) => entry,
        Err(ZipError::FileNotFound) => return Ok(None),
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
            detail: format!("{name}: {e}"),
        })?;
    if xml.len() as u64 > max_xml_bytes {
        return Err(too_large);
    }
    String::from_utf8(xml)
        .map(Some)
        .map_err(|e| SkipReason::DocxXml {
            detail: format!("{name}: not UTF-8: {e}"),
        })
}

/// The text of every non-empty `<w:p>` in document order, list numbering left out.
#[cfg(test)]
pub(crate) fn paragraphs(xml: &str) -> Result<Vec<String>, SkipReason> {
    numbered_paragraphs(xml, &mut Numbering::default(), &HeadingStyles::default()).map(|p| p.0)
}

/// What a paragraph's properties say about its list numbering.
#[derive(Default)]
struct ListProps {
    style: Option<String>,
    own: Option<OwnNumPr>,
    /// The paragraph's own `w:outlineLvl`.
    outline: Option<u32>,
}

/// Where paragraphs are collected: their text and what Word says of their outline.
struct Collected<'a> {
    paragraphs: Vec<String>,
    outline: Vec<Outline>,
    numbering: &'a mut Numbering,
    headings: &'a HeadingStyles,
}

/// [`paragraphs`], each numbered paragraph led by the marker Word would show (`一、`), with
/// the outline of each.
fn numbered_paragraphs(
    xml: &str,
    numbering: &mut Numbering,
    headings: &HeadingStyles,
) -> Result<(Vec<String>, Vec<Outline>), SkipReason> {
    let mut reader = NsReader::from_str(xml);
    let mut out = Collected {
        paragraphs: Vec::new(),
        outline: Vec::new(),
        numbering,
        headings,
    };
    let mut current = String::new();
    let mut props = ListProps::default();
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
                        b"p" => {
                            let p = std::mem::take(&mut props);
                            push_numbered(&mut out, &mut current, p);
                        }
                        b"t" => in_text = true,
                        b"numPr" => props.own = Some(OwnNumPr::default()),
                        _ => {}
                    }
                }
            }
            Event::Empty(e) if fallback_depth == 0 && in_wordml => match e.local_name().as_ref() {
                b"tab" => current.push('\t'),
                b"br" | b"cr" => current.push('\n'),
                b"noBreakHyphen" => current.push('-'),
                b"pStyle" => props.style = attr(&e, b"val"),
                b"outlineLvl" => props.outline = attr_u32(&e, b"val"),
                b"numId" => {
                    if let Some(own) = props.own.as_mut() {
                        own.num_id = Some(attr_u32(&e, b"val").unwrap_or(0));
                    }
                }
                b"ilvl" => {
                    if let Some(own) = props.own.as_mut() {
                        own.level = Some(attr_u32(&e, b"val").unwrap_or(0).min(8) as u8);
                    }
                }
                _ => {}
            },
            Event::End(e) => {
                let local = e.local_name();
                if is_fallback && local.as_ref() == b"Fallback" {
                    fallback_depth = fallback_depth.saturating_sub(1);
                } else if fallback_depth == 0 && in_wordml {
                    match local.as_ref() {
                        b"p" => {
                            let p = std::mem::take(&mut props);
                            push_numbered(&mut out, &mut current, p);
                        }
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
    let last = std::mem::take(&mut props);
    push_numbered(&mut out, &mut current, last);
    Ok((out.paragraphs, out.outline))
}

/// Ends a paragraph: counts it in its list (Word numbers empty list paragraphs too) and keeps
/// it, led by its marker, when it has text.
fn push_numbered(out: &mut Collected, current: &mut String, props: ListProps) {
    let marker = out
        .numbering
        .resolve(props.own, props.style.as_deref())
        .and_then(|r| out.numbering.next_marker(r));
    if !current.trim().is_empty() {
        let mut list_marker = 0;
        // A paragraph that types its own number (`5.1　范围` under a list that also numbers
        // it) shows one: what it typed.
        if let Some(marker) = marker.filter(|_| block_marker(current.trim_start()).is_none()) {
            current.insert_str(0, &marker);
            list_marker = marker.len();
        }
        out.paragraphs.push(std::mem::take(current));
        out.outline.push(Outline {
            level: out.headings.level(props.outline, props.style.as_deref()),
            list_marker,
        });
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
