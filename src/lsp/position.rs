//! Where a place in a file is, in the units the client counts: LSP speaks
//! of lines and of columns in UTF-16 code units unless both sides agree on
//! UTF-8 bytes; `check` speaks of 1-based lines and columns in characters,
//! and load of byte offsets. Chinese text makes the three differ, and a
//! character outside the BMP (𬌗) is two UTF-16 units but one character.

use lsp_types::{Position, Range};

/// How the client counts columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    /// UTF-8 when the client offers it, else UTF-16, which every client
    /// must understand.
    pub fn negotiate(offered: Option<&[lsp_types::PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&lsp_types::PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> lsp_types::PositionEncodingKind {
        match self {
            Encoding::Utf8 => lsp_types::PositionEncodingKind::UTF8,
            Encoding::Utf16 => lsp_types::PositionEncodingKind::UTF16,
        }
    }

    fn width(self, c: char) -> u32 {
        match self {
            Encoding::Utf8 => c.len_utf8() as u32,
            Encoding::Utf16 => c.len_utf16() as u32,
        }
    }

    /// The position of byte `at` of `text` (clamped to the text, and back
    /// to a character boundary).
    pub fn position(self, text: &str, at: usize) -> Position {
        let mut at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let before = &text[..at];
        let line = before.matches('\n').count() as u32;
        let start = before.rfind('\n').map_or(0, |p| p + 1);
        Position::new(line, before[start..].chars().map(|c| self.width(c)).sum())
    }

    /// The byte offset of `position` in `text`: a column past the line's
    /// end is its end, a line past the text is its end.
    pub fn offset(self, text: &str, position: Position) -> usize {
        let Some(start) = line_start(text, position.line as usize) else { return text.len() };
        let line = text[start..].split('\n').next().unwrap_or_default();
        let mut units = 0;
        for (i, c) in line.char_indices() {
            if units >= position.character {
                return start + i;
            }
            units += self.width(c);
        }
        start + line.trim_end_matches('\r').len().min(line.len())
    }

    /// The range of bytes `start..end` of `text`.
    pub fn range(self, text: &str, start: usize, end: usize) -> Range {
        Range::new(self.position(text, start), self.position(text, end))
    }
}

/// The byte offset where 0-based line `line` of `text` starts.
pub fn line_start(text: &str, line: usize) -> Option<usize> {
    if line == 0 {
        return Some(0);
    }
    text.match_indices('\n').nth(line - 1).map(|(i, _)| i + 1)
}

/// The byte offset of `check`'s 1-based `line` and `column` (in characters)
/// in `text`.
pub fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    let start = line_start(text, line.checked_sub(1)?)?;
    let rest = &text[start..];
    let skip = column.saturating_sub(1);
    Some(start + rest.char_indices().nth(skip).map_or(rest.len(), |(i, _)| i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_character_outside_the_bmp_counts_two_in_utf16_and_four_in_utf8() {
        let text = "a: 1\nname: 𬌗科技有限公司\n";
        let at = text.find('科').unwrap();
        assert_eq!(Encoding::Utf16.position(text, at), Position::new(1, 8));
        assert_eq!(Encoding::Utf8.position(text, at), Position::new(1, 10));
        assert_eq!(Encoding::Utf16.offset(text, Position::new(1, 8)), at);
        assert_eq!(Encoding::Utf8.offset(text, Position::new(1, 10)), at);
        assert_eq!(offset_of(text, 2, 8), Some(at));
    }

    #[test]
    fn a_position_past_the_end_of_a_line_is_its_end() {
        let text = "ab\r\ncd";
        assert_eq!(Encoding::Utf16.offset(text, Position::new(0, 9)), 2);
        assert_eq!(Encoding::Utf16.offset(text, Position::new(7, 0)), text.len());
        assert_eq!(offset_of(text, 9, 1), None);
    }

    #[test]
    fn utf8_is_chosen_only_when_offered() {
        use lsp_types::PositionEncodingKind as K;
        assert_eq!(Encoding::negotiate(Some(&[K::UTF16, K::UTF8])), Encoding::Utf8);
        assert_eq!(Encoding::negotiate(Some(&[K::UTF32])), Encoding::Utf16);
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
    }
}
