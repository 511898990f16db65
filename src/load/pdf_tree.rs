//! A bounded walk of a PDF's page tree, before any full parse. hayro (and
//! so typst and krilla) resolves the page tree recursively, cloning the
//! inherited state at every level: a tree 3,000 levels deep overflows the
//! stack, one 8,000 deep takes gigabytes. No document a person made is
//! more than a few levels deep, so a deeper one is refused here, where the
//! walk is iterative and its memory is bounded by the file.
//!
//! This is not a PDF parser. It finds objects by their `N G obj` headers in
//! the file and in object streams, follows `/Pages` from the catalogue and
//! `/Kids` from each node, and gives up (leaving the file to the real
//! parser) wherever the structure is not what it understands.

use std::collections::{HashMap, HashSet};
use std::io::Read;

/// Deeper than this is refused. Real files: 1 to 6 levels.
pub const MAX_DEPTH: usize = 64;

/// Object streams inflate to at most this much each.
const MAX_OBJECT_STREAM: u64 = 64 << 20;

/// Whether the page tree goes deeper than [`MAX_DEPTH`] (a cycle counts
/// as infinitely deep). `false` when the tree cannot be followed: the real
/// parser then judges the file.
pub fn too_deep(data: &[u8]) -> bool {
    let objects = Objects::index(data);
    let Some(root) = objects.catalogue_pages() else { return false };
    let mut visited = HashSet::new();
    let mut stack = vec![(root, 1usize)];
    while let Some((id, depth)) = stack.pop() {
        if depth > MAX_DEPTH || !visited.insert(id) {
            return true;
        }
        let Some(body) = objects.body(id) else { continue };
        for kid in kids(&body, &objects) {
            stack.push((kid, depth + 1));
        }
    }
    false
}

/// Where each object's text is: in the file, or inside an inflated object
/// stream.
struct Objects<'a> {
    data: &'a [u8],
    at: HashMap<u32, usize>,
    streams: Vec<Vec<u8>>,
    in_stream: HashMap<u32, (usize, usize)>,
}

impl<'a> Objects<'a> {
    fn index(data: &'a [u8]) -> Self {
        let mut objects =
            Objects { data, at: HashMap::new(), streams: Vec::new(), in_stream: HashMap::new() };
        let mut i = 0;
        while let Some(found) = find(&data[i..], b" obj") {
            let end = i + found;
            i = end + 4;
            // "<number> <generation> obj", read backwards.
            let Some((_generation, before)) = number_before(data, end) else { continue };
            let Some((number, _)) = number_before(data, before) else { continue };
            // A later definition (an incremental update) wins.
            objects.at.insert(number, end + 4);
        }
        let mut ids: Vec<u32> = objects.at.keys().copied().collect();
        ids.sort_unstable();
        for id in ids {
            objects.unpack(id);
        }
        objects
    }

    /// Unpacks object `id` when it is an object stream.
    fn unpack(&mut self, id: u32) {
        let start = self.at[&id];
        let text = &self.data[start..];
        let Some(stream_at) = find(&text[..text.len().min(4096)], b"stream") else { return };
        let dict = &text[..stream_at];
        if find(dict, b"/ObjStm").is_none() || find(dict, b"/FlateDecode").is_none() {
            return;
        }
        let (Some(n), Some(first)) = (int_after(dict, b"/N"), int_after(dict, b"/First")) else { return };
        let mut body = stream_at + 6;
        while matches!(text.get(body), Some(b'\r' | b'\n')) {
            body += 1;
        }
        let mut inflated = Vec::new();
        let decoder = flate2::read::ZlibDecoder::new(&text[body..]);
        if decoder.take(MAX_OBJECT_STREAM).read_to_end(&mut inflated).is_err() && inflated.is_empty() {
            return;
        }
        let header = &inflated[..first.min(inflated.len())];
        let numbers: Vec<usize> = header
            .split(|b| b.is_ascii_whitespace())
            .filter_map(|t| std::str::from_utf8(t).ok()?.parse().ok())
            .collect();
        let index = self.streams.len();
        for pair in numbers.chunks_exact(2).take(n) {
            if let Ok(number) = u32::try_from(pair[0]) {
                self.in_stream.entry(number).or_insert((index, first + pair[1]));
            }
        }
        self.streams.push(inflated);
    }

    /// The text of object `id`, up to a bounded length.
    fn body(&self, id: u32) -> Option<Vec<u8>> {
        let text: &[u8] = if let Some(&start) = self.at.get(&id) {
            &self.data[start..]
        } else {
            let &(stream, start) = self.in_stream.get(&id)?;
            self.streams[stream].get(start..)?
        };
        let end = find(text, b"endobj").unwrap_or(text.len()).min(1 << 20);
        Some(text[..end].to_vec())
    }

