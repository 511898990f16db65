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

/// One line of text in a table cell: the glyphs on one baseline between
/// two vertical rules.
#[derive(Debug)]
struct CellLine {
    text: String,
    y: f64,
    size: f64,
    left: f64,
    right: f64,
}

/// The lines of text inside the tables of `page`, top to bottom.
fn cell_lines(page: &Page) -> Vec<CellLine> {
    let verticals: Vec<_> = page.rules.iter().filter(|r| r.is_vertical() && r.y1 - r.y0 > 1.0).collect();
    let mut out: Vec<CellLine> = Vec::new();
    for line in page.lines() {
        let y = line[0].y;
        let mut xs: Vec<f64> = verticals.iter().filter(|r| r.y0 <= y && y <= r.y1).map(|r| r.x0).collect();
        xs.sort_by(f64::total_cmp);
        for glyph in line.into_iter().filter(|g| !g.text.trim().is_empty()) {
            // Where the glyph is drawn: its middle, not its origin, which
            // lies left of the cell for a （ pulled back at a line's start.
            let wide = glyph.text.chars().any(|c| c as u32 >= 0x2E80);
            let middle = glyph.x + glyph.size * if wide { 0.5 } else { 0.25 };
            let right = xs.partition_point(|&x| x <= middle);
            if right == 0 || right == xs.len() {
                continue;
            }
            let (left, right) = (xs[right - 1], xs[right]);
            match out.last_mut() {
                Some(l) if l.y == y && l.left == left => l.text.push_str(&glyph.text),
                _ => out.push(CellLine { text: glyph.text.clone(), y, size: glyph.size, left, right }),
            }
        }
    }
    out
}

/// The lines of `page`'s table cells that hold one character alone (with
/// its punctuation, or only punctuation) while
/// their cell has another line next to them (the lone 日 of a broken date),
/// each with that other line.
fn lone_characters(page: &Page) -> Vec<(String, String)> {
    let lines = cell_lines(page);
    let horizontals: Vec<_> = page.rules.iter().filter(|r| !r.is_vertical()).collect();
    let same_cell = |a: &CellLine, b: &CellLine| {
        let (top, bottom) = (a.y.min(b.y), a.y.max(b.y));
        let middle = (a.left + a.right) / 2.0;
        a.left == b.left
            && a.right == b.right
            && bottom - top < 1.6 * a.size
            && !horizontals.iter().any(|r| r.x0 <= middle && middle <= r.x1 && top < r.y0 && r.y0 < bottom)
    };
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| {
            // One character, with the punctuation that follows it (娟、 证。), or punctuation alone.
            l.text.trim_end_matches(|c| "、，；：。！？）》」』”’,.;:)".contains(c)).chars().count() <= 1
        })
        .filter_map(|(i, l)| {
            let other = lines.iter().enumerate().find(|&(j, o)| j != i && same_cell(l, o))?;
            Some((l.text.clone(), other.1.text.clone()))
        })
        .collect()
}

/// The pages of the form's tables: 一, 五 and 表1–表5.
fn table_pages(doc: &pdf::Document) -> Vec<(usize, &Page)> {
    let five =
        doc.pages.iter().position(|p| p.squeezed().contains("五、联盟成员单位在联盟中的作用")).expect("五");
    let one = doc.pages.iter().position(|p| p.squeezed().contains("联盟基本情况")).expect("一");
    let tables_end = doc.pages.iter().position(|p| p.squeezed().starts_with("六、")).expect("六") - 1;
    doc.pages
        .iter()
        .enumerate()
        .filter(|&(i, p)| {
            (i >= five && i <= tables_end) || (i >= one && i < one + 3 && p.squeezed().contains("联盟"))
        })
        .filter(|(i, _)| *i < five || *i <= tables_end)
        .collect()
}

