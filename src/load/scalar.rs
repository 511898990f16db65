//! A scalar read as the value of a field, and read the way every other
//! YAML 1.2 tool reads it.
//!
//! The editor (yaml-language-server) and check-jsonschema read an unquoted
//! `030025` as the integer 30025, `2019.10` as the number 2019.1 and `true`
//! as a truth value. So that they and `check` always agree, an unquoted
//! value whose digits another tool would change is refused with the advice
//! to quote it, and one they read as a number is a number here too.

use crate::model::{Amount, Date};
use crate::yaml::{Scalar, Style};

/// What YAML 1.2's core schema makes of a scalar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Core {
    Null,
    Bool,
    /// An integer other tools print back as written.
    Int,
    /// A number other tools print back as written.
    Float,
    /// A number other tools print differently (`030025`, `2019.10`, `1e3`).
    LossyNumber,
    Str,
}

/// How YAML 1.2 reads `s`.
pub fn core(s: &Scalar) -> Core {
    if s.is_quoted() {
        return Core::Str;
    }
    let t = s.text.as_str();
    if s.is_null() {
        return Core::Null;
    }
    if matches!(t, "true" | "True" | "TRUE" | "false" | "False" | "FALSE") {
        return Core::Bool;
    }
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let unsigned = t.strip_prefix('-').unwrap_or(t);
    if digits(unsigned) {
        return if unsigned.len() > 1 && unsigned.starts_with('0') { Core::LossyNumber } else { Core::Int };
    }
    if t.starts_with('+') && digits(&t[1..]) {
        return Core::LossyNumber;
    }
    let hex = t.strip_prefix("0x").is_some_and(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_hexdigit()));
    let octal =
        t.strip_prefix("0o").is_some_and(|o| !o.is_empty() && o.bytes().all(|b| (b'0'..=b'7').contains(&b)));
    if hex || octal || matches!(t, ".inf" | ".Inf" | ".INF" | "-.inf" | "+.inf" | ".nan" | ".NaN" | ".NAN") {
        return Core::LossyNumber;
    }
    if is_float(t) {
        let (whole, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
        let exact = !t.contains(['e', 'E', '+'])
            && digits(whole)
            && (whole == "0" || !whole.starts_with('0'))
            && digits(frac)
            && !frac.ends_with('0');
        return if exact { Core::Float } else { Core::LossyNumber };
    }
    Core::Str
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, the core schema's float.
fn is_float(t: &str) -> bool {
    let t = t.strip_prefix(['-', '+']).unwrap_or(t);
    let (mantissa, exponent) = match t.find(['e', 'E']) {
        Some(at) => (&t[..at], Some(&t[at + 1..])),
        None => (t, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", frac)) => digits(frac),
        Some((whole, frac)) => digits(whole) && (frac.is_empty() || digits(frac)),
        None => digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e)));
    mantissa_ok && exponent_ok && t.contains(['.', 'e', 'E'])
}

/// A value written with a Chinese input method's full-width forms, as the
/// half-width characters they stand for: digits, letters and ASCII
/// punctuation (U+FF01–U+FF5E, what NFKC maps them to) and the ideographic
/// space. For the fields whose meaning this cannot change: numbers,
/// amounts, counts, dates, years, codes, phone numbers, postcodes and
/// e-mail addresses. Written thus, the value was a string for every YAML
/// reader, so it stays one (quoted): `０３００２５` keeps its leading zero.
/// `None` when nothing is full-width.
pub fn half_width(s: &Scalar) -> Option<Scalar> {
    let wide = |c: char| matches!(c, '\u{FF01}'..='\u{FF5E}' | '\u{3000}');
    if !s.text.chars().any(wide) {
        return None;
    }
    let text = s
        .text
        .chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect();
    let style = if s.style == Style::Plain { Style::SingleQuoted } else { s.style };
    Some(Scalar { text, style })
}

/// Why a scalar is not a value of the kind wanted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wrong {
    /// Other tools would change it: to be quoted.
    Lossy,
    /// Not of the kind: what it is, in Chinese ("真假值 true").
    Kind(String),
    /// Of the kind, but not a valid one; the message.
    Invalid(String),
}

/// What the scalar is, for a message: "真假值 true", "数字 12", "文字“三”".
pub fn described(s: &Scalar) -> String {
    match core(s) {
        Core::Bool => format!("真假值 {}", s.text),
        Core::Int | Core::Float | Core::LossyNumber => format!("数字 {}", s.text),
        Core::Null => "空值".into(),
        Core::Str => format!("“{}”", shorten(&s.text)),
    }
}

fn shorten(text: &str) -> String {
    if text.chars().count() > 30 {
        text.chars().take(30).chain("…".chars()).collect()
    } else {
        text.to_owned()
    }
}

/// A text (also a code, a word of a vocabulary): any string, or a number
/// written as other tools print it.
pub fn text(s: &Scalar) -> Result<String, Wrong> {
    match core(s) {
        Core::Str | Core::Int | Core::Float => Ok(s.text.clone()),
        Core::LossyNumber => Err(Wrong::Lossy),
        Core::Bool | Core::Null => Err(Wrong::Kind(described(s))),
    }
}

/// The largest count: more than any alliance counts of anything.
pub const MAX_COUNT: u32 = 999_999_999;

