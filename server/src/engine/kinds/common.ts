import answersData from '../../data/shared/answers.json';
import { mentionsFrom } from '../document';
import { clauseAround } from '../findings/extract';
import { documents, documentsAnswer, isPlaceholder } from '../findings/assess';
import { IhcFinding, Mention, SizeFinding } from '../findings/types';
import { PhraseHit, PhraseMatcher, sentenceNumber } from '../match';
import { Field, ReportModel, Sentence } from '../parser';
import { normText, scanSpan } from '../match';
import { Assertion, Span } from '../types';
import { AnswerDef, ElementValue } from './types';

export { normText, scanSpan };

/** What a kind reader needs: the draft and compiled matchers for the element's pattern lists. */
export interface ReadContext {
  model: ReportModel;
  /** A matcher for a pattern list, compiled once (workspace lists in the linear-time engine). */
  matcher(patterns: string[]): PhraseMatcher;
  /** A matcher for answer lists, each answer's id its hit id. */
  answers(lists: AnswerDef[][]): PhraseMatcher;
  /** The draft's marker results, as the IHC extractor read them (kept per sentence between keystrokes). */
  markerResults?: IhcFinding[];
  /**
   * Read only what starts at or after this offset: set when the draft before it is known to state
   * nothing of the element (see readStatedKept). A hint: a reader that reads more is still right.
   */
  from?: number;
  /** The tumour sizes the size extractor read with the built-in size subject (kept per sentence between keystrokes). */
  sizes?: { subject: object; found: SizeFinding[] };
}

export const UNIVERSAL: AnswerDef[] = answersData.universal;
export const PRESENCE: AnswerDef[] = answersData.presence;
/** The answers of an element that has none: one array, so its matchers are compiled once. */
export const NO_ANSWERS: AnswerDef[] = [];

/** How a filled-in field of the element is asserted: it states its value. */
export const AFFIRMED: Assertion = { negation: 'affirmed', temporality: 'recent', experiencer: 'patient' };

/** Where an element is spoken of: a field with one of its keys, or a mention of one of its anchors. */
export interface Place {
  /** The anchor or the field key. */
  span: Span;
  sentence: Sentence;
  assertion: Assertion;
  /** Where its value is read: the field's value, or the rest of the anchor's clause. */
  region: Span;
  /** The field the place is in, if any. */
  field?: Field;
  /** Read from a field with one of the element's keys (its value answers it), not from an anchor. */
  byKey: boolean;
  /** The mention or field the place is: kept between keystrokes while its block is unchanged (see readingsAt). */
  key: object;
}

/** A field key lower-cased with its whitespace runs folded. */
export function keyOf(key: string): string {
  let k = keys.get(key);
  if (k === undefined) {
    k = key.toLowerCase().replace(/\s+/g, ' ').trim();
    if (keys.size >= 4096) keys.clear();
    keys.set(key, k);
  }
  return k;
}
const keys = new Map<string, string>();
const keySets = new WeakMap<string[], Set<string>>();

/** Fields with one of the keys that are filled in, outside the history and technique. */
export function fieldsWithKeys(model: ReportModel, keys: string[] | undefined): Field[] {
  if (!keys || keys.length === 0) return [];
  let wanted = keySets.get(keys);
  if (!wanted) keySets.set(keys, (wanted = new Set(keys.map(keyOf))));
  return model.fields.filter((f) => wanted.has(keyOf(f.key)) && !isPlaceholder(f.value) && f.section.role !== 'history' && f.section.role !== 'technique');
}

/** The sentence holding a field's value (found by binary search: a long draft has many sentences). */
export function sentenceOfField(model: ReportModel, field: Field): Sentence | undefined {
  const sentences = model.sentences;
  const i = sentenceNumber(sentences)(field.keySpan.start);
  if (i < 0) return undefined;
  let first: Sentence | undefined;
  for (let j = i; j < sentences.length && sentences[j].span.start < field.lineSpan.end; j++) {
    if (sentences[j].field !== field) continue;
    first ??= sentences[j];
    if (sentences[j].span.end > field.valueSpan.start) return sentences[j];
  }
  return first;
}

/**
 * Every place the element is spoken of, in document order: its fields and its
 * anchors in prose (an anchor inside one of its fields is not read twice).
 * Places that cannot document anything (history, hypotheticals, another
 * person) are left out. Lazy: a reader that stops at its first statement
 * computes no other place's region.
 */
