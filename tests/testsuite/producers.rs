//! Evidence as other programs write it (tests/testsuite/fixtures/producers,
//! made by tools/make-fixtures.sh): every whole file binds, every damaged
//! one is a located error of `check` and of `build`, and a PDF 2.0 file
//! binds into a PDF 2.0 output with its page as a reader shows it.

use super::*;

fn producer(name: &str) -> PathBuf {
    fixture("producers").join(name)
}

/// A copy of the example whose item 8-1 attaches the producer's `name`
/// instead of its agreement; returns the folder and the line of
/// evidence.yaml that lists the file.
fn attaching(test: &str, name: &str) -> (PathBuf, usize) {
    let dir = scratch(&format!("producers-{test}"));
    copy_dir(&example(), &dir);
    let ext = name.rsplit_once('.').unwrap().1;
    let attached = format!("evidence/8-1-附件.{ext}");
    std::fs::copy(producer(name), dir.join(&attached)).unwrap();
    std::fs::remove_file(dir.join("evidence/8-1-联盟协议.pdf")).unwrap();
    let path = dir.join("evidence/evidence.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("evidence/8-1-联盟协议.pdf"), "the example changed");
    let text = text.replace("evidence/8-1-联盟协议.pdf", &attached);
    let line = text.lines().position(|l| l.contains(&attached)).unwrap() + 1;
    std::fs::write(&path, text).unwrap();
    (dir, line)
}

fn check(dir: &Path) -> (Option<i32>, String) {
    let output = run(&["check".as_ref(), dir.as_os_str()]);
    (output.status.code(), String::from_utf8_lossy(&output.stderr).into_owned())
}

fn build(dir: &Path) -> (Option<i32>, PathBuf) {
    let out = dir.with_extension("pdf");
    let _ = std::fs::remove_file(&out);
    let output = run(&["build".as_ref(), dir.as_os_str(), "-o".as_ref(), out.as_os_str()]);
    (output.status.code(), out)
}

/// Files cut short by the fixture script, and what the error says.
const DAMAGED: &[(&str, &str)] = &[
    ("gs-1.3-truncated.pdf", "第 1 页的字体已损坏或缺失"),
    ("linearized-truncated.pdf", "第 1 页"),
    ("img2pdf-jpeg-truncated.pdf", "第 1 页"),
    ("reportlab-pages-truncated.pdf", "第 5 页的内容已损坏或缺失"),
    ("camera-truncated.jpg", "JPEG 文件不完整"),
    ("cmyk-truncated.jpg", "JPEG 文件不完整"),
    ("progressive-truncated.jpg", "JPEG 文件不完整"),
    ("palette-truncated.png", "PNG 文件不完整"),
    ("rgb16-truncated.png", "PNG 文件不完整"),
];

#[test]
fn a_damaged_file_is_a_located_error_of_check_and_of_build() {
    for (name, why) in DAMAGED {
        let (dir, line) = attaching(&format!("damaged-{}", name.replace('.', "-")), name);
        let (code, stderr) = check(&dir);
        assert_eq!(code, Some(1), "{name}: {stderr}");
        assert!(stderr.contains("已损坏，无法读取") && stderr.contains(why), "{name}: {stderr}");
        assert!(
            stderr.contains(&format!("--> evidence/evidence.yaml:{line}:")),
            "{name}: not located: {stderr}"
        );
        assert!(stderr.contains("重新复制、下载或扫描这个文件"), "{name}: no advice: {stderr}");
        let (code, out) = build(&dir);
        assert_eq!(code, Some(1), "{name}: build must refuse as check does");
        assert!(!out.exists());
    }
}

#[test]
fn every_whole_file_of_every_producer_passes_check() {
    let damaged: Vec<&str> = DAMAGED.iter().map(|(n, _)| *n).collect();
    let mut names: Vec<String> = std::fs::read_dir(fixture("producers"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| [".pdf", ".jpg", ".png"].iter().any(|e| n.ends_with(e)) && !damaged.contains(&n.as_str()))
        .collect();
    names.sort();
    assert!(names.len() >= 20, "{names:?}");
    // One folder attaching them all as items of 8-1: one check, not twenty.
    let dir = scratch("producers-whole");
    copy_dir(&example(), &dir);
    let mut listed = Vec::new();
    for name in &names {
        let to = format!("evidence/8-1-{name}");
        std::fs::copy(producer(name), dir.join(&to)).unwrap();
        listed.push(to);
    }
    let path = dir.join("evidence/evidence.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replace(
        "[evidence/8-1-联盟协议.pdf]",
        &format!("[evidence/8-1-联盟协议.pdf, {}]", listed.join(", ")),
    );
    std::fs::write(&path, text).unwrap();
    let (code, stderr) = check(&dir);
    assert!(!stderr.lines().any(|l| l.starts_with("错误")), "{stderr}");
    assert!(matches!(code, Some(0)), "{stderr}");
    // The one warning: the form whose fields have no appearances.
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.starts_with("警告")).collect();
    assert!(matches!(warnings[..], [w] if w.contains("reportlab-form-noap.pdf")), "{stderr}");
}

#[test]
fn a_pdf_2_0_file_binds_into_a_pdf_2_0_report() {
    let (dir, _) = attaching("pdf-2-0", "gs-2.0.pdf");
    let (code, out) = build(&dir);
    assert_eq!(code, Some(0));
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"%PDF-2.0"), "{:?}", String::from_utf8_lossy(&bytes[..9]));
    let document = pdf::read(&out);
    let sheet = (0..document.pages.len())
        .find(|&i| document.pages[i].squeezed().contains("GS20FIXTURE"))
        .expect("the PDF 2.0 page is on a sheet");
    // Its red and blue boxes are drawn: count pure red and blue pixels.
    let pixels = document.render(sheet, 36.0);
    let count = |rgb: [u8; 3]| {
        (0..pixels.height)
            .flat_map(|y| (0..pixels.width).map(move |x| (x, y)))
            .filter(|&(x, y)| pixels.at(x, y) == rgb)
            .count()
    };
    assert!(count([255, 0, 0]) > 200 && count([0, 0, 255]) > 200, "the boxes are missing");
}

