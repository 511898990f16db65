//! Reading PDFs in Rust, the way a person reads them: the text of each page
//! with the position of every glyph, page sizes, embedded fonts, images,
//! bookmarks and metadata, and pages rendered to pixels.
//!
//! The parser (`hayro-syntax`) and interpreter (`hayro-interpret`) are the
//! ones typst itself uses to embed PDFs, so the suite needs nothing but Rust.
//! Text comes from each glyph's Unicode as the PDF maps it (`ToUnicode`
//! CMaps, glyph names), in content-stream order, which is what
//! poppler prints with `-raw`; `tools/crosscheck.sh` compares the two on the
//! example and on the fixtures of other producers. As in a reader, a glyph
//! outside the page's crop box is not part of the page's text.
//!
//! This file is also included by `examples/pdf-text.rs`, which prints what
//! it reads for the cross-check.

use std::path::Path;
use std::sync::Arc;

use hayro::hayro_interpret::font::Glyph as PdfGlyph;
use hayro::hayro_interpret::hayro_syntax::content::TypedIter;
use hayro::hayro_interpret::hayro_syntax::content::ops::TypedInstruction;
use hayro::hayro_interpret::hayro_syntax::object::{Dict, Object, Stream, String as PdfString};
use hayro::hayro_interpret::hayro_syntax::page::Resources;
use hayro::hayro_interpret::hayro_syntax::{LoadPdfError, Pdf};
use hayro::hayro_interpret::{
    BlendMode, ClipPath, Context, Device, GlyphDrawMode, Image, InterpreterCache, InterpreterSettings, Paint,
    PathDrawMode, SoftMask, TransformExt, interpret_page,
};
use kurbo::{Affine, BezPath, PathEl, Point, Rect};

/// A PDF as read: its pages, and the file's bytes for the rest.
pub struct Document {
    data: Arc<Vec<u8>>,
    /// Every page, in order.
    pub pages: Vec<Page>,
}

/// One page: its size as shown (rotation applied) and its text.
pub struct Page {
    /// Width and height in points, as a reader shows the page.
    pub width: f64,
    pub height: f64,
    /// The glyphs on the page, in content-stream order.
    pub glyphs: Vec<Glyph>,
    /// The straight horizontal and vertical lines drawn on the page: the
    /// rules of tables.
    pub rules: Vec<Rule>,
}

/// A horizontal or vertical line, from (x0, y0) to (x1, y1) with x0 <= x1
/// and y0 <= y1, in points from the page's top-left corner.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rule {
    /// Whether the rule is vertical.
    pub fn is_vertical(&self) -> bool {
        self.x1 - self.x0 < 0.5
    }
}

/// A glyph as placed on the page.
#[derive(Debug, Clone)]
pub struct Glyph {
    /// The text the glyph stands for (usually one character).
    pub text: String,
    /// The origin on the baseline, in points from the page's top-left corner.
    pub x: f64,
    pub y: f64,
    /// The font size in points.
    pub size: f64,
}

/// A font as the PDF declares it.
#[derive(Debug, Clone)]
pub struct Font {
    /// `BaseFont`, without the subset tag (`ABCDEF+`).
    pub name: String,
    /// `Type0`, `TrueType`, `Type1`, `Type3`, …
    pub subtype: String,
    /// The font program is in the file.
    pub embedded: bool,
    /// The font maps its codes to Unicode (`ToUnicode`).
    pub to_unicode: bool,
}

/// An image as the PDF stores it.
#[derive(Debug, Clone)]
pub struct ImageInfo {
    /// The last filter of the stream: `DCTDecode` for a JPEG kept as it was.
    pub filter: Option<String>,
    pub width: u32,
    pub height: u32,
}

/// A page rendered to pixels (RGBA, 8 bits, on white).
pub struct Pixels {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
}

impl Pixels {
    /// The colour at `(x, y)`, from the top-left corner.
    pub fn at(&self, x: u32, y: u32) -> [u8; 3] {
        let i = ((y * self.width + x) * 4) as usize;
        [self.rgba[i], self.rgba[i + 1], self.rgba[i + 2]]
    }
}

/// Reads the PDF at `path`; panics when it cannot be read.
pub fn read(path: &Path) -> Document {
    let data = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse(data).unwrap_or_else(|e| panic!("{}: not a readable PDF ({e:?})", path.display()))
}

