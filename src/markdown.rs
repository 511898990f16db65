//! Markdown → typst markup for the narrative sections.
//!
//! This module owns the conversion of an author's Markdown answer into typst
//! markup that the templates embed. It owns three guarantees:
//!
//! - **No injection.** Every piece of user text reaches the output only
//!   through [`typst_text`] (markup position) or [`typst_string`] (argument
//!   position); nothing from the Markdown is ever copied raw, so `#`, `$`,
//!   `@`, `<`, `//`, `\`, `~`, `*` and brackets always print as written.
//! - **No panic, no deep recursion.** pulldown-cmark yields a flat event
//!   stream; it is rendered in one loop with an explicit stack of open
//!   elements writing into a single output buffer, so nesting depth costs
//!   neither stack nor quadratic copying.
//! - **Nothing dropped silently.** What cannot be typeset faithfully (raw
//!   HTML, missing or unused footnotes, dropped table cells…) is shown as
//!   literal text where possible and reported as a [`Warning`] with its line.
//!
//! Output conventions beyond the obvious one-to-one mappings: every block
//! is followed by a blank line at the top level; a paragraph is a single line;
//! list items are content blocks of `#list`/`#enum` calls, one per line; in a
//! tight list item, inline text and a nested block are separated by a single
//! newline (no paragraph break); `<br>` becomes `#linebreak()`; an empty alt
//! text is passed as `alt: none`; a footnote referenced twice is repeated in
//! full at each reference (a typst label could collide with another answer's).
//!
//! Footnotes use pulldown-cmark's GitHub-compatible syntax
//! (`ENABLE_FOOTNOTES`, not the old syntax): definitions end at the next
//! definition and multi-paragraph definitions are indented, as on GitHub and
//! in common editors' previews. In that syntax a reference to a missing
//! definition is left as literal `[^label]` text by the parser; a second,
//! warnings-only parse with the old syntax finds those references so they can
//! be reported. GitHub's `> [!NOTE]` alert syntax (`ENABLE_GFM`) is off, so
//! such markers print as written instead of vanishing.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, LinkType, Parser, Tag, TagEnd};

use crate::escape::{typst_string, typst_text};

/// How to convert one Markdown text.
#[derive(Clone, Copy)]
pub struct Options<'a> {
    /// Virtual directory (absolute, starting with '/', e.g. "/sections")
    /// against which relative image paths are resolved.
    pub base_dir: &'a str,
    /// Whether a resolved image path names a file the document may show;
    /// an image that fails is drawn as a marked placeholder instead, so a
    /// draft still typesets (`check` reports the missing file).
    pub image_exists: &'a dyn Fn(&str) -> bool,
}

/// The result of [`to_typst`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Converted {
    /// typst markup
    pub typst: String,
    /// things that could not be typeset faithfully (e.g. raw HTML shown as literal text)
    pub warnings: Vec<Warning>,
    /// every image path referenced, as resolved virtual paths (in order)
    pub images: Vec<String>,
}

/// Something in the Markdown that could not be typeset faithfully.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// 1-based line in the markdown
    pub line: usize,
    /// in Chinese
    pub message: String,
}

/// The longest heading, in characters of its Markdown, that is kept with
/// the text after it: a few lines at most, far less than a page.
const STICKY_HEADING_CHARS: usize = 200;

/// Whether a heading (its Markdown source) is kept on the page of the text
/// after it. typst cannot keep a block taller than a page with the next,
/// and typst-pdf 0.15.1 then loses track of its tags when a footnote
/// follows ("internal error: tags weren't properly closed"): a heading
/// that may be that tall (long text, an image) does not stick.
fn heading_may_stick(source: &str) -> bool {
    source.chars().count() <= STICKY_HEADING_CHARS && !source.contains("![")
}

/// Converts `markdown` to typst markup; never fails and never panics.
pub fn to_typst(markdown: &str, options: &Options) -> Converted {
    let events: Vec<(Event, Range<usize>)> =
        Parser::new_ext(markdown, parser_options()).into_offset_iter().collect();
    let events = pair_cjk_emphasis(markdown, events);
    let outline = Outline::scan(&events);
    let ctx = Context {
        markdown,
        events: &events,
        lines: LineIndex::new(markdown),
        outline: &outline,
        base_dir: options.base_dir,
        image_exists: options.image_exists,
    };
    let mut warnings = Vec::new();
    let footnotes = render_footnotes(&ctx, &mut warnings);

    let mut renderer = Renderer::new(&ctx, Some(&footnotes));
    renderer.run(0..events.len());
    let used = std::mem::take(&mut renderer.used_footnotes);
    let (typst, images, rendered_warnings) = renderer.finish(true);
    warnings.extend(rendered_warnings);
    warnings.extend(unused_footnote_warnings(&footnotes, &used));
    warnings.extend(undefined_footnote_warnings(&ctx, &footnotes));
    warnings.sort_by_key(|w| w.line);
    let mut seen = HashSet::new();
    warnings.retain(|w| seen.insert((w.line, w.message.clone())));
    Converted { typst, warnings, images }
}

/// Pairs the `*` and `**` runs that CommonMark leaves unmatched next to CJK
/// punctuation, as in `**注意：**正文`: the closing run follows punctuation
/// and precedes a letter, so it is not right-flanking and CommonMark prints
/// the asterisks. Chinese writers mean emphasis there. A run pairs with the
/// nearest earlier run of the same length in the same inline container when
/// the opener is followed, and the closer preceded, by a non-space; escaped
/// asterisks (`\*`) never pair.
fn pair_cjk_emphasis<'a>(
    markdown: &str,
    events: Vec<(Event<'a>, Range<usize>)>,
) -> Vec<(Event<'a>, Range<usize>)> {
    // Runs of unmatched, unescaped single-`*` text events.
    let is_star = |(event, range): &(Event, Range<usize>)| {
        matches!(event, Event::Text(t) if t.as_ref() == "*")
            && range.len() == 1
            && !markdown[..range.start].ends_with('\\')
    };
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new(); // (opener, closer, len)
    // The open runs of each length: (first, depth). Both rise towards the
    // top, so every step below is a push or a pop: linear, however long the
    // paragraph and however deep its emphasis.
    let mut stacks: [Vec<(usize, usize)>; 2] = [Vec::new(), Vec::new()];
    let mut depth = 0usize;
    let mut i = 0;
    while i < events.len() {
        // A block boundary ends the run of inline content: no pair spans it.
        match &events[i].0 {
            Event::Start(tag) => {
                depth += 1;
                if !is_transparent_tag(tag) && !matches!(tag, Tag::Image { .. }) {
                    stacks.iter_mut().for_each(Vec::clear);
                }
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                for stack in &mut stacks {
                    while stack.last().is_some_and(|s| s.1 > depth) {
                        stack.pop();
                    }
                }
                if !is_transparent_end(*end) && *end != TagEnd::Image {
                    stacks.iter_mut().for_each(Vec::clear);
                }
            }
            _ => {}
        }
        if !is_star(&events[i]) {
            i += 1;
            continue;
        }
        let mut len = 1;
        while i + len < events.len()
            && is_star(&events[i + len])
            && events[i + len].1.start == events[i + len - 1].1.end
        {
            len += 1;
        }
        let (start, end) = (events[i].1.start, events[i + len - 1].1.end);
        let before = markdown[..start].chars().next_back().is_some_and(|c| !c.is_whitespace());
        let after = markdown[end..].chars().next().is_some_and(|c| !c.is_whitespace());
        // The nearest open run of the same length at this depth, if any.
        let opener = match stacks.get(len - 1).and_then(|stack| stack.last()) {
            Some(&(first, at)) if before && at == depth => Some(first),
            _ => None,
        };
        match opener {
            Some(first) => {
                pairs.push((first, i, len));
                // It and the runs opened after it are done.
                for stack in &mut stacks {
                    while stack.last().is_some_and(|s| s.0 >= first) {
                        stack.pop();
                    }
                }
            }
            None if len <= 2 && after => stacks[len - 1].push((i, depth)),
            None => {}
        }
        i += len;
    }
    if pairs.is_empty() {
        return events;
    }
    let mut replace: std::collections::HashMap<usize, (Event<'a>, usize)> = std::collections::HashMap::new();
    for (open, close, len) in pairs {
        let tag = if len == 2 { Tag::Strong } else { Tag::Emphasis };
        let end = if len == 2 { TagEnd::Strong } else { TagEnd::Emphasis };
        replace.insert(open, (Event::Start(tag), len));
        replace.insert(close, (Event::End(end), len));
    }
    let mut out = Vec::with_capacity(events.len());
    let mut skip = 0;
    for (i, (event, range)) in events.into_iter().enumerate() {
        if skip > 0 {
            skip -= 1;
            continue;
        }
        match replace.remove(&i) {
            Some((new, len)) => {
                out.push((new, range.start..range.start + len));
                skip = len - 1;
            }
            None => out.push((event, range)),
        }
    }
    out
}

/// The Markdown extensions the report enables, for every parse of a section.
pub fn parser_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options as O;
    O::ENABLE_TABLES | O::ENABLE_FOOTNOTES | O::ENABLE_STRIKETHROUGH | O::ENABLE_TASKLISTS
}

