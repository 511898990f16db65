//! 九's 证明材料目录: the attached evidence listed by the nine kinds of
//! 填写说明 二.5, each item with its number (附件 3-2), its title and the
//! parts of the report it supports; a kind without items says 无, or why.

use super::{NONE, shown};
use crate::attachments::{self, Target};
use crate::form::EVIDENCE_KINDS;
use crate::model::{Record, Report};

/// The index, kind by kind.
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceIndex {
    pub kinds: Vec<EvidenceKind>,
}

/// One of the nine kinds.
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceKind {
    /// （3）共建公共技术创新平台及使用情况的证明材料
    pub title: String,
    pub items: Vec<EvidenceEntry>,
    /// What the index says of a kind without items: 无, or 无（the
    /// reason the report gives). Empty when the kind has items.
    pub absent: String,
}

/// One item of the index.
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceEntry {
    /// 3-2
    pub no: String,
    pub title: String,
    /// What it supports, in the report's order: 二（3）, 表5 序号2.
    pub supports: Vec<String>,
    /// The same, as places of the report: where each links to.
    pub targets: Vec<Target>,
    /// The item's row in `evidence.yaml` (0-based), for its pages.
    pub row: usize,
}

pub(super) fn index(report: &Report) -> EvidenceIndex {
    let items = report.evidence.rows("items");
    let numbers = attachments::number(items);
    // In the report's order (表3 序号1 before 序号2), however the author
    // listed them.
    let targets = |item: &Record| -> Vec<Target> {
        let mut targets: Vec<Target> =
            item.list("supports").iter().filter_map(|t| Target::parse(&t.text, report).ok()).collect();
        targets.sort_by_key(Target::order);
        targets
    };
    let kinds = (1u32..)
        .zip(EVIDENCE_KINDS)
        .map(|(k, kind)| {
            let entries: Vec<EvidenceEntry> = items
                .iter()
                .zip(&numbers)
                .enumerate()
                .filter(|(_, (item, _))| item.count("kind") == Some(k))
                .filter_map(|(row, (item, no))| {
                    let targets = targets(item);
                    Some(EvidenceEntry {
                        no: no.clone()?,
                        title: shown(item, "title"),
                        supports: targets.iter().map(Target::label).collect(),
                        targets,
                        row,
                    })
                })
                .collect();
            let reason = report
                .evidence
                .rows("absent")
                .iter()
                .find(|a| a.count("kind") == Some(k))
                .map(|a| format!("{NONE}（{}）", shown(a, "reason")));
            let absent = match (entries.is_empty(), reason) {
                (false, _) => String::new(),
                (true, Some(reason)) => reason,
                (true, None) => NONE.to_owned(),
            };
            EvidenceKind {
                title: format!("（{k}）{}", kind.trim_end_matches('。')), items: entries, absent
            }
        })
        .collect();
    EvidenceIndex { kinds }
}
