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

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, Parser, Tag, TagEnd};

use crate::escape::typst_string;

/// How to convert one Markdown text.
#[derive(Clone, Copy)]
pub struct Options<'a> {
    /// Places an image: given its destination as written, the file's path in
    /// the typst World and its format, or `None` when it cannot be placed.
    /// An image that cannot is drawn as a marked placeholder, so a draft
    /// still typesets (load reports why).
    pub image: &'a dyn Fn(&str) -> Option<(String, &'static str)>,
}

/// The result of [`to_typst`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Converted {
    /// typst markup
    pub typst: String,
    /// things that could not be typeset faithfully (e.g. raw HTML shown as literal text)
    pub warnings: Vec<Warning>,
    /// every image referenced, as written, in order (those of a footnote
    /// where the footnote is referenced)
    pub images: Vec<Reference>,
    /// every link to a file (not a URL or an anchor), as written
    pub links: Vec<Reference>,
}

/// A file an answer refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The destination as written.
    pub dest: String,
    /// 1-based line in the markdown.
    pub line: usize,
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
        image: options.image,
    };
    let mut warnings = Vec::new();
    let footnotes = render_footnotes(&ctx, &mut warnings);

    let mut renderer = Renderer::new(&ctx, Some(&footnotes));
    renderer.run(0..events.len());
    let used = std::mem::take(&mut renderer.used_footnotes);
    let links = std::mem::take(&mut renderer.links);
    let (typst, images, rendered_warnings) = renderer.finish(true);
    warnings.extend(rendered_warnings);
    warnings.extend(unused_footnote_warnings(&footnotes, &used));
    warnings.extend(undefined_footnote_warnings(&ctx, &footnotes));
    warnings.sort_by_key(|w| w.line);
    let mut seen = HashSet::new();
    warnings.retain(|w| seen.insert((w.line, w.message.clone())));
    Converted { typst, warnings, images, links }
}

mod emphasis;
mod footnotes;
mod render;

use emphasis::pair_cjk_emphasis;
use footnotes::{Outline, render_footnotes, undefined_footnote_warnings, unused_footnote_warnings};
use render::Renderer;

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
    image: &'c dyn Fn(&str) -> Option<(String, &'static str)>,
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
pub(crate) fn soft_break_joiner(before: Option<char>, after: Option<char>) -> &'static str {
    if before.is_some_and(is_cjk) || after.is_some_and(is_cjk) { "" } else { " " }
}

/// Characters of scripts written without spaces between words: Chinese and
/// Japanese ideographs, kana, CJK and full-width punctuation. (Hangul is
/// written with spaces and is left out.)
pub(crate) fn is_cjk(c: char) -> bool {
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

/// Whether a link's destination names a file of the report (not a URL,
/// an e-mail address or an anchor).
fn is_local(dest: &str) -> bool {
    !dest.is_empty() && !dest.starts_with('#') && !dest.contains(':')
}

#[cfg(test)]
mod tests;
