//! `diff`: what changes between two versions of a report, as Markdown fit
//! for a pull-request comment: fields (old → new), rows of each table
//! added, removed and changed (matched by their name, not their position),
//! the answers whose text changed with the paragraphs that did, and every
//! figure of 一、联盟简况 that changes as a result.
//!
//! Steps: load both folders ([`diff`]; [`reports`] takes two loaded
//! reports); flatten each file's records into labelled cells (the labels
//! are the catalogue's, so they are the form's); compare; write the
//! Markdown. [`git`] takes two revisions of a repository,
//! [`pages`] renders the pages that differ.

pub mod git;
mod pages;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Result, bail};

pub use pages::pages;

use crate::document::shown;
use crate::form::{self, ACHIEVEMENT_KINDS, FileSpec, IP_KINDS, Kind};
use crate::model::{Record, Report, Value};
use crate::summary::Figures;

/// The report of `version`; one that cannot be read is an error that
/// names its first problem, in the version's terms ("main 中的
/// report.yaml 第 3 行"), with what can be done: a folder can be fixed,
/// history cannot.
fn load_version(version: &git::Version) -> Result<Report> {
    let loaded = crate::load::load_from(&version.source, None)?;
    if let Some(report) = loaded.report {
        return Ok(report);
    }
    let mut problems = loaded.diagnostics;
    crate::diag::sort(&mut problems);
    let first = problems.iter().find(|d| d.is_error());
    let at = match first {
        Some(d) if d.line > 0 => format!("：{} 第 {} 行：{}", d.file.display(), d.line, d.message),
        Some(d) => format!("：{}：{}", d.file.display(), d.message),
        None => String::new(),
    };
    let name = &version.name;
    if version.revision {
        bail!(
            "版本 {name} 中的报告无法读取{at}。这是历史版本中的问题：可以改为比较其他提交（例如 --git {name}~1..HEAD），或在新的提交中修正后再比较"
        )
    }
    bail!("{name} 中的报告无法读取{at}（先用 alliance-report check 修正）")
}

/// The versions of the report in the folders `old` and `new`.
pub fn folders(old: &Path, new: &Path) -> (git::Version, git::Version) {
    let version = |dir: &Path| git::Version {
        source: crate::load::Source::disk(dir),
        name: dir.display().to_string(),
        revision: false,
    };
    (version(old), version(new))
}

/// The Markdown description of the changes from `old` to `new`.
pub fn versions(old: &git::Version, new: &git::Version) -> Result<String> {
    Ok(reports(&load_version(old)?, &load_version(new)?))
}

/// The Markdown description of the changes from the report in `old` to the
/// one in `new`.
pub fn diff(old: &Path, new: &Path) -> Result<String> {
    let (old, new) = folders(old, new);
    versions(&old, &new)
}

/// The Markdown description of the changes from the report `old` to the
/// report `new`.
pub fn reports(old: &Report, new: &Report) -> String {
    let mut out = String::from("## 报告的变化\n");
    let before = out.len();
    for (i, spec) in form::FILES.iter().enumerate() {
        let section = file(spec, &root(old, i), &root(new, i));
        if !section.is_empty() {
            let _ = write!(out, "\n### {}：{}\n\n{section}", spec.path, spec.title);
        }
    }
    evidence_files(&mut out, old, new);
    sections(&mut out, old, new);
    figures(&mut out, old, new);
    if out.len() == before {
        out.push_str("\n报告内容没有变化。\n");
    }
    out
}

/// The records of the `i`th file of [`form::FILES`]: for a table's file,
/// its rows under the table's key.
fn root(report: &Report, i: usize) -> Vec<(&'static str, Vec<Record>)> {
    match i {
        0 => vec![("", vec![report.info.clone()])],
        7 => vec![
            ("items", report.evidence.rows("items").to_vec()),
            ("absent", report.evidence.rows("absent").to_vec()),
        ],
        n => vec![(form::TABLES[n - 1].key, report.tables[n - 1].clone())],
    }
}

/// The changes of one file.
fn file(spec: &FileSpec, old: &[(&str, Vec<Record>)], new: &[(&str, Vec<Record>)]) -> String {
    let mut out = String::new();
    for ((key, xs), (_, ys)) in old.iter().zip(new) {
        if key.is_empty() {
            fields(&mut out, &xs[0], &ys[0]);
        } else {
            let table = match spec.field(key).map(|f| &f.kind) {
                Some(Kind::Rows(table)) => *table,
                _ => continue,
            };
            rows(&mut out, table.name_field, xs, ys);
        }
    }
    out
}

