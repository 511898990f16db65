//! The structure of the written document, read back from its zip: merges,
//! header rows, sections and footers, images, footnotes, escaping, and the
//! same bytes from the same document.

use super::*;

fn bytes() -> Vec<u8> {
    sample().to_bytes().unwrap()
}

/// The tables of the body, in order (nested tables after their parent).
fn tables(document: &Node) -> Vec<&Node> {
    document.all("w:tbl")
}

fn cells(row: &Node) -> Vec<&Node> {
    row.children.iter().filter(|c| c.name == "w:tc").collect()
}

fn cell_property<'a>(cell: &'a Node, name: &str) -> Option<&'a Node> {
    cell.child("w:tcPr")?.child(name)
}

#[test]
fn writes_a_two_level_header_with_spans_merges_and_repeated_rows() {
    let document = part(&bytes(), "word/document.xml");
    let table = tables(&document).into_iter().find(|t| t.texts().contains("直接经济效益")).unwrap();
    let rows: Vec<&Node> = table.children.iter().filter(|c| c.name == "w:tr").collect();
    let header = |row: &Node| row.child("w:trPr").and_then(|p| p.child("w:tblHeader")).is_some();
    assert!(header(rows[0]) && header(rows[1]), "both header rows repeat");
    assert!(rows[2..].iter().all(|r| !header(r)), "no body row repeats");
    assert!(rows.iter().all(|r| r.child("w:trPr").and_then(|p| p.child("w:cantSplit")).is_some()));

    let (top, below) = (cells(rows[0]), cells(rows[1]));
    assert_eq!(top.len(), 7);
    assert_eq!(below.len(), 10);
    let span = top.iter().find(|c| c.texts() == "直接经济效益").unwrap();
    assert_eq!(cell_property(span, "w:gridSpan").unwrap().attr("w:val"), Some("4"));
    assert_eq!(cell_property(top[0], "w:vMerge").unwrap().attr("w:val"), Some("restart"));
    let continued = cell_property(below[0], "w:vMerge").unwrap();
    assert_eq!(continued.attr("w:val"), None, "a continuing cell is a bare vMerge, as Word writes it");
    assert_eq!(below[0].texts(), "");
    assert_eq!(below[5].texts(), "产值（万元）");

    // Widths: the grid fills the landscape text width, and a spanning
    // cell is as wide as its columns.
    let grid: Vec<u32> =
        table.all("w:gridCol").iter().map(|c| c.attr("w:w").unwrap().parse().unwrap()).collect();
    assert_eq!(grid.iter().sum::<u32>(), 16838 - 2 * 1800);
    let width = cell_property(span, "w:tcW").unwrap().attr("w:w").unwrap().parse::<u32>().unwrap();
    assert_eq!(width, grid[5..9].iter().sum::<u32>());
}

#[test]
fn writes_the_merged_vertical_column_of_the_summary_table() {
    let document = part(&bytes(), "word/document.xml");
    let table = tables(&document).into_iter().find(|t| t.texts().contains("联盟基本情况")).unwrap();
    let rows: Vec<&Node> = table.children.iter().filter(|c| c.name == "w:tr").collect();
    let first: Vec<&Node> = rows.iter().map(|r| cells(r)[0]).collect();
    assert_eq!(cell_property(first[0], "w:textDirection").unwrap().attr("w:val"), Some("tbRl"));
    assert_eq!(cell_property(first[0], "w:vMerge").unwrap().attr("w:val"), Some("restart"));
    for cell in &first[1..] {
        assert!(cell_property(cell, "w:vMerge").is_some_and(|m| m.attr("w:val").is_none()));
    }
    assert!(table.texts().contains("☐国家级  ☑省级"));
}

#[test]
fn writes_sections_portrait_landscape_portrait_with_their_footers() {
    let bytes = bytes();
    let document = part(&bytes, "word/document.xml");
    let sections = document.all("w:sectPr");
    let orient: Vec<&str> =
        sections.iter().map(|s| s.child("w:pgSz").unwrap().attr("w:orient").unwrap()).collect();
    assert_eq!(orient, ["portrait", "portrait", "landscape", "portrait"]);
    let landscape = sections[2].child("w:pgSz").unwrap();
    assert_eq!((landscape.attr("w:w"), landscape.attr("w:h")), (Some("16838"), Some("11906")));
    // The last section's properties close the body; the others sit in
    // their last paragraph.
    let body = document.child("w:document").unwrap().child("w:body").unwrap();
    assert_eq!(body.children.last().unwrap().name, "w:sectPr");
    assert_eq!(body.children.iter().filter(|c| c.name == "w:sectPr").count(), 1);
    assert_eq!(sections[1].child("w:pgNumType").unwrap().attr("w:start"), Some("1"));

    let rels = part(&bytes, "word/_rels/document.xml.rels");
    let target = |section: &Node| {
        let id = section.child("w:footerReference").unwrap().attr("r:id").unwrap().to_owned();
        let rel = rels.all("Relationship").into_iter().find(|r| r.attr("Id") == Some(&id)).unwrap();
        rel.attr("Target").unwrap().to_owned()
    };
    let targets: Vec<String> = sections.iter().map(|s| target(s)).collect();
    assert_eq!(targets, ["footer2.xml", "footer1.xml", "footer1.xml", "footer1.xml"]);
    let footer = part(&bytes, "word/footer1.xml");
    assert_eq!(footer.all("w:instrText")[0].text.trim(), "PAGE");
    assert_eq!(footer.all("w:jc")[0].attr("w:val"), Some("center"));
    assert!(part(&bytes, "word/footer2.xml").all("w:instrText").is_empty());
}