/// The longest URL typst's `link` accepts.
const MAX_URL_LEN: usize = 8000;

/// How many bytes of footnote content repeated references may copy in all:
/// each reference repeats its note, so a long note referenced very often
/// would otherwise blow up the output.
const MAX_REPEATED_FOOTNOTE_BYTES: usize = 4 << 20;

/// How many block quotes and lists may nest, and how many inline styles and
/// links: an element nested deeper is flattened into the level above (its
/// text kept, with a warning). typst lays out only so much nesting ("maximum
/// show rule depth exceeded" at about 15 nested quotes or 30 nested lists)
/// and parses only so many nested brackets. A footnote's content may nest as
/// deep again where it is referenced; that still typesets.
const MAX_BLOCK_NESTING: usize = 6;
const MAX_INLINE_NESTING: usize = 16;

/// The two kinds of nesting that [`MAX_BLOCK_NESTING`] and
/// [`MAX_INLINE_NESTING`] limit.
#[derive(Clone, Copy)]
enum Nesting {
    Block,
    Inline,
}

impl Nesting {
    fn of(tag: &Tag) -> Option<Nesting> {
        match tag {
            Tag::BlockQuote(_) | Tag::List(_) => Some(Nesting::Block),
            tag if is_transparent_tag(tag) => Some(Nesting::Inline),
            _ => None,
        }
    }

    fn max(self) -> usize {
        match self {
            Nesting::Block => MAX_BLOCK_NESTING,
            Nesting::Inline => MAX_INLINE_NESTING,
        }
    }
}

/// Read-only facts shared by every renderer of one document.
struct Context<'c, 'a> {
    markdown: &'a str,
    events: &'c [(Event<'a>, Range<usize>)],
    lines: LineIndex,
    outline: &'c Outline,
    base_dir: &'c str,
    image_exists: &'c dyn Fn(&str) -> bool,
}

impl Context<'_, '_> {
    fn line_of(&self, event: usize) -> usize {
        self.events.get(event).map_or(1, |(_, range)| self.lines.line(range.start))
    }
}

/// Maps byte offsets to 1-based line numbers.
struct LineIndex(Vec<usize>);

impl LineIndex {
    fn new(text: &str) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Self(starts)
    }

    fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&start| start <= offset).max(1)
    }
}

/// Facts about the event stream found before rendering.
#[derive(Default)]
struct Outline {
    /// Whether the list starting at an event index is tight.
    tight: HashMap<usize, bool>,
    /// Footnote definitions as (label, start event, end event), in order.
    definitions: Vec<(String, usize, usize)>,
    /// End event of every footnote definition, by start event: skipped in
    /// the flow of text, rendered separately.
    skip: HashMap<usize, usize>,
}

#[derive(Clone, Copy, PartialEq)]
enum Open {
    List(usize),
    Item,
    Definition(usize),
    Other,
}

