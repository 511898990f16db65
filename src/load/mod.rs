//! Load: read every file of a report once, into the typed [`Report`].
//! After load nothing touches the disk.
//!
//! Every file is read through a [`Source`]: the report folder on disk with
//! files held in memory laid over it (unsaved buffers, an edited copy, a
//! git revision), so a changed report is loaded without writing it out.
//! A load may take the files an earlier one inspected ([`load_from`]).
//!
//! Steps: find the files; read each YAML and Markdown file as UTF-8 (a
//! file that lies outside the folder through a symbolic link is refused and
//! never read); parse each YAML file once into a spanned tree
//! ([`crate::yaml`]) and read it into records by the catalogue ([`read`]);
//! split each narrative file into its answers and convert each answer's
//! Markdown once, reading and inspecting every image it places
//! ([`assets`]); read and inspect every evidence file. Every path goes
//! through one rule ([`paths`]). Problems of the user's files become
//! [`Diagnostic`]s, all of them collected; failures of the file system are
//! errors with context.

pub mod assets;
mod content;
mod copy;
mod flatten;
mod layers;
pub mod paths;
mod pdf;
mod pdf_tree;
pub mod raster;
mod read;
pub mod scalar;
pub mod sections;
mod sheet;
pub mod source;

use std::cell::RefCell;
use std::path::Path;

use anyhow::{Result, bail};

use crate::diag::{Diagnostic, Rule};
use crate::form::{self, Edition, FileSpec, SectionPart};
use crate::markdown;
use crate::model::*;
use crate::yaml::{self, Span};

pub use read::{expected, invisible_name, visible};
pub use source::Source;

/// The largest report file read, in bytes. A larger one is reported and
/// left unread: the real files are tens of kilobytes, and typst takes about
/// ten seconds and half a gigabyte per megabyte of text, so a misplaced
/// 50 MB file would otherwise run for many minutes.
pub const MAX_FILE_BYTES: u64 = 1 << 20;

/// What loading found: the report if every file could be read, and every
/// problem.
#[derive(Debug)]
pub struct Loaded {
    pub report: Option<Report>,
    pub diagnostics: Vec<Diagnostic>,
    /// The text of every file read, also when the report could not be.
    pub sources: Sources,
}

/// Loads the report folder at `root`, as the disk holds it.
pub fn load(root: &Path) -> Result<Loaded> {
    load_from(&Source::disk(root), None)
}

/// Loads the report in `source` (a folder with files held in memory over
/// it). `earlier`: the files an earlier load of the same folder read and
/// inspected; a file on disk that the same path names again is taken from
/// there instead of being read again (an evidence folder can hold hundreds
/// of megabytes of scans). A file held in memory is always read.
pub fn load_from(source: &Source, earlier: Option<&Assets>) -> Result<Loaded> {
    if let Some(root) = source.root()
        && !root.is_dir()
    {
        bail!("找不到报告文件夹 {}", root.display());
    }
    let none = Assets::default();
    let mut loader = Loader {
        source,
        earlier: earlier.unwrap_or(&none),
        diagnostics: Vec::new(),
        sources: Sources::default(),
        assets: Assets::default(),
        evidence_listed: Vec::new(),
    };
    loader.warn_about_stray_files();
    let mut roots = Vec::new();
    for spec in form::FILES {
        roots.push(loader.yaml(spec)?);
    }
    let (edition, end_year) = roots[0]
        .as_ref()
        .map_or((Edition::newest(), Edition::newest().end_year), |info| loader.edition(info));
    let mut sections = Vec::new();
    for part in SectionPart::ALL {
        sections.push(loader.section(part, edition)?);
    }
    if let Some(Some(evidence)) = roots.last() {
        loader.evidence(evidence);
    }
    let evidence_folder = loader.evidence_folder();
    let Loader { diagnostics, sources, assets, .. } = loader;
    let (Some(roots), Some(sections)) =
        (roots.into_iter().collect::<Option<Vec<_>>>(), sections.into_iter().collect::<Option<Vec<_>>>())
    else {
        return Ok(Loaded { report: None, diagnostics, sources });
    };
    let report = assemble(roots, (edition, end_year), sections, assets, sources.clone(), evidence_folder);
    Ok(Loaded { report: Some(report), diagnostics, sources })
}

