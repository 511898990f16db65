//! The catalogue of the form: every fact of 附件2 that the program needs,
//! written once. For every YAML file of a report and every table it prints,
//! the fields in the form's order: the key, the form's label verbatim,
//! whether it is required or may be 无, its format or closed vocabulary, and
//! the column and header it prints under; and, per edition of the form, the
//! years and the wording that change from one year to the next.
//!
//! Everything else derives from here: the loader reads each file by its
//! [`FileSpec`], `check` judges each value by its [`Field`], the typst view
//! lays out each table by its [`Table`] columns, the JSON Schemas, `diff`'s
//! labels, `init`'s comments and the spreadsheets of `xlsx export` are
//! generated from the same entries. So is the form's fixed wording, which
//! the PDF and the Word file both print: the cover, 填写说明, the 注 under
//! each table and the signature blocks.

mod cover;
mod edition;
mod evidence;
mod report;
mod signed;
mod summary;
mod tables;

/// What to write in a date, a count and a text that must be filled in: the
/// hints many fields share.
const DATE: &str = "写成 2023-03-15 或 2023-03（年-月），也可写 2023年3月15日";
const COUNT: &str = "不带小数的整数；表内栏目不得空缺，没有就填 0";
pub const TEXT: &str = "表内栏目不得空缺（填写说明二.3），请填写实际内容";

/// 填写说明 二、填写要求 1–5, verbatim, for a report whose tables end in
/// `end_year`.
pub fn requirements(end_year: i32) -> [String; 5] {
    [
        "1、报告各项内容用计算机填报打印，表中各栏大小可随内容调整，不够时可以自行加页。".to_owned(),
        "2、填表用语简洁明了，数据事实详尽、准确。".to_owned(),
        "3、表内栏目不得空缺，如果某项栏目内容没有，请填“无”。".to_owned(),
        format!("4、表内数据填写自认定之日起，截止到{end_year}年底。"),
        "5、本报告涉及到联盟相关证明材料可用复印件，须装订，并加盖公章。".to_owned(),
    ]
}

pub use cover::{
    ATTACHMENT, COVER_DATE, COVER_LINES, COVER_PAIRED, CoverLine, CoverValue, INSTRUCTIONS, ISSUER,
    REQUIREMENTS, SCOPE, TITLE,
};
pub use edition::{EDITIONS, ELABORATE, Edition, Prompt, SectionPart};
pub use evidence::{EVIDENCE, EVIDENCE_INDEX, EVIDENCE_INDEX_COLUMNS, EVIDENCE_ITEM, EVIDENCE_KINDS};
pub use report::{ALLIANCE, COVER, IP_KINDS, REPORT, report_member_count_keys};
pub use signed::{DATE_WORDS, SEAL, SIGNED, Signed};
pub use summary::{BROKEN_LABELS, OF_WHICH, Printed, SUMMARY, SUMMARY_COLUMNS, SUMMARY_SIDE, Slot};
pub use tables::{
    ACHIEVEMENT_KINDS, ACHIEVEMENTS, AchievementKind, Align, Column, EVENTS, Header, MEMBER_TYPES, MEMBERS,
    MEMBERS_FILE, MEMBERS_HEADING, NUMBER, PLATFORM_LEVELS, PLATFORMS, PROJECTS, STAGES, Show, TABLES,
    TRANSFERS, Table,
};

/// One field of a YAML file: a key and what may stand under it.
#[derive(Debug)]
pub struct Field {
    /// The key in the YAML file (English, typed without switching input method).
    pub key: &'static str,
    /// The form's label for it, verbatim.
    pub label: &'static str,
    pub kind: Kind,
    pub need: Need,
    /// What to write, in Chinese, for messages, the editor and `init`.
    pub hint: &'static str,
    /// What to type in a cell of `xlsx export`'s workbook, where the hint
    /// speaks of YAML (a list as `- item` lines, a code in quotes): the
    /// same rule in a spreadsheet's terms.
    pub workbook_hint: Option<&'static str>,
}

