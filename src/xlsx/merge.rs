//! The three-way merge of `xlsx import`: for every cell, what the workbook
//! was made with (its [`Base`]), what the member made of it, and what the
//! report holds now.
//!
//! - Changed in the workbook only: the workbook's value is taken.
//! - Changed in the report only (or the same way on both sides): the
//!   report's value stays.
//! - Changed on both sides, to different values: a conflict, unless
//!   [`Prefer`] names a side.
//! - A row of the base that the workbook no longer has was deleted by the
//!   member: it goes, within the workbook's scope only, unless the report
//!   changed it since (a conflict).
//! - A row the report no longer has, but the member edited: a conflict.
//!
//! Rows are matched by the id each workbook row carries, so a corrected
//! name updates its row; the base row's key (the catalogue's `row_key`)
//! finds the row in the report. A workbook without a base (an older
//! export, a member's own sheet) can only be compared with the report: its
//! values win, with a warning that says so.
//!
//! The merge reads values and writes a [`Plan`]; it neither reads cells nor
//! edits YAML text.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::base::{Base, BaseRow, cell_of};
use super::read::{Cell, Row};
use crate::diag::{Diagnostic, Rule};
use crate::form::{TABLES, Table};
use crate::model::{Record, Report};

/// Which side a conflict takes, when the user says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prefer {
    Workbook,
    Report,
}

/// A workbook as read.
pub struct Workbook<'a> {
    /// Its name, as the user gave it.
    pub name: &'a str,
    pub base: Option<&'a Base>,
    /// Its rows, of every table.
    pub rows: &'a [Row],
    /// The tables it has a sheet for.
    pub sheets: &'a [usize],
}

/// Where a value comes from: a cell of a workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub workbook: String,
    pub sheet: String,
    pub cell: String,
}

/// A field of an existing row set to a value (`None`: emptied).
#[derive(Debug, Clone)]
pub struct Change {
    pub field: &'static str,
    pub value: Option<Cell>,
    pub origin: Origin,
}

/// What the import does to one table.
#[derive(Debug, Default)]
pub struct TablePlan {
    /// Changes to existing rows, by their index in the report's table.
    pub updates: BTreeMap<usize, Vec<Change>>,
    /// New rows.
    pub added: Vec<Row>,
    /// Rows removed, by index, with the workbook row place that says so.
    pub removed: BTreeMap<usize, Origin>,
}

/// What the import does, and every conflict and warning on the way.
#[derive(Debug)]
pub struct Plan {
    /// One per table of [`TABLES`].
    pub tables: Vec<TablePlan>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Merges `workbooks` into `report`.
pub fn plan(report: &Report, workbooks: &[Workbook], prefer: Option<Prefer>, replace: bool) -> Plan {
    // The report's rows by key, the first of each key, per table.
    let index = TABLES
        .iter()
        .zip(&report.tables)
        .map(|(table, rows)| {
            let mut keys = HashMap::new();
            for (r, record) in rows.iter().enumerate() {
                if let Some(key) = key_of(table, |k| cell_of(record, table.field(k))) {
                    keys.entry(key).or_insert(r);
                }
            }
            keys
        })
        .collect();
    let mut merger = Merger {
        report,
        index,
        prefer,
        plan: Plan { tables: TABLES.iter().map(|_| TablePlan::default()).collect(), diagnostics: Vec::new() },
    };
    for workbook in workbooks {
        match workbook.base {
            Some(base) => merger.based(workbook, base),
            None => merger.unbased(workbook),
        }
    }
    if replace {
        merger.replace(workbooks);
    }
    merger.plan
}

struct Merger<'a> {
    report: &'a Report,
    /// Per table, the report's rows by key (the first of each key).
    index: Vec<HashMap<Vec<String>, usize>>,
    prefer: Option<Prefer>,
    plan: Plan,
}

