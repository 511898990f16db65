//! Scan the report folder and parse it into the typed [`Report`].
//!
//! Steps: find the files (`walkdir`), read them as UTF-8, parse YAML into the
//! model structs (serde-saphyr, which reports the line and column of each
//! error) and split each narrative Markdown file into the answers to its
//! prompts. Problems in the user's files become [`Diagnostic`]s, all of them
//! collected; failures of the file system are errors with context.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use walkdir::WalkDir;

use crate::diag::Diagnostic;
use crate::model::*;
use crate::sections;

pub mod locate;
pub mod yaml;

pub use locate::{Locations, Pos};

/// The files of a report folder, relative to its root.
pub const REPORT_FILE: &str = "report.yaml";
pub const MEMBERS_FILE: &str = "members.yaml";
pub const EVIDENCE_FILE: &str = "evidence/evidence.yaml";
/// 表1–表5, in the form's order.
pub const TABLE_FILES: [&str; 5] = [
    "tables/projects.yaml",
    "tables/transfers.yaml",
    "tables/achievements.yaml",
    "tables/events.yaml",
    "tables/platforms.yaml",
];

/// The largest report file read, in bytes. A larger one is reported and
/// left unread: the real files are tens of kilobytes, and typst takes about
/// ten seconds and half a gigabyte per megabyte of text, so a misplaced
/// 50 MB file would otherwise run for many minutes.
pub const MAX_FILE_BYTES: u64 = 1 << 20;

/// What loading found: the report if every file parsed, every problem, and
/// the text of each file read (for checks that point into them).
#[derive(Debug)]
pub struct Loaded {
    pub report: Option<Report>,
    pub diagnostics: Vec<Diagnostic>,
    pub files: Files,
}

/// The text of the report's files, by path relative to the report folder.
#[derive(Debug, Default)]
pub struct Files {
    texts: std::collections::BTreeMap<String, String>,
}

impl Files {
    pub fn text(&self, rel: &str) -> Option<&str> {
        self.texts.get(rel).map(String::as_str)
    }

