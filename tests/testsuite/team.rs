//! Working as a team: `init` makes a folder that `check` walks through
//! field by field and that builds once filled; `schema` keeps the committed
//! schemas in step with the loader's types; builds are reproducible.

use alliance_report::schema;
use serde_json::Value;

use super::*;

fn init(dir: &Path) -> Output {
    run(&["init".as_ref(), dir.as_os_str()])
}

#[test]
fn init_then_check_lists_exactly_the_empty_required_fields() {
    let dir = scratch("init-empty").join("新报告");
    let output = init(&dir);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    for file in
        [".gitignore", ".github/workflows/report.yml", "schemas/report.schema.json", "sections/results.md"]
    {
        assert!(dir.join(file).is_file(), "{file} missing");
    }
    let output = run(&["check".as_ref(), dir.as_os_str()]);
    assert_eq!(output.status.code(), Some(1));
    // The messages with their places, without the quoted lines: one per
    // empty required field, nothing else (no unknown key, no wrong type).
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut lines = Vec::new();
    let mut message = "";
    for line in stderr.lines() {
        if line.starts_with("错误：") || line.starts_with("警告：") {
            message = line;
        } else if let Some(place) = line.trim_start().strip_prefix("--> ") {
            lines.push(format!("{place}  {message}"));
        }
    }
    assert!(!stderr.contains("警告："), "{stderr}");
    insta::assert_snapshot!("init_then_check", lines.join("\n"));
}

#[test]
fn init_refuses_to_overwrite() {
    let dir = scratch("init-twice");
    assert!(init(&dir).status.success());
    std::fs::write(dir.join("report.yaml"), "# 已填写的内容\n").unwrap();
    let output = init(&dir);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("为免覆盖，什么也没有写") && stderr.contains("report.yaml"), "{stderr}");
    assert_eq!(std::fs::read_to_string(dir.join("report.yaml")).unwrap(), "# 已填写的内容\n");
}

/// The YAML blocks of `text` by key path: each key line with the more
/// indented lines below it.
fn blocks(text: &str) -> Vec<(String, Vec<&str>)> {
    let mut blocks: Vec<(String, Vec<&str>)> = Vec::new();
    let mut path: Vec<(usize, String)> = Vec::new();
    for line in text.lines() {
        let indent = line.len() - line.trim_start().len();
        let trimmed = line.trim_start();
        let key = trimmed.split_once(':').map(|(k, _)| k).filter(|k| {
            !trimmed.starts_with('#')
                && !k.is_empty()
                && k.chars().all(|c| c.is_ascii_lowercase() || c == '_')
        });
        match key {
            Some(key) => {
                path.retain(|(i, _)| *i < indent);
                path.push((indent, key.to_owned()));
                let name = path.iter().map(|(_, k)| k.as_str()).collect::<Vec<_>>().join(".");
                blocks.push((name, vec![line]));
            }
            None => {
                if let Some((_, lines)) = blocks.last_mut()
                    && (indent > path.last().map_or(0, |(i, _)| *i) || trimmed.is_empty())
                {
                    lines.push(line);
                }
            }
        }
    }
    blocks
}

#[test]
fn init_filled_with_the_example_data_builds() {
    let dir = scratch("init-filled").join("report");
    assert!(init(&dir).status.success());
    // report.yaml: every key of the template gets the example's value (the
    // example's lines for that key); a key the template lacks would stay
    // empty and fail the check.
    let template = std::fs::read_to_string(dir.join("report.yaml")).unwrap();
    let example_yaml = std::fs::read_to_string(example().join("report.yaml")).unwrap();
    let (ours, theirs) = (blocks(&template), blocks(&example_yaml));
    let mut filled = String::new();
    let mut emit = |lines: &[&str]| lines.iter().for_each(|l| filled.push_str(&format!("{l}\n")));
    for (name, lines) in &ours {
        match theirs.iter().find(|(n, _)| n == name) {
            Some((_, example_lines)) => {
                emit(example_lines);
                // Keys the template leaves commented out (the breakdowns).
                for (n, l) in &theirs {
                    let child = n.rsplit_once('.').is_some_and(|(parent, _)| parent == name);
                    if child && !ours.iter().any(|(o, _)| o == n) {
                        emit(l);
                    }
                }
            }
            None => emit(lines),
        }
    }
    std::fs::write(dir.join("report.yaml"), filled).unwrap();
    // The other files: the example's rows, answers and evidence.
    for sub in ["members.yaml", "tables", "sections", "evidence"] {
        let from = example().join(sub);
        if from.is_dir() {
            copy_dir(&from, &dir.join(sub));
        } else {
            std::fs::copy(&from, dir.join(sub)).unwrap();
        }
    }
    let out = dir.parent().unwrap().join("report.pdf");
    build(&dir, &out);
    assert!(pdf_text(&out).contains("山西省煤基新材料产业技术创新战略联盟"));
}

