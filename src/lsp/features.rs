//! What the editor asks of an open file besides its problems: completion,
//! hover, quick fixes, go to definition and the outline. Every fact of the
//! form comes from the catalogue ([`crate::form`]); every fact of the
//! report from its last load.

use lsp_types::{
    CodeAction, CodeActionKind, CompletionItem, CompletionItemKind, CompletionTextEdit, DocumentSymbol,
    Hover, HoverContents, MarkupContent, MarkupKind, Range, SymbolKind, TextEdit, Uri, WorkspaceEdit,
};

use super::context::{self, Place};
use super::diagnostics::{self, range};
use super::position::Encoding;
use crate::attachments::Target;
use crate::diag::{Diagnostic, Rule};
use crate::form::{self, Field, Kind, Need, Table};
use crate::model::Report;
use crate::yaml::{Node, Value};

/// Whether `a` and `b` are the same table of the catalogue.
fn same(a: &Table, b: &Table) -> bool {
    a.file == b.file && a.key == b.key
}

/// What the file open in the editor is, and what the last load knew.
pub struct Doc<'a> {
    pub rel: &'a str,
    pub text: &'a str,
    pub encoding: Encoding,
    /// The report of the last load that read it whole.
    pub report: Option<&'a Report>,
}

impl Doc<'_> {
    fn range(&self, bytes: std::ops::Range<usize>) -> Range {
        self.encoding.range(self.text, bytes.start, bytes.end)
    }
}

/// Keys in the form's order with their labels; the words of a vocabulary;
/// member names where a field names a unit; evidence files in `files:`.
pub fn completion(doc: &Doc, cursor: usize) -> Vec<CompletionItem> {
    let Some(place) = context::place(doc.rel, doc.text, cursor) else { return Vec::new() };
    let edit = doc.range(place.word().start..cursor.max(place.word().start));
    let item = |label: &str, detail: String, kind, insert: String, order: usize| CompletionItem {
        label: label.to_owned(),
        detail: Some(detail),
        kind: Some(kind),
        sort_text: Some(format!("{order:04}")),
        filter_text: Some(label.to_owned()),
        text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(edit, insert))),
        ..Default::default()
    };
    match place {
        Place::Key { fields, table, .. } => {
            let mut items: Vec<CompletionItem> = fields
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    item(f.key, f.label.to_owned(), CompletionItemKind::PROPERTY, format!("{}: ", f.key), i)
                })
                .collect();
            let line_start = doc.text[..cursor].rfind('\n').map_or(0, |i| i + 1);
            let before = &doc.text[line_start..cursor];
            if let Some(table) = table
                && before.trim() == "-"
            {
                items.insert(0, new_row(table, before.chars().count(), edit));
            }
            items
        }
        Place::Value { field, table, .. } => {
            let mut items: Vec<CompletionItem> = field
                .words()
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    item(w, field.label.to_owned(), CompletionItemKind::ENUM_MEMBER, (*w).to_owned(), i)
                })
                .collect();
            let Some(report) = doc.report else { return items };
            if table.is_some_and(|t| t.member_fields.contains(&field.key) && !same(t, &form::MEMBERS)) {
                let names =
                    report.rows(&form::MEMBERS).iter().filter_map(|r| r.text(form::MEMBERS.name_field));
                items.extend(names.enumerate().map(|(i, name)| {
                    item(
                        name,
                        format!("{} 中的成员单位", form::MEMBERS.name),
                        CompletionItemKind::VALUE,
                        name.to_owned(),
                        100 + i,
                    )
                }));
            }
            if table.is_some_and(|t| same(t, &form::EVIDENCE_ITEM)) && field.key == "files" {
                items.extend(report.evidence_folder.iter().enumerate().map(|(i, rel)| {
                    item(
                        rel,
                        "evidence/ 中尚未列出的文件".to_owned(),
                        CompletionItemKind::FILE,
                        rel.clone(),
                        200 + i,
                    )
                }));
            }
            items
        }
    }
}

