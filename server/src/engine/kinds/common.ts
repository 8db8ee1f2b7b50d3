import answersData from '../../data/shared/answers.json';
import { mentionsFrom, mentionsLazily, mentionsOfBlock, PlacedBlock } from '../document';
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
  /** Read only this block of the draft (see kinds/index.ts: what is read is kept per block). */
  block?: PlacedBlock;
}

/**
 * The mentions of a matcher a reader reads, in document order: its block's,
 * or the draft's from `ctx.from` on (`lazily`: the whole draft, found only as
 * far as the reader goes).
 */
export function mentionsToRead(ctx: ReadContext, matcher: PhraseMatcher, lazily = false): Iterable<Mention> {
  if (ctx.block) return mentionsOfBlock(ctx.block, matcher);
  return lazily ? mentionsLazily(ctx.model, matcher) : mentionsFrom(ctx.model, matcher, ctx.from ?? 0);
}

/** The fields a reader reads: its block's, or the draft's. */
export function fieldsToRead(ctx: ReadContext): Field[] {
  return ctx.block ? ctx.block.fields : ctx.model.fields;
}

export const UNIVERSAL: AnswerDef[] = answersData.universal;
export const PRESENCE: AnswerDef[] = answersData.presence;
/** The answers of an element that has none: one array, so its matchers are compiled once. */
export const NO_ANSWERS: AnswerDef[] = [];

/** How a filled-in field of the element is asserted: it states its value. */
export const AFFIRMED: Assertion = { negation: 'affirmed', temporality: 'recent', experiencer: 'patient' };

/**
 * A reader reads in passes, each over the whole draft in document order (the
 * places of an element's fields and anchors, then its answers written
 * anywhere, a grade's component scores...). `want()` is called once for each
 * pass, in order, and says whether to read it: every pass when `pass` is
 * undefined, or that one only (see kinds/index.ts, which reads a draft block
 * by block and keeps each block's passes).
 */
export function passes(pass: number | undefined): () => boolean {
  let k = 0;
  return () => {
    const n = k++;
    return pass === undefined || pass === n;
  };
}

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
  /**
   * What the place was read as in the sentence memo, when everything a reading at it reads lies in its
   * sentence (see Sentence.origin): an identical sentence anywhere, in this build or a later one, reads the same.
   */
  origin?: object;
}

/** An anchor's place in prose; its region is found only if a reading needs it (a kept reading does not). */
class AnchorPlace implements Place {
  readonly byKey = false;
  private found?: Span;
  constructor(
    private readonly model: ReportModel,
    private readonly mention: Mention,
    readonly origin: object | undefined,
    private readonly reach: number,
    private readonly wholeClause: boolean,
  ) {}
  get span(): Span {
    return this.mention.span;
  }
  get sentence(): Sentence {
    return this.mention.sentence;
  }
  get assertion(): Assertion {
    return this.mention.assertion;
  }
  get field(): Field | undefined {
    return this.mention.sentence.field;
  }
  get region(): Span {
    return (this.found ??= this.wholeClause ? clauseAround(this.model, this.mention.sentence, this.mention.span.start) : regionAfter(this.model, this.mention, this.reach));
  }
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
export function fieldsWithKeys(fields: Field[], keys: string[] | undefined): Field[] {
  if (!keys || keys.length === 0) return [];
  let wanted = keySets.get(keys);
  if (!wanted) keySets.set(keys, (wanted = new Set(keys.map(keyOf))));
  return fields.filter((f) => wanted.has(keyOf(f.key)) && !isPlaceholder(f.value) && f.section.role !== 'history' && f.section.role !== 'technique');
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
  const all = fieldsWithKeys(fieldsToRead(ctx), fieldKeys);
  const fields = ctx.from ? all.filter((f) => f.keySpan.start >= ctx.from!) : all;
  let next = 0;
  const fieldPlace = (field: Field): Place | undefined => {
    const sentence = sentenceOfField(model, field);
    if (!sentence) return undefined;
    // A field read as its sentence when that sentence is the whole line (a reader may read the line).
    const origin = sentence.span.start <= field.keySpan.start && sentence.span.end >= field.valueSpan.end ? sentence.origin : undefined;
    return { span: field.keySpan, sentence, assertion: AFFIRMED, region: field.valueSpan, field, byKey: true, origin };
  };
  const matcher = anchors instanceof PhraseMatcher ? anchors : anchors?.length ? ctx.matcher(anchors) : undefined;
  if (matcher) {
    for (const m of mentionsToRead(ctx, matcher)) {
      while (next < fields.length && fields[next].keySpan.start <= m.span.start) {
        const p = fieldPlace(fields[next++]);
        if (p) yield p;
      }
      if (!documents(m)) continue;
      if (fields.some((f) => m.span.start >= f.lineSpan.start && m.span.end <= f.lineSpan.end)) continue;
      const f = m.sentence.field;
      const origin = !f || (m.sentence.span.start <= f.keySpan.start && m.sentence.span.end >= f.valueSpan.end) ? m.origin : undefined;
      yield new AnchorPlace(model, m, origin, reach, wholeClause);
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
  for (const m of mentionsToRead(ctx, matcher)) if (documentsAnswer(m) && m.assertion.negation !== 'negated') yield m;
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

const originReadings = new WeakMap<object, Map<object, { at: number; values: ElementValue[] }>>();

/**
 * The readings of an element at one place. A reading reads only its own
 * sentence, so they are kept under what the place was read as
 * (Place.origin): the unchanged sentences of an edited block, or an
 * identical sentence elsewhere, give the same readings, moved to where the
 * place now is. Each call gives readings with span objects of their own
 * (a block keeps them, and shifts them when it moves).
 */
export function readAt(place: Place, el: object, read: () => ElementValue[]): ElementValue[] {
  return readingsAt(place.origin, place.span.start, place.sentence, el, read);
}

/** readAt for a place given by its parts: `origin` what it was read as, if its readings are its sentence's. */
export function readingsAt(origin: object | undefined, at: number, sentence: Sentence, el: object, read: () => ElementValue[]): ElementValue[] {
  if (!origin) return read();
  let byOrigin = originReadings.get(origin);
  const same = byOrigin?.get(el);
  if (same) return same.values.map((v) => movedValue(v, at - same.at, sentence));
  const values = read();
  if (!byOrigin) originReadings.set(origin, (byOrigin = new Map()));
  byOrigin.set(el, { at, values: values.map((v) => movedValue(v, 0)) });
  return values;
}

/** Copies of readings whose span objects are new, each listed in `spans` (a block's own, which a move shifts). */
export function ownedReadings(values: ElementValue[], spans: Span[]): ElementValue[] {
  return values.map((v) => movedValue(v, 0, undefined, spans));
}

/** A reading moved by `by` characters (and into `sentence`, read in an identical one): its span and the spans inside it. */
function movedValue(v: ElementValue, by: number, sentence?: Sentence, owned?: Span[]): ElementValue {
  const move = (s: Span): Span => {
    const moved = { start: s.start + by, end: s.end + by };
    owned?.push(moved);
    return moved;
  };
  const out: ElementValue = { ...v, span: move(v.span) };
  if (sentence) out.sentence = sentence;
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
