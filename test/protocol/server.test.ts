import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { fileUri, LspTestClient, serverForSuite } from '../support/lspClient';

const DRAFT = `SURGICAL PATHOLOGY REPORT

CLINICAL HISTORY:
Left renal mass in a patient called Zebulon Quartermaine.

MICROSCOPIC DESCRIPTION:
Fascicles of atypical spindle cells with cigar-shaped nuclei. Tumor necrosis is present (30%). Mitoses number 14 per 10 HPF.

IMMUNOHISTOCHEMISTRY:
SMA: positive
Desmin: positive
AE1/AE3: negative
S-100: negative
HMB-45: negative

DIAGNOSIS:
Left kidney, radical nephrectomy: leiomyosarcoma, 11 cm.
Lymph nodes: none submitted. pT2b NX.
`;

function applyEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  for (const e of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) {
    text = text.slice(0, offset(e.range.start)) + e.newText + text.slice(offset(e.range.end));
  }
  return text;
}

describe('protocol: the server over stdio, as an editor drives it', function () {
  this.timeout(30000);
  let client: LspTestClient;
  let workspace: string;
  const uri = 'file:///tmp/synoptic-protocol/lms.path';

  before(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'synoptic-ws-'));
    client = new LspTestClient();
    const init = (await client.initialize({ rootPath: workspace, settings: {} })) as { capabilities: Record<string, unknown> };
    assert.deepEqual(init.capabilities.textDocumentSync, { openClose: true, change: 2 }, 'incremental sync');
    assert.ok(init.capabilities.hoverProvider && init.capabilities.completionProvider && init.capabilities.codeActionProvider);
  });
  after(() => client.shutdown());

  it('publishes the missing elements on open, with the document version and rule links', async () => {
    client.open(uri, DRAFT);
    const diags = await client.diagnosticsFor(uri, 1);
    assert.deepEqual(diags.map((d) => d.code).sort(), ['missing-grade', 'missing-ivc-extension', 'missing-margin-status']);
    for (const d of diags) {
      assert.equal(d.severity, 2);
      assert.equal(d.source, 'synoptic');
      assert.equal(d.range.start.line, DRAFT.split('\n').indexOf('DIAGNOSIS:'), 'points at the DIAGNOSIS header');
      const doc = fileURLToPath(d.codeDescription!.href);
      assert.ok(doc.endsWith(path.join('docs', 'rules', `${d.code}.md`)));
    }
  });

  it('re-analyses on each incremental change and carries the new version', async () => {
    const lines = DRAFT.split('\n');
    const dx = lines.findIndex((l) => l.startsWith('Left kidney'));
    const v2 = client.change(uri, { start: { line: dx, character: lines[dx].length }, end: { line: dx, character: lines[dx].length } }, ' FNCLCC grade 3.');
    const diags = await client.diagnosticsFor(uri, v2);
    assert.deepEqual(diags.map((d) => d.code).sort(), ['missing-ivc-extension', 'missing-margin-status']);
    // Negated statements satisfy their elements.
    const v3 = client.change(uri, { start: { line: dx + 2, character: 0 }, end: { line: dx + 2, character: 0 } }, 'Margins free of tumor. IVC not involved.\n');
    assert.deepEqual(await client.diagnosticsFor(uri, v3), []);
  });

  it('keeps up with a burst of edits and ends on the newest version', async () => {
    let v = 0;
    for (let i = 0; i < 25; i++) v = client.change(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, i % 2 ? '' : ' ');
    const diags = await client.diagnosticsFor(uri, v);
    assert.deepEqual(diags, []);
    const versions = client.published(uri).map((p) => p.version!);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'versions never go backwards');
  });

  it('hover shows a definition with its source, and this draft\'s result', async () => {
    const line = DRAFT.split('\n').findIndex((l) => l.startsWith('HMB-45'));
    const h = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line, character: 2 } });
    assert.ok(h, 'a hover');
    assert.match(h.contents.value, /HMB-45/);
    assert.match(h.contents.value, /Source:/);
    assert.match(h.contents.value, /reported \*\*negative\*\*/);
  });

  it('completes the values a field allows', async () => {
    const u = 'file:///tmp/synoptic-protocol/complete.path';
    client.open(u, 'DIAGNOSIS:\nMargins: ');
    await client.diagnosticsFor(u, 1);
    const items = await client.request<{ label: string; documentation?: unknown }[]>('textDocument/completion', { textDocument: { uri: u }, position: { line: 1, character: 9 } });
    const labels = items.map((i) => i.label);
    for (const v of ['R0', 'R1', 'R2', 'Negative (R0)']) assert.ok(labels.includes(v), v);
    assert.ok(items.every((i) => i.documentation), 'each item is documented');
    client.close(u);
  });

  it('a quick fix inserts the missing line where it belongs, and the warning goes', async () => {
    const u = 'file:///tmp/synoptic-protocol/fix.path';
    const text = DRAFT.replace('SMA: positive', 'SMA: positive').replace('pT2b NX.', 'pT2b NX. Margins negative. IVC not involved.');
    client.open(u, text);
    const diags = await client.diagnosticsFor(u, 1);
    assert.deepEqual(diags.map((d) => d.code), ['missing-grade']);
    const actions = await client.request<{ title: string; edit?: { changes: Record<string, never[]> }; command?: { command: string } }[]>('textDocument/codeAction', {
      textDocument: { uri: u },
      range: diags[0].range,
      context: { diagnostics: diags },
    });
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Insert "Histologic grade (FNCLCC): 2"'), titles.join(' | '));
    assert.ok(titles.includes('Turn off missing-grade for this workspace'));
    const fix = actions.find((a) => a.title === 'Insert "Histologic grade (FNCLCC): 2"')!;
    const fixed = applyEdits(text, fix.edit!.changes[u]);
    assert.match(fixed, /pT2b NX\. Margins negative\. IVC not involved\.\nHistologic grade \(FNCLCC\): 2\n/);
    const v2 = client.change(u, undefined, fixed);
    assert.deepEqual(await client.diagnosticsFor(u, v2), []);
    client.close(u);
  });

  it('gives an outline of sections and fields, and folds per section', async () => {
    const symbols = await client.request<{ name: string; children?: { name: string }[] }[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['CLINICAL HISTORY:', 'MICROSCOPIC DESCRIPTION:', 'IMMUNOHISTOCHEMISTRY:', 'DIAGNOSIS:'].map((n) => n.replace(':', '')),
    );
    assert.deepEqual(symbols[2].children?.map((c) => c.name), ['SMA', 'Desmin', 'AE1/AE3', 'S-100', 'HMB-45']);
    const folds = await client.request<{ startLine: number; endLine: number }[]>('textDocument/foldingRange', { textDocument: { uri } });
    assert.equal(folds.length, 4);
  });

  it('answers the checklist-at-a-glance request and pushes a status', async () => {
    const s = await client.request<{ checklist: { shortTitle: string }; stated: number; total: number }>('synoptic/checklistStatus', { uri });
    assert.equal(s.checklist.shortTitle, 'LMS resection');
    assert.equal(s.stated, s.total);
    assert.ok(client.statuses.length > 0);
  });

  it('returns the full template of the detected checklist as a snippet', async () => {
    const t = await client.request<{ snippet: string | null; title: string }>('synoptic/template', { uri });
    assert.equal(t.title, 'Renal sarcoma / leiomyosarcoma resection (soft tissue elements)');
    assert.match(t.snippet!, /^SYNOPTIC REPORT:\nProcedure: \$\{1\|/);
    assert.match(t.snippet!, /Histologic grade \(FNCLCC\): \$\{\d+\|1,2,3,Cannot be assessed\|\}/);
  });

  it('never writes report text to its logs or stderr when tracing is off', () => {
    const all = client.logs.join('\n') + client.stderr + client.messages.map((m) => m.message).join('\n');
    assert.ok(!all.includes('Zebulon'), 'patient name leaked');
    assert.ok(!all.includes('cigar-shaped'), 'report text leaked');
  });
});

