//! The PDF's links to its own places, pointed after layout.
//!
//! typst's `link` to a label asks, while it is laid out, where the label
//! is and on which page (for the link's alternative text). The first
//! layout cannot know, so typst lays out again every table that holds a
//! link: a twelfth of the layout time of the example. `link-to` of
//! `templates/lib.typ` therefore lays a link out pointing nowhere, with a
//! mark of its target in its body ([`DEFERRED`] in `sys.inputs`), and
//! [`point`] points it, once the layout knows where every label is:
//!
//! - the link's areas (typst's `FrameItem::Link`) lead to the label;
//! - its alternative text, on the tag of the tagged PDF, says what typst
//!   would have said: the page, and the part when the label is a heading.
//!
//! Compiled by typst alone (`--emit-typst`), `link-to` is typst's link.

use typst::diag::{EcoString, EcoVec, eco_format};
use typst::foundations::{Content, Label, Value};
use typst::introspection::{Introspector, Location, MetadataElem, Tag};
use typst::layout::{Frame, FrameItem, PageElem};
use typst::model::{Destination, Document, LinkMarker, Refable};
use typst::text::{Lang, LocalName, Region};
use typst::utils::PicoStr;
use typst_layout::{Page, PagedDocument};

/// The key and value of `sys.inputs` under which `link-to` defers.
pub const DEFERRED: (&str, &str) = ("alliance-report-links", "deferred");

/// What `link-to`'s mark holds before the label's name.
const MARK: &str = "link-to:";

/// `document` with its deferred links pointed at their labels. A link
/// whose label is not in the document keeps pointing nowhere (typst's
/// own link would have failed the build: the renderer links only to
/// places it placed).
pub fn point(document: PagedDocument) -> PagedDocument {
    let introspector = document.introspector().clone();
    let mut pages: EcoVec<Page> = document.pages().iter().cloned().collect();
    let numbers: Vec<u64> = pages.iter().map(|p| p.number).collect();
    let places = Places { introspector: &*introspector, numbers: &numbers };
    let mut open = Vec::new();
    let mut pointed = 0;
    for page in pages.make_mut() {
        pointed += places.point(&mut page.frame, &mut open);
    }
    if pointed == 0 {
        return document;
    }
    PagedDocument::new(pages, document.info().clone())
}

struct Places<'a> {
    introspector: &'a dyn Introspector,
    /// Each page's number as its footer prints it.
    numbers: &'a [u64],
}

impl Places<'_> {
    /// Points the deferred links of `frame`; `open` holds the links begun
    /// (by their tag) and not yet ended, with where they lead. Returns how
    /// many areas it pointed.
    fn point(&self, frame: &mut Frame, open: &mut Vec<(Location, Destination)>) -> usize {
        // Frames are shared with the laid-out document: changing one copies
        // its items (text, glyphs and all), so only those that hold a link
        // or the end of one are changed.
        if !holds_links(frame, open) {
            return 0;
        }
        let mut pointed = 0;
        frame.retain(|item| {
            match item {
                FrameItem::Group(group) => pointed += self.point(&mut group.frame, open),
                FrameItem::Tag(Tag::Start(content, _)) => {
                    if let Some((location, dest)) = self.lead(content) {
                        open.push((location, dest));
                    }
                }
                FrameItem::Tag(Tag::End(location, ..)) if open.last().is_some_and(|(l, _)| l == location) => {
                    open.pop();
                }
                FrameItem::Link(dest, _) => {
                    if let Some((_, to)) = open.last() {
                        *dest = to.clone();
                        pointed += 1;
                    }
                }
                _ => {}
            }
            true
        });
        pointed
    }

    /// Where the link that `content` starts leads, when it is a deferred
    /// one: its target's place. Gives the link the alternative text typst
    /// would give it.
    fn lead(&self, content: &mut Content) -> Option<(Location, Destination)> {
        let location = content.location()?;
        let marker = content.to_packed_mut::<LinkMarker>()?;
        let label = target(&marker.body)?;
        let elem = self.introspector.query_label(label).ok()?;
        let to = elem.location()?;
        let page = self.introspector.page(to)?.get();
        let number = self.numbers.get(page - 1).copied().unwrap_or(page as u64);
        // As typst's `Destination::alt_text`: the page, after the kind of
        // the target when it has one (a heading's 小节).
        let page_ref =
            eco_format!("{} {number}", PageElem::local_name(Lang::CHINESE, "CN".parse::<Region>().ok()));
        let alt: EcoString = match elem.with::<dyn Refable>() {
            Some(refable) => eco_format!("{}, {page_ref}", refable.supplement().plain_text()),
            None => page_ref,
        };
        marker.alt = Some(alt);
        Some((location, Destination::Location(to)))
    }
}

/// Whether `frame` holds a link area, the tag that begins a link or the
/// tag that ends one of the links `open`: where [`Places::point`] has work.
fn holds_links(frame: &Frame, open: &[(Location, Destination)]) -> bool {
    frame.items().any(|(_, item)| match item {
        FrameItem::Group(group) => holds_links(&group.frame, open),
        FrameItem::Link(..) => true,
        FrameItem::Tag(Tag::Start(content, _)) => content.is::<LinkMarker>(),
        FrameItem::Tag(Tag::End(location, ..)) => open.iter().any(|(l, _)| l == location),
        _ => false,
    })
}

/// The label a deferred link's body names: `link-to`'s mark, a metadata
/// element holding the label's name, first in the body.
fn target(body: &Content) -> Option<Label> {
    let mut found = None;
    let _ = body.traverse(&mut |c: Content| {
        if let Some(meta) = c.to_packed::<MetadataElem>()
            && let Value::Str(name) = &meta.value
            && let Some(name) = name.strip_prefix(MARK)
        {
            found = Label::new(PicoStr::intern(name));
            return std::ops::ControlFlow::Break(());
        }
        std::ops::ControlFlow::Continue(())
    });
    found
}

#[cfg(test)]
mod tests {
    use typst::foundations::NativeElement;

    use super::*;

    #[test]
    fn a_deferred_links_mark_names_its_label() {
        let body = MetadataElem::new(Value::Str(format!("{MARK}row-4-7").as_str().into())).pack();
        assert_eq!(target(&body), Label::new(PicoStr::intern("row-4-7")));
        let other = MetadataElem::new(Value::Str("row-4-7".into())).pack();
        assert_eq!(target(&other), None);
    }

    /// `templates/lib.typ` writes the same input and mark as this module
    /// reads: `link-to` defers under [`DEFERRED`] and marks with [`MARK`].
    #[test]
    fn the_library_defers_and_marks_as_read_here() {
        let lib = crate::compile::LIB_TYP;
        let (key, value) = DEFERRED;
        assert!(lib.contains(&format!("sys.inputs.at(\"{key}\", default: none) == \"{value}\"")));
        assert!(lib.contains(&format!("#metadata(\"{MARK}\" + str(target))")));
    }
}
