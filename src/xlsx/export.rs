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
use super::measure;
use crate::form::{self, Kind, TABLES, Table};
use crate::model::{Record, Report, Value};

/// Rows below the existing ones that carry the columns' rules, for new
/// rows: more than one member unit adds to a table in a year.
const ROOM: u32 = 50;

/// Row (0-based) of the first header row: the title is above it.
const HEADER_ROW: u32 = 1;

/// How wide a table's columns may be together, in column units, so that
/// a printed page of A4 landscape (about 134 units across) shrinks its
/// 10.5 pt text no smaller than about 8 pt. Wider, the columns of free
/// text narrow and their rows grow taller.
const PAGE_WIDTH: f64 = 175.0;

/// The widest a column is (60 units, 30 Han characters).
const WIDEST: usize = 60;

/// The narrowest a column of free text narrows to for [`PAGE_WIDTH`].
const NARROWEST_TEXT: f64 = 16.0;

/// The width of the 序号 column.
const NUMBER_WIDTH: f64 = 6.0;

/// Sizes of the title and the headings, relative to the cells' 10.5 pt.
const TITLE_SCALE: f64 = 14.0 / 10.5;
const HEADING_SCALE: f64 = 12.0 / 10.5;

/// The width of 填写说明's one column: narrower than an A4 page in
/// portrait holds between margins of 0.75 inch (about 92 units of 7
/// pixels), so that it fits where the font's digits are wider (9 pixels
/// of DejaVu Sans, where LibreOffice has no 宋体): a program that prints
/// it fit to the page's width then need not shrink it.
const INSTRUCTIONS_WIDTH: f64 = 72.0;

/// The page footer of every sheet: the sheet's name and the page number.
const FOOTER: &str = "&C&A 第 &P 页";

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
    // The cells' font is the workbook's, so that a column's unit is half a
    // Han character of it wherever the workbook is opened (Excel measures
    // columns by the default font's digits: 7 pixels of 10.5 pt 宋体, a
    // column of 8.43 units 64 pixels, a row 19 pixels).
    workbook.set_default_format(&styles.default, 19, 64)?;
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

/// Whether `row` of `table` is the member unit `member`'s: named, in any
/// role, in one of the fields the catalogue says name members (a list's
/// names each; a text that names several units, “联盟、汾河工业大学”,
/// each of them).
pub fn belongs(table: &Table, row: &Record, member: &str) -> bool {
    let member = unit(member);
    if member.is_empty() {
        return false;
    }
    let names = |text: &str| unit(text) == member || text.split(UNITS_APART).any(|u| unit(u) == member);
    table.member_fields.iter().any(|key| match row.get(key) {
        Some(Value::Text(t) | Value::Choice(t)) => names(t),
        Some(Value::List(items)) => items.iter().any(|i| names(&i.text)),
        _ => false,
    })
}

/// What stands between the units one text names: the form's 、, and the
/// commas, semicolons, slashes and line breaks people type instead.
const UNITS_APART: [char; 8] = ['、', '，', ',', '；', ';', '/', '／', '\n'];

