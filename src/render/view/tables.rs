//! 五 and 表1–表5 for the templates: the header cells and every row's
//! cells, by the catalogue's columns, each cut into the pieces that must
//! not break, and the widths their columns need (see [`super::cells`]).

use std::collections::BTreeMap;

use serde::Serialize;

use super::cells::{self, Extent, Pieces};
use super::{NONE, shown};
use crate::form::{self, Column, Show, Table};
use crate::model::{Record, Report};

/// A header cell. `body` is a typst expression: a string or content (see
/// [`Pieces::cell`]), as is every cell below.
#[derive(Debug, Serialize)]
pub struct HeaderCell {
    pub label: &'static str,
    pub body: String,
    pub colspan: u32,
    pub rowspan: u32,
}

/// A table: its header rows and its rows of cells (序号 first), the width
/// of every column as a typst array of lengths, and the rows that may be
/// taller than a page.
#[derive(Debug, Serialize)]
pub struct TableView {
    pub name: &'static str,
    pub title: &'static str,
    /// The 注 under the table, from the catalogue.
    pub note: Option<&'static str>,
    pub header: Vec<Vec<HeaderCell>>,
    pub columns: String,
    pub rows: Vec<Vec<String>>,
    /// A typst array of the indices of the rows the template measures.
    pub tall: String,
}

/// 五: its header, its rows, its columns' widths and the rows that may be
/// taller than a page.
#[derive(Debug, Serialize)]
pub struct MembersView {
    pub header: Vec<Vec<HeaderCell>>,
    pub columns: String,
    pub rows: Vec<MemberRow>,
    pub tall: String,
}

#[derive(Debug, Serialize)]
pub struct MemberRow {
    pub no: String,
    pub name: String,
    pub code: String,
    pub role: String,
    /// The evidence that supports the row (见附件 …), or empty.
    pub refs: String,
}

/// The side margins of the pages the tables are set on, in mm: 五 on the
/// report's A4 portrait pages, 表1–表5 on landscape ones. The templates
/// take them from here, and the columns share the width between them.
pub const PORTRAIT_MARGIN: f64 = 22.0;
pub const LANDSCAPE_MARGIN: f64 = 20.0;

/// The short and long sides of A4 (`paper: "a4"` in `templates/lib.typ`),
/// in mm.
const A4: (f64, f64) = (210.0, 297.0);

/// The text width of a page `side` mm wide with side margins `margin`, in
/// em of the tables' text.
fn text_width(side: f64, margin: f64) -> f64 {
    (side - 2.0 * margin) * 72.0 / 25.4 / cells::WU_HAO
}

/// Whether a cell of these parts might fill a page under the header: only
/// rows holding such a cell are measured to see whether they must break
/// across pages (more than 300 bytes, or eight lines; shorter text cannot
/// fill a page, and measuring every row doubles the layout time of a large
/// table).
fn may_be_tall(parts: &[&Pieces]) -> bool {
    let (bytes, breaks) = parts.iter().map(|p| p.size()).fold((0, 0), |(n, l), (a, b)| (n + a, l + b));
    // The parts go on lines of their own.
    let joins = parts.iter().filter(|p| !p.pieces().is_empty()).count().saturating_sub(1);
    bytes > 300 || breaks + joins >= 8
}

/// The indices of the rows that may be tall, as a typst array.
fn tall_rows(tall: impl Iterator<Item = bool>) -> String {
    let rows: String = tall.enumerate().filter(|(_, t)| *t).map(|(i, _)| format!("{i}, ")).collect();
    format!("({rows})")
}

/// The header rows of `table` over columns `widths` em wide (序号 first):
/// a column's own label set for its width, a group's label wrapping.
fn header(table: &Table, widths: &[f64]) -> Vec<Vec<HeaderCell>> {
    let labels: Vec<&str> = column_labels(table).collect();
    table
        .header()
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|h| {
                    let pieces = Pieces::header(h.label);
                    let column = labels.iter().position(|l| *l == h.label).filter(|_| h.colspan == 1);
                    HeaderCell {
                        label: h.label,
                        body: match column {
                            Some(i) => pieces.cell(cells::room(widths[i])),
                            None => pieces.wrapped(),
                        },
                        colspan: h.colspan,
                        rowspan: h.rowspan,
                    }
                })
                .collect()
        })
        .collect()
}

/// The label of each column's own header cell, 序号 first.
fn column_labels(table: &Table) -> impl Iterator<Item = &'static str> + '_ {
    std::iter::once("序号").chain(table.columns.iter().map(|c| table.header_of(c)))
}

/// What the header asks of each column (序号 first): the label of its own
/// header cell; a group's label spans columns and asks nothing.
fn header_extents(table: &Table) -> Vec<Extent> {
    column_labels(table).map(|label| Pieces::header(label).extent).collect()
}

