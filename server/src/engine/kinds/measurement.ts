import { ElementDef } from '../knowledge/checklists';
import { firstHit, normText, placesOf, ReadContext, spanAt, UNIVERSAL } from './common';
import { MEASURE } from '../text';
import { ElementValue } from './types';

const TO_MM: Record<string, number> = { mm: 1, cm: 10 };
const AT_LEAST = /(?:at least|greater than|more than|over|>=?|\u2265)\s*$/;

/**
 * A value with its unit, converted to the element's unit. Of several
 * measurements in one place, the largest is the element's ("largest of
 * several" tumours, the greatest of a dimension list).
 */
export function* readMeasurement(ctx: ReadContext, id: string, el: ElementDef): Generator<ElementValue> {
  const unit = el.unit ?? 'cm';
  const universal = ctx.answers([UNIVERSAL]);
  for (const place of placesOf(ctx, el.fieldKeys, el.patterns, 120)) {
    const text = normText(ctx.model, place.region.start, place.region.end);
    let best: { value: number; index: number; length: number; atLeast: boolean } | undefined;
    MEASURE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = MEASURE.exec(text)) !== null) {
      const last = m[6];
      const dims = [
        [m[1], m[2] ?? last],
        [m[3], m[4] ?? last],
        [m[5], last],
      ].filter((d): d is [string, string] => d[0] !== undefined);
      const mm = Math.max(...dims.map(([v, u]) => Number(v) * TO_MM[u]));
      if (!best || mm > best.value) best = { value: mm, index: m.index, length: m[0].length, atLeast: AT_LEAST.test(text.slice(Math.max(0, m.index - 20), m.index)) };
    }
    if (best) {
      yield ({ element: id, span: spanAt(place.region, best.index, best.length), sentence: place.sentence, assertion: place.assertion, number: best.value / TO_MM[unit], unit, atLeast: best.atLeast || undefined });
      continue;
    }
    const hit = firstHit(ctx, universal, place.region);
    if (hit) yield ({ element: id, span: place.span, sentence: place.sentence, assertion: place.assertion, answer: hit.id });
  }
}
