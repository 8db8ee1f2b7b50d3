import { documentsAnswer } from '../findings/assess';
import { ElementDef } from '../knowledge/checklists';
import { PhraseMatcher } from '../match';
import { ownedReadings, ReadContext } from './common';
import { firstBlockAfter, PlacedBlock } from '../document';
import { ReportModel } from '../parser';
import { readCount } from './count';
import { readEnumeration } from './enumeration';
import { gradePasses, readGrade } from './grade';
import { readMarker, readPanel } from './marker';
import { readMeasurement } from './measurement';
import { readPercentage } from './percentage';
import { readStage } from './stage';
import { ElementValue } from './types';

export type { ReadContext } from './common';

/** Reads one element of any kind, every reading; `markerNames` ends a marker's result at the next marker. */
export function readElement(ctx: ReadContext, id: string, el: ElementDef, markerNames: PhraseMatcher): ElementValue[] {
  const out: ElementValue[] = [];
  readings(ctx, id, el, markerNames, (v) => {
    out.push(v);
    return false;
  });
  return out;
}

/**
 * Reads an element until the first reading that states it: enough for an
 * element whose data declares no value check, so a long draft with hundreds
 * of mentions is not read in full at every keystroke.
 */
export function readUntilStated(ctx: ReadContext, id: string, el: ElementDef, markerNames: PhraseMatcher): ElementValue[] {
  const out: ElementValue[] = [];
  readings(ctx, id, el, markerNames, (v) => {
    out.push(v);
    return statingValue(el, [v]) !== undefined;
  });
  return out;
}

/** Whether an element's data declares a value check, which needs every reading. */
export function hasChecks(el: ElementDef): boolean {
  return !!(el.grade?.mismatch || el.grade?.invalid || el.marker?.percentRule || el.marker?.resultCheck || el.count?.atMost);
}

/**
 * An element's readings. A reader makes its passes over the draft (see
 * passes); in a draft read block by block, each block's readings of each
 * pass are read once, when first asked for, and kept with the block (moved
 * with it, dropped with it), so a keystroke reads again only the blocks it
 * changed, and of those only the sentences it changed (see readAt). The
 * readings come in the same order as a reading of the whole draft: pass by
 * pass, each in document order. A block's readings depend only on its own
 * text, the role of the section it continues and the rules read with.
 */
function readings(ctx: ReadContext, id: string, el: ElementDef, markerNames: PhraseMatcher, take: (v: ElementValue) => boolean): void {
  const blocks = ctx.model.blocks;
  if (!blocks || ctx.block) {
    for (const v of readKind(ctx, id, el, markerNames)) if (take(v)) return;
    return;
  }
  // From the block that holds ctx.from (the draft before it states nothing of the element).
  const lo = firstBlockAfter(blocks, ctx.from ?? 0);
  const count = passCount(el);
  for (let pass = 0; pass < count; pass++) if (passReadings(ctx, blocks, lo, id, el, markerNames, pass, count, take)) return;
}

/** One pass's readings over a whole draft, with how many there are after each block. */
interface PassList {
  by: object;
  all: ElementValue[];
  ends: number[];
}
const passLists = new WeakMap<ReportModel, Map<ElementDef, (PassList | undefined)[]>>();

/** How many blocks a reading walks before it takes the pass's whole list (see mentionsLazily). */
const LAZY_BLOCKS = 32;

/**
 * One pass's readings from block `lo` on, each given to `take` until it says
 * stop (then true). A list the model has, or the model before had (taken
 * over in place: only the blocks after the kept ones are read again), is read
 * from; otherwise the blocks are read one by one as far as the reader goes,
 * and one that goes past 32 blocks takes the whole list, kept for the next
 * keystroke.
 */
function passReadings(ctx: ReadContext, blocks: PlacedBlock[], lo: number, id: string, el: ElementDef, markerNames: PhraseMatcher, pass: number, count: number, take: (v: ElementValue) => boolean): boolean {
  const model = ctx.model;
  let list = passLists.get(model)?.get(el)?.[pass];
  const reused = model.reused;
  const before = reused && passLists.get(reused.model)?.get(el)?.[pass];
  if ((!list || list.by !== markerNames) && before && before.by === markerNames) list = wholePass(ctx, blocks, id, el, markerNames, pass, count);
  if (list && list.by === markerNames) return takeFrom(list.all, lo > 0 ? list.ends[lo - 1] : 0, take);
  for (let i = lo; i < blocks.length; i++) {
    if (i - lo === LAZY_BLOCKS) {
      const whole = wholePass(ctx, blocks, id, el, markerNames, pass, count);
      return takeFrom(whole.all, whole.ends[i - 1], take);
    }
    if (takeFrom(blockReadings(ctx, blocks[i], id, el, markerNames, pass, count), 0, take)) return true;
  }
  return false;
}

function takeFrom(values: ElementValue[], from: number, take: (v: ElementValue) => boolean): boolean {
  for (let j = from; j < values.length; j++) if (take(values[j])) return true;
  return false;
}

