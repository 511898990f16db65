//! `alliance-report`: validate a report folder and typeset the official
//! 山西省产业技术创新战略联盟考核及绩效评价报告 as PDF.
//!
//! The pipeline runs one way, one module per step:
//! scan and parse ([`load`]) -> typed model ([`model`]) -> derived figures
//! ([`summary`]) -> typst source ([`render`], with [`markdown`] and the one
//! escaper in [`escape`]) -> PDF ([`compile`]). [`diag`] holds the problems
//! found on the way; [`cli`] turns arguments into the [`BuildConfig`].

pub mod check;
pub mod cli;
pub mod compile;
pub mod diag;
pub mod diff;
pub mod escape;
pub mod evidence;
pub mod form;
pub mod init;
pub mod load;
pub mod markdown;
pub mod model;
pub mod render;
pub mod schema;
pub mod sections;
pub mod summary;
pub mod watch;

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use diag::Diagnostic;

/// Everything one build needs, resolved from the command line.
#[derive(Debug, Clone)]
pub struct BuildConfig {
    /// The report folder.
    pub dir: PathBuf,
    /// Where the PDF goes.
    pub output: PathBuf,
    /// Typeset even with errors, with 草稿 on every page.
    pub draft: bool,
    /// Extra font folders (`--font-path`).
    pub font_paths: Vec<PathBuf>,
    /// Where to write the generated typst sources too (`--emit-typst`).
    pub emit_typst: Option<PathBuf>,
    /// Show the steps as they run when the evidence is large (a terminal).
    pub progress: bool,
}

/// The number of evidence pages from which `build` shows its progress.
pub const PROGRESS_FROM_PAGES: usize = 60;

/// How long each step of a build took, in the order they ran.
pub type Timings = Vec<(&'static str, std::time::Duration)>;

/// What a build did.
#[derive(Debug)]
pub struct BuildOutcome {
    /// Every problem found, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// Pages written, or `None` when errors stopped the build.
    pub pages: Option<usize>,
    /// How long each step took.
    pub timings: Timings,
}

/// Loads, renders and compiles; the PDF is written only when the report has
/// no errors (or in draft mode), atomically, so a failed build never leaves
/// a half-written file or destroys the previous one.
pub fn build(config: &BuildConfig) -> Result<BuildOutcome> {
    let started = std::time::Instant::now();
    let mut builder = Builder::new(compile::Fonts::load(&config.font_paths));
    let loaded = started.elapsed();
    let mut outcome = builder.build(config)?;
    outcome.timings.insert(0, ("字体", loaded));
    Ok(outcome)
}

/// Builds one report again and again (`watch`): the fonts and the typst
/// world are kept between builds, so typst reparses only the changed part
/// of the generated source and reuses its memoised layout.
pub struct Builder {
    fonts: compile::Fonts,
    world: Option<compile::ReportWorld>,
}

impl Builder {
    pub fn new(fonts: compile::Fonts) -> Self {
        Self { fonts, world: None }
    }

    /// [`build`] with what the previous builds kept.
    pub fn build(&mut self, config: &BuildConfig) -> Result<BuildOutcome> {
        build_in(config, &self.fonts, &mut self.world)
    }
}

fn build_in(
    config: &BuildConfig,
    fonts: &compile::Fonts,
    kept: &mut Option<compile::ReportWorld>,
) -> Result<BuildOutcome> {
    let mut timings = Timings::new();
    let mut clock = std::time::Instant::now();
    let mut lap = |name: &'static str| {
        let now = std::time::Instant::now();
        timings.push((name, now - clock));
        clock = now;
    };
    let Generated { main, images, diagnostics, evidence_pages } = generate(&config.dir, config.draft, fonts)?;
    lap("读取、检查、生成 typst");
    let progress = Progress { shown: config.progress && evidence_pages >= PROGRESS_FROM_PAGES };
    let has_errors = diagnostics.iter().any(Diagnostic::is_error);
    let Some(main) = main.filter(|_| config.draft || !has_errors) else {
        return Ok(BuildOutcome { diagnostics, pages: None, timings });
    };
    if let Some(dir) = &config.emit_typst {
        emit_typst(dir, &main, &images, &config.dir)?;
    }
    let world = match kept {
        Some(world) if world.root() == config.dir => {
            world.update(main);
            world
        }
        _ => kept.insert(compile::ReportWorld::new(&config.dir, main, fonts.clone())),
    };
    progress.step(1, &format!("排版（含印证材料 {evidence_pages} 页）"));
    let typeset = compile::layout(world).and_then(|document| {
        lap("排版");
        progress.step(2, &format!("导出 PDF（{} 页）", document.pages().len()));
        compile::export(world, &document).map(|pdf| (document, pdf))
    });
    let (document, pdf) = match typeset {
        Ok(done) => done,
        Err(error) => {
            progress.done();
            let mut diagnostics = diagnostics;
            diagnostics.push(typeset_diagnostic(&error, world.main_text()));
            return Ok(BuildOutcome { diagnostics, pages: None, timings });
        }
    };
    lap("导出 PDF");
    progress
        .step(3, &format!("写入 {}（{:.1} MB）", config.output.display(), pdf.len() as f64 / 1_048_576.0));
    write_atomically(&config.output, &pdf)?;
    progress.done();
    lap("写入文件");
    Ok(BuildOutcome { diagnostics, pages: Some(document.pages().len()), timings })
}

