//! 五 and 表1–表5 as the form's tables, and 九's index of the evidence:
//! one function lays out every table by its columns. The header rows are
//! merged as the catalogue spans them (a cell over two rows is a vertical
//! merge, one over four columns a horizontal span) and repeat on every
//! page; rows do not split across pages; the 注 follows the table.

use crate::document::{self, EvidenceIndex, Part, Table};
use crate::docx::{
    self, Align, Block, Cell, Font, Paragraph, Row, RowHeight, Run, Section, Size, Style, Twips,
};
use crate::form::{EVIDENCE_INDEX, EVIDENCE_INDEX_COLUMNS};

use super::{EVIDENCE_NOT_INCLUDED, WU_HAO, ems, heading, widest_line};

/// Left and right padding of a cell, in twips (Word's default).
const PADDING: Twips = 108;

/// Text longer than this many characters on a line is better wrapped than
/// given the width: beyond it a column asks a quarter as much.
const LONG: f64 = 14.0;

/// The size of the lines under a cell's text (小五 under 五号).
const SMALL: f64 = 9.0 / 10.5;

/// What a column asks: the least width its text can take (its longest
/// unbreakable piece), and the width that sets its text on one line.
#[derive(Clone, Copy, Default)]
struct Extent {
    min: f64,
    max: f64,
}

impl Extent {
    fn of(text: &str) -> Extent {
        Extent { min: unbreakable(text), max: widest_line(text) }
    }

    fn join(self, other: Extent) -> Extent {
        Extent { min: self.min.max(other.min), max: self.max.max(other.max) }
    }

    fn scaled(self, by: f64) -> Extent {
        Extent { min: self.min * by, max: self.max * by }
    }
}

/// The longest piece of `text` that no line should break: a run of Latin
/// letters, digits and their punctuation (a code, a number, an address),
/// a short line of Han characters whole (自主研发), or a unit in brackets
/// ((万元)); a longer line wraps anywhere but keeps four characters a line.
fn unbreakable(text: &str) -> f64 {
    let mut longest: f64 = 0.0;
    for line in text.lines() {
        if line.chars().any(crate::diag::is_wide) {
            longest = longest.max(ems(line).min(4.0));
        }
        for unit in line.split('（').skip(1).filter_map(|rest| rest.split_once('）')) {
            longest = longest.max(ems(unit.0) + 2.0);
        }
        for word in line.split(|c: char| c.is_whitespace() || crate::diag::is_wide(c)) {
            longest = longest.max(ems(word));
        }
    }
    longest
}

/// Column widths in twips for `extents`, sharing `room`: each column its
/// one-line width if all fit, else at least its unbreakable piece and the
/// rest shared by how much more each asks.
fn widths(extents: &[Extent], room: Twips) -> Vec<Twips> {
    let to_twips = |ems: f64| ems * f64::from(WU_HAO) + f64::from(2 * PADDING);
    let mins: Vec<f64> = extents.iter().map(|e| to_twips(e.min)).collect();
    let maxs: Vec<f64> = extents
        .iter()
        .map(|e| {
            let max = if e.max > LONG { LONG + (e.max - LONG) / 4.0 } else { e.max };
            to_twips(max.max(e.min))
        })
        .collect();
    let room = f64::from(room);
    let (low, high): (f64, f64) = (mins.iter().sum(), maxs.iter().sum());
    let widths: Vec<f64> = if high <= room {
        maxs.iter().map(|w| w * room / high).collect()
    } else if low <= room {
        mins.iter().zip(&maxs).map(|(a, b)| a + (room - low) * (b - a) / (high - low).max(1.0)).collect()
    } else {
        mins.iter().map(|w| w * room / low).collect()
    };
    let mut twips: Vec<Twips> = widths.iter().map(|w| w.floor() as Twips).collect();
    let used: Twips = twips.iter().sum();
    if let Some(last) = twips.last_mut() {
        *last += (room as Twips).saturating_sub(used);
    }
    twips
}

/// A paragraph of table text.
fn text(value: &str, align: Align) -> Paragraph {
    Paragraph::text(Style::TableText, value).align(align)
}

fn header_cell(label: &str) -> Cell {
    Cell::paragraph(Paragraph::text(Style::TableHeader, label))
}

/// The header rows of `table` on a grid, each covering it: a cell that
/// spans rows restarts a vertical merge, continued in the rows below.
fn header_rows(table: &Table) -> Vec<Row> {
    let columns = table.columns.len();
    // For each grid column, the rows still covered by a cell above, and
    // that cell's span.
    let mut below: Vec<(u32, usize)> = vec![(0, 1); columns];
    table
        .header
        .iter()
        .map(|row| {
            let mut cells = Vec::new();
            let mut labels = row.iter();
            let mut column = 0;
            while column < columns {
                let (rows_left, span) = below[column];
                if rows_left > 0 {
                    cells.push(Cell::continued(span));
                    below[column].0 -= 1;
                    column += span;
                    continue;
                }
                let Some(h) = labels.next() else { break };
                let span = h.colspan as usize;
                let mut cell = header_cell(h.label).span(span);
                if h.rowspan > 1 {
                    cell = cell.restart();
                    below[column] = (h.rowspan - 1, span);
                }
                cells.push(cell);
                column += span;
            }
            Row { cells, header: true, cant_split: true, ..Row::default() }
        })
        .collect()
}

