//! The GitHub side: the release workflow and the report workflow `init`
//! writes use only current actions (Node 24), pinned to the commits we
//! read; `init` puts the workflow where GitHub reads it; and the release
//! archive, made by the release workflow's own script from the binary
//! these tests run, unpacks into a tool that builds the example.

use super::*;

/// The workflows: the release's, and the report's for a report at the
/// repository root and in a subfolder.
fn workflows() -> Vec<(String, String)> {
    let release = std::fs::read_to_string(repo().join(".github/workflows/release.yml")).unwrap();
    let mut all = vec![("release.yml".to_owned(), release)];
    all.push(alliance_report::init::workflow(""));
    all.push(alliance_report::init::workflow("reports/2025"));
    all
}

#[test]
fn every_action_is_pinned_and_runs_on_node_24() {
    let list = std::fs::read_to_string(repo().join("tests/testdata/actions.txt")).unwrap();
    let known: Vec<Vec<&str>> = list
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split_whitespace().collect())
        .collect();
    let mut seen = 0;
    for (file, text) in workflows() {
        for line in text.lines() {
            let Some(uses) = line.trim_start().trim_start_matches("- ").strip_prefix("uses:") else {
                continue;
            };
            seen += 1;
            // owner/repo[/path]@<commit> # <tag>
            let (action, rest) = uses.trim().split_once('@').unwrap_or_else(|| panic!("{file}: {line}"));
            let (commit, tag) = rest.split_once(" # ").unwrap_or_else(|| panic!("{file}: no tag: {line}"));
            assert!(
                commit.len() == 40 && commit.chars().all(|c| c.is_ascii_hexdigit()),
                "{file}: not pinned to a commit: {line}"
            );
            let entry = known.iter().find(|k| k[0] == action && k[1] == commit && k[2] == tag.trim());
            let entry = entry.unwrap_or_else(|| panic!("{file}: {action}@{commit} is not in actions.txt"));
            assert!(matches!(entry[3], "node24" | "composite"), "{file}: {action} runs on {}", entry[3]);
        }
    }
    assert!(seen >= 10, "only {seen} uses: found");
}

#[test]
fn the_report_workflow_installs_this_very_version() {
    let version = env!("CARGO_PKG_VERSION");
    for (file, text) in workflows().into_iter().skip(1) {
        assert!(text.contains(&format!("ALLIANCE_REPORT_VERSION: \"{version}\"")), "{file}");
        assert!(text.contains(&format!("{}/releases/download", env!("CARGO_PKG_REPOSITORY"))), "{file}");
        assert!(!text.contains("cargo install"), "{file} compiles the tool");
        let placeholder = text
            .split('@')
            .skip(1)
            .find(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_uppercase() || c == '_'));
        assert!(placeholder.is_none(), "{file}: @{placeholder:?}@ left");
        // Nothing a pull request writes (a branch name, a title) goes into a
        // shell script: the expressions in `run:` blocks are none.
        let mut in_run = false;
        for line in text.lines() {
            let indent = line.len() - line.trim_start().len();
            if line.trim_start().starts_with("run: |") {
                in_run = true;
                continue;
            }
            if in_run && indent <= 8 && !line.trim().is_empty() {
                in_run = false;
            }
            let run_line = in_run || line.trim_start().starts_with("run: ");
            assert!(!(run_line && line.contains("${{")), "{file}: expression in a script: {line}");
        }
    }
    let (file, text) = alliance_report::init::workflow("reports/2025");
    assert_eq!(file, ".github/workflows/report-reports-2025.yml");
    assert!(text.contains("REPORT_DIR: \"reports/2025\""), "{text}");
    assert!(text.contains("paths: [\"reports/2025/**\", \".github/workflows/report-reports-2025.yml\"]"));
    let (file, text) = alliance_report::init::workflow("");
    assert_eq!(file, ".github/workflows/report.yml");
    assert!(text.contains("REPORT_DIR: \".\"") && !text.contains("paths:"), "{text}");
}

#[test]
fn init_in_a_repository_writes_the_workflow_at_its_root() {
    let repo = scratch("init-in-repository");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    let report = repo.join("report");
    let output = run(&["init".as_ref(), report.as_os_str()]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let workflow = repo.join(".github/workflows/report-report.yml");
    let text = std::fs::read_to_string(&workflow).expect("the workflow at the repository root");
    assert!(text.contains("REPORT_DIR: \"report\""), "{text}");
    assert!(!report.join(".github").exists(), "a workflow inside the report folder never runs");
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("report-report.yml") && said.contains("仓库根目录"), "{said}");
    // A second report in the same repository has a workflow of its own.
    let second = repo.join("年度/2026");
    assert_eq!(run(&["init".as_ref(), second.as_os_str()]).status.code(), Some(0));
    let text = std::fs::read_to_string(repo.join(".github/workflows/report-年度-2026.yml")).unwrap();
    assert!(text.contains("REPORT_DIR: \"年度/2026\""), "{text}");
    // Once there, it is not overwritten: init refuses, naming it.
    std::fs::remove_dir_all(&report).unwrap();
    let output = run(&["init".as_ref(), report.as_os_str()]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("report-report.yml") && stderr.contains("什么也没有写"), "{stderr}");
    assert!(!report.join("report.yaml").exists());
    // A report at the repository root: `report.yml`, for the folder ".".
    let root = scratch("init-at-repository-root");
    std::fs::create_dir_all(root.join(".git")).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_alliance-report"))
        .args(["init", "."])
        .current_dir(&root)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let text = std::fs::read_to_string(root.join(".github/workflows/report.yml")).unwrap();
    assert!(text.contains("REPORT_DIR: \".\""), "{text}");
}

