import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createConnection,
  DidChangeConfigurationNotification,
  InitializeParams,
  InitializeResult,
  CancellationToken,
  CodeActionKind,
  LSPErrorCodes,
  MessageType,
  Position,
  ResponseError,
  ProposedFeatures,
  ShowMessageNotification,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeWith, Analysis, Knowledge, builtinKnowledge } from './engine/analyze';
import { BlockCache } from './engine/document';
import { parseReport } from './engine/parser';
import { codeActions } from './features/codeActions';
import { completions } from './features/completion';
import { computeDiagnostics } from './features/diagnostics';
import { documentSymbols } from './features/documentSymbols';
import { foldingRanges } from './features/folding';
import { snippetCompletions } from './features/snippets';
import { hover } from './features/hover';
import { templateFor } from './features/template';
import { checklistStatus, ChecklistStatusParams } from './features/checklistStatus';
import { structuredReport, StructuredReportParams } from './features/structuredReport';
import { loadKnowledge } from './knowledgeLoader';
import { coalescingScheduler } from './scheduler';
import { READY as CODE_CACHE_READY } from './launch/codeCache';
import { DEFAULT_SETTINGS, readSettings, SynopticSettings } from './settings';

/**
 * The language server: a thin layer that feeds documents to the engine and
 * maps its results to LSP. Nothing from a report reaches the log unless the
 * user sets synoptic.trace.server to "verbose".
 */

const connection = createConnection(ProposedFeatures.all);
/** Per document, the first offset changed since its last analysis (from the editor's change ranges). */
const changedFrom = new Map<string, number>();
const documents = new TextDocuments<TextDocument>({
  create: TextDocument.create,
  update: (doc, changes, version) => {
    let from = changedFrom.get(doc.uri) ?? Infinity;
    for (const c of changes) {
      // Offsets before the earliest change are the same in every intermediate version, so the minimum is safe.
      from = Math.min(from, 'range' in c ? doc.offsetAt(c.range.start) : 0);
    }
    changedFrom.set(doc.uri, from);
    return TextDocument.update(doc, changes, version);
  },
});

let settings: SynopticSettings = DEFAULT_SETTINGS;
let knowledge: Knowledge = builtinKnowledge();
let hasConfigurationCapability = false;
let workspaceRoots: string[] = [];

/** A message for the user, as a notification: it needs no answer, so no client can fail it. */
function tell(type: MessageType, message: string): void {
  void connection.sendNotification(ShowMessageNotification.type, { type, message });
}

// A failure in one request must not take the server down; its message may quote report text, so only its kind is logged.
process.on('unhandledRejection', (reason) => {
  connection.console.error(`Synoptic: unhandled rejection (${reason instanceof Error ? reason.name : typeof reason}).`);
});

const REPORT_LANGUAGES = new Set(['pathology-report', 'radiology-report']);

interface CachedAnalysis {
  version: number;
  analysis: Analysis;
}
const cache = new Map<string, CachedAnalysis>();
/** The last status sent per document, to send only changes. */
const lastStatus = new Map<string, string>();
/** Per-document block caches: an edit re-analyses only the blocks it touched. */
const blockCaches = new Map<string, BlockCache>();

function reportTypeFor(doc: TextDocument): 'pathology' | 'radiology' | 'auto' {
  if (doc.languageId === 'pathology-report') return 'pathology';
  if (doc.languageId === 'radiology-report') return 'radiology';
  return 'auto';
}

function isAnalysable(doc: TextDocument): boolean {
  if (!settings.enable) return false;
  if (REPORT_LANGUAGES.has(doc.languageId)) return true;
  return settings.plainText && doc.languageId === 'plaintext';
}

