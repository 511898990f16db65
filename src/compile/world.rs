//! A minimal, sealed typst [`World`]: the generated main source, our static
//! library, the fonts, and files inside the report folder. Nothing else: no
//! packages, no network, no file outside the report folder, and a fixed date.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use super::fonts::Fonts;
use crate::render::LIB_TYP;

/// The virtual path of the generated document.
pub const MAIN_PATH: &str = "/main.typ";
/// The virtual path of the static library.
pub const LIB_PATH: &str = "/lib.typ";

/// The world one build compiles in.
pub struct ReportWorld {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    root: PathBuf,
    main: Source,
    lib: Source,
    /// Files of the report folder read during this build.
    files: Mutex<HashMap<FileId, FileResult<Bytes>>>,
}

fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("static virtual path is valid");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

impl ReportWorld {
    /// A world whose main file is `main`; `root` is the report folder.
    pub fn new(root: &Path, main: String, fonts: Fonts) -> Self {
        Self {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(fonts.book),
            fonts: fonts.fonts,
            root: root.to_path_buf(),
            main: Source::new(file_id(MAIN_PATH), main),
            lib: Source::new(file_id(LIB_PATH), LIB_TYP.to_owned()),
            files: Mutex::new(HashMap::new()),
        }
    }

    /// The report folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The generated main source.
    pub fn main_text(&self) -> &str {
        self.main.text()
    }

    /// Replaces the main source for the next build (typst reparses only what
    /// changed) and forgets the files read, which may have changed too.
    pub fn update(&mut self, main: String) {
        self.main.replace(&main);
        self.files.get_mut().unwrap_or_else(|e| e.into_inner()).clear();
    }

    /// Reads a file of the report folder, refusing anything that resolves
    /// outside it (through `..` or a symbolic link).
    fn read(&self, id: FileId) -> FileResult<Bytes> {
        if matches!(id.get().root(), VirtualRoot::Package(_)) {
            return Err(FileError::Other(Some("本工具不使用 typst 包".into())));
        }
        let root = self.root.canonicalize().map_err(|e| FileError::from_io(e, &self.root))?;
        let path = id.get().vpath().realize(&root).map_err(|_| FileError::AccessDenied)?;
        let real = path.canonicalize().map_err(|e| FileError::from_io(e, &path))?;
        if !real.starts_with(&root) {
            return Err(FileError::AccessDenied);
        }
        if real.is_dir() {
            return Err(FileError::IsDirectory);
        }
        std::fs::read(&real).map(Bytes::new).map_err(|e| FileError::from_io(e, &real))
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
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.entry(id).or_insert_with(|| self.read(id)).clone()
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    /// Reports carry their own dates; `datetime.today()` is fixed so that the
    /// output never depends on the clock.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Datetime::from_ymd(2025, 1, 1)
    }
}
