//! Tables on a fixed grid, as the form draws them: [`Table`] (column widths
//! in twips, borders, alignment), [`Row`] (header rows repeated on every
//! page, rows that do not split, heights) and [`Cell`] (horizontal spans,
//! vertical merges, alignment, vertical text, margins, and blocks of its
//! own), written as `w:tbl` after [`Table::check`] has found the shape
//! whole.
//!
//! Merges follow ECMA-376 as Word reads them: a cell covers `span` columns
//! of the grid (`w:gridSpan`); a vertical merge is a `Restart` cell with a
//! `Continue` cell of the same columns in each row below it (`w:vMerge`).
//! Every row covers the whole grid, so a clerk can edit the table in Word
//! without it falling apart.

use anyhow::{Result, bail};

use super::Block;
use super::Twips;
use super::part::Context;
use super::text::{Align, Paragraph};
use super::xml::Xml;

/// A table.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// The width of each grid column, in twips.
    pub grid: Vec<Twips>,
    /// The lines around and inside the table; `None` for none.
    pub borders: Option<Border>,
    /// Where the table sits between the margins (left or centre).
    pub align: Align,
    /// Left and right padding of every cell, in twips.
    pub cell_margin: Twips,
    pub rows: Vec<Row>,
}

/// A line, by its width in eighths of a point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Border(pub u32);

impl Border {
    /// Half a point: the lines of the form's tables.
    pub const THIN: Border = Border(4);
    /// One and a half points.
    pub const THICK: Border = Border(12);
}

/// A row.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// Repeated at the top of every page the table continues on. Only the
    /// leading rows of a table may be header rows.
    pub header: bool,
    /// Kept whole on one page.
    pub cant_split: bool,
    pub height: Option<RowHeight>,
}

/// The height of a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowHeight {
    /// At least this tall, taller if its text needs it.
    AtLeast(Twips),
    /// Exactly this tall.
    Exact(Twips),
}

/// Whether a cell takes part in a vertical merge.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Merge {
    #[default]
    None,
    /// The top cell of a vertical merge: it holds the text.
    Restart,
    /// A cell below a `Restart` cell, of the same columns: it holds nothing.
    Continue,
}

/// Vertical alignment of a cell's content.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum VAlign {
    Top,
    #[default]
    Center,
    Bottom,
}

/// One edge of a cell, overriding the table's borders.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edge {
    /// No line.
    Nil,
    Line(Border),
}

/// The edges of a cell that differ from the table's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CellBorders {
    pub top: Option<Edge>,
    pub left: Option<Edge>,
    pub bottom: Option<Edge>,
    pub right: Option<Edge>,
}

/// A cell.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    /// The number of grid columns the cell covers.
    pub span: usize,
    pub merge: Merge,
    pub valign: VAlign,
    /// Written top to bottom with the characters upright (竖排), as the
    /// form's 联盟基本情况 column is.
    pub vertical: bool,
    pub borders: CellBorders,
    /// What the cell holds; an empty paragraph is written when it holds
    /// nothing or ends with a table, as Word requires.
    pub blocks: Vec<Block>,
}

impl Cell {
    /// A one-column cell holding `blocks`.
    pub fn new(blocks: Vec<Block>) -> Self {
        Cell {
            span: 1,
            merge: Merge::None,
            valign: VAlign::Center,
            vertical: false,
            borders: CellBorders::default(),
            blocks,
        }
    }

    /// A one-column cell holding one paragraph.
    pub fn paragraph(paragraph: Paragraph) -> Self {
        Cell::new(vec![Block::Paragraph(paragraph)])
    }

    /// The empty cell under a `Restart` cell of `span` columns.
    pub fn continued(span: usize) -> Self {
        Cell { span, merge: Merge::Continue, ..Cell::new(Vec::new()) }
    }

    pub fn span(mut self, span: usize) -> Self {
        self.span = span;
        self
    }

    /// Starts a vertical merge with the `continued` cells below.
    pub fn restart(mut self) -> Self {
        self.merge = Merge::Restart;
        self
    }

    pub fn valign(mut self, valign: VAlign) -> Self {
        self.valign = valign;
        self
    }

    pub fn vertical(mut self) -> Self {
        self.vertical = true;
        self
    }
}

impl Table {
    /// A table on `grid` with thin borders, centred.
    pub fn new(grid: Vec<Twips>) -> Self {
        Table { grid, borders: Some(Border::THIN), align: Align::Center, cell_margin: 108, rows: Vec::new() }
    }

    pub fn row(mut self, row: Row) -> Self {
        self.rows.push(row);
        self
    }

    /// Checks that every row covers the grid exactly, that every
    /// `Continue` cell lies under a merge of the same columns, and that
    /// header rows lead the table: Word shows any other table wrongly, or
    /// refuses the file.
    pub fn check(&self) -> Result<()> {
        if self.grid.is_empty() {
            bail!("内部错误：表格没有列");
        }
        // Word refuses a table without rows.
        if self.rows.is_empty() {
            bail!("内部错误：表格没有行");
        }
        let mut above: Vec<Option<(usize, Merge)>> = vec![None; self.grid.len()];
        let mut in_header = true;
        for (r, row) in self.rows.iter().enumerate() {
            let n = r + 1;
            if row.header && !in_header {
                bail!("内部错误：表格第 {n} 行是表头行，但它前面有非表头行");
            }
            in_header &= row.header;
            let mut column = 0;
            let mut here = vec![None; self.grid.len()];
            for cell in &row.cells {
                if cell.span == 0 || column + cell.span > self.grid.len() {
                    bail!("内部错误：表格第 {n} 行超出了表格的 {} 列", self.grid.len());
                }
                if cell.merge == Merge::Continue
                    && !matches!(above[column], Some((span, Merge::Restart | Merge::Continue)) if span == cell.span)
                {
                    bail!("内部错误：表格第 {n} 行第 {} 列的合并单元格上方没有同宽的合并起点", column + 1);
                }
                here[column] = Some((cell.span, cell.merge));
                column += cell.span;
            }
            if column != self.grid.len() {
                bail!("内部错误：表格第 {n} 行只有 {column} 列，表格有 {} 列", self.grid.len());
            }
            above = here;
        }
        Ok(())
    }

