import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileUri, serverForSuite } from '../support/lspClient';

/**
 * Every fixture draft, opened in the real server over stdio, must produce
 * exactly the diagnostics its .expected.json lists (code, severity and, where
 * the author was sure of it, the line).
 */
const DIR = path.resolve(__dirname, '..', 'fixtures');
const SEVERITY = ['', 'error', 'warning', 'information', 'hint'];

interface Expected {
  reportType: string;
  checklist: string | null;
  diagnostics: { code: string; severity: string; line: number | null }[];
}

const fixtures = fs
  .readdirSync(DIR)
  .filter((f) => /\.(path|pathology|rad|radiology)$/.test(f))
  .sort();

describe('protocol: fixture drafts over stdio give exactly the expected diagnostics', function () {
  this.timeout(60000);
  const server = serverForSuite();

  it('has at least 30 fixtures', () => assert.ok(fixtures.length >= 30, `only ${fixtures.length}`));

  for (const name of fixtures) {
    it(name, async () => {
      const file = path.join(DIR, name);
      const expected = JSON.parse(fs.readFileSync(file.replace(/\.[a-z]+$/, '.expected.json'), 'utf8')) as Expected;
      const uri = fileUri(file);
      const lang = /\.(rad|radiology)$/.test(name) ? 'radiology-report' : 'pathology-report';
      server().open(uri, fs.readFileSync(file, 'utf8'), lang);
      const got = await server().diagnosticsFor(uri, 1);
      const status = await server().request<{ checklist: { id: string } | null; reportType?: string }>('synoptic/checklistStatus', { uri });
      server().close(uri);
      assert.equal(status.checklist?.id ?? null, expected.checklist, 'checklist');
      const key = (code: string, severity: string, line: number | null) => `${code} ${severity}${line === null ? '' : ` line ${line}`}`;
      const lineKnown = new Set(expected.diagnostics.filter((d) => d.line !== null).map((d) => d.code));
      const actual = got.map((d) => key(String(d.code), SEVERITY[d.severity ?? 0], lineKnown.has(String(d.code)) ? d.range.start.line : null)).sort();
      const want = expected.diagnostics.map((d) => key(d.code, d.severity, d.line)).sort();
      assert.deepEqual(actual, want);
    });
  }
});
