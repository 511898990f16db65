//! Property tests: whatever text an author writes, in any YAML field or any
//! kind of Markdown block, builds and prints as written.
//!
//! Each case writes one small report in which every field and block holds a
//! different generated string between numbered markers (`【7】…【7完】`),
//! builds it as a draft (a generated string in a credit-code field fails
//! `check`, and a draft still typesets), and looks for every marked string
//! in the PDF's extracted text with all whitespace removed. One build checks
//! ~50 strings, so a few dozen cases cover a lot in a few seconds.
//!
//! Two families of strings, one property each:
//! - arbitrary Unicode from the ranges the embedded fonts print (ASCII,
//!   Latin-1, Greek, Cyrillic, general punctuation, CJK punctuation,
//!   full-width forms, ideographs with Extension A) plus spaces and
//!   newlines;
//! - strings built from typst's and Markdown's special characters and
//!   fragments (`#read("/etc/passwd")`, `$`, `@ref`, `<label>`, `//`, `\`,
//!   brackets, quotes, `*`, `_`, `` ` ``, newlines…).
//!
//! In YAML a string is written as a double-quoted scalar with YAML escapes,
//! so the file is valid whatever the string. In Markdown it is written so
//! that Markdown does not legitimately change it: every ASCII punctuation
//! character backslash-escaped (CommonMark allows that for all of them) and
//! line breaks as spaces, or, for strings of characters Markdown leaves
//! alone in running text (`#`, `$`, `@`, `//`, quotes…), exactly as typed.
//! Code spans and code blocks take any string verbatim.
//!
//! Now and then a string is repeated into a value longer than a page or a
//! word wider than one; the PDF's text is then searched page by page, so
//! that a footer, a draft mark or a repeated table header may come between
//! two pages' worth of a value, but nothing of the value may be missing.
//! Deterministic tests pin what the properties found: boxes and table rows
//! that ran off the page, words with no place to break, and the strings of
//! the issue as an author types them.
//!
//! `cargo test` runs the same cases every time: a fixed seed, then the
//! failures kept in `tests/proptest-regressions/properties.txt`. A longer
//! randomised run is `tools/random-properties.sh` (bounded in time, run by
//! `.ci/run`); it prints its seed, and `PROPERTIES_SEED=<seed>` repeats it.
//! A failure it finds is written to the regressions file: commit that line,
//! and every later run replays the case. A failing case keeps its report
//! folder under `$TMPDIR/alliance-report-tests-<checkout>/properties/` and names it in
//! the panic message; `PROPERTIES_KEEP=1` keeps the passing ones too.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::ops::RangeInclusive;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, Mutex};

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

use super::*;

// ----- what to generate -----

/// A generated string and how Markdown may hold it.
#[derive(Clone, Debug)]
struct Sample {
    text: String,
    /// Only characters that Markdown leaves alone in running text: written
    /// into Markdown as is, not escaped.
    plain_in_markdown: bool,
}

/// The printable characters of an "arbitrary" string, in groups. Each group
/// lists simple characters first, which is where shrinking goes.
struct CharGroups {
    ascii: Vec<char>,
    latin1: Vec<char>,
    greek_cyrillic: Vec<char>,
    punctuation: Vec<char>,
    cjk_punctuation: Vec<char>,
    ideographs: Vec<char>,
    whitespace: Vec<char>,
}

