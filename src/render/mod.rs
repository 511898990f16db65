//! Render the typed report into typst source with the tera templates in
//! `templates/`. Render reports nothing and cannot fail on the report's
//! content: every problem was found by load and `check`.
//!
//! Steps: build the [`View`] of display strings (the answers were converted
//! from Markdown once, by load), render `report.typ.tera` with autoescaping
//! through [`crate::escape::typst_display`]: every `{{ value }}` becomes a
//! typst string literal, so no user text can run as typst code. The only
//! unescaped insertions (`| safe`) are the converted Markdown, which the
//! converter builds from the same escaper, the evidence pages' paths,
//! quoted by [`crate::escape::typst_string`] in the view, the tables'
//! cells: strings each escaped by the same escaper, set in fixed markup
//! (boxes, the template's `breaking`, one paragraph style) by
//! [`view::Pieces`], the columns' widths and the pages' margins, numbers
//! formatted in Rust.

pub mod view;

use std::sync::LazyLock;

use anyhow::{Context, Result};
use tera::Tera;

pub use view::View;

use crate::escape::typst_display;
use crate::model::Report;
use crate::summary::Figures;

pub use crate::compile::LIB_TYP;

/// The tera templates, compiled once per process.
static TEMPLATES: LazyLock<Tera> = LazyLock::new(|| {
    let mut tera = Tera::default();
    tera.add_raw_templates([
        ("report.typ.tera", include_str!("../../templates/report.typ.tera")),
        ("cover.typ.tera", include_str!("../../templates/cover.typ.tera")),
        ("instructions.typ.tera", include_str!("../../templates/instructions.typ.tera")),
        ("summary.typ.tera", include_str!("../../templates/summary.typ.tera")),
        ("members.typ.tera", include_str!("../../templates/members.typ.tera")),
        ("table.typ.tera", include_str!("../../templates/table.typ.tera")),
        ("tables.typ.tera", include_str!("../../templates/tables.typ.tera")),
        ("signatures.typ.tera", include_str!("../../templates/signatures.typ.tera")),
        ("evidence.typ.tera", include_str!("../../templates/evidence.typ.tera")),
    ])
    .expect("the built-in templates parse");
    tera.autoescape_on(vec![".typ.tera"]);
    tera.set_escape_fn(typst_display);
    tera
});

/// The generated typst source of a report.
#[derive(Debug)]
pub struct Rendered {
    pub main: String,
    /// Pages of attached evidence.
    pub evidence_pages: usize,
}

/// Renders `report` into the typst source of the whole document. An error
/// is a bug of the templates, never of the report.
pub fn render(report: &Report, figures: &Figures, draft: bool) -> Result<Rendered> {
    let document = crate::document::build(report, figures);
    let view = view::build(report, &document, draft);
    let main = render_view(&view)?;
    let evidence_pages = view.evidence.items.iter().map(|item| item.pages.len()).sum();
    Ok(Rendered { main, evidence_pages })
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
    let context = tera::Context::from_serialize(view)
        .context("alliance-report 的内部错误：报告的视图无法传给模板（请把报告文件夹发给开发者）")?;
    TEMPLATES.render("report.typ.tera", &context).map_err(|err| {
        let mut chain = vec![err.to_string()];
        let mut source = std::error::Error::source(&err);
        while let Some(s) = source {
            chain.push(s.to_string());
            source = s.source();
        }
        anyhow::anyhow!(
            "alliance-report 的内部错误：模板无法生成（请把报告文件夹发给开发者）：{}",
            chain.join("：")
        )
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
        let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/example-report"));
        let report = crate::load::load(root).unwrap().report.unwrap();
        let main = render(&report, &Figures::of(&report), false).unwrap().main;
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
