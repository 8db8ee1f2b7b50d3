import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../server/src/engine/analyze';

/**
 * How right `synoptic lint` is on drafts it was never tuned on: test/holdout/
 * holds drafts and expectations written without seeing the implementation.
 * Scores the checklist chosen and the missing-element codes (precision and
 * recall over (draft, code) pairs). Run: npm run holdout
 */
const DIR = path.resolve(__dirname, '..', 'test', 'holdout');
const files = fs.existsSync(DIR) ? fs.readdirSync(DIR).filter((f) => /\.(path|rad)$/.test(f)).sort() : [];
if (files.length === 0) {
  console.error('no hold-out drafts in test/holdout/');
  process.exit(2);
}
let tp = 0;
let fp = 0;
let fn = 0;
let checklistRight = 0;
const lines: string[] = [];
for (const f of files) {
  const text = fs.readFileSync(path.join(DIR, f), 'utf8');
  const expected = JSON.parse(fs.readFileSync(path.join(DIR, f.replace(/\.(path|rad)$/, '.expected.json')), 'utf8')) as { checklist: string | null; diagnostics: { code: string }[] };
  const a = analyze(text, { reportType: f.endsWith('.rad') ? 'radiology' : 'pathology' });
  const missingCode = (c: string) => c.startsWith('missing-') || c.startsWith('incomplete-');
  const got = new Set(a.diagnostics.map((d) => d.code).filter(missingCode));
  const want = new Set(expected.diagnostics.map((d) => d.code).filter(missingCode));
  const extra = [...got].filter((c) => !want.has(c));
  const missed = [...want].filter((c) => !got.has(c));
  tp += [...got].filter((c) => want.has(c)).length;
  fp += extra.length;
  fn += missed.length;
  const checklist = a.checklist?.checklist.id ?? null;
  if (checklist === expected.checklist) checklistRight++;
  lines.push(`${f.padEnd(44)} ${checklist === expected.checklist ? 'checklist ok ' : `checklist ${checklist} (expected ${expected.checklist})`}${extra.length ? ` false alarms: ${extra.join(', ')}` : ''}${missed.length ? ` missed: ${missed.join(', ')}` : ''}`);
}
console.log(lines.join('\n'));
const p = tp / (tp + fp || 1);
const r = tp / (tp + fn || 1);
console.log(`\n${files.length} drafts; checklist right in ${checklistRight}; missing-element codes: ${tp} right, ${fp} false alarms, ${fn} missed; precision ${p.toFixed(2)}, recall ${r.toFixed(2)}`);
