//! Loading from a [`Source`]: files held in memory over a copy of the
//! example report, and the files of an earlier load taken again.

use std::path::{Path, PathBuf};

use super::*;
use crate::model::FileProblem;

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/example-report");
const PROJECTS: &str = "tables/projects.yaml";
const SCAN: &str = "evidence/6-2-软件著作权登记证书-共享服务平台.png";
const PDF: &str = "evidence/8-1-联盟协议.pdf";

/// A copy of the example report, removed when dropped.
fn copy() -> tempfile::TempDir {
    let dir = tempfile::Builder::new().prefix("alliance-report-load-").tempdir().unwrap();
    for entry in walkdir::WalkDir::new(EXAMPLE).into_iter().map(Result::unwrap) {
        let to = dir.path().join(entry.path().strip_prefix(EXAMPLE).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    dir
}

fn example(rel: &str) -> Vec<u8> {
    std::fs::read(Path::new(EXAMPLE).join(rel)).unwrap()
}

fn text(rel: &str) -> String {
    String::from_utf8(example(rel)).unwrap()
}

fn errors(loaded: &Loaded) -> Vec<String> {
    loaded.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.message.clone()).collect()
}

fn messages(loaded: &Loaded) -> Vec<String> {
    loaded.diagnostics.iter().map(|d| d.message.clone()).collect()
}

/// Every path in `dir` with its size and time of change.
fn listing(dir: &Path) -> Vec<(PathBuf, u64, std::time::SystemTime)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .map(|e| {
            let meta = e.metadata().unwrap();
            (e.path().to_path_buf(), meta.len(), meta.modified().unwrap())
        })
        .collect()
}

fn first_project(loaded: &Loaded) -> String {
    let report = loaded.report.as_ref().expect("the report loads");
    report.rows(&form::PROJECTS)[0].text("name").unwrap_or_default().to_owned()
}

#[test]
fn an_overlaid_yaml_file_replaces_the_disks() {
    let dir = copy();
    let edited = text(PROJECTS).replace("煤基高性能碳纤维原丝制备关键技术及示范", "改过的项目名称");
    let mut source = Source::disk(dir.path());
    source.insert(PROJECTS, edited.clone());
    let loaded = load_from(&source, None).unwrap();
    assert_eq!(errors(&loaded), Vec::<String>::new());
    assert_eq!(first_project(&loaded), "改过的项目名称");
    assert_eq!(loaded.sources.text(PROJECTS), Some(edited.as_str()));
    assert_eq!(first_project(&load(dir.path()).unwrap()), "煤基高性能碳纤维原丝制备关键技术及示范");
}

#[test]
fn an_overlaid_load_writes_nothing() {
    let dir = copy();
    let before = listing(dir.path());
    let mut source = Source::disk(dir.path());
    source.insert(PROJECTS, text(PROJECTS).replace("2860", "2861"));
    source.insert("evidence/9-9-新文件.pdf", example(PDF));
    source.insert("sections/images/图.png", example(SCAN));
    source.remove("tables/events.yaml");
    load_from(&source, None).unwrap();
    assert_eq!(listing(dir.path()), before);
}

#[test]
fn evidence_held_only_in_memory_is_read_and_inspected() {
    let dir = copy();
    std::fs::remove_file(dir.path().join(SCAN)).unwrap();
    std::fs::remove_file(dir.path().join(PDF)).unwrap();
    let mut source = Source::disk(dir.path());
    source.insert(SCAN, example(SCAN));
    source.insert(PDF, example(PDF));
    let loaded = load_from(&source, None).unwrap();
    assert_eq!(errors(&loaded), Vec::<String>::new());
    let assets = &loaded.report.unwrap().assets;
    assert_eq!(assets.get(SCAN).map(|a| a.format()), Some(Format::Png));
    assert_eq!(assets.get(PDF).map(|a| a.format()), Some(Format::Pdf));
    assert!(!assets.get(PDF).unwrap().pages().is_empty());
}

#[test]
fn an_image_held_only_in_memory_is_placed_in_an_answer() {
    let dir = copy();
    let md = "sections/innovation.md";
    let mut source = Source::disk(dir.path());
    source.insert(md, text(md).replacen("。\n", "。\n\n![会场](images/会场.png)\n", 1));
    source.insert("sections/images/会场.png", example(SCAN));
    let loaded = load_from(&source, None).unwrap();
    assert_eq!(errors(&loaded), Vec::<String>::new());
    let assets = &loaded.report.unwrap().assets;
    let (rel, asset) = assets.lookup("sections", "images/会场.png").unwrap().unwrap();
    assert_eq!((rel, asset.format()), ("sections/images/会场.png", Format::Png));
    assert!(!dir.path().join("sections/images").exists());
}

