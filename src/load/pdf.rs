//! Inspects an attached PDF: its pages as shown, its version, and whether
//! every page can be read whole. A reader repairs a broken cross-reference
//! table and so does hayro; what neither can restore is a page whose
//! content or images were cut off, which would print as a blank or
//! half-drawn sheet.

use std::collections::HashSet;
use std::sync::Arc;

use hayro_syntax::object::dict::keys::{
    BITS_PER_COMPONENT, COLORSPACE, CONTENTS, COUNT, EXT_G_STATE, FONT, HEIGHT, PAGES, PARENT, PATTERN,
    RESOURCES, SHADING, WIDTH, XOBJECT,
};
use hayro_syntax::object::stream::ImageDecodeParams;
use hayro_syntax::object::{Array, Dict, ObjRef, Stream};
use hayro_syntax::page::Page;
use hayro_syntax::{Filter, LoadPdfError, Pdf, PdfVersion};
use typst::foundations::Bytes;

use super::pdf_tree::find;
use super::{flatten, pdf_tree, raster};
use crate::model::{Annotations, FileProblem as Problem};

/// Form XObjects nest; deeper than this is no document a person made.
const MAX_FORM_DEPTH: usize = 12;

/// Levels of a page tree walked up for inherited resources.
const MAX_TREE_DEPTH: usize = 64;

/// What load keeps of a PDF.
pub struct Inspected {
    /// The size of each page as it is shown (rotation applied), in points.
    pub pages: Vec<(f64, f64)>,
    /// PDF 2.0, which only a PDF 2.0 output can embed.
    pub v2: bool,
    pub annotations: Annotations,
    /// The file with its printable annotations drawn into its pages, when
    /// it has any.
    pub flattened: Option<Vec<u8>>,
}

pub fn inspect(data: &Bytes) -> Result<Inspected, Problem> {
    // Before any parse: hayro resolves the page tree recursively.
    if pdf_tree::too_deep(data) {
        return Err(Problem::Corrupt(format!(
            "PDF 的页面结构嵌套超过 {} 层或首尾相接，不是正常软件生成的文件",
            pdf_tree::MAX_DEPTH
        )));
    }
    // A file hayro cannot open may be encrypted, though its damage is what
    // hayro reports; the author needs to hear which.
    let pdf = Pdf::new(Arc::new(data.clone())).map_err(|e| match (e, encryption(data)) {
        (_, Encryption::Attachments) => Problem::EncryptedAttachments,
        (LoadPdfError::Decryption(_), _) | (_, Encryption::Document) => Problem::Encrypted,
        (LoadPdfError::Invalid, Encryption::None) => Problem::Corrupt("PDF 结构无法解析".into()),
    })?;
    let pages = pdf.pages();
    if pages.is_empty() {
        return Err(Problem::NoPages);
    }
    if let Some(declared) = declared_pages(&pdf)
        && declared > pages.len()
    {
        return Err(Problem::Corrupt(format!(
            "PDF 文件不完整：应有 {declared} 页，只能读出 {} 页，可能是下载或复制中断了",
            pages.len()
        )));
    }
    for (n, page) in (1..).zip(pages.iter()) {
        if let Some(why) = damaged(page) {
            return Err(Problem::Corrupt(format!("第 {n} 页{why}，可能是下载或复制中断了")));
        }
    }
    let pages = pages
        .iter()
        .map(|page| {
            let (w, h) = page.render_dimensions();
            (f64::from(w), f64::from(h))
        })
        .collect();
    let (annotations, flattened) = flatten::flatten(&pdf);
    Ok(Inspected { pages, v2: pdf.version() >= PdfVersion::Pdf20, annotations, flattened })
}

/// What a file's encryption dictionary encrypts, read from its text.
#[derive(Debug, PartialEq, Eq)]
enum Encryption {
    None,
    /// Only attached files: strings and streams are /Identity and an /EFF
    /// filter encrypts the embedded files (PDF 32000-1 §7.6.5).
    Attachments,
    Document,
}

fn encryption(data: &[u8]) -> Encryption {
    let refers = |key: &[u8]| {
        let mut rest = data;
        while let Some(at) = find(rest, key) {
            rest = &rest[at + key.len()..];
            let value = rest.trim_ascii_start();
            if rest.len() > value.len() && value.first().is_some_and(u8::is_ascii_digit) {
                return true;
            }
        }
        false
    };
    if !refers(b"/Encrypt") {
        return Encryption::None;
    }
    // Omitted, /StmF and /StrF are /Identity.
    let identity = |key: &[u8]| {
        find(data, key).is_none_or(|at| data[at + key.len()..].trim_ascii_start().starts_with(b"/Identity"))
    };
    if find(data, b"/EFF").is_some() && identity(b"/StmF") && identity(b"/StrF") {
        Encryption::Attachments
    } else {
        Encryption::Document
    }
}

/// The page count the document's page tree declares, when it can be read.
fn declared_pages(pdf: &Pdf) -> Option<usize> {
    let catalog = pdf.xref().get::<Dict<'_>>(pdf.xref().root_id())?;
    let count = catalog.get::<Dict<'_>>(PAGES)?.get::<i64>(COUNT)?;
    usize::try_from(count).ok()
}