/// No date, name, unit or code of the form's tables breaks so that a
/// character is left alone on a line: no such line at all (the lines of
/// a wrapping cell are broken in Rust, which never leaves one).
#[test]
fn table_cells_leave_no_character_alone_on_a_line() {
    let doc = pdf::read(example_pdf());
    let mut lone = Vec::new();
    for (i, page) in table_pages(&doc) {
        lone.extend(
            lone_characters(page).into_iter().map(|(c, other)| format!("第{}页 {c}（{other}）", i + 1)),
        );
    }
    assert!(lone.is_empty(), "{} lone characters: {lone:?}", lone.len());
    let table3 = page_with(&doc, "技术创新成果一览表");
    let names = ["孙丽娟", "李明轩", "胡雪梅", "秦晓峰"];
    for name in names {
        assert!(table3.squeezed().contains(name), "表3 lost {name}");
    }
    for l in &lone {
        let c = l.chars().find(|c| "年月日司号元）".contains(*c));
        assert!(c.is_none(), "a date, unit or 序号 is broken: {l}");
        assert!(!names.iter().any(|n| l.contains(&n[n.len() - 3..])), "a name is broken: {l}");
    }
}

/// Every page of a table after its first says 续表N (续表（五）) above the
/// repeated header; the first page does not.
#[test]
fn continuation_pages_say_continued() {
    let doc = pdf::read(example_pdf());
    let five =
        doc.pages.iter().position(|p| p.squeezed().contains("五、联盟成员单位在联盟中的作用")).expect("五");
    let mut table = "（五）".to_owned();
    let mut continued = 0;
    for (i, page) in doc.pages.iter().enumerate().skip(five + 1) {
        let text = page.squeezed();
        if let Some(n) = (1..=5).find(|n| text.starts_with(&format!("表{n}"))) {
            table = n.to_string();
            continue;
        }
        if !page.is_landscape() && table != "（五）" || text.starts_with("六、") {
            break;
        }
        assert!(
            text.starts_with(&format!("续表{table}")),
            "page {} continues 表{table}: {}",
            i + 1,
            &text[..60]
        );
        continued += 1;
    }
    assert!(continued >= 3, "only {continued} continuation pages");
    assert!(!doc.pages.iter().any(|p| p.squeezed().starts_with("表1") && p.squeezed().contains("续表1")));
}

/// The lines of the narrative parts (二、三、四) and of 填写说明 that hold one
/// character alone, with its punctuation: a paragraph's last line, left
/// behind.
fn lone_in_narrative(doc: &pdf::Document) -> Vec<String> {
    let start = doc.pages.iter().position(|p| p.squeezed().contains("填写说明")).expect("填写说明");
    let end =
        doc.pages.iter().position(|p| p.squeezed().contains("五、联盟成员单位在联盟中的作用")).expect("五");
    let mut lone = Vec::new();
    let pages = doc.pages.iter().enumerate().take(end).skip(start);
    // Not 一, whose vertical 联盟基本情况 stands one character to a line.
    for (i, page) in pages.filter(|(_, p)| !p.squeezed().contains("联盟基本情况")) {
        for line in page.lines() {
            let text: String =
                line.iter().flat_map(|g| g.text.chars()).filter(|c| !c.is_whitespace()).collect();
            let core = text.trim_end_matches(|c| "、，；：。！？）》」』”’,.;:)".contains(c));
            // A page number or a list's bullet (raised off the baseline) is no runt.
            if core.chars().count() == 1 && !core.chars().all(|c| c.is_ascii_digit() || "●○■".contains(c))
            {
                lone.push(format!("第{}页 {text}", i + 1));
            }
        }
    }
    lone
}

/// No paragraph of the narrative or of 填写说明 ends with a line of one
/// character.
#[test]
fn narrative_paragraphs_end_with_more_than_one_character() {
    let lone = lone_in_narrative(&pdf::read(example_pdf()));
    assert!(lone.is_empty(), "{lone:?}");
}

