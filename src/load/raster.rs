//! The structure of JPEG and PNG files, read from their headers and
//! segments without decoding a pixel: the size they declare, and whether
//! their image data is all there. A decoder fills a file cut off in the
//! middle with grey rather than fail, so a scan that stopped copying halfway
//! would print half blank; and a size is checked before anything allocates
//! for it.

/// More pixels than this is no scan or photo: a 600 dpi A3 scan has 35
/// million. Decoding one would take gigabytes.
pub const MAX_PIXELS: u64 = 100_000_000;

/// What is wrong with a raster file, in words for its author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Flaw {
    /// Declares more than [`MAX_PIXELS`].
    TooManyPixels { width: u32, height: u32 },
    /// Damaged or cut short; why.
    Damaged(&'static str),
    /// Whole and valid, but in a form PDF cannot carry and no decoder here
    /// reads (a 12-bit or lossless JPEG); why.
    Unprintable(&'static str),
}

/// The size a JPEG declares, once its main image is known to be complete:
/// every segment is whole and the entropy-coded data of every scan ends in
/// a marker, the last of them the end of the image. Segments are skipped by
/// their lengths, so that the end marker of an EXIF thumbnail (inside APP1)
/// does not count as the image's own.
pub fn jpeg(data: &[u8]) -> Result<(u32, u32), Flaw> {
    const CUT: Flaw = Flaw::Damaged("JPEG 文件不完整，图像数据在中途断了，可能是下载或复制中断了");
    let mut size = None;
    let mut scans = 0;
    let mut i = 2; // after SOI
    loop {
        // A marker: 0xFF, any number of 0xFF fill bytes, its code.
        if data.get(i) != Some(&0xFF) {
            return Err(if i >= data.len() { CUT } else { Flaw::Damaged("JPEG 文件的结构有误") });
        }
        while data.get(i) == Some(&0xFF) {
            i += 1;
        }
        let Some(&code) = data.get(i) else { return Err(CUT) };
        i += 1;
        match code {
            0xD9 => break,
            // Standalone markers: no length.
            0x01 | 0xD0..=0xD7 => continue,
            _ => {}
        }
        let Some(len) = data.get(i..i + 2).map(|b| usize::from(u16::from_be_bytes([b[0], b[1]]))) else {
            return Err(CUT);
        };
        if len < 2 {
            return Err(Flaw::Damaged("JPEG 文件的结构有误"));
        }
        if i + len > data.len() {
            return Err(CUT);
        }
        let segment = &data[i + 2..i + len];
        i += len;
        match code {
            // Start of frame (baseline, progressive, lossless, arithmetic).
            0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF if size.is_none() => {
                let Some(b) = segment.get(1..5) else {
                    return Err(Flaw::Damaged("JPEG 文件的结构有误"));
                };
                frame_is_printable(code, segment)?;
                let height = u32::from(u16::from_be_bytes([b[0], b[1]]));
                let width = u32::from(u16::from_be_bytes([b[2], b[3]]));
                if width == 0 {
                    return Err(Flaw::Damaged("JPEG 文件的结构有误"));
                }
                size = Some((width, height));
            }
            // Start of scan: its entropy-coded data runs to the next marker
            // that is neither a stuffed 0xFF00 nor a restart marker.
            0xDA => {
                if size.is_none() {
                    return Err(Flaw::Damaged("JPEG 文件的结构有误"));
                }
                scans += 1;
                loop {
                    let Some(at) = data[i..].iter().position(|&b| b == 0xFF) else { return Err(CUT) };
                    i += at;
                    match data.get(i + 1) {
                        None => return Err(CUT),
                        Some(0x00 | 0xD0..=0xD7) => i += 2,
                        Some(0xFF) => i += 1,
                        Some(_) => break,
                    }
                }
            }
            _ => {}
        }
    }
    match size {
        Some(_) if scans == 0 => Err(Flaw::Damaged("JPEG 文件里没有图像数据")),
        Some((width, height)) => within(width, height),
        None => Err(Flaw::Damaged("JPEG 文件的结构有误")),
    }
}

/// A start-of-frame segment against ITU T.81 (B.2.2): a precision its
/// process allows, 1 to 4 components each with sampling factors 1 to 4 and
/// a quantisation table 0 to 3, and a length that holds them. PDF's
/// DCTDecode is the 8-bit DCT; a 12-bit, lossless or hierarchical JPEG is
/// valid but prints blank in readers, and no decoder in this program reads
/// it to convert it.
fn frame_is_printable(code: u8, segment: &[u8]) -> Result<(), Flaw> {
    const BAD: Flaw = Flaw::Damaged("JPEG 文件头的图像参数不符合 JPEG 规范，看图软件也打不开");
    let (Some(&precision), Some(&components)) = (segment.first(), segment.get(5)) else {
        return Err(BAD);
    };
    let lossless = matches!(code, 0xC3 | 0xC7 | 0xCB | 0xCF);
    let allowed = match code {
        0xC0 => precision == 8,
        _ if lossless => (2..=16).contains(&precision),
        _ => precision == 8 || precision == 12,
    };
    if !allowed || !(1..=4).contains(&components) || segment.len() < 6 + 3 * usize::from(components) {
        return Err(BAD);
    }
    let parts = &segment[6..6 + 3 * usize::from(components)];
    let sampling_ok = |s: u8| (1..=4).contains(&(s >> 4)) && (1..=4).contains(&(s & 15));
    if !parts.chunks_exact(3).all(|c| sampling_ok(c[1]) && c[2] <= 3) {
        return Err(BAD);
    }
    if lossless || matches!(code, 0xC5..=0xC7 | 0xCD..=0xCF) {
        return Err(Flaw::Unprintable("这是无损或分层编码的 JPEG，PDF 阅读器印不出来"));
    }
    if precision != 8 {
        return Err(Flaw::Unprintable("这是 12 位精度的 JPEG，PDF 阅读器只能印出空白"));
    }
    if components == 2 {
        return Err(Flaw::Unprintable("这是双通道的 JPEG，PDF 阅读器印不出来"));
    }
    Ok(())
}

/// The size a PNG declares, once every chunk is whole and its image data,
/// inflated into a counter (not kept), holds every row the header promises.
pub fn png(data: &[u8]) -> Result<(u32, u32), Flaw> {
    const CUT: Flaw = Flaw::Damaged("PNG 文件不完整，图像数据在中途断了，可能是下载或复制中断了");
    let mut i = 8;
    let mut header = None;
    let mut inflater = Inflater::default();
    let mut ended = false;
    let (mut palette, mut idat) = (None, false);
    while i < data.len() {
        let Some(b) = data.get(i..i + 8) else { return Err(CUT) };
        let len = u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
        let kind = [b[4], b[5], b[6], b[7]];
        // PNG §5.3: a type of four letters, a length below 2³¹.
        if !kind.iter().all(u8::is_ascii_alphabetic) {
            return Err(Flaw::Damaged("PNG 文件的结构有误"));
        }
        if len >= 1 << 31 || data.len() < i + 12 + len as usize {
            return Err(if impossible_length(&kind, u64::from(len), header.as_ref()) {
                TOO_LONG
            } else {
                CUT
            });
        }
        let len = len as usize;
        let body = &data[i + 8..i + 8 + len];
        let stored = u32::from_be_bytes([
            data[i + 8 + len],
            data[i + 9 + len],
            data[i + 10 + len],
            data[i + 11 + len],
        ]);
        if stored != crc(&kind, body) {
            crc_checked(&kind)?;
        }
        i += 12 + len;
        match &kind {
            b"IHDR" => {
                if header.is_some() || body.len() != 13 {
                    return Err(Flaw::Damaged("PNG 文件的结构有误"));
                }
                header = Some(ihdr(body)?);
            }
            // The first chunk is the header (PNG §5.6).
            _ if header.is_none() => return Err(Flaw::Damaged("PNG 文件的结构有误：开头缺少文件头")),
            b"PLTE" if !idat => palette = Some(body.len()),
            b"IDAT" => {
                if header.as_ref().is_some_and(|h| h.colour == 3)
                    && !palette.is_some_and(|n| n > 0 && n % 3 == 0 && n <= 768)
                {
                    return Err(Flaw::Damaged("PNG 文件的调色板缺失或有误"));
                }
                idat = true;
                inflater.feed(body)?;
            }
            b"IEND" => {
                ended = true;
                break;
            }
            _ => {}
        }
    }
    let Some(header) = header else { return Err(Flaw::Damaged("PNG 文件的结构有误")) };
    if !ended || !inflater.finished || inflater.out < header.raw_size() {
        return Err(CUT);
    }
    Ok((header.width, header.height))
}

/// A chunk whose length runs past the end of the file only because the
/// length itself is wrong: no file cut short has it.
const TOO_LONG: Flaw =
    Flaw::Damaged("PNG 文件里一段数据标明的长度远超文件本身，长度是错的（不是复制中断），文件已损坏");

/// Whether a chunk of `len` bytes cannot be real: beyond PNG's limit, image
/// data longer than its rows could ever compress to (stored deflate blocks
/// add 5 bytes in 65535), or any other chunk longer than 16 MB.
fn impossible_length(kind: &[u8; 4], len: u64, header: Option<&Header>) -> bool {
    if len >= 1 << 31 {
        return true;
    }
    match header {
        Some(header) if kind == b"IDAT" => {
            let raw = header.raw_size();
            len > raw + raw / 65535 * 5 + 1024
        }
        _ => len > 16 << 20,
    }
}

/// The CRC a chunk of `kind` with `body` carries (PNG §5.5).
fn crc(kind: &[u8; 4], body: &[u8]) -> u32 {
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(body);
    crc.sum()
}

/// A wrong CRC where both decoders refuse it is a damaged file: in the
/// header or the palette. Pillow refuses one in any chunk before the image
/// data, libpng one in any critical chunk; one in the image data (Pillow
/// reads it, and so do we: PngSuite's xcsn0g01.png) or in an ancillary
/// chunk (libpng reads past it) is not refused.
fn crc_checked(kind: &[u8; 4]) -> Result<(), Flaw> {
    let why = match kind {
        b"IHDR" => "PNG 文件头的校验码不对，看图软件也打不开",
        b"PLTE" => "PNG 文件调色板的校验码不对，看图软件也打不开",
        _ => return Ok(()),
    };
    Err(Flaw::Damaged(why))
}

/// The 13 bytes of IHDR against PNG §11.2.2: a size of 1 to 2³¹−1 pixels
/// each way, a colour type and a bit depth that goes with it, and methods
/// 0 (compression, filter) and 0 or 1 (interlace). A decoder refuses
/// anything else, and an odd bit depth cannot go into a PDF as it is.
fn ihdr(h: &[u8]) -> Result<Header, Flaw> {
    let width = u32::from_be_bytes([h[0], h[1], h[2], h[3]]);
    let height = u32::from_be_bytes([h[4], h[5], h[6], h[7]]);
    let (depth, colour) = (h[8], h[9]);
    let limit = 1 << 31;
    if width == 0 || height == 0 || width >= limit || height >= limit {
        return Err(Flaw::Damaged("PNG 文件头写的图像尺寸不符合 PNG 规范"));
    }
    let depth_ok = match colour {
        0 => matches!(depth, 1 | 2 | 4 | 8 | 16),
        3 => matches!(depth, 1 | 2 | 4 | 8),
        2 | 4 | 6 => matches!(depth, 8 | 16),
        _ => return Err(Flaw::Damaged("PNG 文件头写的颜色类型不符合 PNG 规范，看图软件也打不开")),
    };
    if !depth_ok {
        return Err(Flaw::Damaged("PNG 文件头写的位深不符合 PNG 规范，看图软件也打不开"));
    }
    if h[10] != 0 || h[11] != 0 || h[12] > 1 {
        return Err(Flaw::Damaged("PNG 文件头写的压缩、过滤或隔行方式不符合 PNG 规范，看图软件也打不开"));
    }
    within(width, height)?;
    Ok(Header { width, height, depth, colour, interlaced: h[12] == 1 })
}

fn within(width: u32, height: u32) -> Result<(u32, u32), Flaw> {
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        Err(Flaw::TooManyPixels { width, height })
    } else {
        Ok((width, height))
    }
}

