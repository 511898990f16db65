//! Tests of the Word writer that read its output back: the sample document
//! (a cover, a bordered table with a merged vertical column, an image and a
//! footnote, a landscape table with a two-level header, a closing page) is
//! unzipped with the zip crate and its XML parsed with quick-xml, an
//! independent reader, to assert the structure Word needs.
//!
//! `DOCX_SAMPLE=path cargo test --lib docx::tests::writes_the_sample`
//! writes the sample to `path`, for `tools/crosscheck-docx.py`.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use quick_xml::XmlVersion;
use quick_xml::events::Event;

use super::*;

mod structure;

/// A real PNG of `width` × `height`: red on the left half, blue on the right.
pub(crate) fn png_of(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let pixels: Vec<u8> = (0..width * height)
        .flat_map(|i| if i % width < width / 2 { [200, 40, 40] } else { [40, 40, 200] })
        .collect();
    encoder.write_header().unwrap().write_image_data(&pixels).unwrap();
    bytes
}

pub(crate) fn tiny_png() -> Vec<u8> {
    png_of(2, 1)
}

fn text(style: Style, text: &str) -> Paragraph {
    Paragraph::text(style, text)
}

fn cell(value: &str) -> Cell {
    Cell::paragraph(text(Style::TableText, value))
}

fn header(value: &str) -> Cell {
    Cell::paragraph(text(Style::TableHeader, value))
}

/// The sample: four sections, portrait, portrait, landscape, portrait.
pub(crate) fn sample() -> Document {
    let mut doc = Document::new(Properties {
        title: "考核及绩效评价报告".into(), author: "示例联盟".into()
    });
    let cover = doc.section(Section { footer: Footer::Empty, ..Section::new(Orientation::Portrait) });
    cover.paragraph(Paragraph::new(Style::Normal).run(Run::new("附件2").font(Font::Hei).size(Size::SAN_HAO)));
    cover.paragraph(text(Style::Title, "山西省产业技术创新战略联盟\n考核及绩效评价报告").spacing(2400, 2400));
    for (label, value) in
        [("联盟名称", "示例产业技术创新战略联盟"), ("联盟牵头单位（盖章）", "示例<&>\"'有限公司")]
    {
        cover.paragraph(
            Paragraph::new(Style::Normal)
                .run(Run::new(format!("{label}：")).size(Size::SAN_HAO))
                .run(Run::new(format!("  {value}  ")).underline().size(Size::SAN_HAO))
                .spacing(0, 240),
        );
    }
    cover.paragraph(
        text(Style::Normal, "山西省科学技术厅制\n二〇二五年七月").align(Align::Center).spacing(2400, 0),
    );

    let image = doc.image(Image::new(png_of(120, 60), "示例图片").unwrap());
    let note = doc.footnote(vec![text(Style::FootnoteText, "脚注：认定时间见批复文件。")]);
    let pixels = doc.image_at(image).unwrap().pixels;
    let mut body = Section { first_page_number: Some(1), ..Section::new(Orientation::Portrait) };
    body.paragraph(text(Style::Heading1, "一、联盟简况"));
    body.table(summary_table(body.text_width()));
    body.paragraph(
        text(Style::Normal, "图片如下")
            .inline(Inline::Footnote(note))
            .inline(Inline::Break)
            .inline(Inline::Image(ImageRef::fit(image, pixels, 4000, 4000))),
    );
    let mut answer = text(Style::Normal, "（1）联盟的组织架构。").first_line_chars(200);
    answer.inlines.push(Inline::Text(Run::new("本联盟设理事会、专家委员会和秘书处。".repeat(6))));
    let mut boxed = Table::new(vec![body.text_width()]);
    boxed.rows.push(Row {
        cells: vec![
            Cell::new(vec![
                Block::Paragraph(text(Style::Heading2, "二、联盟建设、管理及运行情况")),
                Block::Paragraph(answer),
            ])
            .valign(VAlign::Top),
        ],
        ..Row::default()
    });
    body.table(boxed);
    doc.sections.push(body);

    let mut wide = Section::new(Orientation::Landscape);
    wide.paragraph(text(Style::Heading2, "表2 科技成果转化应用情况一览表").align(Align::Center).keep_next());
    wide.table(two_level_table(wide.text_width()));
    wide.paragraph(text(Style::Note, "注：转化方式填写技术转让、技术许可、作价投资或自行实施。"));
    doc.sections.push(wide);

    let last = doc.section(Section::new(Orientation::Portrait));
    last.paragraph(text(Style::Heading1, "六、真实性承诺"));
    last.paragraph(text(Style::Normal, "本联盟承诺所填报内容真实、准确。").first_line_chars(200));
    doc
}