impl<'a> Merger<'a> {
    fn rows(&self, t: usize) -> &'a [Record] {
        &self.report.tables[t]
    }

    /// The report's row of table `t` whose key is `key`.
    fn find(&self, t: usize, key: &[String]) -> Option<usize> {
        self.index[t].get(key).copied()
    }

    /// A workbook with its base: the three-way merge, table by table. A
    /// base of another report (another alliance, or none of whose rows
    /// this report has: a workbook of last year's report) says nothing of
    /// this one: its rows are compared with the report alone.
    fn based(&mut self, workbook: &Workbook, base: &Base) {
        if self.foreign(base) {
            self.plan.diagnostics.push(
                Diagnostic::warning(
                    Rule::Workbook,
                    workbook.name,
                    0,
                    0,
                    format!(
                        "工作簿 {} 是从另一份报告（“{}”）导出的：无法区分成员单位的修改和报告的不同，工作簿中填写的值将覆盖这份报告中的值",
                        workbook.name, base.alliance
                    ),
                )
                .with_hint("请确认导入的是从这份报告导出、发给成员单位的工作簿；先用 --dry-run 核对将要做的修改"),
            );
            for row in workbook.rows {
                self.new_row(row, false);
            }
            return;
        }
        for &t in workbook.sheets.iter().filter(|t| base.tables.contains(t)) {
            self.table(workbook, base, t);
        }
        for &t in &base.tables {
            if !workbook.sheets.contains(&t) && base.rows.iter().any(|b| b.table == t) {
                self.plan.diagnostics.push(
                    Diagnostic::warning(
                        Rule::Workbook,
                        workbook.name,
                        0,
                        0,
                        format!("工作簿 {} 中没有{}的工作表，这张表没有导入", workbook.name, TABLES[t].name),
                    )
                    .with_hint("工作表被删除了：这张表的各行保持报告中的内容，一行也不会删除"),
                );
            }
        }
    }

    /// Whether `base` is another report's.
    fn foreign(&self, base: &Base) -> bool {
        let found = base.rows.is_empty()
            || base.rows.iter().any(|b| {
                key_of(TABLES[b.table], |k| b.get(k).cloned())
                    .is_some_and(|key| self.find(b.table, &key).is_some())
            });
        base.alliance != self.alliance() || !found
    }

    /// Table `t` of a workbook with its base: each row edited or new, and
    /// each exported row the workbook no longer has deleted.
    fn table(&mut self, workbook: &Workbook, base: &Base, t: usize) {
        let rows: Vec<&Row> = workbook.rows.iter().filter(|r| r.table == t).collect();
        let claims = claims(base, t, &rows, &mut self.plan.diagnostics);
        for (row, claim) in rows.iter().zip(&claims) {
            match claim {
                Some(b) => self.edited(row, b),
                None => self.new_row(row, true),
            }
        }
        let kept: HashSet<&str> = claims.iter().flatten().map(|b| b.id.as_str()).collect();
        let place = deleted_place(workbook, t);
        for b in base.rows.iter().filter(|b| b.table == t && !kept.contains(b.id.as_str())) {
            self.deleted(b, place.clone());
        }
    }

    /// A workbook row that was the base row `b`.
    fn edited(&mut self, row: &Row, b: &BaseRow) {
        let table = TABLES[row.table];
        let changed: Vec<&'static str> = table
            .fields
            .iter()
            .map(|f| f.key)
            .filter(|k| row.has_column(k) && !row.unreadable.contains(k) && !same(row.get(k), b.get(k)))
            .collect();
        if changed.is_empty() {
            return;
        }
        let key = key_of(table, |k| b.get(k).cloned()).unwrap_or_default();
        let Some(r) = self.find(row.table, &key) else {
            // The report deleted the row (or renamed it) since the export.
            match self.prefer {
                Some(Prefer::Workbook) => self.add(row.clone()),
                Some(Prefer::Report) => {}
                None => {
                    let field = changed[0];
                    let message = format!(
                        "这一行（{}）在导出后已从报告中删除或改了名称，但工作簿修改了它",
                        key.join("，")
                    );
                    self.conflict(row, field, message);
                }
            }
            return;
        };
        let record = &self.rows(row.table)[r];
        for field in changed {
            let (mine, theirs, was) = (row.get(field), cell_of(record, table.field(field)), b.get(field));
            if same(theirs.as_ref(), was) {
                self.update(row.table, r, field, mine.cloned(), row.origin(field));
            } else if same(theirs.as_ref(), mine) {
                // Both sides made the same change.
            } else {
                match self.prefer {
                    Some(Prefer::Workbook) => {
                        self.update(row.table, r, field, mine.cloned(), row.origin(field))
                    }
                    Some(Prefer::Report) => {}
                    None => {
                        let label = table.field(field).label;
                        let line = self.line_of(record, field);
                        let message = format!(
                            "“{label}”在导出后两边都改了：导出时是{}，工作簿中改成{}，报告中现在是{}（{}）",
                            shown(was),
                            shown(mine),
                            shown(theirs.as_ref()),
                            line
                        );
                        self.conflict(row, field, message);
                    }
                }
            }
        }
    }

    /// The base row `b` is not in the workbook: the member deleted it.
    fn deleted(&mut self, b: &BaseRow, place: Origin) {
        let table = TABLES[b.table];
        let Some(key) = key_of(table, |k| b.get(k).cloned()) else { return };
        let Some(r) = self.find(b.table, &key) else { return };
        let record = &self.rows(b.table)[r];
        let unchanged = table.fields.iter().all(|f| same(cell_of(record, f).as_ref(), b.get(f.key)));
        if unchanged || self.prefer == Some(Prefer::Workbook) {
            self.remove(b.table, r, place);
        } else if self.prefer.is_none() {
            let line = self.line_of(record, table.name_field);
            self.plan.diagnostics.push(
                Diagnostic::error(
                    Rule::Conflict,
                    &place.workbook,
                    0,
                    0,
                    format!(
                        "工作簿删除了{}的“{}”一行，但报告在导出后修改了这一行（{line}）",
                        table.name,
                        key.join("，")
                    ),
                )
                .with_hint(CONFLICT_HINT)
                .in_cell(&place.sheet, &place.cell),
            );
        }
    }

    /// A workbook row without a base row: new, or (by its key) a row the
    /// report has. With a base, a row the report has is only filled in
    /// where the report is empty; other differences are conflicts.
    fn new_row(&mut self, row: &Row, based: bool) {
        let table = TABLES[row.table];
        let Some(key) = key_of(table, |k| row.get(k).cloned()) else {
            self.add(row.clone());
            return;
        };
        let Some(r) = self.find(row.table, &key) else {
            self.near_duplicate(row, &key);
            self.add(row.clone());
            return;
        };
        let record = &self.rows(row.table)[r];
        for field in table.fields.iter().map(|f| f.key) {
            let Some(mine) = row.get(field) else { continue };
            let theirs = cell_of(record, table.field(field));
            if same(theirs.as_ref(), Some(mine)) {
                continue;
            }
            if !based || theirs.is_none() || self.prefer == Some(Prefer::Workbook) {
                self.update(row.table, r, field, Some(mine.clone()), row.origin(field));
            } else if self.prefer.is_none() {
                let label = table.field(field).label;
                let line = self.line_of(record, field);
                let message = format!(
                    "新填的一行与报告中已有的“{}”同名，但“{label}”不同：工作簿中是{}，报告中是{}（{line}）",
                    key.join("，"),
                    shown(Some(mine)),
                    shown(theirs.as_ref())
                );
                self.conflict(row, field, message);
            }
        }
    }

    /// A workbook without a base: its values win over the report's.
    fn unbased(&mut self, workbook: &Workbook) {
        if workbook.rows.is_empty() {
            return;
        }
        self.plan.diagnostics.push(
            Diagnostic::warning(
                Rule::Workbook,
                workbook.name,
                0,
                0,
                format!(
                    "工作簿 {} 没有导出时的记录（不是本版 alliance-report xlsx export 写出的，或保存时丢失了隐藏的记录），无法区分成员单位的修改和报告在导出后的修改：工作簿中填写的值将覆盖报告中的值",
                    workbook.name
                ),
            )
            .with_hint("先用 --dry-run 核对将要做的修改；以后请把 alliance-report xlsx export 写出的工作簿发给成员单位，并请他们保存为 .xlsx"),
        );
        for row in workbook.rows {
            self.new_row(row, false);
        }
    }

    /// `--replace`, for workbooks without a base: a row of a table they
    /// have a sheet for that none of them lists goes. A workbook with a
    /// base removes the rows its member deleted, and only those.
    fn replace(&mut self, workbooks: &[Workbook]) {
        let unbased: Vec<&Workbook> = workbooks.iter().filter(|w| w.base.is_none()).collect();
        for (t, table) in TABLES.iter().enumerate() {
            let Some(first) = unbased.iter().find(|w| w.sheets.contains(&t)) else { continue };
            let keys: Vec<Vec<String>> = unbased
                .iter()
                .flat_map(|w| w.rows.iter())
                .filter(|r| r.table == t)
                .filter_map(|r| key_of(table, |k| r.get(k).cloned()))
                .collect();
            for (r, record) in self.rows(t).iter().enumerate() {
                let key = key_of(table, |k| cell_of(record, table.field(k)));
                if key.is_some_and(|k| !keys.contains(&k)) && !self.plan.tables[t].updates.contains_key(&r) {
                    let place = Origin {
                        workbook: first.name.to_owned(),
                        sheet: table.name.to_owned(),
                        cell: "A1".to_owned(),
                    };
                    self.plan.tables[t].removed.insert(r, place);
                }
            }
        }
    }

    /// Sets `field` of row `r`: a second workbook that sets it otherwise
    /// conflicts with the first.
    fn update(&mut self, t: usize, r: usize, field: &'static str, value: Option<Cell>, origin: Origin) {
        if let Some(place) = self.plan.tables[t].removed.get(&r) {
            let message = format!("这一行在 {} 中被删除，这里却修改了它", described(place));
            self.plan.diagnostics.push(between(&origin, message));
            return;
        }
        let changes = self.plan.tables[t].updates.entry(r).or_default();
        match changes.iter().find(|c| c.field == field) {
            Some(other) if !same(other.value.as_ref(), value.as_ref()) => {
                let label = TABLES[t].field(field).label;
                let message =
                    format!("“{label}”与 {} 填的不同：同一格的两个值不能都导入", described(&other.origin));
                let diagnostic = between(&origin, message);
                self.plan.diagnostics.push(diagnostic);
            }
            Some(_) => {}
            None => changes.push(Change { field, value, origin }),
        }
    }

    fn remove(&mut self, t: usize, r: usize, place: Origin) {
        if let Some(change) = self.plan.tables[t].updates.get(&r).and_then(|c| c.first()) {
            let message = format!("这一行在 {} 中被修改，这里却删除了它", described(&change.origin));
            self.plan.diagnostics.push(between(&place, message));
            return;
        }
        self.plan.tables[t].removed.entry(r).or_insert(place);
    }

    /// Adds `row`; the same new row from two workbooks is one row, and
    /// two values for one of its cells conflict.
    fn add(&mut self, row: Row) {
        let table = TABLES[row.table];
        let key = key_of(table, |k| row.get(k).cloned());
        let added = &mut self.plan.tables[row.table].added;
        let Some(same_row) =
            added.iter_mut().find(|a| key.is_some() && key_of(table, |k| a.get(k).cloned()) == key)
        else {
            added.push(row);
            return;
        };
        let mut problems = Vec::new();
        for (field, value, cell) in &row.cells {
            match same_row.get(field) {
                Some(other) if !same(Some(other), Some(value)) => {
                    let label = table.field(field).label;
                    let there = described(&same_row.origin(field));
                    let message = format!("“{label}”与 {there} 填的不同：同一行的两个值不能都导入");
                    problems.push(between(&row.origin(field), message));
                }
                Some(_) => {}
                None => same_row.cells.push((field, value.clone(), cell.clone())),
            }
        }
        self.plan.diagnostics.extend(problems);
    }

    /// Warns when a new row's name is close to an existing row's: perhaps
    /// a corrected name that was meant to update it.
    fn near_duplicate(&mut self, row: &Row, key: &[String]) {
        let table = TABLES[row.table];
        let Some(name) = row.get(table.name_field).map(Cell::text) else { return };
        let near = self.rows(row.table).iter().filter_map(|r| r.text(table.name_field)).find(|other| {
            let other = other.trim();
            let limit = (name.chars().count().min(other.chars().count()) / 5).max(1);
            other != name && crate::suggest::distance(&name, other) <= limit
        });
        if let Some(other) = near {
            self.plan.diagnostics.push(
                Diagnostic::warning(
                    Rule::Workbook,
                    &row.workbook,
                    0,
                    0,
                    format!("新的一行“{}”与报告中已有的“{}”只差几个字，将作为新的一行加入", key.join("，"), other.trim()),
                )
                .with_hint("如果是改正已有一行的名称，请在导出的工作簿中原来那一行上修改（不要另起一行），否则报告中会有两行")
                .in_cell(&row.sheet, row.cell_of(table.name_field).unwrap_or("A1")),
            );
        }
    }

    fn conflict(&mut self, row: &Row, field: &'static str, message: String) {
        let origin = row.origin(field);
        self.plan.diagnostics.push(
            Diagnostic::error(Rule::Conflict, &origin.workbook, 0, 0, message)
                .with_hint(CONFLICT_HINT)
                .in_cell(&origin.sheet, &origin.cell),
        );
    }

    fn alliance(&self) -> &'a str {
        self.report.info.group("alliance").and_then(|a| a.text("name")).unwrap_or_default().trim()
    }

    /// "tables/projects.yaml 第 12 行": where `field` of `record` stands.
    fn line_of(&self, record: &Record, field: &str) -> String {
        let slot = record.slot(field);
        let at = if slot.key.is_some() || slot.value.is_some() { slot.span.start } else { record.at.start };
        let (line, _) = self.report.sources.position(record.file, at);
        format!("{} 第 {line} 行", record.file)
    }
}

