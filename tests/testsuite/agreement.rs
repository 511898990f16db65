//! The three judges of a report folder agree: `check`, `build` and the
//! editor's JSON Schemas (as a real validator, the `jsonschema` crate, reads
//! the committed ones).
//!
//! Mutations of the example — values, keys, vocabularies and formats in
//! every YAML file; image and evidence files replaced by damaged ones; paths
//! written in the ways people write them — and for each:
//! - `check` clean ⇒ `build` writes the PDF (exit 0) with no placeholder;
//! - `check` with errors ⇒ `build` writes nothing (exit 1), and every error
//!   is located (a file; a line where the file has lines);
//! - for a YAML mutation, the schema of the mutated file accepts it exactly
//!   when `check` finds no error in that file — but for the rules a schema
//!   cannot express, each named in [`BEYOND_A_SCHEMA`] with its reason.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use alliance_report::diag::Diagnostic;
use alliance_report::load::scalar::{Core, core};
use alliance_report::yaml::{self, Node};
use serde_json::Value as Json;

use super::*;

/// Rules of `check` that no JSON Schema can express (they compare values
/// with each other, with the calendar or with a check digit), by a part of
/// their message. A mutation that breaks only these is judged by `check`
/// alone.
const BEYOND_A_SCHEMA: &[(&str, &str)] = &[
    ("早于联盟认定时间", "a date compared with 认定时间"),
    ("晚于", "a date compared with the end year"),
    ("早于启动建设时间", "two dates of a row compared"),
    ("的阶段写的是", "表3's stage must fit its kind"),
    ("大于总投入", "two amounts of a row compared"),
    ("合作单位数量写的是", "a count compared with a list"),
    ("统计是", "a figure compared with the tables"),
    ("合计写的是", "a total compared with its parts"),
    ("少于其中", "a total compared with its parts"),
    ("校验", "the check character of a code (GB 32100, GB 11714)"),
    // Month 13 and day 32 the date pattern refuses; 30 February it cannot.
    ("不是有效的日期", "calendar validity (30 February)"),
    ("读成另一个数", "2019.10 written unquoted: the editor sees 2019.1, a number it takes"),
    ("没有列出任何材料", "every kind of evidence covered: a rule over the whole list"),
    ("没有列出任何成员单位", "a list that must not be empty while `[]` is valid YAML"),
    ("既列出了材料", "two lists compared"),
    ("写了两次", "two items compared"),
    ("表格只有", "evidence supports a row that must exist"),
    ("没有名称为", "evidence supports a row that must exist"),
    ("只有 ", "evidence supports a row or prompt that must exist"),
    ("后面要写明", "evidence supports a row that must exist"),
    ("看不懂", "evidence supports a part of the report"),
    ("材料文件", "a file of evidence must exist and print"),
    ("字形", "a character the fonts do not have"),
];

fn beyond_a_schema(d: &Diagnostic) -> bool {
    BEYOND_A_SCHEMA.iter().any(|(part, _)| d.message.contains(part))
}

/// A copy of the example with one change.
struct Mutation {
    name: String,
    /// The YAML file changed, when the change is to a YAML file.
    yaml: Option<&'static str>,
    apply: Box<dyn Fn(&Path) + Send + Sync>,
}

/// The values a scalar is replaced by: wrong kinds, numbers other tools
/// read differently, words outside a vocabulary, formats broken and kept.
const VALUES: &[&str] = &[
    "",
    "true",
    "[甲, 乙]",
    "\"6\"",
    "030025",
    "2019.11",
    "2019.10",
    "13935112468",
    "yes",
    "三",
    "2019-13-45",
    "0.125",
    "无",
    "-3",
    "abc@",
    "\"2024\"",
    "180",
    "{a: 1}",
    "省级",
    "\"2019-11-20\"",
];

