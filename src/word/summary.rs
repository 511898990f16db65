//! 一、联盟简况 as one bordered table per block of the form, each with the
//! merged vertical 联盟基本情况 column: the grid of the document, cell by
//! cell, on the grid's equal columns.

use crate::document::{Grid, GridContent, Tick};
use crate::docx::{
    Align, Block, Cell, Font, Paragraph, Row, RowHeight, Run, Section, Style, Table, Twips, mm, tick_box,
};

/// The width of the vertical label's column.
const SIDE: Twips = 560;

/// 一's tables, one per block, kept each on a page as the form prints them.
pub(super) fn grid(grid: &Grid, section: &mut Section) {
    let width = section.text_width();
    let columns = grid.columns as usize;
    let column = (width - SIDE) / columns as Twips;
    let mut widths = vec![SIDE];
    widths.extend(std::iter::repeat_n(column, columns));
    widths[columns] += width - SIDE - column * columns as Twips;
    for (b, block) in grid.blocks.iter().enumerate() {
        let mut table = Table::new(widths.clone());
        for (r, row) in block.iter().enumerate() {
            let side = if r == 0 {
                Cell::paragraph(
                    Paragraph::new(Style::TableText)
                        .align(Align::Center)
                        .run(Run::new(grid.side).font(Font::Hei)),
                )
                .vertical()
                .restart()
            } else {
                Cell::continued(1)
            };
            let last = r + 1 == block.len();
            let mut cells = vec![side];
            cells.extend(row.iter().map(|cell| {
                let mut blocks = content(&cell.content);
                if !last {
                    // Keeps the block on one page, as the form prints it.
                    for block in &mut blocks {
                        if let Block::Paragraph(p) = block {
                            p.keep_next = true;
                        }
                    }
                }
                Cell::new(blocks).span(cell.colspan as usize)
            }));
            table.rows.push(Row {
                cells,
                cant_split: true,
                height: Some(RowHeight::AtLeast(mm(7))),
                header: false,
            });
        }
        if b > 0 {
            section.paragraph(Paragraph::new(Style::TableText));
        }
        section.table(table);
    }
}

fn lines(lines: &[String], align: Align) -> Vec<Block> {
    vec![Block::Paragraph(Paragraph::text(Style::TableText, lines.join("\n")).align(align))]
}

fn ticks(line: &[Tick]) -> String {
    line.iter().map(|t| format!("{}{}", tick_box(t.checked), t.label)).collect::<Vec<_>>().join("  ")
}

/// What a cell of the grid holds, as paragraphs.
fn content(content: &GridContent) -> Vec<Block> {
    match content {
        GridContent::Label(l) => lines(l, Align::Center),
        GridContent::Value(v) | GridContent::Figure(v, _) => lines(std::slice::from_ref(v), Align::Center),
        // One line centred, as 级别; several on the left, as 筹集渠道.
        GridContent::Ticks(l) if l.len() == 1 => lines(&[ticks(&l[0])], Align::Center),
        GridContent::Ticks(l) => lines(&l.iter().map(|l| ticks(l)).collect::<Vec<_>>(), Align::Left),
        // Lines after the first stand under the first's text after 其中.
        GridContent::Lines(l, _) => {
            let indent = "\u{3000}".repeat(crate::form::OF_WHICH.chars().count().div_ceil(2));
            let l: Vec<String> = l
                .iter()
                .enumerate()
                .map(|(i, l)| if i == 0 { l.clone() } else { format!("{indent}{l}") })
                .collect();
            lines(&l, Align::Left)
        }
        GridContent::Pair([a, b]) => {
            lines(&[format!("{} {}", a.label, a.value), format!("{} {}", b.label, b.value)], Align::Center)
        }
    }
}
