//! Names as the national registers spell them (issue 15): every character
//! of the 通用规范汉字表 (8,105, 196 of them outside the BMP) has a glyph in
//! each embedded Noto face, and a report naming people and companies with
//! supplementary-plane characters builds with them in its text.

use super::*;

/// The 8,105 characters, from the committed list (fixtures/hanzi).
fn table() -> Vec<char> {
    let text = std::fs::read_to_string(fixture("hanzi/tgh-8105.txt")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| {
            let code = l.split('\t').next().unwrap().trim_start_matches("U+");
            char::from_u32(u32::from_str_radix(code, 16).unwrap()).unwrap()
        })
        .collect()
}

#[test]
fn every_character_of_the_general_standard_table_is_in_all_four_faces() {
    let table = table();
    assert_eq!(table.len(), 8105);
    assert_eq!(table.iter().filter(|&&c| c as u32 >= 0x20000).count(), 196);
    let faces =
        ["NotoSerifCJKsc-Regular", "NotoSerifCJKsc-Bold", "NotoSansCJKsc-Regular", "NotoSansCJKsc-Bold"];
    for face in faces {
        let (_, data) = alliance_report::compile::Fonts::embedded_files()
            .find(|(name, _)| name.starts_with(face))
            .unwrap_or_else(|| panic!("{face} is not embedded"));
        let font = typst::text::Font::new(data, 0).unwrap();
        let missing: Vec<String> = table
            .iter()
            .filter(|&&c| !font.info().coverage.contains(c as u32))
            .map(|c| format!("{c} U+{:04X}", *c as u32))
            .collect();
        assert!(
            missing.is_empty(),
            "{face} lacks {} of the 8,105: {:?}",
            missing.len(),
            &missing[..missing.len().min(20)]
        );
    }
}

/// Assigned code points of the ideograph blocks (Unicode 15), by block.
const BLOCKS: [(&str, u32, u32); 10] = [
    ("基本区", 0x4E00, 0x9FFF),
    ("扩展A", 0x3400, 0x4DBF),
    ("扩展B", 0x20000, 0x2A6DF),
    ("扩展C", 0x2A700, 0x2B739),
    ("扩展D", 0x2B740, 0x2B81D),
    ("扩展E", 0x2B820, 0x2CEA1),
    ("扩展F", 0x2CEB0, 0x2EBE0),
    ("兼容", 0xF900, 0xFA6D),
    ("兼容", 0xFA70, 0xFAD9),
    ("兼容补充", 0x2F800, 0x2FA1D),
];

fn uncovered(lo: u32, hi: u32) -> Vec<String> {
    let fonts = alliance_report::compile::Fonts::embedded();
    (lo..=hi).filter(|&c| !fonts.covers(char::from_u32(c).unwrap())).map(|c| format!("U+{c:04X}")).collect()
}

#[test]
fn every_ideograph_up_to_extension_f_prints() {
    for (block, lo, hi) in BLOCKS {
        let missing = uncovered(lo, hi);
        assert!(
            missing.is_empty(),
            "{block}: {} unprintable, {:?}",
            missing.len(),
            &missing[..missing.len().min(20)]
        );
    }
}

/// Extensions G and H (Unicode 13, 15) as far as BabelStone Han reaches;
/// the counts are the ones fonts/README.md gives.
#[test]
fn extensions_g_and_h_print_as_far_as_an_open_font_reaches() {
    let printable = |lo: u32, hi: u32| (hi - lo + 1) as usize - uncovered(lo, hi).len();
    assert_eq!(printable(0x30000, 0x3134A), 3045, "扩展G");
    assert_eq!(printable(0x31350, 0x323AF), 2271, "扩展H");
    let fonts = alliance_report::compile::Fonts::embedded();
    assert!(['☐', '☑', '☒'].iter().all(|&c| fonts.covers(c)), "the tick boxes print");
}

#[test]
fn names_outside_the_bmp_print_in_the_members_the_projects_and_the_achievements() {
    let dir = scratch("hanzi-names");
    copy_dir(&example(), &dir);
    let project = ("煤基高性能碳纤维原丝制备关键技术及示范", "煤基𬭚𬬭𫟼碳纤维原丝制备关键技术及示范");
    let edits = [
        ("report.yaml", "chairman: 王建国", "chairman: 王𬌗国"),
        // Noto, HanaMinB (Extensions B and F), BabelStone Han (G), HanaMinA.
        ("members.yaml", "role: 联盟牵头单位", "role: 𫖮𬍤𪛖𮯠𰀀\u{FA6D}联盟牵头单位☑"),
        // A project's name, and the evidence that names it.
        ("tables/projects.yaml", project.0, project.1),
        ("evidence/evidence.yaml", project.0, project.1),
        ("tables/achievements.yaml", "people: [赵志刚, 孙丽娟, 周海涛]", "people: [赵志𬌗, 孙丽娟, 周海涛]"),
    ];
    for (file, from, to) in edits {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file}: “{from}” not found; the example changed");
        std::fs::write(&path, text.replace(from, to)).unwrap();
    }
    let out = dir.with_extension("pdf");
    build(&dir, &out);
    let text = pdf_text(&out);
    for name in ["王𬌗国", "𫖮𬍤𪛖𮯠𰀀\u{FA6D}联盟牵头单位☑", "煤基𬭚𬬭𫟼碳纤维", "赵志𬌗"]
    {
        assert!(text.contains(name), "{name} is not in the PDF's text");
    }
    let fonts: Vec<String> = pdf::read(&out).fonts().into_iter().map(|f| f.name).collect();
    for face in ["NotoSerifCJKsc-Regular", "HanaMinA", "HanaMinB", "BabelStoneHan"] {
        assert!(fonts.iter().any(|f| f.starts_with(face)), "{face} is not embedded: {fonts:?}");
    }
}

/// Text pasted from web pages and WeChat carries zero-width spaces, soft
/// hyphens, BOMs and direction marks. They print nothing and are left out of
/// the PDF's text too, so that searching it for a name finds the name.
#[test]
fn pasted_invisible_characters_do_not_reach_the_pdf() {
    let dir = scratch("hanzi-invisible");
    copy_dir(&example(), &dir);
    let pasted = "联盟\u{200B}牵头\u{AD}单位\u{200D}负责\u{2060}日常\u{FEFF}运行\u{200E}工作";
    let edits = [
        ("members.yaml", "role: 联盟牵头单位", format!("role: {pasted}")),
        ("sections/operation.md", "认定以来", "认\u{200B}定\u{AD}以\u{FEFF}来".to_owned()),
    ];
    for (file, from, to) in &edits {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file}: “{from}” not found; the example changed");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }
    let out = dir.with_extension("pdf");
    build(&dir, &out);
    let text = pdf_text(&out);
    assert!(text.contains("联盟牵头单位负责日常运行工作"), "the role is not in the PDF's text as shown");
    assert!(squeeze(&text).contains("认定以来"), "the paragraph is not in the PDF's text as shown");
    let left: Vec<String> = text
        .chars()
        .filter(|&c| matches!(c, '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}'))
        .map(|c| format!("U+{:04X}", c as u32))
        .collect();
    assert!(left.is_empty(), "invisible characters in the PDF's text: {left:?}");
}
