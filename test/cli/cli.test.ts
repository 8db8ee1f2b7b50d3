import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

function run(args: string[], input?: string, cwd?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', cwd });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function dir(files: Record<string, string | Buffer>): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'synoptic-cli-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(d, name)), { recursive: true });
    fs.writeFileSync(path.join(d, name), content);
  }
  return d;
}

const LMS_MISSING = 'SURGICAL PATHOLOGY\n\nDIAGNOSIS:\nLeft kidney, radical nephrectomy: leiomyosarcoma, 10 cm. Necrosis present (10%). Mitoses 5 per 10 HPF. Lymph nodes: none. pT2b NX.\nSMA positive, desmin positive, AE1/AE3 negative, S-100 negative, HMB-45 negative.\n';
const RAD = 'CT ABDOMEN WITH CONTRAST\n\nFINDINGS:\nA 4 cm solid enhancing mass in the right kidney. No macroscopic fat. Renal vein and IVC patent. No lymphadenopathy. No metastases.\n\nIMPRESSION:\nSolid right renal mass. Recommend image-guided percutaneous biopsy.\n';

describe('CLI: synoptic lint', function () {
  this.timeout(20000);

  it('--format json prints one array in the documented shape', () => {
    const d = dir({ 'a.path': LMS_MISSING, 'b.rad': RAD, 'notes.txt': 'Shopping list\n' });
    const r = run(['lint', '--format', 'json', d]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { file: string; reportType: string; checklist: string | null; diagnostics: { code: string; severity: string; message: string; range: { start: { line: number; character: number } } }[] }[];
    assert.deepEqual(out.map((o) => path.basename(o.file)), ['a.path', 'b.rad', 'notes.txt']);
    assert.equal(out[0].reportType, 'pathology');
    assert.equal(out[0].checklist, 'renal-sarcoma-resection');
    assert.deepEqual(out[0].diagnostics.map((x) => x.code).sort(), ['missing-grade', 'missing-ivc-extension', 'missing-margin-status']);
    assert.deepEqual(Object.keys(out[0].diagnostics[0]).sort(), ['code', 'message', 'range', 'severity']);
    assert.equal(out[0].diagnostics[0].range.start.line, 2);
    assert.equal(out[1].reportType, 'radiology');
    assert.equal(out[1].checklist, 'radiology-renal-mass');
    assert.deepEqual(out[1].diagnostics, []);
    assert.equal(out[2].reportType, 'unknown');
    assert.equal(out[2].checklist, null);
  });

  it('--format json carries each draft\'s stage: stated, derived and the evidence, so an audit can count staging errors', () => {
    const RCC = 'SURGICAL PATHOLOGY\n\nDIAGNOSIS:\nLeft kidney, radical nephrectomy: clear cell renal cell carcinoma, WHO/ISUP grade 2.\nTumor size: 8.5 x 6.0 x 5.0 cm.\nTumor is limited to the kidney; no perinephric or renal sinus fat invasion.\nRenal vein: not involved.\nLymph nodes: 0/3.\nypT1b pN0 (AJCC 8th).\n';
    const d = dir({ 'a.path': RCC, 'b.rad': RAD });
    const r = run(['lint', '--format', 'json', d]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { diagnostics: { code: string; range: { start: { line: number } } }[]; stage: { stated: Record<string, string | null>; derived: Record<string, string | null>; evidence: Record<string, { text: string; range?: { start: { line: number } } }[]>; unstated: Record<string, string[]> } | null }[];
    const stage = out[0].stage;
    assert.ok(stage);
    assert.deepEqual(stage.stated, { t: 'ypT1b', n: 'pN0' });
    assert.deepEqual(stage.derived, { t: 'ypT2a', n: 'pN0' });
    assert.equal(stage.evidence.t[0].text, 'an 8.5 cm tumour');
    assert.equal(stage.evidence.t[0].range?.start.line, 4);
    assert.deepEqual(stage.evidence.n.map((e) => e.text), ['0 involved nodes']);
    assert.deepEqual(stage.unstated, { t: [], n: [] });
    const mismatch = out[0].diagnostics.find((x) => x.code === 'stage-mismatch');
    assert.equal(mismatch?.range.start.line, 8);
    // A checklist without a staging table (the radiology renal mass) carries none.
    assert.equal(out[1].stage, null);
    // An addendum's revised stage is the stated one, as the diagnostic and extract read it (blind workspace probe 3, d7).
    const revised = dir({ 'r.path': RCC.replace('ypT1b pN0 (AJCC 8th).', 'pT2a pNX (AJCC 8th).\n\nADDENDUM:\nRevised pathologic stage: pT2a pN0.') });
    const rr = JSON.parse(run(['lint', '--format', 'json', revised]).stdout) as typeof out;
    assert.deepEqual(rr[0].stage?.stated, { t: 'pT2a', n: 'pN0' });
  });

  it('text format, and exit 1 when a code is raised to error', () => {
    const d = dir({ 'a.path': LMS_MISSING });
    const r = run(['lint', path.join(d, 'a.path')]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /a\.path:3:1: warning \[missing-grade\]/);
    assert.match(r.stdout, /1 file\(s\) checked, 3 problem\(s\)\./);
    const e = run(['lint', '--severity', 'missing-grade=error', '--severity', 'missing-ivc-extension=off', path.join(d, 'a.path')]);
    assert.equal(e.code, 1);
    assert.match(e.stdout, /error \[missing-grade\]/);
    assert.doesNotMatch(e.stdout, /missing-ivc-extension/);
  });

  it('--type overrides the extension; --format sarif is valid SARIF 2.1.0', () => {
    const d = dir({ 'x.txt': LMS_MISSING });
    const r = run(['lint', '--type', 'pathology', '--format', 'sarif', path.join(d, 'x.txt')]);
    const sarif = JSON.parse(r.stdout);
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs[0].results.length, 3);
    assert.equal(sarif.runs[0].results[0].locations[0].physicalLocation.region.startLine, 3);
  });

  it('bad usage exits 2 with a clear message', () => {
    for (const args of [['lint'], ['lint', '--format', 'xml', '.'], ['lint', '--type', 'cardiology', '.'], ['frobnicate']]) {
      const r = run(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /synoptic: /);
      assert.match(r.stderr, /Usage:/);
    }
  });

  it('unreadable and binary input exits 2, names the file, and still lints the rest', () => {
    const d = dir({ 'good.path': LMS_MISSING, 'bin.path': Buffer.from([0, 1, 2, 3, 0, 255]) });
    const r = run(['lint', '--format', 'json', d, path.join(d, 'missing.path')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /bin\.path: looks like a binary file/);
    assert.match(r.stderr, /missing\.path: no such file or directory/);
    assert.equal(JSON.parse(r.stdout).length, 1);
    assert.ok(!r.stderr.includes('leiomyosarcoma'), 'no report text in errors');
  });

  it('reads UTF-16 with a BOM, Windows-1252 and CRLF', () => {
    const crlf = LMS_MISSING.replace(/\n/g, '\r\n');
    const d = dir({ 'u16.path': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(crlf, 'utf16le')]), 'cp.path': Buffer.from(LMS_MISSING.replace('tumor', 'tum\u00f6r'), 'latin1') });
    const r = run(['lint', '--format', 'json', d]);
    const out = JSON.parse(r.stdout);
    assert.equal(out.length, 2);
    for (const o of out) assert.equal(o.diagnostics.length, 3, o.file);
  });

  it('reads the workspace rule file .synoptic/rules.json of the directory it runs in, as the editor does, and says so', () => {
    const guide = fs.readFileSync(path.resolve(__dirname, '..', '..', 'docs', 'protocols.md'), 'utf8');
    const example = /## An example: a thyroid carcinoma checklist[\s\S]*?```json\n([\s\S]*?)```/.exec(guide);
    assert.ok(example, 'the guide has its thyroid example');
    const d = dir({ '.synoptic/rules.json': example[1], 'thyroid.path': 'SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nThyroid, total thyroidectomy: papillary thyroid carcinoma, classic type.\nTumor size: 1.8 cm.\n' });
    const found = run(['lint', '--format', 'json', 'thyroid.path'], undefined, d);
    assert.equal(found.code, 0, found.stderr);
    assert.equal(JSON.parse(found.stdout)[0].checklist, 'thyroid-resection');
    assert.match(found.stderr, /using the workspace rule file \.synoptic[\\/]rules\.json/);
    // --no-rules: the built-ins alone, which have no thyroid checklist.
    const builtins = run(['lint', '--format', 'json', '--no-rules', 'thyroid.path'], undefined, d);
    assert.equal(builtins.code, 0, builtins.stderr);
    assert.equal(JSON.parse(builtins.stdout)[0].checklist, null);
    assert.equal(builtins.stderr, '');
  });

  it('a --rules file that does not exist is bad usage, not a silent run with the built-ins', () => {
    const d = dir({ 'a.path': LMS_MISSING });
    const r = run(['lint', '--format', 'json', '--rules', path.join(d, 'rulez.json'), path.join(d, 'a.path')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /rule file .*rulez\.json does not exist/);
    assert.equal(r.stdout, '');
  });

  it('a broken --rules file is reported and the built-ins still lint', () => {
    const d = dir({ 'a.path': LMS_MISSING, 'rules.json': '{"checklists": 5}' });
    const r = run(['lint', '--format', 'json', '--rules', path.join(d, 'rules.json'), path.join(d, 'a.path')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /rules\.json: \/checklists: must be array/);
    assert.equal(JSON.parse(r.stdout)[0].diagnostics.length, 3);
  });
});

describe('CLI: synoptic audit', function () {
  this.timeout(20000);
  it('reports the share of reports that state each element, as a table and as JSON', () => {
    const complete = LMS_MISSING.replace('10 cm.', '10 cm, FNCLCC grade 2. Margins negative. IVC not involved.');
    const d = dir({ '1.path': LMS_MISSING, '2.path': complete, '3.path': complete, '4.rad': RAD });
    const j = run(['audit', '--format', 'json', d]);
    assert.equal(j.code, 0, j.stderr);
    const report = JSON.parse(j.stdout);
    assert.equal(report.reports, 4);
    const lms = report.checklists.find((c: { checklist: string }) => c.checklist === 'renal-sarcoma-resection');
    assert.equal(lms.reports, 3);
    assert.equal(lms.complete, 2);
    const grade = lms.elements.find((e: { code: string }) => e.code === 'missing-grade');
    assert.deepEqual([grade.stated, grade.total, grade.share], [2, 3, 0.667]);
    const t = run(['audit', '--progress', d]);
    assert.match(t.stdout, /Histologic grade \(FNCLCC\)\s+2\/3\s+67%/);
    assert.match(t.stderr, /audited 4\/4 reports/);
  });
});

describe('CLI: synoptic context', function () {
  this.timeout(20000);
  it('classifies JSON lines from stdin', () => {
    const input = [
      { sentence: 'No tumor necrosis is identified.', target: 'tumor necrosis' },
      { sentence: 'History of angiomyolipoma of the other kidney.', target: 'angiomyolipoma' },
      { sentence: 'Leiomyosarcoma cannot be excluded.', target: 'Leiomyosarcoma' },
    ]
      .map((x) => JSON.stringify(x))
      .join('\n');
    const r = run(['context'], input + '\nnot json\n');
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.length, 4);
    assert.deepEqual(lines[0], { negation: 'negated', temporality: 'recent', experiencer: 'patient' });
    assert.equal(lines[1].temporality, 'historical');
    assert.equal(lines[2].negation, 'possible');
    assert.ok(lines[3].error);
  });
});

describe('CLI: every fixture draft, through synoptic lint', function () {
  this.timeout(30000);
  it('gives the same codes, severities and checklists as the fixtures expect (hints and consistency checks included)', () => {
    const dir = path.resolve(__dirname, '..', 'fixtures');
    const r = run(['lint', '--format', 'json', dir]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { file: string; checklist: string | null; diagnostics: { code: string; severity: string; range: { start: { line: number } } }[] }[];
    assert.ok(out.length >= 30);
    for (const o of out) {
      const expected = JSON.parse(fs.readFileSync(o.file.replace(/\.[a-z]+$/, '.expected.json'), 'utf8')) as { checklist: string | null; diagnostics: { code: string; severity: string; line: number | null }[] };
      assert.equal(o.checklist, expected.checklist, o.file);
      const lineKnown = new Set(expected.diagnostics.filter((d) => d.line !== null).map((d) => d.code));
      const got = o.diagnostics.map((d) => `${d.code} ${d.severity}${lineKnown.has(d.code) ? ` ${d.range.start.line}` : ''}`).sort();
      const want = expected.diagnostics.map((d) => `${d.code} ${d.severity}${d.line === null ? '' : ` ${d.line}`}`).sort();
      assert.deepEqual(got, want, path.basename(o.file));
    }
  });
});

describe('CLI: each rule\'s documented example and near miss, through synoptic lint', function () {
  this.timeout(30000);
  it('the example raises its code and the near miss does not, for every code', () => {
    const examples = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'scripts', 'rule-examples.json'), 'utf8')) as Record<string, { type: string; triggers: string; nearMiss: string }>;
    const files: Record<string, string> = {};
    for (const [code, ex] of Object.entries(examples)) {
      const ext = ex.type === 'radiology' ? 'rad' : 'path';
      files[`${code}.example.${ext}`] = ex.triggers;
      files[`${code}.near-miss.${ext}`] = ex.nearMiss;
    }
    const d = dir(files);
    const r = run(['lint', '--format', 'json', d]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { file: string; diagnostics: { code: string }[] }[];
    const codesIn = new Map(out.map((o) => [path.basename(o.file), o.diagnostics.map((x) => x.code)]));
    assert.equal(codesIn.size, Object.keys(files).length);
    for (const [code, ex] of Object.entries(examples)) {
      const ext = ex.type === 'radiology' ? 'rad' : 'path';
      assert.ok(codesIn.get(`${code}.example.${ext}`)!.includes(code), `${code}: the example raises ${codesIn.get(`${code}.example.${ext}`)!.join(', ')}`);
      assert.ok(!codesIn.get(`${code}.near-miss.${ext}`)!.includes(code), `${code}: the near miss raises it`);
    }
  });
});
