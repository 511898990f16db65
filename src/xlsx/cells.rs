//! Reading one table's sheet of a member's workbook (the workbook itself
//! is opened and its sheets found by [`read`](super::read)): the header
//! row found, its columns matched to [`layout`](super::layout)'s by header
//! text (tolerating spaces, line breaks, full-width brackets and
//! reordered columns), then every cell turned into the text its field's
//! YAML takes, or a problem at the cell.

use calamine::{Data, ExcelDateTime, Range};

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
    /// The fields whose cell holds something that could not be read (a
    /// credit code Excel made a number, a word in a count): a problem is
    /// already reported at the cell, so the field is not also "missing".
    pub unreadable: Vec<&'static str>,
    /// The row's id (see [`super::base`]), when it has one.
    pub id: Option<String>,
    /// The row of the sheet (0-based).
    pub line: u32,
    /// Every field the sheet has a column for, with the row's cell in it.
    pub places: Vec<(&'static str, String)>,
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

/// Where a table's columns lie on a sheet.
#[derive(Debug)]
pub struct Header {
    /// The header's (first) row and the first row of data, 0-based.
    pub row: u32,
    pub first: u32,
    /// For each of [`layout::columns`], the sheet column holding it.
    pub found: Vec<Option<u32>>,
    /// The headers that name none of the table's columns: (sheet column,
    /// the header as shown, "上/下" for two rows).
    pub unknown: Vec<(u32, String)>,
    /// The hidden column of the rows' ids ([`super::base::ID_HEADER`]).
    pub id: Option<u32>,
}

impl Header {
    /// How many of the table's columns the sheet has.
    pub fn matched(&self) -> usize {
        self.found.iter().flatten().count()
    }
}

/// The header row of `range`: the first of its top rows with a cell 序号.
pub fn header_row(range: &Range<Data>) -> Option<u32> {
    let (top, left) = range.start()?;
    let (bottom, right) = range.end().unwrap_or((top, left));
    (top..=bottom.min(top + 10)).find(|&r| (left..=right).any(|c| normal(&text(range, (r, c))) == "序号"))
}

/// `table`'s columns under the header at `row` of `range`, matched by
/// their text; an empty top cell under a merged header takes the header
/// to its left.
pub fn header(range: &Range<Data>, row: u32, table: &Table) -> Header {
    let columns = layout::columns(table);
    let two = layout::header_rows(&columns) == 2;
    let (left, right) = (range.start().map_or(0, |s| s.1), range.end().map_or(0, |e| e.1));
    let mut over = String::new();
    let mut found = vec![None; columns.len()];
    let mut unknown = Vec::new();
    let mut id = None;
    for c in left..=right {
        let upper = normal(&text(range, (row, c)));
        if upper == super::base::ID_HEADER {
            id = Some(c);
            continue;
        }
        let lower = if two { normal(&text(range, (row + 1, c))) } else { String::new() };
        if !upper.is_empty() {
            over = upper.clone();
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
            Some(i) if found[i].is_none() => found[i] = Some(c),
            _ => unknown.push((c, if lower.is_empty() { top_label } else { format!("{top_label}/{lower}") })),
        }
    }
    Header { row, first: row + if two { 2 } else { 1 }, found, unknown, id }
}

/// One table's sheet, with what the workbook says about its cells.
pub struct Sheet<'a> {
    pub name: &'a str,
    /// Index into [`TABLES`].
    pub table: usize,
    /// The workbook, as the user named it.
    pub workbook: &'a str,
    pub range: &'a Range<Data>,
    pub formulas: Option<Range<String>>,
    /// Number formats (xlsx only).
    pub styles: Option<calamine::StyleRange>,
    /// Merged areas, (top-left, bottom-right): a cell in one has the value
    /// of its top-left cell.
    pub merged: Vec<((u32, u32), (u32, u32))>,
    /// Rows (0-based) hidden in the sheet.
    pub hidden: Vec<u32>,
    /// The workbook counts its date serials from 1904 (Mac Excel's
    /// option), not from 1900.
    pub date1904: bool,
}

