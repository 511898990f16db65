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
pub mod escape;
pub mod form;
pub mod load;
pub mod markdown;
pub mod model;
pub mod render;
pub mod sections;
pub mod summary;

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
}

/// What a build did.
#[derive(Debug)]
pub struct BuildOutcome {
    /// Every problem found, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// Pages written, or `None` when errors stopped the build.
    pub pages: Option<usize>,
}

/// Loads, renders and compiles; the PDF is written only when the report has
/// no errors (or in draft mode), atomically, so a failed build never leaves
/// a half-written file or destroys the previous one.
pub fn build(config: &BuildConfig) -> Result<BuildOutcome> {
    let fonts = compile::Fonts::load(&config.font_paths);
    let (source, diagnostics) = generate(&config.dir, config.draft, &fonts)?;
    let has_errors = diagnostics.iter().any(Diagnostic::is_error);
    let Some(main) = source.filter(|_| config.draft || !has_errors) else {
        return Ok(BuildOutcome { diagnostics, pages: None });
    };
    if let Some(dir) = &config.emit_typst {
        emit_typst(dir, &main)?;
    }
    let world = compile::ReportWorld::new(&config.dir, main, fonts);
    let (pdf, pages) = compile::compile_pdf(&world)?;
    write_atomically(&config.output, &pdf)?;
    Ok(BuildOutcome { diagnostics, pages: Some(pages) })
}

/// Loads and checks the report in `dir` and renders its typst source (if it
/// loaded); returns the source and every problem found, sorted.
pub fn generate(
    dir: &Path,
    draft: bool,
    fonts: &compile::Fonts,
) -> Result<(Option<String>, Vec<Diagnostic>)> {
    let loaded = load::load(dir)?;
    let mut diagnostics = loaded.diagnostics;
    let source = match loaded.report {
        Some(report) => {
            // A line the loader already complained about (a value it could
            // not read) would otherwise also be reported as missing.
            let known: Vec<(PathBuf, usize)> = diagnostics.iter().map(|d| (d.file.clone(), d.line)).collect();
            let checked = check::check(&report, &loaded.files, dir, &|c| fonts.covers(c));
            diagnostics.extend(checked.into_iter().filter(|d| !known.contains(&(d.file.clone(), d.line))));
            let rendered = render::render(&report, dir, draft)?;
            diagnostics.extend(rendered.diagnostics);
            Some(rendered.main)
        }
        None => None,
    };
    diag::sort(&mut diagnostics);
    diagnostics.dedup();
    Ok((source, diagnostics))
}

/// Writes the generated sources into `dir`, laid out as the world serves them.
fn emit_typst(dir: &Path, main: &str) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("无法创建 {}", dir.display()))?;
    for (name, text) in [("main.typ", main), ("lib.typ", render::LIB_TYP)] {
        let path = dir.join(name);
        std::fs::write(&path, text).with_context(|| format!("无法写入 {}", path.display()))?;
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
