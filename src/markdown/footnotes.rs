//! Footnotes: the outline of the event stream (where definitions are) and
//! every definition rendered on its own.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

use super::render::Renderer;
use super::{Context, Reference, Warning, parser_options};

/// Facts about the event stream found before rendering.
#[derive(Default)]
pub(super) struct Outline {
    /// Whether the list starting at an event index is tight.
    pub(super) tight: HashMap<usize, bool>,
    /// Footnote definitions as (label, start event, end event), in order.
    pub(super) definitions: Vec<(String, usize, usize)>,
    /// End event of every footnote definition, by start event: skipped in
    /// the flow of text, rendered separately.
    pub(super) skip: HashMap<usize, usize>,
}

#[derive(Clone, Copy, PartialEq)]
pub(super) enum Open {
    List(usize),
    Item,
    Definition(usize),
    Other,
}

impl Outline {
    pub(super) fn scan(events: &[(Event, Range<usize>)]) -> Self {
        let mut outline = Outline::default();
        let mut stack: Vec<Open> = Vec::new();
        for (i, (event, _)) in events.iter().enumerate() {
            match event {
                Event::Start(tag) => stack.push(outline.open(i, tag, &stack)),
                Event::End(_) => {
                    if let Some(Open::Definition(start)) = stack.pop() {
                        outline.close_definition(events, start, i);
                    }
                }
                _ => {}
            }
        }
        outline
    }

    fn open(&mut self, i: usize, tag: &Tag, stack: &[Open]) -> Open {
        match tag {
            Tag::List(_) => {
                self.tight.insert(i, true);
                Open::List(i)
            }
            Tag::Item => Open::Item,
            Tag::FootnoteDefinition(_) => Open::Definition(i),
            Tag::Paragraph => {
                if let [.., Open::List(list), Open::Item] = stack {
                    self.tight.insert(*list, false);
                }
                Open::Other
            }
            _ => Open::Other,
        }
    }

    fn close_definition(&mut self, events: &[(Event, Range<usize>)], start: usize, end: usize) {
        if let Event::Start(Tag::FootnoteDefinition(label)) = &events[start].0 {
            self.definitions.push((label.to_string(), start, end));
        }
        self.skip.insert(start, end);
    }
}

/// The key under which footnote labels match (pulldown-cmark compares them
/// case-insensitively).
pub(super) fn footnote_key(label: &str) -> String {
    label.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// One rendered footnote definition.
pub(super) struct Footnote {
    pub(super) label: String,
    pub(super) line: usize,
    pub(super) content: String,
    pub(super) images: Vec<Reference>,
    pub(super) links: Vec<Reference>,
}

pub(super) type Footnotes = HashMap<String, Footnote>;

/// Renders every footnote definition on its own, so that references may come
/// before or after definitions. The first definition of a label wins.
pub(super) fn render_footnotes(ctx: &Context, warnings: &mut Vec<Warning>) -> Footnotes {
    let mut footnotes = Footnotes::new();
    for (label, start, end) in &ctx.outline.definitions {
        let line = ctx.line_of(*start);
        let key = footnote_key(label);
        if footnotes.contains_key(&key) {
            warnings.push(Warning {
                line, message: format!("脚注 [^{label}] 重复定义，只采用第一处定义")
            });
            continue;
        }
        let mut renderer = Renderer::new(ctx, None);
        renderer.run(start + 1..*end);
        let links = std::mem::take(&mut renderer.links);
        let (content, images, rendered_warnings) = renderer.finish(false);
        warnings.extend(rendered_warnings);
        let label = label.clone();
        footnotes.insert(key, Footnote { label, line, content, images, links });
    }
    footnotes
}

pub(super) fn unused_footnote_warnings(footnotes: &Footnotes, used: &HashSet<String>) -> Vec<Warning> {
    footnotes
        .iter()
        .filter(|(key, _)| !used.contains(*key))
        .map(|(_, note)| Warning {
            line: note.line,
            message: format!("脚注 [^{}] 已定义但没有被引用，不会出现在报告中", note.label),
        })
        .collect()
}

/// References to missing definitions stay literal text in the GitHub syntax;
/// the old syntax reports them as references, which is all this parse is for.
pub(super) fn undefined_footnote_warnings(ctx: &Context, footnotes: &Footnotes) -> Vec<Warning> {
    let options = parser_options() | pulldown_cmark::Options::ENABLE_OLD_FOOTNOTES;
    Parser::new_ext(ctx.markdown, options)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::FootnoteReference(label) if !footnotes.contains_key(&footnote_key(&label)) => {
                Some(Warning {
                    line: ctx.lines.line(range.start),
                    message: format!("脚注 [^{label}] 没有定义，已按原文显示"),
                })
            }
            _ => None,
        })
        .collect()
}
