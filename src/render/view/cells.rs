//! The text of a table cell in lines, broken where a careful typist breaks
//! them, and the width each column needs, from the body font's metrics.
//!
//! A careful typist never leaves a lone 日 of a date, the 司 of 有限公司, half
//! a person's name or half a patent number on a line of its own, and never
//! splits a word (工／艺, 聚／合物) or a number from its measure word (13／项).
//! A cell's text is cut at the places where a line may break well (after
//! 、，；：。, at a space next to Chinese text, before a bracket), and each
//! piece that should stay whole is *kept*: a date, a short Chinese piece (a
//! name, a place, 联盟自行组织), a code or number, and the ending of a long
//! name (its 有限公司). The rest is cut into words and numbers with their
//! measure words by the rules of [`crate::breaks`].
//!
//! Every column then gets an [`Extent`]: the widest kept piece of its
//! cells (below which a kept piece would break) and the width of its
//! longest line (beyond which more room is wasted). [`widths`] shares the
//! page's width between the columns by these two figures, as a browser
//! sizes the columns of an automatic table, and [`balance`] then moves room
//! to the columns whose rows it makes shorter.
//!
//! Knowing each column's width, the lines of a cell are broken here
//! ([`Pieces::cell`]), with the same font's advances typst uses: text that
//! fits on one line goes as a plain string; text that wraps goes as its
//! lines, which typst sets as given. A last line never holds one character
//! alone.

use std::sync::LazyLock;

use typst::layout::Abs;
use typst::text::{FontInstance, FontVariant, FontVariations};

use crate::breaks::{Lexicon, ideograph, kept_spans};
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
const INSETS: f64 = 8.0 / WU_HAO + ROUNDING;

/// The room [`room`] keeps for the rounding of glyph advances, in em.
pub const ROUNDING: f64 = 0.2;

/// What a column's width may lack of a piece's and still hold it: the
/// rounding of the widths to a hundredth of an em, well inside the room
/// [`INSETS`] leaves for the rounding of advances.
const SLACK: f64 = 0.01;

/// The tables' text size, 五号, in pt (`wu-hao` in `templates/lib.typ`).
pub const WU_HAO: f64 = 10.5;

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

/// The body face (宋体), whose advances measure the text. Its Chinese and
/// full-width characters are one em wide; the header's 黑体 is the same.
static FACE: LazyLock<Option<FontInstance>> = LazyLock::new(|| {
    let face = crate::compile::body_face()?;
    Some(face.instantiate(FontVariant::default(), Abs::pt(WU_HAO), &FontVariations::default()))
});

/// The height of one line of the body face, in em: from its capitals'
/// height to the baseline, the line box of typst's `top-edge: "cap-height"`
/// and `bottom-edge: "baseline"`.
pub fn line_height() -> f64 {
    FACE.as_ref().map_or(0.733, |f| f.metrics().cap_height.get())
}

/// Whether the body face has a glyph for every character of `text`: a
/// character it lacks comes from a fallback face whose line box may be
/// taller (HanaMinA has no cap height, and typst takes its ascender).
pub fn covered(text: &str) -> bool {
    let Some(face) = FACE.as_ref() else { return false };
    text.chars().all(|c| c.is_whitespace() || face.ttf().glyph_index(c).is_some())
}

/// Whether typst may set `c` wider than its advance in the face's cmap:
/// quotes, dashes, ellipses and the middle dot of General Punctuation,
/// which Chinese shaping (`locl`) may set a full em wide.
fn shaped_wider(c: char) -> bool {
    matches!(c, '\u{2010}'..='\u{206F}' | '\u{00B7}')
}

