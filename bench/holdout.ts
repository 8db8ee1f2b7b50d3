import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../server/src/engine/analyze';

/**
 * How right `synoptic lint` is on drafts it was never tuned on. A hold-out
 * directory holds drafts and their expectations (`NAME.expected.json`: the
 * checklist and every diagnostic code a careful reviewer expects), written
 * without seeing the implementation. Scores the checklist chosen, and the codes
 * as (draft, code) pairs: precision and recall for the missing-element codes
 * and, separately, for hints and consistency checks.
 *
 * Run: npm run holdout [-- DIR ...]   (default: test/holdout, test/holdout-b and test/holdout-c)
 */
const ROOT = path.resolve(__dirname, '..');
const dirs = process.argv.slice(2).length ? process.argv.slice(2) : ['test/holdout', 'test/holdout-b', 'test/holdout-c'].map((d) => path.join(ROOT, d)).filter((d) => fs.existsSync(d));

interface Tally {
  tp: number;
  fp: number;
  fn: number;
}
const missingCode = (c: string) => c.startsWith('missing-') || c.startsWith('incomplete-');

function score(dir: string): boolean {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /\.(path|rad)$/.test(f)).sort() : [];
  if (files.length === 0) {
    console.error(`no hold-out drafts in ${dir}`);
    return false;
  }
  const missing: Tally = { tp: 0, fp: 0, fn: 0 };
  const other: Tally = { tp: 0, fp: 0, fn: 0 };
  // Sets B and C are tuned on their odd-numbered drafts only; the even-numbered ones are scored apart.
  const evenMissing: Tally = { tp: 0, fp: 0, fn: 0 };
  const evenOther: Tally = { tp: 0, fp: 0, fn: 0 };
  let evenDrafts = 0;
  let evenChecklistRight = 0;
  let checklistRight = 0;
  const lines: string[] = [];
  for (const f of files) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    const expected = JSON.parse(fs.readFileSync(path.join(dir, f.replace(/\.(path|rad)$/, '.expected.json')), 'utf8')) as { checklist: string | null; diagnostics: { code: string }[] };
    const a = analyze(text, { reportType: f.endsWith('.rad') ? 'radiology' : 'pathology' });
    const got = new Set(a.diagnostics.map((d) => d.code));
    const want = new Set(expected.diagnostics.map((d) => d.code));
    const extra = [...got].filter((c) => !want.has(c));
    const missed = [...want].filter((c) => !got.has(c));
    const n = /^(\d+)-/.exec(f);
    const even = n !== null && Number(n[1]) % 2 === 0;
    for (const [m, o] of even ? [[missing, other], [evenMissing, evenOther]] : [[missing, other]]) {
      for (const c of got) if (want.has(c)) (missingCode(c) ? m : o).tp++;
      for (const c of extra) (missingCode(c) ? m : o).fp++;
      for (const c of missed) (missingCode(c) ? m : o).fn++;
    }
    const checklist = a.checklist?.checklist.id ?? null;
    if (checklist === expected.checklist) checklistRight++;
    if (even) {
      evenDrafts++;
      if (checklist === expected.checklist) evenChecklistRight++;
    }
    const verdict = [checklist === expected.checklist ? 'checklist ok' : `checklist ${checklist} (expected ${expected.checklist})`];
    if (extra.length) verdict.push(`false alarms: ${extra.join(', ')}`);
    if (missed.length) verdict.push(`missed: ${missed.join(', ')}`);
    lines.push(`${f.padEnd(48)} ${verdict.join('; ')}`);
  }
  const pr = (t: Tally) => `${t.tp} right, ${t.fp} false alarms, ${t.fn} missed; precision ${(t.tp / (t.tp + t.fp || 1)).toFixed(2)}, recall ${(t.tp / (t.tp + t.fn || 1)).toFixed(2)}`;
  console.log(`${path.relative(ROOT, dir) || dir}\n${lines.join('\n')}`);
  console.log(`${files.length} drafts; checklist right in ${checklistRight}`);
  console.log(`  missing-element codes:            ${pr(missing)}`);
  console.log(`  hints and consistency checks:     ${pr(other)}`);
  if (evenDrafts) {
    console.log(`  even-numbered drafts only (${evenDrafts}; checklist right in ${evenChecklistRight}):`);
    console.log(`    missing-element codes:          ${pr(evenMissing)}`);
    console.log(`    hints and consistency checks:   ${pr(evenOther)}`);
  }
  console.log('');
  return true;
}

let ok = dirs.length > 0;
for (const d of dirs) ok = score(path.resolve(d)) && ok;
if (!ok) process.exit(2);
