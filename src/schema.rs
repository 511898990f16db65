//! JSON Schema of each YAML file of a report, derived from the catalogue of
//! the form, so that an editor with yaml-language-server completes keys,
//! shows the form's label of each one and flags a wrong key or value while
//! the user types — and agrees with `check`.
//!
//! Each field's schema says what `check` says, as far as a schema can: the
//! key and its kind, required or not, the vocabulary, the pattern of a code
//! or a date. What an editor reads differently from `check` is written for
//! what the editor reads: YAML 1.2 makes an unquoted `2024` an integer, so a
//! text field allows integers; a value `check` refuses to read unquoted
//! (`030025`) is an integer the pattern of a code does not admit.
//!
//! Written for yaml-language-server (VS Code's YAML extension, 1.25), which
//! shows a schema's Chinese `errorMessage` instead of its own English only
//! for some keywords (`type`, `enum`, `pattern`, `contains`, `required`,
//! `additionalProperties`), and of one `anyOf` branch only. So no field is
//! an `anyOf`: its JSON types, a pattern for strings, and what a number must
//! be inside an `if` whose `else` refuses with the field's message (see
//! [`value`]). Every property has the form's label as `title` and its own
//! help as `description` (the table or part of the form, the label, what
//! to write); keys are offered as snippets in the form's order. What no
//! schema can say is in `BEYOND_A_SCHEMA` of the agreement test.

use serde_json::{Map, Value, json};

use crate::form::{self, Field, FileSpec, Kind, Need, Shape};
use crate::load::scalar::{FLAG_WORDS, MAX_COUNT};

/// The folder of a report that holds the schemas.
pub const SCHEMA_DIR: &str = "schemas";

/// One YAML file's schema: the YAML file, the schema's file name, and the
/// schema as pretty-printed JSON.
pub struct FileSchema {
    pub yaml: &'static str,
    pub name: &'static str,
    pub json: String,
}

/// The schema of every YAML file of a report, in the order of the form.
pub fn all() -> Vec<FileSchema> {
    form::FILES.iter().map(|spec| file(spec)).collect()
}

/// The `# yaml-language-server: $schema=…` line for the YAML file `yaml`
/// (a path relative to the report folder), pointing at its schema in
/// `schemas/`.
pub fn modeline(yaml: &str, name: &str) -> String {
    let up = "../".repeat(yaml.matches('/').count());
    format!("# yaml-language-server: $schema={up}{SCHEMA_DIR}/{name}")
}

fn file(spec: &FileSpec) -> FileSchema {
    let mut root = object(spec.fields, "", &format!("{} 只能写这些键", spec.path));
    root.insert("$schema".into(), json!("http://json-schema.org/draft-07/schema#"));
    root.insert("title".into(), json!(format!("{}：{}", spec.path, spec.title)));
    root.insert(
        "description".into(),
        json!(format!(
            "山西省产业技术创新战略联盟考核及绩效评价报告 {}（{}）。由 alliance-report schema 生成。",
            spec.path, spec.title
        )),
    );
    let json = serde_json::to_string_pretty(&Value::Object(root)).expect("a schema serializes") + "\n";
    FileSchema { yaml: spec.path, name: spec.schema, json }
}

