//! `alliance-report lsp`, driven in process over lsp-server's memory
//! connection as an editor drives it: the diagnostics of every file agree
//! with `check --format json` (count, line, column, rule), on the disk's
//! text and on unsaved text; completion, hover, a quick fix, go to
//! definition and the outline answer from the catalogue and the report.

use std::collections::BTreeMap;

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value as Json, json};

use super::*;

/// An editor's side of a session.
struct Client {
    connection: Connection,
    server: Option<std::thread::JoinHandle<anyhow::Result<()>>>,
    next: i32,
    /// The last diagnostics published for each file, by path relative to
    /// the report folder.
    diagnostics: BTreeMap<String, Vec<Json>>,
    root: PathBuf,
}

impl Client {
    /// Starts a server on `root`; `utf8`: the client offers UTF-8 positions.
    fn start(root: &Path, utf8: bool) -> (Client, Json) {
        let (client, server) = Connection::memory();
        let handle = std::thread::spawn(move || alliance_report::lsp::serve(&server));
        let mut client = Client {
            connection: client,
            server: Some(handle),
            next: 0,
            diagnostics: BTreeMap::new(),
            root: root.into(),
        };
        let encodings = if utf8 { json!(["utf-8", "utf-16"]) } else { json!(["utf-16"]) };
        let init = json!({
            "processId": null,
            "rootUri": client.uri(""),
            "capabilities": { "general": { "positionEncodings": encodings } },
        });
        let result = client.request("initialize", init);
        client.notify("initialized", json!({}));
        (client, result)
    }

    /// The URI a client sends for `rel`, percent-encoded here as editors
    /// do, not by the server's own `lsp::uri`: the test checks the server
    /// against a client's encoding.
    fn uri(&self, rel: &str) -> String {
        let path = std::fs::canonicalize(&self.root).unwrap().join(rel);
        let mut uri = String::from("file://");
        for b in path.to_str().unwrap().bytes() {
            match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'/' => uri.push(b as char),
                _ => uri.push_str(&format!("%{b:02X}")),
            }
        }
        uri
    }

    fn rel(&self, uri: &str) -> String {
        let prefix = self.uri("");
        uri.strip_prefix(&prefix).unwrap_or(uri).trim_start_matches('/').to_owned()
    }

    fn notify(&self, method: &str, params: Json) {
        let message = Message::Notification(Notification::new(method.to_owned(), params));
        self.connection.sender.send(message).unwrap();
    }

    /// Sends a request and waits for its answer, taking in the diagnostics
    /// published meanwhile (the server publishes what a change made before
    /// it answers).
    fn request(&mut self, method: &str, params: Json) -> Json {
        self.next += 1;
        let id = RequestId::from(self.next);
        let message = Message::Request(Request::new(id.clone(), method.to_owned(), params));
        self.connection.sender.send(message).unwrap();
        loop {
            let message = self.connection.receiver.recv_timeout(std::time::Duration::from_secs(60)).unwrap();
            match message {
                Message::Response(r) if r.id == id => {
                    assert!(r.error.is_none(), "{method}: {:?}", r.error);
                    return r.result.unwrap_or(Json::Null);
                }
                Message::Notification(n) if n.method == "textDocument/publishDiagnostics" => {
                    let file = self.rel(n.params["uri"].as_str().unwrap());
                    self.diagnostics.insert(file, n.params["diagnostics"].as_array().unwrap().clone());
                }
                _ => {}
            }
        }
    }

    fn open(&mut self, rel: &str, text: &str) {
        let doc = json!({ "uri": self.uri(rel), "languageId": "yaml", "version": 1, "text": text });
        self.notify("textDocument/didOpen", json!({ "textDocument": doc }));
    }

    fn change(&mut self, rel: &str, version: i32, text: &str) {
        let doc = json!({ "uri": self.uri(rel), "version": version });
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": doc, "contentChanges": [{ "text": text }] }),
        );
    }

    /// Waits until the server has taken in every change so far.
    fn settle(&mut self) {
        let params = json!({ "textDocument": { "uri": self.uri("report.yaml") } });
        self.request("textDocument/documentSymbol", params);
    }

    fn at(&self, rel: &str, line: usize, character: usize) -> Json {
        json!({ "textDocument": { "uri": self.uri(rel) }, "position": { "line": line, "character": character } })
    }

    /// (file, line, column in characters, rule) of every diagnostic shown,
    /// with `text` giving each file's lines.
    fn shown(&self, utf8: bool) -> Vec<(String, usize, usize, String)> {
        let mut out = Vec::new();
        for (file, list) in &self.diagnostics {
            let text = std::fs::read_to_string(self.root.join(file)).unwrap_or_default();
            for d in list {
                let start = &d["range"]["start"];
                let (line, unit) =
                    (start["line"].as_u64().unwrap() as usize, start["character"].as_u64().unwrap());
                let line_text = text.split('\n').nth(line).unwrap_or_default();
                let column = characters(line_text, unit as usize, utf8);
                let column = if d["range"]["end"] == d["range"]["start"] && line == 0 && column == 0 {
                    0
                } else {
                    column + 1
                };
                let line = if column == 0 { 0 } else { line + 1 };
                out.push((file.clone(), line, column, d["code"].as_str().unwrap().to_owned()));
            }
        }
        out.sort();
        out
    }

    fn stop(mut self) {
        self.request("shutdown", Json::Null);
        self.notify("exit", Json::Null);
        self.server.take().unwrap().join().unwrap().unwrap();
    }
}

