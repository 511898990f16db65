//! Running a build: generate, typeset in a kept typst World, export, write
//! the PDF atomically. The library prints nothing: progress goes to the
//! caller's callback.

use std::path::Path;

use anyhow::{Context, Result};

use crate::diag::{Diagnostic, Rule};
use crate::{BuildConfig, BuildOutcome, Generated, Timings, compile, generate, output, render};

/// A step of a build with much evidence, for a progress bar: its number (of
/// [`Step::COUNT`]) and what it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub number: usize,
    pub what: String,
    /// Pages of evidence the document prints (a caller shows progress only
    /// for a build that takes a while).
    pub evidence_pages: usize,
}

impl Step {
    pub const COUNT: usize = 3;
}

/// Loads, renders and compiles; the PDF is written only when the report has
/// no errors (or in draft mode), atomically, so a failed build never leaves
/// a half-written file or destroys the previous one. `progress` is told
/// each step; `None` once the build is done.
pub fn build(config: &BuildConfig, progress: &mut dyn FnMut(Option<Step>)) -> Result<BuildOutcome> {
    let started = std::time::Instant::now();
    let fonts = compile::Fonts::load(&config.font_paths)?;
    let mut builder = Builder::new(fonts);
    let loaded = started.elapsed();
    let mut outcome = builder.build(config, progress)?;
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
        compile::prepare_fonts();
        Self { fonts, world: None }
    }

    /// [`build`] with what the previous builds kept.
    pub fn build(
        &mut self,
        config: &BuildConfig,
        progress: &mut dyn FnMut(Option<Step>),
    ) -> Result<BuildOutcome> {
        let mut timings = Timings::new();
        let mut clock = std::time::Instant::now();
        let mut lap = |name: &'static str| {
            let now = std::time::Instant::now();
            timings.push((name, now - clock));
            clock = now;
        };
        // Refused before any work: an output that would destroy a file.
        let target = output::target(&config.dir, &config.output, output::OutputFormat::Pdf)?;
        if let Some(emit) = &config.emit_typst {
            output::refuse_emit_folder(&config.dir, emit)?;
        }
        let Generated { main, assets, diagnostics, evidence_pages, sources } =
            generate(&config.dir, config.draft, &self.fonts)?;
        let read = sources.iter().map(|(path, _)| path).chain(assets.iter().map(|(rel, _)| rel));
        target.refuse_sources(read)?;
        lap("读取、检查、生成 typst");
        let has_errors = diagnostics.iter().any(Diagnostic::is_error);
        let Some(main) = main.filter(|_| config.draft || !has_errors) else {
            return Ok(BuildOutcome { diagnostics, pages: None, timings, sources });
        };
        if let Some(dir) = &config.emit_typst {
            emit_typst(dir, &main, &assets)?;
        }
        let world = match &mut self.world {
            Some(world) => {
                world.update(main, assets);
                world
            }
            None => self.world.insert(compile::ReportWorld::new(main, assets, self.fonts.clone())),
        };
        progress(Some(Step {
            number: 1,
            what: format!("排版（含印证材料 {evidence_pages} 页）"),
            evidence_pages,
        }));
        let typeset = compile::layout(world).and_then(|document| {
            lap("排版");
            progress(Some(Step {
                number: 2,
                what: format!("导出 PDF（{} 页）", document.pages().len()),
                evidence_pages,
            }));
            compile::export(world, &document).map(|pdf| (document, pdf))
        });
        let (document, pdf) = match typeset {
            Ok(done) => done,
            Err(error) => {
                progress(None);
                let mut diagnostics = diagnostics;
                diagnostics.push(typeset_diagnostic(&error, world.main_text()));
                return Ok(BuildOutcome { diagnostics, pages: None, timings, sources });
            }
        };
        lap("导出 PDF");
        let megabytes = pdf.len() as f64 / 1_048_576.0;
        progress(Some(Step {
            number: 3,
            what: format!("写入 {}（{megabytes:.1} MB）", config.output.display()),
            evidence_pages,
        }));
        target.write(&pdf)?;
        progress(None);
        lap("写入文件");
        Ok(BuildOutcome { diagnostics, pages: Some(document.pages().len()), timings, sources })
    }
}

/// What a build of the Word document did.
#[derive(Debug)]
pub struct WordOutcome {
    /// Every problem found, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether the file was written (not when errors stopped the build).
    pub written: bool,
    /// The size of the file written, in bytes.
    pub bytes: usize,
    pub timings: Timings,
    pub sources: crate::model::Sources,
}

/// Loads and checks the report as [`build`] does, and writes the filled
/// form as a Word document (without the evidence) when the report has no
/// errors, or in draft mode; atomically, through the one output policy.
pub fn word(config: &BuildConfig) -> Result<WordOutcome> {
    let mut timings = Timings::new();
    let mut clock = std::time::Instant::now();
    let mut lap = |name: &'static str| {
        let now = std::time::Instant::now();
        timings.push((name, now - clock));
        clock = now;
    };
    let target = output::target(&config.dir, &config.output, output::OutputFormat::Docx)?;
    let fonts = compile::Fonts::load(&config.font_paths)?;
    let loaded = crate::load::load_from(&crate::load::Source::disk(&config.dir), None)?;
    let mut diagnostics = loaded.diagnostics;
    let sources = loaded.sources;
    let Some(report) = loaded.report else {
        crate::diag::reveal(&sources, &mut diagnostics);
        crate::diag::sort(&mut diagnostics);
        return Ok(WordOutcome { diagnostics, written: false, bytes: 0, timings, sources });
    };
    let read = sources.iter().map(|(path, _)| path).chain(report.assets.iter().map(|(rel, _)| rel));
    target.refuse_sources(read)?;
    let figures = crate::summary::Figures::of(&report);
    diagnostics.extend(crate::check::check(&report, &figures, &|c| fonts.covers(c)));
    crate::diag::reveal(&sources, &mut diagnostics);
    crate::diag::sort(&mut diagnostics);
    diagnostics.dedup();
    lap("读取、检查");
    if !config.draft && diagnostics.iter().any(Diagnostic::is_error) {
        return Ok(WordOutcome { diagnostics, written: false, bytes: 0, timings, sources });
    }
    let document = crate::document::build(&report, &figures);
    let bytes = crate::word::render(&document, &report, config.draft)?.to_bytes()?;
    lap("生成 Word 文档");
    target.write(&bytes)?;
    lap("写入文件");
    Ok(WordOutcome { diagnostics, written: true, bytes: bytes.len(), timings, sources })
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
        Rule::Typeset,
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

/// Writes the generated sources into `dir`, laid out as the world serves
/// them, with the embedded fonts in `dir/fonts` and the files the report
/// places, so that `typst compile --features a11y-extras --root DIR --ignore-system-fonts
/// --font-path DIR/fonts DIR/main.typ` typesets the same document.
fn emit_typst(dir: &Path, main: &str, assets: &crate::model::Assets) -> Result<()> {
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
        write(&format!("fonts/{name}"), bytes.as_slice())?;
    }
    for (rel, asset) in assets.iter() {
        if !asset.bytes.is_empty() {
            write(rel, asset.bytes.as_slice())?;
        }
        if let Some(sheet) = &asset.sheet {
            write(&format!("{rel}{}", crate::model::SHEET), sheet.as_slice())?;
        }
    }
    Ok(())
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
