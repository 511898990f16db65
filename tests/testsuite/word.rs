//! `alliance-report build --format docx` on the example: the Word file is
//! unzipped and its XML read with quick-xml, an independent reader, for
//! what Word needs and the form asks: every label in order, 一's merged
//! vertical column, the tables' two-level headers merged with `w:gridSpan`
//! and `w:vMerge`, header rows repeated (`w:tblHeader`) on the leading
//! rows only, landscape sections for 表1–表5, East Asian fonts, page
//! numbers, and the same bytes from the same report.

use std::io::Read;
use std::sync::OnceLock;

use quick_xml::events::Event;

use super::*;

/// The example's Word file, built once.
fn example_docx() -> &'static [u8] {
    static DOCX: OnceLock<Vec<u8>> = OnceLock::new();
    DOCX.get_or_init(|| {
        let out = scratch("word-example").join("report.docx");
        let output = run(&["build".as_ref(), example().as_os_str(), "-o".as_ref(), out.as_os_str()]);
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        std::fs::read(&out).unwrap()
    })
}

pub fn part(docx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    zip.by_name(name).unwrap_or_else(|_| panic!("no {name}")).read_to_string(&mut xml).unwrap();
    xml
}

/// An element of the XML: its name, attributes and children.
#[derive(Debug, Default)]
pub struct Node {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
    text: String,
}

impl Node {
    pub fn parse(xml: &str) -> Node {
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut stack = vec![Node::default()];
        let element = |e: &quick_xml::events::BytesStart| Node {
            name: e.name().as_ref().to_owned(),
            attrs: e
                .attributes()
                .map(|a| {
                    let a = a.unwrap();
                    let value = a.normalized_value(quick_xml::XmlVersion::Explicit1_0).unwrap();
                    (a.key.as_ref().to_owned(), value.into_owned())
                })
                .collect(),
            ..Node::default()
        };
        loop {
            match reader.read_event().unwrap() {
                Event::Start(e) => stack.push(element(&e)),
                Event::Empty(e) => stack.last_mut().unwrap().children.push(element(&e)),
                Event::End(_) => {
                    let node = stack.pop().unwrap();
                    stack.last_mut().unwrap().children.push(node);
                }
                Event::Text(t) => stack.last_mut().unwrap().text.push_str(&t.xml10_content()),
                Event::GeneralRef(r) => {
                    let text = match r.xml10_content().as_ref() {
                        "lt" => "<",
                        "gt" => ">",
                        "amp" => "&",
                        "quot" => "\"",
                        "apos" => "'",
                        other => panic!("unexpected entity {other}"),
                    };
                    stack.last_mut().unwrap().text.push_str(text);
                }
                Event::Eof => break,
                _ => {}
            }
        }
        stack.pop().unwrap()
    }

    fn all(&self, name: &str) -> Vec<&Node> {
        let mut found = Vec::new();
        for child in &self.children {
            if child.name == name {
                found.push(child);
            }
            found.extend(child.all(name));
        }
        found
    }

    fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    pub fn texts(&self) -> String {
        self.all("w:t").iter().map(|t| t.text.as_str()).collect()
    }

    fn rows(&self) -> Vec<&Node> {
        self.children.iter().filter(|c| c.name == "w:tr").collect()
    }

    fn cells(&self) -> Vec<&Node> {
        self.children.iter().filter(|c| c.name == "w:tc").collect()
    }

    /// A property of a cell (`w:tcPr`) or a row (`w:trPr`).
    fn property(&self, name: &str) -> Option<&Node> {
        self.child("w:tcPr").or_else(|| self.child("w:trPr"))?.child(name)
    }
}

fn body() -> Node {
    Node::parse(&part(example_docx(), "word/document.xml"))
}

/// The top-level tables of the body, in order.
fn tables(body: &Node) -> Vec<&Node> {
    body.child("w:document")
        .unwrap()
        .child("w:body")
        .unwrap()
        .children
        .iter()
        .filter(|c| c.name == "w:tbl")
        .collect()
}

