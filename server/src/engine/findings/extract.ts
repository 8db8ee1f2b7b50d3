import { ReportModel, Sentence } from '../parser';
import { PhraseHit, PhraseMatcher, scanSpan, sentenceNumber } from '../match';
import type { MeasurementSubject } from '../kinds/types';
import { AT_LEAST, MEASURE, normalize, shiftSpan, UNIT, unitOf } from '../text';
import { Span } from '../types';
import { assess, contextWindow } from './assess';
import { extractIhc } from './ihc';
import { lexicon } from './lexicon';
import {
  FnclccComponent,
  Findings,
  GradeFinding,
  GradeSystem,
  LateralityFinding,
  MarginFinding,
  Mention,
  MitoticCountFinding,
  NecrosisFinding,
  Side,
  SizeFinding,
  VenousFinding,
  VenousStatus,
  Vessel,
} from './types';

/**
 * Report model → findings. Each vocabulary and anchor is scanned once over the
 * whole normalised text; each hit is read in the sentence it starts in, with
 * its assertion from the ConText classifier. Everything an extractor reads
 * besides those hits lies inside the sentence (give or take two characters),
 * so findings are computed sentence by sentence and can be reused for a
 * sentence that comes back unchanged (see SentenceMemo). Extractors keep every
 * mention, documenting or not: the checklist and the rules decide what counts.
 */
export function extractFindings(model: ReportModel): Findings {
  const out = emptyFindings();
  const hits = sentenceHits(model);
  const sentences = model.sentences;
  for (let i = 0; i < sentences.length; i++) appendFindings(out, findingsIn(model, sentences[i], hits[i] ?? NO_HITS));
  return out;
}

/**
 * The memo entry of each sentence of a model (entry i for model.sentences[i]):
 * computed for sentences the memo has not seen, reused for the rest. An
 * entry's findings are in the coordinates of entry.sentence; move them to
 * the sentence they are used for with moveMention.
 */
export function sentenceEntries(model: ReportModel, memo: SentenceMemo): SentenceEntry[] {
  const hits = sentenceHits(model);
  const sentences = model.sentences;
  const out: SentenceEntry[] = new Array(sentences.length);
  for (let i = 0; i < sentences.length; i++) out[i] = memo.entry(model, sentences[i], hits[i] ?? NO_HITS);
  return out;
}

export const emptyFindings = (): Findings => ({ histologicTypes: [], procedures: [], laterality: [], sizes: [], grades: [], fnclccComponents: [], mitoticCounts: [], necrosis: [], margins: [], venous: [], ihc: [], elements: [] });
export const FINDING_KEYS = Object.keys(emptyFindings()) as (keyof Findings)[];

function appendFindings(out: Findings, found: Findings): void {
  for (const k of FINDING_KEYS) {
    const from = found[k] as Mention[];
    if (from.length === 0) continue;
    const to = out[k] as Mention[];
    for (const m of from) to.push(m);
  }
}

/** The hits of the whole-text scans, per kind, that start in one sentence. */
export interface SentenceHits {
  types: PhraseHit[];
  procedures: PhraseHit[];
  sides: PhraseHit[];
  vessels: PhraseHit[];
  markers: PhraseHit[];
  grades: PhraseHit[];
  mitoses: PhraseHit[];
  necrosis: PhraseHit[];
}
const HIT_KINDS = ['types', 'procedures', 'sides', 'vessels', 'markers', 'grades', 'mitoses', 'necrosis'] as const;
const NONE: PhraseHit[] = [];
const NO_HITS: SentenceHits = { types: NONE, procedures: NONE, sides: NONE, vessels: NONE, markers: NONE, grades: NONE, mitoses: NONE, necrosis: NONE };

/**
 * Scans the whole normalised text once per vocabulary and anchor (a hit may
 * run past the end of its sentence, and the scan's position carries from one
 * hit to the next, so these scans are not cut at sentences), and sorts the
 * hits into the sentences they start in; hits outside every sentence are
 * dropped. Entry i is for model.sentences[i], undefined when it has none.
 */
function sentenceHits(model: ReportModel): (SentenceHits | undefined)[] {
  const lex = lexicon();
  const norm = model.norm;
  const scans: Record<(typeof HIT_KINDS)[number], PhraseHit[]> = {
    types: lex.types.scan(norm),
    procedures: lex.procedures.scan(norm),
    sides: lex.sides.scan(norm),
    vessels: lex.vessels.scan(norm),
    markers: lex.markerMatcher.scan(norm),
    grades: anchorHits(GRADE_ANCHOR, norm),
    mitoses: anchorHits(MITOSIS_ANCHOR, norm),
    necrosis: anchorHits(NECROSIS_ANCHOR, norm),
  };
  const out: (SentenceHits | undefined)[] = new Array(model.sentences.length);
  const at = sentenceNumber(model.sentences);
  for (const kind of HIT_KINDS) {
    for (const hit of scans[kind]) {
      const i = at(hit.span.start);
      if (i < 0) continue;
      let h = out[i];
      if (!h) out[i] = h = { ...NO_HITS };
      if (h[kind] === NONE) h[kind] = [];
      h[kind].push(hit);
    }
  }
  return out;
}