type Item = { label: string; kind?: number; detail?: string; insertTextFormat?: number; textEdit?: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string } };

describe('protocol: panel and template snippets fitted to the section at the cursor', function () {
  this.timeout(30000);
  const client = serverForSuite();

  /** Types `typed` one character at a time at the end of the draft, as an editor sends it, then asks for completions. */
  async function typeAndComplete(c: LspTestClient, u: string, text: string, typed: string): Promise<{ text: string; items: Item[] }> {
    c.open(u, text);
    await c.diagnosticsFor(u, 1);
    const lines = text.split('\n');
    let line = lines.length - 1;
    let character = lines[line].length;
    for (const ch of typed) {
      c.change(u, { start: { line, character }, end: { line, character } }, ch);
      if (ch === '\n') {
        line++;
        character = 0;
      } else character++;
    }
    await c.diagnosticsFor(u);
    const items = await c.request<Item[]>('textDocument/completion', { textDocument: { uri: u }, position: { line, character }, context: { triggerKind: 1 } });
    return { text: text + typed, items };
  }

  it('IMMUNOHISTOCHEMISTRY:, then ihc-spi on the next line: ihc-spindle brings the markers without a second header', async () => {
    const u = 'file:///tmp/synoptic-protocol/fresh-ihc.path';
    const { text, items } = await typeAndComplete(client(), u, '', 'IMMUNOHISTOCHEMISTRY:\nihc-spi');
    const item = items.find((i) => i.label === 'ihc-spindle');
    assert.ok(item, items.map((i) => i.label).join(', '));
    assert.equal(item.kind, 15, 'a snippet');
    assert.equal(item.insertTextFormat, 2);
    assert.deepEqual(item.textEdit!.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 7 } }, 'replaces the whole typed prefix');
    assert.match(item.detail!, /without IMMUNOHISTOCHEMISTRY:/);
    const after = applyEdits(text, [item.textEdit!]);
    assert.equal(after.match(/^IMMUNOHISTOCHEMISTRY:$/gm)?.length, 1, after);
    assert.match(after, /^SMA: \$\{1\|/m);
    assert.match(after, /^Melan-A: /m);
    client().close(u);
  });

  it('in a fresh draft, the same prefix brings the header with the panel', async () => {
    const u = 'file:///tmp/synoptic-protocol/fresh-empty.path';
    const { text, items } = await typeAndComplete(client(), u, '', 'ihc-spi');
    const item = items.find((i) => i.label === 'ihc-spindle')!;
    assert.match(applyEdits(text, [item.textEdit!]), /^IMMUNOHISTOCHEMISTRY:\nSMA: /);
    client().close(u);
  });

  it('a radiology draft gets the radiology snippets, fitted the same way', async () => {
    const u = 'file:///tmp/synoptic-protocol/fresh.rad';
    client().open(u, 'EXAM:\nrad', 'radiology-report');
    await client().diagnosticsFor(u, 1);
    const items = await client().request<Item[]>('textDocument/completion', { textDocument: { uri: u }, position: { line: 1, character: 3 } });
    const snippets = items.filter((i) => i.kind === 15);
    const radiology = Object.values(JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../snippets/radiology.json'), 'utf8')) as Record<string, { prefix: string; body: string[] }>);
    assert.deepEqual(snippets.map((i) => i.label).sort(), radiology.map((x) => x.prefix).sort());
    const examFirst = radiology.filter((x) => x.body[0] === 'EXAM:');
    assert.ok(examFirst.length > 0);
    for (const x of examFirst) assert.ok(!/^EXAM:$/m.test(snippets.find((i) => i.label === x.prefix)!.textEdit!.newText), `${x.prefix}: EXAM: again`);
    client().close(u);
  });

  it('the Insert Template request, given the cursor, leaves out the header and the fields its section has', async () => {
    const u = 'file:///tmp/synoptic-protocol/template.path';
    const text = DRAFT + '\nSYNOPTIC REPORT:\nProcedure: Radical nephrectomy\n';
    client().open(u, text);
    await client().diagnosticsFor(u, 1);
    const full = await client().request<{ snippet: string }>('synoptic/template', { uri: u });
    assert.match(full.snippet, /^SYNOPTIC REPORT:\nProcedure: /);
    const end = text.split('\n').length - 1;
    const fitted = await client().request<{ snippet: string }>('synoptic/template', { uri: u, position: { line: end, character: 0 } });
    assert.ok(!/SYNOPTIC REPORT:|^Procedure:/m.test(fitted.snippet), fitted.snippet);
    assert.match(fitted.snippet, /Histologic grade \(FNCLCC\): /);
    client().close(u);
  });
});