/// Reads a PDF from its bytes.
pub fn parse(data: Vec<u8>) -> Result<Document, LoadPdfError> {
    let data = Arc::new(data);
    let pdf = Pdf::new(data.clone())?;
    let cache = InterpreterCache::new();
    let pages = pdf
        .pages()
        .iter()
        .map(|page| {
            let (width, height) = page.render_dimensions();
            let mut context = Context::new(
                page.initial_transform(true).to_kurbo(),
                Rect::new(0.0, 0.0, f64::from(width), f64::from(height)),
                &cache,
                page.xref(),
                settings(),
            );
            let mut marks = Vec::new();
            marked_content(page.typed_operations(), page.resources(), &mut marks, 0);
            for annotation in printed_annotations(page) {
                marked_content(TypedIter::new(&annotation.0), &annotation.1, &mut marks, 0);
            }
            let mut reader = TextReader {
                glyphs: Vec::new(),
                rules: Vec::new(),
                marks: marks.into_iter(),
                synced: true,
                open: Vec::new(),
            };
            interpret_page(page, &mut context, &mut reader);
            let (width, height) = (f64::from(width), f64::from(height));
            let on_page = |g: &Glyph| {
                let margin = g.size.max(1.0);
                (-margin..=width).contains(&g.x) && (0.0..=height + margin).contains(&g.y)
            };
            Page {
                width,
                height,
                glyphs: reader.glyphs.into_iter().filter(on_page).collect(),
                rules: reader.rules,
            }
        })
        .collect();
    Ok(Document { data, pages })
}

impl Page {
    /// The page's text: glyphs in order, a space where a gap separates two
    /// glyphs on one line, a line break where the baseline moves.
    pub fn text(&self) -> String {
        let mut text = String::new();
        let mut last: Option<&Glyph> = None;
        for glyph in &self.glyphs {
            if let Some(prev) = last {
                if (glyph.y - prev.y).abs() > prev.size * 0.5 {
                    text.push('\n');
                } else if glyph.x - prev.x > prev.size * 1.3 * prev.text.chars().count() as f64 {
                    text.push(' ');
                }
            }
            text.push_str(&glyph.text);
            last = Some(glyph);
        }
        text
    }

    /// The page's text with all whitespace removed.
    pub fn squeezed(&self) -> String {
        self.glyphs.iter().flat_map(|g| g.text.chars()).filter(|c| !c.is_whitespace()).collect()
    }

    /// The page's lines, top to bottom: glyphs grouped by baseline (within a
    /// fifth of their size), each line left to right.
    pub fn lines(&self) -> Vec<Vec<&Glyph>> {
        let mut glyphs: Vec<&Glyph> = self.glyphs.iter().collect();
        glyphs.sort_by(|a, b| a.y.total_cmp(&b.y));
        let mut lines: Vec<Vec<&Glyph>> = Vec::new();
        for glyph in glyphs {
            match lines.last_mut() {
                Some(line) if (line[0].y - glyph.y).abs() <= line[0].size * 0.2 => line.push(glyph),
                _ => lines.push(vec![glyph]),
            }
        }
        for line in &mut lines {
            line.sort_by(|a, b| a.x.total_cmp(&b.x));
        }
        lines
    }

    /// Whether the page is wider than it is high.
    pub fn is_landscape(&self) -> bool {
        self.width > self.height
    }
}

impl Document {
    /// The text of every page, each ended by a form feed, as poppler
    /// prints it.
    pub fn text(&self) -> String {
        self.pages.iter().map(|p| p.text() + "\u{c}").collect()
    }

    /// The whole text with all whitespace removed, so that words broken
    /// across lines or cells still match.
    pub fn squeezed(&self) -> String {
        self.pages.iter().map(Page::squeezed).collect()
    }

    fn pdf(&self) -> Pdf {
        Pdf::new(self.data.clone()).expect("parsed before")
    }