/** A pass's whole list for the model, the kept blocks' part taken over from the model before. */
function wholePass(ctx: ReadContext, blocks: PlacedBlock[], id: string, el: ElementDef, markerNames: PhraseMatcher, pass: number, count: number): PassList {
  const model = ctx.model;
  let mine = passLists.get(model);
  if (!mine) passLists.set(model, (mine = new Map()));
  let lists = mine.get(el);
  if (!lists) mine.set(el, (lists = new Array(count)));
  const reused = model.reused;
  const before = reused && passLists.get(reused.model)?.get(el)?.[pass];
  let start = 0;
  let all: ElementValue[] = [];
  let ends: number[] = [];
  if (reused && before && before.by === markerNames) {
    // Taken over in place, like the block arrays: the model before is no longer read.
    start = reused.blocks;
    all = before.all;
    all.length = start > 0 ? before.ends[start - 1] : 0;
    ends = before.ends;
    ends.length = start;
    passLists.get(reused.model)!.get(el)![pass] = undefined;
  }
  // Most blocks not read yet (a draft just opened, a header above them that changed their role): one
  // reading of the whole draft, handed out to them, costs less than a reading per block. Told by the
  // first blocks: after an edit only the edited ones are new.
  let unread = 0;
  const sample = Math.min(blocks.length, start + 2 * LAZY_BLOCKS);
  for (let i = start; i < sample; i++) if (!keptPass(blocks[i], el, markerNames, pass)) unread++;
  if (unread > LAZY_BLOCKS || (unread > 0 && unread === sample - start)) readWhole(ctx, blocks, id, el, markerNames, pass, count);
  for (let i = start; i < blocks.length; i++) {
    const values = blockReadings(ctx, blocks[i], id, el, markerNames, pass, count);
    for (let j = 0; j < values.length; j++) all.push(values[j]);
    ends.push(all.length);
  }
  return (lists[pass] = { by: markerNames, all, ends });
}

/**
 * Reads one pass over the whole draft at once and gives each block not read
 * yet its share: the same readings a reading of the block alone gives (a
 * reading lies in its place's sentence), found with one reader.
 */
function readWhole(ctx: ReadContext, blocks: PlacedBlock[], id: string, el: ElementDef, markerNames: PhraseMatcher, pass: number, count: number): void {
  const whole: ReadContext = { model: ctx.model, matcher: ctx.matcher, answers: ctx.answers, markerResults: ctx.markerResults, sizes: ctx.sizes };
  const shares: ElementValue[][] = [];
  let b = 0;
  for (const v of readKind(whole, id, el, markerNames, pass)) {
    const at = v.sentence.span.start;
    // In document order, block by block (a binary search when a reading is not in the next blocks).
    if (at < blocks[b].offset || (b + 1 < blocks.length && at >= blocks[b + 1].offset)) b = blockAt(blocks, at);
    (shares[b] ??= []).push(v);
  }
  for (let i = 0; i < blocks.length; i++) {
    if (keptPass(blocks[i], el, markerNames, pass)) continue;
    passesOf(blocks[i], el, markerNames, count).passes[pass] = shares[i] ? ownedReadings(shares[i], blocks[i].spans) : NONE;
  }
}

function blockAt(blocks: PlacedBlock[], offset: number): number {
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (blocks[mid].offset <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

const NONE: ElementValue[] = [];

function keptPass(block: PlacedBlock, el: ElementDef, markerNames: PhraseMatcher, pass: number): boolean {
  const kept = block.readings.get(el) as BlockPasses | undefined;
  return !!kept && kept.by === markerNames && kept.passes[pass] !== undefined;
}

function passesOf(block: PlacedBlock, el: ElementDef, markerNames: PhraseMatcher, count: number): BlockPasses {
  let kept = block.readings.get(el) as BlockPasses | undefined;
  if (!kept || kept.by !== markerNames) block.readings.set(el, (kept = { by: markerNames, passes: new Array(count) }));
  return kept;
}

interface BlockPasses {
  /** The marker names the element was read with (another base may end a result at other names). */
  by: object;
  passes: (ElementValue[] | undefined)[];
}

function blockReadings(ctx: ReadContext, block: PlacedBlock, id: string, el: ElementDef, markerNames: PhraseMatcher, pass: number, count: number): ElementValue[] {
  const kept = passesOf(block, el, markerNames, count);
  let values = kept.passes[pass];
  if (!values) {
    const local: ReadContext = {
      model: ctx.model,
      matcher: ctx.matcher,
      answers: ctx.answers,
      block,
      markerResults: ctx.markerResults && block.findings.ihc,
      sizes: ctx.sizes && { subject: ctx.sizes.subject, found: block.findings.sizes },
    };
    const read = [...readKind(local, id, el, markerNames, pass)];
    values = kept.passes[pass] = read.length ? ownedReadings(read, block.spans) : NONE;
  }
  return values;
}

/** How many passes an element's reader makes (see passes). */
function passCount(el: ElementDef): number {
  switch (el.kind) {
    case 'enumeration':
    case 'measurement':
    case 'stage':
      return 2;
    case 'count':
      return el.count ? el.count.parts.length + 1 : 0;
    case 'grade':
      return gradePasses(el);
    default:
      return 1;
  }
}

function readKind(ctx: ReadContext, id: string, el: ElementDef, markerNames: PhraseMatcher, pass?: number): Iterable<ElementValue> {
  switch (el.kind) {
    case 'enumeration':
      return readEnumeration(ctx, id, el, pass);
    case 'measurement':
      return readMeasurement(ctx, id, el, pass);
    case 'count':
      return readCount(ctx, id, el, pass);
    case 'percentage':
      return readPercentage(ctx, id, el);
    case 'marker':
      return el.panel ? readPanel(ctx, id) : readMarker(ctx, id, el, markerNames);
    case 'grade':
      return readGrade(ctx, id, el, pass);
    case 'stage':
      return readStage(ctx, id, el, pass);
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
