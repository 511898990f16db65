//! Reading a member's workbook: each sheet of a table found by its name,
//! its columns matched to [`layout`](super::layout)'s by header text
//! (tolerating spaces, line breaks, full-width brackets and reordered
//! columns), and every cell turned into the text its field's YAML takes,
//! or a problem at the cell.

use std::path::Path;

use anyhow::{Context, Result};
use calamine::{Data, Reader, Sheets, open_workbook_auto};

use super::layout::{self, SheetColumn};
use crate::diag::{Diagnostic, Rule};
use crate::form::{Kind, Shape, TABLES, Table};
use crate::model::{Amount, Date};

/// A value read from a cell, as its field's YAML writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// A text, a word, a code.
    Text(String),
    /// A number or a date, written plain.
    Plain(String),
    /// A list of texts (、-separated in the cell).
    List(Vec<String>),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Text(t) | Cell::Plain(t) => t.trim().is_empty(),
            Cell::List(items) => items.iter().all(|i| i.trim().is_empty()),
        }
    }

    /// The value as a cell shows it: a list joined with 、.
    pub fn text(&self) -> String {
        match self {
            Cell::Text(t) | Cell::Plain(t) => t.trim().to_owned(),
            Cell::List(items) => items.join("、"),
        }
    }
}

/// One row of a sheet: the fields it fills, each with its cell.
#[derive(Debug, Clone)]
pub struct Row {
    /// Index into [`TABLES`].
    pub table: usize,
    /// The workbook, as the user named it, and the sheet, as it is named.
    pub workbook: String,
    pub sheet: String,
    /// (field key, value, cell reference such as F12).
    pub cells: Vec<(&'static str, Cell, String)>,
    /// The row's id (see [`super::base`]), when it has one.
    pub id: Option<String>,
    /// The row of the sheet (0-based).
    pub line: u32,
    /// Every field the sheet has a column for, with the row's cell in it.
    pub places: Vec<(&'static str, String)>,
    /// The fields whose cell holds something that could not be read (a
    /// problem was reported at the cell).
    pub unreadable: Vec<&'static str>,
}

impl Row {
    /// Whether the sheet has a column for `key`.
    pub fn has_column(&self, key: &str) -> bool {
        self.places.iter().any(|(k, _)| *k == key)
    }

    /// The cell `key` came from: its value's, else its column's in this row.
    pub fn origin(&self, key: &str) -> super::merge::Origin {
        let cell = self
            .cell_of(key)
            .or_else(|| self.places.iter().find(|(k, _)| *k == key).map(|(_, c)| c.as_str()))
            .or_else(|| self.places.first().map(|(_, c)| c.as_str()))
            .unwrap_or("A1");
        super::merge::Origin {
            workbook: self.workbook.clone(),
            sheet: self.sheet.clone(),
            cell: cell.to_owned(),
        }
    }

    pub fn get(&self, key: &str) -> Option<&Cell> {
        self.cells.iter().find(|(k, _, _)| *k == key).map(|(_, v, _)| v)
    }

    pub fn cell_of(&self, key: &str) -> Option<&str> {
        self.cells.iter().find(|(k, _, _)| *k == key).map(|(_, _, c)| c.as_str())
    }
}

/// Every row of every table's sheet of the workbook at `path`, the
/// problems found reading them, the tables it has a sheet for, and its
/// base.
pub fn workbook(path: &Path) -> Result<Workbook> {
    let shown = path.display().to_string().replace('\\', "/");
    let mut book: Sheets<_> = open_workbook_auto(path)
        .with_context(|| format!("无法读取工作簿 {shown}（支持 .xlsx、.xls 和 .ods）"))?;
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let names = book.sheet_names();
    let mut found = Vec::new();
    let base = match book.worksheet_range(super::base::SHEET) {
        Ok(range) if names.iter().any(|n| n == super::base::SHEET) => super::base::Base::read(&range),
        _ => None,
    };
    for name in names {
        let Some(table) = TABLES.iter().position(|t| sheet_is(&name, t)) else { continue };
        found.push(table);
        let range =
            book.worksheet_range(&name).with_context(|| format!("无法读取 {shown} 的工作表 {name}"))?;
        let formulas = book.worksheet_formula(&name).ok();
        // What calamine gives for some formats only: number formats (a
        // year-month or a date) for xlsx, merged cells for xlsx and xls;
        // hidden rows come from an xlsx sheet's XML.
        let (styles, merged) = match &mut book {
            Sheets::Xlsx(xlsx) => {
                (xlsx.worksheet_style(&name).ok(), xlsx.merge_cells_by_sheet_name(&name).unwrap_or_default())
            }
            Sheets::Xls(xls) => (None, xls.merge_cells_by_sheet_name(&name).unwrap_or_default()),
            _ => (None, Vec::new()),
        };
        let merged = merged.iter().map(|d| (d.start, d.end)).collect();
        let hidden = hidden_rows(path, &name);
        let sheet =
            Sheet { name: &name, table, workbook: &shown, range: &range, formulas, styles, merged, hidden };
        sheet.read(&mut rows, &mut problems);
    }
    if found.is_empty() {
        let expected: Vec<&str> = TABLES.iter().map(|t| t.name).collect();
        problems.push(Diagnostic::error(
            Rule::Workbook,
            &shown,
            0,
            0,
            format!("工作簿 {shown} 中没有表格的工作表（工作表应名为 {}）", expected.join("、")),
        ));
    }
    Ok(Workbook { name: shown, rows, problems, tables: found, base })
}

/// What a workbook holds.
pub struct Workbook {
    /// Its name, as the user gave it.
    pub name: String,
    pub rows: Vec<Row>,
    /// The problems found reading it.
    pub problems: Vec<Diagnostic>,
    /// The tables (indices into [`TABLES`]) it has a sheet for.
    pub tables: Vec<usize>,
    /// What it was exported from, when it says.
    pub base: Option<super::base::Base>,
}

/// Whether the sheet `name` is `table`'s: 表1, "表1 技术合作…", 五, "五、…".
fn sheet_is(name: &str, table: &Table) -> bool {
    let name: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    match name.strip_prefix(table.name) {
        Some(rest) => !rest.starts_with(|c: char| c.is_ascii_digit()),
        None => false,
    }
}

struct Sheet<'a> {
    name: &'a str,
    table: usize,
    workbook: &'a str,
    range: &'a calamine::Range<Data>,
    formulas: Option<calamine::Range<String>>,
    styles: Option<calamine::StyleRange>,
    /// Merged areas, (top-left, bottom-right): a cell in one has the value
    /// of its top-left cell.
    merged: Vec<((u32, u32), (u32, u32))>,
    /// Rows (0-based) hidden in the sheet.
    hidden: Vec<u32>,
}

impl Sheet<'_> {
    fn problem(&self, at: (u32, u32), message: String, hint: &str) -> Diagnostic {
        Diagnostic::error(Rule::Workbook, self.workbook, 0, 0, message)
            .with_hint(hint)
            .in_cell(self.name, &reference(at))
    }