/// A unit's name as [`belongs`] compares it: without spaces, half- or
/// full-width, inside or around it.
fn unit(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The formats a workbook shares.
struct Styles {
    default: Format,
    title: Format,
    header: Format,
    text: Format,
    code: Format,
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
            default: font(Format::new()),
            title: font(Format::new())
                .set_bold()
                .set_font_size(14)
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            header: cell(Format::new())
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(0xE7E6E6)),
            text: cell(Format::new()).set_text_wrap(),
            // Text, so that a code of digits stays as typed (Excel makes
            // a number of 18 digits lose the last three).
            code: cell(Format::new()).set_num_format("@"),
            centred: cell(Format::new()).set_align(FormatAlign::Center),
            count: cell(Format::new()).set_num_format("0"),
            amount: cell(Format::new()).set_num_format("0.00"),
            day: cell(Format::new()).set_num_format("yyyy-mm-dd").set_align(FormatAlign::Center),
            month: cell(Format::new()).set_num_format("yyyy-mm").set_align(FormatAlign::Center),
            note: font(Format::new())
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_align(FormatAlign::Left),
            heading: font(Format::new()).set_bold().set_font_size(12).set_text_wrap(),
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
            Kind::Format(_) => &self.code,
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

    // Widths first: the height of each row follows from them.
    let widths = column_widths(&columns, rows);
    for (c, width) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *width)?;
    }
    let across: f64 = widths.iter().sum();
    let title = sheet_title(table);
    ws.merge_range(0, 0, 0, last_col, &title, &styles.title)?;
    ws.set_row_height(0, measure::height(measure::lines(&title, across / TITLE_SCALE), TITLE_SCALE))?;

    // Headers: 序号, then each column; a header over several columns is
    // merged across them, a column without one spans both header rows.
    // Each header row is as tall as its longest header wraps to.
    let top = HEADER_ROW;
    let bottom = HEADER_ROW + header_rows - 1;
    let (mut top_lines, mut bottom_lines, mut both_lines) = (1, 1, 1);
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
                top_lines = top_lines.max(measure::lines(over, widths[i + 1..=i + n].iter().sum()));
                for (k, c) in columns[i..i + n].iter().enumerate() {
                    ws.write_string_with_format(bottom, col + k as u16, c.label, &styles.header)?;
                    bottom_lines = bottom_lines.max(measure::lines(c.label, widths[i + 1 + k]));
                }
                i += n;
            }
            None => {
                if header_rows == 2 {
                    ws.merge_range(top, col, bottom, col, columns[i].label, &styles.header)?;
                } else {
                    ws.write_string_with_format(top, col, columns[i].label, &styles.header)?;
                }
                both_lines = both_lines.max(measure::lines(columns[i].label, widths[i + 1]));
                i += 1;
            }
        }
    }
    if header_rows == 2 {
        let upper = measure::height(top_lines, 1.0);
        let lower = measure::height(bottom_lines, 1.0).max(measure::height(both_lines, 1.0) - upper);
        ws.set_row_height(top, upper)?;
        ws.set_row_height(bottom, lower)?;
    } else {
        ws.set_row_height(top, measure::height(both_lines, 1.0))?;
    }
    // Each row's id, in a hidden column at the right: it goes wherever the
    // member moves the row (see `super::base`).
    let id_col = last_col + 1;
    ws.write_string(top, id_col, ID_HEADER)?;
    for (n, id) in ids.iter().enumerate() {
        ws.write_string(bottom + 1 + n as u32, id_col, *id)?;
    }
    ws.set_column_hidden(id_col)?;
    // The headers, 序号 and the row's name stay in view while scrolling.
    ws.set_freeze_panes(bottom + 1, 2)?;
    // Printed as the form is: A4 landscape, one page wide, the headers on
    // every page, numbered pages.
    ws.set_paper_size(9).set_landscape().set_print_fit_to_pages(1, 0).set_print_center_horizontally(true);
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    ws.set_footer(FOOTER);
    ws.set_repeat_rows(HEADER_ROW, bottom)?;

    // Rows: the report's, each as tall as its tallest cell wraps to (a
    // spreadsheet program does not grow it), then room for new ones with
    // the same formats and the default height, which grows as a member
    // types.
    let first = bottom + 1;
    for (n, row) in rows.iter().enumerate() {
        let r = first + n as u32;
        ws.write_number_with_format(r, 0, (n + 1) as f64, &styles.centred)?;
        for (k, column) in columns.iter().enumerate() {
            write_cell(ws, r, k as u16 + 1, column, row, styles)?;
        }
        let lines = columns.iter().zip(&widths[1..]).map(|(c, w)| measure::lines(&text_of(c, row), *w)).max();
        ws.set_row_height(r, measure::height(lines.unwrap_or(1), 1.0))?;
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

    // The 注 under the table, across it.
    if let Some(note) = table.note {
        let r = last_row + 2;
        ws.merge_range(r, 0, r, last_col, note, &styles.note)?;
        ws.set_row_height(r, measure::height(measure::lines(note, across), 1.0))?;
    }
    Ok(())
}

