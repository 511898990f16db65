//! The base of a workbook: what `xlsx export` made it from, recorded inside
//! it, so that `xlsx import` can tell what a member changed from what the
//! report changed since (see [`super::merge`]).
//!
//! The record is a very hidden sheet, [`SHEET`]: its first row says whom
//! the workbook was made for (the member, if any), from which report and
//! with which tables; every further row is one exported row: its id and
//! every cell's value as exported, as JSON text in one cell (a text cell
//! survives every program and format that members save with). Each table
//! sheet carries the ids in a hidden column at its right, headed
//! [`ID_HEADER`], so a row keeps its id wherever a member moves it. An id
//! is the workbook's token (a digest of its base) and a number: a row
//! copied from another workbook does not match this one's base.

use anyhow::Result;
use calamine::{Data, Range};
use rust_xlsxwriter::{Format, Workbook};
use serde_json::{Map, Value as Json, json};

use super::read::Cell;
use crate::form::{Field, Kind, TABLES, Table};
use crate::model::{Record, Value};

/// The name of the sheet that holds the base.
pub const SHEET: &str = "_base";

/// The header of the hidden id column of a table sheet.
pub const ID_HEADER: &str = "_行标识";

/// What a workbook was made from.
#[derive(Debug, Clone, PartialEq)]
pub struct Base {
    /// The member unit it was made for (`--member`), if any.
    pub member: Option<String>,
    /// The alliance whose report it came from.
    pub alliance: String,
    /// The tables it holds (indices into [`TABLES`]).
    pub tables: Vec<usize>,
    /// The digest every id of this workbook starts with.
    pub token: String,
    /// Every exported row.
    pub rows: Vec<BaseRow>,
}

/// One exported row: its id and its values as the workbook showed them.
#[derive(Debug, Clone, PartialEq)]
pub struct BaseRow {
    pub id: String,
    /// Index into [`TABLES`].
    pub table: usize,
    pub cells: Vec<(&'static str, Cell)>,
}

impl BaseRow {
    pub fn get(&self, key: &str) -> Option<&Cell> {
        self.cells.iter().find(|(k, _)| *k == key).map(|(_, c)| c)
    }
}

/// The value of `field` in the report's `record`, as a workbook cell holds
/// it once read: texts trimmed, a list as its items, numbers and dates as
/// the YAML writes them.
pub fn cell_of(record: &Record, field: &Field) -> Option<Cell> {
    Some(match record.get(field.key)? {
        Value::Text(t) | Value::Choice(t) => Cell::Text(t.trim().to_owned()),
        Value::Date(d) => Cell::Plain(super::read::iso(d)),
        Value::Amount(a) => Cell::Plain(a.display()),
        Value::Count(n) => Cell::Plain(n.to_string()),
        Value::List(items) => Cell::List(items.iter().map(|i| i.text.trim().to_owned()).collect()),
        _ => return None,
    })
    .filter(|c| !c.is_empty())
}

/// The values of `record`'s fields.
pub fn cells_of(table: &Table, record: &Record) -> Vec<(&'static str, Cell)> {
    table.fields.iter().filter_map(|f| Some((f.key, cell_of(record, f)?))).collect()
}

impl Base {
    /// The base of a workbook of `rows` (per table, in the order of
    /// [`TABLES`]) made for `member`.
    pub fn new(alliance: &str, member: Option<&str>, rows: &[Vec<&Record>]) -> Base {
        let mut base = Base {
            member: member.map(|m| m.trim().to_owned()),
            alliance: alliance.to_owned(),
            tables: (0..TABLES.len()).collect(),
            token: String::new(),
            rows: Vec::new(),
        };
        for (t, (table, records)) in TABLES.iter().zip(rows).enumerate() {
            for record in records {
                base.rows.push(BaseRow { id: String::new(), table: t, cells: cells_of(table, record) });
            }
        }
        // The token digests everything else, so a row copied in from a
        // workbook of another report, member or time has a foreign id.
        let digest = digest(base.rows.iter().map(row_json).chain([meta_json(&base)]));
        base.token = format!("{digest:08x}");
        for (n, row) in base.rows.iter_mut().enumerate() {
            row.id = format!("{}-{}", base.token, n + 1);
        }
        base
    }

    /// The ids of the rows of table `t`, in order.
    pub fn ids(&self, t: usize) -> impl Iterator<Item = &str> {
        self.rows.iter().filter(move |r| r.table == t).map(|r| r.id.as_str())
    }

    pub fn row(&self, id: &str) -> Option<&BaseRow> {
        self.rows.iter().find(|r| r.id == id)
    }

