import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze } from '../../server/src/engine/analyze';
import checklists from '../../server/src/data/checklists.json';
import rules from '../../server/src/data/rules.json';

const ROOT = path.resolve(__dirname, '..', '..');
const examples = JSON.parse(fs.readFileSync(path.join(ROOT, 'scripts', 'rule-examples.json'), 'utf8')) as Record<string, { type: 'pathology' | 'radiology'; triggers: string; nearMiss: string }>;

// Every protocol data file: its checklists' items, and the value checks its elements declare.
interface ProtocolFile {
  elements?: Record<string, { grade?: { mismatch?: { code: string } }; marker?: { percentRule?: { code: string }; resultCheck?: { code: string } }; count?: { atMost?: { code: string } } }>;
  checklists?: { items: { code: string }[] }[];
}
const PROTOCOLS = path.join(ROOT, 'server', 'src', 'data', 'protocols');
const protocols = fs
  .readdirSync(PROTOCOLS)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(fs.readFileSync(path.join(PROTOCOLS, f), 'utf8')) as ProtocolFile);
const protocolCodes = protocols.flatMap((p) => [
  ...(p.checklists ?? []).flatMap((c) => c.items.map((i) => i.code)),
  ...Object.values(p.elements ?? {}).flatMap((el) => [el.grade?.mismatch?.code, el.marker?.percentRule?.code, el.marker?.resultCheck?.code, el.count?.atMost?.code].filter((x): x is string => !!x)),
]);

// Staging tables raise one code, stage-mismatch, for every checklist that has one.
const stagingCodes = fs.readdirSync(path.join(ROOT, 'server', 'src', 'data', 'staging')).some((f) => f.endsWith('.json')) ? ['stage-mismatch'] : [];

const allCodes = [
  ...new Set([
    ...checklists.checklists.flatMap((c) => c.items.flatMap((i) => [i.code, (i as { incompleteCode?: string }).incompleteCode].filter((x): x is string => !!x))),
    ...rules.hints.map((h) => h.code),
    ...rules.consistency.map((c) => c.code),
    ...protocolCodes,
    ...stagingCodes,
  ]),
].sort();

describe('rule documentation: one page per code, and its examples are true', () => {
  it('the committed pages are what scripts/gen-rule-docs.js writes from the data now (a data change without it left a source out of date)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synoptic-rule-docs-'));
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'gen-rule-docs.js')], { env: { ...process.env, SYNOPTIC_DOCS_OUT: dir }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const committed = path.join(ROOT, 'docs', 'rules');
    const names = fs.readdirSync(dir).sort();
    assert.deepEqual(names, fs.readdirSync(committed).filter((f) => f.endsWith('.md')).sort());
    for (const name of names) assert.equal(fs.readFileSync(path.join(dir, name), 'utf8'), fs.readFileSync(path.join(committed, name), 'utf8'), `docs/rules/${name} is out of date: run node scripts/gen-rule-docs.js`);
  });

  it('every code has its page, and the index lists it', () => {
    const index = fs.readFileSync(path.join(ROOT, 'docs', 'rules', 'README.md'), 'utf8');
    for (const code of allCodes) {
      assert.ok(fs.existsSync(path.join(ROOT, 'docs', 'rules', `${code}.md`)), code);
      assert.ok(index.includes(`[\`${code}\`](${code}.md)`), code);
    }
  });

  for (const code of allCodes) {
    it(`${code}: the example raises it and the near miss does not`, () => {
      const ex = examples[code];
      assert.ok(ex, `no example for ${code}`);
      const fires = analyze(ex.triggers, { reportType: ex.type }).diagnostics.map((d) => d.code);
      assert.ok(fires.includes(code), `example raises ${fires.join(', ') || 'nothing'}`);
      const near = analyze(ex.nearMiss, { reportType: ex.type }).diagnostics.map((d) => d.code);
      assert.ok(!near.includes(code), `near miss raises ${near.join(', ')}`);
    });
  }

  it('stage-mismatch: the page quotes the message its example really gives', () => {
    const ex = examples['stage-mismatch'];
    const d = analyze(ex.triggers, { reportType: ex.type }).diagnostics.find((x) => x.code === 'stage-mismatch');
    assert.ok(d);
    const page = fs.readFileSync(path.join(ROOT, 'docs', 'rules', 'stage-mismatch.md'), 'utf8');
    assert.ok(page.includes(`"${d.message}"`), d.message);
  });
});