/** Matches of a global anchor pattern over the whole text, as hits named by their text. */
function anchorHits(re: RegExp, norm: string): PhraseHit[] {
  const out: PhraseHit[] = [];
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(norm)) !== null) out.push({ id: m[0], span: { start: m.index, end: m.index + m[0].length } });
  return out;
}

/** The findings of one sentence, from its hits. */
function findingsIn(model: ReportModel, sentence: Sentence, h: SentenceHits): Findings {
  const lex = lexicon();
  return {
    histologicTypes: entriesIn(model, sentence, h.types, lex.typeById, (e) => ({ group: e.group })),
    procedures: entriesIn(model, sentence, h.procedures, lex.procedureById, (e) => ({ category: e.category })),
    laterality: lateralityIn(model, sentence, h.sides),
    sizes: subjectMeasurements(model, sentence, lexicon().size),
    grades: gradesIn(model, sentence, h.grades),
    fnclccComponents: fnclccComponentsIn(model, sentence),
    mitoticCounts: mitosesIn(model, sentence, h.mitoses),
    necrosis: necrosisIn(model, sentence, h.necrosis),
    margins: marginsIn(model, sentence),
    venous: venousIn(model, sentence, h.vessels),
    ihc: h.markers.length ? extractIhc(model, sentence, h.markers) : [],
    elements: [],
  };
}

/**
 * Findings and pattern mentions per sentence, kept for sentences that come
 * back unchanged: typing into one sentence of a paragraph re-reads only that
 * sentence. A sentence's findings depend on its text and the two characters
 * either side (pattern windows look one character past their ends, a merged
 * marker two), on the key of the field it belongs to, and on the whole-text
 * hits that start in it; the key holds all of these, so a reused entry is
 * exactly what extraction would give. Entries are shifted to where the
 * sentence now is.
 */
export class SentenceMemo {
  // Two generations: entries used by the builds since the last turnover, and those used before it.
  // A lookup promotes an entry; a turnover, at the first lookup of a build, drops whatever the
  // previous build did not use, so the versions of a sentence being typed in die young.
  private current = new Map<string, SentenceEntry>();
  private previous = new Map<string, SentenceEntry>();
  private turnDue = false;

  /** Starts a build: the next lookup turns the generations over. */
  nextBuild(): void {
    this.turnDue = true;
  }

  /** The entry for a sentence, computed if no identical sentence has been read. */
  entry(model: ReportModel, sentence: Sentence, h: SentenceHits): SentenceEntry {
    if (this.turnDue) {
      this.turnDue = false;
      this.previous = this.current;
      this.current = new Map();
    }
    const key = sentenceKey(model, sentence, h);
    let entry = this.current.get(key);
    if (entry) return entry;
    entry = this.previous.get(key) ?? { sentence, findings: findingsIn(model, sentence, h), mentions: new Map() };
    this.current.set(key, entry);
    return entry;
  }
}

/**
 * The mentions of a matcher's patterns in a sentence read through a memo
 * entry, with their assertions; found once per entry and matcher, in the
 * coordinates of the sentence returned with them.
 */
export function mentionsIn(entry: SentenceEntry, model: ReportModel, sentence: Sentence, matcher: PhraseMatcher): MentionList {
  let got = entry.mentions.get(matcher);
  if (!got) {
    const list = scanSentence(model, sentence, matcher);
    got = list.length ? { sentence, list } : NO_MENTIONS;
    entry.mentions.set(matcher, got);
  }
  return got;
}

/** Mentions read in `sentence` (none: no sentence). */
export type MentionList = { sentence: Sentence; list: Mention[] } | { sentence: undefined; list: [] };
const NO_MENTIONS: MentionList = { sentence: undefined, list: [] };

export interface SentenceEntry {
  /** The sentence the findings were computed in (their spans are that sentence's). */
  sentence: Sentence;
  findings: Findings;
  mentions: Map<PhraseMatcher, MentionList>;
}

/** How far past a sentence (or a hit running past it) extraction reads. */
const CONTEXT_CHARS = 2;

