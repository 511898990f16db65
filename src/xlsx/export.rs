//! `xlsx export`: a workbook for the member units to fill in, one sheet per
//! table of the form (五, 表1–表5) laid out by [`super::layout`], every
//! header, vocabulary, format and rule taken from the catalogue.
//!
//! Each sheet: the table's title as the form prints it; its headers
//! verbatim, two-level where the form has them, merged as on the form; the
//! rows the report already has; room for new rows, where every cell has the
//! rule of its column as an input message, a drop-down for a closed
//! vocabulary, and the number or date format of its field; the 注 under
//! the table. A first sheet, 填写说明, says what to do.

use anyhow::Result;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime,
    Format, FormatAlign, FormatBorder, Workbook, Worksheet,
};

use super::base::{Base, ID_HEADER};
use super::layout::{self, SheetColumn};
use crate::form::{self, Field, Kind, TABLES, Table};
use crate::model::{Record, Report, Value};

/// Rows below the existing ones that carry the columns' rules, for new
/// rows: more than one member unit adds to a table in a year.
const ROOM: u32 = 50;

/// Row (0-based) of the first header row: the title is above it.
const HEADER_ROW: u32 = 1;

/// The name of the sheet of `table`: the form's own (五, 表1 … 表5).
pub fn sheet_name(table: &Table) -> &'static str {
    table.name
}

/// The title a sheet prints over its table: the form's.
fn sheet_title(table: &Table) -> String {
    match table.name {
        "五" => format!("五、{}", table.title),
        name => format!("{name} {}", table.title),
    }
}

/// A workbook, and the rows it prefilled per table in the order of
/// [`TABLES`].
pub struct Exported {
    pub bytes: Vec<u8>,
    pub rows: Vec<usize>,
}

/// The workbook of `report`: every row, or with `member` only the rows
/// that member unit is named in (and, in 五, its own row).
pub fn workbook(report: &Report, member: Option<&str>) -> Result<Exported> {
    let mut workbook = Workbook::new();
    // A fixed creation time, so the same report gives the same file.
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook
        .set_properties(&DocProperties::new().set_creation_datetime(&created).set_author("alliance-report"));
    let styles = Styles::new();
    instructions(workbook.add_worksheet(), report, member, &styles)?;
    let rows: Vec<Vec<&Record>> = TABLES
        .iter()
        .zip(&report.tables)
        .map(|(table, rows)| rows.iter().filter(|r| member.is_none_or(|m| belongs(table, r, m))).collect())
        .collect();
    let alliance = report.info.group("alliance").and_then(|a| a.text("name")).unwrap_or_default();
    let base = Base::new(alliance.trim(), member, &rows);
    for (t, (table, rows)) in TABLES.iter().zip(&rows).enumerate() {
        let ids: Vec<&str> = base.ids(t).collect();
        sheet(workbook.add_worksheet(), table, rows, &ids, &styles)?;
    }
    base.write(&mut workbook)?;
    Ok(Exported { bytes: workbook.save_to_buffer()?, rows: rows.iter().map(Vec::len).collect() })
}

/// Whether `row` of `table` is the member unit `member`'s: named in the
/// field the catalogue says names a row's member (one of a list's names).
pub fn belongs(table: &Table, row: &Record, member: &str) -> bool {
    let member = member.trim();
    match row.get(table.member_field) {
        Some(Value::Text(t) | Value::Choice(t)) => t.trim() == member,
        Some(Value::List(items)) => items.iter().any(|i| i.text.trim() == member),
        _ => false,
    }
}

/// The formats a workbook shares.
struct Styles {
    title: Format,
    header: Format,
    text: Format,
    centred: Format,
    count: Format,
    amount: Format,
    day: Format,
    month: Format,
    note: Format,
    heading: Format,
    paragraph: Format,
}