    /// The root page tree node named by the catalogue.
    fn catalogue_pages(&self) -> Option<u32> {
        let mut ids: Vec<u32> = self.at.keys().chain(self.in_stream.keys()).copied().collect();
        ids.sort_unstable();
        for id in ids {
            let Some(body) = self.body(id) else { continue };
            if find(&body, b"/Catalog").is_some()
                && let Some(pages) = reference_after(&body, b"/Pages")
            {
                return Some(pages);
            }
        }
        None
    }
}

/// The references of a node's `/Kids` array (itself possibly a reference).
fn kids(body: &[u8], objects: &Objects<'_>) -> Vec<u32> {
    let Some(at) = find(body, b"/Kids") else { return Vec::new() };
    let rest = trim(&body[at + 5..]);
    if rest.first() == Some(&b'[') {
        let end = rest.iter().position(|&b| b == b']').unwrap_or(rest.len());
        return references(&rest[1..end]);
    }
    match reference_at(rest).and_then(|id| objects.body(id)) {
        Some(array) => {
            let array = trim(&array);
            let end = array.iter().position(|&b| b == b']').unwrap_or(array.len());
            references(array.get(1..end).unwrap_or_default())
        }
        None => Vec::new(),
    }
}

/// Every `N G R` in `text`.
fn references(text: &[u8]) -> Vec<u32> {
    let tokens: Vec<&[u8]> = text.split(|b| b.is_ascii_whitespace()).filter(|t| !t.is_empty()).collect();
    tokens
        .windows(3)
        .filter(|w| w[2] == b"R" && w[1].iter().all(u8::is_ascii_digit))
        .filter_map(|w| std::str::from_utf8(w[0]).ok()?.parse().ok())
        .collect()
}

fn reference_after(body: &[u8], key: &[u8]) -> Option<u32> {
    let at = find(body, key)?;
    reference_at(trim(&body[at + key.len()..]))
}

fn reference_at(text: &[u8]) -> Option<u32> {
    let head = &text[..text.len().min(32)];
    references(head).first().copied().filter(|_| head.first().is_some_and(u8::is_ascii_digit))
}

fn int_after(dict: &[u8], key: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = find(&dict[from..], key) {
        let rest = trim(&dict[from + at + key.len()..]);
        // `/N` must not be the start of `/Names` or the like.
        let digits: Vec<u8> = rest.iter().take_while(|b| b.is_ascii_digit()).copied().collect();
        if !digits.is_empty() && dict.get(from + at + key.len()).is_some_and(|b| !b.is_ascii_alphabetic()) {
            return std::str::from_utf8(&digits).ok()?.parse().ok();
        }
        from += at + key.len();
    }
    None
}

/// The decimal number that ends just before `end` (after whitespace), and
/// where it starts.
fn number_before(data: &[u8], end: usize) -> Option<(u32, usize)> {
    let mut i = end;
    while i > 0 && data[i - 1].is_ascii_whitespace() {
        i -= 1;
    }
    let stop = i;
    while i > 0 && data[i - 1].is_ascii_digit() && stop - i < 10 {
        i -= 1;
    }
    if i == stop {
        return None;
    }
    Some((std::str::from_utf8(&data[i..stop]).ok()?.parse().ok()?, i))
}

fn trim(text: &[u8]) -> &[u8] {
    let start = text.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(text.len());
    &text[start..]
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PDF whose page tree is `depth` levels deep, one page at its bottom.
    fn nested(depth: usize) -> Vec<u8> {
        let mut out = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n".to_vec();
        for level in 0..depth {
            let id = level + 2;
            out.extend(
                format!("{id} 0 obj\n<< /Type /Pages /Kids [{} 0 R] /Count 1 >>\nendobj\n", id + 1)
                    .as_bytes(),
            );
        }
        let page = depth + 2;
        out.extend(format!("{page} 0 obj\n<< /Type /Page /MediaBox [0 0 100 100] >>\nendobj\n").as_bytes());
        out.extend(b"trailer\n<< /Root 1 0 R >>\n%%EOF\n");
        out
    }

    #[test]
    fn a_deep_tree_is_found_and_a_shallow_one_passes() {
        assert!(!too_deep(&nested(3)));
        assert!(!too_deep(&nested(MAX_DEPTH - 1)));
        assert!(too_deep(&nested(MAX_DEPTH + 1)));
        assert!(too_deep(&nested(8000)));
    }

    #[test]
    fn a_cycle_is_too_deep() {
        let pdf = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n\
            2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n\
            3 0 obj\n<< /Type /Pages /Kids [2 0 R] /Count 1 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n";
        assert!(too_deep(pdf));
    }

    #[test]
    fn the_producers_files_are_not_too_deep() {
        let dir = format!("{}/tests/testsuite/fixtures/producers", env!("CARGO_MANIFEST_DIR"));
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "pdf") {
                assert!(!too_deep(&std::fs::read(&path).unwrap()), "{}", path.display());
            }
        }
    }
}
