//! YAML syntax errors in the words of the form's users: what is wrong at
//! the character the parser stopped at, and what to write instead. No text
//! of the parser itself reaches the user.

use serde_saphyr::granit_parser::{ErrorKind, ScanError};

const GENERAL: &str = "常见原因：缩进不一致（只能用空格，不能用 Tab）、冒号后缺少空格、引号或括号没有配对、文字里有“: ”或以 @ ` 等开头却没加引号";
const QUOTE: &str = "文字里有“: ”“#”或以 @ ` [ { 等开头时，给整段文字加上引号，例如 name: \"甲: 乙\"";

/// The message, the hint and the place (a byte offset) of a syntax error
/// the parser reports at byte `at` of `text`: a bracket left open before it
/// is the cause, whatever the parser stumbled on later.
pub fn describe(error: &ScanError, text: &str, at: usize) -> (String, String, usize) {
    use ErrorKind as K;
    let structural = !matches!(
        error.kind(),
        K::RecursionLimitExceeded
            | K::TabNotAllowed
            | K::TabInBlockIndentation
            | K::TabInIndentation
            | K::TabInPlainScalar
            | K::UnclosedQuotedScalar
            | K::BomInsideDocument
            | K::UnknownQuotedScalarEscape
    );
    if structural && let Some(open) = unclosed_bracket(&text[..at.min(text.len())]) {
        let c = &text[open..open + 1];
        return (
            format!("这里的“{c}”没有对应的“{}”", if c == "[" { "]" } else { "}" }),
            "检查这一处开始的括号：[ 要用 ] 关闭，{ 要用 } 关闭；文字里有括号时给整段文字加上引号".into(),
            open,
        );
    }
    if let Some((message, hint, at)) = typed_by_an_ime(text, at) {
        return (message, hint, at);
    }
    let at = match error.kind() {
        // The parser stops before the tab's line: point at the tab itself.
        K::TabNotAllowed | K::TabInBlockIndentation | K::TabInIndentation | K::TabInPlainScalar => {
            text.get(at..).and_then(|rest| rest.find('\t')).map_or(at, |i| at + i)
        }
        _ => at,
    };
    let (message, hint) = kind(error, text, at);
    (message, hint, at)
}

/// What a Chinese input method types where YAML needs `: `: a full-width
/// colon, or a colon followed by a no-break or ideographic space. Looked for
/// on the line the parser stopped at and the one before it (it often stops
/// at the next line); the place is the offending character.
fn typed_by_an_ime(text: &str, at: usize) -> Option<(String, String, usize)> {
    let at = at.min(text.len());
    let line_start = |i: usize| text[..i].rfind('\n').map_or(0, |p| p + 1);
    let this = line_start(at);
    let previous = if this > 0 { Some(line_start(this - 1)) } else { None };
    for start in std::iter::once(this).chain(previous) {
        let line = &text[start..];
        let line = &line[..line.find('\n').unwrap_or(line.len())];
        // The part before a comment, outside quotes, is the key's.
        let code = line.split(" #").next().unwrap_or(line);
        let mut prev: Option<char> = None;
        for (i, c) in code.char_indices() {
            if matches!(c, '"' | '\'') {
                break;
            }
            if prev == Some(':') && c != ' ' && c != '\t' && c.is_whitespace() {
                let name = match c {
                    '\u{3000}' => "全角空格",
                    '\u{a0}' => "不换行空格",
                    _ => "特殊空格",
                };
                let message = format!("冒号后面是{name}（U+{:04X}），YAML 不认它", c as u32);
                return Some((message, "请改成英文冒号加一个普通空格，例如 contact: 王五".into(), start + i));
            }
            if c == '：' && !code[..i].contains(": ") {
                return Some((
                    "这里用了全角冒号“：”".into(),
                    "请改成英文冒号加一个空格，例如 contact: 王五（先把输入法切换到英文状态再输入冒号）"
                        .into(),
                    start + i,
                ));
            }
            if c == ':' && code[i + 1..].starts_with(' ') {
                break;
            }
            prev = Some(c);
        }
    }
    None
}

/// The byte offset of the last `[` or `{` of `text` left open, outside
/// quotes and comments.
fn unclosed_bracket(text: &str) -> Option<usize> {
    let mut open: Vec<usize> = Vec::new();
    for (line_start, line) in text.split_inclusive('\n').scan(0, |at, l| {
        let start = *at;
        *at += l.len();
        Some((start, l))
    }) {
        let mut quote: Option<char> = None;
        let mut prev = ' ';
        for (i, c) in line.char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '#') if prev.is_whitespace() => break,
                (None, '"' | '\'') if prev.is_whitespace() || matches!(prev, '[' | '{' | ',' | ':') => {
                    quote = Some(c)
                }
                (None, '[' | '{') => open.push(line_start + i),
                (None, ']' | '}') => {
                    open.pop();
                }
                _ => {}
            }
            prev = c;
        }
    }
    open.last().copied()
}

