//! `watch`: build, then build again whenever a file of the report folder
//! changes, printing the problems or how long the build took. The fonts and
//! the typst world stay between builds ([`Builder`]), and with them typst's
//! memoised layout, so a rebuild after editing one paragraph takes well under a
//! second; the PDF is replaced atomically at one path, so viewers reload it.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use anyhow::Result;

use crate::compile::Fonts;
use crate::diag::Diagnostic;
use crate::{BuildConfig, BuildOutcome, Builder};

/// How often the folder is looked at.
const POLL: Duration = Duration::from_millis(120);

/// What identifies the state of the folder: every file's path, size and
/// modification time.
type Fingerprint = Vec<(PathBuf, u64, Option<SystemTime>)>;

/// The files a build reads: everything under the folder except the output,
/// temporary files and hidden folders (`.git`).
fn fingerprint(dir: &Path, output: &Path) -> Fingerprint {
    let output = output.canonicalize().unwrap_or_else(|_| output.to_path_buf());
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        // Only a file of the output's name can be the output: resolve just those.
        .filter(|e| {
            Some(e.file_name()) != output.file_name() || e.path().canonicalize().map_or(true, |p| p != output)
        })
        .filter(|e| !e.file_name().to_string_lossy().ends_with(".tmp"))
        .map(|e| {
            let meta = e.metadata().ok();
            (e.into_path(), meta.as_ref().map_or(0, |m| m.len()), meta.and_then(|m| m.modified().ok()))
        })
        .collect()
}

/// Builds `config` now and after every change, forever (until the process
/// is stopped); `report` is told the outcome of each build and how long it
/// took.
pub fn watch(config: &BuildConfig, mut report: impl FnMut(&Result<BuildOutcome>, Duration)) -> Result<()> {
    // An output that would destroy a file is refused before watching.
    crate::output::target(&config.dir, &config.output, crate::output::OutputFormat::Pdf)?;
    let mut builder = Builder::new(Fonts::load(&config.font_paths)?);
    let mut seen: Option<Fingerprint> = None;
    loop {
        let now = fingerprint(&config.dir, &config.output);
        if seen.as_ref() != Some(&now) {
            // Let a save that writes several files finish.
            std::thread::sleep(Duration::from_millis(40));
            let now = fingerprint(&config.dir, &config.output);
            let started = Instant::now();
            let outcome = builder.build(config, &mut |_| {});
            report(&outcome, started.elapsed());
            // Keep what the last builds memoised, drop older work.
            typst::comemo::evict(10);
            seen = Some(now);
        }
        std::thread::sleep(POLL);
    }
}

/// The one-line summary of a build for the terminal.
pub fn summary(config: &BuildConfig, outcome: &BuildOutcome, took: Duration) -> String {
    let errors = outcome.diagnostics.iter().filter(|d| Diagnostic::is_error(d)).count();
    let warnings = outcome.diagnostics.len() - errors;
    match outcome.pages {
        Some(pages) if errors == 0 => format!(
            "已更新 {}（{pages} 页，用时 {:.2} 秒{}）",
            config.output.display(),
            took.as_secs_f64(),
            if warnings > 0 { format!("，{warnings} 处警告") } else { String::new() }
        ),
        Some(pages) => format!("已更新草稿 {}（{pages} 页，{errors} 处错误）", config.output.display()),
        None => format!("{errors} 处错误，PDF 未更新；保存修改后自动重新生成"),
    }
}
