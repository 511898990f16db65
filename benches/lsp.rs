//! The language server's latency: from a keystroke's `didChange` to the
//! `publishDiagnostics` it brings, on the example report, in process over
//! lsp-server's memory connection (the debounce included). Each change
//! alternates members.yaml between a misspelt key and the right one, so
//! that every change publishes (problems, then none).
//!
//! Run: `cargo bench --bench lsp` (the figure is in the README).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::json;

fn example() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("example-report")
}

/// The `file:` URI of `rel` in the example, as the server writes them.
fn uri(rel: &str) -> String {
    let path = example().canonicalize().unwrap().join(rel);
    alliance_report::lsp::uri::from_path(&path).expect("an absolute path").as_str().to_owned()
}

fn send(connection: &Connection, method: &str, params: serde_json::Value) {
    let message = Message::Notification(Notification::new(method.to_owned(), params));
    connection.sender.send(message).unwrap();
}

/// Waits for the answer to request `id`.
fn answer(connection: &Connection, id: i32) {
    loop {
        if let Message::Response(r) = connection.receiver.recv().unwrap()
            && r.id == RequestId::from(id)
        {
            return;
        }
    }
}

fn latency(c: &mut Criterion) {
    let (client, server) = Connection::memory();
    let thread = std::thread::spawn(move || alliance_report::lsp::serve(&server));
    let init = json!({ "processId": null, "rootUri": uri(""), "capabilities": {} });
    client
        .sender
        .send(Message::Request(Request::new(RequestId::from(1), "initialize".into(), init)))
        .unwrap();
    answer(&client, 1);
    send(&client, "initialized", json!({}));
    let members = uri("members.yaml");
    let right = std::fs::read_to_string(example().join("members.yaml")).unwrap();
    let wrong = right.replacen("    type:", "    tpye:", 1);
    let doc = json!({ "uri": members, "languageId": "yaml", "version": 1, "text": right });
    send(&client, "textDocument/didOpen", json!({ "textDocument": doc }));
    let mut version = 1;
    let mut group = c.benchmark_group("lsp");
    group.sample_size(30);
    group.bench_function("didChange to publishDiagnostics (example)", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                version += 1;
                let text = if version % 2 == 0 { &wrong } else { &right };
                let doc = json!({ "uri": members, "version": version });
                let started = Instant::now();
                send(
                    &client,
                    "textDocument/didChange",
                    json!({ "textDocument": doc, "contentChanges": [{ "text": text }] }),
                );
                loop {
                    if let Message::Notification(n) = client.receiver.recv().unwrap()
                        && n.method == "textDocument/publishDiagnostics"
                        && n.params["uri"] == members
                    {
                        break;
                    }
                }
                total += started.elapsed();
            }
            total
        })
    });
    group.finish();
    client
        .sender
        .send(Message::Request(Request::new(RequestId::from(2), "shutdown".into(), json!(null))))
        .unwrap();
    answer(&client, 2);
    send(&client, "exit", json!(null));
    thread.join().unwrap().unwrap();
}

criterion_group!(benches, latency);
criterion_main!(benches);
