//! Optional content (layers, PDF 32000-1 §8.11) as a reader prints a file
//! it opens: the groups its default configuration (`/OCProperties /D`)
//! turns off are not printed, whether the content is marked with them
//! (`/OC /name BDC … EMC`), is an image or form whose `/OC` names them, or
//! is an annotation. typst copies a page's content whole, so a hidden layer
//! would print over the visible ones; flatten.rs copies the pages through
//! [`Layers::filter`] instead.
//!
//! Hidden content keeps its effect on the graphics state and loses its
//! marks, as readers run it (poppler and pdf.js execute the state operators
//! of hidden content): a painted path is ended without painting, shown text
//! is shown invisibly (text rendering mode 3, so that the text position
//! moves on as before), and images, forms and shadings are left out.

use std::collections::HashSet;

use hayro_syntax::Pdf;
use hayro_syntax::object::dict::keys::{
    AS, BASE_STATE, D, NAME, OC, OCG, OCGS, OCMD, OCPROPERTIES, OFF, ON, P, PRINT, PRINT_STATE, TYPE, USAGE,
    VE,
};
use hayro_syntax::object::{Array, Dict, MaybeRef, Name, ObjRef, Object, Stream};

use super::content::instructions;

/// Visibility expressions nested deeper than this are not evaluated.
const MAX_EXPRESSION_DEPTH: usize = 16;

/// The optional content groups a file's default configuration turns off.
pub struct Layers<'p> {
    pdf: &'p Pdf,
    off: HashSet<ObjRef>,
    /// The file declares optional content but no default configuration.
    pub unreadable: bool,
}

/// The names content looks resources up by, innermost dictionary first
/// (a page's own, then those it inherits).
#[derive(Default)]
pub struct Names<'a> {
    pub properties: Vec<Dict<'a>>,
    pub x_objects: Vec<Dict<'a>>,
}

