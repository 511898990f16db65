//! The files a report places besides its YAML and Markdown: the images of
//! its answers and the files of its evidence, each read once by load and
//! inspected there (format by content, pages and their sizes, pixels), so
//! that `check` judges and typst places the very same bytes.

use std::collections::BTreeMap;

use typst::foundations::Bytes;

/// The formats a placed file may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Jpeg,
    Png,
    Gif,
    Webp,
    Svg,
}

impl Format {
    /// The name typst's `image(format:)` takes.
    pub fn typst_name(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Jpeg => "jpg",
            Self::Png => "png",
            Self::Gif => "gif",
            Self::Webp => "webp",
            Self::Svg => "svg",
        }
    }
}

/// A file read and inspected.
#[derive(Debug, Clone)]
pub struct Asset {
    /// The file's content; empty when typst places its
    /// [`sheet`](Self::sheet) instead (so that 600 scans are not held
    /// twice).
    pub bytes: Bytes,
    /// The file's size in bytes.
    pub size: u64,
    pub kind: AssetKind,
    /// A hash of the content, to find the same file attached twice.
    pub digest: u64,
    /// What typst places instead of the file, at the file's path plus
    /// [`SHEET`]: for a scan attached as evidence, a one-page PDF; for a
    /// PDF with printable annotations, the PDF with them drawn in.
    pub sheet: Option<Bytes>,
}

/// What the path of a scan's one-page PDF adds to the scan's own.
pub const SHEET: &str = ".sheet.pdf";

/// What a PDF prints besides its pages' content, and what it hides of it:
/// a reader prints each annotation whose Print flag is set, by painting its
/// appearance, and leaves out the layers its default configuration turns
/// off. Annotations with an appearance are drawn into the file's
/// [`sheet`](Asset::sheet), hidden layers left out of it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Annotations {
    /// Drawn onto the pages (a seal, a filled field, ink, free text).
    pub drawn: usize,
    /// Printed by a reader from an appearance it makes itself, which the
    /// file does not hold (form fields of a file that sets NeedAppearances):
    /// they cannot be printed as the reader shows them.
    pub without_appearance: usize,
    /// Layer marks (optional content) that name no group, or a file whose
    /// layers have no default configuration: printed, though a reader may
    /// hide them.
    pub unresolved_layers: usize,
}

/// What a placed file is.
#[derive(Debug, Clone, PartialEq)]
pub enum AssetKind {
    /// The size of each page as shown (rotation applied), in points.
    /// `v2`: a PDF 2.0 file, which only a PDF 2.0 output can embed.
    Pdf { pages: Vec<(f64, f64)>, v2: bool, annotations: Annotations },
    /// A raster or vector image and its size (pixels; points for SVG).
    Image { format: Format, width: u32, height: u32 },
}

impl Asset {
    pub fn format(&self) -> Format {
        match self.kind {
            AssetKind::Pdf { .. } => Format::Pdf,
            AssetKind::Image { format, .. } => format,
        }
    }

    /// The size of each page the file prints on (one for an image).
    pub fn pages(&self) -> Vec<(f64, f64)> {
        match &self.kind {
            AssetKind::Pdf { pages, .. } => pages.clone(),
            AssetKind::Image { width, height, .. } => vec![(f64::from(*width), f64::from(*height))],
        }
    }

    /// Width × height in pixels, for a raster image.
    pub fn pixels(&self) -> Option<(u32, u32)> {
        match self.kind {
            AssetKind::Image { format, width, height } if format != Format::Svg => Some((width, height)),
            _ => None,
        }
    }
}

/// Why a file named by the report cannot be placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A URL or an absolute path.
    NotRelative,
    /// `..` leads out of the report folder, or a symbolic link does.
    Outside,
    /// No such file; perhaps the path meant is the one given.
    Missing {
        suggestion: Option<String>,
    },
    /// The file is there with other upper and lower case letters.
    Case {
        real: String,
    },
    /// A folder, a device.
    NotAFile,
    /// The operating system refused to read it.
    Unreadable(String),
    TooLarge(u64),
    Empty,
    /// Not a format the place takes; what it is, when we can tell.
    Unsupported(Option<&'static str>),
    /// A PDF that needs a password.
    Encrypted,
    /// A PDF whose attached files alone are encrypted, which cannot be read.
    EncryptedAttachments,
    /// A PDF without pages.
    NoPages,
    /// The content does not decode.
    Corrupt(String),
    /// Valid, but in a form the report cannot print (a 12-bit JPEG); why.
    Unprintable(String),
    /// An image that declares more pixels than any scan has (width, height).
    TooManyPixels(u32, u32),
}

/// Every file the report places, by path relative to the report folder,
/// and what each written path resolved to.
#[derive(Debug, Clone, Default)]
pub struct Assets {
    files: BTreeMap<String, Asset>,
    /// (the folder the path is relative to, the path as written) → the
    /// file, or why there is none.
    resolved: BTreeMap<(String, String), Result<String, Problem>>,
}

impl Assets {
    /// Records what `written` (relative to `base`) resolved to.
    pub fn record(&mut self, base: &str, written: &str, outcome: Result<(String, Asset), Problem>) {
        let outcome = outcome.map(|(rel, mut asset)| {
            // A file both placed in an answer and attached as evidence
            // keeps its image for the one and its sheet for the other.
            if let Some(before) = self.files.get(&rel) {
                if asset.bytes.is_empty() {
                    asset.bytes = before.bytes.clone();
                }
                if asset.sheet.is_none() {
                    asset.sheet = before.sheet.clone();
                }
            }
            self.files.insert(rel.clone(), asset);
            rel
        });
        self.resolved.insert((base.to_owned(), written.to_owned()), outcome);
    }

    /// Records what `written` (relative to `base`) resolved to, for a file
    /// that is only linked, not read.
    pub fn note(&mut self, base: &str, written: &str, outcome: Result<String, Problem>) {
        self.resolved.insert((base.to_owned(), written.to_owned()), outcome);
    }

    /// What `written` (relative to `base`) resolved to: its path inside the
    /// report folder, or why there is none.
    pub fn resolution(&self, base: &str, written: &str) -> Option<Result<&str, &Problem>> {
        let outcome = self.resolved.get(&(base.to_owned(), written.to_owned()))?;
        Some(outcome.as_ref().map(String::as_str))
    }

    /// Whether `written` (relative to `base`) was looked up already.
    pub fn knows(&self, base: &str, written: &str) -> bool {
        self.resolved.contains_key(&(base.to_owned(), written.to_owned()))
    }

    /// The file `written` (relative to `base`) names, with its path inside
    /// the report folder, or why there is none.
    pub fn lookup(&self, base: &str, written: &str) -> Option<Result<(&str, &Asset), &Problem>> {
        let outcome = self.resolved.get(&(base.to_owned(), written.to_owned()))?;
        Some(match outcome {
            Ok(rel) => Ok((rel.as_str(), self.files.get(rel)?)),
            Err(problem) => Err(problem),
        })
    }

    /// The file at `rel`, a path inside the report folder.
    pub fn get(&self, rel: &str) -> Option<&Asset> {
        self.files.get(rel)
    }

    /// Every file, by path inside the report folder.
    /// Whether a placed PDF is PDF 2.0, so that the output must be too.
    pub fn need_pdf_2(&self) -> bool {
        self.files.values().any(|a| matches!(a.kind, AssetKind::Pdf { v2: true, .. }))
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &Asset)> {
        self.files.iter().map(|(k, v)| (k.as_str(), v))
    }
}
