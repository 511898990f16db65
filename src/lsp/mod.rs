//! `alliance-report lsp`: a language server over stdio, so that the editor
//! judges as `check` does. Its diagnostics are `check`'s own, for every file
//! of the report folder, recomputed on the unsaved text of the open files
//! (laid over the folder through [`load::Source`]) a moment after the last
//! keystroke; no typst compile runs in the loop.
//!
//! Steps of a session: the handshake (the position encoding agreed:
//! UTF-8 when the client offers it, else UTF-16); then one loop over the
//! client's messages: open, changed and closed files mark the report for a
//! new check after [`DEBOUNCE`]; requests are answered from the open text
//! and the last load ([`features`]). A panic while answering becomes an
//! error response and a line on standard error, and the server goes on.

mod context;
mod diagnostics;
mod features;
pub mod position;
pub mod uri;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self as note, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{
    CodeActionProviderCapability, CompletionOptions, HoverProviderCapability, InitializeParams,
    InitializeResult, OneOf, PublishDiagnosticsParams, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, Uri,
};

use crate::compile::Fonts;
use crate::model::{Assets, Report};
use crate::{Checked, load};
use position::Encoding;

/// How long after the last change the report is checked again: a burst
/// of keystrokes costs one check.
pub const DEBOUNCE: Duration = Duration::from_millis(15);

/// The file whose presence marks a report folder.
const MARK: &str = "report.yaml";

/// Serves one client over standard input and output until it exits.
pub fn stdio() -> Result<()> {
    let (connection, threads) = Connection::stdio();
    serve(&connection)?;
    drop(connection);
    threads.join().context("语言服务器的输入输出中断")?;
    Ok(())
}

/// Serves one client on `connection`: the handshake, then every message
/// until `exit`.
pub fn serve(connection: &Connection) -> Result<()> {
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = serde_json::from_value(params).context("无法读取编辑器的初始化参数")?;
    let offered = params.capabilities.general.as_ref().and_then(|g| g.position_encodings.as_deref());
    let encoding = Encoding::negotiate(offered);
    let result = InitializeResult {
        capabilities: capabilities(encoding),
        server_info: Some(ServerInfo {
            name: "alliance-report".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        }),
    };
    connection.initialize_finish(id, serde_json::to_value(result)?)?;
    let mut server = Server::new(workspace(&params), encoding);
    server.run(connection)
}

fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some([":", " ", "[", ",", "/"].map(str::to_owned).to_vec()),
            ..Default::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        ..Default::default()
    }
}

/// The report folder of the workspace, when the client names one that holds
/// `report.yaml`.
#[allow(deprecated)] // root_uri: what clients without workspace folders send.
fn workspace(params: &InitializeParams) -> Option<PathBuf> {
    let folders = params.workspace_folders.iter().flatten().map(|f| &f.uri);
    folders.chain(params.root_uri.as_ref()).filter_map(uri::to_path).find(|p| p.join(MARK).is_file())
}

/// The report folder that holds `file`: the nearest folder upwards with
/// `report.yaml`.
fn folder_of(file: &Path) -> Option<PathBuf> {
    file.ancestors().skip(1).find(|a| a.join(MARK).is_file()).map(Path::to_path_buf)
}

/// One session's state.
struct Server {
    root: Option<PathBuf>,
    encoding: Encoding,
    fonts: Fonts,
    /// The open files inside the report folder, by path relative to it:
    /// the client's URI and the unsaved text.
    open: BTreeMap<String, (Uri, String)>,
    /// The last check.
    checked: Option<Checked>,
    /// The report of the last load that read it whole (a half-typed file
    /// leaves the last good one for completion and hover).
    report: Option<Report>,
    /// The files the last whole load read, taken again instead of read.
    assets: Option<Assets>,
    /// What each file shows, to clear when it has no problems left and to
    /// send again only when it changed.
    published: BTreeMap<String, Vec<lsp_types::Diagnostic>>,
    /// Files opened since, whose problems go again, changed or not.
    reopened: BTreeSet<String>,
    /// When the report is to be checked again.
    due: Option<Instant>,
    /// The client asked the server to shut down; it waits for `exit`.
    shut: bool,
}

