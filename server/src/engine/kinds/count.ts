import { documents } from '../findings/assess';
import { ElementDef } from '../knowledge/checklists';
import { PhraseMatcher } from '../match';
import { partLetterAt, ReportModel } from '../parser';
import { AFFIRMED, COUNT, countValue, fieldsToRead, fieldsWithKeys, firstHit, keyOf, normText, passes, Place, placesOf, ReadContext, readAt, scanSpan, sentenceOfField, spanAt, UNIVERSAL } from './common';
import { CountSpec, ElementValue } from './types';

const FRACTION = new RegExp(`(?<![0-9a-z.])${COUNT}\\s*(?:/|of|out of)\\s*${COUNT}(?![0-9a-z])`);
/** Every fraction of a statement (see totalOfGroups). */
const FRACTIONS = new RegExp(FRACTION.source, 'g');
const FIRST_COUNT = new RegExp(`(?<![0-9a-z.])${COUNT}(?![0-9a-z]|\\.\\d|\\s*(?:%|mm|cm|millim|centim))`);
/** "Number of lymph nodes examined: 18" written inside prose: one pattern per part key, compiled once. */
const KEY_COUNT = new RegExp(`^\\s*[:=]?\\s*${COUNT}(?![0-9a-z]|\\.\\d)`);
const PART_NUMBER = new RegExp(`(?<![0-9a-z.])${COUNT}\\s+(?:(?:lymph\\s+)?nodes?\\s+|lns?\\s+)?(?:(?:are|were|is|was)\\s+)?$`);
/** "Twelve lymph nodes", "3 benign lymph nodes": not a decimal's last digit, nor a measurement ("a 1.4 x 1.0 x 0.6 cm lymph node"). */
const NUMBER_BEFORE = new RegExp(`(?<![0-9a-z.])${COUNT}\\s+(?!(?:mm|cm|x)\\b|millim|centim)(?:[a-z-]+\\s+){0,2}$`);
const NONE_SUBMITTED = /(?:none|no (?:\w+ ){0,2}nodes?) (?:(?:were|was|are|is) )?(?:submitted|received|identified|found|present|sampled|recovered)|not (?:submitted|received|sampled|performed|done)/;

/**
 * Counts: "Number of lymph nodes examined: 18", "2/18", "two of eighteen
 * lymph nodes", "0 of 12", "twelve lymph nodes, all negative", "no lymph
 * nodes submitted". Each reading carries the parts it states.
 */
export function* readCount(ctx: ReadContext, id: string, el: ElementDef, pass?: number): Generator<ElementValue> {
  const spec = el.count;
  if (!spec) return;
  const want = passes(pass);
  const { model } = ctx;
  const universal = ctx.answers([UNIVERSAL]);
  // A part's own field: "Number of Lymph Nodes Examined: 18".
  for (const part of spec.parts) {
    if (!want()) continue;
    for (const field of fieldsWithKeys(fieldsToRead(ctx), part.fieldKeys)) {
      const sentence = sentenceOfField(model, field);
      if (!sentence) continue;
      const text = normText(ctx.model, field.valueSpan.start, field.valueSpan.end);
      const m = FIRST_COUNT.exec(text);
      const n = m ? countValue(m[1]) : undefined;
      const base = { element: id, sentence, assertion: AFFIRMED };
      if (m && n !== undefined) yield ({ ...base, span: { start: field.keySpan.start, end: field.valueSpan.start + m.index + m[0].length }, counts: { [part.id]: n } });
      else {
        const hit = firstHit(ctx, universal, field.valueSpan);
        yield ({ ...base, span: field.keySpan, answer: hit?.id ?? 'stated' });
      }
    }
  }
  if (!want()) return;
  let partKeys = partKeySets.get(spec);
  if (!partKeys) partKeySets.set(spec, (partKeys = new Set(spec.parts.flatMap((p) => (p.fieldKeys ?? []).map(keyOf)))));
  for (const place of placesOf(ctx, el.fieldKeys, el.patterns, 120)) {
    if (place.field && partKeys.has(keyOf(place.field.key))) continue;
    yield* readAt(place, el, () => countAt(ctx, id, el, spec, place, universal));
  }
}

const partKeySets = new WeakMap<CountSpec, Set<string>>();

/** The next fraction of a statement, when a semicolon (and no bracket) separates it from the one before, ending at `from`. */
function nextGroup(text: string, from: number): RegExpExecArray | undefined {
  const rest = text.slice(from);
  const semi = /^[^;()]*;/.exec(rest);
  if (!semi) return undefined;
  const m = FRACTION.exec(rest.slice(semi[0].length));
  if (!m || /[()]/.test(rest.slice(semi[0].length, semi[0].length + m.index)) || rest.slice(semi[0].length, semi[0].length + m.index).includes(';')) return undefined;
  m.index += from + semi[0].length;
  return m;
}