/// A table's last row never goes alone onto a page: the page with its 注
/// holds at least two rows (序号 in the first column).
#[test]
fn a_table_ends_with_two_rows_and_its_note() {
    let doc = pdf::read(example_pdf());
    let pages: Vec<_> =
        doc.pages.iter().filter(|p| p.is_landscape() && p.squeezed().contains("注：")).collect();
    assert!(pages.len() >= 4, "{} pages with a 注", pages.len());
    for page in pages {
        let lines = cell_lines(page);
        let first = lines.iter().map(|l| l.left).fold(f64::INFINITY, f64::min);
        let rows =
            lines.iter().filter(|l| l.left == first && l.text.chars().all(|c| c.is_ascii_digit())).count();
        let title: String = page.squeezed().chars().take(12).collect();
        assert!(rows >= 2, "{title}: {rows} row(s) above the 注");
    }
}

/// 五's first column holds a member's name, its credit code and its
/// evidence as the lines of one paragraph: however the name wraps, no
/// empty line comes between it and the code.
#[test]
fn a_members_code_follows_its_name() {
    let doc = pdf::read(example_pdf());
    let five =
        doc.pages.iter().position(|p| p.squeezed().contains("五、联盟成员单位在联盟中的作用")).expect("五");
    let mut codes = 0;
    for page in doc.pages.iter().skip(five).take_while(|p| !p.is_landscape()) {
        let lines = cell_lines(page);
        for (i, code) in lines.iter().enumerate() {
            let text = code.text.trim();
            if text.len() != 18 || !text.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()) {
                continue;
            }
            codes += 1;
            let above = lines[..i].iter().rev().find(|l| l.left == code.left).expect("a name above the code");
            let gap = code.y - above.y;
            assert!(gap < 1.8 * 10.5, "{gap:.1} pt between {} and its code {text}", above.text);
        }
    }
    assert!(codes >= 16, "only {codes} credit codes in 五");
}

/// The text of each cell of `page`'s tables, its lines joined with ／.
fn cell_texts(page: &Page) -> Vec<String> {
    let lines = cell_lines(page);
    let horizontals: Vec<_> = page.rules.iter().filter(|r| !r.is_vertical()).collect();
    let mut cells: Vec<(CellLine, String)> = Vec::new();
    for line in lines {
        let middle = (line.left + line.right) / 2.0;
        let open = cells.iter_mut().rev().find(|(last, _)| {
            last.left == line.left
                && last.right == line.right
                && line.y > last.y
                && line.y - last.y < 1.6 * line.size
                && !horizontals
                    .iter()
                    .any(|r| r.x0 <= middle && middle <= r.x1 && last.y < r.y0 && r.y0 < line.y)
        });
        match open {
            Some((last, text)) => {
                text.push('／');
                text.push_str(&line.text);
                *last = line;
            }
            None => {
                let text = line.text.clone();
                cells.push((line, text));
            }
        }
    }
    cells.into_iter().map(|(_, t)| t.chars().filter(|c| !c.is_whitespace()).collect()).collect()
}

/// The breaks a reviewer found in 一 and 表1–表5 (issue 34): a name, a
/// term or a label broken mid-word, a breakdown's label split from its
/// figure. None is left in the example's PDF.
#[test]
fn table_cells_break_between_words() {
    let doc = pdf::read(example_pdf());
    let bad = [
        "晋源煤基新材／料",
        "新材料产／业",
        "学会协会／1",
        "三／晋",
        "汾河工业／大学",
        "聚／合物",
        "工／艺",
        "储氢气／瓶",
        "可／降解",
        "实／质",
        "发／布会",
        "工／程",
        "专／有权",
    ];
    let mut cells = Vec::new();
    for (_, page) in table_pages(&doc) {
        cells.extend(cell_texts(page));
    }
    assert!(cells.iter().any(|c| c.contains("／")), "no cell of the tables wraps");
    // Where the quoted text is, it is whole (or broken between words).
    for whole in ["三晋煤基材料研究院", "汾河工业大学", "工艺", "降解", "发布会", "工程研究中心"]
    {
        assert!(cells.iter().any(|c| c.replace('／', "").contains(whole)), "no cell holds {whole}");
    }
    let found: Vec<&String> = cells.iter().filter(|c| bad.iter().any(|b| c.contains(b))).collect();
    assert!(found.is_empty(), "broken mid-word: {found:?}");
    // 集成电路布图 / 设计专有权（项）, as the form breaks it.
    assert!(
        cells.iter().any(|c| c.starts_with("集成电路布图／设计专有权")),
        "集成电路布图 does not break after 布图"
    );
}