/** The analysis of a document's current version, computed at most once per version. */
export function analysisFor(doc: TextDocument): Analysis | undefined {
  if (!isAnalysable(doc)) return undefined;
  const hit = cache.get(doc.uri);
  if (hit && hit.version === doc.version) return hit.analysis;
  try {
    let blocks = blockCaches.get(doc.uri);
    if (!blocks) blockCaches.set(doc.uri, (blocks = new BlockCache()));
    const from = changedFrom.get(doc.uri);
    changedFrom.delete(doc.uri);
    const analysis = analyzeWith(blocks, doc.getText(), { reportType: reportTypeFor(doc), knowledge, severities: settings.severity, disabledChecklists: settings.disabledChecklists }, from === Infinity ? undefined : from);
    cache.set(doc.uri, { version: doc.version, analysis });
    return analysis;
  } catch (err) {
    // The error's own message may quote report text, so only its kind is logged.
    connection.console.error(`Synoptic could not analyse a document (${(err as Error).name}).`);
    // The change hint was consumed without a build: start this document's cache afresh.
    blockCaches.delete(doc.uri);
    if (settings.trace === 'verbose') connection.console.error(String((err as Error).stack));
    return undefined;
  }
}

function validate(doc: TextDocument): void {
  const started = Date.now();
  const analysis = analysisFor(doc);
  // Plain-text files are analysed only when they look like reports.
  const diagnostics = analysis && !(doc.languageId === 'plaintext' && analysis.reportType === 'unknown') ? computeDiagnostics(doc, analysis) : [];
  void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
  // The status bar needs only the counts; the item list is sent on request (synoptic/checklistStatus).
  // Most keystrokes leave the counts as they were, and the client keeps the last status per document,
  // so only a change is sent.
  const c = analysis?.checklist;
  const status = {
    uri: doc.uri,
    checklist: c ? { id: c.checklist.id, title: c.checklist.title, shortTitle: c.checklist.shortTitle } : null,
    stated: c?.items.filter((i) => i.stated).length,
    total: c?.items.length,
  };
  const key = JSON.stringify(status);
  if (lastStatus.get(doc.uri) !== key) {
    lastStatus.set(doc.uri, key);
    void connection.sendNotification('synoptic/status', status);
  }
  if (settings.trace !== 'off') connection.console.log(`analysed a ${doc.getText().length}-character draft in ${Date.now() - started} ms: ${diagnostics.length} diagnostics`);
  if (analysis) codeCacheReady();
}

/** The first analysis has compiled the engine: the launcher may keep the compiled code for the next start (see launch/codeCache.ts). */
function codeCacheReady(): void {
  const ready = (globalThis as Record<symbol, unknown>)[CODE_CACHE_READY];
  if (typeof ready !== 'function') return;
  delete (globalThis as Record<symbol, unknown>)[CODE_CACHE_READY];
  ready();
}

const schedule = coalescingScheduler((uri) => {
  const doc = documents.get(uri);
  if (doc) validate(doc);
});

function revalidateAll(): void {
  cache.clear();
  // What a block read is kept under the knowledge it was read with: other rules read afresh.
  blockCaches.clear();
  for (const doc of documents.all()) schedule(doc.uri);
}

async function refreshSettings(): Promise<void> {
  let raw: unknown;
  if (hasConfigurationCapability) {
    try {
      raw = await connection.workspace.getConfiguration('synoptic');
    } catch {
      raw = undefined;
    }
  }
  const read = readSettings(raw);
  settings = read.settings;
  for (const p of read.problems) tell(MessageType.Warning, `Synoptic settings: ${p}`);
  reloadKnowledge();
}

function ruleFiles(): string[] {
  return workspaceRoots.map((root) => path.resolve(root, settings.rulesFile));
}

function reloadKnowledge(): void {
  const loaded = loadKnowledge(ruleFiles());
  knowledge = loaded.knowledge;
  for (const p of loaded.problems) tell(MessageType.Error, `Synoptic rule file: ${p}`);
  revalidateAll();
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  hasConfigurationCapability = !!params.capabilities.workspace?.configuration;
  workspaceRoots = (params.workspaceFolders ?? []).map((f) => fileURLToPath(f.uri));
  if (workspaceRoots.length === 0 && params.rootUri) workspaceRoots = [fileURLToPath(params.rootUri)];
  const read = readSettings((params.initializationOptions as { settings?: unknown } | undefined)?.settings);
  settings = read.settings;
  // Load the workspace's own rules and terms now, so the first diagnostics and
  // hovers already use them; problems are reported by the reload that follows
  // `initialized`, once the client can be told.
  knowledge = loadKnowledge(ruleFiles()).knowledge;
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      completionProvider: { triggerCharacters: [':', ' '], resolveProvider: false },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      documentSymbolProvider: true,
      foldingRangeProvider: true,
    },
    serverInfo: { name: 'synoptic', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  if (hasConfigurationCapability) {
    void connection.client.register(DidChangeConfigurationNotification.type, undefined);
    void refreshSettings();
  } else reloadKnowledge();
});