/// What a field holds.
#[derive(Debug)]
pub enum Kind {
    /// Free text. Several lines join as Markdown paragraphs do.
    Text,
    /// A text of a fixed shape: a code, a number, an address.
    Format(Shape),
    /// A date or a year-month.
    Date,
    /// A whole number of things, 0 or more.
    Count,
    /// An amount of money (万元, or 美元 for 创汇): at most two decimals.
    Amount,
    /// A year (`2024`).
    Year,
    /// Yes or no.
    Flag,
    /// One of the form's words; [`Choice::open`] when the form ends the list
    /// with 等 (another word is a warning, not an error).
    Choice(Choice),
    /// Any of the form's words, at least one when required.
    Choices(&'static [&'static str]),
    /// A list of texts (合作单位, 完成人…); at least one when required.
    TextList,
    /// Two counts of one cell of the IP grid (申请, 授权…).
    Pair(&'static str, &'static str),
    /// A number 1..=n (the kinds of evidence).
    Number(u32),
    /// A mapping of its own fields.
    Group(&'static [Field]),
    /// A list of rows of a table.
    Rows(&'static Table),
}

/// A closed (or, with `open`, a suggested) vocabulary.
#[derive(Debug)]
pub struct Choice {
    pub words: &'static [&'static str],
    /// The form's list ends with 等: other words are allowed, with a warning.
    pub open: bool,
}

/// The shaped texts, each with its validator in `check::formats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// 统一社会信用代码 (GB 32100) or 组织机构代码 (GB 11714).
    CreditCode,
    /// A landline (or a mobile) number.
    Phone,
    /// A mobile number.
    Mobile,
    /// A 6-digit postcode.
    Postcode,
    /// An e-mail address.
    Email,
}

impl Shape {
    /// What the shape is called, as the title of its rule says it.
    pub fn name(self) -> &'static str {
        match self {
            Shape::CreditCode => "统一社会信用代码",
            Shape::Phone => "电话号码",
            Shape::Mobile => "手机号码",
            Shape::Postcode => "邮政编码",
            Shape::Email => "电子邮箱",
        }
    }
}

/// Whether a field must be filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// The form requires it (填写说明 二.3: 表内栏目不得空缺): missing, blank
    /// or 无 is an error.
    Required,
    /// It may honestly have nothing (a fax, a project without a number): left
    /// out, it prints 无.
    Optional,
    /// Computed from the detail tables when left out; when written, it must
    /// agree with them (`check`).
    Derived,
    /// 0 when left out (the 其中 lines of a breakdown).
    Zero,
    /// A setting of the report with a default.
    Setting,
}

/// A YAML file of a report: its path and its top-level fields.
#[derive(Debug)]
pub struct FileSpec {
    /// Path relative to the report folder, with `/`.
    pub path: &'static str,
    /// What the file holds, as the form names it.
    pub title: &'static str,
    pub fields: &'static [Field],
    /// The file name of its JSON Schema in `schemas/`.
    pub schema: &'static str,
}

/// Every YAML file of a report, in the form's order.
pub const FILES: [&FileSpec; 8] = [
    &REPORT,
    &MEMBERS_FILE,
    &tables::PROJECTS_FILE,
    &tables::TRANSFERS_FILE,
    &tables::ACHIEVEMENTS_FILE,
    &tables::EVENTS_FILE,
    &tables::PLATFORMS_FILE,
    &EVIDENCE,
];

impl FileSpec {
    /// The field with key `key`.
    pub fn field(&self, key: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.key == key)
    }
}

/// The field `key` of `fields`; panics when the catalogue has none (a bug of
/// the program, caught by its tests).
pub fn field(fields: &'static [Field], key: &str) -> &'static Field {
    fields.iter().find(|f| f.key == key).unwrap_or_else(|| panic!("the catalogue has no field {key}"))
}

/// The position of field `key` in `fields`.
pub fn index(fields: &[Field], key: &str) -> usize {
    fields.iter().position(|f| f.key == key).unwrap_or_else(|| panic!("the catalogue has no field {key}"))
}

impl Field {
    /// The fields of a group, or of the rows of a table.
    pub fn children(&self) -> Option<&'static [Field]> {
        match self.kind {
            Kind::Group(fields) => Some(fields),
            Kind::Rows(table) => Some(table.fields),
            _ => None,
        }
    }

    /// The words the field allows, for a vocabulary.
    pub fn words(&self) -> &'static [&'static str] {
        match &self.kind {
            Kind::Choice(c) => c.words,
            Kind::Choices(words) => words,
            _ => &[],
        }
    }
}

