//! Draws into a PDF's pages what a reader prints of its annotations: an
//! electronic seal (a /Stamp), the widgets of filled form fields, free
//! text, ink. typst embeds a page's content only, so a seal stored as an
//! annotation would vanish from the report.
//!
//! A reader prints an annotation whose Print flag is set and whose Hidden
//! flag is not, by painting its normal appearance stream (a form XObject)
//! in the annotation's rectangle (PDF 32000-1 §12.5.5). We do the same when
//! writing a new PDF: each page of the file becomes a form XObject
//! (hayro-write, the copier typst itself embeds PDF pages with), painted on
//! a page of the size it is shown at, followed by each printable
//! appearance, copied with everything it uses. Only files that have
//! something to print are rewritten; hayro reads the file, with the repairs
//! it makes for a reader (a broken cross-reference table).

use std::collections::{HashMap, HashSet};

use hayro_syntax::Pdf;
use hayro_syntax::object::dict::keys::{
    ANNOTS, AP, AS, BBOX, F, LENGTH, MATRIX, N, PARENT, RECT, SUBTYPE, V,
};
use hayro_syntax::object::{Array, Dict, MaybeRef, Name, ObjRef, Object, Rect, Stream};
use hayro_syntax::page::Page;
use hayro_write::{ChunkSettings, ExtractionQuery};
use pdf_writer::{Chunk, Content, Finish, Obj, Ref};

use crate::model::Annotations;

/// Annotation flags (PDF 32000-1 §12.5.3).
const HIDDEN: i64 = 1 << 1;
const PRINT: i64 = 1 << 2;

/// Annotations of one page looked at; a page with more is no document.
const MAX_ANNOTATIONS: usize = 10_000;
/// Objects copied for the appearances of one file.
const MAX_OBJECTS: usize = 100_000;
/// Direct objects nested in one another (arrays in dictionaries…).
const MAX_NESTING: usize = 32;
/// Levels of a field's /Parent chain walked up for its value.
const MAX_FIELD_DEPTH: usize = 32;

/// An appearance to paint: the form XObject and the matrix that places it
/// in the page's default user space.
struct Mark<'a> {
    form: Stream<'a>,
    matrix: [f64; 6],
}

/// The annotations of `pdf`, and the file rewritten with every printable
/// appearance drawn into its pages when there is any.
pub fn flatten(pdf: &Pdf) -> (Annotations, Option<Vec<u8>>) {
    let pages = pdf.pages();
    let mut found = Annotations::default();
    let marks: Vec<Vec<Mark<'_>>> = pages
        .iter()
        .map(|page| {
            let (marks, without) = printable(page);
            found.drawn += marks.len();
            found.without_appearance += without;
            marks
        })
        .collect();
    if found.drawn == 0 {
        return (found, None);
    }
    match write(pdf, pages, &marks) {
        Some(bytes) => (found, Some(bytes)),
        // Nothing could be copied: the file prints as it did.
        None => (Annotations { drawn: 0, without_appearance: found.without_appearance + found.drawn }, None),
    }
}

/// The appearances a reader prints on `page`, and the number of printable
/// annotations with something to show but no appearance of their own.
fn printable<'a>(page: &Page<'a>) -> (Vec<Mark<'a>>, usize) {
    let mut marks = Vec::new();
    let mut without = 0;
    let Some(annots) = page.raw().get::<Array<'a>>(ANNOTS) else { return (marks, without) };
    for annot in annots.iter::<Dict<'a>>().take(MAX_ANNOTATIONS) {
        let flags = annot.get::<i64>(F).unwrap_or(0);
        if flags & PRINT == 0 || flags & HIDDEN != 0 {
            continue;
        }
        let subtype = annot.get::<Name<'_>>(SUBTYPE);
        let subtype = subtype.as_ref().map_or(&b""[..], |s| s.as_ref());
        match appearance(&annot).and_then(|form| Some(Mark { matrix: placement(&annot, &form)?, form })) {
            Some(mark) => marks.push(mark),
            // A link or a pop-up shows nothing of its own; a field shows
            // its value, when it has one.
            None if subtype == b"Link" || subtype == b"Popup" => {}
            None if subtype == b"Widget" && !has_value(&annot) => {}
            None if annot.contains_key(AP) => {}
            None => without += 1,
        }
    }
    (marks, without)
}

/// The normal appearance: the stream itself, or the state /AS selects
/// (a checkbox's /Yes or /Off).
fn appearance<'a>(annot: &Dict<'a>) -> Option<Stream<'a>> {
    let ap = annot.get::<Dict<'a>>(AP)?;
    if let Some(stream) = ap.get::<Stream<'a>>(N) {
        return Some(stream);
    }
    let states = ap.get::<Dict<'a>>(N)?;
    let state = annot.get::<Name<'_>>(AS)?;
    states.get::<Stream<'a>>(state.as_ref())
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
    let mut node = Some(widget.clone());
    for _ in 0..MAX_FIELD_DEPTH {
        let Some(field) = node else { return false };
        if let Some(value) = field.get::<Object<'_>>(V) {
            return match value {
                Object::String(s) => !s.as_bytes().is_empty(),
                Object::Name(n) => n.as_ref() != b"Off",
                Object::Array(a) => a.raw_iter().next().is_some(),
                Object::Null(_) => false,
                _ => true,
            };
        }
        node = field.get::<Dict<'_>>(PARENT);
    }
    false
}

