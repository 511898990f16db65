//! Reading members' workbooks, the file-level part:
//!
//! 1. each path given is checked: Excel's lock file (`~$成员.xlsx`) is
//!    skipped with a note; a CSV, a missing, damaged or non-workbook file
//!    is one problem at the file, saying what to do, and the import reads
//!    the other workbooks on;
//! 2. the workbook is opened by its content, not its extension, and its
//!    date system (1900, or Mac Excel's 1904) noted;
//! 3. each table's sheet is found by its name (五, 表1…), or, renamed, by
//!    its header; a sheet named `_…` is the tool's own and skipped;
//! 4. each sheet is read by [`cells`](super::cells).

use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{Data, Range, Reader, Sheets, Xls, Xlsb, Xlsx, open_workbook_from_rs};

use super::cells::{self, Sheet};
pub use super::cells::{Cell, Row, iso, reference};
use crate::diag::{Diagnostic, Rule};
use crate::form::{TABLES, Table};

/// A workbook as read from its bytes.
type Book = Sheets<Cursor<Vec<u8>>>;

/// What to tell a member who sent something else than a readable workbook.
const SAVE_AGAIN: &str = "请成员单位用 Excel、WPS 或 LibreOffice 打开它，另存为 .xlsx 后重新发来";

/// What a workbook holds.
pub struct Workbook {
    /// Its name, as the user gave it.
    pub name: String,
    pub rows: Vec<Row>,
    /// The problems found reading it (a file that cannot be read is one
    /// problem at the file).
    pub problems: Vec<Diagnostic>,
    /// The tables (indices into [`TABLES`]) it has a sheet for.
    pub tables: Vec<usize>,
    /// What it was exported from, when it says ([`super::base`]).
    pub base: Option<super::base::Base>,
}

/// Every row of every table's sheet of the workbook at `path`, the
/// problems found reading them, the tables it has a sheet for, and its
/// base.
pub fn workbook(path: &Path) -> Workbook {
    let shown = path.display().to_string().replace('\\', "/");
    let (mut book, bytes) = match open(path, &shown) {
        Ok(opened) => opened,
        Err(problem) => {
            return Workbook {
                name: shown,
                rows: Vec::new(),
                problems: vec![*problem],
                tables: Vec::new(),
                base: None,
            };
        }
    };
    let base = match book.worksheet_range(super::base::SHEET) {
        Ok(range) => super::base::Base::read(&range),
        Err(_) => None,
    };
    let date1904 = match &book {
        Sheets::Xlsx(xlsx) => xlsx.has_1904_epoch(),
        Sheets::Xls(xls) => xls.has_1904_epoch(),
        Sheets::Xlsb(xlsb) => xlsb.has_1904_epoch(),
        // An ods stores its dates as dates; a number counts from its
        // null date, which calamine does not read.
        Sheets::Ods(_) => ods_null_date(&bytes).as_deref() == Some("1904-01-01"),
    };
    let (mut rows, mut problems, mut found) = (Vec::new(), Vec::new(), Vec::<(String, usize)>::new());
    // A sheet that may be a table's but was not read: said at the sheet.
    let mut refused = false;
    for name in book.sheet_names() {
        if name.starts_with('_') {
            continue;
        }
        let Ok(range) = book.worksheet_range(&name) else {
            problems.push(
                Diagnostic::error(
                    Rule::Workbook,
                    &shown,
                    0,
                    0,
                    format!("工作表“{name}”无法读取：它可能已经损坏"),
                )
                .with_hint(SAVE_AGAIN)
                .in_cell(&name, "A1"),
            );
            refused = true;
            continue;
        };
        let table = match table_of(&shown, &name, &range, &found) {
            Ok(Some(table)) => table,
            Ok(None) => continue,
            Err(problem) => {
                problems.push(*problem);
                refused = true;
                continue;
            }
        };
        found.push((name.clone(), table));
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
        let hidden = hidden_rows(&bytes, &name);
        let sheet = Sheet {
            name: &name,
            table,
            workbook: &shown,
            range: &range,
            formulas,
            styles,
            merged,
            hidden,
            date1904,
        };
        sheet.read(&mut rows, &mut problems);
    }
    if found.is_empty() && !refused {
        let expected: Vec<&str> = TABLES.iter().map(|t| t.name).collect();
        problems.push(Diagnostic::error(
            Rule::Workbook,
            &shown,
            0,
            0,
            format!("工作簿 {shown} 中没有表格的工作表（工作表应名为 {}）", expected.join("、")),
        ));
    }
    let tables = found.into_iter().map(|(_, t)| t).collect();
    Workbook { name: shown, rows, problems, tables, base }
}