/// The schema of a mapping of `fields`, which stand in `place` (a table, a
/// part of the form; empty at the top of a file). `lead` starts the
/// message for a key it does not have, which lists the keys it has.
///
/// yaml-language-server shows one `errorMessage` for the mapping's wrong
/// keys and its wrong kind, so the message names the keys; a missing key has
/// a message of its own, one `required` each in `allOf`. Keys are offered
/// in the form's order, each with its label: as snippets ordered by
/// `sortText` (the server otherwise lists properties alphabetically, by key
/// alone), the properties themselves marked `doNotSuggest` so that each key
/// is offered once. A snippet is not offered for a key already written.
fn object(fields: &'static [Field], place: &str, lead: &str) -> Map<String, Value> {
    let keys: Vec<String> = fields.iter().map(|f| format!("{}（{}）", f.key, f.label)).collect();
    let properties: Map<String, Value> =
        fields.iter().map(|f| (f.key.to_owned(), property(f, place))).collect();
    let required: Vec<Value> = fields
        .iter()
        .filter(|f| f.need == Need::Required)
        .map(|f| {
            json!({
                "required": [f.key],
                "errorMessage": format!("缺少“{}”（{}）：{}", f.label, f.key, f.hint),
            })
        })
        .collect();
    let snippets: Vec<Value> = fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            json!({
                "label": format!("{}（{}）", f.key, f.label),
                "sortText": format!("{i:02}"),
                "description": help(f, place),
                "body": { f.key: snippet(f) },
            })
        })
        .collect();
    let mut map = Map::new();
    map.insert("type".into(), json!("object"));
    map.insert("properties".into(), Value::Object(properties));
    map.insert("additionalProperties".into(), json!(false));
    if !required.is_empty() {
        map.insert("allOf".into(), Value::Array(required));
    }
    map.insert("defaultSnippets".into(), Value::Array(snippets));
    map.insert("errorMessage".into(), json!(format!("{lead}，每个一行：{}", keys.join("、"))));
    map
}

/// What a key's snippet writes after the key: a place to type a value, a
/// list's first item, or for a group nothing (its keys are then offered in
/// their order; a body of its keys would come out sorted).
fn snippet(field: &'static Field) -> Value {
    match &field.kind {
        Kind::Rows(_) | Kind::Choices(_) | Kind::TextList | Kind::Pair(..) => json!(["$1"]),
        Kind::Group(_) => json!({}),
        _ => json!("$1"),
    }
}

/// The help of a field: where it stands (its table, its part of the form),
/// its label, what to write and the words it allows.
fn help(field: &'static Field, place: &str) -> String {
    let mut help = match place {
        "" => format!("“{}”一栏：{}", field.label, field.hint),
        place => format!("{place}，“{}”一栏：{}", field.label, field.hint),
    };
    let words = field.words();
    if !words.is_empty() {
        help.push_str(&format!("。可填：{}", words.join(" / ")));
    }
    help
}

/// The schema of one field in `place`, with its label, help and message.
fn property(field: &'static Field, place: &str) -> Value {
    let mut schema = value(field, place);
    schema.insert("title".into(), json!(field.label));
    schema.insert("description".into(), json!(help(field, place)));
    // Offered by the mapping's snippets, in the form's order.
    schema.insert("doNotSuggest".into(), json!(true));
    speak(&mut schema, &message(field));
    Value::Object(schema)
}

/// `message` as the `errorMessage` of `schema` and of the parts of it that
/// judge the same value or its items (`else`, `items`), where they have
/// none of their own (a row, a group).
fn speak(schema: &mut Map<String, Value>, message: &str) {
    schema.entry("errorMessage").or_insert_with(|| json!(message));
    for part in ["else", "items"] {
        match schema.get_mut(part) {
            Some(Value::Object(inner)) => speak(inner, message),
            Some(Value::Array(items)) => {
                for inner in items.iter_mut().filter_map(Value::as_object_mut) {
                    speak(inner, message);
                }
            }
            _ => {}
        }
    }
}

