//! Snapshots of the typst the templates generate for a small fixture, so a
//! change of layout or escaping shows up in review as a diff of typst. The
//! fixture leaves most cells empty on purpose: it is built as a draft.

use super::*;

#[test]
fn generated_typst_of_the_minimal_report() {
    let generated =
        alliance_report::generate(&fixture("minimal"), false, &alliance_report::compile::Fonts::embedded())
            .unwrap();
    let (source, diagnostics) = (generated.main, generated.diagnostics);
    assert!(diagnostics.iter().any(|d| d.is_error()), "the fixture leaves required cells empty");
    insta::assert_snapshot!(source.expect("the minimal report loads"));
}

#[test]
fn minimal_report_builds_and_prints_none_for_empty_cells() {
    let out = scratch("minimal").join("report.pdf");
    let output = run(&[
        "build".as_ref(),
        fixture("minimal").as_os_str(),
        "--draft".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    // A written draft succeeds; its errors are counted on stderr.
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stderr).contains("这是草稿：其中有"));
    let text = pdf_text(&out);
    assert!(text.contains("无"), "no 无 in an empty report");
    assert!(text.contains("草稿"), "no draft mark");
    assert!(text.contains("缺少图片：images/none.png"), "a missing image is a marked placeholder in a draft");
    assert!(text.contains(&squeeze("#read(\"/etc/passwd\") $x$ @ref <label> // ~ \\ ]")), "{text}");
}
