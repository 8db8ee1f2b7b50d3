import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileUri, LspTestClient } from '../support/lspClient';

/**
 * The promise that a new organ needs no new code, kept: a whole thyroid
 * protocol that is not built in, from a workspace .synoptic/rules.json, gets
 * its missing-element diagnostics, value completions, quick fixes, hovers and
 * status count from the real server over stdio.
 */
const THYROID = {
  $comment: 'An institution\'s own thyroid carcinoma resection checklist (test data).',
  elements: {
    'thyroid-procedure': {
      label: 'Procedure',
      kind: 'enumeration',
      answers: [
        { id: 'total', label: 'Total thyroidectomy', patterns: ['total thyroidectomy'] },
        { id: 'lobectomy', label: 'Hemithyroidectomy', patterns: ['hemithyroidectomy', '(?:thyroid )?lobectomy'] },
      ],
      fieldKeys: ['procedure'],
      satisfy: 'name the procedure',
      template: 'Procedure: ${1|Total thyroidectomy,Hemithyroidectomy|}',
      values: ['Total thyroidectomy', 'Hemithyroidectomy'],
    },
    'thyroid-size': { label: 'Tumor size', kind: 'measurement', unit: 'cm', patterns: ['tumou?r size', '(?:carcinoma|nodule) measur\\w*'], fieldKeys: ['tumor size'], satisfy: 'give the greatest dimension', template: 'Tumor size: ${1:__} cm' },
    'thyroid-ete': {
      label: 'Extrathyroidal extension',
      kind: 'enumeration',
      presence: true,
      // Nested repetition: refused by the old heuristic, harmless in RE2.
      patterns: ['extra-?thyroidal extension', '(?:ete)+'],
      fieldKeys: ['extrathyroidal extension'],
      answers: [{ id: 'gross', label: 'Gross (into strap muscles)', patterns: ['gross(?:ly)?', 'strap muscles?'] }],
      satisfy: 'state whether extrathyroidal extension is present (microscopic or gross) or not identified',
      template: 'Extrathyroidal extension: ${1|Not identified,Microscopic,Gross (into strap muscles)|}',
      values: ['Not identified', 'Microscopic', 'Gross (into strap muscles)'],
    },
  },
  checklists: [
    {
      id: 'thyroid-resection',
      title: 'Thyroid carcinoma, resection (institutional)',
      shortTitle: 'Thyroid resection',
      reportType: 'pathology',
      appliesWhen: { diagnosis: ['papillary (?:thyroid )?carcinoma', 'follicular carcinoma'], site: ['thyroid\\w*'], procedures: ['(?:total |hemi)?thyroidectomy', '(?:thyroid )?lobectomy'] },
      anchorSections: ['diagnosis'],
      source: 'institutional thyroid checklist 2026',
      items: [
        { element: 'thyroid-procedure', code: 'missing-procedure', requirement: 'required', source: 'institutional thyroid checklist 2026' },
        { element: 'thyroid-size', code: 'missing-tumor-size', requirement: 'required', source: 'institutional thyroid checklist 2026' },
        { element: 'thyroid-ete', code: 'missing-extrathyroidal-extension', requirement: 'required', source: 'institutional thyroid checklist 2026' },
        { element: 'lymphovascular-invasion', code: 'missing-lymphovascular-invasion', requirement: 'recommended', source: 'institutional thyroid checklist 2026' },
      ],
    },
  ],
  terms: [{ id: 'ptc', label: 'Papillary thyroid carcinoma (institutional)', category: 'entity', synonyms: ['PTC', 'papillary thyroid carcinoma'], definition: 'The commonest thyroid malignancy, recognised by its nuclear features.', source: 'institutional handbook 7.1' }],
};

const DRAFT = `SURGICAL PATHOLOGY REPORT

DIAGNOSIS:
Thyroid, total thyroidectomy: papillary thyroid carcinoma (PTC), classic type.
The carcinoma measures 1.8 x 1.2 cm.
`;

