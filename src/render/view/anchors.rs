//! The places a link of the PDF leads to, as typst labels, and the links
//! themselves. The document decides what links where (see
//! [`crate::document::RowRef`], [`Target`]); here each place gets its
//! label: a row of a table in its 序号 cell, an item of evidence at its
//! heading (`evidence-label` of `templates/lib.typ`), 一 to 四 at their
//! headings.

use crate::document::{RowRef, Target};
use crate::form::SectionPart;

/// The label of a row of 五 or 表1–表5: `<row-4-7>`.
pub fn row(at: RowRef) -> String {
    format!("<row-{}-{}>", at.table, at.row)
}

/// The label of item `no` (4-1) of 九, on its heading.
pub fn evidence(no: &str) -> String {
    format!("<evidence-{no}>")
}

/// The label of the part 一 (1) to 四 (4), on its heading.
pub fn part(n: usize) -> String {
    format!("<part-{n}>")
}

/// The label of a section, 二 to 四.
pub fn section(part: SectionPart) -> String {
    self::part(SectionPart::ALL.iter().position(|p| *p == part).unwrap_or(0) + 2)
}

/// The label of what an item of evidence supports: its row, or the
/// heading of its part (a prompt of 二–四 has no label of its own).
pub fn target(target: &Target) -> String {
    match target {
        Target::Summary(_) => part(1),
        Target::Section(part, _) => section(*part),
        Target::Row(table, row) => self::row(RowRef { table: *table, row: *row }),
    }
}

/// `body`, a typst expression, as a link to `label` (`link-to` of
/// `templates/lib.typ`, pointed after layout: see `crate::compile`).
pub fn link(label: &str, body: &str) -> String {
    format!("link-to({label}, {body})")
}

/// A mark of no size at the place of `label`, in markup.
pub fn anchor(label: &str) -> String {
    format!("#metadata(none){label}")
}
