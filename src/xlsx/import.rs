//! `xlsx import`: members' workbooks into the report's YAML.
//!
//! Steps: read each workbook's rows and its base ([`read`]); merge them
//! with the report three ways ([`merge`]); edit each table's YAML as text
//! by the plan ([`edit`]); check the edited report with `check`'s own
//! rules, in memory, and move each problem on a line the import wrote to
//! the cell it came from. Nothing is written while a problem remains, and
//! never before the changes are shown.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use super::edit::{Editor, Style};
use super::merge::{self, Origin, Prefer};
use super::read::{self, Row};
use crate::diag::{Diagnostic, Rule};
use crate::form::{FILES, FileSpec, TABLES, Table};

/// What an import found and did.
pub struct Imported {
    /// Problems, at the workbooks' cells (and the report's own, of the
    /// files the import edits, where no cell is to blame).
    pub diagnostics: Vec<Diagnostic>,
    /// The rows removed, each as "表1“名称”", shown before the changes.
    pub removals: Vec<String>,
    /// The changes, as `diff` writes them.
    pub diff: String,
    /// The files written (none for a dry run, or while errors remain).
    pub written: Vec<PathBuf>,
    /// Rows added, updated and removed.
    pub added: usize,
    pub updated: usize,
    pub removed: usize,
}

/// How to import.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Show the changes only.
    pub dry_run: bool,
    /// For workbooks without a base: a row of a table they have a sheet
    /// for, but that none of them lists, is removed.
    pub replace: bool,
    /// The side a cell changed on both sides takes (else a conflict).
    pub prefer: Option<Prefer>,
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
    let mut books = Vec::new();
    for path in workbooks {
        let book = read::workbook(path);
        diagnostics.extend(book.problems.iter().cloned());
        books.push(book);
    }
    let sources: Vec<merge::Workbook> = books
        .iter()
        .map(|b| merge::Workbook { name: &b.name, base: b.base.as_ref(), rows: &b.rows, sheets: &b.tables })
        .collect();
    let plan = merge::plan(&report, &sources, options.prefer, options.replace);
    diagnostics.extend(plan.diagnostics);

    // The edited text of each table's file, and for each line written, the
    // cell it came from.
    let mut edited: BTreeMap<&'static str, String> = BTreeMap::new();
    let mut origins: Vec<(&'static str, usize, Origin, &'static str)> = Vec::new();
    let mut removals = Vec::new();
    let (mut added, mut updated, mut removed) = (0, 0, 0);
    for (table, changes) in TABLES.iter().zip(&plan.tables) {
        if changes.updates.is_empty() && changes.added.is_empty() && changes.removed.is_empty() {
            continue;
        }
        let spec = file_spec(table);
        let Some(text) = report.sources.text(spec.path) else { continue };
        let existing = report.rows(table);
        let style = Style::of(text, existing);
        let mut editor = Editor::new(text.to_owned());
        for (&r, row_changes) in &changes.updates {
            editor.update(table, &existing[r], row_changes, &style);
        }
        if !changes.removed.is_empty() {
            let kept: Vec<bool> = (0..existing.len()).map(|r| !changes.removed.contains_key(&r)).collect();
            editor.remove(text, spec, table, existing, &kept, !changes.added.is_empty());
            for (&r, origin) in &changes.removed {
                let name = existing[r].text(table.name_field).unwrap_or_default().trim();
                removals.push(format!("{}“{name}”（{} 中已删除）", table.name, origin.workbook));
            }
        }
        editor.append(text, spec, table, existing, &changes.added, &style);
        let result = editor.finish(spec.path)?;
        origins.extend(result.lines.into_iter().map(|(line, origin, key)| (spec.path, line, origin, key)));
        if result.text != text {
            edited.insert(spec.path, result.text);
        }
        added += changes.added.len();
        updated += changes.updates.len();
        removed += changes.removed.len();
    }

    // Check the edited report with check's rules; a problem on a line the
    // import wrote is the cell's.
    // In memory: the edited files laid over the folder, the scans read
    // once (nothing of the report is ever copied out of its folder).
    let mut source = crate::load::Source::disk(dir);
    for (path, text) in &edited {
        source.insert(path, text.as_bytes());
    }
    let checked = crate::load::load_from(&source, Some(&report.assets))?;
    let unreadable: Vec<(&str, &str, String)> = books
        .iter()
        .flat_map(|b| b.rows.iter())
        .flat_map(|row| {
            row.unreadable
                .iter()
                .map(move |k| (row.workbook.as_str(), row.sheet.as_str(), row.origin(k).cell))
        })
        .collect();
    let places: Vec<(&Row, &'static str, &str)> = books
        .iter()
        .flat_map(|b| b.rows.iter())
        .flat_map(|row| row.places.iter().map(move |(key, cell)| (row, *key, cell.as_str())))
        .collect();
    for d in judged(&checked) {
        let file = d.file.to_string_lossy().replace('\\', "/");
        if !edited.contains_key(file.as_str()) {
            continue;
        }
        if let Some(moved) = at_cell(&d, &file, &origins, &places) {
            // One cause, one message: a cell that could not be read was
            // reported as such; the report then lacking its value is not
            // a second problem.
            let cell = moved.cell.as_ref().map(|(s, c)| (s.as_str(), c.as_str()));
            let consequent = d.rule == Rule::Required
                && unreadable
                    .iter()
                    .any(|(w, s, c)| moved.file.to_string_lossy() == *w && cell == Some((*s, c.as_str())));
            if !consequent {
                diagnostics.push(moved);
            }
        }
    }
    diagnostics.retain(|d| d.cell.is_some() || !before.contains(d));
    diagnostics.dedup();

    let diff = match &checked.report {
        Some(after) => crate::diff::reports(&report, after),
        None => String::new(),
    };
    let mut written = Vec::new();
    if !options.dry_run && !diagnostics.iter().any(Diagnostic::is_error) {
        for (path, text) in &edited {
            let target = dir.join(path);
            crate::output::write_atomically(&target, text.as_bytes())?;
            written.push(target);
        }
    }
    Ok(Imported { diagnostics, removals, diff, written, added, updated, removed })
}

