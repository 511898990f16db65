//! The one way text enters the XML of a .docx: [`Xml`], a small writer whose
//! element and attribute names come from this module's callers (static
//! strings, never user text) and whose every attribute value and text node
//! is escaped here.
//!
//! Escaping replaces the five characters XML gives meaning to (`<`, `&`, `>`,
//! `"`, `'`) with entities, and drops the characters XML 1.0 forbids (the C0
//! controls other than tab, line feed and carriage return, and U+FFFE/U+FFFF)
//! as well as the C1 controls, which it allows but which print nothing: a
//! forbidden character makes Word refuse the whole file as corrupt.

/// An XML document being written, as a string.
#[derive(Default)]
pub(crate) struct Xml {
    out: String,
}

impl Xml {
    /// A document that starts with the XML declaration every OOXML part has.
    pub(crate) fn part() -> Self {
        Xml { out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n") }
    }

    /// `<name a="v" …>`.
    pub(crate) fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.start(name, attrs);
        self.out.push('>');
    }

    /// `<name a="v" …/>`.
    pub(crate) fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.start(name, attrs);
        self.out.push_str("/>");
    }

    /// `</name>`.
    pub(crate) fn close(&mut self, name: &str) {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }

    /// `<name a="v" …>text</name>`, the text escaped.
    pub(crate) fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.open(name, attrs);
        self.text(text);
        self.close(name);
    }

    /// `<name w:val="value"/>`, the commonest element of WordprocessingML.
    pub(crate) fn val(&mut self, name: &str, value: &str) {
        self.empty(name, &[("w:val", value)]);
    }

    /// A text node, escaped.
    pub(crate) fn text(&mut self, text: &str) {
        escape_into(&mut self.out, text);
    }

    /// Markup written by this module's callers as it is (fixed parts only,
    /// never user text).
    pub(crate) fn raw(&mut self, markup: &str) {
        self.out.push_str(markup);
    }

    /// The document written so far.
    pub(crate) fn finish(self) -> String {
        self.out
    }

    fn start(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.out.push('<');
        self.out.push_str(name);
        for (key, value) in attrs {
            self.out.push(' ');
            self.out.push_str(key);
            self.out.push_str("=\"");
            escape_into(&mut self.out, value);
            self.out.push('"');
        }
    }
}

/// Whether `c` may stand in the XML of a part: XML 1.0's `Char`, without
/// the C1 controls.
pub(crate) fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7E}' | '\u{A0}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Appends `text` to `out` escaped for both text nodes and attribute values.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if allowed(c) => out.push(c),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_characters_in_text_and_attributes() {
        let mut xml = Xml::default();
        xml.leaf("w:t", &[("a", "<&>\"'")], "<&>\"'");
        assert_eq!(xml.finish(), "<w:t a=\"&lt;&amp;&gt;&quot;&apos;\">&lt;&amp;&gt;&quot;&apos;</w:t>");
    }

    #[test]
    fn drops_characters_xml_forbids_and_keeps_cjk_and_whitespace() {
        let mut xml = Xml::default();
        xml.text("a\u{0}b\u{1}\u{8}\u{B}\u{C}\u{1F}\u{7F}\u{85}\u{FFFE}\u{FFFF}c\t\n\r联盟𠀀☑");
        assert_eq!(xml.finish(), "abc\t\n\r联盟𠀀☑");
    }
}
