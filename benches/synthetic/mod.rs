//! Synthetic reports for benchmarks: the example report's report.yaml with
//! generated members, tables, narrative and evidence of a chosen size;
//! or the example with a large generated evidence appendix. All of it is
//! valid (`check` passes), deterministic, and fictional.

// The bench and the example binary each use a part of this module.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;

use alliance_report::check::formats::credit_code_check_char;

pub mod binder;

/// How much of everything a synthetic report has.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub members: usize,
    pub projects: usize,
    pub achievements: usize,
    pub transfers: usize,
    pub events: usize,
    pub platforms: usize,
    /// Pages of narrative, about 1,000 characters each.
    pub pages: usize,
}

/// "large": about 100 members, 300 rows in 表1 and 表3, 100 in 表2, 表4,
/// 表5, 40 pages of narrative.
pub const LARGE: Size = Size {
    members: 100,
    projects: 300,
    achievements: 300,
    transfers: 100,
    events: 100,
    platforms: 100,
    pages: 40,
};

/// "huge": four times "large".
pub const HUGE: Size = Size {
    members: 400,
    projects: 1200,
    achievements: 1200,
    transfers: 400,
    events: 400,
    platforms: 400,
    pages: 160,
};

/// The size named on the command line.
pub fn size(name: &str) -> Option<Size> {
    match name {
        "large" => Some(LARGE),
        "huge" => Some(HUGE),
        _ => None,
    }
}

const LEAD: &str = "晋源煤基新材料股份有限公司";
const KINDS: [&str; 5] = ["企业", "大学", "科研院所", "学会协会", "其它"];
const SYLLABLES: [&str; 24] = [
    "晋", "汾", "并", "太", "原", "阳", "泉", "潞", "安", "长", "治", "临", "吕", "梁", "忻", "朔", "运",
    "城", "沁", "恒", "创", "新", "材", "源",
];

/// A fictional name, different for each `i`.
fn name(i: usize, suffix: &str) -> String {
    let a = SYLLABLES[i % SYLLABLES.len()];
    let b = SYLLABLES[(i / SYLLABLES.len() + 7) % SYLLABLES.len()];
    format!("{a}{b}{}号{suffix}", i + 1)
}

/// A valid 18-character 统一社会信用代码 for member `i` of kind `k`.
fn credit_code(i: usize, k: usize) -> String {
    let prefix = ["91", "12", "12", "51", "52"][k];
    let body = format!("{prefix}140100{:08}", 10_000_000 + i * 7919 % 89_999_999);
    let org8 = &body[8..16];
    let org9 = alliance_report::check::formats::org_code_check_char(org8).unwrap_or('0');
    let first17 = format!("{}{org9}", &body[..16]);
    let check = credit_code_check_char(&first17).unwrap_or('0');
    format!("{first17}{check}")
}

fn member_name(i: usize) -> String {
    if i == 0 {
        return LEAD.to_owned();
    }
    let suffix = ["新材料有限公司", "工业大学", "材料研究院", "材料学会", "技术服务中心"][i % 5];
    name(i, suffix)
}

/// Writes a report of `size` into `dir`, taking report.yaml from `example`.
pub fn write(example: &Path, dir: &Path, size: Size) -> std::io::Result<()> {
    for sub in ["tables", "sections", "evidence"] {
        std::fs::create_dir_all(dir.join(sub))?;
    }
    std::fs::copy(example.join("report.yaml"), dir.join("report.yaml"))?;
    std::fs::write(dir.join("members.yaml"), members(size.members))?;
    std::fs::write(dir.join("tables/projects.yaml"), projects(size))?;
    std::fs::write(dir.join("tables/transfers.yaml"), transfers(size))?;
    std::fs::write(dir.join("tables/achievements.yaml"), achievements(size))?;
    std::fs::write(dir.join("tables/events.yaml"), events(size))?;
    std::fs::write(dir.join("tables/platforms.yaml"), platforms(size))?;
    let (operation, innovation, results) = narrative(size.pages);
    std::fs::write(dir.join("sections/operation.md"), operation)?;
    std::fs::write(dir.join("sections/innovation.md"), innovation)?;
    std::fs::write(dir.join("sections/results.md"), results)?;
    nine_items(dir)
}