/// The table (index into [`TABLES`]) the sheet `name` holds, by its name
/// or else its header: none for a sheet that is no table's (no header), a
/// problem for one that looks like a table's but is not, or that is a
/// second sheet of a table already `found` (sheet, table).
fn table_of(
    shown: &str,
    name: &str,
    range: &Range<Data>,
    found: &[(String, usize)],
) -> Result<Option<usize>, Box<Diagnostic>> {
    let table = match TABLES.iter().position(|t| sheet_is(name, t)) {
        Some(table) => table,
        None => match recognise(range) {
            Recognised::Table(table) => table,
            Recognised::NotATable => return Ok(None),
            Recognised::Unclear { at, closest } => return Err(Box::new(unclear(shown, name, at, closest))),
        },
    };
    match found.iter().find(|(_, t)| *t == table) {
        Some((first, _)) => Err(Box::new(
            Diagnostic::error(
                Rule::Workbook,
                shown,
                0,
                0,
                format!(
                    "工作表“{name}”和“{first}”都是{}：一张表只能有一张工作表，这一张没有导入",
                    TABLES[table].name
                ),
            )
            .with_hint("删除多余的一张（要导入的行都放在一张中）；要留作备份的，把它改名为以 _ 开头（例如 _备份），导入时会跳过")
            .in_cell(name, &reference(range.start().unwrap_or_default())),
        )),
        None => Ok(Some(table)),
    }
}

/// The workbooks `paths` name, a pattern such as `成员单位/*.xlsx` that
/// the shell left as it is (PowerShell and cmd do not expand one) replaced
/// by the files it matches, in name order. A pattern matching nothing
/// stays, to be reported as not found.
pub fn workbook_paths(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in paths {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if !name.contains(['*', '?']) || path.exists() {
            out.push(path);
            continue;
        }
        let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let mut matched: Vec<PathBuf> = std::fs::read_dir(folder)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|entry| wildcard(&name, &entry.file_name().to_string_lossy()))
            .map(|entry| path.with_file_name(entry.file_name()))
            .collect();
        matched.sort();
        if matched.is_empty() {
            out.push(path);
        }
        out.extend(matched);
    }
    out
}

/// Whether `name` matches `pattern` (`*` any run of characters, `?` one),
/// ASCII letters in either case, as Windows matches.
fn wildcard(pattern: &str, name: &str) -> bool {
    let (p, n): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
    // Backtracking to the last `*`: (its place in p, the place in n).
    let (mut i, mut j, mut star) = (0, 0, None);
    while j < n.len() {
        if i < p.len() && (p[i] == '?' || p[i].eq_ignore_ascii_case(&n[j])) {
            (i, j) = (i + 1, j + 1);
        } else if i < p.len() && p[i] == '*' {
            star = Some((i, j));
            i += 1;
        } else if let Some((si, sj)) = star {
            star = Some((si, sj + 1));
            (i, j) = (si + 1, sj + 1);
        } else {
            return false;
        }
    }
    p[i..].iter().all(|c| *c == '*')
}

