//! The output can never destroy a file (issue 14): outputs that are the
//! report's sources, devices, FIFOs, folders or non-PDF files are refused;
//! a symbolic link is written through; the write is atomic, keeps
//! permissions, cleans up after errors, interrupts and stale runs, and two
//! builds into one output leave one complete PDF; a closed pipe ends the
//! output quietly with the verdict as the exit status. `xlsx export` is
//! held to the same policy (issue 31): it refuses what `build` refuses.

use std::io::Read as _;
use std::process::{Command, Stdio};

use super::*;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_alliance-report"))
}

/// Runs `build DIR -o OUT`; returns the exit code and standard error.
fn build_to(dir: &Path, out: &Path) -> (Option<i32>, String) {
    let output = bin().arg("build").arg(dir).arg("-o").arg(out).output().unwrap();
    (output.status.code(), String::from_utf8_lossy(&output.stderr).into_owned())
}

/// Temporary files of this tool left in `dir`.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".alliance-report.tmp"))
        .collect()
}

/// A copy of the example in a scratch folder; its evidence item 8-1 also
/// attaches a file in a folder of the user's own (not a source folder).
fn report(test: &str) -> PathBuf {
    let root = scratch(&format!("outputs-{test}"));
    let dir = root.join("report");
    copy_dir(&example(), &dir);
    std::fs::create_dir_all(dir.join("附件")).unwrap();
    std::fs::copy(dir.join("evidence/8-1-联盟协议.pdf"), dir.join("附件/协议扫描.pdf")).unwrap();
    let path = dir.join("evidence/evidence.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replace("[evidence/8-1-联盟协议.pdf]", "[evidence/8-1-联盟协议.pdf, 附件/协议扫描.pdf]");
    std::fs::write(&path, text).unwrap();
    dir
}

#[test]
fn an_output_that_is_a_file_the_report_reads_is_refused_and_the_file_kept() {
    let dir = report("sources");
    let cases = [
        ("report.yaml", "它就是报告要读取的文件 report.yaml"),
        ("sections/operation.md", "它就是报告要读取的文件 sections/operation.md"),
        ("evidence/evidence.yaml", "它就是报告要读取的文件 evidence/evidence.yaml"),
        ("members.yaml", "它就是报告要读取的文件 members.yaml"),
        ("evidence/8-1-联盟协议.pdf", "evidence/ 文件夹"),
        // Outside the source folders, found by what load read.
        ("附件/协议扫描.pdf", "它就是报告要读取的文件 附件/协议扫描.pdf"),
        // A new file in a source folder: the next check would take it for one.
        ("tables/new.pdf", "tables/ 文件夹"),
        ("evidence/report.pdf", "evidence/ 文件夹"),
        ("schemas/report.pdf", "schemas/ 文件夹"),
        ("Evidence/report.pdf", ""),
    ];
    for (rel, why) in cases {
        let path = dir.join(rel);
        let before = std::fs::read(&path).ok();
        let (code, stderr) = build_to(&dir, &path);
        assert_eq!(code, Some(2), "{rel}: {stderr}");
        assert!(stderr.starts_with("错误：不能把 PDF 写到") && stderr.contains(why), "{rel}: {stderr}");
        assert_eq!(std::fs::read(&path).ok(), before, "{rel} changed");
    }
    // The same through `..` and a relative path from inside the folder.
    let output = bin()
        .current_dir(dir.join("sections"))
        .args(["build", "..", "-o", "../report.yaml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    // A file of another kind, anywhere, is not replaced (the name asks
    // for a Word document, and what is there is not one).
    let notes = dir.parent().unwrap().join("会议记录.docx");
    std::fs::write(&notes, b"PK\x03\x04 a Word file").unwrap();
    let (code, stderr) = build_to(&dir, &notes);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("那里已有一个不是 Word 文档的文件"), "{stderr}");
    assert_eq!(std::fs::read(&notes).unwrap(), b"PK\x03\x04 a Word file");
    // --emit-typst into the report's folder or a source folder.
    for emit in [dir.clone(), dir.join("evidence")] {
        let output = bin()
            .arg("build")
            .arg(&dir)
            .arg("-o")
            .arg(dir.join("report.pdf"))
            .arg("--emit-typst")
            .arg(&emit)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&output.stderr).contains("不能把 typst 源文件写到"));
    }
    assert!(!dir.join("main.typ").exists() && !dir.join("evidence/main.typ").exists());
    // The default, report.pdf at the folder's root, is written, and again.
    for _ in 0..2 {
        let (code, stderr) = build_to(&dir, &dir.join("report.pdf"));
        assert_eq!(code, Some(0), "{stderr}");
    }
    assert!(leftovers(&dir).is_empty());
}