#[test]
fn committed_schemas_are_those_of_the_code() {
    for s in schema::all() {
        let committed =
            std::fs::read_to_string(example().join("schemas").join(s.name)).unwrap_or_else(|_| {
                panic!("example-report/schemas/{} missing: run alliance-report schema example-report", s.name)
            });
        assert!(
            committed == s.json,
            "example-report/schemas/{} is stale: run alliance-report schema example-report",
            s.name
        );
        let yaml = std::fs::read_to_string(example().join(s.yaml)).unwrap();
        assert_eq!(yaml.lines().next(), Some(schema::modeline(s.yaml, s.name).as_str()), "{}", s.yaml);
    }
}

#[test]
fn the_example_is_valid_against_the_schemas_and_mistakes_are_not() {
    for s in schema::all() {
        let schema: Value = serde_json::from_str(&s.json).unwrap();
        let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
        let yaml = std::fs::read_to_string(example().join(s.yaml)).unwrap();
        let problems: Vec<String> =
            validator.iter_errors(&super::agreement::as_json(&yaml)).map(|e| e.to_string()).collect();
        assert!(problems.is_empty(), "{}: {problems:?}", s.yaml);
    }
    let schema: Value = serde_json::from_str(&schema::all()[2].json).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let wrong = super::agreement::as_json("projects:\n  - name: 甲\n    status: 进行中\n    lead: 乙\n");
    let problems: Vec<String> =
        validator.iter_errors(&wrong).map(|e| format!("{}: {e}", e.instance_path())).collect();
    // A wrong value at its place; a wrong key at its row's (`additionalProperties`).
    for (at, what) in [("/projects/0/status", "进行中"), ("/projects/0", "'lead'")] {
        assert!(
            problems.iter().any(|p| p.starts_with(&format!("{at}: ")) && p.contains(what)),
            "{at} not in {problems:?}"
        );
    }
}

#[test]
fn the_same_sources_give_the_same_bytes_in_any_time_zone() {
    let dir = scratch("reproducible");
    let build_in = |tz: &str, epoch: Option<&str>, out: &str| {
        let out = dir.join(out);
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_alliance-report"));
        command.args(["build".as_ref(), example().as_os_str(), "-o".as_ref(), out.as_os_str()]).env("TZ", tz);
        match epoch {
            Some(e) => command.env("SOURCE_DATE_EPOCH", e),
            None => command.env_remove("SOURCE_DATE_EPOCH"),
        };
        let output = command.output().unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        std::fs::read(out).unwrap()
    };
    let utc = build_in("UTC", None, "utc.pdf");
    let shanghai = build_in("Asia/Shanghai", None, "shanghai.pdf");
    let honolulu = build_in("Pacific/Honolulu", None, "honolulu.pdf");
    assert!(utc == shanghai && utc == honolulu, "the PDF depends on the time zone");
    // SOURCE_DATE_EPOCH sets the metadata's date, the same in every zone.
    let dated = build_in("Asia/Shanghai", Some("1735689600"), "dated.pdf");
    assert!(dated == build_in("UTC", Some("1735689600"), "dated-utc.pdf"));
    assert!(dated != utc);
    let date = pdf::read(&dir.join("dated.pdf")).creation_date();
    assert!(date.as_deref().is_some_and(|d| d.starts_with("2025-01-01T00:00:00")), "{date:?}");
}