/// The widths of 序号 and of each column, in column units: the widest
/// cell of the column on one line (a Han character counts two), at least
/// what its kind needs and its header's [`header_width`], at most
/// [`WIDEST`]; when the table is then wider than
/// [`PAGE_WIDTH`], its free-text columns narrow in proportion (to no less
/// than [`NARROWEST_TEXT`]), so that the longest texts keep the most
/// room, and their text wraps instead.
fn column_widths(columns: &[SheetColumn], rows: &[&Record]) -> Vec<f64> {
    let mut widths = vec![NUMBER_WIDTH];
    for column in columns {
        let widest = rows.iter().map(|row| measure::width(&text_of(column, row))).max().unwrap_or(0);
        let width = widest.max(header_width(column.label)).max(minimum(column)).clamp(6, WIDEST);
        widths.push(width as f64 + 2.0);
    }
    let free = |c: &SheetColumn| c.tick.is_none() && matches!(c.field.kind, Kind::Text | Kind::TextList);
    let wanted = widths.clone();
    for percent in (0..100).rev() {
        if widths.iter().sum::<f64>() <= PAGE_WIDTH {
            break;
        }
        for ((width, wanted), column) in widths[1..].iter_mut().zip(&wanted[1..]).zip(columns) {
            if free(column) {
                *width = (wanted * f64::from(percent) / 100.0).round().max(NARROWEST_TEXT.min(*wanted));
            }
        }
    }
    widths
}

/// The width a header takes: on one line up to eight Han characters
/// (财政经费（万元）), so that a unit in brackets does not break; a longer
/// one in lines of about equal length (合作单位数量 | （家）).
fn header_width(label: &str) -> usize {
    let width = measure::width(label);
    if width <= 16 {
        return width;
    }
    width.div_ceil(width.div_ceil(14)).next_multiple_of(2)
}

/// The least width (in column units) a column needs for what is typed
/// into it: a date, an amount, a code, the longest word of its drop-down
/// (a drop-down list is as wide as its column), a name.
fn minimum(column: &SheetColumn) -> usize {
    if column.tick.is_some() {
        return 6;
    }
    match column.field.kind {
        Kind::Date => 11,
        Kind::Amount => 10,
        Kind::Format(_) => 20,
        Kind::Count | Kind::Number(_) => 6,
        Kind::Choice(_) => column.field.words().iter().map(|w| measure::width(w)).max().unwrap_or(10),
        // Ten Han characters of a name or a description: room to type in
        // a sheet without rows yet.
        Kind::Text | Kind::TextList => 20,
        _ => 10,
    }
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
/// kind), whole or decimal numbers, dates; and for every column, its
/// [`tip`] as the message Excel shows when the cell is selected.
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
                .set_error_message(format!(
                    "{}请填日期，例如 {}",
                    field.label,
                    if field.label.contains("年月") { "2023-03" } else { "2023-03-15" }
                ))?,
            _ => base.allow_any_value(),
        }
    };
    let title: String = field.label.chars().take(32).collect();
    let message: String = tip(column).chars().take(255).collect();
    Ok(rule.set_input_title(title)?.set_input_message(message)?)
}