const CONFLICT_HINT: &str = "与填表单位核对哪个值对：把报告或工作簿改成一致后重新导入；或者用 --prefer workbook（以工作簿为准）或 --prefer report（以报告为准）重新导入";

/// Which base row each workbook row of table `t` was exported as, by its
/// id. A row copied inside the workbook carries the id twice: the copy
/// whose key is still the base row's (else the first) keeps it, the others
/// are new rows. A row whose key is exactly another base row's was moved
/// without its hidden id (a sort of the visible columns only): its key
/// decides.
fn claims<'b>(
    base: &'b Base,
    t: usize,
    rows: &[&Row],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Option<&'b BaseRow>> {
    let table = TABLES[t];
    let exported: Vec<(&BaseRow, Option<Vec<String>>)> = base
        .rows
        .iter()
        .filter(|b| b.table == t)
        .map(|b| (b, key_of(table, |k| b.get(k).cloned())))
        .collect();
    let keys: Vec<Option<Vec<String>>> = rows.iter().map(|r| key_of(table, |k| r.get(k).cloned())).collect();
    let by_key =
        |key: &Option<Vec<String>>| exported.iter().find(|(_, k)| key.is_some() && k == key).map(|(b, _)| *b);
    let mut claims: Vec<Option<&BaseRow>> = rows
        .iter()
        .zip(&keys)
        .map(|(row, key)| {
            let b = row.id.as_deref().and_then(|id| base.row(id)).filter(|b| b.table == t)?;
            match by_key(key) {
                Some(other) if other.id != b.id => Some(other),
                _ => Some(b),
            }
        })
        .collect();
    // A row without a usable id (typed anew, or pasted from another
    // workbook) is the base row its key names, if no row has claimed it.
    for i in 0..rows.len() {
        if claims[i].is_none()
            && let Some(found) = by_key(&keys[i])
            && !claims.iter().any(|c| c.is_some_and(|c| c.id == found.id))
        {
            claims[i] = Some(found);
        }
    }
    // Rows that claim one base row, by id.
    let mut holders: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, claim) in claims.iter().enumerate() {
        if let Some(b) = claim {
            holders.entry(b.id.as_str()).or_default().push(i);
        }
    }
    for held in holders.values().filter(|h| h.len() > 1) {
        let b = claims[held[0]].expect("a claim");
        let original = exported.iter().find(|(e, _)| e.id == b.id).and_then(|(_, k)| k.as_ref());
        let keeper = held.iter().copied().find(|&j| keys[j].as_ref() == original).unwrap_or(held[0]);
        for &j in held.iter().filter(|&&j| j != keeper) {
            claims[j] = None;
            let at = rows[j].cell_of(table.name_field).unwrap_or("A1");
            diagnostics.push(
                Diagnostic::warning(
                    Rule::Workbook,
                    &rows[j].workbook,
                    0,
                    0,
                    format!(
                        "第 {} 行是复制第 {} 行得来的，作为新的一行导入",
                        rows[j].line + 1,
                        rows[keeper].line + 1
                    ),
                )
                .with_hint("如果不需要两行，请删除复制出的那一行")
                .in_cell(&rows[j].sheet, at),
            );
        }
    }
    claims
}

