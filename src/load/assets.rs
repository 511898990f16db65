//! Reads and inspects the files a report places: the evidence of 九 and the
//! images of the answers. Each is read once; its format is told by its
//! content, whatever its name says; a PDF's pages are counted and measured
//! (typst cannot count them); an image is decoded with the same memoised
//! call typst makes when it places it, so that a corrupt one is found here
//! and decoded only once.
//!
//! Files are read through a [`Source`] (the disk, or a file held in memory
//! over it). A load may hand over the files an earlier load inspected: a
//! file on disk that the same written path names again is then taken from
//! there, not read and inspected again.

use std::hash::{Hash, Hasher};

use typst::foundations::Bytes;
use typst::visualize::{ExchangeFormat, RasterImage, SvgImage};

use super::paths;
use super::pdf;
use super::raster::{self, Flaw};
use super::sheet;
use super::source::Source;
use crate::model::{Asset, AssetKind, Assets, FileProblem as Problem, Format};

/// A file larger than this is not read at all: no scan of a certificate is
/// this large, and typst would embed it whole.
pub const MAX_ASSET_BYTES: u64 = 200 << 20;

/// What a place of the report accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accept {
    /// 九: PDF, JPEG, PNG.
    Evidence,
    /// An answer's image: PNG, JPEG, GIF, WebP, SVG.
    Image,
}

/// Resolves `written` (relative to the folder `base`), reads and inspects
/// it; or takes it from `earlier` when there `written` named the same file
/// and the file is on disk, with the same size. The caller vouches that the
/// disk has not changed since; the size tells a file that was held in
/// memory then.
pub fn read(
    source: &Source,
    base: &str,
    written: &str,
    accept: Accept,
    earlier: &Assets,
) -> Result<(String, Asset), Problem> {
    let found = paths::resolve(source, base, written)?;
    let size = source.size(&found).map_err(|e| Problem::Unreadable(io_reason(&e)))?;
    if found.real.is_some()
        && let Some(Ok((rel, asset))) = earlier.lookup(base, written)
        && rel == found.rel
        && asset.size == size
    {
        return Ok((found.rel, asset.clone()));
    }
    if size > MAX_ASSET_BYTES {
        return Err(Problem::TooLarge(size));
    }
    let data = source.read(&found, MAX_ASSET_BYTES).map_err(|e| Problem::Unreadable(io_reason(&e)))?;
    let asset = inspect(data, &found.rel, accept)?;
    Ok((found.rel, asset))
}

/// Inspects the content of a file named `name`.
pub fn inspect(data: Vec<u8>, name: &str, accept: Accept) -> Result<Asset, Problem> {
    if data.is_empty() {
        return Err(Problem::Empty);
    }
    let mut hasher = std::hash::DefaultHasher::new();
    data.hash(&mut hasher);
    let digest = hasher.finish();
    let format = detect(&data).ok_or_else(|| Problem::Unsupported(what_is(&data, name)))?;
    let accepted = match accept {
        Accept::Evidence => matches!(format, Format::Pdf | Format::Jpeg | Format::Png),
        Accept::Image => format != Format::Pdf,
    };
    if !accepted {
        return Err(Problem::Unsupported(what_is(&data, name)));
    }
    let bytes = Bytes::new(data);
    let mut sheet = None;
    let kind = match format {
        Format::Pdf => {
            let pdf = pdf::inspect(&bytes)?;
            // Printable annotations (a seal) drawn in: typst places pages only.
            sheet = pdf.flattened.map(Bytes::new);
            AssetKind::Pdf { pages: pdf.pages, v2: pdf.v2, annotations: pdf.annotations }
        }
        Format::Svg => {
            let svg = SvgImage::new(bytes.clone()).map_err(|_| Problem::Corrupt(svg_reason()))?;
            AssetKind::Image { format, width: svg.width() as u32, height: svg.height() as u32 }
        }
        Format::Jpeg | Format::Png | Format::Gif | Format::Webp => {
            // Structure and declared size first: nothing is allocated for a
            // file that is cut short or absurdly large.
            let checked = match format {
                Format::Jpeg => raster::jpeg(&bytes),
                Format::Png => raster::png(&bytes),
                _ => Ok((0, 0)),
            };
            checked.map_err(|flaw| match flaw {
                Flaw::TooManyPixels { width, height } => Problem::TooManyPixels(width, height),
                Flaw::Damaged(why) => Problem::Corrupt(why.into()),
                Flaw::Unprintable(why) => Problem::Unprintable(why.into()),
            })?;
            if accept == Accept::Evidence {
                // A scan: typst places it as a one-page PDF and never holds
                // its pixels.
                let wrapped = if format == Format::Jpeg { sheet::jpeg(&bytes) } else { sheet::png(&bytes) };
                let (pdf, (width, height)) =
                    wrapped.ok_or_else(|| Problem::Corrupt("图片的结构无法读取".into()))?;
                sheet = Some(Bytes::new(pdf));
                AssetKind::Image { format, width, height }
            } else {
                let exchange = match format {
                    Format::Jpeg => ExchangeFormat::Jpg,
                    Format::Png => ExchangeFormat::Png,
                    Format::Gif => ExchangeFormat::Gif,
                    _ => ExchangeFormat::Webp,
                };
                // The same call typst makes when it places the image, so
                // that its memoised result is reused there.
                let image = RasterImage::plain(bytes.clone(), exchange).map_err(|_| {
                    Problem::Corrupt("图片数据不完整或已损坏，看图软件可能也只能显示一部分".into())
                })?;
                AssetKind::Image { format, width: image.width(), height: image.height() }
            }
        }
    };
    let size = bytes.len() as u64;
    // A scan's or an annotated PDF's data lives on in its sheet alone.
    let bytes = if sheet.is_some() { Bytes::new(Vec::new()) } else { bytes };
    Ok(Asset { bytes, size, kind, digest, sheet })
}

