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

/// How the templates mark, in the generated source, where each part of the
/// document comes from: a comment line `// 〔位置〕FILE[:LINE]｜LABEL`, before
/// the part. User text never starts a line of the generated source (it is
/// always inside a string literal, with its line breaks escaped).
pub const PLACE_MARK: &str = "// 〔位置〕";

/// Where a part of the document comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The file, relative to the report folder.
    pub file: String,
    /// 1-based line, 0 for the whole file.
    pub line: usize,
    /// The part as the form names it: 二（5）, 表3 技术创新成果一览表.
    pub label: String,
}

/// The place of the part that line `line` (0-based) of the generated
/// source `main` belongs to: the last place mark at or above it.
pub fn place_at(main: &str, line: usize) -> Option<Place> {
    let mark = main.lines().take(line + 1).filter_map(|l| l.trim_start().strip_prefix(PLACE_MARK)).last()?;
    // A mark written from a view value is an escaped string literal.
    let mark = mark.trim().trim_matches('"');
    let (source, label) = mark.split_once('｜')?;
    let (file, line) = match source.rsplit_once(':') {
        Some((file, line)) if line.parse::<usize>().is_ok() => (file, line.parse().unwrap_or(0)),
        _ => (source, 0),
    };
    Some(Place { file: file.to_owned(), line, label: label.to_owned() })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_line_belongs_to_the_place_marked_last_above_it() {
        let main = "#import \"/lib.typ\": *\n\
                    // 〔位置〕report.yaml｜封面\n\
                    #cover()\n\
                    // 〔位置〕\"sections/operation.md:22｜二（5）\"\n\
                    (\"（5）存在的问题。\", [\n\
                    #\"// 〔位置〕members.yaml｜not a mark: inside a string\";\n\
                    ])\n";
        assert_eq!(place_at(main, 0), None);
        let cover = Place { file: "report.yaml".into(), line: 0, label: "封面".into() };
        assert_eq!(place_at(main, 2), Some(cover));
        let answer = Place { file: "sections/operation.md".into(), line: 22, label: "二（5）".into() };
        assert_eq!(place_at(main, 5), Some(answer.clone()));
        assert_eq!(place_at(main, 6), Some(answer));
    }

    #[test]
    fn every_part_of_the_document_is_marked_with_its_place() {
        let loaded =
            crate::load::load(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/example-report"))).unwrap();
        let report = loaded.report.unwrap();
        let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/example-report"));
        let attachments = crate::evidence::inspect(root, &report);
        let main = render(&report, root, false, &attachments).unwrap().main;
        let labels: Vec<String> =
            (0..main.lines().count()).filter_map(|i| place_at(&main, i)).map(|p| p.label).collect();
        for label in [
            "封面",
            "填写说明",
            "一、联盟简况",
            "二（1）",
            "三（5）",
            "四（3）",
            "五、联盟成员单位在联盟中的作用",
        ]
        .into_iter()
        .chain(["表1 ", "表2 ", "表3 ", "表4 ", "表5 ", "六、", "七、", "八、", "九、相关印证材料"])
        {
            assert!(labels.iter().any(|l| l.starts_with(label)), "no part {label} in {labels:?}");
        }
        // The marks name real lines: 二（1）'s answer starts at its heading.
        let answer =
            (0..main.lines().count()).filter_map(|i| place_at(&main, i)).find(|p| p.label == "二（1）");
        assert_eq!(answer.map(|p| (p.file, p.line)), Some(("sections/operation.md".into(), 1)));
    }
}
