//! The text of a table cell in pieces that the typesetter must not break,
//! and the width each column needs, from the body font's metrics.
//!
//! A careful typist never leaves a lone 日 of a date, the 司 of 有限公司, half
//! a person's name or half a patent number on a line of its own. A cell's
//! text is cut at the places where a line may break well (after 、，；：。,
//! at a space next to Chinese text, before a bracket), and each piece that
//! should stay whole is *kept*: a date, a short Chinese piece (a name, a
//! place, 联盟自行组织), a code or number, and the ending of a long name (its
//! 有限公司). That no last line holds one character alone is left to typst's
//! runt cost (`templates/lib.typ`), which needs no box.
//! The template sets kept pieces in boxes, which typst never breaks.
//!
//! Every column then gets an [`Extent`]: the widest kept piece of its
//! cells (below which a kept piece would break) and the width of its
//! longest line (beyond which more room is wasted). The template shares
//! the page's width between the columns by these two figures, as a browser
//! sizes the columns of an automatic table.

use std::sync::LazyLock;

use typst::layout::Abs;
use typst::text::{FontInstance, FontVariant, FontVariations};

use crate::escape::typst_display;
use crate::markdown::is_cjk;

/// Kept: pieces with Chinese characters up to this many em (six characters: 联盟自行组织,
/// 股份有限公司), and pieces without Chinese up to twice as many (a patent
/// number "ZL 2020 1 0779126.9", a credit code).
const KEPT_CJK: f64 = 6.0;
const KEPT_LATIN: f64 = 12.0;

/// What a free piece of Chinese text asks of its column at least: two
/// characters to a line.
const FREE_CJK: f64 = 2.0;

/// A line longer than this (in em) asks for only a quarter of the rest:
/// text that long wraps anyway, and a column of long lists would otherwise
/// take the room of every other.
const LONG: f64 = 24.0;

/// The cell's horizontal insets (4 pt each side in 五号) and a little room
/// for the rounding of glyph advances.
const INSETS: f64 = 8.0 / 10.5 + 0.2;

/// The space typst puts between Chinese and Latin letters or digits.
const CJK_LATIN: f64 = 0.25;

/// Endings of names that stay whole at the end of a long piece.
const NAME_ENDINGS: [&str; 12] = [
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "集团公司",
    "研究院",
    "研究所",
    "设计院",
    "实验室",
    "大学",
    "学院",
    "中心",
    "公司",
];

/// Punctuation after which a line breaks well.
fn breaks_after(c: char) -> bool {
    matches!(c, '、' | '，' | '；' | '：' | '。' | '！' | '？' | ',' | ';')
}

/// Punctuation that never starts a line: it stays with the piece before it.
fn closing(c: char) -> bool {
    matches!(
        c,
        '、' | '，'
            | '；'
            | '：'
            | '。'
            | '！'
            | '？'
            | '）'
            | '」'
            | '』'
            | '”'
            | '’'
            | '》'
            | '〉'
            | '】'
            | ')'
            | ','
            | ';'
            | '.'
            | ':'
    )
}

/// A Chinese (or Japanese) character other than punctuation.
fn ideograph(c: char) -> bool {
    is_cjk(c) && !matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFFEF)
}

/// The body face (宋体), whose advances measure the text. Its Chinese and
/// full-width characters are one em wide; the header's 黑体 is the same.
static FACE: LazyLock<Option<FontInstance>> = LazyLock::new(|| {
    let face = crate::compile::body_face()?;
    Some(face.instantiate(FontVariant::default(), Abs::pt(10.5), &FontVariations::default()))
});

/// The width of `text` on one line, in em.
pub fn width(text: &str) -> f64 {
    let face = FACE.as_ref();
    let mut sum = 0.0;
    let mut before: Option<char> = None;
    for c in text.chars() {
        sum += advance(face, c);
        if let Some(b) = before
            && ((ideograph(b) && c.is_ascii_alphanumeric()) || (b.is_ascii_alphanumeric() && ideograph(c)))
        {
            sum += CJK_LATIN;
        }
        before = Some(c);
    }
    sum
}

fn advance(face: Option<&FontInstance>, c: char) -> f64 {
    let measured = face.and_then(|f| {
        let glyph = f.ttf().glyph_index(c)?;
        f.x_advance(glyph.0).map(|em| em.get())
    });
    measured.unwrap_or(if is_cjk(c) { 1.0 } else { 0.5 })
}

/// What a column needs, in em of its text: `min`, below which a kept piece
/// would break, and `max`, the longest line, beyond which room is wasted.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Extent {
    pub min: f64,
    pub max: f64,
}

