//! `xlsx import`: the rows of members' workbooks into the report's YAML.
//!
//! A row whose key (the catalogue's `row_key`: the name, for 表4 the name
//! and the date) matches an existing row updates it field by field; any
//! other row is added after the existing ones, in their style. The YAML is
//! edited as text at the spans load recorded, so every comment and every
//! untouched line stays as it was. The edited folder is then checked with
//! `check`'s own rules, and each problem on a line the import wrote is
//! reported at the cell it came from. Nothing is written while a problem
//! remains, and never before the changes are shown.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use super::read::{self, Cell, Row};
use crate::diag::{Diagnostic, Rule};
use crate::form::{FILES, FileSpec, Kind, Shape, TABLES, Table};
use crate::model::{Record, Report, Value};

/// What an import found and did.
pub struct Imported {
    /// Problems, at the workbooks' cells (and the report's own, of the
    /// files the import edits, where no cell is to blame).
    pub diagnostics: Vec<Diagnostic>,
    /// The changes, as `diff` writes them.
    pub diff: String,
    /// The files written (none for a dry run, or while errors remain).
    pub written: Vec<PathBuf>,
    /// Rows added and updated.
    pub added: usize,
    pub updated: usize,
    /// Rows removed (with `replace`).
    pub removed: usize,
}

/// How to import.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Show the changes only.
    pub dry_run: bool,
    /// A row of a table the workbooks have a sheet for, but that no
    /// workbook lists, is removed.
    pub replace: bool,
}