    /// Every font of the pages, of the forms they draw and of their
    /// annotations' appearances, once each.
    pub fn fonts(&self) -> Vec<Font> {
        let pdf = self.pdf();
        let mut found = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut forms = Vec::new();
        for page in pdf.pages().iter() {
            collect_fonts(&page.resources().fonts, &mut seen, &mut found);
            forms.extend(streams(&page.resources().x_objects));
        }
        while let Some(form) = forms.pop() {
            if !seen.insert(form.obj_id()) {
                continue;
            }
            if let Some(resources) = form.dict().get::<Dict>(b"Resources".as_slice()) {
                if let Some(fonts) = resources.get::<Dict>(b"Font".as_slice()) {
                    collect_fonts(&fonts, &mut seen, &mut found);
                }
                if let Some(x) = resources.get::<Dict>(b"XObject".as_slice()) {
                    forms.extend(streams(&x));
                }
            }
        }
        found
    }

    /// Every image stream in the file.
    pub fn images(&self) -> Vec<ImageInfo> {
        let pdf = self.pdf();
        pdf.objects()
            .into_iter()
            .filter_map(|o| o.into_stream())
            .filter(|s| name(s.dict(), b"Subtype").as_deref() == Some("Image"))
            .map(|s| ImageInfo {
                filter: match s.dict().get::<Object>(b"Filter".as_slice()) {
                    Some(Object::Name(n)) => Some(n.as_str().to_owned()),
                    Some(Object::Array(a)) => a.iter::<Object>().last().and_then(|o| match o {
                        Object::Name(n) => Some(n.as_str().to_owned()),
                        _ => None,
                    }),
                    _ => None,
                },
                width: s.dict().get::<u32>(b"Width".as_slice()).unwrap_or(0),
                height: s.dict().get::<u32>(b"Height".as_slice()).unwrap_or(0),
            })
            .collect()
    }

    /// The bookmarks, depth first, with their depth (0 at the top).
    pub fn outline(&self) -> Vec<(usize, String)> {
        fn walk(node: Option<Dict>, depth: usize, found: &mut Vec<(usize, String)>) {
            let mut node = node;
            let mut guard = 0;
            while let Some(entry) = node {
                guard += 1;
                assert!(guard < 100_000, "a bookmark list that loops");
                let title = match entry.get::<Object>(b"Title".as_slice()) {
                    Some(Object::String(s)) => text_string(s.as_bytes()),
                    _ => String::new(),
                };
                found.push((depth, title));
                walk(entry.get(b"First".as_slice()), depth + 1, found);
                node = entry.get(b"Next".as_slice());
            }
        }
        let pdf = self.pdf();
        let mut found = Vec::new();
        let root: Option<Dict> = pdf.xref().get(pdf.xref().root_id());
        if let Some(outlines) = root.and_then(|r| r.get::<Dict>(b"Outlines".as_slice())) {
            walk(outlines.get(b"First".as_slice()), 0, &mut found);
        }
        found
    }

    /// The document's title (`/Title` of the information dictionary).
    pub fn title(&self) -> Option<String> {
        self.pdf().metadata().title.as_deref().map(text_string)
    }

    /// The creation date as ISO 8601 (`2025-01-01T00:00:00+00:00`).
    pub fn creation_date(&self) -> Option<String> {
        self.pdf().metadata().creation_date.map(|d| {
            format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{:+03}:{:02}",
                d.year, d.month, d.day, d.hour, d.minute, d.second, d.utc_offset_hour, d.utc_offset_minute
            )
        })
    }

    /// Renders page `index` (0-based) at `dpi` on white.
    pub fn render(&self, index: usize, dpi: f32) -> Pixels {
        let pdf = self.pdf();
        let page = &pdf.pages()[index];
        let scale = dpi / 72.0;
        let render = hayro::RenderSettings {
            x_scale: scale,
            y_scale: scale,
            bg_color: hayro::vello_cpu::color::palette::css::WHITE,
            ..Default::default()
        };
        let cache = hayro::RenderCache::new();
        let pixmap = hayro::render(page, &cache, &settings(), &render);
        Pixels {
            width: u32::from(pixmap.width()),
            height: u32::from(pixmap.height()),
            rgba: pixmap.data_as_u8_slice().to_vec(),
        }
    }
}

