//! `xlsx import` of workbooks that members edited while the secretariat
//! went on editing the report: the three-way merge with the record each
//! exported workbook carries. The workbooks are the example's export,
//! edited by openpyxl as a member edits it in Excel
//! (`tools/make-merge-fixtures.sh`), and saved by LibreOffice as xls and
//! ods (`tools/make-workbook-fixtures.sh`).

use super::*;

fn book(name: &str) -> PathBuf {
    fixture("workbooks/merge").join(name)
}

/// A copy of the example, to import into.
fn report(name: &str) -> PathBuf {
    let dir = scratch(name).join("report");
    copy_dir(&example(), &dir);
    dir
}

fn import(book: &Path, report: &Path, extra: &[&str]) -> (Option<i32>, String, String) {
    let mut args: Vec<&std::ffi::OsStr> =
        vec!["xlsx".as_ref(), "import".as_ref(), book.as_os_str(), report.as_os_str()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    let output = run(&args);
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn projects(report: &Path) -> String {
    std::fs::read_to_string(report.join("tables/projects.yaml")).unwrap()
}

fn tables(dir: &Path) -> String {
    alliance_report::form::TABLES.iter().map(|t| std::fs::read_to_string(dir.join(t.file)).unwrap()).collect()
}

/// The secretariat corrects 总投入 of a project from 260 to 265 after the
/// export, with a comment saying why.
fn correct(report: &Path) {
    let text = projects(report);
    let at = text.find("煤沥青分子结构调控").unwrap();
    let line = at + text[at..].find("    total_investment: 260").unwrap();
    let end = line + text[line..].find('\n').unwrap();
    let corrected = format!("{}    total_investment: 265  # 按决算更正{}", &text[..line], &text[end..]);
    std::fs::write(report.join("tables/projects.yaml"), corrected).unwrap();
}

#[test]
fn a_stale_workbook_never_overwrites_a_newer_correction() {
    let dir = report("merge-stale");
    let untouched = dir.with_file_name("成员.xlsx");
    let exported = run(&[
        "xlsx".as_ref(),
        "export".as_ref(),
        example().as_os_str(),
        "-o".as_ref(),
        untouched.as_os_str(),
    ]);
    assert!(exported.status.success());
    correct(&dir);
    let before = tables(&dir);
    // The member changed nothing: the correction stays.
    let (code, _, said) = import(&untouched, &dir, &[]);
    assert_eq!(code, Some(0), "{said}");
    assert!(said.contains("没有需要修改的"), "{said}");
    assert_eq!(tables(&dir), before);

    // The member changed it too, to 270: a conflict, nothing written; the
    // message names the cell, the YAML line and the three values.
    let (code, _, said) = import(&book("changed-260.xlsx"), &dir, &[]);
    assert_eq!(code, Some(1), "{said}");
    assert!(said.contains("changed-260.xlsx 表1!I5"), "{said}");
    for part in [
        "导出时是“260”",
        "工作簿中改成“270”",
        "报告中现在是“265”",
        "tables/projects.yaml 第 34 行",
        "--prefer",
    ] {
        assert!(said.contains(part), "{part}: {said}");
    }
    assert_eq!(tables(&dir), before);
    // A side chosen: the report's keeps everything; the workbook's takes
    // its value, the comment stays.
    let (code, _, said) = import(&book("changed-260.xlsx"), &dir, &["--prefer", "report"]);
    assert_eq!(code, Some(0), "{said}");
    assert_eq!(tables(&dir), before);
    let (code, _, said) = import(&book("changed-260.xlsx"), &dir, &["--prefer", "workbook"]);
    assert_eq!(code, Some(0), "{said}");
    assert!(projects(&dir).contains("    total_investment: 270  # 按决算更正\n"), "{}", projects(&dir));
}

#[test]
fn a_change_in_the_workbook_alone_is_taken() {
    let dir = report("merge-taken");
    let (code, shown, said) = import(&book("changed-260.xlsx"), &dir, &[]);
    assert_eq!(code, Some(0), "{said}");
    assert!(shown.contains("260") && shown.contains("270"), "{shown}");
    let text = projects(&dir);
    assert_eq!(text.matches("total_investment: 270").count(), 1);
    assert_eq!(text.lines().count(), projects(&example()).lines().count());
}

#[test]
fn a_renamed_sheet_is_found_by_its_table() {
    let dir = report("merge-renamed-sheet");
    let (code, _, said) = import(&book("renamed-sheet.xlsx"), &dir, &[]);
    assert_eq!(code, Some(0), "{said}");
    assert!(!said.contains("没有需要修改的"), "{said}");
    assert!(projects(&dir).contains("public_funds: 990"), "{}", projects(&dir));
}

#[test]
fn a_corrected_name_updates_its_row_and_a_copied_row_is_a_new_one() {
    let dir = report("merge-renamed-row");
    let (code, _, said) = import(&book("renamed-row.xlsx"), &dir, &[]);
    assert_eq!(code, Some(0), "{said}");
    let text = projects(&dir);
    assert!(text.contains("- name: 煤基高性能碳纤维原丝制备关键技术及产业化示范"), "{text}");
    assert!(!text.contains("- name: 煤基高性能碳纤维原丝制备关键技术及示范 "));
    assert_eq!(text.matches("\n  - name: ").count(), projects(&example()).matches("\n  - name: ").count());
    // The comments of the renamed line stay.
    assert!(
        text.contains("示范      # 项目名称")
            || text.contains("示范 # 项目名称")
            || text.contains("# 项目名称")
    );
    let events = std::fs::read_to_string(dir.join("tables/events.yaml")).unwrap();
    let before = std::fs::read_to_string(example().join("tables/events.yaml")).unwrap();
    assert!(events.contains("复制后改名的活动"), "{events}");
    assert_eq!(events.matches("- name: ").count(), before.matches("- name: ").count() + 1);
    assert!(said.contains("复制"), "{said}");
}

#[test]
fn a_row_the_member_deleted_goes_first_in_the_preview_and_sorting_changes_nothing() {
    let dir = report("merge-deleted");
    let (code, shown, said) = import(&book("deleted-row.xlsx"), &dir, &["--dry-run"]);
    assert_eq!(code, Some(0), "{said}");
    assert!(shown.starts_with("## 将删除的行\n\n- 表1“中间相沥青基针状焦制备技术开发及产业化”"), "{shown}");
    assert!(said.contains("删除 1 行"), "{said}");
    let (code, _, said) = import(&book("deleted-row.xlsx"), &dir, &[]);
    assert_eq!(code, Some(0), "{said}");
    assert!(!projects(&dir).contains("中间相沥青基针状焦制备技术开发及产业化"));
    // 表3's rows were sorted in the workbook: the file is as it was.
    let achievements = |d: &Path| std::fs::read_to_string(d.join("tables/achievements.yaml")).unwrap();
    assert_eq!(achievements(&dir), achievements(&example()));
}

#[test]
fn new_rows_are_judged_at_their_own_cells_in_the_workbooks_terms() {
    let dir = report("merge-new-rows");
    let before = tables(&dir);
    let (code, out, said) = import(&book("new-rows.xlsx"), &dir, &["--format", "json"]);
    assert_eq!(code, Some(1), "{said}");
    let all: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let problems: Vec<(String, String, String, String)> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let text = |k: &str| d[k].as_str().unwrap_or_default().to_owned();
            (text("sheet"), text("cell"), text("message"), text("hint"))
        })
        .collect();
    // The near-duplicate name names both.
    assert!(
        problems.iter().any(|(_, _, m, _)| m.contains("煤基高性能碳纤维原丝制备关键技术及示范工程")
            && m.contains("煤基高性能碳纤维原丝制备关键技术及示范”")),
        "{problems:#?}"
    );
    // The row with a name and a lead unit only: each empty cell is named
    // at its own cell, and nothing speaks YAML.
    let row = problems
        .iter()
        .find(|(_, _, m, _)| m.contains("立项时间"))
        .unwrap_or_else(|| panic!("{problems:#?}"))
        .1
        .trim_start_matches(char::is_alphabetic)
        .to_owned();
    let missing: Vec<&(String, String, String, String)> =
        problems.iter().filter(|(_, c, m, _)| c.ends_with(&row) && m.contains("没有填写")).collect();
    let cells: Vec<&str> = missing.iter().map(|p| p.1.as_str()).collect();
    assert_eq!(cells.len(), 6, "{missing:#?}");
    let mut unique = cells.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 6, "each at its own cell: {cells:?}");
    for (_, _, message, hint) in &problems {
        for yaml in ["加一行", ": …", "started", "- 单位", "[", "加引号"] {
            assert!(!hint.contains(yaml) && !message.contains(yaml), "{yaml}: {message} / {hint}");
        }
    }
    // The code Excel rounded: one message, not a second “没有填写”.
    let code_cell: Vec<&(String, String, String, String)> =
        problems.iter().filter(|(s, _, m, _)| s == "五" && m.contains("法人代码")).collect();
    assert_eq!(code_cell.len(), 1, "{code_cell:#?}");
    assert_eq!(tables(&dir), before);
}

