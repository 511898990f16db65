//! The cover and 填写说明: the catalogue's words, the cover's values on
//! underlined lines. A line is a one-row table without borders whose value
//! cell has a bottom border: the line stays as long as the form draws it
//! whatever the value, and a clerk can type on it.

use crate::document::{Cover, Instructions};
use crate::docx::{
    Align, Block, Border, Cell, CellBorders, Edge, Font, Footer, Margins, Orientation, Paragraph, Row, Run,
    Section, Size, Style, Table, Twips, VAlign, mm,
};
use crate::form;

use super::ems;

/// 三号 in twips: the size of the cover's lines.
const SAN_HAO: Twips = 320;

/// The cover's page, on a section of its own without a page number.
pub(super) fn cover(cover: &Cover, draft: bool) -> Section {
    let margins = Margins { top: mm(25), bottom: mm(30), left: mm(28), right: mm(28), ..Margins::default() };
    let mut section = Section { footer: Footer::Empty, margins, ..Section::new(Orientation::Portrait) };
    let width = section.text_width() - 2 * mm(6);
    section.paragraph(
        Paragraph::new(Style::Normal)
            .align(Align::Left)
            .run(Run::new(form::ATTACHMENT).font(Font::Hei).size(Size::SAN_HAO)),
    );
    if draft {
        section.paragraph(
            Paragraph::new(Style::Normal)
                .align(Align::Right)
                .run(Run::new("草稿：报告仍有错误，不能上报").font(Font::Hei).size(Size::SAN_HAO)),
        );
    }
    section.paragraph(
        Paragraph::new(Style::Title)
            .spacing(mm(24), mm(26))
            .run(Run::new(form::TITLE.join("\n")).font(Font::Hei).size(Size::ER_HAO).bold()),
    );
    let single = cover.lines.len() - form::COVER_PAIRED;
    for (label, value) in &cover.lines[..single] {
        section.table(line(&[(label, value)], width));
        section.paragraph(gap());
    }
    let paired: Vec<(&str, &String)> = cover.lines[single..].iter().map(|(l, v)| (*l, v)).collect();
    section.table(line(&paired, width));
    section.paragraph(gap());
    section.table(date_line(&cover.date, width));
    section.paragraph(
        Paragraph::new(Style::Normal)
            .align(Align::Center)
            .spacing(mm(30), 0)
            .run(Run::new(format!("{}\n{}", form::ISSUER, cover.issued)).size(Size::SAN_HAO)),
    );
    section
}

/// The space between two of the cover's lines.
fn gap() -> Paragraph {
    Paragraph::new(Style::Normal).spacing(0, 0).line(crate::docx::LineSpacing::Exact(mm(8)))
}

/// Text of the cover's size.
fn cover_text(text: &str, align: Align) -> Paragraph {
    Paragraph::new(Style::Normal).align(align).spacing(0, 0).run(Run::new(text).size(Size::SAN_HAO))
}

/// The width a label takes on the cover, with its cell's padding and a
/// tenth to spare for fonts a little wider than 宋体.
fn label_width(label: &str) -> Twips {
    (ems(label) * f64::from(SAN_HAO) * 1.1).ceil() as Twips + 2 * 108
}

/// A value on its line, at 三号, or smaller (down to 小四) to stay on one
/// line of `room` twips, as the PDF sets it; longer still, it wraps.
fn value_text(value: &str, room: Twips) -> Paragraph {
    let fits = f64::from(room.saturating_sub(2 * 108)) / ems(value).max(1.0) / 1.1 / 10.0;
    let half_points = (fits.floor() as u32).clamp(Size::XIAO_SI.half_points(), Size::SAN_HAO.half_points());
    Paragraph::new(Style::Normal)
        .align(Align::Center)
        .spacing(0, 0)
        .run(Run::new(value).size(Size::from_half_points(half_points)))
}

/// An underlined value cell.
fn underlined(blocks: Vec<Block>) -> Cell {
    let mut cell = Cell::new(blocks).valign(VAlign::Bottom);
    cell.borders = CellBorders { bottom: Some(Edge::Line(Border::THIN)), ..CellBorders::default() };
    cell
}

/// Labels, each with its value on an underlined line, side by side.
fn line(pairs: &[(&str, &String)], width: Twips) -> Table {
    let share = width / pairs.len() as Twips;
    let mut grid = Vec::new();
    let mut cells = Vec::new();
    for (label, value) in pairs {
        let label_width = label_width(label).min(share / 2);
        grid.extend([label_width, share - label_width]);
        cells.push(Cell::paragraph(cover_text(label, Align::Left)).valign(VAlign::Bottom));
        cells.push(underlined(vec![Block::Paragraph(value_text(value, share - label_width))]));
    }
    let used: Twips = grid.iter().sum();
    if let Some(last) = grid.last_mut() {
        *last += width - used;
    }
    Table { borders: None, ..Table::new(grid) }.row(Row { cells, cant_split: true, ..Row::default() })
}

/// 填报日期：____年__月__日, the blanks underlined.
fn date_line(date: &[String; 3], width: Twips) -> Table {
    let (label, _, words) = form::COVER_DATE;
    let blanks = [mm(22), mm(14), mm(14)];
    let mut grid = vec![label_width(label)];
    let mut cells = vec![Cell::paragraph(cover_text(label, Align::Left)).valign(VAlign::Bottom)];
    for ((value, word), blank) in date.iter().zip(words).zip(blanks) {
        grid.extend([blank, label_width(word)]);
        cells.push(underlined(vec![Block::Paragraph(cover_text(value, Align::Center))]));
        cells.push(Cell::paragraph(cover_text(word, Align::Left)).valign(VAlign::Bottom));
    }
    let used: Twips = grid.iter().sum();
    grid.push(width.saturating_sub(used).max(1));
    cells.push(Cell::paragraph(cover_text("", Align::Left)));
    Table { borders: None, align: Align::Left, ..Table::new(grid) }.row(Row {
        cells,
        cant_split: true,
        ..Row::default()
    })
}

/// 填写说明, verbatim, on a page of its own.
pub(super) fn instructions(instructions: &Instructions, section: &mut Section) {
    section.paragraph(
        Paragraph::new(Style::Heading1)
            .align(Align::Center)
            .spacing(0, 240)
            .run(Run::new(form::INSTRUCTIONS).size(Size::SAN_HAO).spaced(160)),
    );
    let body = |text: &str| Paragraph::text(Style::Normal, text).first_line_chars(200);
    let head =
        |text: &str| Paragraph::new(Style::Normal).first_line_chars(200).run(Run::new(text).font(Font::Hei));
    section.paragraph(head(form::SCOPE.0));
    section.paragraph(body(form::SCOPE.1));
    section.paragraph(head(form::REQUIREMENTS));
    for text in instructions.requirements.iter().chain(&instructions.kinds) {
        section.paragraph(body(text));
    }
}
