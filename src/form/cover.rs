//! The cover of 附件2 and its 填写说明, as the form prints them: every
//! fixed word of the two pages, verbatim. The values on the cover's lines
//! come from `report.yaml` (see [`CoverLine::value`]).

/// What the cover prints at its top left.
pub const ATTACHMENT: &str = "附件2";

/// The cover's title, line by line.
pub const TITLE: [&str; 2] = ["山西省产业技术创新战略联盟", "考核及绩效评价报告"];

/// Where a cover line's value comes from in `report.yaml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoverValue {
    /// A field of `alliance` (一): the cover repeats the alliance's name.
    Alliance(&'static str),
    /// A field of `cover`.
    Cover(&'static str),
}

/// A label of the cover and the underlined line after it.
#[derive(Debug, Clone, Copy)]
pub struct CoverLine {
    pub label: &'static str,
    pub value: CoverValue,
}

/// The cover's lines, top to bottom. The last two share a line on paper.
pub const COVER_LINES: [CoverLine; 5] = [
    CoverLine { label: "联盟名称：", value: CoverValue::Alliance("name") },
    CoverLine { label: "联盟牵头单位：（盖章）", value: CoverValue::Alliance("lead_unit") },
    CoverLine { label: "组织推荐单位：（盖章）", value: CoverValue::Cover("recommender") },
    CoverLine { label: "填报人：", value: CoverValue::Cover("filled_by") },
    CoverLine { label: "联系电话：", value: CoverValue::Cover("phone") },
];

/// How many of [`COVER_LINES`], from the end, the cover sets side by side.
pub const COVER_PAIRED: usize = 2;

/// The date line: its label, the `cover` field it shows, and the words
/// after its year, month and day (____年__月__日).
pub const COVER_DATE: (&str, &str, [&str; 3]) = ("填报日期：", "date", super::DATE_WORDS);

/// What the cover prints at its foot, above the edition's date.
pub const ISSUER: &str = "山西省科学技术厅制";

/// The title of 填写说明; the form spaces it out on paper (填 写 说 明),
/// which is typesetting, not part of the words.
pub const INSTRUCTIONS: &str = "填写说明";

/// 填写说明 一: its heading and its one paragraph.
pub const SCOPE: (&str, &str) = ("一、本报告的适用范围", "经省科技厅认定省级产业技术创新战略联盟。");

/// 填写说明 二's heading, over [`super::requirements`] and the nine kinds
/// of evidence.
pub const REQUIREMENTS: &str = "二、填写要求";