/// The form's labels in the order of Word's rows: a two-level header's
/// spanning cell (直接经济效益, 表5's 级别) after the cells before it in
/// its row, where the PDF's text reads it first.
fn word_order() -> Vec<&'static str> {
    let mut labels = build::FORM_LABELS.to_vec();
    for (span, before) in [("直接经济效益", "转化方式"), ("级别", "建成时间（年月）")] {
        let after = labels.iter().position(|l| *l == before).unwrap();
        let at = labels[..after].iter().rposition(|l| *l == span).unwrap();
        let label = labels.remove(at);
        labels.insert(after, label);
    }
    labels
}

#[test]
fn every_label_of_the_form_appears_in_order_in_the_word_file() {
    let text = squeeze(&body().texts());
    let mut from = 0;
    for label in word_order() {
        let label = squeeze(label);
        match text[from..].find(&label) {
            Some(at) => from += at + label.len(),
            None => panic!(
                "label “{label}” is missing after byte {from}; the text there begins: {}",
                text[from..].chars().take(120).collect::<String>()
            ),
        }
    }
}

#[test]
fn the_summary_is_bordered_tables_with_the_merged_vertical_column() {
    let body = body();
    let summary: Vec<&Node> =
        tables(&body).into_iter().filter(|t| t.texts().starts_with("联盟基本情况")).collect();
    assert_eq!(summary.len(), 2, "一 in its two blocks, each with the vertical label");
    for table in summary {
        let rows = table.rows();
        let first: Vec<&Node> = rows.iter().map(|r| r.cells()[0]).collect();
        assert_eq!(first[0].property("w:textDirection").and_then(|d| d.attr("w:val")), Some("tbRl"));
        assert_eq!(first[0].property("w:vMerge").and_then(|m| m.attr("w:val")), Some("restart"));
        for cell in &first[1..] {
            let merge = cell.property("w:vMerge").expect("the vertical label goes on down");
            assert_eq!(merge.attr("w:val"), None);
            assert_eq!(cell.texts(), "");
        }
        // Every row covers the grid: 1 + 12 columns.
        let grid = table.child("w:tblGrid").unwrap().children.len();
        for row in rows {
            let covered: usize = row
                .cells()
                .iter()
                .map(|c| {
                    c.property("w:gridSpan").and_then(|s| s.attr("w:val")).map_or(1, |v| v.parse().unwrap())
                })
                .sum();
            assert_eq!(covered, grid);
        }
    }
    let text = body.texts();
    assert!(text.contains("☐国家级  ☑省级"), "级别 as tick boxes");
}

/// The table whose header holds `label`.
fn table_with<'a>(body: &'a Node, label: &str) -> &'a Node {
    tables(body).into_iter().find(|t| t.rows().first().is_some_and(|r| r.texts().contains(label))).unwrap()
}

#[test]
fn two_level_headers_are_merged_and_header_rows_repeat_on_every_page() {
    let body = body();
    let transfers = table_with(&body, "直接经济效益");
    let rows = transfers.rows();
    let (top, below) = (rows[0].cells(), rows[1].cells());
    let span = top.iter().find(|c| c.texts() == "直接经济效益").unwrap();
    assert_eq!(span.property("w:gridSpan").and_then(|s| s.attr("w:val")), Some("4"));
    assert_eq!(top[0].texts(), "序号");
    assert_eq!(top[0].property("w:vMerge").and_then(|m| m.attr("w:val")), Some("restart"));
    assert!(below[0].property("w:vMerge").is_some_and(|m| m.attr("w:val").is_none()));
    assert_eq!(
        below.iter().map(|c| c.texts()).filter(|t| !t.is_empty()).collect::<Vec<_>>(),
        ["产值（万元）", "利润（万元）", "税收（万元）", "创汇（美元）"]
    );
    let platforms = table_with(&body, "建设单位");
    let levels = platforms.rows()[0].cells().into_iter().find(|c| c.texts() == "级别").unwrap();
    assert_eq!(levels.property("w:gridSpan").and_then(|s| s.attr("w:val")), Some("3"));

    // 五 and 表1–表5: the header rows lead and repeat, no other row does.
    for label in
        ["成员单位名称及法人代码", "项目名称及编号", "直接经济效益", "成果类型", "活动名称", "建设单位"]
    {
        let table = table_with(&body, label);
        let header: Vec<bool> = table.rows().iter().map(|r| r.property("w:tblHeader").is_some()).collect();
        let leading = header.iter().take_while(|h| **h).count();
        assert!(leading >= 1, "{label}: a header row");
        assert!(header[leading..].iter().all(|h| !h), "{label}: only the leading rows repeat");
        assert!(table.rows().len() > leading + 1, "{label}: rows of the example");
        assert!(table.rows().iter().all(|r| r.property("w:cantSplit").is_some()), "{label}: rows stay whole");
    }
}

