import { documents } from '../findings/assess';
import { ElementDef } from '../knowledge/checklists';
import { PhraseMatcher } from '../match';
import { ReadContext } from './common';
import { readCount } from './count';
import { readEnumeration } from './enumeration';
import { readGrade } from './grade';
import { readMarker } from './marker';
import { readMeasurement } from './measurement';
import { readPercentage } from './percentage';
import { readStage } from './stage';
import { ElementValue } from './types';

export type { ReadContext } from './common';

/** Reads one element of any kind; `markerNames` ends a marker's result at the next marker of the checklist. */
export function readElement(ctx: ReadContext, id: string, el: ElementDef, markerNames: PhraseMatcher): ElementValue[] {
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
      return readMarker(ctx, id, el, markerNames);
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
 * present/absent element, "cannot be assessed", "not applicable", a pending
 * result or one reported on an earlier specimen. A negated answer ("no
 * lumpectomy") states nothing, nor does a stage with no pT.
 */
export function statingValue(el: ElementDef, values: ElementValue[]): ElementValue | undefined {
  return values.find((v) => {
    if (!documents(v)) return false;
    if (el.kind === 'stage') return v.stage?.t !== undefined || v.answer !== undefined;
    if (el.kind === 'enumeration' && !el.presence && v.assertion.negation === 'negated' && v.answer !== 'stated') return false;
    return true;
  });
}