/// What the author reads when typst cannot set the document: the part of
/// the report it could not set, located at its file and line (the answer's
/// heading, the YAML file of a table), and what to do. The templates are
/// tested on every kind of content, so it is the author's text that meets a
/// limit or a bug of typst; the error is the report's (exit code 1), not
/// the environment's.
fn typeset_diagnostic(error: &compile::TypesetError, main: &str) -> Diagnostic {
    let place = error.errors.iter().find_map(|e| e.main_line).and_then(|line| render::place_at(main, line));
    let place =
        place.unwrap_or(render::Place { file: "report.yaml".into(), line: 0, label: "报告".into() });
    let what = match error.stage {
        compile::Stage::Layout => "无法排版",
        compile::Stage::Export => "排版后无法导出为 PDF",
    };
    // typst's internal errors name the line of its own source that failed.
    let cause: Vec<&str> =
        error.errors.iter().map(|e| e.message.split(" (occurred at ").next().unwrap_or_default()).collect();
    Diagnostic::error(
        place.file,
        place.line,
        0,
        format!("{}{what}：排版程序 typst 出错（{}）", place.label, cause.join("；")),
    )
    .with_hint(
        "这是排版程序的缺陷，不是填写错误。请稍微改写这一部分再试（例如缩短特别长的标题或段落、\
             移动脚注的位置），并把这份报告文件夹发给 alliance-report 的开发者，以便修复。",
    )
}

/// A one-line progress bar on standard error, redrawn in place.
struct Progress {
    shown: bool,
}

impl Progress {
    const STEPS: usize = 3;

    fn step(&self, n: usize, what: &str) {
        if self.shown {
            let bar = "■".repeat(n) + &"□".repeat(Self::STEPS - n);
            eprint!("\r\x1b[2K[{bar}] {n}/{} {what}……", Self::STEPS);
        }
    }

    fn done(&self) {
        if self.shown {
            eprint!("\r\x1b[2K");
        }
    }
}

/// What the steps before typst produce.
#[derive(Debug)]
pub struct Generated {
    /// The typst source of the document, if the report loaded.
    pub main: Option<String>,
    /// The files it places (images, evidence), as virtual paths inside the
    /// report folder.
    pub images: Vec<String>,
    /// Every problem found, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// Pages of attached evidence the document prints.
    pub evidence_pages: usize,
}