impl Styles {
    fn new() -> Styles {
        let font = |f: Format| f.set_font_name("宋体").set_font_size(10.5);
        let cell = |f: Format| font(f).set_border(FormatBorder::Thin).set_align(FormatAlign::VerticalCenter);
        Styles {
            title: font(Format::new()).set_bold().set_font_size(14).set_align(FormatAlign::Center),
            header: cell(Format::new())
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(0xE7E6E6)),
            text: cell(Format::new()).set_text_wrap(),
            centred: cell(Format::new()).set_align(FormatAlign::Center),
            count: cell(Format::new()).set_num_format("0"),
            amount: cell(Format::new()).set_num_format("0.00"),
            day: cell(Format::new()).set_num_format("yyyy-mm-dd").set_align(FormatAlign::Center),
            month: cell(Format::new()).set_num_format("yyyy-mm").set_align(FormatAlign::Center),
            note: font(Format::new()).set_text_wrap().set_align(FormatAlign::Top),
            heading: font(Format::new()).set_bold().set_font_size(12),
            paragraph: font(Format::new()).set_text_wrap().set_align(FormatAlign::Top),
        }
    }

    /// The format of a cell of `column` (an empty cell too: what a member
    /// types there takes its format).
    fn of(&self, column: &SheetColumn) -> &Format {
        match column.field.kind {
            _ if column.tick.is_some() => &self.centred,
            Kind::Count | Kind::Number(_) => &self.count,
            Kind::Amount => &self.amount,
            Kind::Date if column.field.label.contains("年月") => &self.month,
            Kind::Date => &self.day,
            Kind::Choice(_) => &self.centred,
            _ => &self.text,
        }
    }
}

/// The sheet of one table.
fn sheet(ws: &mut Worksheet, table: &Table, rows: &[&Record], ids: &[&str], styles: &Styles) -> Result<()> {
    ws.set_name(sheet_name(table))?;
    let columns = layout::columns(table);
    let header_rows = layout::header_rows(&columns);
    let last_col = columns.len() as u16;
    ws.merge_range(0, 0, 0, last_col, &sheet_title(table), &styles.title)?;
    ws.set_row_height(0, 28)?;

    // Headers: 序号, then each column; a header over several columns is
    // merged across them, a column without one spans both header rows.
    let top = HEADER_ROW;
    let bottom = HEADER_ROW + header_rows - 1;
    if header_rows == 2 {
        ws.merge_range(top, 0, bottom, 0, "序号", &styles.header)?;
    } else {
        ws.write_string_with_format(top, 0, "序号", &styles.header)?;
    }
    let mut i = 0;
    while i < columns.len() {
        let col = i as u16 + 1;
        match columns[i].over {
            Some(over) => {
                let n = columns[i..].iter().take_while(|c| c.over == Some(over)).count();
                let last = col + n as u16 - 1;
                if n > 1 {
                    ws.merge_range(top, col, top, last, over, &styles.header)?;
                } else {
                    ws.write_string_with_format(top, col, over, &styles.header)?;
                }
                for (k, c) in columns[i..i + n].iter().enumerate() {
                    ws.write_string_with_format(bottom, col + k as u16, c.label, &styles.header)?;
                }
                i += n;
            }
            None => {
                if header_rows == 2 {
                    ws.merge_range(top, col, bottom, col, columns[i].label, &styles.header)?;
                } else {
                    ws.write_string_with_format(top, col, columns[i].label, &styles.header)?;
                }
                i += 1;
            }
        }
    }
    // Each row's id, in a hidden column at the right: it goes wherever the
    // member moves the row (see `super::base`).
    let id_col = last_col + 1;
    ws.write_string(top, id_col, ID_HEADER)?;
    for (n, id) in ids.iter().enumerate() {
        ws.write_string(bottom + 1 + n as u32, id_col, *id)?;
    }
    ws.set_column_hidden(id_col)?;
    ws.set_freeze_panes(bottom + 1, 1)?;
    // Printed as the form is: A4 landscape, one page wide, the headers on
    // every page.
    ws.set_paper_size(9).set_landscape().set_print_fit_to_pages(1, 0).set_print_center_horizontally(true);
    ws.set_repeat_rows(HEADER_ROW, bottom)?;

    // Rows: the report's, then room for new ones with the same formats.
    let first = bottom + 1;
    for (n, row) in rows.iter().enumerate() {
        let r = first + n as u32;
        ws.write_number_with_format(r, 0, (n + 1) as f64, &styles.centred)?;
        for (k, column) in columns.iter().enumerate() {
            write_cell(ws, r, k as u16 + 1, column, row, styles)?;
        }
    }
    let last_row = first + rows.len() as u32 + ROOM - 1;
    for r in first + rows.len() as u32..=last_row {
        ws.write_blank(r, 0, &styles.centred)?;
        for (k, column) in columns.iter().enumerate() {
            ws.write_blank(r, k as u16 + 1, styles.of(column))?;
        }
    }
    for (k, column) in columns.iter().enumerate() {
        let col = k as u16 + 1;
        ws.add_data_validation(first, col, last_row, col, &validation(column)?)?;
    }

    // Widths: the widest header word or cell, in Excel's character units
    // (a Han character counts two), within sensible bounds.
    ws.set_column_width(0, 6)?;
    for (k, column) in columns.iter().enumerate() {
        let widest = rows.iter().map(|row| width(&text_of(column, row))).max().unwrap_or(0);
        let header = width(column.label).min(16);
        let width = widest.max(header).max(minimum(column.field)).clamp(6, 40);
        ws.set_column_width(k as u16 + 1, width as f64 + 2.0)?;
    }

    // The 注 under the table, across it.
    if let Some(note) = table.note {
        let r = last_row + 2;
        ws.merge_range(r, 0, r, last_col, note, &styles.note)?;
        ws.set_row_height(r, 45)?;
    }
    Ok(())
}

