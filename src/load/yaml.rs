//! Parse one YAML file into a model type, reporting every problem, in
//! Chinese, at its line and column.
//!
//! serde stops at the first error. To report all of them in one run, each
//! error's entry is blanked out of a copy of the text (its key or sequence
//! item and everything nested under it, keeping the line count) and the copy
//! is parsed again, until it parses or an error cannot be located. What
//! finally parses is the model with the broken entries left out, so later
//! checks still run on everything else.

use serde::de::DeserializeOwned;
use serde_saphyr::Error;

/// One problem found while parsing: 1-based line and column, message, hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlProblem {
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
}

/// More errors than this in one file are not worth reporting one by one.
const MAX_PROBLEMS: usize = 50;

/// Parses `text`; returns the value (if some version of the text parsed) and
/// every problem found.
///
/// A misspelt key is read as the key it most likely means, so its value is
/// still checked and the intended key is not reported missing; everything
/// else that fails is left out.
pub fn parse<T: DeserializeOwned>(text: &str) -> (Option<T>, Vec<YamlProblem>) {
    let mut problems: Vec<YamlProblem> = Vec::new();
    let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    let mut renamed: Vec<usize> = Vec::new();
    loop {
        let current = lines.join("\n");
        let err = match serde_saphyr::from_str::<T>(&current) {
            Ok(value) => return (Some(value), problems),
            Err(err) => err,
        };
        let (problem, syntax, suggestion) = describe(&err, &lines);
        let line = problem.line;
        if renamed.contains(&line) {
            // The guessed key did not work out (it was there already, say):
            // the problem is reported; leave the entry out instead.
            renamed.retain(|l| *l != line);
            if blank_entry(&mut lines, line, problem.column) {
                continue;
            }
            return (None, problems);
        }
        let seen = problems.iter().any(|p| p.line == line);
        problems.push(problem);
        if syntax || seen || problems.len() >= MAX_PROBLEMS {
            return (None, problems);
        }
        let column = problems.last().map_or(0, |p| p.column);
        let patched = match suggestion {
            Some((found, meant)) if rename_key(&mut lines, line, &found, meant) => {
                renamed.push(line);
                true
            }
            _ => blank_entry(&mut lines, line, column),
        };
        if !patched {
            return (None, problems);
        }
    }
}

/// Replaces the key `found` by `meant` on `line`.
fn rename_key(lines: &mut [String], line: usize, found: &str, meant: &str) -> bool {
    let Some(text) = line.checked_sub(1).and_then(|i| lines.get_mut(i)) else { return false };
    let Some(at) = text.find(&format!("{found}:")) else { return false };
    text.replace_range(at..at + found.len(), meant);
    true
}

/// Blanks the entry at (`line`, `column`) and the lines nested under it;
/// false when there is nothing there to blank.
fn blank_entry(lines: &mut [String], line: usize, column: usize) -> bool {
    let Some(text) = line.checked_sub(1).and_then(|i| lines.get(i)) else { return false };
    let chars: Vec<char> = text.chars().collect();
    let indent = chars.iter().take_while(|c| **c == ' ').count();
    // Skip sequence markers ("- - key: v") to where the entry starts.
    let mut start = indent;
    while chars.get(start) == Some(&'-') && chars.get(start + 1).is_none_or(|c| *c == ' ') {
        start += 1;
        while chars.get(start) == Some(&' ') {
            start += 1;
        }
    }
    let rest: String = chars[start.min(chars.len())..].iter().collect();
    let is_key = key_end(&rest).is_some();
    // A plain sequence item goes whole, with its dash; a key from the key on.
    let from = if is_key || start == indent { start } else { indent };
    if column == 0 || chars.len() <= from {
        return false;
    }
    let opens_block = is_key && rest[key_end(&rest).unwrap_or(0)..].trim_start_matches(':').trim().is_empty();
    lines[line - 1] = chars[..from].iter().collect::<String>().trim_end().to_owned();
    for next in lines.iter_mut().skip(line) {
        let next_indent = next.chars().take_while(|c| *c == ' ').count();
        let blank = next.trim().is_empty() || next.trim_start().starts_with('#');
        let nested =
            next_indent > from || (opens_block && next_indent == from && next.trim_start().starts_with("- "));
        if !blank && !nested {
            break;
        }
        next.clear();
    }
    true
}

