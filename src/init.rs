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
/// Where the workflow goes.
pub const WORKFLOW_FILE: &str = ".github/workflows/report.yml";

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
    files.push((WORKFLOW_FILE.into(), WORKFLOW.into()));
    files
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

/// Writes a new report folder at `dir`; refuses, writing nothing, when any
/// of its files exists. Returns the files written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>> {
    let files = files();
    let existing: Vec<&str> =
        files.iter().map(|(p, _)| p.as_str()).filter(|p| dir.join(p).exists()).collect();
    if !existing.is_empty() {
        bail!(
            "{} 中已有这些文件，为免覆盖，什么也没有写：{}。请换一个空文件夹",
            dir.display(),
            existing.join("、")
        );
    }
    std::fs::create_dir_all(dir.join("evidence")).with_context(|| format!("无法创建 {}", dir.display()))?;
    files.iter().map(|(rel, text)| write(dir, rel, text)).collect()
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
