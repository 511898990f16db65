//! The one rule by which a path written in the report names a file.
//!
//! A path is written relative to a folder of the report (the report folder
//! for `evidence.yaml`, `sections/` for an answer's image). `\` is a
//! separator as on Windows; `.` is nothing and `..` goes up, and a path that
//! goes above the report folder, or leaves it through a symbolic link, names
//! nothing. `%XX` escapes are read as a Markdown previewer reads them when
//! no file has the name as written. Names must match in case, as they do on
//! the servers that build the PDF; a name that differs only in case is
//! named. URLs and absolute paths name nothing. What lies outside the folder
//! is never opened.
//!
//! The folders are listed, and the file found, through a [`Source`]: the
//! disk with the files held in memory over it, so the same rule holds for
//! both.

use std::path::{Component, Path, PathBuf};

use super::source::{Entry, Source};
use crate::model::assets::Problem;

/// A file inside the report folder that a written path names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// Relative to the report folder, with `/`, in the file system's case.
    pub rel: String,
    /// The file itself on disk; `None` for a file held in memory.
    pub real: Option<PathBuf>,
}

/// Resolves `written`, relative to the folder `base` of the report in
/// `source` ("" for the report folder itself, "sections" for an answer).
pub fn resolve(source: &Source, base: &str, written: &str) -> Result<Resolved, Problem> {
    let written = written.trim();
    if written.is_empty() {
        return Err(Problem::Missing { suggestion: None });
    }
    if has_scheme(written) || written.starts_with(['/', '\\']) || Path::new(written).is_absolute() {
        return Err(Problem::NotRelative);
    }
    let first = resolve_as(source, base, written);
    match first {
        Err(Problem::Missing { .. }) if written.contains('%') => {
            let decoded = percent_decode(written);
            match resolve_as(source, base, &decoded) {
                Ok(found) => Ok(found),
                Err(_) => first,
            }
        }
        other => other,
    }
}

fn resolve_as(source: &Source, base: &str, written: &str) -> Result<Resolved, Problem> {
    let mut parts: Vec<String> = Vec::new();
    let joined = format!("{base}/{}", written.replace('\\', "/"));
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(Problem::Outside);
                }
            }
            name => parts.push(name.to_owned()),
        }
    }
    if parts.is_empty() {
        return Err(Problem::NotAFile);
    }
    // Each name as the folder lists it: exact case required.
    let mut real_names = Vec::with_capacity(parts.len());
    for (i, part) in parts.iter().enumerate() {
        let listing = source.names(&real_names.join("/"));
        if listing.iter().any(|n| n == part) {
            real_names.push(part.clone());
        } else if let Some(real) = listing.iter().find(|n| n.to_lowercase() == part.to_lowercase()) {
            let mut named = real_names.clone();
            named.push(real.clone());
            named.extend(parts[i + 1..].iter().cloned());
            return Err(Problem::Case { real: named.join("/") });
        } else {
            let suggestion = suggest(source, &parts, i, &listing);
            return Err(Problem::Missing { suggestion });
        }
    }
    let rel = real_names.join("/");
    match source.entry(&rel) {
        Entry::Memory => Ok(Resolved { rel, real: None }),
        Entry::Disk(real) => Ok(Resolved { rel, real: Some(real) }),
        Entry::Outside => Err(Problem::Outside),
        Entry::NotAFile => Err(Problem::NotAFile),
        // A symbolic link to nowhere.
        Entry::Nothing => Err(Problem::Missing { suggestion: None }),
    }
}

/// What a path that names nothing probably means: the same path under
/// `evidence/` (written relative to `evidence.yaml`), or a name of the same
/// folder a small edit away.
fn suggest(source: &Source, parts: &[String], missing: usize, listing: &[String]) -> Option<String> {
    if parts.first().is_some_and(|p| p != "evidence") {
        let under = format!("evidence/{}", parts.join("/"));
        if matches!(source.entry(&under), Entry::Memory | Entry::Disk(_)) {
            return Some(under);
        }
    }
    let names: Vec<&str> = listing.iter().map(String::as_str).collect();
    let found = crate::suggest::closest(&parts[missing], &names)?;
    let mut named: Vec<&str> = parts[..missing].iter().map(String::as_str).collect();
    named.push(found);
    named.extend(parts[missing + 1..].iter().map(String::as_str));
    Some(named.join("/"))
}

