import { ChecklistResult } from '../checklist';
import { mentionsOf } from '../document';
import { clauseAround, fieldKeyMatches } from '../findings/extract';
import { documents } from '../findings/assess';
import { lexicon } from '../findings/lexicon';
import { Findings, GradeFinding, LateralityFinding, MarginFinding, Mention } from '../findings/types';
import { ChecklistBase } from '../knowledge/checklists';
import { ConsistencyCode, RuleBase } from '../knowledge/rules';
import { partLetterAt, ReportModel } from '../parser';
import { normalize } from '../text';
import { EngineDiagnostic, Span } from '../types';

/**
 * Consistency and value checks: a draft that contradicts itself, or a value
 * outside its system. Each message quotes both places; relatedInformation
 * points at the other one.
 */
export function evaluateConsistency(rules: RuleBase, model: ReportModel, f: Findings, checklist: ChecklistResult | undefined, reportType: 'pathology' | 'radiology' = 'pathology', base?: ChecklistBase): EngineDiagnostic[] {
  const out: EngineDiagnostic[] = [];
  const emit: Emit = (code, span, message, other, extra) => {
    const rule = rules.consistency.get(code);
    if (!rule) return;
    out.push({ code, severity: rule.severity, message, span, related: other ? [other] : undefined, data: { source: rule.source, ...extra } });
  };
  const quote = (span: Span) => quoteOf(model, span);

  const family = tumourFamily(f, checklist);
  const grades = f.grades.filter((g) => documents(g) && g.value !== undefined);

  // invalid-grade and grade-system-mismatch
  for (const g of grades) {
    const system = g.system === 'unspecified' ? (family === 'sarcoma' ? 'fnclcc' : family === 'rcc' ? 'who-isup' : undefined) : g.system;
    const max = system === 'fnclcc' ? 3 : system === 'who-isup' || system === 'fuhrman' ? 4 : undefined;
    if (max !== undefined && (g.value! < 1 || g.value! > max)) {
      const name = system === 'fnclcc' ? 'FNCLCC' : system === 'who-isup' ? 'WHO/ISUP' : 'Fuhrman';
      // In a synoptic field only the value is replaced, so the field keeps its key.
      const field = g.sentence.field;
      const inField = field !== undefined && g.span.start < field.valueSpan.start && field.valueSpan.end > field.valueSpan.start;
      emit('invalid-grade', inField ? field.valueSpan : g.span, `${quote(g.span)} is outside the ${name} grades (1 to ${max}). Give a grade from 1 to ${max}, or state that it cannot be assessed.`, undefined, {
        replacements: inField ? [...Array.from({ length: max }, (_, i) => String(i + 1)), 'Cannot be assessed'] : gradeForms(name, max),
      });
    }
    const type = f.histologicTypes.find((t) => documents(t) && t.assertion.negation !== 'negated' && (t.group === 'sarcoma' || t.group === 'rcc'));
    if (type && g.system === 'who-isup' && type.group === 'sarcoma') {
      emit('grade-system-mismatch', g.span, `${quote(g.span)} uses WHO/ISUP grading, which is for renal cell carcinoma, but the diagnosis is a sarcoma (${quote(type.span)}). Grade a sarcoma with FNCLCC (1 to 3).`, { span: type.span, message: 'The diagnosis this grade does not fit' }, { replacements: gradeForms('FNCLCC', 3) });
    } else if (type && g.system === 'fnclcc' && type.group === 'rcc') {
      emit('grade-system-mismatch', g.span, `${quote(g.span)} uses FNCLCC grading, which is for sarcomas, but the diagnosis is a carcinoma (${quote(type.span)}). Grade renal cell carcinoma with WHO/ISUP (1 to 4).`, { span: type.span, message: 'The diagnosis this grade does not fit' }, { replacements: gradeForms('WHO/ISUP', 4) });
    }
  }

  fnclccCheck(f, grades, family, emit, quote);
  marginCheck(model, f, emit, quote);
  // Imaging describes both kidneys; a side there conflicts only for the mass a checklist is about.
  if (reportType === 'pathology' || checklist) lateralityCheck(model, f, emit, quote, reportType, organWordsIn(model, base, checklist), checklistSides(f, checklist));
  venousCheck(model, f, emit, quote);
  sizeCheck(model, rules, f, emit, quote);
  return out;
}

type Emit = (code: ConsistencyCode, span: Span, message: string, other?: { span: Span; message: string }, extra?: Record<string, unknown>) => void;