impl Server {
    fn new(root: Option<PathBuf>, encoding: Encoding) -> Server {
        let due = root.as_ref().map(|_| Instant::now());
        Server {
            root,
            encoding,
            fonts: Fonts::embedded(),
            open: BTreeMap::new(),
            checked: None,
            report: None,
            assets: None,
            published: BTreeMap::new(),
            reopened: BTreeSet::new(),
            due,
            shut: false,
        }
    }

    fn run(&mut self, connection: &Connection) -> Result<()> {
        loop {
            let message = match self.due {
                Some(due) => match connection.receiver.recv_deadline(due) {
                    Ok(message) => message,
                    Err(e) if e.is_timeout() => {
                        self.check(connection)?;
                        continue;
                    }
                    Err(_) => return Ok(()),
                },
                None => match connection.receiver.recv() {
                    Ok(message) => message,
                    Err(_) => return Ok(()),
                },
            };
            match message {
                Message::Request(request) if request.method == req::Shutdown::METHOD => {
                    // The client ends with `exit`; a second `shutdown` (a
                    // client that stops twice) is answered alike.
                    self.shut = true;
                    connection.sender.send(Message::Response(Response::new_ok(request.id, ())))?;
                }
                Message::Request(request) if self.shut => {
                    let refused = Response::new_err(
                        request.id,
                        ErrorCode::InvalidRequest as i32,
                        "语言服务器正在关闭".to_owned(),
                    );
                    connection.sender.send(Message::Response(refused))?;
                }
                Message::Request(request) => {
                    // An answer reads the text as it is now.
                    if self.due.is_some() {
                        self.check(connection)?;
                    }
                    let id = request.id.clone();
                    let response = guarded(id.clone(), || self.answer(request));
                    connection.sender.send(Message::Response(response))?;
                }
                Message::Notification(notification) => {
                    if notification.method == note::Exit::METHOD {
                        return Ok(());
                    }
                    if let Err(err) = guarded_note(|| self.notice(notification)) {
                        eprintln!("alliance-report lsp：{err:#}");
                    }
                }
                Message::Response(_) => {}
            }
        }
    }

    /// Takes in a change of the files: marks the report for a new check.
    fn notice(&mut self, notification: Notification) -> Result<()> {
        match notification.method.as_str() {
            note::DidOpenTextDocument::METHOD => {
                let params: lsp_types::DidOpenTextDocumentParams =
                    serde_json::from_value(notification.params)?;
                let doc = params.text_document;
                // Its problems go again under the client's own URI.
                if let Some(rel) = self.rel(&doc.uri) {
                    self.reopened.insert(rel);
                }
                self.hold(doc.uri, doc.text);
            }
            note::DidChangeTextDocument::METHOD => {
                let params: lsp_types::DidChangeTextDocumentParams =
                    serde_json::from_value(notification.params)?;
                // Full sync: the last change is the whole text.
                if let Some(change) = params.content_changes.into_iter().last() {
                    self.hold(params.text_document.uri, change.text);
                }
            }
            note::DidCloseTextDocument::METHOD => {
                let params: lsp_types::DidCloseTextDocumentParams =
                    serde_json::from_value(notification.params)?;
                if let Some(rel) = self.rel(&params.text_document.uri) {
                    self.open.remove(&rel);
                    self.soon();
                }
            }
            note::DidSaveTextDocument::METHOD | note::DidChangeWatchedFiles::METHOD => {
                // A file changed on disk (an evidence scan replaced): read all again.
                self.assets = None;
                self.soon();
            }
            _ => {}
        }
        Ok(())
    }

    /// Holds the unsaved `text` of the file at `uri`.
    fn hold(&mut self, uri: Uri, text: String) {
        if self.root.is_none() {
            self.root = uri::to_path(&uri).as_deref().and_then(folder_of);
        }
        if let Some(rel) = self.rel(&uri) {
            self.open.insert(rel, (uri, text));
            self.soon();
        }
    }

    fn soon(&mut self) {
        if self.root.is_some() {
            self.due = Some(Instant::now() + DEBOUNCE);
        }
    }

    /// The path of `uri` relative to the report folder, with `/`, when it
    /// lies inside it.
    fn rel(&self, uri: &Uri) -> Option<String> {
        let path = uri::to_path(uri)?;
        let rel = path.strip_prefix(self.root.as_ref()?).ok()?;
        let rel = rel.to_str()?.replace('\\', "/");
        load::paths::is_plain(&rel).then_some(rel)
    }

