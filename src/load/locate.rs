//! Where each value of a YAML file stands: an index from a path such as
//! `projects[0].partners[1]` to the line and column of the value and of its key.
//!
//! serde-saphyr's derive errors carry their own locations, but the plain model
//! structs keep none, so a value that parses fine and fails a later check (an
//! unknown member, totals that disagree, a required entry left out) would have
//! nowhere to point. This module owns those positions: it reads the text a second
//! time with serde-saphyr's own event parser (`granit_parser`) and records where
//! every node of the first document stands. Values and syntax errors stay with
//! the loader.
//!
//! Lines are 1-based; columns are 1-based and counted in characters (the parser
//! reports 0-based character columns, so Chinese text counts 1 per character).
//! A quoted scalar stands at its opening quote, an alias at its `*`, a flow
//! collection at its `{` or `[`, a block mapping at its first key, a block
//! sequence at its first `-`, an empty value at its `:`, and a literal or folded
//! scalar at its `|` or `>`. The parser reports a block scalar at its first line
//! of content (an empty one at the token after it) and a sequence indented no
//! deeper than its key at its first item, so those indicators are looked up in
//! the text.
//!
//! The index is built in one pass with an explicit stack and stored flat (nodes
//! refer to their children by number), so deep or huge files cost no recursion
//! and time linear in their size.

use std::collections::HashMap;

use serde_saphyr::granit_parser::{Event, Marker, Options, Parser, ScalarStyle, StructureStyle};

/// A position in a file: 1-based line, 1-based column counted in characters (not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    /// Where a diagnostic points when nothing better is known.
    const START: Pos = Pos { line: 1, column: 1 };

    /// The position of a parser marker (1-based line, 0-based character column).
    fn at(marker: Marker) -> Pos {
        Pos { line: marker.line().max(1), column: marker.col() + 1 }
    }
}

/// Where each value of a YAML document stands.
#[derive(Debug, Default, Clone)]
pub struct Locations {
    /// The nodes of the first document in document order; the root is `nodes[0]`.
    nodes: Vec<Node>,
    /// The entries of each mapping, key to node (duplicate keys: the first).
    mappings: Vec<HashMap<String, usize>>,
    /// The items of each sequence, in order.
    sequences: Vec<Vec<usize>>,
}

#[derive(Debug, Clone)]
struct Node {
    /// `None` only for a mapping entry whose value a syntax error cut off.
    value: Option<Pos>,
    /// The key's position, for a mapping entry.
    key: Option<Pos>,
    kind: Kind,
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Scalar,
    /// Index into `Locations::mappings`.
    Mapping(usize),
    /// Index into `Locations::sequences`.
    Sequence(usize),
}

impl Locations {
    /// Index `text`. Never panics; on a syntax error it returns what it indexed before the error
    /// (the loader reports syntax errors separately).
    pub fn index(text: &str) -> Locations {
        let mut options = Options::default();
        // Follow the text as deep as it goes: the stack below is explicit, and how
        // deep a report may nest is the loader's limit, not the index's.
        options.flow_nesting_limit = usize::MAX;
        options.block_nesting_limit = usize::MAX;
        // An alias to a missing anchor still has a position; keep indexing past it.
        options.emit_unresolved_aliases = true;
        options.set_emit_comments(false);

        let mut builder = Builder { text, index: Locations::default(), stack: Vec::new(), last: None };
        for item in Parser::new_from_str_with_options(text, options) {
            let Ok((event, span)) = item else {
                builder.cut_off();
                break;
            };
            let start = Pos::at(span.start);
            match event {
                Event::Scalar(value, ScalarStyle::Literal | ScalarStyle::Folded, ..) => {
                    let pos = builder.indicator(span.start, &['|', '>']).unwrap_or(start);
                    builder.node(pos, Some(&value), Shape::Leaf);
                }
                Event::Scalar(value, ..) => builder.node(start, Some(&value), Shape::Leaf),
                Event::Alias(_) | Event::UnresolvedAlias(_) => builder.node(start, None, Shape::Leaf),
                Event::MappingStart(..) => builder.node(start, None, Shape::Mapping),
                Event::SequenceStart(StructureStyle::Block, ..) => {
                    let pos = builder.dash(span.start).unwrap_or(start);
                    builder.node(pos, None, Shape::Sequence);
                }
                Event::SequenceStart(..) => builder.node(start, None, Shape::Sequence),
                Event::MappingEnd | Event::SequenceEnd => {
                    builder.stack.pop();
                }
                // Only the first document matters.
                Event::DocumentEnd => break,
                _ => {}
            }
            builder.last = Some(span.end);
        }
        builder.index
    }

