//! `init`: a new report folder with every file and every field of the form,
//! each key commented with the form's label from the catalogue, empty tables
//! with a commented row to copy, the nine kinds of evidence listed, JSON
//! Schemas for editors, a `.gitignore` and a CI workflow; and `schema`,
//! which (re)writes the schemas of a folder.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::form::{self, EVIDENCE_KINDS, Field, FileSpec, Kind, Need, SectionPart};
use crate::schema::{self, SCHEMA_DIR};

/// The prose at the top of each YAML file `init` writes, in the order of
/// [`form::FILES`].
const HEADS: [&str; 8] = [
    include_str!("../templates/init/heads/report.txt"),
    include_str!("../templates/init/heads/members.txt"),
    include_str!("../templates/init/heads/projects.txt"),
    include_str!("../templates/init/heads/transfers.txt"),
    include_str!("../templates/init/heads/achievements.txt"),
    include_str!("../templates/init/heads/events.txt"),
    include_str!("../templates/init/heads/platforms.txt"),
    include_str!("../templates/init/heads/evidence.txt"),
];

const GITIGNORE: &str = include_str!("../templates/init/gitignore");
const WORKFLOW: &str = include_str!("../templates/init/workflow.yml");
/// Where the release archives of each version are: `<base>/v<version>/`,
/// as GitHub's release pages lay them out.
const DOWNLOADS: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/releases/download");

/// The column at which a key's comment starts.
const COMMENT_AT: usize = 44;

/// Every file of a new report folder: path relative to the folder, content.
pub fn files() -> Vec<(String, String)> {
    let schemas = schema::all();
    let mut files = Vec::new();
    for ((spec, head), s) in form::FILES.iter().zip(HEADS).zip(&schemas) {
        let text = format!("{}\n{head}\n{}", schema::modeline(spec.path, s.name), body(spec));
        files.push((spec.path.to_owned(), text));
    }
    for part in SectionPart::ALL {
        let mut text = String::new();
        for prompt in form::Edition::newest().prompts(part) {
            text.push_str(&format!("# {}\n\n", prompt.text));
        }
        files.push((part.file().to_owned(), text));
    }
    for s in schemas {
        files.push((format!("{SCHEMA_DIR}/{}", s.name), s.json));
    }
    files.push((".gitignore".into(), GITIGNORE.into()));
    files
}

/// The CI workflow of the report in `folder` (relative to the root of its
/// repository, with `/`; empty for the root itself), and where it goes
/// from that root: `.github/workflows/report-<folder>.yml`, so that every
/// report of a repository has its own; `report.yml` for the root's. It
/// installs the release of this very version.
pub fn workflow(folder: &str) -> (String, String) {
    let quoted = |text: &str| serde_json::to_string(text).unwrap_or_default();
    let (dir, file, name, paths) = if folder.is_empty() {
        (".", "report.yml".to_owned(), "报告".to_owned(), String::new())
    } else {
        let file = format!("report-{}.yml", folder.replace(['/', ' '], "-"));
        // GitHub's path filters are globs: the folder's own `*`, `?`, `[`…
        // are matched literally.
        let glob: String = folder
            .chars()
            .flat_map(|c| if "*?+[]!\\".contains(c) { vec!['\\', c] } else { vec![c] })
            .collect();
        let paths = format!(
            "\n    paths: [{}, {}]",
            quoted(&format!("{glob}/**")),
            quoted(&format!(".github/workflows/{file}"))
        );
        (folder, file, format!("报告 {folder}"), paths)
    };
    let text = WORKFLOW
        .replace("@NAME@", &quoted(&name))
        .replace("@VERSION@", env!("CARGO_PKG_VERSION"))
        .replace("@DOWNLOADS@", DOWNLOADS)
        .replace("@FOLDER_STRING@", &quoted(dir))
        .replace("@MARKER@", &quoted(&format!("<!-- alliance-report: {dir} -->")))
        .replace("@FOLDER@", dir)
        .replace("@PATHS@", &paths);
    (format!(".github/workflows/{file}"), text)
}

/// The comment of a field: its label, and what to write.
fn comment(field: &Field) -> String {
    let words = field.words();
    match &field.kind {
        _ if !words.is_empty() && !matches!(field.kind, Kind::Choice(ref c) if c.open) => {
            format!("{}：{}", field.label, words.join(" / "))
        }
        Kind::Date | Kind::Amount | Kind::Format(_) | Kind::Number(_) | Kind::Pair(..) | Kind::TextList => {
            format!("{}：{}", field.label, field.hint)
        }
        _ if matches!(field.need, Need::Optional | Need::Derived) => {
            format!("{}（{}）", field.label, field.hint)
        }
        _ => field.label.to_owned(),
    }
}

/// `text` padded so that `# comment` starts at [`COMMENT_AT`].
fn line(out: &mut String, text: &str, comment: &str) {
    let width: usize = text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
    let pad = COMMENT_AT.saturating_sub(width).max(1);
    let _ = writeln!(out, "{text}{}# {comment}", " ".repeat(pad));
}

/// The keys of a file, empty, each with its comment.
fn body(spec: &FileSpec) -> String {
    let mut out = String::new();
    fields(&mut out, spec.fields, "", true);
    out
}