impl Sheet<'_> {
    fn problem(&self, at: (u32, u32), message: String, hint: &str) -> Diagnostic {
        Diagnostic::error(Rule::Workbook, self.workbook, 0, 0, message)
            .with_hint(hint)
            .in_cell(self.name, &reference(at))
    }

    fn warning(&self, at: (u32, u32), message: String, hint: &str) -> Diagnostic {
        Diagnostic::warning(Rule::Workbook, self.workbook, 0, 0, message)
            .with_hint(hint)
            .in_cell(self.name, &reference(at))
    }

    /// Every row of the sheet with something in it, into `rows`; the
    /// problems found, into `problems`.
    pub fn read(&self, rows: &mut Vec<Row>, problems: &mut Vec<Diagnostic>) {
        let table = TABLES[self.table];
        let columns = layout::columns(table);
        let Some((top, left)) = self.range.start() else { return };
        let bottom = self.range.end().map_or(top, |e| e.0);
        let Some(header) = header_row(self.range).map(|r| header(self.range, r, table)) else {
            problems.push(self.problem(
                (top, left),
                format!("工作表 {} 中找不到表头（以“序号”开头的一行）", self.name),
                "请使用 alliance-report xlsx export 写出的工作簿，不要删除表头",
            ));
            return;
        };
        for (c, label) in &header.unknown {
            problems.push(self.warning(
                (header.row, *c),
                format!("不认识的栏目“{label}”，这一列没有导入"),
                "栏目名称要与表格一致；请使用 alliance-report xlsx export 写出的工作簿",
            ));
        }
        let missing: Vec<String> = columns
            .iter()
            .zip(&header.found)
            .filter(|(_, f)| f.is_none())
            .map(|(col, _)| match col.over {
                Some(o) => format!("{o}/{}", col.label),
                None => col.label.to_owned(),
            })
            .collect();
        if !missing.is_empty() {
            problems.push(self.problem(
                (header.row, left),
                format!("工作表 {} 缺少栏目：{}", self.name, missing.join("、")),
                "缺少的栏目不会导入；请使用 alliance-report xlsx export 写出的工作簿，不要删除列",
            ));
        }
        for r in header.first..=bottom {
            let first_text = normal(&text(self.range, (r, left)));
            if first_text.starts_with("注：") || first_text.starts_with("注:") {
                break;
            }
            let row = self.row(r, &columns, &header, problems);
            if !row.cells.is_empty() || !row.unreadable.is_empty() {
                if self.hidden.contains(&r) {
                    problems.push(self.warning(
                        (r, left),
                        format!("第 {} 行是隐藏的，也已导入", r + 1),
                        "隐藏的行在 Excel 中看不到，但内容仍在：不需要这一行时请删除它，而不是隐藏",
                    ));
                }
                rows.push(row);
            }
        }
    }

    /// Row `r`, its cells read under `header` (the sheet column of each of
    /// `columns`, and of the rows' ids).
    fn row(&self, r: u32, columns: &[SheetColumn], header: &Header, problems: &mut Vec<Diagnostic>) -> Row {
        let found = &header.found;
        let id = header.id.map(|c| normal(&text(self.range, (r, c)))).filter(|id| !id.is_empty());
        let places = columns
            .iter()
            .zip(found)
            .filter_map(|(column, at)| Some((column.field.key, reference((r, (*at)?)))))
            .collect();
        let mut row = Row {
            table: self.table,
            workbook: self.workbook.to_owned(),
            sheet: self.name.to_owned(),
            cells: Vec::new(),
            unreadable: Vec::new(),
            id,
            line: r,
            places,
        };
        let mut ticked: Vec<(&'static str, (u32, u32))> = Vec::new();
        for (column, at) in columns.iter().zip(found) {
            let Some(c) = at else { continue };
            let at = (r, *c);
            match self.cell(column, at) {
                Ok(None) => {}
                Ok(Some(value)) if column.tick.is_some() => {
                    if value != Cell::Text(String::new()) {
                        ticked.push((column.tick.unwrap_or_default(), at));
                    }
                }
                Ok(Some(value)) => row.cells.push((column.field.key, value, reference(at))),
                Err(problem) => {
                    problems.push(*problem);
                    if !row.unreadable.contains(&column.field.key) {
                        row.unreadable.push(column.field.key);
                    }
                }
            }
        }
        let level = columns.iter().find(|c| c.tick.is_some()).map_or("level", |c| c.field.key);
        match ticked.as_slice() {
            [] => {}
            [(word, at)] => row.cells.push((level, Cell::Text((*word).to_owned()), reference(*at))),
            [(_, at), ..] => {
                problems.push(self.problem(
                    *at,
                    "级别只能在一栏中打“√”".into(),
                    "在国家级、省级、市级三栏中只保留一个“√”",
                ));
                row.unreadable.push(level);
            }
        }
        row
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
                    Data::DateTime(d) => date_time(d),
                    Data::Float(f) if (1.0..100_000.0).contains(f) => serial_date(*f, self.date1904),
                    Data::Int(i) if (1..100_000).contains(i) => serial_date(*i as f64, self.date1904),
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

/// The text of the cell at `at` of `range`, as a header is read.
fn text(range: &Range<Data>, at: (u32, u32)) -> String {
    match range.get_value(at) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => f.to_string(),
        Some(Data::Int(i)) => i.to_string(),
        _ => String::new(),
    }
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
        // A date Excel made of what was typed (2024-1 in a code): as a date.
        Data::DateTime(d) => date_time(d).map_or_else(|| d.to_string(), |date| iso(&date)),
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
pub fn normal(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            other => other,
        })
        .collect()
}

/// The date of an Excel serial: days since 1899-12-30 in the 1900 system
/// (25569 is 1970-01-01), since 1904-01-01 in the 1904 system (1462 days
/// later). A number typed in a date column is one.
fn serial_date(serial: f64, date1904: bool) -> Option<Date> {
    let days = serial.floor() as i64 + if date1904 { 1_462 } else { 0 } - 25_569;
    let (year, month, day) = crate::compile::civil_from_days(days);
    (1900..2200).contains(&year).then_some(Date { year, month, day: Some(day) })
}

