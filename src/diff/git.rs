//! `diff --git OLD..NEW`: two revisions of a report folder in a git
//! repository, each held in memory as a [`Source`] (or, for an empty NEW,
//! the work tree): nothing is written to disk. Only git itself is run,
//! never a shell, so it works the same on Windows.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

use crate::load::Source;

/// One version of the report, and how messages name it.
pub struct Version {
    pub source: Source,
    /// "main", "HEAD~1", or the folder as written: what the user calls it.
    pub name: String,
    /// Whether it is a revision of the repository (history, which cannot
    /// be edited), rather than a folder.
    pub revision: bool,
}

/// The two versions of the report in `dir` (a folder inside a git
/// repository) that `range` names: `OLD..NEW`, NEW empty for the work tree.
pub fn range(dir: &Path, range: &str) -> Result<(Version, Version)> {
    let (old, new) = range.split_once("..").context("--git 要写成 旧版本..新版本，例如 main..HEAD")?;
    if old.is_empty() {
        bail!("--git 要写成 旧版本..新版本，例如 main..HEAD（旧版本不能空着）");
    }
    let prefix = String::from_utf8_lossy(&git(dir, &["rev-parse", "--show-prefix"])?).trim().to_owned();
    let old = revision(dir, &prefix, old)?;
    let new = match new {
        "" => Version { source: Source::disk(dir), name: "工作区".to_owned(), revision: false },
        rev => revision(dir, &prefix, rev)?,
    };
    Ok((old, new))
}

/// The report folder (`prefix` inside the repository) at `rev`, read from
/// git's objects into memory: every file `git ls-tree` lists, its content
/// from one `git cat-file --batch`.
fn revision(dir: &Path, prefix: &str, rev: &str) -> Result<Version> {
    git(dir, &["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")]).map_err(|_| {
        anyhow::anyhow!(
            "仓库中找不到版本 {rev}：请检查分支名或提交号（git branch -a 列出分支，git log --oneline 列出提交）"
        )
    })?;
    // Every blob of the folder at that revision: "<mode> blob <id>\t<path>",
    // NUL-separated (names as they are).
    let listing = git(dir, &["ls-tree", "-r", "-z", "--full-name", rev, "--", "."])?;
    let mut files: Vec<(String, String)> = Vec::new();
    for entry in listing.split(|&b| b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        let Some((meta, path)) = entry.split_once('\t') else { continue };
        let mut meta = meta.split(' ');
        // Files only: a symbolic link (120000) is a path, not content.
        let (Some(mode), Some("blob"), Some(id)) = (meta.next(), meta.next(), meta.next()) else { continue };
        if mode == "120000" {
            continue;
        }
        if let Some(rel) = path.strip_prefix(prefix) {
            files.push((rel.to_owned(), id.to_owned()));
        }
    }
    let mut source = Source::memory();
    for ((rel, _), bytes) in files.iter().zip(blobs(dir, files.iter().map(|(_, id)| id.as_str()))?) {
        source.insert(rel, bytes);
    }
    Ok(Version { source, name: rev.to_owned(), revision: true })
}

/// The contents of the blobs `ids`, in order, from one `git cat-file
/// --batch` (a header line "<id> blob <size>", the bytes, a newline).
fn blobs<'a>(dir: &Path, ids: impl Iterator<Item = &'a str>) -> Result<Vec<Vec<u8>>> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .context("无法运行 git：请确认已经安装 git，并且在命令行中能运行它")?;
    let ids: Vec<&str> = ids.collect();
    let mut stdin = child.stdin.take().context("无法读取 git 的输出")?;
    let request: String = ids.iter().map(|id| format!("{id}\n")).collect();
    // Written from a thread: git answers while it reads, and a full pipe
    // either way would stop both.
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let mut out = BufReader::new(child.stdout.take().context("无法读取 git 的输出")?);
    let mut blobs = Vec::with_capacity(ids.len());
    for id in &ids {
        let mut header = String::new();
        out.read_line(&mut header)?;
        let size: usize = header
            .split(' ')
            .nth(2)
            .and_then(|s| s.trim().parse().ok())
            .with_context(|| format!("git 没有给出对象 {id}"))?;
        let mut bytes = vec![0; size + 1];
        out.read_exact(&mut bytes)?;
        bytes.pop();
        blobs.push(bytes);
    }
    let _ = writer.join();
    child.wait()?;
    Ok(blobs)
}

/// Runs git in `dir`; a failure says what git said, in its words, after
/// ours.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .context("无法运行 git：请确认已经安装 git，并且在命令行中能运行它")?;
    if !output.status.success() {
        let said = String::from_utf8_lossy(&output.stderr);
        if said.contains("not a git repository") {
            bail!("{} 不在 git 仓库中：--git 只能用于 git 仓库里的报告文件夹", dir.display());
        }
        bail!("git {} 没有成功：{}", args.join(" "), said.trim());
    }
    Ok(output.stdout)
}
