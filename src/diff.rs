//! `diff`: what changes between two versions of a report, as Markdown fit
//! for a pull-request comment: fields (old → new), rows of each table
//! added, removed and changed (matched by their name, not their position),
//! the answers whose text changed with the paragraphs that did, and every
//! figure of 一、联盟简况 that changes as a result.
//!
//! Steps: load both folders; read each YAML file as a tree of values and
//! flatten it into labelled cells (the labels come from the JSON Schema of
//! the file, so they are the form's); compare; render the Markdown.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use serde_json::Value;

use crate::form;
use crate::load::{self, Files};
use crate::model::Report;
use crate::schema;
use crate::summary::{self, IP_KINDS};

/// A loaded version of a report.
struct Version {
    report: Report,
    files: Files,
}

fn load_version(dir: &Path) -> Result<Version> {
    let loaded = load::load(dir)?;
    match loaded.report {
        Some(report) => Ok(Version { report, files: loaded.files }),
        None => bail!("{} 中的报告无法读取（先用 alliance-report check 修正）", dir.display()),
    }
}

/// The Markdown description of the changes from the report in `old` to the
/// one in `new`.
pub fn diff(old: &Path, new: &Path) -> Result<String> {
    let (a, b) = (load_version(old)?, load_version(new)?);
    let mut out = String::from("## 报告的变化\n");
    let before = out.len();
    for s in schema::all() {
        let labels = labels(&serde_json::from_str(&s.json).expect("our schema is JSON"));
        let (x, y) = (tree(&a.files, s.yaml), tree(&b.files, s.yaml));
        let title = s.json_title();
        if let (Value::Object(xm), Value::Object(ym)) = (&x, &y) {
            let mut section = String::new();
            for key in xm.keys().chain(ym.keys().filter(|k| !xm.contains_key(*k))) {
                let (xv, yv) = (xm.get(key).unwrap_or(&Value::Null), ym.get(key).unwrap_or(&Value::Null));
                if xv == yv {
                    continue;
                }
                match (xv, yv) {
                    (Value::Array(xs), Value::Array(ys)) => rows(&mut section, key, xs, ys, &labels),
                    _ => fields(&mut section, key, xv, yv, &labels),
                }
            }
            if !section.is_empty() {
                let _ = write!(out, "\n### {title}\n\n{section}");
            }
        }
    }
    sections(&mut out, &a.report, &b.report);
    figures(&mut out, &a.report, &b.report);
    if out.len() == before {
        out.push_str("\n报告内容没有变化。\n");
    }
    Ok(out)
}

impl schema::FileSchema {
    /// "report.yaml：封面、一、联盟简况…" → the title after the file name.
    fn json_title(&self) -> String {
        let value: Value = serde_json::from_str(&self.json).expect("our schema is JSON");
        value["title"].as_str().unwrap_or(self.yaml).to_owned()
    }
}

/// A YAML file of a version as a tree of values (Null when absent).
fn tree(files: &Files, rel: &str) -> Value {
    files.text(rel).and_then(|t| serde_saphyr::from_str(t).ok()).unwrap_or(Value::Null)
}

/// The label of every property path of a schema ("alliance.name" → 联盟名称;
/// list items are left out of the path).
fn labels(schema: &Value) -> BTreeMap<String, String> {
    fn walk(v: &Value, path: &str, out: &mut BTreeMap<String, String>) {
        if let Some(Value::Object(props)) = v.get("properties") {
            for (k, p) in props {
                let here = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                if let Some(d) = p.get("description").and_then(Value::as_str) {
                    let label = d.split(['。', '：']).next().unwrap_or(d);
                    out.insert(here.clone(), label.to_owned());
                }
                walk(p, &here, out);
            }
        }
        for key in ["items", "anyOf"] {
            match v.get(key) {
                Some(Value::Array(list)) => list.iter().for_each(|x| walk(x, path, out)),
                Some(x @ Value::Object(_)) => walk(x, path, out),
                _ => {}
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(schema, "", &mut out);
    out
}

/// The leaves of a value, with their paths ("alliance.hosted_events.total").
fn leaves(value: &Value, path: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                leaves(v, &if path.is_empty() { k.clone() } else { format!("{path}.{k}") }, out)
            }
        }
        Value::Array(items) if items.iter().all(|i| !i.is_object()) => {
            let list: Vec<String> = items.iter().map(display).collect();
            out.push((path.to_owned(), list.join("、")));
        }
        Value::Null => {}
        _ => out.push((path.to_owned(), display(value))),
    }
}