/// A snippet for a whole new row of `table` after an item's `- ` that ends
/// at column `indent`: every key in the form's order, a stop at each value.
fn new_row(table: &Table, indent: usize, edit: Range) -> CompletionItem {
    let pad = " ".repeat(indent);
    let lines: Vec<String> = table
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| format!("{}{}: ${{{}:{}}}", if i == 0 { "" } else { &pad }, f.key, i + 1, f.label))
        .collect();
    CompletionItem {
        label: format!("新的一行（{}）", table.name),
        detail: Some(format!("{} {}：每一栏一个键，按表格上的顺序", table.name, table.title)),
        kind: Some(CompletionItemKind::SNIPPET),
        sort_text: Some("0000".to_owned()),
        insert_text_format: Some(lsp_types::InsertTextFormat::SNIPPET),
        text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(edit, lines.join("\n")))),
        ..Default::default()
    }
}

/// What the form says of the field under the cursor; on a `supports:`
/// entry, the row it points to; on an evidence file, its pages.
pub fn hover(doc: &Doc, cursor: usize) -> Option<Hover> {
    let place = context::place(doc.rel, doc.text, cursor)?;
    let word = place.word();
    let written = doc.text[word.clone()].trim().trim_matches(['"', '\'']);
    let text = match &place {
        Place::Key { fields, table, .. } => {
            describe(fields.iter().find(|f| f.key == written)?, *table, doc.rel)
        }
        Place::Value { field, table, .. } => {
            let mut text = describe(field, *table, doc.rel);
            if let Some(report) = doc.report {
                if let Some(row) = pointed_row(field, *table, written, report) {
                    text = format!("{}\n\n---\n\n{text}", row_text(row, report));
                }
                if let Some(asset) = report.assets.get(written) {
                    let pages = asset.pages().len();
                    text =
                        format!("{written}：{pages} 页，{} KB\n\n---\n\n{text}", asset.size.div_ceil(1024));
                }
            }
            text
        }
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: text }),
        range: Some(doc.range(word)),
    })
}

/// The field's column label, table, need, what to write, words and 注.
fn describe(field: &Field, table: Option<&Table>, rel: &str) -> String {
    let mut out = format!("**{}**（`{}`）", field.label, field.key);
    match table {
        Some(t) => out.push_str(&format!("\n\n{} {}", t.name, t.title)),
        None => {
            if let Some(spec) = context::spec(rel) {
                out.push_str(&format!("\n\n{}", spec.title));
            }
        }
    }
    let need = match field.need {
        Need::Required => "必须填写，没有就填“无”",
        Need::Optional => "可以不写，不写时印“无”",
        Need::Derived => "可以不写，不写时由各表统计；写了就要与各表一致",
        Need::Zero => "可以不写，不写时为 0",
        Need::Setting => "报告的设置，可以不写",
    };
    out.push_str(&format!("\n\n{need}。{}", field.hint));
    let mut rules = Vec::new();
    match field.need {
        Need::Required => rules.push(Rule::Required),
        Need::Derived => rules.push(Rule::Figures),
        _ => {}
    }
    match &field.kind {
        Kind::Format(shape) => rules.push(Rule::Format(*shape)),
        Kind::Choice(_) | Kind::Choices(_) => rules.push(Rule::Vocabulary),
        Kind::Date => rules.push(Rule::Dates),
        _ => {}
    }
    if !rules.is_empty() {
        let names: Vec<String> = rules.iter().map(|r| r.name().into_owned()).collect();
        out.push_str(&format!("\n\n检查的规则：{}", names.join("、")));
    }
    let words = field.words();
    if !words.is_empty() {
        let open = matches!(&field.kind, Kind::Choice(c) if c.open);
        let label = if open { "可选的值（也可以写别的）" } else { "可选的值" };
        out.push_str(&format!("\n\n{label}：{}", words.join("、")));
    }
    if let Some(note) = table.and_then(|t| t.note) {
        out.push_str(&format!("\n\n{note}"));
    }
    out
}

/// The row a `supports:` entry points to: its table's index and its own.
fn pointed_row(
    field: &Field,
    table: Option<&Table>,
    written: &str,
    report: &Report,
) -> Option<(usize, usize)> {
    if field.key != "supports" || !table.is_some_and(|t| same(t, &form::EVIDENCE_ITEM)) {
        return None;
    }
    match Target::parse(written, report) {
        Ok(Target::Row(table, row)) => Some((table, row)),
        _ => None,
    }
}

