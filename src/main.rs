//! Entry point: parse arguments, dispatch, print diagnostics and errors in
//! one place, exit 0 (clean), 1 (the report has errors) or 2 (could not run).

use std::io::{IsTerminal, Write as _};
use std::process::ExitCode;

use alliance_report::cli::{Cli, Command, Format, XlsxCommand};
use alliance_report::diag::{self, Diagnostic, Rule};
use alliance_report::model::Sources;
use alliance_report::{Step, compile, diff, init, watch};
use clap::Parser as _;

/// The number of evidence pages from which `build` shows its progress.
const PROGRESS_FROM_PAGES: usize = 60;

/// What the user reads goes to standard error; when it is a closed pipe
/// (`check 2>&1 | head -1`), the rest is dropped quietly and the exit
/// status stays the verdict.
macro_rules! say {
    ($($arg:tt)*) => {{
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

macro_rules! sayln {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// A command's result on standard output (JSON, annotations, a diff): a
/// closed pipe (`| head -1`) ends it quietly; any other failure to write
/// is an error of the environment.
fn print_out(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(anyhow::anyhow!("无法写出结果：{e}")),
        _ => Ok(()),
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return parse_error(&err),
    };
    // Ctrl+C, SIGTERM, SIGHUP: remove the half-written output (and diff's
    // scratch folder) before ending, with the shell's status for SIGINT.
    let _ = ctrlc::set_handler(|| {
        alliance_report::output::interrupted();
        std::process::exit(130);
    });
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            sayln!("错误：{}", said(&err));
            ExitCode::from(2)
        }
    }
}

/// An error and its causes, as one line in Chinese: what the program was
/// doing ("无法读取 x.pdf"), then why; a failure of the file system is said
/// by its kind, not in the system's English ("No such file or directory
/// (os error 2)").
fn said(err: &anyhow::Error) -> String {
    err.chain()
        .map(|cause| match cause.downcast_ref::<std::io::Error>() {
            Some(io) => io_reason(io),
            None => cause.to_string(),
        })
        .collect::<Vec<_>>()
        .join("：")
}

/// What went wrong with a file, in Chinese.
fn io_reason(err: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match err.kind() {
        NotFound => "文件或文件夹不存在".to_owned(),
        PermissionDenied => "没有权限（文件可能正被其他程序打开，或是只读的）".to_owned(),
        IsADirectory => "它是一个文件夹，不是文件".to_owned(),
        NotADirectory => "路径中有一部分是文件，不是文件夹".to_owned(),
        StorageFull => "磁盘已满".to_owned(),
        AlreadyExists => "已经存在".to_owned(),
        ReadOnlyFilesystem => "磁盘是只读的".to_owned(),
        InvalidFilename => "文件名不合规（太长或含有不允许的字符）".to_owned(),
        BrokenPipe => "输出被提前关闭".to_owned(),
        _ => format!("系统报告的错误：{err}"),
    }
}

/// A command line clap could not read, said in Chinese with the closest
/// command or flag, exit 2 (help and the version print as clap writes
/// them, with its Chinese descriptions).
fn parse_error(err: &clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ErrorKind};
    let kind = err.kind();
    if matches!(kind, ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = err.print();
        return ExitCode::SUCCESS;
    }
    if kind == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        let _ = err.print();
        return ExitCode::from(2);
    }
    let context = |k: ContextKind| err.get(k).map(|v| v.to_string().trim_matches('\'').to_owned());
    let invalid = context(ContextKind::InvalidSubcommand)
        .or_else(|| context(ContextKind::InvalidArg))
        .unwrap_or_default();
    let value = context(ContextKind::InvalidValue).unwrap_or_default();
    let message = match kind {
        ErrorKind::InvalidSubcommand => format!("没有“{invalid}”这个命令"),
        ErrorKind::UnknownArgument => format!("不认识的参数“{invalid}”"),
        ErrorKind::InvalidValue => match context(ContextKind::ValidValue) {
            Some(valid) if !value.is_empty() && !valid.is_empty() => {
                format!("{invalid} 不能写“{value}”，只能写：{}", valid.replace(", ", "、"))
            }
            _ => format!("{invalid} 后面缺少要写的值"),
        },
        ErrorKind::MissingRequiredArgument => format!("缺少必须写的参数：{invalid}"),
        ErrorKind::MissingSubcommand => "缺少要运行的命令".to_owned(),
        ErrorKind::ArgumentConflict => match context(ContextKind::PriorArg) {
            Some(other) => format!("{invalid} 和 {other} 不能同时使用"),
            None => format!("{invalid} 不能与前面的参数同时使用"),
        },
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::NoEquals => {
            format!("参数“{invalid}”的写法不对")
        }
        ErrorKind::ValueValidation => format!("{invalid} 的值“{value}”不对"),
        _ => "命令行的写法不对".to_owned(),
    };
    sayln!("错误：{message}");
    let suggested = context(ContextKind::SuggestedSubcommand).or_else(|| context(ContextKind::SuggestedArg));
    if let Some(suggested) = suggested {
        sayln!("  = 提示：你是不是想写 {}？", suggested.replace(", ", " 或 "));
    }
    sayln!("  = 用法：alliance-report --help 列出全部命令，alliance-report 命令 --help 列出它的参数");
    ExitCode::from(2)
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Build(args) => build(args),
        Command::Check(args) => check(args),
        Command::Watch(args) => {
            if args.document_format() == alliance_report::cli::DocumentFormat::Docx {
                anyhow::bail!(
                    "watch 只自动更新 PDF；Word 文档请在修改完成后用 alliance-report build --format docx 生成"
                );
            }
            let config = args.config();
            sayln!(
                "正在监视 {}，保存文件后自动重新生成 {}；按 Ctrl+C 结束。",
                config.dir.display(),
                config.output.display()
            );
            watch::watch(&config, |outcome, took| match outcome {
                Ok(outcome) => {
                    report(&outcome.sources, &outcome.diagnostics);
                    sayln!("{}", watch::summary(&config, outcome, took));
                }
                Err(err) => sayln!("错误：{}", said(err)),
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Diff(args) => {
            let (old, new) = match (&args.git, &args.old, &args.new) {
                (Some(range), dir, None) => {
                    diff::git::range(dir.as_deref().unwrap_or(std::path::Path::new(".")), range)?
                }
                (None, Some(old), Some(new)) => diff::folders(old, new),
                _ => anyhow::bail!(
                    "用法：alliance-report diff 旧文件夹 新文件夹，或 alliance-report diff --git main..HEAD [报告文件夹]"
                ),
            };
            let markdown = diff::versions(&old, &new)?;
            if let Some(out) = &args.pages {
                let written = diff::pages(&old.source, &new.source, out, &compile::Fonts::embedded())?;
                sayln!("不同的页面：{} 张图片，写入 {}", written.len(), out.display());
            }
            print_out(&markdown)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Init(args) => {
            let written = init::init(&args.dir)?;
            sayln!("已新建报告文件夹 {}（{} 个文件）。", args.dir.display(), written.files.len());
            let workflow = written.files.last().map(|p| p.display().to_string()).unwrap_or_default();
            match &written.repository {
                Some(_) => {
                    sayln!("GitHub 的检查工作流写在仓库根目录下：{workflow}，请和报告文件夹一起提交。")
                }
                None => sayln!(
                    "GitHub 的检查工作流写在 {workflow}。GitHub 只读取仓库根目录下的 .github/workflows/，\
                     所以请把 {} 作为 git 仓库的根目录（在其中运行 git init）；\
                     如果要放进已有仓库的子文件夹，请在仓库里重新运行 init。",
                    args.dir.display()
                ),
            }
            sayln!("下一步：按注释填写各 YAML 文件和 sections/ 下的回答，然后运行");
            sayln!("  alliance-report check {}", alliance_report::escape::shell_word(&args.dir));
            Ok(ExitCode::SUCCESS)
        }
        Command::Xlsx(XlsxCommand::Export(args)) => {
            let written = alliance_report::xlsx::export(&args.dir, &args.output, args.member.as_deref())?;
            let rows: Vec<String> = written.rows.iter().map(|(name, n)| format!("{name} {n} 行")).collect();
            sayln!("已写出 {}（{}）。", written.path.display(), rows.join("、"));
            Ok(ExitCode::SUCCESS)
        }
        Command::Xlsx(XlsxCommand::Import(args)) => import(args),
        Command::Lsp => {
            alliance_report::lsp::stdio()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Schema(args) => {
            for path in init::write_schemas(&args.dir)? {
                sayln!("已写入 {}", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn build(args: alliance_report::cli::BuildArgs) -> anyhow::Result<ExitCode> {
    let verbose = args.verbose;
    let format = args.document_format();
    let config = args.config();
    if format == alliance_report::cli::DocumentFormat::Docx {
        return word(&config, verbose);
    }
    let started = std::time::Instant::now();
    let terminal = std::io::stderr().is_terminal();
    let outcome = alliance_report::build(&config, &mut |step| progress(terminal, step))?;
    report(&outcome.sources, &outcome.diagnostics);
    if verbose {
        for (step, took) in &outcome.timings {
            sayln!("  {step}：{:.3} 秒", took.as_secs_f64());
        }
    }
    let errors = outcome.diagnostics.iter().filter(|d| d.is_error()).count();
    match outcome.pages {
        Some(pages) => {
            sayln!(
                "已生成 {}（{pages} 页，用时 {:.2} 秒）",
                config.output.display(),
                started.elapsed().as_secs_f64()
            );
            // A draft is the PDF asked for, errors and all: it succeeded,
            // and says what it carries (CI keeps `check` as the verdict).
            if config.draft && errors > 0 {
                sayln!("这是草稿：其中有 {errors} 处错误，改正后去掉 --draft 重新生成正式的 PDF。");
                return Ok(ExitCode::SUCCESS);
            }
            Ok(if errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
        None => {
            sayln!(
                "报告有 {errors} 处错误，未生成 PDF。改正后重新运行，或加 --draft 生成带“草稿”水印的 PDF。"
            );
            Ok(ExitCode::from(1))
        }
    }
}

/// `build --format docx`: the filled form as a Word document.
fn word(config: &alliance_report::BuildConfig, verbose: bool) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let outcome = alliance_report::build::word(config)?;
    report(&outcome.sources, &outcome.diagnostics);
    if verbose {
        for (step, took) in &outcome.timings {
            sayln!("  {step}：{:.3} 秒", took.as_secs_f64());
        }
    }
    let errors = outcome.diagnostics.iter().filter(|d| d.is_error()).count();
    if !outcome.written {
        sayln!(
            "报告有 {errors} 处错误，未生成 Word 文档。改正后重新运行，或加 --draft 生成封面标有“草稿”的 Word 文档。"
        );
        return Ok(ExitCode::from(1));
    }
    let size = match outcome.bytes {
        n if n < 1 << 20 => format!("{} KB", n.div_ceil(1024)),
        n => format!("{:.1} MB", n as f64 / 1_048_576.0),
    };
    sayln!(
        "已生成 {}（Word 文档，{size}，用时 {:.2} 秒）。证明材料不在 Word 文档中：请同时提交 PDF（alliance-report build）。",
        config.output.display(),
        started.elapsed().as_secs_f64()
    );
    if config.draft && errors > 0 {
        sayln!("这是草稿：其中有 {errors} 处错误，改正后去掉 --draft 重新生成。");
        return Ok(ExitCode::SUCCESS);
    }
    Ok(if errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn import(args: alliance_report::cli::XlsxImportArgs) -> anyhow::Result<ExitCode> {
    let mut paths = args.paths;
    let dir = match paths.last() {
        Some(last) if last.is_dir() => paths.pop().unwrap_or_default(),
        _ => std::path::PathBuf::from("."),
    };
    if paths.is_empty() {
        anyhow::bail!(
            "没有写要导入的工作簿：先写工作簿，再写报告文件夹，例如 alliance-report xlsx import 成员单位/*.xlsx {}",
            alliance_report::escape::shell_word(&dir)
        );
    }
    let paths = alliance_report::xlsx::workbook_paths(paths);
    let prefer = args.prefer.map(|side| match side {
        alliance_report::cli::Side::Workbook => alliance_report::xlsx::Prefer::Workbook,
        alliance_report::cli::Side::Report => alliance_report::xlsx::Prefer::Report,
    });
    let options = alliance_report::xlsx::Options { dry_run: args.dry_run, replace: args.replace, prefer };
    let imported = alliance_report::xlsx::import(&dir, &paths, options)?;
    let diagnostics = &imported.diagnostics;
    // Deletions first: they are what a reviewer must not miss.
    let mut removals = String::new();
    if !imported.removals.is_empty() {
        removals.push_str("## 将删除的行\n\n");
        for removal in &imported.removals {
            removals.push_str(&format!("- {removal}\n"));
        }
        removals.push('\n');
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    // Nothing to change and only errors (a missing or broken workbook): the
    // errors alone, not "报告内容没有变化" before them.
    let nothing = imported.added + imported.updated + imported.removed == 0;
    let preview = if nothing && errors > 0 { String::new() } else { format!("{removals}{}", imported.diff) };
    match args.format {
        Format::Human => {
            print_out(&preview)?;
            report(&Sources::default(), diagnostics);
        }
        Format::Json => {
            say!("{preview}");
            print_out(&diag::format_json(diagnostics))?;
        }
        Format::Github => {
            say!("{preview}");
            print_out(&diag::format_github(std::path::Path::new(""), diagnostics))?;
        }
    }
    if errors > 0 {
        sayln!("工作簿中有 {errors} 处错误，什么也没有写入。改正后重新导入。");
        return Ok(ExitCode::from(1));
    }
    let mut what = format!("新增 {} 行，修改 {} 行", imported.added, imported.updated);
    if imported.removed > 0 || args.replace {
        what.push_str(&format!("，删除 {} 行", imported.removed));
    }
    if args.dry_run {
        sayln!("（--dry-run）将会{what}；没有写入任何文件。");
    } else if imported.written.is_empty() {
        sayln!("报告中已有工作簿的全部内容，没有需要修改的。");
    } else {
        sayln!("已导入：{what}，写入 {} 个文件。请用 git diff 核对后提交。", imported.written.len());
    }
    Ok(ExitCode::SUCCESS)
}

fn check(args: alliance_report::cli::CheckArgs) -> anyhow::Result<ExitCode> {
    let generated = compile::Fonts::load(&args.font_paths)
        .and_then(|fonts| alliance_report::generate(&args.dir, false, &fonts));
    let generated = match generated {
        Ok(generated) => generated,
        // The machine-readable formats still say why, in their own form.
        Err(err) => {
            let message = said(&err);
            match args.format {
                Format::Human => {}
                Format::Json => {
                    print_out(&diag::format_json(&[Diagnostic::error(Rule::Run, "", 0, 0, message.clone())]))?
                }
                Format::Github => print_out(&diag::github_failure(&message))?,
            }
            return Err(err);
        }
    };
    let diagnostics = generated.diagnostics;
    match args.format {
        Format::Human => {
            report(&generated.sources, &diagnostics);
            if diagnostics.is_empty() {
                sayln!("检查通过，没有发现问题。");
            }
        }
        Format::Json => print_out(&diag::format_json(&diagnostics))?,
        Format::Github => {
            let workspace = std::env::var_os("GITHUB_WORKSPACE").map(std::path::PathBuf::from);
            let folder = diag::repository_path(&args.dir, workspace.as_deref());
            print_out(&diag::format_github(&folder, &diagnostics))?;
            if let Some(summary) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|s| !s.is_empty()) {
                append(std::path::Path::new(&summary), &diag::format_summary(&folder, &diagnostics))?;
            }
        }
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let fails = errors > 0 || (args.deny_warnings && !diagnostics.is_empty());
    Ok(if fails { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Appends `text` to the file at `path` (GitHub's step summary).
fn append(path: &std::path::Path, text: &str) -> anyhow::Result<()> {
    use anyhow::Context as _;
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .with_context(|| format!("无法写入运行摘要 {}", path.display()))?;
    file.write_all(text.as_bytes()).with_context(|| format!("无法写入运行摘要 {}", path.display()))
}

/// A one-line progress bar on a terminal, redrawn in place, for a build
/// with much evidence.
fn progress(terminal: bool, step: Option<Step>) {
    static SHOWN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    match step {
        Some(step) if terminal && step.evidence_pages >= PROGRESS_FROM_PAGES => {
            SHOWN.store(true, std::sync::atomic::Ordering::Relaxed);
            let bar = "■".repeat(step.number) + &"□".repeat(Step::COUNT - step.number);
            say!("\r\x1b[2K[{bar}] {}/{} {}……", step.number, Step::COUNT, step.what);
        }
        None if SHOWN.load(std::sync::atomic::Ordering::Relaxed) => say!("\r\x1b[2K"),
        _ => {}
    }
}

/// Prints diagnostics and a count line.
fn report(sources: &Sources, diagnostics: &[Diagnostic]) {
    if diagnostics.is_empty() {
        return;
    }
    say!("{}", diag::format_human(sources, diagnostics));
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    sayln!("共 {errors} 处错误，{} 处警告。", diagnostics.len() - errors);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_of_the_file_system_is_said_in_chinese() {
        let io = std::io::Error::from(std::io::ErrorKind::NotFound);
        let err = anyhow::Error::new(io).context("无法读取 报告/x.pdf");
        assert_eq!(said(&err), "无法读取 报告/x.pdf：文件或文件夹不存在");
        let full = anyhow::Error::new(std::io::Error::from(std::io::ErrorKind::StorageFull))
            .context("无法写入 a.pdf");
        assert_eq!(said(&full), "无法写入 a.pdf：磁盘已满");
        assert!(!said(&anyhow::Error::new(std::io::Error::other("disk on fire"))).is_empty());
    }
}