impl<'p> Layers<'p> {
    pub fn read(pdf: &'p Pdf) -> Self {
        let mut layers = Layers { pdf, off: HashSet::new(), unreadable: false };
        let catalog = pdf.xref().get::<Dict<'_>>(pdf.xref().root_id());
        let Some(properties) = catalog.and_then(|c| c.get::<Dict<'_>>(OCPROPERTIES)) else { return layers };
        let Some(config) = properties.get::<Dict<'_>>(D) else {
            layers.unreadable = true;
            return layers;
        };
        let groups = |dict: &Dict<'_>, key: &[u8]| -> HashSet<ObjRef> {
            dict.get::<Array<'_>>(key).map(|a| references(&a).collect()).unwrap_or_default()
        };
        let base_off = config.get::<Name<'_>>(BASE_STATE).is_some_and(|n| n.as_ref() == OFF);
        layers.off = if base_off {
            let on = groups(&config, ON);
            groups(&properties, OCGS).into_iter().filter(|g| !on.contains(g)).collect()
        } else {
            groups(&config, OFF)
        };
        layers.apply_print_states(&config);
        layers
    }

    /// The configuration's automatic states for printing (§8.11.4.4): each
    /// group an /AS entry for the Print event lists takes the state its
    /// /Usage /Print /PrintState gives (a watermark printed only, notes shown
    /// on screen only), as pdf.js prints and Acrobat does.
    fn apply_print_states(&mut self, config: &Dict<'_>) {
        let Some(automatic) = config.get::<Array<'_>>(AS) else { return };
        for usage in automatic.iter::<Dict<'_>>() {
            let event = usage.get::<Name<'_>>(b"Event");
            if event.is_none_or(|e| e.as_ref() != PRINT) {
                continue;
            }
            let Some(groups) = usage.get::<Array<'_>>(OCGS) else { continue };
            for group in references(&groups) {
                let Some(dict) = self.pdf.xref().get::<Dict<'_>>(group.into()) else { continue };
                let state = dict
                    .get::<Dict<'_>>(USAGE)
                    .and_then(|u| u.get::<Dict<'_>>(PRINT))
                    .and_then(|p| p.get::<Name<'_>>(PRINT_STATE));
                match state.as_ref().map(|s| s.as_ref()) {
                    Some(ON) => drop(self.off.remove(&group)),
                    Some(OFF) => drop(self.off.insert(group)),
                    _ => {}
                }
            }
        }
    }

    /// Whether the default configuration hides anything.
    pub fn hide_any(&self) -> bool {
        !self.off.is_empty()
    }

    /// Whether content whose `/OC` is `value` (a group or a membership
    /// dictionary) is printed; none when it is neither.
    pub fn shows(&self, value: &MaybeRef<Object<'_>>) -> Option<bool> {
        match value {
            MaybeRef::Ref(r) => {
                let dict = self.pdf.xref().get::<Dict<'_>>((*r).into())?;
                self.shows_dict(Some(*r), &dict)
            }
            MaybeRef::NotRef(Object::Dict(dict)) => self.shows_dict(None, dict),
            MaybeRef::NotRef(_) => None,
        }
    }

    fn shows_dict(&self, id: Option<ObjRef>, dict: &Dict<'_>) -> Option<bool> {
        let kind = dict.get::<Name<'_>>(TYPE);
        let kind = kind.as_ref().map(|k| k.as_ref());
        if kind == Some(OCMD) || (kind.is_none() && (dict.contains_key(OCGS) || dict.contains_key(VE))) {
            self.membership(dict)
        } else if kind == Some(OCG) || dict.contains_key(NAME) {
            Some(id.is_none_or(|r| !self.off.contains(&r)))
        } else {
            None
        }
    }

    /// An optional content membership dictionary (§8.11.2.2): its
    /// visibility expression, or its groups under its policy.
    fn membership(&self, dict: &Dict<'_>) -> Option<bool> {
        if let Some(expression) = dict.get::<Array<'_>>(VE) {
            return self.expression(&expression, 0);
        }
        let groups: Vec<bool> = if let Some(array) = dict.get::<Array<'_>>(OCGS) {
            references(&array).map(|g| !self.off.contains(&g)).collect()
        } else if let Some(group) = dict.get_ref(OCGS) {
            vec![!self.off.contains(&group)]
        } else {
            // No groups: the dictionary has no effect.
            return Some(true);
        };
        if groups.is_empty() {
            return Some(true);
        }
        let policy = dict.get::<Name<'_>>(P);
        Some(match policy.as_ref().map_or(&b"AnyOn"[..], |p| p.as_ref()) {
            b"AllOn" => groups.iter().all(|&on| on),
            b"AnyOff" => groups.iter().any(|&on| !on),
            b"AllOff" => groups.iter().all(|&on| !on),
            _ => groups.iter().any(|&on| on),
        })
    }

    fn expression(&self, expression: &Array<'_>, depth: usize) -> Option<bool> {
        if depth > MAX_EXPRESSION_DEPTH {
            return None;
        }
        let mut items = expression.raw_iter();
        let operator = match items.next()? {
            MaybeRef::NotRef(Object::Name(name)) => name,
            _ => return None,
        };
        let operands = items
            .map(|item| match item {
                MaybeRef::Ref(group) => Some(!self.off.contains(&group)),
                MaybeRef::NotRef(Object::Array(inner)) => self.expression(&inner, depth + 1),
                MaybeRef::NotRef(_) => None,
            })
            .collect::<Option<Vec<bool>>>()?;
        match (operator.as_ref(), operands.as_slice()) {
            (b"Not", [one]) => Some(!one),
            (b"And", all) if !all.is_empty() => Some(all.iter().all(|&on| on)),
            (b"Or", any) if !any.is_empty() => Some(any.iter().any(|&on| on)),
            _ => None,
        }
    }

    /// `content` without the marks of what the default configuration
    /// hides, and the number of `/OC` marks that name no group (printed,
    /// as readers print them).
    pub fn filter(&self, content: &[u8], names: &Names<'_>) -> (Vec<u8>, usize) {
        let mut out = Vec::with_capacity(content.len());
        let mut unresolved = 0;
        // For each open marked-content sequence, whether it hides.
        let mut marked: Vec<bool> = Vec::new();
        let mut hiding = 0usize;
        // The text rendering mode, saved and restored with the graphics state.
        let mut mode: Vec<&[u8]> = vec![b"0"];
        for instruction in instructions(content) {
            let hidden = hiding > 0;
            let mut text = Some(instruction.text);
            let mut invisible = false;
            match instruction.operator {
                b"BMC" => marked.push(false),
                b"BDC" => {
                    let hides = instruction.operands.first() == Some(&&b"/OC"[..])
                        && match self.named(instruction.operands.get(1).copied(), names) {
                            Some(shown) => !shown,
                            None => {
                                unresolved += 1;
                                false
                            }
                        };
                    hiding += usize::from(hides);
                    marked.push(hides);
                }
                b"EMC" => hiding -= usize::from(marked.pop() == Some(true)),
                b"q" => mode.push(mode.last().copied().unwrap_or(b"0")),
                b"Q" if mode.len() > 1 => drop(mode.pop()),
                b"Tr" => {
                    if let (Some(set), Some(last)) = (instruction.operands.first(), mode.last_mut()) {
                        *last = set;
                    }
                }
                b"S" | b"s" | b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*" if hidden => {
                    text = Some(b"n")
                }
                b"Tj" | b"TJ" | b"'" | b"\"" if hidden => invisible = true,
                b"sh" | b"BI" if hidden => text = None,
                b"Do" if hidden => text = None,
                b"Do" => {
                    let stream = instruction.operands.first().and_then(|n| lookup(&names.x_objects, n));
                    let oc = stream.as_ref().and_then(|s| s.dict().get_raw::<Object<'_>>(OC));
                    match oc.map(|oc| self.shows(&oc)) {
                        Some(Some(false)) => text = None,
                        Some(None) => unresolved += 1,
                        _ => {}
                    }
                }
                _ => {}
            }
            let Some(text) = text else { continue };
            if invisible {
                out.extend_from_slice(b"3 Tr ");
            }
            out.extend_from_slice(text);
            if invisible {
                out.push(b' ');
                out.extend_from_slice(mode.last().copied().unwrap_or(b"0"));
                out.extend_from_slice(b" Tr");
            }
            out.push(b'\n');
        }
        (out, unresolved)
    }

    /// Whether the property list named by the operand `name` is shown;
    /// none when it is not a named group or membership dictionary.
    fn named(&self, name: Option<&[u8]>, names: &Names<'_>) -> Option<bool> {
        let name = decode_name(name?.strip_prefix(b"/")?);
        let value = names.properties.iter().find_map(|dict| dict.get_raw::<Object<'_>>(&name))?;
        self.shows(&value)
    }
}

