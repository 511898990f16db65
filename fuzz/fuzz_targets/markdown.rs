//! Fuzzes the Markdown → typst converter: it must never panic, and whatever
//! it writes must parse as typst markup without a syntax error.

#![no_main]

use libfuzzer_sys::fuzz_target;

// The converter's own sources, so that this crate does not depend on (and
// build typst with sanitizer flags for) the main crate. `markdown.rs` refers
// to `crate::escape`, which is this file's `escape` module.
#[allow(dead_code)]
#[path = "../../src/escape.rs"]
mod escape;
#[allow(dead_code)]
#[path = "../../src/markdown/mod.rs"]
mod markdown;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let image = |dest: &str| Some((format!("/sections/{dest}"), "png"));
    let options = markdown::Options { image: &image };
    let converted = markdown::to_typst(text, &options);
    let root = typst_syntax::parse(&converted.typst);
    if root.diagnosis().errors {
        let errors: Vec<String> = root.errors_and_warnings().0.into_iter().map(|e| e.message.to_string()).collect();
        panic!("the converter wrote invalid typst: {errors:?}\n--- typst ---\n{}", converted.typst);
    }
});