    /// The report as the editor holds it: the folder with the open files
    /// laid over it.
    fn source(&self) -> Option<load::Source> {
        let mut source = load::Source::disk(self.root.as_ref()?);
        for (rel, (_, text)) in &self.open {
            source.insert(rel, text.as_bytes());
        }
        Some(source)
    }

    /// Checks the report again and publishes what changed.
    fn check(&mut self, connection: &Connection) -> Result<()> {
        self.due = None;
        let Some(source) = self.source() else { return Ok(()) };
        let (fonts, assets) = (&self.fonts, self.assets.as_ref());
        let mut checked = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            crate::check_from(&source, assets, fonts)
        })) {
            Ok(Ok(checked)) => checked,
            Ok(Err(err)) => {
                eprintln!("alliance-report lsp：{err:#}");
                return Ok(());
            }
            Err(_) => {
                eprintln!("alliance-report lsp：检查时程序出错（上面是详情），保留上一次的结果");
                return Ok(());
            }
        };
        self.publish(connection, &checked)?;
        if let Some(report) = checked.report.take() {
            self.assets = Some(report.assets.clone());
            self.report = Some(report);
        }
        self.checked = Some(checked);
        Ok(())
    }

    /// Sends each file's problems where they changed, and an empty list to
    /// each file that had some and has none now.
    fn publish(&mut self, connection: &Connection, checked: &Checked) -> Result<()> {
        let mut by_file: BTreeMap<String, Vec<&crate::diag::Diagnostic>> = BTreeMap::new();
        for d in &checked.diagnostics {
            let file = d.file.to_string_lossy().replace('\\', "/");
            // A problem of the whole folder shows on report.yaml.
            let file = if file.is_empty() { MARK.to_owned() } else { file };
            by_file.entry(file).or_default().push(d);
        }
        let cleared: Vec<String> =
            self.published.keys().filter(|f| !by_file.contains_key(*f)).cloned().collect();
        let mut published = BTreeMap::new();
        for file in cleared.iter().chain(by_file.keys()) {
            let text = checked.sources.text(file);
            let tree = text.and_then(|t| diagnostics::tree_of(file, t));
            let list = by_file.get(file).map(Vec::as_slice).unwrap_or_default();
            let diagnostics: Vec<lsp_types::Diagnostic> =
                list.iter().map(|d| diagnostics::to_lsp(d, text, tree.as_ref(), self.encoding)).collect();
            let changed = self.published.get(file) != Some(&diagnostics) || self.reopened.contains(file);
            if changed && let Some(uri) = self.uri_of(file) {
                let params =
                    PublishDiagnosticsParams { uri, diagnostics: diagnostics.clone(), version: None };
                let message = Notification::new(note::PublishDiagnostics::METHOD.to_owned(), params);
                connection.sender.send(Message::Notification(message))?;
            }
            if !diagnostics.is_empty() {
                published.insert(file.clone(), diagnostics);
            }
        }
        self.published = published;
        self.reopened.clear();
        Ok(())
    }

    /// The URI of the report's file `rel`: the client's own for an open file.
    fn uri_of(&self, rel: &str) -> Option<Uri> {
        match self.open.get(rel) {
            Some((uri, _)) => Some(uri.clone()),
            None => uri::from_path(&self.root.as_ref()?.join(rel)),
        }
    }

    /// The answer to a request.
    fn answer(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        let result = match request.method.as_str() {
            req::Completion::METHOD => self.with_doc::<req::Completion>(request, |doc, params| {
                let at = doc.encoding.offset(doc.text, params.text_document_position.position);
                Some(lsp_types::CompletionResponse::Array(features::completion(doc, at)))
            }),
            req::HoverRequest::METHOD => self.with_doc::<req::HoverRequest>(request, |doc, params| {
                let at = doc.encoding.offset(doc.text, params.text_document_position_params.position);
                features::hover(doc, at)
            }),
            req::GotoDefinition::METHOD => {
                let root = self.root.clone();
                let open: BTreeMap<String, Uri> =
                    self.open.iter().map(|(k, (u, _))| (k.clone(), u.clone())).collect();
                self.with_doc::<req::GotoDefinition>(request, |doc, params| {
                    let at = doc.encoding.offset(doc.text, params.text_document_position_params.position);
                    let (file, range) = features::definition(doc, at)?;
                    let uri =
                        open.get(&file).cloned().or_else(|| uri::from_path(&root.as_ref()?.join(&file)))?;
                    let location = lsp_types::Location::new(uri, range.unwrap_or_default());
                    Some(lsp_types::GotoDefinitionResponse::Scalar(location))
                })
            }
            req::DocumentSymbolRequest::METHOD => self
                .with_doc::<req::DocumentSymbolRequest>(request, |doc, _| {
                    Some(lsp_types::DocumentSymbolResponse::Nested(features::symbols(doc)))
                }),
            req::CodeActionRequest::METHOD => {
                let found = self.checked.as_ref().map(|c| c.diagnostics.clone()).unwrap_or_default();
                self.with_doc::<req::CodeActionRequest>(request, |doc, params| {
                    let actions =
                        features::code_actions(doc, &params.text_document.uri, params.range, &found);
                    Some(actions.into_iter().map(lsp_types::CodeActionOrCommand::CodeAction).collect())
                })
            }
            other => Err((ErrorCode::MethodNotFound, format!("不支持的请求 {other}"))),
        };
        match result {
            Ok(value) => Response::new_ok(id, value),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        }
    }

    /// Runs `answer` on the document a request of kind `R` names.
    fn with_doc<R>(
        &self,
        request: Request,
        answer: impl FnOnce(&features::Doc, R::Params) -> R::Result,
    ) -> std::result::Result<serde_json::Value, (ErrorCode, String)>
    where
        R: lsp_types::request::Request,
        R::Params: serde::de::DeserializeOwned + DocumentOf,
        R::Result: serde::Serialize,
    {
        let params: R::Params = serde_json::from_value(request.params)
            .map_err(|e| (ErrorCode::InvalidParams, format!("请求的参数不对：{e}")))?;
        let uri = params.document().clone();
        let Some(rel) = self.rel(&uri) else { return Ok(serde_json::Value::Null) };
        let disk;
        let text = match self.open.get(&rel) {
            Some((_, text)) => text.as_str(),
            None => {
                disk = self
                    .root
                    .as_ref()
                    .and_then(|r| std::fs::read_to_string(r.join(&rel)).ok())
                    .unwrap_or_default();
                disk.as_str()
            }
        };
        let doc = features::Doc { rel: &rel, text, encoding: self.encoding, report: self.report.as_ref() };
        let result = answer(&doc, params);
        Ok(serde_json::to_value(result).unwrap_or_default())
    }
}

