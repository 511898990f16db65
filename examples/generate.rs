//! Writes a synthetic report for benchmarks:
//! `cargo run --release --example generate -- large|huge DIR`.

#[path = "../benches/synthetic/mod.rs"]
mod synthetic;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(size), Some(dir)) = (args.first().and_then(|s| synthetic::size(s)), args.get(1)) else {
        eprintln!("usage: generate large|huge DIR");
        return ExitCode::from(2);
    };
    let example = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("example-report");
    match synthetic::write(&example, &PathBuf::from(dir), size) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("generate: {err}");
            ExitCode::from(2)
        }
    }
}
