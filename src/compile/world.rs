//! A minimal, sealed typst [`World`]: the generated main source, our static
//! library, the fonts, and the files load read (the answers' images, the
//! evidence). Nothing else: no packages, no network, no disk, and a fixed
//! date. typst places exactly the bytes that `check` judged.

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Dict, Duration, Str, Value};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Feature, Library, LibraryExt, World};

use super::fonts::Fonts;
use crate::model::{Assets, SHEET};

/// The static typst library the generated source imports as [`LIB_PATH`].
/// The world owns it, so that rendering depends on compiling (for the
/// fonts' metrics), not the other way round.
pub const LIB_TYP: &str = include_str!("../../templates/lib.typ");

/// The virtual path of the generated document.
pub const MAIN_PATH: &str = "/main.typ";
/// The virtual path of the static library.
pub const LIB_PATH: &str = "/lib.typ";

/// The world one build compiles in.
pub struct ReportWorld {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Fonts,
    main: Source,
    lib: Source,
    /// The files the document may place, by path inside the report folder.
    assets: Assets,
}

fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("static virtual path is valid");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

impl ReportWorld {
    /// A world whose main file is `main`, placing the files of `assets`.
    pub fn new(main: String, assets: Assets, fonts: Fonts) -> Self {
        Self {
            library: LazyHash::new(
                Library::builder()
                    // a11y-extras: `pdf.header-cell`, the header cells of the
                    // tagged PDF for the label cells of 一、联盟简况.
                    .with_features([Feature::A11yExtras].into_iter().collect())
                    // The links to labels, pointed after layout (links.rs).
                    .with_inputs(Dict::from_iter([(
                        Str::from(super::links::DEFERRED.0),
                        Value::Str(super::links::DEFERRED.1.into()),
                    )]))
                    .build(),
            ),
            book: LazyHash::new(fonts.book.clone()),
            fonts,
            main: Source::new(file_id(MAIN_PATH), main),
            lib: Source::new(file_id(LIB_PATH), LIB_TYP.to_owned()),
            assets,
        }
    }

    /// The generated main source.
    /// Whether a file it places is PDF 2.0, which only a PDF 2.0 output can
    /// embed.
    pub fn needs_pdf_2(&self) -> bool {
        self.assets.need_pdf_2()
    }

    pub fn main_text(&self) -> &str {
        self.main.text()
    }

    /// Replaces the main source and the files for the next build (typst
    /// reparses only what changed).
    pub fn update(&mut self, main: String, assets: Assets) {
        self.main.replace(&main);
        self.assets = assets;
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else if id == self.lib.id() {
            Ok(self.lib.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() || id == self.lib.id() {
            return Ok(Bytes::from_string(self.source(id)?));
        }
        if matches!(id.get().root(), VirtualRoot::Package(_)) {
            return Err(FileError::Other(Some("本工具不使用 typst 包".into())));
        }
        let path = id.get().vpath().get_with_slash();
        let path = path.trim_start_matches('/');
        if let Some(scan) = path.strip_suffix(SHEET)
            && let Some(sheet) = self.assets.get(scan).and_then(|a| a.sheet.clone())
        {
            return Ok(sheet);
        }
        self.assets.get(path).map(|a| a.bytes.clone()).ok_or(FileError::AccessDenied)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    /// Reports carry their own dates; `datetime.today()` is fixed so that the
    /// output never depends on the clock.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Datetime::from_ymd(2025, 1, 1)
    }
}