/// How many characters `units` (UTF-8 bytes or UTF-16 units) of `line` are.
fn characters(line: &str, units: usize, utf8: bool) -> usize {
    let mut seen = 0;
    for (i, c) in line.chars().enumerate() {
        if seen >= units {
            return i;
        }
        seen += if utf8 { c.len_utf8() } else { c.len_utf16() };
    }
    line.chars().count()
}

/// (file, line, column, rule) of every problem `check --format json` finds.
fn checked(dir: &Path) -> Vec<(String, usize, usize, String)> {
    let output = run(&["check".as_ref(), dir.as_os_str(), "--format".as_ref(), "json".as_ref()]);
    let list: Vec<Json> = serde_json::from_slice(&output.stdout).unwrap();
    let mut out: Vec<_> = list
        .iter()
        .map(|d| {
            let file = d["file"].as_str().unwrap();
            let file = if file.is_empty() { "report.yaml" } else { file };
            let (line, column) =
                (d["line"].as_u64().unwrap() as usize, d["column"].as_u64().unwrap() as usize);
            // A problem with a line but no column stands at the line's text.
            (file.to_owned(), line, column, d["rule"].as_str().unwrap().to_owned())
        })
        .collect();
    out.sort();
    out
}

/// A copy of the example with a misspelt key (`tpye`), a member whose
/// name starts with 𬌗 (outside the BMP) and whose credit code has a wrong
/// check character, after it on the same line, and evidence that points
/// to a row that is not there.
fn broken(name: &str) -> PathBuf {
    let dir = scratch(&format!("lsp-{name}"));
    copy_dir(&example(), &dir);
    let members = dir.join("members.yaml");
    let text = std::fs::read_to_string(&members).unwrap();
    let text = text.replacen("    type: 企业\n", "    tpye: 企业\n", 1)
        + "  - {name: 𬌗山化工有限公司, code: \"91140100MA0WCGB72X\", type: 企业, role: 理事单位}\n";
    std::fs::write(&members, text).unwrap();
    // A rule across files: a row of 表4 that is not there.
    let evidence = dir.join("evidence/evidence.yaml");
    let text = std::fs::read_to_string(&evidence).unwrap();
    std::fs::write(
        &evidence,
        text.replacen("表4 第三届全国煤基炭材料创新发展研讨会", "表4 第三届全国煤基炭材料研讨会", 1),
    )
    .unwrap();
    dir
}