    fn text(&self, at: (u32, u32)) -> String {
        match self.range.get_value(at) {
            Some(Data::String(s)) => s.clone(),
            Some(Data::Float(f)) => f.to_string(),
            Some(Data::Int(i)) => i.to_string(),
            _ => String::new(),
        }
    }

    fn read(&self, rows: &mut Vec<Row>, problems: &mut Vec<Diagnostic>) {
        let table = TABLES[self.table];
        let columns = layout::columns(table);
        let Some((top, left)) = self.range.start() else { return };
        let (bottom, right) = self.range.end().unwrap_or((top, left));
        // The header: the first row that starts with 序号.
        let Some(header) = (top..=bottom.min(top + 10))
            .find(|&r| (left..=right).any(|c| normal(&self.text((r, c))) == "序号"))
        else {
            problems.push(self.problem(
                (top, left),
                format!("工作表 {} 中找不到表头（以“序号”开头的一行）", self.name),
                "请使用 alliance-report xlsx export 写出的工作簿，不要删除表头",
            ));
            return;
        };
        let two = layout::header_rows(&columns) == 2;
        // Each sheet column's headers; an empty top cell under a merged
        // header takes the header to its left.
        let mut over = String::new();
        let mut found: Vec<Option<usize>> = vec![None; columns.len()];
        let mut unknown = Vec::new();
        let mut id_column = None;
        for c in left..=right {
            let upper = normal(&self.text((header, c)));
            let lower = if two { normal(&self.text((header + 1, c))) } else { String::new() };
            if !upper.is_empty() {
                over = upper.clone();
            }
            if upper == super::base::ID_HEADER {
                id_column = Some(c);
                continue;
            }
            if upper.is_empty() && lower.is_empty() || upper == "序号" {
                continue;
            }
            let top_label = if upper.is_empty() { over.clone() } else { upper.clone() };
            let matched = columns.iter().position(|col| match col.over {
                Some(o) => normal(o) == top_label && normal(col.label) == lower,
                None => normal(col.label) == top_label && (lower.is_empty() || lower == top_label),
            });
            match matched {
                Some(i) if found[i].is_none() => found[i] = Some(c as usize),
                _ => unknown
                    .push((c, if lower.is_empty() { top_label } else { format!("{top_label}/{lower}") })),
            }
        }
        for (c, label) in unknown {
            problems.push(
                Diagnostic::warning(
                    Rule::Workbook,
                    self.workbook,
                    0,
                    0,
                    format!("不认识的栏目“{label}”，这一列没有导入"),
                )
                .with_hint("栏目名称要与表格一致；请使用 alliance-report xlsx export 写出的工作簿")
                .in_cell(self.name, &reference((header, c))),
            );
        }
        let missing: Vec<String> = columns
            .iter()
            .zip(&found)
            .filter(|(_, f)| f.is_none())
            .map(|(col, _)| match col.over {
                Some(o) => format!("{o}/{}", col.label),
                None => col.label.to_owned(),
            })
            .collect();
        if !missing.is_empty() {
            problems.push(self.problem(
                (header, left),
                format!("工作表 {} 缺少栏目：{}", self.name, missing.join("、")),
                "缺少的栏目不会导入；请使用 alliance-report xlsx export 写出的工作簿，不要删除列",
            ));
        }
        let first = header + if two { 2 } else { 1 };
        for r in first..=bottom {
            let first_text = normal(&self.text((r, left)));
            if first_text.starts_with("注：") || first_text.starts_with("注:") {
                break;
            }
            let id = id_column.map(|c| normal(&self.text((r, c)))).filter(|id| !id.is_empty());
            let places = columns
                .iter()
                .zip(&found)
                .filter_map(|(column, at)| Some((column.field.key, reference((r, (*at)? as u32)))))
                .collect();
            let mut row = Row {
                table: self.table,
                workbook: self.workbook.to_owned(),
                sheet: self.name.to_owned(),
                cells: Vec::new(),
                id,
                line: r,
                places,
                unreadable: Vec::new(),
            };
            let mut ticked: Vec<(&'static str, (u32, u32))> = Vec::new();
            for (column, at) in columns.iter().zip(&found) {
                let Some(c) = at else { continue };
                let at = (r, *c as u32);
                match self.cell(column, at) {
                    Ok(None) => {}
                    Ok(Some(value)) if column.tick.is_some() => {
                        if value == Cell::Text(String::new()) {
                            continue;
                        }
                        ticked.push((column.tick.unwrap_or_default(), at));
                    }
                    Ok(Some(value)) => row.cells.push((column.field.key, value, reference(at))),
                    Err(problem) => {
                        row.unreadable.push(column.field.key);
                        problems.push(*problem);
                    }
                }
            }
            match ticked.as_slice() {
                [] => {}
                [(word, at)] => {
                    let key = columns.iter().find(|c| c.tick.is_some()).map_or("level", |c| c.field.key);
                    row.cells.push((key, Cell::Text((*word).to_owned()), reference(*at)));
                }
                [(_, at), ..] => {
                    let key = columns.iter().find(|c| c.tick.is_some()).map_or("level", |c| c.field.key);
                    row.unreadable.push(key);
                    problems.push(self.problem(
                        *at,
                        "级别只能在一栏中打“√”".into(),
                        "在国家级、省级、市级三栏中只保留一个“√”",
                    ));
                }
            }
            if !row.cells.is_empty() || !row.unreadable.is_empty() {
                if self.hidden.contains(&r) {
                    problems.push(
                        Diagnostic::warning(
                            Rule::Workbook,
                            self.workbook,
                            0,
                            0,
                            format!("第 {} 行是隐藏的，也已导入", r + 1),
                        )
                        .with_hint(
                            "隐藏的行在 Excel 中看不到，但内容仍在：不需要这一行时请删除它，而不是隐藏",
                        )
                        .in_cell(self.name, &reference((r, left))),
                    );
                }
                rows.push(row);
            }
        }
    }

    /// The value of the cell at `at` of `column`; `None` when it is empty.
    fn cell(&self, column: &SheetColumn, at: (u32, u32)) -> Result<Option<Cell>, Box<Diagnostic>> {
        let field = column.field;
        let label = if column.tick.is_some() { column.label } else { field.label };
        let source = self
            .merged
            .iter()
            .find(|(a, b)| (a.0..=b.0).contains(&at.0) && (a.1..=b.1).contains(&at.1))
            .map_or(at, |(a, _)| *a);
        let value = self.range.get_value(source).cloned().unwrap_or(Data::Empty);
        let has_formula = self.formulas.as_ref().and_then(|f| f.get_value(at)).is_some_and(|f| !f.is_empty());
        if let Data::Error(e) = &value {
            return Err(Box::new(self.problem(
                at,
                format!("{label}：单元格是一个出错的公式（{e:?}）"),
                "改正公式，或直接填写数值",
            )));
        }
        if has_formula && matches!(value, Data::Empty) {
            return Err(Box::new(self.problem(
                at,
                format!("{label}：单元格是公式，但没有保存计算结果"),
                "在 Excel 或 WPS 中打开并保存一次（让公式算出结果），或直接填写数值",
            )));
        }
        if let Some(word) = column.tick {
            let text = cell_text(&value);
            return match text.trim() {
                "" => Ok(None),
                "√" | "✓" | "✔" | "☑" | "v" | "V" | "是" => Ok(Some(Cell::Text(word.to_owned()))),
                other => Err(Box::new(self.problem(
                    at,
                    format!("级别“{word}”一栏写的是“{other}”"),
                    "在对应的一栏中打“√”，其他两栏空着",
                ))),
            };
        }
        let bad = |message: String, hint: &str| {
            Err(Box::new(self.problem(at, format!("{label}：{message}"), hint)))
        };
        match &field.kind {
            Kind::Date => {
                let date = match &value {
                    Data::Empty => return Ok(None),
                    Data::DateTime(d) => serial_date(d.as_f64()),
                    Data::Float(f) if (1.0..100_000.0).contains(f) => serial_date(*f),
                    Data::Int(i) if (1..100_000).contains(i) => serial_date(*i as f64),
                    Data::DateTimeIso(iso) => iso.get(..10).and_then(|d| d.parse::<Date>().ok()),
                    other => {
                        let text = numeric(&cell_text(other));
                        if text.is_empty() {
                            return Ok(None);
                        }
                        match text.parse::<Date>() {
                            Ok(date) => return Ok(Some(Cell::Plain(iso(&date)))),
                            Err(e) => return bad(e.0, "写成 2023-03-15 或 2023-03（年-月）"),
                        }
                    }
                };
                let Some(mut date) = date else {
                    return bad("不是有效的日期".into(), "写成 2023-03-15 或 2023-03（年-月）");
                };
                // A year-month: the column asks for one, or the cell's own
                // format shows no day (yyyy-mm, as export writes one).
                if field.label.contains("年月") || !self.shows_day(at) {
                    date.day = None;
                }
                Ok(Some(Cell::Plain(iso(&date))))
            }
            Kind::Amount => match &value {
                Data::Empty => Ok(None),
                Data::Float(f) => amount(*f).map(|a| Some(Cell::Plain(a))).ok_or(()).or_else(|()| {
                    bad(
                        format!("{f} 不是非负的、最多两位小数的金额"),
                        "以万元为单位（创汇以美元为单位），只填数字，最多两位小数",
                    )
                }),
                Data::Int(i) if *i >= 0 => Ok(Some(Cell::Plain(i.to_string()))),
                other => {
                    let text = numeric(&cell_text(other));
                    let text = text.trim_end_matches("万元").trim_end_matches('元').trim();
                    if text.is_empty() {
                        return Ok(None);
                    }
                    match Amount::parse(text) {
                        Ok(a) => Ok(Some(Cell::Plain(a.display()))),
                        Err(e) => bad(e, "以万元为单位（创汇以美元为单位），只填数字，最多两位小数"),
                    }
                }
            },
            Kind::Count | Kind::Number(_) => match &value {
                Data::Empty => Ok(None),
                Data::Float(f) if *f >= 0.0 && f.fract() == 0.0 && *f < 1e9 => {
                    Ok(Some(Cell::Plain(format!("{}", *f as u64))))
                }
                Data::Int(i) if *i >= 0 => Ok(Some(Cell::Plain(i.to_string()))),
                other => {
                    let text = numeric(&cell_text(other));
                    let text = text.trim_end_matches(['个', '家', '人', '次', '项']).trim();
                    if text.is_empty() {
                        return Ok(None);
                    }
                    match text.parse::<u32>() {
                        Ok(n) => Ok(Some(Cell::Plain(n.to_string()))),
                        Err(_) => bad(format!("“{text}”不是不带小数的非负整数"), "只填整数，例如 12"),
                    }
                }
            },
            Kind::TextList => {
                let text = cell_text(&value);
                let items: Vec<String> = text
                    .split(['、', ',', '，', ';', '；', '\n'])
                    .map(|s| trimmed(s).to_owned())
                    .filter(|s| !s.is_empty())
                    .collect();
                Ok((!items.is_empty()).then_some(Cell::List(items)))
            }
            Kind::Format(shape) => {
                if let Data::Float(f) = value
                    && *shape == Shape::CreditCode
                    && f.abs() >= 1e15
                {
                    return bad(
                        "Excel 把这个代码当成了数字，超过 15 位的部分已经变了".into(),
                        "把单元格设为“文本”格式后重新输入代码，或在代码前加一个英文单引号 '",
                    );
                }
                let text = numeric(&cell_text(&value));
                Ok((!text.is_empty()).then(|| Cell::Text(text.to_uppercase())))
            }
            _ => {
                let text = trimmed(&cell_text(&value)).to_owned();
                Ok((!text.is_empty()).then_some(Cell::Text(text)))
            }
        }
    }

    /// Whether the cell's number format shows a day (xlsx only: other
    /// formats do not say, and a date there keeps its day).
    fn shows_day(&self, at: (u32, u32)) -> bool {
        let Some(styles) = &self.styles else { return true };
        match styles.get(at).and_then(|s| s.number_format.as_ref()) {
            Some(format) => {
                let code = format.format_code.to_ascii_lowercase();
                let code: String = code.split('"').step_by(2).collect();
                code.contains('d') || code.contains("日") || code.is_empty() || code == "general"
            }
            None => true,
        }
    }
}

/// The rows (0-based) hidden in sheet `name` of the xlsx at `path`, read
/// from the sheet's XML (`<row r="5" hidden="1">`), which calamine does
/// not expose; none for xls and ods, which do not say (see the README).
fn hidden_rows(path: &Path, name: &str) -> Vec<u32> {
    let read = |zip: &mut zip::ZipArchive<std::fs::File>, file: &str| -> Option<String> {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(file).ok()?, &mut text).ok()?;
        Some(text)
    };
    // The value of `key="…"` in a tag's attributes (split off at `<tag `).
    let attribute = |tag: &str, key: &str| -> Option<String> {
        let tag = format!(" {tag}");
        let at = tag.find(&format!(" {key}=\""))? + key.len() + 3;
        Some(tag[at..].split('"').next()?.to_owned())
    };
    let rows = || -> Option<Vec<u32>> {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(path).ok()?).ok()?;
        let workbook = read(&mut zip, "xl/workbook.xml")?;
        let sheet = workbook
            .split("<sheet ")
            .skip(1)
            .find(|t| attribute(t, "name").is_some_and(|n| n.replace("&amp;", "&") == name))?;
        let id = attribute(sheet, "r:id")?;
        let rels = read(&mut zip, "xl/_rels/workbook.xml.rels")?;
        let rel = rels.split("<Relationship ").find(|t| attribute(t, "Id").as_deref() == Some(&id))?;
        let target = attribute(rel, "Target")?;
        let target = target.strip_prefix('/').map_or(format!("xl/{target}"), str::to_owned);
        let xml = read(&mut zip, &target)?;
        Some(
            xml.split("<row ")
                .skip(1)
                .filter_map(|t| {
                    let tag = t.split('>').next()?;
                    let hidden = attribute(tag, "hidden")?;
                    (hidden == "1" || hidden == "true")
                        .then(|| attribute(tag, "r")?.parse::<u32>().ok())
                        .flatten()
                })
                .map(|r| r - 1)
                .collect(),
        )
    };
    rows().unwrap_or_default()
}