/// A member opens the workbook, changes nothing and saves it as xls or ods
/// (or as WPS's .et, which is xls inside): nothing changes, although xls
/// and ods keep no year-month formats.
#[test]
fn untouched_xls_and_ods_saves_change_nothing() {
    for file in ["libreoffice.xls", "libreoffice.ods", "libreoffice.xlsx", "wps.et"] {
        let dir = report(&format!("merge-untouched-{file}"));
        let before = tables(&dir);
        let book = dir.with_file_name(file);
        std::fs::copy(fixture("workbooks").join(file.replace("wps.et", "libreoffice.xls")), &book).unwrap();
        let (code, shown, said) = import(&book, &dir, &[]);
        assert_eq!(code, Some(0), "{file}: {said}");
        assert!(said.contains("没有需要修改的"), "{file}: {shown}\n{said}");
        assert!(!said.contains("没有导出时的记录"), "{file} keeps its record: {said}");
        assert_eq!(tables(&dir), before, "{file}");
    }
}

/// The edited report is checked in memory: nothing of it is copied to the
/// temporary folder, so an interrupted import leaves no copy behind. The
/// temporary folder named here does not exist: an import that made a
/// scratch copy there would fail.
#[test]
fn an_import_copies_nothing_of_the_report_out_of_its_folder() {
    let dir = report("merge-no-copy");
    let temp = dir.with_file_name("no-such-temp");
    for extra in [&["--dry-run"][..], &[][..]] {
        let mut args: Vec<&std::ffi::OsStr> = vec![
            "xlsx".as_ref(),
            "import".as_ref(),
            book("changed-260.xlsx").into_os_string().leak(),
            dir.as_os_str(),
        ];
        args.extend(extra.iter().map(std::ffi::OsStr::new));
        let output = Command::new(env!("CARGO_BIN_EXE_alliance-report"))
            .args(&args)
            .env("TMPDIR", &temp)
            .env("TEMP", &temp)
            .env("TMP", &temp)
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{said}");
        assert!(!said.contains("临时"), "{said}");
        assert!(!temp.exists());
    }
    assert!(projects(&dir).contains("total_investment: 270"));
}