fn row_text((table, row): (usize, usize), report: &Report) -> String {
    let spec = form::TABLES[table];
    let record = &report.tables[table][row];
    let mut out = format!("**{}** {} 第 {} 行", Target::Row(table, row).label(), spec.title, row + 1);
    for f in spec.fields {
        if let Some(text) = record.text(f.key) {
            out.push_str(&format!("\n- {}：{text}", f.label));
        }
    }
    out
}

/// Where a `supports:` entry's row or a listed file is.
pub fn definition(doc: &Doc, cursor: usize) -> Option<(String, Option<Range>)> {
    let place = context::place(doc.rel, doc.text, cursor)?;
    let Place::Value { field, table, .. } = &place else { return None };
    let written = doc.text[place.word()].trim().trim_matches(['"', '\'']);
    let report = doc.report?;
    if let Some((table, row)) = pointed_row(field, *table, written, report) {
        let record = &report.tables[table][row];
        let text = report.sources.text(record.file)?;
        let at = doc.encoding.range(text, record.at.start, record.at.start);
        return Some((record.file.to_owned(), Some(at)));
    }
    report.assets.get(written).map(|_| (written.to_owned(), None))
}

/// What `check` knows how to fix, as edits: its "did you mean" (the word
/// in the problem's place), a number to quote, a credit code's check
/// character, an invisible character to delete.
pub fn code_actions(doc: &Doc, uri: &Uri, wanted: Range, found: &[Diagnostic]) -> Vec<CodeAction> {
    let tree = diagnostics::tree_of(doc.rel, doc.text);
    let overlaps = |r: &Range| r.start <= wanted.end && wanted.start <= r.end;
    let mut actions = Vec::new();
    for d in found.iter().filter(|d| d.file.to_string_lossy() == doc.rel) {
        let Some((title, fix)) = fix_of(d) else { continue };
        let whole = range(d, doc.text, tree.as_ref(), doc.encoding);
        if !overlaps(&whole) || whole.start == whole.end {
            continue;
        }
        let (at, text) = match fix {
            Fix::Whole(text) => (whole, text),
            Fix::Character(text) => {
                let Some(start) = super::position::offset_of(doc.text, d.line, d.column) else { continue };
                let width = doc.text[start..].chars().next().map_or(0, char::len_utf8);
                (doc.range(start..start + width), text)
            }
        };
        actions.push(CodeAction {
            title,
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![diagnostics::to_lsp(d, Some(doc.text), tree.as_ref(), doc.encoding)]),
            edit: Some(WorkspaceEdit {
                changes: Some([(uri.clone(), vec![TextEdit::new(at, text)])].into()),
                ..Default::default()
            }),
            is_preferred: Some(true),
            ..Default::default()
        });
    }
    actions
}

/// What replaces what.
enum Fix {
    /// The whole key or value.
    Whole(String),
    /// The one character the problem points at.
    Character(String),
}

/// The fix a diagnostic's own words give, read back from what `check`
/// writes: [`crate::suggest::meant`]; load's "请加引号，写成 "…""; the
/// credit code's "应为“X”，这里是“Y”"; and [`crate::diag::reveal`]'s
/// "删去看不见的字符".
fn fix_of(d: &Diagnostic) -> Option<(String, Fix)> {
    let hint = d.hint.as_deref().unwrap_or_default();
    if let Some(meant) = crate::suggest::meant(hint) {
        return Some((format!("改为“{meant}”"), Fix::Whole(meant.to_owned())));
    }
    if hint.starts_with("删去看不见的字符") && d.column > 0 {
        return Some(("删去看不见的字符".to_owned(), Fix::Character(String::new())));
    }
    if let Some((_, quoted)) = hint.split_once("请加引号，写成 ") {
        let quoted = quoted.split('，').next().unwrap_or_default();
        return Some((format!("加上引号：{quoted}"), Fix::Whole(quoted.to_owned())));
    }
    if d.rule == Rule::Format(form::Shape::CreditCode) && d.column > 0 {
        let (_, after) = d.message.split_once("应为“")?;
        let (right, _) = after.split_once("”，这里是“")?;
        if right.chars().count() == 1 {
            return Some((format!("校验码改为“{right}”"), Fix::Character(right.to_owned())));
        }
    }
    None
}