function sentenceKey(model: ReportModel, sentence: Sentence, h: SentenceHits): string {
  const text = model.text;
  const { start, end } = sentence.span;
  let reach = end;
  for (const kind of HIT_KINDS) for (const hit of h[kind]) if (hit.span.end > reach) reach = hit.span.end;
  const from = Math.max(0, start - CONTEXT_CHARS);
  const to = Math.min(text.length, reach + CONTEXT_CHARS);
  // Joined, not concatenated: a key built with += is a tree of string pieces that the memo would keep.
  // The field key goes first with its length, and the text last with its length among the numbers,
  // so no two different sentences give the same key whatever characters they contain.
  const key = sentence.field?.key;
  const parts = [key === undefined ? '-' : `${key.length}:${key}`, `${start - from},${end - from},${to - from}`];
  HIT_KINDS.forEach((kind, k) => {
    for (const hit of h[kind]) parts.push(`${k}${hit.id}@${hit.span.start - from}-${hit.span.end - from}`);
  });
  parts.push(text.slice(from, to));
  return parts.join('\u0000');
}


/** A mention read in one sentence, moved to an identical sentence elsewhere. */
export function moveMention<T extends Mention>(m: T, from: Sentence, to: Sentence): T {
  const by = to.span.start - from.span.start;
  const moved = { ...m, span: shiftSpan(m.span, by), sentence: to };
  const withValue = moved as T & { valueSpan?: Span };
  if (withValue.valueSpan) withValue.valueSpan = shiftSpan(withValue.valueSpan, by);
  return moved;
}

/** Mentions of a matcher's patterns in one sentence, with their assertions. */
export function scanSentence(model: ReportModel, s: Sentence, matcher: PhraseMatcher): Mention[] {
  return matcher.scan(model.norm, s.span.start, s.span.end).map((hit) => ({ span: hit.span, sentence: s, assertion: assess(model, s, hit.span) }));
}

/** Hits of a vocabulary in a sentence, each with its assertion and the fields of its entry. */
function entriesIn<E extends { id: string; label: string }, F>(model: ReportModel, sentence: Sentence, hits: PhraseHit[], byId: Map<string, E>, fields: (e: E) => F) {
  const out: (Mention & { id: string; label: string } & F)[] = [];
  for (const hit of hits) {
    const entry = byId.get(hit.id);
    if (!entry) continue;
    out.push({ span: hit.span, sentence, assertion: assess(model, sentence, hit.span), id: entry.id, label: entry.label, ...fields(entry) });
  }
  return out;
}

/** The clause of a sentence around an offset: clauses end at ';' and at contrastive conjunctions. */
export function clauseAround(model: ReportModel, sentence: Sentence, offset: number): Span {
  // A bounded window of the sentence, from the text (not model.norm: an assembled
  // document builds its norm only on demand), so a run-on sentence costs no more.
  const w = contextWindow(model.text, sentence.span, { start: offset, end: offset }, CLAUSE_REACH);
  const s = normalize(model.text.slice(w.start, w.end));
  const rel = offset - w.start;
  const boundary = /;|,?\s(?:but|however|whereas|while|although)\s|\.\s/g;
  const raw = model.text.slice(w.start, w.end);
  let start = 0;
  let end = s.length;
  let m: RegExpExecArray | null;
  while ((m = boundary.exec(s)) !== null) {
    // The full stop of a dotted abbreviation ("E.R. positive", "P.R.") is not a clause's end; an initial's ("Dr L. Smith") is.
    if (m[0][0] === '.' && DOTTED_CAPITALS.test(raw.slice(Math.max(0, m.index - 3), m.index))) continue;
    if (m.index + m[0].length <= rel) start = m.index + m[0].length;
    else if (m.index >= rel) {
      end = m.index;
      break;
    }
  }
  return { start: w.start + start, end: w.start + end };
}

const CLAUSE_REACH = 300;
/** The three characters before a full stop: capitals with stops between them ("E.R", of "E.R."). */
const DOTTED_CAPITALS = /[A-Z]\.[A-Z]$/;

export function fieldKeyMatches(sentence: Sentence, keys: string[]): boolean {
  const f = sentence.field;
  if (!f) return false;
  const k = f.key.toLowerCase().replace(/\s+/g, ' ');
  return keys.some((key) => k === key || k.startsWith(key + ' ') || k.endsWith(' ' + key));
}

function lateralityIn(model: ReportModel, sentence: Sentence, hits: PhraseHit[]): LateralityFinding[] {
  if (hits.length === 0) return [];
  const lex = lexicon();
  const out: LateralityFinding[] = [];
  for (const hit of hits) {
    const m = { span: hit.span, sentence };
    if (!answerIsNear(model, m, lex.organs, lex.organReach, lex.lateralityFieldKeys)) continue;
    out.push({ span: hit.span, sentence, assertion: assess(model, sentence, hit.span), side: hit.id as Side });
  }
  return out;
}