#[test]
fn the_example_stays_pdf_1_7() {
    let out = scratch("producers-1.7").join("r.pdf");
    super::build(&example(), &out);
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF-1.7"));
}

#[test]
fn an_image_declaring_forty_thousand_pixels_square_is_refused_before_it_is_decoded() {
    let (dir, line) = attaching("huge-png", "palette.png");
    let path = dir.join("evidence/8-1-附件.png");
    let mut png = std::fs::read(&path).unwrap();
    // IHDR's width and height: 40000 × 40000, and its CRC made right.
    png[16..24].copy_from_slice(&[0, 0, 0x9c, 0x40, 0, 0, 0x9c, 0x40]);
    let mut crc = flate2::Crc::new();
    crc.update(&png[12..29]);
    png[29..33].copy_from_slice(&crc.sum().to_be_bytes());
    std::fs::write(&path, png).unwrap();
    let (code, stderr) = check(&dir);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("有 40000×40000 像素，超过 1 亿像素") && stderr.contains(&format!(":{line}:")),
        "{stderr}"
    );
    assert_eq!(build(&dir).0, Some(1));
}

/// A PDF whose page tree is `depth` levels deep, one page at its bottom.
fn nested_pages(depth: usize) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n".to_vec();
    for id in 2..depth + 2 {
        out.extend(
            format!("{id} 0 obj\n<< /Type /Pages /Kids [{} 0 R] /Count 1 >>\nendobj\n", id + 1).as_bytes(),
        );
    }
    out.extend(
        format!("{} 0 obj\n<< /Type /Page /MediaBox [0 0 595 842] >>\nendobj\n", depth + 2).as_bytes(),
    );
    out.extend(b"trailer\n<< /Root 1 0 R >>\n%%EOF\n");
    out
}

