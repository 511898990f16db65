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

use std::collections::HashMap;
use std::io::Read;

/// Deeper than this is refused. Real files: 1 to 6 levels.
pub const MAX_DEPTH: usize = 64;

/// Object streams inflate to at most this much each.
const MAX_OBJECT_STREAM: u64 = 64 << 20;

/// Nodes visited in all: a tree whose nodes are shared (a node reached
/// from two parents is walked twice, as hayro would) can be exponential.
const MAX_VISITS: usize = 1_000_000;

/// Whether the page tree goes deeper than [`MAX_DEPTH`]: a cycle (a node
/// that is its own ancestor) counts as infinitely deep, and so does a tree
/// whose shared nodes make it more than [`MAX_VISITS`] nodes. `false` when
/// the tree cannot be followed: the real parser then judges the file.
pub fn too_deep(data: &[u8]) -> bool {
    let objects = Objects::index(data);
    let Some(root) = objects.catalogue_pages() else { return false };
    // Depth-first; `path` holds the ancestors of the node taken last.
    let mut path: Vec<u32> = Vec::new();
    let mut stack = vec![(root, 1usize)];
    let mut visits = 0;
    while let Some((id, depth)) = stack.pop() {
        path.truncate(depth - 1);
        visits += 1;
        if depth > MAX_DEPTH || path.contains(&id) || visits > MAX_VISITS {
            return true;
        }
        path.push(id);
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
    /// Object number → (stream, start, end).
    in_stream: HashMap<u32, (usize, usize, usize)>,
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
        // An object inside a stream has no `endobj`: it ends where the
        // next one starts.
        let index = self.streams.len();
        let mut entries: Vec<(usize, usize)> =
            numbers.chunks_exact(2).take(n).map(|pair| (pair[0], first.saturating_add(pair[1]))).collect();
        entries.sort_unstable_by_key(|&(_, start)| start);
        let ends: Vec<usize> =
            entries.iter().skip(1).map(|&(_, start)| start).chain([inflated.len()]).collect();
        for (&(number, start), end) in entries.iter().zip(ends) {
            if let Ok(number) = u32::try_from(number) {
                self.in_stream.entry(number).or_insert((index, start, end));
            }
        }
        self.streams.push(inflated);
    }

    /// The text of object `id`, up to a bounded length.
    fn body(&self, id: u32) -> Option<Vec<u8>> {
        let text: &[u8] = if let Some(&start) = self.at.get(&id) {
            &self.data[start..]
        } else {
            let &(stream, start, end) = self.in_stream.get(&id)?;
            self.streams[stream].get(start..end.max(start))?
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
            let is_catalogue = top_level(&body, b"/Type").is_some_and(|t| trim(t).starts_with(b"/Catalog"));
            if is_catalogue
                && let Some(pages) = top_level(&body, b"/Pages").and_then(|v| reference_at(trim(v)))
            {
                return Some(pages);
            }
        }
        None
    }
}

/// The references of a node's `/Kids` array (itself possibly a reference).
fn kids(body: &[u8], objects: &Objects<'_>) -> Vec<u32> {
    let Some(rest) = top_level(body, b"/Kids") else { return Vec::new() };
    let rest = trim(rest);
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

/// The text after the name `key` where it stands in the object's outermost
/// dictionary: not inside a nested dictionary, array or string, and not in
/// the data of a stream, which follows the dictionary. A page's resources
/// or an annotation may hold dictionaries with keys of their own.
fn top_level<'t>(body: &'t [u8], key: &[u8]) -> Option<&'t [u8]> {
    let start = trim(body);
    if !start.starts_with(b"<<") {
        return None;
    }
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(&b) = start.get(i) {
        match b {
            b'<' if start.get(i + 1) == Some(&b'<') => {
                depth += 1;
                i += 2;
                continue;
            }
            b'>' if start.get(i + 1) == Some(&b'>') => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return None;
                }
                i += 2;
                continue;
            }
            b'[' => depth += 1,
            b']' => depth = depth.saturating_sub(1),
            b'<' => i += start[i..].iter().position(|&c| c == b'>').unwrap_or(start.len() - i),
            b'(' => i = string_end(start, i),
            b'%' => i += start[i..].iter().position(|&c| c == b'\n' || c == b'\r').unwrap_or(start.len() - i),
            b'/' => {
                let end = start[i + 1..]
                    .iter()
                    .position(|c| c.is_ascii_whitespace() || b"/[]<>()%{}".contains(c))
                    .map_or(start.len(), |n| i + 1 + n);
                if depth == 1 && &start[i..end] == key {
                    return Some(&start[end..]);
                }
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The index of the `)` that closes the literal string opening at `open`
/// (strings nest balanced parentheses; a backslash escapes one).
fn string_end(text: &[u8], open: usize) -> usize {
    let mut depth = 0;
    let mut i = open;
    while let Some(&b) = text.get(i) {
        match b {
            b'\\' => i += 1,
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
        i += 1;
    }
    text.len()
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

pub(super) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
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

    /// A PDF whose objects 2.. are `objects`, packed into one object
    /// stream in that order (as pdfTeX writes them: the page before its
    /// parent).
    fn packed(objects: &[(u32, &str)]) -> Vec<u8> {
        use std::io::Write;
        let (mut header, mut body) = (String::new(), String::new());
        for (number, text) in objects {
            header.push_str(&format!("{number} {} ", body.len()));
            body.push_str(text);
            body.push('\n');
        }
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(format!("{header}\n{body}").as_bytes()).unwrap();
        let data = z.finish().unwrap();
        let mut out = b"%PDF-1.5\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n".to_vec();
        out.extend(
            format!(
                "9 0 obj\n<< /Type /ObjStm /N {} /First {} /Filter /FlateDecode /Length {} >>\nstream\n",
                objects.len(),
                header.len() + 1,
                data.len()
            )
            .as_bytes(),
        );
        out.extend(data);
        out.extend(b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
        out
    }

    #[test]
    fn an_object_in_a_stream_ends_where_the_next_begins() {
        // Read to the stream's end, page 3 would hold its parent's /Kids
        // [3 0 R] and look like its own child.
        let pdf = packed(&[
            (3, "<< /Type /Page /Parent 2 0 R /Resources 4 0 R >>"),
            (4, "<< /Font << /F1 5 0 R >> >>"),
            (5, "<< /Type /Font /Subtype /Type3 /Resources << /ProcSet [/PDF] >> >>"),
            (2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        ]);
        assert!(!too_deep(&pdf));
        let cycle =
            packed(&[(3, "<< /Type /Pages /Kids [2 0 R] >>"), (2, "<< /Type /Pages /Kids [3 0 R] >>")]);
        assert!(too_deep(&cycle));
    }

    #[test]
    fn only_the_nodes_own_kids_count() {
        // A /Kids in a nested dictionary (a field among the annotations)
        // or in a string is not the node's.
        let pdf = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n\
            2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n\
            3 0 obj\n<< /Type /Page /Parent 2 0 R /T (/Kids [2 0 R]) \
            /Annots [<< /Kids [2 0 R] >>] /PieceInfo << /X << /Kids [2 0 R] >> >> >>\nendobj\n\
            trailer\n<< /Root 1 0 R >>\n";
        assert!(!too_deep(pdf));
    }

    #[test]
    fn a_page_listed_twice_is_no_cycle() {
        let pdf = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n\
            2 0 obj\n<< /Type /Pages /Kids [3 0 R 3 0 R] /Count 2 >>\nendobj\n\
            3 0 obj\n<< /Type /Page /Parent 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n";
        assert!(!too_deep(pdf));
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