fn display(value: &Value) -> String {
    match value {
        Value::String(s) => s.trim().to_owned(),
        Value::Null => "（空）".into(),
        other => other.to_string(),
    }
}

fn label(labels: &BTreeMap<String, String>, path: &str) -> String {
    labels.get(path).cloned().unwrap_or_else(|| path.to_owned())
}

/// A Markdown table cell: one line, no pipes.
fn cell(text: &str) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let short: String = one_line.chars().take(120).collect();
    let short = if short.len() < one_line.len() { format!("{short}…") } else { short };
    short.replace('|', "\\|")
}

/// Changed fields of a mapping: a table of label, old, new.
fn fields(out: &mut String, key: &str, old: &Value, new: &Value, labels: &BTreeMap<String, String>) {
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    leaves(old, key, &mut xs);
    leaves(new, key, &mut ys);
    let (xs, ys): (BTreeMap<_, _>, BTreeMap<_, _>) = (xs.into_iter().collect(), ys.into_iter().collect());
    let mut lines = Vec::new();
    for path in xs.keys().chain(ys.keys().filter(|k| !xs.contains_key(*k))) {
        let (x, y) = (xs.get(path), ys.get(path));
        if x != y {
            let show = |v: Option<&String>| v.map_or("（空）".to_owned(), |v| cell(v));
            lines.push(format!("| {} | {} | {} |", label(labels, path), show(x), show(y)));
        }
    }
    if !lines.is_empty() {
        out.push_str("| 栏目 | 原来 | 现在 |\n|---|---|---|\n");
        out.push_str(&lines.join("\n"));
        out.push_str("\n\n");
    }
}

/// The stable key of a row: its name.
fn row_key(row: &Value) -> String {
    row.get("name").or_else(|| row.get("title")).map(display).unwrap_or_default()
}

/// Rows added, removed and changed, matched by name.
fn rows(out: &mut String, key: &str, old: &[Value], new: &[Value], labels: &BTreeMap<String, String>) {
    let find = |rows: &[Value], k: &str| rows.iter().position(|r| row_key(r) == k);
    for row in new.iter().filter(|r| find(old, &row_key(r)).is_none()) {
        let _ = writeln!(out, "- 新增：{}", cell(&row_key(row)));
    }
    for row in old.iter().filter(|r| find(new, &row_key(r)).is_none()) {
        let _ = writeln!(out, "- 删除：{}", cell(&row_key(row)));
    }
    for row in new {
        let Some(j) = find(old, &row_key(row)) else { continue };
        let (mut xs, mut ys) = (Vec::new(), Vec::new());
        leaves(&old[j], key, &mut xs);
        leaves(row, key, &mut ys);
        let (xs, ys): (BTreeMap<_, _>, BTreeMap<_, _>) = (xs.into_iter().collect(), ys.into_iter().collect());
        let changes: Vec<String> = xs
            .keys()
            .chain(ys.keys().filter(|k| !xs.contains_key(*k)))
            .filter(|p| xs.get(*p) != ys.get(*p))
            .map(|p| {
                let show = |v: Option<&String>| v.map_or("（空）".to_owned(), |v| cell(v));
                format!("{} {} → {}", label(labels, p), show(xs.get(p)), show(ys.get(p)))
            })
            .collect();
        if !changes.is_empty() {
            let _ = writeln!(out, "- 修改：{}：{}", cell(&row_key(row)), changes.join("；"));
        }
    }
    // Rows kept in both, in a different order (not merely shifted by rows
    // added or removed).
    let common = |rows: &[Value], other: &[Value]| -> Vec<String> {
        rows.iter().map(row_key).filter(|k| find(other, k).is_some()).collect()
    };
    if common(old, new) != common(new, old) {
        out.push_str("- 行的顺序有变化（序号随之改变）\n");
    }
    out.push('\n');
}