/// Characters are kept when some embedded font has a glyph for them (what
/// `check` requires) and they are not controls or invisible format
/// characters, which have no text to find.
static CHARS: LazyLock<CharGroups> = LazyLock::new(|| {
    let fonts = alliance_report::compile::Fonts::embedded();
    let pick = |ranges: &[RangeInclusive<u32>]| -> Vec<char> {
        let chars: Vec<char> = ranges
            .iter()
            .flat_map(|r| r.clone())
            .filter_map(char::from_u32)
            .filter(|&c| !c.is_control() && !is_format(c) && fonts.covers(c))
            .collect();
        assert!(chars.len() > 10, "the fonts cover almost none of {ranges:?}");
        chars
    };
    CharGroups {
        ascii: pick(&[
            0x61..=0x7A,
            0x41..=0x5A,
            0x30..=0x39,
            0x21..=0x2F,
            0x3A..=0x40,
            0x5B..=0x60,
            0x7B..=0x7E,
        ]),
        latin1: pick(&[0xA1..=0xFF]),
        greek_cyrillic: pick(&[0x391..=0x3C9, 0x400..=0x45F]),
        punctuation: pick(&[0x2010..=0x2027, 0x2030..=0x205E]),
        cjk_punctuation: pick(&[0x3001..=0x303F, 0xFF01..=0xFF5E]),
        ideographs: pick(&[0x4E00..=0x9FFF, 0x3400..=0x4DBF]),
        whitespace: vec![' ', '\n', '\u{3000}', '\u{A0}', '\t'],
    }
});

/// Unicode format characters (category Cf) in the ranges above.
fn is_format(c: char) -> bool {
    matches!(c, '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}')
}

fn arbitrary_char() -> impl Strategy<Value = char> {
    let g = &*CHARS;
    prop_oneof![
        4 => prop::sample::select(g.ascii.clone()),
        1 => prop::sample::select(g.latin1.clone()),
        1 => prop::sample::select(g.greek_cyrillic.clone()),
        1 => prop::sample::select(g.punctuation.clone()),
        2 => prop::sample::select(g.cjk_punctuation.clone()),
        2 => prop::sample::select(g.ideographs.clone()),
        1 => prop::sample::select(g.whitespace.clone()),
    ]
}

/// Mostly `text` itself; now and then `text` repeated into a value longer
/// than a page, which must break across pages rather than run off one:
/// prose (the repetitions separated by 甲乙, between which a line may
/// always break) or, when `text` has no space, one long word, which the
/// templates let break anywhere. Text with spaces is not repeated into one
/// line without a break: a space does not always allow one (UAX #14: not
/// before `:`, `)`, `!`, `/`… even after a space), and typst cannot typeset
/// a line of such glue wider than the page (a known limit, not tested).
fn sometimes_long(text: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    let long = prop_oneof![30 => Just(None), 1 => (100..300usize, any::<bool>()).prop_map(Some)];
    (text, long).prop_map(|(text, long)| match long {
        None => text,
        Some((times, true)) if !text.contains(char::is_whitespace) => text.repeat(times),
        Some((times, _)) => vec![text; times].join("甲乙"),
    })
}

/// Arbitrary printable Unicode, escaped for Markdown.
fn arbitrary_text() -> impl Strategy<Value = Sample> {
    let chars = prop::collection::vec(arbitrary_char(), 1..16).prop_map(String::from_iter);
    sometimes_long(chars).prop_map(|text| Sample { text, plain_in_markdown: false })
}

/// typst's and Markdown's special characters, alone and in the fragments an
/// attacker or a careless author writes.
#[rustfmt::skip]
const MARKUP_TOKENS: &[&str] = &[
    "x", " ", "\n", "#", "$", "@", "<", ">", "//", "/*", "*/", "~", "\\", "[", "]", "{", "}", "(", ")",
    "\"", "'", "*", "**", "_", "=", "-", "--", "+", "/", "`", "```", "|", "&", "&amp;", "&#35;", ";", ":",
    ".", "!", "^", "%", "\r", "\t", "甲", "read", "#read(\"/etc/passwd\")", "#panic(\"x\")", "$x^2$",
    "@ref", "<label>", "// comment", "\\u{41}", "\\n", "\"#", "#\"", "#{", "#[", "[^1]", "![", "](",
    "<br>", "1.", "==",
];