export function* placesOf(ctx: ReadContext, fieldKeys: string[] | undefined, anchors: string[] | PhraseMatcher | undefined, reach = 90, wholeClause = false): Generator<Place> {
  const { model } = ctx;
  const all = fieldsWithKeys(model, fieldKeys);
  const fields = ctx.from ? all.filter((f) => f.keySpan.start >= ctx.from!) : all;
  let next = 0;
  const fieldPlace = (field: Field): Place | undefined => {
    const sentence = sentenceOfField(model, field);
    return sentence ? { span: field.keySpan, sentence, assertion: AFFIRMED, region: field.valueSpan, field, byKey: true, key: field } : undefined;
  };
  const matcher = anchors instanceof PhraseMatcher ? anchors : anchors?.length ? ctx.matcher(anchors) : undefined;
  if (matcher) {
    for (const m of mentionsFrom(model, matcher, ctx.from ?? 0)) {
      while (next < fields.length && fields[next].keySpan.start <= m.span.start) {
        const p = fieldPlace(fields[next++]);
        if (p) yield p;
      }
      if (!documents(m)) continue;
      if (fields.some((f) => m.span.start >= f.lineSpan.start && m.span.end <= f.lineSpan.end)) continue;
      const region = wholeClause ? clauseAround(model, m.sentence, m.span.start) : regionAfter(model, m, reach);
      yield { span: m.span, sentence: m.sentence, assertion: m.assertion, region, field: m.sentence.field, byKey: false, key: m };
    }
  }
  while (next < fields.length) {
    const p = fieldPlace(fields[next++]);
    if (p) yield p;
  }
}

/** The rest of a mention's clause after it, at most `reach` characters. */
export function regionAfter(model: ReportModel, m: Mention, reach: number): Span {
  const clause = clauseAround(model, m.sentence, m.span.start);
  const end = Math.min(clause.end, m.span.end + reach, m.sentence.span.end);
  return { start: m.span.end, end: Math.max(m.span.end, end) };
}

/** The first hit of a matcher in a region. */
export function firstHit(ctx: ReadContext, matcher: PhraseMatcher, region: Span): PhraseHit | undefined {
  return scanSpan(ctx.model, matcher, region.start, region.end)[0];
}

/** Mentions of patterns that document the element and are not negated (for answer-only elements). */
export function* affirmedMentions(ctx: ReadContext, matcher: PhraseMatcher): Generator<Mention> {
  for (const m of mentionsFrom(ctx.model, matcher, ctx.from ?? 0)) if (documentsAnswer(m) && m.assertion.negation !== 'negated') yield m;
}

const NUMBER_WORDS: Record<string, number> = {
  no: 0, none: 0, zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fifty: 50,
};
/** A count as written: digits, or a number word up to fifty ("twenty-two"). */
export const COUNT = '(\\d{1,3}|(?:twenty|thirty|forty)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|none|no)';

export function countValue(word: string): number | undefined {
  if (/^\d+$/.test(word)) return Number(word);
  const parts = word.split(/[- ]/);
  let n = 0;
  for (const p of parts) {
    const v = NUMBER_WORDS[p];
    if (v === undefined) return undefined;
    n += v;
  }
  return n;
}

export function spanAt(region: Span, index: number, length: number): Span {
  return { start: region.start + index, end: region.start + index + length };
}

const placeReadings = new WeakMap<object, Map<object, { at: number; values: ElementValue[] }>>();

/**
 * The readings at one place of an element, kept with the place's mention or
 * field. These are placed objects that live as long as their block is
 * unchanged (shifted in place when an edit above moves it), and a reading
 * depends only on its own sentence: so an element read in full at every
 * keystroke (one with a value check) reads again only the places in the
 * edited blocks. A place that moved gets its readings moved with it.
 */
export function readingsAt(key: object, el: object, at: number, read: () => ElementValue[]): ElementValue[] {
  let byElement = placeReadings.get(key);
  if (!byElement) placeReadings.set(key, (byElement = new Map()));
  const got = byElement.get(el);
  if (!got) {
    // Copies with spans of their own: a reader may have given a place's own span, which a move shifts in place.
    const values = read().map((v) => movedValue(v, 0));
    byElement.set(el, { at, values });
    return values;
  }
  if (got.at !== at) {
    const by = at - got.at;
    got.values = got.values.map((v) => movedValue(v, by));
    got.at = at;
  }
  return got.values;
}

/** A reading moved by `by` characters: its span and the spans inside it. */
function movedValue(v: ElementValue, by: number): ElementValue {
  const move = (s: Span): Span => ({ start: s.start + by, end: s.end + by });
  const out: ElementValue = { ...v, span: move(v.span) };
  if (v.components) out.components = Object.fromEntries(Object.entries(v.components).map(([k, c]) => [k, { ...c, span: move(c.span) }]));
  if (v.total) out.total = { ...v.total, span: move(v.total.span) };
  if (v.stage) {
    const stage: NonNullable<ElementValue['stage']> = {};
    for (const k of ['t', 'n', 'm'] as const) {
      const c = v.stage[k];
      if (c) stage[k] = { ...c, span: move(c.span) };
    }
    out.stage = stage;
  }
  return out;
}