#[test]
fn ends_a_section_after_a_table_in_a_paragraph_of_its_own() {
    let mut doc = Document::default();
    doc.section(Section::new(Orientation::Portrait)).table(Table::new(vec![1000]).row(Row {
        cells: vec![Cell::paragraph(Paragraph::text(Style::TableText, "甲"))],
        ..Row::default()
    }));
    doc.section(Section::new(Orientation::Landscape)).paragraph(Paragraph::text(Style::Normal, "乙"));
    let document = part(&doc.to_bytes().unwrap(), "word/document.xml");
    let body = document.child("w:document").unwrap().child("w:body").unwrap();
    let names: Vec<&str> = body.children.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["w:tbl", "w:p", "w:p", "w:sectPr"]);
    assert!(body.children[1].child("w:pPr").unwrap().child("w:sectPr").is_some());
    // Every cell ends in a paragraph, an empty one too.
    assert!(document.all("w:tc").iter().all(|tc| tc.children.last().unwrap().name == "w:p"));
}

#[test]
fn keeps_two_tables_apart_with_a_paragraph_as_word_needs() {
    let table = || Table::new(vec![1000]).row(Row { cells: vec![Cell::new(vec![])], ..Row::default() });
    let mut doc = Document::default();
    let section = doc.section(Section::new(Orientation::Portrait));
    section.table(table());
    section.table(table());
    let document = part(&doc.to_bytes().unwrap(), "word/document.xml");
    let body = document.child("w:document").unwrap().child("w:body").unwrap();
    let names: Vec<&str> = body.children.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["w:tbl", "w:p", "w:tbl", "w:sectPr"]);
}

#[test]
fn embeds_the_image_through_a_relationship() {
    let bytes = bytes();
    let document = part(&bytes, "word/document.xml");
    let blip = document.all("a:blip")[0].attr("r:embed").unwrap().to_owned();
    let rels = part(&bytes, "word/_rels/document.xml.rels");
    let rel = rels.all("Relationship").into_iter().find(|r| r.attr("Id") == Some(&blip)).unwrap();
    assert_eq!(rel.attr("Target"), Some("media/image1.png"));
    let stored = unzip(&bytes).into_iter().find(|(n, _)| n == "word/media/image1.png").unwrap().1;
    assert_eq!(stored, png_of(120, 60));
    let extent = document.all("wp:extent")[0];
    // 120 × 60 px at 96 dpi: 1800 × 900 twips, 635 EMU a twip.
    assert_eq!((extent.attr("cx"), extent.attr("cy")), (Some("1143000"), Some("571500")));
    let types = part(&bytes, "[Content_Types].xml");
    assert!(types.all("Default").iter().any(|d| d.attr("Extension") == Some("png")));
}

#[test]
fn writes_the_footnote_with_its_separators() {
    let bytes = bytes();
    let document = part(&bytes, "word/document.xml");
    assert_eq!(document.all("w:footnoteReference")[0].attr("w:id"), Some("1"));
    let notes = part(&bytes, "word/footnotes.xml");
    let ids: Vec<&str> = notes.all("w:footnote").iter().map(|n| n.attr("w:id").unwrap()).collect();
    assert_eq!(ids, ["-1", "0", "1"]);
    assert!(notes.all("w:footnote")[2].texts().contains("认定时间见批复文件"));
    assert_eq!(part(&bytes, "word/settings.xml").all("w:footnote").len(), 2);
}