/// A cell's text as typed: a number without a trailing `.0`.
fn cell_text(value: &Data) -> String {
    match value {
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_owned(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::DateTime(d) => d.to_string(),
        _ => String::new(),
    }
}

/// `text` without the spaces around it, the full-width and no-break ones
/// included (a cell typed with a Chinese IME often ends in one).
fn trimmed(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}' || c == '\u{feff}')
}

/// A number or date typed with a Chinese IME: full-width digits and signs
/// made ASCII, spaces dropped.
fn numeric(text: &str) -> String {
    trimmed(text)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            'Ａ'..='Ｚ' => char::from(b'A' + (c as u32 - 'Ａ' as u32) as u8),
            'ａ'..='ｚ' => char::from(b'a' + (c as u32 - 'ａ' as u32) as u8),
            '．' | '。' => '.',
            '－' | '—' | '–' => '-',
            '／' => '/',
            '，' => ',',
            other => other,
        })
        .collect()
}

/// A header's text compared: no spaces or line breaks, ASCII brackets.
fn normal(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            other => other,
        })
        .collect()
}

/// The date of an Excel serial (days since 1899-12-30, the 1900 system;
/// 25569 is 1970-01-01).
fn serial_date(serial: f64) -> Option<Date> {
    let (year, month, day) = crate::compile::civil_from_days(serial.floor() as i64 - 25_569);
    (1900..2200).contains(&year).then_some(Date { year, month, day: Some(day) })
}