    /// Every file read, by path.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.texts.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// An index of where each value of a YAML file stands.
    pub fn locations(&self, rel: &str) -> Locations {
        self.text(rel).map(Locations::index).unwrap_or_default()
    }
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MembersFile {
    /// 成员单位，每个单位一项，第一项为联盟牵头单位
    pub members: Vec<Member>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectsFile {
    /// 表1 的行，每个项目一项
    pub projects: Vec<Project>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TransfersFile {
    /// 表2 的行，每项成果一项
    pub transfers: Vec<Transfer>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AchievementsFile {
    /// 表3 的行，每项成果一项
    pub achievements: Vec<Achievement>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EventsFile {
    /// 表4 的行，每次活动一项
    pub events: Vec<Event>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlatformsFile {
    /// 表5 的行，每个平台一项
    pub platforms: Vec<Platform>,
}

/// Loads the report folder at `root`.
pub fn load(root: &Path) -> Result<Loaded> {
    if !root.is_dir() {
        bail!("找不到报告文件夹 {}", root.display());
    }
    let mut loader = Loader { root, diagnostics: Vec::new(), files: Files::default() };
    loader.warn_about_stray_files();

    let info = loader.yaml::<ReportFile>(REPORT_FILE)?;
    let members = loader.yaml::<MembersFile>(MEMBERS_FILE)?.map(|f| f.members);
    let projects = loader.yaml::<ProjectsFile>(TABLE_FILES[0])?.map(|f| f.projects);
    let transfers = loader.yaml::<TransfersFile>(TABLE_FILES[1])?.map(|f| f.transfers);
    let achievements = loader.yaml::<AchievementsFile>(TABLE_FILES[2])?.map(|f| f.achievements);
    let events = loader.yaml::<EventsFile>(TABLE_FILES[3])?.map(|f| f.events);
    let platforms = loader.yaml::<PlatformsFile>(TABLE_FILES[4])?.map(|f| f.platforms);
    let evidence = loader.yaml::<Evidence>(EVIDENCE_FILE)?;
    let mut sections = Vec::new();
    for part in SectionPart::ALL {
        sections.push(loader.section(part)?);
    }

    let report = (|| {
        Some(Report {
            info: info?,
            members: members?,
            projects: projects?,
            transfers: transfers?,
            achievements: achievements?,
            events: events?,
            platforms: platforms?,
            sections: sections.into_iter().collect::<Option<Vec<_>>>()?,
            evidence: evidence?,
        })
    })();
    Ok(Loaded { report, diagnostics: loader.diagnostics, files: loader.files })
}

struct Loader<'a> {
    root: &'a Path,
    diagnostics: Vec<Diagnostic>,
    files: Files,
}

impl Loader<'_> {
    /// Reads a file of the report as text; `None` (with a diagnostic) when
    /// it is missing or not UTF-8.
    fn text(&mut self, rel: &str) -> Result<Option<String>> {
        let path = self.root.join(rel);
        if !path.exists() {
            self.diagnostics.push(
                Diagnostic::error(rel, 0, 0, format!("缺少文件 {rel}"))
                    .with_hint("用 alliance-report init 生成的文件夹里有全部文件；没有内容的表格写成空列表，例如 projects: []"),
            );
            return Ok(None);
        }
        // At most one byte more than allowed, so that neither a huge file nor
        // an endless one (a device, say) is read whole.
        let mut bytes = Vec::new();
        std::fs::File::open(&path)
            .and_then(|file| file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
            .with_context(|| format!("无法读取 {}", path.display()))?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            let size = std::fs::metadata(&path).map_or(0, |m| m.len()).max(bytes.len() as u64);
            self.diagnostics.push(
                Diagnostic::error(
                    rel,
                    0,
                    0,
                    format!("文件 {rel} 太大（{:.1} MB），报告的每个文件最多 1 MB", size as f64 / 1048576.0),
                )
                .with_hint("报告的文件一般只有几十 KB：请检查是不是放错了文件，或删去多余的内容"),
            );
            return Ok(None);
        }
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes).to_vec();
        match String::from_utf8(bytes) {
            Ok(text) => {
                self.files.texts.insert(rel.to_owned(), text.clone());
                Ok(Some(text))
            }
            Err(err) => {
                let (line, column) = position_of_byte(err.as_bytes(), err.utf8_error().valid_up_to());
                self.diagnostics.push(
                    Diagnostic::error(
                        rel,
                        line,
                        column,
                        "文件不是 UTF-8 编码（很可能是旧版 Windows 记事本保存的 GBK 编码）",
                    )
                    .with_hint(
                        "请用编辑器把文件另存为 UTF-8 编码，例如 VS Code 右下角“GBK”→“通过编码保存”→“UTF-8”",
                    ),
                );
                Ok(None)
            }
        }
    }

    /// Parses a YAML file into `T`, reporting every problem; `None` when
    /// the file could not be parsed at all.
    fn yaml<T: DeserializeOwned>(&mut self, rel: &str) -> Result<Option<T>> {
        let Some(text) = self.text(rel)? else { return Ok(None) };
        if text.trim().is_empty() {
            self.diagnostics.push(
                Diagnostic::error(rel, 0, 0, format!("文件 {rel} 是空的"))
                    .with_hint("请参照示例报告填写；没有内容的表格写成空列表，例如 projects: []"),
            );
            return Ok(None);
        }
        let (value, problems) = yaml::parse::<T>(&text);
        for p in problems {
            let d = Diagnostic::error(rel, p.line, p.column, p.message);
            self.diagnostics.push(match p.hint {
                Some(hint) => d.with_hint(hint),
                None => d,
            });
        }
        Ok(value)
    }

    /// Reads one narrative part and splits it into its prompts' answers.
    fn section(&mut self, part: SectionPart) -> Result<Option<Section>> {
        let rel = format!("sections/{}", part.file_name());
        let Some(text) = self.text(&rel)? else { return Ok(None) };
        let (section, problems) = sections::split(part, &text);
        self.diagnostics.extend(problems.into_iter().map(|(line, message, warning)| {
            if warning {
                Diagnostic::warning(rel.as_str(), line, 1, message)
            } else {
                Diagnostic::error(rel.as_str(), line, 1, message)
            }
        }));
        Ok(Some(section))
    }

    /// Warns about YAML and Markdown files that the report does not use, so a
    /// misspelt file name does not silently drop a table.
    fn warn_about_stray_files(&mut self) {
        let known: Vec<PathBuf> = [REPORT_FILE, MEMBERS_FILE, EVIDENCE_FILE]
            .into_iter()
            .chain(TABLE_FILES)
            .map(PathBuf::from)
            .chain(SectionPart::ALL.map(|p| Path::new("sections").join(p.file_name())))
            .collect();
        let walker = WalkDir::new(self.root).max_depth(2).sort_by_file_name();
        for entry in walker.into_iter().filter_map(|e| e.ok()) {
            let Ok(rel) = entry.path().strip_prefix(self.root) else { continue };
            let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or_default();
            let in_data_dir = rel.parent().is_some_and(|p| {
                p.as_os_str().is_empty() || p == Path::new("tables") || p == Path::new("sections")
            });
            if in_data_dir && matches!(ext, "yaml" | "yml" | "md") && !known.iter().any(|k| k == rel) {
                self.diagnostics.push(
                    Diagnostic::warning(
                        rel,
                        0,
                        0,
                        format!("文件 {} 不属于报告的任何部分，不会出现在 PDF 中", rel.display()),
                    )
                    .with_hint("检查文件名是否拼错；报告使用的文件见 README 的“报告文件夹”一节"),
                );
            }
        }
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn position_of_byte(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
    (line, column)
}
