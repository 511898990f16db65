//! `init`: a new report folder with every file and every field of the form,
//! each key commented with the form's label, empty tables, the nine kinds of
//! evidence listed, JSON Schemas for editors, a `.gitignore` and a CI
//! workflow; and `schema`, which (re)writes the schemas of a folder.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::form;
use crate::load::{EVIDENCE_FILE, MEMBERS_FILE, REPORT_FILE, TABLE_FILES};
use crate::model::SectionPart;
use crate::schema::{self, SCHEMA_DIR};

/// The YAML files as `init` writes them (before the schema line).
const YAML_TEMPLATES: [(&str, &str); 8] = [
    (REPORT_FILE, include_str!("../templates/init/report.yaml")),
    (MEMBERS_FILE, include_str!("../templates/init/members.yaml")),
    (TABLE_FILES[0], include_str!("../templates/init/tables/projects.yaml")),
    (TABLE_FILES[1], include_str!("../templates/init/tables/transfers.yaml")),
    (TABLE_FILES[2], include_str!("../templates/init/tables/achievements.yaml")),
    (TABLE_FILES[3], include_str!("../templates/init/tables/events.yaml")),
    (TABLE_FILES[4], include_str!("../templates/init/tables/platforms.yaml")),
    (EVIDENCE_FILE, include_str!("../templates/init/evidence.yaml")),
];

const GITIGNORE: &str = include_str!("../templates/init/gitignore");
const WORKFLOW: &str = include_str!("../templates/init/workflow.yml");
/// Where the workflow goes.
pub const WORKFLOW_FILE: &str = ".github/workflows/report.yml";

/// Every file of a new report folder: path relative to the folder, content.
pub fn files() -> Vec<(String, String)> {
    let schemas = schema::all();
    let mut files = Vec::new();
    for (yaml, text) in YAML_TEMPLATES {
        let name =
            schemas.iter().find(|s| s.yaml == yaml).map(|s| s.name).expect("every YAML file has a schema");
        files.push((yaml.to_owned(), format!("{}\n{text}", schema::modeline(yaml, name))));
    }
    for part in SectionPart::ALL {
        let mut text = String::new();
        for prompt in form::prompts(part) {
            text.push_str(&format!("# {}\n\n", prompt.text));
        }
        files.push((format!("sections/{}", part.file_name()), text));
    }
    for s in schemas {
        files.push((format!("{SCHEMA_DIR}/{}", s.name), s.json));
    }
    files.push((".gitignore".into(), GITIGNORE.into()));
    files.push((WORKFLOW_FILE.into(), WORKFLOW.into()));
    files
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
