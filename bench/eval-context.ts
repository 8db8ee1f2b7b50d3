import * as fs from 'node:fs';
import { classifyTarget } from '../server/src/engine/context';
import { negexClassify, parseNegexTriggers } from './negex/negex';

/**
 * Negation F1 of our ConText classifier and of NegEx on the same public
 * annotated sentences: the NegEx/ConText test set distributed by Chapman et al.
 * (Annotations-1-120.txt: report number, concept, sentence, Affirmed|Negated).
 * The data and NegEx's trigger list are not in this repository; pass their paths:
 *
 *   npx tsx bench/eval-context.ts ANNOTATIONS.txt NEGEX_TRIGGERS.txt
 *
 * Reports are also scored by number, odd and even halves, so that any future
 * tuning can be done on one half and measured on the other.
 */
const [annotationsPath, triggersPath] = process.argv.slice(2);
if (!annotationsPath || !triggersPath) {
  console.error('usage: npx tsx bench/eval-context.ts ANNOTATIONS.txt NEGEX_TRIGGERS.txt');
  process.exit(2);
}
const triggers = parseNegexTriggers(fs.readFileSync(triggersPath, 'utf8'));
const rows = fs
  .readFileSync(annotationsPath, 'utf8')
  .split(/\r?\n/)
  .slice(1)
  .map((l) => l.split('\t'))
  .filter((c) => c.length >= 4)
  .map(([report, concept, sentence, label]) => ({ report: Number(report), concept: concept.replace(/^"|"$/g, '').replace(/\s+/g, ' ').trim(), sentence: sentence.replace(/^"|"$/g, '').replace(/\s+/g, ' '), negated: label.trim() === 'Negated' }));

type Counts = { tp: number; fp: number; fn: number; tn: number; skipped: number };
const score = (c: Counts) => {
  const p = c.tp / (c.tp + c.fp);
  const r = c.tp / (c.tp + c.fn);
  return { precision: p, recall: r, f1: (2 * p * r) / (p + r), accuracy: (c.tp + c.tn) / (c.tp + c.tn + c.fp + c.fn), n: c.tp + c.tn + c.fp + c.fn, skipped: c.skipped };
};

function evaluate(subset: typeof rows, system: (s: string, c: string) => boolean | undefined): Counts {
  const c: Counts = { tp: 0, fp: 0, fn: 0, tn: 0, skipped: 0 };
  for (const r of subset) {
    const said = system(r.sentence, r.concept);
    if (said === undefined) c.skipped++;
    else if (said && r.negated) c.tp++;
    else if (said && !r.negated) c.fp++;
    else if (!said && r.negated) c.fn++;
    else c.tn++;
  }
  return c;
}

const ours = (s: string, c: string) => {
  const a = classifyTarget(s, c);
  return a ? a.negation === 'negated' : undefined;
};
const negex = (s: string, c: string) => {
  const r = negexClassify(triggers, s, c);
  return r ? r === 'negated' : undefined;
};

// Both systems are scored on the sentences both could locate the concept in.
const both = rows.filter((r) => ours(r.sentence, r.concept) !== undefined && negex(r.sentence, r.concept) !== undefined);
const splits: [string, typeof rows][] = [
  ['all', both],
  ['odd reports', both.filter((r) => r.report % 2 === 1)],
  ['even reports', both.filter((r) => r.report % 2 === 0)],
];
console.log(`${rows.length} annotated concepts; ${both.length} located by both systems; ${both.filter((r) => r.negated).length} negated.`);
console.log('split                 system    precision  recall  F1     accuracy   n');
for (const [name, subset] of splits) {
  for (const [sysName, sys] of [['NegEx', negex], ['Synoptic', ours]] as const) {
    const s = score(evaluate(subset, sys));
    console.log(`${name.padEnd(21)} ${sysName.padEnd(9)} ${s.precision.toFixed(3).padStart(9)}  ${s.recall.toFixed(3).padStart(6)}  ${s.f1.toFixed(3)}  ${s.accuracy.toFixed(3).padStart(8)}  ${String(s.n).padStart(4)}`);
  }
}
if (process.argv.includes('--errors')) {
  for (const r of both.filter((x) => ours(x.sentence, x.concept) !== x.negated).slice(0, 40)) console.log(`${r.negated ? 'FN' : 'FP'}\t${r.concept}\t${r.sentence.slice(0, 160)}`);
}
