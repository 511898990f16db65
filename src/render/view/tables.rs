//! 五 and 表1–表5 for the templates, from the document's tables: the
//! header cells and every row's cells, each cut into the pieces that must
//! not break and set as a typst expression for the width its column gets
//! (see [`super::cells`]). One function lays out every table, by its
//! columns.

use serde::Serialize;

use super::anchors;
use super::cells::{self, Extent, Pieces};
use crate::breaks::Lexicon;
use crate::document::{self, Align, Orientation};

/// A header cell. `body` is a typst expression: a string or content (see
/// [`Pieces::cell`]), as is every cell below.
#[derive(Debug, Serialize)]
pub struct HeaderCell {
    pub label: &'static str,
    pub body: String,
    pub colspan: u32,
    pub rowspan: u32,
    /// How many lines the label takes.
    #[serde(skip)]
    pub lines: usize,
}

/// A table: its header rows and its rows of cells (序号 first), the width
/// and alignment of every column as typst arrays, and the rows that may be
/// taller than a page.
#[derive(Debug, Serialize)]
pub struct TableView {
    /// Where the table comes from (see [`crate::render::place_at`]):
    /// `tables/projects.yaml｜表1 技术合作创新项目一览表`.
    pub place: String,
    pub name: &'static str,
    pub title: &'static str,
    /// The part's heading: 五、联盟成员单位在联盟中的作用（简要说明）.
    pub heading: String,
    /// 续表1, on the pages the table continues onto.
    pub continued: String,
    /// The 注 under the table, from the catalogue.
    pub note: Option<&'static str>,
    /// The row across the table under its rows.
    pub foot: Option<&'static str>,
    pub header: Vec<Vec<HeaderCell>>,
    pub columns: String,
    pub align: String,
    pub rows: Vec<Vec<String>>,
    /// Each row's height, for a typst array: a length where the cells'
    /// lines are known (typst then measures nothing), else `auto`; each
    /// followed by a comma.
    pub heights: String,
    /// A typst array of the indices of the rows taller than a page under
    /// the header, which break across pages.
    pub tall: String,
}

/// The side margins of the pages the tables are set on, in mm: 五 on the
/// report's A4 portrait pages, 表1–表5 on landscape ones. The templates
/// take them from here, and the columns share the width between them.
pub const PORTRAIT_MARGIN: f64 = 22.0;
pub const LANDSCAPE_MARGIN: f64 = 20.0;

/// The short and long sides of A4 (`paper: "a4"` in `templates/lib.typ`),
/// in mm.
pub(super) const A4: (f64, f64) = (210.0, 297.0);

/// How many rows of a table [`cells::balance`] weighs at most.
const BALANCED: usize = 60;

/// The size of the lines set smaller under a cell's text (小五) in a
/// 五号 table.
const SMALL: f64 = 9.0 / cells::WU_HAO;

/// The text width of a page `side` mm wide with side margins `margin`, in
/// em of the tables' text.
pub(super) fn text_width(side: f64, margin: f64) -> f64 {
    (side - 2.0 * margin) * 72.0 / 25.4 / cells::WU_HAO
}

/// The tables' line spacing (`leading` of `data-table` in
/// `templates/lib.typ`) and their cells' insets above and below (`inset`
/// of `set table`), in em of 五号.
const LEADING: f64 = 0.5;
const INSET_Y: f64 = 5.0 / cells::WU_HAO;

/// The height of the portrait and landscape pages' text area, in em of
/// 五号 (`report` in `templates/lib.typ`: 25 and 22 mm top and bottom).
pub(super) fn text_height(orientation: Orientation) -> f64 {
    let side = match orientation {
        Orientation::Portrait => A4.1,
        Orientation::Landscape => A4.0,
    };
    (side - 25.0 - 22.0) * 72.0 / 25.4 / cells::WU_HAO
}

/// The height of a cell holding lines of these sizes (1 for 五号, [`SMALL`]
/// for 小五), with `line` the height of one line at 五号, in em of 五号.
pub(super) fn cell_height(sizes: impl Iterator<Item = f64>, line: f64) -> f64 {
    let (mut height, mut n) = (0.0, 0_usize);
    for size in sizes {
        height += size * line;
        n += 1;
    }
    height + LEADING * n.saturating_sub(1) as f64 + 2.0 * INSET_Y
}

/// A cell cut into pieces: its text, then its smaller lines, then the note
/// of the evidence that supports its row.
struct Cut {
    text: Pieces,
    aside: Vec<Pieces>,
    note: Option<Note>,
}

/// The note of the evidence that supports a row: （见附件 4-1、5-2）, each
/// number a link to the item's first page.
struct Note {
    pieces: Pieces,
    refs: Vec<String>,
    /// Whether it is set smaller, under other smaller lines.
    small: bool,
}

impl Note {
    fn scale(&self) -> f64 {
        if self.small { SMALL } else { 1.0 }
    }