/// Where a deletion is shown: the table's sheet in the workbook.
fn deleted_place(workbook: &Workbook, t: usize) -> Origin {
    let sheet =
        workbook.rows.iter().find(|r| r.table == t).map_or(TABLES[t].name.to_owned(), |r| r.sheet.clone());
    Origin { workbook: workbook.name.to_owned(), sheet, cell: "A1".to_owned() }
}

/// A conflict between two workbooks, at the cell of `origin`.
fn between(origin: &Origin, message: String) -> Diagnostic {
    Diagnostic::error(Rule::Conflict, &origin.workbook, 0, 0, message)
        .with_hint("两份工作簿说的是同一行：请核对后改成一致，或只导入其中一份")
        .in_cell(&origin.sheet, &origin.cell)
}

fn described(origin: &Origin) -> String {
    format!("{} {}!{}", origin.workbook, origin.sheet, origin.cell)
}

/// The key of a row: its `row_key` fields, compared as [`same`] does.
pub fn key_of(table: &Table, get: impl Fn(&str) -> Option<Cell>) -> Option<Vec<String>> {
    table.row_key.iter().map(|k| get(k).filter(|c| !c.is_empty()).map(|c| canonical(&c).join("、"))).collect()
}

/// Whether two values are the same value: texts trimmed, and a year-month
/// the same as the 1st of that month (xls and ods keep no number formats,
/// so a year-month comes back as a date).
pub fn same(a: Option<&Cell>, b: Option<&Cell>) -> bool {
    let a = a.filter(|c| !c.is_empty()).map(canonical);
    let b = b.filter(|c| !c.is_empty()).map(canonical);
    a == b
}