/// Why a page cannot be drawn whole: its content stream, or an image or
/// form it draws, is missing or cut short.
fn damaged(page: &Page<'_>) -> Option<&'static str> {
    let raw = page.raw();
    if raw.contains_key(CONTENTS) {
        let whole = if let Some(stream) = raw.get::<Stream<'_>>(CONTENTS) {
            stream_is_whole(&stream)
        } else if let Some(array) = raw.get::<Array<'_>>(CONTENTS) {
            let streams: Vec<Stream<'_>> = array.iter::<Stream<'_>>().collect();
            streams.len() == array.raw_iter().count() && streams.iter().all(stream_is_whole)
        } else {
            false
        };
        if !whole {
            return Some("的内容已损坏或缺失");
        }
    }
    // The page's resources and those it inherits from the page tree.
    let mut node = Some(raw.clone());
    for _ in 0..MAX_TREE_DEPTH {
        let Some(dict) = node else { break };
        if dict.contains_key(RESOURCES) {
            let Some(resources) = dict.get::<Dict<'_>>(RESOURCES) else {
                return Some("的资源已损坏或缺失");
            };
            if let Some(why) = resources_damaged(&resources) {
                return Some(why);
            }
        }
        node = dict.get::<Dict<'_>>(PARENT);
    }
    None
}

/// Why a resource dictionary cannot serve its page: a font, image or form
/// it names, or one of its sub-dictionaries, does not resolve or is cut.
fn resources_damaged(resources: &Dict<'_>) -> Option<&'static str> {
    for key in [FONT, XOBJECT, EXT_G_STATE, COLORSPACE, PATTERN, SHADING] {
        if resources.contains_key(key) && resources.get::<Dict<'_>>(key).is_none() {
            return Some("的资源已损坏或缺失");
        }
    }
    if let Some(fonts) = resources.get::<Dict<'_>>(FONT)
        && !fonts.keys().all(|name| fonts.get::<Dict<'_>>(name.as_ref()).is_some())
    {
        return Some("的字体已损坏或缺失");
    }
    if let Some(x_objects) = resources.get::<Dict<'_>>(XOBJECT)
        && !xobjects_whole(&x_objects, 0, &mut HashSet::new())
    {
        return Some("的图像已损坏或缺失");
    }
    None
}

/// Every XObject of a resource dictionary resolves and is whole, and so
/// are the XObjects of the forms among them. Each stream is looked at once:
/// forms share resource dictionaries, and a form may list itself among its
/// own resources (a resource it never paints) without being a cycle.
fn xobjects_whole(x_objects: &Dict<'_>, depth: usize, seen: &mut HashSet<ObjRef>) -> bool {
    if depth > MAX_FORM_DEPTH {
        return false;
    }
    x_objects.keys().all(|name| {
        // By its reference, before resolving: hayro fails to resolve a
        // form again from inside its own resources.
        if let Some(reference) = x_objects.get_ref(name.as_ref())
            && !seen.insert(reference)
        {
            return true;
        }
        let Some(stream) = x_objects.get::<Stream<'_>>(name.as_ref()) else { return false };
        if !stream_is_whole(&stream) {
            return false;
        }
        let inner = stream.dict().get::<Dict<'_>>(RESOURCES).and_then(|r| r.get::<Dict<'_>>(XOBJECT));
        inner.is_none_or(|inner| xobjects_whole(&inner, depth + 1, seen))
    })
}

/// A stream's data decodes to its end. A JPEG is checked from its
/// structure (inflated first when it is also Flate-compressed) and a Flate
/// stream is inflated into a counter, so that no scan's pixels are kept.
fn stream_is_whole(stream: &Stream<'_>) -> bool {
    let filters = stream.filters();
    match filters.as_slice() {
        [] => true,
        [Filter::DctDecode] => jpeg_is_whole(&stream.raw_data()),
        [Filter::FlateDecode, Filter::DctDecode] => {
            raster::inflate(&stream.raw_data(), MAX_INFLATED_JPEG).is_some_and(|jpeg| jpeg_is_whole(&jpeg))
        }
        [Filter::FlateDecode] => raster::inflates_whole(&stream.raw_data()),
        // Bitonal scans (CCITT, JBIG2) and the rest are small: decode them,
        // an image with the size its dictionary gives (hayro's JPEG decoder
        // crops to that size, to nothing without it).
        _ => stream.decoded_image(&image_params(stream.dict())).is_ok(),
    }
}

/// A JPEG inside a Flate stream inflates to at most this much.
const MAX_INFLATED_JPEG: usize = 256 << 20;

/// Only what is cut short or broken counts: a JPEG PDF readers cannot
/// print (12-bit) is the reader's concern inside a PDF.
fn jpeg_is_whole(data: &[u8]) -> bool {
    !matches!(raster::jpeg(data), Err(raster::Flaw::Damaged(_)))
}

fn image_params(dict: &Dict<'_>) -> ImageDecodeParams {
    let size = |key| dict.get::<u32>(key).unwrap_or(0);
    ImageDecodeParams {
        width: size(WIDTH),
        height: size(HEIGHT),
        bpc: dict.get::<u8>(BITS_PER_COMPONENT),
        ..ImageDecodeParams::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_encryption_dictionary_says_what_it_encrypts() {
        let trailer = b"trailer << /Root 1 0 R /Encrypt 7 0 R >>";
        assert_eq!(encryption(b"%PDF-1.4 /Encrypted (no) /Encrypt /Name"), Encryption::None);
        assert_eq!(
            encryption(&[&b"<< /V 5 /StmF /StdCF /StrF /StdCF >>"[..], trailer].concat()),
            Encryption::Document
        );
        let attachments = b"<< /V 5 /StmF /Identity /StrF /Identity /EFF /StdCF >>";
        assert_eq!(encryption(&[&attachments[..], trailer].concat()), Encryption::Attachments);
        assert_eq!(encryption(&[&b"<< /V 5 /EFF /StdCF >>"[..], trailer].concat()), Encryption::Attachments);
    }
}
