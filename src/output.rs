//! Where a PDF may be written, and writing it so that no file is lost.
//!
//! A report folder holds months of a secretariat's work; a typo in `-o`
//! must not replace one of its files. So the output is refused when it is
//! a file the report reads or lies in one of its source folders, when it is
//! a device, a FIFO or a folder, and when a file that is not a PDF is there
//! already. An output that is a symbolic link is written through: the file
//! it points to is replaced (and judged by the same rules), the link stays.
//!
//! The PDF is written to a temporary file beside the target, with a name
//! no other process can take (`O_EXCL`, a random suffix), synced, renamed
//! over the target, and the folder synced: a reader sees the old file or
//! the new one, never half of one, and two builds writing the same output
//! leave one complete PDF. The temporary file is removed on every error and
//! on Ctrl+C ([`interrupted`]); one left by a killed process is removed by a
//! later build once it is a day old.

use std::ffi::OsString;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result, bail};

use crate::form::{FILES, SectionPart};
use crate::schema::SCHEMA_DIR;

/// What ends the name of every temporary file this tool writes.
const TEMP_SUFFIX: &str = ".alliance-report.tmp";

/// Bytes of the output's name kept in the temporary name, so that it stays
/// under NAME_MAX (255) with the dot, the random part and the suffix.
const NAME_KEPT: usize = 200;

/// A temporary file older than this was left by a process that was killed.
const STALE: Duration = Duration::from_secs(24 * 60 * 60);

/// Symbolic links followed from the output to the file it names.
const MAX_LINKS: usize = 40;

/// The folders of a report that hold its sources: those of the form's
/// files (`tables/`, `evidence/`, `sections/`) and `schemas/`.
pub fn source_folders() -> Vec<&'static str> {
    let files = FILES.iter().map(|f| f.path).chain(SectionPart::ALL.iter().map(|p| p.file()));
    let mut folders: Vec<&'static str> = files.filter_map(|path| Some(path.rsplit_once('/')?.0)).collect();
    folders.push(SCHEMA_DIR);
    folders.sort_unstable();
    folders.dedup();
    folders
}

/// The file a PDF written to `output` for the report in `dir` replaces:
/// `output` itself, or the file its symbolic links lead to. Refuses, with
/// why, a target the PDF must not replace (see the module's comment); the
/// files the report reads are judged after load, by [`refuse_sources`].
pub fn target(dir: &Path, output: &Path) -> Result<PathBuf> {
    let shown = output.display();
    let target = follow_links(output)?;
    // The form's own files are known before load; the files they name
    // (evidence, images) are judged after it.
    let own = FILES.iter().map(|f| f.path).chain(SectionPart::ALL.iter().map(|p| p.file()));
    refuse_sources(dir, output, &target, own)?;
    if let Some(folder) = source_folder_of(dir, &target) {
        bail!(
            "不能把 PDF 写到 {shown}：它是报告的 {folder}/ 文件夹或其中的文件，那里只放报告的源文件；请写到报告文件夹的根目录（默认 report.pdf）或别处"
        );
    }
    match std::fs::metadata(&target) {
        Ok(meta) => {
            let kind = meta.file_type();
            if kind.is_dir() {
                bail!(
                    "不能把 PDF 写到 {shown}：它是一个文件夹；请写出文件名，例如 {}",
                    output.join("report.pdf").display()
                );
            }
            if !kind.is_file() {
                bail!("不能把 PDF 写到 {shown}：它是{}，不是普通文件；请写到一个文件", special(&meta));
            }
            if meta.len() > 0 && !starts_as_pdf(&target) {
                bail!(
                    "不能把 PDF 写到 {shown}：那里已有一个不是 PDF 的文件，覆盖会让它丢失；请换一个输出文件名，确认不需要它后也可以先删除它"
                );
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let folder = folder_of(&target);
            if !folder.is_dir() {
                bail!(
                    "不能把 PDF 写到 {shown}：文件夹 {} 不存在，请先建立它或换一个输出路径",
                    folder.display()
                );
            }
        }
        Err(e) => bail!("无法访问输出路径 {shown}：{}", reason(&e)),
    }
    Ok(target)
}

/// The folder a file is written in.
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Why the system refused, in words a user reads.
fn reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "文件夹不存在".into(),
        PermissionDenied => "没有写入权限".into(),
        StorageFull => "磁盘空间不足".into(),
        ReadOnlyFilesystem => "所在的磁盘或文件夹是只读的".into(),
        QuotaExceeded => "超出了磁盘配额".into(),
        InvalidFilename => "文件名太长或含有系统不允许的字符".into(),
        _ => format!("操作系统报告：{e}"),
    }
}