/// The tokens Markdown leaves alone inside a line of running text (no
/// emphasis, code, link, HTML, entity, escape, table or strikethrough
/// characters; math and smart punctuation are not enabled).
#[rustfmt::skip]
const PLAIN_TOKENS: &[&str] = &[
    "x", " ", "#", "$", "@", "//", "/", "=", "-", "--", "+", "{", "}", "(", ")", "\"", "'", ":", ";", ".",
    ",", "%", "^", "?", "甲", "read", "#read(\"/etc/passwd\")", "#panic(\"x\")", "$x^2$", "@ref",
    "// comment", "#{", "#(", "\"#", "#\"", "$$", "1.",
];

/// Strings of special characters: escaped in Markdown, or, when they are
/// made of plain tokens only, written into Markdown as typed.
fn markup_text() -> impl Strategy<Value = Sample> {
    let tokens = |set| prop::collection::vec(prop::sample::select(set), 1..10).prop_map(|t| t.concat());
    prop_oneof![
        sometimes_long(tokens(MARKUP_TOKENS)).prop_map(|text| Sample { text, plain_in_markdown: false }),
        sometimes_long(tokens(PLAIN_TOKENS)).prop_map(|text| Sample { text, plain_in_markdown: true }),
    ]
}

// ----- where it goes -----

/// Every place a generated string goes, in the order of the samples: YAML
/// fields of every kind (single-line cells, lists, cover lines, the
/// multi-line opinions), then Markdown blocks.
const SLOTS: &[&str] = &[
    "cover.recommender",
    "cover.filled_by",
    "cover.phone",
    "alliance.name",
    "alliance.field",
    "alliance.lead_unit",
    "alliance.standing_body",
    "alliance.chairman",
    "alliance.address",
    "alliance.email",
    "opinions.lead_unit",
    "opinions.recommender",
    "member.name",
    "member.code",
    "member.role",
    "project.name",
    "project.number",
    "project.lead_unit",
    "project.partners[0]",
    "project.partners[1]",
    "transfer.name",
    "transfer.applied_by",
    "transfer.benefits",
    "achievement.name",
    "achievement.kind",
    "achievement.number",
    "achievement.people[0]",
    "achievement.units[0]",
    "achievement.note",
    "event.name",
    "event.organizer",
    "event.place",
    "platform.name",
    "platform.builder",
    "evidence.title",
    "md.paragraph",
    "md.list_item",
    "md.table_cell",
    "md.heading",
    "md.block_quote",
    "md.ordered_item",
    "md.nested_item",
    "md.emphasis",
    "md.strong",
    "md.link_text",
    "md.footnote",
    "md.image_alt",
    "md.inline_code",
    "md.code_block",
];

fn slot(name: &str) -> usize {
    SLOTS.iter().position(|s| *s == name).unwrap_or_else(|| panic!("no slot {name}"))
}

/// The markers around the string of slot `i`.
fn markers(i: usize) -> (String, String) {
    (format!("【{i}】"), format!("【{i}完】"))
}

/// The slots of fields whose full-width forms mean the half-width ones (a
/// phone number, an e-mail address, a credit code): they print half-width.
const HALF_WIDTH: &[&str] = &["cover.phone", "alliance.email", "member.code"];

/// What slot `i` must show in the PDF.
fn expected(i: usize, sample: &Sample) -> String {
    let (open, close) = markers(i);
    let text: String = if HALF_WIDTH.contains(&SLOTS[i]) {
        sample
            .text
            .chars()
            .map(|c| match c {
                '\u{3000}' => ' ',
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                c => c,
            })
            .collect()
    } else {
        sample.text.clone()
    };
    format!("{open}{text}{close}")
}

