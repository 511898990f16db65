//! Bad files: each ends in a clear error or a correct PDF within seconds and
//! bounded memory, never a hang, a stack overflow or a panic. Each case
//! copies the example report, replaces one file and runs the binary under a
//! watch that kills it after [`TIMEOUT`] and records its peak memory.
//!
//! (A file that is not UTF-8 is `check::file_that_is_not_utf8`.)

use std::fs::File;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::*;

/// Long enough for a debug build on a busy two-core machine; the cases take
/// a few seconds at most.
const TIMEOUT: Duration = Duration::from_secs(60);

/// Peak resident memory allowed, in kB.
const MAX_MEMORY_KB: u64 = 2 << 20;

/// What one watched run of the binary did.
struct Run {
    code: i32,
    stderr: String,
    seconds: f64,
    /// Peak resident memory (VmHWM) in kB, as last seen while it ran.
    peak_kb: u64,
}

/// A copy of the example whose `file` says `text`.
fn example_with(name: &str, file: &str, text: impl AsRef<[u8]>) -> PathBuf {
    let dir = scratch(&format!("robustness-{name}"));
    copy_dir(&example(), &dir);
    std::fs::write(dir.join(file), text).unwrap();
    dir
}

/// The example with `markdown` as the answer to 二（1）.
fn example_with_answer(name: &str, markdown: &str) -> PathBuf {
    let text = std::fs::read_to_string(example().join("sections/operation.md")).unwrap();
    let heading = text.lines().next().unwrap();
    assert!(heading.starts_with("# （1）"), "the example changed: {heading}");
    let text = text.replacen(heading, &format!("{heading}\n\n{markdown}\n"), 1);
    example_with(name, "sections/operation.md", text)
}