/// The width of `text` on one line, in em.
pub fn width(text: &str) -> f64 {
    // No space between Chinese and Latin letters or digits: the report
    // sets none (`cjk-latin-spacing` in `templates/lib.typ`), so that its
    // text searches as it reads.
    let face = FACE.as_ref();
    text.chars().map(|c| advance(face, c)).sum()
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
    /// The units of the text in a column wide enough for each (see
    /// [`Pieces::units`]), found once: [`balance`] breaks a cell's lines
    /// for many widths.
    natural: std::cell::OnceCell<Vec<Unit>>,
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

    /// A list of items, each kept whole on a line when it fits (学会协会 1
    /// 个；): a breakdown of 一.
    pub fn items(text: &str) -> Pieces {
        let mut out = Pieces::default();
        for item in text.split_inclusive('；') {
            out.kept(item);
        }
        out.extent.max = width(text);
        out
    }

    /// A header label: a short label before its unit, 总投入（万元）, goes on
    /// a line of its own above the unit; a label of up to five characters
    /// (序号, 举办地点, 主要完成人) stays whole.
    ///
    /// A longer label may break between its words (the form's labels are
    /// words of the lexicon, see [`Lexicon`]), though not below half its
    /// length a line: 合作单位 / 数量（家）.
    pub fn header(label: &str) -> Pieces {
        let name = match label.split_once('（') {
            Some((name, _)) if label.ends_with('）') => name,
            _ => label,
        };
        let unit = &label[name.len()..];
        let n = name.chars().count();
        if n <= 5 {
            let lines = if n >= 2 && !unit.is_empty() { format!("{name}\n{unit}") } else { label.to_owned() };
            return Pieces::of(&lines);
        }
        let mut pieces = Pieces::default();
        pieces.free(name);
        pieces.kept(unit);
        pieces.extent = Extent { min: pieces.extent.min.max((n as f64 / 2.0).ceil()), max: width(label) };
        pieces
    }

    /// The cell as a typst expression, for `room` em of text width (the
    /// column's width less its insets, in em of this text's size): a plain
    /// string, of one line when it fits, else of the [`Pieces::lines`] it
    /// breaks into (one that may hold a long word goes through the
    /// template's `breaking`, should the measure be short by a hair).
    pub fn cell(&self, room: f64, lexicon: &Lexicon) -> String {
        if !self.wraps(room) {
            return free_text(&self.pieces.concat());
        }
        free_text(&self.lines(room, lexicon).join("\n"))
    }

    /// The lines of the cell in `room` em, if typst sets them as given:
    /// each no wider than the room, of the body face's characters alone.
    /// None when typst might break a line again or make it taller.
    pub fn exact_lines(&self, room: f64, lexicon: &Lexicon) -> Option<usize> {
        let text = self.pieces.concat();
        if !covered(&text) || text.chars().any(shaped_wider) {
            return None;
        }
        if !self.wraps(room) {
            return Some(self.size().1 + 1);
        }
        let lines = self.lines(room, lexicon);
        lines.iter().all(|l| width(l) <= room + SLACK).then_some(lines.len())
    }

    /// How many lines typst may set the cell in, at most, in `room` em:
    /// its lines, and a line too wide for the room (a long word, which
    /// typst breaks anywhere) as many as its width asks for. Wider
    /// characters of a fallback face are the caller's to allow for.
    pub fn most_lines(&self, room: f64, lexicon: &Lexicon) -> usize {
        let room = room.max(1.0);
        self.lines(room, lexicon)
            .iter()
            .map(|l| {
                let w = width(l);
                (w / room).ceil().max(1.0) as usize + usize::from(w > room + SLACK)
            })
            .sum()
    }

    /// How many lines the cell takes in `room` em.
    pub fn height(&self, room: f64, lexicon: &Lexicon) -> usize {
        if !self.wraps(room) {
            return self.size().1 + 1;
        }
        let units = self.units(room, lexicon);
        fill(&units, room).len()
    }

    /// The text in lines of at most `room` em, each as full as it can be,
    /// broken only between [`Unit`]s: kept pieces, words, numbers with
    /// their measure words. A last line of one character takes the last
    /// unit of the line above with it.
    pub fn lines(&self, room: f64, lexicon: &Lexicon) -> Vec<String> {
        let units = self.units(room, lexicon);
        fill(&units, room).iter().map(|l| shown(l)).collect()
    }

    /// The units of the text, for `room` em: each kept piece that fits,
    /// and the rest cut by [`split`]. In a column wide enough for each,
    /// the units found once.
    fn units(&self, room: f64, lexicon: &Lexicon) -> std::borrow::Cow<'_, [Unit]> {
        let natural = self.natural.get_or_init(|| self.units_for(f64::INFINITY, lexicon));
        if natural.iter().all(|u| u.width <= room + SLACK) {
            return std::borrow::Cow::Borrowed(natural);
        }
        std::borrow::Cow::Owned(self.units_for(room, lexicon))
    }

    fn units_for(&self, room: f64, lexicon: &Lexicon) -> Vec<Unit> {
        let mut out = Units::default();
        for (i, piece) in self.pieces.iter().enumerate() {
            for (j, part) in piece.split('\n').enumerate() {
                if j > 0 {
                    out.end_prefix();
                    out.hard = true;
                    out.space = false;
                }
                if i % 2 == 1 && width(part.trim()) <= room + SLACK && !part.trim().is_empty() {
                    out.space |= part.starts_with(' ');
                    out.push(part.trim());
                    out.space = part.ends_with(' ');
                } else {
                    split(part, room, lexicon, &mut out);
                }
            }
        }
        out.end_prefix();
        out.units
    }

    /// Whether the text wraps in `room` em.
    pub fn wraps(&self, room: f64) -> bool {
        self.extent.max > room + SLACK
    }

    /// The pieces as markup: runs of free text, and each kept piece that
    /// fits `room` in a box. A free run ends with its tail in a box, and
    /// one that may hold a long word (see [`may_hold_long_word`]) goes
    /// through the template's `breaking`.
    fn markup(&self, room: f64) -> String {
        let mut line = Line::default();
        let mut run = String::new();
        for (i, p) in self.pieces.iter().enumerate() {
            if i % 2 == 1 && width(p) <= room + SLACK {
                line.free(&std::mem::take(&mut run), room);
                line.kept(p);
            } else {
                run += p;
            }
        }
        line.free(&run, room);
        line.markup()
    }

    /// The cell as content that wraps, its kept pieces boxed, whatever its
    /// column (a header label spanning columns).
    pub fn wrapped(&self) -> String {
        format!("[{}]", self.markup(f64::MAX))
    }

    /// The pieces, free first.
    pub fn pieces(&self) -> &[String] {
        &self.pieces
    }

    /// The length of the text in bytes, and its line breaks.
    pub fn size(&self) -> (usize, usize) {
        self.pieces.iter().fold((0, 0), |(n, l), p| (n + p.len(), l + p.matches('\n').count()))
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
        // 汾河工业大学、 is a name of six characters: its 、 never starts a line.
        let w = width(chunk.trim_end().trim_end_matches(closing));
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

/// What a line of a cell never splits: a kept piece, a word, a number
/// with its measure word, a Latin word; the punctuation around it.
#[derive(Debug, Clone, PartialEq)]
struct Unit {
    text: String,
    width: f64,
    /// A space before it, dropped where a line breaks.
    space: bool,
    /// It starts a line of the text (after a line break).
    hard: bool,
}

/// Units as they are found.
#[derive(Default)]
struct Units {
    units: Vec<Unit>,
    space: bool,
    hard: bool,
    /// Opening brackets and quotes, for the unit after them.
    prefix: String,
}

impl Units {
    fn push(&mut self, text: &str) {
        let text = std::mem::take(&mut self.prefix) + text;
        let (space, hard) = (std::mem::take(&mut self.space), std::mem::take(&mut self.hard));
        self.units.push(Unit { width: width(&text), text, space, hard });
    }

    /// A word, whole when it fits `room`, else two characters at a time
    /// (有限 / 公司), or one in a column narrower than two.
    fn word(&mut self, word: &str, room: f64) {
        if width(word) <= room + SLACK {
            return self.push(word);
        }
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        let take = if room + SLACK >= 2.0 { 2 } else { 1 };
        for piece in chars.chunks(take) {
            let (start, last) = (piece[0].0, piece[piece.len() - 1]);
            self.push(&word[start..last.0 + last.1.len_utf8()]);
        }
    }

    /// Closing punctuation, glued to the unit before it.
    fn glue(&mut self, text: &str) {
        match self.units.last_mut() {
            Some(last) if !self.space && !self.hard && self.prefix.is_empty() => {
                last.text.push_str(text);
                last.width = width(&last.text);
            }
            _ => self.push(text),
        }
    }

    /// Opening brackets left at the end: a unit of their own.
    fn end_prefix(&mut self) {
        if !self.prefix.is_empty() {
            let prefix = std::mem::take(&mut self.prefix);
            self.push(&prefix);
        }
    }
}

/// `text` (free, or a kept piece too wide for `room`) cut into units: the
/// spans a line never splits ([`kept_spans`]), each run of Chinese cut
/// into words ([`Lexicon::words`]), Latin words whole, or cut before an
/// `@` or a `.` when one is wider than the room (an e-mail address).
fn split(text: &str, room: f64, lexicon: &Lexicon, out: &mut Units) {
    let spans = kept_spans(text);
    let mut spans = spans.iter().peekable();
    let mut at = 0;
    while at < text.len() {
        while spans.peek().is_some_and(|s| s.start < at) {
            spans.next();
        }
        let next = spans.peek().map_or(text.len(), |s| s.start);
        if next == at {
            let span = spans.next().expect("a span starts here");
            out.push(&text[span.clone()]);
            at = span.end;
            continue;
        }
        let rest = &text[at..next];
        let c = rest.chars().next().expect("not at the end");
        let one = c.len_utf8();
        if c.is_whitespace() {
            out.space = !out.units.is_empty() || out.space;
            at += one;
        } else if closing(c) {
            out.glue(&rest[..one]);
            at += one;
        } else if opening(c) {
            out.prefix.push(c);
            at += one;
        } else if ideograph(c) {
            let end = rest.find(|c: char| !ideograph(c)).unwrap_or(rest.len());
            // Ideographs are an em wide: no word longer than the room.
            let most = if room.is_finite() { ((room + SLACK).floor() as usize).max(1) } else { usize::MAX };
            for word in lexicon.words(&rest[..end], most) {
                out.word(word, room);
            }
            at += end;
        } else {
            let end = rest
                .char_indices()
                .skip(1)
                .find(|&(_, c)| {
                    c.is_whitespace() || ideograph(c) || (is_cjk(c) && (closing(c) || opening(c)))
                })
                .map_or(rest.len(), |(i, _)| i);
            latin(&rest[..end], room, out);
            at += end;
        }
    }
}

/// A Latin word whole, or cut before each `@` and `.` when it is wider
/// than `room` (an e-mail address, a web address), rather than shrunk.
fn latin(word: &str, room: f64, out: &mut Units) {
    if width(word) <= room + SLACK {
        return out.push(word);
    }
    let mut start = 0;
    for (i, c) in word.char_indices().skip(1) {
        if matches!(c, '@' | '.' | '/') {
            out.push(&word[start..i]);
            start = i;
        }
    }
    out.push(&word[start..]);
}

/// Opening brackets and quotes: they never end a line.
fn opening(c: char) -> bool {
    matches!(c, '（' | '(' | '“' | '‘' | '《' | '〈' | '【' | '「' | '『' | '[')
}

/// The width of a space.
fn space() -> f64 {
    width(" ")
}

/// `units` in lines of at most `room` em, each as full as it can be; a
/// last line of one character takes the last unit of the line above
/// with it, when that fits.
fn fill(units: &[Unit], room: f64) -> Vec<Vec<&Unit>> {
    let mut lines: Vec<Vec<&Unit>> = vec![Vec::new()];
    let mut used = 0.0;
    for unit in units {
        let line = lines.last_mut().expect("a line");
        let gap = if unit.space && !line.is_empty() { space() } else { 0.0 };
        if unit.hard || (!line.is_empty() && used + gap + unit.width > room + SLACK) {
            lines.push(vec![unit]);
            used = unit.width;
        } else {
            used += gap + unit.width;
            line.push(unit);
        }
    }
    let n = lines.len();
    if n >= 2 && !lines[n - 1][0].hard && lone(&shown(&lines[n - 1])) && lines[n - 2].len() >= 2 {
        let moved = *lines[n - 2].last().expect("two units");
        let joined: Vec<&Unit> = std::iter::once(moved).chain(lines[n - 1].iter().copied()).collect();
        if width(&shown(&joined)) <= room + SLACK {
            lines[n - 2].pop();
            lines[n - 1].insert(0, moved);
        }
    }
    lines
}

/// A line of units as shown.
fn shown(units: &[&Unit]) -> String {
    let mut out = String::new();
    for (i, u) in units.iter().enumerate() {
        if i > 0 && u.space {
            out.push(' ');
        }
        out.push_str(&u.text);
    }
    out
}

/// Whether a line holds one character alone, with its punctuation.
fn lone(line: &str) -> bool {
    line.trim().trim_end_matches(closing).chars().count() <= 1
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
/// more than one character is [`tail`]'s to see to.)
fn split_tail(chunk: &str) -> (&str, &str) {
    let trimmed = chunk.trim_end_matches(|c: char| closing(c) || c == ' ');
    match NAME_ENDINGS.iter().find(|e| trimmed.ends_with(*e)) {
        Some(ending) if trimmed.len() > ending.len() => chunk.split_at(trimmed.len() - ending.len()),
        _ => (chunk, ""),
    }
}

/// A wrapping cell's text as it is set: free text, and boxes that no line
/// break splits.
#[derive(Default)]
struct Line {
    items: Vec<(bool, String)>,
}

impl Line {
    /// Free text.
    fn text(&mut self, t: &str) {
        match self.items.last_mut() {
            _ if t.is_empty() => {}
            Some((false, last)) => last.push_str(t),
            _ => self.items.push((false, t.to_owned())),
        }
    }

    /// A box. (Two boxes in a row stay two: one box of 工业大学、 would cost
    /// the line break between its halves, and a line of some cells.)
    fn kept(&mut self, t: &str) {
        self.items.push((true, t.to_owned()));
    }

    /// The free `run`, each of its lines (the run may hold line breaks)
    /// with its [`tail`] in a box when that fits `room`.
    fn free(&mut self, run: &str, room: f64) {
        for (i, line) in run.split('\n').enumerate() {
            if i > 0 {
                self.text("\n");
            }
            let (head, tail) = line.split_at(tail(line));
            if tail.is_empty() || head.is_empty() || width(tail) > room + SLACK {
                self.text(line);
            } else {
                self.text(head);
                self.kept(tail);
            }
        }
    }

    /// The markup: boxes, and free text (see [`free_text`]).
    fn markup(&self) -> String {
        self.items
            .iter()
            .map(
                |(kept, t)| {
                    if *kept { format!("#box({})", typst_display(t)) } else { format!("#{}", free_text(t)) }
                },
            )
            .collect()
    }
}

/// Free text as a typst expression: a string, through the template's
/// `breaking` when it may hold a long word (see [`may_hold_long_word`]).
fn free_text(text: &str) -> String {
    if may_hold_long_word(text) { format!("breaking({})", typst_display(text)) } else { typst_display(text) }
}

/// Where the tail of a line of text starts: its last two Chinese
/// characters, or its last one with the number or word glued before it
/// (第15项), and the closing punctuation after them (服务。). typst breaks the
/// lines of a cell one by one, as a word processor does, and may leave a
/// single character on a line of its own (the 司 of 有限公司, the 证。 at
/// the end of a role): a boxed tail goes to the next line whole, with at
/// least one character more. The end of the line when it has no such tail
/// (it ends in Latin letters or digits, which break only at spaces).
///
/// A tail never starts between a Chinese character and a Latin letter or
/// digit: typst puts a quarter em between them, but not across the edge
/// of a box. It takes in the character before instead (第 of 第15项).
fn tail(line: &str) -> usize {
    let core = line.trim_end_matches(closing);
    let chars: Vec<(usize, char)> = core.char_indices().collect();
    let Some(&(_, last)) = chars.last() else { return line.len() };
    if !ideograph(last) || chars.len() < 2 {
        return line.len();
    }
    let mut start = chars.len() - 2;
    if !ideograph(chars[start].1) && !word(chars[start].1) {
        return line.len();
    }
    let spaced = |a: char, b: char| (ideograph(a) && word(b)) || (word(a) && ideograph(b));
    loop {
        // A word or number whole.
        while start > 0 && word(chars[start].1) && word(chars[start - 1].1) {
            start -= 1;
        }
        if start == 0 || !spaced(chars[start - 1].1, chars[start].1) {
            return chars[start].0;
        }
        start -= 1;
    }
}

/// A letter or digit of a word or number that a tail keeps whole: ASCII,
/// or full-width as a Chinese IME types it (１５), which typst would break
/// between any two, as it does Chinese characters.
fn word(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}')
}

/// Whether `text` has a run of 20 characters or more without a space (a
/// no-break space does not count): only then can it hold what the
/// template's `long-word` calls a long word. A quick test that spares
/// typst the search in most text; the template's pattern decides.
fn may_hold_long_word(text: &str) -> bool {
    let mut run = 0;
    for c in text.chars() {
        run = if c.is_whitespace() && c != '\u{A0}' { 0 } else { run + 1 };
        if run >= 20 {
            return true;
        }
    }
    false
}

/// The width of each column of a table `room` em wide, in em, from what
/// its header and cells need (`extents`, without the cells' insets), as a
/// browser shares the width of an automatic table: each column its
/// longest line when all fit (the rest shared in proportion); else each
/// its widest kept piece, and the rest in proportion to what each still
/// wants; else (content that truly cannot fit) the columns that need most
/// give up room, down to one width for all of them, so that the others
/// keep their pieces whole.
///
/// A line longer than [`LONG`] asks for only a quarter of the rest.
pub fn widths(extents: &[Extent], room: f64) -> Vec<f64> {
    // To a hundredth of an em (0.1 pt), the precision of what is measured
    // (see [`SLACK`]).
    let hundredths = |w: f64| (w * 100.0).round() / 100.0;
    let mins: Vec<f64> = extents.iter().map(|e| hundredths(e.min + INSETS)).collect();
    let maxs: Vec<f64> = extents
        .iter()
        .map(|e| {
            let max = if e.max > LONG { LONG + (e.max - LONG) / 4.0 } else { e.max };
            hundredths(max.max(e.min) + INSETS)
        })
        .collect();
    let (low, high): (f64, f64) = (mins.iter().sum(), maxs.iter().sum());
    if high <= room {
        return maxs.iter().map(|w| w * room / high).collect();
    }
    if low <= room {
        return mins.iter().zip(&maxs).map(|(a, b)| a + (room - low) * (b - a) / (high - low)).collect();
    }
    let mut sorted = mins.clone();
    sorted.sort_by(f64::total_cmp);
    let (mut cap, mut left, mut k) = (0.0, room, sorted.len() as f64);
    for m in sorted {
        if m * k >= left {
            cap = left / k;
            break;
        }
        left -= m;
        k -= 1.0;
    }
    mins.iter().map(|m| m.min(cap)).collect()
}

/// The narrowest a column of `extent` may be: its widest kept piece and
/// its insets.
pub fn min_width(extent: Extent) -> f64 {
    extent.min + INSETS
}

/// How far [`balance`] moves room at a time, in em, and how many moves it
/// makes at most.
const STEP: f64 = 0.5;
const MOVES: usize = 30;

/// How many steps one move may take at most: a column may need a few em
/// more before a row of it takes a line less.
const REACH: usize = 12;

/// Moves room between the columns `widths` (in em), [`STEP`] at a time,
/// from a column to another while that makes the table shorter, so that
/// no column wraps its text into three lines while a neighbour stands
/// half empty. `heights(column, width)` gives the height of each row's
/// cell in that column at that width, in lines; a column never goes below
/// `mins`. The heights of a column at a width are worked out once.
pub fn balance(widths: &mut [f64], mins: &[f64], heights: impl Fn(usize, f64) -> Vec<f64>) {
    let n = widths.len();
    let mut known: std::collections::HashMap<(usize, i64), std::rc::Rc<Vec<f64>>> = Default::default();
    let mut column = |c: usize, w: f64| {
        known
            .entry((c, (w * 100.0).round() as i64))
            .or_insert_with(|| std::rc::Rc::new(heights(c, w)))
            .clone()
    };
    let mut current: Vec<std::rc::Rc<Vec<f64>>> = (0..n).map(|c| column(c, widths[c])).collect();
    let rows = current.first().map_or(0, |c| c.len());
    // The table's height with columns `a` and `b` replaced.
    // The table's height with columns `a` and `b` replaced, and a hundredth
    // of the lines of all its cells: of two widths that leave the rows as
    // tall, the one whose cells take fewer lines (a name on two lines
    // rather than three beside three lines of names).
    let total = |current: &[std::rc::Rc<Vec<f64>>], a: (usize, &[f64]), b: (usize, &[f64])| -> f64 {
        (0..rows)
            .map(|r| {
                let cells = (0..n).map(|c| match c {
                    _ if c == a.0 => a.1[r],
                    _ if c == b.0 => b.1[r],
                    _ => current[c][r],
                });
                cells.clone().fold(0.0, f64::max) + cells.sum::<f64>() / 100.0
            })
            .sum()
    };
    let mut height = total(&current, (0, &current[0]), (0, &current[0]));
    for _ in 0..MOVES {
        // The move that shortens the table most, the smallest of those.
        let mut best: Option<(f64, usize, usize, f64)> = None;
        for from in 0..n {
            for k in 1..=REACH {
                let step = STEP * k as f64;
                if widths[from] - step < mins[from] - 1e-9 {
                    break;
                }
                let narrower = column(from, widths[from] - step);
                for to in (0..n).filter(|&t| t != from) {
                    let wider = column(to, widths[to] + step);
                    let h = total(&current, (from, &narrower), (to, &wider));
                    if h < best.map_or(height, |b| b.0) - 1e-9 {
                        best = Some((h, from, to, step));
                    }
                }
            }
        }
        let Some((h, from, to, step)) = best else { break };
        widths[from] -= step;
        widths[to] += step;
        current[from] = column(from, widths[from]);
        current[to] = column(to, widths[to]);
        height = h;
    }
}

/// The room for text in a column `width` em wide: less its insets.
pub fn room(width: f64) -> f64 {
    width - INSETS
}

/// Column widths as a typst array of lengths.
pub fn typst_columns(widths: &[f64]) -> String {
    let items: Vec<String> = widths.iter().map(|w| format!("{w:.3}em")).collect();
    format!("({},)", items.join(", "))
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
        assert_eq!(p.pieces(), ["合作单位数量", "（家）"]);
        assert_eq!(p.extent.min, 3.0);
        assert_eq!(Pieces::header("主要完成人").extent.min, 5.0);
    }

    #[test]
    fn a_column_needs_its_widest_kept_piece_and_its_longest_line() {
        let e = Pieces::of("2021年12月18日").extent;
        // Four digits and two of two (½ em each), three characters.
        assert!((e.min - 8.0 * 0.5 - 3.0).abs() < 0.6, "{e:?}");
        assert_eq!(e.min, e.max);
        // A name of six characters is kept whole with its 、.
        let e = Pieces::of("汾河工业大学、长治沁岭碳纤维科技有限公司").extent;
        assert_eq!((e.min, e.max), (7.0, 20.0));
        assert_eq!(Pieces::of("a\nb").pieces(), ["", "a", "\n", "b"]);
    }

    #[test]
    fn a_cell_is_as_simple_as_its_column_allows() {
        let none = Lexicon::default();
        let p = Pieces::of("太原龙城碳素科技有限公司");
        // Fits: a plain string.
        assert_eq!(p.cell(p.extent.max, &none), r##""太原龙城碳素科技有限公司""##);
        // Wraps: lines broken here, the name's ending whole.
        assert_eq!(p.cell(8.0, &none), r##""太原龙城碳素科技\n有限公司""##);
        // Too narrow for the ending: broken between words.
        assert_eq!(p.lines(3.0, &none), ["太原", "龙城", "碳素", "科技", "有限", "公司"]);
        // A line never starts with closing punctuation nor ends with an
        // opening bracket; a number keeps its measure word; the last line
        // holds more than one character.
        let p = Pieces::of("提供检测服务。\n攻关项目第15项；\nCarbon fiber");
        assert_eq!(p.lines(5.0, &none), ["提供检测", "服务。", "攻关项目", "第15项；", "Carbon", "fiber"]);
        assert_eq!(Pieces::of("已进入实质审查").lines(5.0, &none), ["已进入实质", "审查"]);
        assert_eq!(Pieces::of("储氢气瓶（PGA）可降解").lines(7.5, &none), ["储氢气瓶", "（PGA）可降解"]);
        // An e-mail address breaks before its @ or a dot.
        let mail = Pieces::of("secretariat@sxmjxcl.example.cn");
        assert_eq!(mail.lines(10.0, &none), ["secretariat@sxmjxcl", ".example.cn"]);
        // So does a web address, before a dot or a slash; a run that may
        // hold a long word goes through `breaking`, even when it is
        // measured to fit.
        let url = Pieces::of("见 https://example.org/a/very/long/path/of/the/report");
        assert_eq!(url.lines(10.0, &none), ["见 https://example", ".org/a/very/long", "/path/of/the/report"]);
        assert_eq!(
            Pieces::of("ZL2020107791269ABCDEF").cell(100.0, &none),
            r##"breaking("ZL2020107791269ABCDEF")"##
        );
        assert_eq!(tail("有限公司"), "有限".len());
        assert_eq!(tail("攻关第15项"), "攻关".len());
        assert_eq!(tail("攻关第１５项"), "攻关".len());
        assert_eq!(tail("测试甲ABC公司"), "测试".len());
        assert_eq!(tail("、项"), "、项".len());
        assert_eq!(tail("report"), "report".len());
        assert!(!may_hold_long_word("一二三四五六七八九十 一二三四五六七八九十"));
        assert!(may_hold_long_word("ZL2020107791269ABCDEF"));
        assert!(may_hold_long_word("0123456789\u{A0}0123456789"));
    }

    #[test]
    fn a_breakdown_keeps_each_item_whole() {
        let none = Lexicon::default();
        let p = Pieces::items("其中: 企业 10 个；大学 3 个；科研院所 4 个；学会协会 1 个；其它 1 个。");
        for line in p.lines(12.0, &none) {
            assert!(!line.ends_with("学会协会") && !line.starts_with("1 个"), "{line}");
        }
    }

    #[test]
    fn balancing_gives_room_to_the_column_that_wraps() {
        // Two columns of 10 em: the first's text needs 16 em, the second's 4.
        let mut widths = [10.0, 10.0];
        let heights = |c: usize, w: f64| vec![if c == 0 { (16.0 / w).ceil() } else { (4.0 / w).ceil() }];
        balance(&mut widths, &[2.0, 2.0], heights);
        assert_eq!(widths[0] + widths[1], 20.0);
        assert!(widths[0] >= 16.0, "{widths:?}");
    }

    #[test]
    fn columns_share_the_width_as_an_automatic_table() {
        let e = |min: f64, max: f64| Extent { min, max };
        let extents = [e(2.0, 2.0), e(4.0, 20.0), e(6.0, 6.0)];
        let sum = |w: &[f64]| w.iter().sum::<f64>();
        // Room for every longest line: each gets it, the rest in proportion.
        let wide = widths(&extents, 60.0);
        assert!((sum(&wide) - 60.0).abs() < 1e-9);
        assert!(wide[1] > 20.0 + INSETS && wide[0] < wide[2]);
        // Room between: every column its widest kept piece at least, the
        // rest to the column that still wants more.
        let between = widths(&extents, 20.0);
        assert!((sum(&between) - 20.0).abs() < 1e-9);
        assert!((between[0] - (2.0 + INSETS)).abs() < 0.01 && (between[2] - (6.0 + INSETS)).abs() < 0.01);
        // Too narrow even for the kept pieces: the widest give up room, the
        // narrow one keeps its own.
        let narrow = widths(&extents, 9.0);
        assert!(sum(&narrow) <= 9.0 + 1e-9);
        assert!((narrow[0] - (2.0 + INSETS)).abs() < 0.01 && narrow[1] == narrow[2]);
    }
}