#[test]
fn a_page_tree_thousands_of_levels_deep_is_refused_without_a_crash() {
    for depth in [3000, 8000] {
        let (dir, line) = attaching(&format!("deep-{depth}"), "gs-1.3.pdf");
        std::fs::write(dir.join("evidence/8-1-附件.pdf"), nested_pages(depth)).unwrap();
        let (code, stderr) = check(&dir);
        assert_eq!(code, Some(1), "{depth}: {stderr}");
        assert!(stderr.contains("页面结构嵌套超过") && stderr.contains(&format!(":{line}:")), "{stderr}");
        assert_eq!(build(&dir).0, Some(1));
    }
    // A tree a few levels deep, as real files have, binds.
    let (dir, _) = attaching("deep-4", "gs-1.3.pdf");
    std::fs::write(dir.join("evidence/8-1-附件.pdf"), nested_pages(4)).unwrap();
    let (code, stderr) = check(&dir);
    assert_eq!(code, Some(0), "{stderr}");
}

/// The one-page PDF a scan is placed as, rendered at 72 dpi (a pixel per
/// point), with its size as shown.
fn sheet_of(name: &str) -> pdf::Pixels {
    use alliance_report::load::assets::{Accept, inspect};
    let asset = inspect(std::fs::read(producer(name)).unwrap(), name, Accept::Evidence).unwrap();
    let sheet = asset.sheet.expect("a scan is placed as a one-page PDF");
    assert!(asset.bytes.is_empty(), "{name}: the scan is held twice");
    pdf::parse(sheet.to_vec()).unwrap().render(0, 72.0)
}

fn near(got: [u8; 3], want: [u8; 3], tolerance: u8) -> bool {
    got.iter().zip(want).all(|(&g, w)| g.abs_diff(w) <= tolerance)
}

/// A pixel at shown (x, y), its colour and the tolerance per channel.
type Probe = ((u32, u32), [u8; 3], u8);

#[test]
fn a_scan_is_placed_as_a_reader_shows_it() {
    // (file, shown size, probes at shown (x, y), colour, tolerance): the
    // fixture README's probes, turned as EXIF says.
    let cases: &[(&str, (u32, u32), &[Probe])] = &[
        ("exif-rotated.jpg", (300, 400), &[((50, 50), [255, 0, 0], 40), ((250, 350), [0, 0, 255], 40)]),
        (
            "cmyk.jpg",
            (300, 400),
            // Process colours as a reader converts CMYK (cyan is not pure
            // (0, 255, 255) on screen); inverted samples would give their
            // negatives, white paper as black.
            &[
                ((80, 70), [0, 174, 239], 40),
                ((220, 70), [236, 0, 140], 40),
                ((80, 190), [255, 242, 0], 40),
                ((220, 190), [35, 31, 32], 40),
                ((150, 380), [255, 255, 255], 30),
            ],
        ),
        (
            "progressive.jpg",
            (300, 400),
            &[((80, 70), [255, 0, 0], 40), ((220, 70), [0, 255, 0], 40), ((80, 190), [0, 0, 255], 40)],
        ),
        (
            "grey.jpg",
            (300, 400),
            &[((80, 70), [0, 0, 0], 24), ((220, 70), [128, 128, 128], 24), ((150, 125), [235, 235, 235], 24)],
        ),
        (
            "camera.jpg",
            (400, 300),
            &[((330, 50), [255, 0, 0], 50), ((40, 40), [110, 170, 230], 30), ((40, 280), [40, 140, 40], 30)],
        ),
        (
            "rgb16.png",
            (300, 400),
            &[((80, 70), [255, 0, 0], 1), ((220, 70), [0, 255, 0], 1), ((150, 190), [128, 128, 128], 2)],
        ),
        (
            "palette.png",
            (300, 400),
            &[
                ((80, 70), [255, 0, 0], 0),
                ((220, 70), [0, 255, 0], 0),
                ((80, 190), [0, 0, 255], 0),
                ((220, 190), [255, 255, 0], 0),
            ],
        ),
    ];
    for (name, (w, h), probes) in cases {
        let pixels = sheet_of(name);
        assert_eq!((pixels.width, pixels.height), (*w, *h), "{name}: size as shown");
        for &((x, y), want, tolerance) in *probes {
            let got = pixels.at(x, y);
            assert!(near(got, want, tolerance), "{name} at ({x}, {y}): {got:?}, not {want:?}");
        }
    }
}