/// What yaml-language-server shows, instead of its English, when the value
/// of `field` is not one `check` reads: the rule, then the field's hint
/// unless it says the rule already.
fn message(field: &'static Field) -> String {
    let label = field.label;
    let words = field.words().join("、");
    let required = field.need == Need::Required;
    // (the rule, a word of it that a hint saying it contains)
    let (rule, said) = match &field.kind {
        Kind::Rows(_) => return format!("“{label}”要写成列表：每一项以“- ”开头；没有时写 []"),
        Kind::Choice(c) if !c.open => return format!("“{label}”可填：{words}"),
        Kind::Choices(_) if required => {
            return format!("“{label}”要写成列表，至少一项，每项是其中之一：{words}");
        }
        Kind::Choices(_) => return format!("“{label}”要写成列表，每项是其中之一：{words}"),
        Kind::TextList if required => ("要写成列表，至少一项，每行一个“- 内容”".to_owned(), None),
        Kind::TextList => ("要写成列表，每行一个“- 内容”".to_owned(), None),
        Kind::Amount => ("要写不带单位的非负数，最多两位小数".to_owned(), Some("两位小数")),
        Kind::Count => ("要写不带小数的非负整数".to_owned(), Some("整数")),
        Kind::Year => ("要写四位数的年份".to_owned(), Some("四位")),
        Kind::Flag => ("要写 true（是）或 false（否）".to_owned(), Some("true")),
        Kind::Number(n) => (format!("要写 1—{n} 中的一个数"), Some("序号")),
        Kind::Pair(first, second) => (format!("要写成两个数 [{first}数, {second}数]"), Some("两个数")),
        Kind::Format(shape) => (format!("不是有效的{}", shape.name()), None),
        Kind::Date => ("不是有效的日期".to_owned(), None),
        Kind::Text if required => ("不能空着，也不能只写“无”".to_owned(), None),
        _ => (String::new(), None),
    };
    match field.hint {
        "" => format!("“{label}”{rule}"),
        hint if said.is_some_and(|w| hint.contains(w)) => format!("“{label}”：{hint}"),
        hint if rule.is_empty() => format!("“{label}”：{hint}"),
        hint => format!("“{label}”{rule}：{hint}"),
    }
}

/// What the field holds, as one schema with no `anyOf`: yaml-language-server
/// shows the `errorMessage` of a branch only in some shapes, and joins the
/// titles of branches on hover. A value may be of several JSON types
/// (`type` lists them; `null` where leaving it empty is allowed); a
/// `pattern` judges it as a string, and what it must be as a number sits
/// in `if`, whose `else` refuses the number with the field's message (the
/// server's own messages for `minimum` or `multipleOf` are English).
fn value(field: &'static Field, place: &str) -> Map<String, Value> {
    let required = field.need == Need::Required;
    // (types, pattern of a string, what a number must be)
    let (types, pattern, number): (Vec<&str>, Option<String>, Option<Value>) = match &field.kind {
        Kind::Text if required => (vec!["string", "integer", "number"], Some(FILLED.to_owned()), None),
        Kind::Text => (vec!["string", "integer", "number"], None, None),
        Kind::Format(shape) => {
            let (pattern, numbers) = format(*shape);
            match numbers {
                Some((min, max)) => (
                    vec!["string", "integer"],
                    Some(full_width_too(pattern)),
                    Some(json!({ "minimum": min, "maximum": max })),
                ),
                None => (vec!["string"], Some(full_width_too(pattern)), None),
            }
        }
        // An unquoted year-month (2019.11) is a number to YAML readers.
        Kind::Date => (
            vec!["string", "number"],
            Some(full_width_too(DATE_PATTERN)),
            Some(json!({ "not": { "type": "integer" }, "minimum": 1900, "maximum": 2999.12 })),
        ),
        Kind::Count => (
            vec!["string", "integer"],
            Some(full_width_too(COUNT_PATTERN)),
            Some(json!({ "minimum": 0, "maximum": MAX_COUNT })),
        ),
        Kind::Amount => (
            vec!["string", "number"],
            Some(full_width_too(AMOUNT_PATTERN)),
            Some(json!({ "minimum": 0, "multipleOf": 0.01 })),
        ),
        Kind::Year => (
            vec!["string", "integer"],
            Some(full_width_too(r"^\s*[0-9]{4}\s*$")),
            Some(json!({ "minimum": 1000, "maximum": 9999 })),
        ),
        Kind::Flag => (vec!["boolean", "string"], Some(format!(r"^\s*({})\s*$", FLAG_WORDS.join("|"))), None),
        Kind::Number(n) => (
            vec!["string", "integer"],
            Some(full_width_too(&format!(r"^\s*[1-{n}]\s*$"))),
            Some(json!({ "minimum": 1, "maximum": n })),
        ),
        Kind::Choice(c) if c.open => {
            let mut schema = scalar(vec!["string", "integer", "number"], None, None, required);
            schema.insert("examples".into(), json!(c.words));
            return schema;
        }
        Kind::Choice(c) => {
            let mut words: Vec<Value> = c.words.iter().map(|w| json!(w)).collect();
            if !required {
                words.push(Value::Null);
            }
            let mut schema = Map::new();
            schema.insert("enum".into(), Value::Array(words));
            return schema;
        }
        Kind::Choices(words) => return list(json!({ "enum": words }), required.then(|| json!({})), required),
        Kind::TextList => {
            let item = json!({ "type": ["string", "integer", "number"] });
            let filled = json!({ "type": ["string", "integer", "number"], "pattern": FILLED });
            return list(item, required.then_some(filled), required);
        }
        Kind::Pair(..) => {
            // Two counts; a list of another length goes to `else`, which
            // no list meets.
            let count = Value::Object(value(&COUNT_FIELD, place));
            let mut pair = list(json!([count, count]), None, required);
            pair.insert("if".into(), json!({ "minItems": 2, "maxItems": 2 }));
            pair.insert("else".into(), json!({ "type": "null" }));
            return pair;
        }
        Kind::Group(fields) => {
            let place = match place {
                "" => field.label.to_owned(),
                place => format!("{place}，{}", field.label),
            };
            let mut group = object(fields, &place, &format!("“{}”下面只能写这些键", field.label));
            if !required {
                group.insert("type".into(), json!(["object", "null"]));
            }
            return group;
        }
        Kind::Rows(table) => {
            let place = match table.name.starts_with('表') {
                true => format!("{} {}", table.name, table.title),
                false => format!("{}、{}", table.name, table.title),
            };
            let row = object(table.fields, &place, &format!("{}的每一行只能写这些键", place));
            // No snippet of a whole row: the server writes a body's keys
            // sorted, and a text body inside `[ ]` after a `- `.
            return list(Value::Object(row), None, required);
        }
    };
    scalar(types, pattern, number, required)
}