/// The leaves of a record with their labels ("group label：field label"
/// for a field of a group inside 一): every field that holds something.
fn leaves(record: &Record, prefix: &str, top: bool, out: &mut Vec<(String, String)>) {
    for field in record.fields {
        let label =
            if prefix.is_empty() { field.label.to_owned() } else { format!("{prefix}：{}", field.label) };
        match record.get(field.key) {
            None => {}
            Some(Value::Group(group)) => leaves(group, if top { "" } else { &label }, false, out),
            Some(Value::Rows(_)) => {}
            Some(_) => out.push((label, shown(record, field.key))),
        }
    }
}

/// A user's value in the Markdown: one line, at most 120 characters,
/// shown as written (see [`crate::escape::markdown_text`]).
fn cell(text: &str) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let short: String = one_line.chars().take(120).collect();
    let short = if short.len() < one_line.len() { format!("{short}…") } else { short };
    crate::escape::markdown_text(&short)
}

/// The leaves that differ: (label, old, new).
fn changes(old: &Record, new: &Record, top: bool) -> Vec<(String, String, String)> {
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    leaves(old, "", top, &mut xs);
    leaves(new, "", top, &mut ys);
    let (xm, ym): (BTreeMap<_, _>, BTreeMap<_, _>) =
        (xs.iter().cloned().collect(), ys.iter().cloned().collect());
    let mut labels: Vec<&String> = xs.iter().map(|(l, _)| l).collect();
    labels.extend(ys.iter().map(|(l, _)| l).filter(|l| !xm.contains_key(*l)));
    labels
        .into_iter()
        .filter(|l| xm.get(*l) != ym.get(*l))
        .map(|l| {
            let show = |v: Option<&String>| v.map_or("（空）".to_owned(), |v| cell(v));
            let (x, y) = (xm.get(l), ym.get(l));
            let unseen = x.zip(y).and_then(|(x, y)| unseen_change(x, y)).unwrap_or_default();
            (l.clone(), show(x), format!("{}{unseen}", show(y)))
        })
        .collect()
}

/// A change a reader cannot see (料 U+F9BE for 料 U+6599, a full-width
/// letter, a combining mark, a character that prints nothing): the
/// characters that differ, by code point. Raw code points are compared:
/// normalising first would hide exactly these changes.
fn unseen_change(old: &str, new: &str) -> Option<String> {
    use unicode_normalization::UnicodeNormalization as _;
    let looks_like_another = |c: char| {
        crate::escape::prints_nothing(c)
            || unicode_normalization::char::is_combining_mark(c)
            || matches!(c as u32, 0xFF01..=0xFF5E | 0x3000)
            || c.to_string().nfkc().ne(std::iter::once(c))
    };
    // The characters between the common start and the common end.
    let (a, b): (Vec<char>, Vec<char>) = (old.chars().collect(), new.chars().collect());
    let start = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let end = a[start..].iter().rev().zip(b[start..].iter().rev()).take_while(|(x, y)| x == y).count();
    let (gone, came) = (&a[start..a.len() - end], &b[start..b.len() - end]);
    if !gone.iter().chain(came).any(|c| looks_like_another(*c)) {
        return None;
    }
    let named = |chars: &[char]| -> String {
        let names: Vec<String> = chars
            .iter()
            .map(|c| match crate::escape::prints_nothing(*c) {
                true => format!("U+{:04X}", *c as u32),
                false => format!("“{}”U+{:04X}", crate::escape::markdown_text(&c.to_string()), *c as u32),
            })
            .collect();
        if names.is_empty() { "无".to_owned() } else { names.join(" ") }
    };
    Some(format!("（看不出的变化：{} → {}）", named(gone), named(came)))
}

/// Changed fields of a file's root: a table of label, old, new.
fn fields(out: &mut String, old: &Record, new: &Record) {
    let lines: Vec<String> =
        changes(old, new, true).into_iter().map(|(label, x, y)| format!("| {label} | {x} | {y} |")).collect();
    if !lines.is_empty() {
        out.push_str("| 栏目 | 原来 | 现在 |\n|---|---|---|\n");
        out.push_str(&lines.join("\n"));
        out.push_str("\n\n");
    }
}

