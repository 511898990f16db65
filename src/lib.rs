//! `alliance-report`: validate a report folder and typeset the official
//! 山西省产业技术创新战略联盟考核及绩效评价报告 as PDF.
//!
//! The pipeline runs one way, one module per step:
//! load every file once ([`load`], by the catalogue of the form in
//! [`form`]) -> typed model ([`model`]) -> derived figures ([`summary`])
//! -> the form's rules ([`check`]) -> typst source ([`render`], with the one
//! escaper in [`escape`]) -> PDF ([`compile`], a World that serves only what
//! load read). [`lsp`] serves the same checks to an editor, without typst.
//! [`diag`] holds the problems found on the way; [`cli`] turns
//! arguments into the [`BuildConfig`]; [`build`] runs the steps.

pub mod attachments;
pub mod breaks;
pub mod build;
pub mod check;
pub mod cli;
pub mod compile;
pub mod diag;
pub mod diff;
pub mod document;
pub mod docx;
pub mod escape;
pub mod form;
pub mod init;
pub mod load;
pub mod lsp;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod schema;
pub mod suggest;
pub mod summary;
pub mod watch;
pub mod word;
pub mod xlsx;
pub mod yaml;

use std::path::{Path, PathBuf};

use anyhow::Result;

pub use build::{Builder, Step, build};
use diag::Diagnostic;
use model::{Assets, Sources};

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
    /// The files read, for printing the diagnostics.
    pub sources: Sources,
}

/// What the steps before typst produce.
#[derive(Debug)]
pub struct Generated {
    /// The typst source of the document, if the report loaded.
    pub main: Option<String>,
    /// The files it places (images, evidence), read by load.
    pub assets: Assets,
    /// Every problem found, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// Pages of attached evidence the document prints.
    pub evidence_pages: usize,
    /// The text of every file read.
    pub sources: Sources,
}

/// Loads and checks the report in `dir` and renders its typst source (if it
/// loaded): load, derive the figures once, check, render.
pub fn generate(dir: &Path, draft: bool, fonts: &compile::Fonts) -> Result<Generated> {
    generate_from(&load::Source::disk(dir), draft, fonts)
}

/// [`generate`] for the report `source` holds (a folder, a git revision).
pub fn generate_from(source: &load::Source, draft: bool, fonts: &compile::Fonts) -> Result<Generated> {
    let checked = check_from(source, None, fonts)?;
    let (main, assets, evidence_pages) = match checked.report {
        Some(report) => {
            let rendered = render::render(&report, &checked.figures, draft)?;
            (Some(rendered.main), report.assets, rendered.evidence_pages)
        }
        None => (None, Assets::default(), 0),
    };
    let Checked { diagnostics, sources, .. } = checked;
    Ok(Generated { main, assets, diagnostics, evidence_pages, sources })
}

/// What `check` finds: the report, if it loaded, with its figures, and
/// every problem.
#[derive(Debug)]
pub struct Checked {
    pub report: Option<model::Report>,
    pub figures: summary::Figures,
    /// Every problem found, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// The text of every file read.
    pub sources: Sources,
}

/// Loads and checks the report `source` holds, with no typst in the way:
/// load, derive the figures once, check. `earlier`: the files an earlier
/// load of the same folder read ([`load::load_from`]), so that an editor's
/// keystroke does not read the evidence again.
pub fn check_from(
    source: &load::Source,
    earlier: Option<&Assets>,
    fonts: &compile::Fonts,
) -> Result<Checked> {
    let loaded = load::load_from(source, earlier)?;
    let mut diagnostics = loaded.diagnostics;
    let figures = loaded.report.as_ref().map(summary::Figures::of).unwrap_or_default();
    if let Some(report) = &loaded.report {
        diagnostics.extend(check::check(report, &figures, &|c| fonts.covers(c)));
    }
    diag::reveal(&loaded.sources, &mut diagnostics);
    diag::sort(&mut diagnostics);
    diagnostics.dedup();
    Ok(Checked { report: loaded.report, figures, diagnostics, sources: loaded.sources })
}
