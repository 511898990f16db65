//! The renderer's handling of each element's start and end.

use std::ops::Range;

use pulldown_cmark::{LinkType, Tag};

use super::*;

impl Renderer<'_, '_, '_> {
    // ----- element starts -----

    pub(super) fn start(&mut self, tag: &Tag, i: usize) {
        if self.image_depth > 0 {
            self.image_depth += 1;
            self.stack.push(Frame::Suppressed);
            return;
        }
        let nesting = Nesting::of(tag);
        if let Some(kind) = nesting
            && self.levels[kind as usize].len() >= kind.max()
        {
            return self.flatten(kind, i);
        }
        match tag {
            Tag::Paragraph => {
                self.begin_block();
                // A lead-in (……实现成果转化 2 项：) stays on the page of what
                // it leads into, unless it may be too tall to stick (see
                // `heading_may_stick`).
                let source = &self.ctx.markdown[self.ctx.events[i].1.clone()];
                if source.trim_end().ends_with(['：', ':']) && heading_may_stick(source) {
                    self.open_inline("#md-lead[", "]");
                } else {
                    self.stack.push(Frame::Inline { close: "" });
                }
            }
            Tag::Heading { level, .. } => {
                self.begin_block();
                let sticky = if heading_may_stick(&self.ctx.markdown[self.ctx.events[i].1.clone()]) {
                    ""
                } else {
                    ", sticky: false"
                };
                self.open_inline(&format!("#md-heading(level: {}{sticky})[", *level as usize), "]");
            }
            Tag::BlockQuote(_) => self.open_container("#quote(block: true)[", "\n\n", "]"),
            Tag::CodeBlock(kind) => self.open_literal(LiteralKind::Code(code_lang(kind)), i),
            Tag::MetadataBlock(_) => self.open_literal(LiteralKind::Code(None), i),
            Tag::HtmlBlock => self.open_literal(LiteralKind::Html, i),
            Tag::List(start) => self.start_list(*start, i),
            Tag::Item => self.start_item(),
            Tag::Table(alignments) => self.start_table(alignments, i),
            Tag::TableHead => self.start_row("\ntable.header(", "),", i),
            Tag::TableRow => self.start_row("\n", ",", i),
            Tag::TableCell => self.start_cell(i),
            Tag::Link { link_type, dest_url, .. } => self.start_link(*link_type, dest_url, i),
            Tag::Image { dest_url, title, .. } => self.start_image(dest_url, title, i),
            _ => self.start_other(tag),
        }
        if let Some(kind) = nesting {
            self.levels[kind as usize].push(self.stack.len());
        }
    }

    /// Opens an element nested deeper than [`Nesting::max`] as a plain
    /// block (a quote or list) or plain text (a style or link): its content
    /// goes into the enclosing element and nothing of it is lost. The first
    /// time, with a warning.
    fn flatten(&mut self, kind: Nesting, i: usize) {
        match kind {
            Nesting::Block => {
                // A paragraph break even after a tight item's text.
                let open = match self.stack.last() {
                    Some(Frame::Container { sep: "\n", has_content: true, .. }) => "\n",
                    _ => "",
                };
                self.open_container(open, "\n\n", "");
            }
            Nesting::Inline => {
                self.begin_inline();
                self.stack.push(Frame::Inline { close: "" });
            }
        }
        if !std::mem::replace(&mut self.flattened[kind as usize], true) {
            let message = match kind {
                Nesting::Block => format!(
                    "引用和列表嵌套超过 {MAX_BLOCK_NESTING} 层，更深的层次已并入第 {MAX_BLOCK_NESTING} 层排版"
                ),
                Nesting::Inline => {
                    format!("加粗、强调、链接等嵌套超过 {MAX_INLINE_NESTING} 层，更深的层次已按普通文字排版")
                }
            };
            self.warn(i, message);
        }
    }

    /// Inline styles, definition lists and, defensively, footnote
    /// definitions that were not skipped.
    fn start_other(&mut self, tag: &Tag) {
        match tag {
            Tag::Emphasis => self.open_styled("#emph["),
            Tag::Strong => self.open_styled("#strong["),
            Tag::Strikethrough => self.open_styled("#strike["),
            Tag::Superscript => self.open_styled("#super["),
            Tag::Subscript => self.open_styled("#sub["),
            Tag::DefinitionList | Tag::FootnoteDefinition(_) => {
                self.open_container("", "\n\n", "");
            }
            Tag::DefinitionListTitle => {
                self.begin_block();
                self.open_inline("#strong[", "]");
            }
            Tag::DefinitionListDefinition => {
                self.open_container("#pad(left: 2em)[", "\n\n", "]");
            }
            _ => {
                // Every other tag is handled in `start`; keep the stack
                // balanced all the same.
                self.begin_block();
                self.open_container("", "\n\n", "");
            }
        }
    }

    fn open_inline(&mut self, open: &str, close: &'static str) {
        self.markup(open);
        self.stack.push(Frame::Inline { close });
    }

    fn open_styled(&mut self, open: &str) {
        self.begin_inline();
        self.open_inline(open, "]");
    }

    fn open_container(&mut self, open: &str, sep: &'static str, close: &'static str) {
        self.begin_block();
        self.markup(open);
        self.stack.push(Frame::container(sep, close));
    }

    fn open_literal(&mut self, kind: LiteralKind, event: usize) {
        self.begin_block();
        self.stack.push(Frame::Literal { kind, text: String::new(), event });
    }

    fn start_list(&mut self, start: Option<u64>, i: usize) {
        self.begin_block();
        let tight = self.ctx.outline.tight.get(&i).copied().unwrap_or(true);
        let open = match start {
            Some(n) => format!("#enum(start: {n}, tight: {tight},"),
            None => format!("#list(tight: {tight},"),
        };
        self.markup(&open);
        self.stack.push(Frame::List { tight });
    }

    fn start_item(&mut self) {
        let Some(&Frame::List { tight }) = self.stack.last() else {
            // An item of a flattened list: a block of its own.
            return self.open_container("", "\n\n", "");
        };
        self.markup("\n[");
        // Tight items hold bare inline content; a newline (a space, which
        // typst drops next to a block) keeps them free of paragraph breaks.
        let sep = if tight { "\n" } else { "\n\n" };
        self.stack.push(Frame::container(sep, "],"));
    }

    fn start_table(&mut self, alignments: &[Alignment], i: usize) {
        self.begin_block();
        let columns = alignments.len().max(1);
        // A column the author did not align and that holds only figures is
        // aligned right, as the form's tables set figures.
        let figures = figure_columns(&self.ctx.events[i + 1..], alignments.len());
        let mut aligns: Vec<&str> = alignments
            .iter()
            .zip(figures)
            .map(|(a, figures)| if *a == Alignment::None && figures { "right" } else { alignment_name(*a) })
            .collect();
        if aligns.is_empty() {
            aligns.push("auto");
        }
        let trailing = if aligns.len() == 1 { "," } else { "" };
        self.markup(&format!("#table(columns: {columns}, align: ({}{trailing}),", aligns.join(", ")));
        self.stack.push(Frame::Table { columns });
    }

    fn start_row(&mut self, open: &str, close: &'static str, i: usize) {
        let columns = match self.stack.last() {
            Some(Frame::Table { columns }) => *columns,
            _ => 1,
        };
        self.markup(open);
        let source = self.ctx.events[i].1.clone();
        self.stack.push(Frame::Row { columns, cells: 0, close, last_cell_end: source.start, source });
    }

    fn start_cell(&mut self, i: usize) {
        let cell_end = self.ctx.events[i].1.end;
        let mut first = true;
        if let Some(Frame::Row { cells, last_cell_end, .. }) = self.stack.last_mut() {
            first = *cells == 0;
            *cells += 1;
            *last_cell_end = (*last_cell_end).max(cell_end);
        }
        self.markup(if first { "[" } else { ", [" });
        self.stack.push(Frame::Inline { close: "]" });
    }

    fn start_link(&mut self, link_type: LinkType, dest: &str, i: usize) {
        self.begin_inline();
        let url = if link_type == LinkType::Email && !dest.starts_with("mailto:") {
            format!("mailto:{dest}")
        } else {
            dest.to_string()
        };
        if url.is_empty() || url.len() > MAX_URL_LEN {
            let why = if url.is_empty() { "为空" } else { "过长" };
            self.warn(i, format!("链接地址{why}，只显示链接文字"));
            self.stack.push(Frame::Inline { close: "" });
            return;
        }
        if is_local(&url) {
            self.links.push(Reference { dest: url.clone(), line: self.ctx.line_of(i) });
        }
        self.markup(&format!("#link({})[", typst_string(&url)));
        let body_start = self.out.len();
        self.stack.push(Frame::Link { body_start });
    }

    fn start_image(&mut self, dest: &str, title: &str, i: usize) {
        self.begin_inline();
        self.alt.clear();
        self.image_depth = 1;
        self.stack.push(Frame::Image { dest: dest.to_string(), title: title.to_string(), event: i });
    }

    // ----- element ends -----

    pub(super) fn end(&mut self, i: usize) {
        if self.stack.len() <= 1 {
            return; // unbalanced input: never pop the root
        }
        let Some(frame) = self.stack.pop() else {
            return;
        };
        for levels in &mut self.levels {
            if levels.last() == Some(&(self.stack.len() + 1)) {
                levels.pop();
            }
        }
        if self.image_depth > 0 {
            self.image_depth -= 1;
        }
        match frame {
            Frame::Container { close, .. } | Frame::Inline { close } => self.markup(close),
            Frame::Link { body_start } => self.end_link(body_start),
            Frame::List { .. } | Frame::Table { .. } => self.markup("\n)"),
            Frame::Row { columns, cells, close, source, last_cell_end } => {
                self.end_row(columns, cells, close, &source, last_cell_end, i)
            }
            Frame::Image { dest, title, event } => self.end_image(&dest, &title, event),
            Frame::Suppressed => {}
            Frame::Literal { kind, text, event } => self.end_literal(kind, &text, event),
        }
    }

    fn end_link(&mut self, body_start: usize) {
        self.flush();
        if self.out.len() == body_start {
            // `#link("…")` without a body shows the URL itself.
            self.out.pop();
        } else {
            self.out.push(']');
        }
    }

    fn end_row(
        &mut self,
        columns: usize,
        cells: usize,
        close: &str,
        source: &Range<usize>,
        last_cell_end: usize,
        i: usize,
    ) {
        let mut padding = String::new();
        for n in cells..columns {
            padding.push_str(if n == 0 { "[]" } else { ", []" });
        }
        self.markup(&padding);
        self.markup(close);
        let rest = self.ctx.markdown.get(last_cell_end..source.end).unwrap_or("");
        if rest.chars().any(|c| c != '|' && !c.is_whitespace()) {
            self.warn(i, "表格这一行的单元格多于表头的列数，多出的单元格没有显示".into());
        }
    }

    fn end_image(&mut self, dest: &str, title: &str, event: usize) {
        let alt = std::mem::take(&mut self.alt);
        let alt = alt.trim();
        if dest.trim().is_empty() {
            self.warn(event, "图片没有给出文件路径，只显示其说明文字".into());
            self.text(alt);
            return;
        }
        let caption = if title.trim().is_empty() { alt } else { title.trim() };
        let (shown, format) = match (self.ctx.image)(dest) {
            Some((path, format)) => (typst_string(&path), typst_string(format)),
            None => ("none".to_owned(), "auto".to_owned()),
        };
        let markup = format!(
            "#md-image({shown}, format: {format}, alt: {}, caption: {}, source: {})",
            string_or_none(alt),
            string_or_none(caption),
            typst_string(dest)
        );
        self.markup(&markup);
        self.images.push(Reference { dest: dest.to_owned(), line: self.ctx.line_of(event) });
        self.last_char = None;
    }

    fn end_literal(&mut self, kind: LiteralKind, text: &str, event: usize) {
        let text = text.replace("\r\n", "\n");
        let text = text.strip_suffix('\n').unwrap_or(&text);
        match kind {
            LiteralKind::Code(lang) => {
                let lang = lang.map_or(String::new(), |l| format!(", lang: {}", typst_string(&l)));
                let markup = format!("#raw({}, block: true{lang})", typst_string(text));
                self.markup(&markup);
            }
            LiteralKind::Html => {
                self.markup(&typst_text(text));
                self.warn(event, html_warning(text));
            }
        }
    }
}

/// Which of the `columns` columns of the table whose events follow hold
/// only figures (12, 128.6, 21.0%, -3, 1,200) in the cells of its body.
fn figure_columns(events: &[(Event, Range<usize>)], columns: usize) -> Vec<bool> {
    let mut figures = vec![true; columns];
    let mut seen = vec![false; columns];
    let (mut head, mut column, mut text) = (false, 0, String::new());
    for (event, _) in events {
        match event {
            Event::Start(Tag::TableHead) => head = true,
            Event::End(TagEnd::TableHead) => head = false,
            Event::Start(Tag::TableRow) => column = 0,
            Event::Start(Tag::TableCell) => text.clear(),
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::End(TagEnd::TableCell) => {
                if !head && column < columns {
                    let t = text.trim();
                    let figure = !t.is_empty()
                        && t.chars().any(|c| c.is_ascii_digit())
                        && t.chars().all(|c| c.is_ascii_digit() || ".,%+-−‰ ".contains(c));
                    figures[column] &= figure || t.is_empty();
                    seen[column] |= figure;
                }
                column += 1;
            }
            Event::End(TagEnd::Table) => break,
            _ => {}
        }
    }
    figures.iter().zip(seen).map(|(f, s)| *f && s).collect()
}