/// The diagnostics columns come out of the published ranges as check's,
/// with or without a column (a line-only problem starts at the line's text).
fn same_places(shown: &[(String, usize, usize, String)], expected: &[(String, usize, usize, String)]) {
    let key = |v: &[(String, usize, usize, String)]| -> Vec<(String, usize, usize, String)> {
        v.iter()
            .map(|(f, l, c, r)| (f.clone(), *l, if *c == 0 { usize::MAX } else { *c }, r.clone()))
            .collect()
    };
    let (mut a, mut b) = (key(shown), key(expected));
    // A line-only problem: compare its line alone.
    for (x, y) in a.iter_mut().zip(b.iter_mut()) {
        if y.2 == usize::MAX {
            x.2 = usize::MAX;
        }
    }
    assert_eq!(a, b);
}

#[test]
fn the_editor_shows_what_check_finds_in_every_file() {
    let dir = broken("every-file");
    let expected = checked(&dir);
    assert!(expected.iter().any(|d| d.0 == "members.yaml" && d.3 == "键名"), "{expected:?}");
    assert!(expected.iter().any(|d| d.0 == "evidence/evidence.yaml"), "a rule across files: {expected:?}");
    for utf8 in [false, true] {
        let (mut client, init) = Client::start(&dir, utf8);
        let encoding = if utf8 { "utf-8" } else { "utf-16" };
        assert_eq!(init["capabilities"]["positionEncoding"], encoding);
        client.settle();
        same_places(&client.shown(utf8), &expected);
        client.stop();
    }
}

#[test]
fn a_line_with_a_character_outside_the_bmp_is_measured_in_the_clients_units() {
    let dir = broken("bmp");
    let text = std::fs::read_to_string(dir.join("members.yaml")).unwrap();
    let line = text.lines().position(|l| l.contains('𬌗')).unwrap();
    // check points at the wrong check character; the range runs to the
    // end of the value.
    let wrong = text.lines().nth(line).unwrap().find("72X").unwrap() + 2;
    let before = &text.lines().nth(line).unwrap()[..wrong];
    for (utf8, expected) in [(false, before.encode_utf16().count()), (true, before.len())] {
        let (mut client, _) = Client::start(&dir, utf8);
        client.settle();
        let on_line: Vec<&Json> = client.diagnostics["members.yaml"]
            .iter()
            .filter(|d| d["range"]["start"]["line"] == line)
            .collect();
        let code =
            on_line.iter().find(|d| d["code"] == "统一社会信用代码校验").expect("the credit code's problem");
        assert_eq!(code["range"]["start"]["character"], expected, "utf8: {utf8}");
        assert_eq!(code["range"]["end"]["character"], expected + 2, "utf8: {utf8}");
        client.stop();
    }
}

#[test]
fn unsaved_text_is_checked_and_a_fixed_file_is_cleared() {
    let dir = broken("unsaved");
    let (mut client, _) = Client::start(&dir, false);
    client.settle();
    assert!(!client.diagnostics["members.yaml"].is_empty());
    // The editor holds the example's members.yaml, unsaved: its problems
    // are cleared; the evidence's, in a file not open, stay.
    let fixed = std::fs::read_to_string(example().join("members.yaml")).unwrap();
    client.open("members.yaml", &fixed);
    client.settle();
    assert_eq!(client.diagnostics["members.yaml"], Vec::<Json>::new());
    assert_eq!(client.diagnostics["evidence/evidence.yaml"].len(), 1);
    // Typed again, the misspelt key comes back.
    client.change("members.yaml", 2, &fixed.replacen("    type:", "    tpye:", 1));
    client.settle();
    let keys = client.diagnostics["members.yaml"].iter().filter(|d| d["code"] == "键名").count();
    assert_eq!(keys, 1);
    client.stop();
}