/// The size of 五's code and evidence lines (小五) in its 五号 table.
const SMALL: f64 = 9.0 / cells::WU_HAO;

/// 五.
pub(super) fn members(report: &Report, refs: &BTreeMap<(usize, usize), String>) -> MembersView {
    let mut extents = header_extents(&form::MEMBERS);
    let cut: Vec<[Pieces; 5]> = report
        .rows(&form::MEMBERS)
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let no = Pieces::of(&(i + 1).to_string());
            let name = Pieces::of(&shown(m, "name"));
            let code = Pieces::of(&shown(m, "code"));
            let role = Pieces::of(&shown(m, "role"));
            let refs = refs.get(&(0, i)).map(|r| Pieces::of(&format!("（{r}）"))).unwrap_or_default();
            extents[0] = extents[0].join(no.extent);
            extents[1] = extents[1].join(name.extent).join(code.extent.join(refs.extent).scaled(SMALL));
            extents[2] = extents[2].join(role.extent);
            [no, name, code, role, refs]
        })
        .collect();
    let widths = cells::widths(&extents, text_width(A4.0, PORTRAIT_MARGIN));
    let room: Vec<f64> = widths.iter().map(|w| cells::room(*w)).collect();
    // The cells as set: 序号; name, code and evidence; role.
    let tall = tall_rows(cut.iter().map(|[no, name, code, role, refs]| {
        may_be_tall(&[no]) || may_be_tall(&[name, code, refs]) || may_be_tall(&[role])
    }));
    let rows = cut
        .into_iter()
        .map(|[no, name, code, role, refs]| MemberRow {
            no: no.cell(room[0]),
            name: name.cell(room[1]),
            code: code.cell(room[1] / SMALL),
            role: role.cell(room[2]),
            refs: if refs.pieces().is_empty() { String::new() } else { refs.cell(room[1] / SMALL) },
        })
        .collect();
    MembersView {
        header: header(&form::MEMBERS, &widths),
        columns: cells::typst_columns(&widths),
        rows,
        tall,
    }
}

/// 表1–表5, by the key of their rows.
pub(super) fn tables(
    report: &Report,
    refs: &BTreeMap<(usize, usize), String>,
) -> BTreeMap<&'static str, TableView> {
    form::TABLES
        .iter()
        .enumerate()
        .skip(1)
        .map(|(t, table)| {
            let mut extents = header_extents(table);
            let cut: Vec<Vec<Pieces>> = report
                .rows(table)
                .iter()
                .enumerate()
                .map(|(i, row)| {
                    let mut cells: Vec<String> = table.columns.iter().map(|c| cell(c, row)).collect();
                    // The evidence that supports the row, under its name.
                    if let Some(refs) = refs.get(&(t, i)) {
                        cells[0] = format!("{}\n（{refs}）", cells[0]);
                    }
                    std::iter::once((i + 1).to_string())
                        .chain(cells)
                        .zip(&mut extents)
                        .map(|(text, extent)| {
                            let pieces = Pieces::of(&text);
                            *extent = extent.join(pieces.extent);
                            pieces
                        })
                        .collect()
                })
                .collect();
            let widths = cells::widths(&extents, text_width(A4.1, LANDSCAPE_MARGIN));
            let tall = tall_rows(cut.iter().map(|row| row.iter().any(|p| may_be_tall(&[p]))));
            let rows = cut
                .iter()
                .map(|row| row.iter().zip(&widths).map(|(p, w)| p.cell(cells::room(*w))).collect())
                .collect();
            let view = TableView {
                name: table.name,
                title: table.title,
                note: table.note,
                header: header(table, &widths),
                columns: cells::typst_columns(&widths),
                rows,
                tall,
            };
            (table.key, view)
        })
        .collect()
}

/// One cell of a row.
fn cell(column: &Column, row: &Record) -> String {
    let first = column.fields[0];
    match column.show {
        Show::Value => shown(row, first),
        Show::NameAndNumber => match row.text(column.fields[1]) {
            Some(number) => format!("{}\n（{number}）", shown(row, first)),
            None => format!("{}\n（编号：{NONE}）", shown(row, first)),
        },
        Show::NameAndCode => format!("{}\n{}", shown(row, first), shown(row, column.fields[1])),
        Show::StageAndNote => {
            let parts: Vec<&str> = column.fields.iter().filter_map(|k| row.text(k)).collect();
            if parts.is_empty() { NONE.to_owned() } else { parts.join("；") }
        }
        Show::Tick(word) => if row.text(first) == Some(word) { "√" } else { "" }.to_owned(),
        Show::CountOf => match row.count(first) {
            Some(n) => n.to_string(),
            None => row.list(column.fields[1]).len().to_string(),
        },
    }
}