impl Outline {
    fn scan(events: &[(Event, Range<usize>)]) -> Self {
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
fn footnote_key(label: &str) -> String {
    label.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// One rendered footnote definition.
struct Footnote {
    label: String,
    line: usize,
    content: String,
    images: Vec<String>,
}

type Footnotes = HashMap<String, Footnote>;

/// Renders every footnote definition on its own, so that references may come
/// before or after definitions. The first definition of a label wins.
fn render_footnotes(ctx: &Context, warnings: &mut Vec<Warning>) -> Footnotes {
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
        let (content, images, rendered_warnings) = renderer.finish(false);
        warnings.extend(rendered_warnings);
        let label = label.clone();
        footnotes.insert(key, Footnote { label, line, content, images });
    }
    footnotes
}

fn unused_footnote_warnings(footnotes: &Footnotes, used: &HashSet<String>) -> Vec<Warning> {
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
fn undefined_footnote_warnings(ctx: &Context, footnotes: &Footnotes) -> Vec<Warning> {
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

/// An element whose start has been written and whose end has not.
enum Frame {
    /// Holds blocks (and, in tight list items, bare inline content).
    Container {
        /// Written between two blocks.
        sep: &'static str,
        close: &'static str,
        has_content: bool,
        /// Inline content written directly in the container is open.
        inline_run: bool,
    },
    /// Holds inline content, then writes `close`.
    Inline {
        close: &'static str,
    },
    /// `#link("…")[` has been written; the body starts at this output offset.
    Link {
        body_start: usize,
    },
    List {
        tight: bool,
    },
    Table {
        columns: usize,
    },
    Row {
        columns: usize,
        cells: usize,
        close: &'static str,
        /// Byte range of the row in the Markdown, to notice dropped cells.
        source: Range<usize>,
        last_cell_end: usize,
    },
    /// An image: its alt text is collected in `Renderer::alt`.
    Image {
        dest: String,
        title: String,
        event: usize,
    },
    /// An element inside an image's alt text: only its text counts.
    Suppressed,
    /// A code, HTML or other block whose text is collected verbatim.
    Literal {
        kind: LiteralKind,
        text: String,
        event: usize,
    },
}

enum LiteralKind {
    Code(Option<String>),
    Html,
}

impl Frame {
    fn container(sep: &'static str, close: &'static str) -> Self {
        Frame::Container { sep, close, has_content: false, inline_run: false }
    }
}

/// Writes typst for a range of events into one buffer.
struct Renderer<'r, 'c, 'a> {
    ctx: &'r Context<'c, 'a>,
    /// `None` while rendering a footnote definition: footnotes do not nest.
    footnotes: Option<&'r Footnotes>,
    out: String,
    /// Text not yet written, so adjacent text becomes one literal.
    pending: String,
    /// The last character of user text, for joining soft-broken lines.
    last_char: Option<char>,
    stack: Vec<Frame>,
    /// Alt text of the open image and how many elements deep it is.
    alt: String,
    image_depth: usize,
    warnings: Vec<Warning>,
    images: Vec<String>,
    used_footnotes: HashSet<String>,
    repeated_footnote_bytes: usize,
    /// For each [`Nesting`], the stack heights of its open elements that
    /// nest in typst, and whether a deeper one was flattened already.
    levels: [Vec<usize>; 2],
    flattened: [bool; 2],
}

impl<'r, 'c, 'a> Renderer<'r, 'c, 'a> {
    fn new(ctx: &'r Context<'c, 'a>, footnotes: Option<&'r Footnotes>) -> Self {
        Renderer {
            ctx,
            footnotes,
            out: String::new(),
            pending: String::new(),
            last_char: None,
            stack: vec![Frame::container("\n\n", "")],
            alt: String::new(),
            image_depth: 0,
            warnings: Vec::new(),
            images: Vec::new(),
            used_footnotes: HashSet::new(),
            repeated_footnote_bytes: 0,
            levels: [Vec::new(), Vec::new()],
            flattened: [false; 2],
        }
    }

    /// Renders events `range`, skipping footnote definitions.
    fn run(&mut self, range: Range<usize>) {
        let mut i = range.start;
        while i < range.end {
            if let Some(&end) = self.ctx.outline.skip.get(&i) {
                i = end + 1;
                continue;
            }
            self.event(i);
            i += 1;
        }
    }

    /// Returns the markup (ending in a blank line when `document`), the
    /// images and the warnings.
    fn finish(mut self, document: bool) -> (String, Vec<String>, Vec<Warning>) {
        self.flush();
        if document && !self.out.is_empty() {
            self.out.push_str("\n\n");
        }
        (self.out, self.images, self.warnings)
    }

    fn warn(&mut self, event: usize, message: String) {
        let line = self.ctx.line_of(event);
        self.warnings.push(Warning { line, message });
    }

    // ----- low-level writing -----

    fn flush(&mut self) {
        if !self.pending.is_empty() {
            self.out.push_str(&typst_text(&self.pending));
            self.pending.clear();
        }
    }

    fn markup(&mut self, markup: &str) {
        self.flush();
        self.out.push_str(markup);
    }

    fn text(&mut self, text: &str) {
        self.pending.push_str(text);
        if let Some(c) = text.chars().next_back() {
            self.last_char = Some(c);
        }
    }

    /// Starts a block in the innermost container.
    fn begin_block(&mut self) {
        self.flush();
        self.last_char = None;
        if let Some(Frame::Container { sep, has_content, inline_run, .. }) = self.stack.last_mut() {
            if *has_content {
                self.out.push_str(sep);
            }
            *has_content = true;
            *inline_run = false;
        }
    }

    /// Makes room for inline content written directly into a container.
    fn begin_inline(&mut self) {
        if let Some(Frame::Container { sep, has_content, inline_run: false, .. }) = self.stack.last() {
            let sep = if *has_content { *sep } else { "" };
            self.markup(sep);
            if let Some(Frame::Container { has_content, inline_run, .. }) = self.stack.last_mut() {
                *has_content = true;
                *inline_run = true;
            }
        }
    }

    // ----- events -----

    fn event(&mut self, i: usize) {
        let event = &self.ctx.events[i].0;
        match event {
            Event::Start(tag) => self.start(tag, i),
            Event::End(_) => self.end(i),
            Event::Text(text) => self.on_text(text),
            Event::Code(code) => self.on_code(code),
            Event::Html(html) => self.on_html(html, i),
            Event::InlineHtml(html) => self.on_inline_html(html, i),
            Event::InlineMath(math) => self.on_text(&format!("${math}$")),
            Event::DisplayMath(math) => self.on_text(&format!("$${math}$$")),
            Event::FootnoteReference(label) => self.on_footnote_reference(label, i),
            Event::SoftBreak => self.on_soft_break(i),
            Event::HardBreak => self.on_hard_break(),
            Event::Rule => {
                self.begin_block();
                self.markup("#line(length: 100%)");
            }
            Event::TaskListMarker(checked) => {
                self.begin_inline();
                let marker = if *checked { "√ " } else { "□ " };
                self.markup(&typst_text(marker));
            }
        }
    }

    fn on_text(&mut self, text: &str) {
        if self.image_depth > 0 {
            self.alt.push_str(text);
        } else if let Some(Frame::Literal { text: buf, .. }) = self.stack.last_mut() {
            buf.push_str(text);
        } else {
            self.begin_inline();
            self.text(text);
        }
    }

    fn on_code(&mut self, code: &str) {
        if self.image_depth > 0 {
            self.alt.push_str(code);
            return;
        }
        self.begin_inline();
        self.markup(&format!("#raw({})", typst_string(code)));
        if let Some(c) = code.chars().next_back() {
            self.last_char = Some(c);
        }
    }

    fn on_html(&mut self, html: &str, i: usize) {
        if let Some(Frame::Literal { text, .. }) = self.stack.last_mut() {
            text.push_str(html);
        } else {
            self.on_inline_html(html, i);
        }
    }

    fn on_inline_html(&mut self, html: &str, i: usize) {
        if self.image_depth > 0 {
            self.alt.push_str(html);
        } else if is_line_break_tag(html) {
            self.on_hard_break();
        } else {
            self.begin_inline();
            self.text(html);
            self.warn(i, html_warning(html));
        }
    }

    fn on_soft_break(&mut self, i: usize) {
        let next = self.next_char(i);
        if self.image_depth > 0 {
            let joiner = soft_break_joiner(self.alt.chars().next_back(), next);
            self.alt.push_str(joiner);
        } else {
            self.begin_inline();
            let joiner = soft_break_joiner(self.last_char, next);
            self.pending.push_str(joiner);
        }
    }

    fn on_hard_break(&mut self) {
        if self.image_depth > 0 {
            self.alt.push(' ');
        } else {
            self.begin_inline();
            self.markup("#linebreak()");
        }
    }

    /// The first character of text after event `i` within the same run of
    /// inline content, looking through inline element boundaries.
    fn next_char(&self, i: usize) -> Option<char> {
        for (event, _) in self.ctx.events.iter().skip(i + 1) {
            match event {
                Event::Text(s) | Event::Code(s) | Event::InlineHtml(s) | Event::InlineMath(s) => {
                    return s.chars().next();
                }
                Event::Start(tag) if is_transparent_tag(tag) => {}
                Event::End(end) if is_transparent_end(*end) => {}
                _ => return None,
            }
        }
        None
    }

    fn on_footnote_reference(&mut self, label: &str, i: usize) {
        let literal = format!("[^{label}]");
        if self.image_depth > 0 {
            self.alt.push_str(&literal);
            return;
        }
        self.begin_inline();
        let key = footnote_key(label);
        let Some(footnotes) = self.footnotes else {
            self.text(&literal);
            self.warn(i, format!("脚注内不能再引用脚注 {literal}，已按原文显示"));
            return;
        };
        let Some(note) = footnotes.get(&key) else {
            self.text(&literal);
            self.warn(i, format!("脚注 {literal} 没有定义，已按原文显示"));
            return;
        };
        if self.used_footnotes.contains(&key) {
            self.repeated_footnote_bytes += note.content.len();
            if self.repeated_footnote_bytes > MAX_REPEATED_FOOTNOTE_BYTES {
                self.text(&literal);
                self.warn(i, format!("脚注 {literal} 被重复引用的内容过多，这一处已按原文显示"));
                return;
            }
        }
        self.markup(&format!("#footnote[{}]", note.content));
        self.images.extend(note.images.iter().cloned());
        self.used_footnotes.insert(key);
    }

    // ----- element starts -----

    fn start(&mut self, tag: &Tag, i: usize) {
        if self.image_depth > 0 {
            self.image_depth += 1;
            self.stack.push(Frame::Suppressed);
            return;
        }
        let nesting = Nesting::of(tag);
        if let Some(kind) = nesting
            && self.levels[kind as usize].len() >= kind.max()
        {
            return self.flatten(kind, i);
        }
        match tag {
            Tag::Paragraph => {
                self.begin_block();
                self.stack.push(Frame::Inline { close: "" });
            }
            Tag::Heading { level, .. } => {
                self.begin_block();
                let sticky = if heading_may_stick(&self.ctx.markdown[self.ctx.events[i].1.clone()]) {
                    ""
                } else {
                    ", sticky: false"
                };
                self.open_inline(&format!("#md-heading(level: {}{sticky})[", *level as usize), "]");
            }
            Tag::BlockQuote(_) => self.open_container("#quote(block: true)[", "\n\n", "]"),
            Tag::CodeBlock(kind) => self.open_literal(LiteralKind::Code(code_lang(kind)), i),
            Tag::MetadataBlock(_) => self.open_literal(LiteralKind::Code(None), i),
            Tag::HtmlBlock => self.open_literal(LiteralKind::Html, i),
            Tag::List(start) => self.start_list(*start, i),
            Tag::Item => self.start_item(),
            Tag::Table(alignments) => self.start_table(alignments),
            Tag::TableHead => self.start_row("\ntable.header(", "),", i),
            Tag::TableRow => self.start_row("\n", ",", i),
            Tag::TableCell => self.start_cell(i),
            Tag::Link { link_type, dest_url, .. } => self.start_link(*link_type, dest_url, i),
            Tag::Image { dest_url, title, .. } => self.start_image(dest_url, title, i),
            _ => self.start_other(tag),
        }
        if let Some(kind) = nesting {
            self.levels[kind as usize].push(self.stack.len());
        }
    }

    /// Opens an element nested deeper than [`Nesting::max`] as a plain
    /// block (a quote or list) or plain text (a style or link): its content
    /// goes into the enclosing element and nothing of it is lost. The first
    /// time, with a warning.
    fn flatten(&mut self, kind: Nesting, i: usize) {
        match kind {
            Nesting::Block => {
                // A paragraph break even after a tight item's text.
                let open = match self.stack.last() {
                    Some(Frame::Container { sep: "\n", has_content: true, .. }) => "\n",
                    _ => "",
                };
                self.open_container(open, "\n\n", "");
            }
            Nesting::Inline => {
                self.begin_inline();
                self.stack.push(Frame::Inline { close: "" });
            }
        }
        if !std::mem::replace(&mut self.flattened[kind as usize], true) {
            let message = match kind {
                Nesting::Block => format!(
                    "引用和列表嵌套超过 {MAX_BLOCK_NESTING} 层，更深的层次已并入第 {MAX_BLOCK_NESTING} 层排版"
                ),
                Nesting::Inline => {
                    format!("加粗、强调、链接等嵌套超过 {MAX_INLINE_NESTING} 层，更深的层次已按普通文字排版")
                }
            };
            self.warn(i, message);
        }
    }

    /// Inline styles, definition lists and, defensively, footnote
    /// definitions that were not skipped.
    fn start_other(&mut self, tag: &Tag) {
        match tag {
            Tag::Emphasis => self.open_styled("#emph["),
            Tag::Strong => self.open_styled("#strong["),
            Tag::Strikethrough => self.open_styled("#strike["),
            Tag::Superscript => self.open_styled("#super["),
            Tag::Subscript => self.open_styled("#sub["),
            Tag::DefinitionList | Tag::FootnoteDefinition(_) => {
                self.open_container("", "\n\n", "");
            }
            Tag::DefinitionListTitle => {
                self.begin_block();
                self.open_inline("#strong[", "]");
            }
            Tag::DefinitionListDefinition => {
                self.open_container("#pad(left: 2em)[", "\n\n", "]");
            }
            _ => {
                // Every other tag is handled in `start`; keep the stack
                // balanced all the same.
                self.begin_block();
                self.open_container("", "\n\n", "");
            }
        }
    }

    fn open_inline(&mut self, open: &str, close: &'static str) {
        self.markup(open);
        self.stack.push(Frame::Inline { close });
    }

    fn open_styled(&mut self, open: &str) {
        self.begin_inline();
        self.open_inline(open, "]");
    }

    fn open_container(&mut self, open: &str, sep: &'static str, close: &'static str) {
        self.begin_block();
        self.markup(open);
        self.stack.push(Frame::container(sep, close));
    }

    fn open_literal(&mut self, kind: LiteralKind, event: usize) {
        self.begin_block();
        self.stack.push(Frame::Literal { kind, text: String::new(), event });
    }

    fn start_list(&mut self, start: Option<u64>, i: usize) {
        self.begin_block();
        let tight = self.ctx.outline.tight.get(&i).copied().unwrap_or(true);
        let open = match start {
            Some(n) => format!("#enum(start: {n}, tight: {tight},"),
            None => format!("#list(tight: {tight},"),
        };
        self.markup(&open);
        self.stack.push(Frame::List { tight });
    }

    fn start_item(&mut self) {
        let Some(&Frame::List { tight }) = self.stack.last() else {
            // An item of a flattened list: a block of its own.
            return self.open_container("", "\n\n", "");
        };
        self.markup("\n[");
        // Tight items hold bare inline content; a newline (a space, which
        // typst drops next to a block) keeps them free of paragraph breaks.
        let sep = if tight { "\n" } else { "\n\n" };
        self.stack.push(Frame::container(sep, "],"));
    }

    fn start_table(&mut self, alignments: &[Alignment]) {
        self.begin_block();
        let columns = alignments.len().max(1);
        let mut aligns: Vec<&str> = alignments.iter().map(|a| alignment_name(*a)).collect();
        if aligns.is_empty() {
            aligns.push("auto");
        }
        let trailing = if aligns.len() == 1 { "," } else { "" };
        self.markup(&format!("#table(columns: {columns}, align: ({}{trailing}),", aligns.join(", ")));
        self.stack.push(Frame::Table { columns });
    }

    fn start_row(&mut self, open: &str, close: &'static str, i: usize) {
        let columns = match self.stack.last() {
            Some(Frame::Table { columns }) => *columns,
            _ => 1,
        };
        self.markup(open);
        let source = self.ctx.events[i].1.clone();
        self.stack.push(Frame::Row { columns, cells: 0, close, last_cell_end: source.start, source });
    }

    fn start_cell(&mut self, i: usize) {
        let cell_end = self.ctx.events[i].1.end;
        let mut first = true;
        if let Some(Frame::Row { cells, last_cell_end, .. }) = self.stack.last_mut() {
            first = *cells == 0;
            *cells += 1;
            *last_cell_end = (*last_cell_end).max(cell_end);
        }
        self.markup(if first { "[" } else { ", [" });
        self.stack.push(Frame::Inline { close: "]" });
    }

    fn start_link(&mut self, link_type: LinkType, dest: &str, i: usize) {
        self.begin_inline();
        let url = if link_type == LinkType::Email && !dest.starts_with("mailto:") {
            format!("mailto:{dest}")
        } else {
            dest.to_string()
        };
        if url.is_empty() || url.len() > MAX_URL_LEN {
            let why = if url.is_empty() { "为空" } else { "过长" };
            self.warn(i, format!("链接地址{why}，只显示链接文字"));
            self.stack.push(Frame::Inline { close: "" });
            return;
        }
        self.markup(&format!("#link({})[", typst_string(&url)));
        let body_start = self.out.len();
        self.stack.push(Frame::Link { body_start });
    }

    fn start_image(&mut self, dest: &str, title: &str, i: usize) {
        self.begin_inline();
        self.alt.clear();
        self.image_depth = 1;
        self.stack.push(Frame::Image { dest: dest.to_string(), title: title.to_string(), event: i });
    }

    // ----- element ends -----

    fn end(&mut self, i: usize) {
        if self.stack.len() <= 1 {
            return; // unbalanced input: never pop the root
        }
        let Some(frame) = self.stack.pop() else {
            return;
        };
        for levels in &mut self.levels {
            if levels.last() == Some(&(self.stack.len() + 1)) {
                levels.pop();
            }
        }
        if self.image_depth > 0 {
            self.image_depth -= 1;
        }
        match frame {
            Frame::Container { close, .. } | Frame::Inline { close } => self.markup(close),
            Frame::Link { body_start } => self.end_link(body_start),
            Frame::List { .. } | Frame::Table { .. } => self.markup("\n)"),
            Frame::Row { columns, cells, close, source, last_cell_end } => {
                self.end_row(columns, cells, close, &source, last_cell_end, i)
            }
            Frame::Image { dest, title, event } => self.end_image(&dest, &title, event),
            Frame::Suppressed => {}
            Frame::Literal { kind, text, event } => self.end_literal(kind, &text, event),
        }
    }

    fn end_link(&mut self, body_start: usize) {
        self.flush();
        if self.out.len() == body_start {
            // `#link("…")` without a body shows the URL itself.
            self.out.pop();
        } else {
            self.out.push(']');
        }
    }

    fn end_row(
        &mut self,
        columns: usize,
        cells: usize,
        close: &str,
        source: &Range<usize>,
        last_cell_end: usize,
        i: usize,
    ) {
        let mut padding = String::new();
        for n in cells..columns {
            padding.push_str(if n == 0 { "[]" } else { ", []" });
        }
        self.markup(&padding);
        self.markup(close);
        let rest = self.ctx.markdown.get(last_cell_end..source.end).unwrap_or("");
        if rest.chars().any(|c| c != '|' && !c.is_whitespace()) {
            self.warn(i, "表格这一行的单元格多于表头的列数，多出的单元格没有显示".into());
        }
    }

    fn end_image(&mut self, dest: &str, title: &str, event: usize) {
        let alt = std::mem::take(&mut self.alt);
        let alt = alt.trim();
        if dest.trim().is_empty() {
            self.warn(event, "图片没有给出文件路径，只显示其说明文字".into());
            self.text(alt);
            return;
        }
        let path = resolve_image_path(self.ctx.base_dir, dest);
        let caption = if title.trim().is_empty() { alt } else { title.trim() };
        let shown = if (self.ctx.image_exists)(&path) { typst_string(&path) } else { "none".to_owned() };
        let markup = format!(
            "#md-image({shown}, alt: {}, caption: {}, source: {})",
            string_or_none(alt),
            string_or_none(caption),
            typst_string(dest)
        );
        self.markup(&markup);
        self.images.push(path);
        self.last_char = None;
    }

    fn end_literal(&mut self, kind: LiteralKind, text: &str, event: usize) {
        let text = text.replace("\r\n", "\n");
        let text = text.strip_suffix('\n').unwrap_or(&text);
        match kind {
            LiteralKind::Code(lang) => {
                let lang = lang.map_or(String::new(), |l| format!(", lang: {}", typst_string(&l)));
                let markup = format!("#raw({}, block: true{lang})", typst_string(text));
                self.markup(&markup);
            }
            LiteralKind::Html => {
                self.markup(&typst_text(text));
                self.warn(event, html_warning(text));
            }
        }
    }
}

// ----- helpers without state -----

/// Inline elements a soft break looks through for the next character.
fn is_transparent_tag(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
    )
}

fn is_transparent_end(end: TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
    )
}

/// What a soft line break becomes: nothing next to CJK text, else a space.
fn soft_break_joiner(before: Option<char>, after: Option<char>) -> &'static str {
    if before.is_some_and(is_cjk) || after.is_some_and(is_cjk) { "" } else { " " }
}

