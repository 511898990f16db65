//! A scan attached as evidence, wrapped as a one-page PDF. typst decodes
//! every raster image it loads and keeps the pixels until export, so 600
//! scans would need gigabytes; a PDF page it only measures, and the PDF
//! writer copies its streams. The JPEG's data goes in unchanged
//! (DCTDecode), its EXIF orientation applied by the page's transform; a
//! PNG's image data goes in unchanged where PDF's Flate predictors read it
//! as it is, and is decoded and re-compressed (alpha as a soft mask) where
//! not.

use std::io::Write;

use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref};

/// The one-page PDF showing a JPEG as a reader does, and its size as shown
/// (width, height in pixels).
pub fn jpeg(data: &[u8]) -> Option<(Vec<u8>, (u32, u32))> {
    let frame = frame(data)?;
    let orientation = exif_orientation(data).unwrap_or(1);
    let (w, h) = (frame.width, frame.height);
    let shown = if orientation >= 5 { (h, w) } else { (w, h) };
    let mut image =
        Image { data: data.to_vec(), width: w, height: h, filter: Filter::DctDecode, ..Image::default() };
    image.colour = match frame.components {
        1 => Colour::Gray,
        4 => Colour::Cmyk,
        _ => Colour::Rgb,
    };
    // Adobe's CMYK JPEGs (Photoshop, Pillow) store inverted values; readers
    // know it from the APP14 "Adobe" segment.
    image.invert = frame.components == 4 && frame.adobe;
    Some((page(&image, orientation, shown), shown))
}

/// The one-page PDF showing a PNG, and its size.
pub fn png(data: &[u8]) -> Option<(Vec<u8>, (u32, u32))> {
    let info = png_info(data)?;
    // raster.rs has checked the header; a depth PDF does not know would
    // stop the writer.
    if !matches!(info.depth, 1 | 2 | 4 | 8 | 16) {
        return None;
    }
    let (w, h) = (info.width, info.height);
    let passes_through = !info.interlaced && matches!(info.colour, 0 | 2 | 3) && !info.transparent;
    let image = if passes_through {
        let channels = if info.colour == 2 { 3 } else { 1 };
        Image {
            data: info.idat,
            width: w,
            height: h,
            filter: Filter::FlateDecode,
            bits: i32::from(info.depth),
            predictor: Some(channels),
            colour: match info.colour {
                0 => Colour::Gray,
                2 => Colour::Rgb,
                _ => Colour::Indexed(padded(info.palette, info.depth)),
            },
            ..Image::default()
        }
    } else {
        decoded_png(data)?
    };
    Some((page(&image, 1, (w, h)), (w, h)))
}

/// A palette with an entry for every index the bit depth can write: an
/// index past the file's palette shows black in decoders (libpng, Pillow,
/// png), where a PDF reader would clamp it to the last entry.
fn padded(mut palette: Vec<u8>, depth: u8) -> Vec<u8> {
    let entries = 1usize << depth.min(8);
    palette.truncate(entries * 3);
    palette.resize(entries * 3, 0);
    palette
}

#[derive(Default)]
enum Colour {
    Gray,
    #[default]
    Rgb,
    Cmyk,
    Indexed(Vec<u8>),
}

struct Image {
    data: Vec<u8>,
    width: u32,
    height: u32,
    filter: Filter,
    bits: i32,
    colour: Colour,
    invert: bool,
    /// PNG predictors per row, with this many colour channels.
    predictor: Option<i32>,
    /// A Flate-compressed 8-bit alpha channel.
    alpha: Option<Vec<u8>>,
}

impl Default for Image {
    fn default() -> Self {
        Self {
            data: Vec::new(),
            width: 0,
            height: 0,
            filter: Filter::FlateDecode,
            bits: 8,
            colour: Colour::Rgb,
            invert: false,
            predictor: None,
            alpha: None,
        }
    }
}