/// Every `key: value` line of the example's YAML files, with the value's
/// byte range.
fn scalar_lines(text: &str) -> Vec<(usize, std::ops::Range<usize>)> {
    let mut found = Vec::new();
    let mut offset = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let body = line.trim_end_matches('\n');
        let content = body.split(" #").next().unwrap_or(body);
        if let Some(colon) = content.find(": ") {
            let key = content[..colon].trim().trim_start_matches("- ");
            let value = content[colon + 2..].trim();
            if !key.is_empty()
                && key.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                && !value.is_empty()
                && !value.starts_with(['>', '|'])
            {
                let start = offset
                    + colon
                    + 2
                    + (content[colon + 2..].len() - content[colon + 2..].trim_start().len());
                found.push((n, start..start + value.len()));
            }
        }
        offset += line.len();
    }
    found
}

/// How many values each line is given: one in `cargo test`, more when
/// `AGREEMENT_VALUES` asks (the longer run of `tools/random-properties.sh`).
fn values_per_line() -> usize {
    std::env::var("AGREEMENT_VALUES").ok().and_then(|v| v.parse().ok()).unwrap_or(1).clamp(1, VALUES.len())
}

fn mutations() -> Vec<Mutation> {
    let mut all = Vec::new();
    let mut pick = 0usize;
    for spec in alliance_report::form::FILES {
        let path = example().join(spec.path);
        let text = std::fs::read_to_string(&path).unwrap();
        for (line, range) in scalar_lines(&text) {
            // Values for each line, the next ones of the list for the next
            // line, so that every value meets every kind of field.
            for _ in 0..values_per_line() {
                pick += 7;
                let value = VALUES[pick % VALUES.len()];
                let mutated = format!("{}{value}{}", &text[..range.start], &text[range.end..]);
                let file = spec.path;
                all.push(Mutation {
                    name: format!("{file}:{} = {value}", line + 1),
                    yaml: Some(file),
                    apply: Box::new(move |dir| std::fs::write(dir.join(file), &mutated).unwrap()),
                });
            }
            // The key misspelt.
            if line % 5 == 0 {
                let key_end = text[..range.start].rfind(": ").unwrap();
                let key_start = text[..key_end].rfind(['\n', ' ', '-']).map_or(0, |p| p + 1);
                let mutated =
                    format!("{}{}x{}", &text[..key_start], &text[key_start..key_end], &text[key_end..]);
                let file = spec.path;
                all.push(Mutation {
                    name: format!("{file}:{} key misspelt", line + 1),
                    yaml: Some(file),
                    apply: Box::new(move |dir| std::fs::write(dir.join(file), &mutated).unwrap()),
                });
            }
        }
    }
    all.extend(file_mutations());
    all
}

/// Section images and evidence replaced by damaged files, and paths written
/// in the ways people write them.
fn file_mutations() -> Vec<Mutation> {
    let producers = fixture("producers");
    let png = std::fs::read(producers.join("palette.png")).unwrap();
    let damaged: Vec<(&str, Vec<u8>)> = vec![
        ("a truncated PNG", std::fs::read(producers.join("rgb16-truncated.png")).unwrap()),
        ("a JPEG named .png", std::fs::read(producers.join("grey.jpg")).unwrap()),
        ("an empty file", Vec::new()),
        ("a malformed SVG", b"<svg xmlns=\"http://www.w3.org/2000/svg\"><g><rect".to_vec()),
        ("a Word document", b"PK\x03\x04 word/document.xml".to_vec()),
        ("a whole PNG", png.clone()),
    ];
    let mut all = Vec::new();
    for (what, bytes) in damaged {
        let bytes = bytes.clone();
        all.push(Mutation {
            name: format!("section image: {what}"),
            yaml: None,
            apply: Box::new(move |dir| {
                std::fs::create_dir_all(dir.join("sections/images")).unwrap();
                std::fs::write(dir.join("sections/images/图.png"), &bytes).unwrap();
                add_to_answer(dir, "![组织架构](images/图.png)");
            }),
        });
    }
    for written in [
        "../evidence/1-1-会场照片.jpg",
        "./images/../images/图.png",
        "images\\图.png",
        "images/%E5%9B%BE.png",
        "Images/图.png",
        "../../图.png",
        "/etc/hostname",
        "images/图.PNG",
    ] {
        let png = png.clone();
        all.push(Mutation {
            name: format!("section image written {written}"),
            yaml: None,
            apply: Box::new(move |dir| {
                std::fs::create_dir_all(dir.join("sections/images")).unwrap();
                std::fs::write(dir.join("sections/images/图.png"), &png).unwrap();
                add_to_answer(dir, &format!("![图]({written})"));
            }),
        });
    }
    for (what, source) in [
        ("a truncated PDF", "gs-1.3-truncated.pdf"),
        ("a PDF 1.3 from Ghostscript", "gs-1.3.pdf"),
        ("a PDF with a broken xref", "broken-xref.pdf"),
        ("a truncated JPEG", "cmyk-truncated.jpg"),
    ] {
        let bytes = std::fs::read(producers.join(source)).unwrap();
        all.push(Mutation {
            name: format!("evidence: {what}"),
            yaml: None,
            apply: Box::new(move |dir| {
                std::fs::write(dir.join("evidence/8-1-联盟协议.pdf"), &bytes).unwrap()
            }),
        });
    }
    all.push(Mutation {
        name: "a section file linked from outside the folder".into(),
        yaml: None,
        apply: Box::new(|dir| {
            #[cfg(unix)]
            {
                let outside = dir
                    .parent()
                    .unwrap()
                    .join(format!("secret-{}.md", dir.file_name().unwrap().to_string_lossy()));
                std::fs::write(&outside, "# （1）\n\nSECRET-TOKEN-12345\n").unwrap();
                std::fs::remove_file(dir.join("sections/results.md")).unwrap();
                std::os::unix::fs::symlink(&outside, dir.join("sections/results.md")).unwrap();
            }
        }),
    });
    all
}