/// Byte offset of the `:` that ends a mapping key at the start of `text`.
fn key_end(text: &str) -> Option<usize> {
    if text.starts_with(['"', '\'']) {
        let quote = text.chars().next()?;
        let close = text[1..].find(quote)? + 1;
        return text[close + 1..].starts_with(':').then_some(close + 1);
    }
    let colon = text.find(": ").or_else(|| text.strip_suffix(':').map(|t| t.len()))?;
    (!text[..colon].contains(['#', '[', '{', ','])).then_some(colon)
}

/// The Chinese description of a serde-saphyr error; whether it is a syntax
/// error (after which the text is not parsed again: guessing where a broken
/// structure ends would invent errors); and, for a misspelt key, the key
/// written and the one it most likely means.
fn describe(err: &Error, lines: &[String]) -> (YamlProblem, bool, Option<(String, &'static str)>) {
    let (line, column) = err.location().map_or((0, 0), |l| (l.line() as usize, l.column() as usize));
    let written = || match scalar_at(lines, line, column) {
        Some(text) => format!("，这里写的是“{text}”"),
        None => String::new(),
    };
    let mut syntax = false;
    let mut suggestion = None;
    // The error itself, not the alias it happened in.
    let (mut err, mut in_alias) = (err.without_snippet(), false);
    while let Error::AliasError { error, .. } = err {
        (err, in_alias) = (error.without_snippet(), true);
    }
    let (message, hint) = match err {
        Error::SerdeUnknownField { field, expected, .. } => {
            suggestion = closest(field, expected).map(|meant| (field.clone(), meant));
            (format!("不认识的键“{field}”"), Some(with_closest(field, expected, "这里可以用的键")))
        }
        Error::SerdeUnknownVariant { variant, expected, .. } => {
            (format!("“{variant}”不是这一栏允许的值"), Some(with_closest(variant, expected, "可选的值")))
        }
        Error::SerdeMissingField { field, .. } => {
            (format!("缺少“{field}”"), Some(format!("请补上一行 {field}: …")))
        }
        Error::SerdeInvalidType { unexpected, expected, .. }
        | Error::SerdeInvalidValue { unexpected, expected, .. } => {
            (format!("这里应填{}，实际写的是{}", expected_cn(expected), unexpected_cn(unexpected)), None)
        }
        Error::DuplicateMappingKey { key, .. } => (
            format!("键“{}”在同一层出现了两次", key.as_deref().unwrap_or("?")),
            Some("同一层的键只能写一次：请删除或合并重复的那一行".to_owned()),
        ),
        Error::InvalidScalar { ty, .. } => (format!("这里应填{}{}", expected_cn(ty), written()), None),
        Error::Unexpected { expected, .. } => {
            (format!("这里应填{}{}", expected_cn(expected), written()), None)
        }
        Error::NullIntoString { .. } => {
            ("这里应填文字，实际是空值".to_owned(), Some("没有内容时整行不写，或写“无”".to_owned()))
        }
        Error::Message { msg, .. } => (msg.clone(), None),
        Error::Budget { breach, .. } => {
            syntax = true;
            budget_cn(breach, in_alias)
        }
        Error::UnknownAnchor { .. } => {
            syntax = true;
            ("YAML 格式错误：引用（*名称）找不到对应的锚点（&名称）".to_owned(), Some(ALIAS_HINT.to_owned()))
        }
        Error::AliasReplayCounterOverflow { .. }
        | Error::AliasReplayLimitExceeded { .. }
        | Error::AliasExpansionLimitExceeded { .. }
        | Error::AliasReplayStackDepthExceeded { .. } => {
            syntax = true;
            ("引用（*名称）展开后的内容太多".to_owned(), Some(ALIAS_HINT.to_owned()))
        }
        other => {
            syntax = true;
            let text = other.to_string();
            let text = text.split(" at line ").next().unwrap_or(&text);
            (format!("YAML 格式错误：{}", syntax_cn(text)), Some(SYNTAX_HINT.to_owned()))
        }
    };
    (YamlProblem { line, column, message, hint }, syntax, suggestion)
}

/// "你是不是想写“x”？{label}：a、b、c".
fn with_closest(found: &str, expected: &[&str], label: &str) -> String {
    let list = expected.join("、");
    match closest(found, expected) {
        Some(best) => format!("你是不是想写“{best}”？{label}：{list}"),
        None if expected.is_empty() => "这里不能再写别的键".to_owned(),
        None => format!("{label}：{list}"),
    }
}

/// The expected name nearest to `found`, if it is near enough to be a typo.
pub fn closest<'a>(found: &str, expected: &[&'a str]) -> Option<&'a str> {
    if found.is_empty() {
        return None;
    }
    let limit = (found.chars().count() / 3).max(2);
    expected.iter().map(|e| (edit_distance(found, e), *e)).filter(|(d, _)| *d <= limit).min().map(|(_, e)| e)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