/// The object references of an array.
fn references<'a>(array: &Array<'a>) -> impl Iterator<Item = ObjRef> + 'a {
    array.raw_iter().filter_map(|item| match item {
        MaybeRef::Ref(r) => Some(r),
        MaybeRef::NotRef(_) => None,
    })
}

/// The stream an operand `/Name` names in the first dictionary that has it.
fn lookup<'a>(dicts: &[Dict<'a>], operand: &[u8]) -> Option<Stream<'a>> {
    let name = decode_name(operand.strip_prefix(b"/")?);
    dicts.iter().find_map(|dict| dict.get::<Stream<'a>>(&name))
}

/// A name as written, with its `#xx` escapes (§7.3.5) decoded.
fn decode_name(written: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(written.len());
    let mut i = 0;
    while let Some(&b) = written.get(i) {
        let hex =
            written.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
        match (b, hex) {
            (b'#', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    /// A one-page PDF whose catalogue adds `catalogue`, with objects 10..
    /// given as `objects`.
    fn pdf(catalogue: &str, objects: &[&str]) -> Pdf {
        let mut text = format!(
            "%PDF-1.5\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R {catalogue} >>\nendobj\n\
             2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n\
             3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>\nendobj\n"
        );
        for (n, object) in (10..).zip(objects) {
            text.push_str(&format!("{n} 0 obj\n{object}\nendobj\n"));
        }
        text.push_str("trailer\n<< /Root 1 0 R >>\n%%EOF\n");
        Pdf::new(Arc::new(text.into_bytes())).unwrap()
    }

    const GROUPS: [&str; 3] =
        ["<< /Type /OCG /Name (a) >>", "<< /Type /OCG /Name (b) >>", "<< /Type /OCG /Name (c) >>"];

    fn shown(layers: &Layers<'_>, n: i32) -> Option<bool> {
        layers.shows(&MaybeRef::Ref(ObjRef::new(n, 0)))
    }

    #[test]
    fn the_default_configuration_turns_groups_off() {
        let file = pdf("/OCProperties << /OCGs [10 0 R 11 0 R 12 0 R] /D << /OFF [11 0 R] >> >>", &GROUPS);
        let layers = Layers::read(&file);
        assert_eq!(
            [shown(&layers, 10), shown(&layers, 11), shown(&layers, 12)],
            [Some(true), Some(false), Some(true)]
        );
        let file = pdf(
            "/OCProperties << /OCGs [10 0 R 11 0 R 12 0 R] /D << /BaseState /OFF /ON [12 0 R] >> >>",
            &GROUPS,
        );
        let layers = Layers::read(&file);
        assert_eq!(
            [shown(&layers, 10), shown(&layers, 11), shown(&layers, 12)],
            [Some(false), Some(false), Some(true)]
        );
        let file = pdf("/OCProperties << /OCGs [10 0 R] >>", &GROUPS);
        assert!(Layers::read(&file).unreadable);
    }

    #[test]
    fn printing_applies_the_print_states_of_the_groups_the_configuration_lists() {
        // 10: shown on screen, not printed; 11: hidden on screen, printed;
        // 12: a print state, but not listed for the Print event.
        let objects = [
            "<< /Type /OCG /Name (screen) /Usage << /Print << /PrintState /OFF >> >> >>",
            "<< /Type /OCG /Name (watermark) /Usage << /Print << /PrintState /ON >> >> >>",
            "<< /Type /OCG /Name (other) /Usage << /Print << /PrintState /OFF >> >> >>",
        ];
        let file = pdf(
            "/OCProperties << /OCGs [10 0 R 11 0 R 12 0 R] /D << /OFF [11 0 R] /AS [\
             << /Event /View /Category [/View] /OCGs [12 0 R] >> \
             << /Event /Print /Category [/Print] /OCGs [10 0 R 11 0 R] >>] >> >>",
            &objects,
        );
        let layers = Layers::read(&file);
        assert_eq!(
            [shown(&layers, 10), shown(&layers, 11), shown(&layers, 12)],
            [Some(false), Some(true), Some(true)]
        );
    }

    #[test]
    fn a_membership_dictionary_follows_its_policy_or_its_expression() {
        let mut objects = GROUPS.to_vec();
        objects.extend([
            "<< /Type /OCMD /OCGs [10 0 R 11 0 R] >>",
            "<< /Type /OCMD /OCGs [10 0 R 11 0 R] /P /AllOn >>",
            "<< /Type /OCMD /OCGs 11 0 R /P /AllOff >>",
            "<< /Type /OCMD /VE [/And 10 0 R [/Not 11 0 R]] >>",
            "<< /Type /OCMD /VE [/Nand 10 0 R] >>",
            "<< /Type /Font >>",
        ]);
        let file = pdf("/OCProperties << /OCGs [10 0 R 11 0 R 12 0 R] /D << /OFF [11 0 R] >> >>", &objects);
        let layers = Layers::read(&file);
        let got: Vec<Option<bool>> = (13..=18).map(|n| shown(&layers, n)).collect();
        assert_eq!(got, [Some(true), Some(false), Some(true), Some(true), None, None]);
    }

    #[test]
    fn hidden_content_loses_its_marks_and_keeps_its_state() {
        let mut objects = GROUPS.to_vec();
        objects.push("<< /On 10 0 R /Off 11 0 R >>");
        let file = pdf("/OCProperties << /OCGs [10 0 R 11 0 R] /D << /OFF [11 0 R] >> >>", &objects);
        let layers = Layers::read(&file);
        let names = Names {
            properties: vec![file.xref().get::<Dict<'_>>(ObjRef::new(13, 0).into()).unwrap()],
            x_objects: Vec::new(),
        };
        let content = b"/OC /On BDC 0 0 1 1 re f EMC\n2 Tr /OC /Off BDC 1 0 0 rg 0 0 5 5 re f BT (x) Tj ET \
                        /Im Do EMC /OC /Gone BDC 0 0 2 2 re S EMC";
        let (out, unresolved) = layers.filter(content, &names);
        let out = String::from_utf8(out).unwrap();
        assert_eq!(
            out,
            "/OC /On BDC\n0 0 1 1 re\nf\nEMC\n2 Tr\n/OC /Off BDC\n1 0 0 rg\n0 0 5 5 re\nn\nBT\n3 Tr (x) Tj 2 Tr\nET\n\
             EMC\n/OC /Gone BDC\n0 0 2 2 re\nS\nEMC\n"
        );
        assert_eq!(unresolved, 1);
    }

    #[test]
    fn names_are_read_with_their_escapes() {
        assert_eq!(decode_name(b"Layer#20One"), b"Layer One");
        assert_eq!(decode_name(b"A#2"), b"A#2");
    }
}
