import { compileSubject, subjectMeasurements } from '../findings/extract';
import { ElementDef } from '../knowledge/checklists';
import { Sentence } from '../parser';
import { PhraseMatcher } from '../match';
import { fieldsToRead, fieldsWithKeys, firstHit, mentionsToRead, normText, passes, Place, placesOf, ReadContext, readAt, sentenceOfField, spanAt, UNIVERSAL } from './common';
import { AT_LEAST, MEASURE, unitOf } from '../text';
import { ElementValue } from './types';

const TO_MM: Record<string, number> = { mm: 1, cm: 10 };
/** Between two measurements: the second is the whole the first is measured against (a wall's thickness). */
const AGAINST = /^\s*(?:of|out of|in an?|from an?)\s|thick/;

/**
 * A value with its unit, converted to the element's unit. Of several
 * measurements in one place, the largest is the element's ("largest of
 * several" tumours, the greatest of a dimension list).
 */
export function* readMeasurement(ctx: ReadContext, id: string, el: ElementDef, pass?: number): Generator<ElementValue> {
  const unit = el.unit ?? 'cm';
  const universal = ctx.answers([UNIVERSAL]);
  const want = passes(pass);
  if (!want()) {
    // The first pass, its subject's measurements, is not read.
  } else if (el.subject && ctx.sizes?.subject === el.subject) {
    // The built-in size subject: the size extractor has read it, sentence by sentence, kept between keystrokes.
    for (const f of ctx.sizes.found) {
      if (f.assertion.negation === 'negated') continue;
      yield { element: id, span: f.span, sentence: f.sentence, assertion: f.assertion, number: (f.greatestCm * 10) / TO_MM[unit], unit, atLeast: f.atLeast };
    }
  } else if (el.subject) {
    // A measurement of the subject anywhere: "a 4.5 cm mass", "Tumor size: 3.2 x 2.1 cm".
    for (const sentence of subjectSentences(ctx, el)) {
      for (const f of subjectMeasurements(ctx.model, sentence, compileSubject(el.subject, el.fieldKeys ?? [], ctx.matcher))) {
        if (f.assertion.negation === 'negated') continue;
        yield ({ element: id, span: f.span, sentence, assertion: f.assertion, number: (f.greatestCm * 10) / TO_MM[unit], unit, atLeast: f.atLeast });
      }
    }
  }
  if (!want()) return;
  for (const place of placesOf(ctx, el.fieldKeys, el.patterns, el.subject ? 60 : 120)) {
    yield* readAt(place, el, () => measurementAt(ctx, id, el, place, unit, universal));
  }
}

/**
 * The measurement at one place: the largest value with its unit in its field or clause, or "cannot be
 * assessed". A value in brackets after one outside them explains it ("0.3 cm (10% x 3.0 cm)"): it is read
 * only when nothing outside brackets is.
 */
function measurementAt(ctx: ReadContext, id: string, el: ElementDef, place: Place, unit: 'cm' | 'mm', universal: PhraseMatcher): ElementValue[] {
  // With a subject, its measurements are read above; here only "cannot be assessed" and the like.
  const text = el.subject ? '' : normText(ctx.model, place.region.start, place.region.end);
  let best: { value: number; index: number; length: number; atLeast: boolean; bracketed: boolean } | undefined;
  MEASURE.lastIndex = 0;
  let m: RegExpExecArray | null;
  let depth = 0;
  let scanned = 0;
  while ((m = MEASURE.exec(text)) !== null) {
    for (; scanned < m.index; scanned++) {
      const c = text.charCodeAt(scanned);
      if (c === 40) depth++;
      else if (c === 41 && depth > 0) depth--;
    }
    const bracketed = depth > 0;
    if (bracketed && best && !best.bracketed) continue;
    // "2 mm of 12 mm", "9 mm in a 14 mm thick wall", "2 mm; wall thickness 12 mm": the whole it is measured against.
    if (best && AGAINST.test(text.slice(best.index + best.length, m.index))) continue;
    const last = m[6];
    const dims = [
      [m[1], m[2] ?? last],
      [m[3], m[4] ?? last],
      [m[5], last],
    ].filter((d): d is [string, string] => d[0] !== undefined);
    const mm = Math.max(...dims.map(([v, u]) => Number(v) * TO_MM[unitOf(u)]));
    if (!best || (best.bracketed && !bracketed) || mm > best.value) best = { value: mm, index: m.index, length: m[0].length, atLeast: AT_LEAST.test(text.slice(Math.max(0, m.index - 20), m.index)), bracketed };
  }
  if (best) {
    return [{ element: id, span: spanAt(place.region, best.index, best.length), sentence: place.sentence, assertion: place.assertion, number: best.value / TO_MM[unit], unit, atLeast: best.atLeast || undefined }];
  }
  const hit = firstHit(ctx, universal, place.region);
  return hit ? [{ element: id, span: place.span, sentence: place.sentence, assertion: place.assertion, answer: hit.id }] : [];
}

/** The sentences that name the element's subject or are one of its fields, each once, in document order. */
function* subjectSentences(ctx: ReadContext, el: ElementDef): Generator<Sentence> {
  const fields = fieldsWithKeys(fieldsToRead(ctx), el.fieldKeys);
  let next = 0;
  let last: Sentence | undefined;
  const once = function* (s: Sentence | undefined): Generator<Sentence> {
    if (s && s !== last) yield (last = s);
  };
  for (const m of mentionsToRead(ctx, ctx.matcher(el.subject!.patterns), true)) {
    while (next < fields.length && fields[next].keySpan.start <= m.span.start) yield* once(sentenceOfField(ctx.model, fields[next++]));
    yield* once(m.sentence);
  }
  while (next < fields.length) yield* once(sentenceOfField(ctx.model, fields[next++]));
}