/// What to type in a cell of `column`, in a spreadsheet's terms: the
/// field's workbook hint (its hint where that speaks of YAML), and how to
/// use the column's drop-down or ticks. A required text says so plainly
/// rather than cite the form's 填写说明二.3, which a member does not have.
fn tip(column: &SheetColumn) -> String {
    let field = column.field;
    if column.tick.is_some() {
        let levels = field.words().join("、");
        return format!("{}：在{levels}三栏中的一栏里打“√”（可从下拉列表中选择），另外两栏空着", field.label);
    }
    let rule = field.workbook_hint.unwrap_or(field.hint);
    let rule = if rule == form::TEXT { "必填，请填写实际内容" } else { rule };
    match &field.kind {
        Kind::Choice(choice) if choice.open => {
            format!("{rule}。可从下拉列表中选择；确属其他类型可以直接填写")
        }
        Kind::Choice(_) => format!("{rule}。请从下拉列表中选择"),
        _ => rule.to_owned(),
    }
}

/// The first sheet: what the member unit is asked to do, and the form's own
/// 填写要求 that apply to the tables. One column as wide as an A4 page in
/// portrait, each line wrapped in it and its row as tall as its lines.
fn instructions(ws: &mut Worksheet, report: &Report, member: Option<&str>, s: &Styles) -> Result<()> {
    ws.set_name("填写说明")?;
    ws.set_column_width(0, INSTRUCTIONS_WIDTH)?;
    ws.set_paper_size(9).set_portrait().set_print_fit_to_pages(1, 0).set_print_center_horizontally(true);
    ws.set_margins(0.75, 0.75, 0.75, 0.75, 0.3, 0.3);
    ws.set_footer(FOOTER);
    let alliance = report.info.group("alliance").and_then(|a| a.text("name")).unwrap_or_default();
    let mut lines: Vec<(String, &Format, f64)> = vec![
        (format!("{alliance} 考核及绩效评价报告：表格填写说明").trim().to_owned(), &s.title, TITLE_SCALE),
        (String::new(), &s.paragraph, 1.0),
    ];
    if let Some(member) = member {
        lines.push((
            format!(
                "本表发给：{member}。表中已有贵单位参与的各行，请核对、补充，并在下面的空行中填写新的内容。"
            ),
            &s.paragraph,
            1.0,
        ));
    } else {
        lines.push((
            "表中已有报告现有的各行，请核对、补充，并在下面的空行中填写新的内容。".to_owned(),
            &s.paragraph,
            1.0,
        ));
    }
    lines.push((String::new(), &s.paragraph, 1.0));
    lines.push(("怎样填写".to_owned(), &s.heading, HEADING_SCALE));
    let sheets: Vec<String> = TABLES.iter().map(|t| format!("“{}”（{}）", sheet_name(t), t.title)).collect();
    for text in [
        format!("1、每张表一个工作表（窗口下方的标签）：{}。", sheets.join("、")),
        "2、每行填一项（一个成员单位、一个项目、一项成果……），序号可以不填；不要改动表头，也不要增删、调换列。".to_owned(),
        "3、选中一个格子时，Excel/WPS 会显示这一栏的填写要求；有下拉箭头的栏目请从下拉列表中选择。".to_owned(),
        "4、日期填成 2023-03-15 或 2023-03（年-月）；金额以万元为单位（创汇以美元为单位），只填数字；数量填整数；法人代码照原样输入。".to_owned(),
        "5、一栏中有几个单位或几个人时，用顿号“、”隔开。表5的级别在国家级、省级、市级三栏中的一栏里打“√”。".to_owned(),
        "6、没有内容的栏目：必填的栏目请写实际内容；项目编号、建成时间、备注（其他说明）等确实没有的可以空着，报告中印“无”。".to_owned(),
        "7、填好后保存（可以保存为 .xlsx，也可以用 WPS 或 LibreOffice 保存为 .xls 或 .ods），发回联盟秘书处。".to_owned(),
    ] {
        lines.push((text, &s.paragraph, 1.0));
    }
    lines.push((String::new(), &s.paragraph, 1.0));
    lines.push(("报告填写说明中的要求（节选）".to_owned(), &s.heading, HEADING_SCALE));
    for requirement in form::requirements(report.end_year).into_iter().take(4).skip(1) {
        lines.push((requirement, &s.paragraph, 1.0));
    }
    for (r, (text, format, scale)) in lines.iter().enumerate() {
        ws.write_string_with_format(r as u32, 0, text, format)?;
        let lines = measure::lines(text, INSTRUCTIONS_WIDTH / scale);
        ws.set_row_height(r as u32, measure::height(lines, *scale))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::{EVENTS, MEMBERS, PLATFORMS, PROJECTS};
    use crate::model::Item;

    /// A row of `table` holding `values`.
    fn row(table: &Table, values: Vec<(&str, Value)>) -> Record {
        let mut row = Record::empty(table.file, table.fields, Default::default(), String::new());
        for (key, value) in values {
            row.slots[form::index(table.fields, key)].value = Some(value);
        }
        row
    }

    fn text(t: &str) -> Value {
        Value::Text(t.to_owned())
    }

    fn list(items: &[&str]) -> Value {
        Value::List(items.iter().map(|t| Item { text: (*t).to_owned(), span: Default::default() }).collect())
    }

    #[test]
    fn each_unit_a_text_names_owns_the_row() {
        let event =
            row(&EVENTS, vec![("organizer", text("山西省煤基新材料产业技术创新战略联盟、汾河工业大学"))]);
        assert!(belongs(&EVENTS, &event, "汾河工业大学"));
        assert!(belongs(&EVENTS, &event, "山西省煤基新材料产业技术创新战略联盟"));
        // A part of a name is not the unit.
        assert!(!belongs(&EVENTS, &event, "汾河工业"));
        let platform = row(&PLATFORMS, vec![("builder", text("甲公司，乙大学；丙研究院 / 丁协会"))]);
        for unit in ["甲公司", "乙大学", "丙研究院", "丁协会"] {
            assert!(belongs(&PLATFORMS, &platform, unit), "{unit}");
        }
    }

    #[test]
    fn a_partner_owns_the_row_as_its_lead_does() {
        let project = row(
            &PROJECTS,
            vec![("lead_unit", text("甲公司")), ("partners", list(&["乙大学", "丙研究院、丁协会"]))],
        );
        for unit in ["甲公司", "乙大学", "丙研究院", "丁协会"] {
            assert!(belongs(&PROJECTS, &project, unit), "{unit}");
        }
        assert!(!belongs(&PROJECTS, &project, "戊公司"));
        assert!(!belongs(&PROJECTS, &project, "  "));
    }

    #[test]
    fn names_compare_without_spaces_half_or_full_width() {
        let member = row(&MEMBERS, vec![("name", text("汾河工业大学　"))]);
        assert!(belongs(&MEMBERS, &member, " 汾河工业大学"));
        assert!(belongs(&MEMBERS, &member, "汾河　工业大学"));
        // A name with a slash in it is still its own.
        let member = row(&MEMBERS, vec![("name", text("甲/乙联合实验室"))]);
        assert!(belongs(&MEMBERS, &member, "甲/乙联合实验室"));
    }

    #[test]
    fn every_table_names_its_members_in_fields_it_has() {
        for table in TABLES {
            assert!(!table.member_fields.is_empty(), "{}", table.name);
            for key in table.member_fields {
                // Panics for a key the table does not have.
                let field = table.field(key);
                assert!(matches!(field.kind, Kind::Text | Kind::TextList), "{}.{key}", table.name);
            }
        }
    }

    #[test]
    fn no_tip_speaks_yaml() {
        for table in TABLES {
            for column in layout::columns(table) {
                let tip = tip(&column);
                for yaml in ["- ", "[", "]", "\"", "加引号", "每行一个", "YAML", "yaml", "填写说明二"]
                {
                    assert!(!tip.contains(yaml), "{} {}: {tip}", table.name, column.label);
                }
                assert!(tip.chars().count() <= 255, "{} {}: {tip}", table.name, column.label);
            }
        }
    }
}
