//! A YAML file's tree read into [`Record`]s by the catalogue: each key
//! matched to its field, each value read as the field's kind, every problem
//! located at the key or value it concerns. Nothing is parsed twice and
//! nothing is left out silently: an unknown key is named (and read as the
//! key it most likely means, so its value is still checked), a value of the
//! wrong kind is named and its slot marked broken.

use super::scalar::{self, Wrong};
use crate::diag::{Diagnostic, Rule};
use crate::form::{Field, Kind};
use crate::model::{Item, Record, Slot, Value};
use crate::suggest;
use crate::yaml::{self, Node, Span};

/// Reads the trees of one file.
pub struct Reader<'a> {
    pub file: &'static str,
    pub text: &'a str,
    pub lines: yaml::Lines,
    pub diagnostics: Vec<Diagnostic>,
}

/// More problems than this in one file are not worth reporting one by one.
const MAX_PROBLEMS: usize = 200;

impl Reader<'_> {
    /// Records an error at byte `at`.
    pub fn error(&mut self, rule: Rule, at: usize, message: String, hint: impl Into<String>) {
        if self.diagnostics.len() < MAX_PROBLEMS {
            let (line, column) = self.lines.position(self.text, at);
            self.diagnostics.push(Diagnostic::error(rule, self.file, line, column, message).with_hint(hint));
        }
    }

    /// The mapping `node` read as `fields`; `at` stands for it when it has
    /// no position of its own.
    pub fn record(&mut self, node: &Node, fields: &'static [Field], at: Span, path: String) -> Record {
        let mut record = Record::empty(self.file, fields, at, path);
        let yaml::Value::Mapping(entries) = &node.value else {
            if !node.is_null() {
                self.error(
                    Rule::Value,
                    node.span.start,
                    format!("这里应是一组“键: 值”，实际写的是{}", shape(node)),
                    "在下一行缩进后逐项写“键: 值”",
                );
            }
            return record;
        };
        let keys: Vec<&str> = fields.iter().map(|f| f.key).collect();
        for entry in entries {
            let index = match fields.iter().position(|f| f.key == entry.key) {
                Some(i) => i,
                None => {
                    let shown = visible(&entry.key);
                    self.error(
                        Rule::Keys,
                        entry.key_span.start,
                        format!("不认识的键“{shown}”"),
                        suggest::with_closest(&entry.key, &keys, "这里可以用的键"),
                    );
                    // Read as the key it most likely means, when that one is
                    // not written too.
                    let meant = suggest::closest(&entry.key, &keys)
                        .filter(|m| !entries.iter().any(|e| e.key == *m))
                        .and_then(|m| fields.iter().position(|f| f.key == m));
                    match meant {
                        Some(i) if record.slots[i].key.is_none() => i,
                        _ => continue,
                    }
                }
            };
            let field = &fields[index];
            let mut slot = Slot { span: entry.value.span, key: Some(entry.key_span), ..Slot::default() };
            if entry.value.is_null() {
                slot.span = entry.key_span;
            } else {
                match self.value(field, &entry.value, &record.path_of(field.key)) {
                    Some(Value::Group(mut group)) => {
                        // A group stands at its key.
                        group.at = entry.key_span;
                        slot.value = Some(Value::Group(group));
                    }
                    Some(value) => slot.value = Some(value),
                    None => slot.broken = true,
                }
            }
            record.slots[index] = slot;
        }
        record
    }

    /// The value of `field` in `node`; `None` (reported) when it is not of
    /// the field's kind.
    fn value(&mut self, field: &'static Field, node: &Node, path: &str) -> Option<Value> {
        let at = node.span.start;
        match &field.kind {
            Kind::Group(fields) => {
                let record = self.record(node, fields, node.span, path.to_owned());
                return is_mapping(node).then_some(Value::Group(record));
            }
            Kind::Rows(table) => {
                let items = self.sequence(field, node)?;
                let rows = items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| self.record(item, table.fields, item.span, format!("{path}[{i}]")))
                    .collect();
                return Some(Value::Rows(rows));
            }
            Kind::TextList | Kind::Choices(_) => {
                let items = self.sequence(field, node)?;
                let mut list = Vec::new();
                let mut ok = true;
                for item in items {
                    match self.scalar_of(field, item).map(scalar::text) {
                        Some(Ok(text)) => {
                            if field.words().is_empty() || field.words().contains(&text.trim()) {
                                list.push(Item { text, span: item.span });
                            } else {
                                self.not_a_word(field, &text, item.span.start);
                                ok = false;
                            }
                        }
                        Some(Err(wrong)) => {
                            self.wrong(field, item, wrong);
                            ok = false;
                        }
                        None => ok = false,
                    }
                }
                return ok.then_some(Value::List(list));
            }
            Kind::Pair(first, second) => {
                let items = self.sequence(field, node)?;
                let counts: Vec<Option<u32>> = items
                    .iter()
                    .map(|item| {
                        let s = self.scalar_of(field, item)?;
                        scalar::count(scalar::half_width(s).as_ref().unwrap_or(s)).ok()
                    })
                    .collect();
                return match counts.as_slice() {
                    [Some(a), Some(b)] => Some(Value::Pair(*a, *b)),
                    _ => {
                        self.error(
                            Rule::Value,
                            at,
                            format!("“{}”应填两个数：{first}数和{second}数", field.label),
                            format!("写成 [{first}数, {second}数]，例如 [3, 2]；没有就写 [0, 0]"),
                        );
                        None
                    }
                };
            }
            _ => {}
        }
        let s = self.scalar_of(field, node)?;
        // Full-width digits and letters from an input method, where they
        // can only mean the half-width ones.
        let normal = match &field.kind {
            Kind::Format(_) | Kind::Date | Kind::Count | Kind::Amount | Kind::Year | Kind::Number(_) => {
                scalar::half_width(s)
            }
            _ => None,
        };
        let s = normal.as_ref().unwrap_or(s);
        let read = match &field.kind {
            Kind::Text | Kind::Format(_) => scalar::text(s).map(Value::Text),
            Kind::Date => scalar::date(s).map(Value::Date),
            Kind::Count => scalar::count(s).map(Value::Count),
            Kind::Amount => scalar::amount(s).map(Value::Amount),
            Kind::Year => scalar::year(s).map(Value::Year),
            Kind::Flag => scalar::flag(s).map(Value::Flag),
            Kind::Number(n) => scalar::count(s).and_then(|k| {
                if (1..=*n).contains(&k) {
                    Ok(Value::Count(k))
                } else {
                    Err(Wrong::Invalid(format!("只有 1 到 {n}，这里写的是 {k}")))
                }
            }),
            Kind::Choice(choice) => scalar::text(s).and_then(|word| {
                if choice.open || choice.words.contains(&word.trim()) {
                    Ok(Value::Choice(word))
                } else {
                    Err(Wrong::Invalid(word))
                }
            }),
            Kind::Choices(_) | Kind::TextList | Kind::Pair(..) | Kind::Group(_) | Kind::Rows(_) => {
                unreachable!()
            }
        };
        match read {
            Ok(value) => Some(value),
            Err(Wrong::Invalid(word)) if matches!(field.kind, Kind::Choice(_)) => {
                self.not_a_word(field, &word, at);
                None
            }
            Err(wrong) => {
                self.wrong(field, node, wrong);
                None
            }
        }
    }

    /// The items of a sequence, or `None` (reported) for anything else.
    fn sequence<'n>(&mut self, field: &Field, node: &'n Node) -> Option<&'n [Node]> {
        match &node.value {
            yaml::Value::Sequence(items) => Some(items),
            _ => {
                self.error(
                    Rule::Value,
                    node.span.start,
                    format!("“{}”应填列表，实际写的是{}", field.label, shape(node)),
                    "列表每项一行，以“- ”开头；或写成 [甲, 乙]",
                );
                None
            }
        }
    }

    /// The scalar of `node`, or `None` (reported) for a collection.
    fn scalar_of<'n>(&mut self, field: &Field, node: &'n Node) -> Option<&'n yaml::Scalar> {
        match &node.value {
            yaml::Value::Scalar(s) => Some(s),
            _ => {
                self.error(
                    Rule::Value,
                    node.span.start,
                    format!("“{}”应填{}，实际写的是{}", field.label, expected(field), shape(node)),
                    field.hint,
                );
                None
            }
        }
    }

    fn wrong(&mut self, field: &Field, node: &Node, wrong: Wrong) {
        let at = node.span.start;
        let raw = yaml::raw(self.text, node.span).trim().to_owned();
        match wrong {
            Wrong::Lossy => self.error(
                Rule::Value,
                at,
                format!("“{}”写的是 {raw}：不加引号时，编辑器和其他软件会把它读成另一个数", field.label),
                format!("请加引号，写成 \"{raw}\"，原样保留每一位数字"),
            ),
            Wrong::Kind(found) => self.error(
                Rule::Value,
                at,
                format!("“{}”应填{}，实际写的是{found}", field.label, expected(field)),
                field.hint,
            ),
            Wrong::Invalid(why) => self.error(Rule::Value, at, format!("{}：{why}", field.label), field.hint),
        }
    }

    fn not_a_word(&mut self, field: &Field, word: &str, at: usize) {
        let words = field.words();
        self.error(
            Rule::Vocabulary,
            at,
            format!("“{}”不是“{}”可以填的选项", visible(word.trim()), field.label),
            suggest::with_closest(word.trim(), words, "可选的值"),
        );
    }
}