#[test]
fn watch_rebuilds_after_a_save_and_keeps_the_last_good_pdf() {
    let dir = scratch("watch");
    let report = dir.join("report");
    copy_dir(&example(), &report);
    let out = dir.join("report.pdf");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_alliance-report"))
        .args(["watch".as_ref(), report.as_os_str(), "-o".as_ref(), out.as_os_str()])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Waits (up to a minute) until the PDF's text satisfies `done`.
    let wait_for = |what: &str, done: &dyn Fn(&str) -> bool| {
        for _ in 0..600 {
            if let Ok(data) = std::fs::read(&out)
                && let Ok(pdf) = pdf::parse(data)
                && done(&pdf.squeezed())
            {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("watch did not {what}");
    };
    wait_for("build the first PDF", &|text| text.contains("认定以来，联盟坚持"));
    let section = report.join("sections/operation.md");
    let text = std::fs::read_to_string(&section).unwrap();
    std::fs::write(&section, text.replacen("认定以来，联盟坚持", "认定以来，联盟始终坚持", 1)).unwrap();
    wait_for("rebuild after the save", &|text| text.contains("认定以来，联盟始终坚持"));
    // A save that breaks the report leaves the last good PDF in place.
    let before = std::fs::read(&out).unwrap();
    let yaml = std::fs::read_to_string(report.join("report.yaml")).unwrap();
    std::fs::write(report.join("report.yaml"), yaml.replacen("  chairman: 王建国", "  chairman:", 1))
        .unwrap();
    std::thread::sleep(std::time::Duration::from_secs(3));
    child.kill().unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("“理事长”没有填写") && stderr.contains("PDF 未更新"), "{stderr}");
    assert_eq!(std::fs::read(&out).unwrap(), before);
}

/// A copy of the example at `dir` with a few changes of every kind: a
/// field, a changed row, an added row, a removed row, a paragraph.
fn changed_example(dir: &Path) {
    copy_dir(&example(), dir);
    let edit = |file: &str, from: &str, to: &str| {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    edit("report.yaml", "  chairman: 王建国", "  chairman: 王建华");
    edit("tables/platforms.yaml", "    level: 省级", "    level: 国家级");
    let platforms = std::fs::read_to_string(dir.join("tables/platforms.yaml")).unwrap();
    std::fs::write(
        dir.join("tables/platforms.yaml"),
        platforms
            + "\n  - name: 晋中市新型炭材料中试平台\n    started: 2024-03\n    completed: 2024-11\n    level: 市级\n    builder: 晋中市新材料技术研究院\n",
    )
    .unwrap();
    edit(
        "tables/events.yaml",
        "  - name: 碳纤维及复合材料产学研合作对接会",
        "  - name: 碳纤维及复合材料产学研合作对接会（删除）",
    );
    let events = std::fs::read_to_string(dir.join("tables/events.yaml")).unwrap();
    let start = events.find("  - name: 碳纤维及复合材料产学研合作对接会（删除）").unwrap();
    let end = start + events[start + 10..].find("  - name:").unwrap() + 10;
    std::fs::write(dir.join("tables/events.yaml"), format!("{}{}", &events[..start], &events[end..]))
        .unwrap();
    edit("sections/operation.md", "认定以来，联盟坚持", "认定以来，联盟始终坚持");
}

#[test]
fn diff_of_two_folders() {
    let dir = scratch("diff-folders");
    changed_example(&dir.join("new"));
    let output = run(&["diff".as_ref(), example().as_os_str(), dir.join("new").as_os_str()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    insta::assert_snapshot!("diff_of_two_folders", String::from_utf8_lossy(&output.stdout));
    // --pages: images of the pages that differ, old and new; the summary
    // page (platform counts) is one of them, the cover is not.
    let images = dir.join("pages");
    let output = run(&[
        "diff".as_ref(),
        example().as_os_str(),
        dir.join("new").as_os_str(),
        "--pages".as_ref(),
        images.as_os_str(),
    ]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    for name in ["第3页-旧.png", "第3页-新.png"] {
        assert!(std::fs::read(images.join(name)).unwrap().starts_with(b"\x89PNG"), "{name}");
    }
    assert!(!images.join("第1页-新.png").exists());
    let same = run(&["diff".as_ref(), example().as_os_str(), example().as_os_str()]);
    assert_eq!(String::from_utf8_lossy(&same.stdout), "## 报告的变化\n\n报告内容没有变化。\n");
}

#[test]
fn diff_of_two_git_revisions() {
    let repo = scratch("diff-git");
    let git = |args: &[&str]| {
        let output = std::process::Command::new("git")
            .arg("-C")
            .arg(&repo)
            .args(["-c", "user.name=测试", "-c", "user.email=test@example.invalid"])
            .args(args)
            .output()
            .expect("git runs");
        assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    };
    git(&["init", "-q", "-b", "main"]);
    copy_dir(&example(), &repo.join("report"));
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "报告初稿"]);
    git(&["checkout", "-q", "-b", "edit"]);
    std::fs::remove_dir_all(repo.join("report")).unwrap();
    changed_example(&repo.join("report"));
    git(&["commit", "-q", "-am", "修改"]);
    let output =
        run(&["diff".as_ref(), "--git".as_ref(), "main..edit".as_ref(), repo.join("report").as_os_str()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    // The same changes as between the two folders.
    insta::assert_snapshot!("diff_of_two_folders", String::from_utf8_lossy(&output.stdout));
    let bad =
        run(&["diff".as_ref(), "--git".as_ref(), "main..nowhere".as_ref(), repo.join("report").as_os_str()]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("找不到版本 nowhere"));
}

#[cfg(unix)]
#[test]
fn a_build_with_much_evidence_shows_its_progress_on_a_terminal() {
    use std::io::Read;
    use std::os::fd::{FromRawFd, OwnedFd};
    // The build's standard error is the far end of a pseudo-terminal.
    let (mut controller, terminal) = {
        let (mut controller, mut terminal) = (-1, -1);
        let made = unsafe {
            libc::openpty(
                &mut controller,
                &mut terminal,
                std::ptr::null_mut(),
                std::ptr::null(),
                std::ptr::null(),
            )
        };
        assert_eq!(made, 0, "openpty: {}", std::io::Error::last_os_error());
        unsafe { (std::fs::File::from_raw_fd(controller), OwnedFd::from_raw_fd(terminal)) }
    };
    let out = scratch("progress").join("report.pdf");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_alliance-report"))
        .args(["build".as_ref(), example().as_os_str(), "-o".as_ref(), out.as_os_str()])
        .stderr(std::process::Stdio::from(terminal))
        .spawn()
        .expect("the binary runs");
    // Read while the build runs, so that it never waits on a full terminal;
    // reading ends with an error (EIO) once the child's end is closed.
    let reader = std::thread::spawn(move || {
        let mut shown = Vec::new();
        let mut buffer = [0; 4096];
        while let Ok(n @ 1..) = controller.read(&mut buffer) {
            shown.extend_from_slice(&buffer[..n]);
        }
        shown
    });
    let status = child.wait().unwrap();
    drop(child);
    let shown = reader.join().unwrap();
    let shown = String::from_utf8_lossy(&shown);
    assert!(status.success(), "{shown}");
    let pages = pdf::read(&out).pages.len();
    let export = format!("[■■□] 2/3 导出 PDF（{pages} 页）");
    for step in ["[■□□] 1/3 排版（含印证材料 62 页）", export.as_str(), "[■■■] 3/3 写入"]
    {
        assert!(shown.contains(step), "{step} not in {shown:?}");
    }
    // Without a terminal (a pipe, CI), no progress.
    let piped = run(&["build".as_ref(), example().as_os_str(), "-o".as_ref(), out.as_os_str()]);
    assert!(!String::from_utf8_lossy(&piped.stderr).contains("1/3"));
}

/// `diff --git` reads both revisions from git's objects, in memory: it
/// works where no temporary folder can be made, sees an evidence scan
/// replaced under the same name (the bound PDF changes), takes a CRLF work
/// tree for what it is (no change), and names a broken old revision's
/// problem as history, never a scratch folder.
#[test]
fn diff_of_git_history_sees_scans_and_ignores_line_endings() {
    let repo = scratch("diff-git-history");
    let report = repo.join("report");
    let git = |args: &[&str]| {
        let output = std::process::Command::new("git")
            .arg("-C")
            .arg(&repo)
            .args([
                "-c",
                "user.name=测试",
                "-c",
                "user.email=test@example.invalid",
                "-c",
                "core.autocrlf=false",
            ])
            .args(args)
            .output()
            .expect("git runs");
        assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    };
    let diff = |range: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_alliance-report"))
            .args(["diff".as_ref(), "--git".as_ref(), range.as_ref(), report.as_os_str()])
            .env("TMPDIR", repo.join("no-such-temp"))
            .output()
            .unwrap()
    };
    git(&["init", "-q", "-b", "main"]);
    copy_dir(&example(), &report);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "初稿"]);
    // A new scan of the same document, under the same name.
    let scan = report.join("evidence/2-1-产业发展年度报告.pdf");
    std::fs::copy(report.join("evidence/1-2-研讨会通知及会议手册.pdf"), &scan).unwrap();
    git(&["commit", "-q", "-am", "换了扫描件"]);
    let output = diff("HEAD~1..HEAD");
    let shown = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(shown.contains("### 证明材料的文件"), "{shown}");
    assert!(
        shown.lines().any(|l| l.contains("evidence/2-1-产业发展年度报告.pdf")
            && l.contains("山西省煤基新材料产业发展年度报告")
            && l.contains("换成了新的文件")),
        "{shown}"
    );
    // A Windows clone: CRLF in the work tree, LF in the commit.
    let answer = report.join("sections/operation.md");
    let text = std::fs::read_to_string(&answer).unwrap();
    std::fs::write(&answer, text.replace('\n', "\r\n")).unwrap();
    let output = diff("HEAD..");
    assert_eq!(String::from_utf8_lossy(&output.stdout), "## 报告的变化\n\n报告内容没有变化。\n");
    // A broken revision in history: named as such.
    std::fs::write(&answer, &text).unwrap();
    let info = report.join("report.yaml");
    let good = std::fs::read_to_string(&info).unwrap();
    std::fs::write(&info, format!("{good}\n  broken: [\n")).unwrap();
    git(&["commit", "-q", "-am", "写坏了"]);
    std::fs::write(&info, &good).unwrap();
    git(&["commit", "-q", "-am", "改好了"]);
    let output = diff("HEAD~1..HEAD");
    let said = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{said}");
    assert!(said.contains("版本 HEAD~1 中的报告无法读取：report.yaml 第"), "{said}");
    assert!(said.contains("历史版本") && !said.contains("临时") && !said.contains("check 修正"), "{said}");
}

/// 料 typed as the compatibility ideograph U+F9BE prints like 料 (U+6599):
/// the diff names both code points, and `check` warns.
#[test]
fn a_look_alike_character_is_named_in_the_diff_and_by_check() {
    let new = scratch("look-alike").join("new");
    copy_dir(&example(), &new);
    let members = new.join("members.yaml");
    let text = std::fs::read_to_string(&members).unwrap();
    let role = "炭素材料方向主要技术依托单位";
    assert!(text.contains(role));
    std::fs::write(&members, text.replacen(role, &role.replace('料', "\u{F9BE}"), 1)).unwrap();
    let output = run(&["diff".as_ref(), example().as_os_str(), new.as_os_str()]);
    let shown = String::from_utf8_lossy(&output.stdout);
    assert!(shown.contains("U+6599") && shown.contains("U+F9BE"), "{shown}");
    let output = run(&["check".as_ref(), new.as_os_str(), "--format".as_ref(), "json".as_ref()]);
    let all: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let warned = all.as_array().unwrap().iter().any(|d| {
        d["rule"] == "兼容汉字"
            && d["file"] == "members.yaml"
            && d["severity"] == "warning"
            && d["message"].as_str().unwrap().contains("U+F9BE")
    });
    assert!(warned, "{all:#}");
}

/// A row whose name changed and nothing else is shown as renamed, not as
/// one removed and one added; a name changed by a look-alike character
/// says which.
#[test]
fn a_renamed_row_is_shown_as_renamed() {
    let new = scratch("diff-renamed").join("new");
    copy_dir(&example(), &new);
    let edit = |file: &str, from: &str, to: &str| {
        let path = new.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    edit(
        "tables/projects.yaml",
        "- name: 煤矸石制备高性能陶粒及绿色建材关键技术",
        "- name: 煤矸石制备高强陶粒及绿色建材关键技术",
    );
    edit("members.yaml", "- name: 三晋煤基材料研究院", "- name: 三晋煤基材\u{F9BE}研究院");
    let output = run(&["diff".as_ref(), example().as_os_str(), new.as_os_str()]);
    let shown = String::from_utf8_lossy(&output.stdout);
    assert!(
        shown.contains(
            "- 改名：煤矸石制备高性能陶粒及绿色建材关键技术 → 煤矸石制备高强陶粒及绿色建材关键技术"
        ),
        "{shown}"
    );
    assert!(shown.contains("U+6599") && shown.contains("U+F9BE"), "{shown}");
    assert!(!shown.contains("- 新增：") && !shown.contains("- 删除："), "{shown}");
}