/// The interpreter's settings: the 14 standard fonts, which producers such
/// as Ghostscript and reportlab do not embed, drawn with the stand-ins
/// typst's renderer uses, so that their text is read and drawn too.
fn settings() -> InterpreterSettings {
    use hayro::hayro_interpret::font::{FontQuery, StandardFont};
    fn data(font: StandardFont) -> &'static [u8] {
        use typst_assets::pdf::*;
        match font {
            StandardFont::Helvetica => SANS,
            StandardFont::HelveticaBold => SANS_BOLD,
            StandardFont::HelveticaOblique => SANS_ITALIC,
            StandardFont::HelveticaBoldOblique => SANS_BOLD_ITALIC,
            StandardFont::Courier => FIXED,
            StandardFont::CourierBold => FIXED_BOLD,
            StandardFont::CourierOblique => FIXED_ITALIC,
            StandardFont::CourierBoldOblique => FIXED_BOLD_ITALIC,
            StandardFont::TimesRoman => SERIF,
            StandardFont::TimesBold => SERIF_BOLD,
            StandardFont::TimesItalic => SERIF_ITALIC,
            StandardFont::TimesBoldItalic => SERIF_BOLD_ITALIC,
            StandardFont::ZapfDingBats => DING_BATS,
            StandardFont::Symbol => SYMBOL,
        }
    }
    InterpreterSettings {
        font_resolver: Arc::new(|query| {
            let font = match query {
                FontQuery::Standard(s) => *s,
                FontQuery::Fallback(f) => f.pick_standard_font(),
            };
            Some((Arc::new(data(font)), 0))
        }),
        ..InterpreterSettings::default()
    }
}

fn collect_fonts(
    fonts: &Dict,
    seen: &mut std::collections::HashSet<hayro::hayro_interpret::hayro_syntax::object::ObjectIdentifier>,
    found: &mut Vec<Font>,
) {
    for key in fonts.keys() {
        let Some(font) = fonts.get::<Dict>(key.as_ref()) else { continue };
        if let Some(id) = font.obj_id()
            && !seen.insert(id)
        {
            continue;
        }
        let subtype = name(&font, b"Subtype").unwrap_or_default();
        let base = name(&font, b"BaseFont").unwrap_or_default();
        let base = match base.split_once('+') {
            Some((tag, rest)) if tag.len() == 6 => rest.to_owned(),
            _ => base,
        };
        let descriptor = if subtype == "Type0" {
            font.get::<hayro::hayro_interpret::hayro_syntax::object::Array>(b"DescendantFonts".as_slice())
                .and_then(|a| a.iter::<Dict>().next())
                .and_then(|d| d.get::<Dict>(b"FontDescriptor".as_slice()))
        } else {
            font.get::<Dict>(b"FontDescriptor".as_slice())
        };
        let embedded = subtype == "Type3"
            || descriptor.is_some_and(|d| {
                [b"FontFile".as_slice(), b"FontFile2", b"FontFile3"].iter().any(|k| d.contains_key(k))
            });
        found.push(Font {
            name: base,
            subtype,
            embedded,
            to_unicode: font.contains_key(b"ToUnicode".as_slice()),
        });
    }
}

fn name(dict: &Dict, key: &[u8]) -> Option<String> {
    match dict.get::<Object>(key) {
        Some(Object::Name(n)) => Some(n.as_str().to_owned()),
        _ => None,
    }
}

/// A PDF text string: UTF-16BE with a byte order mark, UTF-8 with one
/// (PDF 2.0), or PDFDocEncoding (read as Latin-1, which it is for the text
/// we write).
pub fn text_string(bytes: &[u8]) -> String {
    if let Some(utf16) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> =
            utf16.chunks(2).map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])).collect();
        String::from_utf16_lossy(&units)
    } else if let Some(utf8) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8_lossy(utf8).into_owned()
    } else {
        bytes.iter().map(|&b| char::from(b)).collect()
    }
}

/// A marked-content sequence as the content streams hold it, in the order
/// the interpreter meets them: its tag, its MCID and its `/ActualText`.
struct Mark {
    tag: Vec<u8>,
    mcid: Option<i32>,
    actual_text: Option<String>,
}

