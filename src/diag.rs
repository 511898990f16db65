//! Diagnostics about the user's sources: what is wrong, where, and what to
//! write instead. Printed in one place (`format_human`), in the style of rustc
//! and typst: a header, the file position, the source line (as load read
//! it) and a caret.

use std::borrow::Cow;
use std::fmt::Write;
use std::path::{Path, PathBuf};

use crate::form::Shape;
use crate::model::Sources;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        }
    }

    /// The name machine formats use: "error" or "warning".
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// The rule of the form a diagnostic enforces. Its name is the title of
/// a GitHub annotation and the `rule` of the JSON output, so a reviewer
/// sees at a glance what kind of problem each one is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// A file of the report is missing, unreadable, too large, empty, or
    /// one the report does not use.
    Files,
    /// A text file that is not UTF-8.
    Encoding,
    /// YAML that cannot be parsed.
    Syntax,
    /// A key the catalogue does not know.
    Keys,
    /// A value of the wrong kind or form for its field.
    Value,
    /// `form:` names an edition that does not exist.
    Edition,
    /// 填写说明二.3: no cell left empty, blank or 无.
    Required,
    /// A code, number or address of the wrong form.
    Format(Shape),
    /// A word outside the choices the form lists.
    Vocabulary,
    /// 表3's stage that does not fit the kind of 成果.
    Stage,
    /// Dates outside the report's window, or in the wrong order.
    Dates,
    /// Figures of 一 that must agree with the tables, and sums.
    Figures,
    /// The narrative sections' prompts and answers.
    Narrative,
    /// Markdown the PDF cannot show as written.
    Markdown,
    /// 九's evidence and the files it attaches.
    Evidence,
    /// Characters the fonts cannot print.
    Glyphs,
    /// A character that looks like another but is not it (a CJK
    /// compatibility ideograph in a name).
    LookAlike,
    /// typst could not set the report.
    Typeset,
    /// A workbook `xlsx import` reads: its sheets, columns and cells.
    Workbook,
    /// A cell that both the workbook and the report changed since the
    /// export, to different values (or two workbooks that disagree).
    Conflict,
    /// The command itself could not run.
    Run,
}

impl Rule {
    /// Every rule, with the format rule of each shape.
    pub const ALL: [Rule; 25] = [
        Rule::Files,
        Rule::Encoding,
        Rule::Syntax,
        Rule::Keys,
        Rule::Value,
        Rule::Edition,
        Rule::Required,
        Rule::Format(Shape::CreditCode),
        Rule::Format(Shape::Phone),
        Rule::Format(Shape::Mobile),
        Rule::Format(Shape::Postcode),
        Rule::Format(Shape::Email),
        Rule::Vocabulary,
        Rule::Stage,
        Rule::Dates,
        Rule::Figures,
        Rule::Narrative,
        Rule::Markdown,
        Rule::Evidence,
        Rule::Glyphs,
        Rule::LookAlike,
        Rule::Typeset,
        Rule::Workbook,
        Rule::Conflict,
        Rule::Run,
    ];

    /// The rule's name, in Chinese.
    pub fn name(self) -> Cow<'static, str> {
        Cow::Borrowed(match self {
            Rule::Format(shape) => return Cow::Owned(format!("{}校验", shape.name())),
            Rule::Files => "文件",
            Rule::Encoding => "文件编码",
            Rule::Syntax => "YAML 语法",
            Rule::Keys => "键名",
            Rule::Value => "取值类型",
            Rule::Edition => "报告格式版本",
            Rule::Required => "不得空缺",
            Rule::Vocabulary => "固定选项",
            Rule::Stage => "成果阶段",
            Rule::Dates => "时间范围",
            Rule::Figures => "数字一致",
            Rule::Narrative => "叙述部分",
            Rule::Markdown => "Markdown 写法",
            Rule::Evidence => "印证材料",
            Rule::Glyphs => "缺字",
            Rule::LookAlike => "兼容汉字",
            Rule::Typeset => "排版",
            Rule::Workbook => "工作簿",
            Rule::Conflict => "修改冲突",
            Rule::Run => "alliance-report 无法运行",
        })
    }
}