    pub(crate) fn write(&self, xml: &mut Xml, cx: &mut Context) {
        xml.open("w:tbl", &[]);
        xml.open("w:tblPr", &[]);
        let width: Twips = self.grid.iter().sum();
        xml.empty("w:tblW", &[("w:w", &width.to_string()), ("w:type", "dxa")]);
        xml.val("w:jc", if self.align == Align::Center { "center" } else { "left" });
        xml.open("w:tblBorders", &[]);
        for edge in ["w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"] {
            write_edge(xml, edge, self.borders.map_or(Edge::Nil, Edge::Line));
        }
        xml.close("w:tblBorders");
        xml.empty("w:tblLayout", &[("w:type", "fixed")]);
        let margin = self.cell_margin.to_string();
        xml.open("w:tblCellMar", &[]);
        xml.empty("w:left", &[("w:w", &margin), ("w:type", "dxa")]);
        xml.empty("w:right", &[("w:w", &margin), ("w:type", "dxa")]);
        xml.close("w:tblCellMar");
        xml.empty("w:tblLook", &[("w:val", "0000")]);
        xml.close("w:tblPr");
        xml.open("w:tblGrid", &[]);
        for width in &self.grid {
            xml.empty("w:gridCol", &[("w:w", &width.to_string())]);
        }
        xml.close("w:tblGrid");
        for row in &self.rows {
            self.write_row(row, xml, cx);
        }
        xml.close("w:tbl");
    }

    fn write_row(&self, row: &Row, xml: &mut Xml, cx: &mut Context) {
        xml.open("w:tr", &[]);
        if row.header || row.cant_split || row.height.is_some() {
            xml.open("w:trPr", &[]);
            if row.cant_split {
                xml.empty("w:cantSplit", &[]);
            }
            match row.height {
                Some(RowHeight::AtLeast(t)) => {
                    xml.empty("w:trHeight", &[("w:val", &t.to_string()), ("w:hRule", "atLeast")])
                }
                Some(RowHeight::Exact(t)) => {
                    xml.empty("w:trHeight", &[("w:val", &t.to_string()), ("w:hRule", "exact")])
                }
                None => {}
            }
            if row.header {
                xml.empty("w:tblHeader", &[]);
            }
            xml.close("w:trPr");
        }
        let mut column = 0;
        for cell in &row.cells {
            let width: Twips = self.grid[column..column + cell.span].iter().sum();
            column += cell.span;
            write_cell(cell, width, xml, cx);
        }
        xml.close("w:tr");
    }
}

fn write_cell(cell: &Cell, width: Twips, xml: &mut Xml, cx: &mut Context) {
    xml.open("w:tc", &[]);
    xml.open("w:tcPr", &[]);
    xml.empty("w:tcW", &[("w:w", &width.to_string()), ("w:type", "dxa")]);
    if cell.span > 1 {
        xml.val("w:gridSpan", &cell.span.to_string());
    }
    match cell.merge {
        Merge::None => {}
        Merge::Restart => xml.val("w:vMerge", "restart"),
        Merge::Continue => xml.empty("w:vMerge", &[]),
    }
    let edges =
        [("w:top", cell.borders.top), ("w:left", cell.borders.left), ("w:bottom", cell.borders.bottom)];
    let edges = edges.into_iter().chain([("w:right", cell.borders.right)]);
    let edges: Vec<_> = edges.filter_map(|(name, edge)| Some((name, edge?))).collect();
    if !edges.is_empty() {
        xml.open("w:tcBorders", &[]);
        for (name, edge) in edges {
            write_edge(xml, name, edge);
        }
        xml.close("w:tcBorders");
    }
    if cell.vertical {
        // tbRl is Word's East Asian vertical text (DrawingML's eaVert):
        // Han characters upright, top to bottom. tbRlV would turn them on
        // their side, as current LibreOffice also reads it (TB_RL90).
        xml.val("w:textDirection", "tbRl");
    }
    xml.val(
        "w:vAlign",
        match cell.valign {
            VAlign::Top => "top",
            VAlign::Center => "center",
            VAlign::Bottom => "bottom",
        },
    );
    xml.close("w:tcPr");
    let blocks: &[Block] = if cell.merge == Merge::Continue { &[] } else { &cell.blocks };
    super::body::write_blocks(blocks, xml, cx);
    if !matches!(blocks.last(), Some(Block::Paragraph(_))) {
        // In the table's own style, so that it adds no more height than a
        // line of the table's text.
        xml.raw("<w:p><w:pPr><w:pStyle w:val=\"TableText\"/></w:pPr></w:p>");
    }
    xml.close("w:tc");
}

fn write_edge(xml: &mut Xml, name: &str, edge: Edge) {
    match edge {
        Edge::Nil => xml.val(name, "nil"),
        Edge::Line(Border(size)) => xml.empty(
            name,
            &[("w:val", "single"), ("w:sz", &size.to_string()), ("w:space", "0"), ("w:color", "000000")],
        ),
    }
}