/// `const` shorthand for the catalogue's entries.
pub(crate) const fn f(
    key: &'static str,
    label: &'static str,
    kind: Kind,
    need: Need,
    hint: &'static str,
) -> Field {
    Field { key, label, kind, need, hint, workbook_hint: None }
}

impl Field {
    /// The field with `hint` as its [`Field::workbook_hint`].
    pub(crate) const fn workbook_hint(self, hint: &'static str) -> Field {
        Field { workbook_hint: Some(hint), ..self }
    }
}

/// A closed vocabulary.
pub(crate) const fn choice(words: &'static [&'static str]) -> Kind {
    Kind::Choice(Choice { words, open: false })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walk(fields: &'static [Field], path: &str, seen: &mut Vec<String>) {
        for f in fields {
            let at = format!("{path}.{}", f.key);
            assert!(!seen.contains(&at), "{at} twice");
            assert!(!f.label.is_empty(), "{at} has no label");
            assert!(f.key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "{at}: key {}", f.key);
            seen.push(at.clone());
            if let Some(children) = f.children() {
                walk(children, &at, seen);
            }
        }
    }

    /// Every key a record is asked for by a literal in the source
    /// (`row.text("stage")`, `a.group("platforms")`): a misspelt key fails
    /// here, instead of panicking where a run reaches it. A key held in a
    /// variable comes from the catalogue's own fields.
    #[test]
    fn every_key_the_source_asks_a_record_for_is_a_field_of_the_catalogue() {
        let mut keys = Vec::new();
        fn all(fields: &'static [Field], keys: &mut Vec<&'static str>) {
            for f in fields {
                keys.push(f.key);
                if let Some(children) = f.children() {
                    all(children, keys);
                }
            }
        }
        for file in FILES {
            all(file.fields, &mut keys);
        }
        // `get` is left out: maps have one too.
        const ACCESSORS: [&str; 13] = [
            "text",
            "count",
            "amount",
            "date",
            "pair",
            "list",
            "texts",
            "group",
            "rows",
            "count_or_zero",
            "slot",
            "field",
            "path_of",
        ];
        let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src"));
        let mut asked = 0;
        for entry in walkdir::WalkDir::new(root) {
            let entry = entry.unwrap();
            if entry.path().extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let source = std::fs::read_to_string(entry.path()).unwrap();
            for accessor in ACCESSORS {
                let call = format!(".{accessor}(\"");
                for (at, _) in source.match_indices(&call) {
                    let rest = &source[at + call.len()..];
                    let Some(end) = rest.find('"') else { continue };
                    let key = &rest[..end];
                    // Only calls whose whole argument is one key.
                    if !rest[end..].starts_with("\")")
                        || !key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                    {
                        continue;
                    }
                    asked += 1;
                    assert!(
                        keys.contains(&key),
                        "{}: .{accessor}(\"{key}\") asks for a key the catalogue has no field for",
                        entry.path().display()
                    );
                }
            }
        }
        assert!(asked > 100, "the source asks records for {asked} keys: the scan finds them");
    }

    #[test]
    fn every_field_has_a_key_of_its_own_and_a_label() {
        let mut seen = Vec::new();
        for file in FILES {
            walk(file.fields, file.path, &mut seen);
        }
        assert!(seen.len() > 100, "{}", seen.len());
    }

    #[test]
    fn every_table_column_shows_fields_of_its_table() {
        for table in TABLES {
            for column in table.columns {
                for key in column.fields {
                    field(table.fields, key);
                }
            }
        }
    }
}
