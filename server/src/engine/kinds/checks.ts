import { documents } from '../findings/assess';
import { ElementDef } from '../knowledge/checklists';
import { ReportModel } from '../parser';
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
    const components: Record<string, number> = {};
    const evidence: Span[] = [];
    let total: { score: number; span: Span } | undefined;
    for (const v of values) {
      for (const [k, c] of Object.entries(v.components ?? {})) {
        if (components[k] === undefined) {
          components[k] = c.score;
          if (!evidence.some((e) => e.start === c.span.start)) evidence.push(c.span);
        }
      }
      if (v.total && !total) total = v.total;
    }
    const derived = gradeFromTable(spec, components, total?.score);
    const stated = values.find((v) => v.answer !== undefined && (spec.table ?? []).some((r) => r.grade === v.answer));
    if (derived !== undefined && stated && stated.answer !== derived) {
      const ids = (spec.components ?? []).map((c) => c.id);
      const complete = ids.every((c) => components[c] !== undefined);
      const from = complete ? `${(spec.components ?? []).map((c) => `${c.label.toLowerCase()} ${components[c.id]}`).join(', ')} (sum ${ids.reduce((a, c) => a + components[c], 0)})` : `a total score of ${total!.score}`;
      const label = (g: string) => (el.answers ?? []).find((a) => a.id === g)?.label ?? g;
      const where = complete ? evidence : [total!.span];
      warn(mismatch.code, mismatch.source, stated.span, `${quote(stated.span)} states ${spec.name} ${label(stated.answer!)}, but ${from} gives ${label(derived)}. Correct the grade or the scores.`, where.map((span) => ({ span, message: `The ${spec.name} scores: ${quote(span)}` })), { derived, replacements: [label(derived)] });
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

  if (el.kind === 'marker' && el.marker?.resultCheck) {
    const { scores, ish, resultCheck } = el.marker;
    const family = (a: string | undefined) => (a === undefined ? undefined : a === ish?.positiveAnswer ? 'positive' : a === ish?.negativeAnswer ? 'negative' : a);
    const ishResult = (v: ElementValue): string | undefined => {
      if (!ish || !v.ish) return undefined;
      const { ratio, copies, amplified } = v.ish;
      if (ratio !== undefined && copies !== undefined) {
        if (ratio >= ish.positive.ratioAtLeast && copies >= ish.positive.copiesAtLeast) return ish.positiveAnswer;
        if (ratio < ish.negative.ratioBelow && copies < ish.negative.copiesBelow) return ish.negativeAnswer;
        return undefined;
      }
      if (amplified === true) return ish.positiveAnswer;
      if (amplified === false) return ish.negativeAnswer;
      return undefined;
    };
    const scoreResult = (v: ElementValue) => scores?.find((s) => s.score === v.score)?.answer;
    const isDecided = (a: string | undefined) => a !== undefined && a !== 'equivocal';
    // Within one reading: "HER2: negative (3+)", "not amplified, ratio 2.6, 6.1 copies per cell".
    for (const v of values) {
      if (v.answer === undefined || !['positive', 'negative', 'equivocal', ish?.positiveAnswer, ish?.negativeAnswer].includes(v.answer)) continue;
      const byIsh = ishResult(v);
      const byScore = scoreResult(v);
      if (byIsh !== undefined && v.ish?.ratio !== undefined && v.ish?.copies !== undefined && family(v.answer) !== family(byIsh)) {
        warn(resultCheck.code, resultCheck.source, v.span, `${quote(v.span)}: a HER2/CEP17 ratio of ${v.ish.ratio} with ${v.ish.copies} HER2 copies per cell is ${family(byIsh)}, not ${family(v.answer)}.`, []);
      } else if (byIsh === undefined && byScore !== undefined && isDecided(byScore) && family(v.answer) !== byScore && v.ish === undefined) {
        warn(resultCheck.code, resultCheck.source, v.span, `${quote(v.span)}: an IHC score of ${v.score} is ${byScore}, not ${family(v.answer)}.`, []);
      } else if (byIsh === undefined && byScore === 'equivocal' && isDecided(family(v.answer)) && v.ish === undefined && !values.some((w) => ishResult(w) !== undefined)) {
        warn(resultCheck.code, resultCheck.source, v.span, `${quote(v.span)}: an IHC score of 2+ is equivocal; a ${family(v.answer)} result needs an in situ hybridisation result.`, []);
      }
    }
    // Across readings: a final result that the ISH figures contradict.
    const decisive = values.find((v) => v.ish?.ratio !== undefined && v.ish?.copies !== undefined && ishResult(v) !== undefined);
    if (decisive) {
      const byIsh = family(ishResult(decisive));
      for (const v of values) {
        if (v === decisive || v.score !== undefined || v.ish !== undefined) continue;
        const stated = family(v.answer);
        if ((stated === 'positive' || stated === 'negative') && stated !== byIsh) {
          warn(resultCheck.code, resultCheck.source, v.span, `${quote(v.span)} says HER2 is ${stated}, but the in situ hybridisation figures (${quote(decisive.span)}) make it ${byIsh}.`, [{ span: decisive.span, message: 'The ISH result' }]);
        }
      }
    }
  }

  if (el.kind === 'count' && el.count?.atMost) {
    const { part, than, code, source } = el.count.atMost;
    let most: ElementValue | undefined;
    let limit: ElementValue | undefined;
    for (const v of values) {
      if (v.counts?.[part] !== undefined && (!most || v.counts[part] > most.counts![part])) most = v;
      if (v.counts?.[than] !== undefined && (!limit || v.counts[than] > limit.counts![than])) limit = v;
    }
    if (most && limit && most.counts![part] > limit.counts![than]) {
      const label = (id: string) => el.count!.parts.find((p) => p.id === id)?.label ?? id;
      warn(code, source, most.span, `${quote(most.span)} gives ${most.counts![part]} ${label(part).toLowerCase()}, more than the ${limit.counts![than]} ${label(than).toLowerCase()}${limit === most ? '' : ` (${quote(limit.span)})`}. Recount, or correct one of the numbers.`, limit === most ? [] : [{ span: limit.span, message: `The ${label(than).toLowerCase()}` }]);
    }
  }
  return out;
}

function quoteOf(model: ReportModel, span: Span): string {
  let text = model.text.slice(span.start, span.end).replace(/\s+/g, ' ').trim();
  if (text.length > 60) text = text.slice(0, 57) + '...';
  return `"${text}" (line ${model.lines.positionAt(span.start).line + 1})`;
}
