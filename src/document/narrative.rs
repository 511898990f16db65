//! 二、三、四: each prompt of the form with the author's answer as a small
//! tree of paragraphs, lists, tables, images and footnotes, read from the
//! answer's Markdown with the parser options of the typst converter
//! ([`crate::markdown::parser_options`]).
//!
//! The typst output still sets the converter's markup, which was checked
//! and warned about at load; this tree is what other formats read. Like
//! the converter, it is built in one loop with an explicit stack, and
//! containers nested deeper than [`MAX_DEPTH`] go on in their parent, so
//! that no input makes it deep.

use std::collections::HashMap;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::{Align, NONE};
use crate::markdown::{parser_options, soft_break_joiner};
use crate::model::Answer;

/// How deep containers (lists, quotes, emphasis …) nest in the tree.
pub const MAX_DEPTH: usize = 16;

/// A prompt of the form and its answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// The prompt as the form prints it: （1）联盟组织架构….
    pub prompt: &'static str,
    /// The answer's Markdown, read into a tree when a renderer asks for it
    /// (the typst output sets the converter's markup, and does not).
    markdown: Option<String>,
}

impl Question {
    pub(super) fn new(prompt: &'static str, answer: Option<&Answer>) -> Question {
        Question { prompt, markdown: answer.map(|a| a.markdown.clone()) }
    }

    /// The answer as blocks; a paragraph 无 where the report has none.
    pub fn answer(&self) -> Vec<Flow> {
        tree(self.markdown.as_deref())
    }
}

/// A block of an answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Flow {
    Paragraph(Vec<Inline>),
    /// A heading inside the answer, by its Markdown level (1–6).
    Heading(u8, Vec<Inline>),
    /// A list: numbered from `start`, or bulleted when `None`; each item
    /// its blocks.
    List {
        start: Option<u64>,
        items: Vec<Vec<Flow>>,
    },
    /// A table: its header row, its columns' alignment and its rows, each
    /// cell its inline content.
    Table {
        header: Vec<Vec<Inline>>,
        align: Vec<Align>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    Quote(Vec<Flow>),
    /// Preformatted text, as written.
    Code(String),
    Rule,
}

/// Inline content.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String),
    Strong(Vec<Inline>),
    Emphasis(Vec<Inline>),
    Strikethrough(Vec<Inline>),
    Code(String),
    LineBreak,
    Link {
        url: String,
        content: Vec<Inline>,
    },
    /// An image: its path as written (relative to the report folder, or to
    /// the section file) and its alt text.
    Image {
        path: String,
        alt: String,
    },
    /// A footnote at its reference: the definition's blocks.
    Footnote(Vec<Flow>),
}

/// An open container of the tree.
enum Frame {
    Blocks(Vec<Flow>),
    Inlines(Vec<Inline>),
}

/// What closing a container makes of its content.
enum Close {
    Paragraph,
    Heading(u8),
    Item,
    List(Option<u64>),
    Quote,
    Code,
    Strong,
    Emphasis,
    Strikethrough,
    Link(String),
    Image(String),
    TableHead,
    TableRow,
    TableCell,
    Table(Vec<Align>),
    /// A container deeper than [`MAX_DEPTH`]: its content stays in its parent.
    Flat,
}

/// An answer's Markdown as a tree; 无 for no answer.
fn tree(markdown: Option<&str>) -> Vec<Flow> {
    let Some(markdown) = markdown.filter(|m| !m.trim().is_empty()) else {
        return vec![Flow::Paragraph(vec![Inline::Text(NONE.to_owned())])];
    };
    let events: Vec<Event> = Parser::new_ext(markdown, parser_options()).collect();
    // Footnote definitions first, so that a reference finds its note.
    let mut notes: HashMap<String, Vec<Flow>> = HashMap::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::FootnoteDefinition(label)) = &events[i] {
            let end = (i..events.len())
                .find(|&j| matches!(events[j], Event::End(TagEnd::FootnoteDefinition)))
                .unwrap_or(events.len());
            notes.entry(label.to_lowercase()).or_insert_with(|| build(&events[i + 1..end], &HashMap::new()));
            i = end;
        }
        i += 1;
    }
    let mut body = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if matches!(events[i], Event::Start(Tag::FootnoteDefinition(_))) {
            i = (i..events.len())
                .find(|&j| matches!(events[j], Event::End(TagEnd::FootnoteDefinition)))
                .unwrap_or(events.len());
        } else {
            body.push(events[i].clone());
        }
        i += 1;
    }
    build(&body, &notes)
}

