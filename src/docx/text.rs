//! Paragraphs and what they hold: [`Paragraph`] (style, alignment,
//! spacing, indent, keep-with-next, page break before) and its [`Inline`]s
//! (runs of text with bold, underline, size and font; images; footnote
//! references; the PAGE field), and how they are written as `w:p`.

use super::Twips;
use super::image::ImageRef;
use super::part::Context;
use super::styles::{Font, Size, Style};
use super::xml::Xml;

/// Horizontal alignment of a paragraph (`w:jc`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
    /// Both edges, the usual alignment of Chinese body text.
    Justify,
    /// Both edges, characters spread over the whole line (分散对齐).
    Distribute,
}

impl Align {
    fn xml(self) -> &'static str {
        match self {
            Align::Left => "left",
            Align::Center => "center",
            Align::Right => "right",
            Align::Justify => "both",
            Align::Distribute => "distribute",
        }
    }
}

/// The distance between lines of a paragraph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineSpacing {
    /// A multiple of single spacing, in 240ths (360 is 1.5 lines).
    Auto(u32),
    /// Exactly this far apart, whatever the text's size.
    Exact(Twips),
    /// At least this far apart.
    AtLeast(Twips),
}

/// A paragraph: properties over a sequence of inlines.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Paragraph {
    pub style: Option<Style>,
    pub align: Option<Align>,
    /// Space before and after, in twips.
    pub space_before: Option<Twips>,
    pub space_after: Option<Twips>,
    pub line: Option<LineSpacing>,
    /// First-line indent in hundredths of a character (200 is the two
    /// characters of Chinese body text), which Word keeps right at any size.
    pub first_line_chars: Option<u32>,
    /// Left indent in twips.
    pub indent_left: Option<Twips>,
    /// Kept on the page of the next paragraph (headings, captions).
    pub keep_next: bool,
    pub page_break_before: bool,
    pub inlines: Vec<Inline>,
}

/// What a paragraph holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Inline {
    Text(Run),
    /// A line break inside the paragraph (`w:br`).
    Break,
    Image(ImageRef),
    /// The reference mark of the footnote with this index (from
    /// `Document::footnote`).
    Footnote(usize),
    /// The number of the current page, a `PAGE` field.
    PageNumber,
}

/// A run of text in one format. Line feeds in the text become line breaks,
/// tabs become tab characters.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Run {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    pub strike: bool,
    pub underline: bool,
    /// Extra space after each character, in twips (a spaced-out title).
    pub spacing: Option<Twips>,
    pub size: Option<Size>,
    pub font: Option<Font>,
}

impl Run {
    /// Plain text in the paragraph's style.
    pub fn new(text: impl Into<String>) -> Self {
        Run { text: text.into(), ..Run::default() }
    }

    pub fn bold(mut self) -> Self {
        self.bold = true;
        self
    }

    pub fn italic(mut self) -> Self {
        self.italic = true;
        self
    }

    pub fn strike(mut self) -> Self {
        self.strike = true;
        self
    }

    /// Each character followed by `twips` of space.
    pub fn spaced(mut self, twips: Twips) -> Self {
        self.spacing = Some(twips);
        self
    }

    /// Underlined: the fill-in lines of the cover are underlined runs.
    pub fn underline(mut self) -> Self {
        self.underline = true;
        self
    }

    pub fn size(mut self, size: Size) -> Self {
        self.size = Some(size);
        self
    }

    pub fn font(mut self, font: Font) -> Self {
        self.font = Some(font);
        self
    }
}

/// A tick box as the form prints it: ☑ when ticked, ☐ when not.
pub fn tick_box(ticked: bool) -> &'static str {
    if ticked { "☑" } else { "☐" }
}

impl Paragraph {
    /// An empty paragraph in `style`.
    pub fn new(style: Style) -> Self {
        Paragraph { style: Some(style), ..Paragraph::default() }
    }

    /// A paragraph in `style` holding `text` as one plain run.
    pub fn text(style: Style, text: impl Into<String>) -> Self {
        Paragraph::new(style).run(Run::new(text))
    }

    pub fn align(mut self, align: Align) -> Self {
        self.align = Some(align);
        self
    }

    pub fn run(mut self, run: Run) -> Self {
        self.inlines.push(Inline::Text(run));
        self
    }

    pub fn inline(mut self, inline: Inline) -> Self {
        self.inlines.push(inline);
        self
    }

    /// Space before and after, in twips.
    pub fn spacing(mut self, before: Twips, after: Twips) -> Self {
        self.space_before = Some(before);
        self.space_after = Some(after);
        self
    }

    pub fn line(mut self, line: LineSpacing) -> Self {
        self.line = Some(line);
        self
    }

    /// Left indent in twips.
    pub fn indent_left(mut self, twips: Twips) -> Self {
        self.indent_left = Some(twips);
        self
    }

    pub fn first_line_chars(mut self, hundredths: u32) -> Self {
        self.first_line_chars = Some(hundredths);
        self
    }

    pub fn keep_next(mut self) -> Self {
        self.keep_next = true;
        self
    }

    pub fn page_break_before(mut self) -> Self {
        self.page_break_before = true;
        self
    }