/// Characters of scripts written without spaces between words: Chinese and
/// Japanese ideographs, kana, CJK and full-width punctuation. (Hangul is
/// written with spaces and is left out.)
fn is_cjk(c: char) -> bool {
    matches!(
        c as u32,
        0x2E80..=0x2FFF // radicals, Kangxi, description characters
            | 0x3000..=0x303F // CJK symbols and punctuation
            | 0x3040..=0x31FF // kana, bopomofo, kanbun, CJK strokes
            | 0x3200..=0x33FF // enclosed CJK, compatibility
            | 0x3400..=0x4DBF // extension A
            | 0x4E00..=0x9FFF // unified ideographs
            | 0xF900..=0xFAFF // compatibility ideographs
            | 0xFE10..=0xFE1F // vertical forms
            | 0xFE30..=0xFE4F // compatibility forms
            | 0xFF00..=0xFFEF // half- and full-width forms
            | 0x20000..=0x3FFFF // extensions B and later
    )
}

/// `<br>`, `<br/>` and `<br />` in any case: a line break, not a warning.
fn is_line_break_tag(html: &str) -> bool {
    let lower = html.trim().to_ascii_lowercase();
    let Some(inner) = lower.strip_prefix("<br").and_then(|s| s.strip_suffix('>')) else {
        return false;
    };
    inner.trim_end_matches('/').trim().is_empty()
}