/// The marked-content sequences of a content stream and of the forms it
/// draws, in drawing order. `hayro-interpret` reports each sequence to the
/// device by tag and MCID only; this gives the device their `/ActualText`,
/// which replaces the text of the glyphs inside (PDF 32000 §14.9.4): typst
/// writes it where one glyph stands for other text than its `ToUnicode`
/// entry (a base letter and a combining mark drawn as one, say).
fn marked_content<'a>(mut ops: TypedIter<'_>, resources: &Resources<'a>, marks: &mut Vec<Mark>, depth: u32) {
    if depth > 50 {
        return;
    }
    while let Some(op) = ops.next() {
        match op {
            TypedInstruction::BeginMarkedContent(bmc) => {
                marks.push(Mark { tag: bmc.0.as_ref().to_vec(), mcid: None, actual_text: None });
            }
            TypedInstruction::BeginMarkedContentWithProperties(bdc) => {
                let properties = match bdc.1 {
                    Object::Dict(d) => Some(d.clone()),
                    Object::Name(n) => resources.properties.get::<Dict>(n.as_ref()),
                    _ => None,
                };
                let mcid = properties.as_ref().and_then(|p| p.get::<i32>(b"MCID".as_slice()));
                let actual_text = properties
                    .and_then(|p| p.get::<PdfString>(b"ActualText".as_slice()))
                    .map(|t| text_string(t.as_bytes()));
                marks.push(Mark { tag: bdc.0.as_ref().to_vec(), mcid, actual_text });
            }
            TypedInstruction::XObject(x) => {
                let Some(form) = resources.get_x_object(x.0) else { continue };
                if name(form.dict(), b"Subtype").as_deref() != Some("Form") {
                    continue;
                }
                let Ok(data) = form.decoded() else { continue };
                let own = form.dict().get::<Dict>(b"Resources".as_slice()).unwrap_or_default();
                let inner = Resources::from_parent(own, resources.clone());
                marked_content(TypedIter::new(&data), &inner, marks, depth + 1);
            }
            _ => {}
        }
    }
}

/// A link annotation of a page.
#[derive(Debug, Clone)]
pub struct Link {
    /// Its rectangle (x0, y0, x1, y1), in points from the page's top-left
    /// corner.
    pub rect: [f64; 4],
    /// The page it leads to (0-based) and the height there, in points from
    /// the top, when it leads into the document.
    pub to: Option<(usize, f64)>,
    /// `/Border` as written: `None` when absent (a reader then draws a
    /// border 1 pt wide).
    pub border: Option<Vec<f64>>,
    /// `/C`: the colour of the border, when it has one.
    pub colour: Option<Vec<f64>>,
    /// `/H`, how a reader highlights it when clicked, when written.
    pub highlight: Option<String>,
    /// Whether it has an appearance stream of its own (`/AP`).
    pub drawn: bool,
}

impl Page {
    /// The glyphs whose origin lies within `rect`, a rectangle as
    /// [`Link::rect`] gives it, in order (a glyph that starts where the
    /// rectangle ends is the next one's).
    pub fn text_in(&self, rect: [f64; 4]) -> String {
        let [x0, y0, x1, y1] = rect;
        self.glyphs
            .iter()
            .filter(|g| (x0 - 0.5..x1 - 0.5).contains(&g.x) && (y0 - 0.5..=y1 + 0.5).contains(&g.y))
            .map(|g| g.text.as_str())
            .collect()
    }
}