    /// Position of the value at `path`, e.g. "alliance.name", "members[3].code",
    /// "projects[0].partners[1]", "" for the root. For a mapping or sequence value: the position
    /// of its first token (for a block mapping, its first key; for flow, the `{`/`[`).
    pub fn value(&self, path: &str) -> Option<Pos> {
        self.walk(path).ok().and_then(|node| self.nodes[node].value)
    }

    /// Position of the key of the mapping entry at `path` (e.g. the `code` in `code: 9114...`).
    pub fn key(&self, path: &str) -> Option<Pos> {
        self.walk(path).ok().and_then(|node| self.nodes[node].key)
    }

    /// The value's position if present, else its key's, else the nearest ancestor's value, else
    /// line 1 column 1 — never fails; for diagnostics about missing or derived things.
    pub fn best(&self, path: &str) -> Pos {
        // Every node but a cut-off entry has a value, and a cut-off entry has no
        // children, so the deepest node reached is the one to ask.
        let node = match self.walk(path) {
            Ok(node) => Some(node),
            Err(deepest) => deepest,
        };
        node.and_then(|node| self.nodes[node].value.or(self.nodes[node].key)).unwrap_or(Pos::START)
    }

    /// Keys of the mapping at `path` in document order with their positions (used to report
    /// unknown keys and to point at a mapping when a required key is missing).
    pub fn keys(&self, path: &str) -> Vec<(String, Pos)> {
        let Ok(node) = self.walk(path) else { return Vec::new() };
        let Kind::Mapping(mapping) = self.nodes[node].kind else { return Vec::new() };
        // Nodes are numbered in document order.
        let mut entries: Vec<(usize, &String)> =
            self.mappings[mapping].iter().map(|(name, &node)| (node, name)).collect();
        entries.sort_unstable_by_key(|&(node, _)| node);
        entries
            .into_iter()
            .filter_map(|(node, name)| self.nodes[node].key.map(|key| (name.clone(), key)))
            .collect()
    }

    /// Follows `path` from the root: the node it names, or else the deepest node
    /// reached (`None` when the document is empty).
    fn walk(&self, path: &str) -> Result<usize, Option<usize>> {
        if self.nodes.is_empty() {
            return Err(None);
        }
        let mut node = 0;
        let mut rest = path;
        while !rest.is_empty() {
            let next = if let Some(after) = rest.strip_prefix('[') {
                let Some((index, after)) = after.split_once(']') else { return Err(Some(node)) };
                rest = after;
                match (self.nodes[node].kind, index.parse::<usize>()) {
                    (Kind::Sequence(sequence), Ok(index)) => self.sequences[sequence].get(index).copied(),
                    _ => None,
                }
            } else {
                // A key: at the start of the path, or after a `.`.
                let after = if rest.len() == path.len() { Some(rest) } else { rest.strip_prefix('.') };
                let Some(after) = after else { return Err(Some(node)) };
                let (name, after) = after.split_at(after.find(['.', '[']).unwrap_or(after.len()));
                rest = after;
                match self.nodes[node].kind {
                    Kind::Mapping(mapping) => self.mappings[mapping].get(name).copied(),
                    _ => None,
                }
            };
            node = next.ok_or(Some(node))?;
        }
        Ok(node)
    }
}

