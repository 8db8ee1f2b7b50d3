import { ElementDef } from '../knowledge/checklists';
import { PhraseHit, PhraseMatcher } from '../match';
import { affirmedMentions, firstHit, NO_ANSWERS, normText, passes, Place, placesOf, PRESENCE, ReadContext, readAt, scanSpan, UNIVERSAL } from './common';
import { answerIsNear, endBeforeOther, followedBy } from '../findings/extract';
import { UNIT } from '../text';
import { ElementValue } from './types';

const UNIVERSAL_IDS = new Set(UNIVERSAL.map((a) => a.id));
/** A value of sizes and weights alone, with the sides they are of: "right 2.5 cm, left 2.8 cm", "2.5 x 1.0 cm". */
const ONLY_MEASURES = new RegExp(String.raw`^[\s,;.()]*(?:(?:(?:right|left|bilateral|each)\s*:?\s*)?\d+(?:\.\d+)?(?:\s*x\s*\d+(?:\.\d+)?)*\s*(?:${UNIT}|g)\b[\s,;.()]*(?:and\s+)?)+$`);

/**
 * An answer from a list: "Lymphovascular invasion: not identified", "no
 * lymphovascular invasion" (a negated anchor of a present/absent element),
 * "Procedure: left total mastectomy", "Laterality: left", "renal vein patent;
 * IVC free of tumour", or an answer written anywhere the draft documents
 * something ("invasive lobular carcinoma", "left kidney").
 */
export function* readEnumeration(ctx: ReadContext, id: string, el: ElementDef, pass?: number): Generator<ElementValue> {
  const want = passes(pass);
  const lists = [el.answers ?? NO_ANSWERS, ...(el.presence ? [PRESENCE] : []), UNIVERSAL];
  const answers = ctx.answers(lists);
  const named = el.anchors ? ctx.answers([el.anchors]) : undefined;
  const rank = el.answerOrder === 'listed' ? listedRank(lists) : undefined;
  if (want()) {
    for (const place of placesOf(ctx, el.fieldKeys, named ?? el.patterns, 90, el.region === 'clause')) {
      // A field whose key names the anchors and whose value names them again ("Renal vein / IVC involvement: Renal vein
      // involved; IVC not involved", the element's own template): the value's anchors speak, not the key's.
      const f = place.sentence.field;
      if (named && !place.byKey && f && place.span.end <= f.keySpan.end && namedAgain(ctx, named, f)) continue;
      yield* readAt(place, el, () => answerAt(ctx, id, el, place, answers, named, rank));
    }
  }
  // The second pass: its answers written anywhere.
  if (want() && el.answers && (el.answersAnywhere ?? !el.presence)) {
    const own = ctx.answers([el.answers]);
    const near = el.near ? ctx.matcher(el.near.patterns) : undefined;
    for (const m of affirmedMentions(ctx, own)) {
      if (near && !answerIsNear(ctx.model, m, near, el.near!.reach, el.fieldKeys)) continue;
      const hit = scanSpan(ctx.model, own, m.span.start, m.span.end)[0];
      yield ({ element: id, span: m.span, sentence: m.sentence, assertion: m.assertion, answer: hit?.id });
    }
  }
}

/** Whether a field's value names again an anchor its key names (not merely another: "RENAL VEINS / IVC: Patent. No tumour thrombus"). */
function namedAgain(ctx: ReadContext, named: PhraseMatcher, f: { keySpan: { start: number; end: number }; valueSpan: { start: number; end: number } }): boolean {
  const inKey = new Set(scanSpan(ctx.model, named, f.keySpan.start, f.keySpan.end).map((h) => h.id));
  return scanSpan(ctx.model, named, f.valueSpan.start, f.valueSpan.end).some((h) => inKey.has(h.id));
}

