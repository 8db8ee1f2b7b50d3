import { ChecklistResult } from '../checklist';
import { mentionsOf } from '../document';
import { documents } from '../findings/assess';
import { ChecklistBase, ElementDef } from '../knowledge/checklists';
import { countTotal } from '../kinds/count';
import { readMeasurement } from '../kinds/measurement';
import { ElementValue } from '../kinds/types';
import { ReportModel, Sentence } from '../parser';
import { Span } from '../types';
import { ConditionResult, StagingFacts } from './evaluate';
import { AnswerCondition, Condition, CountCondition, InsteadDef, insteadOf, MeasureCondition, MentionCondition, StagingTable } from './tables';

interface Size {
  mm: number;
  span: Span;
  atLeast: boolean;
  sentence: Sentence;
}

/** The tumour sizes a draft states, in mm, read through the size element (a measurement). */
export function tumourSizes(result: ChecklistResult, element: string): Size[] {
  const sizes = result
    .read(element)
    .filter((v) => v.number !== undefined && documents(v) && v.assertion.negation === 'affirmed')
    .map((v) => ({ mm: v.unit === 'mm' ? v.number! : v.number! * 10, span: v.span, atLeast: !!v.atLeast, sentence: v.sentence, section: v.sentence.section.kind }));
  // The diagnosis gives the tumour's size; a gross nodule may be more than tumour (see size-conflict).
  const final = sizes.filter((s) => FINAL_SECTIONS.has(s.section));
  if (final.length) return final;
  // Without one, the gross may measure the specimen beside the tumour ("kidney 12 x 6 x 5 cm, with a 3.5 cm tumour"): sizes that disagree decide nothing.
  return new Set(sizes.map((s) => s.mm)).size > 1 ? [] : sizes;
}

/** The sections that give the report's own statement of a finding: the diagnosis and the synoptic summary. */
export const FINAL_SECTIONS: ReadonlySet<string> = new Set(['diagnosis', 'synoptic']);

/**
 * An element's readings, through its kind. A reading at a named anchor (the
 * renal vein, the IVC) answers as "anchor:answer" ("renal-vein:involved",
 * "ivc:not-involved"), so a table row can say which vessel it asks about.
 */
export function elementReadings(result: ChecklistResult, element: string): ElementValue[] {
  return result.read(element).map((v) => (v.anchor && v.answer !== undefined ? { ...v, answer: `${v.anchor}:${v.answer}` } : v));
}

/** A reading's answer as its reader gave it ("not-involved" of "renal-vein:not-involved"). */
function ownAnswer(v: ElementValue): string | undefined {
  return v.anchor && v.answer?.startsWith(`${v.anchor}:`) ? v.answer.slice(v.anchor.length + 1) : v.answer;
}