/// `scheme:` as in RFC 3986 (also catches Windows drive letters like `C:`).
fn has_scheme(dest: &str) -> bool {
    let Some((scheme, _)) = dest.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Decodes `%XX` escapes; returns the input unchanged if the result would
/// not be UTF-8.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = match bytes.get(i..i + 3) {
            Some([b'%', high, low]) => hex_value(*high).zip(hex_value(*low)),
            _ => None,
        };
        match escaped {
            Some((high, low)) => {
                out.push(high * 16 + low);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

fn hex_value(digit: u8) -> Option<u8> {
    (digit as char).to_digit(16).map(|v| v as u8)
}

/// Whether `path` is a plain relative path inside `root` without `..` (for
/// the report's own files, which are named by the program).
pub fn is_plain(path: &str) -> bool {
    Path::new(path).components().all(|c| matches!(c, Component::Normal(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder() -> tempdir::TempDir {
        let dir = tempdir::TempDir::new();
        std::fs::create_dir_all(dir.path().join("sections/images")).unwrap();
        std::fs::create_dir_all(dir.path().join("evidence")).unwrap();
        std::fs::write(dir.path().join("sections/images/图.png"), b"x").unwrap();
        std::fs::write(dir.path().join("evidence/1-1-会场照片.jpg"), b"x").unwrap();
        std::fs::write(dir.path().join("evidence/Scan.PDF"), b"x").unwrap();
        dir
    }

    mod tempdir {
        /// A folder under the target directory, removed when dropped.
        pub struct TempDir(std::path::PathBuf);
        impl TempDir {
            pub fn new() -> Self {
                static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
                let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let dir =
                    std::env::temp_dir().join(format!("alliance-report-paths-{}-{n}", std::process::id()));
                let _ = std::fs::remove_dir_all(&dir);
                std::fs::create_dir_all(&dir).unwrap();
                Self(dir)
            }
            pub fn path(&self) -> &std::path::Path {
                &self.0
            }
        }
        impl Drop for TempDir {
            fn drop(&mut self) {
                let _ = std::fs::remove_dir_all(&self.0);
            }
        }
    }

    #[test]
    fn dot_dot_inside_the_folder_and_backslashes_resolve() {
        let dir = folder();
        let source = Source::disk(dir.path());
        let root = &source;
        let rel = |base, w| resolve(root, base, w).map(|r| r.rel);
        assert_eq!(rel("sections", "../evidence/1-1-会场照片.jpg"), Ok("evidence/1-1-会场照片.jpg".into()));
        assert_eq!(rel("sections", "./images/../images/图.png"), Ok("sections/images/图.png".into()));
        assert_eq!(rel("sections", "images\\图.png"), Ok("sections/images/图.png".into()));
        assert_eq!(rel("sections", "images/%E5%9B%BE.png"), Ok("sections/images/图.png".into()));
    }

    #[test]
    fn what_lies_outside_or_is_not_a_path_names_nothing() {
        let dir = folder();
        let source = Source::disk(dir.path());
        let root = &source;
        assert_eq!(resolve(root, "sections", "../../etc/passwd"), Err(Problem::Outside));
        assert_eq!(resolve(root, "", "/etc/passwd"), Err(Problem::NotRelative));
        assert_eq!(resolve(root, "", "C:\\a.png"), Err(Problem::NotRelative));
        assert_eq!(resolve(root, "", "https://e.cn/a.pdf"), Err(Problem::NotRelative));
        assert_eq!(resolve(root, "", "evidence"), Err(Problem::NotAFile));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc/hostname", dir.path().join("evidence/link.pdf")).unwrap();
            assert_eq!(resolve(root, "", "evidence/link.pdf"), Err(Problem::Outside));
        }
    }

    #[test]
    fn a_name_differing_in_case_is_named_and_a_typo_suggested() {
        let dir = folder();
        let source = Source::disk(dir.path());
        let root = &source;
        assert_eq!(
            resolve(root, "", "evidence/scan.pdf"),
            Err(Problem::Case { real: "evidence/Scan.PDF".into() })
        );
        assert_eq!(
            resolve(root, "", "1-1-会场照片.jpg"),
            Err(Problem::Missing { suggestion: Some("evidence/1-1-会场照片.jpg".into()) })
        );
        assert_eq!(
            resolve(root, "", "evidence/1-1-会场照.jpg"),
            Err(Problem::Missing { suggestion: Some("evidence/1-1-会场照片.jpg".into()) })
        );
    }
}
