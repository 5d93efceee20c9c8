//! Putting an export on disk without harm: a folder gets a file name, an
//! existing file is kept unless replacing it was asked for, and the bytes
//! go to a temporary file beside the target that is renamed into place
//! only when complete, so a failed or cancelled export leaves nothing.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{ExportError, ExportResult, Format};

/// Longest notebook-derived file name stem, in characters: long enough
/// for any real name, short of every file system's 255-byte limit even in
/// four-byte characters with the suffix.
const MAX_STEM_CHARS: usize = 48;

/// A file name stem from a notebook's name that cannot leave the folder
/// or hide: path separators, dots at the start and control characters go.
#[must_use]
pub fn safe_stem(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ' ') {
                c
            } else {
                '-'
            }
        })
        .take(MAX_STEM_CHARS)
        .collect();
    let trimmed = cleaned.trim_matches(|c: char| c == '.' || c == ' ' || c == '-');
    if trimmed.is_empty() {
        "annals".to_owned()
    } else {
        trimmed.replace(' ', "-")
    }
}

/// Where an export to `path` goes: `path` itself, or inside it when it is
/// a folder (named after the notebook and the format).
#[must_use]
pub fn target_path(path: &Path, format: Format, notebook_name: &str) -> PathBuf {
    if path.is_dir() {
        path.join(format!(
            "{}{}",
            safe_stem(notebook_name),
            format.file_suffix()
        ))
    } else {
        path.to_owned()
    }
}

/// Checks that an export may be written to `target`, before any work.
///
/// # Errors
/// [`ExportError::Exists`] when it exists and `force` is false (a dangling
/// link counts as existing); [`ExportError::Invalid`] when its folder does
/// not exist or it is a folder.
pub fn check_target(target: &Path, force: bool) -> ExportResult<()> {
    let folder = folder_of(target);
    if !folder.is_dir() {
        return Err(ExportError::Invalid(format!(
            "the folder {} does not exist",
            folder.display()
        )));
    }
    if target.file_name().is_none() {
        return Err(ExportError::Invalid(format!(
            "{} is not a file name",
            target.display()
        )));
    }
    match std::fs::symlink_metadata(target) {
        Ok(meta) if meta.is_dir() => Err(ExportError::Invalid(format!(
            "{} is a folder",
            target.display()
        ))),
        Ok(_) if !force => Err(ExportError::Exists(target.to_owned())),
        _ => Ok(()),
    }
}

fn folder_of(target: &Path) -> &Path {
    target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Writes a new file at `target` with `write`, complete or not at all.
///
/// The bytes go to a temporary file in the same folder, are synced, and the
/// file is renamed onto `target`; without `force` the rename refuses to
/// replace a file that appeared meanwhile. On any error, or when `write`
/// fails (a cancelled export), the temporary file is removed.
///
/// # Errors
/// See [`check_target`]; I/O errors; whatever `write` returns.
pub fn write_new(
    target: &Path,
    force: bool,
    write: impl FnOnce(&mut dyn Write) -> ExportResult<()>,
) -> ExportResult<()> {
    check_target(target, force)?;
    let folder = folder_of(target);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".part");
    // A report is a document to share: the usual permissions, not the
    // owner-only ones of a temporary file (the umask still applies).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder
        .tempfile_in(folder)
        .map_err(ExportError::io(format!(
            "cannot write in {}",
            folder.display()
        )))?;
    {
        let mut buffered = std::io::BufWriter::new(temp.as_file_mut());
        write(&mut buffered)?;
        buffered.flush().map_err(ExportError::io(format!(
            "cannot write {}",
            target.display()
        )))?;
    }
    temp.as_file().sync_all().map_err(ExportError::io(format!(
        "cannot write {}",
        target.display()
    )))?;
    let persisted = if force {
        temp.persist(target)
    } else {
        temp.persist_noclobber(target)
    };
    match persisted {
        Ok(_) => Ok(()),
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(ExportError::Exists(target.to_owned()))
        }
        Err(e) => Err(ExportError::io(format!(
            "cannot write {}",
            target.display()
        ))(e.error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_cannot_escape_the_folder() {
        assert_eq!(safe_stem("../../etc/passwd"), "etc-passwd");
        assert_eq!(safe_stem(".hidden"), "hidden");
        assert_eq!(safe_stem("Putin visit 김정은"), "Putin-visit-김정은");
        assert_eq!(safe_stem("///"), "annals");
        assert_eq!(safe_stem(&"x".repeat(300)).chars().count(), MAX_STEM_CHARS);
    }

    #[test]
    fn nothing_is_left_when_writing_fails() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.md");
        let result = write_new(&target, false, |w| {
            w.write_all(b"half")?;
            Err(ExportError::Cancelled)
        });
        assert!(matches!(result, Err(ExportError::Cancelled)));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn an_existing_file_is_kept_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.md");
        std::fs::write(&target, "mine").unwrap();
        let result = write_new(&target, false, |w| Ok(w.write_all(b"new")?));
        assert!(matches!(result, Err(ExportError::Exists(_))));
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "mine");
        write_new(&target, true, |w| Ok(w.write_all(b"new")?)).unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_folder_gets_a_file_name() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            target_path(dir.path(), Format::Csv, "My notes"),
            dir.path().join("My-notes-events.csv")
        );
        let missing = dir.path().join("nope").join("x.md");
        assert!(check_target(&missing, false).is_err());
    }
}
