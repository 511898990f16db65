//! Evidence of the sizes issue 33 measures: a scanned binder of many pages
//! in one PDF, and a PDF of 65,540 objects packed in an object stream.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use super::{copy_without_evidence, scan};

/// Writes the example report into `dir` with one item of evidence: a
/// binder of `pages` grey A4 scans at 150 dpi (1240 × 1754 JPEG pages) in
/// one PDF, as img2pdf writes it (an image and a content stream per page).
/// Sixteen scans take turns, each page's copy made distinct by a JPEG
/// comment, so that no two pages are the same file.
pub fn write_with_binder(example: &Path, dir: &Path, pages: usize) -> std::io::Result<()> {
    use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref};
    copy_without_evidence(example, dir)?;
    let scans: Vec<Vec<u8>> = (0..16).map(|i| scan(i, 1240, 1754, false)).collect();
    let mut pdf = Pdf::new();
    let mut next = Ref::new(1);
    let (catalog, tree) = (next.bump(), next.bump());
    let mut kids = Vec::with_capacity(pages);
    for i in 0..pages {
        let (page, contents, image) = (next.bump(), next.bump(), next.bump());
        kids.push(page);
        let data = with_comment(&scans[i % scans.len()], &format!("page {}", i + 1));
        let mut xobject = pdf.image_xobject(image, &data);
        xobject.filter(Filter::DctDecode);
        xobject.width(1240).height(1754).bits_per_component(8);
        xobject.color_space().device_gray();
        xobject.finish();
        let mut content = Content::new();
        content
            .save_state()
            .transform([595.2, 0.0, 0.0, 841.92, 0.0, 0.0])
            .x_object(Name(b"Im0"))
            .restore_state();
        pdf.stream(contents, &content.finish());
        let mut p = pdf.page(page);
        p.parent(tree).media_box(Rect::new(0.0, 0.0, 595.2, 841.92)).contents(contents);
        p.resources().x_objects().pair(Name(b"Im0"), image);
        p.finish();
    }
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).count(pages as i32).kids(kids);
    std::fs::write(dir.join("evidence/binder.pdf"), pdf.finish())?;
    one_item(dir, "binder.pdf", "扫描装订的证明材料汇编")
}

/// A JPEG with a comment segment (COM) right after its start marker.
fn with_comment(jpeg: &[u8], comment: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(jpeg.len() + comment.len() + 4);
    out.extend_from_slice(&jpeg[..2]);
    out.extend_from_slice(&[0xFF, 0xFE]);
    out.extend_from_slice(&((comment.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(comment.as_bytes());
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// Writes the example report into `dir` with one item of evidence: a
/// one-page PDF of 65,540 objects, as in pdf.js's bug1978317.pdf: 32,768
/// link annotations on the page, each with its action, all of them in one
/// compressed object stream behind a cross-reference stream.
pub fn write_with_many_objects(example: &Path, dir: &Path) -> std::io::Result<()> {
    copy_without_evidence(example, dir)?;
    std::fs::write(dir.join("evidence/objects.pdf"), many_objects(32_768))?;
    one_item(dir, "objects.pdf", "对象很多的单页文件")
}

/// A PDF of `links` link annotations and their actions (2 × `links`
/// objects) in an object stream, plus the catalog, the page tree, the page
/// and its content: 65,540 objects for 32,768 links.
fn many_objects(links: usize) -> Vec<u8> {
    let (first_annot, first_action) = (5, 5 + links);
    let stream_id = 5 + 2 * links;
    let xref_id = stream_id + 1;
    // The members of the object stream.
    let mut members = Vec::with_capacity(2 * links);
    for i in 0..links {
        let (x, y) = (40 + (i % 64) * 8, 60 + (i / 64) % 90 * 8);
        members.push((
            first_annot + i,
            format!(
                "<< /Type /Annot /Subtype /Link /Rect [{x} {y} {} {}] /Border [0 0 0] /A {} 0 R >>",
                x + 6,
                y + 6,
                first_action + i
            ),
        ));
    }
    for i in 0..links {
        members.push((first_action + i, format!("<< /S /URI /URI (https://example.com/{i}) >>")));
    }
    let (mut header, mut body) = (String::new(), String::new());
    for (id, text) in &members {
        let _ = write!(header, "{id} {} ", body.len());
        body.push_str(text);
        body.push('\n');
    }
    let packed = deflate(format!("{header}\n{body}").as_bytes());
    let first = header.len() + 1;

    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = vec![0usize; xref_id + 1];
    let annots: String = (0..links).map(|i| format!("{} 0 R ", first_annot + i)).collect();
    let content = b"BT /F1 24 Tf 72 720 Td (Many objects) Tj ET";
    let plain: [(usize, String); 4] = [
        (1, "<< /Type /Catalog /Pages 2 0 R >>".into()),
        (2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into()),
        (
            3,
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
                 /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> \
                 /Annots [{annots}] >>"
            ),
        ),
        (
            4,
            format!(
                "<< /Length {} >>\nstream\n{}\nendstream",
                content.len(),
                String::from_utf8_lossy(content)
            ),
        ),
    ];
    for (id, text) in &plain {
        offsets[*id] = out.len();
        let _ = write!(out, "{id} 0 obj\n{text}\nendobj\n");
    }
    offsets[stream_id] = out.len();
    let _ = write!(
        out,
        "{stream_id} 0 obj\n<< /Type /ObjStm /N {} /First {first} /Filter /FlateDecode /Length {} >>\nstream\n",
        members.len(),
        packed.len()
    );
    out.extend_from_slice(&packed);
    out.extend_from_slice(b"\nendstream\nendobj\n");

    // The cross-reference stream: type 1 (offset) for the plain objects,
    // type 2 (stream, index) for the members.
    let mut rows = Vec::with_capacity((xref_id + 1) * 7);
    let mut row = |kind: u8, a: usize, b: usize| {
        rows.push(kind);
        rows.extend_from_slice(&(a as u32).to_be_bytes());
        rows.extend_from_slice(&(b as u16).to_be_bytes());
    };
    row(0, 0, 65535);
    for offset in &offsets[1..5] {
        row(1, *offset, 0);
    }
    for index in 0..members.len() {
        row(2, stream_id, index);
    }
    row(1, offsets[stream_id], 0);
    let xref_at = out.len();
    row(1, xref_at, 0);
    let rows = deflate(&rows);
    let _ = write!(
        out,
        "{xref_id} 0 obj\n<< /Type /XRef /Size {} /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length {} >>\nstream\n",
        xref_id + 1,
        rows.len()
    );
    out.extend_from_slice(&rows);
    let _ = write!(out, "\nendstream\nendobj\nstartxref\n{xref_at}\n%%EOF\n");
    out
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).expect("writes to memory");
    encoder.finish().expect("writes to memory")
}

/// evidence.yaml with one item of kind 5, the file `name`, and the other
/// kinds absent.
fn one_item(dir: &Path, name: &str, title: &str) -> std::io::Result<()> {
    let mut yaml =
        format!("items:\n  - kind: 5\n    title: {title}\n    files: [evidence/{name}]\nabsent:\n");
    for kind in [1, 2, 3, 4, 6, 7, 8, 9] {
        let _ = writeln!(yaml, "  - kind: {kind}\n    reason: 基准测试只附一份材料");
    }
    std::fs::write(dir.join("evidence/evidence.yaml"), yaml)
}
