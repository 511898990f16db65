//! Where a line of the report never breaks: one set of rules for every
//! cell of the tables, every value of 一 and every answer of 二–四.
//!
//! A careful typist keeps together
//! - a number and its measure word ([`kept_spans`]): 13项, 156台（套）, 约40亩, 第15项,
//!   and a date whole, 2019年11月20日; a unit of money or size even
//!   without a number (120 万 / 元 would read as two things);
//! - a word ([`Lexicon::words`]): a word of the form's vocabulary (发明专利,
//!   联盟内部标准或规范), a name of the report itself (a member's name), and
//!   otherwise a word of the dictionary (工艺, 聚合物, 发布会), so that 工／艺
//!   or 聚／合物 never happens.
//!
//! The narrative keeps the first kind in boxes (src/markdown); the table
//! cells, whose lines the typst layer breaks itself (src/render/view/cells.rs),
//! break only between words.
//!
//! The dictionary is jieba's (MIT), its words of two to four characters
//! that are common enough (`tools/make-words.py`), read once, when first
//! needed.

use std::collections::HashSet;
use std::io::Read;
use std::ops::Range;
use std::sync::LazyLock;

use crate::markdown::is_cjk;

/// Measure words and units that stay with the number before them, longest
/// first where one begins another (台（套） before 台).
const MEASURES: [&str; 40] = [
    "台（套）",
    "万美元",
    "平方米",
    "万元",
    "亿元",
    "万吨",
    "万人",
    "小时",
    "公里",
    "人次",
    "项",
    "个",
    "台",
    "套",
    "亩",
    "年",
    "月",
    "日",
    "家",
    "人",
    "次",
    "件",
    "篇",
    "名",
    "元",
    "吨",
    "倍",
    "种",
    "条",
    "所",
    "位",
    "场",
    "期",
    "批",
    "届",
    "部",
    "天",
    "米",
    "%",
    "％",
];

/// Units that a line never splits even without a number (120 万 / 元).
const UNITS: [&str; 6] = ["万元", "亿元", "万吨", "万人", "万美元", "平方米"];

/// The embedded dictionary: one word a line, in the order of their UTF-8
/// bytes (so that a binary search finds a word), zstd-compressed.
static DICTIONARY: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let packed: &[u8] = include_bytes!("words.txt.zst");
    let mut text = String::new();
    ruzstd::decoding::StreamingDecoder::new(packed)
        .expect("the embedded dictionary is zstd")
        .read_to_string(&mut text)
        .expect("the embedded dictionary unpacks");
    let text: &'static str = Box::leak(text.into_boxed_str());
    text.lines().collect()
});

/// The longest word of [`DICTIONARY`], in characters.
const DICTIONARY_LONGEST: usize = 4;

/// A Chinese (or Japanese) character other than punctuation.
pub fn ideograph(c: char) -> bool {
    is_cjk(c) && !matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFFEF)
}

/// A digit of a number: ASCII or full-width, as a Chinese IME types it.
fn digit(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '\u{FF10}'..='\u{FF19}')
}

/// The byte ranges of `text` that a line never splits: a number with its
/// measure word (a space between them allowed), dates whole, and the
/// [`UNITS`] alone. Sorted, without overlaps.
pub fn kept_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans: Vec<Range<usize>> = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        let c = rest.chars().next().expect("not at the end");
        // A number starts at a digit that does not continue a word (ZL2020).
        let starts_number = digit(c)
            && !text[..at]
                .chars()
                .next_back()
                .is_some_and(|b| digit(b) || b.is_ascii_alphabetic() || b == '.');
        if starts_number {
            let number = number_len(rest);
            let after = &rest[number..];
            let gap = if after.starts_with(' ') { 1 } else { 0 };
            if let Some(measure) = MEASURES.iter().find(|m| after[gap..].starts_with(*m)) {
                let end = at + number + gap + measure.len();
                // A date goes on: 2019年 then 11月 then 20日.
                match spans.last_mut() {
                    Some(last) if last.end == at && date_goes_on(&text[last.clone()], measure) => {
                        last.end = end
                    }
                    // An ordinal whole: 第15项.
                    _ => spans.push(at - if text[..at].ends_with('第') { '第'.len_utf8() } else { 0 }..end),
                }
                at = end;
                continue;
            }
            at += number;
            continue;
        }
        if let Some(unit) = UNITS.iter().find(|u| rest.starts_with(*u)) {
            spans.push(at..at + unit.len());
            at += unit.len();
            continue;
        }
        at += c.len_utf8();
    }
    spans
}

