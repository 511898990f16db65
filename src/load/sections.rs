//! Split a narrative Markdown file (二、三 or 四) into the answers to its
//! prompts.
//!
//! A level-1 heading that starts with the prompt's number, `# （1）…` or
//! `# (1)…`, opens the answer to that prompt; everything up to the next such
//! heading is the answer. The heading's own words are for the author's
//! orientation: the PDF prints the form's prompt verbatim.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

/// An answer as the file holds it, before its Markdown is converted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawAnswer {
    pub markdown: String,
    /// 1-based line of its heading.
    pub line: usize,
    /// 1-based line where `markdown` begins.
    pub body_line: usize,
}

/// A problem found while splitting: 1-based line, message, and whether it
/// is only a warning.
pub type Problem = (usize, String, bool);

/// Splits `text`, the file of a part with `count` prompts; returns the
/// answer to each prompt and the problems found.
pub fn split(count: usize, text: &str) -> (Vec<Option<RawAnswer>>, Vec<Problem>) {
    let mut answers: Vec<Option<RawAnswer>> = vec![None; count];
    let mut problems = Vec::new();

    // (prompt index or None, heading start, heading end)
    let mut headings: Vec<(Option<usize>, usize, usize)> = Vec::new();
    let mut in_h1: Option<(usize, String)> = None;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level: HeadingLevel::H1, .. }) => {
                in_h1 = Some((range.start, String::new()))
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, title)) = &mut in_h1 {
                    title.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => {
                if let Some((start, title)) = in_h1.take() {
                    let line = line_of(text, start);
                    let index = match prompt_number(&title) {
                        Some(n) if (1..=count).contains(&n) => Some(n - 1),
                        Some(n) => {
                            problems.push((
                                line,
                                format!("本部分只有 {count} 个提问，没有第（{n}）问"),
                                false,
                            ));
                            None
                        }
                        None => {
                            problems.push((
                                line,
                                format!("一级标题“{title}”没有提问编号，已按小标题排版：一级标题用于标出提问（“# （1）…”），正文里的小标题请用“## ”"),
                                true,
                            ));
                            continue;
                        }
                    };
                    headings.push((index, start, range.end));
                }
            }
            _ => {}
        }
    }

    let first_start = headings.first().map_or(text.len(), |h| h.1);
    if !text[..first_start].trim().is_empty() {
        problems.push((
            first_nonblank_line(text),
            "这段文字不在任何提问之下：请把它移到相应的“# （n）”标题下面".to_owned(),
            false,
        ));
    }

    for (i, &(index, _, end)) in headings.iter().enumerate() {
        let Some(index) = index else { continue };
        let next = headings.get(i + 1).map_or(text.len(), |h| h.1);
        let line = line_of(text, headings[i].1);
        if answers[index].is_some() {
            problems.push((
                line,
                format!("第（{}）问出现了两次：请把两段回答合并到一个标题下", index + 1),
                false,
            ));
            continue;
        }
        answers[index] =
            Some(RawAnswer { markdown: text[end..next].to_owned(), line, body_line: line_of(text, end) });
    }
    (answers, problems)
}

/// The prompt number at the start of a heading: `（1）`, `(1)`, `(１)`.
fn prompt_number(title: &str) -> Option<usize> {
    let rest = title.trim_start().strip_prefix(['（', '('])?;
    let end = rest.find(['）', ')'])?;
    let digits: String = rest[..end]
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .collect();
    digits.parse().ok()
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

fn first_nonblank_line(text: &str) -> usize {
    text.lines().position(|l| !l.trim().is_empty()).map_or(1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_answers_by_numbered_headings() {
        let text = "# （1）总体\n\n甲。\n\n## 小标题\n\n乙。\n\n# (3) 问题\n丙。\n";
        let (answers, problems) = split(3, text);
        assert!(problems.is_empty(), "{problems:?}");
        let first = answers[0].as_ref().unwrap();
        assert!(first.markdown.contains("甲") && first.markdown.contains("## 小标题"));
        assert!(answers[1].is_none());
        assert_eq!(answers[2].as_ref().unwrap().line, 9);
    }

    #[test]
    fn ignores_marker_lines_inside_code_blocks() {
        let text = "# （1）\n\n```\n# （2）\n```\n";
        let (answers, problems) = split(3, text);
        assert!(problems.is_empty());
        assert!(answers[1].is_none());
    }

    #[test]
    fn reports_text_before_the_first_prompt_and_unknown_prompt_numbers() {
        let text = "前言\n\n# （9）\n";
        let (_, problems) = split(3, text);
        let lines: Vec<(usize, bool)> = problems.iter().map(|p| (p.0, p.2)).collect();
        assert_eq!(lines, vec![(3, false), (1, false)]);
    }

    #[test]
    fn an_unnumbered_level_one_heading_stays_in_its_answer() {
        let text = "# （1）\n\n甲\n\n# 概述\n\n乙\n";
        let (answers, problems) = split(3, text);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].2, "a warning");
        assert!(answers[0].as_ref().unwrap().markdown.contains("乙"));
    }

    #[test]
    fn reads_full_width_digits() {
        assert_eq!(prompt_number("（２）存在的问题"), Some(2));
    }
}
