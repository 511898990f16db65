//! 九、相关印证材料: the files attached as evidence, read and measured before
//! typst sees them, and the claims of the report each item supports.
//!
//! Steps: [`number`] gives each item its 附件 number (kind-n, in the order of
//! `evidence.yaml` within its kind); [`inspect`] reads every attached file
//! once, tells its format by its content, counts a PDF's pages and measures
//! each page (typst cannot count pages), decodes images fully so that a
//! corrupt one is found here (typst reuses the decoded image: the call is
//! memoized with the same arguments typst uses); [`Target::parse`] reads a
//! `supports` entry such as `表4 第2行` or `二（3）`.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::io::Read;
use std::path::{Component, Path};
use std::sync::Arc;

use typst::foundations::Bytes;
use typst::visualize::{ExchangeFormat, RasterImage};

use crate::model::{EvidenceItem, Report, SectionPart};

/// A file larger than this is not read at all: no scan of a certificate is
/// this large, and typst would embed it whole.
pub const MAX_ATTACHMENT_BYTES: u64 = 200 << 20;
/// A file larger than this swells the PDF: warn.
pub const LARGE_FILE_BYTES: u64 = 10 << 20;
/// An image with more pixels than this swells the PDF: warn.
pub const LARGE_IMAGE_PIXELS: u64 = 20_000_000;

/// The 附件 number of each item ("3-2": the second item of kind 3), or
/// `None` when its kind is not one of the nine.
pub fn number(items: &[EvidenceItem]) -> Vec<Option<String>> {
    let mut counts = [0usize; 9];
    items
        .iter()
        .map(|item| {
            let kind = item.kind.filter(|k| (1..=9).contains(k))?;
            let count = &mut counts[usize::from(kind) - 1];
            *count += 1;
            Some(format!("{kind}-{count}"))
        })
        .collect()
}

/// The formats an attachment may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Jpeg,
    Png,
}

impl Format {
    /// The name typst's `image(format:)` takes.
    pub fn typst_name(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Jpeg => "jpg",
            Self::Png => "png",
        }
    }

    /// Tells the format by the file's first bytes, whatever its name says.
    fn detect(bytes: &[u8]) -> Option<Self> {
        // A PDF may have a little junk before its header; readers accept it.
        if bytes.len().min(1024) >= 5 && bytes[..bytes.len().min(1024)].windows(5).any(|w| w == b"%PDF-") {
            Some(Self::Pdf)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Self::Png)
        } else {
            None
        }
    }
}

/// An attached file that can be printed.
#[derive(Debug, Clone)]
pub struct Attachment {
    pub format: Format,
    /// Width and height of each page it prints on, in any unit (only the
    /// ratio matters): the PDF's pages, or the one image.
    pub pages: Vec<(f64, f64)>,
    /// Size of the file.
    pub bytes: u64,
    /// Width × height in pixels, for an image.
    pub pixels: Option<(u32, u32)>,
    /// A hash of the content, to find the same file attached twice.
    pub digest: u64,
}

/// Why an attached file cannot be printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A URL or an absolute path.
    NotRelative,
    /// `..` leads out of the report folder, or a symbolic link does.
    Outside,
    /// No such file; perhaps the path meant is the one given.
    Missing {
        suggestion: Option<String>,
    },
    /// A folder, a device.
    NotAFile,
    /// The operating system refused to read it.
    Unreadable(String),
    TooLarge(u64),
    Empty,
    /// Not PDF, JPEG or PNG; what it is, when we can tell.
    Unsupported(Option<&'static str>),
    /// A PDF that needs a password.
    Encrypted,
    /// A PDF without pages.
    NoPages,
    /// The content does not decode.
    Corrupt(String),
}