describe('protocol: snippets with checking turned off', function () {
  this.timeout(30000);
  const client = serverForSuite({ enable: false });
  it('a report draft still gets its snippets, fitted to the section, and no diagnostics', async () => {
    const u = 'file:///tmp/synoptic-protocol/disabled.path';
    client().open(u, 'IMMUNOHISTOCHEMISTRY:\nihc-spi');
    assert.deepEqual(await client().diagnosticsFor(u, 1), []);
    const items = await client().request<Item[]>('textDocument/completion', { textDocument: { uri: u }, position: { line: 1, character: 7 } });
    const item = items.find((i) => i.label === 'ihc-spindle');
    assert.ok(item && !item.textEdit!.newText.includes('IMMUNOHISTOCHEMISTRY:'));
  });
});

describe('protocol: the checklist status notification', function () {
  this.timeout(20000);

  it('is sent on open and when the counts change, not on every keystroke', async () => {
    const client = new LspTestClient();
    await client.initialize({ settings: {} });
    const u = 'file:///tmp/synoptic-protocol/status.path';
    client.open(u, DRAFT);
    await client.diagnosticsFor(u, 1);
    await client.until(() => client.statuses.length === 1);
    const first = client.statuses[0] as { uri: string; checklist: { shortTitle: string }; stated: number; total: number };
    assert.equal(first.uri, u);
    assert.equal(first.checklist.shortTitle, 'LMS resection');
    const lines = DRAFT.split('\n');
    const dx = lines.findIndex((l) => l.startsWith('Left kidney, radical'));
    // Typing in the history changes no element: diagnostics are published, the status stays as sent.
    const v2 = client.change(u, { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, 'Flank pain. ');
    await client.diagnosticsFor(u, v2);
    // Stating the grade changes the counts: a new status follows.
    const v3 = client.change(u, { start: { line: dx, character: lines[dx].length }, end: { line: dx, character: lines[dx].length } }, ' FNCLCC grade 3.');
    await client.diagnosticsFor(u, v3);
    await client.until(() => client.statuses.length === 2);
    const second = client.statuses[1] as { stated: number; total: number };
    assert.equal(second.stated, first.stated + 1);
    assert.equal(second.total, first.total);
    await client.shutdown();
    assert.equal(client.statuses.length, 2);
  });
});

describe('protocol: settings and rule files', function () {
  this.timeout(30000);

  it('a severity setting turns a code off or raises it', async () => {
    const client = new LspTestClient();
    await client.initialize({ settings: { severity: { 'missing-grade': 'off', 'missing-margin-status': 'error' } } });
    const u = 'file:///tmp/synoptic-protocol/sev.path';
    client.open(u, DRAFT);
    await client.until(() => client.published(u).some((p) => p.diagnostics.some((d) => d.code === 'missing-margin-status' && d.severity === 1)));
    const last = client.published(u).at(-1)!;
    assert.ok(!last.diagnostics.some((d) => d.code === 'missing-grade'));
    await client.shutdown();
  });

  it('malformed settings give a clear message and the defaults', async () => {
    const client = new LspTestClient();
    await client.initialize({ settings: { severity: { 'missing-grade': 'loud' }, enable: 'yes' } });
    const u = 'file:///tmp/synoptic-protocol/bad.path';
    client.open(u, DRAFT);
    await client.until(() => client.messages.length >= 2 && client.published(u).some((p) => p.diagnostics.length === 3));
    assert.ok(client.messages.some((m) => /synoptic\.severity\.missing-grade" must be one of/.test(m.message)));
    assert.ok(client.messages.some((m) => /synoptic\.enable" must be true or false/.test(m.message)));
    await client.shutdown();
  });

  it('a broken workspace rule file is named with its fix, and the built-ins keep working', async () => {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'synoptic-ws-'));
    fs.mkdirSync(path.join(ws, '.synoptic'));
    fs.writeFileSync(path.join(ws, '.synoptic', 'rules.json'), '{"hints": [{"code": "hint-x"}]}');
    const client = new LspTestClient();
    await client.initialize({ rootPath: ws, settings: {} });
    const u = fileUri(path.join(ws, 'a.path'));
    client.open(u, DRAFT);
    await client.until(() => client.messages.some((m) => m.type === 1) && client.published(u).some((p) => p.diagnostics.length === 3));
    const msg = client.messages.find((m) => m.type === 1)!.message;
    assert.ok(msg.includes(path.join(ws, '.synoptic', 'rules.json')), msg);
    assert.match(msg, /missing required property "reportType"/);
    await client.shutdown();
  });

  it('a workspace rule file\'s terms show in hovers', async () => {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'synoptic-ws-'));
    fs.mkdirSync(path.join(ws, '.synoptic'));
    const term = { id: 'dog1', label: 'DOG1 (institutional)', category: 'marker', synonyms: ['DOG1'], definition: 'A second GIST marker beside CD117.', source: 'institutional handbook 4.2' };
    fs.writeFileSync(path.join(ws, '.synoptic', 'rules.json'), JSON.stringify({ terms: [term] }));
    const client = new LspTestClient();
    await client.initialize({ rootPath: ws, settings: {} });
    const u = fileUri(path.join(ws, 'a.path'));
    client.open(u, 'IMMUNOHISTOCHEMISTRY:\nDOG1: negative\nDesmin: positive\n');
    const h = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: u }, position: { line: 1, character: 1 } });
    assert.ok(h, 'a hover for the workspace term');
    assert.match(h.contents.value, /DOG1 \(institutional\)/);
    assert.match(h.contents.value, /institutional handbook 4\.2/);
    const d = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: u }, position: { line: 2, character: 1 } });
    assert.match(d!.contents.value, /[Dd]esmin/);
    assert.deepEqual(client.messages.filter((m) => m.type === 1), []);
    await client.shutdown();
  });

  it('plain text is analysed only when the setting is on and the text looks like a report', async () => {
    const off = new LspTestClient();
    await off.initialize({ settings: {} });
    off.open('file:///tmp/p/a.txt', DRAFT, 'plaintext');
    assert.deepEqual(await off.diagnosticsFor('file:///tmp/p/a.txt', 1), []);
    await off.shutdown();
    const on = new LspTestClient();
    await on.initialize({ settings: { plainText: { enable: true } } });
    on.open('file:///tmp/p/a.txt', DRAFT, 'plaintext');
    on.open('file:///tmp/p/b.txt', 'Shopping list: eggs, milk.\n', 'plaintext');
    assert.equal((await on.diagnosticsFor('file:///tmp/p/a.txt', 1)).length, 3);
    assert.deepEqual(await on.diagnosticsFor('file:///tmp/p/b.txt', 1), []);
    await on.shutdown();
  });

  it('empty, binary-looking and huge drafts do not crash the server', async () => {
    const client = new LspTestClient();
    await client.initialize({ settings: {} });
    client.open('file:///tmp/p/empty.path', '');
    client.open('file:///tmp/p/bin.path', '\u0000\u0001\u0002PK\u0003\u0004'.repeat(100));
    client.open('file:///tmp/p/long.path', 'DIAGNOSIS:\n' + 'leiomyosarcoma '.repeat(70000));
    assert.deepEqual(await client.diagnosticsFor('file:///tmp/p/empty.path', 1), []);
    assert.deepEqual(await client.diagnosticsFor('file:///tmp/p/bin.path', 1), []);
    const long = await client.diagnosticsFor('file:///tmp/p/long.path', 1, 20000);
    assert.ok(long.every((d) => d.range.start.line <= 1 && d.range.end.line <= 1));
    assert.equal(client.proc.exitCode, null, 'still running');
    await client.shutdown();
  });
});

describe('protocol: cancellation of stale requests', function () {
  this.timeout(30000);
  it('a request cancelled before the server reaches it is answered as cancelled; the rest are answered', async () => {
    const client = new LspTestClient();
    await client.initialize({ settings: {} });
    const u = 'file:///tmp/synoptic-protocol/cancel.path';
    client.open(u, DRAFT);
    await client.diagnosticsFor(u, 1);
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, i) => {
        const source = new CancellationTokenSource();
        const p = client.conn.sendRequest('textDocument/hover', { textDocument: { uri: u }, position: { line: 10, character: 1 } }, source.token).then(
          (r) => (r ? 'answered' : 'empty'),
          (e: { code?: number }) => (e.code === -32800 ? 'cancelled' : `error ${e.code}`),
        );
        if (i % 2 === 0) source.cancel();
        return p;
      }),
    );
    assert.ok(outcomes.includes('cancelled'), outcomes.join(','));
    assert.ok(outcomes.every((o) => o === 'cancelled' || o === 'answered'), outcomes.join(','));
    outcomes.forEach((o, i) => {
      if (i % 2 === 1) assert.equal(o, 'answered', `request ${i} was not cancelled`);
    });
    await client.shutdown();
  });
});
