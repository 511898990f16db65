//! Criterion benchmarks of the pipeline's stages, on the example report, the
//! synthetic "large" one and the example with 200 pages of evidence from 30
//! files (`benches/synthetic`):
//! load and check, render typst, typst layout, PDF export, and a rebuild
//! after editing one paragraph in the same process (what `watch` does; the
//! fonts and typst's memoised layout are kept); the font book, and the
//! unpacking of the largest fallback font; `xlsx export` of the large
//! report's 1,000 rows and their `xlsx import` into a new folder (a dry
//! run: everything but the writing).
//!
//! Run: `cargo bench --bench stages` (figures in the README).

mod synthetic;

use std::hint::black_box;
use std::path::{Path, PathBuf};

use alliance_report::compile::{self, Fonts, ReportWorld};
use alliance_report::summary::Figures;
use alliance_report::{check, load, render};
use criterion::{Criterion, criterion_group, criterion_main};

fn example() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("example-report")
}

/// The example, a generated large report, and the example with 200 pages
/// of evidence from 30 files, written once.
fn reports() -> Vec<(&'static str, PathBuf)> {
    let target = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target");
    let large = target.join("bench-large");
    if !large.join("report.yaml").exists() {
        synthetic::write(&example(), &large, synthetic::LARGE).expect("write the large report");
    }
    let evidence = target.join("bench-evidence");
    if !evidence.join("report.yaml").exists() {
        synthetic::write_with_evidence(&example(), &evidence, 30, 200).expect("write the evidence report");
    }
    vec![("example", example()), ("large", large), ("evidence", evidence)]
}

fn generated(dir: &Path) -> alliance_report::Generated {
    alliance_report::generate(dir, false, &Fonts::embedded()).expect("generate")
}

fn stages(c: &mut Criterion) {
    let fonts = Fonts::embedded();
    for (name, dir) in reports() {
        let mut group = c.benchmark_group(name);
        group.sample_size(10);
        group.bench_function("load and check", |b| {
            b.iter(|| {
                let report = load::load(&dir).expect("load").report.expect("the report loads");
                let figures = Figures::of(&report);
                black_box(check::check(&report, &figures, &|ch| fonts.covers(ch)))
            })
        });
        let report = load::load(&dir).expect("load").report.expect("the report loads");
        let figures = Figures::of(&report);
        group.bench_function("render typst", |b| {
            b.iter(|| black_box(render::render(&report, &figures, false)))
        });
        let generated = generated(&dir);
        let main = generated.main.expect("the report loads");
        group.bench_function("typst layout", |b| {
            b.iter(|| {
                // Cold, as one `build` is: typst's memoised layout from the
                // previous iteration would otherwise be reused.
                typst::comemo::evict(0);
                let world = ReportWorld::new(main.clone(), generated.assets.clone(), fonts.clone());
                black_box(compile::layout(&world).expect("layout"))
            })
        });
        let world = ReportWorld::new(main.clone(), generated.assets.clone(), fonts.clone());
        let document = compile::layout(&world).expect("layout");
        group.bench_function("PDF export", |b| b.iter(|| black_box(compile::export(&world, &document))));
        group.finish();
    }
}

/// A rebuild after one paragraph of a section file changed, as `watch`
/// does it (`Builder`): fonts loaded once, typst's memoised work from
/// the previous build still in the process; load, check, render, layout,
/// export and the atomic write run.
fn rebuild(c: &mut Criterion) {
    let fonts = Fonts::embedded();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-rebuild");
    copy_dir(&example(), &dir);
    let section = dir.join("sections/operation.md");
    let original = std::fs::read_to_string(&section).expect("operation.md");
    let paragraph = original.find("认定以来").expect("a paragraph of 二(1) in the example");
    let config = alliance_report::BuildConfig {
        dir: dir.clone(),
        output: dir.join("report.pdf"),
        draft: false,
        font_paths: Vec::new(),
        emit_typst: None,
    };
    let mut builder = alliance_report::Builder::new(fonts);
    let mut n = 0u64;
    c.bench_function("example/rebuild after editing one paragraph", |b| {
        b.iter(|| {
            n += 1;
            let mut edited = original.clone();
            edited.insert_str(paragraph, &format!("（第{n}次修改）"));
            std::fs::write(&section, edited).expect("write");
            black_box(builder.build(&config, &mut |_| {}).expect("build"))
        })
    });
}

/// The fonts: the embedded book (what every run pays), and unpacking and
/// parsing the largest fallback (what the first document with an Extension
/// B-F character pays, once per process).
fn fonts(c: &mut Criterion) {
    let mut group = c.benchmark_group("fonts");
    group.sample_size(10);
    group.bench_function("embedded book", |b| b.iter(|| black_box(Fonts::embedded())));
    let hana_b =
        || Fonts::embedded_files().find(|(name, _)| name.starts_with("HanaMinB")).expect("HanaMinB").1;
    group.bench_function("unpack HanaMinB", |b| b.iter(|| black_box(hana_b())));
    let data = hana_b();
    group.bench_function("parse HanaMinB", |b| {
        b.iter(|| black_box(typst::text::Font::new(data.clone(), 0).expect("HanaMinB parses")))
    });
    group.finish();
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

fn xlsx(c: &mut Criterion) {
    let large = reports().into_iter().find(|(name, _)| *name == "large").expect("large").1;
    // Outside this repository: `init` inside it would write its workflow
    // into our own .github/.
    let target = std::env::temp_dir().join("alliance-report-bench-xlsx");
    let _ = std::fs::remove_dir_all(&target);
    std::fs::create_dir_all(&target).expect("scratch");
    let book = target.join("large.xlsx");
    let fresh = target.join("new");
    alliance_report::init::init(&fresh).expect("init");
    let mut group = c.benchmark_group("xlsx");
    group.sample_size(10);
    group.bench_function("export 1000 rows", |b| {
        b.iter(|| black_box(alliance_report::xlsx::export(&large, &book, None).expect("export")))
    });
    group.bench_function("import 1000 rows", |b| {
        b.iter(|| {
            let imported = alliance_report::xlsx::import(
                &fresh,
                std::slice::from_ref(&book),
                alliance_report::xlsx::Options { dry_run: true, ..Default::default() },
            )
            .expect("import");
            assert_eq!(imported.added, 1000);
            black_box(imported)
        })
    });
    group.finish();
}

criterion_group!(benches, stages, rebuild, fonts, xlsx);
criterion_main!(benches);