/// One problem in the report's sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The rule it breaks.
    pub rule: Rule,
    /// Path relative to the report folder, with `/` separators.
    pub file: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column in characters; 0 when unknown.
    pub column: usize,
    /// What is wrong, in Chinese.
    pub message: String,
    /// What to write instead, in Chinese.
    pub hint: Option<String>,
    /// For a problem in a workbook (`file`): the sheet and the cell, as
    /// `表1` and `F12`; `line` and `column` are then 0.
    pub cell: Option<(String, String)>,
}

impl Diagnostic {
    pub fn error(
        rule: Rule,
        file: impl Into<PathBuf>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Error,
            rule,
            file: file.into(),
            line,
            column,
            message: message.into(),
            hint: None,
            cell: None,
        }
    }

    pub fn warning(
        rule: Rule,
        file: impl Into<PathBuf>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Self { severity: Severity::Warning, ..Self::error(rule, file, line, column, message) }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The problem at `cell` of `sheet` of the workbook that is its file.
    pub fn in_cell(mut self, sheet: &str, cell: &str) -> Self {
        self.cell = Some((sheet.to_owned(), cell.to_owned()));
        self.line = 0;
        self.column = 0;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Sorts diagnostics by file, line and column, as they are printed.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.severity).cmp(&(&b.file, b.line, b.column, b.severity))
    });
}

/// Makes every invisible character a diagnostic quotes visible by name
/// (`⟨U+200B 零宽空格⟩`), whatever produced the message, and points the
/// column at the character in its source line: a secretary cannot fix what
/// she cannot see. Run once, on the final list.
pub fn reveal(sources: &Sources, diagnostics: &mut [Diagnostic]) {
    for d in diagnostics.iter_mut() {
        let Some(hidden) = d.message.chars().find(|&c| invisible_name(c).is_some()) else { continue };
        if let Some(line) = source_line(sources, &d.file, d.line) {
            let mut at = line.chars().enumerate().filter(|&(_, c)| c == hidden).map(|(i, _)| i + 1);
            let first = at.clone().next();
            if let Some(column) = at.find(|&i| i >= d.column).or(first) {
                d.column = column;
            }
        }
        let shown = visible(&hidden.to_string());
        d.message = visible(&d.message);
        let delete = format!("删去看不见的字符{shown}（多半是从网页、微信或 Word 粘贴时带来的）");
        d.hint = Some(match d.hint.as_deref() {
            Some(hint) => format!("{delete}；{}", visible(hint)),
            None => delete,
        });
    }
}

/// `text` with its invisible characters shown by name, so that a key that
/// looks right but is not can be told apart.
pub fn visible(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match invisible_name(c) {
            Some(name) => out.push_str(&format!("⟨U+{:04X} {name}⟩", c as u32)),
            None => out.push(c),
        }
    }
    out
}

/// The Chinese name of a character that prints nothing.
pub fn invisible_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{200B}' => "零宽空格",
        '\u{200C}' => "零宽不连字",
        '\u{200D}' => "零宽连字",
        '\u{2060}' => "字连接符",
        '\u{FEFF}' => "字节顺序标记",
        '\u{00AD}' => "软连字符",
        '\u{00A0}' => "不换行空格",
        '\u{3000}' => "全角空格",
        '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => "文字方向控制符",
        c if c.is_control() && c != '\n' && c != '\t' => "控制字符",
        _ => return None,
    })
}

/// Formats diagnostics for a terminal, quoting the source line of each from
/// the files under `root`.
pub fn format_human(sources: &Sources, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let _ = writeln!(out, "{}：{}", d.severity.label(), d.message);
        let file = d.file.display();
        match (d.line, d.column) {
            _ if d.cell.is_some() => {
                let (sheet, cell) = d.cell.as_ref().expect("a cell");
                let _ = writeln!(out, "  --> {file} {sheet}!{cell}");
            }
            (0, _) => {
                let _ = writeln!(out, "  --> {file}");
            }
            (line, 0) => {
                let _ = writeln!(out, "  --> {file}:{line}");
            }
            (line, column) => {
                let _ = writeln!(out, "  --> {file}:{line}:{column}");
            }
        }
        if let Some(text) = source_line(sources, &d.file, d.line) {
            let (text, column) = crop(&text, d.column);
            let number = d.line.to_string();
            let pad = " ".repeat(number.len());
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{number} | {text}");
            if column > 0 {
                let _ = writeln!(out, "{pad} | {}^", caret_indent(&text, column));
            }
        }
        if let Some(hint) = &d.hint {
            let _ = writeln!(out, "  = 提示：{hint}");
        }
        out.push('\n');
    }
    out
}

