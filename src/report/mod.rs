//! Reports: everything xietong writes for people (text) and programs (JSON), and the one
//! place that writes output files (atomically, never over an input).

pub mod json;
pub mod text;

use std::io::Write;
use std::path::Path;

use crate::{Error, Result};

/// Output format chosen with `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// A readable terminal report.
    Text,
    /// The documented JSON schema.
    Json,
}

/// Writes `bytes` to `path` atomically: into a temporary file in the same folder, then
/// renamed over the target, so an interrupted run leaves any previous file intact.
///
/// Refuses to write over any of `inputs` (files the run read).
pub fn write_atomic(path: &Path, bytes: &[u8], inputs: &[String]) -> Result<()> {
    let shown = path.display().to_string();
    let err = |source| Error::Write {
        path: shown.clone(),
        source,
    };
    if let Ok(target) = path.canonicalize() {
        let clash = inputs
            .iter()
            .filter_map(|i| Path::new(i).canonicalize().ok())
            .any(|i| target == i || target.starts_with(&i) && i.is_dir());
        if clash {
            return Err(Error::Config {
                option: "--out",
                message: format!("{shown} is one of the inputs; refusing to overwrite it"),
            });
        }
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(err)?;
    // Temporary files are private; the output should get the permissions of the file it
    // replaces, or ordinary ones.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode());
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(mode)).map_err(err)?;
    }
    tmp.write_all(bytes).map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_refuses_inputs() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let out = dir.path().join("report.json");
        std::fs::write(&out, "old")?;
        let res = write_atomic(&out, b"new", &[]);
        assert!(res.is_ok());
        assert_eq!(std::fs::read_to_string(&out)?, "new");
        let input = dir.path().join("input.txt");
        std::fs::write(&input, "原文")?;
        let inputs = [input.display().to_string()];
        assert!(write_atomic(&input, b"x", &inputs).is_err());
        assert_eq!(std::fs::read_to_string(&input)?, "原文");
        Ok(())
    }
}
