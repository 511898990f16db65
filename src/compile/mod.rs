//! Compile generated typst into a PDF: a sealed [`ReportWorld`], typst's
//! layout, typst-pdf's export. An error of typst is a [`TypesetError`] that
//! keeps the generated line it points at, so that the caller can say which
//! part of the report, written by whom, typst could not set.

mod fonts;
mod links;
mod world;

use anyhow::Result;
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Datetime, Smart};
use typst::{World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

pub use fonts::Fonts;
pub(crate) use fonts::body_face;
pub(crate) use fonts::prepare_common as prepare_fonts;
pub use world::{LIB_PATH, LIB_TYP, MAIN_PATH, ReportWorld};

/// Lays out the world's document and exports it as PDF bytes; returns the
/// bytes and the number of pages.
pub fn compile_pdf(world: &ReportWorld) -> Result<(Vec<u8>, usize)> {
    let document = layout(world)?;
    Ok((export(world, &document)?, document.pages().len()))
}

/// The step of typst that failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Layout,
    Export,
}

/// typst could not lay out or export the document. Our templates are
/// tested, so what causes it is the author's text meeting a limit or a bug
/// of typst.
#[derive(Debug, Clone)]
pub struct TypesetError {
    pub stage: Stage,
    /// typst's own messages (English), with the generated line each points at.
    pub errors: Vec<TypstError>,
}

/// One error of typst.
#[derive(Debug, Clone)]
pub struct TypstError {
    pub message: String,
    /// 0-based line of the generated main source, when the error points there.
    pub main_line: Option<usize>,
    /// The error with the generated line it points at, for a developer.
    pub detail: String,
}

impl std::fmt::Display for TypesetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match self.stage {
            Stage::Layout => "排版失败",
            Stage::Export => "导出 PDF 失败",
        };
        write!(f, "{what}：")?;
        for error in &self.errors {
            write!(f, "\n{}", error.detail)?;
        }
        Ok(())
    }
}

impl std::error::Error for TypesetError {}

/// typst's layout of the world's main source. typst's warnings (which only
/// our templates can cause) go to standard error when `ALLIANCE_REPORT_DEBUG`
/// is set.
pub fn layout(world: &ReportWorld) -> Result<PagedDocument, TypesetError> {
    let warned = typst::compile::<PagedDocument>(world);
    if std::env::var_os("ALLIANCE_REPORT_DEBUG").is_some() && !warned.warnings.is_empty() {
        let warnings: Vec<String> =
            typst_errors(world, &warned.warnings).into_iter().map(|e| e.detail).collect();
        let _ = std::io::Write::write_fmt(&mut std::io::stderr(), format_args!("{}\n", warnings.join("\n")));
    }
    warned
        .output
        .map(links::point)
        .map_err(|errors| TypesetError { stage: Stage::Layout, errors: typst_errors(world, &errors) })
}

/// The PDF of a laid-out document: a fixed identifier and no timestamp
/// (or the one `SOURCE_DATE_EPOCH` gives), so the same sources give the
/// same bytes on any machine, at any time, in any time zone.
pub fn export(world: &ReportWorld, document: &PagedDocument) -> Result<Vec<u8>, TypesetError> {
    // PDF 1.7, the version every reader opens; 2.0 when an attached file is
    // 2.0 (Ghostscript 10 writes them), since a page of a newer PDF cannot
    // be embedded in an older one.
    let standards = if world.needs_pdf_2() {
        PdfStandards::new(&[PdfStandard::V_2_0]).expect("PDF 2.0 alone is a valid set of standards")
    } else {
        PdfStandards::default()
    };
    let options = PdfOptions {
        ident: Smart::Custom("alliance-report".into()),
        creator: Smart::Custom(Some(format!("alliance-report {} (typst 0.15)", env!("CARGO_PKG_VERSION")))),
        timestamp: source_date_epoch(),
        standards,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(document, &options)
        .map_err(|errors| TypesetError { stage: Stage::Export, errors: typst_errors(world, &errors) })
}

/// typst's diagnostics with the line of generated source they point at.
fn typst_errors(world: &ReportWorld, diagnostics: &[SourceDiagnostic]) -> Vec<TypstError> {
    diagnostics
        .iter()
        .map(|d| {
            let severity = if d.severity == Severity::Error { "error" } else { "warning" };
            let at = d.span.id().and_then(|id| {
                let source = world.source(id).ok()?;
                let range = world.range(d.span)?;
                let line = source.lines().byte_to_line(range.start)?;
                let text: String =
                    source.text().lines().nth(line).unwrap_or_default().trim().chars().take(200).collect();
                Some((id, line, text))
            });
            let place = at
                .as_ref()
                .map(|(id, line, text)| {
                    format!(" ({}:{}: {text})", id.get().vpath().get_with_slash(), line + 1)
                })
                .unwrap_or_default();
            TypstError {
                message: d.message.to_string(),
                main_line: at.filter(|(id, ..)| *id == world.main()).map(|(_, line, _)| line),
                detail: format!("  {severity}: {}{place}", d.message),
            }
        })
        .collect()
}

/// The time of `SOURCE_DATE_EPOCH` (seconds since 1970, UTC), the
/// convention of reproducible builds for a date to record, if it is set.
fn source_date_epoch() -> Option<Timestamp> {
    let seconds: i64 = std::env::var("SOURCE_DATE_EPOCH").ok()?.trim().parse().ok()?;
    let (days, rest) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    let datetime = Datetime::from_ymd_hms(
        year,
        month,
        day,
        (rest / 3600) as u8,
        (rest % 3600 / 60) as u8,
        (rest % 60) as u8,
    )?;
    Some(Timestamp::new_utc(datetime))
}

/// The proleptic Gregorian date of a day counted from 1970-01-01
/// (H. Hinnant's algorithm).
pub(crate) fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_since_1970_are_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_089), (2025, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }
}
