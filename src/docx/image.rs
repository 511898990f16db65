//! Pictures in the text: the bytes of a PNG or JPEG file ([`Image`], its
//! size read from its header, nothing decoded), and a place where it is
//! shown at a size ([`ImageRef`]), written as an inline `w:drawing` whose
//! `a:blip` points through a relationship to `word/media/imageN.ext`.

use anyhow::{Result, bail};

use super::Twips;
use super::part::Context;
use super::xml::Xml;

/// EMUs (the unit of DrawingML) in a twip.
const EMU_PER_TWIP: u64 = 635;

/// The formats Word shows in every version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageFormat {
    Png,
    Jpeg,
}

impl ImageFormat {
    /// The file extension of the part, which the content types name.
    pub(crate) fn extension(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Jpeg => "jpeg",
        }
    }
}

/// An image file added to a document.
#[derive(Clone, Debug, PartialEq)]
pub struct Image {
    pub format: ImageFormat,
    /// The size in pixels, from the file's header.
    pub pixels: (u32, u32),
    /// What the picture shows, for readers that cannot see it (alt text).
    pub description: String,
    pub(crate) bytes: Vec<u8>,
}

impl Image {
    /// Reads the format and size of a PNG or JPEG file.
    pub fn new(bytes: Vec<u8>, description: impl Into<String>) -> Result<Image> {
        let (format, pixels) = probe(&bytes)?;
        Ok(Image { format, pixels, description: description.into(), bytes })
    }
}

/// Where an image is shown, and how large.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImageRef {
    /// The image's index, from `Document::image`.
    pub index: usize,
    pub width: Twips,
    pub height: Twips,
}

impl ImageRef {
    /// The image at `index` of `pixels`, as large as fits in `width` by
    /// `height` twips with its proportions kept, and never larger than at
    /// 96 pixels per inch.
    pub fn fit(index: usize, pixels: (u32, u32), width: Twips, height: Twips) -> ImageRef {
        let (w, h) = (u64::from(pixels.0.max(1)), u64::from(pixels.1.max(1)));
        // 15 twips a pixel at 96 dpi.
        let scale = [width as f64 / (w * 15) as f64, height as f64 / (h * 15) as f64, 1.0]
            .into_iter()
            .fold(f64::INFINITY, f64::min);
        let fit = |px: u64| ((px * 15) as f64 * scale).round().max(1.0) as Twips;
        ImageRef { index, width: fit(w), height: fit(h) }
    }

    pub(crate) fn write(&self, xml: &mut Xml, cx: &mut Context) {
        let (cx_emu, cy_emu) = (
            (u64::from(self.width) * EMU_PER_TWIP).to_string(),
            (u64::from(self.height) * EMU_PER_TWIP).to_string(),
        );
        let id = cx.next_drawing_id().to_string();
        let (relationship, description) = cx.image(self.index);
        let name = format!("图片 {id}");
        xml.raw("<w:r><w:drawing>");
        xml.open("wp:inline", &[("distT", "0"), ("distB", "0"), ("distL", "0"), ("distR", "0")]);
        xml.empty("wp:extent", &[("cx", &cx_emu), ("cy", &cy_emu)]);
        xml.empty("wp:effectExtent", &[("l", "0"), ("t", "0"), ("r", "0"), ("b", "0")]);
        xml.empty("wp:docPr", &[("id", &id), ("name", &name), ("descr", &description)]);
        xml.raw(
            "<wp:cNvGraphicFramePr><a:graphicFrameLocks \
             xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" noChangeAspect=\"1\"/>\
             </wp:cNvGraphicFramePr>\
             <a:graphic xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\">\
             <a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">\
             <pic:pic xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">",
        );
        xml.open("pic:nvPicPr", &[]);
        xml.empty("pic:cNvPr", &[("id", "0"), ("name", &name)]);
        xml.raw("<pic:cNvPicPr/></pic:nvPicPr><pic:blipFill>");
        xml.empty("a:blip", &[("r:embed", &relationship)]);
        xml.raw(
            "<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/>",
        );
        xml.empty("a:ext", &[("cx", &cx_emu), ("cy", &cy_emu)]);
        xml.raw("</a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>");
        xml.raw("</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>");
    }
}

/// The format and pixel size of a PNG (from its IHDR chunk) or a JPEG
/// (from its start-of-frame segment).
fn probe(bytes: &[u8]) -> Result<(ImageFormat, (u32, u32))> {
    let be32 = |at: usize| bytes.get(at..at + 4).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]));
    let be16 = |at: usize| bytes.get(at..at + 2).map(|b| u32::from(u16::from_be_bytes([b[0], b[1]])));
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.get(12..16) == Some(b"IHDR") {
        if let (Some(w), Some(h)) = (be32(16), be32(20)) {
            return Ok((ImageFormat::Png, (w, h)));
        }
    } else if bytes.starts_with(&[0xFF, 0xD8]) {
        let mut at = 2;
        while let (Some(&0xFF), Some(&marker)) = (bytes.get(at), bytes.get(at + 1)) {
            let length = be16(at + 2).unwrap_or(0) as usize;
            // SOF0–SOF15, without DHT (C4), JPG (C8) and DAC (CC).
            let frame = (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker);
            if frame && let (Some(h), Some(w)) = (be16(at + 5), be16(at + 7)) {
                return Ok((ImageFormat::Jpeg, (w, h)));
            }
            if length < 2 {
                break;
            }
            at += 2 + length;
        }
    }
    bail!("图片不是完整的 PNG 或 JPEG 文件，Word 文件中无法放入：请换成 PNG 或 JPEG 格式")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_size_of_a_png_and_a_jpeg_and_refuses_a_gif() {
        let png = super::super::tests::tiny_png();
        assert_eq!(probe(&png).unwrap(), (ImageFormat::Png, (2, 1)));
        let jpeg = [
            &[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00][..],
            &[0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x01, 0x2C, 0x00, 0xC8, 0x01, 0x01, 0x11, 0x00],
        ]
        .concat();
        assert_eq!(probe(&jpeg).unwrap(), (ImageFormat::Jpeg, (200, 300)));
        assert!(probe(b"GIF89a\x01\x00\x01\x00").is_err());
        assert!(probe(&png[..18]).is_err());
    }

    #[test]
    fn fits_an_image_in_its_box_keeping_its_proportions() {
        // 2000 × 1000 px into 9000 × 9000 twips: width-bound.
        assert_eq!(
            ImageRef::fit(0, (2000, 1000), 9000, 9000),
            ImageRef { index: 0, width: 9000, height: 4500 }
        );
        // A small image is not enlarged beyond 96 dpi.
        assert_eq!(ImageRef::fit(1, (20, 10), 9000, 9000), ImageRef { index: 1, width: 300, height: 150 });
    }
}
