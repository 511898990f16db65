//! Where a line of the report never breaks: one set of rules for every
//! cell of the tables, every value of 一 and every answer of 二–四.
//!
//! A careful typist keeps together
//! - a number and its measure word ([`kept_spans`]): 13项, 156台（套）, 约40亩, 第15项,
//!   and a date whole, 2019年11月20日; a unit of money or size even
//!   without a number (120 万 / 元 would read as two things);
//! - a word ([`Lexicon::words`]): a word of the form's vocabulary (发明专利,
//!   联盟内部标准或规范), a name of the report itself (a member's name) or a
//!   term that recurs in its names ([`Lexicon::recurring`]: 储氢气瓶), and
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

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::ops::Range;
use std::sync::{Arc, LazyLock, Mutex};

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

/// The longest term that recurs in the report's names and is kept whole
/// (see [`Lexicon::recurring`]), in characters: a longer one is a phrase
/// (中间相沥青基针状焦), kept whole it would leave a short line before it.
const RECURRING_LONGEST: usize = 6;

/// The longest word of [`DICTIONARY`], in characters.
const DICTIONARY_LONGEST: usize = 4;

/// Punctuation that never starts a line but that Unicode's line breaking
/// (UAX #14, class NS) lets start one after an inline object: typst breaks
/// after a kept box before "；" or "：" (rule LB20 comes before LB21).
/// The other closing marks (，。、）” and the like) keep to what precedes
/// them by earlier rules. A word joiner (U+2060) keeps them to the box:
/// rule LB11 comes before every rule that breaks around a box.
pub fn starts_a_line_after_a_box(c: char) -> bool {
    matches!(c, '；' | '：' | '～' | '〜' | '・' | '‼' | '⁇' | '⁈' | '⁉' | '々' | 'ー')
}

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
    /// The cuts already found, by run and longest word: the tables' column
    /// balancing breaks the same cells for many widths.
    cuts: Arc<Mutex<Cuts>>,
}