impl Problem {
    /// The message and hint for a file `path` with this problem.
    pub fn describe(&self, path: &str) -> (String, String) {
        let s = |s: &str| s.to_owned();
        match self {
            Self::NotRelative => (
                format!("材料文件“{path}”不是报告文件夹里的文件（不能用网址或绝对路径）"),
                s("把文件复制到报告文件夹里（例如 evidence/ 下），写相对于报告文件夹的路径"),
            ),
            Self::Outside => (
                format!("材料文件“{path}”在报告文件夹之外"),
                s("PDF 只收录报告文件夹里的文件：请把它复制到 evidence/ 下，再写 evidence/文件名"),
            ),
            Self::Missing { suggestion: Some(found) } => {
                (format!("找不到材料文件“{path}”"), format!("你是不是想写“{found}”？路径相对于报告文件夹"))
            }
            Self::Missing { suggestion: None } => (
                format!("找不到材料文件“{path}”"),
                s("路径相对于报告文件夹，例如 evidence/1-1-会议通知.pdf；检查文件名和扩展名是否拼错"),
            ),
            Self::NotAFile => (format!("“{path}”不是文件"), s("files 只能列出文件，不能列文件夹")),
            Self::Unreadable(why) => (
                format!("无法读取材料文件“{path}”：{why}"),
                s("检查文件的读取权限；网盘占位文件要先下载到本地"),
            ),
            Self::TooLarge(bytes) => (
                format!("材料文件“{path}”太大（{}），无法附入", megabytes(*bytes)),
                s("扫描件用 150–300 dpi 即可；请压缩或拆分后再附"),
            ),
            Self::Empty => (format!("材料文件“{path}”是空的（0 字节）"), s("重新复制或导出这个文件")),
            Self::Unsupported(what) => (
                match what {
                    Some(what) if what.starts_with(|c: char| c.is_ascii()) => {
                        format!("材料文件“{path}”是 {what}，不能直接附入 PDF")
                    }
                    Some(what) => format!("材料文件“{path}”是{what}，不能直接附入 PDF"),
                    None => format!("材料文件“{path}”不是 PDF、JPEG 或 PNG 文件"),
                },
                s("请另存为（或导出、扫描成）PDF，或把照片、扫描件存为 JPEG 或 PNG"),
            ),
            Self::Encrypted => (
                format!("材料文件“{path}”是加密（有密码保护）的 PDF，无法附入"),
                s("请先去除密码保护：用阅读器打开后“打印”为新的 PDF，或向提供方索取未加密的版本"),
            ),
            Self::NoPages => (format!("材料文件“{path}”是没有页面的 PDF"), s("重新导出这个 PDF")),
            Self::Corrupt(why) => (
                format!("材料文件“{path}”已损坏，无法读取（{why}）"),
                s("重新复制、下载或扫描这个文件；能用看图软件或 PDF 阅读器正常打开后再附"),
            ),
        }
    }
}

/// `bytes` as "12.3 MB" or "860 KB".
pub fn megabytes(bytes: u64) -> String {
    if bytes < 1 << 20 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        format!("{:.1} MB", bytes as f64 / 1_048_576.0)
    }
}

/// Every attached file of a report, by the path written in `evidence.yaml`.
#[derive(Debug, Default)]
pub struct Attachments {
    files: BTreeMap<String, Result<Attachment, Problem>>,
}

impl Attachments {
    /// The attachment at `path` as written in `evidence.yaml`.
    pub fn get(&self, path: &str) -> Option<&Result<Attachment, Problem>> {
        self.files.get(path)
    }
}

/// Reads every file the items of `report` attach, in the folder `root`.
pub fn inspect(root: &Path, report: &Report) -> Attachments {
    let mut files = BTreeMap::new();
    for path in report.evidence.items.iter().flat_map(|item| &item.files) {
        if !files.contains_key(path) {
            files.insert(path.clone(), inspect_file(root, path));
        }
    }
    Attachments { files }
}

/// Reads and measures the file `path` (relative to `root`).
pub fn inspect_file(root: &Path, path: &str) -> Result<Attachment, Problem> {
    let real = resolve(root, path)?;
    let size = std::fs::metadata(&real).map_err(|e| Problem::Unreadable(io_reason(&e)))?.len();
    if size > MAX_ATTACHMENT_BYTES {
        return Err(Problem::TooLarge(size));
    }
    let mut data = Vec::with_capacity(size as usize);
    std::fs::File::open(&real)
        .and_then(|f| f.take(MAX_ATTACHMENT_BYTES + 1).read_to_end(&mut data))
        .map_err(|e| Problem::Unreadable(io_reason(&e)))?;
    if data.is_empty() {
        return Err(Problem::Empty);
    }
    let mut hasher = std::hash::DefaultHasher::new();
    data.hash(&mut hasher);
    let digest = hasher.finish();
    let bytes = data.len() as u64;
    let format = Format::detect(&data).ok_or_else(|| Problem::Unsupported(what_is(&data, path)))?;
    let data = Bytes::new(data);
    let (pages, pixels) = match format {
        Format::Pdf => (pdf_pages(&data)?, None),
        Format::Jpeg if !jpeg_is_complete(&data) => {
            return Err(Problem::Corrupt("JPEG 文件不完整，缺少结束标记，可能是下载或复制中断了".into()));
        }
        Format::Jpeg | Format::Png => {
            let exchange = if format == Format::Jpeg { ExchangeFormat::Jpg } else { ExchangeFormat::Png };
            // The same call typst makes when it places the image, so that
            // its memoized result is reused there.
            let image = RasterImage::plain(data, exchange).map_err(|e| Problem::Corrupt(e.to_string()))?;
            let (w, h) = (image.width(), image.height());
            (vec![(f64::from(w), f64::from(h))], Some((w, h)))
        }
    };
    Ok(Attachment { format, pages, bytes, pixels, digest })
}

