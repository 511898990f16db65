//! 一、联盟简况 for the template, from the document's grid: every cell as
//! a typst expression (`L`, `V`, `tick`, `pair` of `templates/lib.typ`). A
//! value the author wrote is cut into pieces (a typst array, see
//! [`Pieces`]), so that it never leaves one character alone on a line (the
//! 层 of an address).

use serde::Serialize;

use super::cells::Pieces;
use crate::document::{Grid, GridCell, GridContent, Part, Tick};
use crate::escape::typst_display;

/// 一: its vertical label, its columns and its blocks.
#[derive(Debug, Serialize)]
pub struct SummaryView {
    /// Where 一 comes from (see [`crate::render::place_at`]).
    pub place: String,
    /// 一、联盟简况.
    pub title: String,
    pub side: &'static str,
    pub columns: u32,
    pub blocks: Vec<SummaryBlock>,
}

/// A block of 一: its rows of cells (the vertical label spans them).
#[derive(Debug, Serialize)]
pub struct SummaryBlock {
    pub rows: Vec<Vec<String>>,
}

pub(super) fn view(part: &Part, grid: &Grid) -> SummaryView {
    SummaryView {
        place: format!("{}｜{}", part.file, part.label),
        title: part.label.clone(),
        side: grid.side,
        columns: grid.columns,
        blocks: grid
            .blocks
            .iter()
            .map(|rows| SummaryBlock {
                rows: rows.iter().map(|row| row.iter().map(cell).collect()).collect(),
            })
            .collect(),
    }
}

/// Lines of escaped strings in markup.
fn markup_lines(lines: &[String], indent: &str) -> String {
    let lines: Vec<String> = lines.iter().map(|l| format!("#{}", typst_display(l))).collect();
    lines.join(&format!(" \\ {indent}"))
}

fn ticks(line: &[Tick], space: &str) -> String {
    let ticks: Vec<String> =
        line.iter().map(|t| format!("#tick({}, {})", t.checked, typst_display(t.label))).collect();
    ticks.join(&format!(" #h({space}) "))
}

/// A cell as a typst expression.
fn cell(cell: &GridCell) -> String {
    let n = cell.colspan;
    let left = |body: String| format!("table.cell(colspan: {n}, align: left + horizon)[{body}]");
    match &cell.content {
        GridContent::Label(lines) => format!("L(colspan: {n})[{}]", markup_lines(lines, "")),
        GridContent::Value(text) => format!("V(colspan: {n}, {})", Pieces::of(text).typst()),
        GridContent::Figure(text) => format!("V(colspan: {n}, {})", typst_display(text)),
        // One line centred, as 级别; several on the left, as 筹集渠道.
        GridContent::Ticks(lines) if lines.len() == 1 => {
            format!("V(colspan: {n}, [{}])", ticks(&lines[0], "1.5em"))
        }
        GridContent::Ticks(lines) => {
            let lines: Vec<String> = lines.iter().map(|l| ticks(l, "0.5em")).collect();
            left(lines.join(" \\ "))
        }
        // Lines after the first stand under the first's text after 其中.
        GridContent::Lines(lines) => left(markup_lines(lines, "#h(3em)")),
        GridContent::Pair([a, b]) => format!(
            "V(colspan: {n}, pair({}, {}, {}, {}))",
            typst_display(a.label),
            typst_display(&a.value),
            typst_display(b.label),
            typst_display(&b.value)
        ),
    }
}
