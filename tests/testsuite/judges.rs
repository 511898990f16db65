//! Each case that once made `check`, `build` and the editor's schema
//! disagree, one test each, run through the binary as a user runs it. The
//! agreement test (agreement.rs) covers the same classes over hundreds of
//! mutations; these name the verdict each case must have.

use std::path::Path;

use super::*;

/// `check` and `build` on `dir`: (check's exit code, its stderr, build's
/// exit code).
fn judge(dir: &Path) -> (Option<i32>, String, Option<i32>) {
    let check = run(&["check".as_ref(), dir.as_os_str()]);
    let out = dir.with_extension("pdf");
    let build = run(&["build".as_ref(), dir.as_os_str(), "-o".as_ref(), out.as_os_str()]);
    (check.status.code(), String::from_utf8_lossy(&check.stderr).into_owned(), build.status.code())
}

/// A copy of the example whose answer to 二（1） ends with `![图](written)`,
/// with `bytes` at `sections/images/name`.
fn with_image(test: &str, name: &str, bytes: &[u8], written: &str) -> PathBuf {
    let dir = scratch(&format!("judges-{test}"));
    copy_dir(&example(), &dir);
    std::fs::create_dir_all(dir.join("sections/images")).unwrap();
    std::fs::write(dir.join("sections/images").join(name), bytes).unwrap();
    let path = dir.join("sections/operation.md");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("\n# （2）"), "the example changed");
    std::fs::write(&path, text.replacen("\n# （2）", &format!("\n![图]({written})\n\n# （2）"), 1)).unwrap();
    dir
}

fn palette_png() -> Vec<u8> {
    std::fs::read(fixture("producers").join("palette.png")).unwrap()
}

/// The typst source generated for `dir` places every image it names.
fn no_placeholder(dir: &Path) -> bool {
    let fonts = alliance_report::compile::Fonts::embedded();
    let generated = alliance_report::generate(dir, false, &fonts).unwrap();
    !generated.main.unwrap().contains("#md-image(none")
}

#[test]
fn an_image_written_through_another_folder_of_the_report_prints() {
    for (test, written) in [("up", "../evidence/1-1-会场照片.jpg"), ("dots", "./images/../images/图.png")]
    {
        let dir = with_image(test, "图.png", &palette_png(), written);
        let (check, stderr, build) = judge(&dir);
        assert_eq!((check, build), (Some(0), Some(0)), "{written}: {stderr}");
        assert!(no_placeholder(&dir), "{written}: the PDF has a 缺少图片 box");
    }
}

#[test]
fn a_damaged_section_image_is_a_located_error_of_check_and_of_build() {
    let truncated = std::fs::read(fixture("producers").join("rgb16-truncated.png")).unwrap();
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><g><rect".to_vec();
    for (test, name, bytes, message) in [
        ("truncated", "图.png", truncated, "已损坏"),
        ("empty", "图.png", Vec::new(), "是空的"),
        ("svg", "图.svg", svg, "已损坏"),
    ] {
        let dir = with_image(test, name, &bytes, &format!("images/{name}"));
        let (check, stderr, build) = judge(&dir);
        assert_eq!(check, Some(1), "{test}: {stderr}");
        assert_eq!(
            build,
            Some(1),
            "{test}: build must refuse as check does, with exit 1 (2 is for the environment)"
        );
        assert!(
            stderr.contains(message) && stderr.contains("--> sections/operation.md:"),
            "{test}: {stderr}"
        );
    }
}

#[test]
fn a_jpeg_named_png_prints_as_the_jpeg_it_is() {
    let jpeg = std::fs::read(fixture("producers").join("grey.jpg")).unwrap();
    let dir = with_image("jpeg-as-png", "图.png", &jpeg, "images/图.png");
    let (check, stderr, build) = judge(&dir);
    assert_eq!((check, build), (Some(0), Some(0)), "{stderr}");
    assert!(no_placeholder(&dir));
}

