//! 一、联盟简况 for the template, from the document's grid: every cell as
//! a typst expression (`L`, `V`, `tick`, `pair` of `templates/lib.typ`). A
//! value the author wrote is cut into pieces (a typst array, see
//! [`Pieces`]), so that it never leaves one character alone on a line (the
//! 层 of an address).

use serde::Serialize;

use super::anchors;
use super::cells::{self, Pieces};
use super::tables::{self, PORTRAIT_MARGIN};
use crate::breaks::{Lexicon, ideograph};
use crate::document::{Count, Grid, GridCell, GridContent, Link, Orientation, Part, Tick};
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
    /// Whether the block may break across pages: only when it is taller
    /// than a page (a very long value), since an unbreakable block runs off
    /// the page and its text is lost. The form keeps each block whole.
    pub breakable: bool,
}

/// The width of the vertical label's column, in mm.
const SIDE_WIDTH: f64 = 7.0;

/// The indent of a breakdown's lines after the first, under the text after
/// 其中, in em.
const OF_WHICH_INDENT: f64 = 3.0;

pub(super) fn view(part: &Part, grid: &Grid, lexicon: &Lexicon) -> SummaryView {
    // The columns after the vertical label share the page's text width.
    let page = tables::text_width(tables::A4.0, PORTRAIT_MARGIN);
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
            .map(|rows| {
                let cells: Vec<Vec<(String, usize)>> =
                    rows.iter().map(|row| row.iter().map(|c| set.cell(c)).collect()).collect();
                // Rows as tall as their tallest cell (a cell that spans
                // rows, the vertical label, is short beside them).
                let height: f64 = cells
                    .iter()
                    .map(|row| {
                        let lines = row.iter().map(|(_, lines)| *lines).max().unwrap_or(1);
                        tables::cell_height(std::iter::repeat_n(1.0, lines), cells::line_height())
                    })
                    .sum();
                SummaryBlock {
                    rows: cells
                        .into_iter()
                        .map(|row| row.into_iter().map(|(cell, _)| cell).collect())
                        .collect(),
                    breakable: height > tables::text_height(Orientation::Portrait),
                }
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
    /// A cell as a typst expression, and how many lines it takes: a value
    /// broken into lines by the rules of every table cell (see
    /// [`Pieces::cell`]).
    fn cell(&self, cell: &GridCell) -> (String, usize) {
        let n = cell.colspan;
        let room = cells::room(self.column * f64::from(n));
        let left = |body: String| format!("table.cell(colspan: {n}, align: left + horizon)[{body}]");
        match &cell.content {
            GridContent::Label(lines) => {
                let pieces: Vec<Pieces> = lines.iter().map(|l| Pieces::of(l)).collect();
                let height = pieces.iter().map(|p| p.height(room, self.lexicon)).sum();
                let lines: Vec<String> =
                    pieces.iter().map(|p| format!("#{}", p.cell(room, self.lexicon))).collect();
                (format!("L(colspan: {n})[{}]", lines.join(" \\ ")), height)
            }
            GridContent::Value(text) => {
                let pieces = Pieces::of(text);
                let lines = pieces.height(room, self.lexicon);
                (value(n, &pieces.cell(room, self.lexicon), text, lines, room), lines)
            }
            GridContent::Figure(text, to) => (value(n, &linked(text, *to), text, 1, room), 1),
            // One line centred, as 级别; several on the left, as 筹集渠道.
            GridContent::Ticks(lines) if lines.len() == 1 => {
                (format!("V(colspan: {n}, [{}])", ticks(&lines[0], "1.5em")), 1)
            }
            GridContent::Ticks(lines) => {
                let shown: Vec<String> = lines.iter().map(|l| ticks(l, "0.5em")).collect();
                (left(shown.join(" \\ ")), lines.len())
            }
            // Lines after the first stand under the first's text after 其中;
            // each item (学会协会 1 个；) stays whole on a line.
            GridContent::Lines(lines, links) => {
                let mut height = 0;
                let lines: Vec<String> = lines
                    .iter()
                    .enumerate()
                    .map(|(i, l)| {
                        let indent = if i == 0 { 0.0 } else { OF_WHICH_INDENT };
                        let pieces = Pieces::items(l);
                        height += pieces.height(room - indent, self.lexicon);
                        let text = pieces.cell(room - indent, self.lexicon);
                        format!("#{}", linked_items(l, text, links))
                    })
                    .collect();
                (left(lines.join(&format!(" \\ #h({OF_WHICH_INDENT}em)"))), height)
            }
            GridContent::Pair([a, b]) => {
                let count = |c: &Count| format!("{}, {}", typst_display(c.label), linked(&c.value, c.to));
                (format!("V(colspan: {n}, pair({}, {}))", count(a), count(b)), 2)
            }
        }
    }
}

/// A value cell `n` columns wide of `text`, set as `shown` in `lines`. A
/// single word too wide for the `room` of its cell (a long number, an
/// address that has no @ or dot to break at) shrinks to fit, down to 小五;
/// one still too wide then breaks anywhere (`breaking` of the template).
fn value(n: u32, shown: &str, text: &str, lines: usize, room: f64) -> String {
    let word = lines == 1 && !text.chars().any(|c| c.is_whitespace() || ideograph(c));
    let wide = cells::width(text);
    // `room` keeps a little for the rounding of advances, which a line
    // of one word, measured whole, does not need.
    let room = room + cells::ROUNDING;
    if !word || wide <= room {
        return format!("V(colspan: {n}, {shown})");
    }
    let size = (cells::WU_HAO * room / wide * 0.98).max(XIAO_WU);
    let body = if wide * size / cells::WU_HAO > room {
        format!("breaking({})", typst_display(text))
    } else {
        shown.to_owned()
    };
    format!("V(colspan: {n}, size: {size:.2}pt, {body})")
}

/// 小五, in pt: the smallest a value shrinks to.
const XIAO_WU: f64 = 9.0;