/// Whether a JPEG has its end-of-image marker after its image data. The
/// decoder fills a file cut off in the middle with grey rather than fail,
/// and a scan that stopped copying halfway would print half blank.
fn jpeg_is_complete(data: &[u8]) -> bool {
    let start_of_scan = data.windows(2).position(|w| w == [0xFF, 0xDA]);
    start_of_scan.is_some_and(|sos| data[sos..].windows(2).any(|w| w == [0xFF, 0xD9]))
}

/// The real path of `path` inside `root`, refusing what lies outside it.
fn resolve(root: &Path, path: &str) -> Result<std::path::PathBuf, Problem> {
    if path.contains("://") || path.starts_with(['/', '\\']) || Path::new(path).is_absolute() {
        return Err(Problem::NotRelative);
    }
    let mut depth = 0i32;
    for part in Path::new(path).components() {
        match part {
            Component::ParentDir => depth -= 1,
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            _ => return Err(Problem::NotRelative),
        }
        if depth < 0 {
            return Err(Problem::Outside);
        }
    }
    let joined = root.join(path);
    let real_root = root.canonicalize().map_err(|e| Problem::Unreadable(io_reason(&e)))?;
    let real = match joined.canonicalize() {
        Ok(real) => real,
        Err(_) if joined.symlink_metadata().is_ok() => return Err(Problem::Missing { suggestion: None }),
        Err(_) => return Err(Problem::Missing { suggestion: suggest(root, path) }),
    };
    if !real.starts_with(&real_root) {
        return Err(Problem::Outside);
    }
    if !real.is_file() {
        return Err(Problem::NotAFile);
    }
    Ok(real)
}

/// A file of the report folder that `path` probably means: the same path
/// under `evidence/` (written relative to `evidence.yaml`), or a file of
/// the same folder whose name is a small edit away.
fn suggest(root: &Path, path: &str) -> Option<String> {
    let under = format!("evidence/{path}");
    if root.join(&under).is_file() {
        return Some(under);
    }
    let (dir, name) = match path.rsplit_once('/') {
        Some((dir, name)) => (Some(dir), name),
        None => (None, path),
    };
    let listing = std::fs::read_dir(root.join(dir.unwrap_or("."))).ok()?;
    let names: Vec<String> = listing
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let found = crate::load::yaml::closest(name, &names)?;
    Some(match dir {
        Some(dir) => format!("{dir}/{found}"),
        None => found.to_owned(),
    })
}

fn io_reason(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::PermissionDenied => "没有读取权限".into(),
        std::io::ErrorKind::NotFound => "文件不存在".into(),
        _ => err.to_string(),
    }
}

/// What a file that is not PDF, JPEG or PNG probably is, by its content or
/// else its extension.
fn what_is(data: &[u8], path: &str) -> Option<&'static str> {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if data.starts_with(b"PK\x03\x04") {
        return Some(match ext.as_str() {
            "docx" => "Word 文档",
            "xlsx" => "Excel 表格",
            "pptx" => "PowerPoint 演示文稿",
            "ofd" => "OFD 版式文件",
            _ => "压缩包（ZIP）",
        });
    }
    if data.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Some("旧版 Office 文档（.doc/.xls）");
    }
    if data.starts_with(b"II*\0") || data.starts_with(b"MM\0*") {
        return Some("TIFF 图片");
    }
    if data.get(4..12).is_some_and(|b| b == b"ftypheic" || b == b"ftypmif1" || b == b"ftypheix") {
        return Some("HEIC 照片（苹果手机格式）");
    }
    if data.starts_with(b"GIF8") {
        return Some("GIF 图片");
    }
    if data.starts_with(b"RIFF") && data.get(8..12) == Some(b"WEBP") {
        return Some("WebP 图片");
    }
    if data.starts_with(b"BM") {
        return Some("BMP 图片");
    }
    match ext.as_str() {
        "pdf" => Some("扩展名为 .pdf 但内容不是 PDF 的文件"),
        "jpg" | "jpeg" => Some("扩展名为 .jpg 但内容不是 JPEG 图片的文件"),
        "png" => Some("扩展名为 .png 但内容不是 PNG 图片的文件"),
        "doc" | "docx" | "wps" => Some("Word 文档"),
        "ofd" => Some("OFD 版式文件"),
        _ => None,
    }
}

