//! Where the cursor stands in a YAML file of the report, by the catalogue:
//! on a key of some mapping (which fields could stand there) or in the
//! value of a field. Read from the lines' indentation, not from the YAML
//! parser: a file being typed is half-written at every keystroke, and the
//! lines above the cursor still say where it is.

use std::ops::Range;

use crate::form::{self, Field, FileSpec, Kind, Table};

/// What the cursor is on.
#[derive(Debug, Clone)]
pub enum Place {
    /// A key (or where one would be typed) of a mapping with `fields`.
    Key { fields: &'static [Field], table: Option<&'static Table>, word: Range<usize> },
    /// The value of `field`, or an item of its list.
    Value { field: &'static Field, table: Option<&'static Table>, word: Range<usize> },
}

impl Place {
    /// The bytes of the word under the cursor, in the file's text.
    pub fn word(&self) -> Range<usize> {
        match self {
            Place::Key { word, .. } | Place::Value { word, .. } => word.clone(),
        }
    }
}

/// The file spec of the report file `rel`.
pub fn spec(rel: &str) -> Option<&'static FileSpec> {
    form::FILES.into_iter().find(|f| f.path == rel)
}

/// One line of YAML, as far as its shape goes.
struct Line<'a> {
    /// Where its key (or its item's text) begins, after indentation and `- `.
    at: usize,
    /// Whether an item marker `- ` stands before `at`.
    dash: bool,
    /// The key, when the line has one (`key:` or `key: value`).
    key: Option<&'a str>,
    /// Where the value begins, after `key:`.
    value_at: usize,
}

fn shape(line: &str) -> Line<'_> {
    let mut at = line.len() - line.trim_start_matches(' ').len();
    let mut dash = false;
    while line[at..].starts_with("- ") || &line[at..] == "-" {
        dash = true;
        at += 1;
        at += line[at..].len() - line[at..].trim_start_matches(' ').len();
    }
    let body = &line[at..];
    let colon = body.match_indices(':').map(|(i, _)| i).find(|&i| {
        let after = &body[i + 1..];
        after.is_empty() || after.starts_with([' ', '\t'])
    });
    let key = colon
        .filter(|_| !body.starts_with(['#', '[', '{', '"', '\'']) || body.starts_with(['"', '\'']))
        .map(|i| body[..i].trim().trim_matches(['"', '\'']));
    let value_at = colon.map_or(at, |i| at + i + 1);
    Line { at, dash, key, value_at }
}

fn is_blank(line: &str) -> bool {
    let t = line.trim_start();
    t.is_empty() || t.starts_with('#')
}

/// The keys of the mappings that hold line `index`, outermost first, for
/// a key (or item) at column `at`.
fn parents<'a>(lines: &[&'a str], index: usize, mut at: usize) -> Vec<&'a str> {
    let mut keys = Vec::new();
    for line in lines[..index].iter().rev() {
        if at == 0 {
            break;
        }
        if is_blank(line) {
            continue;
        }
        let above = shape(line);
        if above.at < at {
            let after = line[above.value_at..].trim().trim_start_matches(['|', '>']).trim_start();
            if let Some(key) = above.key
                && (after.is_empty() || after.starts_with('#'))
            {
                keys.push(key);
            }
            at = above.at;
        }
    }
    keys.reverse();
    keys
}

/// The mapping the keys `path` lead to in `spec`: its fields, the table it
/// is a row of, and the last field when it holds no mapping (a list).
fn resolve(
    spec: &'static FileSpec,
    path: &[&str],
) -> Option<(&'static [Field], Option<&'static Table>, Option<&'static Field>)> {
    let mut fields = spec.fields;
    let mut table = None;
    for (i, key) in path.iter().enumerate() {
        let field = fields.iter().find(|f| f.key == *key)?;
        match field.kind {
            Kind::Rows(t) => {
                table = Some(t);
                fields = t.fields;
            }
            Kind::Group(children) => fields = children,
            _ if i + 1 == path.len() => return Some((fields, table, Some(field))),
            _ => return None,
        }
    }
    Some((fields, table, None))
}

/// The word around byte `cursor` of `line` (starting at byte `base` of the
/// file), up to YAML's punctuation.
fn word(line: &str, base: usize, cursor: usize, from: usize) -> Range<usize> {
    let stop = |c: char| matches!(c, '[' | ']' | ',' | '{' | '}' | '#') || c == ':';
    let start = line[from..cursor].rfind(stop).map_or(from, |i| from + i + 1);
    let start = start + line[start..cursor].len() - line[start..cursor].trim_start().len();
    let end = line[cursor..].find(stop).map_or(line.len(), |i| cursor + i);
    let end = (start + line[start..end].trim_end().len()).max(cursor);
    base + start..base + end
}

/// Where byte `cursor` of `text`, the file `rel`, stands.
pub fn place(rel: &str, text: &str, cursor: usize) -> Option<Place> {
    let spec = spec(rel)?;
    let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
    let index = text[..cursor.min(text.len())].matches('\n').count();
    let base = super::position::line_start(text, index)?;
    let line = lines.get(index).copied().unwrap_or_default();
    let column = (cursor - base).min(line.len());
    let here = shape(line);
    let path = parents(&lines, index, here.at);
    let (fields, table, list) = resolve(spec, &path)?;
    if let Some(key) = here.key
        && column >= here.value_at
    {
        let field = fields.iter().find(|f| f.key == key)?;
        let from = here.value_at;
        return Some(Place::Value { field, table, word: word(line, base, column, from) });
    }
    let from = here.at.min(column);
    let word = word(line, base, column, from);
    match list {
        Some(field) if here.dash || here.key.is_none() => Some(Place::Value { field, table, word }),
        Some(_) => None,
        None => Some(Place::Key { fields, table, word }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(rel: &str, text: &str) -> Option<Place> {
        let cursor = text.find('|').unwrap();
        place(rel, &text.replace('|', ""), cursor)
    }

    #[test]
    fn a_key_in_a_row_is_one_of_the_tables_fields() {
        let text = "members:\n  - name: 甲\n    ty|\n";
        let Some(Place::Key { fields, table, word }) = at("members.yaml", text) else { panic!() };
        assert_eq!(table.map(|t| t.name), Some("五"));
        assert!(fields.iter().any(|f| f.key == "type"));
        assert_eq!(&text.replace('|', "")[word], "ty");
    }

    #[test]
    fn an_item_of_a_list_is_the_value_of_its_field() {
        let text = "items:\n  - kind: 1\n    files:\n      - evidence/|\n";
        let Some(Place::Value { field, .. }) = at("evidence/evidence.yaml", text) else { panic!() };
        assert_eq!(field.key, "files");
        let text = "items:\n  - kind: 1\n    files: [evidence/a.pdf, ev|]\n";
        let Some(Place::Value { field, word, .. }) = at("evidence/evidence.yaml", text) else { panic!() };
        assert_eq!((field.key, &text.replace('|', "")[word]), ("files", "ev"));
    }

    #[test]
    fn a_value_after_a_key_is_that_fields() {
        let text = "members:\n  - name: 甲\n    type: 企|\n";
        let Some(Place::Value { field, word, .. }) = at("members.yaml", text) else { panic!() };
        assert_eq!((field.key, &text.replace('|', "")[word]), ("type", "企"));
        assert!(at("notes.txt", text).is_none());
    }
}
