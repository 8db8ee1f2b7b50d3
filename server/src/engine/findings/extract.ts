import { ReportModel, Sentence } from '../parser';
import { PhraseMatcher, sentenceIndex } from '../match';
import { normalize } from '../text';
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
  MitoticCountFinding,
  NecrosisFinding,
  Side,
  SizeFinding,
  VenousFinding,
  VenousStatus,
  Vessel,
} from './types';

/**
 * Report model → findings. Each extractor scans the whole normalised text once
 * with its compiled vocabulary and places hits in sentences; the assertion of
 * each hit comes from the ConText classifier. Extractors keep every mention,
 * documenting or not: the checklist and the rules decide what counts.
 */
export function extractFindings(model: ReportModel): Findings {
  const at = sentenceIndex(model);
  return {
    histologicTypes: extractTypes(model, at),
    procedures: extractProcedures(model, at),
    laterality: extractLaterality(model, at),
    sizes: extractSizes(model),
    grades: extractGrades(model, at),
    fnclccComponents: extractFnclccComponents(model),
    mitoticCounts: extractMitoses(model, at),
    necrosis: extractNecrosis(model, at),
    margins: extractMargins(model),
    venous: extractVenous(model, at),
    ihc: extractIhc(model, at),
    elements: [],
  };
}

type SentenceAt = (offset: number) => Sentence | undefined;

/** Hits of a vocabulary, each with its sentence, its assertion and the fields of its entry. */
function extractEntries<E extends { id: string; label: string }, F>(model: ReportModel, at: SentenceAt, matcher: PhraseMatcher, byId: Map<string, E>, fields: (e: E) => F) {
  return matcher.scan(model.norm).flatMap((hit) => {
    const sentence = at(hit.span.start);
    const entry = byId.get(hit.id);
    if (!sentence || !entry) return [];
    return [{ span: hit.span, sentence, assertion: assess(model, sentence, hit.span), id: entry.id, label: entry.label, ...fields(entry) }];
  });
}

function extractTypes(model: ReportModel, at: SentenceAt) {
  const lex = lexicon();
  return extractEntries(model, at, lex.types, lex.typeById, (e) => ({ group: e.group }));
}

function extractProcedures(model: ReportModel, at: SentenceAt) {
  const lex = lexicon();
  return extractEntries(model, at, lex.procedures, lex.procedureById, (e) => ({ category: e.category }));
}

/** The clause of a sentence around an offset: clauses end at ';' and at contrastive conjunctions. */
export function clauseAround(model: ReportModel, sentence: Sentence, offset: number): Span {
  // A bounded window of the sentence, from the text (not model.norm: an assembled
  // document builds its norm only on demand), so a run-on sentence costs no more.
  const w = contextWindow(model.text, sentence.span, { start: offset, end: offset }, CLAUSE_REACH);
  const s = normalize(model.text.slice(w.start, w.end));
  const rel = offset - w.start;
  const boundary = /;|,?\s(?:but|however|whereas|while|although)\s|\.\s/g;
  let start = 0;
  let end = s.length;
  let m: RegExpExecArray | null;
  while ((m = boundary.exec(s)) !== null) {
    if (m.index + m[0].length <= rel) start = m.index + m[0].length;
    else if (m.index >= rel) {
      end = m.index;
      break;
    }
  }
  return { start: w.start + start, end: w.start + end };
}

const CLAUSE_REACH = 300;

function fieldKeyMatches(sentence: Sentence, keys: string[]): boolean {
  const f = sentence.field;
  if (!f) return false;
  const k = f.key.toLowerCase().replace(/\s+/g, ' ');
  return keys.some((key) => k === key || k.startsWith(key + ' ') || k.endsWith(' ' + key));
}

