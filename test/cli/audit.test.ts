import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const CLI = path.join(root, 'dist', 'cli.js');
const FIXTURES = path.join(root, 'test', 'fixtures');

function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface AuditJson {
  reports: number;
  unreadable: number;
  withoutChecklist: number;
  checklists: { checklist: string; reports: number; complete: number; elements: { element: string; code: string; stated: number; total: number; share: number }[] }[];
  files: { file: string; checklist: string | null; missing: string[] }[];
}

/** Every fixture, copied so that a binary file and an unreadable one can sit among them. */
function fixtureDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'synoptic-audit-'));
  for (const f of fs.readdirSync(FIXTURES).filter((x) => /\.(path|rad)$/.test(x))) fs.copyFileSync(path.join(FIXTURES, f), path.join(d, f));
  fs.writeFileSync(path.join(d, 'zz-binary.path'), Buffer.from([0, 1, 2, 3, 0]));
  return d;
}

function expectedMissing(file: string): string[] {
  const exp = JSON.parse(fs.readFileSync(path.join(FIXTURES, file.replace(/\.(path|rad)$/, '.expected.json')), 'utf8')) as { diagnostics: { code: string }[] };
  return [...new Set(exp.diagnostics.map((d) => d.code.replace(/^incomplete-/, 'missing-')).filter((c) => c.startsWith('missing-')))].sort();
}

describe('CLI: synoptic audit at scale', function () {
  this.timeout(60000);
  let d: string;
  let serial: AuditJson;
  before(() => {
    d = fixtureDir();
    const r = run(['audit', '--format', 'json', '--jobs', '1', d]);
    assert.equal(r.code, 2, 'a binary file among the drafts: exit 2');
    serial = JSON.parse(r.stdout) as AuditJson;
  });

  it('worker threads give exactly the serial result, in input order, with the unreadable file named and counted', () => {
    const r = run(['audit', '--format', 'json', '--jobs', '3', '--progress', d]);
    assert.equal(r.code, 2);
    assert.deepEqual(JSON.parse(r.stdout), serial);
    assert.match(r.stderr, /zz-binary\.path: looks like a binary file/);
    const drafts = fs.readdirSync(d).length;
    assert.match(r.stderr, new RegExp(`audited ${drafts}/${drafts} reports`));
    assert.equal(serial.unreadable, 1);
    assert.equal(serial.reports + serial.unreadable, drafts);
    assert.deepEqual(serial.files.map((f) => path.basename(f.file)), fs.readdirSync(d).filter((f) => f !== 'zz-binary.path').sort((a, b) => a.localeCompare(b)));
  });

  it('lists, per file, the elements it does not state: those the fixtures expect reported missing', () => {
    for (const f of serial.files) {
      const codes = f.missing.map((el) => serial.checklists.find((c) => c.checklist === f.checklist)!.elements.find((e) => e.element === el)!.code).sort();
      assert.deepEqual(codes, expectedMissing(path.basename(f.file)), f.file);
    }
    const text = run(['audit', '--missing', d]);
    assert.match(text.stdout, /Missing, per file:\n/);
    assert.match(text.stdout, /rcc-missing-vein-margins\.path \(kidney-rcc-resection\): venous-extension, margins\n/);
    assert.doesNotMatch(text.stdout, /rcc-resection-complete\.path/);
    const plain = run(['audit', d]);
    assert.doesNotMatch(plain.stdout, /Missing, per file/, 'the table alone without --missing, as before');
  });

  it('--format csv gives the per-element table, and with --missing the per-file list', () => {
    const rows = run(['audit', '--format', 'csv', d]).stdout.trimEnd().split('\r\n').map((l) => l.split(','));
    assert.deepEqual(rows[0], ['checklist', 'element', 'label', 'code', 'requirement', 'stated', 'total', 'share']);
    const fromJson = serial.checklists.flatMap((c) => c.elements.map((e) => [c.checklist, e.element, e.code, String(e.stated), String(e.total), String(e.share)]));
    assert.deepEqual(rows.slice(1).map((r) => [r[0], r[1], r[3], r[5], r[6], r[7]]), fromJson);
    const missing = run(['audit', '--format', 'csv', '--missing', d]).stdout.trimEnd().split('\r\n').map((l) => l.split(','));
    assert.deepEqual(missing[0], ['file', 'checklist', 'element']);
    assert.equal(missing.length - 1, serial.files.reduce((n, f) => n + f.missing.length, 0));
    assert.ok(missing.some((r) => r[0].endsWith('rcc-missing-vein-margins.path') && r[2] === 'margins'));
  });

  it('refuses a --jobs that is not a count of threads, and --missing outside audit', () => {
    for (const bad of ['0', 'two', '1.5']) assert.match(run(['audit', '--jobs', bad, d]).stderr, /--jobs takes a whole number/);
    assert.equal(run(['lint', '--missing', d]).code, 2);
  });
});
