//! The fonts compiled into the binary, and optional extra font folders.
//!
//! The embedded faces are described by a font book written offline
//! (`fonts/book.json`, the [`FontInfo`] of every face), so that starting the
//! tool and checking a report parse no face at all. A face is unpacked (the
//! large fallbacks are stored compressed with zstd) and parsed the first time
//! typst asks for it, once per process. `--font-path` folders add their fonts
//! after the embedded ones; those are read when the [`Fonts`] are made.

use std::io::Read;
use std::path::Path;
use std::sync::{LazyLock, OnceLock};

use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo};
use walkdir::WalkDir;

/// How a face is stored in the binary.
#[derive(Clone, Copy)]
enum Stored {
    Plain(&'static [u8]),
    /// A zstd frame: the fallbacks that few documents need.
    Zstd(&'static [u8]),
}

/// One embedded face: its file under `fonts/` (without `.zst`) and its bytes.
struct Embedded {
    file: &'static str,
    stored: Stored,
}

/// The embedded faces, in the order of the book. The fallbacks come after
/// the Noto faces, in the order `templates/lib.typ` names them.
static EMBEDDED: [Embedded; 7] = [
    plain("NotoSerifCJKsc-Regular.otf", include_bytes!("../../fonts/NotoSerifCJKsc-Regular.otf")),
    plain("NotoSerifCJKsc-Bold.otf", include_bytes!("../../fonts/NotoSerifCJKsc-Bold.otf")),
    plain("NotoSansCJKsc-Regular.otf", include_bytes!("../../fonts/NotoSansCJKsc-Regular.otf")),
    plain("NotoSansCJKsc-Bold.otf", include_bytes!("../../fonts/NotoSansCJKsc-Bold.otf")),
    plain("HanaMinA-Fallback.ttf", include_bytes!("../../fonts/HanaMinA-Fallback.ttf")),
    zstd("HanaMinB-Fallback.ttf", include_bytes!("../../fonts/HanaMinB-Fallback.ttf.zst")),
    zstd("BabelStoneHan-Fallback.ttf", include_bytes!("../../fonts/BabelStoneHan-Fallback.ttf.zst")),
];

const fn plain(file: &'static str, data: &'static [u8]) -> Embedded {
    Embedded { file, stored: Stored::Plain(data) }
}

const fn zstd(file: &'static str, data: &'static [u8]) -> Embedded {
    Embedded { file, stored: Stored::Zstd(data) }
}

/// The book of the embedded faces as `tests` write it (see [`BOOK_FILE`]).
const BOOK_JSON: &str = include_str!("../../fonts/book.json");

/// Where the book of the embedded faces lives, relative to the crate.
#[cfg(test)]
const BOOK_FILE: &str = "fonts/book.json";

/// One entry of `fonts/book.json`.
#[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
struct BookEntry {
    file: String,
    info: FontInfo,
}

/// The embedded book, read once.
static BOOK: LazyLock<Vec<FontInfo>> = LazyLock::new(|| {
    let entries: Vec<BookEntry> = serde_json::from_str(BOOK_JSON).expect("fonts/book.json is valid");
    assert!(
        entries.iter().map(|e| e.file.as_str()).eq(EMBEDDED.iter().map(|e| e.file)),
        "fonts/book.json lists the embedded faces in order"
    );
    entries.into_iter().map(|e| e.info).collect()
});

/// The embedded faces, each unpacked and parsed when first needed.
static FACES: [OnceLock<Option<Font>>; 7] = [const { OnceLock::new() }; 7];

/// The body face (Noto Serif CJK SC Regular, 宋体), which measures the text
/// of table cells.
pub(crate) fn body_face() -> Option<Font> {
    embedded_face(0)
}

/// How many of the embedded faces (the first ones) most reports use: the
/// four Noto faces and HanaMinA (☐ ☑ ☒).
const COMMON: usize = 5;

/// Makes the faces most reports use ready for typst on a thread of its
/// own, while the report is read, checked and rendered on this one: each
/// face parsed, and its data hashed. typst hashes a face's whole data the
/// first time it uses it (its memoised functions key on fonts), 58 MB of
/// Noto with SipHash, some 35 ms of the first layout of a process. The hash
/// is kept with the data, so typst finds it done.
pub(crate) fn prepare_common() {
    std::thread::spawn(|| {
        for index in 0..COMMON {
            if let Some(font) = embedded_face(index) {
                typst::utils::hash128(&font);
            }
        }
    });
}

/// The embedded face `index`, unpacked and parsed once per process.
fn embedded_face(index: usize) -> Option<Font> {
    FACES.get(index)?.get_or_init(|| Font::new(unpack(EMBEDDED[index].stored), 0)).clone()
}

fn unpack(stored: Stored) -> Bytes {
    match stored {
        Stored::Plain(data) => Bytes::new(data),
        Stored::Zstd(data) => {
            let mut out = Vec::new();
            let mut decoder =
                ruzstd::decoding::StreamingDecoder::new(data).expect("an embedded font is zstd");
            decoder.read_to_end(&mut out).expect("an embedded font unpacks");
            Bytes::new(out)
        }
    }
}

/// Where the font of one index of the book comes from.
#[derive(Debug, Clone)]
enum Slot {
    Embedded(usize),
    Loaded(Font),
}

/// A set of fonts with the book that describes them.
#[derive(Debug, Clone)]
pub struct Fonts {
    pub book: FontBook,
    slots: Vec<Slot>,
}

impl Fonts {
    /// The embedded fonts, then every font file found in `extra` folders; a
    /// folder that does not exist is an error (a mistyped `--font-path`
    /// would otherwise be ignored without a word).
    pub fn load(extra: &[impl AsRef<Path>]) -> anyhow::Result<Self> {
        let mut fonts = Self::embedded();
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
                    for font in Font::iter(Bytes::new(data)) {
                        fonts.book.push(font.info().clone());
                        fonts.slots.push(Slot::Loaded(font));
                    }
                }
            }
        }
        Ok(fonts)
    }

    /// The embedded fonts alone: their book, with no face parsed yet.
    pub fn embedded() -> Self {
        Fonts {
            book: FontBook::from_infos(BOOK.iter().cloned()),
            slots: (0..EMBEDDED.len()).map(Slot::Embedded).collect(),
        }
    }

    /// The font at `index` of the book, parsed (and unpacked) on first use.
    pub fn font(&self, index: usize) -> Option<Font> {
        match self.slots.get(index)? {
            Slot::Embedded(face) => embedded_face(*face),
            Slot::Loaded(font) => Some(font.clone()),
        }
    }

    /// The embedded font files, by file name, unpacked: for `--emit-typst`,
    /// whose folder typst's own CLI must be able to read.
    pub fn embedded_files() -> impl Iterator<Item = (&'static str, Bytes)> {
        EMBEDDED.iter().map(|e| (e.file, unpack(e.stored)))
    }

    /// Whether some font has a glyph for `c`, by the book alone.
    pub fn covers(&self, c: char) -> bool {
        (0..self.slots.len()).filter_map(|i| self.book.info(i)).any(|info| info.coverage.contains(c as u32))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The book in the binary is the book of the faces in the binary. With
    /// `ALLIANCE_REPORT_BLESS_FONT_BOOK=1` it is rewritten from them (after
    /// `tools/subset-fonts.py` changed a face).
    #[test]
    fn book_describes_the_embedded_faces() {
        let entries: Vec<BookEntry> = EMBEDDED
            .iter()
            .map(|e| {
                let font = Font::new(unpack(e.stored), 0).expect("an embedded face parses");
                BookEntry { file: e.file.to_owned(), info: font.info().clone() }
            })
            .collect();
        if std::env::var_os("ALLIANCE_REPORT_BLESS_FONT_BOOK").is_some() {
            let lines: Vec<String> =
                entries.iter().map(|e| serde_json::to_string(e).expect("a font info serialises")).collect();
            let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(BOOK_FILE);
            std::fs::write(path, format!("[\n{}\n]\n", lines.join(",\n")))
                .expect("fonts/book.json is written");
            return;
        }
        let book: Vec<BookEntry> = serde_json::from_str(BOOK_JSON).expect("fonts/book.json is valid");
        for (written, read) in book.iter().zip(&entries) {
            assert_eq!(
                written, read,
                "fonts/book.json is out of date: run with ALLIANCE_REPORT_BLESS_FONT_BOOK=1"
            );
        }
        assert_eq!(book.len(), entries.len(), "fonts/book.json lists every embedded face");
    }

    /// Checking a report asks the book only; the first glyph of a
    /// fallback unpacks that face alone. Run in a child process, alone,
    /// because other tests of this process parse faces.
    #[test]
    fn faces_are_parsed_only_when_used() {
        const CHILD: &str = "ALLIANCE_REPORT_FONTS_CHILD";
        if std::env::var_os(CHILD).is_none() {
            let name = "compile::fonts::tests::faces_are_parsed_only_when_used";
            let child = std::process::Command::new(std::env::current_exe().expect("the test binary"))
                .args([name, "--exact", "--test-threads=1"])
                .env(CHILD, "1")
                .output()
                .expect("the test binary runs");
            let said = String::from_utf8_lossy(&child.stdout);
            assert!(child.status.success() && said.contains("1 passed"), "the child test failed: {said}");
            return;
        }
        let fonts = Fonts::embedded();
        let g_or_h = (0x30000..0x323B0).filter_map(char::from_u32).find(|&c| fonts.covers(c));
        assert!(fonts.covers('联') && fonts.covers('\u{2EBE0}') && fonts.covers('☑') && g_or_h.is_some());
        assert!(!fonts.covers('😀') && !fonts.covers('\u{E000}'));
        assert!(FACES.iter().all(|face| face.get().is_none()), "the book answered without a face");
        let hana_b = fonts.book.select_family("hanaminb").next().expect("HanaMinB is in the book");
        let face = fonts.font(hana_b).expect("HanaMinB unpacks and parses");
        assert!(face.info().coverage.contains(0x2EBE0) && face.data().len() > 20_000_000);
        let parsed: Vec<usize> = (0..FACES.len()).filter(|&i| FACES[i].get().is_some()).collect();
        assert_eq!(parsed, [hana_b], "only the face asked for was parsed");
    }
}
