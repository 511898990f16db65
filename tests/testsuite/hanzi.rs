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
        let font = typst::text::Font::new(typst::foundations::Bytes::new(data), 0).unwrap();
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

#[test]
fn names_outside_the_bmp_print_in_the_members_the_projects_and_the_achievements() {
    let dir = scratch("hanzi-names");
    copy_dir(&example(), &dir);
    let project = ("煤基高性能碳纤维原丝制备关键技术及示范", "煤基𬭚𬬭𫟼碳纤维原丝制备关键技术及示范");
    let edits = [
        ("report.yaml", "chairman: 王建国", "chairman: 王𬌗国"),
        ("members.yaml", "role: 联盟牵头单位", "role: 𫖮𬍤联盟牵头单位"),
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
    for name in ["王𬌗国", "𫖮𬍤联盟牵头单位", "煤基𬭚𬬭𫟼碳纤维", "赵志𬌗"] {
        assert!(text.contains(name), "{name} is not in the PDF's text");
    }
}
