//! Characters without a glyph in the fonts would print as empty boxes:
//! every character of every file read, but YAML comments.

use super::Checker;
use crate::diag::Diagnostic;

pub(super) fn check(c: &mut Checker) {
    let mut seen = std::collections::HashSet::new();
    let mut found = Vec::new();
    for (file, text) in c.report.sources.iter() {
        let yaml = file.ends_with(".yaml");
        for (n, line) in text.lines().enumerate() {
            let line = if yaml { strip_comment(line) } else { line };
            for (col, ch) in line.chars().enumerate() {
                if ch.is_whitespace() || ch.is_control() || invisible(ch) || !seen.insert(ch) {
                    continue;
                }
                if !(c.covers)(ch) {
                    found.push(
                        Diagnostic::error(
                            file,
                            n + 1,
                            col + 1,
                            format!(
                                "字符“{ch}”（U+{:04X}）在所用字体中没有字形，PDF 上会印成方框",
                                ch as u32
                            ),
                        )
                        .with_hint("请改用常用写法或拼音标注；确需此字时用 --font-path 指定包含它的字体"),
                    );
                }
            }
        }
    }
    c.diagnostics.extend(found);
}

/// Characters that never print a glyph of their own.
fn invisible(ch: char) -> bool {
    matches!(ch as u32, 0x200B..=0x200F | 0x2060..=0x2064 | 0xFE00..=0xFE0F | 0xFEFF | 0xE0100..=0xE01EF)
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
    fn strips_yaml_comments_outside_quotes() {
        assert_eq!(strip_comment("name: 甲 # 联盟名称"), "name: 甲 ");
        assert_eq!(strip_comment("name: '#甲 # 乙'"), "name: '#甲 # 乙'");
        assert_eq!(strip_comment("# 注释"), "");
    }
}