/// The workbook at `path` and its bytes, or the one problem that keeps it
/// from being read (a warning for a lock file, which is skipped).
fn open(path: &Path, shown: &str) -> Result<(Book, Vec<u8>), Box<Diagnostic>> {
    let error = |message: String, hint: &str| {
        Err(Box::new(Diagnostic::error(Rule::Workbook, shown, 0, 0, message).with_hint(hint)))
    };
    let file_name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    if file_name.starts_with("~$") || file_name.starts_with(".~lock.") {
        return Err(Box::new(
            Diagnostic::warning(
                Rule::Workbook,
                shown,
                0,
                0,
                format!(
                    "{shown} 是 Excel、WPS 或 LibreOffice 打开工作簿时留下的临时文件，不是工作簿，已跳过"
                ),
            )
            .with_hint("不必理会：关闭工作簿后它会消失；要导入的是它旁边同名的工作簿"),
        ));
    }
    let extension = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    if matches!(extension.as_str(), "csv" | "txt" | "tsv") {
        return error(
            format!(
                "{shown} 是{}文件，不能导入：它只保存文字，没有工作表和表头，无法知道每一列是什么",
                if extension == "txt" { "文本" } else { " CSV " }
            ),
            "请成员单位直接发来填好的工作簿本身（.xlsx、.xls 或 .ods），不要另存为 CSV 或文本",
        );
    }
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && shown.contains(['*', '?']) => {
            return error(
                format!("没有与 {shown} 相符的工作簿"),
                "检查文件夹和扩展名是否写对，例如 成员单位/*.xlsx",
            );
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return error(
                format!("找不到工作簿 {shown}"),
                "检查文件名（包括 .xlsx 等扩展名）和所在文件夹是否写对；文件名中有空格时，要用引号把它括起来",
            );
        }
        Err(_) if path.is_dir() => {
            return error(
                format!("{shown} 是一个文件夹，不是工作簿"),
                "写出其中的工作簿，例如 成员单位/*.xlsx；报告文件夹要写在最后",
            );
        }
        Err(_) => {
            return error(
                format!("无法打开工作簿 {shown}：它可能正在 Excel 或 WPS 中打开，或者没有读取它的权限"),
                "关闭打开它的程序后重新导入，或者把它复制一份，导入复制的那份",
            );
        }
    };
    if let Some(book) = read_book(&bytes) {
        return Ok((book, bytes));
    }
    if let Some((what, hint)) = kind(&bytes) {
        return error(format!("{shown} 是{what}，不是工作簿"), hint);
    }
    if bytes.is_empty() {
        return error(format!("{shown} 是一个空文件（0 字节），不是工作簿：可能在传送中损坏"), SAVE_AGAIN);
    }
    if is_encrypted(&bytes) {
        return error(
            format!("{shown} 设置了打开密码，无法读取"),
            "请成员单位取消密码（Excel：文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后重新发来",
        );
    }
    error(format!("{shown} 已经损坏，或者不是 Excel 工作簿，无法读取"), SAVE_AGAIN)
}

/// The workbook in `bytes`, by its content: a zip is an xlsx, an xlsb or
/// an ods, an OLE file (Excel 97-2003, WPS's .et) an xls.
fn read_book(bytes: &[u8]) -> Option<Book> {
    let cursor = || Cursor::new(bytes.to_vec());
    if bytes.starts_with(b"PK\x03\x04") {
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
        let has = |name: &str| zip.file_names().any(|n| n.is_ok_and(|n| n == name));
        if has("xl/workbook.xml") {
            open_workbook_from_rs::<Xlsx<_>, _>(cursor()).ok().map(Sheets::Xlsx)
        } else if has("xl/workbook.bin") {
            open_workbook_from_rs::<Xlsb<_>, _>(cursor()).ok().map(Sheets::Xlsb)
        } else if has("content.xml") {
            open_workbook_from_rs(cursor()).ok().map(Sheets::Ods)
        } else {
            None
        }
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        open_workbook_from_rs::<Xls<_>, _>(cursor()).ok().map(Sheets::Xls)
    } else {
        None
    }
}

/// What a file that is not a workbook is, when it says (a Word document,
/// a presentation, a PDF, a web page), and what to do.
fn kind(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    const SEND: &str = "请成员单位发来填好的工作簿（.xlsx、.xls 或 .ods）";
    if bytes.starts_with(b"%PDF") {
        return Some((" PDF 文件", SEND));
    }
    let zip = zip::ZipArchive::new(Cursor::new(bytes)).ok();
    let zip_has = |prefix: &str| {
        zip.as_ref().is_some_and(|z| z.file_names().any(|n| n.is_ok_and(|n| n.starts_with(prefix))))
    };
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_lowercase();
    if head.contains("<html") || head.contains("<table") {
        // What web systems export as "Excel": a page named .xls.
        return Some((
            "网页（HTML）文件，只是扩展名像工作簿",
            "用 Excel 或 WPS 打开它，另存为 .xlsx 后导入另存的文件",
        ));
    }
    if zip_has("word/") || utf16_contains(bytes, "WordDocument") {
        Some((" Word 文档", SEND))
    } else if zip_has("ppt/") || utf16_contains(bytes, "PowerPoint Document") {
        Some(("演示文稿", SEND))
    } else {
        None
    }
}

