import { ElementDef } from '../knowledge/checklists';
import { PhraseMatcher } from '../match';
import { firstHit, normText, Place, placesOf, ReadContext, readAt, spanAt, UNIVERSAL } from './common';
import { ElementValue } from './types';

/** "15%", "< 5 %", "approximately 20 percent", "1-10%". */
export const PERCENT = /(<|less than|under|>|more than|greater than|approximately|about|~)?\s*(\d+(?:\.\d+)?)(?:\s*(?:-|to)\s*(\d+(?:\.\d+)?))?\s*(?:%|percent|per cent)/;

export function parsePercent(text: string): { min: number; max: number; index: number; length: number } | undefined {
  const m = PERCENT.exec(text);
  if (!m) return undefined;
  const a = Number(m[2]);
  const b = m[3] !== undefined ? Number(m[3]) : a;
  const q = m[1] ?? '';
  if (/<|less|under/.test(q)) return { min: 0, max: a - 0.001, index: m.index, length: m[0].length };
  if (/>|more|greater/.test(q)) return { min: a + 0.001, max: 100, index: m.index, length: m[0].length };
  return { min: Math.min(a, b), max: Math.max(a, b), index: m.index, length: m[0].length };
}

export function* readPercentage(ctx: ReadContext, id: string, el: ElementDef): Generator<ElementValue> {
  const universal = ctx.answers([UNIVERSAL]);
  for (const place of placesOf(ctx, el.fieldKeys, el.patterns, 100)) {
    yield* readAt(place, el, () => percentageAt(ctx, id, place, universal));
  }
}

/** The percentage at one place, or "cannot be assessed". */
function percentageAt(ctx: ReadContext, id: string, place: Place, universal: PhraseMatcher): ElementValue[] {
  // An anchor may hold its number ("15% of the prostate"): read from the anchor on.
  const region = place.byKey ? place.region : { start: place.span.start, end: place.region.end };
  const p = parsePercent(normText(ctx.model, region.start, region.end));
  if (p) {
    return [{ element: id, span: spanAt(region, p.index, p.length), sentence: place.sentence, assertion: place.assertion, percentMin: p.min, percentMax: p.max, number: p.max }];
  }
  const hit = firstHit(ctx, universal, place.region);
  return hit ? [{ element: id, span: place.span, sentence: place.sentence, assertion: place.assertion, answer: hit.id }] : [];
}
