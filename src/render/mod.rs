//! Render the typed report into typst source with the tera templates in
//! `templates/`.
//!
//! Steps: convert each prompt's Markdown answer to typst markup, build the
//! [`View`] of display strings, render `report.typ.tera` with autoescaping
//! through [`crate::escape::typst_string`]: every `{{ value }}` becomes a
//! typst string literal, so no user text can run as typst code. The only
//! unescaped insertion is the converted Markdown (`| safe`), which the
//! converter builds from the same escaper.

pub mod view;

use std::path::Path;
use std::sync::LazyLock;

use anyhow::{Context, Result};
use tera::Tera;

pub use view::View;

use crate::diag::Diagnostic;
use crate::escape::typst_string;
use crate::evidence::Attachments;
use crate::markdown;
use crate::model::Report;
use crate::summary;

/// The static typst library the generated source imports as `/lib.typ`.
pub const LIB_TYP: &str = include_str!("../../templates/lib.typ");

/// The tera templates, compiled once per process.
static TEMPLATES: LazyLock<Tera> = LazyLock::new(|| {
    let mut tera = Tera::default();
    tera.add_raw_templates([
        ("report.typ.tera", include_str!("../../templates/report.typ.tera")),
        ("cover.typ.tera", include_str!("../../templates/cover.typ.tera")),
        ("instructions.typ.tera", include_str!("../../templates/instructions.typ.tera")),
        ("summary.typ.tera", include_str!("../../templates/summary.typ.tera")),
        ("members.typ.tera", include_str!("../../templates/members.typ.tera")),
        ("tables.typ.tera", include_str!("../../templates/tables.typ.tera")),
        ("signatures.typ.tera", include_str!("../../templates/signatures.typ.tera")),
        ("evidence.typ.tera", include_str!("../../templates/evidence.typ.tera")),
    ])
    .expect("the built-in templates parse");
    tera.autoescape_on(vec![".typ.tera"]);
    tera.set_escape_fn(typst_string);
    tera
});

/// The generated typst source of a report, with what the conversion noticed.
#[derive(Debug)]
pub struct Rendered {
    pub main: String,
    /// Files the document places (the Markdown's images, the evidence), as
    /// virtual paths inside the report.
    pub images: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
    /// Pages of attached evidence.
    pub evidence_pages: usize,
}

/// Renders `report`, whose folder is `root`, into the typst source of the
/// whole document.
pub fn render(report: &Report, root: &Path, draft: bool, attachments: &Attachments) -> Result<Rendered> {
    let mut diagnostics = Vec::new();
    let mut images = Vec::new();
    let image_exists = |vpath: &str| is_image(vpath) && inside(root, vpath);
    let options = markdown::Options { base_dir: "/sections", image_exists: &image_exists };
    let answers = report
        .sections
        .iter()
        .map(|section| {
            let file = format!("sections/{}", section.part.file_name());
            section
                .answers
                .iter()
                .map(|answer| {
                    let answer = answer.as_ref()?;
                    let converted = markdown::to_typst(&answer.markdown, &options);
                    // Line n of the answer is line body_line + n - 1 of the file.
                    diagnostics.extend(converted.warnings.into_iter().map(|w| {
                        Diagnostic::warning(
                            file.as_str(),
                            answer.body_line + w.line.saturating_sub(1),
                            0,
                            w.message,
                        )
                    }));
                    images.extend(converted.images);
                    Some(converted.typst)
                })
                .collect()
        })
        .collect();
    let summary = summary::resolve(report);
    let view = view::build(report, &summary, answers, attachments, draft);
    // The evidence files are placed too.
    for page in view.evidence.items.iter().flat_map(|item| &item.pages) {
        if !page.path.is_empty() && !images.contains(&page.path) {
            images.push(page.path.clone());
        }
    }
    let main = render_view(&view)?;
    let evidence_pages = view.evidence.items.iter().map(|item| item.pages.len()).sum();
    Ok(Rendered { main, images, diagnostics, evidence_pages })
}

/// The image formats typst places, by file extension.
pub const IMAGE_EXTENSIONS: [&str; 6] = ["png", "jpg", "jpeg", "gif", "svg", "webp"];

/// Whether `path` ends in an image extension typst can place.
pub fn is_image(path: &str) -> bool {
    path.rsplit_once('.')
        .is_some_and(|(_, ext)| IMAGE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
}

/// Whether the virtual path `vpath` names a file inside `root`, also after
/// following symbolic links.
pub fn inside(root: &Path, vpath: &str) -> bool {
    let Some(relative) = vpath.strip_prefix('/') else { return false };
    if relative.split(['/', '\\']).any(|s| s == "..") {
        return false;
    }
    match (root.join(relative).canonicalize(), root.canonicalize()) {
        (Ok(path), Ok(root)) => path.starts_with(root) && path.is_file(),
        _ => false,
    }
}

/// Renders a view with the built-in templates.
pub fn render_view(view: &View) -> Result<String> {
    let context =
        tera::Context::from_serialize(view).context("internal error: the view does not serialize")?;
    TEMPLATES.render("report.typ.tera", &context).map_err(|err| {
        let mut chain = vec![err.to_string()];
        let mut source = std::error::Error::source(&err);
        while let Some(s) = source {
            chain.push(s.to_string());
            source = s.source();
        }
        anyhow::anyhow!("internal error in the templates: {}", chain.join(": "))
    })
}