#[test]
fn an_overlaid_file_named_in_other_case_is_refused_with_the_case_message() {
    let dir = copy();
    let mut source = Source::disk(dir.path());
    source.remove(PROJECTS);
    source.insert("tables/Projects.yaml", text(PROJECTS));
    let loaded = load_from(&source, None).unwrap();
    assert!(loaded.report.is_none());
    let expected = "缺少文件 tables/projects.yaml：文件夹里有 tables/Projects.yaml，大小写不同";
    assert!(messages(&loaded).contains(&expected.to_owned()), "{:?}", messages(&loaded));
}

#[test]
fn a_file_marked_absent_is_missing_though_the_disk_has_it() {
    let dir = copy();
    let mut source = Source::disk(dir.path());
    source.remove("tables/events.yaml");
    source.remove(PDF);
    let loaded = load_from(&source, None).unwrap();
    assert!(messages(&loaded).contains(&"缺少文件 tables/events.yaml".to_owned()));
    source.insert("tables/events.yaml", text("tables/events.yaml"));
    let report = load_from(&source, None).unwrap().report.expect("the report loads");
    assert!(matches!(report.assets.lookup("", PDF), Some(Err(FileProblem::Missing { .. }))));
}

#[test]
fn files_held_only_in_memory_are_seen_by_the_folder_walks() {
    let dir = copy();
    let mut source = Source::disk(dir.path());
    source.insert("tables/old.yaml", "projects: []\n");
    source.insert("evidence/9-9-新文件.pdf", example(PDF));
    let loaded = load_from(&source, None).unwrap();
    assert!(messages(&loaded).iter().any(|m| m.starts_with("文件 tables/old.yaml 不属于")));
    let report = loaded.report.expect("the report loads");
    assert_eq!(report.evidence_folder, ["evidence/9-9-新文件.pdf"]);
}

#[test]
fn a_report_held_wholly_in_memory_loads_as_from_disk() {
    let mut source = Source::memory();
    for entry in walkdir::WalkDir::new(EXAMPLE).into_iter().map(Result::unwrap) {
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(EXAMPLE).unwrap().to_string_lossy().replace('\\', "/");
            source.insert(&rel, std::fs::read(entry.path()).unwrap());
        }
    }
    let (memory, disk) = (load_from(&source, None).unwrap(), load(Path::new(EXAMPLE)).unwrap());
    assert_eq!(messages(&memory), messages(&disk));
    let (memory, disk) = (memory.report.unwrap(), disk.report.unwrap());
    assert_eq!(crate::diff::reports(&disk, &memory), crate::diff::reports(&disk, &disk));
    let digests = |r: &Report| r.assets.iter().map(|(p, a)| (p.to_owned(), a.digest)).collect::<Vec<_>>();
    assert_eq!(digests(&memory), digests(&disk));
}

#[test]
fn an_earlier_loads_files_are_taken_not_read_again() {
    let dir = copy();
    let first = load(dir.path()).unwrap().report.unwrap();
    // The scan is spoilt on disk, keeping its size: only a load that reads
    // it again sees that.
    let size = example(SCAN).len();
    std::fs::write(dir.path().join(SCAN), vec![0u8; size]).unwrap();
    let mut source = Source::disk(dir.path());
    source.insert(PROJECTS, text(PROJECTS));
    let reused = load_from(&source, Some(&first.assets)).unwrap();
    assert_eq!(errors(&reused), Vec::<String>::new());
    let digest = |r: &Report| r.assets.get(SCAN).map(|a| a.digest);
    assert_eq!(digest(reused.report.as_ref().unwrap()), digest(&first));
    let fresh = load_from(&source, None).unwrap();
    assert!(matches!(fresh.report.unwrap().assets.lookup("", SCAN), Some(Err(FileProblem::Unsupported(_)))));
}

#[test]
fn a_file_held_in_memory_is_inspected_though_an_earlier_load_read_it() {
    let dir = copy();
    let first = load(dir.path()).unwrap().report.unwrap();
    let mut source = Source::disk(dir.path());
    // Same size, other content.
    let mut other = example(SCAN);
    other[0] = 0;
    source.insert(SCAN, other);
    let loaded = load_from(&source, Some(&first.assets)).unwrap();
    assert!(matches!(loaded.report.unwrap().assets.lookup("", SCAN), Some(Err(FileProblem::Unsupported(_)))));
}
