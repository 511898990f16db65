//! Prints what the test suite reads from PDFs, for `tools/crosscheck.sh`,
//! which compares it with poppler's:
//! `cargo run --example pdf-text -- FILE.pdf…` prints, for each file, one
//! line per page: `FILE<TAB>PAGE<TAB>TEXT`, the page's text with all
//! whitespace removed.

#[allow(dead_code)]
#[path = "../tests/testsuite/pdf.rs"]
mod pdf;

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut status = ExitCode::SUCCESS;
    for file in std::env::args().skip(1) {
        let data = match std::fs::read(&file) {
            Ok(data) => data,
            Err(err) => {
                eprintln!("pdf-text: {file}: {err}");
                status = ExitCode::from(2);
                continue;
            }
        };
        match pdf::parse(data) {
            Ok(document) => {
                for (i, page) in document.pages.iter().enumerate() {
                    println!("{file}\t{}\t{}", i + 1, page.squeezed());
                }
            }
            Err(err) => {
                println!("{file}\tunreadable\t{err:?}");
            }
        }
    }
    status
}