struct Header {
    width: u32,
    height: u32,
    depth: u8,
    colour: u8,
    interlaced: bool,
}

impl Header {
    /// The bytes of filtered image data the header promises.
    fn raw_size(&self) -> u64 {
        let channels: u64 = match self.colour {
            2 => 3,
            4 => 2,
            6 => 4,
            _ => 1,
        };
        let bits = channels * u64::from(self.depth);
        let rows = |w: u64, h: u64| if w == 0 || h == 0 { 0 } else { h * (1 + (w * bits).div_ceil(8)) };
        let (w, h) = (u64::from(self.width), u64::from(self.height));
        if !self.interlaced {
            return rows(w, h);
        }
        // Adam7: the seven passes' sub-images.
        [(0, 8, 0, 8), (4, 8, 0, 8), (0, 4, 4, 8), (2, 4, 0, 4), (0, 2, 2, 4), (1, 2, 0, 2), (0, 1, 1, 2)]
            .iter()
            .map(|&(x0, dx, y0, dy)| rows((w + dx - 1 - x0) / dx, (h + dy - 1 - y0) / dy))
            .sum()
    }
}

/// Inflates a zlib stream fed in pieces into a scratch buffer, counting
/// the output and keeping none of it. The 2-byte zlib header is skipped and
/// the deflate data read raw, so that a stream whose producer left out the
/// trailing checksum (readers accept it) still counts as whole: what ends
/// the data is deflate's final block.
struct Inflater {
    stream: flate2::Decompress,
    scratch: Vec<u8>,
    header: usize,
    out: u64,
    finished: bool,
}