/// 一's shape: a merged vertical first column beside label/value pairs.
fn summary_table(width: Twips) -> Table {
    let first = 600;
    let rest = (width - first) / 4;
    let mut table = Table::new(vec![first, rest, rest, rest, width - first - 3 * rest]);
    let pairs =
        [("联盟名称", "示例联盟"), ("成立时间", "2019-06"), ("认定时间", "2020-12"), ("成员单位", "23 家")];
    let level = format!("{}国家级  {}省级", tick_box(false), tick_box(true));
    for (i, chunk) in pairs.chunks(2).enumerate() {
        let lead = if i == 0 {
            Cell::paragraph(text(Style::TableHeader, "联盟基本情况")).vertical().restart()
        } else {
            Cell::continued(1)
        };
        let mut cells = vec![lead];
        for (label, value) in chunk {
            cells.extend([header(label), cell(value)]);
        }
        table.rows.push(Row { cells, height: Some(RowHeight::AtLeast(567)), ..Row::default() });
    }
    table.rows.push(Row {
        cells: vec![Cell::continued(1), header("级别"), cell(&level).span(3)],
        height: Some(RowHeight::AtLeast(567)),
        ..Row::default()
    });
    table
}

/// 表2's shape: 直接经济效益 spans four columns over 产值, 利润, 税收,
/// 创汇; the other headers are merged down through both header rows.
fn two_level_table(width: Twips) -> Table {
    let narrow = 700;
    let wide = (width - narrow) / 12;
    let mut grid = vec![narrow];
    grid.extend([wide * 2, wide, wide, wide, wide / 2 * 3, wide / 2 * 3, wide / 2 * 3, wide / 2 * 3]);
    let used: Twips = grid.iter().sum();
    grid.push(width - used);
    let mut table = Table::new(grid);
    let top = ["序号", "成果名称", "成果来源", "转化应用单位", "转化方式"];
    let mut first: Vec<Cell> = top.iter().map(|t| header(t).restart()).collect();
    first.push(header("直接经济效益").span(4));
    first.push(header("社会效益或生态效益").restart());
    let mut second: Vec<Cell> = (0..5).map(|_| Cell::continued(1)).collect();
    second.extend(["产值（万元）", "利润（万元）", "税收（万元）", "创汇（美元）"].map(header));
    second.push(Cell::continued(1));
    for cells in [first, second] {
        table.rows.push(Row { cells, header: true, cant_split: true, ..Row::default() });
    }
    for n in 1..=40 {
        let values =
            [n.to_string(), format!("成果 {n}"), "联盟项目".into(), "示例公司".into(), "技术转让".into()];
        let mut cells: Vec<Cell> = values.iter().map(|v| cell(v)).collect();
        cells.extend(["120", "30", "12", "无", "带动就业"].map(cell));
        table.rows.push(Row { cells, cant_split: true, ..Row::default() });
    }
    table
}

/// A parsed XML element.
#[derive(Debug, Default)]
pub(crate) struct Node {
    pub name: String,
    pub attrs: BTreeMap<String, String>,
    pub children: Vec<Node>,
    pub text: String,
}

impl Node {
    /// Every element named `name` below this one, in document order.
    pub fn all(&self, name: &str) -> Vec<&Node> {
        let mut found = Vec::new();
        for child in &self.children {
            if child.name == name {
                found.push(child);
            }
            found.extend(child.all(name));
        }
        found
    }

    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.get(name).map(String::as_str)
    }

    /// The text of every `w:t` below, joined.
    pub fn texts(&self) -> String {
        self.all("w:t").iter().map(|t| t.text.as_str()).collect()
    }
}

/// Parses `xml` with quick-xml, failing on any error of well-formedness.
pub(crate) fn parse(xml: &str) -> Node {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack = vec![Node::default()];
    let element = |e: &quick_xml::events::BytesStart| Node {
        name: e.name().as_ref().to_owned(),
        attrs: e
            .attributes()
            .map(|a| {
                let a = a.unwrap();
                (a.key.as_ref().to_owned(), a.normalized_value(XmlVersion::Explicit1_0).unwrap().into_owned())
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
                let name = r.xml10_content();
                let c = quick_xml::escape::resolve_predefined_entity(&name).expect("a predefined entity");
                stack.last_mut().unwrap().text.push_str(c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    stack.pop().unwrap()
}

/// The parts of a .docx, by name, in the zip's order.
pub(crate) fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut file = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            file.read_to_end(&mut data).unwrap();
            (file.name().unwrap().into_owned(), data)
        })
        .collect()
}

/// The part `name` of a .docx, parsed.
pub(crate) fn part(bytes: &[u8], name: &str) -> Node {
    let (_, data) = unzip(bytes).into_iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no {name}"));
    parse(std::str::from_utf8(&data).unwrap())
}

#[test]
fn writes_the_sample_where_docx_sample_says() {
    let bytes = sample().to_bytes().unwrap();
    if let Some(path) = std::env::var_os("DOCX_SAMPLE") {
        std::fs::write(path, &bytes).unwrap();
    }
}