impl Extent {
    /// The extent of a column holding both.
    pub fn join(self, other: Extent) -> Extent {
        Extent { min: self.min.max(other.min), max: self.max.max(other.max) }
    }

    /// Text set at `ratio` of the column's size (小五 in a 五号 table).
    pub fn scaled(self, ratio: f64) -> Extent {
        Extent { min: self.min * ratio, max: self.max * ratio }
    }
}

/// A cell's text in pieces: free and kept pieces in turn, starting with a
/// free one (which may be empty). Line breaks stay in the free pieces.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pieces {
    pieces: Vec<String>,
    pub extent: Extent,
}

impl Pieces {
    /// `text` cut into pieces.
    pub fn of(text: &str) -> Pieces {
        let mut out = Pieces::default();
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                out.free("\n");
            }
            out.extent.max = out.extent.max.max(width(line));
            for chunk in chunks(line) {
                out.chunk(chunk);
            }
        }
        out
    }

    /// A header label: a short label before its unit, 总投入（万元）, goes on
    /// a line of its own above the unit; a label of up to four characters
    /// (序号, 举办地点) stays whole.
    ///
    /// A longer label may break, though not below half its length a line:
    /// 合作单位 / 数量（家）.
    pub fn header(label: &str) -> Pieces {
        let name = match label.split_once('（') {
            Some((name, _)) if label.ends_with('）') => name,
            _ => label,
        };
        let unit = &label[name.len()..];
        let n = name.chars().count();
        if n <= 4 {
            let lines = if n >= 2 && !unit.is_empty() { format!("{name}\n{unit}") } else { label.to_owned() };
            return Pieces::of(&lines);
        }
        let mut pieces = Pieces::default();
        let (head, tail) = name.split_at(name.char_indices().nth(n - 2).map_or(0, |(i, _)| i));
        pieces.free(head);
        pieces.kept(tail);
        pieces.kept(unit);
        pieces.extent = Extent { min: pieces.extent.min.max((n as f64 / 2.0).ceil()), max: width(label) };
        pieces
    }

    /// The pieces as a typst array of strings, each escaped like every
    /// value of the report: `("free", "kept", …)`.
    pub fn typst(&self) -> String {
        let items: Vec<String> = self.pieces.iter().map(|p| typst_display(p)).collect();
        match items.len() {
            0 => "(\"\",)".to_owned(),
            1 => format!("({},)", items[0]),
            _ => format!("({})", items.join(", ")),
        }
    }

    /// The pieces for a column at least `room` em wide (its widest kept
    /// piece): a plain string when every line fits on one line there, for
    /// nothing can break it then and typst sets a string fastest; else
    /// the pieces.
    pub fn typst_within(&self, room: f64) -> String {
        if self.extent.max <= room { typst_display(&self.pieces.concat()) } else { self.typst() }
    }

    /// The pieces, free first.
    pub fn pieces(&self) -> &[String] {
        &self.pieces
    }

    fn free(&mut self, text: &str) {
        if self.pieces.len() % 2 == 1 {
            self.pieces.last_mut().expect("a free piece").push_str(text);
        } else {
            self.pieces.push(text.to_owned());
        }
    }

    fn kept(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if self.pieces.len().is_multiple_of(2) {
            self.pieces.push(String::new());
        }
        self.pieces.push(text.to_owned());
        self.extent.min = self.extent.min.max(width(text));
    }

    /// One chunk between two good breaks.
    fn chunk(&mut self, chunk: &str) {
        let w = width(chunk.trim_end());
        let cjk = chunk.chars().any(ideograph);
        if is_date(chunk.trim_end()) || (cjk && w <= KEPT_CJK) || (!cjk && w <= KEPT_LATIN) {
            return self.kept(chunk);
        }
        // A long word without Chinese (an e-mail address, a URL) breaks
        // where typst breaks it, or shrinks (一's values).
        let (head, tail) = if cjk { split_tail(chunk) } else { (chunk, "") };
        self.free(head);
        self.extent.min = self.extent.min.max(if cjk {
            FREE_CJK
        } else {
            head.split(' ').map(width).fold(0.0, f64::max).min(KEPT_LATIN)
        });
        self.kept(tail);
    }
}

