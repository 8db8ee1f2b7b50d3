import { assess, documents } from '../findings/assess';
import { ElementDef } from '../knowledge/checklists';
import { Sentence } from '../parser';
import { AFFIRMED, firstHit, mentionsToRead, normText, passes, placesOf, ReadContext, UNIVERSAL } from './common';
import { Assertion } from '../types';
import { ElementValue, StageCategory } from './types';

// pT / pN / pM with prefixes (y, r, m, a) and suffixes ("(sn)", "(i+)", "(mi)", "(m)", "(f)"): "ypT1c(m) pN0(i+)(sn)", "pT3aN1b", "pT2 N0 MX".
// AJCC's suffixes: (sn) sentinel node, (i+)/(i-) isolated tumour cells, (mol+)/(mol-), (mi), (m) multiple
// tumours or their number (2), (f) fine-needle or core biopsy; a note in brackets ("(AJCC 8th)") is none.
const SUFFIX = String.raw`(?:\s?\((?:sn|i\s?[+-]|mol\s?[+-]|mi|m|f|\d{1,2})\))*`;
// The categories every AJCC chapter shares (X, is, 0, 1mi, 1-4 with a subcategory letter); a chapter's own
// (pTa of urothelial carcinoma, pN0a / pN0b of the thyroid, pT1b2 of the cervix) come from its stage element's lists.
const T_SHARED = String.raw`x|is|0|1mi|[1-4][a-e]?(?:mi)?|[1-4]`;
const N_SHARED = String.raw`x|0|[1-3][a-c]?(?:mi)?`;
/** Where a category is written: pT2, ypT1c(m), pT3aN1bM0, pN0(i+)(sn). */
const STAGE_ANCHORS = ['(?:[yrma]{1,3})?p[tn](?: (?=[x0-4]))?(?:x|is|[0-4])[a-z0-9()+]*'];
const M_AFTER = /^\s*,?\s*(?:p|c)?m(x|0|1[a-c]?)(?![a-z0-9])/;

interface StageGrammar {
  t: RegExp;
  nAfter: RegExp;
  nAlone: RegExp;
  anchors: string[];
}
const grammars = new WeakMap<ElementDef, StageGrammar>();
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A stage element's own categories of an axis that the shared grammar does not read, lower-cased, without the letter or a suffix, longest first. */
function ownCategories(listed: string[] | undefined, letter: 't' | 'n', shared: string): string[] {
  const whole = new RegExp(`^(?:${shared})$`);
  const own = new Set<string>();
  for (const c of listed ?? []) {
    const cat = c.trim().toLowerCase().replace(/^[yrma]*p?/, '').replace(/\(.*$/, '');
    if (cat.startsWith(letter) && cat.length > 1 && !whole.test(cat.slice(1))) own.add(cat.slice(1));
  }
  return [...own].sort((a, b) => b.length - a.length);
}

/** The patterns that read an element's categories: the shared ones, and the chapter's own that its data lists. */
function grammarOf(el: ElementDef): StageGrammar {
  let g = grammars.get(el);
  if (g) return g;
  const ownT = ownCategories(el.stage?.t, 't', T_SHARED);
  const ownN = ownCategories(el.stage?.n, 'n', N_SHARED);
  const t = [...ownT.map(escape), T_SHARED].join('|');
  const n = [...ownN.map(escape), N_SHARED].join('|');
  g = {
    // A dictated "pT 2" or "pN 0" has a space after the letter, before a digit or X ("the pT is assigned" is no pTis).
    t: new RegExp(String.raw`(?<![a-z0-9])((?:[yrma]{1,3})?p)t(?: (?=[x0-9]))?(${t})(${SUFFIX})(?![a-z0-9](?<![nm]))`, 'g'),
    nAfter: new RegExp(String.raw`^\s*,?\s*(?:(?:[yr]{0,2}p)?n)(?: (?=[x0-9]))?(${n})(${SUFFIX})(?![a-z0-9](?<!m))`),
    nAlone: new RegExp(String.raw`(?<![a-z0-9])((?:[yr]{1,2})?p)n(?: (?=[x0-9]))?(${n})(${SUFFIX})(?![a-z0-9])`, 'g'),
    // A sentence with only a chapter's own category ("pTa") is read too.
    anchors: ownT.length || ownN.length ? [...STAGE_ANCHORS, ...ownT.map((c) => `(?:[yrma]{1,3})?pt${/^[x0-9]/.test(c) ? ' ?' : ''}${escape(c)}[a-z0-9()+]*`), ...ownN.map((c) => `(?:[yr]{1,2})?pn${/^[x0-9]/.test(c) ? ' ?' : ''}${escape(c)}[a-z0-9()+]*`)] : STAGE_ANCHORS,
  };
  grammars.set(el, g);
  return g;
}

function category(prefix: string, letter: string, cat: string, suffix: string, span: { start: number; end: number }): StageCategory {
  const suffixes = (suffix.match(/\([^)]*\)/g) ?? []).map((s) => s.replace(/\s+/g, ''));
  const pre = prefix.replace(/p$/, '');
  return { text: `${pre}p${letter}${cat}${suffixes.join('')}`, prefix: pre, category: `${letter}${cat}`, suffixes, span };
}