    /// The note as typst content for `room` em of its column: its lines as
    /// every cell breaks them, the items' numbers links.
    fn typst(&self, room: f64, lexicon: &Lexicon) -> String {
        let room = room / self.scale();
        let lines = if self.pieces.wraps(room) {
            self.pieces.lines(room, lexicon)
        } else {
            vec![self.pieces.pieces().concat()]
        };
        let lines: Vec<String> = lines.iter().map(|l| linked_numbers(l, &self.refs)).collect();
        let body = format!("[{}]", lines.join(" \\ "));
        if self.small { format!("text(size: xiao-wu, {body})") } else { body }
    }
}

/// A line of a note as markup, each number of `refs` in it (a run of
/// digits and hyphens) a link to its item.
fn linked_numbers(line: &str, refs: &[String]) -> String {
    let mut out = String::new();
    let mut plain = String::new();
    let mut rest = line;
    while !rest.is_empty() {
        let run = rest.find(|c: char| !(c.is_ascii_digit() || c == '-')).unwrap_or(rest.len());
        let (word, after) = if run == 0 {
            let c = rest.chars().next().map_or(1, char::len_utf8);
            (&rest[..c], &rest[c..])
        } else {
            (&rest[..run], &rest[run..])
        };
        if run > 0 && refs.iter().any(|r| r == word) {
            out += &crate::escape::typst_text(&std::mem::take(&mut plain));
            out +=
                &format!("#{}", anchors::link(&anchors::evidence(word), &crate::escape::typst_display(word)));
        } else {
            plain.push_str(word);
        }
        rest = after;
    }
    out + &crate::escape::typst_text(&plain)
}

impl Cut {
    fn of(cell: &document::Cell) -> Cut {
        Cut {
            text: Pieces::of(&cell.text),
            aside: cell.aside.iter().map(|a| Pieces::of(a)).collect(),
            note: cell.note().map(|note| Note {
                pieces: Pieces::of(&note),
                refs: cell.refs.clone(),
                small: cell.note_is_aside(),
            }),
        }
    }

    /// What the cell asks of its column.
    fn extent(&self) -> Extent {
        let aside = self.aside.iter().fold(Extent::default(), |e, a| e.join(a.extent));
        let note = self.note.as_ref().map_or(Extent::default(), |n| n.pieces.extent.scaled(n.scale()));
        self.text.extent.join(aside.scaled(SMALL)).join(note)
    }

    /// The cell's height in `room` em of its column, in em of 五号: exact
    /// where typst sets its lines as given (see [`Pieces::exact_lines`]),
    /// else (`exact` false) more than typst may need, whatever the face
    /// and wherever it breaks a long word: enough to tell a row that may be
    /// taller than a page.
    fn height_in(&self, room: f64, lexicon: &Lexicon) -> (f64, bool) {
        let mut sizes = Vec::new();
        let mut exact = true;
        let mut lines = |pieces: &Pieces, room: f64, size: f64| {
            let n = pieces.exact_lines(room, lexicon).unwrap_or_else(|| {
                exact = false;
                pieces.most_lines(room, lexicon)
            });
            sizes.extend(std::iter::repeat_n(size, n));
        };
        lines(&self.text, room, 1.0);
        for aside in &self.aside {
            lines(aside, room / SMALL, SMALL);
        }
        if let Some(note) = &self.note {
            lines(&note.pieces, room / note.scale(), note.scale());
        }
        // A fallback face's line may be as tall as its ascender: HanaMinA's
        // is 1.04 em.
        let line = if exact { cells::line_height() } else { 1.1 };
        (cell_height(sizes.into_iter(), line), exact)
    }

    /// The cell as a typst expression, for `room` em of its column.
    fn typst(&self, room: f64, lexicon: &Lexicon) -> String {
        if self.aside.is_empty() && self.note.is_none() {
            return self.text.cell(room, lexicon);
        }
        let mut out = format!("[#{}", self.text.cell(room, lexicon));
        for aside in &self.aside {
            out += &format!(" \\ #text(size: xiao-wu, {})", aside.cell(room / SMALL, lexicon));
        }
        if let Some(note) = &self.note {
            out += &format!(" \\ #{}", note.typst(room, lexicon));
        }
        out + "]"
    }

    /// The cell's height in `room` em, in lines of its text.
    fn height(&self, room: f64, lexicon: &Lexicon) -> f64 {
        let aside: usize = self.aside.iter().map(|a| a.height(room / SMALL, lexicon)).sum();
        let note =
            self.note.as_ref().map_or(0.0, |n| n.pieces.height(room / n.scale(), lexicon) as f64 * n.scale());
        self.text.height(room, lexicon) as f64 + aside as f64 * SMALL + note
    }
}

