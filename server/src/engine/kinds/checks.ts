import { documents } from '../findings/assess';
import { ElementDef } from '../knowledge/checklists';
import { ReportModel } from '../parser';
import { quoteOf } from '../rules/consistency';
import { EngineDiagnostic, RelatedLocation, Span } from '../types';
import { gradeFromTable } from './grade';
import { ElementValue } from './types';

/**
 * Value checks declared in an element's data: a grade its components
 * contradict, a receptor called negative with staining of 1 % or more, a
 * HER2 result its score or ISH figures contradict, more nodes involved than
 * examined. Only affirmed readings in documenting text are compared.
 */
export function elementChecks(model: ReportModel, el: ElementDef, all: ElementValue[]): EngineDiagnostic[] {
  // A marker's or a count's reading carries its own result ("HER2: negative" is negated by ConText, and a result all the same).
  const values = all.filter((v) => documents(v) && (el.kind === 'marker' || el.kind === 'count' || v.assertion.negation !== 'negated'));
  const out: EngineDiagnostic[] = [];
  const quote = (span: Span) => quoteOf(model, span);
  const warn = (code: string, source: string, span: Span, message: string, related: RelatedLocation[], data: Record<string, unknown> = {}) =>
    out.push({ code, severity: 'warning', message, span, related: related.length ? related : undefined, data: { source, ...data } });

  if (el.kind === 'grade' && el.grade?.mismatch) {
    const spec = el.grade;
    const mismatch = el.grade.mismatch;
    // The scores of some readings: their components (the first of each) and total, and the grade they give.
    const scoresOf = (vs: ElementValue[]) => {
      const components: Record<string, number> = {};
      const evidence: Span[] = [];
      let total: { score: number; span: Span } | undefined;
      for (const v of vs) {
        for (const [k, c] of Object.entries(v.components ?? {})) {
          if (components[k] === undefined) {
            components[k] = c.score;
            if (!evidence.some((e) => e.start === c.span.start)) evidence.push(c.span);
          }
        }
        if (v.total && !total) total = v.total;
      }
      return { components, evidence, total, derived: gradeFromTable(spec, components, total?.score) };
    };
    const scored = values.filter((v) => v.components || v.total);
    const statements = values.filter((v) => v.answer !== undefined && (spec.table ?? []).some((r) => r.grade === v.answer));
    const checked = new Set<number>();
    statements.forEach((stated, i) => {
      // The first statement is checked against the draft's first scores. A later one only as a synoptic field against the
      // nearest scores before it, in a field of the same paragraph ("Gleason score: 4+3=7⏎Grade Group: 2" after a right
      // "Grade Group 3" in the diagnosis): prose naming two nodules is not paired up.
      let check: ReturnType<typeof scoresOf> | undefined;
      if (i === 0) check = scoresOf(scored);
      else if (stated.sentence.field) {
        const before = scored.filter((v) => v.span.end <= stated.span.start && !/\n[ \t]*\r?\n/.test(model.text.slice(v.span.end, stated.span.start))).pop();
        if (before?.sentence.field) check = scoresOf([before]);
      }
      if (check?.derived === undefined || check.derived === stated.answer || checked.has(stated.span.start)) return;
      checked.add(stated.span.start);
      report(stated, check);
    });
    function report(stated: ElementValue, { components, evidence, total, derived }: ReturnType<typeof scoresOf>) {
      if (derived === undefined) return;
      const ids = (spec.components ?? []).map((c) => c.id);
      const complete = ids.every((c) => components[c] !== undefined);
      const from = complete ? `${(spec.components ?? []).map((c) => `${c.label.toLowerCase()} ${components[c.id]}`).join(', ')} (sum ${ids.reduce((a, c) => a + components[c], 0)})` : `a total score of ${total!.score}`;
      // An answer's label may already name the system ("Grade Group 2 (3+4=7)"); otherwise the system is named.
      const label = (g: string) => {
        const l = (el.answers ?? []).find((a) => a.id === g)?.label ?? g;
        return l.toLowerCase().includes(spec.name.toLowerCase()) ? l : `${spec.name} ${l}`;
      };
      const where = complete ? evidence : [total!.span];
      warn(mismatch.code, mismatch.source, stated.span, `${quote(stated.span)} states ${label(stated.answer!)}, but ${from} gives ${label(derived)}. Correct the grade or the scores.`, where.map((span) => ({ span, message: `The ${spec.name} scores: ${quote(span)}` })), { derived, replacements: [label(derived)] });
    }
  }

  if (el.kind === 'grade' && el.grade?.invalid) {
    const allowed = (el.answers ?? []).filter((a) => /^\d+$/.test(a.id)).map((a) => a.id);
    for (const v of values) {
      if (v.invalid === undefined) continue;
      const range = allowed.length ? `${allowed[0]} to ${allowed[allowed.length - 1]}` : 'its values';
      warn(el.grade.invalid.code, el.grade.invalid.source, v.span, `${quote(v.span)} is outside the ${el.grade.name} grades (${range}). Give a grade from ${range}, or state that it cannot be assessed.`, [], { replacements: (el.answers ?? []).map((a) => a.label ?? a.id) });
    }
  }

  if (el.kind === 'marker' && el.marker?.percentRule) {
    const rule = el.marker.percentRule;
    for (const v of values) {
      if (v.answer === undefined || v.percentMin === undefined || v.percentMax === undefined) continue;
      const pct = v.percentMin === v.percentMax ? `${v.percentMax} %` : `${v.percentMin}–${v.percentMax} %`;
      if (rule.negativeAnswers.includes(v.answer) && v.percentMin >= rule.positiveAtLeast) {
        warn(rule.code, rule.source, v.span, `${quote(v.span)} is called negative, but ${pct} of tumour nuclei staining is positive (${rule.positiveAtLeast} % or more; 1–10 % is reported as low positive).`, []);
      } else if (rule.positiveAnswers.includes(v.answer) && v.percentMax < rule.positiveAtLeast) {
        warn(rule.code, rule.source, v.span, `${quote(v.span)} is called positive, but staining in less than ${rule.positiveAtLeast} % of tumour nuclei is negative.`, []);
      }
    }
  }

  if (el.kind === 'marker' && el.marker?.resultCheck) out.push(...resultChecks(el, values, quote));

  if (el.kind === 'count' && el.count?.atMost) {
    const { part, than, code, source } = el.count.atMost;
    let most: ElementValue | undefined;
    let limit: ElementValue | undefined;
    for (const v of values) {
      if (v.counts?.[part] !== undefined && (!most || v.counts[part] > most.counts![part])) most = v;
      if (v.counts?.[than] !== undefined && (!limit || v.counts[than] > limit.counts![than])) limit = v;
    }
    // One statement that gives both ("Lymph nodes: 3/2") is checked by itself, whatever another part says;
    // otherwise the largest figures stated for each are compared.
    const itself = values.find((v) => v.counts?.[part] !== undefined && v.counts[than] !== undefined && v.counts[part] > v.counts[than]);
    if (itself) [most, limit] = [itself, itself];
    else {
      // So are two field lines that give one each, one after the other ("Number of lymph nodes examined: 2",
      // "Number of lymph nodes involved: 3").
      const counted = values.filter((v) => v.counts?.[part] !== undefined || v.counts?.[than] !== undefined).sort((a, b) => a.span.start - b.span.start);
      for (let i = 1; i < counted.length; i++) {
        const [a, b] = [counted[i - 1], counted[i]];
        const only = (v: ElementValue, id: string) => v.counts![id] !== undefined && Object.keys(v.counts!).length === 1;
        const pair = only(a, part) && only(b, than) ? [a, b] : only(a, than) && only(b, part) ? [b, a] : undefined;
        if (pair && a.sentence.field && b.sentence.field && pair[0].counts![part] > pair[1].counts![than]) {
          [most, limit] = pair;
          break;
        }
      }
    }
    if (most && limit && most.counts![part] > limit.counts![than]) {
      const label = (id: string) => el.count!.parts.find((p) => p.id === id)?.label ?? id;
      warn(code, source, most.span, `${quote(most.span)} gives ${most.counts![part]} ${label(part).toLowerCase()}, more than the ${limit.counts![than]} ${label(than).toLowerCase()}${limit === most ? '' : ` (${quote(limit.span)})`}. Recount, or correct one of the numbers.`, limit === most ? [] : [{ span: limit.span, message: `The ${label(than).toLowerCase()}` }]);
    }
  }
  return out;
}