/// The outline: the rows of each table by name; in a narrative file, the
/// questions answered.
#[allow(deprecated)] // DocumentSymbol::deprecated must be written out.
pub fn symbols(doc: &Doc) -> Vec<DocumentSymbol> {
    let symbol =
        |name: String, detail: Option<String>, kind, range: Range, selection: Range| DocumentSymbol {
            name,
            detail,
            kind,
            tags: None,
            deprecated: None,
            range,
            selection_range: selection,
            children: None,
        };
    if let Some(spec) = context::spec(doc.rel) {
        let Some(Node { value: Value::Mapping(entries), .. }) = diagnostics::tree_of(doc.rel, doc.text)
        else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for field in spec.fields {
            let Kind::Rows(table) = field.kind else { continue };
            let Some(Value::Sequence(rows)) =
                entries.iter().find(|e| e.key == field.key).map(|e| &e.value.value)
            else {
                continue;
            };
            for (i, row) in rows.iter().enumerate() {
                let name_node = row.get(table.name_field);
                let name = name_node.and_then(|n| n.scalar()).map(|s| s.text.trim().to_owned());
                let name = name.filter(|n| !n.is_empty()).unwrap_or_else(|| format!("第 {} 行", i + 1));
                let whole = doc.range(row.span.start..extent(row));
                let selection = name_node.map_or(whole, |n| doc.range(n.span.start..n.span.end));
                let detail = Some(format!("{} 第 {} 行", table.name, i + 1));
                out.push(symbol(name, detail, SymbolKind::OBJECT, whole, selection));
            }
        }
        return out;
    }
    let Some(report) = doc.report else { return Vec::new() };
    let Some(section) = report.sections.iter().find(|s| s.file() == doc.rel) else { return Vec::new() };
    let prompts = report.edition.prompts(section.part);
    section
        .answers
        .iter()
        .zip(prompts)
        .filter_map(|(answer, prompt)| {
            let line = answer.as_ref()?.line;
            let start = super::position::line_start(doc.text, line.checked_sub(1)?)?;
            let end = doc.text[start..].find('\n').map_or(doc.text.len(), |i| start + i);
            let at = doc.range(start..end);
            Some(symbol(prompt.text.to_owned(), None, SymbolKind::STRING, at, at))
        })
        .collect()
}

/// Where the text of `node` ends, its last entry's or item's included.
fn extent(node: &Node) -> usize {
    let mut end = node.span.end;
    let mut node = node;
    loop {
        let last = match &node.value {
            Value::Mapping(entries) => entries.last().map(|e| &e.value),
            Value::Sequence(items) => items.last(),
            Value::Scalar(_) => None,
        };
        let Some(last) = last else { return end };
        end = end.max(last.span.end);
        node = last;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every keystroke is a half-written file: completion, hover and the
    /// outline answer at every place of every YAML file of the example,
    /// whole and cut short anywhere, without a panic.
    #[test]
    fn every_place_of_a_whole_or_half_written_file_is_answered() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("example-report");
        for spec in form::FILES {
            let text = std::fs::read_to_string(root.join(spec.path)).unwrap();
            let mut cuts: Vec<usize> =
                (0..text.len()).filter(|&i| text.is_char_boundary(i)).step_by(401).collect();
            cuts.push(text.len());
            for cut in cuts {
                let step = if cut == text.len() { 5 } else { 151 };
                let text = &text[..cut];
                let doc = Doc { rel: spec.path, text, encoding: Encoding::Utf16, report: None };
                symbols(&doc);
                for at in (0..=text.len()).filter(|&i| text.is_char_boundary(i)).step_by(step) {
                    completion(&doc, at);
                    hover(&doc, at);
                    definition(&doc, at);
                }
            }
        }
    }
}
