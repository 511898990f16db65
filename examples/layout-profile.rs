//! Where typst's layout of a report spends its time: `cargo run --example
//! layout-profile -- DIR [MAIN.typ] [N]` lays the report out N times cold
//! (typst's memo evicted each time) and prints the median; with
//! `LAYOUT_TRACE=FILE` it also writes typst's own timing spans as a Chrome
//! trace, and with `LAYOUT_PDF=FILE` the PDF. MAIN.typ replaces the generated source, to try a change to it.

use std::path::PathBuf;
use std::time::Instant;

use alliance_report::compile::{self, Fonts, ReportWorld};

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("DIR"));
    let replacement = args.next().filter(|a| a != "-");
    let runs: usize = args.next().map_or(5, |n| n.parse().expect("N"));
    let fonts = Fonts::embedded();
    let generated = alliance_report::generate(&dir, false, &fonts).expect("generate");
    let main = match replacement {
        Some(path) => std::fs::read_to_string(path).expect("MAIN.typ"),
        None => generated.main.expect("the report loads"),
    };
    let mut times = Vec::new();
    let mut cpu = Vec::new();
    for _ in 0..runs {
        typst::comemo::evict(0);
        let world = ReportWorld::new(main.clone(), generated.assets.clone(), fonts.clone());
        let started = Instant::now();
        let cpu_started = cpu_ms();
        let document = compile::layout(&world).expect("layout");
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        cpu.push(cpu_ms() - cpu_started);
        std::hint::black_box(document);
    }
    let first = times[0];
    times.sort_by(f64::total_cmp);
    cpu.sort_by(f64::total_cmp);
    println!("first layout of the process (fonts hashed, parsed): {first:.1} ms");
    println!(
        "layout: median {:.1} ms, min {:.1} ms; CPU median {:.1} ms, min {:.1} ms",
        times[times.len() / 2],
        times[0],
        cpu[cpu.len() / 2],
        cpu[0]
    );
    if let Some(pdf) = std::env::var_os("LAYOUT_PDF") {
        let world = ReportWorld::new(main.clone(), generated.assets.clone(), fonts.clone());
        let document = compile::layout(&world).expect("layout");
        std::fs::write(pdf, compile::export(&world, &document).expect("export")).expect("PDF");
    }
    if let Some(trace) = std::env::var_os("LAYOUT_TRACE") {
        typst::comemo::evict(0);
        let world = ReportWorld::new(main.clone(), generated.assets.clone(), fonts.clone());
        typst_timing::enable();
        compile::layout(&world).expect("layout");
        typst_timing::disable();
        let file = std::fs::File::create(trace).expect("trace");
        typst_timing::export_json(std::io::BufWriter::new(file), |raw| place(&world, raw)).expect("export");
    }
}

/// A span's file and line, for the trace.
fn place(world: &ReportWorld, raw: std::num::NonZeroU64) -> (String, u32) {
    use typst::{World, WorldExt};
    let span = typst::syntax::Span::from_raw(raw);
    let Some(id) = span.id() else { return (String::new(), 0) };
    let Ok(source) = world.source(id) else { return (String::new(), 0) };
    let line = world.range(span).and_then(|r| source.lines().byte_to_line(r.start));
    (format!("{:?}", id.vpath()), line.map_or(0, |l| l as u32 + 1))
}

/// The CPU time of the whole process (all threads), in ms: less disturbed
/// by other work on the machine than the elapsed time.
fn cpu_ms() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let ms = |t: libc::timeval| t.tv_sec as f64 * 1000.0 + t.tv_usec as f64 / 1000.0;
    ms(usage.ru_utime) + ms(usage.ru_stime)
}
