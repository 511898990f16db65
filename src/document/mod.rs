//! The report as a document: the form's parts in order, each with its
//! blocks, holding display values only (the strings the form prints: 无,
//! 编号：无, 2023年3月). Nothing here knows an output format: no typst
//! markup, no widths measured with a font. Each renderer (typst for the
//! PDF, Word) reads this model and only lays it out.
//!
//! Steps: [`build`] takes the loaded [`Report`] and its [`Figures`] and
//! walks the catalogue (`src/form/`): 一 becomes a [`Grid`] of label and
//! value cells with their spans, 五 and 表1–表5 become [`Table`]s with
//! their header rows, columns and rows of [`Cell`]s.

mod summary;
mod tables;

pub use summary::{Count, Grid, GridCell, GridContent, GridRow, Tick};
pub use tables::{Cell, Column, Table, refs};

pub use crate::form::{Align, Header as HeaderCell};
use crate::model::{Record, Report, Value};
use crate::summary::Figures;

/// What the text "无" stands for: a cell with nothing to say.
pub const NONE: &str = "无";

/// The parts of the report that the model holds, in the form's order.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub parts: Vec<Part>,
}

/// A part of the form.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// The part as the form names it: 一、联盟简况, 表1 技术合作创新项目一览表.
    pub label: String,
    /// The file of the report it comes from, relative to the report folder.
    pub file: &'static str,
    /// How its pages are set: 表1–表5 on landscape pages.
    pub orientation: Orientation,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    Portrait,
    Landscape,
}

/// A block of a part.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Label and value cells on a grid (一).
    Grid(Grid),
    /// A table with header rows (五, 表1–表5).
    Table(Table),
}

impl Document {
    /// 一 and its grid.
    pub fn summary(&self) -> (&Part, &Grid) {
        self.parts
            .iter()
            .find_map(|p| {
                p.blocks.iter().find_map(|b| match b {
                    Block::Grid(g) => Some((p, g)),
                    _ => None,
                })
            })
            .expect("the document has 一")
    }

    /// The tables, in the form's order: 五, 表1–表5.
    pub fn tables(&self) -> impl Iterator<Item = (&Part, &Table)> {
        self.parts.iter().flat_map(|p| {
            p.blocks.iter().filter_map(move |b| match b {
                Block::Table(t) => Some((p, t)),
                _ => None,
            })
        })
    }
}

/// Builds the document of `report`.
pub fn build(report: &Report, figures: &Figures) -> Document {
    let refs = if report.evidence_refs() { refs(report) } else { Default::default() };
    let alliance = crate::form::field(crate::form::REPORT.fields, "alliance");
    let mut parts = vec![Part {
        label: alliance.label.to_owned(),
        file: crate::form::REPORT.path,
        orientation: Orientation::Portrait,
        blocks: vec![Block::Grid(summary::grid(report, &figures.shown()))],
    }];
    parts.extend(tables::tables(report, &refs));
    Document { parts }
}

/// A field of a record as the form prints it: its text, number or date, a
/// list joined with 、, or 无 when it has nothing.
pub fn shown(record: &Record, key: &str) -> String {
    match record.get(key) {
        Some(Value::Text(t) | Value::Choice(t)) if !t.trim().is_empty() => t.trim().to_owned(),
        Some(Value::Count(n)) => n.to_string(),
        Some(Value::Amount(a)) => a.display(),
        Some(Value::Date(d)) => d.chinese(),
        Some(Value::Year(y)) => y.to_string(),
        Some(Value::List(items)) => {
            let texts = record.texts(key);
            if items.is_empty() || texts.is_empty() { NONE.to_owned() } else { texts.join("、") }
        }
        _ => NONE.to_owned(),
    }
}