/** The valid ways to write a grade in a system, offered as quick fixes. */
function gradeForms(system: string, max: number): string[] {
  return [...Array.from({ length: max }, (_, i) => `${system} grade ${i + 1}`), `${system} grade cannot be assessed`];
}
type Quote = (span: Span) => string;

function tumourFamily(f: Findings, checklist: ChecklistResult | undefined): 'sarcoma' | 'rcc' | undefined {
  const id = checklist?.checklist.id;
  if (id === 'renal-sarcoma-resection') return 'sarcoma';
  if (id === 'kidney-rcc-resection') return 'rcc';
  const t = f.histologicTypes.find((x) => documents(x) && x.assertion.negation === 'affirmed' && (x.group === 'sarcoma' || x.group === 'rcc'));
  return t?.group as 'sarcoma' | 'rcc' | undefined;
}

export function quoteOf(model: ReportModel, span: Span): string {
  let text = model.text.slice(span.start, span.end).replace(/\s+/g, ' ').trim();
  if (text.length > 60) text = text.slice(0, 57) + '...';
  return `"${text}" (line ${model.lines.positionAt(span.start).line + 1})`;
}

function fnclccCheck(f: Findings, grades: GradeFinding[], family: string | undefined, emit: Emit, quote: Quote) {
  const grade = grades.find((g) => g.system === 'fnclcc' || (g.system === 'unspecified' && family === 'sarcoma'));
  if (!grade || grade.value === undefined || grade.value > 3) return;
  const comp = (c: string) => f.fnclccComponents.find((x) => documents(x) && x.component === c);
  const diff = comp('differentiation');
  const total = comp('total');
  let mitotic: { score: number; span: Span } | undefined = comp('mitotic');
  if (!mitotic) {
    const count = f.mitoticCounts.find((m) => documents(m) && m.per10Hpf !== undefined);
    if (count) mitotic = { score: count.per10Hpf! >= 20 ? 3 : count.per10Hpf! >= 10 ? 2 : 1, span: count.span };
  }
  let necrosis: { score: number; span: Span } | undefined = comp('necrosis');
  if (!necrosis) {
    const n = f.necrosis.find((x) => documents(x) && x.extent !== undefined);
    if (n) necrosis = { score: n.extent === 'none' ? 0 : n.extent === 'lt50' ? 1 : 2, span: n.span };
  }
  let sum: number | undefined;
  // The quotes are built only for a mismatch (each finds its line number).
  let parts: () => string;
  if (diff && mitotic && necrosis) {
    const total = (sum = diff.score + mitotic.score + necrosis.score);
    parts = () => `differentiation ${diff.score} ${quote(diff.span)} + mitotic score ${mitotic!.score} ${quote(mitotic!.span)} + necrosis ${necrosis!.score} ${quote(necrosis!.span)} = ${total}`;
  } else if (total) {
    const score = (sum = total.score);
    parts = () => `total score ${score} ${quote(total.span)}`;
  } else return;
  const expected = sum <= 3 ? 1 : sum <= 5 ? 2 : 3;
  if (expected === grade.value) return;
  const other = (diff ?? total ?? mitotic ?? necrosis)!;
  emit(
    'fnclcc-score-mismatch',
    grade.span,
    `${quote(grade.span)} disagrees with its components: ${parts()}, which gives FNCLCC grade ${expected} (total 2-3 = G1, 4-5 = G2, 6-8 = G3). Correct the grade or the component that is wrong.`,
    { span: other.span, message: 'FNCLCC component stated here' },
  );
}

const OTHER_MARGINS = /(?:other|remaining|all (?:other|remaining)|rest of the) (?:\w+ )?margins?/;
const NEW_MARGIN = /\b(?:new|additional|re-?excis\w*|re-?resect\w*|shav(?:e|ed|es|ings?)|cleared)\b/;
/** Words before "margin" or "margins" that still speak of the margins as a whole. */
const GLOBAL_QUALIFIERS = new Set(['resection', 'surgical', 'the', 'a', 'all', 'inked', 'closest', 'nearest', 'final', 'any', 'each', 'every', 'no', 'of', 'at', 'to', 'from', 'and', 'or', 'both', 'its', 'their', 'these', 'specimen', 'excision', 'tissue']);

