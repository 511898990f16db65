//! 九、相关印证材料: every item has a kind, a title and files that print;
//! every one of the nine kinds has an item or says why it has none; what an
//! item supports exists; no file is attached twice or swells the PDF; no
//! file under `evidence/` is forgotten.

use std::collections::HashMap;

use super::Checker;
use super::fields;
use super::files::{describe, megabytes};
use crate::attachments::{self, LARGE_FILE_BYTES, LARGE_IMAGE_PIXELS, Target};
use crate::diag::{Diagnostic, Rule};
use crate::form::{EVIDENCE, EVIDENCE_KINDS};
use crate::model::{AssetKind, FileProblem};
use crate::model::{Item, Record};

const F: &str = EVIDENCE.path;

pub(super) fn check(c: &mut Checker) {
    items(c);
    kinds(c);
    duplicates(c);
    large_files(c);
    annotations(c);
    layers(c);
    unlisted_files(c);
}

fn items(c: &mut Checker) {
    let report = c.report;
    for item in report.evidence.rows("items") {
        fields::record(c, item);
        for file in item.list("files") {
            if let Some(Err(problem)) = report.assets.lookup("", &file.text) {
                let (message, mut hint) = describe(problem, "材料文件", &file.text);
                if matches!(problem, FileProblem::Missing { .. }) {
                    // Authors write the name as it sits beside evidence.yaml.
                    hint.push_str("（路径相对于报告文件夹）");
                }
                c.error_at(Rule::Evidence, F, file.span, message, hint);
            }
        }
        for target in item.list("supports") {
            if let Err((message, hint)) = Target::parse(&target.text, report) {
                c.error_at(Rule::Evidence, F, target.span, message, hint);
            }
        }
    }
}

/// Each of the nine kinds has an item, or an entry of `absent` with the
/// reason (填写说明: nothing is left blank).
fn kinds(c: &mut Checker) {
    let evidence = &c.report.evidence;
    let items = evidence.rows("items");
    let absent = evidence.rows("absent");
    for (i, a) in absent.iter().enumerate() {
        fields::record(c, a);
        let Some(kind) = a.count("kind") else { continue };
        if items.iter().any(|item| item.count("kind") == Some(kind)) {
            c.error(
                Rule::Evidence,
                a,
                "kind",
                format!("第（{kind}）类材料既列出了材料，又在 absent 中写了“无”"),
                "有材料时删去 absent 中的这一项；确实没有时删去 items 中这一类的材料",
            );
        }
        if absent[..i].iter().any(|b| b.count("kind") == Some(kind)) {
            c.warning(Rule::Evidence, a, "kind", format!("第（{kind}）类材料的“无”写了两次"), "删去一项");
        }
    }
    // At the `items:` key (an error at the list would point at its first
    // item, which is not the problem).
    let at = evidence.slot("items").key.unwrap_or(evidence.at);
    for (k, name) in (1u32..).zip(EVIDENCE_KINDS) {
        let listed = items.iter().any(|item| item.count("kind") == Some(k));
        let said = absent.iter().any(|a| a.count("kind") == Some(k));
        if !listed && !said {
            let (line, column) = c.position(F, at);
            c.diagnostics.push(
                Diagnostic::error(
                    Rule::Evidence,
                    F,
                    line,
                    column,
                    format!("第（{k}）类证明材料“{}”没有列出任何材料", name.trim_end_matches('。')),
                )
                .with_hint(format!(
                    "在 items 中列出 kind: {k} 的材料；确实没有时在 absent 中写明原因，\
                     例如 absent: [{{kind: {k}, reason: 没有这类材料的原因}}]"
                )),
            );
        }
    }
}

/// The items, with the 附件 number of each.
fn numbered(items: &[Record]) -> Vec<(String, &Record)> {
    let numbers = attachments::number(items);
    items
        .iter()
        .enumerate()
        .map(|(i, item)| (numbers[i].clone().unwrap_or_else(|| format!("第 {} 项", i + 1)), item))
        .collect()
}