/// Imports `workbooks` into the report in `dir`.
pub fn import(dir: &Path, workbooks: &[PathBuf], options: Options) -> Result<Imported> {
    let loaded = crate::load::load(dir)?;
    // The problems the report has before the import are not the workbook's.
    let before = judged(&loaded);
    let Some(report) = loaded.report else {
        bail!("{} 中的报告无法读取（先用 alliance-report check 修正）", dir.display())
    };
    let mut diagnostics = Vec::new();
    let mut rows: Vec<Row> = Vec::new();
    let mut sheets: Vec<usize> = Vec::new();
    for path in workbooks {
        let (read, problems, tables) = read::workbook(path);
        rows.extend(read);
        diagnostics.extend(problems);
        sheets.extend(tables);
    }
    let rows = merge(rows, &mut diagnostics);

    // The edited text of each table's file, and for each line written, the
    // cell it came from.
    let mut edited: BTreeMap<&'static str, String> = BTreeMap::new();
    let mut origins: Vec<(&'static str, usize, String, String, String)> = Vec::new();
    let (mut added, mut updated, mut removed) = (0, 0, 0);
    for (t, table) in TABLES.iter().enumerate() {
        let mine: Vec<&Row> = rows.iter().filter(|r| r.table == t).collect();
        if mine.is_empty() && !(options.replace && sheets.contains(&t)) {
            continue;
        }
        let spec = file_spec(table);
        let Some(text) = report.sources.text(spec.path) else { continue };
        let mut editor = Editor::new(text.to_owned());
        let existing = report.rows(table);
        let style = Style::of(text, existing);
        let mut new_rows = Vec::new();
        for &row in &mine {
            match existing.iter().find(|e| same_row(table, e, row)) {
                Some(record) => {
                    if editor.update(table, record, row, &style) {
                        updated += 1;
                    }
                }
                None => new_rows.push(row),
            }
        }
        added += new_rows.len();
        if options.replace {
            let kept: Vec<bool> =
                existing.iter().map(|e| mine.iter().any(|row| same_row(table, e, row))).collect();
            removed += kept.iter().filter(|k| !**k).count();
            editor.remove(text, spec, table, existing, &kept, !new_rows.is_empty());
        }
        editor.append(text, spec, table, existing, &new_rows, &style);
        let result = editor.finish(spec.path)?;
        for (line, row, key) in &result.lines {
            let cell = row.cell_of(key).unwrap_or_default().to_owned();
            origins.push((spec.path, *line, row.workbook.clone(), sheet_of(row), cell));
        }
        if result.text != text {
            edited.insert(spec.path, result.text);
        }
    }

    // Check the edited folder with check's rules; a problem on a line the
    // import wrote is the cell's.
    let scratch = tempfile::Builder::new().prefix("alliance-report-import-").tempdir()?;
    copy_report(scratch.path(), &report)?;
    for (path, text) in &edited {
        std::fs::write(scratch.path().join(path), text)?;
    }
    let checked = judged(&crate::load::load(scratch.path())?);
    for d in checked {
        let file = d.file.to_string_lossy().replace('\\', "/");
        if !edited.contains_key(file.as_str()) {
            continue;
        }
        match origins.iter().find(|(p, line, ..)| *p == file && *line == d.line) {
            Some((_, _, workbook, sheet, cell)) => {
                let mut moved = d.clone();
                moved.file = PathBuf::from(workbook);
                diagnostics.push(moved.in_cell(sheet, cell));
            }
            None if d.is_error() => {
                // A row the import completed breaks a rule on a line it
                // did not write (a required field left empty): the row's.
                let at_row =
                    origins.iter().filter(|(p, line, ..)| *p == file && *line <= d.line).max_by_key(|o| o.1);
                if let Some((_, _, workbook, sheet, cell)) = at_row {
                    let mut moved = d.clone();
                    moved.file = PathBuf::from(workbook);
                    let row: String = cell.chars().skip_while(|c| c.is_ascii_alphabetic()).collect();
                    diagnostics.push(moved.in_cell(sheet, &format!("第 {row} 行")));
                }
            }
            None => {}
        }
    }
    diagnostics.retain(|d| d.cell.is_some() || !before.contains(d));
    diagnostics.dedup();

    let diff = crate::diff::diff(dir, scratch.path())?;
    let mut written = Vec::new();
    if !options.dry_run && !diagnostics.iter().any(Diagnostic::is_error) {
        for (path, text) in &edited {
            let target = dir.join(path);
            crate::output::write_atomically(&target, text.as_bytes())?;
            written.push(target);
        }
    }
    Ok(Imported { diagnostics, diff, written, added, updated, removed })
}

/// The problems of a loaded folder in its table files: load's and check's,
/// glyphs not judged (the fonts are not loaded for an import: the build
/// judges them).
fn judged(loaded: &crate::load::Loaded) -> Vec<Diagnostic> {
    let mut diagnostics = loaded.diagnostics.clone();
    if let Some(report) = &loaded.report {
        let figures = crate::summary::Figures::of(report);
        diagnostics.extend(crate::check::check(report, &figures, &|_| true));
    }
    let table_files: Vec<&str> = TABLES.iter().map(|t| t.file).collect();
    diagnostics.retain(|d| table_files.contains(&d.file.to_string_lossy().as_ref()));
    diagnostics
}

/// Copies the report's text files (not the evidence's scans) to `to`.
fn copy_report(to: &Path, report: &Report) -> Result<()> {
    std::fs::create_dir_all(to.join("evidence"))?;
    for (path, text) in report.sources.iter() {
        let target = to.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(target, text)?;
    }
    Ok(())
}

fn file_spec(table: &Table) -> &'static FileSpec {
    FILES.iter().find(|f| f.path == table.file).expect("every table has its file")
}

fn sheet_of(row: &Row) -> String {
    row.sheet.clone()
}

/// Rows of several workbooks merged by key: the same row from two
/// workbooks with different values for a field is refused, both cells
/// named; the same values are one row.
fn merge(rows: Vec<Row>, diagnostics: &mut Vec<Diagnostic>) -> Vec<Row> {
    let mut merged: Vec<Row> = Vec::new();
    for row in rows {
        let table = TABLES[row.table];
        let key = key_of(table, &row);
        let Some(same) =
            merged.iter_mut().find(|m| m.table == row.table && key.is_some() && key_of(table, m) == key)
        else {
            merged.push(row);
            continue;
        };
        for (field, value, cell) in &row.cells {
            match same.get(field) {
                Some(other) if other != value => {
                    let label = table.field(field).label;
                    let there = format!(
                        "{} {}!{}",
                        same.workbook,
                        super::sheet_name(table),
                        same.cell_of(field).unwrap_or_default()
                    );
                    diagnostics.push(
                        Diagnostic::error(
                            Rule::Workbook,
                            &row.workbook,
                            0,
                            0,
                            format!("“{label}”与 {there} 填的不同：同一行的两个值不能都导入"),
                        )
                        .with_hint("两份工作簿说的是同一行（名称相同）：请核对后改成一致，或只导入其中一份")
                        .in_cell(super::sheet_name(table), cell),
                    );
                }
                Some(_) => {}
                None => same.cells.push((field, value.clone(), cell.clone())),
            }
        }
    }
    merged
}