#[test]
fn watch_refuses_such_an_output_before_it_starts() {
    let dir = report("watch");
    let output = bin().arg("watch").arg(&dir).arg("-o").arg(dir.join("report.yaml")).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("它就是报告要读取的文件 report.yaml"));
}

#[cfg(unix)]
#[test]
fn a_fifo_a_folder_and_a_device_are_refused() {
    let dir = report("special");
    let root = dir.parent().unwrap().to_path_buf();
    let fifo = root.join("fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let (code, stderr) = build_to(&dir, &fifo);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("命名管道（FIFO）"), "{stderr}");
    let folder = root.join("out");
    std::fs::create_dir(&folder).unwrap();
    let (code, stderr) = build_to(&dir, &folder);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("它是一个文件夹"), "{stderr}");
    // A device node made here (only root may): never /dev/null itself.
    let device = root.join("null-device");
    let made = Command::new("mknod").arg(&device).args(["c", "1", "3"]).stderr(Stdio::null()).status();
    if made.is_ok_and(|s| s.success()) {
        let (code, stderr) = build_to(&dir, &device);
        assert_eq!(code, Some(2));
        assert!(stderr.contains("设备文件"), "{stderr}");
        use std::os::unix::fs::FileTypeExt as _;
        assert!(std::fs::symlink_metadata(&device).unwrap().file_type().is_char_device());
    }
    // A symbolic link to a FIFO is refused as the FIFO is.
    let link = root.join("to-fifo.pdf");
    std::os::unix::fs::symlink(&fifo, &link).unwrap();
    assert_eq!(build_to(&dir, &link).0, Some(2));
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_is_written_through_and_judged_by_what_it_names() {
    let dir = report("symlink");
    let root = dir.parent().unwrap().to_path_buf();
    // A link to a PDF that does not exist yet: the PDF is written, the link stays.
    let link = root.join("latest.pdf");
    std::os::unix::fs::symlink("builds/v1.pdf", &link).unwrap();
    std::fs::create_dir(root.join("builds")).unwrap();
    let (code, stderr) = build_to(&dir, &link);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert!(std::fs::read(root.join("builds/v1.pdf")).unwrap().starts_with(b"%PDF-"));
    assert!(leftovers(&root.join("builds")).is_empty() && leftovers(&root).is_empty());
    // A link to one of the report's files is refused; the file is kept.
    let to_source = root.join("report-link.pdf");
    std::os::unix::fs::symlink(dir.join("report.yaml"), &to_source).unwrap();
    let before = std::fs::read(dir.join("report.yaml")).unwrap();
    let (code, stderr) = build_to(&dir, &to_source);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("它就是报告要读取的文件 report.yaml"), "{stderr}");
    assert_eq!(std::fs::read(dir.join("report.yaml")).unwrap(), before);
    // A loop of links is an error, not a hang.
    std::os::unix::fs::symlink("loop-b.pdf", root.join("loop-a.pdf")).unwrap();
    std::os::unix::fs::symlink("loop-a.pdf", root.join("loop-b.pdf")).unwrap();
    let (code, stderr) = build_to(&dir, &root.join("loop-a.pdf"));
    assert_eq!(code, Some(2));
    assert!(stderr.contains("符号链接"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn permissions_are_kept_and_a_new_output_follows_the_umask() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = report("permissions");
    let out = dir.join("report.pdf");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    for (umask, want) in [("022", 0o644), ("027", 0o640), ("077", 0o600)] {
        let _ = std::fs::remove_file(&out);
        let status = Command::new("sh")
            .arg("-c")
            .arg(format!("umask {umask} && exec \"$0\" build \"$1\" -o \"$2\" 2>/dev/null"))
            .arg(env!("CARGO_BIN_EXE_alliance-report"))
            .arg(&dir)
            .arg(&out)
            .status()
            .unwrap();
        assert!(status.success());
        assert_eq!(mode(&out), want, "umask {umask}");
    }
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o604)).unwrap();
    assert_eq!(build_to(&dir, &out).0, Some(0));
    assert_eq!(mode(&out), 0o604, "an existing output keeps its permissions");
}

#[test]
fn a_long_name_is_written_and_a_missing_folder_is_named() {
    let dir = report("names");
    // 250 bytes: 83 three-byte characters and ".pdf" … minus what fits.
    let name = format!("{}.pdf", "报".repeat(82));
    assert_eq!(name.len(), 250);
    let out = dir.join(&name);
    let (code, stderr) = build_to(&dir, &out);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF-"));
    let (code, stderr) = build_to(&dir, &dir.join("没有的文件夹/report.pdf"));
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("文件夹") && stderr.contains("没有的文件夹") && stderr.contains("不存在"),
        "{stderr}"
    );
    assert!(leftovers(&dir).is_empty());
}