/// Refuses a target that is one of the files the report read (`read`:
/// paths relative to `dir`), wherever it lies.
pub fn refuse_sources<'a>(
    dir: &Path,
    output: &Path,
    target: &Path,
    read: impl IntoIterator<Item = &'a str>,
) -> Result<()> {
    let Some(target) = canonical(target) else { return Ok(()) };
    for rel in read {
        if canonical(&dir.join(rel)).is_some_and(|source| source == target) {
            bail!(
                "不能把 PDF 写到 {}：它就是报告要读取的文件 {rel}，写入会覆盖它；请换一个输出路径（默认是报告文件夹中的 report.pdf）",
                output.display()
            );
        }
    }
    Ok(())
}

/// Refuses a folder for `--emit-typst` that is the report's own folder or
/// one of its source folders, where the generated files would mix with
/// (and could replace) the report's.
pub fn refuse_emit_folder(dir: &Path, emit: &Path) -> Result<()> {
    let same = canonical(dir).is_some_and(|d| canonical(emit).is_some_and(|e| d == e));
    if same || source_folder_of(dir, emit).is_some() {
        bail!(
            "不能把 typst 源文件写到 {}：那是报告文件夹本身或它的源文件夹，写入的文件会与报告的文件混在一起；请另选一个文件夹",
            emit.display()
        );
    }
    Ok(())
}

/// `path` with its symbolic links followed to the path they name (which
/// may not exist yet).
fn follow_links(path: &Path) -> Result<PathBuf> {
    let mut path = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let to = std::fs::read_link(&path)
                    .with_context(|| format!("无法读取符号链接 {}", path.display()))?;
                path = match path.parent() {
                    Some(parent) if to.is_relative() => parent.join(to),
                    _ => to,
                };
            }
            _ => return Ok(path),
        }
    }
    bail!("输出路径 {} 的符号链接层数过多或首尾相接", path.display())
}

/// The source folder of the report in `dir` that `target` lies in.
fn source_folder_of(dir: &Path, target: &Path) -> Option<&'static str> {
    let dir = canonical(dir)?;
    let target = canonical(target)?;
    let inside = target.strip_prefix(&dir).ok()?;
    let Some(Component::Normal(first)) = inside.components().next() else { return None };
    // Case-insensitive file systems (Windows, macOS) take Evidence/ for evidence/.
    let first = first.to_string_lossy().to_lowercase();
    source_folders().into_iter().find(|folder| *folder == first)
}

/// The absolute path of `path` with links resolved; for a file that does
/// not exist yet, its folder's with its name.
fn canonical(path: &Path) -> Option<PathBuf> {
    if let Ok(path) = path.canonicalize() {
        return Some(path);
    }
    let name = path.file_name()?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Some(parent.canonicalize().ok()?.join(name))
}

fn starts_as_pdf(path: &Path) -> bool {
    use std::io::Read as _;
    let mut head = [0u8; 1024];
    let read = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)).unwrap_or(0);
    head[..read].windows(5).any(|w| w == b"%PDF-")
}

/// What a file that is not a regular file is, for a message.
fn special(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        let kind = meta.file_type();
        if kind.is_fifo() {
            return "命名管道（FIFO）";
        }
        if kind.is_socket() {
            return "套接字";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "设备文件";
        }
    }
    let _ = meta;
    "特殊文件"
}

