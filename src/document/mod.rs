//! The report as a document: the form's parts in order, each with its
//! blocks, holding display values only (the strings the form prints: 无,
//! 编号：无, 2023年3月). Nothing here knows an output format: no typst
//! markup, no widths measured with a font. Each renderer (typst for the
//! PDF, Word) reads this model and only lays it out.
//!
//! Steps: [`build`] takes the loaded [`Report`] and its [`Figures`] and
//! walks the catalogue (`src/form/`): 一 becomes a [`Grid`] of label and
//! value cells with their spans, 五 and 表1–表5 become [`Table`]s with
//! their header rows, columns and rows of [`Cell`]s.

mod front;
mod index;
mod narrative;
mod summary;
mod tables;

pub use front::{Cover, Instructions};
pub use index::{EvidenceEntry, EvidenceIndex, EvidenceKind};
pub use narrative::{Flow, Inline, MAX_DEPTH, Question};

pub use summary::{Count, Grid, GridCell, GridContent, GridRow, Link, Tick};
pub use tables::{Cell, Column, Table, refs};

pub use crate::attachments::Target;
pub use crate::form::{Align, Header as HeaderCell};
use crate::model::{Record, Report, Value};
use crate::summary::Figures;
pub use crate::summary::RowRef;

/// What the text "无" stands for: a cell with nothing to say.
pub const NONE: &str = "无";

/// The report as the form prints it: the cover, 填写说明, then the parts
/// in the form's order, 一 to 九.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub cover: Cover,
    pub instructions: Instructions,
    pub parts: Vec<Part>,
}

/// A part of the form.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// The part as the form names it: 一、联盟简况, 表1 技术合作创新项目一览表.
    pub label: String,
    /// The file of the report it comes from, relative to the report folder.
    pub file: &'static str,
    /// How its pages are set: 表1–表5 on landscape pages.
    pub orientation: Orientation,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    Portrait,
    Landscape,
}

/// A block of a part.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Label and value cells on a grid (一).
    Grid(Grid),
    /// A table with header rows (五, 表1–表5).
    Table(Table),
    /// The form's prompts, each with the author's answer (二–四).
    Questions(Vec<Question>),
    /// Text, an opinion and room to sign, stamp and date (六–八).
    Signed(Signed),
    /// The index of the attached evidence (九).
    Index(EvidenceIndex),
}

/// A part that is signed: 六's pledge, 七's and 八's opinions.
#[derive(Debug, Clone, PartialEq)]
pub struct Signed {
    /// The text the form prints, paragraph by paragraph.
    pub text: Vec<&'static str>,
    /// What the form writes before the opinion (牵头单位意见：).
    pub prompt: Option<&'static str>,
    /// The opinion as the report gives it; `None` leaves room to write it
    /// by hand, in a part that asks for one.
    pub opinion: Option<String>,
    /// Whether the part asks for an opinion.
    pub asks_opinion: bool,
    /// The lines to sign, in order, then the date.
    pub signers: Vec<&'static str>,
    /// Whether there is room for a seal, marked （公  章）.
    pub seal: bool,
}

impl Document {
    /// 一 and its grid.
    pub fn summary(&self) -> (&Part, &Grid) {
        self.parts
            .iter()
            .find_map(|p| {
                p.blocks.iter().find_map(|b| match b {
                    Block::Grid(g) => Some((p, g)),
                    _ => None,
                })
            })
            .expect("the document has 一")
    }

    /// The signed parts, in order: 六, 七, 八.
    pub fn signed(&self) -> impl Iterator<Item = (&Part, &Signed)> {
        self.parts.iter().flat_map(|p| {
            p.blocks.iter().filter_map(move |b| match b {
                Block::Signed(s) => Some((p, s)),
                _ => None,
            })
        })
    }

