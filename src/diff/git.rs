//! `diff --git OLD..NEW`: two revisions of a report folder in a git
//! repository, each written into a temporary folder (or, for an empty NEW,
//! the work tree). Only git itself is run, never a shell, so it works the
//! same on Windows.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

/// A temporary folder of its own, removed when dropped.
pub struct Scratch {
    dir: tempfile::TempDir,
    _pending: crate::output::Pending,
}

impl Scratch {
    /// A new folder under the system's temporary folder, with a name no
    /// other process can take (created with a random suffix, retried on a
    /// clash), removed when dropped or when the process is interrupted.
    pub fn new() -> Result<Scratch> {
        let dir = tempfile::Builder::new()
            .prefix("alliance-report-diff-")
            .tempdir()
            .context("无法在系统临时文件夹中创建临时文件夹")?;
        let pending = crate::output::Pending::new(dir.path());
        Ok(Scratch { dir, _pending: pending })
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// Two revisions of the report in `dir` (a folder inside a git repository),
/// written into folders under `scratch`: `range` is `OLD..NEW` (NEW may be
/// empty: the work tree).
pub fn checkout_range(dir: &Path, range: &str, scratch: &Path) -> Result<(PathBuf, PathBuf)> {
    let (old, new) = range.split_once("..").context("--git 要写成 旧版本..新版本，例如 main..HEAD")?;
    let git = |args: &[&str]| -> Result<Vec<u8>> {
        let output = Command::new("git").arg("-C").arg(dir).args(args).output().context("无法运行 git")?;
        if !output.status.success() {
            bail!("git {} 失败：{}", args.join(" "), String::from_utf8_lossy(&output.stderr).trim());
        }
        Ok(output.stdout)
    };
    let text = |bytes: Vec<u8>| String::from_utf8_lossy(&bytes).trim().to_owned();
    let prefix = text(git(&["rev-parse", "--show-prefix"])?);
    let export = |rev: &str, name: &str| -> Result<PathBuf> {
        if rev.is_empty() {
            return Ok(dir.to_path_buf());
        }
        let target = scratch.join(name);
        std::fs::create_dir_all(&target)?;
        // Every file of the report folder at that revision, with its path
        // relative to the folder (-z: names as they are, NUL-separated).
        let listing = git(&["ls-tree", "-r", "-z", "--full-name", "--name-only", rev, "--", "."])?;
        for path in listing.split(|&b| b == 0).filter(|p| !p.is_empty()) {
            let path = String::from_utf8_lossy(path).into_owned();
            let Some(rel) = path.strip_prefix(&prefix) else { continue };
            let bytes = git(&["cat-file", "blob", &format!("{rev}:{path}")])
                .with_context(|| format!("无法取出版本 {rev} 的 {path}"))?;
            let file = target.join(rel);
            if let Some(parent) = file.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&file, bytes).with_context(|| format!("无法写入 {}", file.display()))?;
        }
        Ok(target)
    };
    git(&["rev-parse", "--verify", &format!("{old}^{{commit}}")])
        .with_context(|| format!("找不到版本 {old}"))?;
    if !new.is_empty() {
        git(&["rev-parse", "--verify", &format!("{new}^{{commit}}")])
            .with_context(|| format!("找不到版本 {new}"))?;
    }
    Ok((export(old, "old")?, export(new, "new")?))
}