#[cfg(unix)]
#[test]
fn a_section_linked_from_outside_the_folder_is_neither_read_nor_shown() {
    let dir = scratch("judges-symlink");
    copy_dir(&example(), &dir);
    let outside = dir.with_extension("secret.md");
    std::fs::write(&outside, "# （1）\n\nSECRET-TOKEN-67890\n").unwrap();
    std::fs::remove_file(dir.join("sections/results.md")).unwrap();
    std::os::unix::fs::symlink(&outside, dir.join("sections/results.md")).unwrap();
    let (check, stderr, build) = judge(&dir);
    assert_eq!((check, build), (Some(1), Some(1)), "{stderr}");
    assert!(stderr.contains("sections/results.md 是指向报告文件夹之外的链接"), "{stderr}");
    assert!(!stderr.contains("SECRET-TOKEN"), "{stderr}");
    let fonts = alliance_report::compile::Fonts::embedded();
    let generated = alliance_report::generate(&dir, false, &fonts).unwrap();
    assert!(
        generated.sources.iter().all(|(_, text)| !text.contains("SECRET-TOKEN")),
        "the linked file was read"
    );
}

/// The edits of the issue that once split the schema from `check`, with the
/// verdict both must now give (true: accepted).
const EDITS: &[(&str, &str, &str, bool)] = &[
    // Leading zeros an unquoted number loses: refused by both, with a hint to quote.
    ("report.yaml", "standing_body_postcode: \"030025\"", "standing_body_postcode: 030025", false),
    ("report.yaml", "  postcode: \"030025\"", "  postcode: 030025", false),
    // Nothing is lost: accepted by both.
    ("report.yaml", "mobile: \"13935112468\"", "mobile: 13935112468", true),
    ("report.yaml", "recognized_on: 2019-11-20", "recognized_on: 2019.11", true),
    ("report.yaml", "end_year: 2024", "end_year: \"2024\"", true),
    ("report.yaml", "office_area: 180", "office_area: \"180\"", true),
    ("report.yaml", "secretariat_staff: 6", "secretariat_staff: \"6\"", true),
    ("report.yaml", "evidence_refs: true", "evidence_refs: yes", true),
    ("tables/achievements.yaml", "number: ZL 2020 1 0779126.9", "number: 2021", true),
    ("tables/platforms.yaml", "started: 2020-03", "started: 2021.12", true),
    // Typed with an input method's full-width forms: the same values.
    ("report.yaml", "platform_uses: 1360", "platform_uses: １３６０", true),
    ("report.yaml", "annual_budget: 85", "annual_budget: ８５．５", true),
    ("report.yaml", "  postcode: \"030025\"", "  postcode: ０３００２５", true),
    ("report.yaml", "mobile: \"13935112468\"", "mobile: １３９３５１１２４６８", true),
    ("report.yaml", "recognized_on: 2019-11-20", "recognized_on: ２０１９－１１－２０", true),
    (
        "report.yaml",
        "email: secretariat@sxmjxcl.example.cn",
        "email: ｓｅｃｒｅｔａｒｉａｔ＠ｓｘｍｊｘｃｌ．ｃｎ",
        true,
    ),
    // … and refused where the half-width value would be.
    ("report.yaml", "platform_uses: 1360", "platform_uses: １３６０ａ", false),
    ("report.yaml", "  postcode: \"030025\"", "  postcode: ０３００２", false),
    // Not filled in, or not a date: refused by both.
    ("report.yaml", "level: 省级", "level: null", false),
    ("report.yaml", "level: 省级", "level:", false),
    ("report.yaml", "recognized_on: 2019-11-20", "recognized_on: 2019-13-45", false),
    ("report.yaml", "level: 省级", "level: 市级", false),
    // Month 13 (once read as 2021-1-3), day 32, three decimals: refused by both.
    ("tables/projects.yaml", "started: 2021-12", "started: 2021-13", false),
    ("report.yaml", "recognized_on: 2019-11-20", "recognized_on: 2019-11-32", false),
    ("tables/projects.yaml", "total_investment: 2860", "total_investment: 2860.125", false),
    ("tables/projects.yaml", "total_investment: 2860", "total_investment: 2860.12", true),
];