/// A count: a whole number from 0 to [`MAX_COUNT`] (also quoted).
pub fn count(s: &Scalar) -> Result<u32, Wrong> {
    let t = s.text.trim();
    let parse = |t: &str| match t.parse::<u64>() {
        Ok(n) if n <= u64::from(MAX_COUNT) => Ok(n as u32),
        _ => Err(Wrong::Invalid(format!("{t} 太大"))),
    };
    match core(s) {
        Core::Int | Core::Str if t.bytes().all(|b| b.is_ascii_digit()) && !t.is_empty() => parse(t),
        Core::Int => Err(Wrong::Invalid(format!("数量不能为负数，这里写的是 {t}"))),
        Core::LossyNumber if t.bytes().all(|b| b.is_ascii_digit()) => parse(t),
        Core::Float | Core::LossyNumber => Err(Wrong::Invalid(format!("数量应为整数，这里写的是 {t}"))),
        _ => Err(Wrong::Kind(described(s))),
    }
}

/// An amount: a number with at most two decimals, 0 or more (also quoted).
pub fn amount(s: &Scalar) -> Result<Amount, Wrong> {
    match core(s) {
        Core::Int | Core::Float | Core::LossyNumber | Core::Str => {
            Amount::parse(&s.text).map_err(|e| match core(s) {
                Core::Str if !s.text.trim().starts_with(|c: char| c.is_ascii_digit() || c == '-') => {
                    Wrong::Kind(described(s))
                }
                _ => Wrong::Invalid(e),
            })
        }
        _ => Err(Wrong::Kind(described(s))),
    }
}

/// A date: any of the spellings [`Date`] reads; unquoted `2019.11` too,
/// but not `2019.1` or `2019.10`, which other tools read as the same number.
pub fn date(s: &Scalar) -> Result<Date, Wrong> {
    match core(s) {
        Core::Str => s.text.parse::<Date>().map_err(|e| Wrong::Invalid(e.0)),
        Core::Float if s.text.split_once('.').is_some_and(|(_, m)| m.len() == 2) => {
            s.text.parse::<Date>().map_err(|e| Wrong::Invalid(e.0))
        }
        Core::Float | Core::LossyNumber => Err(Wrong::Lossy),
        _ => Err(Wrong::Kind(described(s))),
    }
}

/// A year: four digits (also quoted).
pub fn year(s: &Scalar) -> Result<i32, Wrong> {
    let t = s.text.trim();
    match core(s) {
        Core::Int | Core::Str if t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) => {
            Ok(t.parse().unwrap_or_default())
        }
        Core::Int | Core::Str => Err(Wrong::Invalid(format!("“{t}”不是四位数的年份"))),
        _ => Err(Wrong::Kind(described(s))),
    }
}

/// Yes or no: YAML's truth values, and the words people use for them.
pub fn flag(s: &Scalar) -> Result<bool, Wrong> {
    match s.text.trim() {
        "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "是" => Ok(true),
        "false" | "False" | "FALSE" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "否" => Ok(false),
        _ => Err(Wrong::Kind(described(s))),
    }
}

/// The words [`flag`] reads, for the schema.
pub const FLAG_WORDS: [&str; 20] = [
    "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "是", "false", "False", "FALSE", "no",
    "No", "NO", "off", "Off", "OFF", "否",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(t: &str) -> Scalar {
        Scalar { text: t.into(), style: Style::Plain }
    }

    #[test]
    fn numbers_other_tools_would_change_are_lossy() {
        for t in ["030025", "+5", "0x1F", "2019.10", "1e3", ".5", "1.0", "007"] {
            assert_eq!(core(&plain(t)), Core::LossyNumber, "{t}");
        }
        for (t, c) in
            [("13935112468", Core::Int), ("2019.11", Core::Float), ("0", Core::Int), ("0.25", Core::Float)]
        {
            assert_eq!(core(&plain(t)), c, "{t}");
        }
        assert_eq!(core(&plain("yes")), Core::Str, "yes is a string in YAML 1.2");
        assert_eq!(core(&Scalar { text: "030025".into(), style: Style::DoubleQuoted }), Core::Str);
    }

    #[test]
    fn unquoted_year_months_are_dates_unless_ambiguous() {
        assert_eq!(date(&plain("2019.11")).unwrap().chinese(), "2019年11月");
        assert_eq!(date(&plain("2019.10")), Err(Wrong::Lossy));
        assert_eq!(date(&plain("2019.1")), Err(Wrong::Lossy));
        assert!(date(&plain("2019-13-45")).is_err());
        assert_eq!(date(&plain("2023年3月15日")).unwrap().chinese(), "2023年3月15日");
    }

    #[test]
    fn full_width_forms_are_read_as_what_they_stand_for() {
        let wide = |t: &str| half_width(&plain(t)).unwrap();
        assert_eq!(count(&wide("１３６０")), Ok(1360));
        assert_eq!(amount(&wide("２８６０．５")).unwrap().display(), "2860.5");
        assert_eq!(date(&wide("２０２３年３月１５日")).unwrap().chinese(), "2023年3月15日");
        assert_eq!(text(&wide("０３００２５")), Ok("030025".into()), "a leading zero stays");
        assert_eq!(wide("ｗａｎｇ＠ｅｘａｍｐｌｅ．ｃｎ").text, "wang@example.cn");
        assert_eq!(half_width(&plain("1360")), None);
    }

    #[test]
    fn counts_and_amounts_accept_quoted_digits() {
        assert_eq!(count(&Scalar { text: "6".into(), style: Style::DoubleQuoted }), Ok(6));
        assert_eq!(
            amount(&Scalar { text: "180".into(), style: Style::DoubleQuoted }).unwrap().display(),
            "180"
        );
        assert!(matches!(count(&plain("三")), Err(Wrong::Kind(_))));
        assert!(matches!(count(&plain("1.5")), Err(Wrong::Invalid(_))));
        assert!(matches!(amount(&plain("0.125")), Err(Wrong::Invalid(_))));
        assert_eq!(flag(&plain("yes")), Ok(true));
    }
}
