//! The example's tagged PDF as a screen reader reads it: the structure
//! tree (PDF 32000-1 §14.7), walked in Rust. Every evidence page is a
//! figure with alternative text that names its item and page; every table
//! has header cells.

use std::sync::Arc;

use hayro::hayro_interpret::hayro_syntax::Pdf;
use hayro::hayro_interpret::hayro_syntax::object::{Array, Dict, Name, String as PdfString};

use super::build::example_pdf;
use super::evidence::example_items;
use super::pdf::text_string;

/// A structure element: its type (/S), its alternative text (/Alt), and
/// the types of all elements below it.
struct Element {
    kind: Vec<u8>,
    alt: Option<String>,
    below: Vec<Vec<u8>>,
}

/// Every structure element of the PDF, with the types below it.
fn elements(data: Vec<u8>) -> Vec<Element> {
    let pdf = Pdf::new(Arc::new(data)).unwrap();
    let catalog = pdf.xref().get::<Dict<'_>>(pdf.xref().root_id()).unwrap();
    let root = catalog.get::<Dict<'_>>(b"StructTreeRoot").expect("the PDF is tagged");
    let mut out = Vec::new();
    walk(&root, &mut out, 0);
    out
}

/// Appends the elements of `node`'s subtree, below-first; returns the
/// types in it.
fn walk(node: &Dict<'_>, out: &mut Vec<Element>, depth: usize) -> Vec<Vec<u8>> {
    assert!(depth < 200, "the structure tree is no deeper than this");
    let kids: Vec<Dict<'_>> = match node.get::<Array<'_>>(b"K") {
        Some(kids) => kids.iter::<Dict<'_>>().collect(),
        None => node.get::<Dict<'_>>(b"K").into_iter().collect(),
    };
    let mut below = Vec::new();
    for kid in &kids {
        below.extend(walk(kid, out, depth + 1));
    }
    let Some(kind) = node.get::<Name<'_>>(b"S").map(|s| s.as_ref().to_vec()) else { return below };
    let alt = node.get::<PdfString<'_>>(b"Alt").map(|a| text_string(a.as_bytes()));
    out.push(Element { kind: kind.clone(), alt, below: below.clone() });
    below.push(kind);
    below
}

#[test]
fn every_evidence_page_is_a_figure_named_by_its_item_and_page() {
    let elements = elements(std::fs::read(example_pdf()).unwrap());
    let figures: Vec<&Element> = elements.iter().filter(|e| e.kind == b"Figure").collect();
    let missing = figures.iter().filter(|f| f.alt.as_deref().is_none_or(str::is_empty)).count();
    assert_eq!(missing, 0, "figures without alternative text");
    let alts: Vec<&str> = figures.iter().filter_map(|f| f.alt.as_deref()).collect();
    let items = example_items();
    for item in &items {
        for n in 1..=item.pages {
            let (head, tail) = (format!("附件 {} ", item.no), format!(" 第 {n} 页 / 共 {} 页", item.pages));
            assert!(
                alts.iter()
                    .any(|a| a.starts_with(&head) && a.ends_with(&tail) && a.len() > head.len() + tail.len()),
                "no figure says “{head}…{tail}” among {alts:?}"
            );
        }
    }
    assert_eq!(alts.len(), items.iter().map(|i| i.pages).sum::<usize>(), "one figure per evidence page");
}

#[test]
fn every_table_has_header_cells() {
    let elements = elements(std::fs::read(example_pdf()).unwrap());
    let tables: Vec<&Element> = elements.iter().filter(|e| e.kind == b"Table").collect();
    assert!(tables.len() > 10, "the example's tables are tagged: {}", tables.len());
    let without = tables.iter().filter(|t| !t.below.iter().any(|k| k == b"TH")).count();
    assert_eq!(without, 0, "of {} tables, {without} have no header cell (TH)", tables.len());
}