impl Default for Inflater {
    fn default() -> Self {
        Self {
            stream: flate2::Decompress::new(false),
            scratch: vec![0; 64 << 10],
            header: 2,
            out: 0,
            finished: false,
        }
    }
}

/// Whether a zlib stream (a PDF's FlateDecode data) inflates to its end.
pub fn inflates_whole(data: &[u8]) -> bool {
    let mut inflater = Inflater::default();
    inflater.feed(data).is_ok() && inflater.finished
}

/// A zlib stream inflated to its end, when it is whole and inflates to at
/// most `limit` bytes. Like [`Inflater`], it reads the deflate data raw.
pub fn inflate(data: &[u8], limit: usize) -> Option<Vec<u8>> {
    let data = data.get(2..)?;
    let mut stream = flate2::Decompress::new(false);
    let mut out = Vec::with_capacity(data.len().saturating_mul(2).min(limit));
    loop {
        if out.len() == out.capacity() {
            if out.len() >= limit {
                return None;
            }
            out.reserve((out.len().max(64 << 10)).min(limit - out.len()));
        }
        let (before_in, before_out) = (stream.total_in(), stream.total_out());
        let rest = &data[before_in as usize..];
        let status = stream.decompress_vec(rest, &mut out, flate2::FlushDecompress::None).ok()?;
        if status == flate2::Status::StreamEnd {
            return Some(out);
        }
        if stream.total_in() == before_in && stream.total_out() == before_out {
            return None;
        }
    }
}

