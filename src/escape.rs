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
//!
//! Text that is shown ([`typst_display`], [`typst_text`]: every template
//! value and Markdown's text) first loses the characters that print nothing
//! and mean nothing in this form ([`prints_nothing`]: zero-width spaces and
//! joiners, soft hyphens, BOMs, direction marks), which text pasted from web
//! pages and WeChat carries: typst would keep them in the PDF's text layer,
//! where a reviewer's search for a company's name then fails. Paths and code
//! keep every character ([`typst_string`]).
//!
//! User text that enters generated Markdown (the step summary, the
//! pull-request comment, `diff`) goes through [`markdown_text`] alone.

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

/// Format characters that draw nothing and carry no meaning in a Chinese
/// report: dropped from shown text. Variation selectors stay (an
/// ideographic variation sequence picks the glyph of a name's character).
pub fn prints_nothing(c: char) -> bool {
    matches!(
        c,
        '\u{AD}' | '\u{61C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}'
    )
}

/// Quotes shown text as a typst string literal, without the characters
/// that print nothing.
pub fn typst_display(text: &str) -> String {
    if text.chars().any(prints_nothing) {
        typst_string(&text.chars().filter(|&c| !prints_nothing(c)).collect::<String>())
    } else {
        typst_string(text)
    }
}

/// Quotes shown text for use in markup: `#"…";`, or nothing for empty text.
///
/// The semicolon ends the embedded expression, so whatever markup follows
/// (`.`, `(`, `[`) can never be read as a method call or an argument.
pub fn typst_text(text: &str) -> String {
    let quoted = typst_display(text);
    if quoted == "\"\"" { String::new() } else { format!("#{quoted};") }
}

/// `text` as literal inline GitHub Markdown, for a table cell or a line of
/// the step summary, the pull-request comment and `diff`: every ASCII
/// punctuation character that inline Markdown (and GitHub's math) gives a
/// meaning to is backslash-escaped, `&` too (entities), so emphasis, code,
/// HTML, links and table cells stay as written; a line break becomes a
/// space (a table row is one line); `://` and `www.` are broken so that a
/// value is not made a link. (An e-mail address still shows as a link of
/// its own text: GitHub makes one after escapes are read.)
pub fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let after = &rest[c.len_utf8()..];
        match c {
            '\r' if after.starts_with('\n') => {}
            '\r' | '\n' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '!' | '#' | '$' => {
                out.push('\\');
                out.push(c);
            }
            ':' if after.starts_with("//") => out.push_str("\\:"),
            '.' if out.len() >= 3 && out.as_bytes()[out.len() - 3..].eq_ignore_ascii_case(b"www") => {
                out.push_str("\\.")
            }
            _ => out.push(c),
        }
        rest = after;
    }
    out
}

/// `path` as one word of a command line to paste into the shell this runs
/// on: as it is when it holds nothing the shell reads (Chinese included),
/// else quoted — in single quotes for a POSIX shell (a quote in it as
/// `'\''`), in double quotes for Windows' shells.
pub fn shell_word(path: &std::path::Path) -> String {
    let text = path.to_string_lossy();
    let plain =
        |c: char| c.is_alphanumeric() || "-_./+,:@=%".contains(c) || (!c.is_ascii() && !c.is_whitespace());
    if !text.is_empty() && text.chars().all(plain) {
        return text.into_owned();
    }
    if cfg!(windows) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
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
    fn shown_text_drops_what_prints_nothing_and_paths_keep_it() {
        let pasted = "太原\u{200B}龙城\u{AD}碳素\u{FEFF}科技\u{200D}有限\u{2060}公司\u{200E}";
        assert_eq!(typst_display(pasted), "\"太原龙城碳素科技有限公司\"");
        assert_eq!(typst_text("\u{200B}"), "");
        assert_eq!(typst_display("葛\u{E0100}"), "\"葛\u{E0100}\"", "a variation sequence stays");
        assert_eq!(typst_string("a\u{200B}b"), "\"a\u{200B}b\"");
    }

    #[test]
    fn empty_text_gives_no_markup() {
        assert_eq!(typst_text(""), "");
        assert_eq!(typst_text("无"), "#\"无\";");
    }

    #[test]
    fn markdown_text_keeps_every_value_literal() {
        assert_eq!(markdown_text("**x** `y` <b>|"), "\\*\\*x\\*\\* \\`y\\` \\<b\\>\\|");
        assert_eq!(markdown_text("a\r\nb\nc"), "a b c");
        assert_eq!(markdown_text("https://x.cn www.y.cn"), "https\\://x.cn www\\.y.cn");
        assert_eq!(markdown_text("2021-12-15 晋源（PGA）"), "2021-12-15 晋源（PGA）");
    }

    #[cfg(unix)]
    #[test]
    fn a_path_is_quoted_for_the_shell_only_when_it_needs_it() {
        let word = |p: &str| shell_word(std::path::Path::new(p));
        assert_eq!(word("报告/2025"), "报告/2025");
        assert_eq!(word("我的 文档/联盟 报告"), "'我的 文档/联盟 报告'");
        assert_eq!(word("it's"), "'it'\\''s'");
        assert_eq!(word("a&b"), "'a&b'");
        assert_eq!(word("全角　空格"), "'全角　空格'");
    }
}
