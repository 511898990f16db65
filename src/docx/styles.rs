//! The form's typography: its sizes in 字号 ([`Size`]), its two fonts
//! ([`Font`]: 宋体 for text, 黑体 for headings) and the fixed set of named
//! styles a renderer picks from ([`Style`]), written as `word/styles.xml`.
//! The document defaults declare Chinese (`w:lang w:eastAsia="zh-CN"`) so
//! that Word applies its Chinese line-breaking and punctuation rules.

use super::xml::Xml;

/// A font size, in half-points as WordprocessingML counts them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Size(u32);

impl Size {
    /// 二号, 22 pt: the title.
    pub const ER_HAO: Size = Size(44);
    /// 三号, 16 pt: the form's part headings.
    pub const SAN_HAO: Size = Size(32);
    /// 四号, 14 pt.
    pub const SI_HAO: Size = Size(28);
    /// 小四, 12 pt: body text.
    pub const XIAO_SI: Size = Size(24);
    /// 五号, 10.5 pt: table text.
    pub const WU_HAO: Size = Size(21);
    /// 小五, 9 pt: notes under tables, footnotes.
    pub const XIAO_WU: Size = Size(18);

    /// A size of `half_points` half-points.
    pub const fn from_half_points(half_points: u32) -> Size {
        Size(half_points)
    }

    /// This size in half-points.
    pub fn half_points(self) -> u32 {
        self.0
    }
}

/// The two fonts of the form, by the names every Chinese Office has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Font {
    /// 宋体 (SimSun): body text and tables.
    Song,
    /// 黑体 (SimHei): titles and headings.
    Hei,
}

impl Font {
    /// The font of the East Asian slot (`w:eastAsia`).
    pub(crate) fn east_asian(self) -> &'static str {
        match self {
            Font::Song => "宋体",
            Font::Hei => "黑体",
        }
    }

    /// The font of Latin letters and digits, as Chinese government
    /// documents set them.
    pub(crate) fn latin(self) -> &'static str {
        "Times New Roman"
    }
}

/// The named paragraph styles of the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// Body text: 宋体 小四, 1.5 lines.
    Normal,
    /// The cover's title: 黑体 二号, centred.
    Title,
    /// A part's heading (一、联盟简况): 黑体 三号, kept with the next.
    Heading1,
    /// A table's caption or a sub-heading: 黑体 四号, kept with the next.
    Heading2,
    /// Text in a table cell: 宋体 五号, single spacing, flush left (justified
    /// text in a narrow cell spreads its characters apart).
    TableText,
    /// A table's header cell: 黑体 五号, centred.
    TableHeader,
    /// The 注 under a table: 宋体 小五.
    Note,
    /// The page footer: 宋体 五号, centred.
    Footer,
    /// A footnote's text: 宋体 小五.
    FootnoteText,
}

impl Style {
    /// Every style, in the order styles.xml lists them.
    const ALL: [Style; 9] = [
        Style::Normal,
        Style::Title,
        Style::Heading1,
        Style::Heading2,
        Style::TableText,
        Style::TableHeader,
        Style::Note,
        Style::Footer,
        Style::FootnoteText,
    ];