/// The size of each page of a PDF, as it is shown (rotation applied).
fn pdf_pages(data: &Bytes) -> Result<Vec<(f64, f64)>, Problem> {
    let pdf = hayro_syntax::Pdf::new(Arc::new(data.clone())).map_err(|e| match e {
        hayro_syntax::LoadPdfError::Decryption(_) => Problem::Encrypted,
        hayro_syntax::LoadPdfError::Invalid => Problem::Corrupt("PDF 结构无法解析".into()),
    })?;
    let pages: Vec<(f64, f64)> = pdf
        .pages()
        .iter()
        .map(|page| {
            let (w, h) = page.render_dimensions();
            (f64::from(w), f64::from(h))
        })
        .collect();
    if pages.is_empty() {
        return Err(Problem::NoPages);
    }
    Ok(pages)
}

/// What an item of evidence supports: a part of the report or a row of one
/// of its tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// 一、联盟简况, with what it names in it, if anything.
    Summary(Option<String>),
    /// 二、三 or 四, or one prompt of it (1-based).
    Section(SectionPart, Option<usize>),
    /// A row (0-based) of a table.
    Row(Table, usize),
}

/// The tables whose rows evidence can support.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Table {
    /// 五、联盟成员单位在联盟中的作用.
    Members,
    /// 表1–表5.
    T(u8),
}

impl Table {
    /// The name of the table as the form prints it: 五, 表3.
    pub fn name(self) -> String {
        match self {
            Self::Members => "五".into(),
            Self::T(n) => format!("表{n}"),
        }
    }

    /// The name of each row (a member's or project's name, …).
    pub fn row_names(self, report: &Report) -> Vec<Option<&str>> {
        fn names<T>(rows: &[T], name: impl Fn(&T) -> &Option<String>) -> Vec<Option<&str>> {
            rows.iter().map(|r| name(r).as_deref().map(str::trim)).collect()
        }
        match self {
            Self::Members => names(&report.members, |r| &r.name),
            Self::T(1) => names(&report.projects, |r| &r.name),
            Self::T(2) => names(&report.transfers, |r| &r.name),
            Self::T(3) => names(&report.achievements, |r| &r.name),
            Self::T(4) => names(&report.events, |r| &r.name),
            Self::T(_) => names(&report.platforms, |r| &r.name),
        }
    }
}

impl Target {
    /// How the report prints the target: "表4 序号2", "二（3）", "一".
    pub fn label(&self) -> String {
        match self {
            Self::Summary(None) => "一".into(),
            Self::Summary(Some(what)) => format!("一 {what}"),
            Self::Section(part, None) => part_name(*part).into(),
            Self::Section(part, Some(n)) => format!("{}（{n}）", part_name(*part)),
            Self::Row(table, row) => format!("{} 序号{}", table.name(), row + 1),
        }
    }

    /// Reads a `supports` entry: `表4 第2行`, `表4 2`, `表4 <活动名称>`,
    /// `五 <成员单位名称>`, `二`, `二（3）`, `一` (with anything after it).
    pub fn parse(text: &str, report: &Report) -> Result<Self, (String, String)> {
        const HINT: &str = "写法：表1—表5 或 五，后接“第3行”或该行的名称，例如“表4 第2行”“五 太原理工大学”；\
                            或写 一、二、三、四，可加问题序号，例如“三（2）”";
        let text = text.trim();
        let (head, rest) = match text.find(|c: char| c.is_whitespace()) {
            Some(at) => (&text[..at], text[at..].trim()),
            None => (text, ""),
        };
        let head = head.trim_end_matches(['、', '：', ':']);
        let table = match head {
            "五" => Some(Table::Members),
            _ => head
                .strip_prefix('表')
                .and_then(|n| n.parse::<u8>().ok())
                .filter(|n| (1..=5).contains(n))
                .map(Table::T),
        };
        if let Some(table) = table {
            return Self::row(table, rest, report).map_err(|m| (m, HINT.into()));
        }
        if head.starts_with('表') {
            return Err((format!("“{text}”：表格只有表1到表5"), HINT.into()));
        }
        if head == "一" {
            return Ok(Self::Summary((!rest.is_empty()).then(|| rest.to_owned())));
        }
        for part in SectionPart::ALL {
            let name = part_name(part);
            let Some(after) = text.strip_prefix(name) else { continue };
            let after = after.trim().trim_start_matches(['、', '：', ':']).trim();
            if after.is_empty() {
                return Ok(Self::Section(part, None));
            }
            let n = after
                .strip_prefix(['（', '('])
                .and_then(|a| a.strip_suffix(['）', ')']))
                .and_then(|n| n.trim().parse::<usize>().ok());
            let count = crate::form::prompts(part).len();
            return match n {
                Some(n) if (1..=count).contains(&n) => Ok(Self::Section(part, Some(n))),
                Some(n) => {
                    Err((format!("“{text}”：{name}只有（1）到（{count}）问，没有第（{n}）问"), HINT.into()))
                }
                None => Err((format!("看不懂“{text}”"), HINT.into())),
            };
        }
        Err((format!("看不懂“{text}”指的是报告的哪一部分"), HINT.into()))
    }

