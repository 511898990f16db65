//! CJK emphasis: the `*` runs CommonMark leaves unmatched beside Chinese
//! punctuation, paired as Chinese writers mean them.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::{is_transparent_end, is_transparent_tag};

/// Pairs the `*` and `**` runs that CommonMark leaves unmatched next to CJK
/// punctuation, as in `**注意：**正文`: the closing run follows punctuation
/// and precedes a letter, so it is not right-flanking and CommonMark prints
/// the asterisks. Chinese writers mean emphasis there. A run pairs with the
/// nearest earlier run of the same length in the same inline container when
/// the opener is followed, and the closer preceded, by a non-space; escaped
/// asterisks (`\*`) never pair.
pub(super) fn pair_cjk_emphasis<'a>(
    markdown: &str,
    events: Vec<(Event<'a>, Range<usize>)>,
) -> Vec<(Event<'a>, Range<usize>)> {
    // Runs of unmatched, unescaped single-`*` text events.
    let is_star = |(event, range): &(Event, Range<usize>)| {
        matches!(event, Event::Text(t) if t.as_ref() == "*")
            && range.len() == 1
            && !markdown[..range.start].ends_with('\\')
    };
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new(); // (opener, closer, len)
    // The open runs of each length: (first, depth). Both rise towards the
    // top, so every step below is a push or a pop: linear, however long the
    // paragraph and however deep its emphasis.
    let mut stacks: [Vec<(usize, usize)>; 2] = [Vec::new(), Vec::new()];
    let mut depth = 0usize;
    let mut i = 0;
    while i < events.len() {
        // A block boundary ends the run of inline content: no pair spans it.
        match &events[i].0 {
            Event::Start(tag) => {
                depth += 1;
                if !is_transparent_tag(tag) && !matches!(tag, Tag::Image { .. }) {
                    stacks.iter_mut().for_each(Vec::clear);
                }
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                for stack in &mut stacks {
                    while stack.last().is_some_and(|s| s.1 > depth) {
                        stack.pop();
                    }
                }
                if !is_transparent_end(*end) && *end != TagEnd::Image {
                    stacks.iter_mut().for_each(Vec::clear);
                }
            }
            _ => {}
        }
        if !is_star(&events[i]) {
            i += 1;
            continue;
        }
        let mut len = 1;
        while i + len < events.len()
            && is_star(&events[i + len])
            && events[i + len].1.start == events[i + len - 1].1.end
        {
            len += 1;
        }
        let (start, end) = (events[i].1.start, events[i + len - 1].1.end);
        let before = markdown[..start].chars().next_back().is_some_and(|c| !c.is_whitespace());
        let after = markdown[end..].chars().next().is_some_and(|c| !c.is_whitespace());
        // The nearest open run of the same length at this depth, if any.
        let opener = match stacks.get(len - 1).and_then(|stack| stack.last()) {
            Some(&(first, at)) if before && at == depth => Some(first),
            _ => None,
        };
        match opener {
            Some(first) => {
                pairs.push((first, i, len));
                // It and the runs opened after it are done.
                for stack in &mut stacks {
                    while stack.last().is_some_and(|s| s.0 >= first) {
                        stack.pop();
                    }
                }
            }
            None if len <= 2 && after => stacks[len - 1].push((i, depth)),
            None => {}
        }
        i += len;
    }
    if pairs.is_empty() {
        return events;
    }
    let mut replace: std::collections::HashMap<usize, (Event<'a>, usize)> = std::collections::HashMap::new();
    for (open, close, len) in pairs {
        let tag = if len == 2 { Tag::Strong } else { Tag::Emphasis };
        let end = if len == 2 { TagEnd::Strong } else { TagEnd::Emphasis };
        replace.insert(open, (Event::Start(tag), len));
        replace.insert(close, (Event::End(end), len));
    }
    let mut out = Vec::with_capacity(events.len());
    let mut skip = 0;
    for (i, (event, range)) in events.into_iter().enumerate() {
        if skip > 0 {
            skip -= 1;
            continue;
        }
        match replace.remove(&i) {
            Some((new, len)) => {
                out.push((new, range.start..range.start + len));
                skip = len - 1;
            }
            None => out.push((event, range)),
        }
    }
    out
}