/// Answers of 二、三、四 whose text changed, with the paragraphs that did.
fn sections(out: &mut String, old: &Report, new: &Report) {
    for (x, y) in old.sections.iter().zip(&new.sections) {
        let mut section = String::new();
        for (n, (a, b)) in x.answers.iter().zip(&y.answers).enumerate() {
            let text = |answer: &Option<crate::model::Answer>| {
                answer.as_ref().map(|a| a.markdown.trim().to_owned()).unwrap_or_default()
            };
            let (a, b) = (text(a), text(b));
            if a == b {
                continue;
            }
            let paragraphs = |t: &str| -> Vec<String> {
                t.split("\n\n").map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()).collect()
            };
            let (pa, pb) = (paragraphs(&a), paragraphs(&b));
            let _ = writeln!(section, "{}\n\n```diff", form::prompts(x.part)[n].text);
            for p in pa.iter().filter(|p| !pb.contains(p)) {
                let _ = writeln!(section, "- {}", p.replace('\n', " "));
            }
            for p in pb.iter().filter(|p| !pa.contains(p)) {
                let _ = writeln!(section, "+ {}", p.replace('\n', " "));
            }
            section.push_str("```\n\n");
        }
        if !section.is_empty() {
            let _ = write!(out, "\n### {}\n\n{section}", form::section_title(x.part));
        }
    }
}

/// The figures of 一、联盟简况 a report prints that come from its tables.
fn summary_figures(report: &Report) -> Vec<(String, String)> {
    let s = summary::resolve(report);
    let m = s.members_now;
    let mut figures = vec![
        ("目前联盟成员单位（个）".to_owned(), m.total.unwrap_or_else(|| m.sum()).to_string()),
        ("目前成员单位：企业".into(), m.enterprise.to_string()),
        ("目前成员单位：大学".into(), m.university.to_string()),
        ("目前成员单位：科研院所".into(), m.institute.to_string()),
        ("目前成员单位：学会协会".into(), m.association.to_string()),
        ("目前成员单位：其它".into(), m.other.to_string()),
        ("共建技术创新平台（个）".into(), s.platforms.total.to_string()),
        ("国家级平台（个）".into(), s.platforms.national.to_string()),
        ("省级平台（个）".into(), s.platforms.provincial.to_string()),
        ("市级平台（个）".into(), s.platforms.municipal.to_string()),
        ("合作开展技术创新项目（项）".into(), s.projects.count.to_string()),
        ("项目总经费（万元）".into(), s.projects.funds.to_string()),
    ];
    for (name, level) in
        [("国家", &s.projects.national), ("省级", &s.projects.provincial), ("市级", &s.projects.municipal)]
    {
        figures.push((format!("{name}项目（项）"), level.count.to_string()));
        figures.push((format!("{name}项目财政经费（万元）"), level.public_funds.to_string()));
    }
    for ((kind, first, second), pair) in IP_KINDS.iter().zip(s.ip.cells()) {
        figures.push((format!("{kind}（{first}）"), pair.0.to_string()));
        figures.push((format!("{kind}（{second}）"), pair.1.to_string()));
    }
    figures
}

/// Figures of 一、联盟简况 that change as a result.
fn figures(out: &mut String, old: &Report, new: &Report) {
    let lines: Vec<String> = summary_figures(old)
        .into_iter()
        .zip(summary_figures(new))
        .filter(|((_, x), (_, y))| x != y)
        .map(|((label, x), (_, y))| format!("| {label} | {x} | {y} |"))
        .collect();
    if !lines.is_empty() {
        let _ = write!(
            out,
            "\n### 一、联盟简况中随之变化的数字\n\n| 栏目 | 原来 | 现在 |\n|---|---|---|\n{}\n",
            lines.join("\n")
        );
    }
}

