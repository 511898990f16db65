//! Compile generated typst into a PDF: a sealed [`ReportWorld`], typst's
//! layout, typst-pdf's export. typst errors become messages that name the
//! generated line, which only a bug in our templates can cause.

mod fonts;
mod world;

use anyhow::Result;
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::Smart;
use typst::{World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

pub use fonts::Fonts;
pub use world::{LIB_PATH, MAIN_PATH, ReportWorld};

/// Lays out the world's document and exports it as PDF bytes; returns the
/// bytes and the number of pages.
pub fn compile_pdf(world: &ReportWorld) -> Result<(Vec<u8>, usize)> {
    let document = layout(world)?;
    Ok((export(world, &document)?, document.pages().len()))
}

/// typst's layout of the world's main source. typst's warnings (which only
/// our templates can cause) go to standard error when `ALLIANCE_REPORT_DEBUG`
/// is set.
pub fn layout(world: &ReportWorld) -> Result<PagedDocument> {
    let warned = typst::compile::<PagedDocument>(world);
    if std::env::var_os("ALLIANCE_REPORT_DEBUG").is_some() && !warned.warnings.is_empty() {
        eprintln!("{}", format_typst(world, &warned.warnings));
    }
    warned.output.map_err(|errors| anyhow::anyhow!("排版失败：\n{}", format_typst(world, &errors)))
}

/// The PDF of a laid-out document: no timestamp and a fixed identifier, so
/// the same sources give the same bytes.
pub fn export(world: &ReportWorld, document: &PagedDocument) -> Result<Vec<u8>> {
    let options = PdfOptions {
        ident: Smart::Custom("alliance-report".into()),
        creator: Smart::Custom(Some(format!("alliance-report {} (typst 0.15)", env!("CARGO_PKG_VERSION")))),
        timestamp: None,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(document, &options)
        .map_err(|errors| anyhow::anyhow!("导出 PDF 失败：\n{}", format_typst(world, &errors)))
}

/// typst's diagnostics with the line of generated source they point at.
fn format_typst(world: &ReportWorld, diagnostics: &[SourceDiagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| {
            let severity = if d.severity == Severity::Error { "error" } else { "warning" };
            let place = d
                .span
                .id()
                .and_then(|id| {
                    let source = world.source(id).ok()?;
                    let range = world.range(d.span)?;
                    let line = source.lines().byte_to_line(range.start)?;
                    let text = source.text().lines().nth(line).unwrap_or_default().trim();
                    Some(format!(" ({}:{}: {})", id.get().vpath().get_with_slash(), line + 1, text))
                })
                .unwrap_or_default();
            format!("  {severity}: {}{place}", d.message)
        })
        .collect::<Vec<_>>()
        .join("\n")
}
