//! Where an output (the PDF, a workbook, a Word document) may be written,
//! and writing it so that no file is lost. One policy for every format.
//!
//! A report folder holds months of a secretariat's work; a typo in `-o`
//! must not replace one of its files. So an output is refused when it is
//! a file the report reads or lies in one of its source folders, when it is
//! a device, a FIFO or a folder, when its name does not end with its
//! format's extension, and when a file of another kind is there already
//! (judged by content: a PDF by `%PDF-`, a workbook and a Word document by
//! the zip's `xl/workbook.xml` and `word/document.xml`). An output that is
//! a symbolic link is written through: the file it points to is replaced
//! (and judged by the same rules), the link stays.
//!
//! The output is written to a temporary file beside the target, with a name
//! no other process can take (`O_EXCL`, a random suffix), synced, renamed
//! over the target, and the folder synced: a reader sees the old file or
//! the new one, never half of one, and two builds writing the same output
//! leave one complete file. The temporary file is removed on every error
//! and on Ctrl+C ([`interrupted`]); one left by a killed process is removed
//! by a later write once it is a day old.

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

/// What an output holds. Each format knows its extension and how to tell a
/// file of its kind by content, so the one policy serves them all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// The filled form (`build`, `watch`).
    Pdf,
    /// The workbook for collecting the tables (`xlsx export`).
    Xlsx,
    /// The filled form as a Word document.
    Docx,
}

impl OutputFormat {
    /// The extension an output's name must end with (any case), without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Xlsx => "xlsx",
            Self::Docx => "docx",
        }
    }

    /// What a message calls the output: 不能把 … 写到.
    fn noun(self) -> &'static str {
        match self {
            Self::Pdf => "PDF",
            Self::Xlsx => "工作簿",
            Self::Docx => "Word 文档",
        }
    }

    /// What a message calls a file of this kind found on disk.
    fn kind(self) -> &'static str {
        match self {
            Self::Pdf => "PDF",
            Self::Xlsx => "Excel 工作簿",
            Self::Docx => "Word 文档",
        }
    }

    /// The programs that open it by its extension.
    fn openers(self) -> &'static str {
        match self {
            Self::Pdf => "PDF 阅读器和操作系统",
            Self::Xlsx => "Excel、WPS 和 LibreOffice",
            Self::Docx => "Word、WPS 和 LibreOffice",
        }
    }

    /// A name to offer, after 请换一个输出路径.
    fn hint(self) -> &'static str {
        match self {
            Self::Pdf => "默认是报告文件夹中的 report.pdf",
            Self::Xlsx => "例如 成员单位.xlsx",
            Self::Docx => "例如 report.docx",
        }
    }

    /// A file name to offer when the output is a folder.
    fn example(self) -> &'static str {
        match self {
            Self::Pdf => "report.pdf",
            Self::Xlsx => "成员单位.xlsx",
            Self::Docx => "report.docx",
        }
    }

    /// The format of the file at `path`, by its content; `None` for a file
    /// that is none of ours (or cannot be read). A zip is told by the part
    /// that makes it a workbook or a Word document, as `xlsx import` tells
    /// it; `%PDF-` may follow up to 1,024 bytes of other data (ISO 32000-2
    /// allows them; readers accept them).
    pub fn of(path: &Path) -> Option<Self> {
        use std::io::Read as _;
        let mut file = std::fs::File::open(path).ok()?;
        let mut head = Vec::with_capacity(1024);
        (&mut file).take(1024).read_to_end(&mut head).ok()?;
        if head.starts_with(b"PK\x03\x04") {
            let zip = zip::ZipArchive::new(file).ok()?;
            let has = |name: &str| zip.file_names().any(|n| n.is_ok_and(|n| n == name));
            return match (has("xl/workbook.xml"), has("word/document.xml")) {
                (true, false) => Some(Self::Xlsx),
                (false, true) => Some(Self::Docx),
                _ => None,
            };
        }
        head.windows(5).any(|w| w == b"%PDF-").then_some(Self::Pdf)
    }
}

/// `word` with a space on each side that touches Latin letters, for a
/// Chinese sentence: 不能把 PDF 写到, 不能把工作簿写到.
fn spaced(word: &str) -> String {
    let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let before = if latin(word.chars().next()) { " " } else { "" };
    let after = if latin(word.chars().last()) { " " } else { "" };
    format!("{before}{word}{after}")
}

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