/// The report of the records of [`form::FILES`], in their order, and the
/// rest read.
fn assemble(
    roots: Vec<Record>,
    (edition, end_year): (&'static Edition, i32),
    sections: Vec<Section>,
    assets: Assets,
    sources: Sources,
    evidence_folder: Vec<String>,
) -> Report {
    let mut roots = roots.into_iter();
    let info = roots.next().expect("report.yaml");
    let tables: Vec<Vec<Record>> = form::TABLES
        .iter()
        .map(|table| {
            let file = roots.next().expect("a table's file");
            file.rows(table.key).to_vec()
        })
        .collect();
    let evidence = roots.next().expect("evidence.yaml");
    Report { edition, end_year, info, tables, evidence, sections, assets, sources, evidence_folder }
}

struct Loader<'a> {
    source: &'a Source,
    /// The files an earlier load read, to take instead of reading them again.
    earlier: &'a Assets,
    diagnostics: Vec<Diagnostic>,
    sources: Sources,
    assets: Assets,
    /// The files `evidence.yaml` lists, inside the folder.
    evidence_listed: Vec<String>,
}

impl Loader<'_> {
    /// Reads a file of the report as text; `None` (with a diagnostic) when
    /// it is missing, too large, outside the folder or not UTF-8.
    fn text(&mut self, rel: &'static str) -> Result<Option<String>> {
        let found = match paths::resolve(self.source, "", rel) {
            Ok(found) => found,
            Err(FileProblem::Outside) => {
                self.diagnostics.push(
                    Diagnostic::error(
                        Rule::Files,
                        rel,
                        0,
                        0,
                        format!("{rel} 是指向报告文件夹之外的链接，没有读取"),
                    )
                    .with_hint("报告的文件必须放在报告文件夹里：请把文件本身复制进来，替换这个链接"),
                );
                return Ok(None);
            }
            Err(FileProblem::Case { real }) => {
                self.diagnostics.push(
                    Diagnostic::error(
                        Rule::Files,
                        rel,
                        0,
                        0,
                        format!("缺少文件 {rel}：文件夹里有 {real}，大小写不同"),
                    )
                    .with_hint(format!("把 {real} 改名为 {rel}（文件名区分大小写）")),
                );
                return Ok(None);
            }
            Err(FileProblem::NotAFile) => {
                self.diagnostics
                    .push(Diagnostic::error(Rule::Files, rel, 0, 0, format!("{rel} 不是普通文件")).with_hint(
                    "报告的 YAML 和 Markdown 文件必须是普通文件；请删除同名的文件夹或特殊文件，换成文件本身",
                ));
                return Ok(None);
            }
            Err(_) => {
                self.diagnostics.push(
                    Diagnostic::error(Rule::Files, rel, 0, 0, format!("缺少文件 {rel}"))
                        .with_hint("用 alliance-report init 生成的文件夹里有全部文件；没有内容的表格写成空列表，例如 projects: []"),
                );
                return Ok(None);
            }
        };
        // At most one byte more than allowed, so that neither a huge file nor
        // an endless one is read whole.
        let bytes = self.source.read(&found, MAX_FILE_BYTES).map_err(|e| {
            let shown = found.real.as_deref().unwrap_or(Path::new(rel));
            anyhow::anyhow!("无法读取 {}：{e}", shown.display())
        })?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            let size = self.source.size(&found).unwrap_or(0).max(bytes.len() as u64);
            self.diagnostics.push(
                Diagnostic::error(
                    Rule::Files,
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
                self.sources.insert(rel, text.clone());
                Ok(Some(text))
            }
            Err(err) => {
                let valid = err.utf8_error().valid_up_to();
                let lossy = String::from_utf8_lossy(&err.as_bytes()[..valid]);
                let (line, column) = yaml::position(&lossy, valid);
                self.diagnostics.push(
                    Diagnostic::error(
                        Rule::Encoding,
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

    /// Reads a YAML file into its root record; `None` when it could not be
    /// read at all (missing, not UTF-8, a syntax error).
    fn yaml(&mut self, spec: &'static FileSpec) -> Result<Option<Record>> {
        let Some(text) = self.text(spec.path)? else { return Ok(None) };
        if text.trim().is_empty() || yaml_is_only_comments(&text) {
            self.diagnostics.push(
                Diagnostic::error(Rule::Files, spec.path, 0, 0, format!("文件 {} 是空的", spec.path))
                    .with_hint("请参照示例报告填写；没有内容的表格写成空列表，例如 projects: []"),
            );
            return Ok(None);
        }
        let (record, diagnostics) = read_file(spec, &text);
        self.diagnostics.extend(diagnostics);
        Ok(record)
    }

    /// The edition `form:` names and the end year (`end_year:`, else the
    /// edition's).
    fn edition(&mut self, info: &Record) -> (&'static Edition, i32) {
        let edition = match info.get("form") {
            Some(Value::Year(year)) => Edition::of(*year).unwrap_or_else(|| {
                let known: Vec<String> = form::EDITIONS.iter().map(|e| e.year.to_string()).collect();
                let (line, column) = self.position(form::REPORT.path, info.slot("form").span);
                self.diagnostics.push(
                    Diagnostic::error(
                        Rule::Edition,
                        form::REPORT.path,
                        line,
                        column,
                        format!("没有 {year} 年版的报告格式"),
                    )
                    .with_hint(format!("可用的版本：{}；不写 form 时用最新的版本", known.join("、"))),
                );
                Edition::newest()
            }),
            _ => Edition::newest(),
        };
        let end_year = match info.get("end_year") {
            Some(Value::Year(year)) => *year,
            _ => edition.end_year,
        };
        (edition, end_year)
    }

    fn position(&self, file: &str, span: Span) -> (usize, usize) {
        yaml::position(self.sources.text(file).unwrap_or_default(), span.start)
    }

    /// Reads one narrative part, splits it into its prompts' answers and
    /// converts each answer once, reading the images it places.
    fn section(&mut self, part: SectionPart, edition: &Edition) -> Result<Option<Section>> {
        let rel = part.file();
        let Some(text) = self.text(rel)? else { return Ok(None) };
        let (raw, problems) = sections::split(edition.prompts(part).len(), &text);
        self.diagnostics.extend(problems.into_iter().map(|(line, message, warning)| {
            if warning {
                Diagnostic::warning(Rule::Narrative, rel, line, 1, message)
            } else {
                Diagnostic::error(Rule::Narrative, rel, line, 1, message)
            }
        }));
        let (source, earlier) = (self.source, self.earlier);
        let assets = RefCell::new(std::mem::take(&mut self.assets));
        let place = |dest: &str| -> Option<(String, &'static str)> {
            let mut assets = assets.borrow_mut();
            if !assets.knows("sections", dest) {
                let outcome = assets::read(source, "sections", dest, assets::Accept::Image, earlier);
                assets.record("sections", dest, outcome);
            }
            match assets.lookup("sections", dest)? {
                Ok((rel, asset)) => Some((format!("/{rel}"), asset.format().typst_name())),
                Err(_) => None,
            }
        };
        let options = markdown::Options { image: &place };
        let mut warnings = Vec::new();
        let answers = raw
            .into_iter()
            .map(|answer| {
                let answer = answer?;
                let converted = markdown::to_typst(&answer.markdown, &options);
                // Line n of the answer is line body_line + n - 1 of the file.
                for w in &converted.warnings {
                    let line = answer.body_line + w.line.saturating_sub(1);
                    warnings.push(Diagnostic::warning(Rule::Markdown, rel, line, 0, w.message.clone()));
                }
                // Linked files are looked up, not read.
                for link in &converted.links {
                    let mut assets = assets.borrow_mut();
                    if !assets.knows("sections/links", &link.dest) {
                        let outcome = paths::resolve(source, "sections", &link.dest).map(|r| r.rel);
                        assets.note("sections/links", &link.dest, outcome);
                    }
                }
                Some(Answer {
                    markdown: answer.markdown,
                    line: answer.line,
                    body_line: answer.body_line,
                    converted,
                })
            })
            .collect();
        self.assets = assets.into_inner();
        self.diagnostics.extend(warnings);
        Ok(Some(Section { part, answers }))
    }

    /// Reads and inspects every file the items of `evidence.yaml` attach.
    /// Reading and inspecting them is most of the time a report of
    /// hundreds of scans takes, so it runs on every core; the outcomes are
    /// recorded in the order the files are listed.
    fn evidence(&mut self, evidence: &Record) {
        let mut pending: Vec<String> = Vec::new();
        for item in evidence.rows("items") {
            for file in item.list("files") {
                if let Ok(found) = paths::resolve(self.source, "", &file.text) {
                    self.evidence_listed.push(found.rel);
                }
                if !self.assets.knows("", &file.text) && !pending.contains(&file.text) {
                    pending.push(file.text.clone());
                }
            }
        }
        let next = std::sync::atomic::AtomicUsize::new(0);
        let outcomes: Vec<_> = pending.iter().map(|_| std::sync::OnceLock::new()).collect();
        let workers =
            std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4).min(pending.len());
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(written) = pending.get(i) else { break };
                        let outcome =
                            assets::read(self.source, "", written, assets::Accept::Evidence, self.earlier);
                        let _ = outcomes[i].set(outcome);
                    }
                });
            }
        });
        for (written, outcome) in pending.iter().zip(outcomes) {
            if let Some(outcome) = outcome.into_inner() {
                self.assets.record("", written, outcome);
            }
        }
    }

    /// The PDFs and images under `evidence/` that `evidence.yaml` does not
    /// list.
    fn evidence_folder(&self) -> Vec<String> {
        let placed = |rel: &String| {
            let ext = rel.rsplit_once('.').map(|(_, x)| x.to_ascii_lowercase()).unwrap_or_default();
            matches!(ext.as_str(), "pdf" | "jpg" | "jpeg" | "png")
        };
        let files = self.source.files("evidence", 4).into_iter();
        files.filter(placed).filter(|rel| !self.evidence_listed.contains(rel)).collect()
    }

    /// Warns about YAML and Markdown files that the report does not use, so a
    /// misspelt file name does not silently drop a table.
    fn warn_about_stray_files(&mut self) {
        let known: Vec<&str> =
            form::FILES.iter().map(|f| f.path).chain(SectionPart::ALL.map(SectionPart::file)).collect();
        let folders = ["", "tables", "sections"];
        let paths: Vec<String> = folders
            .into_iter()
            .flat_map(|dir| self.source.names(dir).into_iter().map(move |name| source::join(dir, &name)))
            .collect();
        for rel in paths {
            let ext = rel.rsplit_once('.').map(|(_, e)| e).unwrap_or_default();
            if matches!(ext, "yaml" | "yml" | "md") && !known.contains(&rel.as_str()) {
                self.diagnostics.push(
                    Diagnostic::warning(
                        Rule::Files,
                        rel.as_str(),
                        0,
                        0,
                        format!("文件 {rel} 不属于报告的任何部分，不会出现在 PDF 中"),
                    )
                    .with_hint("检查文件名是否拼错；报告使用的文件见 README 的“报告文件夹”一节"),
                );
            }
        }
    }
}

/// The text of the YAML file `spec` read into its root record, once: parsed
/// into its tree, then read by the catalogue; and every problem found.
/// `None` when the text has a syntax error: the tree ends where the error
/// is, and judging what was read would invent errors.
pub fn read_file(spec: &'static FileSpec, text: &str) -> (Option<Record>, Vec<Diagnostic>) {
    let yaml::Parsed { root, problems, complete } = yaml::parse(text);
    let mut reader =
        read::Reader { file: spec.path, text, lines: yaml::Lines::of(text), diagnostics: Vec::new() };
    for p in &problems {
        reader.error(Rule::Syntax, p.at, p.message.clone(), p.hint.clone().unwrap_or_default());
    }
    if !complete {
        return (None, reader.diagnostics);
    }
    let record = root.as_ref().map(|tree| reader.record(tree, spec.fields, Span::at(0), String::new()));
    (record, reader.diagnostics)
}

#[cfg(test)]
mod tests;

/// Whether a YAML text holds nothing but comments and blank lines.
fn yaml_is_only_comments(text: &str) -> bool {
    text.lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
}
