//! The form's rules, checked on a loaded report: every problem a reviewer at
//! the 科技厅 would send the report back for, at its file, line and column.
//!
//! Steps, one module each: required cells ([`cells`]), formats of codes,
//! phones and addresses ([`formats`], used by [`cells`]), the time window and
//! the years the prompts ask for ([`dates`]), figures of 一、联盟简况 that must
//! agree with the tables ([`figures`]), the narrative sections
//! ([`narrative`]) and the attached evidence ([`evidence`]). YAML syntax, unknown keys, wrong types and closed
//! vocabularies are reported earlier, by the loader.

mod cells;
mod dates;
mod evidence;
mod figures;
pub mod formats;
mod narrative;

use std::collections::HashMap;
use std::path::Path;

use crate::diag::Diagnostic;
use crate::evidence::Attachments;
use crate::load::{Files, Locations, Pos};
use crate::model::Report;

/// Runs every check on `report`, whose files' texts are in `files` and whose
/// folder is `root`; `covers` tells whether the fonts have a glyph for a
/// character.
pub fn check(
    report: &Report,
    files: &Files,
    root: &Path,
    attachments: &Attachments,
    covers: &dyn Fn(char) -> bool,
) -> Vec<Diagnostic> {
    let mut checker = Checker {
        report,
        files,
        root,
        attachments,
        covers,
        locations: HashMap::new(),
        diagnostics: Vec::new(),
    };
    cells::check(&mut checker);
    dates::check(&mut checker);
    figures::check(&mut checker);
    narrative::check(&mut checker);
    evidence::check(&mut checker);
    checker.diagnostics
}

/// The state the checks share: the report, where its values stand, and the
/// diagnostics found so far.
pub(crate) struct Checker<'a> {
    pub report: &'a Report,
    pub files: &'a Files,
    pub root: &'a Path,
    pub attachments: &'a Attachments,
    pub covers: &'a dyn Fn(char) -> bool,
    locations: HashMap<&'static str, Locations>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checker<'_> {
    /// Where the value at `path` of `file` stands; for a missing value, its
    /// key, else the key of the nearest ancestor that is there (the
    /// `alliance:` line for a missing `alliance.field`).
    pub fn pos(&mut self, file: &'static str, path: &str) -> Pos {
        let files = self.files;
        let locations = self.locations.entry(file).or_insert_with(|| files.locations(file));
        let mut at = path;
        loop {
            // An item of a sequence has no key: its own first line stands for it.
            let item = || locations.value(at).filter(|_| at == path || at.ends_with(']'));
            if let Some(pos) =
                locations.key(at).filter(|_| at != path).or_else(item).or_else(|| locations.key(at))
            {
                return pos;
            }
            match at.rfind(['.', '[']) {
                Some(cut) => at = &at[..cut],
                None => return locations.best(path),
            }
        }
    }

    /// Records an error at the value at `path` in `file`.
    pub fn error(&mut self, file: &'static str, path: &str, message: String, hint: impl Into<String>) {
        let pos = self.pos(file, path);
        self.diagnostics.push(Diagnostic::error(file, pos.line, pos.column, message).with_hint(hint));
    }

    /// Records an error at the character `offset` of the (trimmed) value at
    /// `path`, so the caret points at the wrong character itself.
    pub fn error_inside(
        &mut self,
        file: &'static str,
        path: &str,
        offset: Option<usize>,
        message: String,
        hint: impl Into<String>,
    ) {
        let mut pos = self.pos(file, path);
        if let Some(offset) = offset {
            let line =
                self.files.text(file).and_then(|t| t.lines().nth(pos.line.saturating_sub(1))).unwrap_or("");
            let rest: String = line.chars().skip(pos.column.saturating_sub(1)).collect();
            let quote = usize::from(rest.starts_with(['"', '\'']));
            let leading = rest[quote..].chars().take_while(|c| c.is_whitespace()).count();
            pos.column += quote + leading + offset;
        }
        self.diagnostics.push(Diagnostic::error(file, pos.line, pos.column, message).with_hint(hint));
    }

    /// Records a warning at the value at `path` in `file`.
    pub fn warning(&mut self, file: &'static str, path: &str, message: String, hint: impl Into<String>) {
        let pos = self.pos(file, path);
        self.diagnostics.push(Diagnostic::warning(file, pos.line, pos.column, message).with_hint(hint));
    }
}