fn members(count: usize) -> String {
    let mut out = String::from("members:\n");
    for i in 0..count.max(1) {
        let k = if i == 0 { 0 } else { i % 5 };
        let _ = write!(
            out,
            "  - name: {}\n    code: \"{}\"\n    type: {}\n    role: 成员单位，参与联盟技术攻关、成果转化和标准制定，第 {} 号合作任务的承担单位。\n",
            member_name(i),
            credit_code(i, k),
            KINDS[k],
            i + 1
        );
    }
    out
}

/// A year-month between 2020-01 and 2024-12, spread over `i`.
fn month(i: usize) -> String {
    format!("{}-{:02}", 2020 + i % 5, 1 + i % 12)
}

fn projects(size: Size) -> String {
    let sources = ["国家级项目", "省级项目", "市级项目", "县级项目", "联盟自行组织"];
    let mut out = String::from("projects:\n");
    for i in 0..size.projects {
        let partners: Vec<String> = (1..=3).map(|k| member_name((i + k) % size.members.max(4))).collect();
        let _ = write!(
            out,
            "  - name: 煤基新材料关键技术合作攻关项目第{}项\n    number: \"SX-{:05}\"\n    started: {}\n    source: {}\n    lead_unit: {}\n    partners: [{}]\n    total_investment: {}\n    public_funds: {}\n    status: {}\n",
            i + 1,
            i + 1,
            month(i),
            sources[i % 5],
            member_name(i % size.members.max(1)),
            partners.join(", "),
            100 + i % 900,
            i % 90,
            if i % 3 == 0 { "完成" } else { "在研" }
        );
    }
    out
}

fn transfers(size: Size) -> String {
    let mut out = String::from("transfers:\n");
    for i in 0..size.transfers {
        let _ = write!(
            out,
            "  - name: 煤基新材料成果第{}项\n    source: {}\n    applied_by: {}\n    method: {}\n    output_value: {}\n    profit: {}\n    tax: {}\n    export_usd: {}\n    benefits: 年减少煤系固废堆存约{}吨，带动就业{}人。\n",
            i + 1,
            if i % 2 == 0 { "自主研发" } else { "技术转让" },
            member_name(i % size.members.max(1)),
            if i % 2 == 0 { "自主转化" } else { "技术转让" },
            1000 + i,
            100 + i % 50,
            50 + i % 30,
            i * 1000,
            1000 + i,
            10 + i % 40
        );
    }
    out
}

fn achievements(size: Size) -> String {
    let kinds = [
        ("发明专利", "授权"),
        ("发明专利", "申请"),
        ("实用新型专利", "授权"),
        ("软件著作权", "登记"),
        ("行业标准", "批准"),
        ("联盟内部标准或规范", "研制"),
    ];
    let mut out = String::from("achievements:\n");
    for i in 0..size.achievements {
        let (kind, stage) = kinds[i % kinds.len()];
        let _ = write!(
            out,
            "  - name: 一种煤基材料的制备方法（{}）\n    kind: {kind}\n    number: \"ZL 2023 1 {:07}.X\"\n    completed: {}\n    people: [张{}, 李{}]\n    units: [{}]\n    stage: {stage}\n",
            i + 1,
            i + 1,
            month(i),
            SYLLABLES[i % 24],
            SYLLABLES[(i + 5) % 24],
            member_name(i % size.members.max(1))
        );
    }
    out
}

fn events(size: Size) -> String {
    let mut out = String::from("events:\n");
    for i in 0..size.events {
        let _ = write!(
            out,
            "  - name: 煤基新材料技术交流会第{}场\n    organizer: {}\n    date: {}-15\n    place: 太原市\n    member_units: {}\n    other_units: {}\n    attendees: {}\n",
            i + 1,
            member_name(i % size.members.max(1)),
            month(i),
            5 + i % 20,
            i % 30,
            50 + i % 300
        );
    }
    out
}