/// The problem `d` of the edited `file` at the workbook cell whose value
/// is on its line, or (an error of a row the import wrote, on a line it
/// did not write) at the row. A required field left empty is the member's
/// to fill: at that field's own cell of the row (`places`: every row's
/// cells, by field), with what to do in the workbook's terms. `None` for a
/// problem the import did not cause.
fn at_cell(
    d: &Diagnostic,
    file: &str,
    origins: &[(&str, usize, Origin, &'static str)],
    places: &[(&Row, &'static str, &str)],
) -> Option<Diagnostic> {
    let on_line = origins.iter().find(|(p, line, ..)| *p == file && *line == d.line);
    let in_row = || origins.iter().filter(|(p, line, ..)| *p == file && *line <= d.line).max_by_key(|o| o.1);
    let (_, _, origin, _) = on_line.or_else(|| if d.is_error() { in_row() } else { None })?;
    let mut moved = d.clone();
    moved.file = PathBuf::from(&origin.workbook);
    if d.rule != Rule::Required {
        return Some(moved.in_cell(&origin.sheet, &origin.cell));
    }
    // “立项时间”没有填写: at that column of the same row.
    let label = d.message.split('”').next().unwrap_or_default().trim_start_matches('“');
    let cell = places
        .iter()
        .find(|(row, key, _)| {
            row.workbook == origin.workbook
                && row.sheet == origin.sheet
                && row.places.iter().any(|(_, c)| *c == origin.cell)
                && TABLES[row.table].field(key).label == label
        })
        .map_or(origin.cell.as_str(), |(_, _, cell)| cell);
    moved.hint = Some(format!("请在工作簿的这一格填写{label}：表内栏目不得空缺（填写说明二.3）"));
    Some(moved.in_cell(&origin.sheet, cell))
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

fn file_spec(table: &Table) -> &'static FileSpec {
    FILES.iter().find(|f| f.path == table.file).expect("every table has its file")
}
