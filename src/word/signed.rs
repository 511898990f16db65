//! 六、七、八: the form's text in a bordered box, the opinion or room to
//! write it, then the lines to sign, room for the seal and the date, on
//! the right as the form sets them.

use crate::document::Signed;
use crate::docx::{Align, Block, Cell, Paragraph, Row, Run, Section, Style, Table, Twips, mm};

use super::heading;

/// The padding inside the box.
const INSET: Twips = 240;

/// One part that is signed, in its box.
pub(super) fn part(label: &str, signed: &Signed, section: &mut Section) {
    let width = section.text_width();
    let body = |text: &str| Paragraph::text(Style::Normal, text).first_line_chars(200);
    let mut blocks = vec![Block::Paragraph(heading(label))];
    blocks.extend(signed.text.iter().map(|t| Block::Paragraph(body(t))));
    if let Some(prompt) = signed.prompt {
        blocks.push(Block::Paragraph(Paragraph::text(Style::Normal, prompt)));
    }
    match &signed.opinion {
        Some(opinion) => blocks.push(Block::Paragraph(body(opinion).spacing(120, 120))),
        // Room for a handwritten opinion.
        None if signed.asks_opinion => blocks.push(Block::Paragraph(room(mm(25)))),
        None => blocks.push(Block::Paragraph(room(mm(15)))),
    }
    // The signatures stand in the right 62% of the box, as on paper.
    let indent = width * 38 / 100;
    let line = |text: &str| Paragraph::text(Style::Normal, text).indent_left(indent).keep_next();
    for (i, signer) in signed.signers.iter().enumerate() {
        // Room to sign above each line but the first; a line to stamp
        // (六's 联盟牵头单位：（盖章）) has room for a 4.2 cm seal around it.
        let stamp = signer.contains("盖章");
        let space = match (i, stamp) {
            (0, _) => 0,
            (_, true) => mm(48),
            (_, false) => mm(15),
        };
        blocks.push(Block::Paragraph(line(signer).spacing(space, if stamp { mm(20) } else { 0 })));
    }
    if signed.seal {
        blocks.push(Block::Paragraph(
            Paragraph::new(Style::Normal)
                .indent_left(indent)
                .align(Align::Center)
                .keep_next()
                .spacing(mm(16), mm(16))
                .run(Run::new(crate::form::SEAL)),
        ));
    }
    blocks.push(Block::Paragraph(
        line(&crate::form::DATE_WORDS.map(|w| format!("\u{3000}\u{3000}\u{3000}\u{3000}{w}")).concat())
            .spacing(mm(4), mm(6)),
    ));
    let mut table = Table::new(vec![width]);
    table.cell_margin = INSET;
    table
        .rows
        .push(Row { cells: vec![Cell::new(blocks).valign(crate::docx::VAlign::Top)], ..Row::default() });
    section.table(table);
}

/// Empty room of `height`.
fn room(height: Twips) -> Paragraph {
    Paragraph::new(Style::Normal).spacing(0, 0).line(crate::docx::LineSpacing::Exact(height))
}
