import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/** Neovim 0.7's built-in LSP client, an implementation we did not write, receives our diagnostics. */
describe('Neovim built-in LSP client over stdio', function () {
  this.timeout(60000);
  it('opens a draft and receives the missing-element warnings', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synoptic-nvim-'));
    const draft = path.join(dir, 'lms-missing.path');
    fs.copyFileSync(path.join(ROOT, 'test', 'e2e', 'workspace', 'lms-missing.path'), draft);
    const out = path.join(dir, 'out.json');
    const r = spawnSync('nvim', ['--headless', '--clean', '-u', path.join(ROOT, 'test', 'nvim', 'init.lua'), draft], {
      cwd: dir,
      env: { ...process.env, SYNOPTIC_SERVER: path.join(ROOT, 'dist', 'server.js'), SYNOPTIC_OUT: out },
      encoding: 'utf8',
      timeout: 45000,
    });
    assert.ok(fs.existsSync(out), `nvim wrote no result (status ${r.status}): ${r.stderr.slice(0, 500)}`);
    const result = JSON.parse(fs.readFileSync(out, 'utf8')) as { filetype: string; diagnostics: { code: string; severity: number; lnum: number; source: string }[] };
    assert.equal(result.filetype, 'pathology-report');
    const codes = result.diagnostics.map((d) => d.code).sort();
    assert.deepEqual(codes, ['missing-grade', 'missing-ivc-extension', 'missing-margin-status']);
    for (const d of result.diagnostics) {
      assert.equal(d.source, 'synoptic');
      assert.equal(d.severity, 2, 'Warning');
    }
  });
});