fn canonical(cell: &Cell) -> Vec<String> {
    match cell {
        Cell::Text(t) => vec![t.trim().to_owned()],
        Cell::Plain(t) => {
            let t = t.trim();
            let month = t.len() == 10 && t.ends_with("-01") && t.as_bytes()[4] == b'-';
            vec![if month { t[..7].to_owned() } else { t.to_owned() }]
        }
        Cell::List(items) => items.iter().map(|i| i.trim().to_owned()).collect(),
    }
}

/// A value in a message: “260”, or （空）.
fn shown(cell: Option<&Cell>) -> String {
    match cell.filter(|c| !c.is_empty()) {
        Some(c) => format!("“{}”", c.text()),
        None => "空白".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::PROJECTS;

    fn example() -> Report {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("example-report");
        crate::load::load(&dir).unwrap().report.unwrap()
    }

    /// The workbook rows of `base`, as the member got them.
    fn exported(base: &Base) -> Vec<Row> {
        base.rows
            .iter()
            .enumerate()
            .map(|(n, b)| {
                let table = TABLES[b.table];
                let places: Vec<(&'static str, String)> =
                    table.fields.iter().enumerate().map(|(c, f)| (f.key, cell(n, c))).collect();
                Row {
                    table: b.table,
                    workbook: "成员.xlsx".into(),
                    sheet: table.name.into(),
                    cells: b.cells.iter().map(|(k, v)| (*k, v.clone(), place(&places, k))).collect(),
                    id: Some(b.id.clone()),
                    line: n as u32 + 3,
                    places,
                    unreadable: Vec::new(),
                }
            })
            .collect()
    }

    fn cell(row: usize, col: usize) -> String {
        super::super::read::reference((row as u32 + 3, col as u32 + 1))
    }

    fn place(places: &[(&'static str, String)], key: &str) -> String {
        places.iter().find(|(k, _)| *k == key).map(|(_, c)| c.clone()).unwrap_or_default()
    }

    fn set(row: &mut Row, key: &'static str, value: Option<Cell>) {
        row.cells.retain(|(k, ..)| *k != key);
        if let Some(value) = value {
            let at = place(&row.places, key);
            row.cells.push((key, value, at));
        }
    }

    fn base_of(report: &Report, member: Option<&str>) -> Base {
        let rows: Vec<Vec<&Record>> = TABLES
            .iter()
            .zip(&report.tables)
            .map(|(t, rows)| {
                rows.iter().filter(|r| member.is_none_or(|m| super::super::belongs(t, r, m))).collect()
            })
            .collect();
        let alliance = report.info.group("alliance").and_then(|a| a.text("name")).unwrap_or_default();
        Base::new(alliance.trim(), member, &rows)
    }

    fn run(report: &Report, base: &Base, rows: &[Row], prefer: Option<Prefer>) -> Plan {
        let sheets: Vec<usize> = (0..TABLES.len()).collect();
        let book = Workbook { name: "成员.xlsx", base: Some(base), rows, sheets: &sheets };
        plan(report, &[book], prefer, false)
    }

    /// The report with row `r` of 表1's `key` set to `text` (a correction
    /// the secretariat made after the export).
    fn corrected(report: &Report, r: usize, key: &str, text: &str) -> Report {
        let mut report = report.clone();
        let slot =
            report.tables[1][r].slots.iter_mut().zip(PROJECTS.fields).find(|(_, f)| f.key == key).unwrap().0;
        slot.value = Some(match PROJECTS.field(key).kind {
            crate::form::Kind::Amount => {
                crate::model::Value::Amount(crate::model::Amount::parse(text).unwrap())
            }
            _ => crate::model::Value::Text(text.into()),
        });
        report
    }

    fn is_empty(plan: &Plan) -> bool {
        plan.tables.iter().all(|t| t.updates.is_empty() && t.added.is_empty() && t.removed.is_empty())
    }

    #[test]
    fn an_untouched_workbook_changes_nothing_even_after_the_report_did() {
        let report = example();
        let base = base_of(&report, None);
        let rows = exported(&base);
        let plan = run(&report, &base, &rows, None);
        assert!(is_empty(&plan) && plan.diagnostics.is_empty(), "{plan:?}");
        // The secretariat corrected 总投入 after the export: kept.
        let newer = corrected(&report, 1, "total_investment", "265");
        let plan = run(&newer, &base, &rows, None);
        assert!(is_empty(&plan) && plan.diagnostics.is_empty(), "{plan:?}");
    }

    #[test]
    fn a_cell_changed_on_both_sides_is_a_conflict_unless_a_side_is_preferred() {
        let report = example();
        let base = base_of(&report, None);
        let mut rows = exported(&base);
        let i = rows.iter().position(|r| r.table == 1).unwrap() + 1;
        set(&mut rows[i], "total_investment", Some(Cell::Plain("270".into())));
        let newer = corrected(&report, 1, "total_investment", "265");
        let plan = run(&newer, &base, &rows, None);
        assert!(is_empty(&plan));
        let conflict = plan.diagnostics.iter().find(|d| d.rule == Rule::Conflict).expect("a conflict");
        assert!(
            conflict.message.contains("“260”") && conflict.message.contains("“270”"),
            "{}",
            conflict.message
        );
        assert!(conflict.message.contains("“265”") && conflict.message.contains("tables/projects.yaml 第"));
        assert_eq!(conflict.cell.as_ref().unwrap().1, place(&rows[i].places, "total_investment"));
        let plan = run(&newer, &base, &rows, Some(Prefer::Workbook));
        assert_eq!(plan.tables[1].updates[&1][0].value, Some(Cell::Plain("270".into())));
        assert!(is_empty(&run(&newer, &base, &rows, Some(Prefer::Report))));
        // Changed in the workbook only: taken.
        let plan = run(&report, &base, &rows, None);
        assert_eq!(plan.tables[1].updates[&1][0].value, Some(Cell::Plain("270".into())));
    }

    #[test]
    fn a_renamed_row_updates_in_place_and_a_copied_one_is_new() {
        let report = example();
        let base = base_of(&report, None);
        let mut rows = exported(&base);
        let i = rows.iter().position(|r| r.table == 1).unwrap();
        set(&mut rows[i], "name", Some(Cell::Text("煤基高性能碳纤维原丝制备关键技术及产业化示范".into())));
        let mut copy = rows[i + 2].clone();
        set(&mut copy, "name", Some(Cell::Text("一个复制出来的新项目".into())));
        rows.push(copy);
        let plan = run(&report, &base, &rows, None);
        let update = &plan.tables[1].updates[&0];
        assert_eq!(update.len(), 1);
        assert_eq!(update[0].field, "name");
        assert_eq!(plan.tables[1].added.len(), 1);
        assert!(plan.tables[1].removed.is_empty());
        assert!(plan.diagnostics.iter().any(|d| d.message.contains("复制")), "{:?}", plan.diagnostics);
    }

    #[test]
    fn a_row_the_member_deleted_goes_unless_the_report_changed_it() {
        let report = example();
        let base = base_of(&report, None);
        let mut rows = exported(&base);
        let i = rows.iter().position(|r| r.table == 1).unwrap() + 1;
        rows.remove(i);
        let plan = run(&report, &base, &rows, None);
        assert_eq!(plan.tables[1].removed.keys().copied().collect::<Vec<_>>(), [1]);
        let newer = corrected(&report, 1, "total_investment", "265");
        let plan = run(&newer, &base, &rows, None);
        assert!(plan.tables[1].removed.is_empty());
        assert!(plan.diagnostics.iter().any(|d| d.rule == Rule::Conflict && d.message.contains("删除")));
    }

    #[test]
    fn a_members_workbook_never_touches_other_members_rows() {
        let report = example();
        let base = base_of(&report, Some("太原龙城碳素科技有限公司"));
        let rows = exported(&base);
        assert!(rows.len() < report.tables.iter().map(Vec::len).sum::<usize>());
        let plan = run(&report, &base, &rows, None);
        assert!(is_empty(&plan), "{plan:?}");
        // Even with --replace, which only workbooks without a base obey.
        let sheets: Vec<usize> = (0..TABLES.len()).collect();
        let book = Workbook { name: "成员.xlsx", base: Some(&base), rows: &rows, sheets: &sheets };
        assert!(is_empty(&plan_with_replace(&report, book)));
    }

    fn plan_with_replace(report: &Report, book: Workbook) -> Plan {
        plan(report, &[book], None, true)
    }

    #[test]
    fn a_row_the_report_deleted_but_the_member_edited_is_a_conflict() {
        let report = example();
        let base = base_of(&report, None);
        let mut rows = exported(&base);
        let i = rows.iter().position(|r| r.table == 1).unwrap();
        set(&mut rows[i], "status", Some(Cell::Text("完成".into())));
        let mut newer = report.clone();
        newer.tables[1].remove(0);
        let plan = run(&newer, &base, &rows, None);
        assert!(
            plan.diagnostics.iter().any(|d| d.rule == Rule::Conflict && d.message.contains("已从报告中删除"))
        );
        assert!(is_empty(&plan));
    }

    #[test]
    fn a_year_month_saved_as_a_date_is_the_same_value() {
        assert!(same(Some(&Cell::Plain("2021-12".into())), Some(&Cell::Plain("2021-12-01".into()))));
        assert!(!same(Some(&Cell::Plain("2021-12".into())), Some(&Cell::Plain("2021-12-02".into()))));
        assert!(same(Some(&Cell::Text(" 甲 ".into())), Some(&Cell::Text("甲".into()))));
        assert!(same(None, Some(&Cell::Text(String::new()))));
    }
}