/// A scalar of `types` (and `null` unless `required`): a string matching
/// `pattern`, a number meeting `number`.
fn scalar(
    mut types: Vec<&str>,
    pattern: Option<String>,
    number: Option<Value>,
    required: bool,
) -> Map<String, Value> {
    if !required {
        types.push("null");
    }
    let mut schema = Map::new();
    if let Some(number) = number {
        let other: Vec<&str> =
            types.iter().copied().filter(|t| !matches!(*t, "integer" | "number")).collect();
        schema.insert("if".into(), number);
        schema.insert("else".into(), json!({ "type": other }));
    }
    schema.insert("type".into(), json!(types));
    if let Some(pattern) = pattern {
        schema.insert("pattern".into(), json!(pattern));
    }
    schema
}

/// A list of `item`s, with one item that matches `one` when it must have
/// one: `contains` speaks with the list's message, `minItems` would not.
fn list(item: Value, one: Option<Value>, required: bool) -> Map<String, Value> {
    let mut schema = Map::new();
    schema.insert("type".into(), if required { json!("array") } else { json!(["array", "null"]) });
    schema.insert("items".into(), item);
    if let Some(one) = one {
        schema.insert("contains".into(), one);
    }
    schema
}

/// A count as each cell of a [`Kind::Pair`] holds it.
const COUNT_FIELD: Field = form::f("count", "数量", Kind::Count, Need::Required, "");

/// A text with something in it other than 无 (`check` trims it first).
const FILLED: &str = r"[^\s无]|无[\s\S]*无";

/// A count as digits.
const COUNT_PATTERN: &str = r"^\s*0*[0-9]{1,9}\s*$";

/// An amount as `model::Amount` reads it: digits (with thousands
/// separators), and at most two decimals.
const AMOUNT_PATTERN: &str = r"^\s*[0-9][0-9,，]*(\.[0-9]{0,2})?\s*$";

/// A date as `model::Date` reads it: 2023-03-15, 2023-03, 2023年3月15日,
/// 2023.3, 2023/3/15; a year from 1900 to 2999, a month from 1 to 12 and a
/// day from 1 to 31, each with any leading zeros. After the month, a day
/// only after a separator (else 2021-13 would read as 2021-1-3).
const DATE_PATTERN: &str = concat!(
    r"^\s*(19|2[0-9])[0-9]{2}\s*[-./年]\s*0*([1-9]|1[0-2])\s*",
    r"(月\s*([-./]\s*)?(0*([1-9]|[12][0-9]|3[01])\s*日?\s*)?",
    r"|[-./]\s*0*([1-9]|[12][0-9]|3[01])\s*日?\s*)?$"
);

