//! A small, deterministic writer of Word documents (.docx, ECMA-376
//! WordprocessingML) for the form: the layer a Word renderer drives. It
//! knows pages, paragraphs, tables, images and footnotes, and nothing of
//! the report.
//!
//! A [`Document`] is a list of [`Section`]s (A4, portrait or landscape, with
//! a footer) holding [`Block`]s: [`Paragraph`]s of [`Inline`]s in the form's
//! [`Style`]s, and [`Table`]s on a fixed grid with merged cells and header
//! rows. [`Document::to_bytes`] checks the tables' shapes and every image
//! and footnote reference, then writes the parts:
//!
//! - `body`: `word/document.xml`, sections and their properties;
//! - `text`, `table`, `image`: the `w:p`, `w:tbl` and `w:drawing` inside;
//! - `styles`: `word/styles.xml`, the form's fonts and sizes;
//! - `part`: the package (relationships, content types, settings, footers,
//!   footnotes, properties) and its zip;
//! - `xml`: the escaping all of them write through.
//!
//! The parts are written as text by our own small writer rather than by a
//! docx crate: docx-rs cannot mark header rows (`w:tblHeader`), and a fixed
//! form needs a few dozen elements, each written exactly as Word writes it.

mod body;
mod image;
mod part;
mod styles;
mod table;
#[cfg(test)]
pub(crate) mod tests;
mod text;
mod xml;

use anyhow::{Result, bail};

pub use body::{Block, Footer, Margins, Orientation, Section};
pub use image::{Image, ImageFormat, ImageRef};
pub use styles::{Font, Size, Style};
pub use table::{Border, Cell, CellBorders, Edge, Merge, Row, RowHeight, Table, VAlign};
pub use text::{Align, Inline, LineSpacing, Paragraph, Run, tick_box};

/// A length in twentieths of a point, WordprocessingML's unit (1440 an
/// inch, 567 a centimetre).
pub type Twips = u32;

/// Twips in a millimetre, rounded: for margins given in millimetres.
pub fn mm(millimetres: u32) -> Twips {
    (millimetres * 1440 * 10 + 127) / 254
}

/// What the file's properties say about it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Properties {
    pub title: String,
    pub author: String,
}

/// A Word document being built.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    pub properties: Properties,
    pub sections: Vec<Section>,
    images: Vec<Image>,
    footnotes: Vec<Vec<Paragraph>>,
}

impl Document {
    /// An empty document with these properties.
    pub fn new(properties: Properties) -> Self {
        Document { properties, ..Document::default() }
    }

    /// Adds a section after the others and returns it to be filled.
    pub fn section(&mut self, section: Section) -> &mut Section {
        self.sections.push(section);
        self.sections.last_mut().expect("just pushed")
    }

    /// Adds an image to the document; the index is what an [`ImageRef`]
    /// shows it by.
    pub fn image(&mut self, image: Image) -> usize {
        self.images.push(image);
        self.images.len() - 1
    }

    /// The image at `index`, as added.
    pub fn image_at(&self, index: usize) -> Option<&Image> {
        self.images.get(index)
    }

    /// Adds a footnote; the index is what [`Inline::Footnote`] marks it by.
    pub fn footnote(&mut self, paragraphs: Vec<Paragraph>) -> usize {
        self.footnotes.push(paragraphs);
        self.footnotes.len() - 1
    }

    /// The .docx file's bytes: the same document gives the same bytes.
    /// Fails on a table whose rows do not cover its grid or whose merges
    /// do not line up, and on a reference to an image or footnote the
    /// document does not have: mistakes of the renderer, which Word would
    /// show wrongly or refuse.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        if self.sections.is_empty() {
            bail!("内部错误：Word 文件没有任何内容");
        }
        let notes = self.footnotes.iter().flatten().map(|p| Block::Paragraph(p.clone())).collect::<Vec<_>>();
        for blocks in self.sections.iter().map(|s| &s.blocks[..]).chain([&notes[..]]) {
            self.check(blocks)?;
        }
        part::package(self)
    }

    fn check(&self, blocks: &[Block]) -> Result<()> {
        for block in blocks {
            match block {
                Block::Paragraph(paragraph) => {
                    for inline in &paragraph.inlines {
                        match *inline {
                            Inline::Image(image) if image.index >= self.images.len() => {
                                bail!("内部错误：Word 文件引用了不存在的第 {} 张图片", image.index + 1)
                            }
                            Inline::Footnote(index) if index >= self.footnotes.len() => {
                                bail!("内部错误：Word 文件引用了不存在的第 {} 个脚注", index + 1)
                            }
                            _ => {}
                        }
                    }
                }
                Block::Table(table) => {
                    table.check()?;
                    for cell in table.rows.iter().flat_map(|row| &row.cells) {
                        self.check(&cell.blocks)?;
                    }
                }
            }
        }
        Ok(())
    }
}