function extractLaterality(model: ReportModel, at: SentenceAt): LateralityFinding[] {
  const lex = lexicon();
  const out: LateralityFinding[] = [];
  for (const hit of lex.sides.scan(model.norm)) {
    const sentence = at(hit.span.start);
    if (!sentence) continue;
    const clause = clauseAround(model, sentence, hit.span.start);
    // A side word counts when it qualifies the organ: "left kidney", "kidney, right", "Laterality: Left".
    const near = { start: Math.max(clause.start, hit.span.start - 40), end: Math.min(clause.end, hit.span.end + 40) };
    const ok = fieldKeyMatches(sentence, lex.data.laterality.fieldKeys) || lex.organs.test(model.norm, near.start, near.end);
    if (!ok) continue;
    out.push({ span: hit.span, sentence, assertion: assess(model, sentence, hit.span), side: hit.id as Side });
  }
  return out;
}

const MEASURE = /(?<![0-9.])(\d+(?:\.\d+)?)\s*(cm|mm)?(?:\s*x\s*(\d+(?:\.\d+)?)\s*(cm|mm)?)?(?:\s*x\s*(\d+(?:\.\d+)?))?\s*(cm|mm)(?![a-z])/g;

function extractSizes(model: ReportModel): SizeFinding[] {
  const lex = lexicon();
  const out: SizeFinding[] = [];
  for (const sentence of model.sentences) {
    const norm = model.norm.slice(sentence.span.start, sentence.span.end);
    if (!/\d/.test(norm)) continue;
    const isSizeField = fieldKeyMatches(sentence, lex.data.size.fieldKeys);
    let subject: boolean | undefined;
    let prevEnd = 0;
    MEASURE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = MEASURE.exec(norm)) !== null) {
      const unit = m[6];
      const dims = [m[1], m[3], m[5]].filter((d): d is string => d !== undefined).map(Number);
      const greatestCm = Math.max(...dims) / (unit === 'mm' ? 10 : 1);
      const lead = { start: sentence.span.start + prevEnd, end: sentence.span.start + m.index };
      const tail = norm.slice(m.index + m[0].length, m.index + m[0].length + 30);
      prevEnd = m.index + m[0].length;
      // "2 mm from the renal vein margin" is a distance; "the specimen measures 25 x 15 cm" is not the tumour.
      if (/^\s*(?:from|away|to the|clear|of (?:the )?(?:\w+ )?margin)/.test(tail)) continue;
      if (lex.sizeNotSubject.test(model.norm, lead.start, lead.end)) continue;
      if (subject === undefined) subject = isSizeField || lex.sizeSubject.test(model.norm, sentence.span.start, sentence.span.end);
      if (!subject) continue;
      const span = { start: sentence.span.start + m.index, end: sentence.span.start + m.index + m[0].length };
      out.push({ span, sentence, assertion: assess(model, sentence, span), greatestCm });
    }
  }
  return out;
}

const GRADE_ANCHOR = /(?<![a-z0-9])(?:grade|grading|g(?=[1-4x](?![a-z0-9])))(?![a-z])/g;
const SYSTEM_WORDS: [RegExp, GradeSystem][] = [
  [/fnclcc|french federation|federation nationale/, 'fnclcc'],
  [/who\s*\/\s*isup|isup|nucleolar/, 'who-isup'],
  [/fuhrman/, 'fuhrman'],
];
const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };

