/**
 * A baseline for the evaluation only (not used by the product): the NegEx
 * algorithm as published by Chapman et al. (J Biomed Inform 2001;34:301-310),
 * written from that description. Triggers are read at run time from NegEx's own
 * trigger list (phrase <TAB><TAB> [PREN|POST|PREP|POSP|PSEU|CONJ]), which the
 * evaluation is given as a path: the list is not part of this repository.
 *
 * A pre-negation trigger negates a concept that starts within WINDOW words
 * after it; a post-negation trigger one that ends within WINDOW words before
 * it. Pseudo-negations are never triggers; a conjunction ends a scope.
 */
export type NegexTag = 'PREN' | 'POST' | 'PREP' | 'POSP' | 'PSEU' | 'CONJ';
export interface NegexTrigger {
  phrase: string;
  tag: NegexTag;
}

const WINDOW = 5;

export function parseNegexTriggers(text: string): NegexTrigger[] {
  const out: NegexTrigger[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^(.*?)\t+\[(PREN|POST|PREP|POSP|PSEU|CONJ)\]\s*$/.exec(line);
    if (m && m[1].trim()) out.push({ phrase: m[1].trim().toLowerCase(), tag: m[2] as NegexTag });
  }
  return out;
}

interface Token {
  word: string;
  tag?: NegexTag;
  concept?: boolean;
}

export function negexClassify(triggers: NegexTrigger[], sentence: string, concept: string): 'negated' | 'possible' | 'affirmed' | undefined {
  const words = (s: string) => s.toLowerCase().replace(/[^a-z0-9'/-]+/g, ' ').trim().split(/\s+/).filter(Boolean);
  const sw = words(sentence);
  const cw = words(concept);
  if (cw.length === 0) return undefined;
  let at = -1;
  for (let i = 0; i + cw.length <= sw.length && at < 0; i++) if (cw.every((w, j) => sw[i + j] === w)) at = i;
  if (at < 0) return undefined;
  // Tag the sentence: longest trigger first at each position, the concept as one token.
  const sorted = [...triggers].map((t) => ({ ...t, words: words(t.phrase) })).filter((t) => t.words.length).sort((a, b) => b.words.length - a.words.length);
  const tokens: Token[] = [];
  for (let i = 0; i < sw.length; ) {
    if (i === at) {
      tokens.push({ word: cw.join(' '), concept: true });
      i += cw.length;
      continue;
    }
    const t = sorted.find((tr) => i + tr.words.length <= sw.length && (i >= at + cw.length || i + tr.words.length <= at) && tr.words.every((w, j) => sw[i + j] === w));
    if (t) {
      tokens.push({ word: t.phrase, tag: t.tag });
      i += t.words.length;
    } else {
      tokens.push({ word: sw[i] });
      i++;
    }
  }
  const c = tokens.findIndex((t) => t.concept);
  let result: 'negated' | 'possible' | 'affirmed' = 'affirmed';
  // Pre-triggers before the concept, within the window, not past a conjunction.
  for (let i = c - 1, n = 0; i >= 0 && n <= WINDOW; i--) {
    const t = tokens[i];
    if (t.tag === 'CONJ') break;
    if (t.tag === 'PREN') return 'negated';
    if (t.tag === 'PREP' && result === 'affirmed') result = 'possible';
    if (!t.tag || t.tag === 'PSEU') n++;
  }
  for (let i = c + 1, n = 0; i < tokens.length && n <= WINDOW; i++) {
    const t = tokens[i];
    if (t.tag === 'CONJ') break;
    if (t.tag === 'POST') return 'negated';
    if (t.tag === 'POSP' && result === 'affirmed') result = 'possible';
    if (!t.tag || t.tag === 'PSEU') n++;
  }
  return result;
}
