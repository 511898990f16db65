//! Writes a synthetic report for benchmarks:
//! `cargo run --release --example generate -- large|huge|evidence|scans|colour-scans|stamped|binder|binder-400|objects DIR`
//! ("evidence": the example with 200 pages of evidence from 30 files;
//! "scans": 600 grey JPEG scans of 1700 × 2300 pixels; "colour-scans": 300
//! in colour; "stamped": a 200-page scanned contract with an e-seal
//! annotation on every page; "binder": one PDF of 1,000 A4 scans at 150
//! dpi, "binder-400" of 400; "objects": a one-page PDF of 65,540 objects).

#[path = "../benches/synthetic/mod.rs"]
mod synthetic;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let example = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("example-report");
    let written = match (args.first().map(String::as_str), args.get(1)) {
        (Some("evidence"), Some(dir)) => {
            synthetic::write_with_evidence(&example, &PathBuf::from(dir), 30, 200)
        }
        // 600 grey A4 scans at 200 dpi (1700 × 2300), and 300 in colour.
        (Some("scans"), Some(dir)) => {
            synthetic::write_with_scans(&example, &PathBuf::from(dir), 600, 1700, 2300, false)
        }
        // A contract of 200 scanned pages, an e-seal annotation on each.
        (Some("stamped"), Some(dir)) => {
            synthetic::write_with_stamped_contract(&example, &PathBuf::from(dir), 200)
        }
        // One scanned binder in one PDF (issue 33).
        (Some("binder"), Some(dir)) => {
            synthetic::binder::write_with_binder(&example, &PathBuf::from(dir), 1000)
        }
        (Some("binder-400"), Some(dir)) => {
            synthetic::binder::write_with_binder(&example, &PathBuf::from(dir), 400)
        }
        (Some("objects"), Some(dir)) => {
            synthetic::binder::write_with_many_objects(&example, &PathBuf::from(dir))
        }
        (Some("colour-scans"), Some(dir)) => {
            synthetic::write_with_scans(&example, &PathBuf::from(dir), 300, 1700, 2300, true)
        }
        (Some(name), Some(dir)) if synthetic::size(name).is_some() => {
            synthetic::write(&example, &PathBuf::from(dir), synthetic::size(name).unwrap())
        }
        _ => {
            eprintln!(
                "usage: generate large|huge|evidence|scans|colour-scans|stamped|binder|binder-400|objects DIR"
            );
            return ExitCode::from(2);
        }
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("generate: {err}");
            ExitCode::from(2)
        }
    }
}