#[test]
fn a_stale_temporary_file_of_ours_is_removed_and_others_are_kept() {
    let dir = report("stale");
    let stale = dir.join(".report.pdf.AbCdEfGh.alliance-report.tmp");
    let fresh = dir.join(".report.pdf.ZyXwVuTs.alliance-report.tmp");
    let theirs = dir.join(".other.tmp");
    for path in [&stale, &fresh, &theirs] {
        std::fs::write(path, b"half a PDF").unwrap();
    }
    let two_days_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(2 * 24 * 3600);
    for path in [&stale, &theirs] {
        std::fs::File::options().write(true).open(path).unwrap().set_modified(two_days_ago).unwrap();
    }
    assert_eq!(build_to(&dir, &dir.join("report.pdf")).0, Some(0));
    assert!(!stale.exists(), "a day-old temporary file of ours stays");
    assert!(fresh.exists(), "a running build's temporary file was removed");
    assert!(theirs.exists(), "another program's file was removed");
}

#[cfg(unix)]
#[test]
fn an_interrupted_build_leaves_no_temporary_file_and_the_old_pdf() {
    let dir = report("interrupt");
    let out = dir.join("report.pdf");
    std::fs::write(&out, b"%PDF-1.7 the previous build").unwrap();
    for signal in ["INT", "TERM"] {
        let mut child = bin()
            .arg("build")
            .arg(&dir)
            .arg("-o")
            .arg(&out)
            .env("ALLIANCE_REPORT_TEST_WRITE_PAUSE_MS", "20000")
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Wait for the temporary file, then interrupt the write.
        let started = std::time::Instant::now();
        while leftovers(&dir).is_empty() {
            assert!(started.elapsed().as_secs() < 120, "no temporary file appeared");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let killed =
            Command::new("sh").arg("-c").arg(format!("kill -{signal} {}", child.id())).status().unwrap();
        assert!(killed.success());
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(130), "SIG{signal}");
        assert!(leftovers(&dir).is_empty(), "SIG{signal}: {:?}", leftovers(&dir));
        assert_eq!(std::fs::read(&out).unwrap(), b"%PDF-1.7 the previous build");
    }
}

#[test]
fn two_builds_into_one_output_always_leave_one_complete_pdf() {
    let first = report("concurrent");
    let root = first.parent().unwrap().to_path_buf();
    let second = root.join("report-2");
    copy_dir(&first, &second);
    let path = second.join("sections/operation.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\n第二份报告多出的一段话。\n")).unwrap();
    // Each on its own: the two PDFs the output may hold.
    let (a, b) = (root.join("a.pdf"), root.join("b.pdf"));
    assert_eq!(build_to(&first, &a).0, Some(0));
    assert_eq!(build_to(&second, &b).0, Some(0));
    let (a, b) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert!(a != b, "the two reports print the same PDF");
    let out = root.join("shared.pdf");
    for round in 0..20 {
        let spawn = |dir: &Path| {
            bin().arg("build").arg(dir).arg("-o").arg(&out).stderr(Stdio::piped()).spawn().unwrap()
        };
        let children = [spawn(&first), spawn(&second)];
        for child in children {
            let output = child.wait_with_output().unwrap();
            assert!(output.status.success(), "round {round}: {}", String::from_utf8_lossy(&output.stderr));
        }
        let got = std::fs::read(&out).unwrap();
        assert!(got == a || got == b, "round {round}: the output is neither build's PDF");
        assert!(leftovers(&root).is_empty(), "round {round}: {:?}", leftovers(&root));
    }
}

/// Runs `args`, reads `keep` bytes of its standard output (or standard
/// error, with `from_stderr`), closes the pipe, and returns the exit code
/// and what it wrote to the other stream.
fn closing_pipe(args: &[&std::ffi::OsStr], from_stderr: bool, keep: usize) -> (Option<i32>, String) {
    let mut command = bin();
    command.args(args);
    if from_stderr {
        command.stdout(Stdio::null()).stderr(Stdio::piped());
    } else {
        command.stdout(Stdio::piped()).stderr(Stdio::piped());
    }
    let mut child = command.spawn().unwrap();
    let mut head = vec![0u8; keep];
    {
        let mut pipe: Box<dyn std::io::Read> = if from_stderr {
            Box::new(child.stderr.take().unwrap())
        } else {
            Box::new(child.stdout.take().unwrap())
        };
        pipe.read_exact(&mut head).unwrap();
    } // closed here, with most of the output unread
    let mut other = String::new();
    if !from_stderr {
        child.stderr.take().unwrap().read_to_string(&mut other).unwrap();
    }
    (child.wait().unwrap().code(), other)
}