impl Inflater {
    fn feed(&mut self, mut data: &[u8]) -> Result<(), Flaw> {
        let skip = self.header.min(data.len());
        self.header -= skip;
        data = &data[skip..];
        while !self.finished && !data.is_empty() {
            let (before_in, before_out) = (self.stream.total_in(), self.stream.total_out());
            let status = self
                .stream
                .decompress(data, &mut self.scratch, flate2::FlushDecompress::None)
                .map_err(|_| Flaw::Damaged("PNG 文件的图像数据已损坏"))?;
            let used = (self.stream.total_in() - before_in) as usize;
            data = &data[used..];
            self.out = self.stream.total_out();
            match status {
                flate2::Status::StreamEnd => self.finished = true,
                _ if used == 0 && self.stream.total_out() == before_out => {
                    return Err(Flaw::Damaged("PNG 文件的图像数据已损坏"));
                }
                _ => {}
            }
        }
        // Output still held inside the decoder comes out with no more input.
        while !self.finished {
            let before = self.stream.total_out();
            let status = self
                .stream
                .decompress(&[], &mut self.scratch, flate2::FlushDecompress::None)
                .map_err(|_| Flaw::Damaged("PNG 文件的图像数据已损坏"))?;
            self.out = self.stream.total_out();
            if status == flate2::Status::StreamEnd {
                self.finished = true;
            } else if self.stream.total_out() == before {
                break;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!("{}/tests/testsuite/fixtures/producers/{name}", env!("CARGO_MANIFEST_DIR")))
            .unwrap()
    }

    #[test]
    fn whole_files_of_every_producer_are_whole() {
        for name in ["camera.jpg", "cmyk.jpg", "grey.jpg", "progressive.jpg", "exif-rotated.jpg"] {
            assert!(jpeg(&fixture(name)).is_ok(), "{name}: {:?}", jpeg(&fixture(name)));
        }
        for name in ["alpha.png", "grey16.png", "palette.png", "rgb16.png"] {
            assert!(png(&fixture(name)).is_ok(), "{name}: {:?}", png(&fixture(name)));
        }
    }

    #[test]
    fn a_file_cut_anywhere_is_damaged() {
        for name in ["camera.jpg", "cmyk.jpg", "progressive.jpg", "exif-rotated.jpg"] {
            let whole = fixture(name);
            for cut in (3..whole.len() - 2).step_by(97) {
                assert!(matches!(jpeg(&whole[..cut]), Err(Flaw::Damaged(_))), "{name} cut at {cut}");
            }
        }
        for name in ["alpha.png", "palette.png", "rgb16.png"] {
            let whole = fixture(name);
            for cut in (9..whole.len()).step_by(37) {
                assert!(matches!(png(&whole[..cut]), Err(Flaw::Damaged(_))), "{name} cut at {cut}");
            }
        }
    }

    #[test]
    fn the_producers_truncated_files_are_damaged() {
        for name in ["camera-truncated.jpg", "cmyk-truncated.jpg", "progressive-truncated.jpg"] {
            assert!(matches!(jpeg(&fixture(name)), Err(Flaw::Damaged(_))), "{name}");
        }
        for name in ["palette-truncated.png", "rgb16-truncated.png"] {
            assert!(matches!(png(&fixture(name)), Err(Flaw::Damaged(_))), "{name}");
        }
    }

    fn spec_case(name: &str) -> Vec<u8> {
        std::fs::read(format!("{}/tests/testsuite/fixtures/spec-cases/{name}", env!("CARGO_MANIFEST_DIR")))
            .unwrap()
    }

    /// `file` with IHDR's byte `at` (0–12) set to `value`, its CRC made
    /// right again.
    fn with_ihdr_byte(mut file: Vec<u8>, at: usize, value: u8) -> Vec<u8> {
        file[16 + at] = value;
        let sum = crc(b"IHDR", &file[16..29]);
        file[29..33].copy_from_slice(&sum.to_be_bytes());
        file
    }

    #[test]
    fn a_png_header_outside_the_specification_is_damaged() {
        for name in ["bit-depth-0.png", "bit-depth-3.png"] {
            assert!(
                matches!(png(&spec_case(name)), Err(Flaw::Damaged(why)) if why.contains("位深")),
                "{name}"
            );
        }
        // palette.png: colour type 3, depth 8.
        let palette = fixture("palette.png");
        assert!(png(&palette).is_ok());
        for (at, value) in [(8, 16), (9, 1), (9, 7), (10, 1), (11, 1), (12, 2)] {
            let file = with_ihdr_byte(palette.clone(), at, value);
            assert!(matches!(png(&file), Err(Flaw::Damaged(_))), "IHDR byte {at} = {value}");
        }
        // Every depth the specification allows for grey passes the header.
        for depth in [1, 2, 4, 8, 16] {
            assert!(ihdr(&[0, 0, 0, 9, 0, 0, 0, 9, depth, 0, 0, 0, 0]).is_ok(), "depth {depth}");
        }
    }

    #[test]
    fn a_palette_png_without_its_palette_is_damaged() {
        let file = fixture("palette.png");
        let at = file.windows(4).position(|w| w == b"PLTE").unwrap() - 4;
        let len = u32::from_be_bytes(file[at..at + 4].try_into().unwrap()) as usize;
        let without: Vec<u8> = [&file[..at], &file[at + 12 + len..]].concat();
        assert!(matches!(png(&without), Err(Flaw::Damaged(_))));
    }

    /// The offset of the first chunk of `kind` in a PNG.
    fn chunk_at(file: &[u8], kind: &[u8]) -> usize {
        file.windows(4).position(|w| w == kind).unwrap() - 4
    }

    #[test]
    fn a_wrong_checksum_in_the_header_or_palette_is_damaged_and_elsewhere_is_read_past() {
        let file = fixture("palette.png");
        let with_bad_crc = |kind: &[u8]| {
            let at = chunk_at(&file, kind);
            let len = u32::from_be_bytes(file[at..at + 4].try_into().unwrap()) as usize;
            let mut bad = file.clone();
            bad[at + 8 + len] ^= 1;
            png(&bad)
        };
        for kind in [&b"IHDR"[..], b"PLTE"] {
            let got = with_bad_crc(kind);
            assert!(matches!(got, Err(Flaw::Damaged(why)) if why.contains("校验码")), "{got:?}");
        }
        // Pillow reads image data with a wrong CRC; libpng an ancillary
        // chunk with one.
        assert!(with_bad_crc(b"IDAT").is_ok());
        assert!(with_bad_crc(b"IEND").is_ok());
    }

    #[test]
    fn a_chunk_longer_than_any_image_is_not_taken_for_a_file_cut_short() {
        let file = fixture("palette.png");
        let at = chunk_at(&file, b"IDAT");
        for len in [0x7FFF_FFF0_u32, 0xFFFF_FFFF, 200 << 20] {
            let mut huge = file.clone();
            huge[at..at + 4].copy_from_slice(&len.to_be_bytes());
            assert_eq!(png(&huge), Err(TOO_LONG), "{len}");
        }
        // An IDAT a little longer than the file has is the file cut short.
        let mut cut = file[..at + 200].to_vec();
        cut[at..at + 4].copy_from_slice(&1000_u32.to_be_bytes());
        assert!(matches!(png(&cut), Err(Flaw::Damaged(why)) if why.contains("中途断了")));
        let mut garbage = file.clone();
        garbage[at + 4..at + 8].copy_from_slice(&[0, 1, 2, 3]);
        assert_eq!(png(&garbage), Err(Flaw::Damaged("PNG 文件的结构有误")));
    }

    #[test]
    fn a_twelve_bit_jpeg_is_valid_but_unprintable() {
        assert!(
            matches!(jpeg(&spec_case("twelve-bit.jpg")), Err(Flaw::Unprintable(why)) if why.contains("12 位"))
        );
        // The same frame, declared as baseline (which allows 8 bits only).
        let mut file = spec_case("twelve-bit.jpg");
        let sof = file.windows(2).position(|w| w == [0xFF, 0xC1]).unwrap();
        file[sof + 1] = 0xC0;
        assert!(matches!(jpeg(&file), Err(Flaw::Damaged(_))));
        let mut grey = fixture("grey.jpg");
        let sof = grey.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
        grey[sof + 9] = 0; // no components
        assert!(matches!(jpeg(&grey), Err(Flaw::Damaged(_))));
    }

    #[test]
    fn a_declared_size_beyond_the_ceiling_is_refused_before_decoding() {
        let file = fixture("palette.png");
        // IHDR's width and height.
        let file = [0, 0, 0x9c, 0x40, 0, 0, 0x9c, 0x40]
            .iter()
            .enumerate()
            .fold(file, |f, (at, &v)| with_ihdr_byte(f, at, v));
        assert_eq!(png(&file), Err(Flaw::TooManyPixels { width: 40000, height: 40000 }));
        let mut file = fixture("grey.jpg");
        let sof = file.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
        file[sof + 5..sof + 9].copy_from_slice(&[0xFF, 0xFF, 0xFF, 0xFF]);
        assert_eq!(jpeg(&file), Err(Flaw::TooManyPixels { width: 65535, height: 65535 }));
    }
}
