import type { RE2JS } from 're2js';
import { ReportModel, Sentence } from './parser';
import { normalize } from './text';
import { Span } from './types';

/**
 * Phrase matching over a whole document: one compiled regular expression per
 * lexicon, run once over the normalised text, then each hit placed in its
 * sentence. Doing it per document rather than per sentence keeps a 1 MB draft
 * to a handful of linear scans.
 */

export interface PhraseEntry {
  id: string;
  patterns: string[];
}

export interface PhraseHit {
  id: string;
  span: Span;
}

const WORD_BEFORE = '(?<![a-z0-9])';
const WORD_AFTER = '(?![a-z0-9])';

let re2Module: typeof import('re2js') | undefined;

/**
 * re2js, loaded the first time a workspace pattern needs it: most sessions
 * have none, so a start does not load it (the bundles require it from a file
 * of its own, see esbuild.js).
 */
export function re2(): typeof import('re2js') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (re2Module ??= require('re2js') as typeof import('re2js'));
}

export class PhraseMatcher {
  private readonly regex?: RegExp;
  private readonly linear?: RE2JS;
  private readonly ids: string[];
  /** A union of matchers compiled apart (see union). */
  private readonly parts?: PhraseMatcher[];

  /**
   * `engine: 'linear'` runs the patterns in RE2 (re2js), whose matching time is
   * linear in the text whatever the pattern: the engine for patterns from a
   * workspace file, which we did not write and cannot vet by eye.
   */
  constructor(entries: PhraseEntry[], engine: 'backtracking' | 'linear' = 'backtracking', parts?: PhraseMatcher[]) {
    if (parts) {
      this.parts = parts;
      this.ids = [];
      return;
    }
    const alternatives: { id: string; source: string }[] = [];
    for (const e of entries) for (const p of e.patterns) alternatives.push({ id: e.id, source: p });
    // Longer patterns first, so "sarcomatoid renal cell carcinoma" wins over "renal cell carcinoma".
    alternatives.sort((a, b) => b.source.length - a.source.length);
    this.ids = alternatives.map((a) => a.id);
    const body = alternatives.map((a) => `(${a.source.replace(/(?<!\\)\((?!\?)/g, '(?:')})`).join('|');
    if (engine === 'linear') {
      // RE2 has no lookaround: the word boundary before is a consumed character (or the start), and the
      // one after is checked by hand, so the hit is the body group alone.
      this.linear = re2().RE2JS.compile(`(?:^|[^a-z0-9])(${body})(?:[^a-z0-9]|$)`);
    } else {
      this.regex = new RegExp(`${WORD_BEFORE}(?:${body})${WORD_AFTER}`, 'g');
    }
  }

  /**
   * Several matchers as one: their hits merged as one alternation would give
   * them (leftmost first, the longer of two at one place, none overlapping).
   * Each part is compiled once however many unions it is in: the answers
   * every element shares ("pending", "reported on the core biopsy") are one
   * regular expression, not one copy per element, which a start compiles.
   */
  static union(parts: PhraseMatcher[]): PhraseMatcher {
    return parts.length === 1 ? parts[0] : new PhraseMatcher([], 'backtracking', parts);
  }

  /** All non-overlapping hits in `norm` between `from` and `to`. */
  scan(norm: string, from = 0, to = norm.length): PhraseHit[] {
    if (this.parts) return this.scanParts(norm, from, to);
    if (this.linear) return this.scanLinear(norm, from, to);
    const hits: PhraseHit[] = [];
    const re = this.regex!;
    // Scan only the window: a search from `from` would otherwise run on to the
    // next hit, possibly the end of a long document, for every sentence.
    const whole = from === 0 && to === norm.length;
    const text = whole ? norm : norm.slice(Math.max(0, from - 1), to + 1);
    const base = whole ? 0 : Math.max(0, from - 1);
    re.lastIndex = whole ? 0 : from - base;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      const start = m.index + base;
      const end = start + m[0].length;
      if (start >= to || end > to) break;
      let g = 1;
      while (g < m.length && m[g] === undefined) g++;
      hits.push({ id: this.ids[g - 1], span: { start, end } });
      if (m[0].length === 0) re.lastIndex++;
    }
    return hits;
  }

  private scanParts(norm: string, from: number, to: number): PhraseHit[] {
    const all: PhraseHit[] = [];
    for (const p of this.parts!) for (const h of p.scan(norm, from, to)) all.push(h);
    if (all.length < 2) return all;
    all.sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
    const out: PhraseHit[] = [];
    let end = -1;
    for (const h of all) {
      if (h.span.start < end) continue;
      out.push(h);
      end = h.span.end > h.span.start ? h.span.end : h.span.start + 1;
    }
    return out;
  }

  private scanLinear(norm: string, from: number, to: number): PhraseHit[] {
    const hits: PhraseHit[] = [];
    const base = Math.max(0, from - 1);
    const text = norm.slice(base, Math.min(norm.length, to + 1));
    const m = this.linear!.matcher(text);
    const first = from - base;
    // Each match consumes the boundary characters either side of its body; the next search starts
    // at the body's end, so a separator can serve two neighbouring hits.
    let at = 0;
    while (at <= text.length && m.find(at)) {
      const s = m.start(1);
      const e = m.end(1);
      if (s < first || (s > 0 && isWordChar(text.charCodeAt(s - 1)))) {
        at = Math.max(at + 1, s);
        continue;
      }
      const start = s + base;
      const end = e + base;
      if (start >= to || end > to) break;
      let g = 2;
      while (g <= this.ids.length + 1 && m.group(g) === null) g++;
      hits.push({ id: this.ids[g - 2], span: { start, end } });
      at = e > s ? e : e + 1;
    }
    return hits;
  }

  test(norm: string, from = 0, to = norm.length): boolean {
    return this.scan(norm, from, to).length > 0;
  }
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