/**
 * Whether an answer written in prose qualifies what its element is about: a
 * side word next to an organ word in its clause ("left kidney", "kidney,
 * right", not "left in place"), or any answer in one of the element's fields.
 * One test, for the element's reader and for the extractor the consistency
 * checks read.
 */
export function answerIsNear(model: ReportModel, m: { span: Span; sentence: Sentence }, near: PhraseMatcher, reach: number, fieldKeys: string[] | undefined): boolean {
  if (fieldKeys && fieldKeyMatches(m.sentence, fieldKeys)) return true;
  const clause = clauseAround(model, m.sentence, m.span.start);
  const from = Math.max(clause.start, m.span.start - reach);
  // A near word that is itself denied ("the peritoneal surface is not breached") does not place the answer.
  return scanSpan(model, near, from, Math.min(clause.end, m.span.end + reach)).some((h) => !DENIED_BEFORE.test(model.text.slice(Math.max(from, h.span.start - 12), h.span.start)));
}

const DENIED_BEFORE = /\b(?:not|no|never|without|un)[\s-]*$/i;

/**
 * Whether an anchor is followed (one word may come between) by words that
 * make it something else ("renal vein margin" is a margin). One test, for
 * the element's reader and for the extractor the consistency checks read.
 */
export function followedBy(model: ReportModel, anchor: { span: Span; sentence: Sentence }, words: PhraseMatcher): boolean {
  const end = Math.min(anchor.sentence.span.end, anchor.span.end + 30);
  const after = normalize(model.text.slice(anchor.span.end, end));
  const oneWord = /^\s*(?:[a-z0-9]+\s+)?/.exec(after)![0].length;
  // The follower must start right after the anchor, or after one word.
  return scanSpan(model, words, anchor.span.end, end).some((h) => {
    const at = h.span.start - anchor.span.end;
    return /^\s*$/.test(after.slice(0, at)) || at === oneWord;
  });
}

/**
 * Where an anchor's words end: before the first later anchor that `followers` make something else ("Tumour
 * thrombus in renal vein, renal vein margin grossly clear": the vein's words end where its margin's begin),
 * or at `end`. One rule, for the element's reader and for the extractor the consistency checks read.
 */
export function endBeforeOther(model: ReportModel, sentence: Sentence, anchors: PhraseHit[], from: number, end: number, followers: PhraseMatcher): number {
  const other = anchors.find((h) => h.span.start >= from && h.span.start < end && followedBy(model, { span: h.span, sentence }, followers));
  return other ? other.span.start : end;
}

/** A measurement's subject with its lists compiled (see kinds/types MeasurementSubject). */
export interface CompiledSubject {
  subject: PhraseMatcher;
  notBefore: PhraseMatcher;
  notAfter: PhraseMatcher;
  specimenBefore: PhraseMatcher;
  subjectAfter: PhraseMatcher;
  namedAgain?: PhraseMatcher;
  fieldKeys: string[];
}

export function compileSubject(s: MeasurementSubject, fieldKeys: string[], matcher: (patterns: string[]) => PhraseMatcher): CompiledSubject {
  return { subject: matcher(s.patterns), notBefore: matcher(s.notBefore), notAfter: matcher(s.notAfter), specimenBefore: matcher(s.specimenBefore), subjectAfter: matcher(s.subjectAfter), namedAgain: s.namedAgain?.length ? matcher(s.namedAgain) : undefined, fieldKeys };
}

/** A hit of the matcher that starts right at an offset (after spaces), within `reach`. */
function startsAt(model: ReportModel, m: PhraseMatcher, at: number, reach: number): boolean {
  const end = Math.min(model.text.length, at + reach);
  const gap = /^\s*/.exec(model.text.slice(at, end))![0].length;
  return scanSpan(model, m, at, end).some((h) => h.span.start === at + gap);
}

/** A hit of the matcher that ends right at an offset (before spaces), within `reach`. */
function endsAt(model: ReportModel, m: PhraseMatcher, at: number, reach: number): boolean {
  const start = Math.max(0, at - reach);
  const gap = /\s*$/.exec(model.text.slice(start, at))![0].length;
  return scanSpan(model, m, start, at).some((h) => h.span.end >= at - gap);
}

/**
 * The measurements of a subject in one sentence: "a 4.5 cm mass", "the
 * tumour measures 3.2 x 2.1 cm" (the greatest dimension), not "the specimen
 * measures 25 x 15 cm", "2 mm from the renal vein margin" or "a 5.0 x 2.5 cm
 * wedge of lung". The subject's data (the tumour size element's) says which.
 */