    /// Writes the base as the very hidden sheet [`SHEET`] of `workbook`.
    pub fn write(&self, workbook: &mut Workbook) -> Result<()> {
        let sheet = workbook.add_worksheet();
        sheet.set_name(SHEET)?;
        sheet.set_very_hidden(true);
        let text = Format::new().set_num_format("@");
        sheet.write_string_with_format(
            0,
            0,
            "alliance-report 导出记录（导入时用来区分各方的修改，请勿改动）",
            &text,
        )?;
        sheet.write_string_with_format(0, 1, meta_json(self).to_string(), &text)?;
        for (n, row) in self.rows.iter().enumerate() {
            let r = n as u32 + 1;
            sheet.write_string_with_format(r, 0, &row.id, &text)?;
            sheet.write_string_with_format(r, 1, row_json(row).to_string(), &text)?;
        }
        Ok(())
    }

    /// The base recorded in `range` (the sheet [`SHEET`]); `None` when it
    /// is not one that export wrote, or was damaged.
    pub fn read(range: &Range<Data>) -> Option<Base> {
        let text = |r: u32, c: u32| match range.get_value((r, c)) {
            Some(Data::String(s)) => Some(s.as_str()),
            _ => None,
        };
        let meta: Json = serde_json::from_str(text(0, 1)?).ok()?;
        if meta.get("version")?.as_u64()? != 1 {
            return None;
        }
        let tables = meta
            .get("tables")?
            .as_array()?
            .iter()
            .map(|t| TABLES.iter().position(|table| Some(table.name) == t.as_str()))
            .collect::<Option<Vec<usize>>>()?;
        let mut base = Base {
            member: meta.get("member").and_then(Json::as_str).map(str::to_owned),
            alliance: meta.get("alliance")?.as_str()?.to_owned(),
            tables,
            token: meta.get("token")?.as_str()?.to_owned(),
            rows: Vec::new(),
        };
        let (end, _) = range.end()?;
        for r in 1..=end {
            let Some(id) = text(r, 0) else { continue };
            let json: Json = serde_json::from_str(text(r, 1)?).ok()?;
            base.rows.push(row_from_json(id, &json)?);
        }
        Some(base)
    }
}

fn meta_json(base: &Base) -> Json {
    json!({
        "version": 1,
        "member": base.member,
        "alliance": base.alliance,
        "tables": base.tables.iter().map(|&t| TABLES[t].name).collect::<Vec<_>>(),
        "token": base.token,
    })
}

fn row_json(row: &BaseRow) -> Json {
    let mut cells = Map::new();
    for (key, cell) in &row.cells {
        let value = match cell {
            Cell::Text(t) | Cell::Plain(t) => Json::from(t.as_str()),
            Cell::List(items) => Json::from(items.clone()),
        };
        cells.insert((*key).to_owned(), value);
    }
    json!({ "table": TABLES[row.table].name, "cells": cells })
}

fn row_from_json(id: &str, json: &Json) -> Option<BaseRow> {
    let name = json.get("table")?.as_str()?;
    let t = TABLES.iter().position(|table| table.name == name)?;
    let table = TABLES[t];
    let mut cells = Vec::new();
    for (key, value) in json.get("cells")?.as_object()? {
        let field = table.fields.iter().find(|f| f.key == key)?;
        let cell = match value {
            Json::Array(items) => {
                Cell::List(items.iter().map(|i| i.as_str().map(str::to_owned)).collect::<Option<_>>()?)
            }
            Json::String(s) if matches!(field.kind, Kind::Text | Kind::Choice(_) | Kind::Format(_)) => {
                Cell::Text(s.clone())
            }
            Json::String(s) => Cell::Plain(s.clone()),
            _ => return None,
        };
        cells.push((field.key, cell));
    }
    // In the catalogue's order, as `cells_of` gives them.
    cells.sort_by_key(|(k, _)| table.fields.iter().position(|f| f.key == *k));
    Some(BaseRow { id: id.to_owned(), table: t, cells })
}

/// A digest that stays the same across builds and platforms (FNV-1a,
/// folded to 32 bits): the ids must not change when the tool is rebuilt.
fn digest(parts: impl Iterator<Item = Json>) -> u32 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.to_string().bytes().chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    (hash ^ (hash >> 32)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_base_reads_back_as_written() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("example-report");
        let report = crate::load::load(&dir).unwrap().report.unwrap();
        let rows: Vec<Vec<&Record>> = report.tables.iter().map(|t| t.iter().collect()).collect();
        let base = Base::new("联盟", Some("汾河工业大学"), &rows);
        assert_eq!(base.rows.len(), report.tables.iter().map(Vec::len).sum::<usize>());
        assert!(base.rows.iter().all(|r| r.id.starts_with(&base.token)));
        let mut workbook = Workbook::new();
        base.write(&mut workbook).unwrap();
        let bytes = workbook.save_to_buffer().unwrap();
        use calamine::Reader as _;
        let mut book: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let range = book.worksheet_range(SHEET).unwrap();
        assert_eq!(Base::read(&range), Some(base.clone()));
        // The same rows give the same ids; other rows other ids.
        assert_eq!(Base::new("联盟", Some("汾河工业大学"), &rows).token, base.token);
        assert_ne!(Base::new("联盟", None, &rows).token, base.token);
    }
}
