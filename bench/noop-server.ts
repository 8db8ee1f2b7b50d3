import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { coalescingScheduler } from '../server/src/scheduler';

/**
 * The do-nothing baseline for the latency benchmark: the same library, the
 * same incremental sync and the same scheduling as the real server, and an
 * empty diagnostics list instead of an analysis.
 */
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

connection.onInitialize(() => ({ capabilities: { textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental } } }));

const schedule = coalescingScheduler((uri) => {
  const doc = documents.get(uri);
  if (doc) void connection.sendDiagnostics({ uri, version: doc.version, diagnostics: [] });
});

documents.onDidOpen((e) => schedule(e.document.uri));
documents.onDidChangeContent((e) => schedule(e.document.uri));
documents.listen(connection);
connection.listen();