/// Appends `markdown` to the answer to 二（1）.
fn add_to_answer(dir: &Path, markdown: &str) {
    let path = dir.join("sections/operation.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("\n# （2）", &format!("\n{markdown}\n\n# （2）"), 1)).unwrap();
}

/// A YAML text as YAML 1.2 readers (yaml-language-server, check-jsonschema)
/// see it, as JSON.
pub fn as_json(text: &str) -> Json {
    fn node(n: &Node) -> Json {
        match &n.value {
            yaml::Value::Mapping(entries) => {
                Json::Object(entries.iter().map(|e| (e.key.clone(), node(&e.value))).collect())
            }
            yaml::Value::Sequence(items) => Json::Array(items.iter().map(node).collect()),
            yaml::Value::Scalar(s) => {
                let t = s.text.trim();
                match core(s) {
                    Core::Null => Json::Null,
                    Core::Bool => Json::Bool(t.eq_ignore_ascii_case("true")),
                    Core::Int | Core::Float | Core::LossyNumber => {
                        if let Ok(n) = t.parse::<i64>() {
                            Json::from(n)
                        } else if let Some(hex) = t.strip_prefix("0x") {
                            Json::from(i64::from_str_radix(hex, 16).unwrap_or(0))
                        } else if let Some(oct) = t.strip_prefix("0o") {
                            Json::from(i64::from_str_radix(oct, 8).unwrap_or(0))
                        } else {
                            t.parse::<f64>()
                                .ok()
                                .and_then(serde_json::Number::from_f64)
                                .map_or(Json::Null, Json::Number)
                        }
                    }
                    Core::Str => Json::String(s.text.clone()),
                }
            }
        }
    }
    yaml::parse(text).root.as_ref().map_or(Json::Null, node)
}

/// The committed schema of each YAML file, compiled.
pub fn validators() -> BTreeMap<&'static str, jsonschema::Validator> {
    alliance_report::form::FILES
        .iter()
        .map(|spec| {
            let schema: Json = serde_json::from_str(
                &std::fs::read_to_string(example().join("schemas").join(spec.schema)).unwrap(),
            )
            .unwrap();
            (spec.path, jsonschema::validator_for(&schema).expect("the schema compiles"))
        })
        .collect()
}

#[test]
fn check_build_and_the_schemas_agree_on_every_mutation() {
    let mutations = mutations();
    assert!(mutations.len() >= 300, "only {} mutations", mutations.len());
    eprintln!("agreement: {} mutations", mutations.len());
    let validators = validators();
    let fonts = alliance_report::compile::Fonts::embedded();
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::<String>::new());
    let root = scratch("agreement");
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                let mut builder = alliance_report::Builder::new(fonts.clone());
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(m) = mutations.get(i) else { break };
                    let dir = root.join(format!("m{i}"));
                    copy_dir(&example(), &dir);
                    (m.apply)(&dir);
                    if let Err(why) = judge(m, &dir, &validators, &fonts, &mut builder) {
                        failures.lock().unwrap().push(format!("{}: {why}", m.name));
                    } else {
                        let _ = std::fs::remove_dir_all(&dir);
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} of {} mutations disagree:\n{}",
        failures.len(),
        mutations.len(),
        failures.join("\n")
    );
}