    fn row(table: Table, rest: &str, report: &Report) -> Result<Self, String> {
        let names = table.row_names(report);
        let name = table.name();
        if rest.is_empty() {
            return Err(format!("“{name}”后面要写明是哪一行"));
        }
        let number = rest
            .strip_prefix('第')
            .and_then(|r| r.strip_suffix('行'))
            .or_else(|| rest.strip_prefix("序号"))
            .unwrap_or(rest)
            .trim();
        if let Ok(n) = number.parse::<usize>() {
            return if (1..=names.len()).contains(&n) {
                Ok(Self::Row(table, n - 1))
            } else {
                Err(format!("{name}只有 {} 行，没有第 {n} 行", names.len()))
            };
        }
        if let Some(row) = names.iter().position(|n| *n == Some(rest)) {
            return Ok(Self::Row(table, row));
        }
        let known: Vec<&str> = names.iter().flatten().copied().collect();
        Err(match crate::load::yaml::closest(rest, &known) {
            Some(found) => format!("{name}中没有名称为“{rest}”的行；你是不是想写“{found}”？"),
            None => format!("{name}中没有名称为“{rest}”的行"),
        })
    }
}

/// 二、三、四 as the form numbers them.
fn part_name(part: SectionPart) -> &'static str {
    match part {
        SectionPart::Operation => "二",
        SectionPart::Innovation => "三",
        SectionPart::Results => "四",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_formats_by_content() {
        assert_eq!(Format::detect(b"%PDF-1.7\n"), Some(Format::Pdf));
        assert_eq!(Format::detect(b"\xEF\xBB\xBF%PDF-1.4"), Some(Format::Pdf));
        assert_eq!(Format::detect(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(Format::Jpeg));
        assert_eq!(Format::detect(b"\x89PNG\r\n\x1a\n...."), Some(Format::Png));
        assert_eq!(Format::detect(b"PK\x03\x04"), None);
        assert_eq!(what_is(b"PK\x03\x04xxxx", "a.docx"), Some("Word 文档"));
        assert_eq!(what_is(b"hello", "a.pdf"), Some("扩展名为 .pdf 但内容不是 PDF 的文件"));
    }

    #[test]
    fn numbers_items_within_their_kind() {
        let item = |kind| EvidenceItem { kind: Some(kind), title: None, files: vec![], supports: vec![] };
        let items = [item(3), item(1), item(3), item(12), item(1)];
        let numbers = number(&items);
        let numbers: Vec<Option<&str>> = numbers.iter().map(|n| n.as_deref()).collect();
        assert_eq!(numbers, [Some("3-1"), Some("1-1"), Some("3-2"), None, Some("1-2")]);
    }

    #[test]
    fn refuses_paths_that_leave_the_folder() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-report");
        assert_eq!(resolve(&root, "../Cargo.toml").unwrap_err(), Problem::Outside);
        assert_eq!(resolve(&root, "/etc/passwd").unwrap_err(), Problem::NotRelative);
        assert_eq!(resolve(&root, "https://example.com/a.pdf").unwrap_err(), Problem::NotRelative);
        assert_eq!(resolve(&root, "evidence").unwrap_err(), Problem::NotAFile);
        assert_eq!(
            resolve(&root, "evidence.yaml").unwrap_err(),
            Problem::Missing { suggestion: Some("evidence/evidence.yaml".into()) }
        );
        assert_eq!(
            resolve(&root, "evidence/evidense.yaml").unwrap_err(),
            Problem::Missing { suggestion: Some("evidence/evidence.yaml".into()) }
        );
    }
}
