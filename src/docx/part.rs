//! The package around the body: which parts a document has, their
//! relationships and content types, the small fixed parts (settings, font
//! table, footers, footnotes, core and app properties), and the zip they
//! are stored in.
//!
//! The output is deterministic: the parts are stored in one fixed order,
//! every entry with the same time (1980-01-01, the first a zip can hold)
//! and mode, and the properties carry a fixed date, so the same document
//! gives the same bytes.

use std::io::{Cursor, Write};

use anyhow::{Context as _, Result};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::body::{Footer, document_xml};
use super::styles::{Style, styles_xml};
use super::text::{PAGE_FIELD, Paragraph};
use super::xml::Xml;
use super::{Document, Properties};

pub(crate) const NS_W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
pub(crate) const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
pub(crate) const NS_WP: &str = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
const CT: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.";

/// The date in the core properties: fixed, so that a build is repeatable.
const DATE: &str = "2000-01-01T00:00:00Z";

/// The relationship ids of `word/document.xml` (the footnotes part has the
/// same ids for its images).
#[derive(Clone, Debug, Default)]
pub(crate) struct Relationships {
    /// Target and type of each relationship; its id is `rId` and its
    /// position from 1.
    list: Vec<(String, &'static str)>,
    page_number: String,
    empty: String,
    images: Vec<String>,
}

impl Relationships {
    fn add(&mut self, target: String, kind: &'static str) -> String {
        self.list.push((target, kind));
        format!("rId{}", self.list.len())
    }

    /// The id of the footer part that shows `footer`.
    pub(crate) fn footer(&self, footer: Footer) -> &str {
        match footer {
            Footer::PageNumber => &self.page_number,
            Footer::Empty => &self.empty,
        }
    }

    fn xml(&self, only_images: bool) -> String {
        let mut xml = Xml::part();
        xml.open(
            "Relationships",
            &[("xmlns", "http://schemas.openxmlformats.org/package/2006/relationships")],
        );
        for (i, (target, kind)) in self.list.iter().enumerate() {
            if only_images && *kind != "image" {
                continue;
            }
            let (id, kind) = (format!("rId{}", i + 1), format!("{REL}{kind}"));
            xml.empty("Relationship", &[("Id", &id), ("Type", &kind), ("Target", target)]);
        }
        xml.close("Relationships");
        xml.finish()
    }
}

/// What writing a part needs to know of the others, and the numbering of
/// drawings across the document.
pub(crate) struct Context<'a> {
    pub(crate) rels: Relationships,
    document: &'a Document,
    drawings: u32,
}

impl Context<'_> {
    /// A new id for a drawing: unique in the document, as Word requires.
    pub(crate) fn next_drawing_id(&mut self) -> u32 {
        self.drawings += 1;
        self.drawings
    }

    /// The relationship id and the description of the image at `index`.
    pub(crate) fn image(&self, index: usize) -> (String, String) {
        (self.rels.images[index].clone(), self.document.images[index].description.clone())
    }

    /// The `w:id` of the footnote at `index`: 1 on, after the two
    /// separators.
    pub(crate) fn footnote_id(&self, index: usize) -> usize {
        index + 1
    }
}