/**
 * How a written category is asserted: it states the stage ("negative for carcinoma (pN0)" is a pN0,
 * not a negated one), unless it is hypothetical, historical or another person's ("if it reaches the
 * serosa it would be pT4a", "a pT2 tumour in 2015").
 */
function stageAssertion(ctx: ReadContext, sentence: Sentence, span: { start: number; end: number }): Assertion {
  const a = assess(ctx.model, sentence, span);
  return a.temporality === 'recent' && a.experiencer === 'patient' ? AFFIRMED : { negation: 'affirmed', temporality: a.temporality, experiencer: a.experiencer };
}

/** The pathologic stage as written; the categories are kept with their prefixes and suffixes. */
export function* readStage(ctx: ReadContext, id: string, el: ElementDef, pass?: number): Generator<ElementValue> {
  const want = passes(pass);
  const { t: T, nAfter: N_AFTER, nAlone: N_ALONE, anchors } = grammarOf(el);
  const out: ElementValue[] = [];
  // Only the sentences that name a category are read: found through the (incremental) mention index, not by a scan.
  let last: Sentence | undefined;
  for (const mention of want() ? mentionsToRead(ctx, ctx.matcher(anchors), true) : []) {
    if (mention.sentence === last) continue;
    const sentence = (last = mention.sentence);
    const text = normText(ctx.model, sentence.span.start, sentence.span.end);
    T.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = T.exec(text)) !== null) {
      const start = sentence.span.start + m.index;
      const t = category(m[1], 'T', m[2].replace(/^x$/, 'X'), m[3], { start, end: start + m[0].length });
      const value: ElementValue = { element: id, span: t.span, sentence, assertion: stageAssertion(ctx, sentence, t.span), stage: { t } };
      const rest = text.slice(m.index + m[0].length);
      const n = N_AFTER.exec(rest);
      if (n) {
        const ns = start + m[0].length + n.index;
        value.stage!.n = category(m[1].startsWith('y') ? 'yp' : 'p', 'N', n[1].replace(/^x$/, 'X'), n[2], { start: ns + n[0].indexOf('n'), end: ns + n[0].length });
        const mm = M_AFTER.exec(rest.slice(n.index + n[0].length));
        if (mm) value.stage!.m = { text: `pM${mm[1].toUpperCase()}`, prefix: '', category: `M${mm[1].toUpperCase()}`, suffixes: [], span: { start: ns + n[0].length, end: ns + n[0].length + mm[0].length } };
        value.span = { start, end: ns + n[0].length };
      }
      if (documents(value)) {
        out.push(value);
        yield value;
      }
    }
    N_ALONE.lastIndex = 0;
    while ((m = N_ALONE.exec(text)) !== null) {
      const start = sentence.span.start + m.index;
      const end = start + m[0].length;
      // A pN already read after its pT (whose span starts at the "n": "pT2 pN0") is not read again alone.
      if (out.some((v) => v.stage?.n && v.stage.n.span.start < end && start < v.stage.n.span.end)) continue;
      const n = category(m[1], 'N', m[2].replace(/^x$/, 'X'), m[3], { start, end });
      const value: ElementValue = { element: id, span: n.span, sentence, assertion: stageAssertion(ctx, sentence, n.span), stage: { n } };
      if (documents(value)) yield value;
    }
  }
  // "Pathologic stage: cannot be assessed" / "pending".
  if (!want()) return;
  const universal = ctx.answers([UNIVERSAL]);
  for (const place of placesOf(ctx, el.fieldKeys, undefined, 60)) {
    const hit = firstHit(ctx, universal, place.region);
    if (hit) yield { element: id, span: place.span, sentence: place.sentence, assertion: place.assertion, answer: hit.id };
  }
}