/// The blocks of a stream of events without footnote definitions.
fn build(events: &[Event], notes: &HashMap<String, Vec<Flow>>) -> Vec<Flow> {
    let mut stack: Vec<(Frame, Close)> = vec![(Frame::Blocks(Vec::new()), Close::Flat)];
    // Table cells and rows, built beside the stack.
    let mut cells: Vec<Vec<Inline>> = Vec::new();
    let mut head: Vec<Vec<Inline>> = Vec::new();
    let mut rows: Vec<Vec<Vec<Inline>>> = Vec::new();
    for event in events {
        match event {
            Event::Start(tag) => {
                let (frame, close) = match tag {
                    Tag::Paragraph => (Frame::Inlines(Vec::new()), Close::Paragraph),
                    Tag::Heading { level, .. } => (Frame::Inlines(Vec::new()), Close::Heading(*level as u8)),
                    Tag::BlockQuote(_) => (Frame::Blocks(Vec::new()), Close::Quote),
                    Tag::CodeBlock(_) => (Frame::Inlines(Vec::new()), Close::Code),
                    Tag::List(start) => (Frame::Blocks(Vec::new()), Close::List(*start)),
                    Tag::Item => (Frame::Blocks(Vec::new()), Close::Item),
                    Tag::Emphasis => (Frame::Inlines(Vec::new()), Close::Emphasis),
                    Tag::Strong => (Frame::Inlines(Vec::new()), Close::Strong),
                    Tag::Strikethrough => (Frame::Inlines(Vec::new()), Close::Strikethrough),
                    Tag::Link { dest_url, .. } => {
                        (Frame::Inlines(Vec::new()), Close::Link(dest_url.to_string()))
                    }
                    Tag::Image { dest_url, .. } => {
                        (Frame::Inlines(Vec::new()), Close::Image(dest_url.to_string()))
                    }
                    Tag::Table(align) => {
                        let align = align
                            .iter()
                            .map(|a| match a {
                                pulldown_cmark::Alignment::Left | pulldown_cmark::Alignment::None => {
                                    Align::Left
                                }
                                _ => Align::Center,
                            })
                            .collect();
                        (Frame::Blocks(Vec::new()), Close::Table(align))
                    }
                    Tag::TableHead => (Frame::Blocks(Vec::new()), Close::TableHead),
                    Tag::TableRow => (Frame::Blocks(Vec::new()), Close::TableRow),
                    Tag::TableCell => (Frame::Inlines(Vec::new()), Close::TableCell),
                    // HTML blocks, definition lists, metadata: their text
                    // goes on in the parent.
                    _ => continue,
                };
                // Too deep: a frame whose content joins its parent's.
                if stack.len() > MAX_DEPTH {
                    stack.push((Frame::Blocks(Vec::new()), Close::Flat));
                } else {
                    stack.push((frame, close));
                }
            }
            Event::End(end) => {
                if matches!(end, TagEnd::HtmlBlock | TagEnd::MetadataBlock(_)) || stack.len() == 1 {
                    continue;
                }
                let Some((frame, close)) = stack.pop() else { continue };
                let done: Option<Done> = match (frame, close) {
                    (Frame::Inlines(i), Close::Paragraph) => Some(Done::Flow(Flow::Paragraph(i))),
                    (Frame::Inlines(i), Close::Heading(l)) => Some(Done::Flow(Flow::Heading(l, i))),
                    (Frame::Inlines(i), Close::Code) => Some(Done::Flow(Flow::Code(plain(&i)))),
                    (Frame::Blocks(b), Close::Quote) => Some(Done::Flow(Flow::Quote(b))),
                    (Frame::Blocks(b), Close::Item) => Some(Done::Item(b)),
                    (Frame::Blocks(b), Close::List(start)) => {
                        let items = b
                            .into_iter()
                            .map(|f| match f {
                                Flow::Quote(item) => item,
                                other => vec![other],
                            })
                            .collect();
                        Some(Done::Flow(Flow::List { start, items }))
                    }
                    (Frame::Inlines(i), Close::Strong) => Some(Done::Inline(Inline::Strong(i))),
                    (Frame::Inlines(i), Close::Emphasis) => Some(Done::Inline(Inline::Emphasis(i))),
                    (Frame::Inlines(i), Close::Strikethrough) => Some(Done::Inline(Inline::Strikethrough(i))),
                    (Frame::Inlines(i), Close::Link(url)) => {
                        Some(Done::Inline(Inline::Link { url, content: i }))
                    }
                    (Frame::Inlines(i), Close::Image(path)) => {
                        Some(Done::Inline(Inline::Image { path, alt: plain(&i) }))
                    }
                    (Frame::Inlines(i), Close::TableCell) => {
                        cells.push(i);
                        None
                    }
                    (Frame::Blocks(_), Close::TableHead) => {
                        head = std::mem::take(&mut cells);
                        None
                    }
                    (Frame::Blocks(_), Close::TableRow) => {
                        rows.push(std::mem::take(&mut cells));
                        None
                    }
                    (Frame::Blocks(_), Close::Table(align)) => Some(Done::Flow(Flow::Table {
                        header: std::mem::take(&mut head),
                        align,
                        rows: std::mem::take(&mut rows),
                    })),
                    (Frame::Blocks(b), _) => Some(Done::Flows(b)),
                    (Frame::Inlines(i), _) => Some(Done::Inlines(i)),
                };
                if let Some(done) = done {
                    add(&mut stack, done);
                }
            }
            Event::Text(t) => add(&mut stack, Done::Inline(Inline::Text(t.to_string()))),
            Event::Code(t) => add(&mut stack, Done::Inline(Inline::Code(t.to_string()))),
            Event::Html(t) | Event::InlineHtml(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                add(&mut stack, Done::Inline(Inline::Text(t.to_string())))
            }
            // A line break in the source, joined as the converter joins it
            // once the characters on both sides are known (see [`join_lines`]).
            Event::SoftBreak => add(&mut stack, Done::Inline(Inline::Text("\n".to_owned()))),
            Event::HardBreak => add(&mut stack, Done::Inline(Inline::LineBreak)),
            Event::Rule => add(&mut stack, Done::Flow(Flow::Rule)),
            Event::FootnoteReference(label) => {
                let note = notes
                    .get(&label.to_lowercase())
                    .cloned()
                    .unwrap_or_else(|| vec![Flow::Paragraph(vec![Inline::Text(format!("[^{label}]"))])]);
                add(&mut stack, Done::Inline(Inline::Footnote(note)))
            }
            Event::TaskListMarker(done) => {
                add(&mut stack, Done::Inline(Inline::Text(if *done { "☑ " } else { "☐ " }.to_owned())))
            }
        }
    }
    while stack.len() > 1 {
        let (frame, _) = stack.pop().expect("an open frame");
        let done = match frame {
            Frame::Blocks(b) => Done::Flows(b),
            Frame::Inlines(i) => Done::Inlines(i),
        };
        add(&mut stack, done);
    }
    let mut flows = match stack.pop() {
        Some((Frame::Blocks(b), _)) => b,
        _ => Vec::new(),
    };
    join_lines(&mut flows);
    flows
}

