//! The view of a report that the templates read: every value already a
//! display string ("无" where the report has nothing), so that templates only
//! lay out and never format. The tables' headers and cells follow the
//! catalogue's columns.

mod anchors;
mod cells;
mod evidence;
mod summary;
mod tables;

use serde::Serialize;

pub use cells::{Extent, Pieces};
pub use evidence::{EvidenceGroup, EvidenceItemView, EvidencePage, EvidenceView};
pub use tables::{HeaderCell, TableView};

use crate::breaks::Lexicon;
use crate::document::{Document, Orientation};
pub use crate::document::{NONE, shown};
use crate::form;
use crate::model::{Record, Report, Section};

#[derive(Debug, Serialize)]
pub struct View {
    pub draft: bool,
    /// The pages' side margins (see [`tables::PORTRAIT_MARGIN`]).
    pub margins: Margins,
    pub meta: Meta,
    pub edition: EditionView,
    pub cover: CoverView,
    pub instructions: InstructionsView,
    /// 一、联盟简况.
    pub summary: summary::SummaryView,
    pub sections: Vec<SectionView>,
    /// 五, on the report's portrait pages.
    pub members: TableView,
    /// 表1–表5, in order, on landscape pages.
    pub tables: Vec<TableView>,
    /// 六, 七 and 八.
    pub signed: Vec<SignedView>,
    pub evidence: EvidenceView,
}

/// Side margins as typst lengths: of the report's pages, and of the
/// landscape pages of 表1–表5.
#[derive(Debug, Serialize)]
pub struct Margins {
    pub portrait: String,
    pub landscape: String,
}

#[derive(Debug, Serialize)]
pub struct Meta {
    pub title: String,
    pub author: String,
}

/// What the edition of the form prints: the cover's date, the end of the
/// period.
#[derive(Debug, Serialize)]
pub struct EditionView {
    pub issued: &'static str,
    pub end_year: i32,
}