fn html_warning(html: &str) -> String {
    let snippet: String = html.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut short: String = snippet.chars().take(40).collect();
    if short.len() < snippet.len() {
        short.push('…');
    }
    format!("不支持 HTML，已按原文显示：{short}")
}

fn code_lang(kind: &CodeBlockKind) -> Option<String> {
    match kind {
        CodeBlockKind::Fenced(info) => info
            .split(|c: char| c.is_whitespace() || c == ',')
            .next()
            .filter(|lang| !lang.is_empty())
            .map(str::to_string),
        CodeBlockKind::Indented => None,
    }
}

fn alignment_name(alignment: Alignment) -> &'static str {
    match alignment {
        Alignment::None => "auto",
        Alignment::Left => "left",
        Alignment::Center => "center",
        Alignment::Right => "right",
    }
}

fn string_or_none(text: &str) -> String {
    if text.is_empty() { "none".to_string() } else { typst_string(text) }
}

/// Resolves an image destination to a virtual path.
///
/// URLs (anything with a scheme) and absolute paths are returned unchanged.
/// A relative path is percent-decoded (as a browser previewing the Markdown
/// would), `\` is read as a separator, and it is joined to `base_dir` with
/// `.` segments and empty segments removed. `..` segments are kept as they
/// are, so that the layer that reads files can reject them.
fn resolve_image_path(base_dir: &str, dest: &str) -> String {
    if dest.starts_with('/') || has_scheme(dest) {
        return dest.to_string();
    }
    let relative = percent_decode(dest).replace('\\', "/");
    let segments = base_dir.split('/').chain(relative.split('/'));
    let kept: Vec<&str> = segments.filter(|s| !s.is_empty() && *s != ".").collect();
    format!("/{}", kept.join("/"))
}