const SYNTAX_HINT: &str = "常见原因：缩进不一致（只能用空格，不能用 Tab）、冒号后缺少空格、引号或括号没有配对、文字里有“: ”或以 @ ` 等开头却没加引号";

const ALIAS_HINT: &str = "报告的文件用不到 YAML 的锚点（&名称）和引用（*名称）：请把内容直接写出来";

/// The limit of serde-saphyr's parsing budget that `breach` exceeded (while
/// expanding an alias, if `in_alias`), in Chinese, with a hint: a file this
/// large or this nested is not a report, or is a YAML bomb.
fn budget_cn(breach: &serde_saphyr::budget::BudgetBreach, in_alias: bool) -> (String, Option<String>) {
    use serde_saphyr::budget::BudgetBreach as B;
    match breach {
        _ if in_alias => {
            ("锚点（&名称）和引用（*名称）太多，或展开后的内容太多".to_owned(), Some(ALIAS_HINT.to_owned()))
        }
        B::Aliases { .. }
        | B::Anchors { .. }
        | B::RecordedAnchorEvents { .. }
        | B::RecordedAnchorBytes { .. }
        | B::AliasAnchorRatio { .. }
        | B::MergeKeys { .. } => {
            ("锚点（&名称）和引用（*名称）太多，或展开后的内容太多".to_owned(), Some(ALIAS_HINT.to_owned()))
        }
        B::Depth { .. } => (
            "嵌套的层数太多".to_owned(),
            Some("报告的文件最多缩进三四层：请检查缩进和括号是否正确".to_owned()),
        ),
        // Events, nodes, scalar bytes, documents and the like: the size.
        _ => (
            "文件内容太多，超过了读取的上限".to_owned(),
            Some("报告的文件一般只有几十 KB、几百项：请检查是不是放错了文件，或删去多余的内容".to_owned()),
        ),
    }
}

/// The parser's words for the common syntax errors, in Chinese.
fn syntax_cn(text: &str) -> String {
    let known = [
        (
            "mapping values are not allowed",
            "这里不能出现“键: 值”：可能是缩进不对，或文字里有“: ”（这样的文字请加引号）",
        ),
        ("tab", "用了 Tab：YAML 只能用空格缩进"),
        ("unclosed quote", "引号没有配对"),
        ("quoted scalar", "引号没有配对"),
        ("did not find expected", "括号、引号没有配对，或缩进不对"),
        ("cannot start any token", "这里有不能开头的字符（例如 @ 或 `）：这样的文字请加引号"),
        ("recursion limit exceeded", "括号嵌套的层数太多：请检查括号是否配对"),
    ];
    known.iter().find(|(en, _)| text.contains(en)).map_or_else(|| text.to_owned(), |(_, cn)| (*cn).to_owned())
}

/// The scalar written at (`line`, `column`), up to a comment or the line's
/// end, for messages that should quote it.
fn scalar_at(lines: &[String], line: usize, column: usize) -> Option<String> {
    let text = lines.get(line.checked_sub(1)?)?;
    let rest: String = text.chars().skip(column.checked_sub(1)?).collect();
    let rest = rest.split(" #").next().unwrap_or_default().trim();
    (!rest.is_empty() && rest.chars().count() <= 40).then(|| rest.to_owned())
}