/// Two revisions of the report in `dir` (a folder inside a git repository),
/// checked out into temporary folders under `scratch`: `range` is
/// `OLD..NEW` (NEW may be empty: the work tree).
pub fn checkout_range(dir: &Path, range: &str, scratch: &Path) -> Result<(PathBuf, PathBuf)> {
    let (old, new) = range.split_once("..").context("--git 要写成 旧版本..新版本，例如 main..HEAD")?;
    let git = |args: &[&str]| -> Result<String> {
        let output = Command::new("git").arg("-C").arg(dir).args(args).output().context("无法运行 git")?;
        if !output.status.success() {
            bail!("git {} 失败：{}", args.join(" "), String::from_utf8_lossy(&output.stderr).trim());
        }
        Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
    };
    let prefix = git(&["rev-parse", "--show-prefix"])?;
    let top = git(&["rev-parse", "--show-toplevel"])?;
    let export = |rev: &str, name: &str| -> Result<PathBuf> {
        let target = scratch.join(name);
        let _ = std::fs::remove_dir_all(&target);
        std::fs::create_dir_all(&target)?;
        if rev.is_empty() {
            return Ok(dir.to_path_buf());
        }
        let status = Command::new("sh")
            .arg("-c")
            .arg("git -C \"$1\" archive --format=tar \"$2\" -- \"$3\" | tar -x -C \"$4\"")
            .args(["sh", top.as_str(), rev, if prefix.is_empty() { "." } else { &prefix }])
            .arg(&target)
            .status()
            .context("无法运行 git archive")?;
        if !status.success() {
            bail!("无法取出版本 {rev}");
        }
        Ok(target.join(&prefix))
    };
    git(&["rev-parse", "--verify", &format!("{old}^{{commit}}")])
        .with_context(|| format!("找不到版本 {old}"))?;
    if !new.is_empty() {
        git(&["rev-parse", "--verify", &format!("{new}^{{commit}}")])
            .with_context(|| format!("找不到版本 {new}"))?;
    }
    Ok((export(old, "old")?, export(new, "new")?))
}

/// Writes PNG images of the pages that differ between the PDFs of the two
/// versions into `out` (第N页-旧.png, 第N页-新.png), and returns them. A
/// version with errors is typeset as a draft, so that it still shows. Pages
/// are compared by typst's laid-out frames, and the differing ones rendered
/// from those frames with typst-render at 60 dpi: no PDF is written, and no
/// other program is needed.
pub fn pages(old: &Path, new: &Path, out: &Path, fonts: &crate::compile::Fonts) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out).with_context(|| format!("无法创建 {}", out.display()))?;
    let typeset = |dir: &Path| -> Result<typst_layout::PagedDocument> {
        let plain = crate::generate(dir, false, fonts)?;
        let main = if plain.diagnostics.iter().any(crate::diag::Diagnostic::is_error) {
            crate::generate(dir, true, fonts)?.main
        } else {
            plain.main
        };
        let main = main.context("报告无法读取")?;
        let world = crate::compile::ReportWorld::new(dir, main, fonts.clone());
        Ok(crate::compile::layout(&world)?)
    };
    let (old_doc, new_doc) = (typeset(old)?, typeset(new)?);
    let hashes = |doc: &typst_layout::PagedDocument| -> Vec<u128> {
        doc.pages().iter().map(|p| typst::utils::hash128(&p.frame)).collect()
    };
    let (old_pages, new_pages) = (hashes(&old_doc), hashes(&new_doc));
    let options = typst_render::RenderOptions { pixel_per_pt: (60.0 / 72.0).into(), render_bleed: false };
    let mut written = Vec::new();
    for i in 0..old_pages.len().max(new_pages.len()) {
        if old_pages.get(i) == new_pages.get(i) {
            continue;
        }
        for (doc, which) in [(&old_doc, "旧"), (&new_doc, "新")] {
            let Some(page) = doc.pages().get(i) else { continue };
            let png = typst_render::render(page, &options)
                .encode_png()
                .with_context(|| format!("无法生成第 {} 页的图片", i + 1))?;
            let path = out.join(format!("第{}页-{which}.png", i + 1));
            std::fs::write(&path, png).with_context(|| format!("无法写入 {}", path.display()))?;
            written.push(path);
        }
    }
    Ok(written)
}
