//! Every field by its entry in the catalogue: no empty cells (填写说明
//! 二.3), the proper form of codes, phone numbers, postcodes and e-mail
//! addresses, and the words of an open vocabulary; and 表3's rule that the
//! stage in 备注 fits the kind of 成果.

use super::Checker;
use super::formats::{self, FormatError};
use crate::diag::Rule;
use crate::form::{self, ACHIEVEMENT_KINDS, Field, Kind, Need, STAGES, Shape};
use crate::model::{Record, Value};
use crate::suggest;

pub(super) fn check(c: &mut Checker) {
    let report = c.report;
    record(c, &report.info);
    for (table, rows) in form::TABLES.iter().zip(&report.tables) {
        if rows.is_empty() && table.name == form::MEMBERS.name {
            c.error_at(
                Rule::Required,
                table.file,
                crate::yaml::Span::at(0),
                "没有列出任何成员单位".into(),
                "五、联盟成员单位在联盟中的作用：每个成员单位一项",
            );
        }
        for row in rows {
            record(c, row);
        }
    }
    for row in report.rows(&form::ACHIEVEMENTS) {
        kind_and_stage(c, row);
    }
}

/// The validator of a shape.
pub fn validator(shape: Shape) -> fn(&str) -> Result<(), FormatError> {
    match shape {
        Shape::CreditCode => formats::credit_code,
        Shape::Phone => formats::phone,
        Shape::Mobile => formats::mobile,
        Shape::Postcode => formats::postcode,
        Shape::Email => formats::email,
    }
}

/// Every field of `r` (and of its groups) by its entry in the catalogue.
/// Rows of tables are checked by the caller, evidence by its own check.
pub(super) fn record(c: &mut Checker, r: &Record) {
    for (field, slot) in r.fields.iter().zip(&r.slots) {
        if slot.broken {
            continue;
        }
        match &slot.value {
            None if field.need == Need::Required => missing(c, r, field),
            None => {}
            Some(value) => present(c, r, field, value),
        }
    }
}

fn present(c: &mut Checker, r: &Record, field: &'static Field, value: &Value) {
    let label = field.label;
    match (value, &field.kind) {
        (Value::Text(text), kind) => {
            let text = text.trim();
            if text.is_empty() {
                if field.need == Need::Required {
                    c.error(
                        Rule::Required,
                        r,
                        field.key,
                        format!("“{label}”没有填写"),
                        "表内栏目不得空缺（填写说明二.3），这一栏必须填写实际内容",
                    );
                }
            } else if text == "无" {
                if field.need == Need::Required {
                    c.error(
                        Rule::Required,
                        r,
                        field.key,
                        format!("“{label}”不能填“无”"),
                        "这一栏是报告必须有的信息，请填写实际内容",
                    );
                }
            } else if let Kind::Format(shape) = kind
                && let Err(e) = validator(*shape)(text)
            {
                c.error_inside(
                    Rule::Format(*shape),
                    r,
                    field.key,
                    e.offset,
                    format!("{label}：{}", e.message),
                    e.hint,
                );
            }
        }
        (Value::Choice(word), Kind::Choice(choice))
            if choice.open && !choice.words.contains(&word.trim()) =>
        {
            let hint = match suggest::closest(word.trim(), choice.words) {
                Some(best) => format!("你是不是想写“{best}”？{}：{}", field.hint, choice.words.join("、")),
                None => format!("{}：{}；确属其他类型可以保留", field.hint, choice.words.join("、")),
            };
            c.warning(
                Rule::Vocabulary,
                r,
                field.key,
                format!("{label}“{}”不在表3注列出的类型中", word.trim()),
                hint,
            );
        }
        (Value::List(items), _)
            if field.need == Need::Required && items.iter().all(|i| i.text.trim().is_empty()) =>
        {
            c.error(Rule::Required, r, field.key, format!("“{label}”没有填写"), field.hint);
        }
        (Value::Group(group), _) => record(c, group),
        (Value::Rows(rows), Kind::Rows(table)) if table.name != form::EVIDENCE_ITEM.name => {
            for row in rows {
                record(c, row);
            }
        }
        _ => {}
    }
}

fn missing(c: &mut Checker, r: &Record, field: &'static Field) {
    let parent = r.path.rsplit(['.']).next().unwrap_or_default();
    let add = if r.slot(field.key).key.is_some() {
        format!("在 {}: 后面填写{}", field.key, field.label)
    } else if parent.is_empty() || parent.ends_with(']') {
        format!("加一行 {}: …（{}）", field.key, field.label)
    } else {
        format!("在 {parent} 下加一行 {}: …（{}）", field.key, field.label)
    };
    // The rule that a text is filled in is the message itself.
    let hint = if field.hint.is_empty() || field.hint == form::TEXT {
        add
    } else {
        format!("{add}；{}", field.hint)
    };
    c.error(Rule::Required, r, field.key, format!("“{}”没有填写", field.label), hint);
}

/// The stage in 备注 must be one of the two of its kind (the summary grid
/// counts by them); another kind may name any stage.
fn kind_and_stage(c: &mut Checker, row: &Record) {
    let (Some(kind), Some(stage)) = (row.text("kind"), row.text("stage")) else { return };
    let stages: Vec<&str> = match ACHIEVEMENT_KINDS.iter().find(|k| k.name == kind) {
        Some(k) => vec![k.first, k.second],
        None => STAGES.to_vec(),
    };
    if !stages.contains(&stage) {
        c.error(
            Rule::Stage,
            row,
            "stage",
            format!("“{kind}”的阶段写的是“{stage}”"),
            format!("备注要标明所处阶段，{kind}可填：{}", stages.join("、")),
        );
    }
}