/// The 序号 cell of row `i` of `table` (a typst expression): the place a
/// link to the row leads to, when one does; a link to the first item of
/// evidence that supports the row, when the row does not note them (the
/// 序号 is what the item's 印证内容 names: 表4 序号8).
fn number_cell(table: &document::Table, i: usize, number: String) -> String {
    let noted = table.rows[i].iter().any(|c| !c.refs.is_empty());
    let number = match table.evidence[i].first() {
        Some(no) if !noted => anchors::link(&anchors::evidence(no), &number),
        _ => number,
    };
    if table.anchored[i] {
        let at = document::RowRef { table: table.index, row: i };
        format!("[#{number}{}]", anchors::anchor(&anchors::row(at)))
    } else {
        number
    }
}

/// The header rows of `table` over columns `widths` em wide: a column's
/// own label set for its width, a group's label wrapping.
fn header(table: &document::Table, widths: &[f64], lexicon: &Lexicon) -> Vec<Vec<HeaderCell>> {
    table
        .header
        .iter()
        .map(|row| {
            row.iter()
                .map(|h| {
                    let pieces = Pieces::header(h.label);
                    let column =
                        table.columns.iter().position(|c| c.label == h.label).filter(|_| h.colspan == 1);
                    HeaderCell {
                        label: h.label,
                        // A group's label spans columns: one line.
                        lines: column.map_or(1, |i| pieces.height(cells::room(widths[i]), lexicon)),
                        body: match column {
                            Some(i) => pieces.cell(cells::room(widths[i]), lexicon),
                            None => pieces.wrapped(),
                        },
                        colspan: h.colspan,
                        rowspan: h.rowspan,
                    }
                })
                .collect()
        })
        .collect()
}

/// A table of the document, set for its page.
pub(super) fn table(part: &document::Part, table: &document::Table, lexicon: &Lexicon) -> TableView {
    // What the header asks of each column: the label of its own header
    // cell; a group's label spans columns and asks nothing.
    let mut extents: Vec<Extent> = table.columns.iter().map(|c| Pieces::header(c.label).extent).collect();
    let cut: Vec<Vec<Cut>> = table
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .zip(&mut extents)
                .map(|(cell, extent)| {
                    let cut = Cut::of(cell);
                    *extent = extent.join(cut.extent());
                    cut
                })
                .collect()
        })
        .collect();
    let page = match part.orientation {
        Orientation::Portrait => text_width(A4.0, PORTRAIT_MARGIN),
        Orientation::Landscape => text_width(A4.1, LANDSCAPE_MARGIN),
    };
    let mut widths = cells::widths(&extents, page);
    // Balanced on at most BALANCED rows, evenly spread: a large table's
    // rows are alike, and each move breaks every row's lines again.
    let stride = cut.len().div_ceil(BALANCED).max(1);
    let sample: Vec<&Vec<Cut>> = cut.iter().step_by(stride).collect();
    let mins: Vec<f64> = extents.iter().map(|e| cells::min_width(*e)).collect();
    cells::balance(&mut widths, &mins, |c, w| {
        sample.iter().map(|row| row[c].height(cells::room(w), lexicon)).collect()
    });
    let header = header(table, &widths, lexicon);
    // Each row as tall as its tallest cell. A row taller than the page
    // under the header (a very long value) breaks across pages, since an
    // unbreakable one would run off the page and lose its text.
    let header_height: f64 = header
        .iter()
        .map(|row| {
            row.iter().map(|h| cell_height(std::iter::repeat_n(1.0, h.lines), 1.1)).fold(0.0, f64::max)
        })
        .sum();
    let room = text_height(part.orientation) - header_height;
    let mut tall = String::new();
    let heights: Vec<String> = cut
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let (height, exact) = row
                .iter()
                .zip(&widths)
                .map(|(c, w)| c.height_in(cells::room(*w), lexicon))
                .fold((0.0, true), |(h, e), (ch, ce)| (f64::max(h, ch), e && ce));
            if height > room {
                tall += &format!("{i}, ");
            }
            // A hundredth of a point over the lines' height, for the
            // rounding of typst's lengths.
            if exact && height <= room {
                format!("{:.3}pt", height * cells::WU_HAO + 0.01)
            } else {
                "auto".into()
            }
        })
        .collect();
    let rows = cut
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let mut cells: Vec<String> =
                row.iter().zip(&widths).map(|(c, w)| c.typst(cells::room(*w), lexicon)).collect();
            cells[0] = number_cell(table, i, std::mem::take(&mut cells[0]));
            cells
        })
        .collect();
    let align: Vec<&str> = table
        .columns
        .iter()
        .map(|c| match c.align {
            Align::Center => "center + horizon",
            Align::Left => "left + horizon",
        })
        .collect();
    TableView {
        place: format!("{}｜{}", part.file, part.label),
        name: table.name,
        title: table.title,
        heading: part.label.clone(),
        continued: table.continued.clone(),
        note: table.note,
        foot: table.foot,
        header,
        columns: cells::typst_columns(&widths),
        align: format!("({},)", align.join(", ")),
        rows,
        heights: heights.iter().map(|h| format!("{h}, ")).collect::<String>(),
        tall: format!("({tall})"),
    }
}