connection.onDidChangeConfiguration((change) => {
  if (hasConfigurationCapability) void refreshSettings();
  else {
    const read = readSettings((change.settings as { synoptic?: unknown } | undefined)?.synoptic);
    settings = read.settings;
    for (const p of read.problems) tell(MessageType.Warning, `Synoptic settings: ${p}`);
    reloadKnowledge();
  }
});

connection.onDidChangeWatchedFiles(() => reloadKnowledge());

connection.onRequest('synoptic/checklistStatus', (params: ChecklistStatusParams) => {
  const doc = documents.get(params.uri);
  if (!doc) return { checklist: null };
  const analysis = analysisFor(doc);
  return analysis ? checklistStatus(doc, analysis) : { checklist: null };
});

/**
 * Each feature reads the cached analysis of the document's current version. A
 * request the client has cancelled (typing moved on) is answered as cancelled
 * without doing the work.
 */
function withAnalysis<T>(uri: string, token: CancellationToken | undefined, empty: T, f: (doc: TextDocument, a: Analysis) => T): T | ResponseError<void> {
  if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
  const doc = documents.get(uri);
  const a = doc && analysisFor(doc);
  if (!doc || !a) return empty;
  try {
    return f(doc, a);
  } catch (err) {
    connection.console.error(`Synoptic request failed (${(err as Error).name}).`);
    return empty;
  }
}

connection.onHover((p, token) => withAnalysis(p.textDocument.uri, token, null, (doc, a) => hover(doc, a, p.position, knowledge.terms) ?? null));
connection.onCompletion((p, token) => {
  // With checking turned off (synoptic.enable), a report draft still gets its panel and template snippets.
  const doc = documents.get(p.textDocument.uri);
  if (doc && !token.isCancellationRequested && !isAnalysable(doc) && REPORT_LANGUAGES.has(doc.languageId)) {
    return snippetCompletions(doc, parseReport(doc.getText()), reportTypeFor(doc), p.position, p.context);
  }
  return withAnalysis(p.textDocument.uri, token, [], (d, a) => completions(d, a, knowledge, p.position, p.context));
});
connection.onCodeAction((p, token) => withAnalysis(p.textDocument.uri, token, [], (doc, a) => codeActions(doc, a, p)));
connection.onDocumentSymbol((p, token) => withAnalysis(p.textDocument.uri, token, [], (doc, a) => documentSymbols(doc, a.model)));
connection.onFoldingRanges((p, token) => withAnalysis(p.textDocument.uri, token, [], (_doc, a) => foldingRanges(a.model)));
// With a position (where the client will insert it), the template leaves out what that section already has.
connection.onRequest('synoptic/template', (p: { uri: string; position?: Position }, token) =>
  withAnalysis(p.uri, token, { snippet: null }, (doc, a) => templateFor(a, knowledge, p.position ? doc.offsetAt(p.position) : undefined)),
);

// The structured view and its copy commands: the draft's current version as the CLI's extract gives it.
connection.onRequest('synoptic/structuredReport', (p: StructuredReportParams, token) => withAnalysis(p.uri, token, null, (doc, a) => structuredReport(doc, a, knowledge, p.fhir)));

documents.onDidOpen((e) => schedule(e.document.uri));
documents.onDidChangeContent((e) => schedule(e.document.uri));
documents.onDidClose((e) => {
  cache.delete(e.document.uri);
  blockCaches.delete(e.document.uri);
  changedFrom.delete(e.document.uri);
  lastStatus.delete(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

export const server = { connection, documents, analysisFor, settings: () => settings };

documents.listen(connection);
connection.listen();