/// The pages of 二–四: from 二's first to the one before 五's.
fn narrative_pages(doc: &pdf::Document) -> (usize, usize) {
    let start = doc.pages.iter().position(|p| p.squeezed().starts_with("二、")).expect("二");
    let end =
        doc.pages.iter().position(|p| p.squeezed().contains("五、联盟成员单位在联盟中的作用")).expect("五");
    (start, end)
}

/// In the narrative a number keeps its measure word: no line ends with a
/// number whose 项, 个, 台（套）, 亩, 年, 月 or 日 begins the next.
#[test]
fn narrative_keeps_numbers_with_their_measure_words() {
    let doc = pdf::read(example_pdf());
    let (start, end) = narrative_pages(&doc);
    let mut split = Vec::new();
    let lines: Vec<String> = doc.pages[start..end]
        .iter()
        .flat_map(|p| p.lines())
        .map(|l| l.iter().flat_map(|g| g.text.chars()).filter(|c| !c.is_whitespace()).collect())
        .collect();
    for pair in lines.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if a.ends_with(|c: char| c.is_ascii_digit())
            && b.starts_with(|c: char| "项个台套亩年月日家".contains(c))
        {
            split.push(format!("{a}／{b}"));
        }
    }
    assert!(split.is_empty(), "{split:?}");
}