#[test]
fn tables_one_to_five_are_on_landscape_sections_and_the_rest_on_portrait() {
    let body = body();
    let sections = body.all("w:sectPr");
    let orient: Vec<&str> =
        sections.iter().map(|s| s.child("w:pgSz").unwrap().attr("w:orient").unwrap()).collect();
    let landscape: Vec<usize> = (0..orient.len()).filter(|&i| orient[i] == "landscape").collect();
    assert_eq!(landscape.len(), 5, "表1–表5: {orient:?}");
    assert_eq!(landscape[4] - landscape[0], 4, "one after another");
    assert!(orient[..landscape[0]].iter().chain(&orient[landscape[4] + 1..]).all(|o| *o == "portrait"));
    for section in &sections {
        let size = section.child("w:pgSz").unwrap();
        let (w, h) = (size.attr("w:w").unwrap(), size.attr("w:h").unwrap());
        let expected =
            if size.attr("w:orient") == Some("landscape") { ("16838", "11906") } else { ("11906", "16838") };
        assert_eq!((w, h), expected, "A4");
    }
    // The cover has no page number; the pages after it are numbered from 1.
    assert_eq!(sections[1].child("w:pgNumType").and_then(|p| p.attr("w:start")), Some("1"));
    let footers: Vec<String> =
        (1..=2).map(|n| part(example_docx(), &format!("word/footer{n}.xml"))).collect();
    assert!(footers.iter().any(|f| f.contains(" PAGE ")), "a PAGE field in a footer");
}

#[test]
fn the_word_file_declares_chinese_fonts_and_says_the_evidence_is_in_the_pdf() {
    let styles = part(example_docx(), "word/styles.xml");
    assert!(styles.contains("w:eastAsia=\"宋体\"") && styles.contains("w:eastAsia=\"黑体\""));
    assert!(styles.contains("w:eastAsia=\"zh-CN\""));
    let text = body().texts();
    assert!(text.contains("证明材料目录"));
    assert!(text.contains(alliance_report::word::EVIDENCE_NOT_INCLUDED));
    // Every item of the index, and none of its files.
    let evidence = std::fs::read_to_string(example().join("evidence/evidence.yaml")).unwrap();
    let titles = evidence
        .lines()
        .filter_map(|l| l.trim().strip_prefix("title:"))
        .map(|t| t.split(" #").next().unwrap().trim().trim_matches('"'));
    for title in titles {
        assert!(text.contains(title), "{title} in the index");
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(example_docx())).unwrap();
    let media = (0..zip.len())
        .filter(|&i| zip.by_index(i).unwrap().name().unwrap().starts_with("word/media/"))
        .count();
    let images = ["operation", "innovation", "results"]
        .iter()
        .map(|s| {
            std::fs::read_to_string(example().join(format!("sections/{s}.md"))).unwrap().matches("![").count()
        })
        .sum::<usize>();
    assert_eq!(media, images, "the answers' images, and no evidence file");
}

