//! The typed model of one report, as load returns it: every value of the
//! YAML files in a [`Record`] shaped by the catalogue ([`crate::form`]),
//! with where it stands in its file; the narrative answers, each parsed
//! once; and every other file the report uses, read and inspected
//! ([`Assets`]). Nothing after load reads the disk.

pub mod assets;
mod record;
pub mod values;

pub use assets::{Annotations, Asset, AssetKind, Assets, Format, Problem as FileProblem, SHEET};
pub use record::{Item, Record, Slot, Value};
pub use values::{Amount, Date};

use crate::form::{self, Edition, SectionPart, Table};
use crate::markdown::Converted;

/// Everything in one report folder.
#[derive(Debug, Clone)]
pub struct Report {
    /// The edition of the form the report follows (`form:`).
    pub edition: &'static Edition,
    /// The last year the tables cover: `end_year:`, else the edition's.
    pub end_year: i32,
    /// `report.yaml`: settings, 封面, 一, 七 and 八.
    pub info: Record,
    /// The rows of 五 and 表1–表5, in the order of [`form::TABLES`].
    pub tables: Vec<Vec<Record>>,
    /// `evidence/evidence.yaml`.
    pub evidence: Record,
    /// 二、三、四, in the form's order.
    pub sections: Vec<Section>,
    /// The files the report places: section images and evidence, by path
    /// relative to the report folder.
    pub assets: Assets,
    /// The text of every file read, for diagnostics that quote a line.
    pub sources: Sources,
    /// The PDFs and images under `evidence/` that no item lists, relative
    /// to the report folder.
    pub evidence_folder: Vec<String>,
}

impl Report {
    /// The rows of `table`.
    pub fn rows(&self, table: &Table) -> &[Record] {
        let i = form::TABLES.iter().position(|t| t.name == table.name).expect("a table of the form");
        &self.tables[i]
    }

    /// The answers of a narrative part.
    pub fn section(&self, part: SectionPart) -> &Section {
        self.sections.iter().find(|s| s.part == part).expect("every part is loaded")
    }

    /// `evidence_refs:` of `report.yaml`.
    pub fn evidence_refs(&self) -> bool {
        matches!(self.info.get("evidence_refs"), Some(Value::Flag(true)))
    }
}

/// The text of the report's files, by path relative to the report folder.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    texts: std::collections::BTreeMap<String, (String, crate::yaml::Lines)>,
}

impl Sources {
    pub fn insert(&mut self, path: &str, text: String) {
        let lines = crate::yaml::Lines::of(&text);
        self.texts.insert(path.to_owned(), (text, lines));
    }

    /// The line and column (1-based, the column in characters) of byte `at`
    /// of `path`.
    pub fn position(&self, path: &str, at: usize) -> (usize, usize) {
        match self.texts.get(path) {
            Some((text, lines)) => lines.position(text, at),
            None => (0, 0),
        }
    }

    pub fn text(&self, path: &str) -> Option<&str> {
        self.texts.get(path).map(|(t, _)| t.as_str())
    }

    /// Every file, by path.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.texts.iter().map(|(k, (v, _))| (k.as_str(), v.as_str()))
    }
}

/// One narrative part (二、三 or 四) split into the answers to its prompts.
#[derive(Debug, Clone)]
pub struct Section {
    pub part: SectionPart,
    /// The answer to each prompt, in prompt order; `None` where the file has
    /// no answer to that prompt.
    pub answers: Vec<Option<Answer>>,
}

impl Section {
    /// The file that holds the part.
    pub fn file(&self) -> &'static str {
        self.part.file()
    }
}

/// The author's Markdown under one prompt, and what its one parse found.
#[derive(Debug, Clone)]
pub struct Answer {
    pub markdown: String,
    /// 1-based line in the section file where the answer's heading stands.
    pub line: usize,
    /// 1-based line in the section file where `markdown` begins: line `n`
    /// of `markdown` is line `body_line + n - 1` of the file.
    pub body_line: usize,
    /// The answer as typst markup, with the images it places and the text it
    /// prints.
    pub converted: Converted,
}
