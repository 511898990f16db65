//! 一、联盟简况 for the template, from the document's grid: every cell as
//! a typst expression (`L`, `V`, `tick`, `pair` of `templates/lib.typ`). A
//! value the author wrote is cut into pieces (a typst array, see
//! [`Pieces`]), so that it never leaves one character alone on a line (the
//! 层 of an address).

use serde::Serialize;

use super::anchors;
use super::cells::{self, Pieces};
use super::tables::PORTRAIT_MARGIN;
use crate::breaks::Lexicon;
use crate::document::{Count, Grid, GridCell, GridContent, Link, Part, Tick};
use crate::escape::typst_display;
use crate::summary::RowRef;

/// 一: its vertical label, its columns and its blocks.
#[derive(Debug, Serialize)]
pub struct SummaryView {
    /// Where 一 comes from (see [`crate::render::place_at`]).
    pub place: String,
    /// 一、联盟简况.
    pub title: String,
    /// The label of its heading.
    pub anchor: String,
    pub side: &'static str,
    /// The width of the vertical label's column, a typst length.
    pub side_width: String,
    pub columns: u32,
    pub blocks: Vec<SummaryBlock>,
}

/// A block of 一: its rows of cells (the vertical label spans them).
#[derive(Debug, Serialize)]
pub struct SummaryBlock {
    pub rows: Vec<Vec<String>>,
}

/// The width of the vertical label's column, in mm.
const SIDE_WIDTH: f64 = 7.0;

/// The indent of a breakdown's lines after the first, under the text after
/// 其中, in em.
const OF_WHICH_INDENT: f64 = 3.0;

pub(super) fn view(part: &Part, grid: &Grid, lexicon: &Lexicon) -> SummaryView {
    // The columns after the vertical label share the page's text width.
    let page = super::tables::text_width(super::tables::A4.0, PORTRAIT_MARGIN);
    let column = (page - SIDE_WIDTH * 72.0 / 25.4 / cells::WU_HAO) / f64::from(grid.columns);
    let set = Set { column, lexicon };
    SummaryView {
        place: format!("{}｜{}", part.file, part.label),
        title: part.label.clone(),
        anchor: anchors::part(1),
        side: grid.side,
        side_width: format!("{SIDE_WIDTH}mm"),
        columns: grid.columns,
        blocks: grid
            .blocks
            .iter()
            .map(|rows| SummaryBlock {
                rows: rows.iter().map(|row| row.iter().map(|c| set.cell(c)).collect()).collect(),
            })
            .collect(),
    }
}

/// What sets a cell: the width of a column, in em of 五号, and the words
/// that never break.
struct Set<'l> {
    column: f64,
    lexicon: &'l Lexicon,
}

fn ticks(line: &[Tick], space: &str) -> String {
    let ticks: Vec<String> =
        line.iter().map(|t| format!("#tick({}, {})", t.checked, typst_display(t.label))).collect();
    ticks.join(&format!(" #h({space}) "))
}

/// A figure as a typst expression: a string, or a link to the first row it
/// counts.
fn linked(figure: &str, to: Option<RowRef>) -> String {
    match to {
        Some(to) => anchors::link(&anchors::row(to), &typst_display(figure)),
        None => typst_display(figure),
    }
}

/// The typst expression `text` of a line of a breakdown, its items of
/// `links` each a link to its row: a show rule on the item's words, which
/// finds them however the line is set (an item stays whole on a line).
fn linked_items(line: &str, text: String, links: &[Link]) -> String {
    let rules: String = links
        .iter()
        .filter(|l| line.contains(&l.text))
        .map(|l| {
            format!("show {}: it => {}; ", typst_display(&l.text), anchors::link(&anchors::row(l.to), "it"))
        })
        .collect();
    if rules.is_empty() { text } else { format!("{{{rules}{text}}}") }
}

impl Set<'_> {
    /// A cell as a typst expression: a value broken into lines by the rules
    /// of every table cell (see [`Pieces::cell`]).
    fn cell(&self, cell: &GridCell) -> String {
        let n = cell.colspan;
        let room = cells::room(self.column * f64::from(n));
        let left = |body: String| format!("table.cell(colspan: {n}, align: left + horizon)[{body}]");
        match &cell.content {
            GridContent::Label(lines) => {
                let lines: Vec<String> =
                    lines.iter().map(|l| format!("#{}", Pieces::of(l).cell(room, self.lexicon))).collect();
                format!("L(colspan: {n})[{}]", lines.join(" \\ "))
            }
            GridContent::Value(text) => {
                format!("V(colspan: {n}, {})", Pieces::of(text).cell(room, self.lexicon))
            }
            GridContent::Figure(text, to) => format!("V(colspan: {n}, {})", linked(text, *to)),
            // One line centred, as 级别; several on the left, as 筹集渠道.
            GridContent::Ticks(lines) if lines.len() == 1 => {
                format!("V(colspan: {n}, [{}])", ticks(&lines[0], "1.5em"))
            }
            GridContent::Ticks(lines) => {
                let lines: Vec<String> = lines.iter().map(|l| ticks(l, "0.5em")).collect();
                left(lines.join(" \\ "))
            }
            // Lines after the first stand under the first's text after 其中;
            // each item (学会协会 1 个；) stays whole on a line.
            GridContent::Lines(lines, links) => {
                let lines: Vec<String> = lines
                    .iter()
                    .enumerate()
                    .map(|(i, l)| {
                        let indent = if i == 0 { 0.0 } else { OF_WHICH_INDENT };
                        let text = Pieces::items(l).cell(room - indent, self.lexicon);
                        format!("#{}", linked_items(l, text, links))
                    })
                    .collect();
                left(lines.join(&format!(" \\ #h({OF_WHICH_INDENT}em)")))
            }
            GridContent::Pair([a, b]) => {
                let count = |c: &Count| format!("{}, {}", typst_display(c.label), linked(&c.value, c.to));
                format!("V(colspan: {n}, pair({}, {}))", count(a), count(b))
            }
        }
    }
}
