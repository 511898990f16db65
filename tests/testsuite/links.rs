//! The example's PDF navigates: a figure of 一 leads to the first row it
//! counts, a supported row to its evidence and the evidence back to the
//! row, the 证明材料目录 to each item; and no link shows in print. Links
//! are read from the PDF's annotations, as a reader follows them.

use std::sync::OnceLock;

use alliance_report::document::{self, Document, GridContent, RowRef, Target};
use alliance_report::load;
use alliance_report::summary::Figures;

use super::build::example_pdf;
use super::pdf::Link;
use super::*;

/// A PDF with its links, page by page.
struct Linked {
    pdf: pdf::Document,
    links: Vec<Vec<Link>>,
}

impl Linked {
    fn read(path: &Path) -> Linked {
        let pdf = pdf::read(path);
        let links = pdf.links();
        Linked { pdf, links }
    }

    /// Every link, with its page and the text it covers, without spaces.
    fn all(&self) -> Vec<(usize, &Link, String)> {
        self.links
            .iter()
            .enumerate()
            .flat_map(|(p, links)| links.iter().map(move |l| (p, l, self.text(p, l))))
            .collect()
    }

    /// The text link `link` of page `page` covers, without spaces.
    fn text(&self, page: usize, link: &Link) -> String {
        squeeze(&self.pdf.pages[page].text_in(link.rect))
    }

    /// The first page of item `no`: the one its running mark numbers 1.
    fn item_page(&self, no: &str) -> usize {
        let mark = format!("附件{no}第1页");
        let pages: Vec<usize> =
            (0..self.pdf.pages.len()).filter(|&p| self.pdf.pages[p].squeezed().contains(&mark)).collect();
        assert_eq!(pages.len(), 1, "{mark}");
        pages[0]
    }
}

fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn example_linked() -> &'static Linked {
    static LINKED: OnceLock<Linked> = OnceLock::new();
    LINKED.get_or_init(|| Linked::read(example_pdf()))
}

/// The example's document model, for what it prints where.
fn example_document(root: &Path) -> Document {
    let report = load::load(root).unwrap().report.expect("the example loads");
    document::build(&report, &Figures::of(&report))
}

/// Text of a row to find it on a page by: the beginning of its name (the
/// first cell after 序号), without spaces.
fn row_text(doc: &Document, at: RowRef) -> String {
    let table = doc.tables().map(|(_, t)| t).find(|t| t.index == at.table).unwrap();
    let name = &table.rows[at.row][1].text;
    name.lines().next().unwrap().chars().filter(|c| !c.is_whitespace()).take(6).collect()
}

/// Whether page `page` of `pdf` holds the row `at`, its 序号 beside the
/// height `y` a link leads to.
fn holds_row(linked: &Linked, doc: &Document, page: usize, y: f64, at: RowRef) -> bool {
    let page = &linked.pdf.pages[page];
    let number = (at.row + 1).to_string();
    let near = page.lines().into_iter().any(|line| {
        (line[0].y - y).abs() < 20.0
            && line.iter().map(|g| g.text.as_str()).collect::<String>().starts_with(&number)
    });
    page.squeezed().contains(&row_text(doc, at)) && near
}

/// The figures of 一 in the grid's order, with the row each links to.
fn figures(doc: &Document) -> Vec<(String, Option<RowRef>)> {
    let (_, grid) = doc.summary();
    let mut out = Vec::new();
    for cell in grid.blocks.iter().flatten().flatten() {
        match &cell.content {
            GridContent::Figure(text, to) => out.push((text.clone(), *to)),
            GridContent::Pair(pair) => out.extend(pair.iter().map(|c| (c.value.clone(), c.to))),
            GridContent::Lines(_, links) => out.extend(links.iter().map(|l| (l.text.clone(), Some(l.to)))),
            _ => {}
        }
    }
    out
}

