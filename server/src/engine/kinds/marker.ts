import { ElementDef } from '../knowledge/checklists';
import { PhraseMatcher } from '../match';
import { NO_ANSWERS, normText, Place, placesOf, ReadContext, readAt, scanSpan, UNIVERSAL } from './common';
import { parsePercent } from './percentage';
import { ElementValue } from './types';

const SCORE = /(?<![0-9.])([0-3])[ \t]*\+(?![0-9+])|(?:score|ihc)\s*(?:of|:|=|is)?\s*([0-3])(?![0-9.]|[ \t]*\+)|^\s*(?:\(\s*ihc\s*\)\s*)?[:=]?\s*(0)(?![0-9.%+]|\s*(?:\/|of|copies|signals))/;
const NOT_AMPLIFIED = /not amplified|non-?amplified|no (?:evidence of )?(?:her2 )?(?:gene )?amplification|negative for (?:her2 )?(?:gene )?amplification|without amplification/;
const AMPLIFIED = /amplified|amplification (?:is |was )?(?:present|detected|identified|seen)|positive for (?:her2 )?(?:gene )?amplification/;
const RATIO = /ratio[^0-9;]{0,25}?(\d+(?:\.\d+)?)/;
const COPIES = /(?:copy number|copies|signals)[^0-9;]{0,30}?(\d+(?:\.\d+)?)|(\d+(?:\.\d+)?)\s*(?:her2 )?(?:signals|copies)\s*(?:per|\/)\s*(?:cell|nucleus)/;
const INTENSITY = /(?<![a-z])(weak|moderate|intermediate|strong)(?:ly)?(?![a-z])/;
const LIST_GAP = /^[\s,/&()]*(?:and|or)?[\s,/&()]*$/;

/**
 * A marker's result in every form the element's data allows: "ER: positive
 * (95%, strong)", "ER/PR negative", "HER2: 2+ (equivocal)", "HER2 FISH: not
 * amplified, ratio 1.3, 2.1 copies per cell", "MLH1, PMS2, MSH2 and MSH6:
 * intact", "MLH1: pending", "reported on the core biopsy". A marker named in a
 * list takes the result the list ends with.
 */
export function* readMarker(ctx: ReadContext, id: string, el: ElementDef, siblings: ReturnType<ReadContext['matcher']>): Generator<ElementValue> {
  const answers = ctx.answers([el.answers ?? NO_ANSWERS, UNIVERSAL]);
  for (const place of placesOf(ctx, el.fieldKeys, el.patterns, 160)) {
    yield* readAt(place, el, () => resultAt(ctx, id, el, place, answers, siblings));
  }
}

/** A marker's result at one place: its field's value, or what follows its name in the clause. */
function resultAt(ctx: ReadContext, id: string, el: ElementDef, place: Place, answers: PhraseMatcher, siblings: PhraseMatcher): ElementValue[] {
  const sentenceEnd = place.sentence.span.end;
  const cut = (from: number, to: number) => {
    const next = scanSpan(ctx.model, siblings, from, to).find((h) => h.id !== id);
    return next ? next.span.start : to;
  };
  let region = { start: place.region.start, end: cut(place.region.start, place.region.end) };
  // The marker whose words the region follows: this one, or the last of a list it heads.
  let owner = place.span;
  let read = readRegion(ctx, answers, region);
  // "MLH1, PMS2, MSH2 and MSH6: intact": follow the list, within its clause, to the result it ends with.
  const clauseEnd = place.region.end;
  for (let hop = 0; !read && hop < 6; hop++) {
    const next = scanSpan(ctx.model, siblings, region.end, Math.min(clauseEnd, region.end + 80)).find((h) => h.id !== id);
    // A list has only list words between its markers: "ER: see comment. PR: positive" is no list, and ER does not take PR's result.
    if (!next || !LIST_GAP.test(normText(ctx.model, Math.max(owner.end, region.start), next.span.start))) break;
    const end = Math.min(clauseEnd, next.span.end + 120);
    const after = scanSpan(ctx.model, siblings, next.span.end, end).find((h) => h.id !== next.id);
    region = { start: next.span.end, end: after ? after.span.start : end };
    owner = next.span;
    read = readRegion(ctx, answers, region);
  }
  // "loss of MSH2 and MSH6 in tumour cells, with retained MLH1 and PMS2": a result that is not beside its marker
  // but directly governs the next one is the next one's; this marker keeps the result written before it.
  const following = read && region.end < clauseEnd && scanSpan(ctx.model, siblings, region.end, Math.min(clauseEnd, region.end + 40)).some((h) => h.span.start === region.end);
  if (read && following && read.value.score === undefined && read.value.percentMin === undefined && !read.value.ish) {
    const hit = scanSpan(ctx.model, answers, region.start, region.end)[0];
    if (hit && !BESIDE.test(normText(ctx.model, owner.end, hit.span.start)) && GOVERNED_GAP.test(normText(ctx.model, hit.span.end, region.end))) {
      const before = readBefore(ctx, answers, siblings, place.span.start, place.sentence.span.start);
      if (before) read = before;
    }
  }
  // "loss of nuclear staining for MLH1 and PMS2": a result written before the list it governs.
  if (!read) read = readBefore(ctx, answers, siblings, place.span.start, place.sentence.span.start);
  // ISH runs on past a semicolon: "not amplified (ratio 2.6; 6.1 copies per cell)", "IHC 2+; ISH amplified (ratio 2.4)".
  if (read && (read.value.ish || el.marker?.ish)) {
    const rest = { start: region.end, end: cut(region.end, sentenceEnd) };
    const more = readRegion(ctx, answers, rest)?.value.ish;
    if (more) read.value.ish = { ...more, ...(read.value.ish ?? {}) };
  }
  if (!read) return [];
  return [{ element: id, span: { start: place.span.start, end: Math.max(place.span.end, read.end) }, sentence: place.sentence, assertion: place.assertion, ...read.value }];
}

