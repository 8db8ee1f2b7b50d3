import { ElementDef } from '../knowledge/checklists';
import { affirmedMentions, firstHit, NO_ANSWERS, placesOf, PRESENCE, ReadContext, scanSpan, UNIVERSAL } from './common';
import { ElementValue } from './types';

const UNIVERSAL_IDS = new Set(UNIVERSAL.map((a) => a.id));

/**
 * An answer from a list: "Lymphovascular invasion: not identified", "no
 * lymphovascular invasion" (a negated anchor of a present/absent element),
 * "Procedure: left total mastectomy", or an answer written anywhere the draft
 * documents something ("invasive lobular carcinoma").
 */
export function* readEnumeration(ctx: ReadContext, id: string, el: ElementDef): Generator<ElementValue> {
  const lists = [el.answers ?? NO_ANSWERS, ...(el.presence ? [PRESENCE] : []), UNIVERSAL];
  const answers = ctx.answers(lists);
  for (const place of placesOf(ctx, el.fieldKeys, el.patterns, 90, el.region === 'clause')) {
    const hit = firstHit(ctx, answers, place.region);
    let answer = hit?.id;
    if (!place.byKey) {
      // An anchor in prose: its assertion answers a present/absent element.
      if (place.assertion.negation === 'negated' && (el.presence || el.negated) && !(answer && UNIVERSAL_IDS.has(answer))) answer = el.negated ?? 'not-identified';
      else if (!answer && el.presence) answer = place.assertion.negation === 'possible' ? 'suspicious' : 'present';
    }
    // A filled-in field states its element even in words the list does not have.
    if (!answer && place.byKey && place.region.end > place.region.start) answer = 'stated';
    if (!answer) continue;
    yield ({ element: id, span: hit ? { start: place.span.start, end: hit.span.end } : place.span, sentence: place.sentence, assertion: place.assertion, answer });
  }
  if (el.answers && (el.answersAnywhere ?? !el.presence)) {
    const own = ctx.answers([el.answers]);
    for (const m of affirmedMentions(ctx, own)) {
      const hit = scanSpan(ctx.model, own, m.span.start, m.span.end)[0];
      yield ({ element: id, span: m.span, sentence: m.sentence, assertion: m.assertion, answer: hit?.id });
    }
  }
}