/// The bytes of the .docx file of `document`, which has been checked.
pub(crate) fn package(document: &Document) -> Result<Vec<u8>> {
    let mut rels = Relationships::default();
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    rels.add("styles.xml".into(), "styles");
    rels.add("settings.xml".into(), "settings");
    rels.add("fontTable.xml".into(), "fontTable");
    rels.page_number = rels.add("footer1.xml".into(), "footer");
    rels.empty = rels.add("footer2.xml".into(), "footer");
    let footnotes = !document.footnotes.is_empty();
    if footnotes {
        rels.add("footnotes.xml".into(), "footnotes");
    }
    for (i, image) in document.images.iter().enumerate() {
        let id = rels.add(format!("media/image{}.{}", i + 1, image.format.extension()), "image");
        rels.images.push(id);
    }
    let mut cx = Context { rels, document, drawings: 0 };
    let body = document_xml(&document.sections, &mut cx);
    parts.push(("[Content_Types].xml".into(), content_types(document).into_bytes()));
    parts.push(("_rels/.rels".into(), ROOT_RELS.as_bytes().to_vec()));
    parts.push(("docProps/core.xml".into(), core_xml(&document.properties).into_bytes()));
    parts.push(("docProps/app.xml".into(), APP.as_bytes().to_vec()));
    parts.push(("word/document.xml".into(), body.into_bytes()));
    parts.push(("word/_rels/document.xml.rels".into(), cx.rels.xml(false).into_bytes()));
    parts.push(("word/styles.xml".into(), styles_xml().into_bytes()));
    parts.push(("word/settings.xml".into(), settings_xml(footnotes).into_bytes()));
    parts.push(("word/fontTable.xml".into(), FONTS.as_bytes().to_vec()));
    parts.push(("word/footer1.xml".into(), footer_xml(true).into_bytes()));
    parts.push(("word/footer2.xml".into(), footer_xml(false).into_bytes()));
    if footnotes {
        parts.push(("word/footnotes.xml".into(), footnotes_xml(&mut cx).into_bytes()));
        parts.push(("word/_rels/footnotes.xml.rels".into(), cx.rels.xml(true).into_bytes()));
    }
    for (i, image) in document.images.iter().enumerate() {
        parts.push((format!("word/media/image{}.{}", i + 1, image.format.extension()), image.bytes.clone()));
    }
    zip(parts)
}

/// Stores `parts` in a zip, in their order, with fixed times and modes.
fn zip(parts: Vec<(String, Vec<u8>)>) -> Result<Vec<u8>> {
    let time = DateTime::from_date_and_time(1980, 1, 1, 0, 0, 0).expect("a valid zip date");
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(time)
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        zip.start_file(name.as_str(), options).with_context(|| format!("无法写入 Word 文件的 {name}"))?;
        zip.write_all(&bytes).with_context(|| format!("无法写入 Word 文件的 {name}"))?;
    }
    Ok(zip.finish().context("无法写完 Word 文件")?.into_inner())
}

fn content_types(document: &Document) -> String {
    let mut xml = Xml::part();
    xml.open("Types", &[("xmlns", "http://schemas.openxmlformats.org/package/2006/content-types")]);
    xml.empty(
        "Default",
        &[("Extension", "rels"), ("ContentType", "application/vnd.openxmlformats-package.relationships+xml")],
    );
    xml.empty("Default", &[("Extension", "xml"), ("ContentType", "application/xml")]);
    xml.empty("Default", &[("Extension", "png"), ("ContentType", "image/png")]);
    xml.empty("Default", &[("Extension", "jpeg"), ("ContentType", "image/jpeg")]);
    let mut overrides = vec![
        ("/word/document.xml", format!("{CT}document.main+xml")),
        ("/word/styles.xml", format!("{CT}styles+xml")),
        ("/word/settings.xml", format!("{CT}settings+xml")),
        ("/word/fontTable.xml", format!("{CT}fontTable+xml")),
        ("/word/footer1.xml", format!("{CT}footer+xml")),
        ("/word/footer2.xml", format!("{CT}footer+xml")),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml".into()),
        ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml".into()),
    ];
    if !document.footnotes.is_empty() {
        overrides.push(("/word/footnotes.xml", format!("{CT}footnotes+xml")));
    }
    for (name, kind) in &overrides {
        xml.empty("Override", &[("PartName", name), ("ContentType", kind)]);
    }
    xml.close("Types");
    xml.finish()
}

const ROOT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>\
</Relationships>";

const APP: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">\
<Application>alliance-report</Application></Properties>";

/// The fonts, with the names Word uses for them outside a Chinese system
/// and the Chinese character set (86, GB2312), so that Word and
/// LibreOffice find a stand-in where they are missing.
const FONTS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<w:fonts xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:font w:name=\"Times New Roman\"><w:panose1 w:val=\"02020603050405020304\"/><w:charset w:val=\"00\"/>\
<w:family w:val=\"roman\"/><w:pitch w:val=\"variable\"/></w:font>\
<w:font w:name=\"宋体\"><w:altName w:val=\"SimSun\"/><w:panose1 w:val=\"02010600030101010101\"/>\
<w:charset w:val=\"86\"/><w:family w:val=\"auto\"/><w:pitch w:val=\"variable\"/></w:font>\
<w:font w:name=\"黑体\"><w:altName w:val=\"SimHei\"/><w:panose1 w:val=\"02010609060101010101\"/>\
<w:charset w:val=\"86\"/><w:family w:val=\"modern\"/><w:pitch w:val=\"fixed\"/></w:font>\
</w:fonts>";

