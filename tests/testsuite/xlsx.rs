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
    assert_eq!(book.sheet_names(), ["填写说明", "五", "表1", "表2", "表3", "表4", "表5"]);

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
