//! 九、相关印证材料: every item has a kind, a title and files that print;
//! every one of the nine kinds has an item or says why it has none; what an
//! item supports exists; no file is attached twice or swells the PDF.

use std::collections::HashMap;
use std::path::Path;

use super::Checker;
use super::cells::text;
use crate::diag::Diagnostic;
use crate::evidence::{self, LARGE_FILE_BYTES, LARGE_IMAGE_PIXELS, Target, megabytes};
use crate::form::EVIDENCE_KINDS;
use crate::load::EVIDENCE_FILE;

const F: &str = EVIDENCE_FILE;

pub(super) fn check(c: &mut Checker) {
    items(c);
    kinds(c);
    duplicates(c);
    large_files(c);
    unlisted_files(c);
}

fn kind_error(c: &mut Checker, path: &str, kind: Option<u8>) -> bool {
    match kind {
        None => {
            c.error(F, path, "“证明材料类别”没有填写".into(), "填 1 到 9，对应填写说明二.5 列出的九类材料")
        }
        Some(k) if !(1..=9).contains(&k) => c.error(
            F,
            path,
            format!("证明材料类别只有 1 到 9，这里写的是 {k}"),
            "对应填写说明二.5 列出的九类材料",
        ),
        Some(_) => return false,
    }
    true
}

fn items(c: &mut Checker) {
    let report = c.report;
    for (i, item) in report.evidence.items.iter().enumerate() {
        kind_error(c, &format!("items[{i}].kind"), item.kind);
        text(c, F, &format!("items[{i}].title"), "材料名称", item.title.as_deref(), None);
        if item.files.is_empty() {
            c.error(
                F,
                &format!("items[{i}].files"),
                "这项材料没有列出文件".into(),
                "在 files 中写出扫描件或 PDF 的路径（相对于报告文件夹），例如 files: [evidence/1-1-会议通知.pdf]",
            );
        }
        for (j, path) in item.files.iter().enumerate() {
            if let Some(Err(problem)) = c.attachments.get(path) {
                let (message, hint) = problem.describe(path);
                c.error(F, &format!("items[{i}].files[{j}]"), message, hint);
            }
        }
        for (j, target) in item.supports.iter().enumerate() {
            if let Err((message, hint)) = Target::parse(target, report) {
                c.error(F, &format!("items[{i}].supports[{j}]"), message, hint);
            }
        }
    }
}

/// Each of the nine kinds has an item, or an entry of `absent` with the
/// reason (填写说明: nothing is left blank).
fn kinds(c: &mut Checker) {
    let evidence = &c.report.evidence;
    for (i, absent) in evidence.absent.iter().enumerate() {
        if kind_error(c, &format!("absent[{i}].kind"), absent.kind) {
            continue;
        }
        let kind = absent.kind.unwrap_or_default();
        if absent.reason.as_deref().is_none_or(|r| r.trim().is_empty() || r.trim() == "无") {
            c.error(
                F,
                &format!("absent[{i}].reason"),
                format!("第（{kind}）类材料写了“无”，但没有写原因"),
                "在 reason 中写明没有这类材料的原因，例如“认定以来未联合申请知识产权”",
            );
        }
        if evidence.items.iter().any(|item| item.kind == Some(kind)) {
            c.error(
                F,
                &format!("absent[{i}].kind"),
                format!("第（{kind}）类材料既列出了材料，又在 absent 中写了“无”"),
                "有材料时删去 absent 中的这一项；确实没有时删去 items 中这一类的材料",
            );
        }
        if evidence.absent[..i].iter().any(|a| a.kind == Some(kind)) {
            c.warning(
                F,
                &format!("absent[{i}].kind"),
                format!("第（{kind}）类材料的“无”写了两次"),
                "删去一项",
            );
        }
    }
    for (k, name) in (1u8..).zip(EVIDENCE_KINDS) {
        let listed = evidence.items.iter().any(|item| item.kind == Some(k));
        let absent = evidence.absent.iter().any(|a| a.kind == Some(k));
        if !listed && !absent {
            // At the `items:` key (an error at the list would point at its
            // first item, which is not the problem).
            let pos = c.files.locations(F).key("items").unwrap_or_else(|| c.pos(F, "items"));
            let d = Diagnostic::error(
                F,
                pos.line,
                pos.column,
                format!("第（{k}）类证明材料“{}”没有列出任何材料", name.trim_end_matches('。')),
            )
            .with_hint(format!(
                "在 items 中列出 kind: {k} 的材料；确实没有时在 absent 中写明原因，\
                     例如 absent: [{{kind: {k}, reason: 没有这类材料的原因}}]"
            ));
            c.diagnostics.push(d);
        }
    }
}

