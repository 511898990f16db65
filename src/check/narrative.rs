//! 二、三、四: every prompt answered, the years a prompt asks for mentioned,
//! images and linked files present inside the report folder, and every
//! character of the report printable with the fonts in use.

use std::path::{Component, Path};

use pulldown_cmark::{Event, Parser, Tag};

use super::Checker;
use crate::diag::Diagnostic;
use crate::form;

pub(super) fn check(c: &mut Checker) {
    answers(c);
    files_exist(c);
    printable(c);
}

fn section_file(part: crate::model::SectionPart) -> String {
    format!("sections/{}", part.file_name())
}

fn answers(c: &mut Checker) {
    let end = c.report.info.end_year;
    for section in &c.report.sections {
        let file = section_file(section.part);
        for (n, (prompt, answer)) in form::prompts(section.part).iter().zip(&section.answers).enumerate() {
            let Some(answer) = answer else {
                c.diagnostics.push(
                    Diagnostic::error(
                        file.as_str(),
                        0,
                        0,
                        format!("第（{}）问没有回答：{}", n + 1, prompt.text),
                    )
                    .with_hint(format!("在文件中加一个标题“# （{}）”，在它下面写回答", n + 1)),
                );
                continue;
            };
            if answer.markdown.trim().is_empty() {
                c.diagnostics.push(
                    Diagnostic::error(
                        file.as_str(),
                        answer.line,
                        1,
                        format!("第（{}）问的回答是空的", n + 1),
                    )
                    .with_hint("在标题下面写回答；确实没有内容时写“无”"),
                );
                continue;
            }
            if prompt.per_year {
                let missing: Vec<String> = (end - 2..=end)
                    .filter(|y| !answer.markdown.contains(&y.to_string()))
                    .map(|y| y.to_string())
                    .collect();
                if !missing.is_empty() {
                    c.diagnostics.push(
                        Diagnostic::warning(
                            file.as_str(),
                            answer.line,
                            1,
                            format!(
                                "第（{}）问要求分年度表述，回答中没有提到 {} 年",
                                n + 1,
                                missing.join("、")
                            ),
                        )
                        .with_hint(format!(
                            "请分别写出 {}、{}、{} 年的情况",
                            end - 2,
                            end - 1,
                            end
                        )),
                    );
                }
            }
        }
    }
}

/// Images and links to files must name files inside the report folder.
fn files_exist(c: &mut Checker) {
    let root = c.root.to_path_buf();
    for section in &c.report.sections {
        let file = section_file(section.part);
        for answer in section.answers.iter().flatten() {
            for (event, range) in
                Parser::new_ext(&answer.markdown, crate::markdown::parser_options()).into_offset_iter()
            {
                let (dest, what) = match event {
                    Event::Start(Tag::Image { dest_url, .. }) => (dest_url, "图片"),
                    Event::Start(Tag::Link { dest_url, .. }) if is_local(&dest_url) => {
                        (dest_url, "链接的文件")
                    }
                    _ => continue,
                };
                let line = answer.body_line + answer.markdown[..range.start].matches('\n').count();
                let problem = missing_file(&root, &dest).or_else(|| {
                    (what == "图片" && !crate::render::is_image(&dest))
                        .then_some("不是图片文件（只能用 PNG、JPEG、GIF、SVG、WebP）")
                });
                if let Some(problem) = problem {
                    c.diagnostics.push(
                        Diagnostic::error(file.as_str(), line, 0, format!("{what}“{dest}”{problem}"))
                            .with_hint(
                                "路径相对于 sections 文件夹，例如 images/图1.png；文件必须放在报告文件夹里",
                            ),
                    );
                }
            }
        }
    }
}

fn is_local(dest: &str) -> bool {
    !dest.is_empty() && !dest.starts_with('#') && !dest.contains(':')
}

/// Why `dest` (relative to `sections/`) is not a file inside `root`.
fn missing_file(root: &Path, dest: &str) -> Option<&'static str> {
    if dest.contains(':') || dest.starts_with('/') || dest.starts_with('\\') {
        return Some("不是报告文件夹里的文件（不能用网址或绝对路径）");
    }
    let relative = Path::new("sections").join(dest);
    let mut depth = 0i32;
    for part in relative.components() {
        match part {
            Component::ParentDir => depth -= 1,
            Component::Normal(_) => depth += 1,
            _ => {}
        }
        if depth < 0 {
            return Some("在报告文件夹之外");
        }
    }
    let path = root.join(&relative);
    let (Ok(real), Ok(real_root)) = (path.canonicalize(), root.canonicalize()) else {
        return Some("不存在");
    };
    if !real.starts_with(real_root) {
        return Some("在报告文件夹之外（经由符号链接）");
    }
    if !real.is_file() {
        return Some("不是文件");
    }
    None
}

/// Characters without a glyph in the fonts would print as empty boxes.
fn printable(c: &mut Checker) {
    let mut seen = std::collections::HashSet::new();
    let mut found = Vec::new();
    for (file, text) in c.files.iter() {
        let yaml = file.ends_with(".yaml");
        for (n, line) in text.lines().enumerate() {
            let line = if yaml { strip_comment(line) } else { line };
            for (col, ch) in line.chars().enumerate() {
                if ch.is_whitespace() || ch.is_control() || invisible(ch) || !seen.insert(ch) {
                    continue;
                }
                if !(c.covers)(ch) {
                    found.push(
                        Diagnostic::error(
                            file,
                            n + 1,
                            col + 1,
                            format!(
                                "字符“{ch}”（U+{:04X}）在所用字体中没有字形，PDF 上会印成方框",
                                ch as u32
                            ),
                        )
                        .with_hint("请改用常用写法或拼音标注；确需此字时用 --font-path 指定包含它的字体"),
                    );
                }
            }
        }
    }
    c.diagnostics.extend(found);
}

/// Characters that never print a glyph of their own.
fn invisible(ch: char) -> bool {
    matches!(ch as u32, 0x200B..=0x200F | 0x2060..=0x2064 | 0xFE00..=0xFE0F | 0xFEFF | 0xE0100..=0xE01EF)
}

/// A YAML line without its comment (a `#` at the start or after a space,
/// outside quotes).
fn strip_comment(line: &str) -> &str {
    let mut quote = None;
    let mut prev = ' ';
    for (i, ch) in line.char_indices() {
        match (quote, ch) {
            (None, '#') if prev == ' ' || prev == '\t' => return &line[..i],
            (None, '"' | '\'') => quote = Some(ch),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
        prev = ch;
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_yaml_comments_outside_quotes() {
        assert_eq!(strip_comment("name: 甲 # 联盟名称"), "name: 甲 ");
        assert_eq!(strip_comment("name: '#甲 # 乙'"), "name: '#甲 # 乙'");
        assert_eq!(strip_comment("# 注释"), "");
    }

    #[test]
    fn refuses_paths_that_leave_the_folder() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-report");
        assert_eq!(missing_file(&root, "../../Cargo.toml"), Some("在报告文件夹之外"));
        assert_eq!(
            missing_file(&root, "/etc/passwd"),
            Some("不是报告文件夹里的文件（不能用网址或绝对路径）")
        );
        assert_eq!(missing_file(&root, "../report.yaml"), None);
        assert_eq!(missing_file(&root, "nothing.png"), Some("不存在"));
    }
}