export function subjectMeasurements(model: ReportModel, sentence: Sentence, c: CompiledSubject): SizeFinding[] {
  const out: SizeFinding[] = [];
  const norm = normalize(model.text.slice(sentence.span.start, sentence.span.end));
  if (!/\d/.test(norm)) return out;
  let subject: boolean | undefined;
  let prevEnd = 0;
  // Whether the measurement before was another thing's: "two lymph nodes measuring 1.8 cm and 0.9 cm".
  let prevOther = false;
  MEASURE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = MEASURE.exec(norm)) !== null) {
    const unit = unitOf(m[6]);
    const dims = [m[1], m[3], m[5]].filter((d): d is string => d !== undefined).map(Number);
    const greatestCm = Math.max(...dims) / (unit === 'mm' ? 10 : 1);
    const lead = { start: sentence.span.start + prevEnd, end: sentence.span.start + m.index };
    const after = sentence.span.start + m.index + m[0].length;
    const listed = prevEnd > 0 && LIST_JOIN.test(norm.slice(prevEnd, m.index));
    prevEnd = m.index + m[0].length;
    const other: boolean =
      // A distance, or a measured piece of specimen.
      startsAt(model, c.notAfter, after, 30) ||
      // The next in a list of another thing's measurements.
      (listed && prevOther) ||
      // Another thing measured since the last measurement: "the specimen measures", "lymph node"; unless the
      // subject is named again after a semicolon ("20% of tumour bed; estimated viable tumour size 0.9 cm").
      otherBefore(model, c, lead) ||
      // "Sigmoid colon, 24 cm, with a tumour": the organ or specimen just named, unless the tumour's name follows.
      (endsAt(model, c.specimenBefore, lead.end, Math.min(40, lead.end - lead.start)) && !startsAt(model, c.subjectAfter, after, 30));
    prevOther = other;
    if (other) continue;
    if (subject === undefined) subject = fieldKeyMatches(sentence, c.fieldKeys) || scanSpan(model, c.subject, sentence.span.start, sentence.span.end).length > 0;
    if (!subject) continue;
    const span = { start: sentence.span.start + m.index, end: after };
    // "At least 3 cm": a lower bound (a fragmented or incompletely excised tumour).
    const atLeast = AT_LEAST.test(norm.slice(Math.max(0, m.index - 20), m.index));
    out.push({ span, sentence, assertion: assess(model, sentence, span), greatestCm, ...(atLeast ? { atLeast } : {}) });
  }
  return out;
}

function otherBefore(model: ReportModel, c: CompiledSubject, lead: Span): boolean {
  const others = scanSpan(model, c.notBefore, lead.start, lead.end);
  if (others.length === 0) return false;
  if (!c.namedAgain) return true;
  const semicolon = model.text.indexOf(';', others[others.length - 1].span.end);
  return semicolon < 0 || semicolon >= lead.end || scanSpan(model, c.namedAgain, semicolon + 1, lead.end).length === 0;
}

/** What joins measurements of one list: "1.8 cm and 0.9 cm", "1.8 cm, 0.9 cm". */
const LIST_JOIN = /^\s*(?:,|and|or|&|,\s*and)\s*$/;

const GRADE_ANCHOR = /(?<![a-z0-9])(?:grade|grading|g(?=[1-4x](?![a-z0-9])))(?![a-z])/g;
const SYSTEM_WORDS: [RegExp, GradeSystem][] = [
  [/fnclcc|french federation|federation nationale/g, 'fnclcc'],
  [/who\s*\/\s*isup|isup|nucleolar/g, 'who-isup'],
  [/fuhrman/g, 'fuhrman'],
];
const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };

function gradesIn(model: ReportModel, sentence: Sentence, anchors: PhraseHit[]): GradeFinding[] {
  const out: GradeFinding[] = [];
  const norm = model.norm;
  for (const hit of anchors) {
    const m = { index: hit.span.start, 0: hit.id };
    const anchorEnd = hit.span.end;
    const rest = norm.slice(anchorEnd, Math.min(sentence.span.end, anchorEnd + 40));
    const lead = norm.slice(Math.max(sentence.span.start, m.index - 20), m.index);
    let value: number | undefined;
    let tier: GradeFinding['tier'];
    let cannotAssess = false;
    let valueEnd = anchorEnd;
    const v = /^\s*(?:\([^)]{0,30}\))?\s*(?:[:=-]|is|of)?\s*(?:(?:fnclcc|who\/isup|isup|fuhrman)\s*)?(?:(\d)(?![0-9]|\.[0-9])(?:\s*(?:of|\/)\s*[34])?|(iv|iii|ii|i)(?![a-z])|g([1-4])(?![0-9])|(low|intermediate|high)|(cannot|can ?not|not (?:assessed|applicable|determined|graded)|ungraded|n\/a(?![a-z])|x(?![a-z])|pending|deferred|to follow))/.exec(rest);
    if (m[0] === 'g') {
      const d = /^([1-4x])/.exec(rest);
      if (!d) continue;
      if (d[1] === 'x') cannotAssess = true;
      else value = Number(d[1]);
      valueEnd = anchorEnd + 1;
    } else if (v) {
      if (v[1]) value = Number(v[1]);
      else if (v[2]) value = ROMAN[v[2]];
      else if (v[3]) value = Number(v[3]);
      else if (v[4]) tier = v[4] as GradeFinding['tier'];
      else if (v[5]) cannotAssess = true;
      valueEnd = anchorEnd + v[0].length;
    } else {
      const t = /(low|intermediate|high)[\s-]*$/.exec(lead);
      if (!t) continue;
      tier = t[1] as GradeFinding['tier'];
    }
    // "high-grade" before "grade" in prose: the tier precedes the anchor.
    if (value === undefined && tier === undefined && !cannotAssess) continue;
    // The system word nearest the grade, within a bounded reach of it.
    const w = contextWindow(model.text, sentence.span, { start: m.index, end: anchorEnd }, 200);
    const sNorm = norm.slice(w.start, w.end);
    let system: GradeSystem = 'unspecified';
    let best = Infinity;
    for (const [g, sys] of SYSTEM_WORDS) {
      g.lastIndex = 0;
      let sm: RegExpExecArray | null;
      while ((sm = g.exec(sNorm)) !== null) {
        const d = Math.abs(w.start + sm.index - m.index);
        if (d < best) {
          best = d;
          system = sys;
        }
      }
    }
    // The grade as written, with its system name when it comes right before ("WHO/ISUP grade 2").
    const prefix = /(?:(?:fnclcc|who\s*\/\s*isup|isup|fuhrman|french federation)\s+)?(?:(?:histologic(?:al)?|nuclear|nucleolar|tumou?r)\s+)?$/.exec(lead);
    const span = { start: m.index - (prefix ? prefix[0].length : 0), end: valueEnd };
    const valueSpan = { start: m.index, end: valueEnd };
    out.push({ span, valueSpan, sentence, assertion: assess(model, sentence, valueSpan), system, value, tier, cannotAssess });
  }
  return out;
}

/**
 * FNCLCC component scores as reports write them: "Differentiation score: 2",
 * "mitotic score 3", "(differentiation 2, mitoses 2, necrosis 1 = total 5)",
 * "total score 6", "2 + 2 + 1 = 5". A number that is a count or an extent
 * ("mitoses 15 per 10 HPF", "necrosis 30%") is not a score, nor is a number
 * outside the component's range.
 */
const COMPONENT_SCORE = /(?<![a-z])(differentiation|mito(?:ses|sis|tic)|necros[ie]s|total|sum|score)(?:\s+score)?\s*(?:\(\s*)?(?:of\s+|is\s+|[:=]\s*)?(\d)(?![0-9]|\.[0-9]|\s*(?:%|\/|per(?![a-z])|x(?![a-z])|hpf|mm|cm|millim|centim|high|mitos|cells?|fields?|sections?))/g;
const SUM_TOTAL = /\d\s*\+\s*\d\s*\+\s*\d\s*=\s*(\d)(?![0-9])/g;
const COMPONENT_WORDS: [RegExp, FnclccComponent][] = [
  [/differentiation/g, 'differentiation'],
  [/mito\w*/g, 'mitotic'],
  [/necros\w*/g, 'necrosis'],
  [/total|fnclcc score|sum/g, 'total'],
];
const SCORE_RANGE: Record<FnclccComponent, [number, number]> = { differentiation: [1, 3], mitotic: [1, 3], necrosis: [0, 2], total: [2, 8] };

function componentOf(word: string): FnclccComponent | undefined {
  if (word === 'differentiation') return 'differentiation';
  if (word.startsWith('mito')) return 'mitotic';
  if (word.startsWith('necros')) return 'necrosis';
  if (word === 'total' || word === 'sum') return 'total';
  return undefined;
}

/** For a bare "score N": the nearest component word before it. */
function componentBefore(norm: string, at: number): FnclccComponent | undefined {
  let component: FnclccComponent | undefined;
  let nearest = -1;
  for (const [re, c] of COMPONENT_WORDS) {
    re.lastIndex = Math.max(0, at - 120);
    let w: RegExpExecArray | null;
    while ((w = re.exec(norm)) !== null && w.index < at) {
      if (w.index > nearest) {
        nearest = w.index;
        component = c;
      }
    }
  }
  return component;
}

function fnclccComponentsIn(model: ReportModel, sentence: Sentence) {
  const out: Findings['fnclccComponents'] = [];
  const norm = model.norm.slice(sentence.span.start, sentence.span.end);
  // Component scores are written beside the word "score", the differentiation score, or a sum.
  if (!/score|differentiation|\+/.test(norm)) return out;
  const push = (component: FnclccComponent, score: number, index: number, length: number) => {
    const [lo, hi] = SCORE_RANGE[component];
    if (score < lo || score > hi) return;
    const span = { start: sentence.span.start + index, end: sentence.span.start + index + length };
    out.push({ span, sentence, assertion: assess(model, sentence, span), component, score });
  };
  COMPONENT_SCORE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = COMPONENT_SCORE.exec(norm)) !== null) {
    const component = componentOf(m[1]) ?? componentBefore(norm, m.index);
    if (component) push(component, Number(m[2]), m.index, m[0].length);
  }
  SUM_TOTAL.lastIndex = 0;
  while ((m = SUM_TOTAL.exec(norm)) !== null) push('total', Number(m[1]), m.index, m[0].length);
  return out;
}