/// An output the policy accepted: the file it replaces, for the report in
/// `dir`, with what the messages need to name it.
#[derive(Debug, Clone)]
pub struct Target {
    dir: PathBuf,
    /// The path as the user wrote it, for messages.
    output: PathBuf,
    /// The file written: `output`, or the file its links lead to.
    path: PathBuf,
    format: OutputFormat,
}

/// The file an output of `format` written to `output` for the report in
/// `dir` replaces: `output` itself, or the file its symbolic links lead to.
/// Refuses, with why, a target the output must not replace (see the
/// module's comment); the files the report reads are judged after load, by
/// [`Target::refuse_sources`].
pub fn target(dir: &Path, output: &Path, format: OutputFormat) -> Result<Target> {
    let path = follow_links(output)?;
    let target = Target { dir: dir.to_path_buf(), output: output.to_path_buf(), path, format };
    // The form's own files are known before load; the files they name
    // (evidence, images) are judged after it.
    target.refuse_sources(FILES.iter().map(|f| f.path).chain(SectionPart::ALL.iter().map(|p| p.file())))?;
    let (shown, noun) = (output.display(), spaced(format.noun()));
    if let Some(folder) = source_folder_of(dir, &target.path) {
        bail!(
            "不能把{noun}写到 {shown}：它是报告的 {folder}/ 文件夹或其中的文件，那里只放报告的源文件；请写到报告文件夹的根目录或别处（{}）",
            match format {
                OutputFormat::Pdf => "默认 report.pdf".to_owned(),
                _ => format!("例如 {}", format.example()),
            }
        );
    }
    match std::fs::metadata(&target.path) {
        Ok(_) => target.refuse_what_is_there()?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let folder = folder_of(&target.path);
            if !folder.is_dir() {
                bail!(
                    "不能把{noun}写到 {shown}：文件夹 {} 不存在，请先建立它或换一个输出路径",
                    folder.display()
                );
            }
        }
        Err(e) => bail!("无法访问输出路径 {shown}：{}", reason(&e)),
    }
    // After what is there: a folder is better told to be one.
    let extension = output.extension().and_then(|e| e.to_str()).unwrap_or_default();
    if !extension.eq_ignore_ascii_case(format.extension()) {
        bail!(
            "{}的文件名要以 .{ext} 结尾（{shown}）：{}按扩展名打开它；请写成 {}",
            spaced(format.noun()).trim_start(),
            spaced(format.openers()).trim_start(),
            output.with_extension(format.extension()).display(),
            ext = format.extension(),
        );
    }
    Ok(target)
}