/** The margin a statement names ("renal vein", "posterior"), or undefined when it speaks of the margins as a whole. */
function namedMargin(model: ReportModel, m: MarginFinding): string | undefined {
  if (m.rClass) return undefined;
  const anchor = normalize(model.text.slice(m.span.start, m.span.end)).trim();
  // "Peripheral margins: clear" names the peripheral margins, as "deep margin" names the deep one; "margins" alone, or
  // "all", "inked", "surgical margins", speaks of them all.
  if (anchor !== 'margin' && anchor !== 'margins') return undefined;
  const before = normalize(model.text.slice(Math.max(m.sentence.span.start, m.span.start - 40), m.span.start)).match(/([a-z][a-z-]*)\s*$/);
  return before && !GLOBAL_QUALIFIERS.has(before[1]) ? before[1] : undefined;
}

/**
 * A conflict is a statement about the margins as a whole (negative, R0, a
 * closest distance) beside tumour at a margin, or one named margin called both
 * negative and positive. "The renal vein margin is negative" beside "tumour at
 * the posterior margin" is two margins, not a contradiction.
 */
const IN_SITU = /\b(?:dcis|lcis|in situ)\b/;

function marginCheck(model: ReportModel, f: Findings, emit: Emit, quote: Quote) {
  const stated = f.margins.filter((m) => documents(m) && m.assertion.negation !== 'possible');
  // A re-excised ("new", "additional", shaved) margin is another specimen's, and once one is reported the final
  // margin status may be negative beside the first specimen's involved margin: that is how a clear margin is reached.
  const reExcised = stated.some((m) => NEW_MARGIN.test(clauseText(model, m)));
  const negatives = stated.filter((m) => {
    if (m.status !== 'negative' || m.rClass === 'R1' || m.rClass === 'R2') return false;
    const clause = clauseText(model, m);
    return !OTHER_MARGINS.test(clause) && !NEW_MARGIN.test(clause) && !(reExcised && /\bfinal\b/.test(clause));
  });
  // A DCIS or LCIS margin beside the invasive carcinoma's is another statement, as CAP reports them apart.
  const positives = stated.filter((m) => m.status === 'positive' && !IN_SITU.test(clauseText(model, m)));
  let neg: MarginFinding | undefined;
  let pos: MarginFinding | undefined;
  for (const n of negatives) {
    const name = namedMargin(model, n);
    pos = positives.find((p) => p.span.start !== n.span.start && (name === undefined || namedMargin(model, p) === name));
    if (pos) {
      neg = n;
      break;
    }
  }
  if (!neg || !pos) return;
  const [first, second] = neg.span.start < pos.span.start ? [neg, pos] : [pos, neg];
  // Quote the clause: "margin" alone would not tell the reader which statement is meant.
  const said = (m: MarginFinding) => quote(clauseAround(model, m.sentence, m.span.start));
  emit(
    'margin-conflict',
    second.span,
    `Margin status conflicts: ${said(first)} ${describeMargin(first)} but ${said(second)} ${describeMargin(second)}. R0 means no tumour at any margin; state which margin is involved and the R class once.`,
    { span: first.span, message: 'The conflicting margin statement' },
  );
}

function describeMargin(m: MarginFinding): string {
  if (m.rClass) return `says ${m.rClass}`;
  return m.status === 'negative' ? 'says the margins are negative' : 'says tumour is at a margin';
}

function clauseText(model: ReportModel, m: Mention): string {
  const c = clauseAround(model, m.sentence, m.span.start);
  return normalize(model.text.slice(c.start, c.end));
}

const LESION_WORDS = /\b(?:kidney|renal|nephrectomy|nephroureterectomy|specimen|tumou?r|mass|lesion|neoplasm|laterality|side)\b/;
/**
 * A side said of another specimen (a contralateral, normal, benign or risk-reducing one) or said to be wrong
 * (an amendment's "reported as left in error") is no conflict.
 */