/** The findings of one draft, as the staging evaluator asks for them. */
export function stagingFacts(base: ChecklistBase, table: StagingTable, result: ChecklistResult, model: ReportModel): StagingFacts {
  const cache = new Map<Condition, ConditionResult>();
  const sizes = new Map<string, { size?: Size; label: string; unit: 'cm' | 'mm' }>();
  const affirmed = (patterns: string[]) => mentionsOf(model, base.matcher(patterns)).filter((m) => documents(m) && m.assertion.negation === 'affirmed');

  const measureOf = (id: string) => {
    let got = sizes.get(id);
    if (got) return got;
    const def = table.measures![id];
    let list: Size[];
    let label = def.label ?? 'a {value} {unit} tumour';
    const instead = insteadOf(def).find((i) => affirmed(i.when).length);
    if (instead) {
      // Only the named reading counts (an invasive size, a viable size); the total size decides nothing.
      list = insteadSizes(base, model, instead);
      label = instead.label;
    } else list = tumourSizes(result, def.element);
    if (def.exclude) {
      // A size beside the words of something else (DCIS, a total extent) is not the tumour's.
      const other = mentionsOf(model, base.matcher(def.exclude));
      list = list.filter((sz) => !other.some((m) => m.sentence.span.start === sz.sentence.span.start));
    }
    // Several tumours: the largest.
    const size = list.reduce<Size | undefined>((a, b) => (!a || b.mm > a.mm ? b : a), undefined);
    got = { size, label, unit: def.unit };
    sizes.set(id, got);
    return got;
  };

  const measure = (c: MeasureCondition): ConditionResult => {
    const { size, label, unit } = measureOf(c.measure);
    if (!size) return { truth: 'unknown' };
    const v = unit === 'cm' ? size.mm / 10 : size.mm;
    const value = formatNumber(v);
    const text = label.replace(/^a \{value\}/, `${/^(?:8|11|18)(?:\D|$)/.test(value) ? 'an' : 'a'} {value}`).replace('{value}', value).replace('{unit}', unit);
    const evidence = { text, span: size.span, from: `measure:${c.measure}` };
    const above = (c.gt === undefined || v > c.gt) && (c.gte === undefined || v >= c.gte);
    const below = (c.lt === undefined || v < c.lt) && (c.lte === undefined || v <= c.lte);
    // "At least 3 cm": the size may be larger, so an upper bound decides nothing.
    if (size.atLeast) {
      if (!below && !(c.lt === undefined && c.lte === undefined)) return { truth: 'no', evidence };
      if (above && c.lt === undefined && c.lte === undefined) return { truth: 'yes', evidence };
      return { truth: 'unknown' };
    }
    return { truth: above && below ? 'yes' : 'no', evidence };
  };

  const count = (c: CountCondition): ConditionResult => {
    const total = countTotal(model, result.read(c.count), c.part);
    if (!total) return { truth: 'unknown' };
    const { n, best } = total;
    const ok = (c.gte === undefined || n >= c.gte) && (c.lte === undefined || n <= c.lte);
    const label = c.label ?? 'involved nodes';
    const parts = total.parts.length ? ` (parts ${total.parts.map((p) => p.letter).join(', ').replace(/, ([^,]*)$/, ' and $1')})` : '';
    return { truth: ok ? 'yes' : 'no', evidence: { text: `${n} ${n === 1 ? label.replace(/s\b/, '') : label}${parts}`, span: best.span, from: c.count } };
  };

  const answer = (c: AnswerCondition): ConditionResult => {
    const readings = elementReadings(result, c.element).filter((v) => documents(v) && v.answer !== undefined);
    const yes = readings.find((v) => c.answers.includes(v.answer!) && v.assertion.negation === 'affirmed');
    if (yes) return { truth: 'yes', evidence: { text: c.label, span: yes.span, from: c.element } };
    // A negated reading states its answer absent only when the reader made that its answer ("no seminal vesicle invasion": not identified).
    const el = base.elements.get(c.element);
    const negatedAnswer = el?.negated ?? 'not-identified';
    const no = readings.find((v) => (c.absent ?? []).includes(v.answer!) && (v.assertion.negation === 'affirmed' || (v.assertion.negation === 'negated' && ownAnswer(v) === negatedAnswer)));
    if (no) {
      const answerLabel = el?.answers?.find((a) => a.id === no.answer)?.label;
      return { truth: 'no', evidence: { text: c.absentLabel ?? (el && answerLabel ? `${el.label.toLowerCase()}: ${answerLabel.toLowerCase()}` : `no ${c.label}`), span: no.span, from: c.element } };
    }
    return { truth: 'unknown' };
  };

  const mention = (c: MentionCondition): ConditionResult => {
    const found = mentionsOf(model, base.matcher(c.mention)).filter(documents);
    const yes = found.find((m) => m.assertion.negation === 'affirmed');
    if (yes) return { truth: 'yes', evidence: { text: c.label, span: yes.span, from: c.label } };
    // "Limited to the kidney" says it for every extension; "no perinephric fat invasion" for its own.
    const confined = c.absentWhen ? affirmed(c.absentWhen)[0] : undefined;
    if (confined) return { truth: 'no', evidence: { text: c.absentLabel ?? `no ${c.label}`, span: confined.span } };
    const no = found.find((m) => m.assertion.negation === 'negated');
    if (no) return { truth: 'no', evidence: { text: `no ${c.label}`, span: no.span } };
    return { truth: 'unknown' };
  };

  return {
    condition(c: Condition): ConditionResult {
      let r = cache.get(c);
      if (!r) {
        r = 'measure' in c ? measure(c) : 'count' in c ? count(c) : 'element' in c ? answer(c) : 'mention' in c ? mention(c) : { truth: 'unknown' };
        cache.set(c, r);
      }
      return r;
    },
  };
}

/** The size a measure's `instead` names ("Invasive size: 0.8 cm"), read as a measurement. */
function insteadSizes(base: ChecklistBase, model: ReportModel, instead: InsteadDef): Size[] {
  const el: ElementDef = { label: instead.label, satisfy: '', kind: 'measurement', unit: 'mm', fieldKeys: instead.fieldKeys, patterns: instead.patterns };
  const ctx = { model, matcher: (p: string[]) => base.matcher(p), answers: (l: Parameters<ChecklistBase['answers']>[0]) => base.answers(l) };
  const out: Size[] = [];
  for (const v of readMeasurement(ctx, '-', el)) {
    if (v.number !== undefined && documents(v) && v.assertion.negation === 'affirmed') out.push({ mm: v.number, span: v.span, atLeast: !!v.atLeast, sentence: v.sentence });
  }
  return out;
}

export function formatNumber(v: number): string {
  return String(Math.round(v * 100) / 100);
}