/// Tells the format by the file's first bytes.
fn detect(bytes: &[u8]) -> Option<Format> {
    let head = &bytes[..bytes.len().min(1024)];
    // A PDF may have a little junk before its header; readers accept it.
    if head.windows(5).any(|w| w == b"%PDF-") {
        Some(Format::Pdf)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(Format::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(Format::Png)
    } else if bytes.starts_with(b"GIF8") {
        Some(Format::Gif)
    } else if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        Some(Format::Webp)
    } else if is_svg(head) {
        Some(Format::Svg)
    } else {
        None
    }
}

/// An XML text with an `<svg` element near its start.
fn is_svg(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    (text.starts_with("<?xml")
        || text.starts_with("<svg")
        || text.starts_with("<!--")
        || text.starts_with("<!DOCTYPE"))
        && text.contains("<svg")
}

fn svg_reason() -> String {
    "SVG 文件的内容不完整或格式有误".into()
}

fn io_reason(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::PermissionDenied => "没有读取权限".into(),
        std::io::ErrorKind::NotFound => "文件不存在".into(),
        _ => "操作系统拒绝读取".into(),
    }
}

/// What a file that cannot be placed probably is, by its content or else
/// its extension.
fn what_is(data: &[u8], path: &str) -> Option<&'static str> {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if data.starts_with(b"PK\x03\x04") {
        return Some(match ext.as_str() {
            "docx" => "Word 文档",
            "xlsx" => "Excel 表格",
            "pptx" => "PowerPoint 演示文稿",
            "ofd" => "OFD 版式文件",
            _ => "压缩包（ZIP）",
        });
    }
    if data.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Some("旧版 Office 文档（.doc/.xls）");
    }
    if data.starts_with(b"II*\0") || data.starts_with(b"MM\0*") {
        return Some("TIFF 图片");
    }
    if data.get(4..12).is_some_and(|b| b == b"ftypheic" || b == b"ftypmif1" || b == b"ftypheix") {
        return Some("HEIC 照片（苹果手机格式）");
    }
    if data.starts_with(b"%PDF") || data.windows(5).take(1024).any(|w| w == b"%PDF-") {
        return Some("PDF 文件");
    }
    if data.starts_with(b"GIF8") {
        return Some("GIF 图片");
    }
    if data.starts_with(b"RIFF") && data.get(8..12) == Some(b"WEBP") {
        return Some("WebP 图片");
    }
    if data.starts_with(b"BM") {
        return Some("BMP 图片");
    }
    match ext.as_str() {
        "pdf" => Some("扩展名为 .pdf 但内容不是 PDF 的文件"),
        "jpg" | "jpeg" => Some("扩展名为 .jpg 但内容不是 JPEG 图片的文件"),
        "png" => Some("扩展名为 .png 但内容不是 PNG 图片的文件"),
        "svg" => Some("扩展名为 .svg 但内容不是 SVG 图片的文件"),
        "doc" | "docx" | "wps" => Some("Word 文档"),
        "ofd" => Some("OFD 版式文件"),
        _ => None,
    }
}