/// In the narrative no line starts with punctuation that closes (，。；：
/// and the like) or ends with one that opens (（“《): typst breaks after a
/// kept box even before "；" unless a word joiner holds them together.
#[test]
fn narrative_lines_keep_their_punctuation() {
    let doc = pdf::read(example_pdf());
    let (start, end) = narrative_pages(&doc);
    let mut wrong = Vec::new();
    for (i, page) in doc.pages.iter().enumerate().take(end).skip(start) {
        for line in page.lines() {
            let text: String = line
                .iter()
                .flat_map(|g| g.text.chars())
                .filter(|c| !c.is_whitespace() && *c != '\u{2060}')
                .collect();
            if text.starts_with(|c: char| "、，；：。！？）》」』”’".contains(c))
                || text.ends_with(|c: char| "（《「『“‘".contains(c))
            {
                wrong.push(format!("第{}页 {text}", i + 1));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:?}");
}

/// 六: the 盖章 line at least 4.5 cm below the signature, so that a 4.2 cm
/// seal centred on （盖章） keeps clear of it.
#[test]
fn six_has_room_to_sign_then_to_seal() {
    let doc = pdf::read(example_pdf());
    let page = page_with(&doc, "六、真实性承诺");
    let sign = line(page, "联盟理事长：（签字）").expect("六's signature line")[0].y;
    let seal = line(page, "联盟牵头单位：（盖章）").expect("六's 盖章 line")[0].y;
    let date = page.lines().into_iter().map(|l| l[0].y).filter(|&y| y > seal).fold(f64::NAN, f64::min);
    assert!(seal - sign >= 4.5 * CM, "{:.2} cm between signature and 盖章", (seal - sign) / CM);
    assert!(date > seal, "no date under 盖章");
}

/// Every sheet of evidence, portrait or landscape, has its framed page in
/// the middle: left and right margins within 2 pt of each other.
#[test]
fn evidence_sheets_are_centred() {
    let doc = pdf::read(example_pdf());
    let mut sheets = 0;
    for (i, page) in doc.pages.iter().enumerate() {
        let text = page.squeezed();
        if !text.starts_with("九、相关印证材料附件") {
            continue;
        }
        // The frame: the longest horizontal rule below the running mark,
        // its top or bottom edge (what the frame holds lies inside it).
        let frame = page
            .rules
            .iter()
            .filter(|r| !r.is_vertical() && r.y0 > 60.0)
            .max_by(|a, b| (a.x1 - a.x0).total_cmp(&(b.x1 - b.x0)));
        let left = frame.map_or(f64::INFINITY, |r| r.x0);
        let right = page.width - frame.map_or(0.0, |r| r.x1);
        assert!(left.is_finite(), "page {}: no frame", i + 1);
        assert!((left - right).abs() <= 2.0, "page {}: margins {left:.1} and {right:.1} pt", i + 1);
        sheets += 1;
    }
    assert!(sheets >= 40, "only {sheets} evidence sheets");
}

/// The text layer reads as the page does: "2018年9月" without spaces, and
/// the bookmarks 填写说明 and 附件 1-1 with a space before the title.
#[test]
fn text_and_bookmarks_search_as_they_read() {
    let doc = pdf::read(example_pdf());
    // A reader puts a space where the gap between two glyphs is wider than
    // about a tenth of an em (poppler, pdf.js): between 8 and 年 the gap is
    // no wider than between two digits.
    let mut seen = 0;
    // The report's own pages, not the evidence's.
    let nine = doc.pages.iter().position(|p| p.squeezed().contains("证明材料目录")).expect("九");
    for page in &doc.pages[..nine] {
        for line in page.lines() {
            for w in line.windows(5) {
                let text: String = w.iter().map(|g| g.text.as_str()).collect();
                if text != "2018年" {
                    continue;
                }
                let digit = w[3].x - w[2].x;
                let gap = w[4].x - w[3].x - digit;
                assert!(gap < 0.1 * w[3].size, "{gap:.2} pt between 8 and 年");
                seen += 1;
            }
        }
    }
    assert!(seen > 0, "2018年 is not in the text");
    let outline: Vec<String> = doc.outline().into_iter().map(|(_, t)| t).collect();
    assert!(outline.iter().any(|t| t == "填写说明"), "{outline:?}");
    assert!(
        outline
            .iter()
            .any(|t| t.starts_with("附件 1-1") && t.chars().nth(6).is_some_and(char::is_whitespace)),
        "{outline:?}"
    );
}

/// A lead-in of the narrative (a paragraph ending in "：") is never the
/// last line of a page, away from what it leads into.
#[test]
fn lead_ins_stay_with_what_follows() {
    let doc = pdf::read(example_pdf());
    let (start, end) = narrative_pages(&doc);
    let mut leads = 0;
    for (i, page) in doc.pages.iter().enumerate().take(end).skip(start) {
        let lines: Vec<String> = page
            .lines()
            .iter()
            .map(|l| l.iter().flat_map(|g| g.text.chars()).filter(|c| !c.is_whitespace()).collect())
            .collect();
        leads += lines.iter().filter(|l| l.ends_with("项：")).count();
        // The last line is the page number.
        let last = lines.iter().rev().nth(1).expect("a line of text");
        assert!(!last.ends_with('：'), "page {} ends with a lead-in: {last}", i + 1);
    }
    assert!(leads >= 3, "only {leads} lead-ins found");
}

/// The cover's values are set at one size, however long each is.
#[test]
fn cover_values_are_one_size() {
    let doc = pdf::read(example_pdf());
    let cover = &doc.pages[0];
    let sizes: Vec<f64> = ["联盟名称：", "联盟牵头单位：", "组织推荐单位：", "填报人："]
        .iter()
        .map(|label| line(cover, label).unwrap_or_else(|| panic!("no {label}")).last().expect("a value").size)
        .collect();
    assert!(sizes.iter().all(|s| (s - sizes[0]).abs() < 0.01), "{sizes:?}");
}
