//! 五 and 表1–表5 for the templates: the header cells and every row's
//! cells, by the catalogue's columns.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{NONE, shown};
use crate::form::{self, Column, Show, Table};
use crate::model::{Record, Report};

/// A header cell.
#[derive(Debug, Serialize)]
pub struct HeaderCell {
    pub label: &'static str,
    pub colspan: u32,
    pub rowspan: u32,
}

/// A table: its header rows and its rows of cells (序号 first).
#[derive(Debug, Serialize)]
pub struct TableView {
    pub name: &'static str,
    pub title: &'static str,
    pub header: Vec<Vec<HeaderCell>>,
    pub columns: usize,
    pub rows: Vec<Vec<String>>,
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

/// The header rows of `table`.
pub fn header(table: &Table) -> Vec<Vec<HeaderCell>> {
    table
        .header()
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|h| HeaderCell { label: h.label, colspan: h.colspan, rowspan: h.rowspan })
                .collect()
        })
        .collect()
}

/// The rows of 五.
pub(super) fn members(report: &Report, refs: &BTreeMap<(usize, usize), String>) -> Vec<MemberRow> {
    report
        .rows(&form::MEMBERS)
        .iter()
        .enumerate()
        .map(|(i, m)| MemberRow {
            no: (i + 1).to_string(),
            name: shown(m, "name"),
            code: shown(m, "code"),
            role: shown(m, "role"),
            refs: refs.get(&(0, i)).map(|r| format!("（{r}）")).unwrap_or_default(),
        })
        .collect()
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
            let rows = report
                .rows(table)
                .iter()
                .enumerate()
                .map(|(i, row)| {
                    let mut cells: Vec<String> = table.columns.iter().map(|c| cell(c, row)).collect();
                    // The evidence that supports the row, under its name.
                    if let Some(refs) = refs.get(&(t, i)) {
                        cells[0] = format!("{}\n（{refs}）", cells[0]);
                    }
                    std::iter::once((i + 1).to_string()).chain(cells).collect()
                })
                .collect();
            let view = TableView {
                name: table.name,
                title: table.title,
                header: header(table),
                columns: table.columns.len() + 1,
                rows,
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