/// Loads and checks the report in `dir` and renders its typst source (if it
/// loaded).
pub fn generate(dir: &Path, draft: bool, fonts: &compile::Fonts) -> Result<Generated> {
    let loaded = load::load(dir)?;
    let mut diagnostics = loaded.diagnostics;
    let mut images = Vec::new();
    let mut evidence_pages = 0;
    let main = match loaded.report {
        Some(report) => {
            // A line the loader already complained about (a value it could
            // not read) would otherwise also be reported as missing.
            let known: Vec<(PathBuf, usize)> = diagnostics.iter().map(|d| (d.file.clone(), d.line)).collect();
            let attachments = evidence::inspect(dir, &report);
            let checked = check::check(&report, &loaded.files, dir, &attachments, &|c| fonts.covers(c));
            diagnostics.extend(checked.into_iter().filter(|d| !known.contains(&(d.file.clone(), d.line))));
            let rendered = render::render(&report, dir, draft, &attachments)?;
            diagnostics.extend(rendered.diagnostics);
            images = rendered.images;
            evidence_pages = rendered.evidence_pages;
            Some(rendered.main)
        }
        None => None,
    };
    diag::sort(&mut diagnostics);
    diagnostics.dedup();
    Ok(Generated { main, images, diagnostics, evidence_pages })
}

/// Writes the generated sources into `dir`, laid out as the world serves
/// them, with the embedded fonts in `dir/fonts` and the images the report
/// shows, so that `typst compile --root DIR --ignore-system-fonts
/// --font-path DIR/fonts DIR/main.typ` typesets the same document.
fn emit_typst(dir: &Path, main: &str, images: &[String], root: &Path) -> Result<()> {
    let write = |rel: &str, bytes: &[u8]| -> Result<()> {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("无法创建 {}", parent.display()))?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("无法写入 {}", path.display()))
    };
    write("main.typ", main.as_bytes())?;
    write("lib.typ", render::LIB_TYP.as_bytes())?;
    for (name, bytes) in compile::Fonts::embedded_files() {
        write(&format!("fonts/{name}"), bytes)?;
    }
    for image in images.iter().filter(|i| render::inside(root, i)) {
        let rel = image.trim_start_matches('/');
        let bytes = std::fs::read(root.join(rel)).with_context(|| format!("无法读取 {rel}"))?;
        write(rel, &bytes)?;
    }
    Ok(())
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over
/// `path`.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path.file_name().context("输出路径没有文件名")?.to_string_lossy();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.with_context(|| format!("无法写入 {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_of_typst_is_the_reports_error_at_the_part_it_could_not_set() {
        let main = "// 〔位置〕report.yaml｜封面\n#cover()\n// 〔位置〕\"sections/operation.md:22｜二（5）\"\n#quote[…]\n";
        let error = compile::TypesetError {
            stage: compile::Stage::Export,
            errors: vec![compile::TypstError {
                message: "internal error: tags weren't properly closed (occurred at typst-pdf/src/tags/tree/build.rs:187:9)"
                    .into(),
                main_line: Some(3),
                detail: String::new(),
            }],
        };
        let d = typeset_diagnostic(&error, main);
        assert!(d.is_error());
        assert_eq!((d.file.to_str(), d.line), (Some("sections/operation.md"), 22));
        assert_eq!(
            d.message,
            "二（5）排版后无法导出为 PDF：排版程序 typst 出错（internal error: tags weren't properly closed）"
        );
        // Without a place (an error in lib.typ), the report as a whole.
        let error = compile::TypesetError {
            errors: vec![compile::TypstError { main_line: None, ..error.errors[0].clone() }],
            ..error
        };
        let d = typeset_diagnostic(&error, main);
        assert_eq!((d.file.to_str(), d.line), (Some("report.yaml"), 0));
        assert!(d.message.starts_with("报告排版后无法导出为 PDF"), "{}", d.message);
    }
}
