//! Copies a PDF's pages and the objects they use into a new PDF: each page
//! as a form XObject, as hayro-write (the copier typst embeds PDF pages
//! with) makes it, and any object with everything it refers to. Forms and
//! page content pass through the filter of the layers the file hides by
//! default (layers.rs); every other stream is copied as it is.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write;

use hayro_syntax::Pdf;
use hayro_syntax::object::dict::keys::{
    COLORSPACE, DECODE_PARMS, EXT_G_STATE, FILTER, FONT, LENGTH, PATTERN, PROPERTIES, RESOURCES, SHADING,
    SUBTYPE, XOBJECT,
};
use hayro_syntax::object::{Dict, MaybeRef, Name, ObjRef, Object, Stream};
use hayro_syntax::page::{Page, Resources};
use pdf_writer::{Chunk, Filter, Finish, Obj, Ref};

use super::layers::{Layers, Names};

/// Objects copied for one file.
const MAX_OBJECTS: usize = 100_000;
/// Direct objects nested in one another (arrays in dictionaries…).
const MAX_NESTING: usize = 32;

/// Flate-compressed.
fn deflate(data: &[u8]) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
    // Writing into a Vec does not fail.
    let _ = z.write_all(data);
    z.finish().unwrap_or_default()
}

/// The resource categories a page's form carries, each merged over the
/// page tree (the page's own entry wins), and where [`Resources`] keeps it.
type Category = (&'static [u8], for<'r> fn(&Resources<'r>) -> Vec<(Vec<u8>, MaybeRef<Object<'r>>)>);

fn entries<'a>(dict: &Dict<'a>) -> Vec<(Vec<u8>, MaybeRef<Object<'a>>)> {
    dict.entries().map(|(k, v)| (k.as_ref().to_vec(), v)).collect()
}

const CATEGORIES: [Category; 7] = [
    (EXT_G_STATE, |r| entries(&r.ext_g_states)),
    (SHADING, |r| entries(&r.shadings)),
    (PATTERN, |r| entries(&r.patterns)),
    (XOBJECT, |r| entries(&r.x_objects)),
    (COLORSPACE, |r| entries(&r.color_spaces)),
    (FONT, |r| entries(&r.fonts)),
    (PROPERTIES, |r| entries(&r.properties)),
];

/// The chain of a page's resource dictionaries, its own first.
fn chain<'r, 'a>(resources: &'r Resources<'a>) -> Vec<&'r Resources<'a>> {
    std::iter::successors(Some(resources), |r| r.parent()).collect()
}

/// Copies objects of the old file, and what they refer to, into the new
/// one: a page, an appearance with its fonts and images.
pub struct Copier<'p> {
    pdf: &'p Pdf,
    layers: &'p Layers<'p>,
    /// Layer marks found naming no group.
    pub unresolved: usize,
    /// The next free reference of the new file.
    pub next: Ref,
    map: HashMap<ObjRef, Ref>,
    queue: Vec<ObjRef>,
    done: HashSet<ObjRef>,
}

impl<'p> Copier<'p> {
    /// A copier into a new file whose references from `next` are free.
    pub fn new(pdf: &'p Pdf, layers: &'p Layers<'p>, next: Ref) -> Self {
        Copier {
            pdf,
            layers,
            unresolved: 0,
            next,
            map: HashMap::new(),
            queue: Vec::new(),
            done: HashSet::new(),
        }
    }

    /// Writes `page` as a form XObject, as hayro-write makes it (its
    /// content with the layers hidden by default left out, its crop box,
    /// the transform that shows it upright, its resources with those it
    /// inherits, an isolated group), and returns its reference.
    pub fn page(&mut self, chunk: &mut Chunk, page: &Page<'_>) -> Ref {
        let id = self.next.bump();
        let resources = chain(page.resources());
        let content = page.page_stream().unwrap_or(b"");
        let data = if self.layers.hide_any() {
            let names = Names {
                properties: resources.iter().map(|r| r.properties.clone()).collect(),
                x_objects: resources.iter().map(|r| r.x_objects.clone()).collect(),
            };
            let (filtered, unresolved) = self.layers.filter(content, &names);
            self.unresolved += unresolved;
            deflate(&filtered)
        } else {
            deflate(content)
        };
        let mut form = chunk.form_xobject(id, &data);
        form.filter(Filter::FlateDecode);
        let crop = page.crop_box();
        form.bbox(pdf_writer::Rect::new(crop.x0 as f32, crop.y0 as f32, crop.x1 as f32, crop.y1 as f32));
        form.matrix(page.initial_transform(false).as_coeffs().map(|v| v as f32));
        let mut written = form.resources();
        for (key, of) in CATEGORIES {
            let merged: BTreeMap<Vec<u8>, MaybeRef<Object<'_>>> =
                resources.iter().rev().flat_map(|r| of(r)).collect();
            if merged.is_empty() {
                continue;
            }
            let mut dict = written.insert(pdf_writer::Name(key)).dict();
            for (name, value) in &merged {
                self.value(dict.insert(pdf_writer::Name(name)), value, 1);
            }
        }
        written.finish();
        let mut group = form.group();
        group.transparency().isolated(true).color_space().device_rgb();
        group.finish();
        form.finish();
        id
    }

    /// The new reference of an old object, which is copied later; none for
    /// an object that does not resolve.
    pub fn reference(&mut self, old: ObjRef) -> Option<Ref> {
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
    pub fn run(&mut self, chunk: &mut Chunk) -> Option<()> {
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
                    let filtered = self.filtered(&stream);
                    let data = filtered.as_deref().map_or(stream.raw_data(), Cow::Borrowed);
                    let mut written = chunk.stream(new, &data);
                    for (key, value) in stream.dict().entries() {
                        let key = key.as_ref();
                        let encoding = key == FILTER || key == DECODE_PARMS;
                        if key != LENGTH && !skipped(key) && !(encoding && filtered.is_some()) {
                            self.value(written.insert(pdf_writer::Name(key)), &value, 0);
                        }
                    }
                    if filtered.is_some() {
                        written.filter(Filter::FlateDecode);
                    }
                    written.finish();
                }
                other => self.direct(chunk.indirect(new), &other, 0),
            }
        }
        Some(())
    }

    /// A form's content, Flate-compressed, without what the layers hidden
    /// by default draw; none for any other stream, or when nothing is
    /// hidden.
    fn filtered(&mut self, stream: &Stream<'_>) -> Option<Vec<u8>> {
        let dict = stream.dict();
        let is_form = dict.get::<Name<'_>>(SUBTYPE).is_some_and(|s| s.as_ref() == b"Form");
        if !is_form || !self.layers.hide_any() {
            return None;
        }
        let content = stream.decoded().ok()?;
        let resources = dict.get::<Dict<'_>>(RESOURCES).unwrap_or_default();
        let names = Names {
            properties: resources.get::<Dict<'_>>(PROPERTIES).into_iter().collect(),
            x_objects: resources.get::<Dict<'_>>(XOBJECT).into_iter().collect(),
        };
        let (filtered, unresolved) = self.layers.filter(&content, &names);
        self.unresolved += unresolved;
        Some(deflate(&filtered))
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
/// on, its place in the structure tree, metadata, associated and external
/// files) or to its layer (already applied), which nothing needs to paint;
/// hayro-write leaves out the same.
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
            | b"AF"
            | b"Ref"
            | b"OPI"
            | b"PtData"
    )
}