/// One JSON object per diagnostic, in an array; the fields are documented in
/// the README and stay stable: severity ("error" | "warning"), rule (the
/// rule's name, as in [`Rule::name`]), file, line, column (0 when unknown),
/// message, hint (null when none).
pub fn format_json(diagnostics: &[Diagnostic]) -> String {
    let list: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            let mut value = serde_json::json!({
                "severity": d.severity.name(),
                "rule": d.rule.name(),
                "file": d.file.to_string_lossy().replace('\\', "/"),
                "line": d.line,
                "column": d.column,
                "message": d.message,
                "hint": d.hint,
            });
            if let (Some((sheet, cell)), Some(object)) = (&d.cell, value.as_object_mut()) {
                object.insert("sheet".into(), sheet.clone().into());
                object.insert("cell".into(), cell.clone().into());
            }
            value
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".to_owned());
    out.push('\n');
    out
}

/// GitHub Actions workflow commands, so pull requests show each problem at
/// its line: `::error file=…,line=…,col=…,title=…::message`, titled with
/// the rule's name, errors first (GitHub
/// shows only the first ten of each kind). `folder` is the report folder
/// from the repository root ([`repository_path`]), as GitHub wants paths.
pub fn format_github(folder: &Path, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for (file, d) in in_repository(folder, diagnostics) {
        let mut props = format!("file={}", escape_property(&file));
        if d.line > 0 {
            let _ = write!(props, ",line={}", d.line);
        }
        if d.column > 0 {
            let _ = write!(props, ",col={}", d.column);
        }
        let _ = write!(props, ",title={}", escape_property(&d.rule.name()));
        // An annotation cannot point into a workbook: the message names the cell.
        let place = d.cell.as_ref().map(|(sheet, cell)| format!("{sheet}!{cell}：")).unwrap_or_default();
        let text = match &d.hint {
            Some(hint) => format!("{place}{}\n提示：{hint}", d.message),
            None => format!("{place}{}", d.message),
        };
        let _ = writeln!(out, "::{} {props}::{}", d.severity.name(), escape_data(&text));
    }
    out
}

/// The problems as a Markdown table for GitHub's step summary, counts at
/// the top: every problem, so none is lost to the cap on annotations.
/// Paths and order as in [`format_github`].
pub fn format_summary(folder: &Path, diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let mut out = format!("## 报告检查：{errors} 处错误，{} 处警告\n\n", diagnostics.len() - errors);
    if diagnostics.is_empty() {
        out.push_str("检查通过，没有发现问题。\n\n");
        return out;
    }
    out.push_str("| 位置 | 类别 | 规则 | 问题 |\n|---|---|---|---|\n");
    for (mut place, d) in in_repository(folder, diagnostics) {
        if let Some((sheet, cell)) = &d.cell {
            let _ = write!(place, " {sheet}!{cell}");
        } else if d.line > 0 {
            let _ = write!(place, ":{}", d.line);
        }
        let mut text = d.message.clone();
        if let Some(hint) = &d.hint {
            let _ = write!(text, "（提示：{hint}）");
        }
        // The place in a code span (a path shows as written there, but for a
        // backtick, and a pipe, which GitHub's tables read first).
        let cell = crate::escape::markdown_text;
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} |",
            place.replace('`', "'").replace('|', "\\|"),
            d.severity.label(),
            d.rule.name(),
            cell(&text)
        );
    }
    // A blank line ends the table: what a later step appends is not a row.
    out.push('\n');
    out
}

/// Each diagnostic with its file's path from the repository root, errors
/// first (stable: within a severity, the order of `check`).
fn in_repository<'a>(folder: &Path, diagnostics: &'a [Diagnostic]) -> Vec<(String, &'a Diagnostic)> {
    let mut sorted: Vec<(String, &Diagnostic)> =
        diagnostics.iter().map(|d| (folder.join(&d.file).to_string_lossy().replace('\\', "/"), d)).collect();
    sorted.sort_by_key(|(_, d)| d.severity);
    sorted
}

/// One `::error` for a command that could not run (exit 2), so that the
/// pull request still shows why.
pub fn github_failure(message: &str) -> String {
    format!("::error title={}::{}\n", escape_property(&Rule::Run.name()), escape_data(message))
}