/// The key of a workbook row: its row_key fields' values.
fn key_of(table: &Table, row: &Row) -> Option<Vec<String>> {
    table
        .row_key
        .iter()
        .map(|k| match row.get(k)? {
            Cell::Text(t) | Cell::Plain(t) => Some(t.trim().to_owned()),
            Cell::List(items) => Some(items.join("、")),
        })
        .collect()
}

/// Whether the YAML row `record` is the workbook row `row`.
fn same_row(table: &Table, record: &Record, row: &Row) -> bool {
    let Some(key) = key_of(table, row) else { return false };
    table.row_key.iter().zip(&key).all(|(k, v)| yaml_text(record, k).as_deref() == Some(v.as_str()))
}

/// A field of a YAML row as the import would write it (to compare).
fn yaml_text(record: &Record, key: &str) -> Option<String> {
    Some(match record.get(key)? {
        Value::Text(t) | Value::Choice(t) => t.trim().to_owned(),
        Value::Date(d) => read::iso(d),
        Value::Amount(a) => a.display(),
        Value::Count(n) => n.to_string(),
        Value::List(_) => record.texts(key).join("、"),
        _ => return None,
    })
}

fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Text(t) | Cell::Plain(t) => t.clone(),
        Cell::List(items) => items.join("、"),
    }
}

/// How the existing rows are written: where the dash and the keys stand,
/// blank lines between rows, lists in flow or block style per key.
struct Style {
    dash: usize,
    blank_between: bool,
    /// Each list key's style in the existing rows: true for flow.
    lists: Vec<(&'static str, bool)>,
    /// The keys whose values the existing rows put in quotes.
    quoted: Vec<&'static str>,
}

impl Style {
    fn of(text: &str, rows: &[Record]) -> Style {
        let column = |at: usize| text[..at].rsplit('\n').next().map_or(0, |l| l.chars().count());
        let dash = rows.first().map_or(2, |r| column(r.at.start).saturating_sub(2));
        let blank_between = rows.get(1).is_some_and(|second| {
            let before = &text[..second.at.start];
            let mut lines = before.rsplit('\n');
            lines.next();
            lines.next().is_some_and(|l| l.trim().is_empty())
        });
        let mut lists = Vec::new();
        let mut quoted = Vec::new();
        for row in rows {
            for (field, slot) in row.fields.iter().zip(&row.slots) {
                if slot.value.is_some()
                    && text[slot.span.start..].starts_with('"')
                    && !quoted.contains(&field.key)
                {
                    quoted.push(field.key);
                }
                if matches!(field.kind, Kind::TextList)
                    && slot.value.is_some()
                    && !lists.iter().any(|(k, _)| *k == field.key)
                {
                    lists.push((field.key, text[slot.span.start..].starts_with('[')));
                }
            }
        }
        Style { dash, blank_between, lists, quoted }
    }

