//! Errors of the ingest module: the fatal [`IngestError`] and the per-file
//! [`SkipReason`] that read_inputs turns into a warning instead of failing.

use std::fmt;
use std::io;

/// A non-fatal problem with one input: the file was skipped or read with a caveat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The path as shown to the user (as given, or joined onto a given folder).
    pub path: String,
    /// What went wrong, without the path.
    pub message: String,
}

impl Warning {
    /// Builds a warning about `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Why one file was not turned into a source. Inside a run these become
/// [`Warning`]s; [`crate::ingest::decode_bytes`] returns them wrapped in
/// [`IngestError::Skipped`].
#[derive(Debug, thiserror::Error)]
pub enum SkipReason {
    /// NUL bytes or mostly control characters.
    #[error("not a text file (binary content)")]
    Binary,
    /// Neither UTF-8, UTF-16 nor GB18030 decodes the bytes cleanly enough.
    #[error(
        "not a text file (bytes decode neither as UTF-8 nor as GB18030; {replaced} of {chars} characters would be replaced)"
    )]
    Undecodable {
        /// Replacement characters the best decoding produced.
        replaced: usize,
        /// Characters the best decoding produced.
        chars: usize,
    },
    /// UTF-32 text (recognised by its byte order mark) is not decoded.
    #[error("UTF-32 text is not supported; convert it to UTF-8 first")]
    Utf32,
    /// A known binary or container format other than .docx.
    #[error("{format} is not supported; extract its text first")]
    Unsupported {
        /// Human name of the format, e.g. "PDF".
        format: &'static str,
    },
    /// The file is larger than `max_file_bytes`.
    #[error("file is larger than {limit} bytes (option max_file_bytes); skipped")]
    TooLarge {
        /// The limit in force.
        limit: u64,
    },
    /// Opening or reading failed (permissions, I/O error).
    #[error("cannot read: {source}")]
    Io {
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// A folder could not be listed.
    #[error("cannot read folder: {source}")]
    FolderIo {
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// A symbolic link whose target does not exist.
    #[error("broken symbolic link; skipped")]
    BrokenSymlink,
    /// FIFOs, sockets and devices inside folders are never read (they may block).
    #[error("not a regular file; skipped")]
    NotRegular,
    /// A folder reached a second time (symlink loop or repeated input).
    #[error("folder already read (symlink loop or repeated input); skipped")]
    FolderRepeated,
    /// The same file reached a second time (symlink or repeated input).
    #[error("same file as {first}; read once")]
    Duplicate {
        /// The path under which the file was read.
        first: String,
    },
    /// `-` given more than once.
    #[error("standard input was already read; skipped")]
    StdinRepeated,
    /// The zip container of a .docx is unreadable.
    #[error("not a readable .docx (corrupt zip: {detail})")]
    DocxCorrupt {
        /// What the zip reader said.
        detail: String,
    },
    /// The .docx has no `word/document.xml`.
    #[error("not a readable .docx (word/document.xml is missing)")]
    DocxMissingDocument,
    /// `word/document.xml` unpacks past `max_docx_xml_bytes` (zip bomb guard).
    #[error(
        "word/document.xml unpacks to more than {limit} bytes (option max_docx_xml_bytes); refused"
    )]
    DocxXmlTooLarge {
        /// The limit in force.
        limit: u64,
    },
    /// `word/document.xml` is not well-formed XML.
    #[error("not a readable .docx (word/document.xml: {detail})")]
    DocxXml {
        /// What the XML reader said.
        detail: String,
    },
    /// Decoding worked but nothing but whitespace is left.
    #[error("contains no text; skipped")]
    NoText,
}

/// Fatal errors of [`crate::ingest::read_inputs`] and errors of
/// [`crate::ingest::decode_bytes`].
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// A top-level input path does not exist.
    #[error("{path}: no such file or folder")]
    NotFound {
        /// The input as given.
        path: String,
    },
    /// The input list is empty.
    #[error("no input given")]
    NoInputs,
    /// Reading standard input (`-`) failed.
    #[error("<stdin>: cannot read standard input: {source}")]
    Stdin {
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// Every input was skipped; the warnings say why.
    #[error("no text source could be read from the inputs ({} skipped, see warnings)", warnings.len())]
    NoSources {
        /// Why each input was skipped.
        warnings: Vec<Warning>,
    },
    /// One file could not be used (returned by `decode_bytes`).
    #[error("{path}: {reason}")]
    Skipped {
        /// The file.
        path: String,
        /// Why.
        reason: SkipReason,
    },
    /// A [`crate::ingest::ReadOptions`] field breaks a rule.
    #[error("option {option}: {reason}")]
    InvalidOption {
        /// The field name.
        option: &'static str,
        /// The rule it breaks.
        reason: &'static str,
    },
}