/// The date of a date cell, in the date system the cell carries.
fn date_time(value: &ExcelDateTime) -> Option<Date> {
    if value.is_duration() {
        return None;
    }
    let (year, month, day, ..) = value.to_ymd_hms_milli();
    let year = i32::from(year);
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
    use calamine::ExcelDateTimeType;

    #[test]
    fn cells_are_read_as_typed() {
        assert_eq!(reference((11, 5)), "F12");
        assert_eq!(reference((0, 26)), "AA1");
        assert_eq!(numeric(" ２０２３－０３　"), "2023-03");
        assert_eq!(numeric("１，２００．５０"), "1,200.50");
        assert_eq!(amount(1200.5).as_deref(), Some("1200.5"));
        assert_eq!(amount(0.1 + 0.2).as_deref(), Some("0.3"));
        assert_eq!(amount(1.234), None);
        assert_eq!(normal("项目名称\n及编号 (万元)"), "项目名称及编号（万元）");
    }

    #[test]
    fn a_serial_counts_from_the_workbooks_epoch() {
        let day = |year, month, day| Some(Date { year, month, day: Some(day) });
        assert_eq!(serial_date(45000.0, false), day(2023, 3, 15));
        assert_eq!(serial_date(44545.0, false), day(2021, 12, 15));
        // 2024-06-15 is 45458 from 1900 and 43996 from 1904; read in the
        // other system, it is 2020-06-14 (the bug a Mac workbook showed).
        assert_eq!(serial_date(45458.0, false), day(2024, 6, 15));
        assert_eq!(serial_date(43996.0, true), day(2024, 6, 15));
        assert_eq!(serial_date(43996.0, false), day(2020, 6, 14));
        let cell = |serial, date1904| ExcelDateTime::new(serial, ExcelDateTimeType::DateTime, date1904);
        assert_eq!(date_time(&cell(43996.5, true)), day(2024, 6, 15));
        assert_eq!(date_time(&cell(45458.0, false)), day(2024, 6, 15));
        assert_eq!(date_time(&ExcelDateTime::new(0.5, ExcelDateTimeType::TimeDelta, false)), None);
        // Excel made a date of "2024-1" typed in a text column: its text is
        // the date, not the serial.
        assert_eq!(cell_text(&Data::DateTime(cell(45292.0, false))), "2024-01-01");
    }

    #[test]
    fn a_header_is_matched_by_its_text() {
        let table = crate::form::EVENTS;
        let mut range = Range::new((0, 0), (2, 3));
        for (c, h) in ["序号", "活动名称", "举办 时间", "备注"].iter().enumerate() {
            range.set_value((1, c as u32), Data::String((*h).to_owned()));
        }
        assert_eq!(header_row(&range), Some(1));
        let found = header(&range, 1, &table);
        assert_eq!((found.row, found.first, found.matched()), (1, 2, 2));
        assert_eq!(found.unknown, [(3, "备注".to_owned())]);
    }

    /// A sheet of `table` as export lays it out: the headers in rows 2
    /// and 3 (1 and 2 from 0), then `rows`, each (column, value).
    fn sheet_of(table: &Table, rows: &[&[(usize, Data)]]) -> Range<Data> {
        let columns = layout::columns(table);
        let mut range = Range::new((0, 0), (2 + rows.len() as u32, columns.len() as u32));
        range.set_value((1, 0), Data::String("序号".into()));
        for (i, column) in columns.iter().enumerate() {
            let (upper, lower) = match column.over {
                Some(over) => (over, column.label),
                None => (column.label, ""),
            };
            range.set_value((1, i as u32 + 1), Data::String(upper.into()));
            range.set_value((2, i as u32 + 1), Data::String(lower.into()));
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, value) in row.iter() {
                range.set_value((3 + r as u32, *c as u32), value.clone());
            }
        }
        range
    }

    #[test]
    fn a_cell_that_cannot_be_read_is_named_in_its_row() {
        let members = &crate::form::MEMBERS;
        let code = layout::columns(members).iter().position(|c| c.field.key == "code").unwrap() + 1;
        let name = Data::String("太原龙城碳素科技有限公司".into());
        // 18 digits typed into a General cell: Excel keeps 15 of them.
        let range = sheet_of(members, &[&[(1, name), (code, Data::Float(911_401_001_234_567_800.0))]]);
        let sheet = Sheet {
            name: "五",
            table: 0,
            workbook: "成员.xlsx",
            range: &range,
            formulas: None,
            styles: None,
            merged: Vec::new(),
            hidden: Vec::new(),
            date1904: false,
        };
        let (mut rows, mut problems) = (Vec::new(), Vec::new());
        sheet.read(&mut rows, &mut problems);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.contains("当成了数字"), "{problems:?}");
        assert_eq!(problems[0].cell, Some(("五".to_owned(), "C4".to_owned())));
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].unreadable, ["code"]);
        assert!(rows[0].get("code").is_none() && rows[0].get("name").is_some());
    }
}
