// Starts `alliance-report lsp` for each report folder of the workspace (a
// folder holding report.yaml): the server is the checker itself, so the
// editor shows what `alliance-report check` and CI say.

import * as path from "path";
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";

const clients = new Map<string, LanguageClient>();

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  await startAll();
  const watcher = vscode.workspace.createFileSystemWatcher("**/report.yaml");
  watcher.onDidCreate(() => startAll());
  context.subscriptions.push(watcher);
  context.subscriptions.push(
    vscode.commands.registerCommand("allianceReport.restart", async () => {
      await stopAll();
      await startAll();
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("allianceReport.path")) {
        await stopAll();
        await startAll();
      }
    }),
  );
}

export async function deactivate(): Promise<void> {
  await stopAll();
}

/** Starts a server for every report folder that has none yet. */
async function startAll(): Promise<void> {
  const marks = await vscode.workspace.findFiles("**/report.yaml", "**/node_modules/**");
  for (const mark of marks) {
    const folder = path.dirname(mark.fsPath);
    if (!clients.has(folder)) {
      await start(folder);
    }
  }
}

async function start(folder: string): Promise<void> {
  const command = vscode.workspace.getConfiguration("allianceReport").get<string>("path") || "alliance-report";
  const serverOptions: ServerOptions = { command, args: ["lsp"] };
  const pattern = `${folder.replace(/\\/g, "/")}/**/*.{yaml,yml,md}`;
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: "file", pattern }],
    workspaceFolder: { uri: vscode.Uri.file(folder), name: path.basename(folder), index: 0 },
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, "**/*")) },
  };
  const client = new LanguageClient("alliance-report", `联盟报告（${path.basename(folder)}）`, serverOptions, clientOptions);
  clients.set(folder, client);
  try {
    await client.start();
  } catch (error) {
    clients.delete(folder);
    vscode.window.showErrorMessage(
      `无法启动 ${command} lsp：${String(error)}。请安装 alliance-report，或在设置 allianceReport.path 中写明它的路径。`,
    );
  }
}

async function stopAll(): Promise<void> {
  const stopping = [...clients.values()].map((client) => client.stop());
  clients.clear();
  await Promise.allSettled(stopping);
}