const MITOSIS_ANCHOR = /(?<![a-z])(?:mitos[ie]s|mitotic|mitotically|mitoses)(?![a-z])/g;
const MITOTIC_COUNT = /(\d+)\s*(?:mitos[ie]s|mitotic figures|mitotic|mf|mitotic figures)?\s*(?:\/|per)\s*(\d+)\s*(?:hpf|high[- ]power fields?|hpfs)|(?:count|rate|index|activity)\s*(?:of\s*|[:=]\s*|is\s*)?(\d+)(?![0-9.%])/;

/** One finding per sentence, at its first anchor. */
function mitosesIn(model: ReportModel, sentence: Sentence, anchors: PhraseHit[]): MitoticCountFinding[] {
  if (anchors.length === 0) return [];
  const first = anchors[0];
  const norm = model.norm.slice(sentence.span.start, sentence.span.end);
  // "Mitotic score: 2" alone is an FNCLCC component, read elsewhere; it still states the count's score.
  const c = MITOTIC_COUNT.exec(norm);
  let per10Hpf: number | undefined;
  if (c && c[1] !== undefined) per10Hpf = (Number(c[1]) * 10) / Number(c[2]);
  else if (c && c[3] !== undefined) per10Hpf = Number(c[3]);
  const span = { start: first.span.start, end: first.span.end };
  return [{ span, sentence, assertion: assess(model, sentence, span), per10Hpf }];
}

const NECROSIS_ANCHOR = /(?<![a-z])(?:necros[ie]s|necrotic)(?![a-z])/g;

function necrosisIn(model: ReportModel, sentence: Sentence, anchors: PhraseHit[]): NecrosisFinding[] {
  const out: NecrosisFinding[] = [];
  for (const hit of anchors) {
    const m = { index: hit.span.start };
    const span = { start: hit.span.start, end: hit.span.end };
    const assertion = assess(model, sentence, span);
    const lead = model.norm.slice(Math.max(sentence.span.start, m.index - 4), m.index);
    const negated = assertion.negation === 'negated' || /non-?$/.test(lead);
    const clause = clauseAround(model, sentence, m.index);
    const text = model.norm.slice(clause.start, clause.end);
    let extent: NecrosisFinding['extent'] = negated ? 'none' : undefined;
    let percent: number | undefined;
    const pct = /(\d+(?:\.\d+)?)\s*%/.exec(text);
    if (!negated) {
      if (/(?:<|less than|under|below)\s*50\s*%/.test(text)) extent = 'lt50';
      else if (/(?:>=?|\u2265|greater than|more than|at least|over)\s*50\s*%/.test(text)) extent = 'ge50';
      else if (pct) {
        percent = Number(pct[1]);
        extent = percent >= 50 ? 'ge50' : percent > 0 ? 'lt50' : 'none';
      }
    }
    out.push({ span, sentence, assertion: negated ? { ...assertion, negation: 'negated' } : assertion, present: !negated, percent, extent });
  }
  return out;
}

/** A distance from a margin ("6 cm from distal margin", "3 mm from the inked deep margin"): its clearance. */
const CLEARANCE = new RegExp(String.raw`(\d+(?:\.\d+)?)\s*(${UNIT})\s+(?:away\s+)?from\s+(?:the\s+)?(?:[a-z-]+\s+){0,2}margin`);
/** A distance in a margin's clause. */
const DISTANCE = new RegExp(String.raw`(\d+(?:\.\d+)?)\s*(${UNIT})(?![a-z])`);

