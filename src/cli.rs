//! The command line: clap's raw arguments, turned into resolved configs.
//! Nothing below this module sees clap.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::BuildConfig;

/// 山西省产业技术创新战略联盟考核及绩效评价报告：检查报告文件夹，排版为 PDF。
#[derive(Debug, Parser)]
#[command(
    name = "alliance-report",
    version,
    about = "山西省产业技术创新战略联盟考核及绩效评价报告：检查报告文件夹，排版为 PDF。"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 检查报告文件夹并排版为 PDF（有错误时不生成 PDF）
    Build(BuildArgs),
    /// 只检查报告文件夹，列出全部问题
    Check(CheckArgs),
    /// 生成 PDF，之后每次保存文件都自动重新生成（按 Ctrl+C 结束）
    Watch(BuildArgs),
    /// 比较报告的两个版本（两个文件夹，或 --git 旧..新），以 Markdown 列出变化
    Diff(DiffArgs),
    /// 新建报告文件夹：全部文件和栏目（带注释）、JSON Schema、.gitignore 和 CI 工作流
    Init(InitArgs),
    /// 为报告文件夹写出各 YAML 文件的 JSON Schema（编辑器据此补全和提示错误）
    Schema(SchemaArgs),
    /// 用 Excel 工作簿向成员单位收集五和表1–表5的内容
    #[command(subcommand)]
    Xlsx(XlsxCommand),
    /// 语言服务器（LSP，经标准输入输出）：在编辑器中随输入显示与 check 相同的问题，并提供补全、悬停说明和快速修复
    Lsp,
}

#[derive(Debug, Subcommand)]
pub enum XlsxCommand {
    /// 写出按表格排好的工作簿（下拉选项、格式和填写要求都已设好），已有的行已填入
    Export(XlsxExportArgs),
    /// 把成员单位填好的工作簿导入报告：先列出将要做的修改，没有错误时才写入
    Import(XlsxImportArgs),
}

#[derive(Debug, clap::Args)]
pub struct XlsxImportArgs {
    /// 填好的工作簿（.xlsx、.xls、.ods，可以多个），最后可以再写报告文件夹（默认：当前文件夹）
    #[arg(required = true, value_name = "工作簿… [文件夹]")]
    pub paths: Vec<PathBuf>,
    /// 只列出将要做的修改，不写入
    #[arg(long)]
    pub dry_run: bool,
    /// 只用于没有导出记录的工作簿：工作簿中有某张表时，报告中这张表里工作簿没有列出的行将被删除（默认保留）。xlsx export 写出的工作簿不需要它：成员单位删除的行总会删除，而且只删除发给它的行
    #[arg(long)]
    pub replace: bool,
    /// 导出后工作簿和报告把同一格改成了不同的值时以哪一边为准：workbook（工作簿）或 report（报告）；不写时列出这些冲突，什么也不写入
    #[arg(long, value_enum, value_name = "workbook|report")]
    pub prefer: Option<Side>,
    /// 问题的输出格式：human、json（带 sheet 和 cell 字段）、github
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// The side of a conflict `xlsx import --prefer` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Side {
    /// 以工作簿为准
    Workbook,
    /// 以报告为准
    Report,
}

#[derive(Debug, clap::Args)]
pub struct XlsxExportArgs {
    /// 报告文件夹（默认：当前文件夹）
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// 输出的工作簿（.xlsx）
    #[arg(short, long)]
    pub output: PathBuf,
    /// 只为这个成员单位写出：已有的行中只有它参与的，并留出空行填新的
    #[arg(long, value_name = "单位名称")]
    pub member: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// 旧版本的报告文件夹；用 --git 时为仓库中的报告文件夹（默认：当前文件夹）
    pub old: Option<PathBuf>,
    /// 新版本的报告文件夹
    pub new: Option<PathBuf>,
    /// 比较 git 仓库中的两个版本，例如 main..HEAD（..后留空表示工作区）
    #[arg(long, value_name = "旧..新")]
    pub git: Option<String>,
    /// 同时把两版 PDF 中不同的页面渲染为 PNG 写入此文件夹
    #[arg(long, value_name = "DIR")]
    pub pages: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// 新报告文件夹（不存在时新建；已有同名文件时不覆盖）
    pub dir: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// 报告文件夹（默认：当前文件夹）；Schema 写入其中的 schemas/
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// 报告文件夹（默认：当前文件夹）
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// 输出的文件（默认：报告文件夹中的 report.pdf，或 Word 文档 report.docx）
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// 输出格式：pdf（默认，含证明材料）或 docx（Word 文档，不含证明材料）；不写时按 -o 的扩展名
    #[arg(long, value_enum)]
    pub format: Option<DocumentFormat>,
    /// 即使有错误也排版，每页加“草稿”水印
    #[arg(long)]
    pub draft: bool,
    /// 另外使用此文件夹中的字体（可多次指定）
    #[arg(long = "font-path", value_name = "DIR")]
    pub font_paths: Vec<PathBuf>,
    /// 同时把生成的 typst 源文件、字体和图片写入此文件夹（可用 typst compile 单独编译）
    #[arg(long = "emit-typst", value_name = "DIR")]
    pub emit_typst: Option<PathBuf>,
    /// 显示每个步骤的用时
    #[arg(short, long)]
    pub verbose: bool,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// 报告文件夹（默认：当前文件夹）
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// 输出格式：human（带原文和提示）、json（每个问题一个对象）、github（GitHub Actions 行内注释）
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// 有警告也算不通过（退出码 1）
    #[arg(long)]
    pub deny_warnings: bool,
    /// 另外使用此文件夹中的字体（可多次指定），检查缺字时一并考虑
    #[arg(long = "font-path", value_name = "DIR")]
    pub font_paths: Vec<PathBuf>,
}

/// What `build` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DocumentFormat {
    Pdf,
    Docx,
}

/// How `check` prints its diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
}

impl BuildArgs {
    /// The format asked for: `--format`, else the extension of `-o`
    /// (report.docx is a Word document), else a PDF.
    pub fn document_format(&self) -> DocumentFormat {
        let docx = self
            .output
            .as_deref()
            .and_then(|o| o.extension())
            .is_some_and(|e| e.eq_ignore_ascii_case("docx"));
        self.format.unwrap_or(if docx { DocumentFormat::Docx } else { DocumentFormat::Pdf })
    }

    pub fn config(self) -> BuildConfig {
        // The default is the report folder's report.pdf (report.docx),
        // wherever the command runs: two reports built from one folder
        // keep their own.
        let default = match self.document_format() {
            DocumentFormat::Pdf => "report.pdf",
            DocumentFormat::Docx => "report.docx",
        };
        let output = self.output.unwrap_or_else(|| self.dir.join(default));
        BuildConfig {
            dir: self.dir,
            output,
            draft: self.draft,
            font_paths: self.font_paths,
            emit_typst: self.emit_typst,
        }
    }
}
