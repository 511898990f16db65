//! The typesetting of the form as a provincial office's typist would set it
//! (issue 16), measured on the example's PDF from its text layer.

use super::build::example_pdf;
use super::pdf::{self, Glyph, Page};

const CM: f64 = 72.0 / 2.54;

/// The first line of `page` whose text, without spaces, starts with `start`.
fn line<'a>(page: &'a Page, start: &str) -> Option<Vec<&'a Glyph>> {
    page.lines().into_iter().find(|l| {
        let text: String = l.iter().flat_map(|g| g.text.chars()).filter(|c| !c.is_whitespace()).collect();
        text.starts_with(start)
    })
}

fn page_with<'a>(doc: &'a pdf::Document, text: &str) -> &'a Page {
    doc.pages.iter().find(|p| p.squeezed().contains(text)).unwrap_or_else(|| panic!("no page has {text}"))
}

/// 七: two signatures at least 1.5 cm apart, and at least 4.5 cm between
/// the last one and the date, where the 4.2 cm seal goes; 八 leaves room
/// for the seal too.
#[test]
fn seven_and_eight_have_room_to_sign_and_stamp() {
    let doc = pdf::read(example_pdf());
    let page = page_with(&doc, "七、联盟牵头单位审核意见");
    let y = |start: &str, after: f64| {
        page.lines()
            .into_iter()
            .filter(|l| l[0].y > after)
            .find(|l| {
                l.iter()
                    .flat_map(|g| g.text.chars())
                    .filter(|c| !c.is_whitespace())
                    .collect::<String>()
                    .starts_with(start)
            })
            .unwrap_or_else(|| panic!("七 has no line {start}"))[0]
            .y
    };
    let chairman = y("联盟理事长（签字）", 0.0);
    let head = y("牵头单位负责人（签字）", chairman);
    let date = y("年", head);
    assert!(head - chairman >= 1.5 * CM, "signatures {:.2} cm apart", (head - chairman) / CM);
    assert!(date - head >= 4.5 * CM, "{:.2} cm for the seal", (date - head) / CM);
    let eight = y("八、组织推荐部门审核意见", date);
    let seal = y("（公章）", eight);
    let date = y("年", seal);
    assert!(date - eight >= 6.0 * CM, "八: {:.2} cm for the opinion and the seal", (date - eight) / CM);
}

/// A ticked box copies out as one character with its label: "☑省级".
#[test]
fn tick_boxes_copy_out_as_they_print() {
    let doc = pdf::read(example_pdf());
    let text: String =
        doc.pages.iter().filter(|p| p.squeezed().contains("联盟基本情况")).map(Page::squeezed).collect();
    assert!(text.contains("☐国家级☑省级"), "级别 does not read ☐国家级☑省级");
    assert!(text.contains("☑牵头单位提供☑会费☐成员单位均摊☐其它"), "筹集渠道 does not read as ticked");
    assert!(!text.contains('√'), "a √ is drawn over a box in 一");
}

/// Page numbers in 四号 (GB/T 9704), 填写说明 centred, and 九's index heading
/// not larger than 九's own.
#[test]
fn headings_rank_and_page_numbers_follow_the_form() {
    let doc = pdf::read(example_pdf());
    let instructions = page_with(&doc, "填写说明");
    let number = instructions.lines().into_iter().last().expect("a footer");
    assert!(number.iter().all(|g| (g.size - 14.0).abs() < 0.01), "page number not in 四号");
    let title = line(instructions, "填写说明").expect("the title");
    let (left, right) = (title[0].x, title.last().unwrap().x + title.last().unwrap().size);
    let middle = (left + right) / 2.0;
    assert!((middle - instructions.width / 2.0).abs() < 3.0, "填写说明 centred at {middle:.1}");
    let nine = page_with(&doc, "证明材料目录");
    let part = line(nine, "九、相关印证材料").expect("九's heading")[0].size;
    let index = line(nine, "证明材料目录").expect("the index heading")[0].size;
    assert!(index <= part, "证明材料目录 {index} pt under 九 {part} pt");
}
