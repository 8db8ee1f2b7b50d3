import { documents } from '../findings/assess';
import { ElementDef } from '../knowledge/checklists';
import { affirmedMentions, firstHit, mentionsToRead, NO_ANSWERS, normText, passes, Place, placesOf, ReadContext, readAt, readingsAt, spanAt, UNIVERSAL } from './common';
import { Mention } from '../findings/types';
import { PhraseMatcher } from '../match';
import { Span } from '../types';
import { ElementValue, GradeSpec } from './types';

const COMPONENT_SCORE = /^\s*(?:score|pattern|grade)?\s*(?:\(\s*)?(?:of|:|=|is|-)?\s*(?:score|pattern|grade)?\s*(?:of|:|=)?\s*(\d)(?![0-9]|\.[0-9]|\s*(?:%|\/|per(?![a-z])|x(?![a-z])|hpf|mm|cm|millim|centim|mitos|cells?|fields?|high))/;
const SUM = /(?<![0-9.])(\d)\s*\+\s*(\d)(?:\s*\+\s*(\d))?(?:\s*=\s*(\d{1,2}))?(?![0-9])/;
/** A grade value right after its anchor ("grade 4", "grade: IV"), read when no allowed value was. */
const OUT_OF_RANGE = /^\s*(?:[:=]\s*)?(\d{1,2}|iv|v|vi)(?![0-9a-z+]|\.\d)/;
const TOTAL = /^\s*(?:\(\s*)?(?:of|:|=|is)?\s*(\d{1,2})(?:\s*\/\s*(?:9|10)(?![0-9]))?(?![0-9]|\.\d|\s*(?:%|\/|per(?![a-z])|mm|cm|millim|centim)|[ \t]*\+)/;

/**
 * A grade system from data: the stated grade ("Nottingham grade 2", "Grade
 * Group: 3", "low grade"), its components ("tubule formation: 3", "primary
 * pattern 4"), their sum written out ("3+4=7", "3 + 2 + 1 = 6") and a total
 * ("Gleason score 7", "total score 6"). The grade written with no anchor
 * ("moderately differentiated adenocarcinoma") counts when the data says so.
 */
export function* readGrade(ctx: ReadContext, id: string, el: ElementDef, pass?: number): Generator<ElementValue> {
  const spec: GradeSpec | undefined = el.grade;
  const want = passes(pass);
  if (want()) {
    const values = ctx.answers([el.answers ?? NO_ANSWERS, UNIVERSAL]);
    for (const place of placesOf(ctx, el.fieldKeys, el.patterns, 40)) {
      yield* readAt(place, el, () => [...gradeAt(ctx, id, el, place, values)]);
    }
  }
  if (!spec) return;
  for (const sa of spec.standalone ?? []) {
    if (!want()) continue;
    for (const m of affirmedMentions(ctx, ctx.matcher(sa.patterns))) yield ({ element: id, span: m.span, sentence: m.sentence, assertion: m.assertion, answer: sa.id });
  }
  for (const c of spec.components ?? []) {
    if (!want()) continue;
    for (const m of mentionsToRead(ctx, ctx.matcher(c.patterns), true)) {
      if (!documents(m)) continue;
      yield* readingsAt(m.origin, m.span.start, m.sentence, c, () => {
        const after = normText(ctx.model, m.span.end, Math.min(m.sentence.span.end, m.span.end + 30));
        const s = COMPONENT_SCORE.exec(after);
        if (!s) return [];
        const score = Number(s[1]);
        if (score < c.min || score > c.max) return [];
        const span = { start: m.span.start, end: m.span.end + s.index + s[0].length };
        return [{ element: id, span, sentence: m.sentence, assertion: m.assertion, components: { [c.id]: { score, span } } }];
      });
    }
  }
  if (spec.totalPatterns?.length && want()) {
    for (const m of mentionsToRead(ctx, ctx.matcher(spec.totalPatterns), true)) {
      if (!documents(m)) continue;
      yield* readingsAt(m.origin, m.span.start, m.sentence, spec, () => [...totalAt(ctx, id, spec, m)]);
    }
  }
}

function withinPhrase(gap: string): boolean {
  if (/[,;]/.test(gap)) return false;
  let depth = 0;
  for (const c of gap) {
    if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return false;
  }
  return true;
}

/** The passes readGrade makes. */
export function gradePasses(el: ElementDef): number {
  const spec = el.grade;
  return 1 + (spec ? (spec.standalone?.length ?? 0) + (spec.components?.length ?? 0) + (spec.totalPatterns?.length ? 1 : 0) : 0);
}

/** A total score after one of the system's total words: "Gleason score 7", "3+4=7", "score 7 (4+3)". */
function* totalAt(ctx: ReadContext, id: string, spec: GradeSpec, m: Mention): Generator<ElementValue> {
  const region = { start: m.span.end, end: Math.min(m.sentence.span.end, m.span.end + 40) };
  const text = normText(ctx.model, region.start, region.end);
  const sum = spec.sumForm ? SUM.exec(text) : null;
  // "3+4=7", "score: 3+4", and "score 7 (4+3)": a total may stand before its sum.
  if (sum && /^[\s:(=is]*(?:\d{1,2}[\s(]*)?$/.test(text.slice(0, sum.index)) && spec.components) {
    const span = spanAt(region, sum.index, sum[0].length);
    yield { element: id, span: { start: m.span.start, end: span.end }, sentence: m.sentence, assertion: m.assertion, ...ofSum(spec, sum, span) };
    return;
  }
  const t = TOTAL.exec(text);
  if (t) {
    const span = spanAt(region, t.index, t[0].length);
    yield { element: id, span: { start: m.span.start, end: span.end }, sentence: m.sentence, assertion: m.assertion, total: { score: Number(t[1]), span } };
  }
}

/** A written sum as a reading's components and, when written ("=7"), its total. */
function ofSum(spec: GradeSpec, sum: RegExpExecArray, span: Span): Pick<ElementValue, 'components' | 'total'> {
  return { components: componentsOfSum(spec, sum, span), total: sum[4] !== undefined ? { score: Number(sum[4]), span } : undefined };
}

/** A written sum ("3+4=7", "3+2+1") as component scores, in the system's order; a score out of its range is left out. */
function componentsOfSum(spec: GradeSpec, sum: RegExpExecArray, span: Span): NonNullable<ElementValue['components']> {
  const parts = [sum[1], sum[2], sum[3]].filter((x): x is string => x !== undefined).map(Number);
  const components: NonNullable<ElementValue['components']> = {};
  (spec.components ?? []).forEach((c, i) => {
    if (parts[i] !== undefined && parts[i] >= c.min && parts[i] <= c.max) components[c.id] = { score: parts[i], span };
  });
  return components;
}

/** The grade a system's table gives for components (all present) or a total; undefined when the table cannot decide. */
export function gradeFromTable(spec: GradeSpec, components: Record<string, number>, total: number | undefined): string | undefined {
  const table = spec.table ?? [];
  const ids = (spec.components ?? []).map((c) => c.id);
  const complete = ids.length > 0 && ids.every((c) => components[c] !== undefined);
  if (complete) {
    const exact = table.find((r) => r.components && Object.entries(r.components).every(([k, v]) => components[k] === v));
    if (exact) return exact.grade;
    const sum = ids.reduce((a, c) => a + components[c], 0);
    return table.find((r) => r.sum && sum >= r.sum[0] && sum <= r.sum[1])?.grade;
  }
  if (total === undefined) return undefined;
  return table.find((r) => r.sum && total >= r.sum[0] && total <= r.sum[1])?.grade;
}

/** The readings at one place of a grade's anchor or field: the stated grade, a grade the system does not have, a sum written with it. */
function* gradeAt(ctx: ReadContext, id: string, el: ElementDef, place: Place, values: PhraseMatcher): Generator<ElementValue> {
  const spec = el.grade;
  // From the anchor on: an anchor may hold its value ("G2").
  let hit = firstHit(ctx, values, place.byKey ? place.region : { start: place.span.start, end: place.region.end });
  // An anchor's value follows it within its phrase: not past a comma, or a bracket opened before the anchor
  // ("low grade, measuring 4.4 cm" and "(low grade), 4.0 cm" give no grade 4; "grade (FNCLCC): 2" gives 2).
  if (hit && !place.byKey && hit.span.start > place.span.end && !withinPhrase(normText(ctx.model, place.span.end, hit.span.start))) hit = undefined;
  if (!hit) {
    // "Nottingham grade 4": a grade the system does not have, kept so a check can say so.
    const after = normText(ctx.model, place.byKey ? place.region.start : place.span.end, place.region.end);
    const bad = spec?.invalid ? OUT_OF_RANGE.exec(after) : null;
    if (bad) {
      const from = place.byKey ? place.region.start : place.span.end;
      const end = from + bad.index + bad[0].length;
      // In a field only the value is quoted and replaced, so the field keeps its key.
      yield { element: id, span: { start: place.byKey ? end - bad[1].length : place.span.start, end }, sentence: place.sentence, assertion: place.assertion, invalid: bad[1] };
    }
    return;
  }
  // A number that is part of a sum ("grade 3+4") is a component, not the grade. In a field, the sum is read as the
  // components it gives and the grade may follow it: "Grade: Nottingham 2+2+1=5, G1".
  // On the same line: a '+ ' at the start of the next line is a bullet ("grade 2⏎+ Laterality: left").
  if (/^[ \t]*\+/.test(normText(ctx.model, hit.span.end, hit.span.end + 3))) {
    if (!place.byKey || !spec?.sumForm || !spec.components) return;
    const region = { start: hit.span.start, end: place.region.end };
    const text = normText(ctx.model, region.start, region.end);
    const sum = SUM.exec(text);
    if (!sum || sum.index !== 0) return;
    const span = spanAt(region, 0, sum[0].length);
    const read = ofSum(spec, sum, span);
    if (Object.keys(read.components!).length === spec.components.length) yield { element: id, span: { start: place.span.start, end: span.end }, sentence: place.sentence, assertion: place.assertion, ...read };
    hit = firstHit(ctx, values, { start: span.end, end: place.region.end });
    if (!hit) return;
  }
  yield { element: id, span: { start: place.span.start, end: hit.span.end }, sentence: place.sentence, assertion: place.assertion, answer: hit.id };
  // "Nottingham grade 1 (3+2+1=6)": the sum written with the grade.
  if (spec?.sumForm && spec.components) {
    const rest = { start: hit.span.end, end: Math.min(place.sentence.span.end, hit.span.end + 30) };
    const text = normText(ctx.model, rest.start, rest.end);
    const sum = SUM.exec(text);
    // "grade 1 (3+2+1=6)", "grade 3 (score 3+3+3=9)".
    if (sum && /^[\s(:,;-]*(?:score\s*[:=]?\s*)?$/.test(text.slice(0, sum.index))) {
      const span = spanAt(rest, sum.index, sum[0].length);
      const read = ofSum(spec, sum, span);
      if (Object.keys(read.components!).length === spec.components.length) yield { element: id, span, sentence: place.sentence, assertion: place.assertion, ...read };
    }
  }
}