#[test]
fn every_counted_figure_of_the_summary_leads_to_the_first_row_it_counts() {
    let linked = example_linked();
    let doc = example_document(&example());
    let report = load::load(&example()).unwrap().report.unwrap();
    let computed = Figures::of(&report).computed;
    // The example writes none of the counted figures: each that is not 0
    // links, and nothing else of 一 does.
    let c = computed;
    let numbers: Vec<f64> = [c.members_now.total, c.platforms.total, c.projects.count]
        .into_iter()
        .chain(c.members_now.by_type)
        .chain(c.platforms.by_level)
        .chain(c.projects.levels.iter().map(|l| l.0))
        .chain(c.ip.cells.iter().flat_map(|&(a, b)| [a, b]))
        .map(f64::from)
        .chain([c.projects.funds.0 as f64])
        .chain(c.projects.levels.iter().map(|l| l.1.0 as f64))
        .collect();
    let nonzero = numbers.iter().filter(|n| **n != 0.0).count();
    assert!(numbers.contains(&0.0), "the example has a figure of 0");

    let first = linked.pdf.pages.iter().position(|p| p.squeezed().contains("一、联盟简况")).unwrap();
    let end = linked.pdf.pages.iter().position(|p| p.squeezed().contains("二、联盟")).unwrap();
    let on_summary: Vec<(usize, &Link, String)> =
        linked.all().into_iter().filter(|(p, _, _)| (first..end).contains(p)).collect();
    assert_eq!(on_summary.len(), nonzero, "one link per counted figure that is not 0");
    for (_, _, text) in &on_summary {
        assert!(text.trim_matches(|c: char| !c.is_ascii_digit()) != "0", "a 0 links: {text}");
    }

    let expected: Vec<(String, RowRef)> =
        figures(&doc).into_iter().filter_map(|(text, to)| Some((text, to?))).collect();
    assert_eq!(expected.len(), nonzero);
    for ((page, link, text), (figure, row)) in on_summary.iter().zip(&expected) {
        let figure = squeeze(figure);
        assert_eq!(text, &figure, "the links follow the figures, page {}", page + 1);
        let (to, y) = link.to.unwrap_or_else(|| panic!("{figure} leads nowhere"));
        assert!(holds_row(linked, &doc, to, y, *row), "{figure} leads to page {}, not to {row:?}", to + 1);
    }
}

/// For each item of the index and each row it supports: the item's first
/// page, and the link of its 印证内容 that leads to the row.
fn back_links<'a>(linked: &'a Linked, doc: &Document) -> Vec<(String, RowRef, usize, &'a Link)> {
    let mut out = Vec::new();
    for entry in doc.index().kinds.iter().flat_map(|k| &k.items) {
        let page = linked.item_page(&entry.no);
        for (label, target) in entry.supports.iter().zip(&entry.targets) {
            let label = squeeze(label);
            let link = linked.links[page]
                .iter()
                .find(|l| linked.text(page, l).trim_end_matches('；') == label)
                .unwrap_or_else(|| panic!("附件 {}: {label} is no link", entry.no));
            if let Target::Row(table, row) = target {
                out.push((entry.no.clone(), RowRef { table: *table, row: *row }, page, link));
            } else {
                // 一 to 四 lead to their heading.
                let (to, _) = link.to.expect("a part's heading");
                let heading = &label[..label.char_indices().nth(1).map_or(label.len(), |(i, _)| i)];
                let squeezed = linked.pdf.pages[to].squeezed();
                assert!(
                    squeezed.contains(&format!("{heading}、联盟")),
                    "附件 {} {label}: page {}",
                    entry.no,
                    to + 1
                );
            }
        }
    }
    out
}