    /// Writes the paragraph; `extra` writes the last children of `w:pPr`
    /// (the section properties of a section's last paragraph), and `lead`
    /// is fixed markup before the first inline (a footnote's own mark).
    pub(crate) fn write(
        &self,
        xml: &mut Xml,
        cx: &mut Context,
        extra: Option<&dyn Fn(&mut Xml)>,
        lead: &str,
    ) {
        xml.open("w:p", &[]);
        xml.open("w:pPr", &[]);
        // The order of w:pPr's children is fixed by the schema (CT_PPrBase).
        if let Some(style) = self.style {
            xml.val("w:pStyle", style.id());
        }
        if self.keep_next {
            xml.empty("w:keepNext", &[]);
        }
        if self.page_break_before {
            xml.empty("w:pageBreakBefore", &[]);
        }
        self.write_spacing(xml);
        self.write_indent(xml);
        if let Some(align) = self.align {
            xml.val("w:jc", align.xml());
        }
        if let Some(extra) = extra {
            extra(xml);
        }
        xml.close("w:pPr");
        xml.raw(lead);
        for inline in &self.inlines {
            write_inline(inline, xml, cx);
        }
        xml.close("w:p");
    }

    fn write_spacing(&self, xml: &mut Xml) {
        if self.space_before.is_none() && self.space_after.is_none() && self.line.is_none() {
            return;
        }
        let (before, after) =
            (self.space_before.map(|t| t.to_string()), self.space_after.map(|t| t.to_string()));
        let mut attrs = Vec::new();
        if let Some(before) = &before {
            attrs.push(("w:before", before.as_str()));
        }
        if let Some(after) = &after {
            attrs.push(("w:after", after.as_str()));
        }
        let line = self.line.map(|line| match line {
            LineSpacing::Auto(n) => (n.to_string(), "auto"),
            LineSpacing::Exact(t) => (t.to_string(), "exact"),
            LineSpacing::AtLeast(t) => (t.to_string(), "atLeast"),
        });
        if let Some((value, rule)) = &line {
            attrs.push(("w:line", value.as_str()));
            attrs.push(("w:lineRule", rule));
        }
        xml.empty("w:spacing", &attrs);
    }

    fn write_indent(&self, xml: &mut Xml) {
        let left = self.indent_left.map(|t| t.to_string());
        let chars = self.first_line_chars.map(|c| c.to_string());
        let mut attrs = Vec::new();
        if let Some(left) = &left {
            attrs.push(("w:left", left.as_str()));
        }
        if let Some(chars) = &chars {
            attrs.push(("w:firstLineChars", chars.as_str()));
        }
        if !attrs.is_empty() {
            xml.empty("w:ind", &attrs);
        }
    }
}

/// The `PAGE` field: Word replaces the 1 with the page's number.
pub(crate) const PAGE_FIELD: &str = "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>\
    <w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>\
    <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r>\
    <w:r><w:fldChar w:fldCharType=\"end\"/></w:r>";

fn write_inline(inline: &Inline, xml: &mut Xml, cx: &mut Context) {
    match inline {
        Inline::Text(run) => write_run(run, xml),
        Inline::Break => xml.raw("<w:r><w:br/></w:r>"),
        Inline::Image(image) => image.write(xml, cx),
        Inline::Footnote(index) => {
            xml.open("w:r", &[]);
            xml.raw("<w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr>");
            xml.empty("w:footnoteReference", &[("w:id", &cx.footnote_id(*index).to_string())]);
            xml.close("w:r");
        }
        Inline::PageNumber => xml.raw(PAGE_FIELD),
    }
}

/// Writes a run. `w:hint="eastAsia"` makes Word set the characters that
/// both scripts share (“”‘’…—·) in the East Asian font, as Chinese text
/// needs.
fn write_run(run: &Run, xml: &mut Xml) {
    xml.open("w:r", &[]);
    xml.open("w:rPr", &[]);
    match run.font {
        Some(font) => xml.empty(
            "w:rFonts",
            &[
                ("w:ascii", font.latin()),
                ("w:hAnsi", font.latin()),
                ("w:eastAsia", font.east_asian()),
                ("w:hint", "eastAsia"),
            ],
        ),
        None => xml.empty("w:rFonts", &[("w:hint", "eastAsia")]),
    }
    // The order of w:rPr's children is fixed by the schema (CT_RPr).
    if run.bold {
        xml.empty("w:b", &[]);
        xml.empty("w:bCs", &[]);
    }
    if run.italic {
        xml.empty("w:i", &[]);
        xml.empty("w:iCs", &[]);
    }
    if run.strike {
        xml.empty("w:strike", &[]);
    }
    if let Some(spacing) = run.spacing {
        xml.val("w:spacing", &spacing.to_string());
    }
    if let Some(size) = run.size {
        let half_points = size.half_points().to_string();
        xml.val("w:sz", &half_points);
        xml.val("w:szCs", &half_points);
    }
    if run.underline {
        xml.val("w:u", "single");
    }
    xml.close("w:rPr");
    for (i, line) in run.text.split('\n').enumerate() {
        if i > 0 {
            xml.empty("w:br", &[]);
        }
        for (j, piece) in line.split('\t').enumerate() {
            if j > 0 {
                xml.empty("w:tab", &[]);
            }
            if !piece.is_empty() {
                xml.leaf("w:t", &[("xml:space", "preserve")], &clean(piece));
            }
        }
    }
    xml.close("w:r");
}

/// Shown text without the characters that print nothing (the same rule as
/// the PDF's, [`crate::escape::prints_nothing`]).
fn clean(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(crate::escape::prints_nothing) {
        text.chars().filter(|&c| !crate::escape::prints_nothing(c)).collect::<String>().into()
    } else {
        text.into()
    }
}