#[test]
fn the_schema_and_check_give_each_edit_the_same_verdict() {
    let validators = super::agreement::validators();
    for (i, (file, from, to, accepted)) in EDITS.iter().enumerate() {
        let dir = scratch(&format!("judges-edit-{i}"));
        copy_dir(&example(), &dir);
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file}: “{from}” not found; the example changed");
        let text = text.replacen(from, to, 1);
        std::fs::write(&path, &text).unwrap();
        let check = run(&["check".as_ref(), dir.as_os_str()]);
        let stderr = String::from_utf8_lossy(&check.stderr);
        assert_eq!(check.status.success(), *accepted, "check on {to}: {stderr}");
        let json = super::agreement::as_json(&text);
        let errors: Vec<String> = validators[file].iter_errors(&json).map(|e| e.to_string()).collect();
        assert_eq!(errors.is_empty(), *accepted, "the schema on {to}: {errors:?}");
    }
}

#[test]
fn the_schemas_speak_chinese() {
    for spec in alliance_report::form::FILES {
        let text = std::fs::read_to_string(example().join("schemas").join(spec.schema)).unwrap();
        let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
        let mut english = Vec::new();
        walk(&schema, &mut |key, value| {
            if ["title", "description", "errorMessage", "patternErrorMessage", "markdownDescription"].contains(&key)
                && let Some(s) = value.as_str()
                && !s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
                // The form's own label for the address, as printed on it.
                && s != "E-mail"
            {
                english.push(format!("{key}: {s}"));
            }
        });
        assert!(english.is_empty(), "{}: text a user reads that is not Chinese: {english:?}", spec.schema);
        // Every judged property explains itself: yaml-language-server shows
        // `errorMessage` instead of the validator's English.
        let mut silent = Vec::new();
        walk(&schema, &mut |_, value| {
            if let Some(map) = value.as_object()
                && let Some(title) = map.get("title").and_then(|t| t.as_str())
                && ["anyOf", "pattern", "enum"].iter().any(|k| map.contains_key(*k))
                && !map.contains_key("errorMessage")
            {
                silent.push(title.to_owned());
            }
        });
        assert!(silent.is_empty(), "{}: properties with no errorMessage: {silent:?}", spec.schema);
    }
}

/// Every key and value of a schema, but for the YAML a snippet inserts
/// (`body`: keys of the file, not text to read).
fn walk(value: &serde_json::Value, f: &mut impl FnMut(&str, &serde_json::Value)) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map.iter().filter(|(k, _)| *k != "body") {
                f(k, v);
                walk(v, f);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, f)),
        _ => {}
    }
}

#[test]
fn a_missing_font_folder_is_an_error_of_the_environment() {
    let out = scratch("judges-font-path").join("r.pdf");
    let output = run(&[
        "build".as_ref(),
        example().as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--font-path".as_ref(),
        "/nonexistent-fonts".as_ref(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("找不到字体文件夹 /nonexistent-fonts"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn a_value_typed_full_width_prints_half_width() {
    let dir = scratch("judges-full-width");
    copy_dir(&example(), &dir);
    let path = dir.join("report.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replacen("platform_uses: 1360", "platform_uses: １３６０", 1).replacen(
        "  postcode: \"030025\"",
        "  postcode: ０３００２５",
        1,
    );
    std::fs::write(&path, text).unwrap();
    let (check, stderr, build) = judge(&dir);
    assert_eq!((check, build), (Some(0), Some(0)), "{stderr}");
    assert!(!stderr.contains("警告"), "accepted without a word: {stderr}");
    let printed = pdf_text(&dir.with_extension("pdf"));
    assert!(!printed.contains('１') && !printed.contains('０'), "a full-width digit is printed");
    assert!(printed.contains("1360") && printed.contains("030025"));
}