#[test]
fn a_supported_row_and_its_evidence_lead_to_each_other() {
    let linked = example_linked();
    let doc = example_document(&example());
    let backs = back_links(linked, &doc);
    assert!(backs.len() >= 10, "the example's evidence supports rows");
    for (no, row, item_page, back) in backs {
        // Back from the item to a page holding the row …
        let (page, y) = back.to.expect("a link into the document");
        assert!(holds_row(linked, &doc, page, y, row), "附件 {no} leads to page {}, not {row:?}", page + 1);
        // … whose note's number leads to the item's first page.
        let forth: Vec<&Link> = linked.links[page]
            .iter()
            .filter(|l| linked.text(page, l) == no && (l.rect[1] - y).abs() < 60.0)
            .collect();
        assert!(!forth.is_empty(), "{row:?} on page {} notes no link to 附件 {no}", page + 1);
        for link in forth {
            assert_eq!(link.to.map(|t| t.0), Some(item_page), "{row:?}: 附件 {no}");
        }
    }
}

#[test]
fn without_the_note_a_supported_row_leads_to_its_evidence_by_its_number() {
    let dir = scratch("links-without-note");
    copy_dir(&example(), &dir);
    let yaml = std::fs::read_to_string(dir.join("report.yaml")).unwrap();
    assert!(yaml.contains("evidence_refs: true"), "the example notes the evidence");
    std::fs::write(dir.join("report.yaml"), yaml.replacen("evidence_refs: true", "evidence_refs: false", 1))
        .unwrap();
    let out = dir.join("report.pdf");
    build(&dir, &out);
    let linked = Linked::read(&out);
    assert!(!linked.pdf.squeezed().contains("见附件"), "no note");
    let doc = example_document(&dir);
    for (no, row, _, back) in back_links(&linked, &doc) {
        let (page, y) = back.to.expect("a link into the document");
        assert!(holds_row(&linked, &doc, page, y, row), "附件 {no} leads to page {}, not {row:?}", page + 1);
        // The row's 序号 leads to the first item that supports it.
        let table = doc.tables().map(|(_, t)| t).find(|t| t.index == row.table).unwrap();
        let first = &table.evidence[row.row][0];
        let number = (row.row + 1).to_string();
        let link = linked.links[page]
            .iter()
            .find(|l| linked.text(page, l) == number && (l.rect[3] - y).abs() < 20.0)
            .unwrap_or_else(|| panic!("{row:?}: its 序号 is no link"));
        assert_eq!(link.to.map(|t| t.0), Some(linked.item_page(first)), "{row:?}");
    }
}

#[test]
fn the_index_leads_to_each_item() {
    let linked = example_linked();
    let doc = example_document(&example());
    let index =
        linked.pdf.pages.iter().position(|p| p.squeezed().contains("证明材料目录")).expect("the index");
    let links: Vec<(usize, &Link, String)> =
        linked.all().into_iter().filter(|(p, _, _)| *p == index || *p == index + 1).collect();
    for entry in doc.index().kinds.iter().flat_map(|k| &k.items) {
        let target = linked.item_page(&entry.no);
        // The title, on one line or more, leads there.
        let title = squeeze(&entry.title);
        let leading: String = links
            .iter()
            .filter(|(_, l, _)| l.to.map(|t| t.0) == Some(target))
            .map(|(_, _, text)| text.as_str())
            .collect();
        assert_eq!(leading, title, "附件 {}", entry.no);
    }
}

#[test]
fn every_link_leads_into_the_document_and_draws_nothing() {
    let linked = example_linked();
    let all = linked.all();
    assert!(all.len() > 50, "the example has links");
    for (page, link, text) in all {
        let what = format!("page {}, link on “{text}”", page + 1);
        assert!(link.to.is_some(), "{what} leads nowhere");
        // No border: /Border [0 0 0] (a reader draws 1 pt when it is absent).
        let border = link.border.as_ref().unwrap_or_else(|| panic!("{what}: no /Border"));
        assert!(border.len() >= 3 && border[2] == 0.0, "{what}: border {border:?}");
        assert_eq!(link.colour, None, "{what}: a colour");
        assert!(!link.drawn, "{what}: an appearance of its own");
        assert!(link.highlight.as_deref().is_none_or(|h| h != "O" && h != "P"), "{what}");
    }
}
