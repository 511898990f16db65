//! The set of files load reads: a report folder on disk, with files held
//! in memory laid over it (an editor's unsaved buffers, an import's edited
//! YAML, the files of a git revision). A file in memory replaces the disk's
//! file of the same path, or adds one; a path marked absent hides the
//! disk's file (or folder) there. Nothing here is ever written to disk.
//!
//! This module owns what exists and what a file holds; [`super::paths`]
//! owns how a written path names a file (case, `..`, `%XX`, suggestions)
//! and asks this module for folder listings. A file on disk that lies
//! outside the folder through a symbolic link is never opened.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read as _;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::paths::Resolved;

/// The files of one report: a folder on disk (or none), with an overlay of
/// files held in memory. Paths in the overlay are relative to the report
/// folder, with `/` (`tables/projects.yaml`).
#[derive(Debug, Clone, Default)]
pub struct Source {
    root: Option<PathBuf>,
    overlay: BTreeMap<String, Layer>,
}

#[derive(Debug, Clone)]
enum Layer {
    /// A file held in memory.
    File(Vec<u8>),
    /// Nothing here, whatever the disk holds (deleted in memory).
    Absent,
}

/// What a path of the report is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Entry {
    /// A file held in memory.
    Memory,
    /// A file on disk inside the folder: its real path, links followed.
    Disk(PathBuf),
    /// A folder, a device or another thing that is not a file.
    NotAFile,
    /// A file or folder reached through a symbolic link that leaves the
    /// report folder.
    Outside,
    /// Nothing (also a symbolic link to nowhere).
    Nothing,
}

impl Source {
    /// The report folder at `root`, as the disk holds it.
    pub fn disk(root: &Path) -> Source {
        Source { root: Some(root.to_path_buf()), overlay: BTreeMap::new() }
    }

    /// A report held wholly in memory (the files of a git revision).
    pub fn memory() -> Source {
        Source::default()
    }

    /// The folder on disk under the overlay, if there is one.
    pub fn root(&self) -> Option<&Path> {
        self.root.as_deref()
    }

    /// Lays the file `rel` (relative to the report folder, with `/`) with
    /// content `bytes` over whatever is there.
    pub fn insert(&mut self, rel: &str, bytes: impl Into<Vec<u8>>) {
        debug_assert!(super::paths::is_plain(rel), "a plain path inside the report: {rel}");
        self.overlay.insert(rel.to_owned(), Layer::File(bytes.into()));
    }

    /// Marks `rel` (a file or a folder, relative to the report folder) as
    /// absent: the disk's file, or all of the folder, is no longer seen,
    /// nor any file inserted below it before.
    pub fn remove(&mut self, rel: &str) {
        debug_assert!(super::paths::is_plain(rel), "a plain path inside the report: {rel}");
        let below = format!("{rel}/");
        self.overlay.retain(|path, _| !path.starts_with(&below));
        self.overlay.insert(rel.to_owned(), Layer::Absent);
    }

    /// Whether `rel` is held in memory.
    pub fn in_memory(&self, rel: &str) -> bool {
        matches!(self.overlay.get(rel), Some(Layer::File(_)))
    }

    /// What the path `rel` is.
    pub(crate) fn entry(&self, rel: &str) -> Entry {
        if self.in_memory(rel) {
            return Entry::Memory;
        }
        if self.memory_files_below(rel).next().is_some() {
            return Entry::NotAFile;
        }
        match &self.root {
            Some(root) if !self.hidden(rel) => on_disk(root, rel),
            _ => Entry::Nothing,
        }
    }

    /// The names in the folder `dir` (relative to the report folder, ""
    /// for the folder itself): the disk's not hidden, and the overlay's.
    pub(crate) fn names(&self, dir: &str) -> Vec<String> {
        let mut names = BTreeSet::new();
        if let Some(root) = &self.root {
            let entries = std::fs::read_dir(root.join(dir)).into_iter().flatten().filter_map(|e| e.ok());
            for name in entries.filter_map(|e| e.file_name().into_string().ok()) {
                if !self.hidden(&join(dir, &name)) {
                    names.insert(name);
                }
            }
        }
        let prefix = if dir.is_empty() { String::new() } else { format!("{dir}/") };
        for rel in self.memory_files_below(dir) {
            let rest = &rel[prefix.len()..];
            names.insert(rest.split('/').next().unwrap_or(rest).to_owned());
        }
        names.into_iter().collect()
    }

    /// Every file up to `depth` levels below the folder `dir`, relative to
    /// the report folder, in the order a walk sorted by name visits them.
    /// Symbolic links are not followed, nor listed.
    pub(crate) fn files(&self, dir: &str, depth: usize) -> Vec<String> {
        let mut found = BTreeSet::new();
        if let Some(root) = &self.root {
            let walker = WalkDir::new(root.join(dir)).min_depth(1).max_depth(depth);
            for entry in walker.into_iter().filter_map(|e| e.ok()).filter(|e| e.file_type().is_file()) {
                let Ok(rel) = entry.path().strip_prefix(root) else { continue };
                let rel = rel.to_string_lossy().replace('\\', "/");
                if !self.hidden(&rel) {
                    found.insert(rel);
                }
            }
        }
        let levels = |rel: &str| rel.split('/').count() - dir.split('/').filter(|p| !p.is_empty()).count();
        found.extend(self.memory_files_below(dir).filter(|rel| levels(rel) <= depth).map(str::to_owned));
        let mut found: Vec<String> = found.into_iter().collect();
        found.sort_by(|a, b| a.split('/').cmp(b.split('/')));
        found
    }