/// The least width (in Excel's units) a column of `field` needs for what is
/// typed into it: a date, an amount, a code.
fn minimum(field: &Field) -> usize {
    match field.kind {
        Kind::Date => 11,
        Kind::Amount => 10,
        Kind::Format(_) => 20,
        Kind::Count | Kind::Number(_) => 6,
        _ => 10,
    }
}

/// The display width of `text` in Excel's units: two for a wide character.
fn width(text: &str) -> usize {
    text.lines()
        .map(|line| line.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum::<usize>())
        .max()
        .unwrap_or(0)
}

/// A cell of `column` in `row`, as the member would type it.
fn write_cell(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    column: &SheetColumn,
    row: &Record,
    s: &Styles,
) -> Result<()> {
    let format = s.of(column);
    if let Some(word) = column.tick {
        let ticked = row.text(column.field.key) == Some(word);
        ws.write_string_with_format(r, c, if ticked { "√" } else { "" }, format)?;
        return Ok(());
    }
    match row.get(column.field.key) {
        Some(Value::Count(n)) => {
            ws.write_number_with_format(r, c, f64::from(*n), format)?;
        }
        Some(Value::Amount(a)) => {
            ws.write_number_with_format(r, c, a.0 as f64 / 100.0, format)?;
        }
        Some(Value::Date(d)) => match ExcelDateTime::from_ymd(d.year as u16, d.month, d.day.unwrap_or(1)) {
            Ok(date) => {
                let format = if d.day.is_some() { &s.day } else { &s.month };
                ws.write_datetime_with_format(r, c, &date, format)?;
            }
            Err(_) => {
                ws.write_string_with_format(r, c, d.chinese(), format)?;
            }
        },
        Some(_) => {
            ws.write_string_with_format(r, c, text_of(column, row), format)?;
        }
        None => {
            ws.write_blank(r, c, format)?;
        }
    }
    Ok(())
}

/// The text of a cell: a list joined with 、 (as the form prints it).
fn text_of(column: &SheetColumn, row: &Record) -> String {
    if let Some(word) = column.tick {
        return if row.text(column.field.key) == Some(word) { "√".into() } else { String::new() };
    }
    match row.get(column.field.key) {
        Some(Value::Text(t) | Value::Choice(t)) => t.trim().to_owned(),
        Some(Value::List(_)) => row.texts(column.field.key).join("、"),
        Some(Value::Count(n)) => n.to_string(),
        Some(Value::Amount(a)) => a.display(),
        Some(Value::Date(d)) => match d.day {
            Some(day) => format!("{}-{:02}-{day:02}", d.year, d.month),
            None => format!("{}-{:02}", d.year, d.month),
        },
        _ => String::new(),
    }
}

