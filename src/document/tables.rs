//! 五 and 表1–表5: for each table of the catalogue, its header rows, its
//! columns (序号 first) and a row of display values per row of the report.

use std::collections::{BTreeMap, BTreeSet};

use super::{Align, Block, HeaderCell, NONE, Orientation, Part, shown};
use crate::attachments::{self, Target};
use crate::form::{self, Show};
use crate::model::{Record, Report};
use crate::summary::RowRef;

/// A table of the form.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// How the form names it: 五, 表1 … 表5.
    pub name: &'static str,
    /// Its place in [`form::TABLES`], as a [`RowRef`] names it.
    pub index: usize,
    /// Its title as the form prints it.
    pub title: &'static str,
    /// What a page it continues onto says above its header: 续表1, 续表（五）.
    pub continued: String,
    /// The header rows, 序号 first; a cell spans columns (直接经济效益 over
    /// four) or rows (序号 beside a group).
    pub header: Vec<Vec<HeaderCell>>,
    /// The columns, 序号 first: as many as each body row has cells.
    pub columns: Vec<Column>,
    /// The rows of the report. A table without rows prints one row of 无
    /// across its width.
    pub rows: Vec<Vec<Cell>>,
    /// For each row, the items of evidence that support it, by number
    /// (4-1), in the order of evidence.yaml: where the row links to.
    pub evidence: Vec<Vec<String>>,
    /// For each row, whether a link leads to it: a figure of 一 counts it
    /// first, or an item of evidence supports it.
    pub anchored: Vec<bool>,
    /// The 注 under the table.
    pub note: Option<&'static str>,
    /// A row across the table under its rows (五's （可另附页）).
    pub foot: Option<&'static str>,
}

/// A column of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The label of the column's own header cell (under its group's).
    pub label: &'static str,
    pub align: Align,
}

/// A cell of a row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    /// The value as the form prints it; a `\n` starts a new line.
    pub text: String,
    /// Lines set smaller under the text: 五's 法人代码.
    pub aside: Vec<String>,
    /// The items of evidence that the cell notes under the rest (see
    /// [`Cell::note`]): the first cell after 序号 of a supported row, when
    /// the report asks for the note (`evidence_refs: true`).
    pub refs: Vec<String>,
}

impl Cell {
    fn of(text: String) -> Cell {
        Cell { text, ..Cell::default() }
    }

    /// The note of the evidence the cell names: （见附件 4-1、5-2）.
    pub fn note(&self) -> Option<String> {
        (!self.refs.is_empty()).then(|| format!("（见附件 {}）", self.refs.join("、")))
    }

    /// Whether the note is a smaller line (under 五's 法人代码), or a line
    /// of the text.
    pub fn note_is_aside(&self) -> bool {
        !self.aside.is_empty()
    }

    /// The text and the smaller lines as printed, the note last.
    pub fn printed(&self) -> (String, Vec<String>) {
        let (mut text, mut aside) = (self.text.clone(), self.aside.clone());
        match self.note() {
            Some(note) if self.note_is_aside() => aside.push(note),
            Some(note) => text = format!("{text}\n{note}"),
            None => {}
        }
        (text, aside)
    }
}

/// The parts of 五 and 表1–表5, in the form's order, from the rows of
/// `report`; `refs` names the evidence supporting a row (see [`refs`]),
/// noted in the row when `noted`; a link leads to the rows `anchored`
/// holds.
pub(super) fn tables(
    report: &Report,
    refs: &BTreeMap<RowRef, Vec<String>>,
    noted: bool,
    anchored: &BTreeSet<RowRef>,
) -> Vec<Part> {
    form::TABLES
        .iter()
        .enumerate()
        .map(|(t, table)| {
            let members = t == 0;
            let report_rows = report.rows(table);
            let at = |row| RowRef { table: t, row };
            let evidence: Vec<Vec<String>> =
                (0..report_rows.len()).map(|i| refs.get(&at(i)).cloned().unwrap_or_default()).collect();
            let rows = report_rows
                .iter()
                .zip(&evidence)
                .enumerate()
                .map(|(i, (row, evidence))| {
                    let mut cells: Vec<Cell> =
                        table.columns.iter().map(|c| cell(c.show, c.fields, row)).collect();
                    // The evidence that supports the row, under its name.
                    if noted {
                        cells[0].refs = evidence.clone();
                    }
                    std::iter::once(Cell::of((i + 1).to_string())).chain(cells).collect()
                })
                .collect();
            let anchored = (0..report_rows.len()).map(|i| anchored.contains(&at(i))).collect();
            let columns = std::iter::once(Column { label: form::NUMBER, align: Align::Center })
                .chain(table.columns.iter().map(|c| Column { label: table.header_of(c), align: c.align }))
                .collect();
            let (label, continued, orientation) = if members {
                (form::MEMBERS_HEADING.to_owned(), format!("续表（{}）", table.name), Orientation::Portrait)
            } else {
                (
                    format!("{} {}", table.name, table.title),
                    format!("续{}", table.name),
                    Orientation::Landscape,
                )
            };
            let table = Table {
                name: table.name,
                index: t,
                title: table.title,
                continued,
                header: table.header(),
                columns,
                rows,
                evidence,
                anchored,
                note: table.note,
                foot: table.foot,
            };
            Part { label, file: form::TABLES[t].file, orientation, blocks: vec![Block::Table(table)] }
        })
        .collect()
}

