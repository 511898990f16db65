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
//! (`030025`) is an integer the pattern of a code does not admit. Every
//! property has its Chinese `title` and `description`, and an
//! `errorMessage` in Chinese, which yaml-language-server shows instead of
//! its own English.

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
    let mut root = object(spec.fields);
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

/// The schema of a mapping of `fields`.
fn object(fields: &'static [Field]) -> Map<String, Value> {
    let keys: Vec<&str> = fields.iter().map(|f| f.key).collect();
    let properties: Map<String, Value> = fields.iter().map(|f| (f.key.to_owned(), property(f))).collect();
    let required: Vec<&str> = fields.iter().filter(|f| f.need == Need::Required).map(|f| f.key).collect();
    let mut map = Map::new();
    map.insert("type".into(), json!("object"));
    map.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        map.insert("required".into(), json!(required));
    }
    map.insert(
        "additionalProperties".into(),
        json!({ "not": {}, "errorMessage": format!("不认识的键。这里可以用的键：{}", keys.join("、")) }),
    );
    map
}

/// The schema of one field, with its label, description and message.
fn property(field: &'static Field) -> Value {
    let mut schema = match value(field) {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    let words = field.words();
    let mut description = field.hint.to_owned();
    if !words.is_empty() {
        description.push_str(&format!("。可填：{}", words.join(" / ")));
    }
    schema.insert("title".into(), json!(field.label));
    schema.insert("description".into(), json!(description));
    let message = match &field.kind {
        Kind::Group(fields) => format!(
            "“{}”下面要分行写各项（{}），不能直接写文字",
            field.label,
            fields.iter().map(|f| f.key).collect::<Vec<_>>().join("、")
        ),
        Kind::Rows(_) => format!("“{}”要写成列表：每一项以“- ”开头；没有时写 []", field.label),
        Kind::Choice(c) if !c.open => format!("“{}”可填：{}", field.label, words.join("、")),
        _ => format!("“{}”：{}", field.label, field.hint),
    };
    schema.insert("errorMessage".into(), json!(message));
    Value::Object(schema)
}

/// What the field holds; `null` allowed where leaving it empty is.
fn value(field: &'static Field) -> Value {
    let required = field.need == Need::Required;
    let schema = match &field.kind {
        Kind::Text => {
            if required {
                json!({ "anyOf": [filled_string(), { "type": ["integer", "number"] }] })
            } else {
                json!({ "type": ["string", "integer", "number"] })
            }
        }
        Kind::Format(shape) => format(*shape),
        Kind::Date => json!({
            "anyOf": [
                { "type": "string", "pattern": full_width_too(DATE_PATTERN) },
                { "type": "number", "minimum": 1900, "maximum": 3000 },
            ]
        }),
        Kind::Count => count(),
        Kind::Amount => json!({
            "anyOf": [
                { "type": "number", "minimum": 0 },
                { "type": "string", "pattern": full_width_too(r"^\s*[0-9][0-9,，]*(\.[0-9]{1,2})?\s*$") },
            ]
        }),
        Kind::Year => json!({
            "anyOf": [
                { "type": "integer", "minimum": 1000, "maximum": 9999 },
                { "type": "string", "pattern": full_width_too(r"^\s*[0-9]{4}\s*$") },
            ]
        }),
        Kind::Flag => json!({ "anyOf": [{ "type": "boolean" }, { "enum": FLAG_WORDS }] }),
        Kind::Number(n) => json!({
            "anyOf": [
                { "type": "integer", "minimum": 1, "maximum": n },
                { "type": "string", "pattern": full_width_too(&format!(r"^\s*[1-{n}]\s*$")) },
            ]
        }),
        Kind::Choice(c) if c.open => json!({ "type": ["string", "integer", "number"], "examples": c.words }),
        Kind::Choice(c) => json!({ "enum": c.words }),
        Kind::Choices(words) => {
            let mut s = json!({ "type": "array", "items": { "enum": words } });
            if required {
                s["minItems"] = json!(1);
            }
            s
        }
        Kind::TextList => {
            let mut s = json!({ "type": "array", "items": { "type": ["string", "integer", "number"] } });
            if required {
                s["contains"] = json!({ "anyOf": [filled_string(), { "type": ["integer", "number"] }] });
            }
            s
        }
        Kind::Pair(..) => json!({
            "type": "array",
            "items": count(),
            "minItems": 2,
            "maxItems": 2,
        }),
        Kind::Group(fields) => Value::Object(object(fields)),
        Kind::Rows(table) => json!({ "type": "array", "items": Value::Object(object(table.fields)) }),
    };
    if required { schema } else { nullable(schema) }
}

/// A count, as an integer or as digits.
fn count() -> Value {
    json!({
        "anyOf": [
            { "type": "integer", "minimum": 0, "maximum": MAX_COUNT },
            { "type": "string", "pattern": full_width_too(r"^\s*0*[0-9]{1,9}\s*$") },
        ]
    })
}

/// A string with something in it other than 无.
fn filled_string() -> Value {
    json!({ "type": "string", "pattern": r"\S", "not": { "pattern": r"^\s*无\s*$" } })
}

/// `schema`, or nothing (`null`).
fn nullable(schema: Value) -> Value {
    json!({ "anyOf": [{ "type": "null" }, schema] })
}

/// A date as `check` reads it: 2023-03-15, 2023-03, 2023年3月15日, 2023.3,
/// 2023/3/15, a month from 1 to 12 and a day from 1 to 31.
const DATE_PATTERN: &str =
    r"^\s*[0-9]{4}\s*[-./年]\s*(0?[1-9]|1[0-2])\s*(月\s*)?([-./]\s*)?((0?[1-9]|[12][0-9]|3[01])\s*日?)?\s*$";

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

/// A shaped text: as a string, its pattern; as an unquoted number (which
/// YAML 1.2 readers see), the numbers that can be one.
fn format(shape: Shape) -> Value {
    let (pattern, numbers): (&str, Option<(u64, u64)>) = match shape {
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
    };
    let string = json!({ "type": "string", "pattern": full_width_too(pattern) });
    match numbers {
        Some((min, max)) => {
            json!({ "anyOf": [string, { "type": "integer", "minimum": min, "maximum": max }] })
        }
        None => string,
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
