//! Entry point: parse arguments, run, print diagnostics and errors in one
//! place, exit 0 (clean), 1 (the report has errors) or 2 (could not run).

use std::process::ExitCode;

use alliance_report::cli::{Cli, Command, Format};
use alliance_report::diag::{self, Diagnostic};
use clap::Parser;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("错误：{err:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Build(args) => {
            let verbose = args.verbose;
            let config = args.config();
            let started = std::time::Instant::now();
            let outcome = alliance_report::build(&config)?;
            report(&config.dir, &outcome.diagnostics);
            if verbose {
                for (step, took) in &outcome.timings {
                    eprintln!("  {step}：{:.3} 秒", took.as_secs_f64());
                }
            }
            let errors = outcome.diagnostics.iter().filter(|d| d.is_error()).count();
            match outcome.pages {
                Some(pages) => {
                    eprintln!(
                        "已生成 {}（{pages} 页，用时 {:.2} 秒）",
                        config.output.display(),
                        started.elapsed().as_secs_f64()
                    );
                    Ok(if errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
                }
                None => {
                    eprintln!(
                        "报告有 {errors} 处错误，未生成 PDF。改正后重新运行，或加 --draft 生成带“草稿”水印的 PDF。"
                    );
                    Ok(ExitCode::from(1))
                }
            }
        }
        Command::Check(args) => {
            let fonts = alliance_report::compile::Fonts::load(&args.font_paths);
            let diagnostics = alliance_report::generate(&args.dir, false, &fonts)?.diagnostics;
            match args.format {
                Format::Human => {
                    report(&args.dir, &diagnostics);
                    if diagnostics.is_empty() {
                        eprintln!("检查通过，没有发现问题。");
                    }
                }
                Format::Json => print!("{}", diag::format_json(&diagnostics)),
                Format::Github => print!("{}", diag::format_github(&args.dir, &diagnostics)),
            }
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            let fails = errors > 0 || (args.deny_warnings && !diagnostics.is_empty());
            Ok(if fails { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
        Command::Watch(args) => {
            let config = args.config();
            eprintln!(
                "正在监视 {}，保存文件后自动重新生成 {}；按 Ctrl+C 结束。",
                config.dir.display(),
                config.output.display()
            );
            alliance_report::watch::watch(&config, |outcome, took| match outcome {
                Ok(outcome) => {
                    report(&config.dir, &outcome.diagnostics);
                    eprintln!("{}", alliance_report::watch::summary(&config, outcome, took));
                }
                Err(err) => eprintln!("错误：{err:#}"),
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Diff(args) => {
            let compare = |old: &std::path::Path, new: &std::path::Path| -> anyhow::Result<String> {
                let markdown = alliance_report::diff::diff(old, new)?;
                if let Some(out) = &args.pages {
                    let fonts = alliance_report::compile::Fonts::load(&[] as &[&str]);
                    let written = alliance_report::diff::pages(old, new, out, &fonts)?;
                    eprintln!("不同的页面：{} 张图片，写入 {}", written.len(), out.display());
                }
                Ok(markdown)
            };
            let markdown = match (&args.git, &args.old, &args.new) {
                (Some(range), dir, None) => {
                    let dir = dir.clone().unwrap_or_else(|| ".".into());
                    let scratch =
                        std::env::temp_dir().join(format!("alliance-report-diff-{}", std::process::id()));
                    let result = alliance_report::diff::checkout_range(&dir, range, &scratch)
                        .and_then(|(old, new)| compare(&old, &new));
                    let _ = std::fs::remove_dir_all(&scratch);
                    result?
                }
                (None, Some(old), Some(new)) => compare(old, new)?,
                _ => anyhow::bail!(
                    "用法：alliance-report diff 旧文件夹 新文件夹，或 alliance-report diff --git main..HEAD [报告文件夹]"
                ),
            };
            print!("{markdown}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Init(args) => {
            let written = alliance_report::init::init(&args.dir)?;
            eprintln!("已新建报告文件夹 {}（{} 个文件）。", args.dir.display(), written.len());
            eprintln!("下一步：按注释填写各 YAML 文件和 sections/ 下的回答，然后运行");
            eprintln!("  alliance-report check {}", args.dir.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Schema(args) => {
            for path in alliance_report::init::write_schemas(&args.dir)? {
                eprintln!("已写入 {}", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Prints diagnostics and a count line.
fn report(dir: &std::path::Path, diagnostics: &[Diagnostic]) {
    if diagnostics.is_empty() {
        return;
    }
    eprint!("{}", diag::format_human(dir, diagnostics));
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    eprintln!("共 {errors} 处错误，{} 处警告。", diagnostics.len() - errors);
}
