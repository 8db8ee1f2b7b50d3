import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileUri, serverForSuite } from '../support/lspClient';

/**
 * The request behind "Show Structured Report", "Copy as JSON" and "Copy as
 * FHIR": over stdio it gives, for the draft's current version, the record the
 * CLI's extract gives for the same file, and follows an edit.
 */
const FILE = path.resolve(__dirname, '..', 'fixtures', 'breast-parts-missing-biomarkers.path');

interface Answer {
  version: number;
  report: { file: string; checklist: { id: string } | null; elements: { element: string; status: string; value: Record<string, unknown> | null }[] };
  valueTexts: string[];
  fhir?: { resourceType: string; entry: { resource: { resourceType: string } }[] };
}

describe('protocol: synoptic/structuredReport', function () {
  this.timeout(30000);
  const server = serverForSuite();

  it('gives the CLI extract record of the draft, its values in words, and the FHIR Bundle when asked; an edit is followed', async () => {
    const uri = fileUri(FILE);
    const text = fs.readFileSync(FILE, 'utf8');
    server().open(uri, text, 'pathology-report');
    await server().diagnosticsFor(uri, 1);
    const a = await server().request<Answer>('synoptic/structuredReport', { uri });
    const cli = spawnSync(process.execPath, [path.resolve(__dirname, '..', '..', 'dist', 'cli.js'), 'extract', FILE], { encoding: 'utf8' });
    const fromCli = (JSON.parse(cli.stdout) as { reports: Answer['report'][] }).reports[0];
    assert.deepEqual({ ...a.report, file: '' }, { ...fromCli, file: '' });
    assert.equal(a.report.file, uri);
    assert.equal(a.valueTexts.length, a.report.elements.length);
    assert.equal(a.fhir, undefined);
    const er = a.report.elements.find((e) => e.element === 'er-status')!;
    assert.equal(er.status, 'missing');

    const lines = text.split('\n');
    const end = lines.length - 1;
    const v2 = server().change(uri, { start: { line: end, character: 0 }, end: { line: end, character: 0 } }, 'ER: positive (80%, strong)\n');
    const b = await server().request<Answer>('synoptic/structuredReport', { uri, fhir: true });
    assert.equal(b.version, v2);
    const i = b.report.elements.findIndex((e) => e.element === 'er-status');
    assert.equal(b.report.elements[i].status, 'stated');
    assert.equal(b.valueTexts[i], 'positive; 80%; strong');
    assert.equal(b.fhir?.resourceType, 'Bundle');
    assert.equal(b.fhir?.entry[0].resource.resourceType, 'DiagnosticReport');
    assert.equal(b.fhir!.entry.length, 1 + b.report.elements.filter((e) => e.status === 'stated').length);
    server().close(uri);
  });

  it('answers null for a file it does not check', async () => {
    const uri = 'file:///tmp/synoptic-protocol/notes.txt';
    server().open(uri, 'Shopping list\n', 'plaintext');
    assert.equal(await server().request('synoptic/structuredReport', { uri }), null);
    server().close(uri);
  });
});