/// What a node event starts.
#[derive(Clone, Copy)]
enum Shape {
    Leaf,
    Mapping,
    Sequence,
}

/// A collection being read. `None` for one that is not indexed: a key that is
/// not a scalar, the value of a duplicate key, and anything inside those.
enum Frame {
    Mapping { mapping: Option<usize>, next: Next },
    Sequence { sequence: Option<usize> },
}

/// What the next node of a mapping is.
enum Next {
    Key,
    /// The value of the key just read: its name and position, or `None` when it
    /// is not indexed.
    Value(Option<(String, Pos)>),
}

/// Where the node of an event goes.
enum Slot {
    Root,
    Item(usize),
    Entry(usize, String, Pos),
    /// A key of a mapping (`None` when the mapping is not indexed).
    Key(Option<usize>),
    Skip,
}

struct Builder<'t> {
    text: &'t str,
    index: Locations,
    stack: Vec<Frame>,
    /// Where the previous event ended.
    last: Option<Marker>,
}

impl Builder<'_> {
    /// Records the node of a scalar (`scalar` is its text), alias or collection start.
    fn node(&mut self, pos: Pos, scalar: Option<&str>, shape: Shape) {
        let slot = self.slot();
        let key = match slot {
            Slot::Skip => return self.open(shape, None),
            Slot::Key(mapping) => {
                let entry = match (mapping, scalar) {
                    (Some(mapping), Some(name)) if !self.index.mappings[mapping].contains_key(name) => {
                        Some((name.to_owned(), pos))
                    }
                    // Not a scalar, or a duplicate: the first one stands.
                    _ => None,
                };
                if let Some(Frame::Mapping { next, .. }) = self.stack.last_mut() {
                    *next = Next::Value(entry);
                }
                return self.open(shape, None);
            }
            Slot::Entry(_, _, key) => Some(key),
            Slot::Root | Slot::Item(_) => None,
        };
        let kind = match shape {
            Shape::Leaf => Kind::Scalar,
            Shape::Mapping => {
                self.index.mappings.push(HashMap::new());
                Kind::Mapping(self.index.mappings.len() - 1)
            }
            Shape::Sequence => {
                self.index.sequences.push(Vec::new());
                Kind::Sequence(self.index.sequences.len() - 1)
            }
        };
        let node = self.index.nodes.len();
        self.index.nodes.push(Node { value: Some(pos), key, kind });
        match slot {
            Slot::Item(sequence) => self.index.sequences[sequence].push(node),
            Slot::Entry(mapping, name, _) => {
                self.index.mappings[mapping].insert(name, node);
            }
            _ => {}
        }
        match kind {
            Kind::Scalar => {}
            Kind::Mapping(mapping) => self.open(shape, Some(mapping)),
            Kind::Sequence(sequence) => self.open(shape, Some(sequence)),
        }
    }

    /// Where the next node goes; moves the enclosing mapping on from key to value
    /// and back.
    fn slot(&mut self) -> Slot {
        match self.stack.last_mut() {
            None if self.index.nodes.is_empty() => Slot::Root,
            None => Slot::Skip,
            Some(Frame::Sequence { sequence: Some(sequence) }) => Slot::Item(*sequence),
            Some(Frame::Sequence { sequence: None }) => Slot::Skip,
            Some(Frame::Mapping { mapping, next }) => match std::mem::replace(next, Next::Key) {
                Next::Key => Slot::Key(*mapping),
                Next::Value(Some((name, key))) => match mapping {
                    Some(mapping) => Slot::Entry(*mapping, name, key),
                    None => Slot::Skip,
                },
                Next::Value(None) => Slot::Skip,
            },
        }
    }

    /// Pushes the frame of a collection that starts (`index`: its mapping or
    /// sequence, `None` when not indexed).
    fn open(&mut self, shape: Shape, index: Option<usize>) {
        match shape {
            Shape::Leaf => {}
            Shape::Mapping => self.stack.push(Frame::Mapping { mapping: index, next: Next::Key }),
            Shape::Sequence => self.stack.push(Frame::Sequence { sequence: index }),
        }
    }

    /// After a syntax error: a key whose value was cut off still gets its own
    /// position.
    fn cut_off(&mut self) {
        let Some(Frame::Mapping { mapping: Some(mapping), next: Next::Value(entry) }) = self.stack.last_mut()
        else {
            return;
        };
        let (mapping, Some((name, key))) = (*mapping, entry.take()) else { return };
        let node = self.index.nodes.len();
        self.index.nodes.push(Node { value: None, key: Some(key), kind: Kind::Scalar });
        self.index.mappings[mapping].insert(name, node);
    }

    /// The `-` of the block sequence the parser reports at `start`: that is the
    /// `-` itself, except for a sequence indented no deeper than its key, which
    /// the parser reports at its first item.
    fn dash(&self, start: Marker) -> Option<Pos> {
        let text = self.text.get(start.byte_offset()?..)?;
        if text.starts_with('-') { None } else { self.indicator(start, &['-']) }
    }

    /// The first of the `wanted` indicators between the previous event and `start`;
    /// for a block scalar, which the parser reports at its first line of content,
    /// its `|` or `>`. Only indicators (`:`, `-`, `?`), properties (`&anchor`,
    /// `!tag`), blanks, line breaks and comments can stand there.
    fn indicator(&self, start: Marker, wanted: &[char]) -> Option<Pos> {
        let last = self.last?;
        let between = self.text.get(last.byte_offset()?..start.byte_offset()?)?;
        let (mut line, mut column) = (last.line(), last.col());
        let mut chars = between.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                c if wanted.contains(&c) => return Some(Pos { line: line.max(1), column: column + 1 }),
                '\n' => {
                    line += 1;
                    column = 0;
                    continue;
                }
                '\r' if chars.peek() != Some(&'\n') => {
                    line += 1;
                    column = 0;
                    continue;
                }
                // A comment runs to the end of the line, a property to the next blank.
                '#' | '&' | '!' => {
                    let end: &[char] = if c == '#' { &['\n', '\r'] } else { &[' ', '\t', '\n', '\r'] };
                    while chars.next_if(|next| !end.contains(next)).is_some() {
                        column += 1;
                    }
                }
                ' ' | '\t' | '\r' | ':' | '-' | '?' | '\u{feff}' => {}
                _ => return None,
            }
            column += 1;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize, column: usize) -> Option<Pos> {
        Some(Pos { line, column })
    }

    #[test]
    fn finds_nested_mapping_values() {
        let text = "\
alliance:
  name: 山西煤基新材料产业技术创新战略联盟
  founded: 2015-06
  contact:
    person: 王明
    phone: \"0351-1234567\"
level: 省级
";
        let index = Locations::index(text);
        assert_eq!(index.value(""), at(1, 1));
        assert_eq!(index.key(""), None);
        assert_eq!(index.value("alliance"), at(2, 3));
        assert_eq!(index.key("alliance"), at(1, 1));
        assert_eq!(index.value("alliance.name"), at(2, 9));
        assert_eq!(index.key("alliance.name"), at(2, 3));
        assert_eq!(index.value("alliance.contact"), at(5, 5));
        assert_eq!(index.value("alliance.contact.person"), at(5, 13));
        assert_eq!(index.value("alliance.contact.phone"), at(6, 12));
        assert_eq!(index.value("level"), at(7, 8));
        assert_eq!(index.value("alliance.missing"), None);
        assert_eq!(index.value("alliance.name.deeper"), None);
        assert_eq!(index.value("alliance[0]"), None);
    }

    #[test]
    fn finds_sequence_items_and_their_fields() {
        let text = "\
members:
  - code: 91140100MA0K1234X1
    name: 晋源煤基新材料股份有限公司
  - code: \"91140100MA0K5678Y2\"
    roles: [理事长单位, 成员]
    notes:
    - 第一条
    -   第二条
";
        let index = Locations::index(text);
        assert_eq!(index.value("members"), at(2, 3));
        assert_eq!(index.value("members[0]"), at(2, 5));
        assert_eq!(index.key("members[0]"), None);
        assert_eq!(index.value("members[0].code"), at(2, 11));
        assert_eq!(index.key("members[0].code"), at(2, 5));
        assert_eq!(index.value("members[1].code"), at(4, 11));
        assert_eq!(index.value("members[1].roles"), at(5, 12));
        assert_eq!(index.value("members[1].roles[1]"), at(5, 20));
        assert_eq!(index.value("members[1].notes"), at(7, 5));
        assert_eq!(index.value("members[1].notes[1]"), at(8, 9));
        assert_eq!(index.value("members[2]"), None);
        assert_eq!(index.value("members[x]"), None);
        assert_eq!(index.value("members.code"), None);
    }

    #[test]
    fn counts_columns_in_characters_after_chinese_text() {
        let text = "\
name: 太原
cities:
  - 名称: 太原
    备注: \"省会\" # 注释
城市: [太原, 大同]
";
        let index = Locations::index(text);
        assert_eq!(index.value("name"), at(1, 7));
        assert_eq!(index.key("cities[0].名称"), at(3, 5));
        assert_eq!(index.value("cities[0].名称"), at(3, 9));
        assert_eq!(index.value("cities[0].备注"), at(4, 9));
        assert_eq!(index.value("城市"), at(5, 5));
        assert_eq!(index.value("城市[1]"), at(5, 10));
    }

    #[test]
    fn points_at_the_opening_quote() {
        let text = "\
a: \"双引号\"
b:   '单引号'
\"c\": \"多行
  继续\"
list:
  - 'x'
";
        let index = Locations::index(text);
        assert_eq!(index.value("a"), at(1, 4));
        assert_eq!(index.value("b"), at(2, 6));
        assert_eq!(index.key("c"), at(3, 1));
        assert_eq!(index.value("c"), at(3, 6));
        assert_eq!(index.value("list[0]"), at(6, 5));
    }

    #[test]
    fn points_at_block_scalar_indicators_and_aliases() {
        let text = "\
---
literal: |
  第一行
  第二行
empty: >-
folded: !!str &text >

  后文
plain: 第一行
  接着
items:
  - |+ # 注释
    x
  - *text
  - *missing
";
        let index = Locations::index(text);
        assert_eq!(index.value(""), at(2, 1));
        assert_eq!(index.value("literal"), at(2, 10));
        assert_eq!(index.value("empty"), at(5, 8));
        assert_eq!(index.value("folded"), at(6, 21));
        assert_eq!(index.value("plain"), at(9, 8));
        assert_eq!(index.value("items[0]"), at(12, 5));
        assert_eq!(index.value("items[1]"), at(14, 5));
        assert_eq!(index.value("items[2]"), at(15, 5));
    }

    #[test]
    fn handles_flow_collections() {
        let text = "\
{a: 1, \"b\": [x, {c: d}],
 e: {f: [], g: {}},
 h: , i: [1,
   2]}