fn expected_cn(expected: &str) -> String {
    match expected {
        "u32" | "u8" | "u64" | "usize" => "不带小数的非负整数（例如 0、12）".to_owned(),
        "i32" | "i64" => "整数（例如 2024）".to_owned(),
        "a string" | "string scalar" => "文字".to_owned(),
        "mapping start" => "一组“键: 值”（下一行缩进后逐项填写）".to_owned(),
        "sequence start" => "列表（每项一行，以“- ”开头，或写成 [甲, 乙]）".to_owned(),
        "a sequence" => "列表（每项一行，以“- ”开头，或写成 [甲, 乙]）".to_owned(),
        e if e.starts_with("struct ") || e == "a map" => "一组“键: 值”（下一行缩进后逐项填写）".to_owned(),
        e if e.starts_with("tuple struct Pair") || e.starts_with("a tuple") => {
            "两个数，写成 [申请数, 授权数]".to_owned()
        }
        e if e.starts_with("enum ") || e.starts_with("variant") => "表格规定的选项之一".to_owned(),
        other => other.to_owned(),
    }
}

fn unexpected_cn(unexpected: &str) -> String {
    let swap = [
        ("string ", "文字 "),
        ("integer ", "数字 "),
        ("floating point ", "小数 "),
        ("boolean ", "真假值 "),
        ("sequence", "列表"),
        ("map", "一组键值"),
        ("unit value", "空值"),
        ("null", "空值"),
    ];
    swap.iter()
        .find_map(|(en, cn)| unexpected.strip_prefix(en).map(|rest| format!("{cn}{rest}").trim().to_owned()))
        .unwrap_or_else(|| unexpected.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        name: Option<String>,
        count: Option<u32>,
        items: Option<Vec<Item>>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        title: Option<String>,
        size: Option<u32>,
    }

    #[test]
    fn reports_every_error_of_a_file_with_its_line() {
        let text = "naem: 甲\ncount: 三\nitems:\n  - title: a\n    sise: 3\n  - title: b\n";
        let (doc, problems) = parse::<Doc>(text);
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![1, 2, 5]);
        assert!(problems[0].hint.as_deref().unwrap().contains("“name”"));
        assert!(problems[1].message.contains("非负整数"), "{}", problems[1].message);
        let doc = doc.expect("the rest parses");
        assert_eq!(doc.name.as_deref(), Some("甲"), "a misspelt key is read as the one it means");
        let items = doc.items.unwrap();
        assert_eq!(items[0].size, Some(3));
    }

    #[test]
    fn blanks_a_nested_block_with_its_key() {
        let mut lines: Vec<String> =
            "a:\n  b: 1\n  c:\n    - x\n    - y\nd: 2".split('\n').map(str::to_owned).collect();
        assert!(blank_entry(&mut lines, 3, 3));
        assert_eq!(lines.join("\n"), "a:\n  b: 1\n\n\n\nd: 2");
    }

    #[test]
    fn blanks_a_sequence_item_with_its_dash() {
        let mut lines: Vec<String> = "l:\n- 会费\n- 其他\n".split('\n').map(str::to_owned).collect();
        assert!(blank_entry(&mut lines, 3, 3));
        assert_eq!(lines.join("\n"), "l:\n- 会费\n\n");
    }

    #[test]
    fn suggests_the_closest_key() {
        assert_eq!(closest("levle", &["name", "level", "email"]), Some("level"));
        assert_eq!(closest("zzzzzz", &["name", "level"]), None);
    }

    #[test]
    fn limits_of_the_parser_are_told_in_chinese() {
        let flow = format!("items: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
        // Too many aliases; too much text from few.
        let aliases = format!("name: &a 甲\nitems:\n{}", "  - {title: *a}\n".repeat(60_000));
        let long = format!("name: &a {}\nitems:\n{}", "长".repeat(600), "  - {title: *a}\n".repeat(40_000));
        let texts = [flow.as_str(), "name: *nowhere\n", aliases.as_str(), long.as_str()];
        let expected = ["嵌套的层数太多", "找不到对应的锚点", "锚点", "锚点"];
        for (text, expected) in texts.into_iter().zip(expected) {
            let (doc, problems) = parse::<Doc>(text);
            assert!(doc.is_none());
            assert_eq!(problems.len(), 1, "{problems:?}");
            let problem = &problems[0];
            assert!(problem.message.contains(expected), "{}", problem.message);
            let english = problem.message.replace("YAML", "");
            assert!(!english.chars().any(|c| c.is_ascii_alphabetic()), "{}", problem.message);
            assert!(problem.hint.is_some());
        }
    }

    #[test]
    fn syntax_errors_stop_with_one_problem() {
        let (doc, problems) = parse::<Doc>("name: 'a\ncount: 1\n");
        assert!(doc.is_none());
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.starts_with("YAML 格式错误"), "{}", problems[0].message);
    }
}
