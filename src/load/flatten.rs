//! Draws into a PDF's pages what a reader prints of its annotations (an
//! electronic seal (a /Stamp), the widgets of filled form fields, free
//! text, ink) and leaves out of them what its layers hide. typst embeds a
//! page's content only, and all of it: a seal stored as an annotation would
//! vanish from the report, a layer turned off would print.
//!
//! A reader prints an annotation whose Print flag is set and whose Hidden
//! flag is not, by painting its normal appearance stream (a form XObject)
//! in the annotation's rectangle (PDF 32000-1 §12.5.5). We do the same when
//! writing a new PDF: each page of the file becomes a form XObject, as
//! hayro-write (the copier typst itself embeds PDF pages with) makes it,
//! painted on a page of the size it is shown at, followed by each printable
//! appearance, copied with everything it uses. Content, forms and
//! annotations that the default configuration of optional content hides
//! are left out on the way (layers.rs). Only files that have something to
//! print or to hide are rewritten; hayro reads the file, with the repairs
//! it makes for a reader (a broken cross-reference table); copy.rs copies.

use hayro_syntax::Pdf;
use hayro_syntax::object::dict::keys::{
    ACRO_FORM, ANNOTS, AP, AS, BBOX, F, FT, MATRIX, N, NEED_APPEARANCES, OC, PARENT, RECT, SUBTYPE, V,
};
use hayro_syntax::object::{Array, Dict, Name, Object, Rect, Stream};
use hayro_syntax::page::Page;
use pdf_writer::{Chunk, Content, Finish, Ref};

use super::content::instructions;
use super::copy::Copier;
use super::layers::Layers;
use crate::model::Annotations;

/// Annotation flags (PDF 32000-1 §12.5.3).
const HIDDEN: i64 = 1 << 1;
const PRINT: i64 = 1 << 2;

/// Annotations of one page looked at; a page with more is no document.
const MAX_ANNOTATIONS: usize = 10_000;
/// Levels of a field's /Parent chain walked up for its value.
const MAX_FIELD_DEPTH: usize = 32;

/// An appearance to paint: the form XObject and the matrix that places it
/// in the page's default user space.
struct Mark<'a> {
    form: Stream<'a>,
    matrix: [f64; 6],
}

/// The annotations of `pdf`, and the file rewritten with every printable
/// appearance drawn into its pages and every hidden layer left out, when
/// there is any.
pub fn flatten(pdf: &Pdf) -> (Annotations, Option<Vec<u8>>) {
    let pages = pdf.pages();
    let layers = Layers::read(pdf);
    let mut found =
        Annotations { unresolved_layers: usize::from(layers.unreadable), ..Annotations::default() };
    let regenerated = needs_appearances(pdf);
    let marks: Vec<Vec<Mark<'_>>> =
        pages.iter().map(|page| printable(page, &layers, regenerated, &mut found)).collect();
    if found.drawn == 0 && !layers.hide_any() {
        return (found, None);
    }
    match write(pdf, pages, &marks, &layers) {
        Some((bytes, unresolved)) => {
            found.unresolved_layers += unresolved;
            (found, Some(bytes))
        }
        // Nothing could be copied: the file prints as it did.
        None => {
            let unresolved_layers = found.unresolved_layers + usize::from(layers.hide_any());
            let without_appearance = found.without_appearance + found.drawn;
            (Annotations { drawn: 0, without_appearance, unresolved_layers }, None)
        }
    }
}

/// Whether the file's form asks the reader to make its fields'
/// appearances from their values (PDF 32000-1 §12.7.2).
fn needs_appearances(pdf: &Pdf) -> bool {
    let catalog = pdf.xref().get::<Dict<'_>>(pdf.xref().root_id());
    let form = catalog.and_then(|c| c.get::<Dict<'_>>(ACRO_FORM));
    form.and_then(|f| f.get::<bool>(NEED_APPEARANCES)).unwrap_or(false)
}

/// The appearances a reader prints on `page`; counts in `found` the
/// printable annotations with something to show but no appearance of their
/// own, and those whose layer names no group.
fn printable<'a>(
    page: &Page<'a>,
    layers: &Layers<'_>,
    regenerated: bool,
    found: &mut Annotations,
) -> Vec<Mark<'a>> {
    let mut marks = Vec::new();
    let Some(annots) = page.raw().get::<Array<'a>>(ANNOTS) else { return marks };
    for annot in annots.iter::<Dict<'a>>().take(MAX_ANNOTATIONS) {
        let flags = annot.get::<i64>(F).unwrap_or(0);
        if flags & PRINT == 0 || flags & HIDDEN != 0 {
            continue;
        }
        if let Some(layer) = annot.get_raw::<Object<'_>>(OC) {
            match layers.shows(&layer) {
                Some(false) => continue,
                Some(true) => {}
                None => found.unresolved_layers += 1,
            }
        }
        let subtype = annot.get::<Name<'_>>(SUBTYPE);
        let subtype = subtype.as_ref().map_or(&b""[..], |s| s.as_ref());
        let form = appearance(&annot);
        // A reader told to make the appearances of text and choice fields
        // draws their values itself; a stored appearance that shows no text
        // is not what it prints.
        if regenerated
            && subtype == b"Widget"
            && matches!(field_type(&annot).as_deref(), Some(b"Tx" | b"Ch"))
            && has_value(&annot)
            && form.as_ref().is_none_or(|form| !shows_text(form))
        {
            found.without_appearance += 1;
            continue;
        }
        match form.and_then(|form| Some(Mark { matrix: placement(&annot, &form)?, form })) {
            Some(mark) => marks.push(mark),
            // A link or a pop-up shows nothing of its own; a field shows
            // its value, when it has one.
            None if subtype == b"Link" || subtype == b"Popup" => {}
            None if subtype == b"Widget" && !has_value(&annot) => {}
            None if annot.contains_key(AP) => {}
            None => found.without_appearance += 1,
        }
    }
    found.drawn += marks.len();
    marks
}