/// The cover (see [`crate::document::Cover`]), with the catalogue's words.
#[derive(Debug, Serialize)]
pub struct CoverView {
    pub attachment: &'static str,
    pub title: [&'static str; 2],
    /// Each label and its value.
    pub lines: Vec<(&'static str, String)>,
    /// How many lines, from the end, share a line on paper.
    pub paired: usize,
    pub date_label: &'static str,
    /// Empty where the report has no date: the line stays blank to fill by hand.
    pub date: [String; 3],
    pub date_words: [&'static str; 3],
    pub issuer: &'static str,
    pub issued: &'static str,
}

/// 填写说明.
#[derive(Debug, Serialize)]
pub struct InstructionsView {
    /// 一、本报告的适用范围 and its paragraph.
    pub scope: (&'static str, &'static str),
    pub requirements_heading: &'static str,
    /// 二、填写要求 1–5, each a paragraph.
    pub requirements: Vec<String>,
    /// The nine kinds of evidence as 填写说明 lists them: "（1）举办…".
    pub kinds: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct SectionView {
    pub title: &'static str,
    /// The label of its heading (see [`anchors`]).
    pub anchor: String,
    pub prompts: Vec<PromptView>,
}

#[derive(Debug, Serialize)]
pub struct PromptView {
    pub text: &'static str,
    /// Where the answer comes from, for a typesetting error (see
    /// [`super::place_at`]): `sections/operation.md:12｜二（3）`.
    pub place: String,
    /// The answer as typst markup, converted from Markdown.
    pub body: String,
}

/// A part that is signed (see [`crate::document::Signed`]).
#[derive(Debug, Serialize)]
pub struct SignedView {
    pub place: String,
    pub title: String,
    pub text: Vec<&'static str>,
    pub prompt: Option<&'static str>,
    pub opinion: Option<String>,
    pub signers: Vec<&'static str>,
}

/// Builds the view.
pub fn build(report: &Report, document: &Document, draft: bool) -> View {
    let lexicon = lexicon(report);
    let (portrait, landscape): (Vec<_>, Vec<_>) = document
        .tables()
        .map(|(part, table)| (part.orientation, tables::table(part, table, &lexicon)))
        .partition(|(orientation, _)| *orientation == Orientation::Portrait);
    let members = portrait.into_iter().map(|(_, t)| t).next().expect("the document has 五");
    let empty = Record::empty(form::REPORT.path, &form::ALLIANCE, Default::default(), "alliance".into());
    let a = report.info.group("alliance").unwrap_or(&empty);
    View {
        draft,
        margins: Margins {
            portrait: format!("{}mm", tables::PORTRAIT_MARGIN),
            landscape: format!("{}mm", tables::LANDSCAPE_MARGIN),
        },
        meta: Meta {
            title: format!("{} 考核及绩效评价报告", shown(a, "name")),
            author: shown(a, "lead_unit"),
        },
        edition: EditionView { issued: report.edition.issued, end_year: report.end_year },
        cover: CoverView {
            attachment: form::ATTACHMENT,
            title: form::TITLE,
            lines: document.cover.lines.clone(),
            paired: form::COVER_PAIRED,
            date_label: form::COVER_DATE.0,
            date: document.cover.date.clone(),
            date_words: form::COVER_DATE.2,
            issuer: form::ISSUER,
            issued: document.cover.issued,
        },
        instructions: InstructionsView {
            scope: form::SCOPE,
            requirements_heading: form::REQUIREMENTS,
            requirements: document.instructions.requirements.clone(),
            kinds: document.instructions.kinds.clone(),
        },
        summary: {
            let (part, grid) = document.summary();
            summary::view(part, grid, &lexicon)
        },
        sections: report.sections.iter().map(|s| section(report, s)).collect(),
        members,
        tables: landscape.into_iter().map(|(_, t)| t).collect(),
        signed: document
            .signed()
            .map(|(part, s)| SignedView {
                place: format!("{}｜{}", part.file, part.label),
                title: part.label.clone(),
                text: s.text.clone(),
                prompt: s.prompt,
                opinion: s.opinion.clone(),
                signers: s.signers.clone(),
            })
            .collect(),
        evidence: evidence::view(report, document.index()),
    }
}

/// The words that a line of a cell never splits beyond the dictionary's
/// (see [`crate::breaks`]): the form's vocabulary (its fields' words, the
/// kinds of 表3, the stages, the tables' labels), and the report's own
/// names, each row's name in 五 and 表1–表5, and the terms that recur in
/// them.
fn lexicon(report: &Report) -> Lexicon {
    fn words(fields: &'static [form::Field], out: &mut Vec<&'static str>) {
        for field in fields {
            out.extend(field.words());
            if let Some(children) = field.children() {
                words(children, out);
            }
        }
    }
    let mut vocabulary = Vec::new();
    words(&form::ALLIANCE, &mut vocabulary);
    for table in form::TABLES {
        words(table.fields, &mut vocabulary);
    }
    vocabulary.extend(form::ACHIEVEMENT_KINDS.iter().map(|k| k.name));
    vocabulary.extend(form::STAGES);
    // The tables' own labels: 主要完成人 breaks as 主要 / 完成人.
    for table in form::TABLES {
        vocabulary.extend(table.fields.iter().map(|f| f.label));
        vocabulary.extend(table.columns.iter().filter_map(|c| c.header));
    }
    let names: Vec<&str> = form::TABLES
        .iter()
        .flat_map(|t| report.rows(t).iter().filter_map(|r| r.text(t.name_field)))
        .collect();
    let recurring = Lexicon::recurring(names.iter().copied());
    Lexicon::new(vocabulary.into_iter().chain(names).map(str::to_owned).chain(recurring))
}

fn section(report: &Report, section: &Section) -> SectionView {
    SectionView {
        title: section.part.title(),
        anchor: anchors::section(section.part),
        prompts: report
            .edition
            .prompts(section.part)
            .iter()
            .zip(&section.answers)
            .enumerate()
            .map(|(i, (prompt, answer))| PromptView {
                text: prompt.text,
                place: answer_place(section, i),
                body: match answer {
                    Some(a) => a.converted.typst.clone(),
                    None => crate::escape::typst_text(NONE),
                },
            })
            .collect(),
    }
}

/// The place of answer `i` of `section`: its file and the line of its
/// heading, and the part and prompt it answers.
fn answer_place(section: &Section, i: usize) -> String {
    let line =
        section.answers.get(i).and_then(Option::as_ref).map(|a| format!(":{}", a.line)).unwrap_or_default();
    format!("{}{line}｜{}（{}）", section.file(), section.part.numeral(), i + 1)
}