/// Rows added, removed and changed, matched by their name.
fn rows(out: &mut String, name: &str, old: &[Record], new: &[Record]) {
    let key = |r: &Record| r.text(name).unwrap_or_default().to_owned();
    let find = |rows: &[Record], k: &str| rows.iter().position(|r| key(r) == k);
    let before = out.len();
    let added: Vec<&Record> = new.iter().filter(|r| find(old, &key(r)).is_none()).collect();
    let removed: Vec<&Record> = old.iter().filter(|r| find(new, &key(r)).is_none()).collect();
    // A row whose name changed while the rest stayed is the same row,
    // renamed (a name corrected), not one removed and one added.
    let renamed: Vec<(&Record, &Record)> = removed
        .iter()
        .filter_map(|gone| {
            let came = added.iter().find(|came| {
                let differ = changes(gone, came, false);
                differ.len() == 1
                    && differ[0].0 == gone.fields.iter().find(|f| f.key == name).map_or("", |f| f.label)
            })?;
            Some((*gone, *came))
        })
        .collect();
    for row in added.iter().filter(|r| !renamed.iter().any(|(_, came)| std::ptr::eq(*came, **r))) {
        let _ = writeln!(out, "- 新增：{}", cell(&key(row)));
    }
    for row in removed.iter().filter(|r| !renamed.iter().any(|(gone, _)| std::ptr::eq(*gone, **r))) {
        let _ = writeln!(out, "- 删除：{}", cell(&key(row)));
    }
    for (gone, came) in &renamed {
        let (x, y) = (key(gone), key(came));
        let unseen = unseen_change(&x, &y).unwrap_or_default();
        let _ = writeln!(out, "- 改名：{} → {}{unseen}", cell(&x), cell(&y));
    }
    for row in new {
        let Some(j) = find(old, &key(row)) else { continue };
        let changed: Vec<String> =
            changes(&old[j], row, false).into_iter().map(|(l, x, y)| format!("{l} {x} → {y}")).collect();
        if !changed.is_empty() {
            let _ = writeln!(out, "- 修改：{}：{}", cell(&key(row)), changed.join("；"));
        }
    }
    // Rows kept in both, in a different order (not merely shifted by rows
    // added or removed).
    let common = |rows: &[Record], other: &[Record]| -> Vec<String> {
        rows.iter().map(key).filter(|k| find(other, k).is_some()).collect()
    };
    if common(old, new) != common(new, old) {
        out.push_str("- 行的顺序有变化（序号随之改变）\n");
    }
    if out.len() > before {
        out.push('\n');
    }
}

/// The files each item of 九 attaches, by path: their content (a digest),
/// their pages and the items (titles) that attach them.
fn attached(report: &Report) -> BTreeMap<String, (u64, usize, Vec<String>)> {
    let mut files: BTreeMap<String, (u64, usize, Vec<String>)> = BTreeMap::new();
    for item in report.evidence.rows("items") {
        let title = item.text("title").unwrap_or_default().trim().to_owned();
        for written in item.list("files") {
            let Some(Ok((rel, asset))) = report.assets.lookup("", &written.text) else { continue };
            let pages = match &asset.kind {
                crate::model::AssetKind::Pdf { pages, .. } => pages.len(),
                crate::model::AssetKind::Image { .. } => 1,
            };
            let entry = files.entry(rel.to_owned()).or_insert((asset.digest, pages, Vec::new()));
            if !entry.2.contains(&title) {
                entry.2.push(title.clone());
            }
        }
    }
    files
}

/// The evidence files that were added, removed or replaced (the same name,
/// other content: a new scan of a contract), with their items: what the
/// bound PDF prints changes although `evidence.yaml` may not.
fn evidence_files(out: &mut String, old: &Report, new: &Report) {
    let (before, after) = (attached(old), attached(new));
    let mut lines = Vec::new();
    for (rel, (digest, pages, items)) in &after {
        let change = match before.get(rel) {
            None => format!("新增（{pages} 页）"),
            Some((d, p, _)) if d != digest && p != pages => format!("换成了新的文件（{p} 页 → {pages} 页）"),
            Some((d, _, _)) if d != digest => format!("换成了新的文件（{pages} 页）"),
            Some(_) => continue,
        };
        lines.push(format!("| {} | {} | {change} |", cell(rel), cell(&items.join("、"))));
    }
    for (rel, (_, pages, items)) in &before {
        if !after.contains_key(rel) {
            lines.push(format!("| {} | {} | 删除（{pages} 页） |", cell(rel), cell(&items.join("、"))));
        }
    }
    if !lines.is_empty() {
        let _ = write!(
            out,
            "\n### 证明材料的文件\n\n| 文件 | 所属材料 | 变化 |\n|---|---|---|\n{}\n",
            lines.join("\n")
        );
    }
}

