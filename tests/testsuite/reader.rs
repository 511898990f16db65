//! The suite's PDF reader ([`super::pdf`]) on files of other producers
//! (`fixtures/producers/`, see its README): their text, their page boxes
//! and their pixels are read as a PDF reader shows them. What the rest of
//! the suite proves about our own PDFs rests on this reader.

use super::*;

fn producer(name: &str) -> PathBuf {
    fixture("producers").join(name)
}

#[test]
fn text_of_other_producers_is_read_as_they_wrote_it() {
    for (file, want) in [
        ("gs-1.3.pdf", vec!["GS13FIXTURE", "GHOSTSCRIPTPDFWRITEFROMPOSTSCRIPT", "REDBOXLEFTBLUEBOXRIGHT"]),
        ("gs-2.0.pdf", vec!["GS20FIXTURE", "GHOSTSCRIPTPDFWRITEFROMPOSTSCRIPT"]),
        ("reportlab-form.pdf", vec!["REPORTLABFORMFIXTURE", "FILLEDVALUE123", "GREEN"]),
        ("incremental.pdf", vec!["INCREMENTALUPDATED", "INCREMENTALADDEDPAGE2"]),
        ("broken-xref.pdf", vec!["BROKENXREFFIXTURE"]),
    ] {
        let text = pdf::read(&producer(file)).squeezed();
        for w in want {
            assert!(text.contains(w), "{file}: “{w}” not in “{text}”");
        }
    }
    // The incremental update replaced the first page's text.
    assert!(!pdf::read(&producer("incremental.pdf")).squeezed().contains("INCREMENTALORIGINAL"));
    let pages = pdf::read(&producer("reportlab-pages.pdf"));
    assert_eq!(pages.pages.len(), 30);
    for (i, page) in pages.pages.iter().enumerate() {
        assert!(page.squeezed().starts_with(&format!("PAGE{}OF30", i + 1)), "page {}", i + 1);
    }
}

#[test]
fn a_page_is_read_as_a_reader_shows_it() {
    // /Rotate 90 turns the A4 page landscape.
    let rotated = pdf::read(&producer("rotate90.pdf"));
    assert_eq!((rotated.pages[0].width, rotated.pages[0].height), (842.0, 595.0));
    // A reader shows the crop box only, and no text outside it.
    let cropped = pdf::read(&producer("cropbox.pdf"));
    assert_eq!((cropped.pages[0].width, cropped.pages[0].height), (495.0, 742.0));
    assert!(cropped.squeezed().contains("INSIDECROP") && !cropped.squeezed().contains("OUTSIDECROP"));
    // Glyph positions are in points from the top-left corner: the title of
    // gs-2.0.pdf stands at (100, 720) in PDF space, 122 pt from the top.
    let gs = pdf::read(&producer("gs-2.0.pdf"));
    let title = gs.pages[0].lines().into_iter().next().unwrap();
    assert!((title[0].x - 100.0).abs() < 0.5 && (title[0].y - 122.0).abs() < 0.5, "{:?}", title[0]);
    assert!((title[0].size - 36.0).abs() < 0.1);
}

#[test]
fn pixels_are_read_as_a_reader_draws_them() {
    // (x, y) in PDF space at 72 dpi, on an A4 page 842 pt high.
    let at = |pixels: &pdf::Pixels, x: u32, y: u32| pixels.at(x, 842 - y);
    let gs = pdf::read(&producer("gs-1.3.pdf")).render(0, 72.0);
    assert_eq!(at(&gs, 200, 575), [255, 0, 0]);
    assert_eq!(at(&gs, 425, 575), [0, 0, 255]);
    assert_eq!(at(&gs, 325, 575), [255, 255, 255]);
    // Annotations are not read here: hayro-interpret 0.7 places an
    // appearance whose /BBox does not start at the origin off its /Rect
    // (stamp.pdf's seal lands 30 pt left of and below its place). Sheets of
    // our own are flattened before typst sees them, and read as content.
    // A CCITT G4 scan (img2pdf) decodes: black where the scan is black.
    let g4 = pdf::read(&producer("img2pdf-g4.pdf")).render(0, 72.0);
    assert_eq!(g4.at(54, 288 - 243), [0, 0, 0]);
    assert_eq!(g4.at(180, 288 - 243), [255, 255, 255]);
}