/** Compiles a plain list of patterns into one word-bounded matcher. */
export function listMatcher(patterns: string[], id = 'x', engine: 'backtracking' | 'linear' = 'backtracking'): PhraseMatcher {
  return new PhraseMatcher([{ id, patterns }], engine);
}

/**
 * Compiled matchers for pattern lists. A rule's or element's list is the same
 * array on every evaluation, so it is found by identity first, with no key
 * built; a list with the same patterns shares the matcher.
 */
export class MatcherCache {
  private readonly byList = new WeakMap<string[], PhraseMatcher>();
  private readonly byPatterns = new Map<string, PhraseMatcher>();
  /** Lists from a workspace file: compiled for the linear-time engine. */
  private readonly untrusted = new WeakSet<string[]>();

  isUntrusted(patterns: string[]): boolean {
    return this.untrusted.has(patterns);
  }

  /** Marks a list as coming from a workspace file, before its first use. */
  markUntrusted(patterns: string[]): void {
    this.untrusted.add(patterns);
  }

  get(patterns: string[]): PhraseMatcher {
    let m = this.byList.get(patterns);
    if (m) return m;
    const linear = this.untrusted.has(patterns);
    const key = (linear ? 'L\u0000' : 'B\u0000') + patterns.join('\u0000');
    m = this.byPatterns.get(key);
    if (!m) {
      m = listMatcher(patterns, 'x', linear ? 'linear' : 'backtracking');
      this.byPatterns.set(key, m);
    }
    this.byList.set(patterns, m);
    return m;
  }
}

/** Finds the index of the sentence containing each offset by binary search (sentences are in document order), or -1. */
export function sentenceNumber(sentences: Sentence[]): (offset: number) => number {
  return (offset: number) => {
    let lo = 0;
    let hi = sentences.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = sentences[mid].span;
      if (offset < s.start) hi = mid - 1;
      else if (offset >= s.end) lo = mid + 1;
      else return mid;
    }
    return -1;
  };
}

/** Finds the sentence containing each offset. */
export function sentenceIndex(model: ReportModel): (offset: number) => Sentence | undefined {
  const sentences = model.sentences;
  const number = sentenceNumber(sentences);
  return (offset: number) => {
    const i = number(offset);
    return i < 0 ? undefined : sentences[i];
  };
}

/** Escapes a literal spelling (such as "AE1/AE3" or "S-100 protein (S100)") for use in a pattern. */
export function escapeLiteral(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
}

/**
 * The normalised text of a span. Read from the span itself: an incrementally
 * assembled document builds its whole normalised text only on demand, and a
 * keystroke must not pay for that.
 */
export function normText(model: ReportModel, start: number, end: number): string {
  return normalize(model.text.slice(start, Math.max(start, end)));
}

/** Hits of a matcher between two offsets, read from that stretch's own normalised text (with a character either side for the word boundaries). */
export function scanSpan(model: ReportModel, matcher: PhraseMatcher, start: number, end: number): PhraseHit[] {
  if (end <= start) return [];
  const from = Math.max(0, start - 1);
  const to = Math.min(model.text.length, end + 1);
  const hits = matcher.scan(normalize(model.text.slice(from, to)), start - from, end - from);
  for (const h of hits) h.span = { start: h.span.start + from, end: h.span.end + from };
  return hits;
}
