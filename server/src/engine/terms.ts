import termsData from '../data/terms.json';
import { builtinData as trusted, KnowledgeError, validateKnowledge } from './knowledge/validate';
import { normalize } from './text';
import { Span } from './types';

/**
 * Terminology for hovers: which term a spelling under the cursor names, and
 * the markdown that explains it. Pure: no LSP, no file system. The server
 * reads a user's terms file and hands its parsed content to `loadTerms`.
 */

export type TermCategory = 'marker' | 'entity' | 'grading' | 'margin' | 'staging' | 'vascular' | 'radiology' | 'procedure' | 'finding';

export interface TermValue {
  value: string;
  meaning: string;
}

export interface TermDifferential {
  /** What a positive result means for the renal spindle cell differential. */
  positive?: string;
  /** What a negative result means. */
  negative?: string;
  /** Differential point that is not a marker result (for entities and findings). */
  note?: string;
}

export interface Term {
  id: string;
  label: string;
  category: TermCategory;
  /** Every spelling a report uses; matched case-insensitively as whole words. */
  synonyms: string[];
  /** Spellings from `synonyms` matched only in exactly this case ("pT", "ER"). */
  exactCase?: string[];
  definition: string;
  differential?: TermDifferential;
  /** How a grade or score is derived, one step per item. */
  derivation?: string[];
  values?: TermValue[];
  prognosis?: string[];
  /** Ids of related terms. */
  related?: string[];
  /** Short citation: "seed", "CAP soft tissue protocol", "AJCC 8th", ... */
  source: string;
}

export interface TermsFile {
  $comment?: string;
  $schema?: string;
  source?: string;
  terms: Term[];
}

export interface TermHit {
  term: Term;
  /** Half-open offsets of the matched spelling in the text passed to termAt. */
  span: Span;
}

export interface TermRenderContext {
  /** The spelling under the cursor; shown when it differs from the label. */
  matched?: string;
  /** A marker result written next to the term: that line of the differential is put first and marked. */
  result?: 'positive' | 'negative';
  /** Base used to name related terms (default: the built-in terms). */
  base?: TermBase;
}

const BUILTIN_FILE = 'built-in terms.json';

// ---------------------------------------------------------------------------
// Character classes and folding

const WORD = /[\p{L}\p{N}]/u;
const LOWER_OR_DIGIT = /[\p{Ll}\p{N}]/u;
const SPACE = /\s/;

function isWord(ch: string | undefined): boolean {
  return ch !== undefined && WORD.test(ch);
}
function isUpper(ch: string | undefined): boolean {
  return ch !== undefined && ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}
function isLowerOrDigit(ch: string | undefined): boolean {
  return ch !== undefined && LOWER_OR_DIGIT.test(ch);
}

/**
 * Typographic folding that keeps case: the same substitutions as `normalize`
 * (dashes, minus, spaces, quotes), but letters keep their case. Same length as
 * the input, so offsets carry over.
 */
function foldKeepCase(text: string): string {
  const norm = normalize(text);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const n = norm[i];
    out += n === c.toLowerCase() ? c : n;
  }
  return out;
}