impl Target {
    /// The file written: the output, or the file its links lead to.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Refuses a target that is one of the files the report read (`read`:
    /// paths relative to the report's folder), wherever it lies.
    pub fn refuse_sources<'a>(&self, read: impl IntoIterator<Item = &'a str>) -> Result<()> {
        let Some(target) = canonical(&self.path) else { return Ok(()) };
        for rel in read {
            if canonical(&self.dir.join(rel)).is_some_and(|source| source == target) {
                bail!(
                    "不能把{}写到 {}：它就是报告要读取的文件 {rel}，写入会覆盖它；请换一个输出路径（{}）",
                    spaced(self.format.noun()),
                    self.output.display(),
                    self.format.hint()
                );
            }
        }
        Ok(())
    }

    /// Writes `bytes` over the target atomically (see the module's
    /// comment), judging again what is there: typesetting takes seconds,
    /// and a file may have appeared meanwhile.
    pub fn write(&self, bytes: &[u8]) -> Result<()> {
        if std::fs::symlink_metadata(&self.path).is_ok() {
            self.refuse_what_is_there()?;
        }
        write_atomically(&self.path, bytes)
    }

    /// Refuses an existing target that is a folder, not a regular file, or
    /// a file of another kind (an empty file may be replaced).
    fn refuse_what_is_there(&self) -> Result<()> {
        let (shown, noun) = (self.output.display(), spaced(self.format.noun()));
        let meta = std::fs::metadata(&self.path)
            .map_err(|e| anyhow::anyhow!("无法访问输出路径 {shown}：{}", reason(&e)))?;
        let kind = meta.file_type();
        if kind.is_dir() {
            bail!(
                "不能把{noun}写到 {shown}：它是一个文件夹；请写出文件名，例如 {}",
                self.output.join(self.format.example()).display()
            );
        }
        if !kind.is_file() {
            bail!("不能把{noun}写到 {shown}：它是{}，不是普通文件；请写到一个文件", special(&meta));
        }
        let found = OutputFormat::of(&self.path);
        if meta.len() > 0 && found != Some(self.format) {
            let what = found.map(|f| format!("（它是{}）", spaced(f.kind()).trim_end())).unwrap_or_default();
            bail!(
                "不能把{noun}写到 {shown}：那里已有一个不是{}的文件{what}，覆盖会让它丢失；请换一个输出文件名，确认不需要它后也可以先删除它",
                spaced(self.format.kind())
            );
        }
        // A Word document is edited by hand (a leader's marked-up copy is
        // saved back under the same name): it is replaced only while it is
        // still as this tool wrote it. Word, WPS and LibreOffice rewrite
        // the application in docProps/app.xml when they save.
        if found == Some(OutputFormat::Docx) && !written_by_us(&self.path) {
            bail!(
                "不能把{noun}写到 {shown}：那里的 Word 文档不是 alliance-report 生成的，或生成后有人用 Word 等软件修改并保存过（例如领导的修改意见），覆盖会让这些修改丢失；请换一个输出文件名，把需要的修改改到报告文件夹中后，确认不需要它再删除它"
            );
        }
        Ok(())
    }
}

/// What the Word documents this tool writes name as their application.
pub const APPLICATION: &str = "alliance-report";

