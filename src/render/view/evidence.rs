//! 九、相关印证材料 for the template: the index (证明材料目录) and every
//! item's pages.

use serde::Serialize;

use super::anchors;
use crate::document::EvidenceIndex;
use crate::model::{AssetKind, Record, Report, SHEET};

/// The index of 九 and the items' pages.
#[derive(Debug, Serialize)]
pub struct EvidenceView {
    /// The index's title and its columns' labels (see [`crate::form::EVIDENCE_INDEX`]).
    pub title: &'static str,
    pub columns: [&'static str; 4],
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
    /// The label of each of `supports`, where it links to (see
    /// [`anchors::target`]).
    pub targets: Vec<String>,
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
pub(super) fn view(report: &Report, index: &EvidenceIndex) -> EvidenceView {
    let items = report.evidence.rows("items");
    let mut groups = Vec::new();
    let mut views = Vec::new();
    for kind in &index.kinds {
        for (n, entry) in kind.items.iter().enumerate() {
            let item = &items[entry.row];
            views.push(EvidenceItemView {
                no: entry.no.clone(),
                title: entry.title.clone(),
                supports: entry.supports.clone(),
                targets: entry.targets.iter().map(anchors::target).collect(),
                notes: notes(report, item),
                kind: (n == 0).then(|| kind.title.clone()),
                pages: pages(report, item),
                place: format!("{}｜九、相关印证材料 附件 {}", report.evidence.file, entry.no),
            });
        }
        groups.push(EvidenceGroup {
            kind: kind.title.clone(),
            items: kind
                .items
                .iter()
                .map(|e| EvidenceEntry {
                    no: e.no.clone(),
                    title: e.title.clone(),
                    supports: e.supports.clone(),
                })
                .collect(),
            absent: kind.absent.clone(),
        });
    }
    EvidenceView {
        title: crate::form::EVIDENCE_INDEX,
        columns: crate::form::EVIDENCE_INDEX_COLUMNS,
        index: groups,
        items: views,
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
