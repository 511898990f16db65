//! `file:` URIs and paths, both ways: the client names files by URI, with
//! Chinese names percent-encoded.

use std::path::{Path, PathBuf};

use lsp_types::Uri;

/// The path a `file:` URI names.
pub fn to_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let bytes = decode(rest)?;
    let path = String::from_utf8(bytes).ok()?;
    // file:///C:/x on Windows.
    let windows = path.len() > 2 && path.as_bytes()[2] == b':' && cfg!(windows);
    Some(PathBuf::from(if windows { &path[1..] } else { &path[..] }))
}

/// The `file:` URI of an absolute `path`.
pub fn from_path(path: &Path) -> Option<Uri> {
    let text = path.to_str()?.replace('\\', "/");
    let mut uri = String::from(if text.starts_with('/') { "file://" } else { "file:///" });
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                uri.push(byte as char)
            }
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    uri.parse().ok()
}

fn decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chinese_file_name_goes_to_a_uri_and_back() {
        let path = Path::new("/报告/evidence/1-1 会场照片.jpg");
        let uri = from_path(path).unwrap();
        assert!(uri.as_str().starts_with("file:///%E6%8A%A5"), "{}", uri.as_str());
        assert_eq!(to_path(&uri).as_deref(), Some(path));
        assert_eq!(to_path(&"untitled:Untitled-1".parse().unwrap()), None);
    }
}