/// `scheme:` as in RFC 3986 (also catches Windows drive letters like `C:`).
fn has_scheme(dest: &str) -> bool {
    let Some((scheme, _)) = dest.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Decodes `%XX` escapes; returns the input unchanged if the result would
/// not be UTF-8.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = match bytes.get(i..i + 3) {
            Some([b'%', high, low]) => hex_value(*high).zip(hex_value(*low)),
            _ => None,
        };
        match escaped {
            Some((high, low)) => {
                out.push(high * 16 + low);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

fn hex_value(digit: u8) -> Option<u8> {
    (digit as char).to_digit(16).map(|v| v as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn convert(markdown: &str) -> Converted {
        to_typst(markdown, &Options { base_dir: "/sections", image_exists: &|p| !p.contains("missing") })
    }

    fn typst(markdown: &str) -> String {
        convert(markdown).typst
    }

    fn messages(markdown: &str) -> Vec<(usize, String)> {
        let warnings = convert(markdown).warnings;
        warnings.into_iter().map(|w| (w.line, w.message)).collect()
    }

    /// Runs `f` on a thread with the default 2 MiB stack, as a worker
    /// thread of the CLI would.
    fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
        std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(f)
            .expect("spawn")
            .join()
            .expect("no panic, no overflow")
    }

    // ----- paragraphs and text -----

    #[test]
    fn empty_input_gives_empty_output() {
        assert_eq!(convert(""), Converted::default());
        assert_eq!(convert("\n\n  \n"), Converted::default());
    }

    #[test]
    fn chinese_paragraph_lines_join_without_spaces() {
        assert_eq!(
            typst("联盟成立于\n二〇二〇年，\n成员单位\nABC 等。"),
            "#\"联盟成立于二〇二〇年，成员单位ABC 等。\";\n\n"
        );
    }

    #[test]
    fn latin_lines_join_with_one_space() {
        assert_eq!(typst("one\ntwo\n3"), "#\"one two 3\";\n\n");
    }

    #[test]
    fn cjk_punctuation_and_full_width_forms_join_without_space() {
        assert_eq!(typst("Hello\n。"), "#\"Hello。\";\n\n");
        assert_eq!(typst("（ABC）\nx"), "#\"（ABC）x\";\n\n");
        assert_eq!(typst("x\n「y」"), "#\"x「y」\";\n\n");
    }

    #[test]
    fn soft_break_looks_through_inline_styles() {
        assert_eq!(typst("**强调**\n文字"), "#strong[#\"强调\";]#\"文字\";\n\n");
        assert_eq!(typst("word\n*中文*"), "#\" \";#emph[#\"中文\";]\n\n".replace("#\" \";", "#\"word\";"));
        assert_eq!(typst("a\n*b*"), "#\"a \";#emph[#\"b\";]\n\n");
    }

    #[test]
    fn paragraphs_are_one_line_each_followed_by_a_blank_line() {
        assert_eq!(typst("第一段\n续\n\n第二段"), "#\"第一段续\";\n\n#\"第二段\";\n\n");
    }

    #[test]
    fn strong_after_cjk_punctuation_is_bold() {
        assert_eq!(typst("**注意：**正文"), "#strong[#\"注意：\";]#\"正文\";\n\n");
        assert_eq!(typst("前文**“引号”**后文"), "#\"前文\";#strong[#\"“引号”\";]#\"后文\";\n\n");
        assert_eq!(typst("甲*强调：*乙"), "#\"甲\";#emph[#\"强调：\";]#\"乙\";\n\n");
    }

    #[test]
    fn asterisks_do_not_pair_across_blocks() {
        // A tight list item holds its text and a nested block at one depth.
        assert_eq!(
            typst("- *甲\n  - 乙\n  丙*"),
            "#list(tight: true,\n[#\"*甲\";\n#list(tight: true,\n[#\"乙丙*\";],\n)],\n)\n\n"
        );
        assert!(!typst("* *_\n  #\n  N*").contains("#emph"));
    }

    #[test]
    fn escaped_and_spaced_asterisks_stay_literal() {
        assert_eq!(typst("\\*\\*不是：\\*\\*粗体"), "#\"**不是：**粗体\";\n\n");
        assert_eq!(typst("a ** b ** c"), "#\"a ** b ** c\";\n\n");
    }

    #[test]
    fn hash_and_dollar_print_literally() {
        let markdown = r#"#read("/etc/passwd") $x$ @ref // c ~ ] [ = - + _ "q" 'a'"#;
        let expected = "#\"#read(\\\"/etc/passwd\\\") $x$ @ref // c ~ ] [ = - + _ \\\"q\\\" 'a'\";\n\n";
        assert_eq!(typst(markdown), expected);
    }

    #[test]
    fn markdown_escapes_print_the_escaped_character() {
        assert_eq!(typst(r"\*not emphasis\* back\\slash \<b>"), "#\"*not emphasis* back\\\\slash <b>\";\n\n");
    }

    #[test]
    fn adjacent_text_events_merge_into_one_literal() {
        // pulldown-cmark splits this into several text events.
        assert_eq!(typst("a [b c\\] d"), "#\"a [b c] d\";\n\n");
    }

    #[test]
    fn hard_break_becomes_linebreak() {
        assert_eq!(typst("上  \n下\\\n底"), "#\"上\";#linebreak()#\"下\";#linebreak()#\"底\";\n\n");
    }

    #[test]
    fn inline_styles_use_functions() {
        assert_eq!(
            typst("*e* **s** ~~x~~ ***b***"),
            "#emph[#\"e\";]#\" \";#strong[#\"s\";]#\" \";#strike[#\"x\";]#\" \";#emph[#strong[#\"b\";]]\n\n"
        );
    }

    #[test]
    fn inline_code_uses_raw() {
        assert_eq!(typst("用 `#set $x$` 命令"), "#\"用 \";#raw(\"#set $x$\")#\" 命令\";\n\n");
    }

    // ----- blocks -----

    #[test]
    fn a_heading_that_may_be_taller_than_a_page_does_not_stick_to_the_next_block() {
        assert!(typst("## 一、概况\n\n正文").starts_with("#md-heading(level: 2)["));
        let long = format!("## {}\n\n正文", "很长的标题".repeat(50));
        assert!(typst(&long).starts_with("#md-heading(level: 2, sticky: false)["), "{}", typst(&long));
        assert!(
            typst("## 图 ![示意](images/a.png)\n\n正文").starts_with("#md-heading(level: 2, sticky: false)[")
        );
    }

    #[test]
    fn code_block_uses_raw_block_with_language() {
        assert_eq!(
            typst("```rust ignore\nfn main() {}\n```"),
            "#raw(\"fn main() {}\", block: true, lang: \"rust\")\n\n"
        );
        assert_eq!(typst("    let x = \"y\";\n"), "#raw(\"let x = \\\"y\\\";\", block: true)\n\n");
    }

    #[test]
    fn headings_use_md_heading_on_their_own_line() {
        assert_eq!(
            typst("## 一、*概况*\n正文"),
            "#md-heading(level: 2)[#\"一、\";#emph[#\"概况\";]]\n\n#\"正文\";\n\n"
        );
    }

    #[test]
    fn nested_lists_use_function_calls() {
        insta::assert_snapshot!(typst("- 甲\n- 乙\n  1. 子一\n  2. 子二\n- 丙"), @r##"
        #list(tight: true,
        [#"甲";],
        [#"乙";
        #enum(start: 1, tight: true,
        [#"子一";],
        [#"子二";],
        )],
        [#"丙";],
        )
        "##);
    }

    #[test]
    fn loose_list_separates_paragraphs() {
        assert_eq!(
            typst("3. 一\n\n   续\n4. 二"),
            "#enum(start: 3, tight: false,\n[#\"一\";\n\n#\"续\";],\n[#\"二\";],\n)\n\n"
        );
    }

    #[test]
    fn task_list_items_get_box_and_check_marks() {
        assert_eq!(
            typst("- [ ] 待办\n- [x] 完成"),
            "#list(tight: true,\n[#\"□ \";#\"待办\";],\n[#\"√ \";#\"完成\";],\n)\n\n"
        );
    }

    #[test]
    fn block_quote_uses_quote_block() {
        assert_eq!(typst("> 甲\n>\n> 乙"), "#quote(block: true)[#\"甲\";\n\n#\"乙\";]\n\n");
    }

    #[test]
    fn thematic_break_draws_a_line() {
        assert_eq!(typst("上\n\n---\n\n下"), "#\"上\";\n\n#line(length: 100%)\n\n#\"下\";\n\n");
    }

    #[test]
    fn table_pads_short_rows() {
        insta::assert_snapshot!(typst("| 项目 | 数量 | 备注 |\n|:--|--:|:-:|\n| 甲 | 1 |\n| 乙 *强* | 2 | \\| |"), @r##"
        #table(columns: 3, align: (left, right, center),
        table.header([#"项目";], [#"数量";], [#"备注";]),
        [#"甲";], [#"1";], [],
        [#"乙 ";#emph[#"强";]], [#"2";], [#"|";],
        )
        "##);
    }

    #[test]
    fn single_column_table_keeps_align_an_array() {
        assert!(typst("| a |\n|---|\n| b |").starts_with("#table(columns: 1, align: (auto,),"));
    }

    #[test]
    fn table_row_with_extra_cells_warns() {
        let md = "| a |\n|---|\n| 1 | 2 |";
        assert!(!typst(md).contains('2'));
        assert_eq!(messages(md), [(3, "表格这一行的单元格多于表头的列数，多出的单元格没有显示".to_string())]);
    }

    // ----- images and links -----

    #[test]
    fn image_relative_path_is_resolved_against_base_dir() {
        let out = convert("![组织架构](./img/org.png \"图1 组织架构\")");
        assert_eq!(
            out.typst,
            "#md-image(\"/sections/img/org.png\", alt: \"组织架构\", caption: \"图1 组织架构\", source: \"./img/org.png\")\n\n"
        );
        assert_eq!(out.images, ["/sections/img/org.png"]);
    }

    #[test]
    fn image_caption_falls_back_to_alt_then_none() {
        assert_eq!(
            typst("![说明](a.png)"),
            "#md-image(\"/sections/a.png\", alt: \"说明\", caption: \"说明\", source: \"a.png\")\n\n"
        );
        assert_eq!(
            typst("![](a.png)"),
            "#md-image(\"/sections/a.png\", alt: none, caption: none, source: \"a.png\")\n\n"
        );
        assert_eq!(
            typst("![图](missing.png)"),
            "#md-image(none, alt: \"图\", caption: \"图\", source: \"missing.png\")\n\n"
        );
        assert_eq!(
            typst("![*强调* `码`](a.png)"),
            "#md-image(\"/sections/a.png\", alt: \"强调 码\", caption: \"强调 码\", source: \"a.png\")\n\n"
        );
    }

    #[test]
    fn image_paths_keep_dot_dot_and_pass_absolute_and_urls_through() {
        let out = convert(
            "![](../x/./y.png) ![](/abs/z.png) ![](https://e.com/a.png) ![](a%20b.png) ![](d\\e.png)",
        );
        assert_eq!(
            out.images,
            [
                "/sections/../x/y.png",
                "/abs/z.png",
                "https://e.com/a.png",
                "/sections/a b.png",
                "/sections/d/e.png"
            ]
        );
        assert_eq!(resolve_image_path("/", "a.png"), "/a.png");
        assert_eq!(resolve_image_path("/s/", "./../a.png"), "/s/../a.png");
        assert_eq!(resolve_image_path("/s", "C:\\a.png"), "C:\\a.png");
        assert_eq!(resolve_image_path("/s", "%ff%zz.png"), "/s/%ff%zz.png");
    }

    #[test]
    fn image_without_path_shows_alt_with_warning() {
        let out = convert("前\n![图](<>)");
        assert_eq!(out.typst, "#\"前图\";\n\n");
        assert_eq!(out.images, Vec::<String>::new());
        assert_eq!(out.warnings[0].line, 2);
    }

    #[test]
    fn links_and_autolinks_use_link() {
        assert_eq!(
            typst("[官网](https://a.cn/\"x) <https://b.cn> <me@c.cn>"),
            "#link(\"https://a.cn/\\\"x\")[#\"官网\";]#\" \";#link(\"https://b.cn\")[#\"https://b.cn\";]#\" \";#link(\"mailto:me@c.cn\")[#\"me@c.cn\";]\n\n"
        );
    }

    #[test]
    fn link_without_text_shows_url_and_empty_url_shows_text() {
        assert_eq!(typst("[](https://a.cn)"), "#link(\"https://a.cn\")\n\n");
        assert_eq!(typst("[文字]()"), "#\"文字\";\n\n");
        assert_eq!(messages("[文字]()"), [(1, "链接地址为空，只显示链接文字".to_string())]);
    }

    // ----- footnotes -----

    #[test]
    fn footnote_defined_after_reference() {
        let out = convert("正文[^1]。\n\n[^1]: 来源：*年报*。");
        assert_eq!(out.typst, "#\"正文\";#footnote[#\"来源：\";#emph[#\"年报\";]#\"。\";]#\"。\";\n\n");
        assert!(out.warnings.is_empty());
    }

    #[test]
    fn footnote_defined_before_reference_with_case_insensitive_label() {
        let out = convert("[^Note]: 说明\n\n正文[^note]");
        assert_eq!(out.typst, "#\"正文\";#footnote[#\"说明\";]\n\n");
        assert!(out.warnings.is_empty());
    }

    #[test]
    fn footnote_with_several_paragraphs_keeps_them() {
        assert_eq!(typst("x[^a]\n\n[^a]: 一\n\n    二"), "#\"x\";#footnote[#\"一\";\n\n#\"二\";]\n\n");
    }

    #[test]
    fn missing_footnote_prints_literally_with_warning() {
        let md = "见\n[^无]说明";
        assert_eq!(typst(md), "#\"见[^无]说明\";\n\n");
        assert_eq!(messages(md), [(2, "脚注 [^无] 没有定义，已按原文显示".to_string())]);
    }

    #[test]
    fn unused_and_duplicate_footnotes_warn() {
        let md = "x[^a]\n\n[^a]: 一\n[^a]: 二\n[^b]: 三";
        assert_eq!(typst(md), "#\"x\";#footnote[#\"一\";]\n\n");
        assert_eq!(
            messages(md),
            [
                (4, "脚注 [^a] 重复定义，只采用第一处定义".to_string()),
                (5, "脚注 [^b] 已定义但没有被引用，不会出现在报告中".to_string()),
            ]
        );
    }

    #[test]
    fn footnote_inside_footnote_prints_literally() {
        let md = "x[^a]\n\n[^a]: 见[^b]\n[^b]: 乙";
        assert_eq!(typst(md), "#\"x\";#footnote[#\"见[^b]\";]\n\n");
        let warnings = messages(md);
        assert_eq!(warnings[0], (3, "脚注内不能再引用脚注 [^b]，已按原文显示".to_string()));
    }

    #[test]
    fn repeated_footnote_reference_repeats_its_note_within_a_budget() {
        assert_eq!(typst("a[^1]b[^1]\n\n[^1]: n"), "#\"a\";#footnote[#\"n\";]#\"b\";#footnote[#\"n\";]\n\n");
        let long = "长".repeat(200_000);
        let md = format!("{}\n\n[^1]: {long}", "[^1]".repeat(20));
        let out = convert(&md);
        assert!(out.typst.len() < 2 * MAX_REPEATED_FOOTNOTE_BYTES);
        assert!(out.typst.contains("[^1]"));
        assert_eq!(out.warnings.len(), 1);
    }

    #[test]
    fn images_in_footnotes_are_recorded_where_referenced() {
        let out = convert("![](a.png)[^1]\n\n[^1]: ![](b.png)");
        assert_eq!(out.images, ["/sections/a.png", "/sections/b.png"]);
    }

    // ----- HTML -----

    #[test]
    fn raw_html_shown_as_text_with_warning() {
        let md = "段落\n\n<div class=\"x\">\n内容\n</div>\n\n文字<span>红</span>";
        assert_eq!(
            typst(md),
            "#\"段落\";\n\n#\"<div class=\\\"x\\\">\\n内容\\n</div>\";\n\n#\"文字<span>红</span>\";\n\n"
        );
        assert_eq!(
            messages(md),
            [
                (3, "不支持 HTML，已按原文显示：<div class=\"x\"> 内容 </div>".to_string()),
                (7, "不支持 HTML，已按原文显示：<span>".to_string()),
                (7, "不支持 HTML，已按原文显示：</span>".to_string()),
            ]
        );
    }

    #[test]
    fn br_tag_becomes_a_line_break_without_warning() {
        let md = "| a |\n|---|\n| 一<br>二<BR />三 |";
        assert!(typst(md).contains("[#\"一\";#linebreak()#\"二\";#linebreak()#\"三\";]"));
        assert!(messages(md).is_empty());
    }

    // ----- robustness -----

    /// Asserts that `markup` parses as typst without a syntax error.
    fn assert_parses(markup: &str) {
        let errors = typst::syntax::parse(markup).errors_and_warnings().0;
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert!(messages.is_empty(), "{messages:?} in {markup}");
    }

    #[test]
    fn ten_thousand_nested_quotes_do_not_overflow() {
        let out = on_small_stack(|| convert(&format!("{} 深\n", ">".repeat(10_000))));
        assert_eq!(out.typst.matches("#quote(block: true)[").count(), MAX_BLOCK_NESTING);
        assert!(out.typst.contains("#\"深\";"));
        assert_parses(&out.typst);
    }

    #[test]
    fn ten_thousand_nested_lists_and_emphasis_do_not_overflow() {
        let lists = on_small_stack(|| convert(&format!("{}x\n", "- 1. ".repeat(5_000))));
        assert_eq!(lists.typst.matches("#enum(").count(), MAX_BLOCK_NESTING / 2);
        assert_parses(&lists.typst);
        let styles = on_small_stack(|| {
            convert(&format!(
                "{0}x{0} {1}y{2}",
                "*".repeat(10_000),
                "[".repeat(10_000),
                "](u)".repeat(10_000)
            ))
        });
        assert!(styles.typst.contains("#\"x\";"));
        assert_parses(&styles.typst);
        let images =
            on_small_stack(|| convert(&format!("{}x{}", "![".repeat(10_000), "](u)".repeat(10_000))));
        assert_eq!(images.images.len(), 1);
        assert_parses(&images.typst);
    }

    #[test]
    fn nesting_deeper_than_typst_lays_out_is_flattened_keeping_the_text() {
        let depth = MAX_BLOCK_NESTING + 3;
        let list: String = (0..depth).map(|i| format!("{}- 第{i}层\n", "  ".repeat(i))).collect();
        let out = convert(&format!("{list}\n{}引文\n", ">".repeat(depth)));
        assert_parses(&out.typst);
        assert_eq!(out.typst.matches("#list(").count(), MAX_BLOCK_NESTING);
        assert_eq!(out.typst.matches("#quote(").count(), MAX_BLOCK_NESTING);
        for i in 0..depth {
            assert!(out.typst.contains(&format!("#\"第{i}层\";")), "level {i} kept: {}", out.typst);
        }
        // The deeper lists' items are paragraphs of their own in the last level.
        assert!(out.typst.contains("#\"第5层\";\n\n#\"第6层\";\n\n#\"第7层\";"), "{}", out.typst);
        assert!(out.typst.contains("#\"引文\";"));
        // One warning for the list, at its first flattened line; the quotes
        // on line 11 share it.
        let warning = format!(
            "引用和列表嵌套超过 {MAX_BLOCK_NESTING} 层，更深的层次已并入第 {MAX_BLOCK_NESTING} 层排版"
        );
        assert_eq!(messages(&format!("{list}\n{}引文\n", ">".repeat(depth))), [(7, warning)]);

        let styles = convert(&format!("{}[链接](https://a.cn){}", "*强 ".repeat(40), " 调*".repeat(40)));
        assert_parses(&styles.typst);
        assert!(styles.typst.matches("#emph[").count() <= MAX_INLINE_NESTING);
        assert_eq!(styles.typst.matches("强").count(), 40);
        assert!(styles.typst.contains("链接"));
        assert_eq!(styles.warnings.len(), 1);
    }

    #[test]
    fn the_deepest_nesting_allowed_still_parses_with_a_footnote_as_deep() {
        // A table in quotes in lists, its cell in styles.
        let (open, more) = ("> - ".repeat(MAX_BLOCK_NESTING / 2), ">   ".repeat(MAX_BLOCK_NESTING / 2));
        let styles = ("*a **b ".repeat(MAX_INLINE_NESTING / 2), " b** a*".repeat(MAX_INLINE_NESTING / 2));
        let cell = |x: &str| format!("| {}{x}{} |", styles.0, styles.1);
        let deep = |x: &str| format!("{open}| a |\n{more}|---|\n{more}{}\n", cell(x));
        let note = deep("y").replace('\n', "\n    ");
        let out = convert(&format!("{}\n[^1]: {note}", deep("x[^1]")));
        assert!(out.warnings.is_empty(), "{:?}", out.warnings);
        assert_eq!(out.typst.matches("#quote(").count(), MAX_BLOCK_NESTING, "{}", out.typst);
        assert_eq!(out.typst.matches("#emph[").count(), MAX_INLINE_NESTING, "{}", out.typst);
        assert_eq!(out.typst.matches("#table(").count(), 2);
        assert!(out.typst.contains("#footnote["), "{}", out.typst);
        assert_parses(&out.typst);
    }

    #[test]
    fn unmatched_asterisks_take_linear_time() {
        // Each of these took minutes for a megabyte (quadratic pairing).
        let started = std::time::Instant::now();
        for md in [
            " **中".repeat(50_000) + &"：*中".repeat(50_000),
            " **中".repeat(50_000) + &"中* ".repeat(50_000),
        ] {
            assert!(convert(&md).typst.contains("中"));
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(30), "{:?}", started.elapsed());
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        let inputs = [
            "\u{0}",
            "\r\n\r\n",
            "\u{feff}",
            "[^",
            "[^]",
            "[^ ]: x",
            "```",
            "~~~\n",
            "|",
            "|-|",
            "| a |\n|-|\n|",
            "<",
            "<!--",
            "![",
            "![](",
            "*",
            "**_~~",
            "\\",
            "- ",
            "1.",
            "99999999999. x",
            "> ",
            "# ",
            "\t\tx",
            "[x]: /u\n[x]",
            "[^a]: [^a]\n[^a]",
            "<div>\n```\n</div>",
            "\r",
            "é\u{301}\n中",
        ];
        for md in inputs {
            let _ = convert(md);
        }
    }

    #[test]
    fn whole_section_snapshot() {
        let md = "\
## （一）联盟概况

联盟由 **12 家**单位组成，
覆盖煤机装备、新材料等领域[^src]。

- [x] 完成章程修订
- [ ] 建设公共平台

![联盟大会](img/meeting.jpg)

> 注：数据截至 2024 年底。

[^src]: 数据来自《年度报告》。
";
        insta::assert_snapshot!(typst(md), @r##"
        #md-heading(level: 2)[#"（一）联盟概况";]

        #"联盟由 ";#strong[#"12 家";]#"单位组成，覆盖煤机装备、新材料等领域";#footnote[#"数据来自《年度报告》。";]#"。";

        #list(tight: true,
        [#"√ ";#"完成章程修订";],
        [#"□ ";#"建设公共平台";],
        )

        #md-image("/sections/img/meeting.jpg", alt: "联盟大会", caption: "联盟大会", source: "img/meeting.jpg")

        #quote(block: true)[#"注：数据截至 2024 年底。";]
        "##);
    }
}