/// Whether the Word document at `path` names this tool as the application
/// that last saved it.
fn written_by_us(path: &Path) -> bool {
    use std::io::Read as _;
    let Ok(file) = std::fs::File::open(path) else { return false };
    let Ok(mut zip) = zip::ZipArchive::new(file) else { return false };
    let Ok(mut app) = zip.by_name("docProps/app.xml") else { return false };
    let mut xml = String::new();
    app.read_to_string(&mut xml).is_ok() && xml.contains(&format!("<Application>{APPLICATION}</Application>"))
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

    /// A zip holding `entries` (name, text) at `path`, stored: a PDF in it
    /// shows its `%PDF-` within the first bytes.
    fn zip(path: &Path, entries: &[(&str, &str)]) {
        let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
        let stored =
            zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for (name, text) in entries {
            zip.start_file(*name, stored).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
    }

    /// A scratch folder with an empty report folder in it.
    fn folder() -> (tempfile::TempDir, PathBuf) {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("report");
        std::fs::create_dir(&dir).unwrap();
        (root, dir)
    }

    const WORKBOOK: &[(&str, &str)] =
        &[("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook/>")];
    const DOCUMENT: &[(&str, &str)] =
        &[("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")];

    #[test]
    fn a_workbook_a_word_document_and_a_pdf_are_told_by_their_content() {
        let (root, _) = folder();
        let at = |name: &str| root.path().join(name);
        zip(&at("book"), WORKBOOK);
        zip(&at("document"), DOCUMENT);
        zip(&at("both"), &[("xl/workbook.xml", ""), ("word/document.xml", "")]);
        // A zip of evidence, its first entry a PDF: a zip, not a PDF.
        zip(&at("archive"), &[("8-1.pdf", "%PDF-1.7 an agreement")]);
        std::fs::write(at("pdf"), b"%PDF-1.7\n").unwrap();
        std::fs::write(at("late-pdf"), [vec![b' '; 1000], b"%PDF-2.0".to_vec()].concat()).unwrap();
        std::fs::write(at("too-late-pdf"), [vec![b' '; 1020], b"%PDF-2.0".to_vec()].concat()).unwrap();
        std::fs::write(at("truncated"), b"PK\x03\x04 a Word file").unwrap();
        std::fs::write(at("notes"), "秘书处的笔记").unwrap();
        let of = |name: &str| OutputFormat::of(&at(name));
        assert_eq!(of("book"), Some(OutputFormat::Xlsx));
        assert_eq!(of("document"), Some(OutputFormat::Docx));
        assert_eq!(of("pdf"), Some(OutputFormat::Pdf));
        assert_eq!(of("late-pdf"), Some(OutputFormat::Pdf));
        for other in ["both", "archive", "too-late-pdf", "truncated", "notes", "missing"] {
            assert_eq!(of(other), None, "{other}");
        }
    }

    #[test]
    fn a_docx_output_refuses_a_workbook_and_an_xlsx_output_a_word_document() {
        let (root, dir) = folder();
        let (book, document) = (root.path().join("汇总.docx"), root.path().join("报告.xlsx"));
        zip(&book, WORKBOOK);
        zip(&document, DOCUMENT);
        let refused = target(&dir, &book, OutputFormat::Docx).unwrap_err().to_string();
        assert!(refused.contains("不能把 Word 文档写到") && refused.contains("汇总.docx"), "{refused}");
        assert!(refused.contains("不是 Word 文档的文件（它是 Excel 工作簿）"), "{refused}");
        let refused = target(&dir, &document, OutputFormat::Xlsx).unwrap_err().to_string();
        assert!(
            refused.contains("不能把工作簿写到")
                && refused.contains("不是 Excel 工作簿的文件（它是 Word 文档）")
        );
        // Each replaces a file of its own kind, and an empty file.
        let (new_book, new_document) = (root.path().join("新.xlsx"), root.path().join("新.docx"));
        std::fs::copy(&book, &new_book).unwrap();
        std::fs::copy(&document, &new_document).unwrap();
        assert!(target(&dir, &new_book, OutputFormat::Xlsx).is_ok());
        // A Word document only while this tool's own: one another program
        // wrote (or saved after us) holds someone's edits.
        let refused = target(&dir, &new_document, OutputFormat::Docx).unwrap_err().to_string();
        assert!(refused.contains("不是 alliance-report 生成的"), "{refused}");
        let app = format!("<Properties><Application>{APPLICATION}</Application></Properties>");
        zip(&new_document, &[DOCUMENT, &[("docProps/app.xml", app.as_str())]].concat());
        assert!(target(&dir, &new_document, OutputFormat::Docx).is_ok());
        let empty = root.path().join("空.docx");
        std::fs::write(&empty, b"").unwrap();
        assert!(target(&dir, &empty, OutputFormat::Docx).is_ok());
        // A PDF is neither, and neither is a PDF.
        let pdf = root.path().join("report.pdf");
        std::fs::write(&pdf, b"%PDF-1.7\n").unwrap();
        for (path, format) in
            [(&pdf, OutputFormat::Docx), (&pdf, OutputFormat::Xlsx), (&book, OutputFormat::Pdf)]
        {
            let linked = root.path().join(format!("link.{}", format.extension()));
            let _ = std::fs::remove_file(&linked);
            #[cfg(unix)]
            std::os::unix::fs::symlink(path, &linked).unwrap();
            #[cfg(not(unix))]
            std::fs::copy(path, &linked).unwrap();
            assert!(target(&dir, &linked, format).is_err(), "{format:?} over {}", path.display());
        }
    }

    #[test]
    fn every_format_wants_its_extension_in_any_case() {
        let (root, dir) = folder();
        for format in [OutputFormat::Pdf, OutputFormat::Xlsx, OutputFormat::Docx] {
            let ext = format.extension();
            for good in [format!("out.{ext}"), format!("OUT.{}", ext.to_uppercase())] {
                assert!(target(&dir, &root.path().join(good), format).is_ok(), "{format:?}");
            }
            for bad in ["out", "out.yaml", "out.pdf.tmp", if ext == "pdf" { "out.docx" } else { "out.pdf" }] {
                let refused = target(&dir, &root.path().join(bad), format).unwrap_err().to_string();
                assert!(refused.contains(&format!("要以 .{ext} 结尾")), "{refused}");
                let offered = root.path().join(bad).with_extension(ext);
                assert!(refused.ends_with(&format!("请写成 {}", offered.display())), "{refused}");
            }
        }
    }

    #[test]
    fn messages_put_spaces_only_beside_latin_words() {
        assert_eq!(spaced("PDF"), " PDF ");
        assert_eq!(spaced("工作簿"), "工作簿");
        assert_eq!(spaced("Word 文档"), " Word 文档");
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