    /// 九's index of the evidence.
    pub fn index(&self) -> &EvidenceIndex {
        self.parts
            .iter()
            .flat_map(|p| &p.blocks)
            .find_map(|b| match b {
                Block::Index(i) => Some(i),
                _ => None,
            })
            .expect("the document has 九")
    }

    /// The tables, in the form's order: 五, 表1–表5.
    pub fn tables(&self) -> impl Iterator<Item = (&Part, &Table)> {
        self.parts.iter().flat_map(|p| {
            p.blocks.iter().filter_map(move |b| match b {
                Block::Table(t) => Some((p, t)),
                _ => None,
            })
        })
    }
}

/// Builds the document of `report`.
pub fn build(report: &Report, figures: &Figures) -> Document {
    let alliance = crate::form::field(crate::form::REPORT.fields, "alliance");
    let grid = summary::grid(report, figures);
    let index = index::index(report);
    let refs = refs(report);
    let anchored = anchored(&grid, &index);
    let mut parts = vec![Part {
        label: alliance.label.to_owned(),
        file: crate::form::REPORT.path,
        orientation: Orientation::Portrait,
        blocks: vec![Block::Grid(grid)],
    }];
    parts.extend(report.sections.iter().map(|section| Part {
        label: section.part.title().to_owned(),
        file: section.file(),
        orientation: Orientation::Portrait,
        blocks: vec![Block::Questions(
                report
                    .edition
                    .prompts(section.part)
                    .iter()
                    .zip(&section.answers)
                    .map(|(prompt, answer)| Question::new(prompt.text, answer.as_ref()))
                    .collect(),
            )],
    }));
    parts.extend(tables::tables(report, &refs, report.evidence_refs(), &anchored));
    parts.extend(crate::form::SIGNED.iter().map(|signed| signed_part(report, signed)));
    parts.push(Part {
        label: crate::form::EVIDENCE.title.to_owned(),
        file: crate::form::EVIDENCE.path,
        orientation: Orientation::Portrait,
        blocks: vec![Block::Index(index)],
    });
    Document { cover: front::cover(report), instructions: front::instructions(report), parts }
}

/// The rows a link leads to: those a figure of 一 links to, and those an
/// item of evidence supports (its first page links back to them).
fn anchored(grid: &Grid, index: &EvidenceIndex) -> std::collections::BTreeSet<RowRef> {
    let figures = grid.blocks.iter().flatten().flatten().flat_map(|cell| match &cell.content {
        GridContent::Figure(_, to) => to.iter().copied().collect(),
        GridContent::Pair(pair) => pair.iter().filter_map(|c| c.to).collect(),
        GridContent::Lines(_, links) => links.iter().map(|l| l.to).collect(),
        _ => Vec::new(),
    });
    let supported =
        index.kinds.iter().flat_map(|k| &k.items).flat_map(|e| &e.targets).filter_map(|t| match t {
            Target::Row(table, row) => Some(RowRef { table: *table, row: *row }),
            _ => None,
        });
    figures.chain(supported).collect()
}

/// 六, 七 or 八.
fn signed_part(report: &Report, signed: &crate::form::Signed) -> Part {
    let opinion = signed
        .opinion
        .and_then(|(key, _)| report.info.group("opinions").and_then(|o| o.text(key)).map(str::to_owned));
    Part {
        label: signed.title.to_owned(),
        file: crate::form::REPORT.path,
        orientation: Orientation::Portrait,
        blocks: vec![Block::Signed(Signed {
            text: signed.text.to_vec(),
            prompt: signed.opinion.and_then(|(_, prompt)| prompt),
            opinion,
            asks_opinion: signed.opinion.is_some(),
            signers: signed.signers.to_vec(),
            seal: signed.seal,
        })],
    }
}

