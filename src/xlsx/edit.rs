//! Editing a table's YAML as text, for `xlsx import`: each change of the
//! merge's [`Plan`](super::merge::Plan) replaces a value at the span load
//! recorded, adds a key, removes a row or appends new rows in the existing
//! rows' style, so every comment and every untouched line stays as it was.
//! For every line it writes, the editor remembers the workbook cell the
//! value came from, so a problem `check` finds there is the cell's.

use anyhow::{Result, bail};

use super::merge::{Change, Origin};
use super::read::{Cell, Row};
use crate::form::{FileSpec, Kind, Shape, Table};
use crate::model::Record;

/// How the existing rows are written: where the dash and the keys stand,
/// blank lines between rows, lists in flow or block style per key.
pub struct Style {
    dash: usize,
    blank_between: bool,
    /// Each list key's style in the existing rows: true for flow.
    lists: Vec<(&'static str, bool)>,
    /// The keys whose values the existing rows put in quotes.
    quoted: Vec<&'static str>,
}

impl Style {
    pub fn of(text: &str, rows: &[Record]) -> Style {
        let column = |at: usize| text[..at].rsplit('\n').next().map_or(0, |l| l.chars().count());
        let dash = rows.first().map_or(2, |r| column(r.at.start).saturating_sub(2));
        let blank_between = rows.get(1).is_some_and(|second| {
            let before = &text[..second.at.start];
            let mut lines = before.rsplit('\n');
            lines.next();
            lines.next().is_some_and(|l| l.trim().is_empty())
        });
        let mut lists = Vec::new();
        let mut quoted = Vec::new();
        for row in rows {
            for (field, slot) in row.fields.iter().zip(&row.slots) {
                if slot.value.is_some()
                    && text[slot.span.start..].starts_with('"')
                    && !quoted.contains(&field.key)
                {
                    quoted.push(field.key);
                }
                if matches!(field.kind, Kind::TextList)
                    && slot.value.is_some()
                    && !lists.iter().any(|(k, _)| *k == field.key)
                {
                    lists.push((field.key, text[slot.span.start..].starts_with('[')));
                }
            }
        }
        Style { dash, blank_between, lists, quoted }
    }