const OTHER_SIDE = /contralateral|other kidney|opposite|normal|unremarkable|no (?:\w+ )?(?:mass|lesion)|prophylactic|risk[- ]reducing|benign|no (?:malignancy|carcinoma|tumou?r)|negative for (?:malignancy|carcinoma)|in error|erroneous\w*|incorrect\w*|corrected|mislabel\w*/;
/** A side word next to another organ speaks of that organ ("left adrenal nodule"), not of the renal tumour. */
const OTHER_ORGAN = /\b(?:adrenals?|ureter\w*|vuj|uvj|vesicoureteric|ureterovesical|iliac|psoas|gonadal|lungs?|pleural|hemidiaphragm|liver|hepatic|ovar\w*|adnex\w*|breast|inguinal|hip|femoral|paracolic|colon|hemithorax|axilla\w*)\b/;
/** On imaging, the words of a mass. */
const THE_MASS = /\b(?:mass(?:es)?|lesions?|tumou?rs?|neoplasms?|nodules?|carcinoma|rcc)\b/;
/** On imaging, lesions that are not the renal mass: cysts, stones, scars. */
const NOT_THE_MASS = /\b(?:cysts?|bosniak|calcul\w*|stones?|hydro\w*|atroph\w*|scar\w*)\b/;

/**
 * In a protocol that names its organ (breast, lung), the organ and its resections are the specimen: a side in a clause
 * that names them (the protocol's own `site` and `procedures` words) states the specimen's side, and so does a side field.
 */
function organWordsIn(model: ReportModel, base: ChecklistBase | undefined, checklist: ChecklistResult | undefined): ((c: Span) => boolean) | undefined {
  const w = checklist?.checklist.appliesWhen;
  if (!base || !w?.diagnosis) return undefined;
  const mentions = [w.site, w.procedures].flatMap((patterns) => (patterns ? mentionsOf(model, base.matcher(patterns)) : []));
  return (c) => mentions.some((m) => m.span.start >= c.start && m.span.end <= c.end);
}

/**
 * The sides a protocol's own laterality element reads (its item with the code missing-laterality) that the built-in
 * side finding does not: a workspace protocol's organ ("left testis") is none of the built-in organ words.
 */
function checklistSides(f: Findings, checklist: ChecklistResult | undefined): LateralityFinding[] {
  const item = checklist?.checklist.appliesWhen.diagnosis ? checklist.items.find((i) => i.item.code === 'missing-laterality') : undefined;
  if (!item) return [];
  const out: LateralityFinding[] = [];
  for (const v of checklist!.read(item.item.element)) {
    if (v.answer !== 'left' && v.answer !== 'right') continue;
    if (f.laterality.some((l) => l.span.start < v.span.end && v.span.start < l.span.end)) continue;
    out.push({ span: v.span, sentence: v.sentence, assertion: v.assertion, side: v.answer });
  }
  return out;
}

function lateralityCheck(model: ReportModel, f: Findings, emit: Emit, quote: Quote, reportType: 'pathology' | 'radiology', organWords?: (c: Span) => boolean, extra: LateralityFinding[] = []) {
  const stated = (extra.length ? [...f.laterality, ...extra].sort((a, b) => a.span.start - b.span.start) : f.laterality)
    .filter((l) => documents(l) && l.assertion.negation === 'affirmed' && l.side !== 'bilateral')
    .map((l) => ({ l, part: partLetterAt(model, l.span.start), c: clauseAround(model, l.sentence, l.span.start) }))
    .map((x) => ({ ...x, clause: normalize(model.text.slice(x.c.start, x.c.end)) }));
  // A lettered part said to be another specimen ("C. Left breast, risk-reducing mastectomy: benign") is so wherever its letter
  // heads a line ("C. Left mastectomy, 690 g"): that side in that part is no conflict.
  const otherParts = new Set(stated.filter((x) => x.part && OTHER_SIDE.test(x.clause)).map((x) => `${x.part}:${x.l.side}`));
  const sides = stated.filter(({ l, part, c, clause }) => {
    if (part && otherParts.has(`${part}:${l.side}`)) return false;
    if (organWords) return !OTHER_SIDE.test(clause) && (organWords(c) || LESION_WORDS.test(clause) || /^lat\b|laterality|side/i.test(l.sentence.field?.key ?? ''));
    if (!LESION_WORDS.test(clause) || OTHER_SIDE.test(clause)) return false;
    const near = normalize(model.text.slice(Math.max(c.start, l.span.start - 40), Math.min(c.end, l.span.end + 40)));
    if (OTHER_ORGAN.test(near)) return false;
    if (reportType === 'pathology') return true;
    // On imaging the side is the mass's: "RIGHT KIDNEY: 11.4 cm in length" beside a left mass is the other kidney.
    return !NOT_THE_MASS.test(clause) && (THE_MASS.test(clause) || /^lat\b|laterality|side/i.test(l.sentence.field?.key ?? ''));
  }).map((x) => x.l);
  // Both sides in one sentence describe both ("two foci, 1.4 cm (right lobe) and 0.4 cm (left lobe)"): a conflict is
  // a side in one statement and the other side in another.
  let left: LateralityFinding | undefined;
  let right: LateralityFinding | undefined;
  for (const l of sides) {
    if (l.side !== 'left') continue;
    right = sides.find((r) => r.side === 'right' && r.sentence.span.start !== l.sentence.span.start);
    if (right) {
      left = l;
      break;
    }
  }
  if (!left || !right) return;
  const [first, second] = left.span.start < right.span.start ? [left, right] : [right, left];
  const said = (l: Mention) => quote(clauseAround(model, l.sentence, l.span.start));
  emit('laterality-conflict', second.span, `Laterality conflicts: ${said(first)} says ${first.side} but ${said(second)} says ${second.side}. Check the specimen label and correct the side.`, {
    span: first.span,
    message: `The ${first.side} side is stated here`,
  });
}

