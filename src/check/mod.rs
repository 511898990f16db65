//! The form's rules, checked on a loaded report: every problem a reviewer at
//! the 科技厅 would send the report back for, at its file, line and column.
//!
//! Steps, one module each: every field by its entry in the catalogue —
//! required, not 无, of its format, a word of its vocabulary ([`fields`],
//! with the validators of [`formats`]); the time window and the years the
//! prompts ask for ([`dates`]); figures of 一、联盟简况 that must agree with
//! the tables ([`figures`]); the narrative sections ([`narrative`]); the
//! attached evidence ([`evidence`]); characters the fonts cannot print
//! ([`glyphs`]). YAML syntax, unknown keys and values of the wrong kind are
//! reported earlier, by load. `check` reads only what load returned.

mod dates;
mod evidence;
mod fields;
mod figures;
mod files;
pub mod formats;
mod glyphs;
mod lookalikes;
mod narrative;

use crate::diag::{Diagnostic, Rule};
use crate::model::{Record, Report};
use crate::summary::Figures;
use crate::yaml::Span;

pub use files::describe as describe_file_problem;

/// Runs every check on `report`, whose derived figures are `figures`;
/// `covers` tells whether the fonts have a glyph for a character.
pub fn check(report: &Report, figures: &Figures, covers: &dyn Fn(char) -> bool) -> Vec<Diagnostic> {
    let mut checker = Checker { report, figures, covers, diagnostics: Vec::new() };
    fields::check(&mut checker);
    dates::check(&mut checker);
    figures::check(&mut checker);
    narrative::check(&mut checker);
    evidence::check(&mut checker);
    glyphs::check(&mut checker);
    lookalikes::check(&mut checker);
    checker.diagnostics
}

/// The state the checks share: the report and the diagnostics found so far.
pub(crate) struct Checker<'a> {
    pub report: &'a Report,
    pub figures: &'a Figures,
    pub covers: &'a dyn Fn(char) -> bool,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checker<'_> {
    /// Line and column of `span` in `file`.
    pub fn position(&self, file: &str, span: Span) -> (usize, usize) {
        self.report.sources.position(file, span.start)
    }

    /// Where field `key` of `record` is: its value, else its key, else the
    /// record itself.
    pub fn span_of(&self, record: &Record, key: &str) -> Span {
        let slot = record.slot(key);
        if slot.value.is_some() { slot.span } else { slot.key.unwrap_or(record.at) }
    }

    /// Records an error at `span` of `file`.
    pub fn error_at(&mut self, rule: Rule, file: &str, span: Span, message: String, hint: impl Into<String>) {
        let (line, column) = self.position(file, span);
        self.diagnostics.push(Diagnostic::error(rule, file, line, column, message).with_hint(hint));
    }

    /// Records a warning at `span` of `file`.
    pub fn warning_at(
        &mut self,
        rule: Rule,
        file: &str,
        span: Span,
        message: String,
        hint: impl Into<String>,
    ) {
        let (line, column) = self.position(file, span);
        self.diagnostics.push(Diagnostic::warning(rule, file, line, column, message).with_hint(hint));
    }

    /// Records an error at field `key` of `record`.
    pub fn error(
        &mut self,
        rule: Rule,
        record: &Record,
        key: &str,
        message: String,
        hint: impl Into<String>,
    ) {
        let span = self.span_of(record, key);
        self.error_at(rule, record.file, span, message, hint);
    }

    /// Records a warning at field `key` of `record`.
    pub fn warning(
        &mut self,
        rule: Rule,
        record: &Record,
        key: &str,
        message: String,
        hint: impl Into<String>,
    ) {
        let span = self.span_of(record, key);
        self.warning_at(rule, record.file, span, message, hint);
    }

    /// Records an error at the character `offset` of the (trimmed) text of
    /// field `key`, so that the caret points at the wrong character itself.
    pub fn error_inside(
        &mut self,
        rule: Rule,
        record: &Record,
        key: &str,
        offset: Option<usize>,
        message: String,
        hint: impl Into<String>,
    ) {
        let span = self.span_of(record, key);
        let (line, mut column) = self.position(record.file, span);
        if let Some(offset) = offset {
            let text = self.report.sources.text(record.file).unwrap_or_default();
            let rest = text.get(span.start..).unwrap_or_default();
            let quote = usize::from(rest.starts_with(['"', '\'']));
            let leading = rest[quote..].chars().take_while(|c| c.is_whitespace() && *c != '\n').count();
            column += quote + leading + offset;
        }
        self.diagnostics.push(Diagnostic::error(rule, record.file, line, column, message).with_hint(hint));
    }
}