/// A page of `shown` points (one per pixel) drawing `image` turned by its
/// EXIF `orientation` (1–8).
fn page(image: &Image, orientation: u16, shown: (u32, u32)) -> Vec<u8> {
    let (catalog, pages, page, content, xobject, mask) =
        (Ref::new(1), Ref::new(2), Ref::new(3), Ref::new(4), Ref::new(5), Ref::new(6));
    let (sw, sh) = (shown.0 as f32, shown.1 as f32);
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(pages);
    pdf.pages(pages).kids([page]).count(1);
    let mut p = pdf.page(page);
    p.parent(pages).media_box(Rect::new(0.0, 0.0, sw, sh)).contents(content);
    p.resources().x_objects().pair(Name(b"Im"), xobject);
    p.finish();
    // The unit square the image fills, mapped onto the page as EXIF says
    // the picture is turned (the image's first row is its top).
    let matrix = match orientation {
        2 => [-sw, 0.0, 0.0, sh, sw, 0.0],
        3 => [-sw, 0.0, 0.0, -sh, sw, sh],
        4 => [sw, 0.0, 0.0, -sh, 0.0, sh],
        5 => [0.0, -sh, -sw, 0.0, sw, sh],
        6 => [0.0, -sh, sw, 0.0, 0.0, sh],
        7 => [0.0, sh, sw, 0.0, 0.0, 0.0],
        8 => [0.0, sh, -sw, 0.0, sw, 0.0],
        _ => [sw, 0.0, 0.0, sh, 0.0, 0.0],
    };
    let mut c = Content::new();
    c.save_state().transform(matrix).x_object(Name(b"Im")).restore_state();
    pdf.stream(content, &c.finish());
    let mut x = pdf.image_xobject(xobject, &image.data);
    x.width(image.width as i32).height(image.height as i32).bits_per_component(image.bits);
    x.filter(image.filter);
    match &image.colour {
        Colour::Gray => x.color_space().device_gray(),
        Colour::Rgb => x.color_space().device_rgb(),
        Colour::Cmyk => x.color_space().device_cmyk(),
        Colour::Indexed(palette) => {
            x.color_space().indexed(Name(b"DeviceRGB"), (palette.len() / 3) as i32 - 1, palette);
        }
    }
    if image.invert {
        x.decode([1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0]);
    }
    if let Some(colours) = image.predictor {
        x.decode_parms()
            .predictor(pdf_writer::types::Predictor::PngOptimum)
            .colors(colours)
            .bits_per_component(image.bits)
            .columns(image.width as i32);
    }
    if image.alpha.is_some() {
        x.s_mask(mask);
    }
    x.finish();
    if let Some(alpha) = &image.alpha {
        let mut m = pdf.image_xobject(mask, alpha);
        m.width(image.width as i32).height(image.height as i32).bits_per_component(8);
        m.filter(Filter::FlateDecode);
        m.color_space().device_gray();
        m.finish();
    }
    pdf.finish()
}

struct Frame {
    width: u32,
    height: u32,
    components: u8,
    adobe: bool,
}

/// The main frame of a JPEG (the first start-of-frame outside any APP
/// segment) and whether it has an Adobe APP14 segment.
fn frame(data: &[u8]) -> Option<Frame> {
    let mut adobe = false;
    let mut i = 2;
    while i + 4 <= data.len() {
        if data[i] != 0xFF {
            return None;
        }
        let code = data[i + 1];
        if code == 0xFF {
            i += 1;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([data[i + 2], data[i + 3]]));
        let segment = data.get(i + 4..i + 2 + len)?;
        match code {
            0xEE if segment.starts_with(b"Adobe") => adobe = true,
            0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => {
                let height = u32::from(u16::from_be_bytes([*segment.get(1)?, *segment.get(2)?]));
                let width = u32::from(u16::from_be_bytes([*segment.get(3)?, *segment.get(4)?]));
                return Some(Frame { width, height, components: *segment.get(5)?, adobe });
            }
            0xDA => return None,
            _ => {}
        }
        i += 2 + len;
    }
    None
}

