//! The renderer: one pass over the events with an explicit stack of open
//! elements, writing typst markup into one buffer.

mod elements;

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::Event;

use super::footnotes::{Footnotes, footnote_key};
use super::*;
use crate::escape::{typst_display, typst_string, typst_text};

/// An element whose start has been written and whose end has not.
pub(super) enum Frame {
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

pub(super) enum LiteralKind {
    Code(Option<String>),
    Html,
}

impl Frame {
    fn container(sep: &'static str, close: &'static str) -> Self {
        Frame::Container { sep, close, has_content: false, inline_run: false }
    }
}

/// Writes typst for a range of events into one buffer.
pub(super) struct Renderer<'r, 'c, 'a> {
    pub(super) ctx: &'r Context<'c, 'a>,
    /// `None` while rendering a footnote definition: footnotes do not nest.
    pub(super) footnotes: Option<&'r Footnotes>,
    pub(super) out: String,
    /// Text not yet written, so adjacent text becomes one literal.
    pub(super) pending: String,
    /// The last character of user text, for joining soft-broken lines.
    pub(super) last_char: Option<char>,
    /// Whether the markup written last is a kept box, perhaps inside the
    /// styles that close after it (`#strong[#box("2022年");]`).
    pub(super) box_last: bool,
    pub(super) stack: Vec<Frame>,
    /// Alt text of the open image and how many elements deep it is.
    pub(super) alt: String,
    pub(super) image_depth: usize,
    pub(super) warnings: Vec<Warning>,
    pub(super) images: Vec<Reference>,
    pub(super) links: Vec<Reference>,
    pub(super) used_footnotes: HashSet<String>,
    pub(super) repeated_footnote_bytes: usize,
    /// For each [`Nesting`], the stack heights of its open elements that
    /// nest in typst, and whether a deeper one was flattened already.
    pub(super) levels: [Vec<usize>; 2],
    pub(super) flattened: [bool; 2],
}

impl<'r, 'c, 'a> Renderer<'r, 'c, 'a> {
    pub(super) fn new(ctx: &'r Context<'c, 'a>, footnotes: Option<&'r Footnotes>) -> Self {
        Renderer {
            ctx,
            footnotes,
            out: String::new(),
            pending: String::new(),
            last_char: None,
            box_last: false,
            stack: vec![Frame::container("\n\n", "")],
            alt: String::new(),
            image_depth: 0,
            warnings: Vec::new(),
            images: Vec::new(),
            links: Vec::new(),
            used_footnotes: HashSet::new(),
            repeated_footnote_bytes: 0,
            levels: [Vec::new(), Vec::new()],
            flattened: [false; 2],
        }
    }

    /// Renders events `range`, skipping footnote definitions.
    pub(super) fn run(&mut self, range: Range<usize>) {
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
    pub(super) fn finish(mut self, document: bool) -> (String, Vec<Reference>, Vec<Warning>) {
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
            let (markup, box_last) = units_kept(&self.pending, self.box_last);
            self.out.push_str(&markup);
            self.box_last = box_last;
            self.pending.clear();
        }
    }

    fn markup(&mut self, markup: &str) {
        self.flush();
        // Closing a style keeps a box last; anything else comes after it.
        if !markup.chars().all(|c| c == ']') {
            self.box_last = false;
        }
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
        self.box_last = false;
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
        self.links.extend(note.links.iter().cloned());
        self.used_footnotes.insert(key);
    }
}

/// `text` as typst markup, what a line never splits boxed (see
/// [`crate::breaks::kept_spans`]: 13项, 2019年11月20日, 万元): typst never
/// breaks inside a box, and a box costs far less than a show rule
/// searching all the text. `after_box`: the markup before `text` ends in
/// a box. Returns the markup and whether it ends in a box.
///
/// A box is an object to Unicode's line breaking, which breaks after one
/// even before "；" ([`starts_a_line_after_a_box`]). Such punctuation goes
/// into the box, before an empty box: at the end of the box's text typst
/// would set it half width, as at a line's end. After a style that ends
/// in a box (`**2022年**：`) a word joiner holds it instead; it is in the
/// text layer, so only there.
fn units_kept(text: &str, after_box: bool) -> (String, bool) {
    use crate::breaks::starts_a_line_after_a_box;
    let mut out = String::new();
    let mut at = 0;
    if after_box && text.starts_with(starts_a_line_after_a_box) {
        // The escape: shown text drops the characters that print nothing
        // (`typst_display`), this one included.
        out.push_str(r#"#"\u{2060}";"#);
    }
    let mut box_last = after_box;
    // A kept span never starts with the punctuation taken into the box
    // before it, so the spans stay in order after `at`.
    for span in crate::breaks::kept_spans(text) {
        out.push_str(&typst_text(&text[at..span.start]));
        let rest = &text[span.end..];
        let closing = rest.find(|c| !starts_a_line_after_a_box(c)).unwrap_or(rest.len());
        let kept = typst_display(&text[span.start..span.end + closing]);
        if closing == 0 {
            out.push_str(&format!("#box({kept});"));
        } else {
            out.push_str(&format!("#box[#{kept};#box()];"));
        }
        box_last = true;
        at = span.end + closing;
    }
    if at < text.len() {
        out.push_str(&typst_text(&text[at..]));
        box_last = false;
    }
    (out, box_last)
}
