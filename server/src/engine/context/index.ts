import lexiconData from '../../data/context-lexicon.json';
import { builtinData, validateKnowledge } from '../knowledge/validate';
import { normalize } from '../text';
import { Assertion, Span } from '../types';

/**
 * ConText-style assertion (Harkema et al. 2009, building on NegEx, Chapman et
 * al. 2001): trigger terms found in a sentence change the negation,
 * temporality or experiencer of the findings in their scope. A forward
 * trigger's scope runs to the right, a backward trigger's to the left; a scope
 * ends at a termination term, and a negation's also at an affirmation
 * ("negative for X and positive for Y"). Where several triggers of one axis
 * reach a finding, the nearest wins. A bridge term ("to indicate",
 * "suggestive of") inside a negation's scope carries the negation on: in "no
 * enhancing tissue in the renal vein to indicate tumor thrombus" the thrombus
 * is negated, as ConText's sentence-long scopes would have it.
 */

type Category = 'negated' | 'possible' | 'historical' | 'hypothetical' | 'other' | 'pseudo' | 'termination' | 'affirmation' | 'bridge';
type Direction = 'forward' | 'backward' | 'both';

interface LexiconFile {
  windows: { negatedForward: number; backward: number };
  negatingPrefixes?: { prefixes: string[]; source: string };
  triggers: { category: Category; direction: Direction; source: string; phrases: string[] }[];
}

interface Trigger {
  start: number;
  end: number;
  roles: { category: Category; direction: Direction }[];
}

export interface ContextLexicon {
  regex: RegExp;
  /** A negating prefix joined to the word the finding starts with ("non-ulcerated"), at the end of the text before it. */
  prefix?: RegExp;
  roles: Map<string, { category: Category; direction: Direction }[]>;
  windows: LexiconFile['windows'];
}

let builtin: ContextLexicon | undefined;

function compile(files: LexiconFile[]): ContextLexicon {
  const roles = new Map<string, { category: Category; direction: Direction }[]>();
  for (const f of files) {
    for (const t of f.triggers) {
      for (const p of t.phrases) {
        const key = normalize(p).replace(/\s+/g, ' ').trim();
        const list = roles.get(key) ?? [];
        if (!list.some((r) => r.category === t.category && r.direction === t.direction)) list.push({ category: t.category, direction: t.direction });
        roles.set(key, list);
      }
    }
  }
  // Longest phrase first, so "no evidence of" wins over "no", and "not involved" over "not".
  const phrases = [...roles.keys()].sort((a, b) => b.length - a.length);
  // Word boundaries only where a phrase begins or ends with a word character (";" has none).
  // Consecutive phrases that begin with one share a single look-behind: (?<!w)(?:a|b) matches
  // exactly what (?<!w)a|(?<!w)b does, alternatives in the same order, but V8 tests the
  // look-behind once per position instead of once per phrase (ten times faster on a report).
  const parts: string[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length) parts.push(`(?<![a-z0-9])(?:${run.join('|')})`);
    run = [];
  };
  for (const p of phrases) {
    const body = `${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')}${/[a-z0-9]$/.test(p) ? '(?![a-z0-9])' : ''}`;
    if (/^[a-z0-9]/.test(p)) run.push(body);
    else {
      flush();
      parts.push(body);
    }
  }
  flush();
  const prefixes = [...new Set(files.flatMap((f) => f.negatingPrefixes?.prefixes ?? []))];
  const prefix = prefixes.length ? new RegExp(`(?<![a-z0-9])(?:${prefixes.join('|')})[- ]$`) : undefined;
  return { regex: new RegExp(parts.join('|'), 'g'), roles, windows: files[files.length - 1].windows, prefix };
}

/** The built-in lexicon, validated once; a user lexicon of the same shape adds triggers to it. */
export function loadContextLexicon(extra?: { data: unknown; file: string }): ContextLexicon {
  if (!extra && builtin) return builtin;
  const base = builtinData<LexiconFile>('contextLexicon', lexiconData);
  if (!extra) return (builtin = compile([base]));
  const user = validateKnowledge<LexiconFile>('contextLexicon', extra.data, extra.file);
  return compile([base, user]);
}

// A sentence is usually asked about several findings in a row: keep its triggers.
const recent = new Map<string, Trigger[]>();
const RECENT_MAX = 512;

function triggersOf(lex: ContextLexicon, norm: string): Trigger[] {
  const hit = lex === builtin ? recent.get(norm) : undefined;
  if (hit) return hit;
  const out: Trigger[] = [];
  lex.regex.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = lex.regex.exec(norm)) !== null) {
    const start = m.index;
    const end = start + m[0].length;
    // A trigger may begin inside the one before it: in "necrosis is not identified" the forward
    // "is not" and the backward "not identified" both speak. Look again one character on, and keep
    // what is not wholly inside an earlier trigger ("no" inside "no evidence of").
    lex.regex.lastIndex = start + 1;
    if (out.length > 0 && end <= out[out.length - 1].end) continue;
    const roles = lex.roles.get(m[0].replace(/\s+/g, ' '));
    if (roles) out.push({ start, end, roles });
  }
  if (lex === builtin) {
    if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value as string);
    recent.set(norm, out);
  }
  return out;
}

function wordsBetween(norm: string, from: number, to: number): number {
  const m = norm.slice(from, to).match(/[a-z0-9]+/g);
  return m ? m.length : 0;
}

const AXIS: Record<string, 'negation' | 'temporality' | 'experiencer' | undefined> = {
  negated: 'negation',
  possible: 'negation',
  historical: 'temporality',
  hypothetical: 'temporality',
  other: 'experiencer',
};

