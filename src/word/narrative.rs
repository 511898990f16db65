//! 二、三、四: a bordered box (a one-cell table, which Word breaks across
//! pages) holding the part's heading, 分类阐述基本情况（可另附页）, and each
//! prompt followed by the author's answer: paragraphs with the form's
//! two-character indent, lists numbered as text, tables, images and
//! footnotes.

use crate::document::{Flow, Inline, Question};
use crate::docx::{
    self, Align, Block, Cell, Font, Image, ImageRef, Paragraph, Row, Run, Style, Table, Twips, mm,
};
use crate::model::{AssetKind, Format};

use super::{Writer, ems, heading};

/// The padding inside the box.
const INSET: Twips = 200;

/// One character of body text (小四) in twips: the unit of indents.
const CHAR: Twips = 240;

/// A part of prompts and answers.
pub(super) fn part(label: &str, questions: &[Question], writer: &mut Writer) {
    let width = writer.current().text_width();
    let room = width - 2 * INSET;
    let mut blocks = vec![
        Block::Paragraph(heading(label)),
        Block::Paragraph(
            Paragraph::new(Style::Normal).keep_next().run(Run::new(crate::form::ELABORATE).font(Font::Hei)),
        ),
    ];
    for question in questions {
        blocks.push(Block::Paragraph(
            Paragraph::new(Style::Normal)
                .keep_next()
                .spacing(120, 60)
                .run(Run::new(question.prompt).font(Font::Hei)),
        ));
        let mut flows = Flows { writer, room, blocks: Vec::new() };
        flows.flows(&question.answer(), 0);
        blocks.extend(flows.blocks);
    }
    let mut table = Table::new(vec![width]);
    table.cell_margin = INSET;
    table.rows.push(Row { cells: vec![Cell::new(blocks).valign(docx::VAlign::Top)], ..Row::default() });
    let section = writer.current();
    section.table(table);
}

/// Blocks of an answer being written, `room` twips wide.
struct Flows<'w, 'a> {
    writer: &'w mut Writer<'a>,
    room: Twips,
    blocks: Vec<Block>,
}

impl Flows<'_, '_> {
    /// Writes `flows`, `depth` lists or quotes deep.
    fn flows(&mut self, flows: &[Flow], depth: u32) {
        for flow in flows {
            self.flow(flow, depth);
        }
    }

    fn body(&self, depth: u32) -> Paragraph {
        let p = Paragraph::new(Style::Normal).align(Align::Justify);
        if depth == 0 { p.first_line_chars(200) } else { p.indent_left(depth * 2 * CHAR) }
    }

    fn flow(&mut self, flow: &Flow, depth: u32) {
        match flow {
            Flow::Paragraph(inlines) => {
                let p = self.inlines(self.body(depth), inlines, Run::new(""));
                // A paragraph that leads into what follows stays with it.
                let p = if ends_with_colon(inlines) { p.keep_next() } else { p };
                self.blocks.push(Block::Paragraph(p));
            }
            Flow::Heading(level, inlines) => {
                let size = if *level <= 2 { docx::Size::XIAO_SI } else { docx::Size::WU_HAO };
                let p = Paragraph::new(Style::Normal).keep_next().spacing(120, 60);
                let p = self.inlines(p, inlines, Run::new("").font(Font::Hei).size(size).bold());
                self.blocks.push(Block::Paragraph(p));
            }
            Flow::List { start, items } => {
                for (i, item) in items.iter().enumerate() {
                    let marker = match start {
                        Some(n) if depth == 0 => format!("{}. ", n + i as u64),
                        Some(n) => format!("{} ", circled(n + i as u64)),
                        None if depth == 0 => "● ".to_owned(),
                        None => "○ ".to_owned(),
                    };
                    let first = self.blocks.len();
                    self.flows(item, depth + 1);
                    match self.blocks.get_mut(first) {
                        Some(Block::Paragraph(p)) => {
                            p.inlines.insert(0, docx::Inline::Text(Run::new(marker)))
                        }
                        _ => self.blocks.insert(
                            first,
                            Block::Paragraph(self.body(depth + 1).run(Run::new(marker.trim_end()))),
                        ),
                    }
                }
            }
            Flow::Table { header, align, rows } => self.table(header, align, rows, depth),
            Flow::Quote(flows) => self.flows(flows, depth + 1),
            Flow::Code(text) => {
                let p = Paragraph::new(Style::TableText).indent_left((depth + 2) * CHAR).run(Run::new(text));
                self.blocks.push(Block::Paragraph(p));
            }
            Flow::Rule => self.blocks.push(Block::Paragraph(
                Paragraph::new(Style::Normal).align(Align::Center).run(Run::new("＊　＊　＊")),
            )),
        }
    }