/// A cell of a row: its text, and its smaller lines under it.
fn body_cell(cell: &document::Cell, align: Align) -> Cell {
    let (body, asides) = cell.printed();
    let mut p = text(&body, align);
    for aside in &asides {
        p = p.inline(docx::Inline::Break).run(Run::new(aside).size(Size::XIAO_WU));
    }
    Cell::paragraph(p)
}

/// 五 or one of 表1–表5, from a new page.
pub(super) fn table(part: &Part, table: &Table, section: &mut Section) {
    let title = heading(&part.label);
    let title = if table.columns.len() > 3 { title.align(Align::Center) } else { title };
    section.paragraph(title);
    let mut extents: Vec<Extent> = table.columns.iter().map(|c| Extent::of(c.label).scaled(0.5)).collect();
    for row in &table.rows {
        for (extent, cell) in extents.iter_mut().zip(row) {
            let (body, asides) = cell.printed();
            let aside = asides.iter().fold(Extent::default(), |e, a| e.join(Extent::of(a)));
            *extent = extent.join(Extent::of(&body)).join(aside.scaled(SMALL));
        }
    }
    // A header label wraps, but as its own text would.
    for (extent, column) in extents.iter_mut().zip(&table.columns) {
        extent.min = extent.min.max(unbreakable(column.label));
    }
    let mut word = docx::Table::new(widths(&extents, section.text_width()));
    word.rows = header_rows(table);
    let align = |a: crate::form::Align| match a {
        crate::form::Align::Center => Align::Center,
        crate::form::Align::Left => Align::Left,
    };
    for row in &table.rows {
        let cells = row.iter().zip(&table.columns).map(|(cell, column)| body_cell(cell, align(column.align)));
        word.rows.push(Row {
            cells: cells.collect(),
            cant_split: true,
            height: Some(RowHeight::AtLeast(docx::mm(8))),
            ..Row::default()
        });
    }
    let across = |value: &str, align: Align| Row {
        cells: vec![Cell::paragraph(text(value, align)).span(table.columns.len())],
        cant_split: true,
        height: Some(RowHeight::AtLeast(docx::mm(8))),
        ..Row::default()
    };
    if table.rows.is_empty() {
        word.rows.push(across(document::NONE, Align::Center));
    }
    if let Some(foot) = table.foot {
        word.rows.push(across(foot, Align::Center));
    }
    section.table(word);
    if let Some(note) = table.note {
        section.paragraph(Paragraph::text(Style::Note, note).spacing(80, 0));
    }
}

/// 九: its heading, the index of the evidence by kind, and what the Word
/// file leaves out.
pub(super) fn index(label: &str, index: &EvidenceIndex, section: &mut Section) {
    section.paragraph(heading(label));
    section.paragraph(
        Paragraph::new(Style::Heading2)
            .align(Align::Center)
            .keep_next()
            .run(Run::new(EVIDENCE_INDEX).size(Size::XIAO_SI).bold()),
    );
    section.paragraph(Paragraph::text(Style::Note, EVIDENCE_NOT_INCLUDED).spacing(0, 120));
    // 编号, 材料名称, 印证内容: the page numbers are the PDF's.
    let labels = &EVIDENCE_INDEX_COLUMNS[..3];
    let mut extents: Vec<Extent> = labels.iter().map(|l| Extent::of(l)).collect();
    for item in index.kinds.iter().flat_map(|k| &k.items) {
        extents[0] = extents[0].join(Extent::of(&format!("附件 {}", item.no)));
        extents[1] = extents[1].join(Extent::of(&item.title));
        extents[2] = extents[2].join(Extent::of(&item.supports.join("\n")));
    }
    let mut table = docx::Table::new(widths(&extents, section.text_width()));
    table.rows.push(Row {
        cells: labels.iter().map(|l| header_cell(l)).collect(),
        header: true,
        cant_split: true,
        ..Row::default()
    });
    let across =
        |p: Paragraph| Row { cells: vec![Cell::paragraph(p).span(3)], cant_split: true, ..Row::default() };
    for kind in &index.kinds {
        table.rows.push(across(
            Paragraph::new(Style::TableText).keep_next().run(Run::new(&kind.title).font(Font::Hei)),
        ));
        if kind.items.is_empty() {
            table.rows.push(across(text(&kind.absent, Align::Left).indent_left(420)));
        }
        for item in &kind.items {
            let supports =
                if item.supports.is_empty() { document::NONE.to_owned() } else { item.supports.join("\n") };
            table.rows.push(Row {
                cells: vec![
                    Cell::paragraph(text(&format!("附件 {}", item.no), Align::Center)),
                    Cell::paragraph(text(&item.title, Align::Left)),
                    Cell::paragraph(text(&supports, Align::Center)),
                ],
                cant_split: true,
                ..Row::default()
            });
        }
    }
    section.blocks.push(Block::Table(table));
}