#[test]
fn a_png_with_alpha_is_placed_on_white_with_its_shape() {
    let pixels = sheet_of("alpha.png");
    assert_eq!((pixels.width, pixels.height), (300, 400));
    // Transparent corners show the paper; the opaque shapes keep their colour.
    assert_eq!(pixels.at(2, 2), [255, 255, 255]);
    let opaque = (0..pixels.height).flat_map(|y| (0..pixels.width).map(move |x| (x, y)));
    let red = opaque.filter(|&(x, y)| near(pixels.at(x, y), [255, 0, 0], 10)).count();
    assert!(red > 5000, "{red} red pixels");
}

/// The PDF typst places for an attached PDF `data`, when it places one
/// other than the file, with what load found of its annotations.
fn placed_pdf(data: Vec<u8>, name: &str) -> (Option<pdf::Document>, alliance_report::model::Annotations) {
    use alliance_report::load::assets::{Accept, inspect};
    use alliance_report::model::AssetKind;
    let asset = inspect(data, name, Accept::Evidence).unwrap();
    let AssetKind::Pdf { annotations, .. } = asset.kind else { panic!("{name} is a PDF") };
    let sheet = asset.sheet.map(|sheet| {
        assert!(asset.bytes.is_empty(), "{name}: the file is held twice");
        pdf::parse(sheet.to_vec()).unwrap()
    });
    (sheet, annotations)
}

/// Pixels of `pixels` in the shown rectangle (x0, y0)-(x1, y1) near `colour`.
fn count(pixels: &pdf::Pixels, (x0, y0, x1, y1): (u32, u32, u32, u32), colour: [u8; 3]) -> usize {
    (y0..y1)
        .flat_map(|y| (x0..x1).map(move |x| (x, y)))
        .filter(|&(x, y)| near(pixels.at(x, y), colour, 60))
        .count()
}

#[test]
fn a_seal_free_text_and_ink_print_on_the_sheet_as_a_reader_prints_them() {
    // (file, annotations drawn, its title, the fixture README's probes at
    // shown (x, y) = user (x, 842 − y), the seal's shown rectangle)
    type Case<'a> = (&'a str, usize, &'a str, &'a [Probe], Option<(u32, u32, u32, u32)>);
    let cases: &[Case<'_>] = &[
        (
            "stamp.pdf",
            1,
            "STAMP FIXTURE",
            &[
                // The seal's disk and ring, and the paper between them.
                ((430, 212), [255, 0, 0], 40),
                ((430, 140), [255, 0, 0], 40),
                ((478, 212), [255, 255, 255], 10),
                // Hidden, not printed, and a link: nothing is drawn.
                ((110, 692), [255, 255, 255], 10),
                ((270, 692), [255, 255, 255], 10),
                ((460, 692), [255, 255, 255], 10),
            ],
            Some((350, 132, 510, 292)),
        ),
        (
            "stamp-ink.pdf",
            2,
            "STAMP INK FIXTURE",
            &[
                ((300, 217), [255, 255, 0], 40),
                ((120, 442), [255, 0, 255], 60),
                ((222, 512), [255, 255, 255], 10),
            ],
            None,
        ),
        (
            // A raster seal with a soft mask, in a file locked by an owner
            // password (AES-256), as seal software writes it.
            "seal-image-aes.pdf",
            1,
            "IMAGE SEAL FIXTURE",
            &[
                ((375, 367), [255, 0, 0], 40),
                ((375, 297), [255, 0, 0], 40),
                ((420, 367), [255, 255, 255], 10),
            ],
            Some((300, 292, 450, 442)),
        ),
    ];
    for (name, drawn, title, probes, seal) in cases {
        let (sheet, annotations) = placed_pdf(std::fs::read(producer(name)).unwrap(), name);
        assert_eq!(annotations.drawn, *drawn, "{name}");
        assert_eq!(annotations.without_appearance, 0, "{name}");
        let sheet = sheet.unwrap_or_else(|| panic!("{name}: its annotations are not drawn"));
        let pixels = sheet.render(0, 72.0);
        assert_eq!((pixels.width, pixels.height), (595, 842), "{name}");
        for &((x, y), want, tolerance) in *probes {
            let got = pixels.at(x, y);
            assert!(near(got, want, tolerance), "{name} at ({x}, {y}): {got:?}, not {want:?}");
        }
        // Red only inside the seal's rectangle.
        if let Some(rect) = seal {
            let red = count(&pixels, (0, 0, 595, 842), [255, 0, 0]);
            let inside = count(&pixels, *rect, [255, 0, 0]);
            assert!(red > 5000 && red == inside, "{name}: {red} red pixels, {inside} inside the seal");
        }
        assert!(sheet.pages[0].text().contains(title), "{name}");
    }
}

