//! The import never loses an edit: random edits on both sides of an export
//! (the secretariat's in the YAML, the member's in the workbook), merged
//! and written as the import writes them, then read back. Every cell ends
//! as the workbook changed it, as the report changed it, or is named in a
//! conflict (and then nothing is written).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use proptest::prelude::*;

use super::base::{Base, cell_of};
use super::edit::{Editor, Style};
use super::merge::{self, Change, Origin, same};
use super::read::{Cell, Row};
use crate::diag::Rule;
use crate::form::{FILES, Field, Kind, TABLES};
use crate::model::{Record, Report};

fn example() -> &'static Report {
    static REPORT: OnceLock<Report> = OnceLock::new();
    REPORT.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("example-report");
        crate::load::load(&dir).unwrap().report.unwrap()
    })
}

/// One edit of one side.
#[derive(Debug, Clone)]
enum Op {
    /// Table, row (modulo the rows), field (modulo the fields), value
    /// (modulo the pool; past it: emptied).
    Set(usize, usize, usize, usize),
    Rename(usize, usize),
    Delete(usize, usize),
    /// A new row (workbook only).
    Add(usize),
}

fn op() -> impl Strategy<Value = Op> {
    // 表1 and 表3 hold every kind of field (lists, dates, amounts,
    // choices); 五 and 表5 names, codes, ticks and year-months.
    let table = prop::sample::select(vec![0usize, 1, 3, 5]);
    prop_oneof![
        6 => (table.clone(), 0..40usize, 0..10usize, 0..4usize).prop_map(|(t, r, f, v)| Op::Set(t, r, f, v)),
        1 => (table.clone(), 0..40usize).prop_map(|(t, r)| Op::Rename(t, r)),
        1 => (table.clone(), 0..40usize).prop_map(|(t, r)| Op::Delete(t, r)),
        1 => table.prop_map(Op::Add),
    ]
}

/// A small pool of values per kind, so that both sides often make the same
/// change; `None` empties the cell.
fn value(field: &Field, v: usize, side: &str) -> Option<Cell> {
    let pick = |pool: &[&str]| pool.get(v).map(|s| s.to_string());
    match &field.kind {
        Kind::Amount => pick(&["1", "2.5", "260"]).map(Cell::Plain),
        Kind::Count | Kind::Number(_) => pick(&["3", "4", "12"]).map(Cell::Plain),
        Kind::Date if field.label.contains("年月") => {
            pick(&["2022-03", "2023-05", "2021-11"]).map(Cell::Plain)
        }
        Kind::Date => pick(&["2022-03-04", "2023-05-06", "2021-11-20"]).map(Cell::Plain),
        Kind::Choice(choice) => choice.words.get(v).filter(|_| v < 3).map(|w| Cell::Text(w.to_string())),
        Kind::TextList => {
            let lists: [&[&str]; 3] = [&["甲单位"], &["甲单位", "乙单位"], &[side]];
            lists.get(v).map(|l| Cell::List(l.iter().map(|s| s.to_string()).collect()))
        }
        Kind::Format(_) => pick(&["91140100MA0KA1B2C3", "12140000405000001X"]).map(Cell::Text),
        _ => pick(&["改过的内容", "另一个内容", side]).map(Cell::Text),
    }
}

/// The editable fields of `t`: not the key (renames do that).
fn fields(t: usize) -> Vec<&'static Field> {
    TABLES[t].fields.iter().filter(|f| !TABLES[t].row_key.contains(&f.key)).collect()
}