/// Temporary files and folders to remove if the process is interrupted.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Removes what is being written, for a Ctrl+C or SIGTERM handler, which
/// then ends the process.
pub fn interrupted() {
    let pending = PENDING.lock().map(|p| p.clone()).unwrap_or_default();
    for path in pending {
        if path.is_dir() {
            let _ = std::fs::remove_dir_all(&path);
        } else {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// Keeps `path` in [`PENDING`] while it lives.
pub struct Pending(PathBuf);

impl Pending {
    pub fn new(path: &Path) -> Self {
        if let Ok(mut pending) = PENDING.lock() {
            pending.push(path.to_path_buf());
        }
        Self(path.to_path_buf())
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Ok(mut pending) = PENDING.lock() {
            pending.retain(|p| p != &self.0);
        }
    }
}

/// Writes `bytes` over `target` atomically (see the module's comment). An
/// existing target keeps its permissions; a new one gets 0666 less the
/// umask, as any program's new file does.
pub fn write_atomically(target: &Path, bytes: &[u8]) -> Result<()> {
    let dir = folder_of(target);
    remove_stale(dir);
    let name = target.file_name().context("输出路径没有文件名")?;
    let existing = std::fs::metadata(target).ok().map(|m| m.permissions());
    let prefix = format!(".{}.", kept(name));
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(TEMP_SUFFIX).rand_bytes(8);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let fail = |e: std::io::Error| anyhow::anyhow!("无法写入 {}：{}", target.display(), reason(&e));
    // Dropped on every error path: the temporary file goes with it.
    let mut tmp = builder.tempfile_in(dir).map_err(fail)?;
    let pending = Pending::new(tmp.path());
    tmp.write_all(bytes).map_err(fail)?;
    if let Some(permissions) = existing {
        tmp.as_file().set_permissions(permissions).map_err(fail)?;
    }
    tmp.as_file().sync_all().map_err(fail)?;
    pause_for_tests();
    tmp.persist(target).map_err(|e| fail(e.error))?;
    drop(pending);
    // The rename itself is durable once the folder is synced (not possible
    // on every system, and not needed for correctness).
    #[cfg(unix)]
    if let Ok(folder) = std::fs::File::open(dir) {
        let _ = folder.sync_all();
    }
    Ok(())
}

/// Lets the tests interrupt a build while its temporary file exists:
/// `ALLIANCE_REPORT_TEST_WRITE_PAUSE_MS` holds the write this long before
/// the rename. Unset, it costs one lookup of the environment.
fn pause_for_tests() {
    if let Some(ms) = std::env::var("ALLIANCE_REPORT_TEST_WRITE_PAUSE_MS").ok().and_then(|v| v.parse().ok()) {
        std::thread::sleep(Duration::from_millis(ms));
    }
}

/// The start of `name`, at most [`NAME_KEPT`] bytes, cut at a character.
fn kept(name: &std::ffi::OsStr) -> String {
    let name = name.to_string_lossy();
    let mut end = name.len().min(NAME_KEPT);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    name[..end].to_owned()
}

/// Removes temporary files of this tool's naming in `dir` that are older
/// than a day: left by a process that was killed while writing.
fn remove_stale(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let name: OsString = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with('.') && name.ends_with(TEMP_SUFFIX)) {
            continue;
        }
        let Ok(meta) = entry.metadata() else { continue };
        let old =
            meta.modified().ok().and_then(|m| now.duration_since(m).ok()).is_some_and(|age| age > STALE);
        if meta.is_file() && old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_source_folders_come_from_the_catalogue() {
        assert_eq!(source_folders(), ["evidence", "schemas", "sections", "tables"]);
    }

    #[test]
    fn a_long_name_is_cut_at_a_character() {
        let name = "报".repeat(100); // 300 bytes
        let kept = kept(std::ffi::OsStr::new(&name));
        assert!(kept.len() <= NAME_KEPT && kept.len() > NAME_KEPT - 3 && kept.chars().all(|c| c == '报'));
        // ".", the kept name, ".", 8 random characters and the suffix.
        assert!(1 + kept.len() + 1 + 8 + TEMP_SUFFIX.len() <= 255);
    }
}
