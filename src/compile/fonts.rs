//! The fonts compiled into the binary, and optional extra font folders.
//!
//! The embedded faces are parsed once per process into one [`FontBook`];
//! `--font-path` folders add their fonts after them.

use std::path::Path;
use std::sync::LazyLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use walkdir::WalkDir;

/// The font files under `fonts/`, as bytes in the binary.
static EMBEDDED: [(&str, &[u8]); 5] = [
    ("NotoSerifCJKsc-Regular.otf", include_bytes!("../../fonts/NotoSerifCJKsc-Regular.otf")),
    ("NotoSerifCJKsc-Bold.otf", include_bytes!("../../fonts/NotoSerifCJKsc-Bold.otf")),
    ("NotoSansCJKsc-Regular.otf", include_bytes!("../../fonts/NotoSansCJKsc-Regular.otf")),
    ("NotoSansCJKsc-Bold.otf", include_bytes!("../../fonts/NotoSansCJKsc-Bold.otf")),
    ("BabelStoneHan-Extra.ttf", include_bytes!("../../fonts/BabelStoneHan-Extra.ttf")),
];

/// The embedded fonts, parsed once.
static EMBEDDED_FONTS: LazyLock<Vec<Font>> =
    LazyLock::new(|| EMBEDDED.iter().flat_map(|(_, data)| Font::iter(Bytes::new(*data))).collect());

/// A set of fonts with the book that describes them.
#[derive(Debug, Clone)]
pub struct Fonts {
    pub book: FontBook,
    pub fonts: Vec<Font>,
}

impl Fonts {
    /// The embedded fonts, then every font file found in `extra` folders; a
    /// folder that does not exist is an error (a mistyped `--font-path`
    /// would otherwise be ignored without a word).
    pub fn load(extra: &[impl AsRef<Path>]) -> anyhow::Result<Self> {
        let mut fonts = EMBEDDED_FONTS.clone();
        for dir in extra {
            let dir = dir.as_ref();
            if !dir.is_dir() {
                anyhow::bail!("找不到字体文件夹 {}（--font-path）", dir.display());
            }
            for entry in WalkDir::new(dir).sort_by_file_name().into_iter().filter_map(|e| e.ok()) {
                let path = entry.path();
                let is_font = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                    matches!(e.to_ascii_lowercase().as_str(), "ttf" | "otf" | "ttc" | "otc")
                });
                if is_font && let Ok(data) = std::fs::read(path) {
                    fonts.extend(Font::iter(Bytes::new(data)));
                }
            }
        }
        let book = FontBook::from_fonts(&fonts);
        Ok(Fonts { book, fonts })
    }

    /// The embedded fonts alone.
    pub fn embedded() -> Self {
        let fonts = EMBEDDED_FONTS.clone();
        Fonts { book: FontBook::from_fonts(&fonts), fonts }
    }

    /// The embedded font files, by file name.
    pub fn embedded_files() -> impl Iterator<Item = (&'static str, &'static [u8])> {
        EMBEDDED.iter().copied()
    }

    /// Whether some font has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        self.fonts.iter().any(|f| f.info().coverage.contains(c as u32))
    }
}
