//! Characters that look like another but are not it: a compatibility
//! ideograph (U+F9BE 料, which an old input method or a converted PDF
//! gives) prints like the unified one (U+6599 料), but a name written
//! with it does not match the national registers, and a search for the
//! name misses it. Every text of the report's YAML is looked at.

use unicode_normalization::UnicodeNormalization as _;

use super::Checker;
use crate::diag::Rule;
use crate::model::{Record, Value};

pub(super) fn check(c: &mut Checker) {
    let report = c.report;
    record(c, &report.info);
    for rows in &report.tables {
        for row in rows {
            record(c, row);
        }
    }
}

fn record(c: &mut Checker, r: &Record) {
    for (field, slot) in r.fields.iter().zip(&r.slots) {
        let texts: Vec<&str> = match &slot.value {
            Some(Value::Text(t) | Value::Choice(t)) => vec![t.as_str()],
            Some(Value::List(items)) => items.iter().map(|i| i.text.as_str()).collect(),
            Some(Value::Group(group)) => {
                record(c, group);
                continue;
            }
            _ => continue,
        };
        for text in texts {
            if let Some(ch) = text.chars().find(|ch| compatibility(*ch)) {
                let unified = ch.to_string().nfc().collect::<String>();
                c.warning(
                    Rule::LookAlike,
                    r,
                    field.key,
                    format!(
                        "{}“{}”中的“{ch}”是兼容汉字（U+{:04X}），看起来与“{unified}”（{}）一样，但不是同一个字：检索和国家登记的名称用的是后者",
                        field.label,
                        text.trim(),
                        ch as u32,
                        code_points(&unified)
                    ),
                    format!("删去这个字，用输入法重新输入“{unified}”"),
                );
            }
        }
    }
}

/// A CJK compatibility ideograph: one that NFC replaces by another.
pub fn compatibility(ch: char) -> bool {
    matches!(ch as u32, 0xF900..=0xFAFF | 0x2F800..=0x2FA1F) && ch.to_string().nfc().ne(std::iter::once(ch))
}

/// "U+6599", or several, for a message.
pub fn code_points(text: &str) -> String {
    text.chars().map(|c| format!("U+{:04X}", c as u32)).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_compatibility_ideograph_is_told_from_its_unified_one() {
        assert!(compatibility('\u{F9BE}') && !compatibility('料') && !compatibility('A'));
        assert_eq!('\u{F9BE}'.to_string().nfc().collect::<String>(), "料");
        assert_eq!(code_points("料"), "U+6599");
    }
}
