//! Input ingestion: turns the user's input arguments (files, folders, `-`
//! for standard input) into decoded, normalised text [`Source`]s. It never
//! modifies inputs and never panics on their content; per-file problems
//! become [`Warning`]s and only a missing top-level path, unreadable stdin,
//! bad options or "nothing readable at all" fail the run.
//!
//! Every source text uses `\n` line endings, has no BOM and no NUL, and a
//! text file keeps its line structure exactly (line N of `text` is line N
//! of the file). HTML and .docx sources are rendered one block/paragraph per
//! line with a blank line between blocks.

mod decode;
mod docx;
mod docx_headings;
mod docx_numbering;
mod error;
mod format;
mod furniture;
mod html;
mod html_title;
mod main_content;
mod read;
mod walk;
mod wordml;

#[cfg(test)]
pub(crate) mod fixtures;
#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::io::Read;

use crate::progress::ProgressHandle;

pub use decode::decode_bytes;
pub use error::{IngestError, SkipReason, Warning};
pub use format::Format;
pub use html::html_to_text;

/// One decoded input document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The path as the user gave it or joined onto a given folder
    /// (`seeds/000_x.txt`); `<stdin>` for `-`.
    pub path: String,
    /// The reader that produced `text`.
    pub format: Format,
    /// Encoding of the bytes: "UTF-8", "UTF-8 BOM", "UTF-16LE", "UTF-16BE",
    /// "GB18030", or a charset an HTML page declared ("GBK", ...).
    pub encoding: &'static str,
    /// Normalised text (`\n` line endings, no BOM, no NUL).
    pub text: String,
}

/// Limits applied while reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOptions {
    /// Files (and stdin) larger than this are skipped. Default 256 MiB.
    pub max_file_bytes: u64,
    /// A .docx whose `word/document.xml` unpacks past this is refused.
    /// Default 64 MiB.
    pub max_docx_xml_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        Self {
            max_file_bytes: 256 * 1024 * 1024,
            max_docx_xml_bytes: 64 * 1024 * 1024,
        }
    }
}

impl ReadOptions {
    /// Checks each rule: both limits must be positive.
    pub fn validate(&self) -> Result<(), IngestError> {
        if self.max_file_bytes == 0 {
            return Err(IngestError::InvalidOption {
                option: "max_file_bytes",
                reason: "must be greater than 0",
            });
        }
        if self.max_docx_xml_bytes == 0 {
            return Err(IngestError::InvalidOption {
                option: "max_docx_xml_bytes",
                reason: "must be greater than 0",
            });
        }
        Ok(())
    }
}

/// Everything read, in input order (folders in sorted path order).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loaded {
    /// The sources that could be read.
    pub sources: Vec<Source>,
    /// Non-fatal problems, in the order met.
    pub warnings: Vec<Warning>,
}

/// Reads every input; `-` reads this process's standard input.
pub fn read_inputs(inputs: &[String], opts: &ReadOptions) -> Result<Loaded, IngestError> {
    read_inputs_from(inputs, opts, std::io::stdin().lock())
}

/// Like [`read_inputs`], with `stdin` standing for `-` (for tests and
/// embedding).
pub fn read_inputs_from(
    inputs: &[String],
    opts: &ReadOptions,
    stdin: impl Read,
) -> Result<Loaded, IngestError> {
    read_inputs_reporting(inputs, opts, stdin, &ProgressHandle::default())
}

/// Like [`read_inputs_from`], telling `progress` how many entries the inputs expand to and
/// advancing it by one per entry (read or skipped).
pub fn read_inputs_reporting(
    inputs: &[String],
    opts: &ReadOptions,
    mut stdin: impl Read,
    progress: &ProgressHandle,
) -> Result<Loaded, IngestError> {
    opts.validate()?;
    if inputs.is_empty() {
        return Err(IngestError::NoInputs);
    }
    let mut warnings = Vec::new();
    let entries = walk::expand(inputs, &mut warnings)?;
    progress.set_total(entries.len());
    let mut sources = Vec::new();
    let mut seen_files: HashMap<std::path::PathBuf, String> = HashMap::new();
    let mut stdin_read = false;
    for entry in entries {
        progress.advance(1);
        match entry {
            walk::Entry::Stdin if stdin_read => {
                warnings.push(skip_warning(read::STDIN_PATH, SkipReason::StdinRepeated));
            }
            walk::Entry::Stdin => {
                stdin_read = true;
                match read::read_stdin(&mut stdin, opts, &mut warnings) {
                    Ok(source) => sources.push(source),
                    Err(SkipReason::Io { source }) => return Err(IngestError::Stdin { source }),
                    Err(reason) => warnings.push(skip_warning(read::STDIN_PATH, reason)),
                }
            }
            walk::Entry::File { display, path } => {
                if let Ok(identity) = read::file_identity(&path) {
                    if let Some(first) = seen_files.get(&identity) {
                        let reason = SkipReason::Duplicate {
                            first: first.clone(),
                        };
                        warnings.push(skip_warning(&display, reason));
                        continue;
                    }
                    seen_files.insert(identity, display.clone());
                }
                match read::read_file(&display, &path, opts, &mut warnings) {
                    Ok(source) => sources.push(source),
                    Err(reason) => warnings.push(skip_warning(&display, reason)),
                }
            }
        }
    }
    if sources.is_empty() {
        return Err(IngestError::NoSources { warnings });
    }
    Ok(Loaded { sources, warnings })
}

fn skip_warning(path: &str, reason: SkipReason) -> Warning {
    Warning::new(path, reason.to_string())
}