fn platforms(size: Size) -> String {
    let levels = ["国家级", "省级", "市级"];
    let mut out = String::from("platforms:\n");
    for i in 0..size.platforms {
        let _ = write!(
            out,
            "  - name: 煤基新材料工程技术研究中心第{}号\n    started: {}\n    completed: {}-12\n    level: {}\n    builder: {}\n",
            i + 1,
            month(i),
            2020 + i % 5,
            levels[i % 3],
            member_name(i % size.members.max(1))
        );
    }
    out
}

const SENTENCES: [&str; 6] = [
    "联盟围绕煤基新材料产业链关键环节组织成员单位开展协同攻关，推动技术成果在成员企业中转化应用。",
    "成员单位共建共享中试平台和检测平台，降低了中小企业开展技术创新的门槛，提高了研发效率。",
    "联盟秘书处按照章程组织理事会和专家委员会会议，审议年度工作计划和重大合作项目。",
    "通过产学研合作，高校和科研院所的基础研究成果与企业的工程化能力有效衔接。",
    "联盟注重知识产权保护和标准化工作，形成了一批具有自主知识产权的核心技术。",
    "下一步，联盟将继续聚焦产业共性技术需求，完善利益共享机制，提升服务成员单位的能力。",
];

/// The three section files; `pages` pages of text spread over 13 answers,
/// each naming 2022, 2023 and 2024.
fn narrative(pages: usize) -> (String, String, String) {
    let per_answer = (pages * 1000 / 13).max(200);
    let answer = |seed: usize| {
        let mut text = String::new();
        let mut n = seed;
        while text.chars().count() < per_answer {
            let _ = write!(text, "{}年至{}年间，", 2022 + n % 3, 2024);
            for _ in 0..4 {
                text.push_str(SENTENCES[n % SENTENCES.len()]);
                n += 1;
            }
            text.push_str("\n\n");
        }
        text.push_str("2022年、2023年和2024年的情况分别见上文。\n\n");
        text
    };
    let section = |count: usize, base: usize| {
        (1..=count).map(|k| format!("# （{k}）\n\n{}", answer(base + k))).collect::<String>()
    };
    (section(5, 0), section(5, 10), section(3, 20))
}

/// Evidence for the table-heavy reports: one single-page PDF for each of
/// the nine kinds, so that they pass `check` and measure what they are
/// about (the tables and the narrative; `write_with_evidence` measures the
/// evidence).
fn nine_items(dir: &Path) -> std::io::Result<()> {
    let fonts = alliance_report::compile::Fonts::embedded();
    let mut yaml = String::from("items:\n");
    for kind in 1..=9 {
        let name = format!("evidence/kind-{kind}.pdf");
        std::fs::write(dir.join(&name), typeset_pdf(dir, &fonts, kind, 1))?;
        let _ = writeln!(yaml, "  - kind: {kind}\n    title: 第{kind}类证明材料汇编\n    files: [{name}]");
    }
    std::fs::write(dir.join("evidence/evidence.yaml"), yaml)
}

/// Writes the example report into `dir` with its evidence replaced by
/// `files` files of `pages` pages in all (one item per file, over the nine
/// kinds): PDFs of several pages typeset here with typst, and among them
/// every ninth file one of the example's JPEG scans (made distinct by a
/// trailer after its end marker).
pub fn write_with_evidence(example: &Path, dir: &Path, files: usize, pages: usize) -> std::io::Result<()> {
    copy_without_evidence(example, dir)?;
    let scans: Vec<std::path::PathBuf> = {
        let mut scans: Vec<_> = std::fs::read_dir(example.join("evidence"))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "jpg"))
            .collect();
        scans.sort();
        scans
    };
    let images = files / 9;
    let pdfs = files - images;
    let pdf_pages = pages - images;
    let fonts = alliance_report::compile::Fonts::embedded();
    let mut yaml = String::from("items:\n");
    let (mut pdf, mut image) = (0, 0);
    for i in 0..files {
        let kind = i % 9 + 1;
        let file = if i % 9 == 8 && image < images {
            let mut bytes = std::fs::read(&scans[image % scans.len()])?;
            bytes.extend_from_slice(format!("bench-{i}").as_bytes());
            let name = format!("evidence/bench-{i}.jpg");
            std::fs::write(dir.join(&name), bytes)?;
            image += 1;
            name
        } else {
            // The pages spread evenly over the PDFs.
            let count = pdf_pages / pdfs + usize::from(pdf < pdf_pages % pdfs);
            let name = format!("evidence/bench-{i}.pdf");
            std::fs::write(dir.join(&name), typeset_pdf(dir, &fonts, i, count))?;
            pdf += 1;
            name
        };
        let _ = writeln!(
            yaml,
            "  - kind: {kind}\n    title: 第{kind}类证明材料（{}）\n    files: [{file}]",
            i + 1
        );
    }
    std::fs::write(dir.join("evidence/evidence.yaml"), yaml)
}