    /// The style's id in the XML.
    pub(crate) fn id(self) -> &'static str {
        match self {
            Style::Normal => "Normal",
            Style::Title => "Title",
            Style::Heading1 => "Heading1",
            Style::Heading2 => "Heading2",
            Style::TableText => "TableText",
            Style::TableHeader => "TableHeader",
            Style::Note => "Note",
            Style::Footer => "Footer",
            Style::FootnoteText => "FootnoteText",
        }
    }

    /// The style's name: Word's own names for its built-in styles, so that
    /// Word's heading navigation and table of contents know them.
    fn name(self) -> &'static str {
        match self {
            Style::Normal => "Normal",
            Style::Title => "Title",
            Style::Heading1 => "heading 1",
            Style::Heading2 => "heading 2",
            Style::TableText => "表格文字",
            Style::TableHeader => "表头",
            Style::Note => "表注",
            Style::Footer => "footer",
            Style::FootnoteText => "footnote text",
        }
    }

    /// Font, size, alignment, outline level and line spacing (240ths).
    fn look(self) -> (Font, Size, Option<&'static str>, Option<u8>, u32) {
        match self {
            Style::Normal => (Font::Song, Size::XIAO_SI, Some("both"), None, 360),
            Style::Title => (Font::Hei, Size::ER_HAO, Some("center"), None, 240),
            Style::Heading1 => (Font::Hei, Size::SAN_HAO, None, Some(0), 360),
            Style::Heading2 => (Font::Hei, Size::SI_HAO, None, Some(1), 360),
            Style::TableText => (Font::Song, Size::WU_HAO, Some("left"), None, 240),
            Style::TableHeader => (Font::Hei, Size::WU_HAO, Some("center"), None, 240),
            Style::Note => (Font::Song, Size::XIAO_WU, Some("left"), None, 240),
            Style::Footer => (Font::Song, Size::WU_HAO, Some("center"), None, 240),
            Style::FootnoteText => (Font::Song, Size::XIAO_WU, None, None, 240),
        }
    }
}

/// `word/styles.xml`.
pub(crate) fn styles_xml() -> String {
    let mut xml = Xml::part();
    xml.open("w:styles", &[("xmlns:w", super::part::NS_W)]);
    xml.raw(
        "<w:docDefaults><w:rPrDefault><w:rPr>\
         <w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:eastAsia=\"宋体\" w:cs=\"Times New Roman\"/>\
         <w:kern w:val=\"2\"/><w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/>\
         <w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/>\
         </w:rPr></w:rPrDefault>\
         <w:pPrDefault><w:pPr><w:widowControl w:val=\"0\"/><w:jc w:val=\"both\"/></w:pPr></w:pPrDefault>\
         </w:docDefaults>",
    );
    for style in Style::ALL {
        write_style(&mut xml, style);
    }
    xml.raw(
        "<w:style w:type=\"character\" w:styleId=\"FootnoteReference\">\
         <w:name w:val=\"footnote reference\"/><w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr></w:style>\
         <w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>\
         <w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/>\
         <w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/>\
         </w:tblCellMar></w:tblPr></w:style>",
    );
    xml.close("w:styles");
    xml.finish()
}

fn write_style(xml: &mut Xml, style: Style) {
    let (font, size, align, outline, line) = style.look();
    let mut attrs = vec![("w:type", "paragraph"), ("w:styleId", style.id())];
    if style == Style::Normal {
        attrs.push(("w:default", "1"));
    }
    xml.open("w:style", &attrs);
    xml.val("w:name", style.name());
    if style != Style::Normal {
        xml.val("w:basedOn", "Normal");
    }
    if matches!(style, Style::Heading1 | Style::Heading2 | Style::Title) {
        xml.val("w:next", "Normal");
    }
    xml.empty("w:qFormat", &[]);
    xml.open("w:pPr", &[]);
    if outline.is_some() {
        xml.empty("w:keepNext", &[]);
    }
    let line = line.to_string();
    xml.empty("w:spacing", &[("w:before", "0"), ("w:after", "0"), ("w:line", &line), ("w:lineRule", "auto")]);
    if let Some(align) = align {
        xml.val("w:jc", align);
    }
    if let Some(level) = outline {
        xml.val("w:outlineLvl", &level.to_string());
    }
    xml.close("w:pPr");
    xml.open("w:rPr", &[]);
    xml.empty(
        "w:rFonts",
        &[("w:ascii", font.latin()), ("w:hAnsi", font.latin()), ("w:eastAsia", font.east_asian())],
    );
    let size = size.half_points().to_string();
    xml.val("w:sz", &size);
    xml.val("w:szCs", &size);
    xml.close("w:rPr");
    xml.close("w:style");
}
