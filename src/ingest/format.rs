//! Which reader a file goes to: by extension (case-insensitive), and for
//! unknown extensions or standard input by the leading "magic" bytes.

use std::path::Path;

/// The kind of document a source was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain text (.txt, .text, unknown extensions that decode as text, stdin).
    Text,
    /// Markdown (.md, .markdown, ...), kept as text.
    Markdown,
    /// HTML (.html, .htm, .xhtml, .shtml); the main article is extracted.
    Html,
    /// Word 2007+ (.docx, .docm); paragraphs of word/document.xml.
    Docx,
}

impl Format {
    /// The lower-case name used in output (`text`, `markdown`, `html`, `docx`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Docx => "docx",
        }
    }
}

/// What the extension or the magic bytes say about a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A format this module reads.
    Readable(Format),
    /// A known binary format; the name is for the warning.
    Unsupported(&'static str),
    /// Unknown: read as text if it decodes as text.
    Unknown,
}

/// Classifies a path by its extension.
pub(crate) fn kind_from_extension(path: &Path) -> Kind {
    let Some(ext) = path.extension().and_then(|e| e.to_str()) else {
        return Kind::Unknown;
    };
    let ext = ext.to_ascii_lowercase();
    match ext.as_str() {
        "txt" | "text" => Kind::Readable(Format::Text),
        "md" | "markdown" | "mdown" | "mkd" => Kind::Readable(Format::Markdown),
        "html" | "htm" | "xhtml" | "shtml" => Kind::Readable(Format::Html),
        "docx" | "docm" => Kind::Readable(Format::Docx),
        other => unsupported_extension(other).map_or(Kind::Unknown, Kind::Unsupported),
    }
}

fn unsupported_extension(ext: &str) -> Option<&'static str> {
    Some(match ext {
        "pdf" => "PDF",
        "doc" | "dot" => "Word 97-2003 (.doc)",
        "wps" => "WPS document (.wps)",
        "rtf" => "RTF",
        "odt" | "ods" | "odp" => "OpenDocument",
        "xls" | "xlsx" | "xlsm" | "et" => "Spreadsheet",
        "ppt" | "pptx" | "dps" => "Presentation",
        "epub" | "mobi" => "E-book",
        "ofd" => "OFD",
        "png" | "jpg" | "jpeg" | "gif" | "bmp" | "tif" | "tiff" | "webp" | "ico" | "heic" => {
            "Image"
        }
        "zip" | "gz" | "tgz" | "bz2" | "xz" | "7z" | "rar" | "tar" | "zst" => "Archive",
        "mp3" | "wav" | "flac" | "ogg" | "m4a" | "mp4" | "avi" | "mov" | "mkv" | "webm" => {
            "Audio/video"
        }
        "exe" | "dll" | "so" | "dylib" | "o" | "a" | "class" | "jar" | "wasm" | "bin" => {
            "Executable/binary"
        }
        "ttf" | "otf" | "woff" | "woff2" => "Font",
        "sqlite" | "db" => "Database",
        _ => return None,
    })
}

/// Classifies content with no usable extension by its first bytes.
pub(crate) fn kind_from_magic(bytes: &[u8]) -> Kind {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF-", "PDF"),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "Word 97-2003 (.doc) or other OLE",
        ),
        (b"\x89PNG", "Image"),
        (b"\xFF\xD8\xFF", "Image"),
        (b"GIF8", "Image"),
        (b"\x1F\x8B", "Archive"),
        (b"7z\xBC\xAF", "Archive"),
        (b"Rar!", "Archive"),
        (b"\x7FELF", "Executable/binary"),
    ];
    if bytes.starts_with(b"PK\x03\x04") {
        return if zip_holds_word_document(bytes) {
            Kind::Readable(Format::Docx)
        } else {
            Kind::Unsupported("Zip archive")
        };
    }
    if let Some((_, name)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Kind::Unsupported(name);
    }
    if looks_like_html(bytes) {
        return Kind::Readable(Format::Html);
    }
    Kind::Unknown
}

/// Zip local headers store entry names in clear text; a .docx always has
/// `word/document.xml`, so finding the name in the first 64 KiB is enough.
fn zip_holds_word_document(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    head.windows(b"word/".len()).any(|w| w == b"word/")
}

/// HTML sniffing for standard input: the first non-blank bytes open a
/// doctype or an `<html>` element.
fn looks_like_html(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let head: Vec<u8> = bytes[start..bytes.len().min(start + 15)]
        .to_ascii_lowercase()
        .into_iter()
        .collect();
    head.starts_with(b"<!doctype html") || head.starts_with(b"<html")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_are_case_insensitive() {
        assert_eq!(
            kind_from_extension(Path::new("a/B.HTM")),
            Kind::Readable(Format::Html)
        );
        assert_eq!(
            kind_from_extension(Path::new("x.Markdown")),
            Kind::Readable(Format::Markdown)
        );
        assert_eq!(
            kind_from_extension(Path::new("r.PDF")),
            Kind::Unsupported("PDF")
        );
        assert_eq!(kind_from_extension(Path::new("notes.log")), Kind::Unknown);
        assert_eq!(kind_from_extension(Path::new("README")), Kind::Unknown);
    }

    #[test]
    fn magic_bytes_name_the_format() {
        assert_eq!(kind_from_magic(b"%PDF-1.7\n"), Kind::Unsupported("PDF"));
        assert_eq!(
            kind_from_magic(b"  <!DOCTYPE html><p>x"),
            Kind::Readable(Format::Html)
        );
        assert_eq!(kind_from_magic("政策文本".as_bytes()), Kind::Unknown);
    }
}
