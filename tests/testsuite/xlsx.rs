//! `xlsx export`: the workbook a member unit fills in, read back as a
//! spreadsheet program reads it (calamine for values, the sheets' XML for
//! drop-downs and input messages).

use std::io::Read as _;

use calamine::{Data, Reader, Xlsx, open_workbook};

use super::*;

fn export(dir: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<&std::ffi::OsStr> =
        vec!["xlsx".as_ref(), "export".as_ref(), dir.as_os_str(), "-o".as_ref(), out.as_os_str()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    run(&args)
}

fn text(cell: Option<&Data>) -> String {
    match cell {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => f.to_string(),
        Some(Data::Int(i)) => i.to_string(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => format!("{other:?}"),
    }
}

/// The XML of the sheet named `name` in the workbook at `path`.
fn sheet_xml(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut workbook = String::new();
    zip.by_name("xl/workbook.xml").unwrap().read_to_string(&mut workbook).unwrap();
    let names: Vec<&str> = workbook.split("<sheet ").skip(1).map(|s| s.split('"').nth(1).unwrap()).collect();
    let index = names.iter().position(|n| *n == name).unwrap() + 1;
    let mut xml = String::new();
    zip.by_name(&format!("xl/worksheets/sheet{index}.xml")).unwrap().read_to_string(&mut xml).unwrap();
    xml
}

#[test]
fn the_workbook_has_the_forms_tables_with_the_reports_rows() {
    let out = scratch("xlsx-export").join("成员单位.xlsx");
    let output = export(&example(), &out, &[]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    // The sheets a member sees, then the very hidden record of the export.
    assert_eq!(book.sheet_names(), ["填写说明", "五", "表1", "表2", "表3", "表4", "表5", "_base"]);
    let workbook_xml = {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
        let mut xml = String::new();
        zip.by_name("xl/workbook.xml").unwrap().read_to_string(&mut xml).unwrap();
        xml
    };
    assert!(workbook_xml.contains(r#"name="_base" sheetId="8" state="veryHidden""#), "{workbook_xml}");

    // 表1: the title, the form's headers (项目名称及编号 split in two under
    // its merged header), then the report's rows.
    let projects = std::fs::read_to_string(example().join("tables/projects.yaml")).unwrap();
    let first_name = projects.lines().find_map(|l| l.trim().strip_prefix("- name: ")).unwrap();
    let first_name = first_name.split(" #").next().unwrap().trim();
    let range = book.worksheet_range("表1").unwrap();
    let at = |r: u32, c: u32| text(range.get_value((r, c)));
    assert_eq!(at(0, 0), "表1 技术合作创新项目一览表");
    let headers: Vec<String> = (0..11).map(|c| at(1, c)).collect();
    assert_eq!(headers[..3], ["序号", "项目名称及编号", ""]);
    assert_eq!(
        headers[3..],
        [
            "立项时间",
            "项目来源",
            "牵头单位",
            "主要合作单位",
            "合作单位数量（家）",
            "总投入（万元）",
            "财政经费（万元）",
            "项目实施情况"
        ]
    );
    assert_eq!((at(2, 1), at(2, 2)), ("项目名称".to_owned(), "项目编号".to_owned()));
    assert_eq!(at(3, 0), "1");
    assert_eq!(at(3, 1), first_name);
    // Dates are dates, amounts numbers.
    assert!(matches!(range.get_value((3, 3)), Some(Data::DateTime(_))), "{:?}", range.get_value((3, 3)));
    assert!(matches!(range.get_value((3, 8)), Some(Data::Float(_))), "{:?}", range.get_value((3, 8)));
    let rows = projects.lines().filter(|l| l.trim_start().starts_with("- name: ")).count();
    assert_eq!((3..3 + rows as u32).filter(|&r| !at(r, 1).is_empty()).count(), rows);
    assert!(at(3 + rows as u32, 1).is_empty());
    let merged = book.merge_cells_by_sheet_name("表1").unwrap();
    assert!(merged.iter().any(|m| m.start == (1, 1) && m.end == (1, 2)), "{merged:?}");

    // 表5: one √ in the three 级别 columns of each row.
    let range = book.worksheet_range("表5").unwrap();
    let levels: Vec<String> = (4..7).map(|c| text(range.get_value((2, c)))).collect();
    assert_eq!(levels, ["国家级", "省级", "市级"]);
    for r in 3..5 {
        let ticks = (4..7).filter(|&c| text(range.get_value((r, c))) == "√").count();
        assert_eq!(ticks, 1, "row {r}");
    }

    // Drop-downs for the vocabularies, input messages with the rules, and
    // the 注 under the table.
    let xml = sheet_xml(&out, "表1");
    assert!(xml.contains("<formula1>\"在研,完成\"</formula1>"), "{}", &xml[..500.min(xml.len())]);
    assert!(xml.contains("国家级项目,省级项目,市级项目,县级项目,联盟自行组织"));
    assert!(xml.contains("promptTitle=\"项目实施情况\""));
    assert!(xml.contains("<pane") && xml.contains("state=\"frozen\""));
    let range = book.worksheet_range("表1").unwrap();
    let note = range.rows().flatten().any(|c| text(Some(c)).starts_with("注：项目来源分为"));
    assert!(note, "the 注 under 表1");
    let xml = sheet_xml(&out, "表3");
    assert!(xml.contains("errorStyle=\"warning\""), "成果类型 is an open list");

    // The same report gives the same workbook.
    let again = out.with_file_name("again.xlsx");
    assert!(export(&example(), &again, &[]).status.success());
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&again).unwrap());
}

#[test]
fn a_members_workbook_holds_only_its_rows() {
    let members = std::fs::read_to_string(example().join("members.yaml")).unwrap();
    let names: Vec<&str> = members.lines().filter_map(|l| l.trim().strip_prefix("- name: ")).collect();
    let member = names[1].split(" #").next().unwrap().trim();
    let out = scratch("xlsx-member").join("member.xlsx");
    let output = export(&example(), &out, &["--member", member]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    let range = book.worksheet_range("五").unwrap();
    let rows: Vec<String> = range.rows().skip(3).map(|r| text(r.get(1))).filter(|t| !t.is_empty()).collect();
    assert_eq!(rows, [member]);
    // In 表1 only the projects it leads or partners in.
    let range = book.worksheet_range("表1").unwrap();
    for row in range.rows().skip(3).filter(|r| !text(r.get(1)).is_empty()) {
        let lead = text(row.get(5));
        let partners = text(row.get(6));
        if lead.starts_with("注：") {
            continue;
        }
        assert!(lead == member || partners.split('、').any(|p| p == member), "{lead} / {partners}");
    }
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("已写出") && said.contains("表1"), "{said}");

    // A name not in 五 is refused with the closest one.
    let typo: String = member.chars().take(member.chars().count() - 1).collect();
    let output = export(&example(), &out, &["--member", &typo]);
    assert_eq!(output.status.code(), Some(2));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("成员单位名单中没有") && said.contains(member), "{said}");
}

#[test]
fn export_never_overwrites_what_is_not_a_workbook() {
    let dir = scratch("xlsx-refuse");
    copy_dir(&example(), &dir.join("report"));
    let report = dir.join("report");
    let yaml = report.join("members.yaml");
    let before = std::fs::read(&yaml).unwrap();
    let output = export(&report, &yaml, &[]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(std::fs::read(&yaml).unwrap(), before);
    // A document with a workbook's name but not a workbook's content.
    let doc = dir.join("汇总.xlsx");
    std::fs::write(&doc, "秘书处的笔记").unwrap();
    let output = export(&report, &doc, &[]);
    assert_eq!(output.status.code(), Some(2), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(std::fs::read_to_string(&doc).unwrap(), "秘书处的笔记");
    let output = export(&report, &dir.join("汇总.docx"), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains(".xlsx"));
}

/// A workbook with a sheet for `table` laid out as `xlsx export` lays it
/// out (title, headers), and `rows` written by `write(sheet, row, col)`
/// for each data row (0-based, after the headers).
fn workbook(
    path: &Path,
    table: &alliance_report::form::Table,
    rows: usize,
    write: impl Fn(&mut rust_xlsxwriter::Worksheet, u32, u32),
) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(table.name).unwrap();
    let first = table_headers(sheet, table);
    for r in 0..rows {
        write(sheet, first + r as u32, r as u32);
    }
    book.save(path).unwrap();
}

fn import(args: &[&std::ffi::OsStr]) -> Output {
    let mut all: Vec<&std::ffi::OsStr> = vec!["xlsx".as_ref(), "import".as_ref()];
    all.extend(args);
    run(&all)
}

#[test]
fn exporting_then_importing_into_a_new_folder_gives_the_same_tables() {
    let dir = scratch("xlsx-round-trip");
    let report = dir.join("新报告");
    assert!(run(&["init".as_ref(), report.as_os_str()]).status.success());
    let book = dir.join("全部.xlsx");
    assert!(export(&example(), &book, &[]).status.success());
    let output = import(&[book.as_os_str(), report.as_os_str()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    // The tables hold the example's data: diff names no table file.
    let diff = run(&["diff".as_ref(), example().as_os_str(), report.as_os_str()]);
    let diff = String::from_utf8_lossy(&diff.stdout);
    for table in alliance_report::form::TABLES {
        assert!(!diff.contains(&format!("### {}", table.file)), "{} differs:\n{diff}", table.file);
    }
    // And check judges them alike: no problem in members.yaml or a table.
    let problems = |dir: &Path| -> Vec<String> {
        let output = run(&["check".as_ref(), dir.as_os_str(), "--format".as_ref(), "json".as_ref()]);
        let all: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        all.as_array()
            .unwrap()
            .iter()
            .map(|d| d["file"].as_str().unwrap().to_owned())
            .filter(|f| f == "members.yaml" || f.starts_with("tables/"))
            .collect()
    };
    assert_eq!(problems(&report), problems(&example()));
    // A second import changes nothing.
    let before = std::fs::read(report.join("tables/projects.yaml")).unwrap();
    let output = import(&[book.as_os_str(), report.as_os_str()]);
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("没有需要修改的"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(std::fs::read(report.join("tables/projects.yaml")).unwrap(), before);
}

#[test]
fn awkward_cells_import_as_the_member_meant_them() {
    let dir = scratch("xlsx-awkward");
    let report = dir.join("report");
    copy_dir(&example(), &report);
    let projects = report.join("tables/projects.yaml");
    let text = std::fs::read_to_string(&projects).unwrap();
    let first = text.lines().find_map(|l| l.trim().strip_prefix("- name: ")).unwrap();
    let first = first.split(" #").next().unwrap().trim().to_owned();
    let book = dir.join("太原龙城碳素.xlsx");
    let month = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm");
    workbook(&book, &alliance_report::form::PROJECTS, 5, |s, r, n| match n {
        // An existing project, its name with trailing (full-width) spaces,
        // the amount typed with full-width digits as text.
        0 => {
            s.write_string(r, 1, format!("{first}  \u{3000}")).unwrap();
            s.write_string(r, 8, "３０００").unwrap();
        }
        // A new one: a date as a date (a year-month), a number stored as
        // text, a formula with its cached value, a list with 、.
        1 => {
            s.write_string(r, 1, "测试新项目").unwrap();
            s.write_string(r, 2, "ZX-2024-01").unwrap();
            let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 3, 1).unwrap();
            s.write_datetime_with_format(r, 3, &date, &month).unwrap();
            s.write_string(r, 4, "省级项目").unwrap();
            s.write_string(r, 5, "太原龙城碳素科技有限公司").unwrap();
            s.write_string(r, 6, "汾河工业大学、太行科技大学 ").unwrap();
            s.write_string(r, 8, "120.5").unwrap();
            s.write_formula(r, 9, rust_xlsxwriter::Formula::new("=10*5").set_result("50")).unwrap();
            s.write_string(r, 10, "在研").unwrap();
        }
        // An empty row, skipped.
        2 => {}
        // A hidden row, and a lead unit merged over two rows; a date typed
        // as text.
        3 | 4 => {
            s.write_string(r, 1, if n == 3 { "隐藏的项目" } else { "合并单元格的项目" }).unwrap();
            s.write_string(r, 3, "2023年3月").unwrap();
            s.write_string(r, 4, "市级项目").unwrap();
            if n == 3 {
                s.merge_range(r, 5, r + 1, 5, "太行科技大学", &rust_xlsxwriter::Format::new()).unwrap();
                s.set_row_hidden(r).unwrap();
            }
            s.write_string(r, 6, "汾河工业大学").unwrap();
            s.write_number(r, 8, 30.0).unwrap();
            s.write_number(r, 9, 0.0).unwrap();
            s.write_string(r, 10, "完成").unwrap();
        }
        _ => unreachable!(),
    });
    let output = import(&[book.as_os_str(), report.as_os_str()]);
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{said}");
    assert!(said.contains("第 7 行是隐藏的") && said.contains("表1!A7"), "{said}");
    let diff = String::from_utf8_lossy(&output.stdout);
    assert!(diff.contains("测试新项目") && diff.contains("3000"), "{diff}");

    let after = std::fs::read_to_string(&projects).unwrap();
    // The update: the value changed at its place, the comment kept.
    let line = after.lines().find(|l| l.contains("# 总投入（万元）")).unwrap();
    assert!(line.trim_start().starts_with("total_investment: 3000 "), "{line}");
    // Three rows of 11, 9 and 9 lines, each after a blank line.
    assert_eq!(after.lines().count(), text.lines().count() + 32, "{after}");
    // The new rows, in the style of the existing ones.
    let new = &after[after.find("  - name: 测试新项目").expect("appended")..];
    // A code quoted as the existing rows quote theirs.
    for line in [
        "number: \"ZX-2024-01\"",
        "started: 2024-03\n",
        "source: 省级项目",
        "      - 太行科技大学\n",
        "total_investment: 120.5",
        "public_funds: 50",
        "status: 在研",
    ] {
        assert!(new.contains(line), "{line:?} in:\n{new}");
    }
    let hidden = &after[after.find("  - name: 隐藏的项目").unwrap()..];
    assert!(hidden.contains("started: 2023-03\n") && hidden.contains("lead_unit: 太行科技大学"), "{hidden}");
    let merged = &after[after.find("  - name: 合并单元格的项目").unwrap()..];
    assert!(merged.contains("lead_unit: 太行科技大学"), "the merged cell's value:\n{merged}");
    // Everything else as it was: the old text is a prefix, less the one line.
    assert_eq!(text.replace("total_investment: 2860 ", "total_investment: 3000 "), after[..text.len()]);
}

#[test]
fn a_bad_cell_is_named_and_nothing_is_written() {
    let dir = scratch("xlsx-bad-cell");
    let report = dir.join("report");
    copy_dir(&example(), &report);
    let before = std::fs::read(report.join("tables/projects.yaml")).unwrap();
    let book = dir.join("成员.xlsx");
    workbook(&book, &alliance_report::form::PROJECTS, 1, |s, r, _| {
        s.write_string(r, 1, "新项目").unwrap();
        s.write_string(r, 3, "2024-05").unwrap();
        s.write_string(r, 4, "国家项目").unwrap();
        s.write_string(r, 5, "汾河工业大学").unwrap();
        s.write_string(r, 6, "太行科技大学").unwrap();
        s.write_string(r, 8, "一百万").unwrap();
        s.write_number(r, 9, 0.0).unwrap();
        s.write_string(r, 10, "在研").unwrap();
    });
    let output = import(&[book.as_os_str(), report.as_os_str()]);
    assert_eq!(output.status.code(), Some(1));
    let said = String::from_utf8_lossy(&output.stderr);
    // Read as a cell: the amount; judged by check's rules: the vocabulary.
    assert!(said.contains("成员.xlsx 表1!I4") && said.contains("总投入"), "{said}");
    assert!(said.contains("表1!E4") && said.contains("国家项目"), "{said}");
    assert!(said.contains("什么也没有写入"), "{said}");
    assert_eq!(std::fs::read(report.join("tables/projects.yaml")).unwrap(), before);
    let output = import(&[book.as_os_str(), report.as_os_str(), "--format".as_ref(), "json".as_ref()]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let cells: Vec<(&str, &str, u64)> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["sheet"].is_string())
        .map(|d| (d["sheet"].as_str().unwrap(), d["cell"].as_str().unwrap(), d["line"].as_u64().unwrap()))
        .collect();
    assert!(cells.contains(&("表1", "I4", 0)) && cells.contains(&("表1", "E4", 0)), "{cells:?}");
}

#[test]
fn two_workbooks_that_disagree_on_a_row_are_refused() {
    let dir = scratch("xlsx-conflict");
    let report = dir.join("report");
    copy_dir(&example(), &report);
    let one = |path: &Path, amount: f64| {
        workbook(path, &alliance_report::form::EVENTS, 1, |s, r, _| {
            s.write_string(r, 1, "联合技术交流会").unwrap();
            s.write_string(r, 2, "汾河工业大学").unwrap();
            s.write_string(r, 3, "2024-06-18").unwrap();
            s.write_string(r, 4, "太原市").unwrap();
            s.write_number(r, 5, 5.0).unwrap();
            s.write_number(r, 6, 3.0).unwrap();
            s.write_number(r, 7, amount).unwrap();
        })
    };
    let (a, b) = (dir.join("甲.xlsx"), dir.join("乙.xlsx"));
    one(&a, 80.0);
    one(&b, 90.0);
    let output = import(&[a.as_os_str(), b.as_os_str(), report.as_os_str()]);
    assert_eq!(output.status.code(), Some(1));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("乙.xlsx 表4!H3") && said.contains("甲.xlsx 表4!H3") && said.contains("填的不同"),
        "{said}"
    );
    // The same values from both: one row.
    one(&b, 80.0);
    let output = import(&[a.as_os_str(), b.as_os_str(), report.as_os_str()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let events = std::fs::read_to_string(report.join("tables/events.yaml")).unwrap();
    assert_eq!(events.matches("联合技术交流会").count(), 1);
}

/// Workbooks saved by other programs (tools/make-workbook-fixtures.sh):
/// LibreOffice's xlsx imports exactly as ours; its ods and xls too, but
/// for what those formats do not say (a year-month in a column of full
/// dates reads as the 1st, see the README); openpyxl's formula without a
/// cached value is an error at its cell.
#[test]
fn workbooks_saved_by_libreoffice_and_openpyxl_import() {
    let dir = scratch("xlsx-producers");
    let tables = |name: &str, book: &Path| -> (Option<i32>, String) {
        let report = dir.join(name);
        assert!(run(&["init".as_ref(), report.as_os_str()]).status.success());
        let output = import(&[book.as_os_str(), report.as_os_str()]);
        let mut text = String::new();
        for file in [
            "members.yaml",
            "tables/projects.yaml",
            "tables/transfers.yaml",
            "tables/achievements.yaml",
            "tables/events.yaml",
            "tables/platforms.yaml",
        ] {
            text.push_str(&std::fs::read_to_string(report.join(file)).unwrap());
        }
        (output.status.code(), text)
    };
    let ours = dir.join("ours.xlsx");
    let member = "太原龙城碳素科技有限公司";
    assert!(export(&example(), &ours, &["--member", member]).status.success());
    let (code, expected) = tables("ours", &ours);
    assert_eq!(code, Some(0));
    assert!(expected.contains(member) && expected.matches("- name:").count() >= 5, "{expected}");
    let fixtures = fixture("workbooks");
    assert_eq!(tables("lo-xlsx", &fixtures.join("libreoffice.xlsx")), (Some(0), expected.clone()));
    // ods and xls: the same, once a year-month is read as its 1st.
    let month_days = |text: &str| -> String {
        text.lines()
            .map(|l| match l.trim_start().strip_prefix("started: ") {
                Some(date) if date.len() == 7 => format!("{l}-01"),
                _ => l.to_owned(),
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    for file in ["libreoffice.ods", "libreoffice.xls"] {
        let (code, text) = tables(file, &fixtures.join(file));
        assert_eq!(code, Some(0), "{file}");
        assert_eq!(month_days(&text), month_days(&expected), "{file}");
    }
    let report = dir.join("openpyxl");
    assert!(run(&["init".as_ref(), report.as_os_str()]).status.success());
    let output = import(&[fixtures.join("openpyxl.xlsx").as_os_str(), report.as_os_str()]);
    assert_eq!(output.status.code(), Some(1));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("openpyxl.xlsx 表4!H3") && said.contains("没有保存计算结果"), "{said}");
}

/// Columns are found by their headers, however a member rearranged them:
/// reordered, a line break or ASCII brackets in a header; an unknown
/// column is named and left out, a missing one named.
#[test]
fn columns_are_matched_by_their_headers() {
    let dir = scratch("xlsx-headers");
    let report = dir.join("report");
    copy_dir(&example(), &report);
    let book = dir.join("表4.xlsx");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let s = workbook.add_worksheet();
    s.set_name("表4 举办促进产业发展相关活动").unwrap();
    let headers = [
        "序号",
        "活动规模\n(人)",
        "活动名称",
        "举办 时间",
        "主办单位",
        "举办地点",
        "联盟成员单位参加数量（家）",
        "其他单位参加数量(家)",
        "备注",
    ];
    for (c, h) in headers.iter().enumerate() {
        s.write_string(1, c as u16, *h).unwrap();
    }
    let row = ["1", "66", "重排栏目的活动", "2024-04-02", "汾河工业大学", "晋中市", "4", "2", "秘书处备注"];
    for (c, v) in row.iter().enumerate() {
        s.write_string(2, c as u16, *v).unwrap();
    }
    workbook.save(&book).unwrap();
    let output = import(&[book.as_os_str(), report.as_os_str()]);
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{said}");
    assert!(
        said.contains("不认识的栏目“备注”") && said.contains("表4 举办促进产业发展相关活动!I2"),
        "{said}"
    );
    let events = std::fs::read_to_string(report.join("tables/events.yaml")).unwrap();
    let new = &events[events.find("- name: 重排栏目的活动").expect("imported")..];
    for line in [
        "organizer: 汾河工业大学",
        "date: 2024-04-02",
        "place: 晋中市",
        "member_units: 4",
        "other_units: 2",
        "attendees: 66",
    ] {
        assert!(new.contains(line), "{line} in {new}");
    }
    // Without the 举办地点 column: named, and the row misses a required field.
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let s = workbook.add_worksheet();
    s.set_name("表4").unwrap();
    for (c, h) in headers.iter().enumerate().filter(|(_, h)| **h != "举办地点") {
        s.write_string(1, c as u16, *h).unwrap();
    }
    for (c, v) in row.iter().enumerate().filter(|(c, _)| *c != 5) {
        s.write_string(2, c as u16, if c == 2 { "少一栏的活动" } else { v }).unwrap();
    }
    workbook.save(&book).unwrap();
    let output = import(&[book.as_os_str(), report.as_os_str()]);
    assert_eq!(output.status.code(), Some(1));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("缺少栏目：举办地点") && said.contains("“举办地点”没有填写"), "{said}");
}

/// `--replace`: the rows of a table the workbook has a sheet for, but
/// that it does not list, are removed; other tables are not touched.
/// `--replace` with a member's workbook used to delete 75 rows of other
/// members: a workbook with its export record only ever removes the rows
/// its member deleted.
#[test]
fn replace_never_touches_rows_outside_a_members_workbook() {
    let dir = scratch("xlsx-replace-member");
    let report = dir.join("report");
    copy_dir(&example(), &report);
    let book = dir.join("member.xlsx");
    assert!(export(&example(), &book, &["--member", "太原龙城碳素科技有限公司"]).status.success());
    let before = read_tables(&report);
    for extra in [&[][..], &["--replace"][..]] {
        let mut args = vec![book.as_os_str(), report.as_os_str()];
        args.extend(extra.iter().map(std::ffi::OsStr::new));
        let output = import(&args);
        let said = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success() && said.contains("没有需要修改的"), "{said}");
        assert_eq!(read_tables(&report), before);
    }
}

/// The text of every table file of the report at `dir`.
fn read_tables(dir: &Path) -> String {
    alliance_report::form::TABLES.iter().map(|t| std::fs::read_to_string(dir.join(t.file)).unwrap()).collect()
}

#[test]
fn replace_removes_the_rows_a_workbook_without_a_record_leaves_out() {
    let dir = scratch("xlsx-replace");
    let report = dir.join("report");
    copy_dir(&example(), &report);
    let before = std::fs::read_to_string(report.join("tables/projects.yaml")).unwrap();
    let first = before.lines().find_map(|l| l.trim().strip_prefix("- name: ")).unwrap();
    let first = first.split(" #").next().unwrap().trim().to_owned();
    // A member's own sheet with the form's headers, listing one project.
    let book = dir.join("own.xlsx");
    workbook(&book, &alliance_report::form::PROJECTS, 1, |s, r, _| {
        s.write_string(r, 1, &first).unwrap();
    });
    let output = import(&[book.as_os_str(), report.as_os_str()]);
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success() && said.contains("没有导出时的记录"), "{said}");
    assert_eq!(std::fs::read_to_string(report.join("tables/projects.yaml")).unwrap(), before);
    let output = import(&[book.as_os_str(), report.as_os_str(), "--replace".as_ref()]);
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success() && said.contains("删除 12 行"), "{said}");
    let shown = String::from_utf8_lossy(&output.stdout);
    assert!(shown.starts_with("## 将删除的行"), "the removals are shown first:\n{shown}");
    let after = std::fs::read_to_string(report.join("tables/projects.yaml")).unwrap();
    assert_eq!(after.matches("\n  - name: ").count(), 1, "{after}");
    assert!(after.contains(&first));
    // Other tables are untouched: the workbook has no sheet for them.
    assert_eq!(
        std::fs::read_to_string(report.join("tables/events.yaml")).unwrap(),
        std::fs::read_to_string(example().join("tables/events.yaml")).unwrap()
    );
    // Still a report check reads without a problem in its tables.
    let output = run(&["check".as_ref(), report.as_os_str(), "--format".as_ref(), "json".as_ref()]);
    let problems: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let in_tables: Vec<&serde_json::Value> = problems
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"].as_str().unwrap().starts_with("tables/projects"))
        .collect();
    assert!(in_tables.is_empty(), "{in_tables:?}");
    // A sheet with no rows empties its table to `[]`.
    let empty = dir.join("empty.xlsx");
    workbook(&empty, &alliance_report::form::PLATFORMS, 0, |_, _, _| {});
    assert!(import(&[empty.as_os_str(), report.as_os_str(), "--replace".as_ref()]).status.success());
    let platforms = std::fs::read_to_string(report.join("tables/platforms.yaml")).unwrap();
    assert!(platforms.contains("platforms: []"), "{platforms}");
}

/// A workbook of a Mac Excel set to the 1904 date system counts its dates
/// from 1904-01-01 (tools/make-unusual-workbook-fixtures.sh): a date cell
/// and a plain number in the date column read as the member meant them,
/// from xlsx, and from LibreOffice's xls and ods of the same workbook.
#[test]
fn a_workbook_with_the_1904_date_system_keeps_its_dates() {
    let dir = scratch("xlsx-1904");
    for file in ["mac-1904.xlsx", "mac-1904.xls", "mac-1904.ods"] {
        let report = dir.join(file.replace('.', "-"));
        assert!(run(&["init".as_ref(), report.as_os_str()]).status.success());
        let book = fixture("workbooks").join(file);
        let output = import(&[book.as_os_str(), report.as_os_str()]);
        assert!(output.status.success(), "{file}: {}", String::from_utf8_lossy(&output.stderr));
        let events = std::fs::read_to_string(report.join("tables/events.yaml")).unwrap();
        let date_of = |name: &str| {
            let row = &events[events.find(&format!("- name: {name}")).expect(name)..];
            row.lines().find_map(|l| l.trim().strip_prefix("date: ")).unwrap().to_owned()
        };
        assert_eq!(date_of("苹果电脑上填的活动"), "2024-06-15", "{file}: a date cell");
        assert_eq!(date_of("日期成了数字的活动"), "2024-06-16", "{file}: a number in the date column");
    }
}

/// Writes `table`'s title and headers into `sheet`, as `xlsx export` lays
/// them out, and returns the first row of data.
fn table_headers(sheet: &mut rust_xlsxwriter::Worksheet, table: &alliance_report::form::Table) -> u32 {
    sheet.write_string(0, 0, table.title).unwrap();
    sheet.write_string(1, 0, "序号").unwrap();
    let columns = alliance_report::xlsx::layout::columns(table);
    for (i, c) in columns.iter().enumerate() {
        let col = i as u16 + 1;
        match c.over {
            Some(over) => {
                if i == 0 || columns[i - 1].over != Some(over) {
                    sheet.write_string(1, col, over).unwrap();
                }
                sheet.write_string(2, col, c.label).unwrap();
            }
            None => {
                sheet.write_string(1, col, c.label).unwrap();
            }
        }
    }
    if alliance_report::xlsx::layout::header_rows(&columns) == 2 { 3 } else { 2 }
}

/// A sheet renamed by a member is found by its header; a second sheet of
/// the same table, or a header that is no table's, is an error at the
/// sheet; a sheet without a header, or named `_…`, is passed over.
#[test]
fn a_renamed_sheet_is_found_by_its_header() {
    let dir = scratch("xlsx-renamed-sheet");
    let report = dir.join("report");
    copy_dir(&example(), &report);
    let projects = std::fs::read_to_string(report.join("tables/projects.yaml")).unwrap();
    let first = projects.lines().find_map(|l| l.trim().strip_prefix("- name: ")).unwrap();
    let first = first.split(" #").next().unwrap().trim().to_owned();
    let event = |s: &mut rust_xlsxwriter::Worksheet, r: u32, name: &str| {
        for (c, v) in [name, "汾河工业大学", "2024-06-18", "太原市", "5", "3", "80"].iter().enumerate()
        {
            s.write_string(r, c as u16 + 1, *v).unwrap();
        }
    };
    let book = dir.join("改了名的.xlsx");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    // 表1 renamed, its first project's 总投入 (column I) edited.
    let s = workbook.add_worksheet().set_name("项目表").unwrap();
    let r = table_headers(s, &alliance_report::form::PROJECTS);
    s.write_string(r, 1, &first).unwrap();
    s.write_number(r, 8, 4321.0).unwrap();
    // Not tables: notes without 序号, and the tool's own bookkeeping.
    workbook.add_worksheet().set_name("说明").unwrap().write_string(0, 0, "秘书处的说明").unwrap();
    let s = workbook.add_worksheet().set_name("_base").unwrap();
    s.write_string(0, 0, "序号").unwrap();
    s.write_string(0, 1, "随便什么").unwrap();
    workbook.save(&book).unwrap();
    let output = import(&[book.as_os_str(), report.as_os_str(), "--dry-run".as_ref()]);
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{said}");
    let diff = String::from_utf8_lossy(&output.stdout);
    assert!(diff.contains("4321"), "the edit in the renamed sheet is imported:\n{diff}\n{said}");
    assert!(!said.contains("_base") && !said.contains("说明"), "{said}");

    // Two sheets of 表4, and a sheet with 序号 but no table's columns.
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let s = workbook.add_worksheet().set_name("表4").unwrap();
    let r = table_headers(s, &alliance_report::form::EVENTS);
    event(s, r, "第一张表中的活动");
    let s = workbook.add_worksheet().set_name("活动备份").unwrap();
    let r = table_headers(s, &alliance_report::form::EVENTS);
    event(s, r, "备份表中的活动");
    let s = workbook.add_worksheet().set_name("联系人").unwrap();
    for (c, h) in ["序号", "姓名", "电话", "活动名称"].iter().enumerate() {
        s.write_string(0, c as u16, *h).unwrap();
    }
    workbook.save(&book).unwrap();
    let output = import(&[book.as_os_str(), report.as_os_str(), "--dry-run".as_ref()]);
    assert_eq!(output.status.code(), Some(1));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("工作表“活动备份”和“表4”都是表4") && said.contains("活动备份!A1"), "{said}");
    assert!(said.contains("工作表“联系人”看起来是表4") && said.contains("联系人!A1"), "{said}");
    let diff = String::from_utf8_lossy(&output.stdout);
    assert!(diff.contains("第一张表中的活动") && !diff.contains("备份表中的活动"), "{diff}");
}

/// What is not a workbook is one problem each, said plainly, and every
/// file given is still read: Excel's lock file is skipped with a note; a
/// CSV, a missing file, a truncated one, a Word document renamed .xlsx,
/// an empty file and one with a password are refused, each with what to
/// do.
#[test]
fn files_that_are_not_workbooks_are_named_and_the_rest_still_read() {
    let dir = scratch("xlsx-not-workbooks");
    let report = dir.join("report");
    copy_dir(&example(), &report);
    let good = dir.join("成员.xlsx");
    workbook(&good, &alliance_report::form::EVENTS, 1, |s, r, _| {
        for (c, v) in
            ["锁文件旁的活动", "汾河工业大学", "2024-06-18", "太原市", "5", "3", "80"].iter().enumerate()
        {
            s.write_string(r, c as u16 + 1, *v).unwrap();
        }
    });
    // The lock file Excel leaves beside an open workbook: the user's name.
    let lock = dir.join("~$成员.xlsx");
    std::fs::write(&lock, [&[7u8][..], "张三".as_bytes(), &[0u8; 40]].concat()).unwrap();
    let output = import(&[good.as_os_str(), lock.as_os_str(), report.as_os_str()]);
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{said}");
    assert!(said.contains("临时文件") && said.contains("已跳过"), "{said}");
    assert!(std::fs::read_to_string(report.join("tables/events.yaml")).unwrap().contains("锁文件旁的活动"));

    let csv = dir.join("成员.csv");
    std::fs::write(&csv, "序号,活动名称\n1,活动\n").unwrap();
    let missing = dir.join("没有这个文件.xlsx");
    let truncated = dir.join("传了一半.xlsx");
    std::fs::write(&truncated, &std::fs::read(&good).unwrap()[..600]).unwrap();
    let word = dir.join("其实是Word.xlsx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&word).unwrap());
    zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
    std::io::Write::write_all(&mut zip, b"<w:document/>").unwrap();
    zip.finish().unwrap();
    let empty = dir.join("空的.xlsx");
    std::fs::write(&empty, "").unwrap();
    let locked = fixture("workbooks").join("password.xlsx");
    let paths = [&csv, &missing, &truncated, &good, &word, &empty, &locked, &report];
    let output = import(&paths.map(|p| p.as_os_str()));
    assert_eq!(output.status.code(), Some(1));
    let said = String::from_utf8_lossy(&output.stderr);
    for (file, says) in [
        ("成员.csv", "CSV 文件，不能导入"),
        ("没有这个文件.xlsx", "找不到工作簿"),
        ("传了一半.xlsx", "已经损坏，或者不是 Excel 工作簿"),
        ("其实是Word.xlsx", "是 Word 文档，不是工作簿"),
        ("空的.xlsx", "是一个空文件"),
        ("password.xlsx", "设置了打开密码"),
    ] {
        let line = said.lines().find(|l| l.contains(file) && l.contains(says));
        assert!(line.is_some(), "{file}: {says} in\n{said}");
    }
    assert_eq!(said.matches("错误：").count(), 6, "one error per file, the good one read:\n{said}");
    for english in ["Zip", "EOCD", "os error", "Cannot detect", "No such file"] {
        assert!(!said.contains(english), "{english} in\n{said}");
    }
    // A pattern the shell left (PowerShell does): the tool matches it.
    let pattern = dir.join("*.XLSX");
    let output = import(&[pattern.as_os_str(), report.as_os_str(), "--dry-run".as_ref()]);
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("传了一半.xlsx") && said.contains("临时文件"), "{said}");
    assert!(!said.contains("*.XLSX"), "{said}");
    // No workbook at all: said, not "nothing to change".
    let output = import(&[report.as_os_str()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("没有写要导入的工作簿"));
}

/// The value of attribute `name` in the attributes `tag` of an XML tag.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!("{name}=\"");
    let at = if tag.starts_with(&key) { 0 } else { tag.find(&format!(" {key}"))? + 1 };
    tag[at + key.len()..].split('"').next()
}

/// The opening tags `<name …>` of `xml`, each without its `>`.
fn tags<'a>(xml: &'a str, name: &str) -> Vec<&'a str> {
    xml.split(&format!("<{name} ")).skip(1).map(|t| t.split('>').next().unwrap()).collect()
}

/// The widths of a sheet's columns and the heights of its rows (both
/// 0-based), as its XML sets them; a row without a height has Excel's
/// default of 15 points.
fn sizes(xml: &str) -> (Vec<f64>, impl Fn(u32) -> f64 + use<>) {
    let mut widths = Vec::new();
    for col in tags(xml, "col") {
        let (min, max): (usize, usize) = (
            attribute(col, "min").unwrap().parse().unwrap(),
            attribute(col, "max").unwrap().parse().unwrap(),
        );
        let width: f64 = attribute(col, "width").unwrap().parse().unwrap();
        widths.resize(widths.len().max(max), 8.43);
        widths[min - 1..max].fill(width);
    }
    let heights: std::collections::HashMap<u32, f64> = tags(xml, "row")
        .into_iter()
        .filter_map(|row| {
            let r: u32 = attribute(row, "r")?.parse().ok()?;
            Some((r - 1, attribute(row, "ht")?.parse().ok()?))
        })
        .collect();
    (widths, move |r| heights.get(&r).copied().unwrap_or(15.0))
}

/// The fewest lines `text` can take in a column `width` units wide: each
/// of its lines, a Han character two units, filled to the last unit.
/// (The program's own estimate, src/xlsx/measure.rs, is stricter.)
fn fewest_lines(text: &str, width: f64) -> usize {
    text.split('\n')
        .map(|line| {
            let units: usize = line.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
            (units as f64 / width).ceil().max(1.0) as usize
        })
        .sum()
}

/// Checks that every text cell of the sheet `name` (from row `from`) has
/// room for its lines: its row, or the rows and columns it is merged
/// across, at least 13.5 points a line of 10.5 pt text (`scale` times that
/// in row 0, the title). Returns how many cells wrap to several lines.
fn check_room(book: &Path, name: &str, from: u32) -> usize {
    let mut workbook: Xlsx<_> = open_workbook(book).unwrap();
    let range = workbook.worksheet_range(name).unwrap();
    let merged = workbook.merge_cells_by_sheet_name(name).unwrap();
    let (widths, height) = sizes(&sheet_xml(book, name));
    let mut wrapped = 0;
    for (r, c, cell) in range.used_cells() {
        let (r, c) = (r as u32, c as u32);
        let Data::String(text) = cell else { continue };
        if r < from {
            continue;
        }
        let (end_r, end_c) = merged.iter().find(|m| m.start == (r, c)).map_or((r, c), |m| (m.end.0, m.end.1));
        let width: f64 = (c..=end_c).map(|c| widths[c as usize]).sum();
        if width == 0.0 {
            // A hidden column (the rows' ids): nobody reads it.
            continue;
        }
        let room: f64 = (r..=end_r).map(&height).sum();
        let scale = if r == 0 { 14.0 / 10.5 } else { 1.0 };
        let lines = fewest_lines(text, width / scale);
        assert!(
            room >= lines as f64 * 13.5 * scale,
            "{name} row {} column {}: {lines} lines of {text:?} in {room} points",
            r + 1,
            c + 1
        );
        wrapped += usize::from(lines > 1);
    }
    wrapped
}

#[test]
fn every_row_is_tall_enough_for_its_wrapped_text() {
    let out = scratch("xlsx-heights").join("成员单位.xlsx");
    assert!(export(&example(), &out, &[]).status.success());
    let mut wrapped = 0;
    for name in ["五", "表1", "表2", "表3", "表4", "表5"] {
        wrapped += check_room(&out, name, 0);
    }
    // The example's long texts (五's 作用, 表2's 效益) do wrap.
    assert!(wrapped > 20, "{wrapped} cells wrap");
    // Nor is the room bought with one line to a column: the table's
    // columns of text stay as wide as a few words.
    // (The last column is hidden: the rows' ids.)
    let (widths, _) = sizes(&sheet_xml(&out, "五"));
    assert!(widths.iter().skip(1).filter(|w| **w > 0.0).all(|w| *w >= 10.0), "{widths:?}");
    let (widths, _) = sizes(&sheet_xml(&out, "表1"));
    assert!(widths.iter().sum::<f64>() < 200.0, "表1 prints too small: {widths:?}");
}

#[test]
fn the_instructions_print_on_a4_one_page_wide_and_every_line_fits() {
    let out = scratch("xlsx-instructions").join("成员单位.xlsx");
    assert!(export(&example(), &out, &[]).status.success());
    let xml = sheet_xml(&out, "填写说明");
    let setup = tags(&xml, "pageSetup")[0];
    assert_eq!(attribute(setup, "paperSize"), Some("9"), "{setup}");
    assert_eq!(attribute(setup, "orientation"), Some("portrait"), "{setup}");
    assert!(attribute(setup, "fitToWidth").is_none_or(|w| w == "1"), "{setup}");
    assert_eq!(attribute(setup, "fitToHeight"), Some("0"), "{setup}");
    assert!(xml.contains("<pageSetUpPr fitToPage=\"1\"/>"), "fit to pages is on");
    // The column fits between the margins without shrinking: Excel's
    // width of n units is 7n + 5 pixels at 96 per inch.
    let margins = tags(&xml, "pageMargins")[0];
    let margin = |side| attribute(margins, side).unwrap().parse::<f64>().unwrap();
    let page = (8.27 - margin("left") - margin("right")) * 96.0;
    let (widths, _) = sizes(&xml);
    assert!(widths[0] * 7.0 + 5.0 <= page, "{} units on {page} pixels", widths[0]);
    assert!(check_room(&out, "填写说明", 0) > 0);
    // Every cell wraps inside the column rather than run over the page.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut styles = String::new();
    zip.by_name("xl/styles.xml").unwrap().read_to_string(&mut styles).unwrap();
    let xfs = styles.split("<cellXfs").nth(1).unwrap().split("</cellXfs>").next().unwrap();
    let xfs: Vec<&str> = xfs.split("<xf ").skip(1).collect();
    for cell in tags(&xml, "c").into_iter().filter(|c| c.contains("t=\"s\"")) {
        let style: usize = attribute(cell, "s").unwrap_or("0").parse().unwrap();
        assert!(xfs[style].contains("wrapText=\"1\""), "{cell}: {}", xfs[style]);
    }
}

#[test]
fn no_message_of_the_workbook_speaks_yaml() {
    let out = scratch("xlsx-tips").join("成员单位.xlsx");
    assert!(export(&example(), &out, &[]).status.success());
    let yaml = ["- ", "[", "]", "&quot;", "加引号", "每行一个", "YAML", "yaml"];
    let mut prompts = 0;
    for name in ["五", "表1", "表2", "表3", "表4", "表5"] {
        let xml = sheet_xml(&out, name);
        for validation in tags(&xml, "dataValidation") {
            for said in ["prompt", "error"].iter().filter_map(|a| attribute(validation, a)) {
                prompts += 1;
                for word in yaml {
                    assert!(!said.contains(word), "{name}: {said}");
                }
            }
        }
    }
    assert!(prompts > 40, "{prompts} messages");
    // The tips of lists say how a spreadsheet holds several names.
    let xml = sheet_xml(&out, "表1");
    assert!(xml.contains("几个单位之间用顿号“、”隔开"), "主要合作单位's tip");
    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    let range = book.worksheet_range("填写说明").unwrap();
    for cell in range.used_cells() {
        let said = text(Some(cell.2));
        for word in ["[", "]", "\"", "加引号", "YAML", "yaml", ".yaml"] {
            assert!(!said.contains(word), "填写说明: {said}");
        }
    }
}

/// The names of the rows of the YAML file `file` of the example that
/// mention `unit`, a row being the lines from one `  - ` to the next. (The
/// example names a unit only in the fields of its roles: 牵头单位, 主要
/// 合作单位, 转化应用单位, 主要完成人单位, 主办单位, 建设单位, and 五's
/// own name.)
fn rows_naming(file: &str, unit: &str) -> Vec<String> {
    let yaml = std::fs::read_to_string(example().join(file)).unwrap();
    let mut rows: Vec<String> = Vec::new();
    for line in yaml.lines() {
        if line.starts_with("  - ") {
            rows.push(String::new());
        }
        if let Some(row) = rows.last_mut() {
            row.push_str(line);
            row.push('\n');
        }
    }
    let name = |row: &str| {
        let first = row.lines().next().unwrap().trim_start_matches("  - name:");
        first.split(" #").next().unwrap().trim().to_owned()
    };
    rows.iter().filter(|row| row.contains(unit)).map(|row| name(row)).collect()
}

/// The names (column B) of the filled rows of sheet `name`.
fn sheet_rows(book: &Path, name: &str) -> Vec<String> {
    let mut workbook: Xlsx<_> = open_workbook(book).unwrap();
    let range = workbook.worksheet_range(name).unwrap();
    range
        .rows()
        .filter(|r| matches!(r.first(), Some(Data::Float(_) | Data::Int(_))))
        .map(|r| text(r.get(1)))
        .collect()
}

#[test]
fn a_members_workbook_has_every_row_it_is_named_in_in_any_role() {
    let unit = "汾河工业大学";
    let out = scratch("xlsx-member-roles").join("member.xlsx");
    let output = export(&example(), &out, &["--member", unit]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let files = [
        ("五", "members.yaml"),
        ("表1", "tables/projects.yaml"),
        ("表2", "tables/transfers.yaml"),
        ("表3", "tables/achievements.yaml"),
        ("表4", "tables/events.yaml"),
        ("表5", "tables/platforms.yaml"),
    ];
    let mut total = 0;
    for (sheet, file) in files {
        let expected = rows_naming(file, unit);
        assert_eq!(sheet_rows(&out, sheet), expected, "{sheet}");
        total += expected.len();
    }
    // A partner of four projects besides the one it leads, 主办单位 and
    // 建设单位 among others: the roles the old lookup missed.
    assert!(rows_naming("tables/projects.yaml", unit).len() >= 5);
    assert!(!rows_naming("tables/events.yaml", unit).is_empty());
    assert!(!rows_naming("tables/platforms.yaml", unit).is_empty());
    assert!(total >= 12, "{total}");

    // A unit the tables do not name (a new member) gets its own row of
    // 五 and no row of any other unit; nor does a name inside another
    // unit's name (汾河工业 in 汾河工业大学) count.
    let dir = scratch("xlsx-member-none");
    copy_dir(&example(), &dir.join("report"));
    let members = dir.join("report/members.yaml");
    let yaml = std::fs::read_to_string(&members).unwrap();
    let at = yaml.find("  - name: 汾河工业大学").unwrap();
    let end = yaml[at + 4..].find("  - ").map_or(yaml.len(), |e| at + 4 + e);
    let copy = yaml[at..end].replacen("汾河工业大学", "汾河工业", 1);
    std::fs::write(&members, format!("{}{copy}{}", &yaml[..end], &yaml[end..])).unwrap();
    let output = export(&dir.join("report"), &out, &["--member", "汾河工业"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(sheet_rows(&out, "五"), ["汾河工业"]);
    for (sheet, _) in &files[1..] {
        assert_eq!(sheet_rows(&out, sheet), Vec::<String>::new(), "{sheet}");
    }
}