/// `line` cut after every good break: after 、，；：。！？, at a space next to
/// Chinese text, and before an opening bracket （.
fn chunks(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = line.char_indices().peekable();
    let mut before: Option<char> = None;
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let end = i + c.len_utf8();
        let cut_after = breaks_after(c)
            || (c == ' '
                && (before.is_some_and(is_cjk) || next.is_some_and(is_cjk))
                && next.is_some_and(|n| n != ' '));
        let before_bracket = next == Some('（') && !cut_after;
        if before_bracket || (cut_after && next.is_some_and(|n| !closing(n))) {
            out.push(&line[start..end]);
            start = end;
        }
        before = Some(c);
    }
    if start < line.len() {
        out.push(&line[start..]);
    }
    out
}

/// A date as the form prints it: 2021年12月18日, 2021年12月, 2021年.
fn is_date(text: &str) -> bool {
    let mut rest = text;
    for (i, unit) in ['年', '月', '日'].into_iter().enumerate() {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 {
            return i > 0 && rest.is_empty();
        }
        match rest[digits..].strip_prefix(unit) {
            Some(after) => rest = after,
            None => return false,
        }
    }
    rest.is_empty()
}

/// A long chunk as its free head and the ending of a name that stays whole
/// (有限公司, 研究院), with the punctuation after it. (That a last line holds
/// more than one character is typst's to see to: a runt costs too much.)
fn split_tail(chunk: &str) -> (&str, &str) {
    let trimmed = chunk.trim_end_matches(|c: char| closing(c) || c == ' ');
    match NAME_ENDINGS.iter().find(|e| trimmed.ends_with(*e)) {
        Some(ending) if trimmed.len() > ending.len() => chunk.split_at(trimmed.len() - ending.len()),
        _ => (chunk, ""),
    }
}

/// The extents of the columns of a table: each column's header pieces and
/// cells joined, plus the cells' insets, in em.
pub fn columns(extents: &[Extent]) -> String {
    let pairs: Vec<String> = extents
        .iter()
        .map(|e| {
            let max = if e.max > LONG { LONG + (e.max - LONG) / 4.0 } else { e.max };
            format!("({:.2}, {:.2})", e.min + INSETS, max.max(e.min) + INSETS)
        })
        .collect();
    format!("({},)", pairs.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(text: &str) -> Vec<String> {
        Pieces::of(text).pieces().iter().skip(1).step_by(2).cloned().collect()
    }

    #[test]
    fn dates_names_and_numbers_stay_whole() {
        assert_eq!(kept("2021年12月18日"), ["2021年12月18日"]);
        assert_eq!(kept("2021年12月"), ["2021年12月"]);
        assert_eq!(kept("孙丽娟"), ["孙丽娟"]);
        assert_eq!(kept("太原市"), ["太原市"]);
        assert_eq!(kept("联盟自行组织"), ["联盟自行组织"]);
        assert_eq!(kept("ZL 2020 1 0779126.9"), ["ZL 2020 1 0779126.9"]);
        assert_eq!(kept("孙丽娟、李明轩、胡雪梅"), ["孙丽娟、", "李明轩、", "胡雪梅"]);
        assert!(is_date("2021年") && !is_date("年") && !is_date("2021年12") && !is_date("12月18日"));
    }

    #[test]
    fn a_long_piece_keeps_its_ending() {
        let p = Pieces::of("长治沁岭碳纤维科技有限公司");
        assert_eq!(p.pieces(), ["长治沁岭碳纤维科技", "有限公司"]);
        let p = Pieces::of("提供中试基地与检测服务，牵头制定团体标准并推动成果认证。");
        assert_eq!(p.pieces(), ["提供中试基地与检测服务，牵头制定团体标准并推动成果认证。"]);
        // The header: a short label above its unit, 序号 whole.
        assert_eq!(Pieces::header("总投入（万元）").pieces(), ["", "总投入", "\n", "（万元）"]);
        assert_eq!(Pieces::header("序号").pieces(), ["", "序号"]);
        let p = Pieces::header("合作单位数量（家）");
        assert_eq!(p.pieces(), ["合作单位", "数量", "", "（家）"]);
        assert_eq!(p.extent.min, 3.0);
    }

    #[test]
    fn a_column_needs_its_widest_kept_piece_and_its_longest_line() {
        let e = Pieces::of("2021年12月18日").extent;
        // Four digits and two of two (½ em each), three characters, five
        // gaps between Chinese and digits.
        assert!((e.min - 8.0 * 0.5 - 3.0 - 5.0 * CJK_LATIN).abs() < 0.6, "{e:?}");
        assert_eq!(e.min, e.max);
        let e = Pieces::of("汾河工业大学、长治沁岭碳纤维科技有限公司").extent;
        assert_eq!((e.min, e.max), (4.0, 20.0));
        assert_eq!(Pieces::of("a\nb").typst(), r#"("", "a", "\n", "b")"#);
    }
}
