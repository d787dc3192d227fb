//! WordprocessingML names and attribute helpers shared by the .docx readers (the body in
//! `docx`, list numbering and styles in `docx_numbering`), so neither reader depends on the
//! other for them.

use quick_xml::events::BytesStart;

/// The WordprocessingML namespace: transitional (what Word writes) and strict.
pub(crate) const WORDML_NS: &[&[u8]] = &[
    b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    b"http://purl.oclc.org/ooxml/wordprocessingml/main",
];

/// The value of the attribute with local name `key` (`w:val`), unescaped.
pub(crate) fn attr(e: &BytesStart, key: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == key)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

/// [`attr`] read as an unsigned number (`w:ilvl`, `w:numId`).
pub(crate) fn attr_u32(e: &BytesStart, key: &[u8]) -> Option<u32> {
    attr(e, key).and_then(|v| v.trim().parse().ok())
}
