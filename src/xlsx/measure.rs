//! How much room text takes on a sheet, in a spreadsheet's own units: a
//! column's width counts characters of the default font's digit width (a
//! Han or other full-width character of the workbook's 10.5 pt 宋体 is two
//! of them), a row's height counts points.
//!
//! Spreadsheet programs grow a row for wrapped text only when they lay the
//! text out themselves (typed in, or autofit by hand); a row written with
//! long text keeps the default height and its lines spill over the next
//! rows. So export sets the height of every row it fills from the lines its
//! tallest cell takes, counted here as Excel and LibreOffice break them.

/// Points a line of 10.5 pt text takes, with the leading of the CJK fonts
/// (SimSun, and Noto Sans CJK where LibreOffice stands in for it).
pub const LINE: f64 = 15.0;

/// Points above and below the lines of a cell.
pub const PAD: f64 = 5.0;

/// The width of `c` in column units: two for a Han or other wide character.
fn char_width(c: char) -> usize {
    if c.is_ascii() { 1 } else { 2 }
}

/// The display width of `text`'s widest line, in column units.
pub fn width(text: &str) -> usize {
    text.lines().map(|line| line.chars().map(char_width).sum::<usize>()).max().unwrap_or(0)
}

/// How many lines `text` wraps to in a column `columns` units wide: its
/// own line breaks, then breaks between Han characters and at the spaces
/// between words (a word wider than the column breaks inside). The
/// estimate leaves a character's room spare at the end of each line: a
/// program keeps a closing mark （，。）) with the character before it, and
/// its font may be a little wider than ours.
pub fn lines(text: &str, columns: f64) -> usize {
    let room = (columns.floor() as usize).saturating_sub(2).max(2);
    text.split('\n').map(|line| wrapped(line, room)).sum::<usize>().max(1)
}

/// The lines of one line of text `room` units wide.
fn wrapped(line: &str, room: usize) -> usize {
    let mut lines = 1;
    let mut used = 0;
    for word in words(line) {
        if word == " " {
            // A space at the end of a line does not carry over.
            if used > 0 && used < room {
                used += 1;
            }
            continue;
        }
        let w = width(word);
        if used > 0 && used + w > room {
            lines += 1;
            used = 0;
        }
        // A word wider than a whole line breaks where it must.
        lines += w.saturating_sub(1) / room;
        used += w - w.saturating_sub(1) / room * room;
    }
    lines
}

/// The pieces a line may break between: each wide character alone, each
/// run of other characters without a space, each space.
fn words(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        let alone = !c.is_ascii() || c == ' ';
        if alone {
            if let Some(s) = start.take() {
                out.push(&line[s..i]);
            }
            out.push(&line[i..i + c.len_utf8()]);
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push(&line[s..]);
    }
    out
}

/// The height, in points, of a row whose tallest cell takes `lines` lines
/// of text `scale` times the size of the workbook's 10.5 pt.
pub fn height(lines: usize, scale: f64) -> f64 {
    (lines.max(1) as f64 * LINE * scale + PAD).ceil()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_han_character_is_two_units_wide() {
        assert_eq!(width("汾河工业大学"), 12);
        assert_eq!(width("2023-03-15"), 10);
        assert_eq!(width("第一行\n第二行更长"), 10);
    }

    #[test]
    fn han_text_wraps_by_the_characters_a_line_holds() {
        // 20 units leave 18 for text: nine Han characters a line.
        let text = "一二三四五六七八九十一二三四五六七八九";
        assert_eq!(lines(&text[..9 * 3], 20.0), 1);
        assert_eq!(lines(&text[..10 * 3], 20.0), 2);
        assert_eq!(lines(text, 20.0), 3);
        assert_eq!(lines("", 20.0), 1);
    }

    #[test]
    fn explicit_line_breaks_count_too() {
        assert_eq!(lines("甲\n乙\n丙", 40.0), 3);
        assert_eq!(lines("甲\n\n丙", 40.0), 3);
    }

    #[test]
    fn latin_words_move_whole_to_the_next_line() {
        // "alpha beta" fits in 10; "gamma" does not fit after it.
        assert_eq!(lines("alpha beta gamma", 12.0), 2);
        assert_eq!(lines("alpha beta", 12.0), 1);
        // A word longer than a line breaks inside it.
        assert_eq!(lines(&"x".repeat(25), 12.0), 3);
    }

    #[test]
    fn a_row_is_as_tall_as_its_lines() {
        assert!(height(3, 1.0) >= 3.0 * 15.0);
        assert!(height(0, 1.0) == height(1, 1.0));
        assert!(height(1, 14.0 / 10.5) > height(1, 1.0));
    }
}