fn fields(out: &mut String, fields: &'static [Field], indent: &str, top: bool) {
    for field in fields {
        match (&field.kind, field.need) {
            (Kind::Year, Need::Setting) => line(out, &format!("{indent}# {}:", field.key), &comment(field)),
            (Kind::Flag, _) => line(out, &format!("{indent}{}: false", field.key), &comment(field)),
            (Kind::Group(_), Need::Derived) => {
                line(out, &format!("{indent}# {}: {}", field.key, field.hint), field.label);
            }
            (Kind::Group(children), _) if top => {
                if !out.is_empty() {
                    out.push('\n');
                }
                line(out, &format!("{indent}{}:", field.key), field.label);
                self::fields(out, children, &format!("{indent}  "), false);
            }
            (Kind::Group(children), _) => {
                line(out, &format!("{indent}{}:", field.key), &comment(field));
                let _ = writeln!(out, "{indent}# 按下面的格式填写（去掉行首的 #）：");
                for child in children.iter() {
                    line(out, &format!("{indent}#   {}: 0", child.key), &comment(child));
                }
            }
            (Kind::Choices(_), _) => line(out, &format!("{indent}{}: []", field.key), &comment(field)),
            (Kind::Rows(table), _) => {
                if !out.is_empty() {
                    out.push('\n');
                }
                let _ = writeln!(out, "{indent}{}: []", field.key);
                let _ = writeln!(
                    out,
                    "\n# 每一项照下面的格式写（去掉行首的 #，并把上一行改成 “{}:”）：",
                    field.key
                );
                for (i, child) in table.fields.iter().enumerate() {
                    let key = if i == 0 {
                        format!("#   - {}:", child.key)
                    } else {
                        format!("#     {}:", child.key)
                    };
                    line(out, &key, &comment(child));
                }
                if field.key == "items" {
                    let _ = writeln!(out, "#\n# 证明材料类别（填写说明二.5）：");
                    for (k, kind) in EVIDENCE_KINDS.iter().enumerate() {
                        let _ = writeln!(out, "#   {} {}", k + 1, kind.trim_end_matches('。'));
                    }
                }
            }
            (_, Need::Derived) => line(out, &format!("{indent}# {}:", field.key), &comment(field)),
            _ => line(out, &format!("{indent}{}:", field.key), &comment(field)),
        }
    }
}

/// What `init` wrote.
pub struct Initialised {
    /// Every file, the workflow last.
    pub files: Vec<PathBuf>,
    /// The root of the git repository the folder is in, when it is in one
    /// (the workflow is then there, in `.github/workflows/`).
    pub repository: Option<PathBuf>,
}

/// Writes a new report folder at `dir`, and its CI workflow: at the root of
/// the git repository `dir` is in (GitHub reads workflows only there), else
/// in `dir` itself. Refuses, writing nothing, when any of these files
/// exists.
pub fn init(dir: &Path) -> Result<Initialised> {
    let files = files();
    let absolute = absolute(dir)?;
    let repository = crate::diag::repository_root(&absolute);
    let (root, folder) = match &repository {
        Some(root) => {
            let folder =
                absolute.strip_prefix(root).unwrap_or(Path::new("")).to_string_lossy().replace('\\', "/");
            (root.clone(), folder)
        }
        None => (dir.to_path_buf(), String::new()),
    };
    let (workflow_file, workflow_text) = workflow(&folder);
    let mut existing: Vec<String> =
        files.iter().map(|(p, _)| p.clone()).filter(|p| dir.join(p).exists()).collect();
    if root.join(&workflow_file).exists() {
        existing.push(root.join(&workflow_file).display().to_string());
    }
    if !existing.is_empty() {
        bail!(
            "{} 中已有这些文件，为免覆盖，什么也没有写：{}。请换一个空文件夹",
            dir.display(),
            existing.join("、")
        );
    }
    std::fs::create_dir_all(dir.join("evidence")).with_context(|| format!("无法创建 {}", dir.display()))?;
    let mut written: Vec<PathBuf> =
        files.iter().map(|(rel, text)| write(dir, rel, text)).collect::<Result<_>>()?;
    written.push(write(&root, &workflow_file, &workflow_text)?);
    Ok(Initialised { files: written, repository })
}

/// `dir` as an absolute path without `.` or `..`, resolving links in the
/// part of it that exists.
fn absolute(dir: &Path) -> Result<PathBuf> {
    let joined = std::env::current_dir().context("无法读取当前文件夹")?.join(dir);
    let mut existing = joined.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        let Some(parent) = existing.parent() else { break };
        rest.push(existing.file_name().map(PathBuf::from).unwrap_or_default());
        existing = parent;
    }
    let mut path = existing.canonicalize().with_context(|| format!("无法读取 {}", existing.display()))?;
    for part in rest.iter().rev() {
        match part.to_str() {
            Some("..") => {
                path.pop();
            }
            Some(".") | Some("") => {}
            _ => path.push(part),
        }
    }
    Ok(path)
}

/// Writes the schemas of every YAML file into `dir/schemas`, and puts the
/// schema line at the top of each YAML file that lacks one. Returns the
/// files written or changed.
pub fn write_schemas(dir: &Path) -> Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        bail!("找不到报告文件夹 {}", dir.display());
    }
    let mut written = Vec::new();
    for s in schema::all() {
        written.push(write(dir, &format!("{SCHEMA_DIR}/{}", s.name), &s.json)?);
        let yaml = dir.join(s.yaml);
        let Ok(text) = std::fs::read_to_string(&yaml) else { continue };
        if !text.lines().take(3).any(|l| l.contains("yaml-language-server: $schema=")) {
            written.push(write(dir, s.yaml, &format!("{}\n{text}", schema::modeline(s.yaml, s.name)))?);
        }
    }
    Ok(written)
}

fn write(dir: &Path, rel: &str, text: &str) -> Result<PathBuf> {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("无法创建 {}", parent.display()))?;
    }
    std::fs::write(&path, text).with_context(|| format!("无法写入 {}", path.display()))?;
    Ok(path)
}