describe('protocol: a whole protocol from a workspace rules file, with no code', function () {
  this.timeout(30000);
  let client: LspTestClient;
  let u: string;

  before(async () => {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'synoptic-thyroid-'));
    fs.mkdirSync(path.join(ws, '.synoptic'));
    fs.writeFileSync(path.join(ws, '.synoptic', 'rules.json'), JSON.stringify(THYROID));
    client = new LspTestClient();
    await client.initialize({ rootPath: ws, settings: {} });
    u = fileUri(path.join(ws, 'thyroid.path'));
    client.open(u, DRAFT);
  });
  after(async () => client?.shutdown());

  it('chooses the workspace checklist and reports what it lacks, and nothing else', async () => {
    const diags = await client.diagnosticsFor(u, 1);
    assert.deepEqual(diags.map((d) => d.code).sort(), ['missing-extrathyroidal-extension', 'missing-lymphovascular-invasion']);
    assert.match(diags.find((d) => d.code === 'missing-extrathyroidal-extension')!.message, /Extrathyroidal extension is not stated.*Thyroid resection checklist/);
    assert.deepEqual(client.messages.filter((m) => m.type === 1), [], 'the file loads without a problem');
  });

  it('counts the checklist in the status request', async () => {
    const s = await client.request<{ checklist: { id: string; shortTitle: string }; stated: number; total: number }>('synoptic/checklistStatus', { uri: u });
    assert.equal(s.checklist.id, 'thyroid-resection');
    assert.equal(s.checklist.shortTitle, 'Thyroid resection');
    assert.deepEqual([s.stated, s.total], [2, 4]);
  });

  it('offers a quick fix that inserts the element\'s line, after which the warning goes', async () => {
    const diags = await client.diagnosticsFor(u, 1);
    const ete = diags.find((d) => d.code === 'missing-extrathyroidal-extension')!;
    const actions = await client.request<{ title: string; edit?: { changes: Record<string, { newText: string }[]> } }[]>('textDocument/codeAction', { textDocument: { uri: u }, range: ete.range, context: { diagnostics: [ete] } });
    const fix = actions.find((a) => a.title === 'Insert "Extrathyroidal extension: Not identified"');
    assert.ok(fix, actions.map((a) => a.title).join(' | '));
    assert.match(fix.edit!.changes[u][0].newText, /Extrathyroidal extension: Not identified/);
    const v2 = client.change(u, undefined, `${DRAFT}Extrathyroidal extension: Not identified\n`);
    assert.deepEqual((await client.diagnosticsFor(u, v2)).map((d) => d.code), ['missing-lymphovascular-invasion']);
  });

  it('a negation states the element; the nested-repetition anchor runs', async () => {
    const v = client.change(u, undefined, `${DRAFT}No ETE is seen. No lymphovascular invasion.\n`);
    assert.deepEqual(await client.diagnosticsFor(u, v), []);
  });

  it('completes the values the element allows', async () => {
    const v = client.change(u, undefined, `${DRAFT}Extrathyroidal extension: `);
    await client.diagnosticsFor(u, v);
    const line = DRAFT.split('\n').length - 1;
    const items = await client.request<{ label: string }[]>('textDocument/completion', { textDocument: { uri: u }, position: { line, character: 'Extrathyroidal extension: '.length } });
    const labels = items.map((i) => i.label);
    for (const value of THYROID.elements['thyroid-ete'].values) assert.ok(labels.includes(value), `${value} in ${labels.join(', ')}`);
  });

  it('hovers the workspace term with its source', async () => {
    const h = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: u }, position: { line: 3, character: DRAFT.split('\n')[3].indexOf('PTC') + 1 } });
    assert.ok(h);
    assert.match(h.contents.value, /Papillary thyroid carcinoma \(institutional\)/);
    assert.match(h.contents.value, /institutional handbook 7\.1/);
  });
});
