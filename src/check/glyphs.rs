//! Characters without a glyph in the fonts would print as empty boxes:
//! every character of every file read, but YAML comments; and the
//! characters that only exist once the text is decoded, as typst sees it:
//! Markdown's character references (`&#x1F600;`, `&hearts;`) and the
//! escapes of double-quoted YAML (`"\U0001F600"`).

use super::Checker;
use crate::diag::{Diagnostic, Rule};

pub(super) fn check(c: &mut Checker) {
    let mut seen = std::collections::HashSet::new();
    let mut found = Vec::new();
    let mut judge = |file: &str, line: usize, col: usize, ch: char, written: Option<&str>| {
        if ch.is_whitespace() || ch.is_control() || invisible(ch) || !seen.insert(ch) || (c.covers)(ch) {
            return;
        }
        let what = match written {
            Some(code) => format!("“{code}”写出的字符“{ch}”"),
            None => format!("字符“{ch}”"),
        };
        found.push(
            Diagnostic::error(
                Rule::Glyphs,
                file,
                line,
                col,
                format!("{what}（U+{:04X}）在所用字体中没有字形，PDF 上会印成方框", ch as u32),
            )
            .with_hint(hint(ch)),
        );
    };
    for (file, text) in c.report.sources.iter() {
        let yaml = file.ends_with(".yaml");
        for (n, line) in text.lines().enumerate() {
            let line = if yaml { strip_comment(line) } else { line };
            for (col, ch) in line.chars().enumerate() {
                judge(file, n + 1, col + 1, ch, None);
            }
            if yaml {
                for (at, code, ch) in yaml_escapes(line) {
                    judge(file, n + 1, line[..at].chars().count() + 1, ch, Some(code));
                }
            }
        }
        if file.ends_with(".md") {
            for (at, code, ch) in references(text) {
                let (line, col) = c.report.sources.position(file, at);
                judge(file, line, col, ch, Some(code));
            }
        }
    }
    c.diagnostics.extend(found);
}

/// What to do about a character no font has, by what it is: a secretary
/// knows a rare name character, an emoji or a self-made character (造字)
/// by these words, not by its code point.
fn hint(ch: char) -> &'static str {
    let cp = ch as u32;
    let han = [(0x2E80, 0x2FDF), (0x31C0, 0x31EF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF)]
        .iter()
        .any(|&(lo, hi)| (lo..=hi).contains(&cp))
        || (0x20000..=0x3FFFF).contains(&cp);
    if han {
        "这是内置字体没有的生僻汉字（CJK 扩展区）：可把此字换成括号里的写法说明，如“王（左金右阳）国”；\
         确需印出此字时用 --font-path 指定包含它的字体"
    } else if (0xE000..=0xF8FF).contains(&cp) || cp >= 0xF0000 {
        "这是私用区字符，通常是某台电脑上自造的字（造字程序、单位字库），其他电脑上无法显示：\
         请改用标准汉字，或用 --font-path 指定包含它的字体"
    } else if (0x1F000..=0x1FAFF).contains(&cp) || (0x2600..=0x27BF).contains(&cp) {
        "表情符号和图形符号无法印在正式报告上，请删去或改用文字"
    } else {
        "请改用常用写法；确需此字符时用 --font-path 指定包含它的字体"
    }
}

/// The characters Markdown's character references stand for, where the
/// parser decoded one: (byte offset, the reference as written, character).
fn references(text: &str) -> Vec<(usize, &str, char)> {
    use pulldown_cmark::{Event, Parser};
    let mut out = Vec::new();
    for (event, range) in Parser::new_ext(text, crate::markdown::parser_options()).into_offset_iter() {
        let (Event::Text(decoded) | Event::Code(decoded)) = event else { continue };
        let written = &text[range.clone()];
        // pulldown-cmark gives each reference its own text event.
        let code = if written.starts_with('&') && written.ends_with(';') { written } else { "&…;" };
        for ch in decoded.chars().filter(|ch| !written.contains(*ch)) {
            out.push((range.start, code, ch));
        }
    }
    out
}

/// The characters the escapes `\xXX`, `\uXXXX` and `\UXXXXXXXX` of a
/// double-quoted YAML scalar stand for: (byte offset, escape, character).
fn yaml_escapes(line: &str) -> Vec<(usize, &str, char)> {
    let mut out = Vec::new();
    let mut quoted = false;
    let mut chars = line.char_indices().peekable();
    while let Some((i, ch)) = chars.next() {
        match ch {
            '"' => quoted = !quoted,
            '\\' if quoted => {
                let width = match chars.peek().map(|&(_, c)| c) {
                    Some('x') => 2,
                    Some('u') => 4,
                    Some('U') => 8,
                    _ => {
                        chars.next();
                        continue;
                    }
                };
                let code = line.get(i..i + 2 + width).unwrap_or_default();
                let ch = code.get(2..).and_then(|h| u32::from_str_radix(h, 16).ok()).and_then(char::from_u32);
                if let Some(ch) = ch {
                    out.push((i, code, ch));
                }
                chars.next();
            }
            _ => {}
        }
    }
    out
}

/// Characters that never print a glyph of their own.
fn invisible(ch: char) -> bool {
    crate::escape::prints_nothing(ch) || matches!(ch as u32, 0xFE00..=0xFE0F | 0xE0100..=0xE01EF)
}

/// A YAML line without its comment (a `#` at the start or after a space,
/// outside quotes).
fn strip_comment(line: &str) -> &str {
    let mut quote = None;
    let mut prev = ' ';
    for (i, ch) in line.char_indices() {
        match (quote, ch) {
            (None, '#') if prev == ' ' || prev == '\t' => return &line[..i],
            (None, '"' | '\'') => quote = Some(ch),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
        prev = ch;
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_name_the_kind_of_character() {
        assert!(hint('\u{31353}').contains("生僻汉字") && hint('\u{9FFF}').contains("生僻汉字"));
        assert!(hint('\u{E000}').contains("自造的字") && hint('\u{F0001}').contains("自造的字"));
        assert!(hint('😀').contains("表情符号") && hint('☔').contains("表情符号"));
        assert!(hint('\u{0E01}').starts_with("请改用常用写法"));
    }

    #[test]
    fn references_and_escapes_are_read_as_typst_reads_them() {
        let refs = references("笑脸 &#x1F600; 和 &hearts; 与 &amp; 照常\n");
        let found: Vec<(&str, char)> = refs.iter().map(|(_, code, ch)| (*code, *ch)).collect();
        assert_eq!(found, [("&#x1F600;", '😀'), ("&hearts;", '♥')]);
        let at = refs[0].0;
        assert_eq!(&"笑脸 &#x1F600; 和 &hearts; 与 &amp; 照常\n"[at..at + 9], "&#x1F600;");
        let escapes = yaml_escapes(r#"name: "甲\U0001F600乙\u2603" # \u0041"#);
        let found: Vec<(&str, char)> = escapes.iter().map(|(_, code, ch)| (*code, *ch)).collect();
        assert_eq!(found, [(r"\U0001F600", '😀'), (r"\u2603", '☃')]);
        assert!(yaml_escapes(r"name: 甲\u2603").is_empty(), "a plain scalar's backslash is text");
    }

    #[test]
    fn strips_yaml_comments_outside_quotes() {
        assert_eq!(strip_comment("name: 甲 # 联盟名称"), "name: 甲 ");
        assert_eq!(strip_comment("name: '#甲 # 乙'"), "name: '#甲 # 乙'");
        assert_eq!(strip_comment("# 注释"), "");
    }
}