/// The document a request is about.
trait DocumentOf {
    fn document(&self) -> &Uri;
}

impl DocumentOf for lsp_types::CompletionParams {
    fn document(&self) -> &Uri {
        &self.text_document_position.text_document.uri
    }
}

impl DocumentOf for lsp_types::HoverParams {
    fn document(&self) -> &Uri {
        &self.text_document_position_params.text_document.uri
    }
}

impl DocumentOf for lsp_types::GotoDefinitionParams {
    fn document(&self) -> &Uri {
        &self.text_document_position_params.text_document.uri
    }
}

impl DocumentOf for lsp_types::DocumentSymbolParams {
    fn document(&self) -> &Uri {
        &self.text_document.uri
    }
}

impl DocumentOf for lsp_types::CodeActionParams {
    fn document(&self) -> &Uri {
        &self.text_document.uri
    }
}

/// `answer()`'s response, or, when it panics, an error response: one
/// request that trips a bug must not end the session.
fn guarded(id: RequestId, answer: impl FnOnce() -> Response) -> Response {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(answer)).unwrap_or_else(|_| {
        eprintln!("alliance-report lsp：回答请求时程序出错（上面是详情），继续服务");
        Response::new_err(
            id,
            ErrorCode::InternalError as i32,
            "alliance-report 处理这个请求时出错".to_owned(),
        )
    })
}

/// `notice()`, with a panic turned into an error.
fn guarded_note(notice: impl FnOnce() -> Result<()>) -> Result<()> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(notice))
        .unwrap_or_else(|_| Err(anyhow::anyhow!("处理通知时程序出错（上面是详情），继续服务")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_while_answering_becomes_an_error_response() {
        let response = guarded(RequestId::from(7), || panic!("a bug"));
        assert_eq!(response.id, RequestId::from(7));
        assert_eq!(response.error.map(|e| e.code), Some(ErrorCode::InternalError as i32));
        assert!(guarded_note(|| panic!("a bug")).is_err());
    }
}