#[test]
fn completion_hover_and_a_quick_fix_come_from_the_form() {
    let dir = broken("completion");
    let (mut client, _) = Client::start(&dir, false);
    let text = std::fs::read_to_string(dir.join("members.yaml")).unwrap();
    let line = text.lines().position(|l| l.starts_with("    tpye:")).unwrap();
    client.open("members.yaml", &text);
    client.settle();

    // Keys of a member, in the form's order, with the form's labels.
    let typing = text.replacen("    tpye: 企业\n", "    tpye: 企业\n    \n", 1);
    client.change("members.yaml", 2, &typing);
    let items = client.request("textDocument/completion", client.at("members.yaml", line + 1, 4));
    let labels: Vec<&str> = items.as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap()).collect();
    let keys: Vec<&str> = alliance_report::form::MEMBERS.fields.iter().map(|f| f.key).collect();
    assert_eq!(labels, keys);
    assert_eq!(items[0]["detail"], alliance_report::form::MEMBERS.fields[0].label);
    // The words of 单位类型.
    let next_type = typing.lines().enumerate().filter(|(_, l)| l.starts_with("    type:")).nth(1).unwrap().0;
    let items = client.request("textDocument/completion", client.at("members.yaml", next_type, 10));
    let labels: Vec<&str> = items.as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert_eq!(labels, alliance_report::form::MEMBER_TYPES);
    // After a new item's `- `, a whole row: every key in the form's order.
    let typing = text.replacen("members:\n", "members:\n  - \n", 1);
    client.change("members.yaml", 3, &typing);
    let row = typing.lines().position(|l| l == "  - ").unwrap();
    let items = client.request("textDocument/completion", client.at("members.yaml", row, 4));
    let snippet = items[0]["textEdit"]["newText"].as_str().unwrap();
    let keys: Vec<&str> = snippet.lines().map(|l| l.trim().split(':').next().unwrap()).collect();
    let expected: Vec<&str> = alliance_report::form::MEMBERS.fields.iter().map(|f| f.key).collect();
    assert_eq!(keys, expected, "{snippet}");
    assert!(snippet.lines().skip(1).all(|l| l.starts_with("    ") && !l.starts_with("     ")), "{snippet}");
    client.change("members.yaml", 4, &text);

    // Hover on a key: its label and table.
    let type_line = text.lines().position(|l| l.starts_with("    type:")).unwrap();
    let hover = client.request("textDocument/hover", client.at("members.yaml", type_line, 5));
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(shown.contains("单位类型") && shown.contains("五"), "{shown}");
    assert!(shown.contains("企业、大学") && shown.contains("固定选项"), "{shown}");

    // The quick fix for the misspelt key puts `type` in its place.
    let range = json!({ "start": { "line": line, "character": 4 }, "end": { "line": line, "character": 4 } });
    let params = json!({
        "textDocument": { "uri": client.uri("members.yaml") },
        "range": range,
        "context": { "diagnostics": [] },
    });
    let actions = client.request("textDocument/codeAction", params);
    let edits = &actions[0]["edit"]["changes"][client.uri("members.yaml")];
    assert_eq!(edits[0]["newText"], "type");
    assert_eq!(edits[0]["range"]["start"], json!({ "line": line, "character": 4 }));
    assert_eq!(edits[0]["range"]["end"], json!({ "line": line, "character": 8 }));

    // The credit code's wrong check character, replaced by the right one.
    let (line, code) = text.lines().enumerate().find(|(_, l)| l.contains('𬌗')).unwrap();
    let x = code[..code.find("72X").unwrap() + 2].encode_utf16().count();
    let range = json!({ "start": { "line": line, "character": x }, "end": { "line": line, "character": x } });
    let params = json!({
        "textDocument": { "uri": client.uri("members.yaml") },
        "range": range,
        "context": { "diagnostics": [] },
    });
    let actions = client.request("textDocument/codeAction", params);
    let edit = &actions[0]["edit"]["changes"][client.uri("members.yaml")][0];
    assert_eq!(edit["range"]["end"]["character"], x + 1, "{actions}");
    let fixed = format!("91140100MA0WCGB72{}", edit["newText"].as_str().unwrap());
    assert_eq!(alliance_report::check::formats::credit_code_check_char(&fixed[..17]), fixed.chars().nth(17));
    client.stop();
}

