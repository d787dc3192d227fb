//! Expands the user's inputs into the list of files to read: folders are
//! walked recursively (hidden entries skipped, symlink loops cut by
//! remembering canonical folders), and each folder's files are sorted by
//! path bytes so runs are deterministic.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::error::{IngestError, SkipReason, Warning};

/// One thing to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Entry {
    /// Standard input (`-`).
    Stdin,
    /// A file; `display` is the path as shown to the user.
    File {
        /// Path shown in sources and warnings.
        display: String,
        /// Path to open.
        path: PathBuf,
    },
}

/// Expands `inputs` in order. A missing top-level path is an error; every
/// other problem becomes a warning.
pub(crate) fn expand(
    inputs: &[String],
    warnings: &mut Vec<Warning>,
) -> Result<Vec<Entry>, IngestError> {
    let mut entries = Vec::new();
    let mut visited_dirs = HashSet::new();
    for input in inputs {
        if input == "-" {
            entries.push(Entry::Stdin);
            continue;
        }
        let path = PathBuf::from(input);
        match fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => {
                walk_dir(input, &path, &mut visited_dirs, &mut entries, warnings);
            }
            Ok(_) => entries.push(Entry::File {
                display: input.clone(),
                path,
            }),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(IngestError::NotFound {
                    path: input.clone(),
                })
            }
            Err(source) => warnings.push(warn(input, SkipReason::Io { source })),
        }
    }
    Ok(entries)
}

fn warn(path: &str, reason: SkipReason) -> Warning {
    Warning::new(path, reason.to_string())
}

/// Depth-first walk with an explicit stack (no recursion limit issues).
fn walk_dir(
    display: &str,
    root: &Path,
    visited: &mut HashSet<PathBuf>,
    entries: &mut Vec<Entry>,
    warnings: &mut Vec<Warning>,
) {
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    let mut stack: Vec<(String, PathBuf)> = Vec::new();
    match fs::canonicalize(root).map(|canonical| visited.insert(canonical)) {
        Ok(false) => {
            warnings.push(warn(display, SkipReason::FolderRepeated));
            return;
        }
        Ok(true) => stack.push((display.to_string(), root.to_path_buf())),
        Err(source) => {
            warnings.push(warn(display, SkipReason::FolderIo { source }));
            return;
        }
    }
    while let Some((dir_display, dir)) = stack.pop() {
        let listing = match fs::read_dir(&dir) {
            Ok(listing) => listing,
            Err(source) => {
                warnings.push(warn(&dir_display, SkipReason::FolderIo { source }));
                continue;
            }
        };
        let mut children: Vec<(Vec<u8>, PathBuf, String)> = Vec::new();
        for item in listing {
            let item = match item {
                Ok(item) => item,
                Err(source) => {
                    warnings.push(warn(&dir_display, SkipReason::FolderIo { source }));
                    continue;
                }
            };
            let name = item.file_name();
            if name.as_encoded_bytes().starts_with(b".") {
                continue;
            }
            let path = dir.join(&name);
            let shown = Path::new(&dir_display).join(&name);
            children.push((
                name.as_encoded_bytes().to_vec(),
                path,
                shown.to_string_lossy().into_owned(),
            ));
        }
        children.sort();
        let mut subdirs = Vec::new();
        for (_, path, shown) in children {
            // fs::metadata follows symlinks, so linked folders are walked too.
            match fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => {
                    match fs::canonicalize(&path).map(|c| visited.insert(c)) {
                        Ok(true) => subdirs.push((shown, path)),
                        Ok(false) => warnings.push(warn(&shown, SkipReason::FolderRepeated)),
                        Err(source) => warnings.push(warn(&shown, SkipReason::FolderIo { source })),
                    }
                }
                Ok(meta) if meta.is_file() => files.push((shown, path)),
                Ok(_) => warnings.push(warn(&shown, SkipReason::NotRegular)),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    warnings.push(warn(&shown, SkipReason::BrokenSymlink));
                }
                Err(source) => warnings.push(warn(&shown, SkipReason::Io { source })),
            }
        }
        // Reversed so the stack pops sub-folders in sorted order.
        stack.extend(subdirs.into_iter().rev());
    }
    files.sort_by(|a, b| {
        a.0.as_bytes()
            .cmp(b.0.as_bytes())
            .then_with(|| a.1.cmp(&b.1))
    });
    entries.extend(
        files
            .into_iter()
            .map(|(display, path)| Entry::File { display, path }),
    );
}