/** Of three or more fractions in a statement, the one the others add up to ("right 1/9, left 2/8 ... 3/17"). */
function totalOfGroups(text: string): { a: number; b: number; index: number; length: number } | undefined {
  const all: { a: number; b: number; index: number; length: number }[] = [];
  const re = FRACTIONS;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const a = countValue(m[1]);
    const b = countValue(m[2]);
    if (a !== undefined && b !== undefined) all.push({ a, b, index: m.index, length: m[0].length });
  }
  if (all.length < 3) return undefined;
  const sumA = all.reduce((s, f) => s + f.a, 0);
  const sumB = all.reduce((s, f) => s + f.b, 0);
  return all.find((f) => 2 * f.a === sumA && 2 * f.b === sumB);
}

/** The counts at one place of the element: its field, or its anchor's clause. */
function countAt(ctx: ReadContext, id: string, el: ElementDef, spec: CountSpec, place: Place, universal: PhraseMatcher): ElementValue[] {
  const sentence = place.sentence;
  // The whole clause around the anchor: counts come before it as often as after ("2 of 18 lymph nodes").
  const from = Math.max(sentence.span.start, place.span.start - 60);
  const region = { start: from, end: place.region.end };
  const text = normText(ctx.model, region.start, region.end);
  const counts: Record<string, number> = {};
  let evidence = place.span;
  // "Lymph nodes: Number of lymph nodes examined: 6. Number of lymph nodes involved: 8": part keys inside prose.
  const lineSpan = place.field ? place.field.lineSpan : sentence.span;
  const line = normText(ctx.model, lineSpan.start, lineSpan.end);
  for (const part of spec.parts) {
    for (const key of part.fieldKeys ?? []) {
      const at = line.indexOf(key);
      if (at < 0) continue;
      const m = KEY_COUNT.exec(line.slice(at + key.length));
      const n = m ? countValue(m[1]) : undefined;
      if (m && n !== undefined && counts[part.id] === undefined) {
        counts[part.id] = n;
        const found = { start: lineSpan.start + at, end: lineSpan.start + at + key.length + m[0].length };
        evidence = evidence === place.span ? found : { start: Math.min(evidence.start, found.start), end: Math.max(evidence.end, found.end) };
        break;
      }
    }
  }
  const fr = Object.keys(counts).length ? null : FRACTION.exec(text);
  const total = fr && spec.fraction ? totalOfGroups(text) : undefined;
  if (total && spec.fraction) {
    // "(right 1/9, left 2/8): metastatic carcinoma (3/17)": the figure the others add up to is the total.
    counts[spec.fraction[0]] = total.a;
    counts[spec.fraction[1]] = total.b;
    evidence = spanAt(region, total.index, total.length);
  } else if (fr && spec.fraction) {
    let a = countValue(fr[1]);
    let b = countValue(fr[2]);
    if (a !== undefined && b !== undefined) {
      let end = fr.index + fr[0].length;
      // Groups of one statement, each after a semicolon ("sentinel 1/2; axillary dissection 3/11"), add up;
      // a breakdown in brackets after a total ("1/12 (sentinel 1/2)") does not.
      for (let next = nextGroup(text, end); next; next = nextGroup(text, end)) {
        const c = countValue(next[1]);
        const d = countValue(next[2]);
        if (c === undefined || d === undefined) break;
        a += c;
        b += d;
        end = next.index + next[0].length;
      }
      counts[spec.fraction[0]] = a;
      counts[spec.fraction[1]] = b;
      evidence = spanAt(region, fr.index, end - fr.index);
    }
  }
  if (Object.keys(counts).length === 0 && spec.numberBeforeAnchor) {
    const lead = normText(ctx.model, from, place.span.start);
    const m = NUMBER_BEFORE.exec(lead);
    const n = m ? countValue(m[1]) : undefined;
    if (m && n !== undefined && m[1] !== 'no' && m[1] !== 'none') {
      counts[spec.numberBeforeAnchor] = n;
      evidence = { start: from + m.index, end: place.span.end };
      // "Twenty-two lymph nodes are examined; one contains metastatic carcinoma (1/22)": the statement goes on past a
      // semicolon, within its sentence, to a fraction out of the same number.
      const [part, whole] = spec.fraction ?? [];
      if (part && whole && counts[whole] === n && region.end < sentence.span.end) {
        const rest = normText(ctx.model, region.end, sentence.span.end);
        const semi = /^[^;]*;/.exec(rest);
        const next = semi ? FRACTION.exec(rest.slice(semi[0].length)) : null;
        const x = next ? countValue(next[1]) : undefined;
        if (next && x !== undefined && countValue(next[2]) === n && !rest.slice(semi![0].length, semi![0].length + next.index).includes(';')) {
          counts[part] = x;
          evidence = { start: evidence.start, end: region.end + semi![0].length + next.index + next[0].length };
        }
      }
    }
  }
  // "three positive", "22 examined": a number right before one of a part's words.
  for (const part of spec.parts) {
    if (!part.patterns?.length || counts[part.id] !== undefined) continue;
    const words = ctx.matcher(part.patterns);
    for (const w of scanSpan(ctx.model, words, region.start, region.end)) {
      const lead = normText(ctx.model, Math.max(region.start, w.span.start - 40), w.span.start);
      const m = PART_NUMBER.exec(lead);
      const n = m ? countValue(m[1]) : undefined;
      // "No lymph nodes were submitted" is none submitted, not a count of zero.
      if (m && n !== undefined && m[1] !== 'no' && m[1] !== 'none') {
        counts[part.id] = n;
        evidence = { start: Math.min(evidence.start, w.span.start - m[0].length), end: Math.max(evidence.end, w.span.end) };
        break;
      }
    }
  }
  if (spec.zeroWhen && Object.keys(counts).length > 0 && counts[spec.zeroWhen.part] === undefined) {
    const after = { start: place.span.end, end: place.region.end };
    if (scanSpan(ctx.model, ctx.matcher(spec.zeroWhen.patterns), after.start, after.end).length > 0) counts[spec.zeroWhen.part] = 0;
  }
  if (Object.keys(counts).length) {
    return [{ element: id, span: evidence, sentence, assertion: place.assertion, counts }];
  }
  // "Sentinel lymph nodes (2): negative for metastatic carcinoma": none involved, however many.
  if (spec.zeroWhen && scanSpan(ctx.model, ctx.matcher(spec.zeroWhen.patterns), place.span.end, place.region.end).length > 0 && !NONE_SUBMITTED.test(text)) {
    return [{ element: id, span: place.span, sentence, assertion: place.assertion, counts: { [spec.zeroWhen.part]: 0 } }];
  }
  const answer = el.answers ? firstHit(ctx, ctx.answers([el.answers]), place.region) : undefined;
  if (answer) {
    return [{ element: id, span: place.span, sentence, assertion: place.assertion, answer: answer.id }];
  }
  if (NONE_SUBMITTED.test(text) || place.assertion.negation === 'negated') {
    return [{ element: id, span: place.span, sentence, assertion: place.assertion, answer: 'none-submitted' }];
  }
  const hit = firstHit(ctx, universal, place.region);
  if (hit) return [{ element: id, span: place.span, sentence, assertion: place.assertion, answer: hit.id }];
  if (place.byKey) return [{ element: id, span: place.span, sentence, assertion: place.assertion, answer: 'stated' }];
  return [];
}