    /// The size of a file found, in bytes.
    pub(crate) fn size(&self, found: &Resolved) -> std::io::Result<u64> {
        match &found.real {
            Some(real) => Ok(std::fs::metadata(real)?.len()),
            None => Ok(self.held(&found.rel)?.len() as u64),
        }
    }

    /// The content of a file found, at most `limit + 1` bytes of it (so
    /// that a file too large is told without being read whole).
    pub(crate) fn read(&self, found: &Resolved, limit: u64) -> std::io::Result<Vec<u8>> {
        let limit = limit.saturating_add(1);
        let Some(real) = &found.real else {
            let bytes = self.held(&found.rel)?;
            return Ok(bytes[..bytes.len().min(limit as usize)].to_vec());
        };
        let mut bytes = Vec::new();
        std::fs::File::open(real)?.take(limit).read_to_end(&mut bytes)?;
        Ok(bytes)
    }

    /// The content of the file `rel` held in memory.
    fn held(&self, rel: &str) -> std::io::Result<&[u8]> {
        match self.overlay.get(rel) {
            Some(Layer::File(bytes)) => Ok(bytes),
            _ => Err(std::io::ErrorKind::NotFound.into()),
        }
    }

    /// The paths of the files in memory below the folder `dir`.
    fn memory_files_below<'a>(&'a self, dir: &str) -> impl Iterator<Item = &'a str> + 'a {
        let prefix = if dir.is_empty() { String::new() } else { format!("{dir}/") };
        self.overlay
            .range(prefix.clone()..)
            .take_while(move |(rel, _)| rel.starts_with(&prefix))
            .filter(|(_, layer)| matches!(layer, Layer::File(_)))
            .map(|(rel, _)| rel.as_str())
    }

    /// Whether the disk's `rel` is hidden: it or a folder above it is
    /// marked absent.
    fn hidden(&self, rel: &str) -> bool {
        let marked = |path: &str| matches!(self.overlay.get(path), Some(Layer::Absent));
        marked(rel) || rel.match_indices('/').any(|(i, _)| marked(&rel[..i]))
    }
}

/// What `rel` is on the disk under `root`.
fn on_disk(root: &Path, rel: &str) -> Entry {
    let (Ok(real), Ok(real_root)) = (root.join(rel).canonicalize(), root.canonicalize()) else {
        return Entry::Nothing;
    };
    if !real.starts_with(&real_root) {
        return Entry::Outside;
    }
    match std::fs::metadata(&real) {
        Ok(meta) if meta.is_file() => Entry::Disk(real),
        Ok(_) => Entry::NotAFile,
        Err(_) => Entry::Nothing,
    }
}

/// The path of `name` in the folder `dir` ("" for the report folder).
pub(crate) fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() { name.to_owned() } else { format!("{dir}/{name}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder() -> tempfile::TempDir {
        let dir = tempfile::Builder::new().prefix("alliance-report-source-").tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("evidence/old")).unwrap();
        std::fs::write(dir.path().join("evidence/a.pdf"), b"disk").unwrap();
        std::fs::write(dir.path().join("evidence/old/b.pdf"), b"disk").unwrap();
        std::fs::write(dir.path().join("report.yaml"), b"disk").unwrap();
        dir
    }

    #[test]
    fn a_folder_lists_the_disks_names_and_the_overlays() {
        let dir = folder();
        let mut source = Source::disk(dir.path());
        source.insert("evidence/new/c.pdf", "memory");
        source.insert("evidence/a.pdf", "memory");
        assert_eq!(source.names(""), ["evidence", "report.yaml"]);
        assert_eq!(source.names("evidence"), ["a.pdf", "new", "old"]);
        assert_eq!(source.entry("evidence/new"), Entry::NotAFile);
        assert_eq!(source.entry("evidence/a.pdf"), Entry::Memory);
        let found = Resolved { rel: "evidence/a.pdf".into(), real: None };
        assert_eq!(source.read(&found, 100).unwrap(), b"memory");
        assert_eq!(source.read(&found, 2).unwrap(), b"mem");
    }

    #[test]
    fn a_folder_marked_absent_hides_the_disks_files_below_it() {
        let dir = folder();
        let mut source = Source::disk(dir.path());
        source.remove("evidence/old");
        assert_eq!(source.names("evidence"), ["a.pdf"]);
        assert_eq!(source.entry("evidence/old/b.pdf"), Entry::Nothing);
        assert_eq!(source.files("", 3), ["evidence/a.pdf", "report.yaml"]);
        source.insert("evidence/old/d.pdf", "memory");
        assert_eq!(source.files("evidence", 2), ["evidence/a.pdf", "evidence/old/d.pdf"]);
        source.remove("evidence");
        assert_eq!(source.files("", 3), ["report.yaml"]);
    }

    #[test]
    fn the_walk_visits_a_folder_before_a_file_that_sorts_after_its_name() {
        let dir = folder();
        let mut source = Source::disk(dir.path());
        source.insert("evidence.pdf", "memory");
        assert_eq!(
            source.files("", 3),
            ["evidence/a.pdf", "evidence/old/b.pdf", "evidence.pdf", "report.yaml"]
        );
    }
}