/// A PDF of `pages` A4 pages of Chinese text, typeset with typst.
fn typeset_pdf(dir: &Path, fonts: &alliance_report::compile::Fonts, seed: usize, pages: usize) -> Vec<u8> {
    let mut source = String::from(
        "#set page(paper: \"a4\", margin: 25mm)\n#set text(font: \"Noto Serif CJK SC\", size: 12pt, lang: \"zh\")\n",
    );
    for page in 0..pages {
        let _ =
            writeln!(source, "#align(center, text(size: 16pt)[证明材料 {} 第 {} 页])", seed + 1, page + 1);
        for k in 0..9 {
            let _ = writeln!(source, "#par[{}]", SENTENCES[(seed + page + k) % SENTENCES.len()].repeat(2));
        }
        if page + 1 < pages {
            source.push_str("#pagebreak()\n");
        }
    }
    let _ = dir;
    let world = alliance_report::compile::ReportWorld::new(source, Default::default(), fonts.clone());
    let (pdf, _) = alliance_report::compile::compile_pdf(&world).expect("the synthetic evidence typesets");
    pdf
}

/// Writes the example report into `dir` with its evidence replaced by
/// `count` JPEG scans of `width` × `height` pixels (grey, or colour), in 30
/// items over the nine kinds: a page of lines of "text" on off-white
/// paper with scanner noise, each scan distinct.
pub fn write_with_scans(
    example: &Path,
    dir: &Path,
    count: usize,
    width: u32,
    height: u32,
    colour: bool,
) -> std::io::Result<()> {
    copy_without_evidence(example, dir)?;
    let items = 30.min(count);
    let mut files: Vec<Vec<String>> = vec![Vec::new(); items];
    for i in 0..count {
        let name = format!("evidence/scan-{i:04}.jpg");
        std::fs::write(dir.join(&name), scan(i, width, height, colour))?;
        files[i % items].push(name);
    }
    let mut yaml = String::from("items:\n");
    for (i, names) in files.iter().enumerate() {
        let kind = i % 9 + 1;
        let _ = writeln!(
            yaml,
            "  - kind: {kind}\n    title: 扫描件（{}）\n    files: [{}]",
            i + 1,
            names.join(", ")
        );
    }
    std::fs::write(dir.join("evidence/evidence.yaml"), yaml)
}

