//! The report as a Word document: the document model
//! ([`crate::document`]) laid out as the official Word form, through the
//! writer of `src/docx/`. Word is the form's own format, so the file is
//! one a clerk can correct by hand: every table on a fixed grid, merged
//! cells as Word merges them, header rows that repeat, numbering and
//! tick boxes as text.
//!
//! Steps: the cover on a page of its own ([`front`]), 填写说明 and the
//! parts in the form's order, each from a new page. 一 is a bordered table
//! ([`summary`]), 二–四 boxes of prompts and answers ([`narrative`]), 五
//! and 表1–表5 data tables on the part's orientation ([`tables`]), 六–八
//! room to sign and stamp ([`signed`]), 九 the index of the evidence. The
//! evidence itself is not in the Word file: 九 says so, and where it is.
//!
//! Widths here are estimates in characters ([`ems`]): Word sets the text
//! in its own fonts, and only needs the grid to be in proportion.

mod front;
mod narrative;
mod pictures;
mod signed;
mod summary;
mod tables;

use anyhow::Result;

use crate::document::{self, Block, Document};
use crate::docx::{self, Footer, Margins, Orientation, Paragraph, Section, Style, Twips};
use crate::model::{Assets, Record, Report};

/// The side margins of the form's pages, as the PDF sets them (mm).
const PORTRAIT_MARGIN: u32 = 22;
const LANDSCAPE_MARGIN: u32 = 20;

/// The size of table text (五号) in twips: what one character of a cell
/// takes.
const WU_HAO: Twips = 210;

/// What the Word file says on 九's page of the evidence it leaves out.
pub const EVIDENCE_NOT_INCLUDED: &str = "本 Word 文件只含证明材料目录，不含证明材料本身。证明材料见同一报告生成的 PDF 文件（第九部分，按目录顺序排列），请与 PDF 文件一并提交。";

/// The Word document of `document`. `assets` has the images the answers
/// place; `draft` marks the cover as a draft of a report with errors.
pub fn render(document: &Document, report: &Report, draft: bool) -> Result<docx::Document> {
    let empty = Record::empty(
        crate::form::REPORT.path,
        &crate::form::ALLIANCE,
        Default::default(),
        "alliance".into(),
    );
    let alliance = report.info.group("alliance").unwrap_or(&empty);
    let mut word = docx::Document::new(docx::Properties {
        title: format!("{} 考核及绩效评价报告", document::shown(alliance, "name")),
        author: document::shown(alliance, "lead_unit"),
    });
    word.section(front::cover(&document.cover, draft));
    let mut writer = Writer { word, assets: &report.assets, section: None };
    writer.open(Orientation::Portrait, Some(1));
    front::instructions(&document.instructions, writer.current());
    // Each part starts a page: a section of its own, which Word and
    // LibreOffice both start on a new page (a page break before a table
    // cannot be set on the table, and an empty paragraph holding one can
    // be left alone on a page). 八 follows 七, on its page where it fits.
    let mut after_opinion = false;
    for part in &document.parts {
        let orientation = match part.orientation {
            document::Orientation::Portrait => Orientation::Portrait,
            document::Orientation::Landscape => Orientation::Landscape,
        };
        let follows = after_opinion && matches!(part.blocks.first(), Some(Block::Signed(_)));
        if follows {
            writer.current().paragraph(Paragraph::new(Style::Normal));
        } else {
            writer.open(orientation, None);
        }
        after_opinion = false;
        for block in &part.blocks {
            let section = writer.current();
            match block {
                Block::Grid(grid) => {
                    section.paragraph(heading(&part.label));
                    summary::grid(grid, section);
                }
                Block::Questions(questions) => narrative::part(&part.label, questions, &mut writer),
                Block::Table(table) => tables::table(part, table, section),
                Block::Signed(signed) => {
                    signed::part(&part.label, signed, section);
                    after_opinion = signed.asks_opinion;
                }
                Block::Index(index) => tables::index(&part.label, index, section),
            }
        }
    }
    writer.close();
    Ok(writer.word)
}

/// The document being written and the section being filled.
pub(crate) struct Writer<'a> {
    word: docx::Document,
    assets: &'a Assets,
    section: Option<Section>,
}

impl Writer<'_> {
    /// Starts a section of `orientation` on a new page, its pages numbered
    /// from `first_page` if given, else going on from the pages before.
    fn open(&mut self, orientation: Orientation, first_page: Option<u32>) {
        self.close();
        let margin = match orientation {
            Orientation::Portrait => PORTRAIT_MARGIN,
            Orientation::Landscape => LANDSCAPE_MARGIN,
        };
        let margins = Margins {
            top: docx::mm(25),
            bottom: docx::mm(22),
            left: docx::mm(margin),
            right: docx::mm(margin),
            header: docx::mm(15),
            footer: docx::mm(12),
        };
        self.section = Some(Section {
            orientation,
            margins,
            footer: Footer::PageNumber,
            first_page_number: first_page,
            blocks: Vec::new(),
        });
    }

    fn close(&mut self) {
        if let Some(section) = self.section.take() {
            self.word.section(section);
        }
    }

    pub(crate) fn current(&mut self) -> &mut Section {
        self.section.get_or_insert_with(|| Section::new(Orientation::Portrait))
    }
}

/// A part's heading: 黑体, a bookmark in Word's navigation pane.
fn heading(label: &str) -> Paragraph {
    Paragraph::text(Style::Heading1, label).keep_next().spacing(0, 120)
}

/// The width of `text` in characters of its size: a Han character or a
/// full-width form takes one, anything else half. One rule with the
/// editor's columns ([`crate::diag::is_wide`]).
pub(crate) fn ems(text: &str) -> f64 {
    text.chars().map(|c| if crate::diag::is_wide(c) { 1.0 } else { 0.5 }).sum()
}

/// The widest line of `text`, in characters.
pub(crate) fn widest_line(text: &str) -> f64 {
    text.lines().map(ems).fold(0.0, f64::max)
}
