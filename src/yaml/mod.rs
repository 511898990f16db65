//! One parse of a YAML file into a tree that keeps, for every node, where it
//! stands in the text (byte spans) and, for every scalar, how it was written
//! (plain, quoted, literal `|` or folded `>`).
//!
//! The tree is built from the events of serde-saphyr's own parser
//! (`granit_parser`) with an explicit stack, so deep files cost no
//! recursion. Problems are collected, not thrown: a report's YAML files need
//! none of YAML's anchors, aliases, tags or multiple documents, so each is a
//! located problem and the rest of the file is still read; a syntax error
//! ends the tree where it happens (guessing how a broken structure goes on
//! would invent errors) and is reported in Chinese at its place.

mod syntax;

use std::borrow::Cow;

use serde_saphyr::granit_parser::{Event, Marker, Options, Parser, ScalarStyle, StructureStyle};

/// A range of bytes in the file's text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn at(start: usize) -> Span {
        Span { start, end: start }
    }
}

/// A node of the tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Where the node stands: a scalar's text (with its quotes), a block
    /// scalar's `|` or `>`, a flow collection's bracket, a block mapping's
    /// first key, a block sequence's first `-`.
    pub span: Span,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Scalar(Scalar),
    /// Entries in the order written; a duplicate key is reported and dropped.
    Mapping(Vec<Entry>),
    Sequence(Vec<Node>),
}

/// A key and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: Span,
    pub value: Node,
}

/// A scalar as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scalar {
    /// The value after YAML's escapes and line folding.
    pub text: String,
    pub style: Style,
}

/// How a scalar was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    /// `|`: line breaks kept.
    Literal,
    /// `>`: lines folded.
    Folded,
}

impl Scalar {
    /// Whether the scalar is a plain one that YAML reads as "no value"
    /// (empty, `~`, `null`).
    pub fn is_null(&self) -> bool {
        self.style == Style::Plain && matches!(self.text.as_str(), "" | "~" | "null" | "Null" | "NULL")
    }

    /// Whether the scalar was written in quotes or as a block: a string
    /// whatever it reads like.
    pub fn is_quoted(&self) -> bool {
        self.style != Style::Plain
    }
}

/// A problem of the file's YAML: where, what, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Byte offset in the text.
    pub at: usize,
    pub message: String,
    pub hint: Option<String>,
}

impl Node {
    /// The entries of a mapping.
    pub fn entries(&self) -> &[Entry] {
        match &self.value {
            Value::Mapping(entries) => entries,
            _ => &[],
        }
    }

    /// The value of `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries().iter().find(|e| e.key == key).map(|e| &e.value)
    }

    /// The scalar, if the node is one.
    pub fn scalar(&self) -> Option<&Scalar> {
        match &self.value {
            Value::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// Whether the node says "no value" (an empty or `null` scalar).
    pub fn is_null(&self) -> bool {
        self.scalar().is_some_and(Scalar::is_null)
    }
}

/// The most nodes a file may have: a report's largest file has a few
/// thousand; far more is a mistake or an attack, and reading it all (and
/// judging every empty row of it) would take minutes.
const MAX_NODES: usize = 100_000;

const ALIAS_HINT: &str = "报告的文件用不到 YAML 的锚点（&名称）和引用（*名称）：请把内容直接写出来";

/// What [`parse`] found.
#[derive(Debug)]
pub struct Parsed {
    /// The root node; `None` for an empty file.
    pub root: Option<Node>,
    pub problems: Vec<Problem>,
    /// False after a syntax error: the tree ends where the error is.
    pub complete: bool,
}

/// Parses `text` into its tree and every problem found.
pub fn parse(text: &str) -> Parsed {
    let mut options = Options::default();
    // How deep a report may nest: far deeper than any report does, and
    // shallow enough that nothing later recurses too deep.
    options.flow_nesting_limit = 64;
    options.block_nesting_limit = 64;
    options.emit_unresolved_aliases = true;
    options.set_emit_comments(false);
    let mut builder = Builder {
        text,
        stack: Vec::new(),
        root: None,
        problems: Vec::new(),
        documents: 0,
        nodes: 0,
        fatal: false,
    };
    let mut complete = true;
    for item in Parser::new_from_str_with_options(text, options) {
        match item {
            Ok((event, span)) => {
                let (start, end) = (offset(text, span.start), offset(text, span.end));
                if !builder.event(event, Span { start, end }) {
                    complete = !builder.fatal;
                    break;
                }
            }
            Err(error) => {
                let at = offset(text, *error.marker());
                let (message, hint, at) = syntax::describe(&error, text, at);
                builder.problems.push(Problem { at, message, hint: Some(hint) });
                builder.close_all();
                complete = false;
                break;
            }
        }
    }
    builder.close_all();
    Parsed { root: builder.root, problems: builder.problems, complete }
}

/// The byte offset of a parser marker.
fn offset(text: &str, marker: Marker) -> usize {
    marker
        .byte_offset()
        .unwrap_or_else(|| text.char_indices().nth(marker.index()).map_or(text.len(), |(i, _)| i))
}

/// An open collection.
enum Open {
    Mapping { span: Span, entries: Vec<Entry>, key: Option<Key> },
    Sequence { span: Span, items: Vec<Node> },
}

/// A mapping key waiting for its value; `None` text for a key that is not a
/// scalar (reported), whose value is then dropped.
struct Key {
    text: Option<String>,
    span: Span,
}

struct Builder<'a> {
    text: &'a str,
    stack: Vec<Open>,
    root: Option<Node>,
    problems: Vec<Problem>,
    documents: usize,
    /// Nodes read so far.
    nodes: usize,
    /// A problem after which the file is not read further.
    fatal: bool,
}