#[test]
fn a_filled_form_prints_its_values_and_a_form_without_appearances_is_a_warning() {
    let (sheet, annotations) = placed_pdf(std::fs::read(producer("reportlab-form.pdf")).unwrap(), "form.pdf");
    assert_eq!((annotations.drawn, annotations.without_appearance), (3, 0));
    let sheet = sheet.expect("the widgets are drawn");
    let text = sheet.pages[0].text();
    assert!(text.contains("FILLED VALUE 123") && text.contains("GREEN"), "{text}");
    // The tick of the checkbox, inside its box (user 160..190 × 630..660).
    let pixels = sheet.render(0, 72.0);
    let tick = count(&pixels, (163, 185, 187, 209), [0, 0, 0]);
    assert!(tick > 40, "{tick} dark pixels in the checkbox");

    // Without appearances, a reader makes them from the values: we cannot.
    let (sheet, annotations) =
        placed_pdf(std::fs::read(producer("reportlab-form-noap.pdf")).unwrap(), "noap.pdf");
    assert!(sheet.is_none(), "nothing to draw: the file is placed as it is");
    assert_eq!((annotations.drawn, annotations.without_appearance), (0, 3));
    let (dir, line) = attaching("form-noap", "reportlab-form-noap.pdf");
    let (code, stderr) = check(&dir);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("“evidence/8-1-附件.pdf”有 3 处表单填写内容或批注没有保存显示效果")
            && stderr.contains(&format!("--> evidence/evidence.yaml:{line}:"))
            && stderr.contains("“打印”为 PDF"),
        "{stderr}"
    );
}

#[test]
fn a_file_without_printable_annotations_is_placed_as_it_is() {
    for name in ["gs-1.3.pdf", "rotate90.pdf", "linearized.pdf", "broken-xref.pdf", "incremental.pdf"] {
        let (sheet, annotations) = placed_pdf(std::fs::read(producer(name)).unwrap(), name);
        assert!(sheet.is_none(), "{name} is rewritten");
        assert_eq!(annotations, Default::default(), "{name}");
    }
}

/// A landscape page turned by /Rotate 90 and cropped, with a red square
/// stamp at user 20..40 × 60..80: shown, the crop is 80 × 180 and the
/// square at (y − 10, x − 10), i.e. 50..70 × 10..30.
fn turned_stamp() -> Vec<u8> {
    use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref};
    let mut pdf = Pdf::new();
    let (catalog, tree, page, contents, annot, form) =
        (Ref::new(1), Ref::new(2), Ref::new(3), Ref::new(4), Ref::new(5), Ref::new(6));
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids([page]).count(1);
    let mut p = pdf.page(page);
    p.parent(tree)
        .media_box(Rect::new(0.0, 0.0, 200.0, 100.0))
        .crop_box(Rect::new(10.0, 10.0, 190.0, 90.0))
        .rotate(90)
        .contents(contents);
    p.annotations([annot]);
    p.finish();
    pdf.stream(contents, b"");
    {
        let mut a = pdf.annotation(annot);
        a.pair(Name(b"Subtype"), Name(b"Stamp"));
        a.rect(Rect::new(20.0, 60.0, 40.0, 80.0)).flags(pdf_writer::types::AnnotationFlags::PRINT);
        a.appearance().normal().stream(form);
    }
    let mut square = Content::new();
    square.set_fill_rgb(1.0, 0.0, 0.0).rect(0.0, 0.0, 10.0, 10.0).fill_nonzero();
    pdf.form_xobject(form, &square.finish()).bbox(Rect::new(0.0, 0.0, 10.0, 10.0));
    pdf.finish()
}