fn is_mapping(node: &Node) -> bool {
    matches!(node.value, yaml::Value::Mapping(_))
}

/// What a node is, for a message.
fn shape(node: &Node) -> String {
    match &node.value {
        yaml::Value::Scalar(s) => scalar::described(s),
        yaml::Value::Mapping(_) => "一组“键: 值”".into(),
        yaml::Value::Sequence(_) => "列表".into(),
    }
}

/// What a field wants, for a message.
pub fn expected(field: &Field) -> String {
    match &field.kind {
        Kind::Text | Kind::Format(_) => "文字".into(),
        Kind::Date => "日期（例如 2023-03-15 或 2023-03）".into(),
        Kind::Count => "不带小数的非负整数（例如 0、12）".into(),
        Kind::Amount => "金额（只写数字，最多两位小数，例如 1200.50）".into(),
        Kind::Year => "四位数的年份（例如 2024）".into(),
        Kind::Flag => "true 或 false".into(),
        Kind::Number(n) => format!("1 到 {n} 的数字"),
        Kind::Choice(_) => format!("表格规定的选项之一：{}", field.words().join("、")),
        Kind::Choices(_) | Kind::TextList | Kind::Rows(_) => {
            "列表（每项一行，以“- ”开头，或写成 [甲, 乙]）".into()
        }
        Kind::Pair(first, second) => format!("两个数，写成 [{first}数, {second}数]"),
        Kind::Group(_) => "一组“键: 值”（下一行缩进后逐项填写）".into(),
    }
}

pub use crate::diag::{invisible_name, visible};
