//! Snapshots of the typst the templates generate for a small fixture, so a
//! change of layout or escaping shows up in review as a diff of typst.

use super::*;

#[test]
fn generated_typst_of_the_minimal_report() {
    let (source, diagnostics) = alliance_report::generate(&fixture("minimal"), false).unwrap();
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    insta::assert_snapshot!(source.unwrap());
}

#[test]
fn minimal_report_builds_and_prints_none_for_empty_cells() {
    let out = scratch("minimal").join("report.pdf");
    build(&fixture("minimal"), &out);
    let text = pdf_text(&out);
    assert!(text.contains("无"), "no 无 in an empty report");
    assert!(text.contains(&squeeze("#read(\"/etc/passwd\") $x$ @ref <label> // ~ \\ ]")), "{text}");
}
