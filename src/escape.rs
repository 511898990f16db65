//! The one way user text enters generated typst: as a string literal.
//!
//! Every value from YAML or Markdown goes through [`typst_string`] and appears
//! in the generated source as `"…"`, a typst string literal, which the
//! templates place with `#"…"` (markup) or as an argument (code). Inside a
//! string literal typst's lexer gives meaning to exactly two characters, `\`
//! and `"`: both are escaped here, and so is every control character (as
//! `\u{…}`), so the literal always ends where we end it. A string value is
//! shown as plain text: it is never parsed as markup, math or code, so `#`,
//! `$`, `@`, `<`, `//`, `~`, `*`, brackets and smart-quote characters all print
//! as written. That makes this function sufficient on its own; nothing else
//! escapes user text.

use std::fmt::Write;

/// Quotes `text` as a typst string literal, including the surrounding quotes.
pub fn typst_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Quotes `text` for use in markup: `#"…";`, or nothing for empty text.
///
/// The semicolon ends the embedded expression, so whatever markup follows
/// (`.`, `(`, `[`) can never be read as a method call or an argument.
pub fn typst_text(text: &str) -> String {
    if text.is_empty() { String::new() } else { format!("#{};", typst_string(text)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_backslash_and_double_quote() {
        assert_eq!(typst_string(r#"a\b"c"#), r##""a\\b\"c""##);
    }

    #[test]
    fn leaves_markup_characters_alone_inside_the_literal() {
        assert_eq!(typst_string("#read(\"x\") $ @a <b> // ~"), r##""#read(\"x\") $ @a <b> // ~""##);
    }

    #[test]
    fn escapes_control_characters() {
        assert_eq!(typst_string("a\u{0}b\r\n"), r##""a\u{0}b\u{d}\n""##);
    }

    #[test]
    fn empty_text_gives_no_markup() {
        assert_eq!(typst_text(""), "");
        assert_eq!(typst_text("无"), "#\"无\";");
    }
}