function extractGrades(model: ReportModel, at: SentenceAt): GradeFinding[] {
  const out: GradeFinding[] = [];
  const norm = model.norm;
  GRADE_ANCHOR.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = GRADE_ANCHOR.exec(norm)) !== null) {
    const sentence = at(m.index);
    if (!sentence) continue;
    const anchorEnd = m.index + m[0].length;
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
    for (const [re, sys] of SYSTEM_WORDS) {
      const g = new RegExp(re.source, 'g');
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
const COMPONENT_SCORE = /(?<![a-z])(differentiation|mito(?:ses|sis|tic)|necros[ie]s|total|sum|score)(?:\s+score)?\s*(?:\(\s*)?(?:of\s+|is\s+|[:=]\s*)?(\d)(?![0-9]|\.[0-9]|\s*(?:%|\/|per(?![a-z])|x(?![a-z])|hpf|mm|cm|high|mitos|cells?|fields?|sections?))/g;
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

function extractFnclccComponents(model: ReportModel) {
  const out: Findings['fnclccComponents'] = [];
  for (const sentence of model.sentences) {
    const norm = model.norm.slice(sentence.span.start, sentence.span.end);
    // Component scores are written beside the word "score", the differentiation score, or a sum.
    if (!/score|differentiation|\+/.test(norm)) continue;
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
  }
  return out;
}

const MITOSIS_ANCHOR = /(?<![a-z])(?:mitos[ie]s|mitotic|mitotically|mitoses)(?![a-z])/g;
const MITOTIC_COUNT = /(\d+)\s*(?:mitos[ie]s|mitotic figures|mitotic|mf|mitotic figures)?\s*(?:\/|per)\s*(\d+)\s*(?:hpf|high[- ]power fields?|hpfs)|(?:count|rate|index|activity)\s*(?:of\s*|[:=]\s*|is\s*)?(\d+)(?![0-9.%])/;

function extractMitoses(model: ReportModel, at: SentenceAt): MitoticCountFinding[] {
  const out: MitoticCountFinding[] = [];
  const seen = new Set<Sentence>();
  MITOSIS_ANCHOR.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = MITOSIS_ANCHOR.exec(model.norm)) !== null) {
    const sentence = at(m.index);
    if (!sentence || seen.has(sentence)) continue;
    const norm = model.norm.slice(sentence.span.start, sentence.span.end);
    // "Mitotic score: 2" alone is an FNCLCC component, read elsewhere; it still states the count's score.
    seen.add(sentence);
    const c = MITOTIC_COUNT.exec(norm);
    let per10Hpf: number | undefined;
    if (c && c[1] !== undefined) per10Hpf = (Number(c[1]) * 10) / Number(c[2]);
    else if (c && c[3] !== undefined) per10Hpf = Number(c[3]);
    const span = { start: m.index, end: m.index + m[0].length };
    out.push({ span, sentence, assertion: assess(model, sentence, span), per10Hpf });
  }
  return out;
}

const NECROSIS_ANCHOR = /(?<![a-z])(?:necros[ie]s|necrotic)(?![a-z])/g;

function extractNecrosis(model: ReportModel, at: SentenceAt): NecrosisFinding[] {
  const out: NecrosisFinding[] = [];
  NECROSIS_ANCHOR.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = NECROSIS_ANCHOR.exec(model.norm)) !== null) {
    const sentence = at(m.index);
    if (!sentence) continue;
    const span = { start: m.index, end: m.index + m[0].length };
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

function extractMargins(model: ReportModel): MarginFinding[] {
  const lex = lexicon();
  const out: MarginFinding[] = [];
  for (const sentence of model.sentences) {
    const s = sentence.span;
    const mentions = lex.marginMention.scan(model.norm, s.start, s.end);
    const isMarginField = fieldKeyMatches(sentence, lex.data.margins.fieldKeys);
    if (mentions.length === 0 && !isMarginField) continue;
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
      const posHits = lex.marginPositive
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
      const d = /(\d+(?:\.\d+)?)\s*(mm|cm)(?![a-z])/.exec(text);
      if (d && /from|distance|closest|clearance|away|nearest|to (?:the )?(?:\w+ )?margin/.test(text)) {
        distanceMm = Number(d[1]) * (d[2] === 'cm' ? 10 : 1);
        if (!status) status = 'negative';
      }
      if (!status && distanceMm === undefined) continue;
      out.push({ span: anchor, sentence, assertion, status, rClass, distanceMm });
    }
  }
  return out;
}

function extractVenous(model: ReportModel, at: SentenceAt): VenousFinding[] {
  const lex = lexicon();
  const out: VenousFinding[] = [];
  const followers = new RegExp(`^\\s*(?:\\w+\\s+)?(?:${lex.data.venous.notVesselFollowers.join('|')})(?![a-z])`);
  for (const hit of lex.vessels.scan(model.norm)) {
    const sentence = at(hit.span.start);
    if (!sentence) continue;
    // "renal vein margin" speaks of a margin, not of the vein's involvement.
    if (followers.test(model.norm.slice(hit.span.end, Math.min(sentence.span.end, hit.span.end + 30)))) continue;
    const clause = clauseAround(model, sentence, hit.span.start);
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