/** Lookup key of a spelling: folded, runs of white space as one space, trimmed. */
function caseFreeKey(s: string): string {
  return normalize(s).replace(/\s+/g, ' ').trim();
}
function exactKey(s: string): string {
  return foldKeepCase(s).replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------------------
// Trie of spellings

interface TrieNode {
  next: Map<string, TrieNode>;
  term?: Term;
}

function newNode(): TrieNode {
  return { next: new Map() };
}

function insert(root: TrieNode, key: string, term: Term): void {
  let node = root;
  for (const ch of key) {
    let child = node.next.get(ch);
    if (!child) {
      child = newNode();
      node.next.set(ch, child);
    }
    node = child;
  }
  node.term = term;
}

interface Candidate {
  term: Term;
  start: number;
  end: number;
}

/**
 * Walks the trie from `start` in `folded` (a window of the line) and reports
 * every spelling that ends on a word boundary. A run of white space in the text
 * matches the single space of a spelling.
 */
function walk(
  root: TrieNode,
  folded: string,
  original: string,
  start: number,
  limit: number,
  endOk: (last: string, next: string | undefined) => boolean,
  found: (end: number, term: Term) => void,
): void {
  let node: TrieNode | undefined = root;
  let i = start;
  while (node && i < limit) {
    const c = folded[i];
    if (SPACE.test(c)) {
      node = node.next.get(' ');
      if (!node) return;
      while (i < limit && SPACE.test(folded[i])) i++;
      continue; // a spelling never ends in a space
    }
    node = node.next.get(c);
    i++;
    if (node?.term && endOk(original[i - 1], i < original.length ? original[i] : undefined)) found(i, node.term);
  }
}

// ---------------------------------------------------------------------------
// The term base

/** Checks what the schema cannot: unique ids and spellings, exact-case spellings listed as synonyms. */
function checkFile(data: TermsFile, file: string): void {
  const problems: string[] = [];
  const ids = new Set<string>();
  const spellingOwner = new Map<string, string>();
  data.terms.forEach((t, ti) => {
    if (ids.has(t.id)) problems.push(`/terms/${ti}: id "${t.id}" is used twice in this file`);
    ids.add(t.id);
    for (const e of t.exactCase ?? []) {
      if (!t.synonyms.includes(e)) problems.push(`/terms/${ti}/exactCase: "${e}" is not one of the term's synonyms; add it to "synonyms" too`);
    }
    t.synonyms.forEach((s, si) => {
      if (!WORD.test(s)) problems.push(`/terms/${ti}/synonyms/${si}: "${s}" has no letter or digit, so it cannot be matched as a word`);
      const key = caseFreeKey(s);
      const other = spellingOwner.get(key);
      if (other !== undefined && other !== t.id) problems.push(`/terms/${ti}/synonyms/${si}: "${s}" also names term "${other}"; a spelling may name only one term`);
      spellingOwner.set(key, t.id);
    });
  });
  if (problems.length) throw new KnowledgeError(file, problems.slice(0, 10));
}

/** Terms, indexed for lookup by id or spelling and for matching in text. */
export class TermBase {
  private readonly list: Term[] = [];
  private readonly byId = new Map<string, Term>();
  /** Case-free spellings (and, at lower priority, labels and exact-case spellings lower-cased). */
  private readonly byKey = new Map<string, Term>();
  private readonly byExact = new Map<string, Term>();
  private readonly anyCase = new Map<string, Term>();
  private readonly caseFree = newNode();
  private readonly caseExact = newNode();
  private maxLength = 1;

  /**
   * Builds the base from validated files, in order. Within one file an id or a
   * spelling may appear only once. A later file wins over earlier ones: a term
   * with an existing id replaces it, and a spelling it lists is taken from the
   * earlier term, so every spelling always names exactly one term.
   */
  constructor(files: { data: TermsFile; file: string }[]) {
    const terms = new Map<string, Term>();
    const owner = new Map<string, string>(); // spelling key -> term id
    for (const { data, file } of files) {
      checkFile(data, file);
      for (const t of data.terms) {
        const old = terms.get(t.id);
        if (old) for (const s of old.synonyms) if (owner.get(caseFreeKey(s)) === t.id) owner.delete(caseFreeKey(s));
        terms.set(t.id, t);
        for (const s of t.synonyms) {
          const key = caseFreeKey(s);
          const previous = owner.get(key);
          if (previous !== undefined && previous !== t.id) {
            const p = terms.get(previous)!;
            const keep = (x: string) => caseFreeKey(x) !== key;
            terms.set(previous, { ...p, synonyms: p.synonyms.filter(keep), ...(p.exactCase ? { exactCase: p.exactCase.filter(keep) } : {}) });
          }
          owner.set(key, t.id);
        }
      }
      const problems: string[] = [];
      data.terms.forEach((t, ti) =>
        (t.related ?? []).forEach((r, ri) => {
          if (!terms.has(r)) problems.push(`/terms/${ti}/related/${ri}: no term has id "${r}"`);
        }),
      );
      if (problems.length) throw new KnowledgeError(file, problems.slice(0, 10));
    }
    for (const t of terms.values()) this.add(t);
  }

  private add(t: Term): void {
    this.list.push(t);
    this.byId.set(t.id, t);
    const exact = new Set(t.exactCase ?? []);
    for (const s of t.synonyms) {
      if (exact.has(s)) {
        const key = exactKey(s);
        this.byExact.set(key, t);
        this.anyCase.set(caseFreeKey(s), t);
        insert(this.caseExact, key, t);
      } else {
        const key = caseFreeKey(s);
        this.byKey.set(key, t);
        insert(this.caseFree, key, t);
      }
      this.maxLength = Math.max(this.maxLength, s.length);
    }
    const label = caseFreeKey(t.label);
    if (!this.anyCase.has(label)) this.anyCase.set(label, t);
  }

  /** All terms, in file order. */
  get terms(): readonly Term[] {
    return this.list;
  }

  get(id: string): Term | undefined {
    return this.byId.get(id);
  }

  /** A term by id, by spelling (exact-case spellings first), or by label. */
  findTerm(idOrSynonym: string): Term | undefined {
    const q = idOrSynonym.trim();
    return this.byId.get(q) ?? this.byExact.get(exactKey(q)) ?? this.byKey.get(caseFreeKey(q)) ?? this.anyCase.get(caseFreeKey(q));
  }

  /**
   * The term whose spelling covers `offset` (start <= offset < end), looking
   * only at the line around it. Whole words only; the longest spelling wins,
   * then the one starting first.
   */
  termAt(text: string, offset: number): TermHit | undefined {
    if (!(offset >= 0 && offset < text.length)) return undefined;
    // Window: the line around the offset, at most a few spelling lengths each way.
    const reach = this.maxLength * 3 + 8;
    let from = offset;
    const minFrom = Math.max(0, offset - reach);
    while (from > minFrom && text.charCodeAt(from - 1) !== 10) from--;
    let to = offset;
    const maxTo = Math.min(text.length, offset + reach);
    while (to < maxTo && text.charCodeAt(to) !== 10) to++;
    // One character of context on each side for the word-boundary tests.
    const ctxFrom = Math.max(0, from - 1);
    const ctxTo = Math.min(text.length, to + 1);
    const original = text.slice(ctxFrom, ctxTo);
    const folded = normalize(original);
    const keepCase = foldKeepCase(original);
    const base = from - ctxFrom;
    const limit = to - ctxFrom;
    const at = offset - ctxFrom;

    let best: Candidate | undefined;
    const consider = (start: number) => (end: number, term: Term) => {
      if (end <= at) return;
      const better = !best || end - start > best.end - best.start || (end - start === best.end - best.start && start < best.start);
      if (better) best = { term, start, end };
    };
    const caseFreeEnd = (_last: string, next: string | undefined) => !isWord(next);
    const exactEnd = (last: string, next: string | undefined) => !isWord(next) || (isLowerOrDigit(last) && isUpper(next));
    for (let s = base; s <= at; s++) {
      const prev = s > 0 ? original[s - 1] : undefined;
      const first = original[s];
      if (SPACE.test(first)) continue;
      if (!isWord(prev)) walk(this.caseFree, folded, original, s, limit, caseFreeEnd, consider(s));
      // Exact-case spellings may also start at a case change inside a run ("pT3aN0M0").
      if (!isWord(prev) || (isLowerOrDigit(prev) && isUpper(first))) walk(this.caseExact, keepCase, original, s, limit, exactEnd, consider(s));
    }
    if (!best) return undefined;
    const found: Candidate = best;
    return { term: found.term, span: { start: ctxFrom + found.start, end: ctxFrom + found.end } };
  }
}

// ---------------------------------------------------------------------------
// Loading

let builtinFile: TermsFile | undefined;
let builtinBase: TermBase | undefined;

function builtinData(): TermsFile {
  if (!builtinFile) builtinFile = trusted<TermsFile>('terms', termsData);
  return builtinFile;
}

/**
 * The built-in terms (validated when built, see builtinData), plus optional user files
 * already parsed from JSON, later ones winning. A broken user file throws a
 * KnowledgeError naming it; the caller reports it and keeps using
 * `loadTerms()`, which is unaffected.
 */
export function loadTerms(extra?: { data: unknown; file: string } | { data: unknown; file: string }[]): TermBase {
  const extras = extra === undefined ? [] : Array.isArray(extra) ? extra : [extra];
  if (extras.length === 0) {
    if (!builtinBase) builtinBase = new TermBase([{ data: builtinData(), file: BUILTIN_FILE }]);
    return builtinBase;
  }
  const users = extras.map((e) => ({ data: validateKnowledge<TermsFile>('terms', e.data, e.file), file: e.file }));
  return new TermBase([{ data: builtinData(), file: BUILTIN_FILE }, ...users]);
}

/** The term whose spelling covers `offset` in `text`, with the span of that spelling. */
export function termAt(text: string, offset: number, base: TermBase = loadTerms()): TermHit | undefined {
  return base.termAt(text, offset);
}

/** A term by id ("hmb45") or by any of its spellings ("HMB45", "hmb-45"). */
export function findTerm(idOrSynonym: string, base: TermBase = loadTerms()): Term | undefined {
  return base.findTerm(idOrSynonym);
}

// ---------------------------------------------------------------------------
// Hover markdown

const CATEGORY_LABEL: Record<TermCategory, string> = {
  marker: 'IHC marker',
  entity: 'diagnostic entity',
  grading: 'grading',
  margin: 'margins',
  staging: 'staging',
  vascular: 'vascular / extrarenal extension',
  radiology: 'radiology',
  procedure: 'procedure / treatment',
  finding: 'finding',
};

/** Escapes the characters that would change markdown rendering. */
function md(s: string): string {
  return s.replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`);
}

/** Hover markdown for a term: title, definition, differential, derivation, values, prognosis, related terms, and a final "Source:" line. */
export function renderTermMarkdown(term: Term, context: TermRenderContext = {}): string {
  const out: string[] = [];
  let title = `**${md(term.label)}** · *${CATEGORY_LABEL[term.category]}*`;
  const matched = context.matched?.trim();
  if (matched && caseFreeKey(matched) !== caseFreeKey(term.label)) title += ` — written "${md(matched)}"`;
  out.push(title, '', md(term.definition));

  const d = term.differential;
  if (d) {
    const lines: { key: 'positive' | 'negative' | 'note'; text: string }[] = [];
    if (d.positive) lines.push({ key: 'positive', text: d.positive });
    if (d.negative) lines.push({ key: 'negative', text: d.negative });
    if (context.result) lines.sort((a, b) => Number(b.key === context.result) - Number(a.key === context.result));
    out.push('', '**Differential**', '');
    for (const l of lines) {
      const here = context.result === l.key ? ' (as reported here)' : '';
      out.push(`- **If ${l.key}${here}:** ${md(l.text)}`);
    }
    if (d.note) out.push(`- ${md(d.note)}`);
  }
  if (term.derivation?.length) {
    out.push('', '**How it is derived**', '');
    term.derivation.forEach((step, i) => out.push(`${i + 1}. ${md(step)}`));
  }
  if (term.values?.length) {
    out.push('', '**Values**', '');
    for (const v of term.values) out.push(`- **${md(v.value)}**: ${md(v.meaning)}`);
  }
  if (term.prognosis?.length) {
    out.push('', '**Prognosis**', '');
    for (const p of term.prognosis) out.push(`- ${md(p)}`);
  }
  const base = context.base ?? loadTerms();
  const related = (term.related ?? []).map((id) => base.get(id)?.label).filter((l): l is string => !!l);
  if (related.length) out.push('', `See also: ${related.map(md).join(' · ')}`);
  const also = term.synonyms.filter((s) => caseFreeKey(s) !== caseFreeKey(term.label)).slice(0, 8);
  if (also.length) out.push('', `*Also written:* ${also.map(md).join(', ')}`);
  out.push('', `Source: ${md(term.source)}`);
  return out.join('\n');
}