    /// Whether a list of `key` is written in flow style (`[a, b]`): as the
    /// existing rows write it; where none does, one per line for
    /// 主要合作单位 (as `init`'s comment asks), in brackets otherwise.
    fn flow(&self, key: &str) -> bool {
        self.lists.iter().find(|(k, _)| *k == key).map_or(key != "partners", |(_, flow)| *flow)
    }
}

/// The edits of one file: replacements at byte ranges, applied at the end
/// back to front; for every line written, the row and field it holds.
/// A replacement: the byte range, the new text, and for lines of it the
/// (line in it, index of the row in `Editor::rows`, field).
type Edit = (usize, usize, String, Vec<Mark>);
type Mark = (usize, usize, &'static str);

struct Editor {
    text: String,
    edits: Vec<Edit>,
    rows: Vec<Row>,
}

struct Finished {
    text: String,
    /// (1-based line in the new text, the row, the field).
    lines: Vec<(usize, Row, &'static str)>,
}

impl Editor {
    fn new(text: String) -> Editor {
        Editor { text, edits: Vec::new(), rows: Vec::new() }
    }

    /// Replaces `start..end` with `new`, whose line `i` (0-based) holds
    /// field `fields` of the row `row` (an index into `self.rows`).
    fn replace(
        &mut self,
        start: usize,
        end: usize,
        new: String,
        row: usize,
        fields: Vec<(usize, &'static str)>,
    ) {
        let marks = fields.into_iter().map(|(line, key)| (line, row, key)).collect();
        self.edits.push((start, end, new, marks));
    }

    /// Updates `record` with the fields `row` fills that differ; true when
    /// anything changed.
    fn update(&mut self, table: &Table, record: &Record, row: &Row, style: &Style) -> bool {
        let index = self.rows.len();
        self.rows.push(row.clone());
        let mut changed = false;
        let key_indent = style.dash + 2;
        // Where a new key goes: after the row's last line.
        let last_end = record
            .slots
            .iter()
            .filter(|s| s.key.is_some())
            .map(|s| s.span.end)
            .max()
            .unwrap_or(record.at.end);
        let insert_at = self.text[last_end..].find('\n').map_or(self.text.len(), |i| last_end + i + 1);
        let mut inserted = String::new();
        let mut inserted_fields = Vec::new();
        for field in table.fields {
            let Some(cell) = row.get(field.key) else { continue };
            if yaml_text(record, field.key).as_deref() == Some(cell_text(cell).as_str()) {
                continue;
            }
            changed = true;
            let slot = record.slot(field.key);
            let block_list = slot.value.is_some() && self.text[slot.span.start..].starts_with('-');
            match (slot.key, &slot.value) {
                (Some(_), Some(_)) if block_list && matches!(cell, Cell::List(_)) => {
                    // The items replace the items, at their indent; the
                    // key's line (and its comment) stays.
                    let Cell::List(items) = cell else { unreachable!() };
                    let indent =
                        self.text[..slot.span.start].rsplit('\n').next().map_or(0, |l| l.chars().count());
                    let lines: Vec<String> =
                        items.iter().map(|i| format!("- {}", plain_or_quoted(i, false))).collect();
                    let value = lines.join(&format!("\n{}", " ".repeat(indent)));
                    let marks = (0..lines.len()).map(|l| (l, field.key)).collect();
                    self.replace(slot.span.start, slot.span.end, value, index, marks);
                }
                (Some(_), Some(_)) => {
                    let value = match cell {
                        Cell::Text(t) if self.text[slot.span.start..].starts_with('"') => quoted(t),
                        _ => scalar(&field.kind, cell),
                    };
                    self.replace(slot.span.start, slot.span.end, value, index, vec![(0, field.key)]);
                }
                (Some(key_span), None) => {
                    let value = value_text(&field.kind, cell, key_indent, style, field.key);
                    let colon =
                        self.text[key_span.end..].find(':').map_or(key_span.end, |i| key_span.end + i + 1);
                    let lines = value.matches('\n').count();
                    self.replace(colon, colon, value, index, (0..=lines).map(|l| (l, field.key)).collect());
                }
                (None, _) => {
                    let line = format!(
                        "{}{}:{}\n",
                        " ".repeat(key_indent),
                        field.key,
                        value_text(&field.kind, cell, key_indent, style, field.key)
                    );
                    let before = inserted.matches('\n').count();
                    for l in 0..line.matches('\n').count() {
                        inserted_fields.push((before + l, field.key));
                    }
                    inserted.push_str(&line);
                }
            }
        }
        if !inserted.is_empty() {
            self.replace(insert_at, insert_at, inserted, index, inserted_fields);
        }
        changed
    }

    /// Removes the existing rows not `kept`: each from its line to the next
    /// row's (the last with the blank line before it). When none is kept
    /// and none is added, the list becomes `[]`.
    fn remove(
        &mut self,
        text: &str,
        spec: &'static FileSpec,
        table: &Table,
        existing: &[Record],
        kept: &[bool],
        adding: bool,
    ) {
        let line_start = |at: usize| text[..at].rfind('\n').map_or(0, |i| i + 1);
        let row_end = |r: &Record| {
            let end = r.slots.iter().map(|s| s.span.end).chain([r.at.end]).max().unwrap_or(0);
            text[end..].find('\n').map_or(text.len(), |i| end + i + 1)
        };
        if !adding && !kept.iter().any(|k| *k) {
            let Some(last) = existing.last() else { return };
            let (root, _) = crate::load::read_file(spec, text);
            let Some(key) = root.as_ref().and_then(|r| r.slot(table.key).key) else { return };
            let colon = text[key.end..].find(':').map_or(key.end, |i| key.end + i + 1);
            self.edits.push((colon, row_end(last), " []\n".to_owned(), Vec::new()));
            return;
        }
        let mut regions: Vec<(usize, usize)> = Vec::new();
        for (i, record) in existing.iter().enumerate() {
            if kept[i] {
                continue;
            }
            let start = line_start(record.at.start);
            let end = match existing.get(i + 1) {
                Some(next) => line_start(next.at.start),
                None => row_end(record),
            };
            // The last row: the blank line before it goes with it.
            let start =
                if i + 1 == existing.len() && text[..start].ends_with("\n\n") { start - 1 } else { start };
            // Neighbouring rows go as one region (edits must not overlap).
            match regions.last_mut() {
                Some(last) if last.1 >= start => last.1 = last.1.max(end),
                _ => regions.push((start, end)),
            }
        }
        for (start, end) in regions {
            self.edits.push((start, end, String::new(), Vec::new()));
        }
    }

    /// Adds `rows` after the existing ones (or in place of `key: []`).
    fn append(
        &mut self,
        text: &str,
        spec: &'static FileSpec,
        table: &Table,
        existing: &[Record],
        rows: &[&Row],
        style: &Style,
    ) {
        if rows.is_empty() {
            return;
        }
        let (root, _) = crate::load::read_file(spec, text);
        let Some(root) = root else { return };
        let list = root.slot(table.key);
        let mut block = String::new();
        let mut marks: Vec<Mark> = Vec::new();
        for (n, row) in rows.iter().enumerate() {
            let index = self.rows.len();
            self.rows.push((*row).clone());
            if (n > 0 || !existing.is_empty()) && style.blank_between {
                block.push('\n');
            }
            let mut first = true;
            for field in table.fields {
                let Some(cell) = row.get(field.key) else { continue };
                let lead =
                    if first { format!("{}- ", " ".repeat(style.dash)) } else { " ".repeat(style.dash + 2) };
                first = false;
                let line = format!(
                    "{lead}{}:{}\n",
                    field.key,
                    value_text(&field.kind, cell, style.dash + 2, style, field.key)
                );
                let at = block.matches('\n').count();
                for l in 0..line.matches('\n').count() {
                    marks.push((at + l, index, field.key));
                }
                block.push_str(&line);
            }
        }
        let value = list.value.as_ref();
        let flow_empty = value.is_some_and(|_| text[list.span.start..].starts_with('['));
        if existing.is_empty() || flow_empty {
            // `key: []`: the rows replace the brackets, from the next line.
            let (start, end) = if flow_empty {
                let close =
                    text[list.span.start..].find(']').map_or(list.span.end, |i| list.span.start + i + 1);
                (list.span.start, close)
            } else {
                let key_end = list.key.map_or(0, |k| k.end);
                let colon = text[key_end..].find(':').map_or(key_end, |i| key_end + i + 1);
                (colon, colon)
            };
            let start = text[..start].trim_end_matches(' ').len();
            let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
            let rest = &text[end..line_end];
            let new = format!("{rest}\n{}", block.trim_end_matches('\n'));
            let marks = marks.into_iter().map(|(l, r, k)| (l + 1, r, k)).collect();
            self.edits.push((start, line_end, new, marks));
        } else {
            let last = existing.last().expect("rows");
            let end = last.slots.iter().map(|s| s.span.end).chain([last.at.end]).max().unwrap_or(0);
            let at = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
            let (block, marks) = if at == text.len() && !text.ends_with('\n') {
                (format!("\n{block}"), marks.into_iter().map(|(l, r, k)| (l + 1, r, k)).collect())
            } else {
                (block, marks)
            };
            self.edits.push((at, at, block, marks));
        }
    }

    /// The edited text. Edits that overlap would corrupt the file: none is
    /// made then (an error of this program, reported as such).
    fn finish(mut self, path: &str) -> Result<Finished> {
        let mut ranges: Vec<(usize, usize)> = self.edits.iter().map(|e| (e.0, e.1)).collect();
        ranges.sort_unstable();
        if ranges.windows(2).any(|w| w[1].0 < w[0].1) {
            bail!(
                "导入 {path} 时，两处修改重叠（这是 alliance-report 的缺陷，请把工作簿和报告文件夹发给开发者）；没有写入任何文件"
            );
        }
        self.edits.sort_by_key(|e| std::cmp::Reverse((e.0, e.1)));
        let mut text = self.text.clone();
        for (start, end, new, _) in &self.edits {
            text.replace_range(*start..*end, new);
        }
        // Lines: each edit's line in the new text is its start's line in
        // the old one, moved by the lines that earlier edits added.
        let mut lines = Vec::new();
        let mut edits = self.edits;
        edits.sort_by_key(|e| e.0);
        let mut shift: isize = 0;
        for (start, end, new, marks) in &edits {
            let line = self.text[..*start].matches('\n').count() as isize + 1 + shift;
            for &(offset, row, key) in marks {
                if let Some(row) = self.rows.get(row) {
                    lines.push(((line + offset as isize) as usize, row.clone(), key));
                }
            }
            shift +=
                new.matches('\n').count() as isize - self.text[*start..*end].matches('\n').count() as isize;
        }
        Ok(Finished { text, lines })
    }
}

/// The value after `key:` — ` value`, or for a block list, its lines.
fn value_text(kind: &Kind, cell: &Cell, indent: usize, style: &Style, key: &str) -> String {
    match cell {
        Cell::List(items) if !style.flow(key) => {
            let mut out = String::new();
            for item in items {
                out.push_str(&format!("\n{}- {}", " ".repeat(indent + 2), plain_or_quoted(item, false)));
            }
            out
        }
        Cell::Text(t) if style.quoted.contains(&key) => format!(" {}", quoted(t)),
        _ => format!(" {}", scalar(kind, cell)),
    }
}

/// A scalar (or a flow list) as YAML: plain when that reads back as the
/// same text, else double-quoted; a code always quoted, as the example
/// writes it (a code of digits must stay a text).
fn scalar(kind: &Kind, cell: &Cell) -> String {
    match (kind, cell) {
        (_, Cell::List(items)) => {
            let items: Vec<String> = items.iter().map(|i| plain_or_quoted(i, true)).collect();
            format!("[{}]", items.join(", "))
        }
        (Kind::Format(Shape::CreditCode), Cell::Text(t)) => quoted(t),
        (_, Cell::Plain(t)) => t.clone(),
        (_, Cell::Text(t)) => plain_or_quoted(t, false),
    }
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

/// `text` plain when YAML reads it back as the same string, else quoted.
fn plain_or_quoted(text: &str, in_flow: bool) -> String {
    let first = text.chars().next().unwrap_or(' ');
    let risky = text.is_empty()
        || text != text.trim()
        || "-?:,[]{}#&*!|>'\"%@`".contains(first)
        || text.contains(": ")
        || text.contains(" #")
        || text.ends_with(':')
        || text.contains('\n')
        || (in_flow && text.contains([',', '[', ']', '{', '}']))
        || text.chars().all(|c| c.is_ascii_digit() || ".-+eE_:xXoO".contains(c))
        || matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~" | "y" | "n"
        );
    if risky { quoted(text) } else { text.to_owned() }
}