/// The same content attached twice (under two names, or twice the same
/// path) prints twice: warn.
fn duplicates(c: &mut Checker) {
    let report = c.report;
    let mut seen: HashMap<u64, (String, &str)> = HashMap::new();
    for (no, item) in numbered(report.evidence.rows("items")) {
        for file in item.list("files") {
            let Some(Ok((_, asset))) = report.assets.lookup("", &file.text) else { continue };
            match seen.get(&asset.digest) {
                None => {
                    seen.insert(asset.digest, (no.clone(), &file.text));
                }
                Some((first_no, first_path)) => {
                    let path = &file.text;
                    let message = if first_path == path {
                        format!("文件“{path}”附了两次（附件 {first_no} 已经附过）")
                    } else {
                        format!("“{path}”与附件 {first_no} 的“{first_path}”内容完全相同，同一份材料附了两次")
                    };
                    c.warning_at(
                        Rule::Evidence,
                        F,
                        file.span,
                        message,
                        "同一份材料只附一次；它印证多处内容时，在那一项的 supports 中列出",
                    );
                }
            }
        }
    }
}

/// Every file the items list, each once (where it is first listed), with
/// what load found of it: a file's own warnings are given once.
fn listed_once(report: &crate::model::Report) -> Vec<(&Item, &crate::model::Asset)> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for item in report.evidence.rows("items") {
        for file in item.list("files") {
            if let Some(Ok((rel, asset))) = report.assets.lookup("", &file.text)
                && seen.insert(rel)
            {
                out.push((file, asset));
            }
        }
    }
    out
}

/// Files that swell the PDF: they are embedded as they are.
fn large_files(c: &mut Checker) {
    for (file, asset) in listed_once(c.report) {
        let bytes = asset.size;
        let pixels = asset.pixels().map_or(0, |(w, h)| u64::from(w) * u64::from(h));
        if bytes <= LARGE_FILE_BYTES && pixels <= LARGE_IMAGE_PIXELS {
            continue;
        }
        let size = match asset.pixels() {
            Some((w, h)) => {
                format!("{}，{w}×{h} 像素，约 {:.0} 百万像素", megabytes(bytes), pixels as f64 / 1e6)
            }
            None => megabytes(bytes),
        };
        c.warning_at(
            Rule::Evidence,
            F,
            file.span,
            format!("材料文件“{}”很大（{size}），会让 PDF 变大", file.text),
            "文件按原样嵌入 PDF，不会压缩：扫描件用 150–300 dpi、照片缩小到 2000–3000 像素宽即可",
        );
    }
}

/// Form fields (or other annotations) a reader prints from an appearance it
/// makes itself: the file does not hold what they show, so the report
/// cannot print it.
fn annotations(c: &mut Checker) {
    for (file, asset) in listed_once(c.report) {
        let AssetKind::Pdf { annotations, .. } = &asset.kind else { continue };
        if annotations.without_appearance == 0 {
            continue;
        }
        c.warning_at(
                Rule::Evidence,
            F,
            file.span,
            format!(
                "材料文件“{}”有 {} 处表单填写内容或批注没有保存显示效果（文件要求阅读器自己生成），报告中不会印出这些内容",
                file.text, annotations.without_appearance
            ),
            "用 PDF 阅读器打开它，确认填写内容显示正常后“打印”为 PDF（如选“Microsoft Print to PDF”），再附上打印出的文件",
        );
    }
}

/// Layers (optional content) whose visibility cannot be told: they are
/// printed, though a reader may hide them.
fn layers(c: &mut Checker) {
    for (file, asset) in listed_once(c.report) {
        let AssetKind::Pdf { annotations, .. } = &asset.kind else { continue };
        if annotations.unresolved_layers == 0 {
            continue;
        }
        c.warning_at(
            Rule::Evidence,
            F,
            file.span,
            format!(
                "材料文件“{}”有 {} 处图层（可选内容）的显示设置无法读取，这些内容会印出，阅读器可能不显示它们",
                file.text, annotations.unresolved_layers
            ),
            "用 PDF 阅读器打开它，确认显示正常后“打印”为 PDF（如选“Microsoft Print to PDF”），再附上打印出的文件",
        );
    }
}

/// A PDF or image under `evidence/` that no item lists is not printed:
/// probably forgotten, or its name misspelt in `evidence.yaml`.
fn unlisted_files(c: &mut Checker) {
    for rel in &c.report.evidence_folder {
        c.diagnostics.push(
            Diagnostic::warning(
                Rule::Evidence,
                rel.as_str(),
                0,
                0,
                format!("文件 {rel} 没有列在 {F} 中，不会印入报告"),
            )
            .with_hint("在 evidence.yaml 某一项的 files 中列出它；不用的文件请移出 evidence 文件夹"),
        );
    }
}
