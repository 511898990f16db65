//! Writes a synthetic report for benchmarks:
//! `cargo run --release --example generate -- large|huge|evidence DIR`
//! ("evidence": the example with 200 pages of evidence from 30 files).

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
        (Some(name), Some(dir)) if synthetic::size(name).is_some() => {
            synthetic::write(&example, &PathBuf::from(dir), synthetic::size(name).unwrap())
        }
        _ => {
            eprintln!("usage: generate large|huge|evidence DIR");
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