/**
 * A panel: every marker result in the draft, each a reading with its marker
 * and group ("SMA: positive", "positive for desmin and negative for S-100",
 * "AE1/AE3–"). The checklist item's expected markers say which groups the
 * panel must have. Results are the IHC extractor's, kept per sentence, so a
 * long draft's panel is not read again at each keystroke.
 */
export function* readPanel(ctx: ReadContext, id: string): Generator<ElementValue> {
  for (const r of ctx.markerResults ?? []) {
    if (r.result === undefined) continue;
    yield ({ element: id, span: r.span, sentence: r.sentence, assertion: r.assertion, answer: r.result, marker: r.markerId, group: r.group });
  }
}

/** What may stand between a marker and its own result: "ER: positive", "MLH1 - intact", "HER2 (IHC) 3+". */
const BESIDE = /^[\s:=,\-\u2013()]*(?:ihc|ish|fish|status|result|expression|staining|protein)?[\s:=,\-\u2013()]*(?:is|was|are|shows?)?\s*$/;

const GOVERNED_GAP = /^[\s,/&]*(?:(?:nuclear|protein|immuno)?\s*(?:staining|expression|reactivity|immunoreactivity|positivity)\s*)?(?:of|for|in|with)?[\s,/&]*(?:(?:and|or)[\s,/&]*)*$/;

function readBefore(ctx: ReadContext, answers: ReturnType<ReadContext['answers']>, siblings: ReturnType<ReadContext['matcher']>, at: number, floor: number): { value: Partial<ElementValue>; end: number } | undefined {
  const from = Math.max(floor, at - 80);
  const hits = scanSpan(ctx.model, answers, from, at);
  const last = hits[hits.length - 1];
  if (!last) return undefined;
  // Between the result and this marker only other markers of the list and "of", "for", "and".
  let between = normText(ctx.model, last.span.end, at);
  for (const s of scanSpan(ctx.model, siblings, last.span.end, at)) between = between.slice(0, s.span.start - last.span.end) + ' '.repeat(s.span.end - s.span.start) + between.slice(s.span.end - last.span.end);
  if (!GOVERNED_GAP.test(between)) return undefined;
  return { value: { answer: last.id }, end: at };
}

function readRegion(ctx: ReadContext, answers: ReturnType<ReadContext['answers']>, region: { start: number; end: number }): { value: Partial<ElementValue>; end: number } | undefined {
  const text = normText(ctx.model, region.start, region.end);
  const value: Partial<ElementValue> = {};
  let end = region.start;
  let hits = scanSpan(ctx.model, answers, region.start, region.end);
  // "ER - Positive (95%)": a dash and a space before another result separate the field from its value (a
  // dash alone is the negative sign: "ER -, PR -").
  if (hits.length > 1 && /^[-\u2013\u2014]$/.test(normText(ctx.model, hits[0].span.start, hits[0].span.end)) && /^\s+\(?$/.test(normText(ctx.model, hits[0].span.end, hits[1].span.start))) hits = hits.slice(1);
  // An equivocal result settled later in the same statement is the settled one: "HER2: 2+ (equivocal) by IHC;
  // FISH amplified, ratio 2.6. HER2 positive".
  const hit = hits[0]?.id === 'equivocal' ? (hits.find((h) => h.id === 'positive' || h.id === 'negative') ?? hits[0]) : hits[0];
  if (hit) {
    value.answer = hit.id;
    end = Math.max(end, hit.span.end);
  }
  const pct = parsePercent(text);
  if (pct) {
    value.percentMin = pct.min;
    value.percentMax = pct.max;
    end = Math.max(end, region.start + pct.index + pct.length);
  }
  const sc = SCORE.exec(text);
  if (sc) {
    value.score = sc[1] !== undefined ? (sc[1] === '0' ? '0' : `${sc[1]}+`) : sc[2] !== undefined ? (sc[2] === '0' ? '0' : `${sc[2]}+`) : '0';
    end = Math.max(end, region.start + sc.index + sc[0].length);
  }
  const inten = INTENSITY.exec(text);
  if (inten) value.intensity = inten[1] === 'intermediate' ? 'moderate' : inten[1];
  const ish: NonNullable<ElementValue['ish']> = {};
  if (NOT_AMPLIFIED.test(text)) ish.amplified = false;
  else if (AMPLIFIED.test(text)) ish.amplified = true;
  const ratio = RATIO.exec(text);
  if (ratio) ish.ratio = Number(ratio[1]);
  const copies = COPIES.exec(text);
  if (copies) ish.copies = Number(copies[1] ?? copies[2]);
  if (Object.keys(ish).length) {
    value.ish = ish;
    end = region.end;
  }
  if (value.answer === undefined && value.score === undefined && value.percentMin === undefined && value.ish === undefined) return undefined;
  return { value, end };
}