/// Runs the binary with `args` on `dir`, killing it after [`TIMEOUT`]; fails
/// unless it exits with 0 or 1 (not 101, a panic, nor a signal such as a
/// stack overflow's) within the time and memory allowed.
fn watch(dir: &Path, args: &[&str]) -> Run {
    let stderr_path = dir.with_extension("stderr");
    let mut child = Command::new(env!("CARGO_BIN_EXE_alliance-report"))
        .args(args)
        .arg(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(File::create(&stderr_path).unwrap())
        .spawn()
        .expect("the binary runs");
    let status_file = format!("/proc/{}/status", child.id());
    let start = Instant::now();
    let mut peak_kb = 0;
    let status = loop {
        if let Ok(status) = std::fs::read_to_string(&status_file)
            && let Some(kb) = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        {
            peak_kb = peak_kb.max(kb);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{args:?} on {} still ran after {TIMEOUT:?}", dir.display());
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let seconds = start.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&std::fs::read(&stderr_path).unwrap()).into_owned();
    let short: String = stderr.chars().take(2000).collect();
    let Some(code) = status.code() else { panic!("{args:?} was killed by {status}: {short}") };
    assert!(code == 0 || code == 1, "{args:?} exited with {code}: {short}");
    assert!(peak_kb < MAX_MEMORY_KB, "{args:?} used {peak_kb} kB");
    eprintln!("{}: {args:?} exit {code} in {seconds:.2} s, peak {} MB", dir.display(), peak_kb / 1024);
    Run { code, stderr, seconds, peak_kb }
}

/// Checks that `check` on `dir` fails with an error saying `message`, in
/// Chinese, once; and that `build --draft` fails the same way without a PDF.
fn fails_clearly(dir: &Path, message: &str) -> Run {
    let run = watch(dir, &["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains(message), "{}", run.stderr);
    // Long lines are quoted in part.
    assert!(run.stderr.len() < 16 << 10, "{} bytes of messages", run.stderr.len());
    // The parser's English stays out of the messages.
    for error in run.stderr.lines().filter(|l| l.starts_with("错误：")) {
        let lower = error.to_lowercase();
        let english = ["alias", "anchor", "budget", "breach", "recursion", "limit", "exceeded", "invalid"];
        assert!(!english.iter().any(|w| lower.contains(w)), "not in Chinese: {error}");
    }
    let pdf = dir.with_extension("pdf");
    let draft = watch(dir, &["build", "--draft", "-o", pdf.to_str().unwrap()]);
    assert_eq!(draft.code, 1, "{}", draft.stderr);
    assert!(draft.stderr.contains(message), "{}", draft.stderr);
    assert!(!pdf.exists(), "no PDF from a report that does not load");
    run
}

/// Checks that `build` on `dir` writes a PDF with `text` in it, with a
/// warning and no error.
fn builds_with(dir: &Path, text: &str, warning: &str) -> Run {
    let pdf = dir.with_extension("pdf");
    let run = watch(dir, &["build", "-o", pdf.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains(warning), "{}", run.stderr);
    assert!(pdf_text(&pdf).contains(text), "{text} is in the PDF");
    run
}

#[test]
fn an_empty_report_yaml() {
    let dir = example_with("empty", "report.yaml", "");
    fails_clearly(&dir, "文件 report.yaml 是空的");
}

#[test]
fn a_50_mb_members_yaml_is_refused_unread() {
    // 180,000 members, valid in every way but their number.
    let text = std::fs::read_to_string(example().join("members.yaml")).unwrap();
    let (head, members) = text.split_once("members:\n").unwrap();
    let mut big = format!("{head}members:\n");
    while big.len() < 50 << 20 {
        big.push_str(members);
    }
    let dir = example_with("50mb", "members.yaml", big);
    let run = fails_clearly(&dir, "文件 members.yaml 太大（50.0 MB），报告的每个文件最多 1 MB");
    assert!(run.seconds < 10.0 && run.peak_kb < 200 << 10, "{:.1} s, {} kB", run.seconds, run.peak_kb);
}

#[test]
fn a_members_yaml_under_the_limit_with_too_many_values() {
    // 300,000 empty members in 900 kB: more values than the parser reads.
    let dir = example_with("many-nodes", "members.yaml", format!("members: [{}]\n", "{},".repeat(300_000)));
    fails_clearly(&dir, "文件内容太多，超过了读取的上限");
}

#[test]
fn billion_laughs_in_report_yaml() {
    let mut bomb =
        String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (prev, next) in "abcdefgh".chars().zip("bcdefghi".chars()) {
        bomb.push_str(&format!("{next}: &{next} [{}]\n", vec![format!("*{prev}"); 9].join(",")));
    }
    bomb.push_str("alliance:\n  name: *i\n");
    let dir = example_with("billion-laughs", "report.yaml", bomb);
    fails_clearly(&dir, "这里用了 YAML 的锚点（&名称）");
}

#[test]
fn one_member_repeated_by_aliases_into_64_mb() {
    // A YAML bomb that fits the model: 49,000 references to a member with a
    // long description.
    let member = format!(
        "  - &m\n    name: 甲\n    code: \"91140110589727658L\"\n    type: 企业\n    role: {}\n",
        "长".repeat(3000)
    );
    let text = format!("members:\n{member}{}", "  - *m\n".repeat(49_000));
    let dir = example_with("alias-bomb", "members.yaml", text);
    fails_clearly(&dir, "这里用了 YAML 的引用（*名称）");
}

#[test]
fn ten_thousand_nested_flow_sequences_in_yaml() {
    let text = format!("members: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let dir = example_with("nested-flow", "members.yaml", text);
    fails_clearly(&dir, "嵌套的层数太多");
}

#[test]
fn ten_thousand_nested_list_levels() {
    // 10,000 levels on one line, and 300 on as many lines, each with text.
    let lines: String = (0..300).map(|i| format!("{}- 第{i}层\n", "  ".repeat(i))).collect();
    let dir =
        example_with_answer("nested-lists", &format!("{}最深处的文字\n\n{lines}", "- 1. ".repeat(5_000)));
    let run = builds_with(&dir, "最深处的文字", "嵌套超过");
    assert!(
        run.stderr.contains("sections/operation.md:3\n"),
        "the warning points at the list: {}",
        run.stderr
    );
    let text = pdf_text(&dir.with_extension("pdf"));
    assert!(text.contains("第0层") && text.contains("第299层"), "every level is printed");
}

#[test]
fn ten_thousand_nested_block_quotes() {
    let dir = example_with_answer("nested-quotes", &format!("{} 最深处的引文", ">".repeat(10_000)));
    builds_with(&dir, "最深处的引文", "嵌套超过");
}

#[test]
fn a_short_cell_of_many_lines_breaks_across_pages() {
    // 270 bytes, 90 lines: taller than a page although short in bytes; its
    // row must break rather than run off the page with most of its lines.
    let yaml = std::fs::read_to_string(example().join("tables/achievements.yaml")).unwrap();
    let lines: Vec<String> = (0..90).map(|i| format!("{i:02}")).collect();
    let note = format!("    note: \"{}\"", lines.join("\\n"));
    assert!(yaml.contains("    note: 联盟成员共有专利"), "the example changed");
    let dir = example_with(
        "many-lines",
        "tables/achievements.yaml",
        yaml.replacen("    note: 联盟成员共有专利", &note, 1),
    );
    let out = dir.with_extension("pdf");
    build(&dir, &out);
    let text = pdf::read(&out).text();
    for line in &lines {
        assert!(text.lines().any(|t| t.trim().ends_with(line.as_str())), "line {line} of the cell is lost");
    }
}

#[test]
fn a_heading_longer_than_a_page_before_a_footnote_exports() {
    // typst-pdf 0.15.1 failed on this report with "tags weren't properly
    // closed" (fixtures/tags-unclosed/README.md).
    let dir = scratch("tags-unclosed");
    let out = dir.join("report.pdf");
    let report = fixture("tags-unclosed");
    let output =
        run(&["build".as_ref(), report.as_os_str(), "--draft".as_ref(), "-o".as_ref(), out.as_os_str()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("这是草稿：其中有"), "{stderr}");
    assert!(!stderr.contains("排版程序 typst 出错"), "{stderr}");
    let text = pdf_text(&out);
    for marker in ["【38】", "【39】", "【39完】", "【45】"] {
        assert!(text.contains(marker), "{marker} is not in the PDF");
    }
}

#[test]
fn a_value_of_hundreds_of_long_words_with_quotes_builds() {
    // typst failed with "maximum grouping depth exceeded" when the long-word
    // show rule met ~250 long words holding quotes in one value (found by
    // tools/random-properties.sh in an E-mail field).
    let dir = scratch("grouping-depth");
    copy_dir(&example(), &dir);
    let unit = r#"#read(\"/etc/passwd\")#{;// comment?1.#\"1.#panic(\"x\")甲乙"#;
    let path = dir.join("report.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let line = text.lines().find(|l| l.starts_with("  chairman_unit: ")).expect("the example changed");
    let edited = text.replacen(line, &format!("  chairman_unit: \"{}【尾】\"", unit.repeat(400)), 1);
    std::fs::write(&path, edited).unwrap();
    let out = dir.join("report.pdf");
    let output =
        run(&["build".as_ref(), dir.as_os_str(), "--draft".as_ref(), "-o".as_ref(), out.as_os_str()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("排版程序 typst 出错"), "{stderr}");
    assert!(out.is_file(), "{stderr}");
    assert!(pdf_text(&out).contains("【尾】"));
}

/// Every command line clap cannot read is said in Chinese, with the
/// closest command or flag, exit 2: a misspelt flag of every subcommand,
/// a misspelt subcommand, a value outside the choices.
#[test]
fn a_misspelt_command_line_is_answered_in_chinese() {
    let chinese = |text: &str| text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let commands: [&[&str]; 9] = [
        &["build"],
        &["check"],
        &["watch"],
        &["diff"],
        &["init"],
        &["schema"],
        &["xlsx", "export"],
        &["xlsx", "import"],
        &["lsp"],
    ];
    for command in commands {
        let mut args: Vec<&std::ffi::OsStr> = command.iter().map(std::ffi::OsStr::new).collect();
        args.push("--formt".as_ref());
        let output = run(&args);
        let said = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{command:?}: {said}");
        assert!(
            said.starts_with("错误：") && chinese(&said) && !said.contains("error:"),
            "{command:?}: {said}"
        );
        assert!(said.contains("--formt"), "{command:?}: {said}");
    }
    let output = run(&["check".as_ref(), "--formt".as_ref(), "json".as_ref()]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("你是不是想写 --format？"));
    let output = run(&["biuld".as_ref()]);
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("没有“biuld”这个命令") && said.contains("你是不是想写 build？"), "{said}");
    let output = run(&["check".as_ref(), "--format".as_ref(), "xml".as_ref()]);
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("只能写：human、json、github"), "{said}");
    // Help keeps clap's layout with the Chinese descriptions, exit 0.
    let output = run(&["--help".as_ref()]);
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stdout).contains("只检查报告文件夹"));
}

/// The next command `init` prints can be pasted into the shell as printed,
/// though the folder's name has spaces.
#[cfg(unix)]
#[test]
fn the_command_init_suggests_runs_when_pasted() {
    let root = scratch("paste");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_alliance-report"))
        .current_dir(&root)
        .args(["init", "我的 文档/联盟 报告 2025"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{said}");
    let line = said.lines().find(|l| l.trim_start().starts_with("alliance-report check")).unwrap();
    assert!(line.contains("'我的 文档/联盟 报告 2025'"), "{line}");
    let pasted = line.trim().replacen("alliance-report", env!("CARGO_BIN_EXE_alliance-report"), 1);
    let output = std::process::Command::new("sh").current_dir(&root).args(["-c", &pasted]).output().unwrap();
    let said = String::from_utf8_lossy(&output.stderr);
    // It runs on the new folder: a fresh report has problems to fill in.
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(!said.contains("找不到报告文件夹"), "{said}");
}