/// Whether an appearance draws text, or anything it names.
fn shows_text(form: &Stream<'_>) -> bool {
    let Ok(content) = form.decoded() else { return true };
    instructions(&content).iter().any(|i| matches!(i.operator, b"Tj" | b"TJ" | b"'" | b"\"" | b"Do"))
}

/// The normal appearance: the stream itself, or the state /AS selects
/// (a checkbox's /Yes or /Off).
fn appearance<'a>(annot: &Dict<'a>) -> Option<Stream<'a>> {
    let ap = annot.get::<Dict<'a>>(AP)?;
    if let Some(stream) = ap.get::<Stream<'a>>(N) {
        return Some(stream);
    }
    let states = ap.get::<Dict<'a>>(N)?;
    // Without /AS, a check box shows the state its field's value names,
    // as readers draw it.
    let state = match annot.get::<Name<'_>>(AS) {
        Some(state) => state.as_ref().to_vec(),
        None => match inherited(annot, V)? {
            Object::Name(value) => value.as_ref().to_vec(),
            _ => return None,
        },
    };
    states.get::<Stream<'a>>(&state)
}

/// A field's entry `key`, on the widget or up its /Parent chain.
fn inherited<'a>(widget: &Dict<'a>, key: &[u8]) -> Option<Object<'a>> {
    let mut node = Some(widget.clone());
    for _ in 0..MAX_FIELD_DEPTH {
        let field = node?;
        if let Some(value) = field.get::<Object<'a>>(key) {
            return Some(value);
        }
        node = field.get::<Dict<'a>>(PARENT);
    }
    None
}

/// A field's type: /Tx, /Ch, /Btn or /Sig.
fn field_type(widget: &Dict<'_>) -> Option<Vec<u8>> {
    match inherited(widget, FT)? {
        Object::Name(kind) => Some(kind.as_ref().to_vec()),
        _ => None,
    }
}

/// The matrix that maps the appearance's transformed bounding box onto the
/// annotation's rectangle (PDF 32000-1 §12.5.5, algorithm 8.1); the form's
/// own /Matrix is applied by painting it.
fn placement(annot: &Dict<'_>, form: &Stream<'_>) -> Option<[f64; 6]> {
    let rect = normal(annot.get::<Rect>(RECT)?);
    let bbox = normal(form.dict().get::<Rect>(BBOX)?);
    let matrix = form.dict().get::<[f64; 6]>(MATRIX).unwrap_or([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
    let corners = [(bbox.x0, bbox.y0), (bbox.x1, bbox.y0), (bbox.x0, bbox.y1), (bbox.x1, bbox.y1)]
        .map(|(x, y)| apply(&matrix, x, y));
    let (min_x, max_x) = span(corners.iter().map(|c| c.0));
    let (min_y, max_y) = span(corners.iter().map(|c| c.1));
    let (width, height) = (max_x - min_x, max_y - min_y);
    if !(width > 1e-9 && height > 1e-9 && rect.width() > 0.0 && rect.height() > 0.0) {
        return None;
    }
    let (sx, sy) = (rect.width() / width, rect.height() / height);
    let placed = [sx, 0.0, 0.0, sy, rect.x0 - min_x * sx, rect.y0 - min_y * sy];
    placed.iter().all(|v| v.is_finite()).then_some(placed)
}

fn normal(r: Rect) -> Rect {
    Rect::new(r.x0.min(r.x1), r.y0.min(r.y1), r.x0.max(r.x1), r.y0.max(r.y1))
}

fn span(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)))
}

fn apply(m: &[f64; 6], x: f64, y: f64) -> (f64, f64) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// `first`, then `then`: the matrix of their composition, as `cm` takes it.
fn compose(first: &[f64; 6], then: &[f64; 6]) -> [f64; 6] {
    let (a, t) = (first, then);
    [
        t[0] * a[0] + t[2] * a[1],
        t[1] * a[0] + t[3] * a[1],
        t[0] * a[2] + t[2] * a[3],
        t[1] * a[2] + t[3] * a[3],
        t[0] * a[4] + t[2] * a[5] + t[4],
        t[1] * a[4] + t[3] * a[5] + t[5],
    ]
}

