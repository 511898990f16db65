//! `check`'s diagnostics as the editor shows them: the same rule (as the
//! `code`), message and hint, on the whole key or value they are about.

use lsp_types::{DiagnosticSeverity, NumberOrString, Range};

use super::position::{Encoding, offset_of};
use crate::diag::{Diagnostic, Severity};
use crate::yaml::{self, Node, Span, Value};

/// The name clients show beside each problem.
pub const SOURCE: &str = "alliance-report";

/// `d` for the editor; `text`: the file as load read it.
pub fn to_lsp(
    d: &Diagnostic,
    text: Option<&str>,
    tree: Option<&Node>,
    encoding: Encoding,
) -> lsp_types::Diagnostic {
    let message = match &d.hint {
        Some(hint) => format!("{}\n提示：{hint}", d.message),
        None => d.message.clone(),
    };
    lsp_types::Diagnostic {
        range: text.map(|text| range(d, text, tree, encoding)).unwrap_or_default(),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.rule.name().into_owned())),
        source: Some(SOURCE.to_owned()),
        message,
        ..Default::default()
    }
}

/// Where `d` stands in `text`: the key or value that starts at its line
/// and column (found in the file's YAML tree), else the rest of its line;
/// the file's start for a problem of the whole file.
pub fn range(d: &Diagnostic, text: &str, tree: Option<&Node>, encoding: Encoding) -> Range {
    if d.line == 0 {
        return Range::default();
    }
    let Some(start) = offset_of(text, d.line, d.column.max(1)) else { return Range::default() };
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = text[..line_end].trim_end_matches('\r');
    let line_begin = line.rfind('\n').map_or(0, |i| i + 1);
    if d.column == 0 {
        let indent = line[line_begin..].len() - line[line_begin..].trim_start().len();
        return encoding.range(text, line_begin + indent, line.len());
    }
    // check points at a key or a value, or into a value (a code's wrong
    // check character): the range runs to the end of it.
    let span = tree.and_then(|tree| span_at(tree, start)).filter(|s| s.end > start);
    let end = match span {
        Some(span) => span.end,
        None => rest_of_line(line, start),
    };
    encoding.range(text, start, end.max(start))
}

/// The span of the key or scalar of `tree` that starts at byte `at`, or
/// else the scalar that holds it. Walked with a stack: a file may nest
/// deeply.
pub fn span_at(tree: &Node, at: usize) -> Option<Span> {
    let mut stack = vec![tree];
    let mut holding = None;
    while let Some(node) = stack.pop() {
        match &node.value {
            Value::Scalar(_) if node.span.start == at => return Some(node.span),
            Value::Scalar(_) if node.span.start < at && at < node.span.end => holding = Some(node.span),
            Value::Scalar(_) => {}
            Value::Mapping(entries) => {
                for entry in entries {
                    if entry.key_span.start == at {
                        return Some(entry.key_span);
                    }
                    stack.push(&entry.value);
                }
            }
            Value::Sequence(items) => {
                if node.span.start == at && node.span.end > node.span.start {
                    return Some(node.span);
                }
                stack.extend(items);
            }
        }
    }
    holding
}

/// The end of what is written from `start` on its line, before a comment.
fn rest_of_line(line: &str, start: usize) -> usize {
    let rest = &line[start.min(line.len())..];
    let rest = rest.find(" #").map_or(rest, |i| &rest[..i]);
    start + rest.trim_end().len()
}

/// The YAML tree of a file of the report, if it is one.
pub fn tree_of(file: &str, text: &str) -> Option<Node> {
    (file.ends_with(".yaml") || file.ends_with(".yml")).then(|| yaml::parse(text).root).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Rule;

    #[test]
    fn a_misspelt_key_is_underlined_whole() {
        let text = "alliance:\n  nmae: 𬌗联盟\n";
        let tree = tree_of("report.yaml", text);
        let d = Diagnostic::error(Rule::Keys, "report.yaml", 2, 3, "不认识的键");
        let r = range(&d, text, tree.as_ref(), Encoding::Utf16);
        assert_eq!((r.start.line, r.start.character, r.end.character), (1, 2, 6));
        let value = Diagnostic::error(Rule::Value, "report.yaml", 2, 9, "x");
        let r = range(&value, text, tree.as_ref(), Encoding::Utf16);
        assert_eq!((r.start.character, r.end.character), (8, 12));
        let r = range(&value, text, tree.as_ref(), Encoding::Utf8);
        assert_eq!((r.start.character, r.end.character), (8, 18));
    }

    #[test]
    fn a_problem_of_a_markdown_line_runs_to_its_end() {
        let text = "## （1）问\n\n答案  \n";
        let d = Diagnostic::warning(Rule::Markdown, "sections/a.md", 3, 1, "x");
        let r = range(&d, text, None, Encoding::Utf16);
        assert_eq!((r.start.line, r.start.character, r.end.character), (2, 0, 2));
        let whole = Diagnostic::error(Rule::Files, "sections/a.md", 0, 0, "x");
        assert_eq!(range(&whole, text, None, Encoding::Utf16), Range::default());
    }
}