/** The answer at one place: its field's value, or the rest of its anchor's clause. */
function answerAt(ctx: ReadContext, id: string, el: ElementDef, place: Place, answers: PhraseMatcher, named: PhraseMatcher | undefined, rank: Map<string, number> | undefined): ElementValue[] {
  let region = place.region;
  if (!place.byKey && el.notFollowedBy) {
    const followers = ctx.matcher(el.notFollowedBy);
    if (followedBy(ctx.model, place, followers)) return [];
    const anchors = named ?? (el.patterns?.length ? ctx.matcher(el.patterns) : undefined);
    if (anchors) region = { start: region.start, end: Math.max(region.start, endBeforeOther(ctx.model, place.sentence, scanSpan(ctx.model, anchors, place.span.end, region.end), place.span.end, region.end, followers)) };
  }
  // An anchor may hold its own answer ("pN0" is the nodes' anchor and says none is involved).
  const hit = (rank ? bestListed(scanSpan(ctx.model, answers, region.start, region.end), rank) : firstHit(ctx, answers, region)) ?? (place.byKey ? undefined : ownAnswer(ctx, answers, place));
  let answer = hit?.id;
  if (!place.byKey && !answer && place.assertion.negation === 'negated') {
    // An answer that takes the anchor in with its negation: "No lymph nodes are submitted" is none submitted, not node-negative.
    const around = scanSpan(ctx.model, answers, place.sentence.span.start, place.region.end).find((h) => h.span.start <= place.span.start && h.span.end >= place.span.end);
    if (around && !UNIVERSAL_IDS.has(around.id)) return [{ element: id, span: around.span, sentence: place.sentence, assertion: place.assertion, answer: around.id }];
  }
  if (!place.byKey) {
    // An anchor in prose: its assertion answers a present/absent element.
    if (place.assertion.negation === 'negated' && (el.presence || el.negated) && !(answer && UNIVERSAL_IDS.has(answer))) answer = el.negated ?? 'not-identified';
    // A specimen label ("B. Hilar lymph node" under SPECIMENS) names what was received, not what it shows.
    else if (!answer && el.presence && place.sentence.section.kind !== 'specimen') answer = place.assertion.negation === 'possible' ? 'suspicious' : 'present';
  }
  // A filled-in field states its element even in words the list does not have.
  // A filled field states its element in any words, except a present/absent element's field that only measures
  // ("Seminal vesicles: right 2.5 cm, left 2.8 cm" is the gross, not whether they are invaded).
  if (!answer && place.byKey && !el.answersOnly && place.region.end > place.region.start && !(el.presence && ONLY_MEASURES.test(normText(ctx.model, place.region.start, place.region.end)))) answer = 'stated';
  if (!answer) return [];
  const anchor = named && !place.byKey ? firstHit(ctx, named, place.span)?.id : undefined;
  const span = hit && hit.span.start >= place.span.start ? { start: place.span.start, end: Math.max(place.span.end, hit.span.end) } : place.span;
  return [{ element: id, span, sentence: place.sentence, assertion: place.assertion, answer, ...(anchor ? { anchor } : {}) }];
}

/** An answer that is the anchor itself, whole: "pN0" read at the anchor "pN0", not "present" read at "lymph node present". */
function ownAnswer(ctx: ReadContext, answers: PhraseMatcher, place: Place): PhraseHit | undefined {
  const hit = firstHit(ctx, answers, place.span);
  return hit && hit.span.start === place.span.start && hit.span.end === place.span.end ? hit : undefined;
}

const ranks = new WeakMap<object, Map<string, number>>();

/** Each answer id's place in the lists, first listed first. */
function listedRank(lists: { id: string }[][]): Map<string, number> {
  const key = lists[0];
  let r = ranks.get(key);
  if (!r) {
    r = new Map();
    for (const a of lists.flat()) if (!r.has(a.id)) r.set(a.id, r.size);
    ranks.set(key, r);
  }
  return r;
}

function bestListed(hits: PhraseHit[], rank: Map<string, number>): PhraseHit | undefined {
  let best: PhraseHit | undefined;
  for (const h of hits) if (!best || (rank.get(h.id) ?? Infinity) < (rank.get(best.id) ?? Infinity)) best = h;
  return best;
}