/// The report after the secretariat's `ops`, written by the same editor and
/// read back by load.
fn edited_report(ops: &[Op]) -> (Report, Vec<BTreeMap<String, usize>>) {
    let origin = Origin { workbook: "秘书处".into(), sheet: String::new(), cell: String::new() };
    let mut report = example().clone();
    // Per table: the report's changes, by row.
    let mut changes: Vec<BTreeMap<usize, Vec<Change>>> = TABLES.iter().map(|_| BTreeMap::new()).collect();
    let mut deleted: Vec<Vec<usize>> = TABLES.iter().map(|_| Vec::new()).collect();
    for (n, op) in ops.iter().enumerate() {
        let (t, r) = match op {
            Op::Set(t, r, ..) | Op::Rename(t, r) | Op::Delete(t, r) => (*t, r % report.tables[*t].len()),
            Op::Add(_) => continue,
        };
        let (field, cell) = match op {
            Op::Set(_, _, f, v) => {
                let fields = fields(t);
                let field = fields[f % fields.len()];
                (field.key, value(field, *v, "秘书处单位"))
            }
            Op::Rename(..) => (TABLES[t].name_field, Some(Cell::Text(format!("报告改名{n}")))),
            _ => {
                deleted[t].push(r);
                continue;
            }
        };
        let row = changes[t].entry(r).or_default();
        row.retain(|c| c.field != field);
        row.push(Change { field, value: cell, origin: origin.clone() });
    }
    for (t, table) in TABLES.iter().enumerate() {
        if changes[t].is_empty() && deleted[t].is_empty() {
            continue;
        }
        let spec = FILES.iter().find(|f| f.path == table.file).unwrap();
        let text = report.sources.text(spec.path).unwrap().to_owned();
        let existing = report.rows(table).to_vec();
        let mut editor = Editor::new(text.clone());
        let style = Style::of(&text, &existing);
        for (r, row) in &changes[t] {
            if !deleted[t].contains(r) {
                editor.update(table, &existing[*r], row, &style);
            }
        }
        let kept: Vec<bool> = (0..existing.len()).map(|r| !deleted[t].contains(&r)).collect();
        if deleted[t].iter().any(|_| true) {
            editor.remove(&text, spec, table, &existing, &kept, false);
        }
        let new = editor.finish(spec.path).unwrap().text;
        let (root, problems) = crate::load::read_file(spec, &new);
        let Some(root) = root else { panic!("{problems:?}\n{new}") };
        report.tables[t] = root.rows(table.key).to_vec();
        report.sources.insert(spec.path, new);
    }
    let renamed = Vec::new();
    (report, renamed)
}