impl Document {
    /// The link annotations of each page, in the order the page lists them,
    /// each resolved to the page it leads to: a destination written in the
    /// link (`/Dest`, or `/A` with `/S /GoTo`), an explicit one (`[page
    /// /XYZ left top zoom]`) or a named one, looked up in the catalogue's
    /// `/Names /Dests` tree or its `/Dests`.
    pub fn links(&self) -> Vec<Vec<Link>> {
        use hayro::hayro_interpret::hayro_syntax::object::{Array, MaybeRef};
        let pdf = self.pdf();
        let pages = pdf.pages();
        let ids: Vec<_> = pages.iter().map(|p| p.raw().obj_id()).collect();
        let root: Option<Dict> = pdf.xref().get(pdf.xref().root_id());
        let root = root.expect("a catalogue");
        let mut named: std::collections::HashMap<Vec<u8>, Object> = std::collections::HashMap::new();
        fn walk<'a>(node: Dict<'a>, found: &mut std::collections::HashMap<Vec<u8>, Object<'a>>, depth: u32) {
            assert!(depth < 64, "a name tree that loops");
            if let Some(names) = node.get::<Array>(b"Names".as_slice()) {
                let mut items = names.flex_iter();
                while let (Some(name), Some(dest)) = (items.next::<PdfString>(), items.next::<Object>()) {
                    found.insert(name.as_bytes().to_vec(), dest);
                }
            }
            for kid in node.get::<Array>(b"Kids".as_slice()).iter().flat_map(|k| k.iter::<Dict>()) {
                walk(kid, found, depth + 1);
            }
        }
        if let Some(tree) =
            root.get::<Dict>(b"Names".as_slice()).and_then(|n| n.get::<Dict>(b"Dests".as_slice()))
        {
            walk(tree, &mut named, 0);
        }
        if let Some(dests) = root.get::<Dict>(b"Dests".as_slice()) {
            for (key, _) in dests.entries() {
                if let Some(dest) = dests.get::<Object>(key.as_ref()) {
                    named.insert(key.as_ref().to_vec(), dest);
                }
            }
        }
        // An explicit destination: its page and the top it shows.
        let explicit = |dest: Object| -> Option<(usize, f64)> {
            let dest = match dest {
                Object::Dict(d) => d.get::<Array>(b"D".as_slice())?,
                Object::Array(a) => a,
                _ => return None,
            };
            // The page by its reference, unresolved: a page that fails to
            // read as a dictionary still is the page.
            let items: Vec<MaybeRef<Object>> = dest.raw_iter().collect();
            let MaybeRef::Ref(page) = items.first()? else { return None };
            let index = ids.iter().position(|id| *id == Some((*page).into()))?;
            let height = f64::from(pages[index].render_dimensions().1);
            let top = match items.get(3) {
                Some(MaybeRef::NotRef(Object::Number(n))) => n.as_f64(),
                _ => height,
            };
            Some((index, height - top))
        };
        let resolve = |dest: Object| -> Option<(usize, f64)> {
            match dest {
                Object::String(name) => explicit(named.get(name.as_bytes())?.clone()),
                Object::Name(name) => explicit(named.get(name.as_ref())?.clone()),
                other => explicit(other),
            }
        };
        let numbers = |a: Option<Array>| a.map(|a| a.iter::<f64>().collect::<Vec<_>>());
        pages
            .iter()
            .zip(&self.pages)
            .map(|(page, read)| {
                let Some(annotations) = page.raw().get::<Array>(b"Annots".as_slice()) else {
                    return Vec::new();
                };
                annotations
                    .iter::<Dict>()
                    .filter(|a| {
                        a.get::<hayro::hayro_interpret::hayro_syntax::object::Name>(b"Subtype".as_slice())
                            .is_some_and(|n| n.as_ref() == b"Link")
                    })
                    .map(|a| {
                        let r: Vec<f64> = numbers(a.get::<Array>(b"Rect".as_slice())).unwrap_or_default();
                        let (x0, x1) = (r[0].min(r[2]), r[0].max(r[2]));
                        let (y0, y1) = (read.height - r[1].max(r[3]), read.height - r[1].min(r[3]));
                        let dest = a.get::<Object>(b"Dest".as_slice()).or_else(|| {
                            let action = a.get::<Dict>(b"A".as_slice())?;
                            action.get::<Object>(b"D".as_slice())
                        });
                        Link {
                            rect: [x0, y0, x1, y1],
                            to: dest.and_then(&resolve),
                            border: numbers(a.get::<Array>(b"Border".as_slice())),
                            colour: numbers(a.get::<Array>(b"C".as_slice())),
                            highlight: a
                                .get::<hayro::hayro_interpret::hayro_syntax::object::Name>(b"H".as_slice())
                                .map(|n| String::from_utf8_lossy(n.as_ref()).into_owned()),
                            drawn: a.contains_key(b"AP".as_slice()),
                        }
                    })
                    .collect()
            })
            .collect()
    }
}

/// The decoded normal appearances of the annotations the interpreter draws
/// (those not hidden), with their resources.
fn printed_annotations<'a>(
    page: &hayro::hayro_interpret::hayro_syntax::page::Page<'a>,
) -> Vec<(Vec<u8>, Resources<'a>)> {
    let Some(annotations) =
        page.raw().get::<hayro::hayro_interpret::hayro_syntax::object::Array>(b"Annots".as_slice())
    else {
        return Vec::new();
    };
    annotations
        .iter::<Dict>()
        .filter(|a| a.get::<u32>(b"F".as_slice()).unwrap_or(0) & 2 == 0 && a.contains_key(b"Rect".as_slice()))
        .filter_map(|a| a.get::<Dict>(b"AP".as_slice())?.get::<Stream>(b"N".as_slice()))
        .filter_map(|form| {
            let data = form.decoded().ok()?.to_vec();
            let own = form.dict().get::<Dict>(b"Resources".as_slice()).unwrap_or_default();
            Some((data, Resources::from_parent(own, page.resources().clone())))
        })
        .collect()
}

