//! The Markdown specifications' examples as answers of a report: the
//! CommonMark and GFM specifications and pulldown-cmark's own cases
//! (`tests/testdata/commonmark/`). Every example typesets without a typst
//! error, and its visible text (the expected HTML without tags, entities
//! decoded, whitespace dropped) occurs in the PDF text of its answer as a
//! subsequence: our PDF adds list numbers, bullets, check boxes, link targets,
//! image placeholders and raw HTML printed literally, never removes text.
//!
//! The examples whose text legitimately changes are listed with the reason
//! in `commonmark-exceptions.txt`; an example listed there that passes fails
//! the test, so the list stays honest.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use alliance_report::form::{Edition, SectionPart};
use alliance_report::load::sections;

use super::*;

/// The line that opens (with ` example…` after it) and closes an example.
const FENCE: &str = "````````````````````````````````";

/// The three narrative parts and their section files, in the form's order.
const PARTS: [(SectionPart, &str); 3] = [
    (SectionPart::Operation, "operation.md"),
    (SectionPart::Innovation, "innovation.md"),
    (SectionPart::Results, "results.md"),
];

/// The title of the part after 四, where the last answer ends.
const AFTER_RESULTS: &str = "五、联盟成员单位在联盟中的作用";

struct Example {
    name: String,
    markdown: String,
    html: String,
}

/// Every example of every file, named `<file stem>-<n>`.
fn examples() -> Vec<Example> {
    let dir = repo().join("tests/testdata/commonmark");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt") && !p.to_string_lossy().contains("LICENSE"))
        .collect();
    files.sort();
    let mut all = Vec::new();
    for file in files {
        let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&file).unwrap();
        let examples = parse_examples(&stem, &text);
        // Every opening fence became an example: none swallowed the next.
        let opening = text.lines().filter(|l| is_opening(l)).count();
        assert_eq!(examples.len(), opening, "{stem}: examples parsed vs. opening fences");
        all.extend(examples);
    }
    all
}

fn is_opening(line: &str) -> bool {
    line.strip_prefix(FENCE).is_some_and(|rest| rest.to_ascii_lowercase().contains("example"))
}

/// The examples in one spec file: a fence line with `example` after it,
/// the Markdown, a line `.`, the HTML, a fence line. `→` stands for a tab.
fn parse_examples(stem: &str, text: &str) -> Vec<Example> {
    enum State {
        Outside,
        Markdown,
        Html,
    }
    let mut state = State::Outside;
    let (mut markdown, mut html) = (String::new(), String::new());
    let mut examples = Vec::new();
    for line in text.lines() {
        match state {
            State::Outside => {
                if is_opening(line) {
                    state = State::Markdown;
                }
            }
            State::Markdown if line == "." => state = State::Html,
            State::Markdown => {
                markdown.push_str(&line.replace('→', "\t"));
                markdown.push('\n');
            }
            State::Html if line.trim_end() == FENCE => {
                let n = examples.len() + 1;
                examples.push(Example {
                    name: format!("{stem}-{n}"),
                    markdown: std::mem::take(&mut markdown),
                    html: std::mem::take(&mut html),
                });
                state = State::Outside;
            }
            State::Html => {
                html.push_str(&line.replace('→', "\t"));
                html.push('\n');
            }
        }
    }
    assert!(matches!(state, State::Outside), "{stem}: the last example is not closed");
    examples
}

// ----- the expected visible text -----