fn core_xml(properties: &Properties) -> String {
    let mut xml = Xml::part();
    xml.open(
        "cp:coreProperties",
        &[
            ("xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:dcterms", "http://purl.org/dc/terms/"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ],
    );
    xml.leaf("dc:title", &[], &properties.title);
    xml.leaf("dc:creator", &[], &properties.author);
    xml.leaf("dcterms:created", &[("xsi:type", "dcterms:W3CDTF")], DATE);
    xml.leaf("dcterms:modified", &[("xsi:type", "dcterms:W3CDTF")], DATE);
    xml.close("cp:coreProperties");
    xml.finish()
}

/// `word/settings.xml`: Chinese as the East Asian language, punctuation
/// compressed at line starts as Chinese Word does, and the compatibility
/// of Word 2013 and later.
fn settings_xml(footnotes: bool) -> String {
    let mut xml = Xml::part();
    xml.open("w:settings", &[("xmlns:w", NS_W)]);
    xml.raw("<w:defaultTabStop w:val=\"420\"/><w:characterSpacingControl w:val=\"compressPunctuation\"/>");
    if footnotes {
        xml.raw("<w:footnotePr><w:footnote w:id=\"-1\"/><w:footnote w:id=\"0\"/></w:footnotePr>");
    }
    xml.raw(
        "<w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/>\
         <w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:useFELayout/>\
         <w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/>\
         </w:compat><w:themeFontLang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/>\
         <w:decimalSymbol w:val=\".\"/><w:listSeparator w:val=\",\"/>",
    );
    xml.close("w:settings");
    xml.finish()
}

/// `word/footer1.xml` (the page number, centred) or `footer2.xml` (empty).
fn footer_xml(page_number: bool) -> String {
    let mut xml = Xml::part();
    xml.open("w:ftr", &[("xmlns:w", NS_W), ("xmlns:r", NS_R)]);
    xml.raw("<w:p><w:pPr><w:pStyle w:val=\"Footer\"/><w:jc w:val=\"center\"/></w:pPr>");
    if page_number {
        xml.raw(PAGE_FIELD);
    }
    xml.raw("</w:p>");
    xml.close("w:ftr");
    xml.finish()
}

/// `word/footnotes.xml`: the two separators Word expects, then the
/// document's footnotes, each opening with its own mark.
fn footnotes_xml(cx: &mut Context) -> String {
    let mut xml = Xml::part();
    xml.open("w:footnotes", &[("xmlns:w", NS_W), ("xmlns:r", NS_R), ("xmlns:wp", NS_WP)]);
    for (id, kind, mark) in
        [("-1", "separator", "separator"), ("0", "continuationSeparator", "continuationSeparator")]
    {
        xml.open("w:footnote", &[("w:type", kind), ("w:id", id)]);
        xml.raw("<w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:r>");
        xml.empty(&format!("w:{mark}"), &[]);
        xml.raw("</w:r></w:p>");
        xml.close("w:footnote");
    }
    let document = cx.document;
    let empty = [Paragraph::new(Style::FootnoteText)];
    for (index, paragraphs) in document.footnotes.iter().enumerate() {
        xml.open("w:footnote", &[("w:id", &cx.footnote_id(index).to_string())]);
        let paragraphs = if paragraphs.is_empty() { &empty[..] } else { paragraphs };
        for (i, paragraph) in paragraphs.iter().enumerate() {
            let lead = if i == 0 {
                "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteRef/></w:r>\
                 <w:r><w:t xml:space=\"preserve\"> </w:t></w:r>"
            } else {
                ""
            };
            paragraph.write(&mut xml, cx, None, lead);
        }
        xml.close("w:footnote");
    }
    xml.close("w:footnotes");
    xml.finish()
}