/// A device that keeps the glyphs and ignores everything else.
struct TextReader {
    glyphs: Vec<Glyph>,
    rules: Vec<Rule>,
    /// What [`marked_content`] found, to be met in this order.
    marks: std::vec::IntoIter<Mark>,
    /// Whether the sequences met so far were the ones expected; if not,
    /// `/ActualText` is no longer applied on this page.
    synced: bool,
    /// The open sequences: for one with `/ActualText`, its text and the
    /// first glyph drawn inside it.
    open: Vec<Option<(String, Option<Glyph>)>>,
}

impl<'a> Device<'a> for TextReader {
    fn draw_glyph(
        &mut self,
        glyph: &PdfGlyph<'a>,
        transform: Affine,
        glyph_transform: Affine,
        _: &Paint<'a>,
        _: &GlyphDrawMode,
    ) {
        // Glyph space has 1000 units to the em.
        let full = transform * glyph_transform;
        let origin = full * Point::ORIGIN;
        let size = (full * Point::new(1000.0, 0.0) - origin).hypot();
        let text = match glyph.as_unicode() {
            Some(hayro::hayro_interpret::hayro_cmap::BfString::Char(c)) => c.to_string(),
            Some(hayro::hayro_interpret::hayro_cmap::BfString::String(s)) => s,
            None => String::new(),
        };
        let glyph = Glyph { text, x: origin.x, y: origin.y, size };
        // Inside a sequence with /ActualText, its text stands for the glyphs.
        if let Some(Some((_, first))) = self.open.iter_mut().rev().find(|m| m.is_some()) {
            first.get_or_insert(glyph);
            return;
        }
        // Fill-and-stroke text (synthetic bold) draws each glyph twice, and
        // so do producers that fake bold by overprinting: one character.
        if let Some(last) = self.glyphs.last()
            && last.text == glyph.text
            && (last.x - glyph.x).abs() < size * 0.1
            && (last.y - glyph.y).abs() < size * 0.1
        {
            return;
        }
        self.glyphs.push(glyph);
    }

    fn begin_marked_content(&mut self, tag: &[u8], mcid: Option<i32>) {
        let expected = self.marks.next();
        self.synced &= expected.as_ref().is_some_and(|m| m.tag == tag && m.mcid == mcid);
        let actual = expected.and_then(|m| m.actual_text).filter(|_| self.synced);
        self.open.push(actual.map(|text| (text, None)));
    }

    fn end_marked_content(&mut self) {
        if let Some(Some((text, Some(first)))) = self.open.pop() {
            self.glyphs.push(Glyph { text, ..first });
        }
    }

    fn set_soft_mask(&mut self, _: Option<SoftMask<'a>>) {}
    fn set_blend_mode(&mut self, _: BlendMode) {}
    fn draw_path(&mut self, path: &BezPath, transform: Affine, _: &Paint<'a>, _: &PathDrawMode) {
        let mut at = None;
        for element in path.elements() {
            at = match *element {
                PathEl::MoveTo(p) => Some(transform * p),
                PathEl::LineTo(p) => {
                    let p = transform * p;
                    if let Some(a) = at
                        && ((a.x - p.x).abs() < 0.5 || (a.y - p.y).abs() < 0.5)
                    {
                        let (x0, x1) = (a.x.min(p.x), a.x.max(p.x));
                        let (y0, y1) = (a.y.min(p.y), a.y.max(p.y));
                        self.rules.push(Rule { x0, y0, x1, y1 });
                    }
                    Some(p)
                }
                _ => None,
            };
        }
    }
    fn push_clip_path(&mut self, _: &ClipPath) {}
    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}
    fn draw_image(&mut self, _: Image<'a, '_>, _: Affine) {}
    fn pop_clip_path(&mut self) {}
    fn pop_transparency_group(&mut self) {}
}

/// The streams of a dictionary of XObjects.
fn streams<'a>(dict: &Dict<'a>) -> Vec<Stream<'a>> {
    dict.keys().filter_map(|k| dict.get::<Stream>(k.as_ref())).collect()
}
