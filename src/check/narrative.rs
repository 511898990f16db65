//! 二、三、四: every prompt answered, the years a prompt asks for mentioned,
//! and every image and linked file of an answer a file inside the report
//! folder that can be placed.

use super::Checker;
use super::files;
use crate::diag::{Diagnostic, Rule};
use crate::model::Answer;

pub(super) fn check(c: &mut Checker) {
    let report = c.report;
    let end = report.end_year;
    for section in &report.sections {
        let file = section.file();
        for (n, (prompt, answer)) in
            report.edition.prompts(section.part).iter().zip(&section.answers).enumerate()
        {
            let Some(answer) = answer else {
                c.diagnostics.push(
                    Diagnostic::error(
                        Rule::Narrative,
                        file,
                        0,
                        0,
                        format!("第（{}）问没有回答：{}", n + 1, prompt.text),
                    )
                    .with_hint(format!("在文件中加一个标题“# （{}）”，在它下面写回答", n + 1)),
                );
                continue;
            };
            files_of(c, file, answer);
            if answer.markdown.trim().is_empty() {
                c.diagnostics.push(
                    Diagnostic::error(
                        Rule::Narrative,
                        file,
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
                            Rule::Narrative,
                            file,
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

/// The images and linked files of an answer, as load found them.
fn files_of(c: &mut Checker, file: &str, answer: &Answer) {
    let assets = &c.report.assets;
    let mut found = Vec::new();
    for image in &answer.converted.images {
        if let Some(Err(problem)) = assets.lookup("sections", &image.dest) {
            found.push((image.line, files::describe(problem, "图片", &image.dest)));
        }
    }
    for link in &answer.converted.links {
        if let Some(Err(problem)) = assets.resolution("sections/links", &link.dest) {
            found.push((link.line, files::describe(problem, "链接的文件", &link.dest)));
        }
    }
    for (line, (message, hint)) in found {
        let line = answer.body_line + line.saturating_sub(1);
        c.diagnostics.push(
            Diagnostic::error(Rule::Narrative, file, line, 0, message)
                .with_hint(format!("{hint}（路径相对于 sections 文件夹，例如 images/图1.png）")),
        );
    }
}