#[test]
fn declares_chinese_fonts_and_language_at_the_form_sizes() {
    let styles = part(&bytes(), "word/styles.xml");
    let lang = styles.all("w:lang")[0];
    assert_eq!(lang.attr("w:eastAsia"), Some("zh-CN"));
    let style =
        |id: &str| styles.all("w:style").into_iter().find(|s| s.attr("w:styleId") == Some(id)).unwrap();
    let look = |id: &str| {
        let s = style(id);
        let fonts = s.all("w:rFonts")[0].attr("w:eastAsia").unwrap().to_owned();
        (fonts, s.all("w:sz")[0].attr("w:val").unwrap().to_owned())
    };
    assert_eq!(look("Title"), ("黑体".to_owned(), "44".to_owned()));
    assert_eq!(look("Heading1"), ("黑体".to_owned(), "32".to_owned()));
    assert_eq!(look("Normal"), ("宋体".to_owned(), "24".to_owned()));
    assert_eq!(look("TableText"), ("宋体".to_owned(), "21".to_owned()));
}

#[test]
fn gives_the_same_bytes_for_the_same_document_in_a_fixed_order() {
    let (first, second) = (bytes(), bytes());
    assert!(first == second, "two builds differ");
    let names: Vec<String> = unzip(&first).into_iter().map(|(n, _)| n).collect();
    assert_eq!(&names[..3], ["[Content_Types].xml", "_rels/.rels", "docProps/core.xml"]);
    let mut zip = zip::ZipArchive::new(Cursor::new(&first[..])).unwrap();
    let time = zip.by_index(0).unwrap().last_modified().unwrap();
    assert_eq!((time.year(), time.month(), time.day()), (1980, 1, 1));
    assert!(part(&first, "docProps/core.xml").all("dcterms:created")[0].text.starts_with("2000-01-01"));
}

#[test]
fn escapes_user_text_and_drops_characters_xml_forbids() {
    let nasty = "<w:t>&amp;\"'\u{0}\u{1}\u{1B}\u{FFFF}]]>";
    let mut doc = Document::new(Properties { title: nasty.into(), author: nasty.into() });
    doc.section(Section::new(Orientation::Portrait)).paragraph(Paragraph::text(Style::Normal, nasty));
    let bytes = doc.to_bytes().unwrap();
    // Every part parses (quick-xml fails on anything not well-formed).
    for (name, data) in unzip(&bytes) {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            parse(std::str::from_utf8(&data).unwrap());
        }
    }
    let expected = "<w:t>&amp;\"']]>";
    assert_eq!(part(&bytes, "word/document.xml").texts(), expected);
    assert_eq!(part(&bytes, "docProps/core.xml").all("dc:title")[0].text, expected);
}

#[test]
fn turns_line_feeds_and_tabs_into_breaks_and_tabs() {
    let mut doc = Document::default();
    doc.section(Section::new(Orientation::Portrait)).paragraph(Paragraph::text(Style::Normal, "甲\n乙\t丙"));
    let document = part(&doc.to_bytes().unwrap(), "word/document.xml");
    let run = document.all("w:r")[0];
    let names: Vec<&str> = run.children.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["w:rPr", "w:t", "w:br", "w:t", "w:tab", "w:t"]);
}

fn refusal(table: Table) -> String {
    let mut doc = Document::default();
    doc.section(Section::new(Orientation::Portrait)).table(table);
    doc.to_bytes().unwrap_err().to_string()
}

#[test]
fn refuses_tables_whose_rows_or_merges_do_not_line_up() {
    let row = |cells: Vec<Cell>| Row { cells, ..Row::default() };
    let short = Table::new(vec![500, 500]).row(row(vec![Cell::new(vec![])]));
    assert!(refusal(short).contains("只有 1 列"));
    let long = Table::new(vec![500]).row(row(vec![Cell::new(vec![]).span(2)]));
    assert!(refusal(long).contains("超出"));
    let orphan = Table::new(vec![500]).row(row(vec![Cell::new(vec![])])).row(row(vec![Cell::continued(1)]));
    assert!(refusal(orphan).contains("合并起点"));
    let narrower = Table::new(vec![500, 500])
        .row(row(vec![Cell::new(vec![]).span(2).restart()]))
        .row(row(vec![Cell::continued(1), Cell::new(vec![])]));
    assert!(refusal(narrower).contains("合并起点"));
    let late = Table::new(vec![500])
        .row(row(vec![Cell::new(vec![])]))
        .row(Row { header: true, ..row(vec![Cell::new(vec![])]) });
    assert!(refusal(late).contains("表头行"));
}

#[test]
fn refuses_references_to_missing_images_and_footnotes() {
    let mut doc = Document::default();
    let image = Inline::Image(ImageRef { index: 0, width: 100, height: 100 });
    doc.section(Section::new(Orientation::Portrait)).paragraph(Paragraph::new(Style::Normal).inline(image));
    assert!(doc.to_bytes().unwrap_err().to_string().contains("图片"));
    let mut doc = Document::default();
    doc.section(Section::new(Orientation::Portrait))
        .paragraph(Paragraph::new(Style::Normal).inline(Inline::Footnote(0)));
    assert!(doc.to_bytes().unwrap_err().to_string().contains("脚注"));
}