#[test]
fn a_stamp_on_a_turned_and_cropped_page_stays_where_a_reader_shows_it() {
    let (sheet, annotations) = placed_pdf(turned_stamp(), "turned.pdf");
    assert_eq!(annotations.drawn, 1);
    let pixels = sheet.expect("the stamp is drawn").render(0, 72.0);
    assert_eq!((pixels.width, pixels.height), (80, 180));
    assert_eq!(count(&pixels, (0, 0, 80, 180), [255, 0, 0]), count(&pixels, (50, 10, 70, 30), [255, 0, 0]));
    assert!(count(&pixels, (52, 12, 68, 28), [255, 0, 0]) == 16 * 16);
}

#[test]
fn a_bound_seal_prints_in_the_report_with_a_note() {
    let (dir, _) = attaching("seal", "stamp.pdf");
    let (code, out) = build(&dir);
    assert_eq!(code, Some(0));
    let report = pdf::read(&out);
    let index =
        report.pages.iter().position(|p| p.text().contains("STAMP FIXTURE")).expect("the sheet is bound");
    assert!(
        report.pages[index]
            .squeezed()
            .contains("evidence/8-1-附件.pdf含电子印章、批注或表单填写内容1处，已按打印效果印在页面上"),
        "{}",
        report.pages[index].text()
    );
    let pixels = report.render(index, 72.0);
    assert!(
        count(&pixels, (0, 0, pixels.width, pixels.height), [255, 0, 0]) > 2000,
        "the seal is not on the sheet"
    );
}

// Classes of files that public test suites (PngSuite, libjpeg-turbo, pdf.js)
// showed mishandled, one small file each (tests/testsuite/fixtures/spec-cases,
// made by tools/make-spec-fixtures.py).

/// The example attaching the spec case `name` as item 8-1, and the line of
/// evidence.yaml that lists it.
fn attaching_spec_case(test: &str, name: &str) -> (PathBuf, usize) {
    // A producer's file of the same type takes the place; then the case's.
    let stand_in = match name.rsplit_once('.').unwrap().1 {
        "png" => "palette.png",
        "jpg" => "camera.jpg",
        _ => "stamp.pdf",
    };
    let (dir, line) = attaching(test, stand_in);
    let ext = name.rsplit_once('.').unwrap().1;
    std::fs::copy(fixture("spec-cases").join(name), dir.join(format!("evidence/8-1-附件.{ext}"))).unwrap();
    (dir, line)
}

/// `check` and `build` both refuse the attached case with exit 1 (a
/// panic is 101), at its line, saying `says`; returns what check printed.
fn refused_at_its_line(name: &str, says: &[&str]) -> String {
    let (dir, line) = attaching_spec_case(&format!("spec-{}", name.replace('.', "-")), name);
    let (code, stderr) = check(&dir);
    assert_eq!(code, Some(1), "{name}: {stderr}");
    assert!(stderr.contains(&format!("--> evidence/evidence.yaml:{line}:")), "{name}: not located: {stderr}");
    for words in says {
        assert!(stderr.contains(words), "{name}: does not say {words}: {stderr}");
    }
    let (code, out) = build(&dir);
    assert_eq!(code, Some(1), "{name}: build must refuse as check does");
    assert!(!out.exists());
    stderr
}

#[test]
fn a_png_whose_bit_depth_the_specification_forbids_is_a_located_error_not_a_panic() {
    for name in ["bit-depth-0.png", "bit-depth-3.png"] {
        refused_at_its_line(
            name,
            &["已损坏，无法读取", "位深不符合 PNG 规范", "重新复制、下载或扫描这个文件"],
        );
    }
}

#[test]
fn a_twelve_bit_jpeg_is_a_located_error_that_says_to_save_it_as_an_ordinary_jpeg() {
    let stderr = refused_at_its_line("twelve-bit.jpg", &["无法印出", "12 位精度", "另存为普通的 JPEG"]);
    assert!(!stderr.contains("已损坏"), "the file is valid: {stderr}");
}

