//! The instructions of a PDF content stream, each with the bytes it spans,
//! so that a filter can keep an instruction exactly as it was written or
//! leave it out (PDF 32000-1 §7.8.2: operands, then their operator).
//!
//! A lexer, not a parser: it tells where each object and operator ends
//! (strings with their escapes and nested parentheses, dictionaries and
//! arrays nested in one another, an inline image's data up to its `EI`)
//! and never fails: a stray byte is skipped.

/// One operator and its operands, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction<'a> {
    pub operator: &'a [u8],
    pub operands: Vec<&'a [u8]>,
    /// From the first operand (or the operator) to the operator's end; an
    /// inline image, `BI` to `EI`, is one instruction.
    pub text: &'a [u8],
}

/// The instructions of `data`, in order.
pub fn instructions(data: &[u8]) -> Vec<Instruction<'_>> {
    let mut out = Vec::new();
    let mut operands = Vec::new();
    let mut start = None;
    let mut i = 0;
    loop {
        i = skip_space(data, i);
        let Some(&b) = data.get(i) else { break };
        let end = match b {
            b'(' => string_end(data, i),
            b'<' if data.get(i + 1) == Some(&b'<') => nested_end(data, i),
            b'<' => data[i..].iter().position(|&c| c == b'>').map_or(data.len(), |n| i + n + 1),
            b'[' => nested_end(data, i),
            b'/' => word_end(data, i + 1),
            b'+' | b'-' | b'.' | b'0'..=b'9' => word_end(data, i),
            _ if is_regular(b) => {
                let end = word_end(data, i);
                let word = &data[i..end];
                if matches!(word, b"true" | b"false" | b"null") {
                    end
                } else {
                    let end = if word == b"BI" { inline_image_end(data, end) } else { end };
                    let from = start.take().unwrap_or(i);
                    out.push(Instruction {
                        operator: word,
                        operands: std::mem::take(&mut operands),
                        text: &data[from..end],
                    });
                    i = end;
                    continue;
                }
            }
            // A closing delimiter with nothing open: skipped.
            _ => {
                i += 1;
                continue;
            }
        };
        let end = end.max(i + 1).min(data.len());
        start.get_or_insert(i);
        operands.push(&data[i..end]);
        i = end;
    }
    out
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

fn is_delimiter(b: u8) -> bool {
    b"()<>[]{}/%".contains(&b)
}

fn is_regular(b: u8) -> bool {
    !is_space(b) && !is_delimiter(b)
}

fn skip_space(data: &[u8], mut i: usize) -> usize {
    while let Some(&b) = data.get(i) {
        if b == b'%' {
            i += data[i..].iter().position(|&c| c == b'\n' || c == b'\r').unwrap_or(data.len() - i);
        } else if is_space(b) {
            i += 1;
        } else {
            break;
        }
    }
    i
}

/// The end of a run of regular characters starting at `i`.
fn word_end(data: &[u8], i: usize) -> usize {
    data[i..].iter().position(|&b| !is_regular(b)).map_or(data.len(), |n| i + n)
}

/// The end of the literal string opening at `open`.
fn string_end(data: &[u8], open: usize) -> usize {
    let mut depth = 0;
    let mut i = open;
    while let Some(&b) = data.get(i) {
        match b {
            b'\\' => i += 1,
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    data.len()
}

/// The end of the dictionary or array opening at `open`, with what it
/// holds (strings may hold brackets).
fn nested_end(data: &[u8], open: usize) -> usize {
    let mut depth = 0usize;
    let mut i = open;
    while let Some(&b) = data.get(i) {
        match b {
            b'(' => {
                i = string_end(data, i);
                continue;
            }
            b'%' => {
                i = skip_space(data, i);
                continue;
            }
            b'<' if data.get(i + 1) == Some(&b'<') => {
                depth += 1;
                i += 1;
            }
            b'>' if data.get(i + 1) == Some(&b'>') => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b'[' => depth += 1,
            b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
        if depth == 0 {
            return i;
        }
    }
    data.len()
}

/// The end of an inline image whose `BI` ends at `i`: after `ID` and one
/// space, its data runs to an `EI` between white space (or the stream's
/// end).
fn inline_image_end(data: &[u8], i: usize) -> usize {
    let mut at = i;
    // The image's dictionary, up to the operator ID.
    loop {
        at = skip_space(data, at);
        let Some(&b) = data.get(at) else { return data.len() };
        if data[at..].starts_with(b"ID") && data.get(at + 2).is_none_or(|&c| !is_regular(c)) {
            at += 3;
            break;
        }
        at = match b {
            b'(' => string_end(data, at),
            b'<' | b'[' => nested_end(data, at),
            _ if is_regular(b) => word_end(data, at),
            _ => word_end(data, at + 1),
        };
    }
    while at + 2 <= data.len() {
        if data[at..].starts_with(b"EI")
            && data.get(at.wrapping_sub(1)).is_some_and(|&c| is_space(c))
            && data.get(at + 2).is_none_or(|&c| is_space(c))
        {
            return at + 2;
        }
        at += 1;
    }
    data.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn operators(data: &[u8]) -> Vec<String> {
        instructions(data).iter().map(|i| String::from_utf8_lossy(i.operator).into_owned()).collect()
    }

    #[test]
    fn each_instruction_spans_its_operands_and_operator() {
        let data = b"q 1 0 0 RG\n/OC /L1 BDC (a \\) Tj) Tj ET\n[(x) -20 (y)] TJ EMC % note\nQ";
        let all = instructions(data);
        let texts: Vec<&[u8]> = all.iter().map(|i| i.text).collect();
        assert_eq!(
            texts,
            [
                &b"q"[..],
                b"1 0 0 RG",
                b"/OC /L1 BDC",
                b"(a \\) Tj) Tj",
                b"ET",
                b"[(x) -20 (y)] TJ",
                b"EMC",
                b"Q"
            ]
        );
        assert_eq!(all[2].operands, [&b"/OC"[..], b"/L1"]);
    }

    #[test]
    fn strings_dictionaries_and_inline_images_hold_what_looks_like_operators() {
        let data = b"/P <</MCID 0 /X [(]) <<>>]>> BDC (Tj \\) EMC) Tj BI /W 1 /H 1 ID \xffEI Q\n EI EMC";
        assert_eq!(operators(data), ["BDC", "Tj", "BI", "EMC"]);
        let all = instructions(data);
        assert!(all[2].text.ends_with(b"Q\n EI"));
    }

    #[test]
    fn stray_bytes_are_skipped_and_the_end_is_reached() {
        assert_eq!(operators(b") ] >> f (unclosed Tj"), ["f"]);
        assert_eq!(operators(b"true false null n"), ["n"]);
        assert!(instructions(b"").is_empty());
    }
}