#[test]
fn the_same_report_gives_the_same_word_file() {
    let out = scratch("word-again").join("again.docx");
    let output = run(&[
        "build".as_ref(),
        example().as_os_str(),
        "--format".as_ref(),
        "docx".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(std::fs::read(&out).unwrap() == example_docx(), "byte for byte");
}

#[test]
fn the_format_follows_the_output_and_a_mismatch_is_refused() {
    let dir = scratch("word-format");
    let report = dir.join("report");
    copy_dir(&example(), &report);
    // --format docx without -o: report.docx in the report folder.
    let output = run(&["build".as_ref(), report.as_os_str(), "--format".as_ref(), "docx".as_ref()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let bytes = std::fs::read(report.join("report.docx")).unwrap();
    assert!(bytes.starts_with(b"PK"));
    assert!(!report.join("report.pdf").exists());
    // A Word document asked for under a PDF's name: refused, in Chinese.
    let out = dir.join("out.pdf");
    let output = run(&[
        "build".as_ref(),
        report.as_os_str(),
        "--format".as_ref(),
        "docx".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(".docx"), "{stderr}");
    assert!(!out.exists());
    // A report with errors: no Word file, exit 1, the errors and what to do.
    std::fs::write(report.join("members.yaml"), "members: [").unwrap();
    let out = dir.join("broken.docx");
    let output = run(&["build".as_ref(), report.as_os_str(), "-o".as_ref(), out.as_os_str()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(!out.exists());
    assert!(String::from_utf8_lossy(&output.stderr).contains("未生成 Word 文档"));
}

/// An image of `w`×`h` pixels: red on the left half, white on the right.
fn half_red(w: u32, h: u32) -> image::RgbImage {
    image::RgbImage::from_fn(
        w,
        h,
        |x, _| if x < w / 2 { image::Rgb([220, 20, 20]) } else { image::Rgb([255; 3]) },
    )
}

fn encoded(picture: &image::RgbImage, format: image::ImageFormat) -> Vec<u8> {
    let mut bytes = Vec::new();
    picture.write_to(&mut std::io::Cursor::new(&mut bytes), format).unwrap();
    bytes
}

/// Answers' pictures in every format load accepts: PNG and JPEG as they
/// are, GIF and WebP as PNG, SVG drawn to a PNG (with its shapes), each
/// with its alt text under it, and every one shows its red half.
#[test]
fn every_format_of_an_answers_picture_reaches_the_word_file_as_png_or_jpeg() {
    let dir = scratch("word-pictures").join("report");
    copy_dir(&fixture("minimal"), &dir);
    let images = dir.join("sections/images");
    std::fs::create_dir_all(&images).unwrap();
    let picture = half_red(40, 20);
    std::fs::write(images.join("a.png"), encoded(&picture, image::ImageFormat::Png)).unwrap();
    std::fs::write(images.join("b.jpg"), encoded(&picture, image::ImageFormat::Jpeg)).unwrap();
    std::fs::write(images.join("c.gif"), encoded(&picture, image::ImageFormat::Gif)).unwrap();
    std::fs::write(images.join("d.webp"), encoded(&picture, image::ImageFormat::WebP)).unwrap();
    std::fs::write(
        images.join("e.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\">\
         <rect width=\"20\" height=\"20\" fill=\"#dc1414\"/><text x=\"22\" y=\"15\" font-size=\"10\">图</text></svg>",
    )
    .unwrap();
    let path = dir.join("sections/operation.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let pictures: String = ["a.png", "b.jpg", "c.gif", "d.webp", "e.svg"]
        .iter()
        .map(|f| format!("![图 {f}](images/{f})\n\n"))
        .collect();
    std::fs::write(&path, text.replacen("\n# （5）", &format!("\n{pictures}# （5）"), 1)).unwrap();
    let out = dir.join("report.docx");
    // The minimal report lacks evidence: a draft.
    let output =
        run(&["build".as_ref(), dir.as_os_str(), "--draft".as_ref(), "-o".as_ref(), out.as_os_str()]);
    assert!(out.exists(), "{}", String::from_utf8_lossy(&output.stderr));
    let docx = std::fs::read(&out).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&docx[..])).unwrap();
    let names: Vec<String> = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().unwrap().to_string())
        .filter(|n| n.starts_with("word/media/"))
        .collect();
    assert_eq!(names.len(), 5, "{names:?}");
    for name in &names {
        let mut bytes = Vec::new();
        zip.by_name(name).unwrap().read_to_end(&mut bytes).unwrap();
        let format = image::guess_format(&bytes).unwrap();
        assert!(matches!(format, image::ImageFormat::Png | image::ImageFormat::Jpeg), "{name}: {format:?}");
        let shown = image::load_from_memory(&bytes).unwrap().to_rgb8();
        let left = shown.get_pixel(shown.width() / 8, shown.height() / 2);
        let right = shown.get_pixel(shown.width() * 7 / 8, shown.height() / 3);
        assert!(left[0] > 150 && left[1] < 90, "{name}: the left half is red, {left:?}");
        assert!(right[1] > 200, "{name}: the right half is white, {right:?}");
    }
    let body = Node::parse(&part(&docx, "word/document.xml")).texts();
    for f in ["a.png", "b.jpg", "c.gif", "d.webp", "e.svg"] {
        assert!(body.contains(&format!("图 {f}")), "the alt text of {f} under it");
    }
}