/// One cell of a row: the fields `fields` shown as `show` says.
fn cell(show: Show, fields: &[&str], row: &Record) -> Cell {
    let first = fields[0];
    let text = match show {
        Show::Value => shown(row, first),
        Show::NameAndNumber => match row.text(fields[1]) {
            Some(number) => format!("{}\n（{number}）", shown(row, first)),
            None => format!("{}\n（编号：{NONE}）", shown(row, first)),
        },
        Show::NameAndCode => {
            return Cell { text: shown(row, first), aside: vec![shown(row, fields[1])], refs: Vec::new() };
        }
        Show::StageAndNote => {
            let parts: Vec<&str> = fields.iter().filter_map(|k| row.text(k)).collect();
            if parts.is_empty() { NONE.to_owned() } else { parts.join("；") }
        }
        Show::Tick(word) => if row.text(first) == Some(word) { "√" } else { "" }.to_owned(),
        Show::CountOf => match row.count(first) {
            Some(n) => n.to_string(),
            None => row.list(fields[1]).len().to_string(),
        },
    };
    Cell::of(text)
}

/// The supported rows of 五 and 表1–表5, each with the numbers of the
/// items that support it (4-1, 5-2), in the order of evidence.yaml.
pub fn refs(report: &Report) -> BTreeMap<RowRef, Vec<String>> {
    let items = report.evidence.rows("items");
    let numbers = attachments::number(items);
    let mut refs: BTreeMap<RowRef, Vec<String>> = BTreeMap::new();
    for (item, no) in items.iter().zip(&numbers) {
        let Some(no) = no else { continue };
        for target in item.list("supports") {
            if let Ok(Target::Row(table, row)) = Target::parse(&target.text, report) {
                let list = refs.entry(RowRef { table, row }).or_default();
                if !list.contains(no) {
                    list.push(no.clone());
                }
            }
        }
    }
    refs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summary::Figures;

    fn example() -> super::super::Document {
        let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/example-report"));
        let report = crate::load::load(root).unwrap().report.unwrap();
        super::super::build(&report, &Figures::of(&report))
    }

    #[test]
    fn every_row_has_a_cell_per_column_and_the_header_spans_them() {
        let doc = example();
        let names: Vec<&str> = doc.tables().map(|(_, t)| t.name).collect();
        assert_eq!(names, ["五", "表1", "表2", "表3", "表4", "表5"]);
        for (_, table) in doc.tables() {
            assert!(!table.rows.is_empty(), "{} has rows in the example", table.name);
            for row in &table.rows {
                assert_eq!(row.len(), table.columns.len(), "{}", table.name);
            }
            // The header's first row spans every column.
            let spanned: u32 = table.header[0].iter().map(|h| h.colspan).sum();
            assert_eq!(spanned as usize, table.columns.len(), "{}", table.name);
        }
    }

    #[test]
    fn cells_hold_what_the_form_prints() {
        let doc = example();
        let table = |name: &str| doc.tables().find(|(_, t)| t.name == name).unwrap().1.clone();
        let members = table("五");
        assert_eq!(members.rows[0][0].text, "1");
        assert_eq!(
            members.rows[0][1].aside.first().map(String::len),
            Some(18),
            "the credit code under the name"
        );
        assert_eq!(members.foot, Some("（可另附页）"));
        assert_eq!(members.columns[2].align, Align::Left);
        let projects = table("表1");
        assert!(projects.rows.iter().all(|r| r[1].text.contains("\n（")), "项目名称 over its number");
        assert_eq!(projects.continued, "续表1");
        let platforms = table("表5");
        for row in &platforms.rows {
            let ticks = row[4..7].iter().filter(|c| c.text == "√").count();
            assert_eq!(ticks, 1, "one level ticked: {row:?}");
        }
    }

    #[test]
    fn tables_are_landscape_and_members_portrait() {
        let doc = example();
        let orientations: Vec<Orientation> = doc.tables().map(|(p, _)| p.orientation).collect();
        assert_eq!(orientations[0], Orientation::Portrait);
        assert!(orientations[1..].iter().all(|o| *o == Orientation::Landscape));
    }
}