";
        let index = Locations::index(text);
        assert_eq!(index.value(""), at(1, 1));
        assert_eq!(index.value("a"), at(1, 5));
        assert_eq!(index.key("b"), at(1, 8));
        assert_eq!(index.value("b"), at(1, 13));
        assert_eq!(index.value("b[0]"), at(1, 14));
        assert_eq!(index.value("b[1]"), at(1, 17));
        assert_eq!(index.value("b[1].c"), at(1, 21));
        assert_eq!(index.value("e.f"), at(2, 9));
        assert_eq!(index.value("e.g"), at(2, 16));
        assert_eq!(index.key("h"), at(3, 2));
        assert_eq!(index.value("h"), at(3, 3));
        assert_eq!(index.value("i[1]"), at(4, 4));
        assert_eq!(index.value("[0]"), None);
    }

    #[test]
    fn best_falls_back_to_key_then_parent() {
        let index = Locations::index("alliance:\n  name: 联盟\n  members: [a, b]\ncode: \"unterminated\n");
        assert_eq!(index.best("alliance.name"), Pos { line: 2, column: 9 });
        // A syntax error cut the value off; the key remains.
        assert_eq!(index.value("code"), None);
        assert_eq!(index.key("code"), at(4, 1));
        assert_eq!(index.best("code"), Pos { line: 4, column: 1 });
        assert_eq!(index.best("code.deeper"), Pos { line: 4, column: 1 });
        // Missing things: the nearest ancestor.
        assert_eq!(index.best("alliance.founded"), Pos { line: 2, column: 3 });
        assert_eq!(index.best("alliance.name.deeper[2]"), Pos { line: 2, column: 9 });
        assert_eq!(index.best("alliance.members[5]"), Pos { line: 3, column: 12 });
        assert_eq!(index.best("nothing"), Pos { line: 1, column: 1 });
        assert_eq!(index.best("alliance.bad]path"), Pos { line: 2, column: 3 });
        assert_eq!(Locations::index("").best(""), Pos { line: 1, column: 1 });
        assert_eq!(Locations::index("# only a comment\n").best("a.b"), Pos { line: 1, column: 1 });
    }

    #[test]
    fn lists_keys_in_order() {
        let text = "\
report:
  year: 2024
  name: 联盟
  ? [not, a, scalar]
  : ignored
  name: duplicate
  \"quoted key\": 1
  alias: {nested: x}
  zeta: 0
";
        let index = Locations::index(text);
        let keys = index.keys("report");
        let names: Vec<&str> = keys.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["year", "name", "quoted key", "alias", "zeta"]);
        assert_eq!(keys[1].1, Pos { line: 3, column: 3 });
        assert_eq!(keys[2].1, Pos { line: 7, column: 3 });
        // The first of duplicate keys stands.
        assert_eq!(index.value("report.name"), at(3, 9));
        assert_eq!(index.keys("").len(), 1);
        assert_eq!(index.keys("report.alias")[0].0, "nested");
        assert!(index.keys("report.year").is_empty());
        assert!(index.keys("report.missing").is_empty());
    }

    #[test]
    fn survives_syntax_errors() {
        let index = Locations::index("a: 1\nb: [1, 2\nc: 3\n");
        assert_eq!(index.value("a"), at(1, 4));
        assert_eq!(index.value("b[0]"), at(2, 5));

        let index = Locations::index("a: 1\nb: c: d\n");
        assert_eq!(index.value("a"), at(1, 4));

        // Only the first document matters.
        let index = Locations::index("a: 1\n---\nb: 2\n");
        assert_eq!(index.value("a"), at(1, 4));
        assert_eq!(index.value("b"), None);

        let short = [
            "", "---", "...", "]", "}", "{", "[", ":", "- - -", "&a", "*a", "!!", "|", ">\n", "\"", "'",
            "? ", "?\n:", "\t- x", "{a: [}", "[a: {]",
        ];
        let long = [
            "\u{feff}",
            "a: |\n\tx",
            "- &a [*a]",
            "a: 1\n a: 2",
            "\"\\u12\"",
            "[\u{feff}]",
            "- |0\n x",
            "a:\n  - b\n c: d",
            "%YAML 1.2\n%YAML 1.2\n---",
            "a: &x\n  b: *x\n  c: *y",
            "a:\r\n  - b\r\n  - 'c",
            "a: >\n  x\n b",
        ];
        for text in short.into_iter().chain(long) {
            let index = Locations::index(text);
            let _ = (index.value("a"), index.keys(""), index.best("a[0].b"));
        }
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        const DEPTH: usize = 10_000;
        let run = || {
            let flow = format!("{}x{}", "[".repeat(DEPTH), "]".repeat(DEPTH));
            let index = Locations::index(&flow);
            assert_eq!(index.value(&"[0]".repeat(DEPTH)), at(1, DEPTH + 1));

            let map = format!("{}x{}", "{a: ".repeat(DEPTH), "}".repeat(DEPTH));
            let index = Locations::index(&map);
            assert_eq!(index.value(&vec!["a"; DEPTH].join(".")), at(1, 4 * DEPTH + 1));

            let block = format!("{}x\n", "- ".repeat(DEPTH));
            let index = Locations::index(&block);
            assert_eq!(index.value(&"[0]".repeat(DEPTH)), at(1, 2 * DEPTH + 1));

            // A syntax error after the deep part, and one that leaves it unclosed. (The
            // parser holds back the events of up to 1 KiB of text before an error.)
            let index = Locations::index(&format!("{flow}]"));
            assert_eq!(index.value(&"[0]".repeat(DEPTH / 2)), at(1, DEPTH / 2 + 1));
            let index = Locations::index(&"[".repeat(DEPTH));
            assert_eq!(index.value(&"[0]".repeat(DEPTH / 2)), at(1, DEPTH / 2 + 1));
        };
        let thread = std::thread::Builder::new().stack_size(2 << 20).spawn(run).unwrap();
        thread.join().unwrap();
    }

    #[test]
    fn finds_positions_in_a_projects_table() {
        let text = "\
# 表1 技术合作创新项目一览表（示例，项目与单位均为虚构）
# 金额单位为万元，只写数字，最多两位小数；财政经费不大于总投入。

projects:
  - name: 煤基高性能碳纤维原丝制备关键技术及示范      # 项目名称
    number: \"2021YFB3704600\"                          # 项目编号（加引号）
    started: 2021-12                                  # 立项时间：2021-12-15 或 2021-12
    source: 国家级项目                                # 项目来源
    lead_unit: 晋源煤基新材料股份有限公司            # 牵头单位
    partners:                                         # 主要合作单位（每行一个）
      - 汾河工业大学
      - 长治沁岭碳纤维科技有限公司
      - 三晋煤基材料研究院
    total_investment: 2860                            # 总投入（万元）
    public_funds: 980                                 # 财政经费（万元）
    status: 在研                                      # 项目实施情况：在研 / 完成

  - name: 煤沥青分子结构调控与高性能炭材料构筑机制研究
    number: \"U2110467\"
    started: 2020-12
    partners:
    total_investment: 260
";
        let index = Locations::index(text);
        assert_eq!(index.value("projects"), at(5, 3));
        assert_eq!(index.value("projects[0]"), at(5, 5));
        assert_eq!(index.value("projects[0].name"), at(5, 11));
        assert_eq!(index.value("projects[0].number"), at(6, 13));
        assert_eq!(index.value("projects[0].partners"), at(11, 7));
        assert_eq!(index.value("projects[0].partners[2]"), at(13, 9));
        assert_eq!(index.value("projects[0].public_funds"), at(15, 19));
        assert_eq!(index.key("projects[0].status"), at(16, 5));
        assert_eq!(index.value("projects[1].started"), at(20, 14));
        // An empty value stands at its colon.
        assert_eq!(index.value("projects[1].partners"), at(21, 13));
        assert_eq!(index.best("projects[1].partners[0]"), Pos { line: 21, column: 13 });
        assert_eq!(index.best("projects[1].status"), Pos { line: 18, column: 5 });
        let keys: Vec<String> = index.keys("projects[0]").into_iter().map(|(name, _)| name).collect();
        assert_eq!(
            keys,
            [
                "name",
                "number",
                "started",
                "source",
                "lead_unit",
                "partners",
                "total_investment",
                "public_funds",
                "status"
            ]
        );
    }
}