impl Builder<'_> {
    /// Takes one event; false when the rest of the text is not read.
    fn event(&mut self, event: Event<'_>, span: Span) -> bool {
        if matches!(event, Event::Scalar(..) | Event::MappingStart(..) | Event::SequenceStart(..)) {
            self.nodes += 1;
            if self.nodes > MAX_NODES {
                self.problems.push(Problem {
                    at: span.start,
                    message: "文件内容太多，超过了读取的上限".into(),
                    hint: Some(
                        "报告的文件一般只有几十 KB、几百项：请检查是不是放错了文件，或删去多余的内容".into(),
                    ),
                });
                self.fatal = true;
                return false;
            }
        }
        match event {
            Event::DocumentStart(..) => {
                self.documents += 1;
                if self.documents > 1 {
                    self.problems.push(Problem {
                        at: span.start,
                        message: "文件里有第二份 YAML 文档（“---”之后），它不会被读取".into(),
                        hint: Some("一个文件只写一份内容：删去“---”及其后面的部分，或把它们并入前面".into()),
                    });
                    return false;
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                self.anchor(anchor, span.start);
                let style = match style {
                    ScalarStyle::Plain => Style::Plain,
                    ScalarStyle::SingleQuoted => Style::SingleQuoted,
                    ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
                    ScalarStyle::Literal => Style::Literal,
                    ScalarStyle::Folded => Style::Folded,
                };
                let style = match tag.as_deref() {
                    None => style,
                    // `!!str 030025` is a string however it reads.
                    Some(tag) if tag.suffix() == "str" && style == Style::Plain => Style::SingleQuoted,
                    Some(_) => {
                        self.problems.push(tag_problem(self.before(span.start, '!')));
                        style
                    }
                };
                let at = match style {
                    Style::Literal | Style::Folded => self.indicator(span.start),
                    _ => span,
                };
                let raw = self.text.get(span.start..span.end).unwrap_or_default();
                let text = match style {
                    Style::Literal => text.into_owned(),
                    _ => joined(raw, style, text.into_owned()),
                };
                self.node(Node { span: at, value: Value::Scalar(Scalar { text, style }) });
            }
            Event::Alias(_) | Event::UnresolvedAlias(_) => {
                // Copies of a part of the file: not read further (a file of
                // a few references can stand for gigabytes).
                self.problems.push(Problem {
                    at: span.start,
                    message: "这里用了 YAML 的引用（*名称）".into(),
                    hint: Some(ALIAS_HINT.into()),
                });
                self.fatal = true;
                return false;
            }
            Event::MappingStart(style, anchor, tag) => {
                self.anchor(anchor, span.start);
                if tag.is_some() {
                    self.problems.push(tag_problem(self.before(span.start, '!')));
                }
                let at = if style == StructureStyle::Block { Span::at(span.start) } else { span };
                self.stack.push(Open::Mapping { span: at, entries: Vec::new(), key: None });
            }
            Event::SequenceStart(style, anchor, tag) => {
                self.anchor(anchor, span.start);
                if tag.is_some() {
                    self.problems.push(tag_problem(self.before(span.start, '!')));
                }
                let at = if style == StructureStyle::Block { self.dash(span.start) } else { span };
                self.stack.push(Open::Sequence { span: at, items: Vec::new() });
            }
            Event::MappingEnd | Event::SequenceEnd => self.close(),
            _ => {}
        }
        true
    }

    /// The `c` (an anchor's `&`, a tag's `!`) on the line before `start`.
    fn before(&self, start: usize, c: char) -> usize {
        let before = &self.text[..start.min(self.text.len())];
        let line = before.rfind('\n').map_or(0, |p| p + 1);
        before[line..].rfind(c).map_or(start, |p| line + p)
    }

    fn anchor(&mut self, anchor: usize, start: usize) {
        if anchor != 0 {
            let at = self.before(start, '&');
            self.problems.push(Problem {
                at,
                message: "这里用了 YAML 的锚点（&名称）".into(),
                hint: Some(ALIAS_HINT.into()),
            });
        }
    }

    /// Closes the innermost collection.
    fn close(&mut self) {
        let node = match self.stack.pop() {
            Some(Open::Mapping { span, entries, .. }) => Node { span, value: Value::Mapping(entries) },
            Some(Open::Sequence { span, items }) => Node { span, value: Value::Sequence(items) },
            None => return,
        };
        self.node(node);
    }

    /// Closes everything still open (after a syntax error, what was read).
    fn close_all(&mut self) {
        while !self.stack.is_empty() {
            // A mapping cut off after a key: the key gets no value.
            if let Some(Open::Mapping { key, .. }) = self.stack.last_mut() {
                *key = None;
            }
            self.close();
        }
    }

    /// Places a finished node in its parent.
    fn node(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Open::Sequence { items, .. }) => items.push(node),
            Some(Open::Mapping { entries, key, .. }) => match key.take() {
                None => {
                    let text = match &node.value {
                        Value::Scalar(s) => Some(s.text.clone()),
                        _ => None,
                    };
                    if text.is_none() {
                        self.problems.push(Problem {
                            at: node.span.start,
                            message: "键只能是一个词，这里却是列表或一组键值".into(),
                            hint: Some("每一行写成“键: 值”，键用英文，例如 name: 联盟名称".into()),
                        });
                    }
                    *key = Some(Key { text, span: node.span });
                }
                Some(Key { text: None, .. }) => {}
                Some(Key { text: Some(text), span }) => {
                    if entries.iter().any(|e| e.key == text) {
                        self.problems.push(Problem {
                            at: span.start,
                            message: format!("键“{text}”在同一层出现了两次"),
                            hint: Some("同一层的键只能写一次：请删除或合并重复的那一行".into()),
                        });
                    } else {
                        entries.push(Entry { key: text, key_span: span, value: node });
                    }
                }
            },
        }
    }

    /// Where a block scalar's `|` or `>` stands: the parser reports the
    /// scalar at its first line of content.
    fn indicator(&self, start: usize) -> Span {
        let before = &self.text[..start.min(self.text.len())];
        match before.rfind(['|', '>']) {
            Some(at) => Span { start: at, end: at + 1 },
            None => Span::at(start),
        }
    }

    /// Where a block sequence's first `-` stands.
    fn dash(&self, start: usize) -> Span {
        let rest = &self.text[start.min(self.text.len())..];
        match rest.find('-') {
            Some(at) if rest[..at].trim().is_empty() => Span { start: start + at, end: start + at + 1 },
            _ => {
                let before = &self.text[..start.min(self.text.len())];
                match before.rfind('-') {
                    Some(at) if before[at + 1..].trim().is_empty() => Span { start: at, end: at + 1 },
                    _ => Span::at(start),
                }
            }
        }
    }
}

