import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspTestClient } from '../support/lspClient';

/**
 * dist/cli.js and dist/server.js run their bundles with V8's code cache
 * (server/src/launch/codeCache.ts). Tested through the real launcher and
 * bundle, each run its own process, as a user runs it.
 */
const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
const draft = path.join(root, 'test', 'fixtures', 'biopsy-lms-complete.path');

function lint(env: Record<string, string>) {
  const r = spawnSync(process.execPath, [cli, 'lint', '--format', 'json', draft], { encoding: 'utf8', env: { ...process.env, SYNOPTIC_CODE_CACHE_DEBUG: '1', ...env } });
  return { status: r.status, stdout: r.stdout, cache: [...r.stderr.matchAll(/synoptic code cache: (.*)/g)].map((m) => m[1]) };
}

describe('the code cache of the launchers', function () {
  this.timeout(30000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synoptic-cc-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  before(function () {
    if (!fs.existsSync(cli) || !fs.existsSync(draft)) throw new Error('dist/cli.js or the fixture is missing: run `npm run build` first (npm test does)');
  });

  it('is written by a first run and used by the next, with the same output', () => {
    const first = lint({ SYNOPTIC_CODE_CACHE_DIR: dir });
    assert.deepEqual(first.cache, ['none', 'written']);
    const files = fs.readdirSync(dir);
    assert.equal(files.length, 1);
    assert.match(files[0], /^cli-main-v\d+\.\d+\.\d+-\w+-\d+-\d+\.v8cache$/);
    // Only its owner may read it (where the platform has modes).
    if (process.platform !== 'win32') assert.equal(fs.statSync(path.join(dir, files[0])).mode & 0o077, 0);
    const second = lint({ SYNOPTIC_CODE_CACHE_DIR: dir });
    assert.deepEqual(second.cache, ['used']);
    assert.equal(second.status, first.status);
    assert.equal(second.stdout, first.stdout);
  });

  it('refuses a damaged cache and writes a good one', () => {
    lint({ SYNOPTIC_CODE_CACHE_DIR: dir });
    const file = path.join(dir, fs.readdirSync(dir)[0]);
    const bytes = fs.readFileSync(file);
    bytes.fill(7, 0, 64);
    fs.writeFileSync(file, bytes);
    const damaged = lint({ SYNOPTIC_CODE_CACHE_DIR: dir });
    assert.deepEqual(damaged.cache, ['rejected', 'written']);
    assert.match(damaged.stdout, /"diagnostics"/);
    assert.deepEqual(lint({ SYNOPTIC_CODE_CACHE_DIR: dir }).cache, ['used']);
  });

  it('runs without one where none can be kept, and when it is turned off', () => {
    const blocked = path.join(dir, 'a-file');
    fs.writeFileSync(blocked, '');
    const r = lint({ SYNOPTIC_CODE_CACHE_DIR: path.join(blocked, 'cache') });
    assert.deepEqual(r.cache, ['none']);
    assert.match(r.stdout, /"diagnostics"/);
    // A directory that can be made but not written to.
    if (process.platform !== 'win32' && process.getuid?.() !== 0) {
      const ro = path.join(dir, 'read-only');
      fs.mkdirSync(ro, { mode: 0o500 });
      const r2 = lint({ SYNOPTIC_CODE_CACHE_DIR: ro });
      assert.deepEqual(r2.cache, ['none', 'not written']);
      assert.match(r2.stdout, /"diagnostics"/);
      fs.chmodSync(ro, 0o700);
      fs.rmSync(ro, { recursive: true });
    }
    const off = lint({ SYNOPTIC_CODE_CACHE_DIR: dir, SYNOPTIC_CODE_CACHE: 'off' });
    assert.deepEqual(off.cache, ['none']);
    assert.deepEqual(fs.readdirSync(dir), ['a-file']);
  });

  it('keeps one cache per bundle: a rebuilt bundle replaces the old one', () => {
    lint({ SYNOPTIC_CODE_CACHE_DIR: dir });
    const old = path.join(dir, fs.readdirSync(dir)[0]);
    // A cache of an earlier build of the same bundle (another size and time in its name).
    const stale = old.replace(/-\d+-\d+\.v8cache$/, '-1-1.v8cache');
    fs.renameSync(old, stale);
    assert.deepEqual(lint({ SYNOPTIC_CODE_CACHE_DIR: dir }).cache, ['none', 'written']);
    assert.deepEqual(fs.readdirSync(dir), [path.basename(old)]);
  });

  it('is written by the language server once it has published its first diagnostics, and used by the next server', async () => {
    const env = { SYNOPTIC_CODE_CACHE_DIR: dir, SYNOPTIC_CODE_CACHE_DEBUG: '1' };
    // A name no code has: the cache is made after the server read this draft, and must not hold it.
    const name = 'Zebulon Quartermaine-Okonkwo';
    const text = fs.readFileSync(draft, 'utf8').replace('DIAGNOSIS:', `CLINICAL HISTORY:\nReferred for ${name}.\n\nDIAGNOSIS:`);
    for (const expected of [['none', 'written'], ['used']]) {
      const client = new LspTestClient([], env);
      await client.initialize({ rootPath: dir, settings: {} });
      client.open('file:///tmp/synoptic-cc/draft.path', text);
      await client.diagnosticsFor('file:///tmp/synoptic-cc/draft.path', 1);
      // Written a second after the first publish, while the server runs (an editor ends it with a signal).
      for (let i = 0; i < 100 && !/written/.test(client.stderr) && expected.includes('written'); i++) await new Promise((r) => setTimeout(r, 50));
      await client.shutdown();
      assert.deepEqual([...client.stderr.matchAll(/synoptic code cache: (.*)/g)].map((m) => m[1]), expected);
    }
    const cache = fs.readdirSync(dir).find((f) => f.startsWith('server-main-'));
    assert.ok(cache);
    const bytes = fs.readFileSync(path.join(dir, cache));
    for (const encoding of ['latin1', 'utf16le'] as const) assert.equal(bytes.indexOf(Buffer.from('Quartermaine', encoding)), -1, `report text in the cache (${encoding})`);
  });
});
