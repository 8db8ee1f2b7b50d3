import { documentsAnswer } from '../findings/assess';
import { ElementDef } from '../knowledge/checklists';
import { PhraseMatcher } from '../match';
import { ReadContext } from './common';
import { readCount } from './count';
import { readEnumeration } from './enumeration';
import { readGrade } from './grade';
import { readMarker, readPanel } from './marker';
import { readMeasurement } from './measurement';
import { readPercentage } from './percentage';
import { readStage } from './stage';
import { ElementValue } from './types';

export type { ReadContext } from './common';

/** Reads one element of any kind, every reading; `markerNames` ends a marker's result at the next marker. */
export function readElement(ctx: ReadContext, id: string, el: ElementDef, markerNames: PhraseMatcher): ElementValue[] {
  return [...readings(ctx, id, el, markerNames)];
}

/**
 * Reads an element until the first reading that states it: enough for an
 * element whose data declares no value check, so a long draft with hundreds
 * of mentions is not read in full at every keystroke.
 */
export function readUntilStated(ctx: ReadContext, id: string, el: ElementDef, markerNames: PhraseMatcher): ElementValue[] {
  const out: ElementValue[] = [];
  for (const v of readings(ctx, id, el, markerNames)) {
    out.push(v);
    if (statingValue(el, [v])) break;
  }
  return out;
}

/** Whether an element's data declares a value check, which needs every reading. */
export function hasChecks(el: ElementDef): boolean {
  return !!(el.grade?.mismatch || el.grade?.invalid || el.marker?.percentRule || el.marker?.resultCheck || el.count?.atMost);
}

function readings(ctx: ReadContext, id: string, el: ElementDef, markerNames: PhraseMatcher): Iterable<ElementValue> {
  switch (el.kind) {
    case 'enumeration':
      return readEnumeration(ctx, id, el);
    case 'measurement':
      return readMeasurement(ctx, id, el);
    case 'count':
      return readCount(ctx, id, el);
    case 'percentage':
      return readPercentage(ctx, id, el);
    case 'marker':
      return el.panel ? readPanel(ctx, id) : readMarker(ctx, id, el, markerNames);
    case 'grade':
      return readGrade(ctx, id, el);
    case 'stage':
      return readStage(ctx, id, el);
    default:
      return [];
  }
}

/**
 * The reading that states the element, if any: a value, a negation of a
 * present/absent element ("margins negative", read as negated by ConText, is
 * a statement), "cannot be assessed", "not applicable", a pending result or
 * one reported on an earlier specimen. A stage with no pT states nothing; an
 * answer written anywhere is read only when affirmed ("no lumpectomy" names
 * no procedure), by the reader itself.
 */
export function statingValue(el: ElementDef, values: ElementValue[]): ElementValue | undefined {
  return values.find((v) => {
    // documentsAnswer: a reader yields an answer in an empty key's line ("Left upper lobectomy:") only as content.
    if (!documentsAnswer(v)) return false;
    if (el.kind === 'stage') return v.stage?.t !== undefined || v.answer !== undefined;
    // One component score is not the grade; a grade, a total or every component is.
    if (el.kind === 'grade') return v.answer !== undefined || v.invalid !== undefined || v.total !== undefined || Object.keys(v.components ?? {}).length >= Math.max(1, el.grade?.components?.length ?? 1);
    return true;
  });
}
