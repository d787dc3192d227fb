//! Reading one entry (file or standard input) into a [`Source`]: size cap,
//! format dispatch, and the warnings that reading can add.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use super::decode::{decode, Decoded};
use super::error::SkipReason;
use super::format::{kind_from_extension, kind_from_magic, Format, Kind};
use super::{docx, html, ReadOptions, Source, Warning};

/// Path shown for standard input.
pub(crate) const STDIN_PATH: &str = "<stdin>";

/// Reads at most `limit` bytes; more than that is [`SkipReason::TooLarge`].
/// The cap is applied while reading (not only from metadata) because files
/// grow and special files report no size.
pub(crate) fn read_capped(reader: impl Read, limit: u64) -> Result<Vec<u8>, SkipReason> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|source| SkipReason::Io { source })?;
    if bytes.len() as u64 > limit {
        return Err(SkipReason::TooLarge { limit });
    }
    Ok(bytes)
}

/// Reads the file at `path` (shown as `display`).
pub(crate) fn read_file(
    display: &str,
    path: &Path,
    opts: &ReadOptions,
    warnings: &mut Vec<Warning>,
) -> Result<Source, SkipReason> {
    let kind = kind_from_extension(path);
    if let Kind::Unsupported(format) = kind {
        return Err(SkipReason::Unsupported { format });
    }
    let file = File::open(path).map_err(|source| SkipReason::Io { source })?;
    let declared = file
        .metadata()
        .map_err(|source| SkipReason::Io { source })?
        .len();
    if declared > opts.max_file_bytes {
        return Err(SkipReason::TooLarge {
            limit: opts.max_file_bytes,
        });
    }
    let bytes = read_capped(file, opts.max_file_bytes)?;
    from_bytes(display, kind, &bytes, opts, warnings)
}

/// Reads standard input; the format is sniffed from the content.
pub(crate) fn read_stdin(
    stdin: impl Read,
    opts: &ReadOptions,
    warnings: &mut Vec<Warning>,
) -> Result<Source, SkipReason> {
    let bytes = read_capped(stdin, opts.max_file_bytes)?;
    from_bytes(STDIN_PATH, Kind::Unknown, &bytes, opts, warnings)
}

fn from_bytes(
    display: &str,
    kind: Kind,
    bytes: &[u8],
    opts: &ReadOptions,
    warnings: &mut Vec<Warning>,
) -> Result<Source, SkipReason> {
    let kind = match kind {
        Kind::Unknown => kind_from_magic(bytes),
        known => known,
    };
    let (format, decoded) = match kind {
        Kind::Unsupported(format) => return Err(SkipReason::Unsupported { format }),
        Kind::Readable(Format::Html) => (Format::Html, html::extract(bytes)?),
        Kind::Readable(Format::Docx) => {
            (Format::Docx, docx::extract(bytes, opts.max_docx_xml_bytes)?)
        }
        Kind::Readable(format) => (format, decode(bytes)?),
        Kind::Unknown => (Format::Text, decode(bytes)?),
    };
    let Decoded {
        text,
        encoding,
        replaced,
    } = decoded;
    if text.trim().is_empty() {
        return Err(SkipReason::NoText);
    }
    if replaced > 0 {
        warnings.push(Warning::new(
            display,
            format!("{replaced} malformed byte sequence(s) in {encoding} replaced by U+FFFD"),
        ));
    }
    Ok(Source {
        path: display.to_string(),
        format,
        encoding,
        text,
    })
}

/// Identity of a file for de-duplication (same file via symlink or twice
/// on the command line).
pub(crate) fn file_identity(path: &Path) -> io::Result<std::path::PathBuf> {
    std::fs::canonicalize(path)
}
