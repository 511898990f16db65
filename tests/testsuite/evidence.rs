//! 九、相关印证材料 in the example's PDF: the index (证明材料目录) gives the
//! page on which each item starts, every page of every attached file is
//! there with its running mark, each item is a bookmark, scans stay JPEG;
//! a draft stands a marked page in for a file that cannot be printed.

use alliance_report::{attachments, load};

use super::build::example_pdf;
use super::*;

/// An item of the example's evidence: its 附件 number and how many pages
/// its files have (PDF pages as read, one per image).
pub struct Item {
    pub no: String,
    pub pages: usize,
}

pub fn example_items() -> Vec<Item> {
    let report = load::load(&example()).unwrap().report.expect("the example loads");
    let items = report.evidence.rows("items");
    let numbers = attachments::number(items);
    let mut items: Vec<Item> = items
        .iter()
        .zip(numbers)
        .map(|(item, no)| Item {
            no: no.expect("every example item has a kind"),
            pages: item
                .texts("files")
                .iter()
                .map(|f| if f.ends_with(".pdf") { pdf::read(&example().join(f)).pages.len() } else { 1 })
                .sum(),
        })
        .collect();
    // The PDF prints them by kind.
    items.sort_by_key(|i| {
        let (k, n) = i.no.split_once('-').unwrap();
        (k.parse::<u32>().unwrap(), n.parse::<u32>().unwrap())
    });
    items
}

/// The text of each page of `pdf`.
fn pages(pdf: &Path) -> Vec<String> {
    pdf::read(pdf).pages.iter().map(pdf::Page::text).collect()
}