/// The report folder `dir` as a path relative to the root of the
/// repository holding it: `workspace` (GitHub's checkout) when `dir` lies
/// inside it, else the nearest folder upwards that holds `.git` (found
/// without running git). A folder in no repository stays as given, less
/// any `./`. The result is empty for the root itself.
pub fn repository_path(dir: &Path, workspace: Option<&Path>) -> PathBuf {
    let plain: PathBuf = dir.components().filter(|c| !matches!(c, std::path::Component::CurDir)).collect();
    let Ok(absolute) = dir.canonicalize() else { return plain };
    let inside = |root: &Path| {
        let root = root.canonicalize().ok()?;
        absolute.strip_prefix(&root).ok().map(Path::to_path_buf)
    };
    if let Some(relative) = workspace.and_then(inside) {
        return relative;
    }
    repository_root(&absolute).and_then(|root| inside(&root)).unwrap_or(plain)
}

/// The root of the git repository the absolute path `path` is in (which
/// need not exist yet): the nearest folder upwards that holds `.git`, found
/// without running git.
pub fn repository_root(path: &Path) -> Option<PathBuf> {
    path.ancestors().find(|a| a.join(".git").exists()).map(Path::to_path_buf)
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Line `line` of `file` as load read it (never the disk: a file that was
/// not read, such as one outside the folder, is not quoted).
fn source_line(sources: &Sources, file: &Path, line: usize) -> Option<String> {
    if line == 0 {
        return None;
    }
    let text = sources.text(&file.to_string_lossy().replace('\\', "/"))?;
    text.lines().nth(line - 1).map(|l| l.trim_end().to_owned())
}

/// A source line quoted whole, or for a long one (a file of one huge line,
/// say) the [`MAX_QUOTED`] characters around the 1-based `column` (0: none)
/// with "…" where it is cut; and the column in what is quoted.
fn crop(text: &str, column: usize) -> (String, usize) {
    let count = text.chars().count();
    if count <= MAX_QUOTED {
        return (text.to_owned(), column);
    }
    let start = column.saturating_sub(1 + MAX_QUOTED / 2).min(count - MAX_QUOTED);
    let mut quoted = String::from(if start > 0 { "…" } else { "" });
    quoted.extend(text.chars().skip(start).take(MAX_QUOTED));
    if start + MAX_QUOTED < count {
        quoted.push('…');
    }
    let column = if column == 0 { 0 } else { column - start + usize::from(start > 0) };
    (quoted, column)
}

/// The most characters of a source line a diagnostic quotes: more than any
/// line a person writes, far fewer than a file of one huge line.
const MAX_QUOTED: usize = 300;

/// Spaces up to the 1-based `column`, two for each wide (CJK) character so the
/// caret stands under the right character in a terminal.
fn caret_indent(text: &str, column: usize) -> String {
    text.chars()
        .take(column.saturating_sub(1))
        .map(|c| {
            if is_wide(c) {
                "  "
            } else if c == '\t' {
                "\t"
            } else {
                " "
            }
        })
        .collect()
}

pub(crate) fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotation_paths_are_relative_to_the_repository() {
        let base = std::env::temp_dir().join(format!("diag-repo-{}", std::process::id()));
        let report = base.join("repo/report");
        std::fs::create_dir_all(report.join("tables")).unwrap();
        std::fs::create_dir_all(base.join("repo/.git")).unwrap();
        assert_eq!(repository_path(&report, None), Path::new("report"));
        assert_eq!(repository_path(&base.join("repo/report/./tables/.."), None), Path::new("report"));
        assert_eq!(repository_path(&base.join("repo"), None), Path::new(""));
        // GitHub's workspace wins over a nested repository.
        std::fs::create_dir_all(report.join(".git")).unwrap();
        assert_eq!(repository_path(&report, None), Path::new(""));
        assert_eq!(repository_path(&report, Some(&base.join("repo"))), Path::new("report"));
        // Outside any repository: as given, without `./`.
        assert_eq!(repository_path(Path::new("./no-such-folder"), None), Path::new("no-such-folder"));
        std::fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn annotations_list_errors_first() {
        let diagnostics = [
            Diagnostic::warning(Rule::Evidence, "evidence/evidence.yaml", 3, 1, "警告"),
            Diagnostic::error(Rule::Format(Shape::CreditCode), "report.yaml", 7, 2, "错误,一:二"),
        ];
        let out = format_github(Path::new("no-such-folder"), &diagnostics);
        let summary = format_summary(Path::new("no-such-folder"), &diagnostics);
        assert!(summary.starts_with("## 报告检查：1 处错误，1 处警告"), "{summary}");
        assert!(
            summary.find("report.yaml:7").unwrap() < summary.find("evidence.yaml:3").unwrap(),
            "{summary}"
        );
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[0],
            "::error file=no-such-folder/report.yaml,line=7,col=2,title=统一社会信用代码校验::错误,一:二"
        );
        assert_eq!(
            lines[1],
            "::warning file=no-such-folder/evidence/evidence.yaml,line=3,col=1,title=印证材料::警告"
        );
        assert_eq!(
            github_failure("找不到\n文件夹"),
            "::error title=alliance-report 无法运行::找不到%0A文件夹\n"
        );
    }

    #[test]
    fn the_readme_lists_every_rule_by_name() {
        let readme = include_str!("../README.md");
        let start = readme.find("规则名（`rule`").expect("the README's list of rules");
        let paragraph: String = readme[start..].split("\n\n").next().unwrap().lines().collect();
        let (_, list) = paragraph.split_once("共以下几种：").unwrap();
        let (names, run) = list.split_once("，以及").unwrap();
        let mut listed: Vec<String> = names.split('、').map(str::to_owned).collect();
        listed.push(run.split('“').nth(1).unwrap().split('”').next().unwrap().to_owned());
        let names: Vec<String> = Rule::ALL.iter().map(|r| r.name().into_owned()).collect();
        assert_eq!(listed, names);
    }

    #[test]
    fn quotes_a_long_line_around_the_column() {
        assert_eq!(crop("短行", 2), ("短行".to_owned(), 2));
        let long: String = ('a'..='z').cycle().take(10_000).collect();
        let (quoted, column) = crop(&long, 5_001);
        assert_eq!(quoted.chars().count(), MAX_QUOTED + 2);
        assert!(quoted.starts_with('…') && quoted.ends_with('…'));
        assert_eq!(quoted.chars().nth(column - 1), long.chars().nth(5_000));
        let (quoted, column) = crop(&long, 3);
        assert_eq!((quoted.chars().nth(2), column), (Some('c'), 3));
        let (quoted, column) = crop(&long, 10_000);
        assert_eq!((quoted.chars().nth(column - 1), quoted.chars().last()), (Some('p'), Some('p')));
        assert_eq!(crop(&long, 0).1, 0);
    }

    /// A value holding Markdown shows in the step summary as written:
    /// read back by a CommonMark parser with GitHub's tables, its cell is
    /// plain text, whole.
    #[test]
    fn a_hostile_value_shows_as_written_in_the_summary() {
        use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
        let hostile =
            "**粗** `码` <b>标签</b> [链接](http://x.cn) a|b ~~删~~ $x$ &amp; \\ _斜_ ![图](y.png)\n第二行";
        let d = Diagnostic::error(Rule::Value, "tables/projects.yaml", 3, 1, hostile).with_hint("*提示*");
        let summary = format_summary(Path::new("报告"), &[d]);
        let (mut cells, mut in_cell): (Vec<String>, bool) = (Vec::new(), false);
        for event in Parser::new_ext(&summary, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
            match event {
                Event::Start(Tag::TableCell) => {
                    cells.push(String::new());
                    in_cell = true;
                }
                Event::End(TagEnd::TableCell) => in_cell = false,
                Event::Text(t) if in_cell => cells.last_mut().unwrap().push_str(&t),
                Event::Text(_) | Event::Code(_) if !in_cell => {}
                Event::Code(_) if cells.len() % 4 == 1 => {}
                Event::End(TagEnd::TableHead) | Event::End(TagEnd::TableRow) => {}
                Event::Start(Tag::Table(_) | Tag::TableHead | Tag::TableRow) | Event::End(TagEnd::Table) => {}
                Event::Start(Tag::Heading { .. } | Tag::Paragraph)
                | Event::End(TagEnd::Heading(_) | TagEnd::Paragraph) => {}
                other => panic!("{other:?} in {summary}"),
            }
        }
        let expected = format!("{}（提示：*提示*）", hostile.replace('\n', " "));
        assert_eq!(cells.last().map(String::as_str), Some(expected.as_str()), "{summary}");
        assert!(summary.contains("| `报告/tables/projects.yaml:3` |"), "{summary}");
    }
}