/// The new file: one page per page of `pdf`, each its old page as a form
/// XObject, then the page's marks.
fn write(pdf: &Pdf, pages: &[Page<'_>], marks: &[Vec<Mark<'_>>]) -> Option<Vec<u8>> {
    let mut next = Ref::new(1);
    let catalog = next.bump();
    let queries: Vec<ExtractionQuery> = (0..pages.len()).map(ExtractionQuery::new_xobject).collect();
    let extracted = hayro_write::extract(
        pdf,
        Box::new(|| next.bump()),
        ChunkSettings::default(),
        |group| {
            group.color_space().device_rgb();
        },
        &queries,
    )
    .ok()?;
    let mut out = pdf_writer::Pdf::new();
    out.catalog(catalog).pages(extracted.page_tree_parent_ref);
    let mut copier = Copier { pdf, next, map: HashMap::new(), queue: Vec::new(), done: HashSet::new() };
    let mut kids = Vec::with_capacity(pages.len());
    for ((page, xobject), marks) in pages.iter().zip(&extracted.root_refs).zip(marks) {
        let xobject = (*xobject).ok()?;
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
        new.parent(extracted.page_tree_parent_ref)
            .media_box(pdf_writer::Rect::new(0.0, 0.0, width, height))
            .contents(stream);
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
    out.pages(extracted.page_tree_parent_ref).kids(kids).count(count);
    out.extend(&extracted.chunk);
    out.extend(&copied);
    Some(out.finish())
}

/// Copies objects of the old file, and what they refer to, into the new
/// one: an appearance with its fonts and images.
struct Copier<'p> {
    pdf: &'p Pdf,
    next: Ref,
    map: HashMap<ObjRef, Ref>,
    queue: Vec<ObjRef>,
    done: HashSet<ObjRef>,
}

impl Copier<'_> {
    /// The new reference of an old object, which is copied later; none for
    /// an object that does not resolve.
    fn reference(&mut self, old: ObjRef) -> Option<Ref> {
        if let Some(new) = self.map.get(&old) {
            return Some(*new);
        }
        self.pdf.xref().get::<Object<'_>>(old.into())?;
        let new = self.next.bump();
        self.map.insert(old, new);
        self.queue.push(old);
        Some(new)
    }

    /// Copies every object referred to, breadth first; fails on a file
    /// whose appearances refer to more objects than any document has.
    fn run(&mut self, chunk: &mut Chunk) -> Option<()> {
        while let Some(old) = self.queue.pop() {
            if !self.done.insert(old) {
                continue;
            }
            if self.done.len() > MAX_OBJECTS {
                return None;
            }
            let new = self.map[&old];
            let Some(object) = self.pdf.xref().get::<Object<'_>>(old.into()) else { continue };
            match object {
                Object::Stream(stream) => {
                    let data = stream.raw_data();
                    let mut written = chunk.stream(new, &data);
                    for (key, value) in stream.dict().entries() {
                        if key.as_ref() != LENGTH && !skipped(key.as_ref()) {
                            self.value(written.insert(pdf_writer::Name(key.as_ref())), &value, 0);
                        }
                    }
                    written.finish();
                }
                other => self.direct(chunk.indirect(new), &other, 0),
            }
        }
        Some(())
    }

    fn value(&mut self, obj: Obj<'_>, value: &MaybeRef<Object<'_>>, depth: usize) {
        match value {
            MaybeRef::Ref(old) => match self.reference(*old) {
                Some(new) => obj.primitive(new),
                None => obj.primitive(pdf_writer::Null),
            },
            MaybeRef::NotRef(object) => self.direct(obj, object, depth),
        }
    }

    fn direct(&mut self, obj: Obj<'_>, object: &Object<'_>, depth: usize) {
        if depth > MAX_NESTING {
            obj.primitive(pdf_writer::Null);
            return;
        }
        match object {
            Object::Null(_) | Object::Stream(_) => obj.primitive(pdf_writer::Null),
            Object::Boolean(b) => obj.primitive(*b),
            Object::Number(n) => {
                let v = n.as_f64();
                if v.fract() == 0.0 && v.abs() < f64::from(i32::MAX) {
                    obj.primitive(v as i32);
                } else {
                    obj.primitive(v as f32);
                }
            }
            Object::String(s) => obj.primitive(pdf_writer::Str(s.as_bytes())),
            Object::Name(n) => obj.primitive(pdf_writer::Name(n.as_ref())),
            Object::Array(array) => {
                let mut written = obj.array();
                for item in array.raw_iter() {
                    self.value(written.push(), &item, depth + 1);
                }
            }
            Object::Dict(dict) => {
                let mut written = obj.dict();
                for (key, value) in dict.entries() {
                    if !skipped(key.as_ref()) {
                        self.value(written.insert(pdf_writer::Name(key.as_ref())), &value, depth + 1);
                    }
                }
            }
        }
    }
}

/// Keys that tie an object to the rest of its old document (the page it is
/// on, its place in the structure tree, metadata), which an appearance does
/// not need to paint.
fn skipped(key: &[u8]) -> bool {
    matches!(
        key,
        b"Parent"
            | b"P"
            | b"StructParent"
            | b"StructParents"
            | b"Metadata"
            | b"PieceInfo"
            | b"LastModified"
            | b"OC"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

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