/// The EXIF orientation tag (0x0112) of a JPEG's APP1 segment.
pub fn exif_orientation(data: &[u8]) -> Option<u16> {
    let mut i = 2;
    while i + 4 <= data.len() && data[i] == 0xFF {
        let code = data[i + 1];
        let len = usize::from(u16::from_be_bytes([data[i + 2], data[i + 3]]));
        if code == 0xDA {
            return None;
        }
        let segment = data.get(i + 4..i + 2 + len)?;
        if code == 0xE1 && segment.starts_with(b"Exif\0\0") {
            let tiff = &segment[6..];
            let little = tiff.starts_with(b"II");
            let u16_at = |at: usize| {
                let b = tiff.get(at..at + 2)?;
                Some(if little { u16::from_le_bytes([b[0], b[1]]) } else { u16::from_be_bytes([b[0], b[1]]) })
            };
            let u32_at = |at: usize| {
                let b = tiff.get(at..at + 4)?;
                Some(if little {
                    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
                } else {
                    u32::from_be_bytes([b[0], b[1], b[2], b[3]])
                })
            };
            let ifd = u32_at(4)? as usize;
            let entries = usize::from(u16_at(ifd)?);
            for e in 0..entries.min(512) {
                let at = ifd + 2 + e * 12;
                if u16_at(at)? == 0x0112 {
                    return u16_at(at + 8).filter(|o| (1..=8).contains(o));
                }
            }
            return None;
        }
        i += 2 + len;
    }
    None
}

struct PngInfo {
    width: u32,
    height: u32,
    depth: u8,
    colour: u8,
    interlaced: bool,
    transparent: bool,
    palette: Vec<u8>,
    idat: Vec<u8>,
}

/// A PNG's header, palette and image data (raster.rs has checked that
/// they are whole).
fn png_info(data: &[u8]) -> Option<PngInfo> {
    let mut info = PngInfo {
        width: 0,
        height: 0,
        depth: 8,
        colour: 0,
        interlaced: false,
        transparent: false,
        palette: Vec::new(),
        idat: Vec::new(),
    };
    let mut i = 8;
    while let Some(b) = data.get(i..i + 8) {
        let len = u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize;
        let body = data.get(i + 8..i + 8 + len)?;
        match &b[4..8] {
            b"IHDR" => {
                info.width = u32::from_be_bytes(body.get(0..4)?.try_into().ok()?);
                info.height = u32::from_be_bytes(body.get(4..8)?.try_into().ok()?);
                info.depth = *body.get(8)?;
                info.colour = *body.get(9)?;
                info.interlaced = *body.get(12)? == 1;
            }
            b"PLTE" => info.palette = body.to_vec(),
            b"tRNS" => info.transparent = true,
            b"IDAT" => info.idat.extend_from_slice(body),
            b"IEND" => break,
            _ => {}
        }
        i += 12 + len;
    }
    (info.width > 0).then_some(info)
}

/// A PNG PDF cannot read as it is (alpha, interlacing, transparency):
/// decoded to 8-bit colour and alpha, each Flate-compressed again.
fn decoded_png(data: &[u8]) -> Option<Image> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(data));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().ok()?;
    let mut pixels = vec![0; reader.output_buffer_size()?];
    let out = reader.next_frame(&mut pixels).ok()?;
    let (colour, channels) = match out.color_type {
        png::ColorType::Grayscale => (Colour::Gray, 1),
        png::ColorType::GrayscaleAlpha => (Colour::Gray, 2),
        png::ColorType::Rgb => (Colour::Rgb, 3),
        _ => (Colour::Rgb, 4),
    };
    let pixels = &pixels[..out.buffer_size()];
    let has_alpha = channels % 2 == 0;
    let colours = if has_alpha { channels - 1 } else { channels };
    let mut colour_data = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    let mut alpha_data = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    for px in pixels.chunks_exact(channels) {
        colour_data.write_all(&px[..colours]).ok()?;
        if has_alpha {
            alpha_data.write_all(&px[colours..]).ok()?;
        }
    }
    Some(Image {
        data: colour_data.finish().ok()?,
        width: out.width,
        height: out.height,
        colour,
        alpha: if has_alpha { Some(alpha_data.finish().ok()?) } else { None },
        ..Image::default()
    })
}
