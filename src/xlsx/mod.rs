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

/// What `xlsx export` wrote: the file and the rows prefilled per table.
pub struct Written {
    pub path: PathBuf,
    pub rows: Vec<(&'static str, usize)>,
}

/// `xlsx export`: the workbook of the report in `dir` (for one member unit
/// with `member`) at `output`, written atomically. Refuses an output that
/// is one of the report's files, or an existing file that is not a
/// workbook.
pub fn export(dir: &Path, output: &Path, member: Option<&str>) -> Result<Written> {
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
    refuse(dir, output, report.sources.iter().map(|(path, _)| path))?;
    let exported = export::workbook(&report, member)?;
    crate::output::write_atomically(output, &exported.bytes)?;
    let rows = TABLES.iter().map(|t| t.name).zip(exported.rows).collect();
    Ok(Written { path: output.to_path_buf(), rows })
}

/// Refuses to write a workbook over a file the report reads, a folder, or
/// an existing file that is not a workbook (a Word document named by
/// mistake would be lost).
fn refuse<'a>(dir: &Path, output: &Path, read: impl IntoIterator<Item = &'a str>) -> Result<()> {
    let shown = output.display();
    let extension = output.extension().and_then(|e| e.to_str()).unwrap_or_default();
    if !extension.eq_ignore_ascii_case("xlsx") {
        bail!(
            "工作簿的文件名要以 .xlsx 结尾（{shown}）：Excel、WPS 和 LibreOffice 按扩展名打开它，例如 成员单位.xlsx"
        );
    }
    if let Ok(target) = output.canonicalize() {
        for rel in read {
            if dir.join(rel).canonicalize().is_ok_and(|source| source == target) {
                bail!(
                    "不能把工作簿写到 {shown}：它就是报告要读取的文件 {rel}，写入会覆盖它；请换一个输出路径，例如 成员单位.xlsx"
                );
            }
        }
    }
    match std::fs::metadata(output) {
        Ok(meta) if meta.is_dir() => {
            bail!("不能把工作簿写到 {shown}：它是一个文件夹；请写出文件名，例如 成员单位.xlsx")
        }
        Ok(meta) if meta.len() > 0 => {
            let mut head = [0u8; 4];
            let is_zip = std::fs::File::open(output)
                .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
                .is_ok_and(|()| &head == b"PK\x03\x04");
            if !is_zip {
                bail!(
                    "不能把工作簿写到 {shown}：那里已有一个不是 Excel 工作簿的文件，覆盖会让它丢失；请换一个输出文件名"
                );
            }
            Ok(())
        }
        _ => Ok(()),
    }
}