function marginsIn(model: ReportModel, sentence: Sentence): MarginFinding[] {
  const lex = lexicon();
  const out: MarginFinding[] = [];
  const s = sentence.span;
  const mentions = lex.marginMention.scan(model.norm, s.start, s.end);
  const isMarginField = fieldKeyMatches(sentence, lex.marginFieldKeys);
  if (mentions.length === 0 && !isMarginField) return out;
  // One finding per clause: "the renal vein margin is positive; all other margins are negative" is two statements.
  const clauses = new Map<number, Span>();
  for (const h of mentions) {
    const c = clauseAround(model, sentence, h.span.start);
    if (!clauses.has(c.start)) clauses.set(c.start, c);
  }
  if (clauses.size === 0) clauses.set(s.start, s);
  for (const clause of clauses.values()) {
    const text = model.norm.slice(clause.start, clause.end);
    const anchor = mentions.find((h) => h.span.start >= clause.start && h.span.start < clause.end)?.span ?? clause;
    const assertion = assess(model, sentence, anchor);
    const negHits = lex.marginNegative.scan(model.norm, clause.start, clause.end);
    // "Residual tumour 2.8 cm, 6 cm from distal margin": a distance from the margin is its clearance, not tumour at it.
    const clearance = CLEARANCE.exec(text);
    const posHits = clearance
      ? []
      : lex.marginPositive
          .scan(model.norm, clause.start, clause.end)
          .filter((p) => !negHits.some((n) => n.span.start < p.span.end && p.span.start < n.span.end))
          .filter((p) => !/(?:no|not|without|free of)\s+(?:\w+\s+){0,2}$/.test(model.norm.slice(Math.max(clause.start, p.span.start - 25), p.span.start)));
    const r = /(?<![a-z0-9])r([0-2])(?![a-z0-9])/.exec(text);
    const rClass = r ? (`R${r[1]}` as MarginFinding['rClass']) : undefined;
    let status: MarginFinding['status'];
    if (lex.marginCannot.test(model.norm, clause.start, clause.end)) status = 'cannot-assess';
    else if (rClass) status = rClass === 'R0' ? 'negative' : 'positive';
    else if (posHits.length > 0 && assertion.negation !== 'negated') status = 'positive';
    else if (negHits.length > 0 || assertion.negation === 'negated') status = 'negative';
    let distanceMm: number | undefined;
    const d = clearance ?? DISTANCE.exec(text);
    if (d && /from|distance|closest|clearance|away|nearest|to (?:the )?(?:\w+ )?margin/.test(text)) {
      distanceMm = Number(d[1]) * (unitOf(d[2]) === 'cm' ? 10 : 1);
      if (!status) status = 'negative';
    }
    if (!status && distanceMm === undefined) continue;
    out.push({ span: anchor, sentence, assertion, status, rClass, distanceMm });
  }
  return out;
}

function venousIn(model: ReportModel, sentence: Sentence, hits: PhraseHit[]): VenousFinding[] {
  if (hits.length === 0) return [];
  const lex = lexicon();
  const out: VenousFinding[] = [];
  const f = sentence.field;
  for (const hit of hits) {
    // "renal vein margin" speaks of a margin, not of the vein's involvement.
    if (followedBy(model, { span: hit.span, sentence }, lex.vesselFollowers)) continue;
    // A key that names the vessels over a value that names them again ("Renal vein / IVC involvement: Renal vein
    // involved; IVC not involved", the template's own line): the value's vessels speak, not the key's.
    if (f && hit.span.end <= f.keySpan.end && hits.some((h) => h.span.start >= f.valueSpan.start && h.id === hit.id)) continue;
    const whole = clauseAround(model, sentence, hit.span.start);
    const clause = { start: whole.start, end: endBeforeOther(model, sentence, hits, hit.span.end, whole.end, lex.vesselFollowers) };
    const assertion = assess(model, sentence, hit.span);
    let status: VenousStatus | undefined;
    if (lex.venousCannot.test(model.norm, clause.start, clause.end)) status = 'cannot-assess';
    else if (assertion.negation === 'negated' || lex.venousNotInvolved.test(model.norm, clause.start, clause.end)) status = 'not-involved';
    else if (lex.venousInvolved.test(model.norm, clause.start, clause.end) || hit.id === 'venous' && /thromb/.test(model.norm.slice(hit.span.start, hit.span.end))) {
      status = assertion.negation === 'possible' ? 'possible' : 'involved';
    }
    if (!status) continue;
    out.push({ span: hit.span, sentence, assertion, vessel: hit.id as Vessel, status });
  }
  return out;
}