/// A field of a record as the form prints it: its text, number or date, a
/// list joined with 、, or 无 when it has nothing.
pub fn shown(record: &Record, key: &str) -> String {
    match record.get(key) {
        Some(Value::Text(t) | Value::Choice(t)) if !t.trim().is_empty() => t.trim().to_owned(),
        Some(Value::Count(n)) => n.to_string(),
        Some(Value::Amount(a)) => a.display(),
        Some(Value::Date(d)) => d.chinese(),
        Some(Value::Year(y)) => y.to_string(),
        Some(Value::List(items)) => {
            let texts = record.texts(key);
            if items.is_empty() || texts.is_empty() { NONE.to_owned() } else { texts.join("、") }
        }
        _ => NONE.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Document {
        let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/example-report"));
        let report = crate::load::load(root).unwrap().report.unwrap();
        build(&report, &Figures::of(&report))
    }

    #[test]
    fn parts_follow_the_form_in_order() {
        let labels: Vec<String> = example().parts.iter().map(|p| p.label.chars().take(3).collect()).collect();
        assert_eq!(
            labels,
            [
                "一、联",
                "二、联",
                "三、联",
                "四、联",
                "五、联",
                "表1 ",
                "表2 ",
                "表3 ",
                "表4 ",
                "表5 ",
                "六、真",
                "七、联",
                "八、组",
                "九、相"
            ]
        );
    }

    #[test]
    fn signed_parts_hold_the_opinion_written_and_leave_room_for_the_rest() {
        let doc = example();
        let signed: Vec<&Signed> = doc.signed().map(|(_, s)| s).collect();
        assert_eq!(signed[0].text.len(), 4, "the pledge's four paragraphs");
        assert!(!signed[0].asks_opinion && signed[0].signers.len() == 2 && !signed[0].seal);
        assert!(signed[1].opinion.as_deref().is_some_and(|o| o.starts_with("经审核")));
        assert_eq!(signed[1].prompt, Some("牵头单位意见："));
        assert!(signed[2].asks_opinion && signed[2].opinion.is_none() && signed[2].seal);
    }

    fn images(flows: &[Flow]) -> usize {
        fn inline(i: &[Inline]) -> usize {
            i.iter()
                .map(|i| match i {
                    Inline::Image { .. } => 1,
                    Inline::Strong(c) | Inline::Emphasis(c) | Inline::Strikethrough(c) => inline(c),
                    Inline::Link { content, .. } => inline(content),
                    Inline::Footnote(f) => images(f),
                    _ => 0,
                })
                .sum()
        }
        flows
            .iter()
            .map(|f| match f {
                Flow::Paragraph(i) | Flow::Heading(_, i) => inline(i),
                Flow::List { items, .. } => items.iter().map(|i| images(i)).sum(),
                Flow::Table { header, rows, .. } => {
                    header.iter().chain(rows.iter().flatten()).map(|c| inline(c)).sum()
                }
                Flow::Quote(f) => images(f),
                _ => 0,
            })
            .sum()
    }

    #[test]
    fn answers_hold_the_images_the_converter_placed() {
        let mut placed = 0;
        for folder in ["example-report", "tests/testsuite/fixtures/minimal", "tests/testsuite/fixtures/hanzi"]
        {
            let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
            let Some(report) = crate::load::load(&root).unwrap().report else { continue };
            let doc = build(&report, &Figures::of(&report));
            let questions: Vec<&Question> = doc
                .parts
                .iter()
                .flat_map(|p| &p.blocks)
                .filter_map(|b| match b {
                    Block::Questions(q) => Some(q),
                    _ => None,
                })
                .flatten()
                .collect();
            let answers: Vec<Option<&crate::model::Answer>> =
                report.sections.iter().flat_map(|s| s.answers.iter().map(Option::as_ref)).collect();
            assert_eq!(questions.len(), answers.len());
            for (q, a) in questions.iter().zip(answers) {
                let expected = a.map_or(0, |a| a.converted.images.len());
                assert_eq!(images(&q.answer()), expected, "{folder} {}", q.prompt);
                placed += expected;
            }
        }
        assert!(placed > 0, "the reports place images");
    }
}