/// The length in bytes of the number `text` starts with: digits, with the
/// decimal point or thousands' comma between two of them.
fn number_len(text: &str) -> usize {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut end = 0;
    for (i, &(at, c)) in chars.iter().enumerate() {
        let inner = matches!(c, '.' | ',') && i > 0 && chars.get(i + 1).is_some_and(|&(_, n)| digit(n));
        if !digit(c) && !inner {
            break;
        }
        end = at + c.len_utf8();
    }
    end
}

/// Whether a span ending in a date's 年 or 月 goes on with `measure`.
fn date_goes_on(span: &str, measure: &str) -> bool {
    (span.ends_with('年') && measure == "月") || (span.ends_with('月') && measure == "日")
}

/// The words that a line never splits, beyond the dictionary's: the form's
/// vocabulary and the report's own names.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    terms: HashSet<String>,
    /// The longest term, in characters.
    longest: usize,
}

impl Lexicon {
    /// A lexicon of `terms`, each a run of Chinese text (others are left out:
    /// the words are looked for in runs of Chinese).
    pub fn new<I: IntoIterator<Item = S>, S: AsRef<str>>(terms: I) -> Lexicon {
        let mut lexicon = Lexicon::default();
        for term in terms {
            let term = term.as_ref().trim();
            let n = term.chars().count();
            if n >= 2 && term.chars().all(ideograph) {
                lexicon.longest = lexicon.longest.max(n);
                lexicon.terms.insert(term.to_owned());
            }
        }
        lexicon
    }

    /// `run`, a run of Chinese characters, cut into words, longest first
    /// from its end (reverse maximum matching, which reads Chinese better
    /// than from its start): a term of the lexicon, or a word of the
    /// dictionary, or a single character.
    pub fn words<'t>(&self, run: &'t str) -> Vec<&'t str> {
        let bounds: Vec<usize> = run.char_indices().map(|(i, _)| i).chain([run.len()]).collect();
        let mut words = Vec::new();
        let mut end = bounds.len() - 1;
        while end > 0 {
            let longest = self.longest.max(DICTIONARY_LONGEST).min(end);
            let n = (2..=longest)
                .rev()
                .find(|&n| {
                    let word = &run[bounds[end - n]..bounds[end]];
                    self.terms.contains(word)
                        || (n <= DICTIONARY_LONGEST && DICTIONARY.binary_search(&word).is_ok())
                })
                .unwrap_or(1);
            words.push(&run[bounds[end - n]..bounds[end]]);
            end -= n;
        }
        words.reverse();
        words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept<'t>(text: &'t str) -> Vec<&'t str> {
        kept_spans(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn numbers_keep_their_measure_words_and_dates_stay_whole() {
        assert_eq!(
            kept("实现成果转化13项，仪器设备156台（套）、用地约40亩"),
            ["13项", "156台（套）", "40亩"]
        );
        assert_eq!(kept("于2019年11月20日召开（2022年修订）"), ["2019年11月20日", "2022年"]);
        assert_eq!(kept("学会协会 1 个；投入 120.5 万元"), ["1 个", "120.5 万元"]);
        // A number inside a code is not a figure; a unit alone stays whole.
        assert_eq!(kept("ZL2020107791269 共计万元"), ["万元"]);
        assert_eq!(kept("攻关第１５项"), ["第１５项"]);
    }

    #[test]
    fn runs_of_chinese_are_cut_into_words() {
        let none = Lexicon::default();
        assert_eq!(none.words("工艺开发"), ["工艺", "开发"]);
        assert_eq!(none.words("已进入实质审查"), ["已", "进入", "实质", "审查"]);
        assert_eq!(none.words("三晋煤基材料研究院"), ["三晋", "煤", "基", "材料", "研究院"]);
        let names = Lexicon::new(["晋源煤基新材料股份有限公司", "联盟内部标准或规范", "ZL 2020"]);
        assert_eq!(names.words("晋源煤基新材料股份有限公司"), ["晋源煤基新材料股份有限公司"]);
        assert_eq!(names.words("联盟内部标准或规范"), ["联盟内部标准或规范"]);
        assert_eq!(names.longest, 13);
    }
}