fn kind(error: &ScanError, text: &str, at: usize) -> (String, String) {
    use ErrorKind as K;
    let here = text.get(at..).and_then(|rest| rest.chars().next());
    let (message, hint): (String, &str) = match error.kind() {
        K::TabNotAllowed | K::TabInBlockIndentation | K::TabInIndentation | K::TabInPlainScalar => {
            ("这里用了 Tab：YAML 只能用空格缩进".into(), "把 Tab 换成空格（每层缩进两个空格）")
        }
        K::TabAtBlockScalarStart => ("这里用了 Tab：YAML 只能用空格缩进".into(), "把 Tab 换成空格"),
        K::UnclosedQuotedScalar
        | K::InvalidTrailingSingleQuotedScalar
        | K::InvalidTrailingDoubleQuotedScalar => {
            ("引号没有配对".into(), "检查这段文字的引号：开头和结尾要用同一种引号，文字中间的 \" 写成 \\\"")
        }
        K::UnknownQuotedScalarEscape
        | K::InvalidQuotedScalarHexEscape
        | K::InvalidUnicodeEscape
        | K::InvalidLowSurrogateHexEscape
        | K::InvalidLowSurrogate
        | K::MissingLowSurrogate
        | K::UnpairedLowSurrogate => (
            "双引号里的反斜杠“\\”后面不是有效的转义".into(),
            "双引号里的 \\ 要写成 \\\\；或者改用单引号，单引号里的 \\ 原样保留",
        ),
        K::UnclosedFlowCollection { .. } | K::UnexpectedEofFlowSequence | K::UnexpectedEofFlowMapping => {
            ("方括号 [ ] 或花括号 { } 没有配对".into(), "检查这一处开始的 [ 或 { 是否有对应的 ] 或 }")
        }
        K::MismatchedFlowCollectionEnd { .. } | K::MisplacedFlowCollectionEnd => {
            ("这里的括号和前面的对不上".into(), "[ 要用 ] 关闭，{ 要用 } 关闭")
        }
        K::ExpectedFlowSequenceSeparator | K::ExpectedFlowMappingSeparator => {
            ("列表或花括号里的各项要用英文逗号“,”隔开".into(), "例如 [甲, 乙]；文字里有逗号时给这一项加引号")
        }
        K::RecursionLimitExceeded => {
            ("嵌套的层数太多".into(), "报告的文件最多缩进三四层：请检查缩进和括号是否正确")
        }
        K::InvalidIndentation | K::InvalidFlowScalarIndent | K::InvalidQuotedScalarIndent => {
            ("这一行的缩进不对".into(), "同一层的键要对齐；下一层比上一层多缩进两个空格，只用空格")
        }
        K::InvalidBlockScalarIndent | K::ZeroBlockScalarIndent | K::InvalidBlockScalarHeader => {
            ("“|”或“>”之后的文字缩进不对".into(), "多行文字写在“|”或“>”的下一行，每行比键多缩进两个空格")
        }
        K::BomInsideDocument => (
            "文件中间有一个看不见的字节顺序标记（BOM，U+FEFF），多半是两个文件拼接时带进来的".into(),
            "删去这一处看不见的字符：在编辑器里把光标移到这里，按一次删除键",
        ),
        K::MappingValueNotAllowed | K::InvalidMappingValueWhitespace | K::InvalidColonPlacement => {
            ("这里不能出现“键: 值”：可能是缩进不对，或文字里有“: ”".into(), QUOTE)
        }
        K::SimpleKeyExpected | K::InvalidSimpleKey | K::ExpectedBlockMappingKey => (
            "这里应是“键: 值”的一行，却没有找到冒号和空格".into(),
            "写成“键: 值”，冒号用英文冒号，后面加一个空格",
        ),
        K::UnexpectedCharacter { character } => (format!("“{character}”不能出现在这里开头"), QUOTE),
        K::CommentInterceptedScalar | K::CommentNotSeparated => {
            ("“#”在这里被当作注释的开始".into(), "文字里有“#”时给整段文字加上引号；注释前要留一个空格")
        }
        K::BlockSequenceEntryNotAllowed | K::BlockEntryInFlowCollection | K::ExpectedBlockSequenceEntry => {
            ("这里不能以“- ”开始一项".into(), "列表的各项对齐，每项一行，以“- ”开头；文字以 - 开头时加引号")
        }
        K::UnknownAnchor => ("这里用了 YAML 的引用（*名称）".into(), super::ALIAS_HINT),
        K::MissingAnchorOrAliasName => ("“&”或“*”后面缺少名称".into(), QUOTE),
        K::UnexpectedEof
        | K::UnexpectedEofBlockSequence
        | K::UnexpectedEofBlockMapping
        | K::UnexpectedEofImplicitFlowMapping => ("文件意外结束".into(), GENERAL),
        K::PlainScalarStartsWithDashFlowIndicator | K::UnexpectedEndOfPlainScalar => {
            ("这段文字的写法 YAML 读不懂".into(), QUOTE)
        }
        _ => match here {
            Some(c) => (format!("YAML 格式错误：在“{c}”处无法继续读取"), GENERAL),
            None => ("YAML 格式错误：文件在这里无法继续读取".into(), GENERAL),
        },
    };
    (message, hint.to_owned())
}