function venousCheck(model: ReportModel, f: Findings, emit: Emit, quote: Quote) {
  const said = (v: Mention) => quote(clauseAround(model, v.sentence, v.span.start));
  for (const vessel of ['renal-vein', 'ivc'] as const) {
    const stated = f.venous.filter((v) => documents(v) && v.vessel === vessel);
    const involved = stated.find((v) => v.status === 'involved');
    const free = stated.find((v) => v.status === 'not-involved');
    if (!involved || !free) continue;
    const [first, second] = involved.span.start < free.span.start ? [involved, free] : [free, involved];
    const name = vessel === 'ivc' ? 'The inferior vena cava' : 'The renal vein';
    emit('ivc-conflict', second.span, `${name} is said to be both involved and not involved: ${said(first)} and ${said(second)}. State its status once (it decides pT3 and drives prognosis).`, {
      span: first.span,
      message: 'The conflicting statement',
    });
  }
}

/** Measures that are not the tumour's size: an invasive size beside a lepidic or in situ component, a deposit, a metastasis. */
const OTHER_MEASURE = /invasive (?:tumou?r )?size|invasive component|(?:in situ|lepidic) component|dcis|ductal carcinoma in situ|deposit|metasta|lymph node/;

function sizeCheck(model: ReportModel, rules: RuleBase, f: Findings, emit: Emit, quote: Quote) {
  const tol = rules.consistency.get('size-conflict')?.tolerance ?? {};
  const sizes = f.sizes.filter((s) => documents(s) && s.assertion.negation === 'affirmed');
  const gross = sizes.find((s) => s.sentence.section.kind === 'gross');
  if (!gross) return;
  // The diagnosis's first size, and the synoptic's tumour size field: "Total tumor size: 2.7 cm" may follow a
  // diagnosis line that agrees with the gross. An invasive size beside a lepidic or in situ component, a
  // deposit and a metastasis are other measures.
  const stated = sizes.filter((s) => {
    if (s.sentence.section.kind !== 'diagnosis' && s.sentence.section.kind !== 'synoptic') return false;
    const clause = clauseAround(model, s.sentence, s.span.start);
    const key = s.sentence.field ? `${s.sentence.field.key} ` : '';
    return !OTHER_MEASURE.test(normalize(key + model.text.slice(clause.start, clause.end)));
  });
  const sizeKeys = lexicon().size.fieldKeys;
  const candidates = [stated[0], stated.find((s) => s.sentence.field && fieldKeyMatches(s.sentence, sizeKeys))].filter((s): s is (typeof sizes)[number] => s !== undefined);
  const dx = candidates.find((s) => {
    // "At least 3 cm" beside 4.5 cm agrees: a lower bound conflicts only with a smaller size.
    const [small, large] = gross.greatestCm <= s.greatestCm ? [gross, s] : [s, gross];
    if (small.atLeast && !large.atLeast) return false;
    const diff = Math.abs(gross.greatestCm - s.greatestCm);
    const rel = diff / Math.max(gross.greatestCm, s.greatestCm);
    return !(diff <= (tol.absoluteCm ?? 0.5) || rel <= (tol.relative ?? 0.2));
  });
  if (!dx) return;
  emit('size-conflict', dx.span, `Tumour size differs: the gross description gives ${gross.greatestCm} cm ${quote(gross.span)} but the diagnosis gives ${dx.greatestCm} cm ${quote(dx.span)}. Correct the size that is wrong (it drives pT).`, {
    span: gross.span,
    message: 'Size in the gross description',
  });
}