/// The text a browser shows for `html` that the PDF can show, whitespace
/// dropped: (the flow of text, the footnote definitions). Left out: footnote
/// numbers, which are the renderer's (the PDF numbers footnotes through the
/// whole document); control characters, which a browser does not show
/// either; characters without a glyph in the fonts (`shown` is false), which
/// print as empty boxes that extract as nothing or as some other character
/// (`check` reports those it finds in the source).
fn visible_text(html: &str, shown: &dyn Fn(char) -> bool) -> (String, String) {
    let (mut main, mut notes) = (String::new(), String::new());
    // How many <div> deep inside a footnote definition.
    let mut in_note: usize = 0;
    let mut in_number = false;
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if c == '<'
            && let Some((tag, after)) = html_tag(rest)
        {
            let tag = tag.to_ascii_lowercase();
            if tag.starts_with("<div") && (in_note > 0 || tag.contains("class=\"footnote-definition\"")) {
                in_note += 1;
            } else if tag.starts_with("</div") && in_note > 0 {
                in_note -= 1;
            } else if tag.starts_with("<sup class=\"footnote-") {
                in_number = true;
            } else if tag.starts_with("</sup") {
                in_number = false;
            }
            rest = after;
            continue;
        }
        let (decoded, after) = match c {
            '&' => entity(rest).unwrap_or_else(|| ("&".to_owned(), &rest[1..])),
            c => (c.to_string(), &rest[c.len_utf8()..]),
        };
        rest = after;
        if !in_number {
            let out = if in_note > 0 { &mut notes } else { &mut main };
            out.extend(decoded.chars().filter(|&c| !c.is_whitespace() && !c.is_control() && shown(c)));
        }
    }
    (clean(&main).0, clean(&notes).0)
}

/// A tag, comment, processing instruction, declaration or CDATA section at
/// the start of `s`: (the tag, the rest).
fn html_tag(s: &str) -> Option<(&str, &str)> {
    let close = |end: &str, from: usize| s[from..].find(end).map(|i| from + i + end.len());
    let len = if s.starts_with("<!--") {
        close("-->", 4)?
    } else if s.starts_with("<![CDATA[") {
        close("]]>", 9)?
    } else if s.starts_with("<?") {
        close("?>", 2)?
    } else {
        let name = s.strip_prefix("</").or_else(|| s.strip_prefix("<!")).or_else(|| s.strip_prefix('<'))?;
        if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return None;
        }
        let mut quote = None;
        let mut end = None;
        for (i, c) in s.char_indices().skip(1) {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '>') => {
                    end = Some(i + 1);
                    break;
                }
                (None, '<') => return None,
                _ => {}
            }
        }
        end?
    };
    Some(s.split_at(len))
}

/// The character reference at the start of `s` (which starts with `&`),
/// decoded: (the text, the rest). Named references: those the examples'
/// HTML uses.
fn entity(s: &str) -> Option<(String, &str)> {
    let end = s.find(';')?;
    let name = &s[1..end];
    let rest = &s[end + 1..];
    let text = if let Some(number) = name.strip_prefix('#') {
        let value = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        let c = char::from_u32(value).filter(|&c| c != '\0').unwrap_or('\u{FFFD}');
        c.to_string()
    } else {
        let text = match name {
            "amp" => "&",
            "lt" => "<",
            "gt" => ">",
            "quot" => "\"",
            "apos" => "'",
            "nbsp" => "\u{a0}",
            "copy" => "©",
            "auml" => "ä",
            "ouml" => "ö",
            "AElig" => "Æ",
            "Dcaron" => "Ď",
            "frac34" => "¾",
            "HilbertSpace" => "ℋ",
            "DifferentialD" => "ⅆ",
            "ClockwiseContourIntegral" => "∲",
            "ngE" => "≧\u{338}",
            _ => return None,
        };
        text.to_owned()
    };
    Some((text, rest))
}

// ----- the PDF's text -----

