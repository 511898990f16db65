"""A minimal Language Server Protocol client over stdio, enough to drive
yaml-language-server as VS Code's YAML extension does: open a file, wait for
its diagnostics, ask for a hover and for completions.

    with Server(["node", ".../yaml-language-server", "--stdio"], root) as s:
        diagnostics = s.diagnostics(path)
"""

import json
import pathlib
import queue
import subprocess
import threading
import time

# What the YAML extension sends as settings; the locale stays English, so
# that a message of the server's own shows as the English it is.
SETTINGS = {
    "validate": True,
    "hover": True,
    "completion": True,
    "format": {"enable": False},
    "schemaStore": {"enable": False},
}


class Server:
    def __init__(self, command, root):
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.next_id = 0
        self.replies = {}
        self.published = {}
        self.events = queue.Queue()
        self.versions = {}
        threading.Thread(target=self._read, daemon=True).start()
        self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": pathlib.Path(root).resolve().as_uri(),
                "locale": "en",
                "capabilities": {
                    "workspace": {"configuration": True},
                    "textDocument": {
                        "hover": {"contentFormat": ["markdown", "plaintext"]},
                        "completion": {"completionItem": {"snippetSupport": True}},
                        "publishDiagnostics": {},
                    },
                },
            },
        )
        self.notify("initialized", {})

    def __enter__(self):
        return self

    def __exit__(self, *_):
        try:
            self.request("shutdown", None, timeout=5)
            self.notify("exit", None)
        except Exception:
            pass
        self.process.kill()
        self.process.wait()

    def _send(self, message):
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def _read(self):
        stream = self.process.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            message = json.loads(stream.read(length))
            if "method" in message and "id" in message:
                self._answer(message)
            elif "method" in message:
                if message["method"] == "textDocument/publishDiagnostics":
                    p = message["params"]
                    self.published[p["uri"]] = (p.get("version"), p["diagnostics"])
                    self.events.put(p["uri"])
            else:
                self.replies[message["id"]] = message
                self.events.put(message["id"])

    def _answer(self, message):
        result = None
        if message["method"] == "workspace/configuration":
            result = [SETTINGS if i.get("section") == "yaml" else {} for i in message["params"]["items"]]
        self._send({"jsonrpc": "2.0", "id": message["id"], "result": result})

    def notify(self, method, params):
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params, timeout=30):
        self.next_id += 1
        id = self.next_id
        self._send({"jsonrpc": "2.0", "id": id, "method": method, "params": params})
        deadline = time.time() + timeout
        while id not in self.replies:
            if time.time() > deadline:
                raise TimeoutError(method)
            try:
                self.events.get(timeout=0.1)
            except queue.Empty:
                pass
        reply = self.replies.pop(id)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply["result"]

    def open(self, path, text):
        """Opens (or replaces) the file `path` with `text`; returns its URI."""
        uri = pathlib.Path(path).resolve().as_uri()
        version = self.versions.get(uri, 0) + 1
        self.versions[uri] = version
        self.published.pop(uri, None)
        if version == 1:
            document = {"uri": uri, "languageId": "yaml", "version": version, "text": text}
            self.notify("textDocument/didOpen", {"textDocument": document})
        else:
            self.notify(
                "textDocument/didChange",
                {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]},
            )
        return uri

    def diagnostics(self, path, text, timeout=30):
        """The diagnostics of `path` holding `text`, once the server has
        judged that version against its schema."""
        uri = self.open(path, text)
        deadline = time.time() + timeout
        while True:
            got = self.published.get(uri)
            if got is not None and got[0] in (None, self.versions[uri]):
                # The first publication can come before the schema is read:
                # wait a moment for a second one.
                settle = time.time() + 0.3
                while time.time() < settle:
                    try:
                        self.events.get(timeout=0.1)
                    except queue.Empty:
                        pass
                return self.published[uri][1]
            if time.time() > deadline:
                raise TimeoutError(f"no diagnostics for {path}")
            try:
                self.events.get(timeout=0.1)
            except queue.Empty:
                pass

    def hover(self, uri, line, character):
        params = {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}
        result = self.request("textDocument/hover", params)
        if not result:
            return ""
        contents = result["contents"]
        return contents["value"] if isinstance(contents, dict) else str(contents)

    def completion(self, uri, line, character):
        params = {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}
        result = self.request("textDocument/completion", params)
        return result["items"] if isinstance(result, dict) else (result or [])