/// Answers of 二、三、四 whose text changed, with the paragraphs that did.
fn sections(out: &mut String, old: &Report, new: &Report) {
    for (x, y) in old.sections.iter().zip(&new.sections) {
        let mut section = String::new();
        for (n, (a, b)) in x.answers.iter().zip(&y.answers).enumerate() {
            // Line endings do not count: a clone with core.autocrlf has
            // CRLF in its work tree and LF in its commits.
            let text = |answer: &Option<crate::model::Answer>| {
                answer
                    .as_ref()
                    .map(|a| a.markdown.replace("\r\n", "\n").trim().to_owned())
                    .unwrap_or_default()
            };
            let (a, b) = (text(a), text(b));
            if a == b {
                continue;
            }
            let paragraphs = |t: &str| -> Vec<String> {
                t.split("\n\n").map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()).collect()
            };
            let (pa, pb) = (paragraphs(&a), paragraphs(&b));
            // The paragraphs go in a fenced block, as written: its fence is
            // longer than any run of backticks they hold.
            let fence = "`".repeat(longest_run(&a, '`').max(longest_run(&b, '`')).max(2) + 1);
            let _ = writeln!(section, "{}\n\n{fence}diff", new.edition.prompts(x.part)[n].text);
            for p in pa.iter().filter(|p| !pb.contains(p)) {
                let _ = writeln!(section, "- {}", p.replace('\n', " "));
            }
            for p in pb.iter().filter(|p| !pa.contains(p)) {
                let _ = writeln!(section, "+ {}", p.replace('\n', " "));
            }
            let _ = writeln!(section, "{fence}\n");
        }
        if !section.is_empty() {
            let _ = write!(out, "\n### {}\n\n{section}", x.part.title());
        }
    }
}

/// The longest run of `c` in `text`.
fn longest_run(text: &str, c: char) -> usize {
    text.split(|x| x != c).map(str::len).max().unwrap_or(0)
}

/// The figures of 一、联盟简况 a report prints that come from its tables.
fn summary_figures(report: &Report) -> Vec<(String, String)> {
    let s = Figures::of(report).shown();
    let alliance = &form::ALLIANCE;
    let label = |key: &str| form::field(alliance, key).label;
    let group = |key: &str| match form::field(alliance, key).kind {
        Kind::Group(fields) => fields,
        _ => &[],
    };
    let mut figures = vec![(label("members_now").to_owned(), s.members_now.total.to_string())];
    let now = label("members_now").trim_end_matches("（个）");
    for (field, n) in group("members_now")[1..].iter().zip(s.members_now.by_type) {
        figures.push((format!("{now}：{}", field.label), n.to_string()));
    }
    let platforms = group("platforms");
    figures.push((platforms[0].label.to_owned(), s.platforms.total.to_string()));
    for (field, n) in platforms[1..].iter().zip(s.platforms.by_level) {
        figures.push((field.label.to_owned(), n.to_string()));
    }
    let projects = group("projects");
    figures.push((projects[0].label.to_owned(), s.projects.count.to_string()));
    figures.push((projects[1].label.to_owned(), s.projects.funds.to_string()));
    for (field, (count, funds)) in projects[2..].iter().zip(s.projects.levels) {
        if let Kind::Group(level) = field.kind {
            figures.push((level[0].label.to_owned(), count.to_string()));
            figures.push((level[1].label.to_owned(), funds.to_string()));
        }
    }
    for (i, pair) in s.ip.cells.iter().enumerate() {
        let kind = &ACHIEVEMENT_KINDS[IP_KINDS[i]];
        figures.push((format!("{}（{}）", kind.name, kind.first), pair.0.to_string()));
        figures.push((format!("{}（{}）", kind.name, kind.second), pair.1.to_string()));
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