    /// Whether a list of `key` is written in flow style (`[a, b]`): as the
    /// existing rows write it; where none does, one per line for
    /// 主要合作单位 (as `init`'s comment asks), in brackets otherwise.
    fn flow(&self, key: &str) -> bool {
        self.lists.iter().find(|(k, _)| *k == key).map_or(key != "partners", |(_, flow)| *flow)
    }
}

/// The edits of one file: replacements at byte ranges, applied at the end
/// back to front. A replacement: the byte range, the new text, and for
/// lines of it the (line in it, the cell the value came from, field).
type Edit = (usize, usize, String, Vec<Mark>);
type Mark = (usize, Origin, &'static str);

pub struct Editor {
    text: String,
    edits: Vec<Edit>,
}

pub struct Finished {
    pub text: String,
    /// (1-based line in the new text, the cell its value came from, the
    /// field).
    pub lines: Vec<(usize, Origin, &'static str)>,
}

impl Editor {
    pub fn new(text: String) -> Editor {
        Editor { text, edits: Vec::new() }
    }

    /// Sets each field of `record` that `changes` names: a value replaces
    /// the value (a list's items the items, at their indent), a key
    /// without a value gets one, a missing key is added after the row's
    /// last line, and no value empties the key.
    pub fn update(&mut self, table: &Table, record: &Record, changes: &[Change], style: &Style) {
        let key_indent = style.dash + 2;
        // Where a new key goes: after the row's last line.
        let last_end = last_value_end(&self.text, record);
        let insert_at = self.text[last_end..].find('\n').map_or(self.text.len(), |i| last_end + i + 1);
        let mut inserted = String::new();
        let mut inserted_marks = Vec::new();
        for field in table.fields {
            let Some(change) = changes.iter().find(|c| c.field == field.key) else { continue };
            let mark = |line: usize| (line, change.origin.clone(), field.key);
            let mut slot = record.slot(field.key).clone();
            slot.span.end = value_end(&self.text, record, field.key);
            let colon_after = |at: usize| self.text[at..].find(':').map_or(at, |i| at + i + 1);
            let Some(cell) = &change.value else {
                // Emptied: the key stays, without its value (a null).
                if let (Some(key), Some(_)) = (slot.key, &slot.value) {
                    let colon = colon_after(key.end);
                    self.edits.push((colon, slot.span.end, String::new(), vec![mark(0)]));
                }
                continue;
            };
            let block_list = slot.value.is_some() && self.text[slot.span.start..].starts_with('-');
            match (slot.key, &slot.value) {
                (Some(_), Some(_)) if block_list && matches!(cell, Cell::List(_)) => {
                    // The items replace the items, at their indent; the
                    // key's line (and its comment) stays.
                    let Cell::List(items) = cell else { unreachable!() };
                    let indent =
                        self.text[..slot.span.start].rsplit('\n').next().map_or(0, |l| l.chars().count());
                    let lines: Vec<String> =
                        items.iter().map(|i| format!("- {}", plain_or_quoted(i, false))).collect();
                    let value = lines.join(&format!("\n{}", " ".repeat(indent)));
                    let marks = (0..lines.len()).map(mark).collect();
                    self.edits.push((slot.span.start, slot.span.end, value, marks));
                }
                (Some(key), Some(_)) if block_list => {
                    // A list becomes a text: after the key, in place of
                    // the items.
                    let colon = colon_after(key.end);
                    let value = value_text(&field.kind, cell, key_indent, style, field.key);
                    let lines = value.matches('\n').count();
                    self.edits.push((colon, slot.span.end, value, (0..=lines).map(mark).collect()));
                }
                (Some(_), Some(_)) => {
                    let value = match cell {
                        Cell::Text(t) if self.text[slot.span.start..].starts_with('"') => quoted(t),
                        _ => scalar(&field.kind, cell),
                    };
                    self.edits.push((slot.span.start, slot.span.end, value, vec![mark(0)]));
                }
                (Some(key), None) => {
                    let value = value_text(&field.kind, cell, key_indent, style, field.key);
                    let colon = colon_after(key.end);
                    let lines = value.matches('\n').count();
                    self.edits.push((colon, colon, value, (0..=lines).map(mark).collect()));
                }
                (None, _) => {
                    let line = format!(
                        "{}{}:{}\n",
                        " ".repeat(key_indent),
                        field.key,
                        value_text(&field.kind, cell, key_indent, style, field.key)
                    );
                    let before = inserted.matches('\n').count();
                    for l in 0..line.matches('\n').count() {
                        inserted_marks.push(mark(before + l));
                    }
                    inserted.push_str(&line);
                }
            }
        }
        if !inserted.is_empty() {
            self.edits.push((insert_at, insert_at, inserted, inserted_marks));
        }
    }

    /// Removes the existing rows not `kept`: each from its line to the next
    /// row's (the last with the blank line before it). When none is kept
    /// and none is added, the list becomes `[]`.
    pub fn remove(
        &mut self,
        text: &str,
        spec: &'static FileSpec,
        table: &Table,
        existing: &[Record],
        kept: &[bool],
        adding: bool,
    ) {
        let line_start = |at: usize| text[..at].rfind('\n').map_or(0, |i| i + 1);
        let row_end = |r: &Record| {
            let end = last_value_end(text, r);
            text[end..].find('\n').map_or(text.len(), |i| end + i + 1)
        };
        if !adding && !kept.iter().any(|k| *k) {
            let Some(last) = existing.last() else { return };
            let (root, _) = crate::load::read_file(spec, text);
            let Some(key) = root.as_ref().and_then(|r| r.slot(table.key).key) else { return };
            let colon = text[key.end..].find(':').map_or(key.end, |i| key.end + i + 1);
            self.edits.push((colon, row_end(last), " []\n".to_owned(), Vec::new()));
            return;
        }
        let mut regions: Vec<(usize, usize)> = Vec::new();
        for (i, record) in existing.iter().enumerate() {
            if kept[i] {
                continue;
            }
            let start = line_start(record.at.start);
            let end = match existing.get(i + 1) {
                Some(next) => line_start(next.at.start),
                None => row_end(record),
            };
            // The last row: the blank line before it goes with it.
            let start =
                if i + 1 == existing.len() && text[..start].ends_with("\n\n") { start - 1 } else { start };
            // Neighbouring rows go as one region (edits must not overlap).
            match regions.last_mut() {
                Some(last) if last.1 >= start => last.1 = last.1.max(end),
                _ => regions.push((start, end)),
            }
        }
        for (start, end) in regions {
            self.edits.push((start, end, String::new(), Vec::new()));
        }
    }

    /// Adds `rows` after the existing ones (or in place of `key: []`).
    pub fn append(
        &mut self,
        text: &str,
        spec: &'static FileSpec,
        table: &Table,
        existing: &[Record],
        rows: &[Row],
        style: &Style,
    ) {
        if rows.is_empty() {
            return;
        }
        let (root, _) = crate::load::read_file(spec, text);
        let Some(root) = root else { return };
        let list = root.slot(table.key);
        let mut block = String::new();
        let mut marks: Vec<Mark> = Vec::new();
        for (n, row) in rows.iter().enumerate() {
            if (n > 0 || !existing.is_empty()) && style.blank_between {
                block.push('\n');
            }
            let mut first = true;
            for field in table.fields {
                let Some(cell) = row.get(field.key) else { continue };
                let lead =
                    if first { format!("{}- ", " ".repeat(style.dash)) } else { " ".repeat(style.dash + 2) };
                first = false;
                let line = format!(
                    "{lead}{}:{}\n",
                    field.key,
                    value_text(&field.kind, cell, style.dash + 2, style, field.key)
                );
                let at = block.matches('\n').count();
                for l in 0..line.matches('\n').count() {
                    marks.push((at + l, row.origin(field.key), field.key));
                }
                block.push_str(&line);
            }
        }
        let value = list.value.as_ref();
        let flow_empty = value.is_some_and(|_| text[list.span.start..].starts_with('['));
        if existing.is_empty() || flow_empty {
            // `key: []`: the rows replace the brackets, from the next line.
            let (start, end) = if flow_empty {
                let close =
                    text[list.span.start..].find(']').map_or(list.span.end, |i| list.span.start + i + 1);
                (list.span.start, close)
            } else {
                let key_end = list.key.map_or(0, |k| k.end);
                let colon = text[key_end..].find(':').map_or(key_end, |i| key_end + i + 1);
                (colon, colon)
            };
            let start = text[..start].trim_end_matches(' ').len();
            let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
            let rest = &text[end..line_end];
            let new = format!("{rest}\n{}", block.trim_end_matches('\n'));
            let marks = marks.into_iter().map(|(l, o, k)| (l + 1, o, k)).collect();
            self.edits.push((start, line_end, new, marks));
        } else {
            let last = existing.last().expect("rows");
            let end = last_value_end(text, last);
            let at = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
            let (block, marks) = if at == text.len() && !text.ends_with('\n') {
                (format!("\n{block}"), marks.into_iter().map(|(l, o, k)| (l + 1, o, k)).collect())
            } else {
                (block, marks)
            };
            self.edits.push((at, at, block, marks));
        }
    }

    /// The edited text. Edits that overlap would corrupt the file: none is
    /// made then (an error of this program, reported as such).
    pub fn finish(mut self, path: &str) -> Result<Finished> {
        let mut ranges: Vec<(usize, usize)> = self.edits.iter().map(|e| (e.0, e.1)).collect();
        ranges.sort_unstable();
        if ranges.windows(2).any(|w| w[1].0 < w[0].1) {
            bail!(
                "导入 {path} 时，两处修改重叠（这是 alliance-report 的缺陷，请把工作簿和报告文件夹发给开发者）；没有写入任何文件"
            );
        }
        self.edits.sort_by_key(|e| std::cmp::Reverse((e.0, e.1)));
        let mut text = self.text.clone();
        for (start, end, new, _) in &self.edits {
            text.replace_range(*start..*end, new);
        }
        // Lines: each edit's line in the new text is its start's line in
        // the old one, moved by the lines that earlier edits added.
        let mut lines = Vec::new();
        let mut edits = self.edits;
        edits.sort_by_key(|e| e.0);
        let mut shift: isize = 0;
        for (start, end, new, marks) in &edits {
            let line = self.text[..*start].matches('\n').count() as isize + 1 + shift;
            for (offset, origin, key) in marks {
                lines.push(((line + *offset as isize) as usize, origin.clone(), *key));
            }
            shift +=
                new.matches('\n').count() as isize - self.text[*start..*end].matches('\n').count() as isize;
        }
        Ok(Finished { text, lines })
    }
}

/// Where the value of `key` in `record` ends: a list's span is where it
/// starts (its dash or its bracket), so its end is after its last item
/// (and, in flow style, its closing bracket).
fn value_end(text: &str, record: &Record, key: &str) -> usize {
    let slot = record.slot(key);
    let flow = text[slot.span.start..].starts_with('[');
    match &slot.value {
        Some(crate::model::Value::List(items)) => {
            let last = items.iter().map(|i| i.span.end).max().unwrap_or(slot.span.start).max(slot.span.end);
            if flow { text[last..].find(']').map_or(last, |i| last + i + 1) } else { last }
        }
        _ => slot.span.end,
    }
}

/// Where the last value of `record` ends.
fn last_value_end(text: &str, record: &Record) -> usize {
    let keys = record.fields.iter().zip(&record.slots).filter(|(_, s)| s.key.is_some());
    keys.map(|(f, _)| value_end(text, record, f.key)).chain([record.at.end]).max().unwrap_or(0)
}

/// The value after `key:` — ` value`, or for a block list, its lines.
fn value_text(kind: &Kind, cell: &Cell, indent: usize, style: &Style, key: &str) -> String {
    match cell {
        Cell::List(items) if !style.flow(key) => {
            let mut out = String::new();
            for item in items {
                out.push_str(&format!("\n{}- {}", " ".repeat(indent + 2), plain_or_quoted(item, false)));
            }
            out
        }
        Cell::Text(t) if style.quoted.contains(&key) => format!(" {}", quoted(t)),
        _ => format!(" {}", scalar(kind, cell)),
    }
}

/// A scalar (or a flow list) as YAML: plain when that reads back as the
/// same text, else double-quoted; a code always quoted, as the example
/// writes it (a code of digits must stay a text).
fn scalar(kind: &Kind, cell: &Cell) -> String {
    match (kind, cell) {
        (_, Cell::List(items)) => {
            let items: Vec<String> = items.iter().map(|i| plain_or_quoted(i, true)).collect();
            format!("[{}]", items.join(", "))
        }
        (Kind::Format(Shape::CreditCode), Cell::Text(t)) => quoted(t),
        (_, Cell::Plain(t)) => t.clone(),
        (_, Cell::Text(t)) => plain_or_quoted(t, false),
    }
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

/// `text` plain when YAML reads it back as the same string, else quoted.
fn plain_or_quoted(text: &str, in_flow: bool) -> String {
    let first = text.chars().next().unwrap_or(' ');
    let risky = text.is_empty()
        || text != text.trim()
        || "-?:,[]{}#&*!|>'\"%@`".contains(first)
        || text.contains(": ")
        || text.contains(" #")
        || text.ends_with(':')
        || text.contains('\n')
        || (in_flow && text.contains([',', '[', ']', '{', '}']))
        || text.chars().all(|c| c.is_ascii_digit() || ".-+eE_:xXoO".contains(c))
        || matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~" | "y" | "n"
        );
    if risky { quoted(text) } else { text.to_owned() }
}
