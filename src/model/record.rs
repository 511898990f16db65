//! A mapping of a YAML file read by the catalogue: one slot per field of
//! the catalogue, in its order, each with the value found and where it
//! stands, so that every check points at the value it judges.

use super::{Amount, Date};
use crate::form::{self, Field};
use crate::yaml::Span;

/// The values of one mapping (a file's root, a group, a row).
#[derive(Debug, Clone)]
pub struct Record {
    /// The file it was read from.
    pub file: &'static str,
    /// Its fields, as the catalogue lists them.
    pub fields: &'static [Field],
    /// Where the mapping stands (for a row, its first key; for a group, its key).
    pub at: Span,
    /// Its place in the file, as keys and indices: `alliance`, `projects[2]`
    /// (empty for the file's root).
    pub path: String,
    /// One per field, in the catalogue's order.
    pub slots: Vec<Slot>,
}

/// What one field holds.
#[derive(Debug, Clone, Default)]
pub struct Slot {
    /// The value; `None` when the field is left out, empty, or could not be
    /// read (see `broken`).
    pub value: Option<Value>,
    /// Where the value stands; where the mapping stands when it is left out.
    pub span: Span,
    /// Where the key stands, when it is there.
    pub key: Option<Span>,
    /// The value was written but could not be read: load reported it, and
    /// `check` does not report it missing as well.
    pub broken: bool,
}

/// A value of a field, of the field's kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Count(u32),
    Amount(Amount),
    Date(Date),
    Year(i32),
    Flag(bool),
    /// A word of a vocabulary (of an open one, perhaps another word).
    Choice(String),
    /// Words of a vocabulary, or texts.
    List(Vec<Item>),
    Pair(u32, u32),
    Group(Record),
    Rows(Vec<Record>),
}

/// A text of a list, with where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub text: String,
    pub span: Span,
}

impl PartialEq for Record {
    fn eq(&self, other: &Self) -> bool {
        self.file == other.file
            && self.fields.len() == other.fields.len()
            && self.slots.iter().zip(&other.slots).all(|(a, b)| a.value == b.value)
    }
}

impl Record {
    /// An empty record of `fields` (a file that could not be read).
    pub fn empty(file: &'static str, fields: &'static [Field], at: Span, path: String) -> Record {
        Record { file, fields, at, path, slots: vec![Slot { span: at, ..Slot::default() }; fields.len()] }
    }

    /// The path of field `key` of this record: `alliance.chairman`.
    pub fn path_of(&self, key: &str) -> String {
        if self.path.is_empty() { key.to_owned() } else { format!("{}.{key}", self.path) }
    }

    /// The slot of field `key`.
    pub fn slot(&self, key: &str) -> &Slot {
        &self.slots[form::index(self.fields, key)]
    }

    /// The field `key`.
    pub fn field(&self, key: &str) -> &'static Field {
        form::field(self.fields, key)
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.slot(key).value.as_ref()
    }

    /// A text or a chosen word, trimmed; `None` when blank.
    pub fn text(&self, key: &str) -> Option<&str> {
        match self.get(key) {
            Some(Value::Text(t) | Value::Choice(t)) => Some(t.trim()).filter(|t| !t.is_empty()),
            _ => None,
        }
    }

    pub fn count(&self, key: &str) -> Option<u32> {
        match self.get(key) {
            Some(Value::Count(n)) => Some(*n),
            _ => None,
        }
    }

    pub fn amount(&self, key: &str) -> Option<Amount> {
        match self.get(key) {
            Some(Value::Amount(a)) => Some(*a),
            _ => None,
        }
    }

    pub fn date(&self, key: &str) -> Option<Date> {
        match self.get(key) {
            Some(Value::Date(d)) => Some(*d),
            _ => None,
        }
    }

    pub fn pair(&self, key: &str) -> Option<(u32, u32)> {
        match self.get(key) {
            Some(Value::Pair(a, b)) => Some((*a, *b)),
            _ => None,
        }
    }

    /// The items of a list; empty when left out.
    pub fn list(&self, key: &str) -> &[Item] {
        match self.get(key) {
            Some(Value::List(items)) => items,
            _ => &[],
        }
    }

    /// The non-blank texts of a list, trimmed.
    pub fn texts(&self, key: &str) -> Vec<&str> {
        self.list(key).iter().map(|i| i.text.trim()).filter(|t| !t.is_empty()).collect()
    }

    pub fn group(&self, key: &str) -> Option<&Record> {
        match self.get(key) {
            Some(Value::Group(r)) => Some(r),
            _ => None,
        }
    }

    /// The rows of a table field; empty when left out.
    pub fn rows(&self, key: &str) -> &[Record] {
        match self.get(key) {
            Some(Value::Rows(rows)) => rows,
            _ => &[],
        }
    }

    /// A count of a group, 0 when the group or the count is left out (the
    /// 其中 lines of a breakdown).
    pub fn count_or_zero(&self, key: &str) -> u32 {
        self.count(key).unwrap_or(0)
    }
}