/// Joins the lines of every text as the converter does: nothing next to
/// CJK text, else a space. Code keeps its lines.
fn join_lines(flows: &mut [Flow]) {
    for flow in flows {
        match flow {
            Flow::Paragraph(i) | Flow::Heading(_, i) => join_inline_lines(i),
            Flow::List { items, .. } => items.iter_mut().for_each(|item| join_lines(item)),
            Flow::Table { header, rows, .. } => {
                header.iter_mut().chain(rows.iter_mut().flatten()).for_each(|c| join_inline_lines(c))
            }
            Flow::Quote(f) => join_lines(f),
            Flow::Code(_) | Flow::Rule => {}
        }
    }
}

fn join_inline_lines(inlines: &mut [Inline]) {
    for inline in inlines {
        match inline {
            Inline::Text(t) if t.contains('\n') => {
                let chars: Vec<char> = t.chars().collect();
                let mut joined = String::with_capacity(t.len());
                for (k, c) in chars.iter().enumerate() {
                    if *c == '\n' {
                        let before = k.checked_sub(1).map(|b| chars[b]);
                        joined.push_str(soft_break_joiner(before, chars.get(k + 1).copied()));
                    } else {
                        joined.push(*c);
                    }
                }
                *t = joined;
            }
            Inline::Strong(i) | Inline::Emphasis(i) | Inline::Strikethrough(i) => join_inline_lines(i),
            Inline::Link { content, .. } => join_inline_lines(content),
            Inline::Footnote(f) => join_lines(f),
            _ => {}
        }
    }
}

/// What a closed container (or an event) adds to the one it is in.
enum Done {
    Flow(Flow),
    Flows(Vec<Flow>),
    Item(Vec<Flow>),
    Inline(Inline),
    Inlines(Vec<Inline>),
}

fn add(stack: &mut [(Frame, Close)], done: Done) {
    let Some((frame, _)) = stack.last_mut() else { return };
    match (frame, done) {
        (Frame::Blocks(b), Done::Flow(f)) => b.push(f),
        (Frame::Blocks(b), Done::Flows(f)) => b.extend(f),
        // An item is kept as one block until its list closes.
        (Frame::Blocks(b), Done::Item(f)) => b.push(Flow::Quote(f)),
        // Inline content in a block container (a tight list item): a paragraph.
        (Frame::Blocks(b), Done::Inline(i)) => match b.last_mut() {
            Some(Flow::Paragraph(p)) => p.push(i),
            _ => b.push(Flow::Paragraph(vec![i])),
        },
        (Frame::Blocks(b), Done::Inlines(i)) => b.push(Flow::Paragraph(i)),
        (Frame::Inlines(p), Done::Inline(i)) => push_inline(p, i),
        (Frame::Inlines(p), Done::Inlines(i)) => i.into_iter().for_each(|i| push_inline(p, i)),
        // A block inside inline content (cannot come from the parser).
        (Frame::Inlines(p), Done::Flow(f)) => p.push(Inline::Text(plain_flows(&[f]))),
        (Frame::Inlines(p), Done::Flows(f) | Done::Item(f)) => p.push(Inline::Text(plain_flows(&f))),
    }
}

