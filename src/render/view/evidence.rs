//! 九、相关印证材料 for the template: the index (证明材料目录) and every
//! item's pages.

use serde::Serialize;

use super::{NONE, shown};
use crate::evidence::{self, Target};
use crate::form::EVIDENCE_KINDS;
use crate::model::{AssetKind, Record, Report, SHEET};

/// The index of 九 and the items' pages.
#[derive(Debug, Serialize)]
pub struct EvidenceView {
    pub index: Vec<EvidenceGroup>,
    pub items: Vec<EvidenceItemView>,
}

/// One kind of the nine in the index.
#[derive(Debug, Serialize)]
pub struct EvidenceGroup {
    /// "（3）共建公共技术创新平台及使用情况的证明材料"
    pub kind: String,
    pub items: Vec<EvidenceEntry>,
    /// Why the report has none of this kind (empty when it has some).
    pub absent: String,
}

/// One line of the index.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceEntry {
    /// "3-2"
    pub no: String,
    pub title: String,
    /// What it supports, e.g. "表5 序号2", "二（3）"; may be empty.
    pub supports: Vec<String>,
}

/// One item with the pages it prints on.
#[derive(Debug, Serialize)]
pub struct EvidenceItemView {
    pub no: String,
    pub title: String,
    pub supports: Vec<String>,
    /// What the first sheet says of the files: that annotations (a seal)
    /// are drawn in.
    pub notes: Vec<String>,
    /// The kind's heading, on the first item of each kind.
    pub kind: Option<String>,
    pub pages: Vec<EvidencePage>,
    /// Where the item comes from, for a typesetting error.
    pub place: String,
}

/// One printed page of evidence: a page of a PDF, or an image; or, in a
/// draft, a placeholder for a file that cannot be printed (`path` empty).
#[derive(Debug, Serialize)]
pub struct EvidencePage {
    /// Path in the typst World, already quoted as a typst string with every
    /// character kept (the template inserts it `| safe`): shown text loses
    /// invisible characters, a path must not.
    pub path: String,
    /// The file as written in evidence.yaml.
    pub source: String,
    pub format: &'static str,
    /// 1-based page of a PDF.
    pub page: usize,
    /// Width / height of the page or image.
    pub ratio: f64,
    /// Printed on a landscape sheet.
    pub landscape: bool,
}

/// The index of 九 and the pages of every item, in the order of the kinds.
pub(super) fn view(report: &Report) -> EvidenceView {
    let items = report.evidence.rows("items");
    let numbers = evidence::number(items);
    // In the report's order (表3 序号1 before 序号2), however the author
    // listed them.
    let supports = |item: &Record| -> Vec<String> {
        let mut targets: Vec<Target> =
            item.list("supports").iter().filter_map(|t| Target::parse(&t.text, report).ok()).collect();
        targets.sort_by_key(order);
        targets.iter().map(Target::label).collect()
    };
    let mut index = Vec::new();
    let mut views = Vec::new();
    for (k, kind) in (1u32..).zip(EVIDENCE_KINDS) {
        let kind = format!("（{k}）{}", kind.trim_end_matches('。'));
        let of_kind: Vec<(&Record, &str)> = items
            .iter()
            .zip(&numbers)
            .filter(|(item, _)| item.count("kind") == Some(k))
            .filter_map(|(item, no)| Some((item, no.as_deref()?)))
            .collect();
        let absent = report
            .evidence
            .rows("absent")
            .iter()
            .find(|a| a.count("kind") == Some(k))
            .map(|a| format!("{NONE}（{}）", shown(a, "reason")))
            .unwrap_or_default();
        let entries: Vec<EvidenceEntry> = of_kind
            .iter()
            .map(|(item, no)| EvidenceEntry {
                no: (*no).to_owned(),
                title: shown(item, "title"),
                supports: supports(item),
            })
            .collect();
        for (n, ((item, _), entry)) in of_kind.iter().zip(&entries).enumerate() {
            views.push(EvidenceItemView {
                no: entry.no.clone(),
                title: entry.title.clone(),
                supports: entry.supports.clone(),
                notes: notes(report, item),
                kind: (n == 0).then(|| kind.clone()),
                pages: pages(report, item),
                place: format!("{}｜九、相关印证材料 附件 {}", report.evidence.file, entry.no),
            });
        }
        index.push(EvidenceGroup {
            kind: kind.clone(),
            items: entries,
            absent: if of_kind.is_empty() && absent.is_empty() { NONE.to_owned() } else { absent },
        });
    }
    EvidenceView { index, items: views }
}

/// Where a target stands in the report: 一, then 二–四 and their prompts,
/// then 五 and 表1–表5 (in [`crate::form::TABLES`]' order) row by row.
fn order(target: &Target) -> (usize, usize, usize) {
    match target {
        Target::Summary(_) => (0, 0, 0),
        Target::Section(part, n) => {
            (1, crate::form::SectionPart::ALL.iter().position(|p| p == part).unwrap_or(0), n.unwrap_or(0))
        }
        Target::Row(table, row) => (2, *table, *row),
    }
}

/// A note for each file whose annotations are drawn onto its pages, so that
/// a reviewer knows the seal on a sheet was an annotation of the file.
fn notes(report: &Report, item: &Record) -> Vec<String> {
    item.list("files")
        .iter()
        .filter_map(|file| {
            let Some(Ok((_, asset))) = report.assets.lookup("", &file.text) else { return None };
            let AssetKind::Pdf { annotations, .. } = &asset.kind else { return None };
            (annotations.drawn > 0).then(|| {
                format!(
                    "{} 含电子印章、批注或表单填写内容 {} 处，已按打印效果印在页面上。",
                    file.text, annotations.drawn
                )
            })
        })
        .collect()
}

/// The pages an item prints on: every page of its PDFs, every image; a
/// placeholder for each file that cannot be printed (only a draft gets
/// this far with one), and for an item without files.
fn pages(report: &Report, item: &Record) -> Vec<EvidencePage> {
    let placeholder = |source: &str| EvidencePage {
        path: crate::escape::typst_string(""),
        source: source.to_owned(),
        format: "",
        page: 0,
        ratio: 210.0 / 297.0,
        landscape: false,
    };
    let mut pages = Vec::new();
    for file in item.list("files") {
        let Some(Ok((rel, asset))) = report.assets.lookup("", &file.text) else {
            pages.push(placeholder(&file.text));
            continue;
        };
        // A scan is placed as its one-page PDF.
        let (path, format) = match asset.sheet {
            Some(_) => (format!("/{rel}{SHEET}"), "pdf"),
            None => (format!("/{rel}"), asset.format().typst_name()),
        };
        for (i, (w, h)) in asset.pages().into_iter().enumerate() {
            pages.push(EvidencePage {
                path: crate::escape::typst_string(&path),
                source: file.text.clone(),
                format,
                page: i + 1,
                ratio: w / h,
                landscape: w > h,
            });
        }
    }
    if pages.is_empty() {
        pages.push(placeholder(""));
    }
    pages
}