/// One or more phone numbers, as `check::formats::phone` reads them:
/// mobiles (+86, grouped 3-4-4) and landlines with their area code (010,
/// 02x, 0xxx, in brackets or with a hyphen), a 7–8 digit local number and an
/// optional extension; several separated by 、，；/.
const PHONES: &str = concat!(
    r"^\s*(",
    r"(\+?86[ -]?)?1[3-9][0-9]([ -]?[0-9]){8}",
    r"|(0[0-9]{2,3}[ -]?|[(（]0[0-9]{2,3}[)）] ?)[2-9][0-9]{6,7}(([-－]|转|#|分机)[0-9]{1,6})?",
    r")(\s*[、,，;；/]\s*(",
    r"(\+?86[ -]?)?1[3-9][0-9]([ -]?[0-9]){8}",
    r"|(0[0-9]{2,3}[ -]?|[(（]0[0-9]{2,3}[)）] ?)[2-9][0-9]{6,7}(([-－]|转|#|分机)[0-9]{1,6})?",
    r"))*\s*$"
);

/// A shaped text's pattern, and the numbers that can be one when it is
/// written unquoted (which YAML 1.2 readers see as a number).
fn format(shape: Shape) -> (&'static str, Option<(u64, u64)>) {
    match shape {
        Shape::Postcode => (r"^\s*[0-9]{6}\s*$", Some((100_000, 999_999))),
        Shape::Mobile => {
            (r"^\s*(\+?86[ -]?)?1[3-9][0-9]( ?-?[0-9]){8}\s*$", Some((13_000_000_000, 19_999_999_999)))
        }
        Shape::Phone => (PHONES, Some((13_000_000_000, 19_999_999_999))),
        Shape::Email => (r"^\s*[^@\s]+@[^@\s]+\.[A-Za-z]{2,}\s*$", None),
        Shape::CreditCode => (
            r"^\s*([0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}|[0-9A-Z]{8}-?[0-9X])\s*$",
            Some((100_000_000_000_000_000, 999_999_999_999_999_999)),
        ),
    }
}

