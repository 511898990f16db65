//! `alliance-report check`: each rule of the form breaks a copy of the
//! example report in one place, and the exact human-format output is a
//! snapshot (tests/testsuite/snapshots/testsuite__check__*.snap).

use super::*;

/// One way to break the example: in `file`, replace `from` with `to`
/// (every occurrence when `all`).
struct Edit {
    file: &'static str,
    from: &'static str,
    to: &'static str,
    all: bool,
}

const fn edit(file: &'static str, from: &'static str, to: &'static str) -> Edit {
    Edit { file, from, to, all: false }
}

/// A copy of the example with `edits` applied.
fn broken_example(name: &str, edits: &[Edit]) -> PathBuf {
    let dir = scratch(&format!("check-{name}"));
    copy_dir(&example(), &dir);
    for e in edits {
        let path = dir.join(e.file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(e.from), "{}: “{}” not found; the example changed", e.file, e.from);
        let text = if e.all { text.replace(e.from, e.to) } else { text.replacen(e.from, e.to, 1) };
        std::fs::write(&path, text).unwrap();
    }
    dir
}

/// Runs `check` on `dir` and returns (exit code, stderr).
fn check(dir: &Path, extra: &[&str]) -> (Option<i32>, String, String) {
    let mut args: Vec<&std::ffi::OsStr> = vec!["check".as_ref(), dir.as_os_str()];
    args.extend(extra.iter().map(|a| std::ffi::OsStr::new(*a)));
    let output = run(&args);
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Breaks the example with `edits`, checks it, and snapshots what a person
/// reads; returns the output for further assertions.
fn case(name: &str, edits: &[Edit], expected_code: i32) -> String {
    case_with(name, edits, |_| {}, expected_code)
}

/// [`case`], with `setup` changing the copy's files before the check.
fn case_with(name: &str, edits: &[Edit], setup: impl FnOnce(&Path), expected_code: i32) -> String {
    let dir = broken_example(name, edits);
    setup(&dir);
    let (code, _, stderr) = check(&dir, &[]);
    assert_eq!(code, Some(expected_code), "{stderr}");
    insta::assert_snapshot!(name, stderr);
    stderr
}

#[test]
fn the_example_passes_with_no_diagnostics() {
    let (code, stdout, stderr) = check(&example(), &["--deny-warnings"]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert_eq!(stderr.trim(), "检查通过，没有发现问题。");
}

#[test]
fn yaml_syntax_error() {
    case("yaml_syntax_error", &[edit("report.yaml", "  contact: 刘晓燕", "  contact: 刘晓燕: 主任")], 1);
}

#[test]
fn wrong_structure() {
    case("wrong_structure", &[edit("report.yaml", "  contact: 刘晓燕", "  contact: [刘晓燕")], 1);
}

#[test]
fn unknown_key_names_the_closest_one() {
    let out = case("unknown_key", &[edit("report.yaml", "  level: 省级", "  levle: 省级")], 1);
    assert!(out.contains("report.yaml:50:3") && out.contains("“level”"), "{out}");
}

#[test]
fn an_invisible_character_in_a_value_is_named_at_its_column() {
    // Pasted from a web page: a zero-width space in a date, a soft hyphen
    // in an amount, a zero-width space in a credit code.
    let dir = broken_example(
        "invisible",
        &[
            edit("report.yaml", "recognized_on: 2019-11-20", "recognized_on: 2019-11\u{200b}-20"),
            edit("report.yaml", "annual_budget: 85", "annual_budget: 8\u{ad}5"),
            edit("members.yaml", "\"91140110589727658L\"", "\"911401105897\u{200b}27658L\""),
        ],
    );
    let (code, _, stderr) = check(&dir, &[]);
    assert_eq!(code, Some(1), "{stderr}");
    for (shown, place) in [
        ("“2019-11⟨U+200B 零宽空格⟩-20”", "report.yaml:49:25"),
        ("“8⟨U+00AD 软连字符⟩5”", "report.yaml:61:19"),
        ("第 13 位是“⟨U+200B 零宽空格⟩”", "members.yaml:17:24"),
    ] {
        let at = stderr.find(shown).unwrap_or_else(|| panic!("{shown} not shown: {stderr}"));
        assert!(
            stderr[at..].lines().nth(1).is_some_and(|l| l.ends_with(place)),
            "{shown} not at {place}: {stderr}"
        );
    }
    assert!(stderr.contains("删去看不见的字符⟨U+200B 零宽空格⟩"), "{stderr}");
    assert!(!stderr.lines().filter(|l| l.starts_with("错误")).any(|l| l.contains('\u{200b}')), "{stderr}");
}

#[test]
fn wrong_type() {
    case("wrong_type", &[edit("report.yaml", "  secretariat_staff: 6 ", "  secretariat_staff: 六 ")], 1);
}

#[test]
fn duplicate_key() {
    case("duplicate_key", &[edit("members.yaml", "    type: 企业", "    type: 企业\n    type: 大学")], 1);
}

#[test]
fn several_errors_in_one_file_are_all_reported() {
    let out = case(
        "several_errors",
        &[
            edit("report.yaml", "  level: 省级", "  levle: 省级"),
            edit("report.yaml", "  research_reports: 6 ", "  research_reports: 六 "),
            edit("report.yaml", "  chairman: 王建国", "  chairman:"),
        ],
        1,
    );
    assert!(out.contains("共 3 处错误"), "{out}");
}

#[test]
fn missing_required_field() {
    case("missing_field", &[edit("report.yaml", "  chairman: 王建国", "")], 1);
}

#[test]
fn blank_cell_and_none_where_not_allowed() {
    case(
        "blank_cell",
        &[
            edit("report.yaml", "  contact: 刘晓燕", "  contact:"),
            edit("members.yaml", "    role: ", "    role: 无 # "),
        ],
        1,
    );
}

#[test]
fn closed_vocabulary() {
    let out =
        case("vocabulary", &[edit("tables/projects.yaml", "source: 国家级项目", "source: 国家项目")], 1);
    assert!(out.contains("国家级项目"), "{out}");
}

#[test]
fn unknown_achievement_kind_is_a_warning() {
    let out = case(
        "achievement_kind",
        &[edit("tables/achievements.yaml", "kind: 实用新型专利", "kind: 实用新型")],
        0,
    );
    assert!(out.contains("警告") && out.contains("实用新型专利"), "{out}");
}

#[test]
fn stage_must_fit_the_kind() {
    case("stage", &[edit("tables/achievements.yaml", "stage: 登记", "stage: 授权")], 1);
}

#[test]
fn credit_code_check_character() {
    let members = std::fs::read_to_string(example().join("members.yaml")).unwrap();
    let line = members.lines().find(|l| l.trim_start().starts_with("code:")).unwrap();
    let code = line.split('"').nth(1).unwrap_or_else(|| line.split_whitespace().nth(1).unwrap());
    let last = code.chars().last().unwrap();
    let wrong: String = code.chars().take(17).chain([if last == '0' { '1' } else { '0' }]).collect();
    let wrong: &'static str = Box::leak(wrong.into_boxed_str());
    let code: &'static str = Box::leak(code.to_owned().into_boxed_str());
    let out = case("credit_code", &[edit("members.yaml", code, wrong)], 1);
    assert!(out.contains(&format!("“{last}”")), "the message names the right check character: {out}");
}

#[test]
fn phone_postcode_and_email_formats() {
    case(
        "formats",
        &[
            edit("report.yaml", "\"13935112468\"", "\"1393511246\""),
            edit("report.yaml", "  postcode: \"030025\"", "  postcode: \"03002\""),
            edit("report.yaml", "secretariat@sxmjxcl.example.cn", "secretariat@sxmjxcl"),
        ],
        1,
    );
}

#[test]
fn amounts_with_three_decimals() {
    case(
        "amount",
        &[edit("tables/projects.yaml", "total_investment: 2860", "total_investment: 2860.125")],
        1,
    );
}

#[test]
fn dates_outside_the_window() {
    case(
        "dates",
        &[
            edit("tables/events.yaml", "date: 2024-", "date: 2025-"),
            edit("tables/projects.yaml", "started: 2020-12", "started: 2019-06"),
        ],
        1,
    );
}

#[test]
fn prompt_that_asks_for_each_year_misses_one() {
    let out = case(
        "year_missing",
        &[Edit { file: "sections/innovation.md", from: "2023", to: "上一", all: true }],
        0,
    );
    assert!(out.contains("2023"), "{out}");
}

#[test]
fn summary_figure_that_disagrees_with_the_table() {
    let out = case(
        "summary_mismatch",
        &[edit(
            "report.yaml",
            "  secretariat_staff: 6 ",
            "  projects: {count: 12, funds: 10560, national: {count: 2, public_funds: 1240}, provincial: {count: 5, public_funds: 1600}, municipal: {count: 3, public_funds: 190}}\n  secretariat_staff: 6 ",
        )],
        1,
    );
    assert!(out.contains("12") && out.contains("13"), "{out}");
}

#[test]
fn breakdowns_and_row_sums() {
    case(
        "breakdowns",
        &[
            edit("report.yaml", "    total: 18", "    total: 19"),
            edit("tables/projects.yaml", "public_funds: 980", "public_funds: 2980"),
            edit(
                "tables/projects.yaml",
                "    total_investment: 2860",
                "    partner_count: 4\n    total_investment: 2860",
            ),
        ],
        1,
    );
}

#[test]
fn unanswered_prompt() {
    case("unanswered", &[edit("sections/operation.md", "# （5）存在的问题。", "")], 1);
}

#[test]
fn image_that_does_not_exist() {
    case(
        "missing_image",
        &[edit("sections/results.md", "# （2）", "# （2）\n\n![工艺流程图](images/流程.png)\n")],
        1,
    );
}

#[test]
fn character_without_a_glyph() {
    case("tofu", &[edit("report.yaml", "  chairman: 王建国", "  chairman: 王𱍓国")], 1);
}

#[test]
fn a_character_written_as_a_reference_or_an_escape_is_judged_as_it_prints() {
    let dir = broken_example(
        "tofu-decoded",
        &[
            edit("sections/operation.md", "编制产业研究报告6项。", "编制产业研究报告6项&#x1F600;。"),
            edit("report.yaml", "  chairman: 王建国", "  chairman: \"王\\U0001F642国\""),
        ],
    );
    let (code, _, stderr) = check(&dir, &[]);
    assert_eq!(code, Some(1), "{stderr}");
    let line = std::fs::read_to_string(dir.join("sections/operation.md"))
        .unwrap()
        .lines()
        .position(|l| l.contains("&#x1F600;"))
        .unwrap()
        + 1;
    assert!(stderr.contains("“&#x1F600;”写出的字符“😀”（U+1F600）在所用字体中没有字形"), "{stderr}");
    assert!(stderr.contains(&format!("--> sections/operation.md:{line}:")), "{stderr}");
    assert!(stderr.contains("“\\U0001F642”写出的字符“🙂”（U+1F642）"), "{stderr}");
    assert!(stderr.contains("--> report.yaml:38:"), "{stderr}");
}

#[test]
fn file_that_is_not_utf8() {
    let dir = broken_example("gbk", &[]);
    // "联系人" in GBK, as an old Windows editor saves it.
    let mut bytes = std::fs::read(dir.join("members.yaml")).unwrap();
    bytes.extend_from_slice(b"# \xc1\xaa\xcf\xb5\xc8\xcb\n");
    std::fs::write(dir.join("members.yaml"), bytes).unwrap();
    let (code, _, stderr) = check(&dir, &[]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("GBK"), "{stderr}");
}

#[test]
fn missing_file() {
    let dir = broken_example("missing_file", &[]);
    std::fs::remove_file(dir.join("tables/events.yaml")).unwrap();
    let (code, _, stderr) = check(&dir, &[]);
    assert_eq!(code, Some(1));
    insta::assert_snapshot!("missing_file", stderr);
}

#[test]
fn a_missing_folder_cannot_be_checked() {
    let (code, _, stderr) = check(Path::new("/nonexistent/report"), &[]);
    assert_eq!(code, Some(2), "{stderr}");
}

#[test]
fn json_and_github_formats() {
    let dir = broken_example("formats_out", &[edit("report.yaml", "  level: 省级", "  levle: 省级")]);
    let (code, json, _) = check(&dir, &["--format", "json"]);
    assert_eq!(code, Some(1));
    let parsed: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    let first = &parsed[0];
    assert_eq!(first["severity"], "error");
    assert_eq!(first["file"], "report.yaml");
    assert_eq!(first["line"], 50);
    assert_eq!(first["column"], 3);
    let (_, github, _) = check(&dir, &["--format", "github"]);
    let line = github.lines().next().unwrap();
    assert!(
        line.starts_with("::error file=") && line.contains("report.yaml,line=50,col=3,title=键名::"),
        "{line}"
    );
    assert_eq!(first["rule"], "键名");
}

#[test]
fn warnings_fail_only_when_denied() {
    let dir =
        broken_example("deny", &[edit("tables/achievements.yaml", "kind: 实用新型专利", "kind: 实用新型")]);
    assert_eq!(check(&dir, &[]).0, Some(0));
    assert_eq!(check(&dir, &["--deny-warnings"]).0, Some(1));
}

// --- 九、相关印证材料 ------------------------------------------------------------

const EVIDENCE: &str = "evidence/evidence.yaml";
const CONTRACT: &str = "evidence/5-1-煤矸石陶粒技术转让合同.pdf";

/// A fixture file of tests/testsuite/fixtures/evidence-files.
fn evidence_fixture(name: &str) -> PathBuf {
    fixture("evidence-files").join(name)
}

#[test]
fn evidence_file_missing() {
    let out = case(
        "evidence_missing",
        &[
            // A misspelt name, and a path written relative to evidence/.
            edit(EVIDENCE, "evidence/8-1-联盟协议.pdf", "evidence/8-1-联盟协义.pdf"),
            edit(
                EVIDENCE,
                "[evidence/9-1-会员大会暨理事会会议纪要.pdf]",
                "[9-1-会员大会暨理事会会议纪要.pdf]",
            ),
        ],
        1,
    );
    assert!(out.contains("你是不是想写“evidence/8-1-联盟协议.pdf”"), "{out}");
    assert!(out.contains("你是不是想写“evidence/9-1-会员大会暨理事会会议纪要.pdf”"), "{out}");
}

#[test]
fn evidence_file_outside_the_folder() {
    let out = case_with(
        "evidence_outside",
        &[
            edit(EVIDENCE, "evidence/8-1-联盟协议.pdf", "../outside.pdf"),
            edit(EVIDENCE, "[evidence/9-1-会员大会暨理事会会议纪要.pdf]", "[/etc/passwd, evidence/link.pdf]"),
        ],
        |dir| {
            let outside = dir.parent().unwrap().join("outside.pdf");
            std::fs::copy(dir.join(CONTRACT), &outside).unwrap();
            std::os::unix::fs::symlink(&outside, dir.join("evidence/link.pdf")).unwrap();
        },
        1,
    );
    assert_eq!(out.matches("在报告文件夹之外").count(), 2, "{out}");
}

#[test]
fn evidence_file_unreadable_or_of_another_kind() {
    case_with(
        "evidence_unreadable",
        &[edit(
            EVIDENCE,
            "[evidence/9-1-会员大会暨理事会会议纪要.pdf]",
            "[evidence/纪要.docx, evidence/空文件.pdf, evidence/文件夹.pdf]",
        )],
        |dir| {
            std::fs::write(dir.join("evidence/纪要.docx"), b"PK\x03\x04 word/document.xml").unwrap();
            std::fs::write(dir.join("evidence/空文件.pdf"), b"").unwrap();
            std::fs::create_dir(dir.join("evidence/文件夹.pdf")).unwrap();
        },
        1,
    );
}

#[test]
fn evidence_file_without_read_permission() {
    use std::os::unix::fs::PermissionsExt;
    let dir = broken_example("evidence_permission", &[]);
    let path = dir.join(CONTRACT);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_ok() {
        // root reads any file: the permission cannot be taken away here.
        eprintln!("skipped: running as root");
        return;
    }
    let (code, _, stderr) = check(&dir, &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("无法读取材料文件“evidence/5-1-煤矸石陶粒技术转让合同.pdf”：没有读取权限"),
        "{stderr}"
    );
}

#[test]
fn evidence_pdf_encrypted() {
    case_with(
        "evidence_encrypted",
        &[],
        |dir| {
            std::fs::copy(evidence_fixture("encrypted.pdf"), dir.join(CONTRACT)).unwrap();
        },
        1,
    );
}

#[test]
fn evidence_files_corrupt() {
    case_with(
        "evidence_corrupt",
        &[],
        |dir| {
            // A PDF whose body was lost, and a scan cut off after its header.
            std::fs::write(dir.join(CONTRACT), b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog").unwrap();
            let scan = dir.join("evidence/3-1-工程研究中心认定文件.jpg");
            let bytes = std::fs::read(&scan).unwrap();
            std::fs::write(&scan, &bytes[..600]).unwrap();
        },
        1,
    );
}

#[test]
fn evidence_kind_without_items_or_reason() {
    let out = case(
        "evidence_kinds",
        &[
            // Kind 9 loses its only item; kind 6 says 无 without a reason; kind
            // 8 says 无 although it has an item.
            edit(EVIDENCE, "  - kind: 9\n", "  - kind: 7\n"),
            edit(
                EVIDENCE,
                "#   absent:\n#     - kind: 6\n#       reason: 认定以来联盟成员单位未联合申请知识产权",
                "absent:\n  - kind: 6\n  - kind: 8\n    reason: 协议正在修订",
            ),
        ],
        1,
    );
    assert!(out.contains("第（9）类证明材料“认定以来联盟年会、理事会等会议纪要”没有列出任何材料"), "{out}");
}

#[test]
fn evidence_same_file_twice_is_a_warning() {
    let out = case_with(
        "evidence_duplicate",
        &[edit(
            EVIDENCE,
            "[evidence/9-1-会员大会暨理事会会议纪要.pdf]",
            "[evidence/9-1-会员大会暨理事会会议纪要.pdf, evidence/合同副本.pdf]",
        )],
        |dir| {
            std::fs::copy(dir.join(CONTRACT), dir.join("evidence/合同副本.pdf")).unwrap();
        },
        0,
    );
    assert!(out.contains("与附件 5-1 的“evidence/5-1-煤矸石陶粒技术转让合同.pdf”内容完全相同"), "{out}");
}

#[test]
fn evidence_large_image_is_a_warning() {
    case_with(
        "evidence_large",
        &[edit(
            EVIDENCE,
            "      - evidence/1-1-会场照片.jpg",
            "      - evidence/1-1-会场照片.jpg\n      - evidence/全景照片.png",
        )],
        |dir| {
            std::fs::copy(evidence_fixture("large.png"), dir.join("evidence/全景照片.png")).unwrap();
        },
        0,
    );
}

#[test]
fn evidence_unlisted_file_is_a_warning() {
    case_with(
        "evidence_unlisted",
        &[],
        |dir| {
            std::fs::copy(dir.join(CONTRACT), dir.join("evidence/5-3-补充协议.pdf")).unwrap();
        },
        0,
    );
}

#[test]
fn evidence_supports_what_the_report_has() {
    let out = case(
        "evidence_supports",
        &[
            edit(
                EVIDENCE,
                "[表4 第三届全国煤基炭材料创新发展研讨会]",
                "[表4 第三届全国煤基碳材料创新发展研讨会, 表4 第9行, 表6 第1行]",
            ),
            edit(EVIDENCE, "[二（1）]", "[二（6）, 九, 五]"),
        ],
        1,
    );
    assert!(out.contains("你是不是想写“第三届全国煤基炭材料创新发展研讨会”"), "{out}");
}

/// A report kept in `repo/report/`: annotations name `report/…` from the
/// repository root, whether `check` runs there or inside the report, and
/// GitHub sees the errors before the warnings.
#[test]
fn github_paths_are_relative_to_the_repository_root() {
    let repo = scratch("github-subfolder");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    let report = repo.join("report");
    let init = run(&["init".as_ref(), report.as_os_str()]);
    assert_eq!(init.status.code(), Some(0), "{}", String::from_utf8_lossy(&init.stderr));
    // A file no item lists: a warning, which sorts after `evidence.yaml`'s
    // errors by file but must come after every error.
    std::fs::copy(example().join("evidence/1-1-大会通知议程及签到表.pdf"), report.join("evidence/extra.pdf"))
        .unwrap();
    let github = |cwd: &Path, dir: &str| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_alliance-report"))
            .args(["check", dir, "--format", "github"])
            .current_dir(cwd)
            .env_remove("GITHUB_WORKSPACE")
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        String::from_utf8(output.stdout).unwrap()
    };
    let from_root = github(&repo, "report");
    let from_inside = github(&report, ".");
    assert_eq!(from_root, from_inside);
    let kinds: Vec<&str> = from_root.lines().map(|l| l.split(' ').next().unwrap()).collect();
    assert!(kinds.contains(&"::error") && kinds.contains(&"::warning"), "{from_root}");
    assert!(kinds.is_sorted_by_key(|k| *k != "::error"), "errors first:\n{from_root}");
    for line in from_root.lines() {
        assert!(line.contains(" file=report/") && !line.contains("./"), "{line}");
        let title = line.split_once(",title=").map(|(_, t)| t.split("::").next().unwrap());
        assert!(title.is_some_and(|t| !t.is_empty()), "{line}");
    }
    // Titles are the rules' names: an empty required field, an unlisted file.
    assert!(from_root.contains(",title=不得空缺::"), "{from_root}");
    assert!(from_root.contains(",title=印证材料::"), "{from_root}");
}

/// A check that cannot run (exit 2) still speaks each machine format.
#[test]
fn a_check_that_cannot_run_still_writes_its_format() {
    let missing = scratch("cannot-run").join("no-such-report");
    let (code, json, _) = check(&missing, &["--format", "json"]);
    assert_eq!(code, Some(2));
    let parsed: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(parsed[0]["severity"], "error");
    assert!(parsed[0]["message"].as_str().unwrap().contains("no-such-report"), "{json}");
    let (code, github, _) = check(&missing, &["--format", "github"]);
    assert_eq!(code, Some(2));
    assert_eq!(github.lines().count(), 1, "{github}");
    assert!(github.starts_with("::error title="), "{github}");
}

/// With `GITHUB_STEP_SUMMARY` set, the step summary lists every problem
/// of a fresh `init`, as many as `--format json` gives, counts on top.
#[test]
fn the_step_summary_lists_every_problem() {
    let dir = scratch("step-summary");
    let report = dir.join("report");
    assert_eq!(run(&["init".as_ref(), report.as_os_str()]).status.code(), Some(0));
    let (_, json, _) = check(&report, &["--format", "json"]);
    let problems = serde_json::from_str::<serde_json::Value>(&json).unwrap().as_array().unwrap().len();
    assert!(problems > 20, "{problems}");
    let summary = dir.join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_alliance-report"))
        .args(["check".as_ref(), report.as_os_str(), "--format".as_ref(), "github".as_ref()])
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let annotations = String::from_utf8(output.stdout).unwrap().lines().count();
    assert_eq!(annotations, problems);
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(text.starts_with("earlier step\n## 报告检查："), "appended:\n{text}");
    assert!(text.contains(&format!("{problems} 处错误，0 处警告")), "{text}");
    let rows = text.lines().filter(|l| l.starts_with("| `")).count();
    assert_eq!(rows, problems, "{text}");
    assert!(text.lines().filter(|l| l.starts_with("| `")).all(|l| l.matches(" | ").count() == 3), "{text}");
}