/// Judges one mutated folder.
fn judge(
    m: &Mutation,
    dir: &Path,
    validators: &BTreeMap<&'static str, jsonschema::Validator>,
    fonts: &alliance_report::compile::Fonts,
    builder: &mut alliance_report::Builder,
) -> Result<(), String> {
    let generated =
        alliance_report::generate(dir, false, fonts).map_err(|e| format!("check could not run: {e:#}"))?;
    let errors: Vec<&Diagnostic> = generated.diagnostics.iter().filter(|d| d.is_error()).collect();
    let shown = |ds: &[&Diagnostic]| {
        ds.iter()
            .map(|d| format!("{}:{}: {}", d.file.display(), d.line, d.message))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let config = alliance_report::BuildConfig {
        dir: dir.to_path_buf(),
        output: dir.with_extension("pdf"),
        draft: false,
        font_paths: Vec::new(),
        emit_typst: None,
    };
    let outcome = builder.build(&config, &mut |_| {}).map_err(|e| format!("build exits 2: {e:#}"))?;
    if errors.is_empty() {
        if outcome.pages.is_none() || outcome.diagnostics.iter().any(Diagnostic::is_error) {
            return Err(format!(
                "check is clean, build is not: {}",
                shown(&outcome.diagnostics.iter().collect::<Vec<_>>())
            ));
        }
        let main = generated.main.as_deref().unwrap_or_default();
        if main.contains("#md-image(none") || main.contains("path: \"\"") {
            return Err("check is clean, the PDF has a placeholder".into());
        }
    } else {
        if outcome.pages.is_some() {
            return Err(format!("check has errors, build wrote a PDF: {}", shown(&errors)));
        }
        for d in &errors {
            let has_lines = generated.sources.text(&d.file.to_string_lossy()).is_some_and(|t| !t.is_empty());
            if d.file.as_os_str().is_empty() || (has_lines && d.line == 0 && !whole_file(d)) {
                return Err(format!("an error without a place: {}", d.message));
            }
        }
    }
    for d in &generated.diagnostics {
        if d.message.contains("SECRET-TOKEN") || d.hint.as_deref().is_some_and(|h| h.contains("SECRET-TOKEN"))
        {
            return Err("a file outside the folder was shown".into());
        }
    }
    if generated.sources.iter().any(|(_, text)| text.contains("SECRET-TOKEN")) {
        return Err("a file outside the folder was read".into());
    }
    let Some(file) = m.yaml else { return Ok(()) };
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    let schema_ok = validators[file].is_valid(&as_json(&text));
    let in_file: Vec<&Diagnostic> = errors.iter().copied().filter(|d| d.file == Path::new(file)).collect();
    let judged: Vec<&Diagnostic> = in_file.iter().copied().filter(|d| !beyond_a_schema(d)).collect();
    match (schema_ok, judged.is_empty(), in_file.is_empty()) {
        (true, true, _) | (false, false, _) => Ok(()),
        // The schema refuses what only the rules beyond it judge: agreed.
        (false, true, false) => Ok(()),
        (false, true, true) => {
            let errors =
                validators[file].iter_errors(&as_json(&text)).map(|e| e.to_string()).collect::<Vec<_>>();
            Err(format!("the schema refuses what check accepts: {}", errors.join("; ")))
        }
        (true, false, _) => Err(format!("the schema accepts what check refuses: {}", shown(&judged))),
    }
}

/// Errors about a file as a whole (missing, empty, not UTF-8…) have no line.
fn whole_file(d: &Diagnostic) -> bool {
    ["缺少文件", "是空的", "太大", "不属于", "UTF-8", "链接", "不是普通文件", "没有回答"]
        .iter()
        .any(|p| d.message.contains(p))
}