#[test]
fn pdfs_that_poppler_and_qpdf_read_cleanly_bind() {
    // A one-level tree whose page comes before its parent in an object
    // stream; a progressive JPEG that is also Flate-compressed; a form
    // that lists itself among its resources.
    let names = ["page-before-parent.pdf", "flate-progressive-jpeg.pdf", "form-listing-itself.pdf"];
    let dir = scratch("spec-cases-bind");
    copy_dir(&example(), &dir);
    let listed: Vec<String> = names.iter().map(|n| format!("evidence/8-1-{n}")).collect();
    for (name, to) in names.iter().zip(&listed) {
        std::fs::copy(fixture("spec-cases").join(name), dir.join(to)).unwrap();
    }
    let path = dir.join("evidence/evidence.yaml");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "[evidence/8-1-联盟协议.pdf]",
        &format!("[evidence/8-1-联盟协议.pdf, {}]", listed.join(", ")),
    );
    std::fs::write(&path, text).unwrap();
    let (code, stderr) = check(&dir);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, out) = build(&dir);
    assert_eq!(code, Some(0));
    assert!(out.exists());
}

#[test]
fn a_pdf_whose_attachment_alone_is_encrypted_is_named_as_that() {
    // One whole, one whose startxref misses its table (hayro then reports
    // the file as unparsable, and it used to be called damaged).
    for name in ["encrypted-attachment.pdf", "encrypted-attachment-bad-startxref.pdf"] {
        let stderr = refused_at_its_line(name, &["带有加密（有密码保护）的附件", "“打印”为新的 PDF"]);
        assert!(!stderr.contains("已损坏"), "{name}: {stderr}");
    }
}

fn spec_case(name: &str) -> Vec<u8> {
    std::fs::read(fixture("spec-cases").join(name)).unwrap()
}

/// Pixels near pure blue on the whole of `pixels`: the colour of all the
/// hidden content in the layer fixtures.
fn blue(pixels: &pdf::Pixels) -> usize {
    count(pixels, (0, 0, pixels.width, pixels.height), [0, 0, 255])
}

#[test]
fn layers_turned_off_by_default_are_not_printed_and_the_others_are() {
    let (sheet, annotations) = placed_pdf(spec_case("hidden-layers.pdf"), "layers.pdf");
    // The stamp on the shown layer; the one on the hidden layer is not drawn.
    assert_eq!(annotations, alliance_report::model::Annotations { drawn: 1, ..Default::default() });
    let sheet = sheet.expect("a file with hidden layers is rewritten");
    let pixels = sheet.render(0, 72.0);
    assert_eq!((pixels.width, pixels.height), (400, 200));
    assert_eq!(blue(&pixels), 0, "hidden content is printed");
    // Red: the shown layer's square and the unmarked one; green: the shown
    // form and the stamp on the shown layer (as poppler prints it).
    assert!(count(&pixels, (0, 0, 400, 200), [255, 0, 0]) > 6400);
    assert!(count(&pixels, (290, 150, 330, 190), [0, 255, 0]) == 1600);
    assert!(count(&pixels, (340, 100, 380, 140), [0, 255, 0]) == 1600);
    assert!(sheet.pages[0].text().contains("VISIBLE LAYER"));

    // Bound into the report, the same.
    let (dir, _) = attaching_spec_case("spec-hidden-layers", "hidden-layers.pdf");
    let (code, out) = build(&dir);
    assert_eq!(code, Some(0));
    let report = pdf::read(&out);
    let index = report.pages.iter().position(|p| p.text().contains("VISIBLE LAYER")).expect("bound");
    let pixels = report.render(index, 72.0);
    assert_eq!(blue(&pixels), 0, "hidden content is printed in the report");
    assert!(count(&pixels, (0, 0, pixels.width, pixels.height), [255, 0, 0]) > 1000);
}