/// Writes the example report into `dir` with one item of evidence: a
/// scanned contract of `pages` grey A4 scans (1700 × 2300 JPEG pages) with
/// an electronic seal on every page, stored as a /Stamp annotation as seal
/// software stores it, so that the build draws `pages` seals into the file.
pub fn write_with_stamped_contract(example: &Path, dir: &Path, pages: usize) -> std::io::Result<()> {
    use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref};
    copy_without_evidence(example, dir)?;
    let mut pdf = Pdf::new();
    let mut next = Ref::new(1);
    let (catalog, tree) = (next.bump(), next.bump());
    // One seal appearance shared by the pages, as a seal tool writes it.
    let seal = next.bump();
    let mut ring = Content::new();
    ring.set_stroke_rgb(1.0, 0.0, 0.0).set_line_width(4.0).rect(-45.0, -45.0, 90.0, 90.0).stroke();
    pdf.form_xobject(seal, &ring.finish()).bbox(Rect::new(-50.0, -50.0, 50.0, 50.0));
    let mut kids = Vec::with_capacity(pages);
    for i in 0..pages {
        let (page, contents, image, stamp) = (next.bump(), next.bump(), next.bump(), next.bump());
        kids.push(page);
        let data = scan(i, 1700, 2300, false);
        let mut xobject = pdf.image_xobject(image, &data);
        xobject.filter(Filter::DctDecode);
        xobject.width(1700).height(2300).bits_per_component(8);
        xobject.color_space().device_gray();
        xobject.finish();
        let mut content = Content::new();
        content
            .save_state()
            .transform([595.0, 0.0, 0.0, 842.0, 0.0, 0.0])
            .x_object(Name(b"Im0"))
            .restore_state();
        pdf.stream(contents, &content.finish());
        let mut p = pdf.page(page);
        p.parent(tree).media_box(Rect::new(0.0, 0.0, 595.0, 842.0)).contents(contents);
        p.resources().x_objects().pair(Name(b"Im0"), image);
        p.annotations([stamp]);
        p.finish();
        let mut a = pdf.annotation(stamp);
        a.pair(Name(b"Subtype"), Name(b"Stamp"));
        a.rect(Rect::new(380.0, 80.0, 540.0, 240.0)).flags(pdf_writer::types::AnnotationFlags::PRINT);
        a.appearance().normal().stream(seal);
    }
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).count(pages as i32).kids(kids);
    std::fs::write(dir.join("evidence/contract.pdf"), pdf.finish())?;
    let mut yaml = String::from(
        "items:\n  - kind: 5\n    title: 盖电子印章的合同扫描件\n    files: [evidence/contract.pdf]\nabsent:\n",
    );
    for kind in [1, 2, 3, 4, 6, 7, 8, 9] {
        let _ = writeln!(yaml, "  - kind: {kind}\n    reason: 基准测试只附一份合同");
    }
    std::fs::write(dir.join("evidence/evidence.yaml"), yaml)
}

/// One synthetic scan as a JPEG (quality 75, as scanners write).
fn scan(seed: usize, width: u32, height: u32, colour: bool) -> Vec<u8> {
    let mut state = (seed as u64).wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    let mut next = move || {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 33) as u32
    };
    let (margin, line) = (width / 10, height / 40);
    let mut pixels = Vec::with_capacity((width * height * if colour { 3 } else { 1 }) as usize);
    let mut row_ink = Vec::new();
    for y in 0..height {
        if y % line == 0 {
            // A line of "words": runs of ink and gaps.
            row_ink.clear();
            let mut x = margin;
            while x < width - margin {
                let word = 20 + next() % 120;
                row_ink.push((x, (x + word).min(width - margin)));
                x += word + 15 + next() % 25;
            }
        }
        let in_text =
            y % line > line / 4 && y % line < line * 3 / 4 && y > height / 12 && y < height * 11 / 12;
        for x in 0..width {
            let ink = in_text && row_ink.iter().any(|&(a, b)| x >= a && x < b);
            let noise = (next() % 5) as u8;
            let v = if ink { 40 + noise } else { 238 + noise };
            if colour {
                pixels.extend_from_slice(&[v, v.saturating_sub(4), v.saturating_sub(10)]);
            } else {
                pixels.push(v);
            }
        }
    }
    let mut out = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 75);
    let layout = if colour { image::ExtendedColorType::Rgb8 } else { image::ExtendedColorType::L8 };
    image::ImageEncoder::write_image(encoder, &pixels, width, height, layout).expect("encodes");
    out
}

/// Copies the example report into `dir`, all but the files of `evidence/`.
fn copy_without_evidence(example: &Path, dir: &Path) -> std::io::Result<()> {
    for entry in walkdir::WalkDir::new(example) {
        let entry = entry?;
        let target = dir.join(entry.path().strip_prefix(example).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target)?;
        } else if entry.path().parent() != Some(&example.join("evidence")) {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}