/// The same content attached twice (under two names, or twice the same
/// path) prints twice: warn.
fn duplicates(c: &mut Checker) {
    let numbers = evidence::number(&c.report.evidence.items);
    let mut seen: HashMap<u64, (String, &str)> = HashMap::new();
    for (i, item) in c.report.evidence.items.iter().enumerate() {
        let no = numbers[i].clone().unwrap_or_else(|| format!("第 {} 项", i + 1));
        for (j, path) in item.files.iter().enumerate() {
            let Some(Ok(attachment)) = c.attachments.get(path) else { continue };
            match seen.get(&attachment.digest) {
                None => {
                    seen.insert(attachment.digest, (no.clone(), path));
                }
                Some((first_no, first_path)) => {
                    let message = if first_path == path {
                        format!("文件“{path}”附了两次（附件 {first_no} 已经附过）")
                    } else {
                        format!("“{path}”与附件 {first_no} 的“{first_path}”内容完全相同，同一份材料附了两次")
                    };
                    c.warning(
                        F,
                        &format!("items[{i}].files[{j}]"),
                        message,
                        "同一份材料只附一次；它印证多处内容时，在那一项的 supports 中列出",
                    );
                }
            }
        }
    }
}

/// Files that swell the PDF: they are embedded as they are.
fn large_files(c: &mut Checker) {
    let mut warned = std::collections::HashSet::new();
    for (i, item) in c.report.evidence.items.iter().enumerate() {
        for (j, path) in item.files.iter().enumerate() {
            let Some(Ok(attachment)) = c.attachments.get(path) else { continue };
            let pixels = attachment.pixels.map_or(0, |(w, h)| u64::from(w) * u64::from(h));
            if (attachment.bytes <= LARGE_FILE_BYTES && pixels <= LARGE_IMAGE_PIXELS) || !warned.insert(path)
            {
                continue;
            }
            let size = match attachment.pixels {
                Some((w, h)) => format!(
                    "{}，{w}×{h} 像素，约 {:.0} 百万像素",
                    megabytes(attachment.bytes),
                    pixels as f64 / 1e6
                ),
                None => megabytes(attachment.bytes),
            };
            c.warning(
                F,
                &format!("items[{i}].files[{j}]"),
                format!("材料文件“{path}”很大（{size}），会让 PDF 变大"),
                "文件按原样嵌入 PDF，不会压缩：扫描件用 150–300 dpi、照片缩小到 2000–3000 像素宽即可",
            );
        }
    }
}

/// A PDF or image under `evidence/` that no item lists is not printed:
/// probably forgotten, or its name misspelt in `evidence.yaml`.
fn unlisted_files(c: &mut Checker) {
    let dir = c.root.join("evidence");
    let listed: Vec<&str> =
        c.report.evidence.items.iter().flat_map(|i| &i.files).map(String::as_str).collect();
    let walker = walkdir::WalkDir::new(&dir).max_depth(4).sort_by_file_name();
    for entry in walker.into_iter().filter_map(|e| e.ok()).filter(|e| e.file_type().is_file()) {
        let Ok(rel) = entry.path().strip_prefix(c.root) else { continue };
        let rel = rel.to_string_lossy().replace('\\', "/");
        let ext =
            Path::new(&rel).extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
        if !matches!(ext.as_str(), "pdf" | "jpg" | "jpeg" | "png") {
            continue;
        }
        if listed.iter().any(|l| l.trim_start_matches("./") == rel) {
            continue;
        }
        c.diagnostics.push(
            Diagnostic::warning(rel.as_str(), 0, 0, format!("文件 {rel} 没有列在 {F} 中，不会印入报告"))
                .with_hint("在 evidence.yaml 某一项的 files 中列出它；不用的文件请移出 evidence 文件夹"),
        );
    }
}