/// The page number printed in the footer "— n —" of a page's text; the
/// last one, as a placed PDF page may carry its own.
fn footers(page: &str) -> Vec<usize> {
    let mut found = Vec::new();
    let mut rest = page;
    while let Some(at) = rest.find("— ") {
        rest = &rest[at + "— ".len()..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if !digits.is_empty() && rest[digits.len()..].starts_with(" —") {
            found.push(digits.parse().unwrap());
        }
    }
    found
}

/// The running mark of page `n` of `total` of item `no`, as extracted text
/// without spaces.
fn mark(no: &str, n: usize, total: usize) -> String {
    format!("附件{no}第{n}页/共{total}页")
}

#[test]
fn the_index_gives_the_page_where_each_item_starts() {
    let pages = pages(example_pdf());
    let items = example_items();
    let index = pages.iter().position(|p| p.contains("证明材料目录")).expect("the index is printed");
    let first =
        pages.iter().position(|p| squeeze(p).contains(&mark(&items[0].no, 1, items[0].pages))).unwrap();
    assert!(first > index);
    let index_text: String = pages[index..first].join("\n");
    // The footer numbers pages from the first page after the cover: the
    // n-th sheet of the PDF says n - offset.
    let offset = index + 1 - footers(&pages[index]).last().expect("the index page has a page number");
    for (k, item) in items.iter().enumerate() {
        // The index row of the item runs from "附件 k-n" to the next row;
        // its last figure is the page.
        let start = index_text
            .find(&format!("附件 {}", item.no))
            .unwrap_or_else(|| panic!("{} not in the index", item.no));
        let row = &index_text[start..];
        let end =
            items.get(k + 1).map(|next| row.find(&format!("附件 {}", next.no)).unwrap()).unwrap_or(row.len());
        let row = &row[..end];
        // Before the next kind's heading or the page's footer.
        let row = row.split("\n（").next().unwrap().split("\n— ").next().unwrap();
        let printed: usize = row
            .split_whitespace()
            .last()
            .and_then(|t| t.parse().ok())
            .unwrap_or_else(|| panic!("no page number in the index row {row:?}"));
        let sheet = pages
            .iter()
            .position(|p| squeeze(p).contains(&mark(&item.no, 1, item.pages)))
            .unwrap_or_else(|| panic!("the first page of {} is missing", item.no));
        assert_eq!(printed, sheet + 1 - offset, "index says {} starts on page {printed}", item.no);
        assert!(
            footers(&pages[sheet]).contains(&printed),
            "page {printed} of {} has another number",
            item.no
        );
        assert!(squeeze(&pages[sheet]).contains(&format!("附件{}", item.no)));
    }
}

#[test]
fn every_page_of_every_file_is_printed_with_its_mark() {
    let pages = pages(example_pdf());
    let items = example_items();
    let start =
        pages.iter().position(|p| squeeze(p).contains(&mark(&items[0].no, 1, items[0].pages))).unwrap();
    let mut sheet = start;
    for item in &items {
        for n in 1..=item.pages {
            let text = squeeze(&pages[sheet]);
            assert!(
                text.contains(&mark(&item.no, n, item.pages)),
                "sheet {} should be page {n} of {}",
                sheet + 1,
                item.no
            );
            sheet += 1;
        }
    }
    assert_eq!(sheet, pages.len(), "pages after the evidence");
    // The attached documents' own text is there: the first page of 附件 5-1
    // is the contract's cover.
    let contract = pages.iter().find(|p| squeeze(p).contains(&mark("5-1", 1, 4))).unwrap();
    assert!(squeeze(contract).contains("技术转让合同"), "{contract}");
}

#[test]
fn landscape_pages_are_printed_on_landscape_sheets() {
    // 3-2 is a landscape statistics table; 1-1 has a landscape photo.
    let pdf = pdf::read(example_pdf());
    for (no, n, total, landscape) in [("3-2", 1, 1, true), ("1-1", 5, 5, true), ("1-1", 1, 5, false)] {
        let sheet = pdf.pages.iter().find(|p| p.squeezed().contains(&mark(no, n, total))).unwrap();
        assert_eq!(sheet.is_landscape(), landscape, "{no} page {n}: {} × {}", sheet.width, sheet.height);
    }
}

#[test]
fn scans_stay_jpeg_and_every_item_is_a_bookmark() {
    let pdf = pdf::read(example_pdf());
    let images = pdf.images();
    let jpegs = images.iter().filter(|i| i.filter.as_deref() == Some("DCTDecode")).count();
    let scans = std::fs::read_dir(example().join("evidence"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "jpg"))
        .count();
    assert_eq!(jpegs, scans, "{images:?}");

    let titles = pdf.outline();
    let at = |title: &str| {
        titles
            .iter()
            .position(|(_, t)| t.starts_with(title))
            .unwrap_or_else(|| panic!("no bookmark {title}: {titles:?}"))
    };
    let part = at("九、相关印证材料");
    assert_eq!(titles[at("证明材料目录")].0, titles[part].0 + 1);
    assert_eq!(titles[at("（1）举办促进行业发展")].0, titles[part].0 + 1);
    for item in example_items() {
        let i = at(&format!("附件 {}", item.no));
        assert!(i > part && titles[i].0 == titles[part].0 + 2, "{:?}", titles[i]);
    }
}

#[test]
fn a_draft_prints_a_marked_page_for_a_file_that_cannot_be() {
    let dir = scratch("evidence-draft");
    let report = dir.join("report");
    copy_dir(&example(), &report);
    std::fs::remove_file(report.join("evidence/8-1-联盟协议.pdf")).unwrap();
    let out = dir.join("draft.pdf");
    let output =
        run(&["build".as_ref(), report.as_os_str(), "--draft".as_ref(), "-o".as_ref(), out.as_os_str()]);
    // The error is reported, and the draft is written: a draft that was
    // written succeeds (exit 0) and says how many errors it carries.
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("这是草稿：其中有 1 处错误"), "{stderr}");
    assert!(stderr.contains("找不到材料文件“evidence/8-1-联盟协议.pdf”"), "{stderr}");
    let text = pdf_text(&out);
    assert!(text.contains("材料文件无法附入：evidence/8-1-联盟协议.pdf"), "no placeholder");
    assert!(text.contains(&mark("8-1", 1, 1)));
}

#[test]
fn emitted_typst_sources_carry_the_evidence_files() {
    let dir = scratch("evidence-emit");
    let out = dir.join("report.pdf");
    let emitted = dir.join("typst");
    let output = run(&[
        "build".as_ref(),
        example().as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--emit-typst".as_ref(),
        emitted.as_os_str(),
    ]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    for entry in std::fs::read_dir(example().join("evidence")).unwrap() {
        let name = entry.unwrap().file_name();
        let name = name.to_string_lossy();
        if name == "evidence.yaml" {
            continue;
        }
        // PDFs as they are; scans as the one-page PDFs typst places.
        let emitted_as = if name.ends_with(".pdf") { name.to_string() } else { format!("{name}.sheet.pdf") };
        assert!(emitted.join("evidence").join(&emitted_as).is_file(), "{emitted_as:?} not emitted");
    }
}
