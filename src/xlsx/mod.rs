//! Spreadsheets for collecting the tables from the member units: `xlsx
//! export` writes a workbook laid out like the form's tables, with the
//! catalogue's vocabularies, formats and rules in its cells. The layout
//! both directions share is [`layout`].

mod base;
mod cells;
mod edit;
mod export;
mod import;
pub mod layout;
mod measure;
mod merge;
#[cfg(test)]
mod properties;
mod read;

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

pub use export::{belongs, sheet_name};
pub use import::{Imported, Options, import};
pub use merge::Prefer;
pub use read::workbook_paths;

use crate::form::{MEMBERS, TABLES};
use crate::output::OutputFormat;

/// What `xlsx export` wrote: the file and the rows prefilled per table.
pub struct Written {
    pub path: PathBuf,
    pub rows: Vec<(&'static str, usize)>,
}

/// `xlsx export`: the workbook of the report in `dir` (for one member unit
/// with `member`) at `output`, written atomically, under the one policy of
/// [`crate::output`] for what an output may replace.
pub fn export(dir: &Path, output: &Path, member: Option<&str>) -> Result<Written> {
    // Refused before any work: an output that would destroy a file.
    let target = crate::output::target(dir, output, OutputFormat::Xlsx)?;
    let loaded = crate::load::load(dir)?;
    let Some(report) = loaded.report else {
        bail!("{} 中的报告无法读取（先用 alliance-report check 修正）", dir.display())
    };
    if let Some(member) = member {
        let names: Vec<&str> = report.rows(&MEMBERS).iter().filter_map(|r| r.text("name")).collect();
        if !names.contains(&member.trim()) {
            bail!(
                "{}",
                crate::suggest::with_closest(
                    member,
                    &names,
                    &format!("成员单位名单中没有“{member}”。名单中的单位")
                )
            );
        }
    }
    let read = report.sources.iter().map(|(path, _)| path).chain(report.assets.iter().map(|(rel, _)| rel));
    target.refuse_sources(read)?;
    let exported = export::workbook(&report, member)?;
    target.write(&exported.bytes)?;
    let rows = TABLES.iter().map(|t| t.name).zip(exported.rows).collect();
    Ok(Written { path: output.to_path_buf(), rows })
}
