const assert = require('assert');
const path = require('path');
const vscode = require('vscode');

async function diagnosticsFor(uri, predicate, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const diags = vscode.languages.getDiagnostics(uri);
    if (predicate(diags)) return diags;
    if (Date.now() > deadline) throw new Error(`diagnostics never matched: ${diags.map((d) => d.code && (d.code.value || d.code)).join(', ')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const code = (d) => (typeof d.code === 'object' ? d.code.value : d.code);

describe('Synoptic in desktop VS Code', () => {
  it('reports the missing elements of a leiomyosarcoma draft', async () => {
    const folder = vscode.workspace.workspaceFolders[0].uri.fsPath;
    const doc = await vscode.workspace.openTextDocument(path.join(folder, 'lms-missing.path'));
    await vscode.window.showTextDocument(doc);
    assert.strictEqual(doc.languageId, 'pathology-report');
    const diags = await diagnosticsFor(doc.uri, (d) => d.length >= 3);
    assert.deepStrictEqual(diags.map(code).sort(), ['missing-grade', 'missing-ivc-extension', 'missing-margin-status']);
  });

  it('hovers a marker with its source', async () => {
    const folder = vscode.workspace.workspaceFolders[0].uri.fsPath;
    const doc = await vscode.workspace.openTextDocument(path.join(folder, 'lms-missing.path'));
    const line = doc.getText().split('\n').findIndex((l) => l.startsWith('HMB-45'));
    const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, 2));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /Source:/);
  });
});