/// `text` with the spaces YAML made of line breaks between CJK text
/// removed, as Markdown joins its lines: a Chinese paragraph typed over
/// several lines (plain, quoted or `>`) reads as one. `raw` is the scalar as
/// written; each of its lines is found in `text` in turn, so that only the
/// space standing for a break is touched, never one the writer typed. A
/// line not found as it is written (an escape in a quoted scalar) leaves the
/// text as YAML read it.
fn joined(raw: &str, style: Style, text: String) -> String {
    if !raw.contains('\n') || !text.contains(' ') {
        return text;
    }
    let quote = match style {
        Style::SingleQuoted => Some('\''),
        Style::DoubleQuoted => Some('"'),
        _ => None,
    };
    let raw = match quote {
        Some(q) => raw.strip_prefix(q).and_then(|r| r.strip_suffix(q)).unwrap_or(raw),
        None => raw,
    };
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    for line in raw.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let Some(found) = text[cursor..].find(line) else { return text };
        let gap = &text[cursor..cursor + found];
        if !gap.chars().all(char::is_whitespace) {
            return text;
        }
        let before = out.chars().next_back();
        let after = line.chars().next();
        if !(gap == " " && crate::markdown::soft_break_joiner(before, after).is_empty()) {
            out.push_str(gap);
        }
        out.push_str(line);
        cursor += found + line.len();
    }
    out.push_str(&text[cursor..]);
    out
}

fn tag_problem(at: usize) -> Problem {
    Problem {
        at,
        message: "这里用了 YAML 的类型标签（以 ! 开头）".into(),
        hint: Some("报告的文件用不到类型标签：请删去它；要把数字当作文字，给它加上引号".into()),
    }
}

/// Where each line of a text starts, to find the line of a byte offset in
/// logarithmic time.
#[derive(Debug, Clone, Default)]
pub struct Lines(Vec<usize>);

impl Lines {
    pub fn of(text: &str) -> Lines {
        Lines(std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect())
    }

    /// The line and column (both 1-based, the column in characters) of byte
    /// `at` of `text`, the text these lines are of.
    pub fn position(&self, text: &str, at: usize) -> (usize, usize) {
        let at = at.min(text.len());
        let at = (0..=at).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        let line = self.0.partition_point(|&start| start <= at).max(1);
        let start = self.0[line - 1];
        (line, text[start..at].chars().count() + 1)
    }
}

/// The line and column (both 1-based, the column in characters) of a byte
/// offset of `text`.
pub fn position(text: &str, at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let at = (0..=at).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |p| p + 1);
    (line, before[start..].chars().count() + 1)
}

/// The scalar's text as it stands in the file (for a value that should be
/// quoted when echoed).
pub fn raw<'a>(text: &'a str, span: Span) -> Cow<'a, str> {
    Cow::Borrowed(text.get(span.start..span.end).unwrap_or_default())
}

#[cfg(test)]
mod tests;
