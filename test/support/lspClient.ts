import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export const SERVER = path.resolve(__dirname, '..', '..', 'dist', 'server.js');

/**
 * A minimal LSP client that drives the bundled server over stdio exactly as an
 * editor does: initialize, open/change documents, answer configuration
 * requests, and collect what the server publishes.
 */
export class LspTestClient {
  readonly proc: ChildProcess;
  readonly conn: MessageConnection;
  readonly messages: { type: number; message: string }[] = [];
  readonly logs: string[] = [];
  readonly statuses: unknown[] = [];
  stderr = '';
  settings: unknown = {};
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  private readonly waiters: (() => void)[] = [];
  private versions = new Map<string, number>();

  constructor(extraArgs: string[] = [], env?: NodeJS.ProcessEnv) {
    this.proc = spawn(process.execPath, [SERVER, '--stdio', ...extraArgs], { stdio: ['pipe', 'pipe', 'pipe'], env: env && { ...process.env, ...env } });
    this.proc.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      const list = this.diagnostics.get(p.uri) ?? [];
      list.push(p);
      this.diagnostics.set(p.uri, list);
      this.notify();
    });
    this.conn.onNotification('window/showMessage', (p: { type: number; message: string }) => {
      this.messages.push(p);
      this.notify();
    });
    this.conn.onNotification('window/logMessage', (p: { message: string }) => this.logs.push(p.message));
    this.conn.onNotification('synoptic/status', (p: unknown) => this.statuses.push(p));
    this.conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map(() => this.settings));
    this.conn.onRequest('window/showMessageRequest', (p: { type: number; message: string }) => {
      this.messages.push(p);
      this.notify();
      return null;
    });
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.listen();
  }

  private notify(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  async initialize(opts: { rootPath?: string; settings?: unknown; configuration?: boolean } = {}): Promise<unknown> {
    if (opts.settings !== undefined) this.settings = opts.settings;
    const rootUri = opts.rootPath ? pathToFileURL(opts.rootPath).toString() : null;
    const result = await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'ws' }] : null,
      capabilities: {
        workspace: { configuration: opts.configuration !== false, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true }, synchronization: { didSave: true } },
      },
      initializationOptions: { settings: opts.settings },
    });
    await this.conn.sendNotification('initialized', {});
    return result;
  }

  open(uri: string, text: string, languageId = 'pathology-report'): void {
    this.versions.set(uri, 1);
    void this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Applies an incremental change (a range replaced by text) and returns the new version. */
  change(uri: string, range: { start: { line: number; character: number }; end: { line: number; character: number } } | undefined, text: string): number {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    void this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [range ? { range, text } : { text }] });
    return version;
  }

  close(uri: string): void {
    void this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async until(pred: () => boolean, timeoutMs = 10000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pred()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('timed out waiting for the server');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Waits for the diagnostics the server publishes for a given version of a document. */
  async diagnosticsFor(uri: string, version = this.versions.get(uri) ?? 1, timeoutMs = 10000): Promise<Diagnostic[]> {
    let found: PublishDiagnosticsParams | undefined;
    await this.until(() => {
      found = (this.diagnostics.get(uri) ?? []).find((p) => p.version === version);
      return found !== undefined;
    }, timeoutMs);
    return found!.diagnostics;
  }

  published(uri: string): PublishDiagnosticsParams[] {
    return this.diagnostics.get(uri) ?? [];
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.conn.sendRequest(method, params) as Promise<T>;
  }

  async shutdown(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      void this.conn.sendNotification('exit');
    } catch {
      // The server may already be gone; killing it below is enough.
    }
    await new Promise((r) => setTimeout(r, 50));
    this.conn.dispose();
    if (this.proc.exitCode === null) this.proc.kill();
  }
}

export function fileUri(p: string): string {
  return pathToFileURL(p).toString();
}

/** Within a mocha describe: one server for the suite, started before its tests and shut down after them. */
export function serverForSuite(settings: unknown = {}): () => LspTestClient {
  let client: LspTestClient | undefined;
  before(async () => {
    client = new LspTestClient();
    await client.initialize({ settings });
  });
  after(() => client?.shutdown());
  return () => client!;
}
