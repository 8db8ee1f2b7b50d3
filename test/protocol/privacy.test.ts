import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

const ROOT = path.resolve(__dirname, '..', '..');
const GUARD = path.join(ROOT, 'test', 'support', 'no-network.js');
const SECRET = 'Zebulon Quartermaine, MRN 99887766';
const DRAFT = `SURGICAL PATHOLOGY\n\nCLINICAL HISTORY:\n${SECRET}.\n\nDIAGNOSIS:\nLeft kidney, radical nephrectomy: leiomyosarcoma, 9 cm. HMB-45 positive. Margins: ___\n`;

/**
 * Report text is protected health information: no network connection from the
 * server or the CLI, and no report text in logs or errors with tracing off.
 */
describe('privacy: no network, no report text in logs', function () {
  this.timeout(30000);

  it('the server, driven through every feature, opens no connection and logs no report text', async () => {
    const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'synoptic-net-')), 'net.json');
    const proc = spawn(process.execPath, ['--require', GUARD, path.join(ROOT, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, SYNOPTIC_NET_LOG: log } });
    let stderr = '';
    proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const seen: string[] = [];
    conn.onNotification((method: string, params: unknown) => seen.push(`${method} ${method === 'textDocument/publishDiagnostics' ? '' : JSON.stringify(params)}`));
    conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({ trace: { server: 'off' } })));
    conn.onRequest('client/registerCapability', () => null);
    conn.listen();
    await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } });
    await conn.sendNotification('initialized', {});
    const uri = 'file:///tmp/privacy.path';
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'pathology-report', version: 1, text: DRAFT } });
    for (const method of ['textDocument/hover', 'textDocument/completion', 'textDocument/documentSymbol', 'textDocument/foldingRange']) {
      await conn.sendRequest(method, { textDocument: { uri }, position: { line: 6, character: 60 } });
    }
    await conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 5, character: 0 }, end: { line: 5, character: 1 } }, context: { diagnostics: [] } });
    // A request the server cannot answer, and a malformed one, to exercise its error paths.
    await conn.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///nope' }, position: { line: 0, character: 0 } });
    await conn.sendRequest('shutdown');
    await conn.sendNotification('exit');
    await new Promise((r) => proc.on('exit', r));
    conn.dispose();
    assert.deepEqual(JSON.parse(fs.readFileSync(log, 'utf8')), [], 'network attempts');
    const everything = stderr + seen.join('\n');
    assert.ok(!everything.includes('Zebulon') && !everything.includes('99887766'), 'patient identifiers in logs or notifications');
  });

  it('the CLI opens no connection and its errors name files, not contents', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synoptic-net-'));
    const log = path.join(dir, 'net.json');
    fs.writeFileSync(path.join(dir, 'a.path'), DRAFT);
    fs.writeFileSync(path.join(dir, 'b.path'), Buffer.from([0, 1, 2, 3]));
    for (const args of [['lint', '--format', 'json', dir], ['audit', dir], ['lint', path.join(dir, 'missing.path')]]) {
      const r = spawnSync(process.execPath, ['--require', GUARD, path.join(ROOT, 'dist', 'cli.js'), ...args], { encoding: 'utf8', env: { ...process.env, SYNOPTIC_NET_LOG: log } });
      assert.deepEqual(JSON.parse(fs.readFileSync(log, 'utf8')), [], `network attempts for ${args[0]}`);
      assert.ok(!r.stderr.includes('Zebulon'), 'report text in error output');
    }
    const ctx = spawnSync(process.execPath, ['--require', GUARD, path.join(ROOT, 'dist', 'cli.js'), 'context'], { input: `{"sentence": "${SECRET}", "target": "nothing"}\n`, encoding: 'utf8', env: { ...process.env, SYNOPTIC_NET_LOG: log } });
    assert.ok(!ctx.stdout.includes('Zebulon') && !ctx.stderr.includes('Zebulon'));
    assert.deepEqual(JSON.parse(fs.readFileSync(log, 'utf8')), []);
  });

  it('the guard itself works: a connection attempt is recorded', () => {
    const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'synoptic-net-')), 'net.json');
    spawnSync(process.execPath, ['--require', GUARD, '-e', "try { require('node:net').connect(9, '127.0.0.1') } catch {}"], { env: { ...process.env, SYNOPTIC_NET_LOG: log } });
    assert.equal(JSON.parse(fs.readFileSync(log, 'utf8')).length, 1);
  });
});