#[test]
fn a_supports_entry_leads_to_its_row_and_the_outline_lists_rows_by_name() {
    let (mut client, _) = Client::start(&example(), false);
    let text = std::fs::read_to_string(example().join("evidence/evidence.yaml")).unwrap();
    client.open("evidence/evidence.yaml", &text);
    client.settle();
    let (line, l) = text.lines().enumerate().find(|(_, l)| l.contains("supports: [表4 第三届")).unwrap();
    let character = l[..l.find("表4").unwrap() + 4].encode_utf16().count();
    let hover = client.request("textDocument/hover", client.at("evidence/evidence.yaml", line, character));
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(shown.contains("第三届全国煤基炭材料创新发展研讨会") && shown.contains("表4"), "{shown}");
    let target =
        client.request("textDocument/definition", client.at("evidence/evidence.yaml", line, character));
    assert_eq!(target["uri"], client.uri("tables/events.yaml"));
    let events = std::fs::read_to_string(example().join("tables/events.yaml")).unwrap();
    let row_line = target["range"]["start"]["line"].as_u64().unwrap() as usize;
    let near: String = events.lines().skip(row_line).take(3).collect();
    assert!(near.contains("第三届全国煤基炭材料创新发展研讨会"), "{near}");

    // A unit of 表1 is completed from the members' names; a file of an item
    // from the evidence folder's files not listed yet.
    let projects = std::fs::read_to_string(example().join("tables/projects.yaml")).unwrap();
    let line = projects.lines().position(|l| l.trim_start().starts_with("lead_unit:")).unwrap();
    let items = client.request("textDocument/completion", client.at("tables/projects.yaml", line, 15));
    let labels: Vec<&str> = items.as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert!(labels.contains(&"晋源煤基新材料股份有限公司") && labels.contains(&"汾河工业大学"), "{labels:?}");
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": client.uri("members.yaml") } }),
    );
    assert_eq!(symbols[0]["name"], "晋源煤基新材料股份有限公司");
    // In a narrative file, the questions answered, as the form asks them.
    let questions = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": client.uri("sections/operation.md") } }),
    );
    let first =
        alliance_report::form::EDITIONS[0].prompts(alliance_report::form::SectionPart::Operation)[0].text;
    assert_eq!(questions[0]["name"], first);
    let operation = std::fs::read_to_string(example().join("sections/operation.md")).unwrap();
    let line = questions[0]["range"]["start"]["line"].as_u64().unwrap() as usize;
    assert!(operation.lines().nth(line).unwrap().starts_with('#'), "{questions}");
    client.stop();
}

#[test]
fn the_quick_fixes_quote_a_number_and_delete_an_invisible_character() {
    let (mut client, _) = Client::start(&example(), false);
    let report = std::fs::read_to_string(example().join("report.yaml")).unwrap();
    let report = report.replacen("standing_body_postcode: \"030025\"", "standing_body_postcode: 030025", 1);
    client.open("report.yaml", &report);
    let members = std::fs::read_to_string(example().join("members.yaml")).unwrap();
    let members = members.replacen("9114010905142919X6", "91140109\u{200B}05142919X6", 1);
    client.open("members.yaml", &members);
    client.settle();
    let fix = |client: &mut Client, rel: &str, text: &str, needle: &str| -> Json {
        let (line, l) = text.lines().enumerate().find(|(_, l)| l.contains(needle)).unwrap();
        let at = l[..l.find(needle).unwrap()].encode_utf16().count();
        let range =
            json!({ "start": { "line": line, "character": at }, "end": { "line": line, "character": at } });
        let params = json!({ "textDocument": { "uri": client.uri(rel) }, "range": range, "context": { "diagnostics": [] } });
        let actions = client.request("textDocument/codeAction", params);
        actions[0]["edit"]["changes"][client.uri(rel)][0].clone()
    };
    let quoted = fix(&mut client, "report.yaml", &report, "030025");
    assert_eq!(quoted["newText"], "\"030025\"");
    let deleted = fix(&mut client, "members.yaml", &members, "\u{200B}");
    assert_eq!(deleted["newText"], "");
    let (start, end) = (&deleted["range"]["start"]["character"], &deleted["range"]["end"]["character"]);
    assert_eq!((start.as_u64().unwrap() + 1, end.as_u64().unwrap()), (end.as_u64().unwrap(), 20));
    client.stop();
}
