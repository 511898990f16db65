//! Pictures of the answers in the formats every Word shows: GIF and WebP
//! decoded and written as PNG (image-rs, the decoder typst itself uses),
//! SVG drawn to a PNG (resvg, typst's own SVG renderer) with the embedded
//! fonts for its text.

use std::sync::{Arc, LazyLock};

use resvg::{tiny_skia, usvg};

/// The pixels of an SVG drawing per point: 2, so that a drawing stays
/// sharp when printed (144 dpi).
const SVG_SCALE: f32 = 2.0;

/// The largest side of a drawn SVG, in pixels.
const SVG_MAX: f32 = 4000.0;

/// A GIF's first frame or a WebP, as a PNG.
pub(super) fn to_png(bytes: &[u8]) -> Option<Vec<u8>> {
    let image = image::load_from_memory(bytes).ok()?;
    let mut png = Vec::new();
    image.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).ok()?;
    Some(png)
}

/// The embedded fonts, for text in an SVG.
static FONTS: LazyLock<Arc<usvg::fontdb::Database>> = LazyLock::new(|| {
    let mut db = usvg::fontdb::Database::new();
    for (_, bytes) in crate::compile::Fonts::embedded_files() {
        db.load_font_data(bytes.to_vec());
    }
    Arc::new(db)
});

/// An SVG drawing as a PNG, at [`SVG_SCALE`] pixels a point.
pub(super) fn svg_to_png(bytes: &[u8]) -> Option<Vec<u8>> {
    let options = usvg::Options { fontdb: FONTS.clone(), ..usvg::Options::default() };
    let tree = usvg::Tree::from_data(bytes, &options).ok()?;
    let size = tree.size();
    let scale = SVG_SCALE.min(SVG_MAX / size.width().max(size.height()).max(1.0));
    let (w, h) = ((size.width() * scale).ceil() as u32, (size.height() * scale).ceil() as u32);
    let mut pixmap = tiny_skia::Pixmap::new(w.max(1), h.max(1))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().ok()
}
