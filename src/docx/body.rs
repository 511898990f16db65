//! The body of the document, `word/document.xml`: [`Section`]s of
//! [`Block`]s, each section with its page ([`Orientation`], [`Margins`]) and
//! its [`Footer`]. A section's properties (`w:sectPr`) go in its last
//! paragraph, and the last section's at the end of the body, as ECMA-376
//! places them.

use super::Twips;
use super::part::{Context, NS_R, NS_W, NS_WP, Relationships};
use super::table::Table;
use super::text::Paragraph;
use super::xml::Xml;

/// A4 in twips, short side first.
const A4: (Twips, Twips) = (11906, 16838);

/// A paragraph or a table: what a section, a cell or a footnote holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Paragraph(Paragraph),
    Table(Table),
}

/// Which way an A4 page is turned.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Orientation {
    #[default]
    Portrait,
    /// For the wide tables 表1–表5.
    Landscape,
}

/// The page's margins, and where the header and footer sit, in twips.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Margins {
    pub top: Twips,
    pub bottom: Twips,
    pub left: Twips,
    pub right: Twips,
    /// From the top edge of the page to the header.
    pub header: Twips,
    /// From the bottom edge of the page to the footer.
    pub footer: Twips,
}

impl Default for Margins {
    /// The margins of a new document in a Chinese Word: 2.54 cm top and
    /// bottom, 3.17 cm left and right.
    fn default() -> Self {
        Margins { top: 1440, bottom: 1440, left: 1800, right: 1800, header: 851, footer: 992 }
    }
}

/// What the footer of a section's pages shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Footer {
    /// Nothing (the cover).
    Empty,
    /// The page's number, centred.
    #[default]
    PageNumber,
}

/// A run of pages with one page setup.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Section {
    pub orientation: Orientation,
    pub margins: Margins,
    pub footer: Footer,
    /// Numbers this section's pages from this number on, instead of
    /// continuing from the section before.
    pub first_page_number: Option<u32>,
    pub blocks: Vec<Block>,
}

impl Section {
    /// An empty section of this orientation, default margins, and page
    /// numbers in the footer.
    pub fn new(orientation: Orientation) -> Self {
        Section { orientation, ..Section::default() }
    }

    /// The width between the margins, in twips: what a full-width table's
    /// grid adds up to.
    pub fn text_width(&self) -> Twips {
        let width = match self.orientation {
            Orientation::Portrait => A4.0,
            Orientation::Landscape => A4.1,
        };
        width.saturating_sub(self.margins.left + self.margins.right)
    }

    pub fn paragraph(&mut self, paragraph: Paragraph) {
        self.blocks.push(Block::Paragraph(paragraph));
    }

    pub fn table(&mut self, table: Table) {
        self.blocks.push(Block::Table(table));
    }

    fn write_properties(&self, xml: &mut Xml, rels: &Relationships) {
        xml.open("w:sectPr", &[]);
        // Every section names its footer: one without would inherit the
        // footer of the section before.
        xml.empty("w:footerReference", &[("w:type", "default"), ("r:id", rels.footer(self.footer))]);
        xml.val("w:type", "nextPage");
        let (width, height, orient) = match self.orientation {
            Orientation::Portrait => (A4.0, A4.1, "portrait"),
            Orientation::Landscape => (A4.1, A4.0, "landscape"),
        };
        xml.empty(
            "w:pgSz",
            &[("w:w", &width.to_string()), ("w:h", &height.to_string()), ("w:orient", orient)],
        );
        let m = self.margins;
        let margins = [m.top, m.right, m.bottom, m.left, m.header, m.footer].map(|t| t.to_string());
        let names = ["w:top", "w:right", "w:bottom", "w:left", "w:header", "w:footer"];
        let mut attrs: Vec<(&str, &str)> =
            names.iter().copied().zip(margins.iter().map(String::as_str)).collect();
        attrs.push(("w:gutter", "0"));
        xml.empty("w:pgMar", &attrs);
        if let Some(start) = self.first_page_number {
            xml.empty("w:pgNumType", &[("w:start", &start.to_string())]);
        }
        xml.empty("w:cols", &[("w:space", "425")]);
        // No line grid: lines are as tall as their spacing says.
        xml.empty("w:docGrid", &[("w:linePitch", "312")]);
        xml.close("w:sectPr");
    }
}

/// Writes `blocks` in order. Between two tables goes an empty paragraph,
/// one point high: Word joins tables that touch into one.
pub(crate) fn write_blocks(blocks: &[Block], xml: &mut Xml, cx: &mut Context) {
    let mut after_table = false;
    for block in blocks {
        match block {
            Block::Paragraph(paragraph) => paragraph.write(xml, cx, None, ""),
            Block::Table(table) => {
                if after_table {
                    xml.raw(SPACER);
                    xml.raw("</w:pPr></w:p>");
                }
                table.write(xml, cx);
            }
        }
        after_table = matches!(block, Block::Table(_));
    }
}

/// The start of a paragraph one point high, up to its properties' end.
const SPACER: &str = "<w:p><w:pPr><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"20\" w:lineRule=\"exact\"/>\
    <w:rPr><w:sz w:val=\"2\"/></w:rPr>";

/// `word/document.xml`.
pub(crate) fn document_xml(sections: &[Section], cx: &mut Context) -> String {
    let mut xml = Xml::part();
    xml.open("w:document", &[("xmlns:w", NS_W), ("xmlns:r", NS_R), ("xmlns:wp", NS_WP)]);
    xml.open("w:body", &[]);
    for (i, section) in sections.iter().enumerate() {
        if i + 1 == sections.len() {
            write_blocks(&section.blocks, &mut xml, cx);
            section.write_properties(&mut xml, &cx.rels);
            break;
        }
        // A section ends in the properties of its last paragraph; after a
        // table, in a paragraph of its own, one point high.
        match section.blocks.split_last() {
            Some((Block::Paragraph(last), rest)) => {
                write_blocks(rest, &mut xml, cx);
                let rels = cx.rels.clone();
                let properties = |xml: &mut Xml| section.write_properties(xml, &rels);
                last.write(&mut xml, cx, Some(&properties), "");
            }
            _ => {
                write_blocks(&section.blocks, &mut xml, cx);
                xml.raw(SPACER);
                section.write_properties(&mut xml, &cx.rels);
                xml.raw("</w:pPr></w:p>");
            }
        }
    }
    xml.close("w:body");
    xml.close("w:document");
    xml.finish()
}