/// Whether `bytes` are an Office file encrypted with a password to open
/// (an OLE file holding an `EncryptedPackage` stream).
fn is_encrypted(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) && utf16_contains(bytes, "EncryptedPackage")
}

/// Whether `bytes` hold `name` in UTF-16LE, as an OLE file names its
/// streams.
fn utf16_contains(bytes: &[u8], name: &str) -> bool {
    let needle: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.windows(needle.len()).any(|w| w == needle)
}

/// Whether the sheet `name` is `table`'s: 表1, "表1 技术合作…", 五, "五、…".
fn sheet_is(name: &str, table: &Table) -> bool {
    let name: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    match name.strip_prefix(table.name) {
        Some(rest) => !rest.starts_with(|c: char| c.is_ascii_digit()),
        None => false,
    }
}

/// What a sheet not named as a table holds, by its header.
#[derive(Debug, PartialEq)]
enum Recognised {
    /// The table's (index into [`TABLES`]): at least half its columns.
    Table(usize),
    /// No header row (no 序号): instructions, a member's notes.
    NotATable,
    /// A header, but too few of any table's columns: the header's cell,
    /// and the table with the most, with how many.
    Unclear { at: (u32, u32), closest: Option<(usize, usize)> },
}

/// The table whose columns the sheet `range`'s header names, matched as
/// [`cells::header`] matches them.
fn recognise(range: &Range<Data>) -> Recognised {
    let Some(row) = cells::header_row(range) else { return Recognised::NotATable };
    let best = TABLES
        .iter()
        .enumerate()
        .map(|(t, table)| (t, cells::header(range, row, table).matched()))
        .max_by_key(|&(t, matched)| (matched, std::cmp::Reverse(t)));
    match best {
        Some((t, matched)) if matched >= 2 && matched * 2 >= super::layout::columns(TABLES[t]).len() => {
            Recognised::Table(t)
        }
        best => Recognised::Unclear {
            at: (row, range.start().map_or(0, |s| s.1)),
            closest: best.filter(|&(_, matched)| matched > 0),
        },
    }
}

/// The problem of a sheet with a header that is no table's.
fn unclear(shown: &str, name: &str, at: (u32, u32), closest: Option<(usize, usize)>) -> Diagnostic {
    let (message, hint) = match closest {
        Some((t, matched)) => {
            let table = TABLES[t];
            (
                format!(
                    "工作表“{name}”看起来是{}（{}），但只有 {matched} 个栏目对得上，没有导入",
                    table.name,
                    // The title without its own bracketed list.
                    table.title.split('（').next().unwrap_or(table.title)
                ),
                format!(
                    "如果它是{0}：把工作表改名为“{0}”，表头改回 alliance-report xlsx export 写出的样子；如果不需要导入，把它改名为以 _ 开头（例如 _{name}）",
                    table.name
                ),
            )
        }
        None => {
            let names: Vec<&str> = TABLES.iter().map(|t| t.name).collect();
            (
                format!(
                    "工作表“{name}”有以“序号”开头的表头，但栏目与哪张表（{}）都对不上，没有导入",
                    names.join("、")
                ),
                format!(
                    "要导入的表请放在以表名命名的工作表中（例如“表1”）；不需要导入的，把它改名为以 _ 开头（例如 _{name}）"
                ),
            )
        }
    };
    Diagnostic::error(Rule::Workbook, shown, 0, 0, message).with_hint(hint).in_cell(name, &reference(at))
}

/// The date an ods counts its serials from (`<table:null-date
/// table:date-value="1904-01-01"/>` in content.xml), when not the default
/// 1899-12-30.
fn ods_null_date(bytes: &[u8]) -> Option<String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("content.xml").ok()?, &mut xml).ok()?;
    let tag = xml.split("<table:null-date ").nth(1)?.split('>').next()?;
    Some(tag.split("table:date-value=\"").nth(1)?.split('"').next()?.to_owned())
}