#[test]
fn a_closed_pipe_ends_the_output_quietly_and_the_verdict_stays() {
    // A report with 3,000 bad members: megabytes of diagnostics, more than
    // any pipe holds.
    let dir = report("pipes");
    let path = dir.join("members.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let bad: String = (0..3000)
        .map(|i| {
            format!("  - name: 测试单位{i}有限公司\n    code: \"12345\"\n    type: 公司\n    role: \"\"\n")
        })
        .collect();
    std::fs::write(&path, text.replacen("members:\n", &format!("members:\n{bad}"), 1)).unwrap();
    for format in ["json", "github"] {
        let (code, stderr) = closing_pipe(
            &["check".as_ref(), dir.as_os_str(), "--format".as_ref(), format.as_ref()],
            false,
            100,
        );
        assert_eq!(code, Some(1), "check --format {format}: {stderr}");
        assert!(stderr.is_empty(), "check --format {format}: {stderr}");
    }
    let (code, _) = closing_pipe(&["check".as_ref(), dir.as_os_str()], true, 100);
    assert_eq!(code, Some(1), "check 2>&1 | head");
    // diff of two folders whose Markdown differs by a large table.
    let (code, stderr) = closing_pipe(&["diff".as_ref(), example().as_os_str(), dir.as_os_str()], false, 100);
    assert_eq!(code, Some(0), "diff | head: {stderr}");
    assert!(stderr.is_empty(), "diff | head: {stderr}");
}

/// Runs `xlsx export DIR -o OUT`; returns the exit code and standard error.
fn export_to(dir: &Path, out: &Path) -> (Option<i32>, String) {
    let output = bin().args(["xlsx", "export"]).arg(dir).arg("-o").arg(out).output().unwrap();
    (output.status.code(), String::from_utf8_lossy(&output.stderr).into_owned())
}

/// A zip at `path` holding one empty part named `part`.
fn zip_with(path: &Path, part: &str) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    zip.start_file(part, zip::write::SimpleFileOptions::default()).unwrap();
    zip.finish().unwrap();
}

#[cfg(unix)]
#[test]
fn xlsx_export_refuses_what_build_refuses() {
    let dir = report("formats");
    let root = dir.parent().unwrap().to_path_buf();
    let fifo = root.join("fifo.xlsx");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    std::os::unix::fs::symlink(dir.join("members.yaml"), root.join("members-link.xlsx")).unwrap();
    std::os::unix::fs::symlink(dir.join("附件/协议扫描.pdf"), root.join("scan-link.xlsx")).unwrap();
    std::fs::write(root.join("旧报告.xlsx"), b"%PDF-1.7 last year's report").unwrap();
    zip_with(&root.join("报告.xlsx"), "word/document.xml");
    std::fs::create_dir(root.join("汇总")).unwrap();
    // Each output, and why it is refused; named .xlsx, so that the
    // extension is not what refuses it.
    let cases = [
        (dir.join("tables/成员单位.xlsx"), "tables/ 文件夹"),
        (dir.join("evidence/成员单位.xlsx"), "evidence/ 文件夹"),
        (dir.join("Tables/成员单位.xlsx"), ""),
        (dir.join("report.yaml"), "它就是报告要读取的文件 report.yaml"),
        // Refused as a device before its name is looked at; never written,
        // since its name would refuse it too.
        (PathBuf::from("/dev/null"), "设备文件"),
        (fifo.clone(), "命名管道（FIFO）"),
        (root.join("members-link.xlsx"), "它就是报告要读取的文件 members.yaml"),
        (root.join("scan-link.xlsx"), "不是 Excel 工作簿的文件（它是 PDF）"),
        (root.join("旧报告.xlsx"), "不是 Excel 工作簿的文件（它是 PDF）"),
        (root.join("报告.xlsx"), "不是 Excel 工作簿的文件（它是 Word 文档）"),
        (root.join("汇总"), "它是一个文件夹；请写出文件名，例如"),
    ];
    let read = |path: &Path| if path == fifo { None } else { std::fs::read(path).ok() };
    for (path, why) in &cases {
        let before = read(path);
        let (code, stderr) = export_to(&dir, path);
        assert_eq!(code, Some(2), "{}: {stderr}", path.display());
        assert!(stderr.starts_with("错误：不能把工作簿写到") && stderr.contains(why), "{stderr}");
        assert_eq!(read(path), before, "{} changed", path.display());
    }
    assert!(std::fs::symlink_metadata(root.join("members-link.xlsx")).unwrap().file_type().is_symlink());
    assert!(leftovers(&dir).is_empty() && leftovers(&root).is_empty());
}

