//! 九、相关印证材料 as attachments (附件): the numbering of the items and what each supports.
//!
//! [`number`] gives each item its 附件 number (kind-n, in the order of
//! `evidence.yaml` within its kind); [`Target::parse`] reads a `supports`
//! entry such as `表4 第2行` or `二（3）`. The files themselves are read and
//! inspected by load.

use crate::form::{SectionPart, TABLES};
use crate::model::{Record, Report};
use crate::suggest;

/// A file larger than this swells the PDF: warn.
pub const LARGE_FILE_BYTES: u64 = 10 << 20;
/// An image with more pixels than this swells the PDF: warn.
pub const LARGE_IMAGE_PIXELS: u64 = 20_000_000;

/// The 附件 number of each item ("3-2": the second item of kind 3), or
/// `None` when its kind is not one of the nine.
pub fn number(items: &[Record]) -> Vec<Option<String>> {
    let mut counts = [0usize; 9];
    items
        .iter()
        .map(|item| {
            let kind = item.count("kind").filter(|k| (1..=9).contains(k))?;
            let count = &mut counts[kind as usize - 1];
            *count += 1;
            Some(format!("{kind}-{count}"))
        })
        .collect()
}

/// What an item of evidence supports: a part of the report or a row of one
/// of its tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// 一、联盟简况, with what it names in it, if anything.
    Summary(Option<String>),
    /// 二、三 or 四, or one prompt of it (1-based).
    Section(SectionPart, Option<usize>),
    /// A row (0-based) of a table, by its index in [`TABLES`].
    Row(usize, usize),
}

impl Target {
    /// How the report prints the target: "表4 序号2", "二（3）", "一".
    /// Where the target stands in the report: 一, then 二–四 and their
    /// prompts, then 五 and 表1–表5 (in [`TABLES`]' order) row by row.
    pub fn order(&self) -> (usize, usize, usize) {
        match self {
            Self::Summary(_) => (0, 0, 0),
            Self::Section(part, n) => {
                (1, SectionPart::ALL.iter().position(|p| p == part).unwrap_or(0), n.unwrap_or(0))
            }
            Self::Row(table, row) => (2, *table, *row),
        }
    }

    pub fn label(&self) -> String {
        match self {
            Self::Summary(None) => "一".into(),
            Self::Summary(Some(what)) => format!("一 {what}"),
            Self::Section(part, None) => part.numeral().into(),
            Self::Section(part, Some(n)) => format!("{}（{n}）", part.numeral()),
            Self::Row(table, row) => format!("{} 序号{}", TABLES[*table].name, row + 1),
        }
    }

    /// Reads a `supports` entry: `表4 第2行`, `表4 2`, `表4 <活动名称>`,
    /// `五 <成员单位名称>`, `二`, `二（3）`, `一` (with anything after it).
    pub fn parse(text: &str, report: &Report) -> Result<Self, (String, String)> {
        const HINT: &str = "写法：表1—表5 或 五，后接“第3行”或该行的名称，例如“表4 第2行”“五 太原理工大学”；\
                            或写 一、二、三、四，可加问题序号，例如“三（2）”";
        let text = text.trim();
        let (head, rest) = match text.find(|c: char| c.is_whitespace()) {
            Some(at) => (&text[..at], text[at..].trim()),
            None => (text, ""),
        };
        let head = head.trim_end_matches(['、', '：', ':']);
        if let Some(table) = TABLES.iter().position(|t| t.name == head) {
            return Self::row(table, rest, report).map_err(|m| (m, HINT.into()));
        }
        if head.starts_with('表') {
            return Err((format!("“{text}”：表格只有表1到表5"), HINT.into()));
        }
        if head == "一" {
            return Ok(Self::Summary((!rest.is_empty()).then(|| rest.to_owned())));
        }
        for part in SectionPart::ALL {
            let name = part.numeral();
            let Some(after) = text.strip_prefix(name) else { continue };
            let after = after.trim().trim_start_matches(['、', '：', ':']).trim();
            if after.is_empty() {
                return Ok(Self::Section(part, None));
            }
            let n = after
                .strip_prefix(['（', '('])
                .and_then(|a| a.strip_suffix(['）', ')']))
                .and_then(|n| n.trim().parse::<usize>().ok());
            let count = report.edition.prompts(part).len();
            return match n {
                Some(n) if (1..=count).contains(&n) => Ok(Self::Section(part, Some(n))),
                Some(n) => {
                    Err((format!("“{text}”：{name}只有（1）到（{count}）问，没有第（{n}）问"), HINT.into()))
                }
                None => Err((format!("看不懂“{text}”"), HINT.into())),
            };
        }
        Err((format!("看不懂“{text}”指的是报告的哪一部分"), HINT.into()))
    }

    fn row(table: usize, rest: &str, report: &Report) -> Result<Self, String> {
        let spec = TABLES[table];
        let rows = &report.tables[table];
        let names: Vec<Option<&str>> = rows.iter().map(|r| r.text(spec.name_field)).collect();
        let name = spec.name;
        if rest.is_empty() {
            return Err(format!("“{name}”后面要写明是哪一行"));
        }
        let number = rest
            .strip_prefix('第')
            .and_then(|r| r.strip_suffix('行'))
            .or_else(|| rest.strip_prefix("序号"))
            .unwrap_or(rest)
            .trim();
        if let Ok(n) = number.parse::<usize>() {
            return if (1..=names.len()).contains(&n) {
                Ok(Self::Row(table, n - 1))
            } else {
                Err(format!("{name}只有 {} 行，没有第 {n} 行", names.len()))
            };
        }
        if let Some(row) = names.iter().position(|n| *n == Some(rest)) {
            return Ok(Self::Row(table, row));
        }
        let known: Vec<&str> = names.iter().flatten().copied().collect();
        Err(match suggest::closest(rest, &known) {
            Some(found) => format!("{name}中没有名称为“{rest}”的行；你是不是想写“{found}”？"),
            None => format!("{name}中没有名称为“{rest}”的行"),
        })
    }
}
