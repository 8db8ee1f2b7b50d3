import { PhraseHit } from '../match';
import { ReportModel, Sentence } from '../parser';
import { assess } from './assess';
import { lexicon } from './lexicon';
import { IhcFinding, IhcResultValue } from './types';

/**
 * Marker results in every form a report uses: "SMA: positive", "desmin (+)",
 * "AE1/AE3–", "SMA+/desmin+", "positive for SMA and desmin and negative for
 * pancytokeratin, S-100 protein and HMB-45", "desmin and SMA are diffusely
 * positive", "no HMB-45 positivity".
 *
 * A marker takes, in order of preference: a result written right after it; the
 * result of a "positive for" / "negative for" phrase that governs the list it
 * stands in; or the result of a predicate that follows its list ("... are
 * negative"). Lists are broken by ';', '.' and contrastive words.
 */

type Cue = { kind: 'result'; value: IhcResultValue; qualifier?: string; governs: boolean; start: number; end: number };

// Results written right after the marker name, after a colon, an equals sign or a dash and a space ("ER - Positive (95%)",
// a field written with a dash); a dash alone is the negative sign ("CK7-", "S100 -, HMB-45 -"). Order matters: longer forms first.
const SUFFIX = /^\s*(?:[:=]\s*|[-\u2013\u2014]\s+(?=[a-z(]))?(?:\(\s*)?(?:(\+{1,3}|pos(?:itive)?(?![a-z])|reactive|expressed|immunoreactive|(?:focal(?:ly)?|patchy|diffuse(?:ly)?|strong(?:ly)?|weak(?:ly)?|scattered|rare|variabl[ey])(?:\s*(?:and|,)?\s*(?:focal(?:ly)?|patchy|diffuse(?:ly)?|strong(?:ly)?|weak(?:ly)?))*(?:\s*(?:positive|reactive|staining|expression|positivity|\+))?)|(-(?![a-z0-9])|neg(?:ative)?(?![a-z])|non-?reactive|not expressed|absent|lost|loss)|(equivocal|indeterminate|weak(?:ly)? equivocal)|(pending|to follow|in progress|ordered))(?:\s*\))?/;
// Phrases that give a result to the markers that follow them ("positive for X and Y").
const GOVERNING = /(?<![a-z])(?:(?:(?:diffusely|focally|strongly|weakly|patchily)\s+)?(positive|immunoreactive|reactive|express(?:es|ing)?|expression of|stain(?:s|ing)? for|positivity for|labell?ed (?:by|with)|label(?:s|ing)? with)|(negative|non-?reactive|no (?:immuno)?(?:reactivity|expression|staining|positivity)|lack(?:s|ing)?(?: of)?(?: expression(?: of)?)?|do(?:es)? not (?:express|stain(?: for)?)|without (?:expression of|staining for)?)|(equivocal)|(pending))\s+(?:for|with|of)?/g;
// Predicates after a list: "... are positive", "... is negative", "... show diffuse staining".
const PREDICATE = /^\s*(?:(?:stain(?:s|ing)?|immunostains?|immunohistochemistry|stains?|antibod(?:y|ies))\s+)?(?:is|are|was|were|shows?|showed|demonstrates?|reveal(?:s|ed)?)?\s*(?:(?:diffusely|focally|strongly|weakly|patchily|also|both|all|variably)\s+)*(?:(positive|reactive|immunoreactive|expressed|retained)|(negative|non-?reactive|not expressed|absent|lost)|(equivocal|indeterminate)|(pending))/;
/** How far before a marker a "positive for" phrase can govern it. */
const GOVERNING_REACH = 300;
// A period ends a list only as a full stop, not inside CAM5.2.
const BREAK = /;|\.(?=\s|$)|(?<![a-z])(?:but|while|whereas|however|although|and are|and is|with)(?![a-z])/;

/** The marker results of one sentence, from the marker hits that start in it (in text order). */
export function extractIhc(model: ReportModel, sentence: Sentence, sentenceHits: PhraseHit[]): IhcFinding[] {
  const lex = lexicon();
  const out: IhcFinding[] = [];
  const norm = model.norm;
  const merged = mergeAdjacent(norm, sentenceHits);
  // Governing cues of the sentence, in order.
  const cues: Cue[] = [];
  const sNorm = norm.slice(sentence.span.start, sentence.span.end);
  GOVERNING.lastIndex = 0;
  let g: RegExpExecArray | null;
  while ((g = GOVERNING.exec(sNorm)) !== null) {
    const value: IhcResultValue = g[1] ? 'positive' : g[2] ? 'negative' : g[3] ? 'equivocal' : 'pending';
    const forWord = /(?:for|with|of)\s*$/.test(g[0]) || /express|expression of|stain|lack|label/.test(g[0]);
    const start = sentence.span.start + g.index;
    cues.push({ kind: 'result', value, governs: forWord, start, end: start + g[0].length });
  }
  const results: (IhcFinding | undefined)[] = [];
  // Markers and cues are both in text order: walk the cues once.
  let cueIndex = 0;
  let governing: Cue | undefined;
  for (let i = 0; i < merged.length; i++) {
    const h = merged[i];
    while (cueIndex < cues.length && cues[cueIndex].end <= h.span.start) {
      if (cues[cueIndex].governs) governing = cues[cueIndex];
      cueIndex++;
    }
    const entry = lex.markers.get(h.id);
    if (!entry) continue;
    const assertion = assess(model, sentence, h.span);
    const finding: IhcFinding = { span: h.span, sentence, assertion, markerId: entry.id, markerLabel: entry.label, group: entry.group };
    const tail = norm.slice(h.span.end, Math.min(sentence.span.end, h.span.end + 60));
    const s = SUFFIX.exec(tail);
    const lead = norm.slice(Math.max(sentence.span.start, h.span.start - 14), h.span.start);
    if (s && !/^\s*(?:[:=]\s*)?$/.test(s[0])) {
      finding.result = s[1] ? 'positive' : s[2] ? 'negative' : s[3] ? 'equivocal' : 'pending';
      if (s[1] && /[a-z]/.test(s[1])) finding.qualifier = s[1].replace(/\s*(?:positive|reactive|staining|expression|positivity|\+)$/, '').trim() || undefined;
    } else {
      // A governing cue shortly before the marker, with only markers and list words in between.
      const cue = governing;
      if (cue && h.span.start - cue.end <= GOVERNING_REACH && !BREAK.test(norm.slice(cue.end, h.span.start))) finding.result = cue.value;
    }
    // "no HMB-45 positivity", "without desmin expression": a negator before the marker flips a positive.
    if (/(?:^|[^a-z])(?:no|without|lack of|absence of|loss of|not)\s+$/.test(lead) && (finding.result === 'positive' || finding.result === undefined)) {
      if (finding.result === 'positive' || /^\s*(?:positivity|staining|expression|reactivity|immunoreactivity)/.test(tail)) finding.result = 'negative';
    }
    results.push(finding);
  }
  // Markers still without a result take a predicate that follows their list: "Desmin and SMA are positive".
  // listEnd[i] is the last marker of the list marker i stands in, computed once from the right.
  const listEnd: number[] = new Array(results.length);
  for (let i = results.length - 1; i >= 0; i--) {
    const next = results[i + 1];
    listEnd[i] = next && results[i] && isListGap(norm.slice(results[i]!.span.end, next.span.start)) ? listEnd[i + 1] : i;
  }
  for (let i = 0; i < results.length; i++) {
    const f = results[i];
    if (!f || f.result) continue;
    const j = listEnd[i];
    const last = results[j]!;
    const p = PREDICATE.exec(norm.slice(last.span.end, Math.min(sentence.span.end, last.span.end + 60)));
    if (!p) continue;
    const value: IhcResultValue = p[1] ? 'positive' : p[2] ? 'negative' : p[3] ? 'equivocal' : 'pending';
    for (let k = i; k <= j; k++) if (results[k] && !results[k]!.result) results[k]!.result = value;
  }
  for (const f of results) if (f) out.push(f);
  return out.sort((a, b) => a.span.start - b.span.start);
}

/** Between two markers of one list: commas, "and", "or", "as well as", slashes, brackets. */
function isListGap(gap: string): boolean {
  if (gap.length > 40) return false;
  return /^[\s,/()]*(?:(?:and|or|as well as|&|nor)[\s,/()]*)?(?:protein[\s,/()]*)?$/.test(gap);
}

/** "keratin AE1/AE3" and "pan-keratin (AE1/AE3)" name one marker, not two. */
function mergeAdjacent(norm: string, hits: { id: string; span: { start: number; end: number } }[]) {
  const lex = lexicon();
  const out: typeof hits = [];
  for (const h of hits) {
    const prev = out[out.length - 1];
    if (prev && lex.markers.get(prev.id)?.group === lex.markers.get(h.id)?.group && /^[\s(]*$/.test(norm.slice(prev.span.end, h.span.start))) {
      out[out.length - 1] = { id: h.id, span: { start: prev.span.start, end: /^\s*\)/.test(norm.slice(h.span.end, h.span.end + 2)) ? h.span.end + norm.slice(h.span.end).indexOf(')') + 1 : h.span.end } };
    } else out.push(h);
  }
  return out;
}