/** What one sentence says of a marker, its readings merged: "HER2 FISH: not amplified (ratio 2.6; 6.1 copies per cell)" is one statement. */
interface Statement {
  span: Span;
  answer?: string;
  score?: string;
  amplified?: boolean;
  ratio?: number;
  copies?: number;
}

/** her2-result-mismatch and its kind: a stated result its IHC score or ISH figures contradict. */
function resultChecks(el: ElementDef, values: ElementValue[], quote: (s: Span) => string): EngineDiagnostic[] {
  const { scores, ish, resultCheck } = el.marker!;
  const check = resultCheck!;
  const out: EngineDiagnostic[] = [];
  const results = new Set(['positive', 'negative', 'equivocal', ish?.positiveAnswer, ish?.negativeAnswer]);
  const bySentence = new Map<number, Statement>();
  for (const v of values) {
    const key = v.sentence.span.start;
    const st = bySentence.get(key) ?? { span: v.span };
    st.span = { start: Math.min(st.span.start, v.span.start), end: Math.max(st.span.end, v.span.end) };
    if (st.answer === undefined && v.answer !== undefined && results.has(v.answer)) st.answer = v.answer;
    st.score ??= v.score;
    if (v.ish) {
      st.amplified ??= v.ish.amplified;
      st.ratio ??= v.ish.ratio;
      st.copies ??= v.ish.copies;
    }
    bySentence.set(key, st);
  }
  const statements = [...bySentence.values()];
  const byFigures = (st: Statement): string | undefined => {
    if (!ish || st.ratio === undefined || st.copies === undefined) return undefined;
    if (st.ratio >= ish.positive.ratioAtLeast && st.copies >= ish.positive.copiesAtLeast) return 'positive';
    if (st.ratio < ish.negative.ratioBelow && st.copies < ish.negative.copiesBelow) return 'negative';
    return undefined;
  };
  const byWords = (st: Statement) => (st.amplified === undefined ? undefined : st.amplified ? 'positive' : 'negative');
  const byScore = (st: Statement) => scores?.find((x) => x.score === st.score)?.answer;
  const anyIsh = statements.some((st) => st.amplified !== undefined || st.ratio !== undefined || st.copies !== undefined);
  const warn = (st: Statement, message: string, related: RelatedLocation[] = []) =>
    out.push({ code: check.code, severity: 'warning', message: `${quote(st.span)}: ${message}`, span: st.span, related: related.length ? related : undefined, data: { source: check.source } });
  for (const st of statements) {
    const figures = byFigures(st);
    const words = byWords(st);
    const stated = st.answer === 'equivocal' ? 'equivocal' : st.answer === undefined ? undefined : st.answer === ish?.positiveAnswer || st.answer === 'positive' ? 'positive' : 'negative';
    const figuresText = () => `a HER2/CEP17 ratio of ${st.ratio} with ${st.copies} HER2 signals per cell`;
    if (figures && words && figures !== words) warn(st, `${figuresText()} is ${figures === 'positive' ? 'amplified' : 'not amplified'}, but it is called ${words === 'positive' ? 'amplified' : 'not amplified'}.`);
    else if (figures && stated && stated !== 'equivocal' && stated !== figures) warn(st, `${figuresText()} is ${figures}, not ${stated}.`);
    else if (!figures && words === undefined && st.score !== undefined) {
      const sc = byScore(st);
      if (sc && sc !== 'equivocal' && stated && stated !== 'equivocal' && stated !== sc) warn(st, `an IHC score of ${st.score} is ${sc}, not ${stated}.`);
      else if (sc === 'equivocal' && (stated === 'positive' || stated === 'negative') && !anyIsh) warn(st, `an IHC score of 2+ is equivocal; a ${stated} result needs an in situ hybridisation result.`);
    }
  }
  // A final result elsewhere that the ISH contradicts.
  const decisive = statements.find((st) => byFigures(st) ?? byWords(st));
  if (decisive) {
    const result = byFigures(decisive) ?? byWords(decisive);
    for (const st of statements) {
      // An IHC score decides its own statement, except 2+ (equivocal), whose result the ISH decides:
      // "HER2: negative (IHC 2+; FISH pending)" beside an addendum's amplified ISH is a mismatch.
      if (st === decisive || (st.score !== undefined && byScore(st) !== 'equivocal') || st.amplified !== undefined || st.ratio !== undefined) continue;
      if ((st.answer === 'positive' || st.answer === 'negative') && st.answer !== result) {
        warn(st, `HER2 is called ${st.answer}, but the in situ hybridisation (${quote(decisive.span)}) makes it ${result}.`, [{ span: decisive.span, message: 'The ISH result' }]);
      }
    }
  }
  return out;
}