#[cfg(unix)]
#[test]
fn a_workbook_goes_through_a_symbolic_link_as_the_pdf_does() {
    let dir = report("xlsx-link");
    let root = dir.parent().unwrap().to_path_buf();
    std::fs::create_dir(root.join("发出")).unwrap();
    let link = root.join("最新.xlsx");
    std::os::unix::fs::symlink("发出/第一轮.xlsx", &link).unwrap();
    for round in 0..2 {
        let (code, stderr) = export_to(&dir, &link);
        assert_eq!(code, Some(0), "round {round}: {stderr}");
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "round {round}");
        assert!(std::fs::read(root.join("发出/第一轮.xlsx")).unwrap().starts_with(b"PK\x03\x04"));
    }
    assert!(leftovers(&root.join("发出")).is_empty() && leftovers(&root).is_empty());
}

#[test]
fn build_refuses_a_workbook_and_a_name_of_another_format() {
    let dir = report("pdf-formats");
    let root = dir.parent().unwrap().to_path_buf();
    // A workbook, named .pdf by mistake, is not replaced by the PDF.
    let book = root.join("成员单位.pdf");
    zip_with(&book, "xl/workbook.xml");
    let before = std::fs::read(&book).unwrap();
    let (code, stderr) = build_to(&dir, &book);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("那里已有一个不是 PDF 的文件（它是 Excel 工作簿）"), "{stderr}");
    assert_eq!(std::fs::read(&book).unwrap(), before);
    // A PDF named .xlsx (or with no extension), or .docx with the PDF
    // asked for, would not open where its name says: the name to write
    // instead is offered. (`-o 报告.docx` alone asks for a Word document.)
    for name in ["报告.docx", "报告.xlsx", "报告"] {
        let output = bin()
            .arg("build")
            .arg(&dir)
            .args(["--format", "pdf", "-o"])
            .arg(root.join(name))
            .output()
            .unwrap();
        let (code, stderr) = (output.status.code(), String::from_utf8_lossy(&output.stderr).into_owned());
        assert_eq!(code, Some(2), "{name}");
        let offered = root.join("报告.pdf");
        assert!(
            stderr.contains("PDF 的文件名要以 .pdf 结尾")
                && stderr.contains(&format!("请写成 {}", offered.display())),
            "{stderr}"
        );
        assert!(!root.join(name).exists(), "{name} written");
    }
}

/// A Word document is replaced while it is as `build` wrote it; once Word
/// (or WPS, LibreOffice) has saved it, with a leader's changes, it is not.
#[test]
fn a_word_document_saved_by_word_is_not_replaced() {
    use std::io::{Read as _, Write as _};
    let dir = report("word-edited");
    let out = dir.parent().unwrap().join("报告.docx");
    for _ in 0..2 {
        let (code, stderr) = build_to(&dir, &out);
        assert_eq!(code, Some(0), "our own Word file is replaced: {stderr}");
    }
    // Saved again by Word: the same parts, another application.
    let ours = std::fs::read(&out).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&ours[..])).unwrap();
    let mut saved = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name == "docProps/app.xml" {
            bytes = String::from_utf8(bytes)
                .unwrap()
                .replace("alliance-report", "Microsoft Office Word")
                .into_bytes();
        }
        saved.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        saved.write_all(&bytes).unwrap();
    }
    let saved = saved.finish().unwrap().into_inner();
    std::fs::write(&out, &saved).unwrap();
    let (code, stderr) = build_to(&dir, &out);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("生成后有人用 Word 等软件修改并保存过"), "{stderr}");
    assert_eq!(std::fs::read(&out).unwrap(), saved, "the edited file is kept");
}

/// Without `-o`, the PDF is the report folder's `report.pdf`, wherever the
/// command runs: built from the repository's root, two reports keep one
/// each, and nothing is left in the folder the command ran in.
#[test]
fn the_default_output_is_in_the_report_folder() {
    let root = scratch("outputs-default");
    for name in ["甲联盟", "乙联盟"] {
        copy_dir(&example(), &root.join(name));
        let output = bin().current_dir(&root).arg("build").arg(name).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
        assert!(std::fs::read(root.join(name).join("report.pdf")).unwrap().starts_with(b"%PDF-"));
    }
    assert!(!root.join("report.pdf").exists());
}
