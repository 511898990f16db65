//! Fuzzes load's YAML side: the one parse of a file into its spanned tree,
//! and the reading of that tree by the catalogue as each file of a report
//! (every problem described in Chinese, at a place inside the text). Neither
//! may panic, hang or overflow the stack.

#![no_main]

use alliance_report::{form, load, yaml};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let parsed = yaml::parse(text);
    for p in &parsed.problems {
        assert!(p.at <= text.len(), "a problem outside the text");
        assert!(!p.message.is_empty(), "a problem without a message");
    }
    let lines = text.lines().count().max(1);
    for spec in form::FILES {
        let (_, diagnostics) = load::read_file(spec, text);
        for d in diagnostics {
            assert!(!d.message.is_empty(), "a problem without a message");
            assert!(d.line <= lines + 1, "line {} of {lines}", d.line);
        }
    }
});
