//! Format validators for the identifiers and contact details written in the
//! report: 统一社会信用代码 / 组织机构代码, mobile and landline numbers,
//! postcodes and e-mail addresses.
//!
//! Every validator is a pure function of the text as written. It does not
//! trim, case-fold or otherwise repair the value; it says what is wrong
//! ([`FormatError::message`]), what to write instead ([`FormatError::hint`]),
//! and, when one character is to blame, where it is ([`FormatError::offset`],
//! counted in characters, not bytes).
//!
//! Standards implemented:
//! - GB 32100-2015 法人和其他组织统一社会信用代码编码规则: 18 characters from
//!   the 31-character set `0-9 A-Y` without I, O, S, V, Z; registration
//!   authority and category (table [`AUTHORITIES`]); a 6-digit division code
//!   (GB/T 2260, only checked to be digits); the embedded 组织机构代码 (9–17);
//!   the check character (18), weights 3^i mod 31.
//! - GB 11714-1997 全国组织机构代码编制规则: 8 digits or capital letters plus a
//!   check digit (`0-9` or `X`) with weights 3, 7, 9, 10, 5, 8, 4, 2 mod 11;
//!   written alone it may carry a hyphen before the check digit.
//! - The mainland numbering plan: mobile numbers 1[3-9]xxxxxxxxx (optionally
//!   `+86`/`86` and 3-4-4 grouping); landlines with an area code `010`, `02x`
//!   or `0[3-9]xx`, a 7–8 digit local number not starting with 0 or 1, and an
//!   optional extension.
//! - 6-digit postcodes, and a pragmatic subset of RFC 5322 addresses.

use std::fmt;
use std::ops::Range;

mod addresses;
mod codes;
mod phones;

pub use addresses::{email, postcode};
pub use codes::{AUTHORITIES, credit_code, credit_code_check_char, org_code_check_char};
pub use phones::{landline, mobile, phone};

/// Why a value is malformed, in words for the people who fill in the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError {
    /// What is wrong, in Chinese (e.g. "统一社会信用代码的校验位应为 X，实为 Y").
    pub message: String,
    /// What to write instead, in Chinese.
    pub hint: String,
    /// 0-based character offset inside the value of the offending character, if one (e.g. the check
    /// character), so the caller can point a caret at it.
    pub offset: Option<usize>,
}

impl FormatError {
    pub(super) fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self { message: message.into(), hint: hint.into(), offset: None }
    }

    pub(super) fn at(mut self, offset: usize) -> Self {
        self.offset = Some(offset);
        self
    }

    /// Re-bases the offset of an error found in a slice starting at `start`.
    pub(super) fn shifted(mut self, start: usize) -> Self {
        self.offset = self.offset.map(|o| o + start);
        self
    }
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}（{}）", self.message, self.hint)
    }
}

impl std::error::Error for FormatError {}

pub(super) type Check = Result<(), FormatError>;

// ---------------------------------------------------------------------------
// Shared checks
// ---------------------------------------------------------------------------

/// 1-based position for messages.
pub(super) fn nth(offset: usize) -> usize {
    offset + 1
}

pub(super) fn reject_empty(what: &str, chars: &[char], hint: &str) -> Check {
    match chars.is_empty() {
        true => Err(FormatError::new(format!("没有填写{what}"), hint)),
        false => Ok(()),
    }
}

/// Leading and trailing whitespace, which the form never wants.
pub(super) fn reject_edge_spaces(what: &str, chars: &[char]) -> Check {
    let hint = "删去多余的空格";
    if chars.first().is_some_and(|c| c.is_whitespace()) {
        return Err(FormatError::new(format!("{what}开头有空格"), hint).at(0));
    }
    match chars.last() {
        Some(c) if c.is_whitespace() => {
            Err(FormatError::new(format!("{what}末尾有空格"), hint).at(chars.len() - 1))
        }
        _ => Ok(()),
    }
}

/// The half-width form of a full-width character typed through a Chinese IME
/// (dashes included: IMEs turn `-` into `—`).
pub(super) fn half_width(c: char) -> Option<char> {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
        '。' => Some('.'),
        '—' | '–' | '−' => Some('-'),
        _ => None,
    }
}

/// The first full-width character, except those in `allowed`.
pub(super) fn reject_full_width(what: &str, chars: &[char], allowed: &[char], example: &str) -> Check {
    let found = chars.iter().enumerate().find(|(_, c)| !allowed.contains(c) && half_width(**c).is_some());
    match found {
        Some((i, &c)) => Err(FormatError::new(
            format!("{what}里用了全角“{c}”"),
            format!("请改为半角 {}，例如 {example}", half_width(c).unwrap_or(c)),
        )
        .at(i)),
        None => Ok(()),
    }
}

/// Every character in `range` must be an ASCII digit.
pub(super) fn expect_digits(chars: &[char], range: Range<usize>, what: &str, hint: &str) -> Check {
    let bad = range.clone().find(|&i| !chars[i].is_ascii_digit());
    match bad {
        Some(i) if chars[i].is_whitespace() => Err(FormatError::new(format!("{what}里有空格"), hint).at(i)),
        Some(i) => Err(FormatError::new(format!("{what}里有“{}”，只能是数字", chars[i]), hint).at(i)),
        None => Ok(()),
    }
}

pub(super) fn text_of(chars: &[char]) -> String {
    chars.iter().collect()
}

#[cfg(test)]
mod tests;
