//! The integration tests: one binary, a module per feature, fixtures beside.
//!
//! PDFs are checked the way a person reads them: extracted text, page
//! count, page sizes and embedded fonts, read in Rust by [`pdf`]; the suite
//! needs nothing but the Rust toolchain.

mod accessibility;
mod agreement;
mod build;
mod check;
mod commonmark;
mod evidence;
mod generated;
mod hanzi;
mod judges;
mod links;
mod lsp;
mod merge;
mod outputs;
pub mod pdf;
mod producers;
mod properties;
mod reader;
mod robustness;
mod team;
mod typeset;
pub mod word;
mod workflows;
mod xlsx;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn example() -> PathBuf {
    repo().join("example-report")
}

pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/testsuite/fixtures").join(name)
}

/// Runs the built binary with `args`.
pub fn run(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_alliance-report")).args(args).output().expect("the binary runs")
}

/// Builds the report in `dir` into `out`; panics with the tool's output when
/// the build fails.
pub fn build(dir: &Path, out: &Path) {
    let output = run(&["build".as_ref(), dir.as_os_str(), "-o".as_ref(), out.as_os_str()]);
    assert!(
        output.status.success(),
        "build failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The PDF's text in reading order with all whitespace removed, so that
/// words broken across lines or cells still match.
pub fn pdf_text(pdf: &Path) -> String {
    pdf::read(pdf).squeezed()
}

pub fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Copies the folder `from` to `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A scratch folder for one test: outside this repository, so that a test
/// of `init` or of repository-relative paths does not see our own `.git`
/// (and never writes into our `.github/`).
pub fn scratch(name: &str) -> PathBuf {
    // One folder per checkout: two clones tested at once (a developer's
    // worktrees) must not remove each other's files.
    let checkout = env!("CARGO_MANIFEST_DIR")
        .bytes()
        .fold(0xcbf29ce484222325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100000001b3));
    let dir = std::env::temp_dir().join(format!("alliance-report-tests-{:08x}", checkout as u32)).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}