    /// A Markdown table: a bordered table of the answer's width, its header
    /// row in 黑体 and repeated on every page.
    fn table(
        &mut self,
        header: &[Vec<Inline>],
        align: &[crate::document::Align],
        rows: &[Vec<Vec<Inline>>],
        depth: u32,
    ) {
        if header.is_empty() && rows.is_empty() {
            return;
        }
        let columns = header.len().max(rows.iter().map(Vec::len).max().unwrap_or(0)).max(1);
        let room = self.room - depth * 2 * CHAR;
        // Each column as wide as its widest text asks, within reason.
        let asks: Vec<f64> = (0..columns)
            .map(|c| {
                std::iter::once(header.get(c))
                    .chain(rows.iter().map(|r| r.get(c)))
                    .flatten()
                    .map(|cell| ems(&plain(cell)).clamp(2.0, 20.0))
                    .fold(2.0, f64::max)
            })
            .collect();
        let total: f64 = asks.iter().sum();
        let mut grid: Vec<Twips> = asks.iter().map(|a| (a / total * f64::from(room)) as Twips).collect();
        let used: Twips = grid.iter().sum();
        grid[columns - 1] += room - used;
        let mut table = Table::new(grid);
        let row = |cells: &[Vec<Inline>], head: bool, flows: &mut Self| {
            let cells = (0..columns)
                .map(|c| {
                    let a = match align.get(c) {
                        _ if head => Align::Center,
                        Some(crate::document::Align::Center) => Align::Center,
                        _ => Align::Left,
                    };
                    let style = if head { Style::TableHeader } else { Style::TableText };
                    let p = Paragraph::new(style).align(a);
                    let p = match cells.get(c) {
                        Some(inlines) => flows.inlines(p, inlines, Run::new("")),
                        None => p,
                    };
                    Cell::paragraph(p)
                })
                .collect();
            Row { cells, header: head, cant_split: true, ..Row::default() }
        };
        if !header.is_empty() {
            let r = row(header, true, self);
            table.rows.push(r);
        }
        for cells in rows {
            let r = row(cells, false, self);
            table.rows.push(r);
        }
        self.blocks.push(Block::Table(table));
        self.blocks.push(Block::Paragraph(Paragraph::new(Style::TableText)));
    }

    /// Adds `inlines` to `p`, each run formatted like `like` and its own
    /// marks.
    fn inlines(&mut self, mut p: Paragraph, inlines: &[Inline], like: Run) -> Paragraph {
        for inline in inlines {
            match inline {
                Inline::Text(t) => p = p.run(Run { text: t.clone(), ..like.clone() }),
                Inline::Code(t) => p = p.run(Run { text: t.clone(), ..like.clone() }),
                Inline::Strong(c) => p = self.inlines(p, c, like.clone().bold()),
                Inline::Emphasis(c) => p = self.inlines(p, c, like.clone().italic()),
                Inline::Strikethrough(c) => p = self.inlines(p, c, like.clone().strike()),
                Inline::LineBreak => p = p.inline(docx::Inline::Break),
                // The link's text, then its address where the text does
                // not already show it: a printed page cannot be clicked.
                Inline::Link { url, content } => {
                    p = self.inlines(p, content, like.clone());
                    let text = plain(content);
                    if !url.is_empty() && text.trim() != url.trim_start_matches("mailto:") {
                        p = p.run(Run { text: format!("（{url}）"), ..like.clone() });
                    }
                }
                Inline::Image { path, alt } => {
                    if let Some(image) = self.image(path, alt) {
                        // A picture on a line of its own, centred.
                        if !p.inlines.is_empty() {
                            p = p.inline(docx::Inline::Break);
                        }
                        p.first_line_chars = None;
                        p = p.align(Align::Center).inline(docx::Inline::Image(image));
                        if !alt.trim().is_empty() {
                            p = p
                                .inline(docx::Inline::Break)
                                .run(Run::new(alt.trim()).size(docx::Size::WU_HAO));
                        }
                    } else {
                        p = p.run(Run { text: format!("［图片：{alt}］"), ..like.clone() });
                    }
                }
                Inline::Footnote(flows) => {
                    let mut note = Flows { writer: &mut *self.writer, room: self.room, blocks: Vec::new() };
                    note.flows(flows, 1);
                    let paragraphs: Vec<Paragraph> = note
                        .blocks
                        .into_iter()
                        .filter_map(|b| match b {
                            Block::Paragraph(mut p) => {
                                p.style = Some(Style::FootnoteText);
                                p.indent_left = None;
                                p.first_line_chars = None;
                                Some(p)
                            }
                            Block::Table(_) => None,
                        })
                        .collect();
                    let index = self.writer.word.footnote(paragraphs);
                    p = p.inline(docx::Inline::Footnote(index));
                }
            }
        }
        p
    }

    /// The picture at `path` (as written in a section file), as Word can
    /// show it: PNG and JPEG as they are, GIF and WebP as PNG, SVG drawn to
    /// a PNG. `None` for a file that load did not read.
    fn image(&mut self, path: &str, alt: &str) -> Option<ImageRef> {
        let Some(Ok((_, asset))) = self.writer.assets.lookup("sections", path) else { return None };
        let AssetKind::Image { format, .. } = asset.kind else { return None };
        let bytes = match format {
            Format::Png | Format::Jpeg => asset.bytes.to_vec(),
            Format::Gif | Format::Webp => super::pictures::to_png(&asset.bytes)?,
            Format::Svg => super::pictures::svg_to_png(&asset.bytes)?,
            Format::Pdf => return None,
        };
        let image = Image::new(bytes, alt).ok()?;
        let pixels = image.pixels;
        let index = self.writer.word.image(image);
        // At most 80% of the box's width, as the PDF sets it, and 18 cm tall.
        Some(ImageRef::fit(index, pixels, self.room * 4 / 5, mm(180)))
    }
}

/// Whether a paragraph ends with a colon, leading into a list or table.
fn ends_with_colon(inlines: &[Inline]) -> bool {
    plain(inlines).trim_end().ends_with(['：', ':'])
}

/// ① … ⑳, then the number in brackets.
fn circled(n: u64) -> String {
    match n {
        1..=20 => char::from_u32(0x2460 + n as u32 - 1).map(String::from).unwrap_or_default(),
        _ => format!("({n})"),
    }
}

/// The text of inline content.
fn plain(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for i in inlines {
        match i {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Strong(c) | Inline::Emphasis(c) | Inline::Strikethrough(c) => out += &plain(c),
            Inline::Link { content, .. } => out += &plain(content),
            Inline::Image { alt, .. } => out.push_str(alt),
            Inline::LineBreak | Inline::Footnote(_) => {}
        }
    }
    out
}