/// `pattern`, also matching what `check` reads as the same value when it
/// is typed with full-width forms (`load::scalar::half_width`): each ASCII
/// character it names, literally or in a class, also as its full-width
/// form (U+FF01–U+FF5E), and a space also as U+3000. Quantifiers and
/// escapes such as `\s` stay as they are.
fn full_width_too(pattern: &str) -> String {
    let wide = |c: char| match c {
        '!'..='~' => char::from_u32(c as u32 + 0xFEE0),
        ' ' => Some('\u{3000}'),
        _ => None,
    };
    let mut out = String::with_capacity(pattern.len() * 2);
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(e) = chars.next() else { break };
                let literal = !e.is_ascii_alphanumeric();
                match (literal, in_class, wide(e)) {
                    (true, false, Some(w)) => out.extend(['[', '\\', e, w, ']']),
                    (true, true, Some(w)) => out.extend(['\\', e, w]),
                    _ => out.extend(['\\', e]),
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    out.push(chars.next().unwrap_or('^'));
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '{' if !in_class => {
                // A quantifier: its digits are counts, not characters.
                out.push('{');
                for q in chars.by_ref() {
                    out.push(q);
                    if q == '}' {
                        break;
                    }
                }
            }
            c if in_class => {
                let range_end = if chars.peek() == Some(&'-') {
                    let mut ahead = chars.clone();
                    ahead.next();
                    ahead.next().filter(|&e| e != ']')
                } else {
                    None
                };
                match (range_end, wide(c)) {
                    (Some(end), Some(w)) => {
                        chars.next();
                        chars.next();
                        out.extend([c, '-', end]);
                        if let Some(we) = wide(end) {
                            out.extend([w, '-', we]);
                        }
                    }
                    (Some(end), None) => {
                        chars.next();
                        chars.next();
                        out.extend([c, '-', end]);
                    }
                    // A literal hyphen, escaped: next to the added
                    // characters it would make a range.
                    (None, Some(w)) if c == '-' => out.extend(['\\', '-', w]),
                    (None, Some(w)) => out.extend([c, w]),
                    (None, None) => out.push(c),
                }
            }
            '(' | ')' | '|' | '?' | '*' | '+' | '^' | '$' | '.' => out.push(c),
            c => match wide(c) {
                Some(w) => out.extend(['[', c, w, ']']),
                None => out.push(c),
            },
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_also_matches_the_value_typed_full_width() {
        assert_eq!(full_width_too(r"^\s*0*[0-9]{1,9}\s*$"), r"^\s*[0０]*[0-9０-９]{1,9}\s*$");
        assert_eq!(
            full_width_too(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}"),
            r"[^@＠\s]+[@＠][^@＠\s]+[\.．][A-ZＡ-Ｚa-zａ-ｚ]{2,}"
        );
        assert_eq!(full_width_too(r"(\+?86[ -]?)?1[-－]"), r"([\+＋]?[8８][6６][ 　\-－]?)?[1１][\-－－]");
        assert_eq!(full_width_too("[0-9X]年"), "[0-9０-９XＸ]年");
    }

    #[test]
    fn modelines_point_into_the_schema_folder() {
        assert_eq!(
            modeline("report.yaml", "report.schema.json"),
            "# yaml-language-server: $schema=schemas/report.schema.json"
        );
        assert_eq!(
            modeline("tables/projects.yaml", "projects.schema.json"),
            "# yaml-language-server: $schema=../schemas/projects.schema.json"
        );
    }

    /// The schema of `key` in a row of the table of file `file` of [`all`].
    fn row_field(file: usize, key: &str) -> Value {
        let schema: Value = serde_json::from_str(&all()[file].json).unwrap();
        let rows = schema["properties"].as_object().unwrap().values().next().unwrap().clone();
        rows["items"]["properties"][key].clone()
    }

    fn validator(schema: &Value) -> jsonschema::Validator {
        jsonschema::validator_for(schema).expect("the schema compiles")
    }

    #[test]
    fn dates_refuse_month_13_and_day_32() {
        let started = validator(&row_field(2, "started"));
        for good in [
            "2021-12-31",
            "2021-12",
            "2021-1-3",
            "2023年3月15日",
            "2023年3月",
            "2023.3",
            "2023/03/05",
            " 2021-09 ",
        ] {
            assert!(started.is_valid(&json!(good)), "{good}");
        }
        for bad in ["2021-13", "2021-13-01", "2021-02-32", "2021-00", "2021-02-00", "1899-12", "2021", "三月"]
        {
            assert!(!started.is_valid(&json!(bad)), "{bad}");
        }
        assert!(started.is_valid(&json!(2019.11)), "a year-month unquoted");
        assert!(!started.is_valid(&json!(2019)), "a year alone");
    }

    #[test]
    fn the_date_pattern_accepts_what_check_reads_but_the_calendar() {
        let started = validator(&row_field(2, "started"));
        for year in [1899, 1900, 2024, 2999, 3000] {
            for month in 0..=13 {
                for day in [None, Some(0), Some(1), Some(9), Some(29), Some(30), Some(31), Some(32)] {
                    let written = match day {
                        None => vec![
                            format!("{year}-{month:02}"),
                            format!("{year}.{month}"),
                            format!("{year}年{month}月"),
                        ],
                        Some(d) => vec![
                            format!("{year}-{month:02}-{d:02}"),
                            format!("{year}年{month}月{d}日"),
                            format!("{year}/{month}/{d}"),
                        ],
                    };
                    for text in written {
                        // `check` also refuses 30 February; a pattern cannot.
                        let calendar_only = day.is_some_and(|d| (29..=31).contains(&d))
                            && (1..=12).contains(&month)
                            && (1900..=2999).contains(&year);
                        let read = text.parse::<crate::model::Date>().is_ok() || calendar_only;
                        assert_eq!(started.is_valid(&json!(text)), read, "{text}");
                    }
                }
            }
        }
    }

    #[test]
    fn amounts_have_at_most_two_decimals() {
        let total = validator(&row_field(2, "total_investment"));
        for good in [
            json!(2860),
            json!(2860.12),
            json!(0.07),
            json!(0.29),
            json!(0),
            json!("2860.12"),
            json!("1,200.5"),
        ] {
            assert!(total.is_valid(&good), "{good}");
        }
        for bad in [json!(2860.125), json!("2860.125"), json!(-3), json!("两千"), json!(true), json!(null)]
        {
            assert!(!total.is_valid(&bad), "{bad}");
        }
    }

    /// Every schema in `schema` whose failing shows: not those of `if` (it
    /// chooses a branch) or `contains` (the list speaks for it).
    fn judged(schema: &Value, found: &mut Vec<Map<String, Value>>) {
        let Value::Object(map) = schema else { return };
        found.push(map.clone());
        for (k, v) in map {
            match (k.as_str(), v) {
                ("if" | "contains" | "defaultSnippets", _) => {}
                ("properties", Value::Object(properties)) => {
                    properties.values().for_each(|p| judged(p, found))
                }
                (_, Value::Array(items)) => items.iter().for_each(|v| judged(v, found)),
                _ => judged(v, found),
            }
        }
    }

    #[test]
    fn every_rule_speaks_through_an_error_message() {
        // yaml-language-server 1.25 shows `errorMessage` for these keywords,
        // its own English for the others, and only one branch of `anyOf`.
        let speaking = ["type", "enum", "pattern", "contains", "required", "additionalProperties"];
        let english = [
            "anyOf",
            "oneOf",
            "not",
            "minimum",
            "maximum",
            "multipleOf",
            "minItems",
            "maxItems",
            "minLength",
        ];
        for s in all() {
            let mut found = Vec::new();
            judged(&serde_json::from_str(&s.json).unwrap(), &mut found);
            for map in found {
                let keys: Vec<&String> = map.keys().collect();
                assert!(!english.iter().any(|k| map.contains_key(*k)), "{}: {keys:?} speaks English", s.name);
                if speaking.iter().any(|k| map.contains_key(*k)) {
                    assert!(
                        map.get("errorMessage").is_some_and(|m| m.is_string()),
                        "{}: {keys:?} has no message",
                        s.name
                    );
                }
            }
        }
    }

    #[test]
    fn each_column_has_its_own_help_naming_its_table() {
        let name = row_field(2, "name");
        let lead = row_field(2, "lead_unit");
        assert_ne!(name["description"], lead["description"]);
        for (field, label) in [(&name, "项目名称"), (&lead, "牵头单位")] {
            let help = field["description"].as_str().unwrap();
            assert!(help.contains("表1 技术合作创新项目一览表") && help.contains(label), "{help}");
            assert_ne!(field["title"], field["description"], "the hover would say it twice");
        }
    }

    #[test]
    fn keys_are_offered_in_the_form_s_order_once() {
        let schema: Value = serde_json::from_str(&all()[2].json).unwrap();
        let row = &schema["properties"]["projects"]["items"];
        let offered: Vec<&str> = row["defaultSnippets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["label"].as_str().unwrap().split('（').next().unwrap())
            .collect();
        let order: Vec<&str> = crate::form::PROJECTS.fields.iter().map(|f| f.key).collect();
        assert_eq!(offered, order);
        let sort: Vec<&str> = row["defaultSnippets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["sortText"].as_str().unwrap())
            .collect();
        assert!(sort.is_sorted(), "{sort:?}");
        assert!(row["properties"].as_object().unwrap().values().all(|p| p["doNotSuggest"] == true));
    }

    #[test]
    fn properties_carry_labels_and_allowed_values() {
        let schemas = all();
        let projects: Value = serde_json::from_str(&schemas[2].json).unwrap();
        let item = &projects["properties"]["projects"]["items"]["properties"];
        assert_eq!(item["name"]["title"], "项目名称");
        let status = item["status"]["description"].as_str().unwrap();
        assert!(status.contains("可填：在研 / 完成"), "{status}");
        assert_eq!(item["status"]["enum"], json!(["在研", "完成"]));
        let messages = serde_json::to_string(&projects).unwrap();
        assert!(!messages.contains("String does not match"), "English in the schema");
    }
}