#[test]
fn a_layer_that_names_no_group_is_printed_with_a_located_warning() {
    let (sheet, annotations) = placed_pdf(spec_case("layer-unresolved.pdf"), "unresolved.pdf");
    assert_eq!(annotations.unresolved_layers, 1);
    let pixels = sheet.expect("the hidden layer is left out").render(0, 72.0);
    assert_eq!(blue(&pixels), 0);
    assert_eq!(count(&pixels, (10, 10, 90, 90), [0, 255, 0]), 80 * 80);
    let (dir, line) = attaching_spec_case("spec-layer-unresolved", "layer-unresolved.pdf");
    let (code, stderr) = check(&dir);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("“evidence/8-1-附件.pdf”有 1 处图层（可选内容）的显示设置无法读取")
            && stderr.contains(&format!("--> evidence/evidence.yaml:{line}:")),
        "{stderr}"
    );
}

#[test]
fn field_values_a_reader_makes_itself_are_a_located_warning_of_check_and_build() {
    // (file, annotations drawn, fields whose value is not printed)
    let cases = [("need-appearances-blank.pdf", 1, 1), ("field-value-without-appearance.pdf", 0, 1)];
    for (name, drawn, without) in cases {
        let (sheet, annotations) = placed_pdf(spec_case(name), name);
        assert_eq!((annotations.drawn, annotations.without_appearance), (drawn, without), "{name}");
        if let Some(sheet) = sheet {
            // The check box shows the state its value names: its tick
            // (user 60..80 × 100..120).
            let pixels = sheet.render(0, 72.0);
            assert!(count(&pixels, (60, 80, 80, 100), [0, 0, 0]) > 30, "{name}: no tick");
        }
        let (dir, line) = attaching_spec_case(&format!("spec-{}", name.replace('.', "-")), name);
        let warning = "“evidence/8-1-附件.pdf”有 1 处表单填写内容或批注没有保存显示效果";
        let (code, stderr) = check(&dir);
        assert_eq!(code, Some(0), "{name}: {stderr}");
        assert!(
            stderr.contains(warning) && stderr.contains(&format!("--> evidence/evidence.yaml:{line}:")),
            "{name}: {stderr}"
        );
        let out = dir.with_extension("pdf");
        let output = run(&["build".as_ref(), dir.as_os_str(), "-o".as_ref(), out.as_os_str()]);
        assert_eq!(output.status.code(), Some(0), "{name}");
        assert!(String::from_utf8_lossy(&output.stderr).contains(warning), "{name}: build does not warn");
    }
}

#[test]
fn a_palette_index_past_the_palette_prints_as_decoders_show_it() {
    use alliance_report::load::assets::{Accept, inspect};
    let data = spec_case("palette-out-of-range.png");
    let asset = inspect(data.clone(), "palette.png", Accept::Evidence).unwrap();
    let pixels = pdf::parse(asset.sheet.unwrap().to_vec()).unwrap().render(0, 72.0);
    // The png crate (image-rs's decoder, which Pillow and libpng agree
    // with: indices past the palette are black).
    let mut decoder = png::Decoder::new(std::io::Cursor::new(&data));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().unwrap();
    let mut decoded = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut decoded).unwrap();
    assert_eq!((pixels.width, pixels.height), (info.width, info.height));
    for y in 0..info.height {
        for x in 0..info.width {
            let at = ((y * info.width + x) * 3) as usize;
            let want = [decoded[at], decoded[at + 1], decoded[at + 2]];
            assert!(near(pixels.at(x, y), want, 2), "({x}, {y}): {:?}, not {want:?}", pixels.at(x, y));
        }
    }
    assert_eq!(pixels.at(31, 31), [0, 0, 0]);
}

#[test]
fn a_png_whose_header_checksum_is_wrong_is_refused_as_pillow_refuses_it() {
    refused_at_its_line("ihdr-bad-crc.png", &["已损坏，无法读取", "PNG 文件头的校验码不对"]);
}

#[test]
fn a_png_chunk_longer_than_any_image_is_refused_but_not_as_a_file_cut_short() {
    let stderr = refused_at_its_line("huge-chunk.png", &["已损坏，无法读取", "长度是错的"]);
    assert!(!stderr.contains("中途断了"), "{stderr}");
}