/// A date as the YAML writes it: 2023-03-15 or 2023-03.
pub fn iso(date: &Date) -> String {
    match date.day {
        Some(day) => format!("{}-{:02}-{day:02}", date.year, date.month),
        None => format!("{}-{:02}", date.year, date.month),
    }
}

/// An amount from a number cell: at most two decimals (after the float's
/// own rounding), not negative.
fn amount(value: f64) -> Option<String> {
    let cents = (value * 100.0).round();
    if value < 0.0 || (value * 100.0 - cents).abs() > 1e-6 {
        return None;
    }
    Some(Amount(cents as i64).display())
}

/// A cell's reference: (row, column) from 0 → "F12".
pub fn reference((row, col): (u32, u32)) -> String {
    let mut letters = String::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.insert(0, char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_read_as_typed() {
        assert_eq!(reference((11, 5)), "F12");
        assert_eq!(reference((0, 26)), "AA1");
        assert_eq!(serial_date(45000.0), Some(Date { year: 2023, month: 3, day: Some(15) }));
        assert_eq!(serial_date(44545.0), Some(Date { year: 2021, month: 12, day: Some(15) }));
        assert_eq!(numeric(" ２０２３－０３　"), "2023-03");
        assert_eq!(numeric("１，２００．５０"), "1,200.50");
        assert_eq!(amount(1200.5).as_deref(), Some("1200.5"));
        assert_eq!(amount(0.1 + 0.2).as_deref(), Some("0.3"));
        assert_eq!(amount(1.234), None);
        assert_eq!(normal("项目名称\n及编号 (万元)"), "项目名称及编号（万元）");
        assert!(
            sheet_is("表1 技术合作", TABLES[1])
                && !sheet_is("表10", TABLES[1])
                && sheet_is("五、成员", TABLES[0])
        );
    }
}