/// Squeezed text without what the page adds: the 草稿 watermark and the
/// `— N —` footers. Returns the text and the offsets where pages end.
fn clean(squeezed: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(squeezed.len());
    let mut page_ends = Vec::new();
    let mut rest = squeezed;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("草稿") {
            rest = after;
            continue;
        }
        if let Some(after) = rest.strip_prefix('—') {
            let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            if digits > 0
                && let Some(after) = after[digits..].strip_prefix('—')
            {
                page_ends.push(out.len());
                rest = after;
                continue;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    (out, page_ends)
}

/// The PDF text of each answer: the flow of text between its prompt and
/// the next one, and the same running on to the end of the page where the
/// answer ends (the footnotes of the answer are there), by answer slot.
struct Answers {
    text: String,
    /// (start, end, end of that page) of each answer in `text`.
    ranges: Vec<(usize, usize, usize)>,
}

impl Answers {
    fn read(pdf: &Path) -> Answers {
        let (text, page_ends) = clean(&pdf_text(pdf));
        Answers::of(text, &page_ends, pdf)
    }

    /// The answers of squeezed `text` whose pages end at `page_ends` (none:
    /// an answer's notes may be anywhere after it), read from `file`.
    fn of(text: String, page_ends: &[usize], file: &Path) -> Answers {
        let find = |needle: &str, from: usize| -> usize {
            let needle = squeeze(needle);
            let at = text[from..].find(&needle).unwrap_or_else(|| {
                panic!("“{needle}” not found in the text after offset {from}: {}", file.display())
            });
            from + at
        };
        let mut ranges = Vec::new();
        let mut cursor = 0;
        for (i, (part, _)) in PARTS.iter().enumerate() {
            cursor = find(part.title(), cursor);
            let prompts = Edition::newest().prompts(*part);
            for (k, prompt) in prompts.iter().enumerate() {
                let start = find(prompt.text, cursor) + squeeze(prompt.text).len();
                let end = match prompts.get(k + 1) {
                    Some(next) => find(next.text, start),
                    None => match PARTS.get(i + 1) {
                        Some((next, _)) => find(next.title(), start),
                        None => find(AFTER_RESULTS, start),
                    },
                };
                let page_end = page_ends.iter().copied().find(|&p| p >= end).unwrap_or(text.len());
                ranges.push((start, end, page_end));
                cursor = end;
            }
        }
        Answers { text, ranges }
    }

    /// Checks the expected (main, notes) text of the answer in `slot`.
    fn check(&self, slot: usize, (main, notes): &(String, String)) -> Result<(), String> {
        let (start, end, page_end) = self.ranges[slot];
        let answer = &self.text[start..end];
        let page = &self.text[start..page_end];
        subsequence(main, answer).map_err(|at| mismatch("text", main, at, answer))?;
        subsequence(notes, page).map_err(|at| mismatch("footnote text", notes, at, page))
    }
}

/// Whether every character of `needle` occurs in `hay` in order; else the
/// number of characters found.
fn subsequence(needle: &str, hay: &str) -> Result<(), usize> {
    let mut hay = hay.chars();
    for (n, c) in needle.chars().enumerate() {
        if !hay.any(|h| h == c) {
            return Err(n);
        }
    }
    Ok(())
}

fn mismatch(what: &str, expected: &str, found: usize, pdf: &str) -> String {
    let (head, tail): (String, String) =
        (expected.chars().take(found).collect(), expected.chars().skip(found).collect());
    format!("{what} missing after “{head}”: “{tail}”\n    PDF: “{pdf}”")
}

// ----- building -----

/// Answer slots: 0–4 二, 5–9 三, 10–12 四. The last answer of a file may
/// run to the end of the file, as an unclosed code fence or HTML block does.
const SLOTS: usize = 13;
const LAST_IN_FILE: [usize; 3] = [4, 9, 12];

/// Where an example may stand.
#[derive(Clone, Copy, PartialEq)]
enum Placement {
    Anywhere,
    /// It swallows what follows (an unclosed code fence, an HTML comment…).
    LastInFile,
    /// It holds a level-1 heading with a prompt number, `# (1)`, which
    /// ends the answer: it cannot be one answer.
    Skip,
}

fn placement(markdown: &str) -> Placement {
    // Whether `text` splits into this example as the first answer (and,
    // when `then` is given, that as the second).
    let splits = |text: &str, then: Option<&str>| {
        let (answers, _) = sections::split(Edition::newest().prompts(SectionPart::Operation).len(), text);
        let answer = |i: usize| answers[i].as_ref().map(|a| a.markdown.trim());
        answer(0) == Some(markdown.trim()) && then.is_none_or(|then| answer(1) == Some(then))
    };
    if splits(&format!("# （1）\n\n{markdown}\n# （2）\n\nx\n"), Some("x")) {
        Placement::Anywhere
    } else if splits(&format!("# （1）\n\n{markdown}\n"), None) {
        Placement::LastInFile
    } else {
        Placement::Skip
    }
}

/// Writes the section files of `dir` with `slots` (example indices) as
/// answers; an empty slot has no answer.
fn write_sections(dir: &Path, examples: &[Example], slots: &[Option<usize>]) {
    let mut slot = 0;
    for (part, file) in PARTS {
        let mut text = String::new();
        for k in 1..=Edition::newest().prompts(part).len() {
            if let Some(Some(e)) = slots.get(slot) {
                let _ = write!(text, "# （{k}）\n\n{}\n", examples[*e].markdown);
            }
            slot += 1;
        }
        // Each example is the whole of its answer.
        let (answers, _) = sections::split(Edition::newest().prompts(part).len(), &text);
        for (k, answer) in answers.iter().enumerate() {
            let expected = slots.get(slot - answers.len() + k).copied().flatten();
            let got = answer.as_ref().map(|a| a.markdown.trim());
            assert_eq!(got, expected.map(|e| examples[e].markdown.trim()), "{file}, answer {}", k + 1);
        }
        std::fs::write(dir.join("sections").join(file), text).unwrap();
    }
}

/// Builds the draft PDF; `Err` with the tool's output when typst failed.
fn build_draft(dir: &Path) -> Result<PathBuf, String> {
    let pdf = dir.join("report.pdf");
    let _ = std::fs::remove_file(&pdf);
    let output =
        run(&["build".as_ref(), dir.as_os_str(), "--draft".as_ref(), "-o".as_ref(), pdf.as_os_str()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("排版失败") || output.status.code() == Some(2) || !pdf.exists() {
        let error = stderr.lines().skip_while(|l| !l.starts_with("错误")).collect::<Vec<_>>().join("\n");
        return Err(if error.is_empty() { stderr.into_owned() } else { error });
    }
    Ok(pdf)
}

/// What became of one example.
enum Outcome {
    Pass,
    Skipped,
    Missing(String),
    TypstError(String),
}

/// Builds one batch (and, when typst fails, each of its examples alone).
fn run_batch(
    batch: usize,
    slots: &[Option<usize>],
    examples: &[Example],
    expected: &[(String, String)],
) -> Vec<(usize, Outcome)> {
    let dir = scratch(&format!("commonmark-{batch}"));
    copy_dir(&example(), &dir);
    write_sections(&dir, examples, slots);
    let check = |answers: &Answers, slot: usize, e: usize| match answers.check(slot, &expected[e]) {
        Ok(()) => Outcome::Pass,
        Err(why) => Outcome::Missing(why),
    };
    match build_draft(&dir) {
        Ok(pdf) => {
            let answers = Answers::read(&pdf);
            slots
                .iter()
                .enumerate()
                .filter_map(|(slot, e)| e.map(|e| (e, check(&answers, slot, e))))
                .collect()
        }
        Err(batch_error) => {
            let mut outcomes = Vec::new();
            for &e in slots.iter().flatten() {
                write_sections(&dir, examples, &[Some(e)]);
                let outcome = match build_draft(&dir) {
                    Ok(pdf) => check(&Answers::read(&pdf), 0, e),
                    Err(error) => Outcome::TypstError(error),
                };
                outcomes.push((e, outcome));
            }
            if !outcomes.iter().any(|(_, o)| matches!(o, Outcome::TypstError(_))) {
                // Only the combination fails: blame them all.
                let names: Vec<&str> = slots.iter().flatten().map(|&e| examples[e].name.as_str()).collect();
                for (_, outcome) in &mut outcomes {
                    *outcome = Outcome::TypstError(format!(
                        "fails only together with {}:\n{batch_error}",
                        names.join(", ")
                    ));
                }
            }
            outcomes
        }
    }
}

/// Deals the examples into batches of `SLOTS` answers, the ones that
/// swallow what follows into the last answer of a file.
fn batches(placements: &[Placement]) -> Vec<Vec<Option<usize>>> {
    let mut anywhere: std::collections::VecDeque<usize> =
        (0..placements.len()).filter(|&e| placements[e] == Placement::Anywhere).collect();
    let mut last: std::collections::VecDeque<usize> =
        (0..placements.len()).filter(|&e| placements[e] == Placement::LastInFile).collect();
    let mut batches = Vec::new();
    while !anywhere.is_empty() || !last.is_empty() {
        let batch = (0..SLOTS)
            .map(|slot| {
                if LAST_IN_FILE.contains(&slot) {
                    last.pop_front().or_else(|| anywhere.pop_front())
                } else {
                    anywhere.pop_front()
                }
            })
            .collect();
        batches.push(batch);
    }
    batches
}

/// `<name>: <reason>` lines; lines starting with `#` are comments.
fn exceptions() -> BTreeMap<String, String> {
    let path = repo().join("tests/testsuite/commonmark-exceptions.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut map = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (name, reason) = line
            .split_once(':')
            .unwrap_or_else(|| panic!("commonmark-exceptions.txt:{}: expected “name: reason”", n + 1));
        let (name, reason) = (name.trim(), reason.trim());
        assert!(!reason.is_empty(), "commonmark-exceptions.txt:{}: {name} has no reason", n + 1);
        let old = map.insert(name.to_owned(), reason.to_owned());
        assert!(old.is_none(), "commonmark-exceptions.txt:{}: {name} is listed twice", n + 1);
    }
    map
}

/// The text of a Word file's body, then of its footnotes, squeezed (read
/// with the Word tests' XML reader).
fn docx_text(docx: &Path) -> String {
    let bytes = std::fs::read(docx).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])).unwrap();
    let has_notes = zip.by_name("word/footnotes.xml").is_ok();
    let mut text = super::word::Node::parse(&super::word::part(&bytes, "word/document.xml")).texts();
    if has_notes {
        text += &super::word::Node::parse(&super::word::part(&bytes, "word/footnotes.xml")).texts();
    }
    squeeze(&text)
}

/// Every example as an answer of the Word document (`build --format
/// docx`, in-process): the file is written (the writer checks every
/// table's shape and reference), its XML is well-formed, and each
/// example's visible text is in its answer, its notes in the footnotes.
/// Word has every glyph (the reader's fonts), so no character is left out
/// of what is looked for. Examples the PDF lists as exceptions may differ.
#[test]
fn spec_examples_reach_the_word_file_with_their_text() {
    let examples = examples();
    let placements: Vec<Placement> = examples.iter().map(|e| placement(&e.markdown)).collect();
    let expected: Vec<(String, String)> = examples.iter().map(|e| visible_text(&e.html, &|_| true)).collect();
    let exceptions = exceptions();
    let dir = scratch("commonmark-word");
    copy_dir(&fixture("minimal"), &dir);
    let mut failures = Vec::new();
    let mut passed = 0;
    for slots in batches(&placements) {
        write_sections(&dir, &examples, &slots);
        let config = alliance_report::BuildConfig {
            dir: dir.clone(),
            output: dir.join("report.docx"),
            draft: true,
            font_paths: Vec::new(),
            emit_typst: None,
        };
        let outcome = alliance_report::build::word(&config).expect("the Word file is written");
        assert!(outcome.written);
        let answers = Answers::of(docx_text(&config.output), &[], &config.output);
        for (slot, e) in slots.iter().enumerate() {
            let Some(e) = *e else { continue };
            match answers.check(slot, &expected[e]) {
                Ok(()) => passed += 1,
                Err(_) if exceptions.contains_key(&examples[e].name) => {}
                Err(why) => failures.push(format!(
                    "{}: {why}\n---- markdown ----\n{}",
                    examples[e].name, examples[e].markdown
                )),
            }
        }
    }
    eprintln!("{} examples in the Word file: {passed} pass, {} failures", examples.len(), failures.len());
    assert!(failures.is_empty(), "{} examples fail in Word:\n\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn spec_examples_typeset_with_their_text() {
    let started = std::time::Instant::now();
    let examples = examples();
    assert!(examples.len() >= 1400, "only {} examples parsed", examples.len());
    let placements: Vec<Placement> = examples.iter().map(|e| placement(&e.markdown)).collect();
    let fonts = alliance_report::compile::Fonts::embedded();
    let expected: Vec<(String, String)> =
        examples.iter().map(|e| visible_text(&e.html, &|c| fonts.covers(c))).collect();
    let without_glyphs: Vec<&str> = examples
        .iter()
        .filter(|e| visible_text(&e.html, &|_| true) != visible_text(&e.html, &|c| fonts.covers(c)))
        .map(|e| e.name.as_str())
        .collect();
    let batches = batches(&placements);

    let next = AtomicUsize::new(0);
    let outcomes: Mutex<Vec<Option<Outcome>>> = Mutex::new((0..examples.len()).map(|_| None).collect());
    // A build waits on the disk and on reading its PDF too: one thread more than cores.
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get() + 1).clamp(2, 4);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let batch = next.fetch_add(1, Ordering::Relaxed);
                    let Some(slots) = batches.get(batch) else { break };
                    for (e, outcome) in run_batch(batch, slots, &examples, &expected) {
                        outcomes.lock().unwrap()[e] = Some(outcome);
                    }
                }
            });
        }
    });
    let mut outcomes = outcomes.into_inner().unwrap();
    for (e, placement) in placements.iter().enumerate() {
        if *placement == Placement::Skip {
            outcomes[e] = Some(Outcome::Skipped);
        }
    }

    let exceptions = exceptions();
    let mut failures = Vec::new();
    let by_name: BTreeMap<&str, usize> =
        examples.iter().enumerate().map(|(i, e)| (e.name.as_str(), i)).collect();
    for name in exceptions.keys() {
        if !by_name.contains_key(name.as_str()) {
            failures
                .push(format!("{name}: listed in commonmark-exceptions.txt, but there is no such example"));
        }
    }
    let (mut passed, mut excepted) = (0, 0);
    for (example, outcome) in examples.iter().zip(&outcomes) {
        let name = &example.name;
        let listed = exceptions.get(name);
        let show =
            || format!("---- markdown ----\n{}---- expected HTML ----\n{}", example.markdown, example.html);
        match (outcome.as_ref().expect("every example has an outcome"), listed) {
            (Outcome::TypstError(error), _) => {
                failures.push(format!("{name}: typst failed\n{}{error}\n", show()))
            }
            (Outcome::Pass, Some(reason)) => {
                failures.push(format!("{name}: passes, remove it from commonmark-exceptions.txt (“{reason}”)"))
            }
            (Outcome::Pass, None) => passed += 1,
            (Outcome::Skipped | Outcome::Missing(_), Some(_)) => excepted += 1,
            (Outcome::Skipped, None) => failures.push(format!(
                "{name}: holds a level-1 prompt heading and cannot be an answer; list it in commonmark-exceptions.txt\n{}",
                show()
            )),
            (Outcome::Missing(why), None) => failures.push(format!("{name}: {why}\n{}", show())),
        }
    }
    if !without_glyphs.is_empty() {
        eprintln!(
            "note: characters without a glyph in the fonts not looked for in {}",
            without_glyphs.join(", ")
        );
    }
    eprintln!(
        "{} examples ({} last in their file) in {} builds: {passed} pass, {excepted} listed as exceptions, \
         {} failures ({:.1} s)",
        examples.len(),
        placements.iter().filter(|&&p| p == Placement::LastInFile).count(),
        batches.len(),
        failures.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(
        failures.is_empty(),
        "{} of {} examples fail:\n\n{}",
        failures.len(),
        examples.len(),
        failures.join("\n")
    );
}