/// The member's workbook rows after `ops`.
fn edited_workbook(base: &Base, ops: &[Op]) -> Vec<Row> {
    let mut rows: Vec<Row> = base
        .rows
        .iter()
        .enumerate()
        .map(|(n, b)| {
            let table = TABLES[b.table];
            let places: Vec<(&'static str, String)> = table
                .fields
                .iter()
                .enumerate()
                .map(|(c, f)| (f.key, super::read::reference((n as u32 + 3, c as u32 + 1))))
                .collect();
            let at = |k: &str| places.iter().find(|(p, _)| *p == k).map(|(_, c)| c.clone()).unwrap();
            Row {
                table: b.table,
                workbook: "成员.xlsx".into(),
                sheet: table.name.into(),
                cells: b.cells.iter().map(|(k, v)| (*k, v.clone(), at(k))).collect(),
                id: Some(b.id.clone()),
                line: n as u32 + 3,
                places: places.clone(),
                unreadable: Vec::new(),
            }
        })
        .collect();
    for (n, op) in ops.iter().enumerate() {
        let in_table = |t: usize, rows: &Vec<Row>| -> Vec<usize> {
            rows.iter().enumerate().filter(|(_, r)| r.table == t).map(|(i, _)| i).collect()
        };
        match op {
            Op::Set(t, r, ..) | Op::Rename(t, r) if !in_table(*t, &rows).is_empty() => {
                let at = in_table(*t, &rows);
                let row = &mut rows[at[r % at.len()]];
                let (key, cell) = match op {
                    Op::Set(_, _, f, v) => {
                        let fields = fields(*t);
                        let field = fields[f % fields.len()];
                        (field.key, value(field, *v, "成员单位"))
                    }
                    _ => (TABLES[*t].name_field, Some(Cell::Text(format!("工作簿改名{n}")))),
                };
                let place = row.places.iter().find(|(k, _)| *k == key).unwrap().1.clone();
                row.cells.retain(|(k, ..)| *k != key);
                if let Some(cell) = cell {
                    row.cells.push((key, cell, place));
                }
            }
            Op::Delete(t, r) if !in_table(*t, &rows).is_empty() => {
                let at = in_table(*t, &rows);
                rows.remove(at[r % at.len()]);
            }
            Op::Add(t) => {
                let table = TABLES[*t];
                let Some(mut row) = rows.iter().find(|r| r.table == *t).cloned() else { continue };
                row.id = None;
                row.cells.retain(|(k, ..)| *k != table.name_field);
                let place = row.places[0].1.clone();
                row.cells.push((table.name_field, Cell::Text(format!("新增的一行{n}")), place));
                rows.push(row);
            }
            _ => {}
        }
    }
    rows
}

/// The cells of a report row, by field.
fn cells(t: usize, record: &Record) -> Vec<Option<Cell>> {
    TABLES[t].fields.iter().map(|f| cell_of(record, f)).collect()
}

/// The same cases on every `cargo test` (a fixed seed); `PROPERTIES_SEED=random`
/// draws new ones (and prints the seed), `PROPTEST_CASES` sets how many.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(128);
    let seed = match std::env::var("PROPERTIES_SEED").ok().as_deref() {
        None | Some("") => 0x5EED_0030,
        Some("random") => {
            let seed =
                std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64;
            eprintln!("merge properties: seed {seed}; PROPERTIES_SEED={seed} repeats this run");
            seed
        }
        Some(n) => n.parse().expect("PROPERTIES_SEED is “random” or a number"),
    };
    ProptestConfig {
        cases,
        rng_seed: proptest::test_runner::RngSeed::Fixed(seed),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn no_edit_is_lost(report_ops in prop::collection::vec(op(), 0..6), workbook_ops in prop::collection::vec(op(), 0..6)) {
        let original = example();
        let all: Vec<Vec<&Record>> = original.tables.iter().map(|t| t.iter().collect()).collect();
        let alliance = original.info.group("alliance").and_then(|a| a.text("name")).unwrap_or_default();
        let base = Base::new(alliance.trim(), None, &all);
        prop_assert!(!base.alliance.is_empty());
        let (report, _) = edited_report(&report_ops);
        let rows = edited_workbook(&base, &workbook_ops);
        let sheets: Vec<usize> = (0..TABLES.len()).collect();
        let book = merge::Workbook { name: "成员.xlsx", base: Some(&base), rows: &rows, sheets: &sheets };
        let plan = merge::plan(&report, &[book], None, false);
        let conflicts: Vec<(String, String)> = plan
            .diagnostics
            .iter()
            .filter(|d| d.rule == Rule::Conflict)
            .filter_map(|d| d.cell.clone())
            .collect();

        // What each base row should become, cell by cell.
        let mut expected_conflicts = Vec::new();
        let mut expected: Vec<(usize, Vec<Option<Cell>>)> = Vec::new();
        for b in &base.rows {
            let t = b.table;
            let table = TABLES[t];
            let was: Vec<Option<Cell>> = table.fields.iter().map(|f| b.get(f.key).cloned()).collect();
            let key = merge::key_of(table, |k| b.get(k).cloned());
            let theirs = report.tables[t].iter().find(|r| merge::key_of(table, |k| cell_of(r, table.field(k))) == key);
            let mine = rows.iter().find(|r| r.id.as_deref() == Some(&b.id));
            let mine_cells: Option<Vec<Option<Cell>>> =
                mine.map(|m| table.fields.iter().map(|f| m.get(f.key).cloned()).collect());
            let theirs_cells = theirs.map(|r| cells(t, r));
            let member_changed = mine_cells.as_ref().is_some_and(|m| m.iter().zip(&was).any(|(a, b)| !same(a.as_ref(), b.as_ref())));
            let report_changed = theirs_cells.as_ref().is_some_and(|r| r.iter().zip(&was).any(|(a, b)| !same(a.as_ref(), b.as_ref())));
            match (mine_cells, theirs_cells) {
                (None, None) => {}
                (None, Some(r)) => {
                    if report_changed {
                        expected_conflicts.push(("删除".to_owned(), b.id.clone()));
                    }
                    let _ = r;
                }
                (Some(m), None) => {
                    if member_changed {
                        expected_conflicts.push(("已删除".to_owned(), b.id.clone()));
                    }
                    let _ = m;
                }
                (Some(m), Some(r)) => {
                    let mut result = Vec::new();
                    for ((m, r), w) in m.into_iter().zip(r).zip(&was) {
                        if same(m.as_ref(), w.as_ref()) {
                            result.push(r);
                        } else if same(r.as_ref(), w.as_ref()) || same(r.as_ref(), m.as_ref()) {
                            result.push(m);
                        } else {
                            expected_conflicts.push(("两边".to_owned(), b.id.clone()));
                            result.push(r);
                        }
                    }
                    expected.push((t, result));
                }
            }
        }

        if !expected_conflicts.is_empty() || !conflicts.is_empty() {
            // Conflicts: nothing is written; each is reported.
            prop_assert_eq!(expected_conflicts.is_empty(), conflicts.is_empty(), "expected {:?}, got {:?}", expected_conflicts, plan.diagnostics);
            return Ok(());
        }
        // Write the plan as the import does, read the result back.
        let mut last = report.clone();
        for (t, table) in TABLES.iter().enumerate() {
            let changes = &plan.tables[t];
            let spec = FILES.iter().find(|f| f.path == table.file).unwrap();
            let text = report.sources.text(spec.path).unwrap();
            let existing = report.rows(table);
            let style = Style::of(text, existing);
            let mut editor = Editor::new(text.to_owned());
            for (r, c) in &changes.updates {
                editor.update(table, &existing[*r], c, &style);
            }
            if !changes.removed.is_empty() {
                let kept: Vec<bool> = (0..existing.len()).map(|r| !changes.removed.contains_key(&r)).collect();
                editor.remove(text, spec, table, existing, &kept, !changes.added.is_empty());
            }
            editor.append(text, spec, table, existing, &changes.added, &style);
            let new = editor.finish(spec.path).unwrap().text;
            let (root, problems) = crate::load::read_file(spec, &new);
            prop_assert!(root.is_some(), "{}: {:?}\n{}", spec.path, problems, new);
            last.tables[t] = root.unwrap().rows(table.key).to_vec();
        }
        // Every expected row is there, as expected; the rows the member
        // added are there; nothing else changed in number.
        for (t, cells_expected) in &expected {
            let found = last.tables[*t].iter().any(|r| {
                cells(*t, r).iter().zip(cells_expected).all(|(a, b)| same(a.as_ref(), b.as_ref()))
            });
            prop_assert!(found, "{}: {:?} not in {:?}", TABLES[*t].name, cells_expected, last.tables[*t].iter().map(|r| cells(*t, r)).collect::<Vec<_>>());
        }
        for row in rows.iter().filter(|r| r.id.is_none()) {
            let name = row.get(TABLES[row.table].name_field).unwrap().text();
            prop_assert!(last.tables[row.table].iter().any(|r| r.text(TABLES[row.table].name_field) == Some(name.as_str())));
        }
        let kept_from_report: usize = report.tables.iter().map(Vec::len).sum::<usize>();
        let removed: usize = plan.tables.iter().map(|t| t.removed.len()).sum();
        let added: usize = plan.tables.iter().map(|t| t.added.len()).sum();
        prop_assert_eq!(last.tables.iter().map(Vec::len).sum::<usize>(), kept_from_report - removed + added);
    }
}