/// The rows (0-based) hidden in sheet `name` of the xlsx in `bytes`, read
/// from the sheet's XML (`<row r="5" hidden="1">`), which calamine does
/// not expose; none for xls and ods, which do not say (see the README).
fn hidden_rows(bytes: &[u8], name: &str) -> Vec<u32> {
    let read = |zip: &mut zip::ZipArchive<Cursor<&[u8]>>, file: &str| -> Option<String> {
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
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sheet_is_a_tables_by_its_name() {
        assert!(sheet_is("表1 技术合作", TABLES[1]) && sheet_is("表1 (2)", TABLES[1]));
        assert!(!sheet_is("表10", TABLES[1]) && !sheet_is("项目表", TABLES[1]));
        assert!(sheet_is("五、成员", TABLES[0]));
    }

    /// A sheet whose header row is `headers`.
    fn sheet(headers: &[&str]) -> Range<Data> {
        let mut range = Range::new((0, 0), (3, headers.len() as u32));
        range.set_value((0, 0), Data::String("一个标题".into()));
        for (c, h) in headers.iter().enumerate() {
            range.set_value((1, c as u32), Data::String((*h).to_owned()));
        }
        range
    }

    #[test]
    fn a_renamed_sheet_is_recognised_by_its_header() {
        let events = TABLES.iter().position(|t| t.name == "表4").unwrap();
        let mut headers = vec!["序号"];
        headers.extend(super::super::layout::columns(TABLES[events]).iter().map(|c| c.label));
        assert_eq!(recognise(&sheet(&headers)), Recognised::Table(events));
        // Half the columns still are the table's; fewer are not.
        let half = headers.len() / 2 + 1;
        assert_eq!(recognise(&sheet(&headers[..half])), Recognised::Table(events));
        let unclear = recognise(&sheet(&headers[..3]));
        assert_eq!(unclear, Recognised::Unclear { at: (1, 0), closest: Some((events, 2)) });
        assert_eq!(
            recognise(&sheet(&["序号", "姓名", "电话"])),
            Recognised::Unclear { at: (1, 0), closest: None }
        );
        assert_eq!(recognise(&sheet(&["说明", "内容"])), Recognised::NotATable);
    }

    #[test]
    fn a_pattern_the_shell_left_is_matched_as_windows_matches() {
        assert!(
            wildcard("*.xlsx", "成员.XLSX")
                && wildcard("~$*", "~$成员.xlsx")
                && wildcard("表?.xls", "表1.xls")
        );
        assert!(
            !wildcard("*.xlsx", "成员.xls") && !wildcard("表?.xls", "表12.xls") && !wildcard("a*b", "ab c")
        );
        assert!(wildcard("*", "") && wildcard("a**b*", "axxbyy"));
        let dir = tempfile::tempdir().unwrap();
        for name in ["乙.xlsx", "甲.xlsx", "说明.docx"] {
            std::fs::write(dir.path().join(name), "").unwrap();
        }
        let pattern = dir.path().join("*.xlsx");
        assert_eq!(
            workbook_paths(vec![pattern.clone()]),
            [dir.path().join("乙.xlsx"), dir.path().join("甲.xlsx")]
        );
        let none = dir.path().join("*.ods");
        assert_eq!(workbook_paths(vec![none.clone()]), [none]);
    }

    #[test]
    fn a_sheet_not_read_is_the_one_problem_of_its_workbook() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("联系人.xlsx");
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet().set_name("联系人").unwrap();
        for (c, h) in ["序号", "姓名", "电话"].iter().enumerate() {
            sheet.write_string(0, c as u16, *h).unwrap();
        }
        book.add_worksheet().set_name("_base").unwrap().write_string(0, 0, "序号").unwrap();
        book.save(&path).unwrap();
        let Workbook { rows, problems, tables, .. } = workbook(&path);
        assert!(rows.is_empty() && tables.is_empty());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.contains("都对不上"), "{problems:?}");
        assert_eq!(problems[0].cell, Some(("联系人".to_owned(), "A1".to_owned())));
    }

    #[test]
    fn what_is_not_a_workbook_is_named() {
        assert_eq!(kind(b"%PDF-1.7 ...").map(|k| k.0), Some(" PDF 文件"));
        assert_eq!(kind(b"PK\x03\x04 truncated"), None);
        assert!(kind(b"\xef\xbb\xbf<HTML><body><table>").is_some_and(|k| k.0.contains("HTML")));
        assert!(read_book(b"").is_none() && read_book(b"PK\x03\x04 truncated").is_none());
        let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        ole.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert!(is_encrypted(&ole) && read_book(&ole).is_none());
    }
}