// The findings of one sentence are classified one after another, usually in the same window:
// the last window's normalised text and triggers are kept (compared by value, so always exact).
let lastSentence: string | undefined;
let lastLex: ContextLexicon | undefined;
let lastNorm = '';
let lastTriggers: Trigger[] = [];

export function classifyAssertion(sentence: string, target: Span, lex: ContextLexicon = loadContextLexicon()): Assertion {
  if (sentence !== lastSentence || lex !== lastLex) {
    lastNorm = normalize(sentence);
    lastTriggers = triggersOf(lex, lastNorm);
    lastSentence = sentence;
    lastLex = lex;
  }
  const norm = lastNorm;
  const triggers = lastTriggers;
  const best: Record<'negation' | 'temporality' | 'experiencer', { category: Category; distance: number } | undefined> = { negation: undefined, temporality: undefined, experiencer: undefined };
  const breaks = (from: number, to: number, category: Category, backward: boolean): boolean => {
    for (const t of triggers) {
      if (t.start < from || t.end > to) continue;
      for (const r of t.roles) {
        if (r.category === 'termination') return true;
        if (r.category === 'affirmation' && category === 'negated') return true;
      }
    }
    // A backward trigger speaks of the phrase just before it: a comma ends its reach.
    return backward && norm.slice(from, to).includes(',');
  };
  for (const t of triggers) {
    if (t.start < target.end && target.start < t.end) continue;
    if (t.roles.some((r) => r.category === 'pseudo')) continue;
    for (const r of t.roles) {
      const axis = AXIS[r.category];
      if (!axis) continue;
      let distance: number | undefined;
      if (t.end <= target.start && (r.direction === 'forward' || r.direction === 'both')) {
        if (breaks(t.end, target.start, r.category, false)) continue;
        if (r.category === 'negated' && wordsBetween(norm, t.end, target.start) > lex.windows.negatedForward) continue;
        distance = target.start - t.end;
      } else if (t.start >= target.end && (r.direction === 'backward' || r.direction === 'both')) {
        if (breaks(target.end, t.start, r.category, true)) continue;
        if (wordsBetween(norm, target.end, t.start) > lex.windows.backward) continue;
        distance = t.start - target.end;
      }
      if (distance === undefined) continue;
      const current = best[axis];
      if (!current || distance < current.distance) best[axis] = { category: r.category, distance };
    }
  }
  if (best.negation?.category !== 'negated' && negatedThroughBridge(lex, norm, triggers, target, breaks)) best.negation = { category: 'negated', distance: 0 };
  // "non-ulcerated", "non-invasive": the prefix negates the word it is joined to, whatever else is in scope. Only a
  // one-word finding is that word: "non-sentinel lymph nodes" are lymph nodes, not their absence.
  if (lex.prefix?.test(norm.slice(Math.max(0, target.start - 12), target.start)) && /^[a-z0-9]+$/.test(norm.slice(target.start, target.end))) best.negation = { category: 'negated', distance: 0 };
  return {
    negation: (best.negation?.category as 'negated' | 'possible' | undefined) ?? 'affirmed',
    temporality: (best.temporality?.category as 'historical' | 'hypothetical' | undefined) ?? 'recent',
    experiencer: best.experiencer ? 'other' : 'patient',
  };
}

/** How far a negation reaches to a bridge term: ConText's scope is the sentence; the clause's terminations still stop it. */
const BRIDGE_REACH_WORDS = 16;

function negatedThroughBridge(lex: ContextLexicon, norm: string, triggers: Trigger[], target: Span, breaks: (from: number, to: number, category: Category, backward: boolean) => boolean): boolean {
  for (const b of triggers) {
    if (b.end > target.start || !b.roles.some((r) => r.category === 'bridge')) continue;
    if (breaks(b.end, target.start, 'negated', false) || wordsBetween(norm, b.end, target.start) > lex.windows.negatedForward) continue;
    for (const n of triggers) {
      if (n.end > b.start || !n.roles.some((r) => r.category === 'negated' && r.direction !== 'backward')) continue;
      // A comma ends the carried negation: "without contrast, the mass is suspicious for RCC".
      if (breaks(n.end, b.start, 'negated', false) || norm.slice(n.end, b.start).includes(',') || wordsBetween(norm, n.end, b.start) > BRIDGE_REACH_WORDS) continue;
      return true;
    }
  }
  return false;
}

/** Classifies a target given as text: its first case-insensitive occurrence in the sentence. */
export function classifyTarget(sentence: string, targetText: string): Assertion | undefined {
  const norm = normalize(sentence);
  const t = normalize(targetText).trim();
  if (!t) return undefined;
  const at = norm.indexOf(t);
  if (at < 0) return undefined;
  return classifyAssertion(sentence, { start: at, end: at + t.length });
}

/**
 * The `synoptic context` command: JSON lines {"sentence", "target"} in, one
 * JSON line out per input line. Errors never quote the input, which is
 * report text.
 */
export function runContextLines(input: string): string {
  const out: string[] = [];
  let n = 0;
  for (const raw of input.split(/\r?\n/)) {
    if (!raw.trim()) continue;
    n++;
    let item: unknown;
    try {
      item = JSON.parse(raw);
    } catch {
      out.push(JSON.stringify({ error: `line ${n}: not valid JSON; expected {"sentence": "...", "target": "..."}` }));
      continue;
    }
    const { sentence, target } = (item ?? {}) as { sentence?: unknown; target?: unknown };
    if (typeof sentence !== 'string' || typeof target !== 'string') {
      out.push(JSON.stringify({ error: `line ${n}: "sentence" and "target" must both be strings` }));
      continue;
    }
    const a = classifyTarget(sentence, target);
    out.push(JSON.stringify(a ?? { error: `line ${n}: the target does not occur in the sentence` }));
  }
  return out.length ? out.join('\n') + '\n' : '';
}