/// Adds text to inline content, joining it to the text before.
fn push_inline(p: &mut Vec<Inline>, i: Inline) {
    match (p.last_mut(), i) {
        (Some(Inline::Text(t)), Inline::Text(more)) => t.push_str(&more),
        (_, i) => p.push(i),
    }
}

/// The text of inline content, without its marks.
fn plain(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for i in inlines {
        match i {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Strong(c) | Inline::Emphasis(c) | Inline::Strikethrough(c) => out += &plain(c),
            Inline::Link { content, .. } => out += &plain(content),
            Inline::LineBreak => out.push('\n'),
            Inline::Image { alt, .. } => out.push_str(alt),
            Inline::Footnote(_) => {}
        }
    }
    out
}

fn plain_flows(flows: &[Flow]) -> String {
    flows
        .iter()
        .map(|f| match f {
            Flow::Paragraph(i) | Flow::Heading(_, i) => plain(i),
            Flow::Code(t) => t.clone(),
            _ => String::new(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(markdown: &str) -> Vec<Flow> {
        super::tree(Some(markdown))
    }

    fn text(t: &str) -> Inline {
        Inline::Text(t.to_owned())
    }

    #[test]
    fn lines_of_a_paragraph_join_as_the_converter_joins_them() {
        assert_eq!(
            tree("联盟成立\n以来\n\nsmall\nwords"),
            [Flow::Paragraph(vec![text("联盟成立以来")]), Flow::Paragraph(vec![text("small words")]),]
        );
    }

    #[test]
    fn lists_tables_images_and_footnotes_become_blocks() {
        let flows = tree(
            "1. 第一项**重点**\n2. 第二项\n\n| 年度 | 项目 |\n|---|:-:|\n| 2022 | 3 |\n\n![平台](images/a.png)\n\n见说明[^1]。\n\n[^1]: 注释。\n",
        );
        assert_eq!(
            flows[0],
            Flow::List {
                start: Some(1),
                items: vec![
                    vec![Flow::Paragraph(vec![text("第一项"), Inline::Strong(vec![text("重点")])])],
                    vec![Flow::Paragraph(vec![text("第二项")])],
                ],
            }
        );
        assert_eq!(
            flows[1],
            Flow::Table {
                header: vec![vec![text("年度")], vec![text("项目")]],
                align: vec![Align::Left, Align::Center],
                rows: vec![vec![vec![text("2022")], vec![text("3")]]],
            }
        );
        assert_eq!(
            flows[2],
            Flow::Paragraph(vec![Inline::Image { path: "images/a.png".into(), alt: "平台".into() }])
        );
        assert_eq!(
            flows[3],
            Flow::Paragraph(vec![
                text("见说明"),
                Inline::Footnote(vec![Flow::Paragraph(vec![text("注释。")])]),
                text("。"),
            ])
        );
        assert_eq!(flows.len(), 4, "the definition is not a block of its own: {flows:?}");
    }

    #[test]
    fn no_answer_is_none() {
        assert_eq!(super::tree(None), [Flow::Paragraph(vec![text(NONE)])]);
    }

    /// The depth of the deepest container.
    fn depth(flows: &[Flow]) -> usize {
        flows
            .iter()
            .map(|f| match f {
                Flow::Quote(f) => 1 + depth(f),
                Flow::List { items, .. } => 1 + items.iter().map(|i| depth(i)).max().unwrap_or(0),
                _ => 0,
            })
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn deep_nesting_stays_shallow_and_keeps_its_text() {
        let quotes = format!("{}深处", ">".repeat(50_000));
        let flows = tree(&quotes);
        assert!(depth(&flows) <= MAX_DEPTH, "{}", depth(&flows));
        assert!(plain_flows(&flows).contains("深处") || format!("{flows:?}").contains("深处"));
        let list: String = (0..300).map(|i| format!("{}- 项{i}\n", "  ".repeat(i))).collect();
        let flows = tree(&list);
        assert!(depth(&flows) <= MAX_DEPTH + 1, "{}", depth(&flows));
        assert!(format!("{flows:?}").contains("项299"));
    }
}