/// A form field's value, on the widget or up its /Parent chain: something a
/// reader would show in it.
fn has_value(widget: &Dict<'_>) -> bool {
    match inherited(widget, V) {
        Some(Object::String(s)) => shows_something(s.as_bytes()),
        Some(Object::Name(n)) => n.as_ref() != b"Off",
        Some(Object::Array(a)) => a.raw_iter().next().is_some(),
        Some(Object::Null(_)) | None => false,
        Some(_) => true,
    }
}

/// Whether a text string (PDF 32000-1 §7.9.2.2: UTF-16 or UTF-8 after
/// their byte order marks, else PDFDocEncoding) holds more than white
/// space: producers write an empty field's value as a bare mark.
fn shows_something(text: &[u8]) -> bool {
    let blank = |unit: u16| matches!(unit, 0x09 | 0x0A | 0x0D | 0x20 | 0xA0 | 0x3000);
    if let Some(utf16) = text.strip_prefix(b"\xFE\xFF") {
        utf16.chunks(2).any(|u| !blank(u16::from_be_bytes([u[0], *u.get(1).unwrap_or(&0)])))
    } else {
        let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
        !text.iter().all(|&b| blank(u16::from(b)))
    }
}

/// The new file: one page per page of `pdf`, each its old page as a form
/// XObject, then the page's marks; and the number of layer marks that name
/// no group.
fn write(
    pdf: &Pdf,
    pages: &[Page<'_>],
    marks: &[Vec<Mark<'_>>],
    layers: &Layers<'_>,
) -> Option<(Vec<u8>, usize)> {
    let mut next = Ref::new(1);
    let (catalog, tree) = (next.bump(), next.bump());
    let mut out = pdf_writer::Pdf::new();
    out.catalog(catalog).pages(tree);
    let mut copier = Copier::new(pdf, layers, next);
    let mut kids = Vec::with_capacity(pages.len());
    for (page, marks) in pages.iter().zip(marks) {
        let xobject = copier.page(&mut out, page);
        let shown = page.initial_transform(false).as_coeffs();
        let (width, height) = page.render_dimensions();
        let mut content = Content::new();
        content.save_state().x_object(pdf_writer::Name(b"P")).restore_state();
        let mut forms = Vec::with_capacity(marks.len());
        for (i, mark) in marks.iter().enumerate() {
            let Some(form) = copier.reference(mark.form.obj_id().into()) else { continue };
            let name = format!("A{i}");
            let m = compose(&mark.matrix, &shown).map(|v| v as f32);
            content.save_state().transform(m).x_object(pdf_writer::Name(name.as_bytes())).restore_state();
            forms.push((name, form));
        }
        let (id, stream) = (copier.next.bump(), copier.next.bump());
        out.stream(stream, &content.finish());
        let mut new = out.page(id);
        new.parent(tree).media_box(pdf_writer::Rect::new(0.0, 0.0, width, height)).contents(stream);
        let mut resources = new.resources();
        let mut x_objects = resources.x_objects();
        x_objects.pair(pdf_writer::Name(b"P"), xobject);
        for (name, form) in &forms {
            x_objects.pair(pdf_writer::Name(name.as_bytes()), *form);
        }
        x_objects.finish();
        resources.finish();
        new.finish();
        kids.push(id);
    }
    let mut copied = Chunk::new();
    copier.run(&mut copied)?;
    let count = i32::try_from(kids.len()).ok()?;
    out.pages(tree).kids(kids).count(count);
    out.extend(&copied);
    Some((out.finish(), copier.unresolved))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_of_a_byte_order_mark_or_white_space_shows_nothing() {
        assert!(!shows_something(b"\xFE\xFF"));
        assert!(!shows_something(b"\xFE\xFF\x00 \x30\x00"));
        assert!(!shows_something(b"\xEF\xBB\xBF"));
        assert!(!shows_something(b" \t"));
        assert!(shows_something(b"\xFE\xFF\x001\x005\x000"));
        assert!(shows_something(b"\xEF\xBB\xBFabc"));
        assert!(shows_something(b"\xFE\xFF\x4E\x2D"));
        assert!(shows_something(b"150"));
    }

    #[test]
    fn a_bounding_box_maps_onto_the_rectangle() {
        // §12.5.5: BBox [-50 -50 50 50] onto Rect [350 550 510 710] is a
        // scale of 1.6 about the box's corner.
        let m = [1.6, 0.0, 0.0, 1.6, 350.0 + 80.0, 550.0 + 80.0];
        let (x, y) = apply(&m, 0.0, 0.0);
        assert_eq!((x, y), (430.0, 630.0));
        let turned = compose(&[0.0, 1.0, -1.0, 0.0, 0.0, 0.0], &[1.0, 0.0, 0.0, 1.0, 10.0, 0.0]);
        assert_eq!(apply(&turned, 1.0, 0.0), (10.0, 1.0));
    }
}