/// Where the words of a run start, by the run and the longest word allowed.
type Cuts = HashMap<(String, usize), Vec<usize>>;

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

    /// `run`, a run of Chinese characters, cut into as few words as can
    /// be: terms of the lexicon, words of the dictionary, single characters
    /// (shortest-path segmentation: 储氢气瓶 / 内 / 胆 rather than 储 / 氢气 /
    /// 瓶内 / 胆, which matching the longest word from either end gives). Of
    /// two cuts with as many words, the one whose words end later.
    ///
    /// No word is longer than `most` characters: a name too long for its
    /// column breaks between its own words.
    pub fn words<'t>(&self, run: &'t str, most: usize) -> Vec<&'t str> {
        let longest = self.longest.max(DICTIONARY_LONGEST).min(most);
        let key = (run.to_owned(), longest);
        let found = self.cuts.lock().map(|cuts| cuts.get(&key).cloned()).unwrap_or_default();
        let starts = found.unwrap_or_else(|| {
            let starts = self.cut(run, longest);
            if let Ok(mut cuts) = self.cuts.lock() {
                cuts.insert(key, starts.clone());
            }
            starts
        });
        let ends = starts.iter().skip(1).copied().chain([run.len()]);
        starts.iter().zip(ends).map(|(&start, end)| &run[start..end]).collect()
    }

    /// Where the words of [`Lexicon::words`] start in `run`, none longer
    /// than `longest` characters.
    fn cut(&self, run: &str, longest: usize) -> Vec<usize> {
        let bounds: Vec<usize> = run.char_indices().map(|(i, _)| i).chain([run.len()]).collect();
        let n = bounds.len() - 1;
        // best[i]: the fewest words for the first i characters, and where
        // the last of them starts.
        let mut best: Vec<(usize, usize)> = vec![(0, 0); n + 1];
        for i in 1..=n {
            best[i] = (best[i - 1].0 + 1, i - 1);
            for k in 2..=longest.min(i) {
                let word = &run[bounds[i - k]..bounds[i]];
                let known = self.terms.contains(word)
                    || (k <= DICTIONARY_LONGEST && DICTIONARY.binary_search(&word).is_ok());
                if known && best[i - k].0 < best[i].0 {
                    best[i] = (best[i - k].0 + 1, i - k);
                }
            }
        }
        let mut starts = Vec::new();
        let mut end = n;
        while end > 0 {
            let start = best[end].1;
            starts.push(bounds[start]);
            end = start;
        }
        starts.reverse();
        starts
    }

    /// The terms that recur in the report's own names (`names`): every run
    /// of three to six Chinese characters found in at least two of them,
    /// as long as it goes the same in all of them (储氢气瓶 in a project's and
    /// an achievement's name; not 基新材料产, a piece of the longer
    /// 煤基新材料产业 that two names share).
    pub fn recurring<'n>(names: impl IntoIterator<Item = &'n str>) -> Vec<String> {
        let names: Vec<&'n str> = names.into_iter().collect();
        // Each run of ideographs of every name: how many names hold it.
        let mut seen: HashMap<&'n str, (usize, usize)> = HashMap::new();
        for (k, name) in names.iter().enumerate() {
            let chars: Vec<(usize, char)> = name.char_indices().collect();
            for start in 0..chars.len() {
                for end in start + 3..=chars.len() {
                    if !ideograph(chars[end - 1].1) || !ideograph(chars[start].1) {
                        break;
                    }
                    let term = &name[chars[start].0..chars.get(end).map_or(name.len(), |c| c.0)];
                    let entry = seen.entry(term).or_insert((0, usize::MAX));
                    if entry.1 != k {
                        *entry = (entry.0 + 1, k);
                    }
                }
            }
        }
        let count = |t: &str| seen.get(t).map_or(0, |e| e.0);
        // Maximal: no name holding it has it within a longer run that as
        // many names hold.
        let maximal = |term: &str, n: usize| {
            names.iter().all(|name| {
                name.match_indices(term).all(|(at, _)| {
                    let before =
                        name[..at].chars().next_back().map(|c| &name[at - c.len_utf8()..at + term.len()]);
                    let after = name[at + term.len()..]
                        .chars()
                        .next()
                        .map(|c| &name[at..at + term.len() + c.len_utf8()]);
                    before.is_none_or(|t| count(t) < n) && after.is_none_or(|t| count(t) < n)
                })
            })
        };
        let mut terms: Vec<String> = seen
            .iter()
            .filter(|&(t, &(n, _))| n >= 2 && t.chars().count() <= RECURRING_LONGEST && maximal(t, n))
            .map(|(t, _)| (*t).to_owned())
            .collect();
        terms.sort();
        terms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(text: &str) -> Vec<&str> {
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
        assert_eq!(none.words("工艺开发", usize::MAX), ["工艺", "开发"]);
        assert_eq!(none.words("已进入实质审查", usize::MAX), ["已", "进入", "实质", "审查"]);
        assert_eq!(none.words("三晋煤基材料研究院", usize::MAX), ["三晋", "煤", "基", "材料", "研究院"]);
        let names = Lexicon::new(["晋源煤基新材料股份有限公司", "联盟内部标准或规范", "ZL 2020"]);
        assert_eq!(names.words("晋源煤基新材料股份有限公司", usize::MAX), ["晋源煤基新材料股份有限公司"]);
        assert_eq!(names.words("联盟内部标准或规范", usize::MAX), ["联盟内部标准或规范"]);
        assert_eq!(names.longest, 13);
        // Fewest words: a term of the report's names whole.
        let terms = Lexicon::new(Lexicon::recurring([
            "碳纤维缠绕复合材料储氢气瓶研制",
            "一种碳纤维增强储氢气瓶内胆的成型方法",
        ]));
        assert!(terms.words("一种碳纤维增强储氢气瓶内胆的成型方法", usize::MAX).contains(&"储氢气瓶"));
        assert_eq!(Lexicon::recurring(["甲乙丙丁", "乙丙丁戊", "戊己"]), ["乙丙丁"]);
        let shared = Lexicon::recurring(["山西省煤基新材料产业技术创新战略联盟", "煤基新材料园区"]);
        assert_eq!(shared, ["煤基新材料"]);
        assert!(Lexicon::recurring(["一种中间相沥青基针状焦", "中间相沥青基针状焦技术"]).is_empty());
    }
}