/// The rule of `column` for every cell of it: a drop-down for a
/// vocabulary (a warning only for an open one: 成果类型 may be another
/// kind), whole or decimal numbers, dates; and for every column, the
/// field's hint as the message Excel shows when the cell is selected.
fn validation(column: &SheetColumn) -> Result<DataValidation> {
    let field = column.field;
    let words = field.words();
    let base = DataValidation::new();
    let rule = if column.tick.is_some() {
        base.allow_list_strings(&["√"])?
            .set_error_message(format!("在级别的一栏中打“√”：{}", column.label))?
    } else {
        match &field.kind {
            Kind::Choice(choice) => {
                let v = base.allow_list_strings(choice.words)?;
                if choice.open {
                    v.set_error_style(DataValidationErrorStyle::Warning).set_error_message(format!(
                        "“{}”不在表格的注列出的类型中；确属其他类型可以保留",
                        field.label
                    ))?
                } else {
                    v.set_error_message(format!("{}只能填：{}", field.label, words.join("、")))?
                }
            }
            Kind::Count | Kind::Number(_) => base
                .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
                .set_error_message(format!("{}填不带小数的非负整数", field.label))?,
            Kind::Amount => base
                .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
                .set_error_message(format!("{}填非负数，最多两位小数，不带单位", field.label))?,
            Kind::Date => base
                .allow_date(DataValidationRule::Between(
                    ExcelDateTime::from_ymd(1990, 1, 1)?,
                    ExcelDateTime::from_ymd(2099, 12, 31)?,
                ))
                .set_error_style(DataValidationErrorStyle::Warning)
                .set_error_message(format!("{}请填日期，例如 2023-03-15", field.label))?,
            _ => base.allow_any_value(),
        }
    };
    let title: String = field.label.chars().take(32).collect();
    let message: String = field.hint.chars().take(255).collect();
    Ok(rule.set_input_title(title)?.set_input_message(message)?)
}

/// The first sheet: what the member unit is asked to do, and the form's own
/// 填写要求 that apply to the tables.
fn instructions(ws: &mut Worksheet, report: &Report, member: Option<&str>, s: &Styles) -> Result<()> {
    ws.set_name("填写说明")?;
    ws.set_column_width(0, 100)?;
    ws.set_paper_size(9).set_print_fit_to_pages(1, 0);
    let alliance = report.info.group("alliance").and_then(|a| a.text("name")).unwrap_or_default();
    let mut lines: Vec<(String, &Format)> = vec![
        (format!("{alliance} 考核及绩效评价报告：表格填写说明").trim().to_owned(), &s.title),
        (String::new(), &s.paragraph),
    ];
    if let Some(member) = member {
        lines.push((
            format!(
                "本表发给：{member}。表中已有贵单位参与的各行，请核对、补充，并在下面的空行中填写新的内容。"
            ),
            &s.paragraph,
        ));
    } else {
        lines.push((
            "表中已有报告现有的各行，请核对、补充，并在下面的空行中填写新的内容。".to_owned(),
            &s.paragraph,
        ));
    }
    lines.push((String::new(), &s.paragraph));
    lines.push(("怎样填写".to_owned(), &s.heading));
    let sheets: Vec<String> = TABLES.iter().map(|t| format!("“{}”（{}）", sheet_name(t), t.title)).collect();
    for text in [
        format!("1、每张表一页：{}。", sheets.join("、")),
        "2、每行填一项（一个成员单位、一个项目、一项成果……），序号可以不填；不要改动表头，也不要增删、调换列。".to_owned(),
        "3、选中一个格子时，Excel/WPS 会显示这一栏的填写要求；有下拉箭头的栏目请从下拉列表中选择。".to_owned(),
        "4、日期填成 2023-03-15 或 2023-03（年-月）；金额以万元为单位（创汇以美元为单位），只填数字；数量填整数。".to_owned(),
        "5、一栏中有几个单位或几个人时，用顿号“、”隔开。表5的级别在国家级、省级、市级三栏中的一栏里打“√”。".to_owned(),
        "6、没有内容的栏目：必填的栏目请写实际内容；项目编号、传真、建成时间等确实没有的可以空着，报告中印“无”。".to_owned(),
        "7、填好后保存（可以保存为 .xlsx，也可以用 WPS 或 LibreOffice 保存为 .xls 或 .ods），发回联盟秘书处。".to_owned(),
    ] {
        lines.push((text, &s.paragraph));
    }
    lines.push((String::new(), &s.paragraph));
    lines.push(("报告填写说明中的要求（节选）".to_owned(), &s.heading));
    for requirement in form::requirements(report.end_year).into_iter().take(4).skip(1) {
        lines.push((requirement, &s.paragraph));
    }
    for (r, (text, format)) in lines.iter().enumerate() {
        ws.write_string_with_format(r as u32, 0, text, format)?;
        // Spreadsheet programs do not grow a row for wrapped text they did
        // not lay out themselves: 90 units of the 100-unit column a line.
        let lines = width(text).div_ceil(90).max(1);
        ws.set_row_height(r as u32, 16 * lines as u32 + 4)?;
    }
    Ok(())
}
