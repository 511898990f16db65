//! `evidence/evidence.yaml`: 九、相关印证材料, and the nine kinds of
//! evidence of 填写说明 二.5.

use super::Kind::*;
use super::Need::*;
use super::{Column, FileSpec, Table, f};

/// The nine kinds of evidence (填写说明 二.5), numbered 1–9. Verbatim.
pub const EVIDENCE_KINDS: [&str; 9] = [
    "举办促进行业发展的会议、活动及参加展会等相关证明材料。",
    "产业发展研究报告。",
    "共建公共技术创新平台及使用情况的证明材料。",
    "合作开展科技创新项目任务书或合同书。",
    "对外技术转移、成果转化的相关协议。",
    "联合申请专利、软件著作权等知识产权证明材料。",
    "联盟工作制度和管理规则。",
    "现行有效的联盟协议。",
    "认定以来联盟年会、理事会等会议纪要。",
];

/// 九's index of the attached evidence, before the evidence itself: its
/// title and columns. The form leaves the list to the report; these are
/// our words, kept here beside the kinds they list.
pub const EVIDENCE_INDEX: &str = "证明材料目录";
pub const EVIDENCE_INDEX_COLUMNS: [&str; 4] = ["编号", "材料名称", "印证内容", "页码"];

pub const EVIDENCE: FileSpec = FileSpec {
    path: "evidence/evidence.yaml",
    title: "九、相关印证材料",
    schema: "evidence.schema.json",
    fields: &[
        f("items", "证明材料", Rows(&EVIDENCE_ITEM), Optional, "每份材料一项"),
        f("absent", "没有的材料类别", Rows(&ABSENT), Optional, "确实没有某类材料时，写明类别和原因"),
    ],
};

/// One item of evidence. Not a table of the form: it prints as the index of
/// 九 and the item's sheets.
pub const EVIDENCE_ITEM: Table = Table {
    name: "九",
    title: "相关印证材料",
    file: "evidence/evidence.yaml",
    key: "items",
    fields: &[
        f("kind", "证明材料类别", Number(9), Required, "填写说明二.5 的序号 1—9"),
        f("title", "材料名称", Text, Required, "例如 煤矸石高强陶粒制备技术转让合同"),
        f(
            "files",
            "材料文件",
            TextList,
            Required,
            "PDF、JPEG 或 PNG 文件，路径相对于报告文件夹，例如 [evidence/5-1-技术转让合同.pdf]",
        ),
        f(
            "supports",
            "印证内容",
            TextList,
            Optional,
            "可选：例如“表4 第2行”“表1 项目名称”“五 成员单位名称”“三（2）”",
        ),
    ],
    columns: &[],
    name_field: "title",
    member_fields: &[],
    row_key: &["title"],
    note: None,
    foot: None,
};

/// A kind of evidence the report has none of, with the reason.
pub const ABSENT: Table = Table {
    name: "九",
    title: "没有的材料类别",
    file: "evidence/evidence.yaml",
    key: "absent",
    fields: &[
        f("kind", "证明材料类别", Number(9), Required, "填写说明二.5 的序号 1—9"),
        f("reason", "没有这类材料的原因", Text, Required, "例如 认定以来联盟成员单位未联合申请知识产权"),
    ],
    columns: &[] as &[Column],
    name_field: "reason",
    member_fields: &[],
    row_key: &["reason"],
    note: None,
    foot: None,
};