/// A YAML double-quoted scalar holding `text` exactly, whatever it contains.
fn yaml_quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x100 && c.is_control() => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if c.is_control()
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}') =>
            {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `text` as Markdown inline content that shows exactly `text` (up to
/// whitespace): every ASCII punctuation character backslash-escaped, line
/// breaks as spaces.
fn markdown_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// The longest run of backticks in `text`.
fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// Writes the report of one case into `dir`.
fn write_report(dir: &Path, samples: &[Sample]) {
    let y = |name: &str| {
        let i = slot(name);
        yaml_quoted(&expected(i, &samples[i]))
    };
    // Inline Markdown for slot `name`, in running text.
    let md = |name: &str| {
        let i = slot(name);
        let (open, close) = markers(i);
        let s = &samples[i];
        let body =
            if s.plain_in_markdown { s.text.replace(['\n', '\r'], " ") } else { markdown_escaped(&s.text) };
        format!("{open}{body}{close}")
    };
    let inline_code = {
        let i = slot("md.inline_code");
        let code = expected(i, &samples[i]).replace(['\n', '\r'], " ");
        let fence = "`".repeat(longest_backtick_run(&code) + 1);
        format!("{fence} {code} {fence}")
    };
    let code_block = {
        let i = slot("md.code_block");
        let code = expected(i, &samples[i]);
        let fence = "`".repeat((longest_backtick_run(&code) + 1).max(3));
        format!("{fence}\n{code}\n{fence}")
    };

    let files = [
        (
            "report.yaml",
            format!(
                "end_year: 2024\n\
                 cover:\n  recommender: {}\n  filled_by: {}\n  phone: {}\n  date: 2025-08-15\n\
                 alliance:\n  name: {}\n  field: {}\n  lead_unit: {}\n  standing_body: {}\n  chairman: {}\n  \
                 address: {}\n  email: {}\n  level: 省级\n  funding_channels: [会费]\n\
                 opinions:\n  lead_unit: {}\n  recommender: {}\n",
                y("cover.recommender"),
                y("cover.filled_by"),
                y("cover.phone"),
                y("alliance.name"),
                y("alliance.field"),
                y("alliance.lead_unit"),
                y("alliance.standing_body"),
                y("alliance.chairman"),
                y("alliance.address"),
                y("alliance.email"),
                y("opinions.lead_unit"),
                y("opinions.recommender"),
            ),
        ),
        (
            "members.yaml",
            format!(
                "members:\n  - name: {}\n    code: {}\n    type: 企业\n    role: {}\n",
                y("member.name"),
                y("member.code"),
                y("member.role"),
            ),
        ),
        (
            "tables/projects.yaml",
            format!(
                "projects:\n  - name: {}\n    number: {}\n    started: 2022-03\n    source: 省级项目\n    \
                 lead_unit: {}\n    partners:\n      - {}\n      - {}\n    total_investment: 100\n    \
                 public_funds: 10\n    status: 在研\n",
                y("project.name"),
                y("project.number"),
                y("project.lead_unit"),
                y("project.partners[0]"),
                y("project.partners[1]"),
            ),
        ),
        (
            "tables/transfers.yaml",
            format!(
                "transfers:\n  - name: {}\n    source: 自主研发\n    applied_by: {}\n    method: 自主转化\n    \
                 output_value: 10\n    profit: 1\n    tax: 1\n    export_usd: 0\n    benefits: {}\n",
                y("transfer.name"),
                y("transfer.applied_by"),
                y("transfer.benefits"),
            ),
        ),
        (
            "tables/achievements.yaml",
            format!(
                "achievements:\n  - name: {}\n    kind: {}\n    number: {}\n    completed: 2023-03-21\n    \
                 people: [{}]\n    units:\n      - {}\n    stage: 授权\n    note: {}\n",
                y("achievement.name"),
                y("achievement.kind"),
                y("achievement.number"),
                y("achievement.people[0]"),
                y("achievement.units[0]"),
                y("achievement.note"),
            ),
        ),
        (
            "tables/events.yaml",
            format!(
                "events:\n  - name: {}\n    organizer: {}\n    date: 2023-05-19\n    place: {}\n    \
                 member_units: 3\n    other_units: 4\n    attendees: 50\n",
                y("event.name"),
                y("event.organizer"),
                y("event.place"),
            ),
        ),
        (
            "tables/platforms.yaml",
            format!(
                "platforms:\n  - name: {}\n    started: 2022-03\n    completed: 2023-10\n    level: 省级\n    \
                 builder: {}\n",
                y("platform.name"),
                y("platform.builder"),
            ),
        ),
        (
            "evidence/evidence.yaml",
            format!("items:\n  - kind: 1\n    title: {}\n    files: []\n", y("evidence.title")),
        ),
        (
            "sections/operation.md",
            format!(
                "# （1）\n\n{}\n\n# （2）\n\n- {}\n- 乙\n\n# （3）\n\n| 甲 | 乙 |\n|---|---|\n| {} | 丙 |\n\n\
                 # （4）\n\n## {}\n\n正文。\n\n# （5）\n\n> {}\n",
                md("md.paragraph"),
                md("md.list_item"),
                md("md.table_cell"),
                md("md.heading"),
                md("md.block_quote"),
            ),
        ),
        (
            "sections/innovation.md",
            format!(
                "# （1）\n\n1. {}\n2. 乙\n\n# （2）\n\n- 甲\n  - {}\n\n# （3）\n\n正文 *{}* 与 **{}**。\n\n\
                 # （4）\n\n见[{}](https://example.com/)。\n\n# （5）\n\n正文[^n]。\n\n[^n]: {}\n",
                md("md.ordered_item"),
                md("md.nested_item"),
                md("md.emphasis"),
                md("md.strong"),
                md("md.link_text"),
                md("md.footnote"),
            ),
        ),
        (
            "sections/results.md",
            format!(
                "# （1）\n\n代码 {inline_code} 。\n\n# （2）\n\n![{}](images/none.png)\n\n# （3）\n\n{code_block}\n",
                md("md.image_alt"),
            ),
        ),
    ];
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
    }
}

// ----- the check -----

/// Builds the report of one case as a draft and looks for every sample in
/// the PDF.
fn builds_and_prints(property: &str, samples: &[Sample]) -> Result<(), TestCaseError> {
    static CASE: AtomicUsize = AtomicUsize::new(0);
    let dir = scratch(&format!("properties/{property}-{}", CASE.fetch_add(1, Ordering::Relaxed)));
    let result = build_and_check(&dir, samples);
    // Shrinking fails again and again, with ever smaller samples: only the
    // folder of the last failure, the one reported, is kept.
    static LAST_FAILURE: Mutex<BTreeMap<String, PathBuf>> = Mutex::new(BTreeMap::new());
    if result.is_err() {
        let mut last = LAST_FAILURE.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(previous) = last.insert(property.to_owned(), dir) {
            let _ = std::fs::remove_dir_all(previous);
        }
    } else if std::env::var_os("PROPERTIES_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    result
}

/// Writes, builds and checks the report of one case in `dir`.
fn build_and_check(dir: &Path, samples: &[Sample]) -> Result<(), TestCaseError> {
    let (report, pdf) = (dir.join("report"), dir.join("report.pdf"));
    write_report(&report, samples);
    let output =
        run(&["build".as_ref(), report.as_os_str(), "--draft".as_ref(), "-o".as_ref(), pdf.as_os_str()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let built = matches!(output.status.code(), Some(0 | 1)) && pdf.is_file() && !stderr.contains("排版失败");
    if !built {
        return Err(TestCaseError::fail(format!(
            "the draft of {} did not build ({}):\n{stderr}",
            report.display(),
            output.status
        )));
    }
    let text = paged_text(&pdf);
    let mut missing = String::new();
    for (i, sample) in samples.iter().enumerate() {
        let want: Vec<char> = squeeze(&expected(i, sample)).chars().collect();
        if let Err((matched, at)) = find_across_pages(&text, &want) {
            let shown = |chars: &[char]| chars.iter().take(60).collect::<String>();
            let _ = writeln!(
                missing,
                "  {}: want “{}”; after “{}” the PDF has “{}”",
                SLOTS[i],
                shown(&want),
                want[..matched].iter().rev().take(20).rev().collect::<String>(),
                shown(&text[at.min(text.len())..]),
            );
        }
    }
    if !missing.is_empty() {
        return Err(TestCaseError::fail(format!(
            "text lost or changed in {} (PDF: {}):\n{missing}",
            report.display(),
            pdf.display()
        )));
    }
    Ok(())
}

/// Stands for a page break in [`paged_text`] (a private-use character,
/// which generated text never holds).
const PAGE: char = '\u{E000}';

/// The PDF's text in reading order, whitespace removed, with [`PAGE`]
/// between pages.
fn paged_text(pdf: &Path) -> Vec<char> {
    pdf::read(pdf).pages.iter().flat_map(|p| p.squeezed().chars().chain([PAGE]).collect::<Vec<_>>()).collect()
}

/// How far a page break may separate two characters of a value: the
/// page's footer and footnotes, the next page's draft mark and repeated
/// table header, the text beside a footnote that continues.
const PAGE_FURNITURE: usize = 6000;

/// Finds `want` in `text` as one run of characters, except that after a
/// page break other text may come between two of its characters (the other
/// cells of a table row that continues, say). Every character of `want`
/// must be there, in order: text lost or changed fails. On failure, returns
/// how much of `want` was found at the best place, and where in `text` it
/// stopped matching.
fn find_across_pages(text: &[char], want: &[char]) -> Result<(), (usize, usize)> {
    let head = &want[..want.len().min(3)];
    let mut best = (0, text.len());
    let mut tried = HashSet::new();
    for start in (0..text.len()).filter(|&s| text[s..].starts_with(head)) {
        if follow(text, want, (start, 0), &mut tried, &mut best) {
            return Ok(());
        }
    }
    Err(best)
}

/// Matches `want[j..]` at `text[i..]`; where they differ, tries every place
/// after the next page break where `want` goes on.
fn follow(
    text: &[char],
    want: &[char],
    (mut i, mut j): (usize, usize),
    tried: &mut HashSet<(usize, usize)>,
    best: &mut (usize, usize),
) -> bool {
    if !tried.insert((i, j)) {
        return false;
    }
    while j < want.len() && text.get(i) == Some(&want[j]) {
        i += 1;
        j += 1;
    }
    if j == want.len() {
        return true;
    }
    if j > best.0 {
        *best = (j, i);
    }
    let near = &text[i..(i + PAGE_FURNITURE).min(text.len())];
    let Some(page) = near.iter().position(|&c| c == PAGE) else { return false };
    let from = i + page + 1;
    let probe = &want[j..(j + 4).min(want.len())];
    (from..(from + PAGE_FURNITURE).min(text.len()))
        .filter(|&k| text[k..].starts_with(probe))
        .any(|k| follow(text, want, (k, j), tried, best))
}

/// The seed of `cargo test`: the same cases on every run, so that a commit
/// that passes once passes every time.
const SEED: u64 = 0x5EED_2026_1201;

/// Where failures are kept, and replayed first by every later run.
const REGRESSIONS: &str = "tests/proptest-regressions/properties.txt";

/// `cargo test` runs 24 cases from [`SEED`] and the committed regressions.
/// `PROPERTIES_SEED=random` (what `tools/random-properties.sh` sets) draws a
/// seed and prints it; `PROPERTIES_SEED=<n>` repeats that run;
/// `PROPERTIES_SECONDS=<s>` lets cases that start after `s` seconds pass at
/// once, which bounds a long run in time.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(24);
    let seed = match std::env::var("PROPERTIES_SEED").ok().as_deref() {
        None | Some("") => SEED,
        Some("random") => {
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap();
            let seed =
                now.as_secs() ^ u64::from(now.subsec_nanos()).rotate_left(32) ^ u64::from(std::process::id());
            eprintln!("properties: seed {seed}; PROPERTIES_SEED={seed} repeats this run");
            seed
        }
        Some(n) => n.parse().expect("PROPERTIES_SEED is “random” or a number"),
    };
    ProptestConfig {
        cases,
        // Every case is a build; bound the shrinking of a failure.
        max_shrink_iters: 300,
        rng_seed: proptest::test_runner::RngSeed::Fixed(seed),
        failure_persistence: Some(Box::new(proptest::test_runner::FileFailurePersistence::Direct(
            REGRESSIONS,
        ))),
        ..ProptestConfig::default()
    }
}

/// Whether the time of a bounded run (`PROPERTIES_SECONDS`) is up.
fn time_is_up() -> bool {
    static START: LazyLock<std::time::Instant> = LazyLock::new(std::time::Instant::now);
    let start = *START;
    std::env::var("PROPERTIES_SECONDS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .is_some_and(|s| start.elapsed().as_secs() >= s)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_unicode_prints_as_written(samples in prop::collection::vec(arbitrary_text(), SLOTS.len())) {
        if time_is_up() { return Ok(()); }
        builds_and_prints("unicode", &samples)?;
    }

    #[test]
    fn markup_characters_print_as_written(samples in prop::collection::vec(markup_text(), SLOTS.len())) {
        if time_is_up() { return Ok(()); }
        builds_and_prints("markup", &samples)?;
    }
}

// ----- the strings of the issue, as an author writes them -----

/// The strings that must print verbatim, everywhere.
const DANGEROUS: &[&str] =
    &["#read(\"/etc/passwd\")", "#panic(\"x\")", "$x^2$", "@ref", "<label>", "// comment", "\\", "~", "]"];

/// The example report with the strings of [`DANGEROUS`] in YAML fields of
/// every kind and in a paragraph, a list item, a table cell and a heading,
/// written as an author would: single-quoted in YAML (`#` would start a
/// comment, `@` cannot start a plain scalar, `~` alone is null), inside a
/// folded block scalar, and unescaped in Markdown. No Markdown escape is
/// needed: `#`, `$`, `@`, `//` and `"` mean nothing to Markdown in running
/// text (math and smart punctuation are off); `<label>` is raw inline HTML,
/// which the converter prints as written, with a warning; `\` before a
/// character that is not ASCII punctuation stays a backslash (before
/// punctuation it escapes it, at the end of a line it is a hard break); a
/// lone `~` opens no strikethrough and a `]` without `[` closes no link.
#[test]
fn dangerous_strings_print_verbatim() {
    let line = DANGEROUS.join(" ");
    let value = |tag: &str| format!("【{tag}】{line}");
    let quoted = |tag: &str| format!("'{}'", value(tag).replace('\'', "''"));
    let dir = scratch("properties/dangerous");
    let report = dir.join("report");
    for entry in walkdir::WalkDir::new(example()) {
        let entry = entry.unwrap();
        let target = report.join(entry.path().strip_prefix(example()).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    // (file, key line prefix, tag): the value after the key is replaced.
    let fields = [
        ("report.yaml", "  recommender:", "推荐"),
        ("report.yaml", "  filled_by:", "填报"),
        ("report.yaml", "  name:", "名称"),
        ("report.yaml", "  field:", "领域"),
        ("report.yaml", "  standing_body:", "机构"),
        ("report.yaml", "  chairman:", "理事长"),
        ("report.yaml", "  address:", "地址"),
        ("members.yaml", "    role:", "作用"),
        ("tables/projects.yaml", "      - ", "合作"),
        ("tables/transfers.yaml", "    benefits:", "效益"),
        ("tables/achievements.yaml", "    note:", "备注"),
        ("tables/events.yaml", "    place:", "地点"),
        ("tables/platforms.yaml", "    builder:", "建设"),
        ("evidence/evidence.yaml", "    title:", "材料"),
    ];
    for (file, key, tag) in fields {
        let path = report.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let at = text.find(&format!("\n{key}")).unwrap_or_else(|| panic!("{file}: no “{key}”")) + 1;
        let end = text[at..].find('\n').map_or(text.len(), |n| at + n);
        let text = format!("{}{key} {}{}", &text[..at], quoted(tag), &text[end..]);
        std::fs::write(&path, text).unwrap();
    }
    // Inside the folded block scalar of the lead unit's opinion.
    let path = report.join("report.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let opinion = "  lead_unit: >-\n    ";
    assert!(text.contains(opinion), "report.yaml: the opinion is no longer a folded scalar");
    std::fs::write(&path, text.replacen(opinion, &format!("{opinion}{} ", value("意见")), 1)).unwrap();
    // Markdown blocks at the end of the answer to (1) of 二.
    let path = report.join("sections/operation.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let blocks = format!(
        "{}\n\n- {}\n\n| 甲 |\n|---|\n| {} |\n\n## {}\n\n# （2）",
        value("段落"),
        value("列表"),
        value("表格"),
        value("标题")
    );
    assert!(text.contains("\n# （2）"), "operation.md: no answer (2)");
    std::fs::write(&path, text.replacen("\n# （2）", &format!("\n{blocks}"), 1)).unwrap();

    let pdf = dir.join("report.pdf");
    let output = run(&["build".as_ref(), report.as_os_str(), "-o".as_ref(), pdf.as_os_str()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{} does not build:\n{stderr}", report.display());
    assert!(stderr.contains("不支持 HTML，已按原文显示：<label>"), "no warning about <label>:\n{stderr}");
    let text = pdf_text(&pdf);
    let tags = fields.iter().map(|f| f.2).chain(["意见", "段落", "列表", "表格", "标题"]);
    for tag in tags {
        let want = squeeze(&value(tag));
        let missing: Vec<&str> = match text.find(&format!("【{tag}】")) {
            _ if text.contains(&want) => continue,
            Some(at) => DANGEROUS.iter().copied().filter(|s| !text[at..].contains(&squeeze(s))).collect(),
            None => vec!["the whole value"],
        };
        panic!("【{tag}】: “{want}” is not in {} (missing {missing:?})", pdf.display());
    }
}

/// A value longer than a page, in every slot at once: the summary grid, a
/// table row and the opinion boxes, which are kept whole on one page, must
/// break across pages instead of running off the page (where a reader does
/// not see the text).
#[test]
fn values_longer_than_a_page_print_in_full() {
    let samples: Vec<Sample> = (0..SLOTS.len())
        .map(|i| Sample {
            // Boxes wider than a table cell need more to fill a page.
            text: (0..if SLOTS[i].starts_with("opinions") || SLOTS[i] == "md.image_alt" { 300 } else { 120 })
                .map(|n| format!("第{i}栏第{n}句，"))
                .chain(["\n下一段。".into()])
                .collect(),
            plain_in_markdown: true,
        })
        .collect();
    if let Err(e) = builds_and_prints("long", &samples) {
        panic!("{e}");
    }
}

/// A word far wider than its cell or the page, in every slot at once:
/// typst breaks lines only where Unicode allows (UAX #14), and the rest of
/// a word with no such place would run off the page. Words of letters, of
/// brackets or colons that glue to their neighbours, of quotes and commas
/// around single ideographs, of CJK punctuation without ideographs.
#[test]
fn words_wider_than_the_page_print_in_full() {
    let words = [
        (format!("https://example.com/{}", "abcdefghij".repeat(30)), true),
        ("{".repeat(150), true),
        ("、‘".repeat(100), true),
        ("#\"甲,".repeat(80), true),
        ("**```<br>&amp;".repeat(25), false),
        ("::".repeat(80), false),
    ];
    let samples: Vec<Sample> = (0..SLOTS.len())
        .map(|i| {
            let (text, plain) = &words[i % words.len()];
            Sample { text: text.clone(), plain_in_markdown: *plain }
        })
        .collect();
    if let Err(e) = builds_and_prints("wide", &samples) {
        panic!("{e}");
    }
}