#[test]
fn init_outside_a_repository_says_the_folder_must_become_its_root() {
    let dir = scratch("init-no-repository").join("报告");
    let output = run(&["init".as_ref(), dir.as_os_str()]);
    assert_eq!(output.status.code(), Some(0));
    assert!(dir.join(".github/workflows/report.yml").is_file());
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("git 仓库的根目录") && said.contains("git init"), "{said}");
}

/// The release archive, packed from the binary these tests run by the
/// script the release workflow runs: unpacked into an empty folder, it
/// holds one folder with the tool and the README; its checksum file checks
/// with `sha256sum -c`; the tool in it tells its version and builds the
/// example.
#[cfg(target_os = "linux")]
#[test]
fn the_release_archive_unpacks_into_a_working_tool() {
    let version = env!("CARGO_PKG_VERSION");
    let target = format!("{}-unknown-linux-gnu", std::env::consts::ARCH);
    let work = scratch("release-archive");
    let dist = work.join("dist");
    let sh = |program: &str, args: &[&std::ffi::OsStr], cwd: &Path| {
        let output = Command::new(program).args(args).current_dir(cwd).output().unwrap();
        assert!(output.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    };
    let printed = sh(
        "bash",
        &[
            repo().join("tools/package.sh").as_os_str(),
            target.as_ref(),
            env!("CARGO_BIN_EXE_alliance-report").as_ref(),
            dist.as_os_str(),
        ],
        &work,
    );
    let name = format!("alliance-report-{version}-{target}");
    let archive = dist.join(format!("{name}.tar.gz"));
    assert_eq!(printed.trim(), archive.to_str().unwrap());
    let mut files: Vec<String> =
        std::fs::read_dir(&dist).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    files.sort();
    assert_eq!(files, [format!("{name}.tar.gz"), format!("{name}.tar.gz.sha256")]);
    let sum = std::fs::read_to_string(dist.join(format!("{name}.tar.gz.sha256"))).unwrap();
    assert!(sum.ends_with(&format!("  {name}.tar.gz\n")) && sum.find(' ') == Some(64), "{sum}");
    sh("sha256sum", &["-c".as_ref(), format!("{name}.tar.gz.sha256").as_ref()], &dist);

    let listing = sh("tar", &["-tzvf".as_ref(), archive.as_os_str()], &work);
    let mut entries: Vec<&str> = listing.lines().map(|l| l.rsplit(' ').next().unwrap()).collect();
    entries.sort();
    assert_eq!(entries, [format!("{name}/"), format!("{name}/README.md"), format!("{name}/alliance-report")]);
    assert!(listing.lines().all(|l| l.contains(" 0/0 ")), "owned by root, not by the builder:\n{listing}");
    assert!(
        listing.lines().any(|l| l.starts_with("-rwxr-xr-x") && l.ends_with("/alliance-report")),
        "{listing}"
    );

    let unpacked = work.join("unpacked");
    std::fs::create_dir_all(&unpacked).unwrap();
    sh("tar", &["-xzf".as_ref(), archive.as_os_str(), "-C".as_ref(), unpacked.as_os_str()], &work);
    let tool = unpacked.join(&name).join("alliance-report");
    let said = sh(tool.to_str().unwrap(), &["--version".as_ref()], &unpacked);
    assert_eq!(said.trim(), format!("alliance-report {version}"));
    let pdf = work.join("example.pdf");
    sh(
        tool.to_str().unwrap(),
        &["build".as_ref(), example().as_os_str(), "-o".as_ref(), pdf.as_os_str()],
        &unpacked,
    );
    assert!(pdf::read(&pdf).pages.len() > 50);

    // Packed again, the archive is the same, byte for byte.
    let again = work.join("again");
    sh(
        "bash",
        &[
            repo().join("tools/package.sh").as_os_str(),
            target.as_ref(),
            env!("CARGO_BIN_EXE_alliance-report").as_ref(),
            again.as_os_str(),
        ],
        &work,
    );
    assert_eq!(
        std::fs::read(&archive).unwrap(),
        std::fs::read(again.join(format!("{name}.tar.gz"))).unwrap()
    );
}