/** A draft's figure for one part of a count (nodes examined, involved), as staging and the structured record read it. */
export interface CountTotal {
  n: number;
  /** The largest single reading. */
  best: ElementValue;
  /** When lettered parts add up to more than any single reading: their letters, and the reading counted for each. */
  parts: { letter: string; reading: ElementValue }[];
}

/**
 * The draft's figure for `key`: the largest single reading, or, where nodes
 * are reported per lettered part ("A. Sentinel lymph nodes: 1/2", "B.
 * Axillary dissection: 3/11"), their sum when it is larger. A total written
 * without a letter, or a part restated, is read by the largest figure. Only
 * readings that document the element count (not negated, not hypothetical).
 */
export function countTotal(model: ReportModel, readings: ElementValue[], key: string): CountTotal | undefined {
  let best: ElementValue | undefined;
  const byPart = new Map<string, ElementValue>();
  for (const v of readings) {
    const n = v.counts?.[key];
    if (n === undefined || !documents(v)) continue;
    if (!best || n > best.counts![key]) best = v;
    const part = partLetterAt(model, v.span.start);
    if (part && (!byPart.has(part) || n > byPart.get(part)!.counts![key])) byPart.set(part, v);
  }
  if (!best) return undefined;
  const summed = byPart.size > 1 ? [...byPart.values()].reduce((sum, v) => sum + v.counts![key], 0) : 0;
  if (summed <= best.counts![key]) return { n: best.counts![key], best, parts: [] };
  const parts = [...byPart].sort(([a], [b]) => a.localeCompare(b)).map(([letter, reading]) => ({ letter, reading }));
  return { n: summed, best, parts };
}
