//! Files of the export: each written under a temporary name beside its
//! final one (a dot file, which folder walks skip) and renamed when
//! complete, so a failure never leaves half a file under the final name;
//! and the spill file where the root's includes wait. Temporary files are
//! removed when dropped unfinished. Errors name the final file.

use std::fs::{self, File};
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::ExportError;

/// `.NAME.PID.tmp` beside `path`.
fn temporary(path: &Path, what: &str) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.{what}", std::process::id()))
}

/// A file being written; it appears under its name on [`Self::commit`].
pub(crate) struct AtomicFile {
    path: PathBuf,
    temp: PathBuf,
    out: Option<BufWriter<File>>,
}

impl AtomicFile {
    /// Starts writing `path` (its folder is created if absent).
    pub(crate) fn create(path: PathBuf) -> Result<Self, ExportError> {
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| ExportError::io(dir, e))?;
        }
        let temp = temporary(&path, "tmp");
        let file = File::create(&temp).map_err(|e| ExportError::io(&path, e))?;
        Ok(Self {
            path,
            temp,
            out: Some(BufWriter::with_capacity(1 << 16, file)),
        })
    }

    /// Where to write.
    pub(crate) fn writer(&mut self) -> &mut BufWriter<File> {
        self.out.as_mut().expect("open until committed")
    }

    /// An error writing this file, naming it.
    pub(crate) fn error(&self, e: impl std::fmt::Display) -> ExportError {
        ExportError::io(&self.path, e)
    }

    /// Flushes the file and gives it its name.
    pub(crate) fn commit(mut self) -> Result<PathBuf, ExportError> {
        let out = self.out.take().expect("open until committed");
        let file = out.into_inner().map_err(|e| self.error(e.error()))?;
        drop(file);
        fs::rename(&self.temp, &self.path).map_err(|e| self.error(e))?;
        Ok(std::mem::take(&mut self.path))
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.out.take().is_some() {
            let _ = fs::remove_file(&self.temp);
        }
    }
}

/// Lines kept on disk until read back once (the root's includes: the
/// root's header can only be written when every component is).
pub(crate) struct Spill {
    /// The file the lines are for (named in errors).
    for_path: PathBuf,
    path: PathBuf,
    out: Option<BufWriter<File>>,
}

impl Spill {
    /// A spill file beside `for_path`.
    pub(crate) fn create(for_path: &Path) -> Result<Self, ExportError> {
        let path = temporary(for_path, "includes");
        let file = File::create(&path).map_err(|e| ExportError::io(for_path, e))?;
        Ok(Self {
            for_path: for_path.to_path_buf(),
            path,
            out: Some(BufWriter::new(file)),
        })
    }

    /// Adds a line (which must hold no line feed).
    pub(crate) fn push(&mut self, line: &str) -> Result<(), ExportError> {
        let out = self.out.as_mut().expect("written before read");
        writeln!(out, "{line}").map_err(|e| ExportError::io(&self.for_path, e))
    }

    /// The lines, from the start.
    pub(crate) fn reader(&mut self) -> Result<BufReader<File>, ExportError> {
        if let Some(out) = self.out.take() {
            out.into_inner()
                .map_err(|e| ExportError::io(&self.for_path, e.error()))?;
        }
        let file = File::open(&self.path).map_err(|e| ExportError::io(&self.for_path, e))?;
        Ok(BufReader::new(file))
    }
}

impl Drop for Spill {
    fn drop(&mut self) {
        self.out.take();
        let _ = fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::BufRead;

    #[test]
    fn a_file_appears_only_when_committed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/a.xml");
        let mut file = AtomicFile::create(path.clone()).unwrap();
        file.writer().write_all(b"<a/>").unwrap();
        assert!(!path.exists());
        assert_eq!(file.commit().unwrap(), path);
        assert_eq!(fs::read_to_string(&path).unwrap(), "<a/>");

        let other = dir.path().join("sub/b.xml");
        let mut file = AtomicFile::create(other.clone()).unwrap();
        file.writer().write_all(b"half").unwrap();
        let e = file.error("disk full");
        assert!(e.to_string().contains("b.xml"), "{e}");
        drop(file);
        let left: Vec<_> = fs::read_dir(dir.path().join("sub"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, ["a.xml"]);
    }

    #[test]
    fn spilled_lines_read_back_and_vanish() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root.xml");
        let mut spill = Spill::create(&root).unwrap();
        spill.push("a/1.xml").unwrap();
        spill.push("b/2.xml").unwrap();
        let lines: Vec<String> = spill
            .reader()
            .unwrap()
            .lines()
            .map(Result::unwrap)
            .collect();
        assert_eq!(lines, ["a/1.xml", "b/2.xml"]);
        drop(spill);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
