import { Analysis, builtinKnowledge, Knowledge } from '../analyze';
import { documents, documentsAnswer } from '../findings/assess';
import { clauseAround } from '../findings/extract';
import { lexicon } from '../findings/lexicon';
import { ElementDef } from '../knowledge/checklists';
import { statingValue } from '../kinds';
import { countTotal } from '../kinds/count';
import { PRESENCE, UNIVERSAL } from '../kinds/common';
import { ElementValue, StageCategory } from '../kinds/types';
import { ReportModel } from '../parser';
import { FINAL_SECTIONS } from '../staging/facts';
import { Assertion, Span } from '../types';
import valuesData from '../../data/extract-values.json';

/** Elements whose value the engine's data does not read yet (data/extract-values.json, each with why). */
const VALUE_NOT_READ: Record<string, string> = valuesData.valueNotRead;

/**
 * A draft as structured data: the checklist that applies and, for each of its
 * elements, its status, its normalised value, its assertion and where the
 * draft states it. The CLI's `extract`, the editor's structured view and the
 * tests all read this one record; its JSON shape is a public contract
 * (server/src/data/schemas/extract.schema.json).
 */
export interface ExtractRecord {
  reportType: 'pathology' | 'radiology' | 'unknown';
  checklist: { id: string; title: string } | null;
  elements: ExtractedElement[];
}

export type ElementStatus = 'stated' | 'missing' | 'not-applicable';

export interface ExtractedElement {
  element: string;
  label: string;
  /** The element's kind (a marker panel is 'panel').  */
  kind: string;
  requirement: 'required' | 'recommended';
  /** The diagnostic code raised while it is missing (missing-er-status). */
  code: string;
  status: ElementStatus;
  value: ExtractedValue | null;
  assertion: Assertion | null;
  /** Where the draft states it, the statement first: offsets into the text, and line/character (LSP-style, from 0). */
  evidence: Evidence[];
  /** Why a stated-looking element is still missing (an IHC panel without some expected markers). */
  note?: string;
}

export interface Position {
  line: number;
  character: number;
}

export interface Evidence {
  start: number;
  end: number;
  range: { start: Position; end: Position };
  /** The evidence text itself; only when asked for (report text is PHI). */
  text?: string;
}

/** Every value may carry `answer`: an answer id, a marker result, a grade, or a shared answer (cannot-assess, not-applicable, pending, earlier-specimen). */
export type ExtractedValue =
  | { kind: 'enumeration'; answer?: string; label?: string; vessel?: string }
  | { kind: 'measurement'; answer?: string; value?: number; unit?: 'cm' | 'mm'; atLeast?: boolean }
  | { kind: 'count'; answer?: string; counts: Record<string, number> }
  | { kind: 'percentage'; answer?: string; min?: number; max?: number }
  | { kind: 'marker'; answer?: string; percent?: { min: number; max: number }; intensity?: string; score?: string; ish?: { amplified?: boolean; ratio?: number; copies?: number } }
  | { kind: 'grade'; answer?: string; system?: string; invalid?: string; components: Record<string, number>; total?: number }
  | { kind: 'stage'; answer?: string; stated: StageTnm; derived: StageTnm | null }
  | { kind: 'panel'; markers: { marker: string; label: string; result: string }[] };

export interface StageTnm {
  t?: string;
  n?: string;
  m?: string;
}

export interface ExtractOptions {
  /** Put the evidence text in the record (off by default: report text is PHI). */
  includeText?: boolean;
  /** The knowledge the draft was analysed with (labels of the elements a condition leaves out). */
  knowledge?: Knowledge;
}

/** The structured record of one analysed draft. */
export function extractRecord(analysis: Analysis, options: ExtractOptions = {}): ExtractRecord {
  const result = analysis.checklist;
  if (!result) return { reportType: analysis.reportType, checklist: null, elements: [] };
  const { text } = analysis.model;
  const lines = analysis.model.lines;
  const evidenceOf = (span: Span): Evidence => ({
    start: span.start,
    end: span.end,
    range: { start: lines.positionAt(span.start), end: lines.positionAt(span.end) },
    ...(options.includeText ? { text: text.slice(span.start, span.end) } : {}),
  });
  const byElement = new Map(result.items.map((i) => [i.item.element, i]));
  const elements: ExtractedElement[] = [];
  for (const item of result.checklist.items) {
    const r = byElement.get(item.element);
    const element = r?.element;
    const base = { element: item.element, requirement: item.requirement, code: item.code };
    if (!r || !element) {
      // The checklist's condition leaves it out of this draft (treatment effect without neoadjuvant therapy).
      const def = (options.knowledge ?? builtinKnowledge()).checklists.elements.get(item.element);
      elements.push({ ...base, label: def?.label ?? item.element, kind: kindOf(def), status: 'not-applicable', value: null, assertion: null, evidence: [] });
      continue;
    }
    const readings = result.read(item.element);
    const got = element.panel ? fromPanel(readings, lexicon().markers) : element.kind ? fromReadings(element, readings, r.where, analysis.model) : { value: null, spans: [] };
    const stated = r.stated;
    const unread = VALUE_NOT_READ[`${result.checklist.id}/${item.element}`] ?? VALUE_NOT_READ[item.element];
    const value = stated && !unread ? got.value : null;
    if (value?.kind === 'stage') value.derived = derivedStage(analysis);
    const spans = stated ? (got.spans.length ? got.spans : r.where ? [r.where] : []) : [];
    const status: ElementStatus = !stated ? 'missing' : value && 'answer' in value && value.answer === 'not-applicable' ? 'not-applicable' : 'stated';
    elements.push({
      ...base,
      label: element.label,
      kind: value?.kind ?? kindOf(element),
      status,
      value,
      assertion: stated ? (got.assertion ?? null) : null,
      evidence: spans.map(evidenceOf),
      ...(r.note ? { note: r.note } : r.missingMarkers?.length ? { note: `no result for ${r.missingMarkers.join(', ')}` } : {}),
    });
  }
  return { reportType: analysis.reportType, checklist: { id: result.checklist.id, title: result.checklist.title }, elements };
}

/** Whether an answer read elsewhere qualifies a count's figures: a metastasis's size class does when a node is involved; "none submitted" or "stated" never does. */
function qualifiesCount(answer: string, counts: Record<string, number>): boolean {
  if (answer === 'none-submitted' || answer === 'stated') return false;
  return counts.involved === undefined || counts.involved > 0;
}

function kindOf(el: ElementDef | undefined): string {
  if (el?.panel) return 'panel';
  return el?.kind ?? 'enumeration';
}

interface Got {
  value: ExtractedValue | null;
  assertion?: Assertion;
  spans: Span[];
}

/**
 * The value of a kind element: the reading that states it, completed by the
 * other readings that document it ("Number of lymph nodes examined: 18" and
 * "involved: 0" on two lines; a Nottingham grade and its three scores). A
 * negated or uncertain reading completes nothing. The stating reading, in
 * order: the one the element's rules decided with (the renal vein and the
 * IVC), an addendum's, a measurement's in the diagnosis or synoptic, a
 * count's with figures, else the first that states it; then, for answers
 * the data ranks, the highest ranked in its clause.
 */
function fromReadings(el: ElementDef, readings: ElementValue[], where: Span | undefined, model: ReportModel): Got {
  // A measurement is the diagnosis's or the synoptic's when they give one, as staging reads it: a gross nodule may be
  // more than tumour ("4.5 cm in aggregate" in the gross, "at least 3 cm" in the diagnosis).
  const final = el.kind === 'measurement' ? readings.filter((v) => FINAL_SECTIONS.has(v.sentence.section.kind)) : [];
  // A count is its figures when the draft gives any: "nodules without lymph node architecture" is no "none submitted".
  const counted = el.kind === 'count' ? readings.filter((v) => Object.keys(v.counts ?? {}).length > 0) : [];
  // An addendum revises the report: its statement of the element is the value ("HER2: pending" then "ADDENDUM: HER2 3+, positive").
  const revised = statingValue(el, readings.filter((v) => v.sentence.section.kind === 'addendum'));
  let stating =
    (el.decidedBy && where && readings.find((v) => v.span.start === where.start)) || revised || (final.length && statingValue(el, final)) || (counted.length && statingValue(el, counted)) || statingValue(el, readings);
  if (!stating) return { value: null, spans: [] };
  // Answers the data lists in order of precedence ("through the muscularis propria into pericolic fat" is pericolic):
  // of the statements in the stating one's clause, the answer listed first. Not past a comma: "into the pericolic fat,
  // reaching to within 9 mm of the peritoneal surface" does not reach the peritoneum.
  if (el.answerOrder === 'listed' && el.answers && !(el.decidedBy && where)) {
    const rank = (v: ElementValue) => el.answers!.findIndex((a) => a.id === v.answer);
    const first = stating;
    const clause = clauseAround(model, first.sentence, first.span.start);
    const joined = (v: ElementValue) => v.span.start >= clause.start && v.span.end <= clause.end && !model.text.slice(Math.min(v.span.end, first.span.end), Math.max(v.span.start, first.span.start)).includes(',');
    for (const v of readings) {
      if (rank(v) < 0 || !documentsAnswer(v) || v.assertion.negation !== 'affirmed' || !joined(v)) continue;
      if (rank(stating) < 0 || rank(v) < rank(stating)) stating = v;
    }
  }
  const others = readings.filter((v) => v !== stating && documentsAnswer(v) && v.assertion.negation === 'affirmed');
  const used: ElementValue[] = [stating];
  const merged: ElementValue = { ...stating };
  for (const v of others) {
    let added = false;
    if (merged.answer === undefined && v.answer !== undefined && merged.invalid === undefined && !(merged.counts && !qualifiesCount(v.answer, merged.counts))) {
      merged.answer = v.answer;
      added = true;
    }
    // A number comes with its own unit and bound: "at least" from one statement never qualifies another's number.
    if (merged.number === undefined && v.number !== undefined) {
      merged.number = v.number;
      merged.unit = v.unit;
      merged.atLeast = v.atLeast;
      added = true;
    }
    for (const k of ['percentMin', 'percentMax', 'intensity', 'score'] as const) {
      if (merged[k] === undefined && v[k] !== undefined) {
        (merged as unknown as Record<string, unknown>)[k] = v[k];
        added = true;
      }
    }
    for (const k of ['counts', 'components', 'ish'] as const) {
      const extra = Object.entries(v[k] ?? {}).filter(([key]) => !(key in (merged[k] ?? {})));
      if (extra.length) {
        (merged as unknown as Record<string, unknown>)[k] = { ...(merged[k] ?? {}), ...Object.fromEntries(extra) };
        added = true;
      }
    }
    if (v.total && !merged.total) {
      merged.total = v.total;
      added = true;
    }
    if (v.stage) {
      const stage = { ...(merged.stage ?? {}) };
      for (const k of ['t', 'n', 'm'] as const) {
        if (!stage[k] && v.stage[k]) {
          stage[k] = v.stage[k];
          added = true;
        }
      }
      merged.stage = stage;
    }
    if (added) used.push(v);
  }
  // A count is the draft's figure for each part, as staging reads it: per lettered part summed, or the largest.
  if (el.kind === 'count' && merged.counts) {
    const counts = { ...merged.counts };
    for (const key of Object.keys(counts)) {
      const total = countTotal(model, readings, key);
      if (!total || total.n === counts[key]) continue;
      counts[key] = total.n;
      for (const v of total.parts.length ? total.parts.map((p) => p.reading) : [total.best]) if (!used.includes(v)) used.push(v);
    }
    merged.counts = counts;
  }
  return { value: normalise(el, merged), assertion: stating.assertion, spans: used.map((v) => v.span) };
}

function answerLabel(el: ElementDef, id: string | undefined): string | undefined {
  if (id === undefined) return undefined;
  return (el.answers?.find((a) => a.id === id) ?? UNIVERSAL.find((a) => a.id === id) ?? PRESENCE.find((a) => a.id === id))?.label;
}

function stageText(c: StageCategory | undefined): string | undefined {
  return c?.text;
}

function normalise(el: ElementDef, v: ElementValue): ExtractedValue | null {
  const answer = v.answer !== undefined ? { answer: v.answer } : {};
  switch (el.kind) {
    case 'measurement':
      return { kind: 'measurement', ...answer, ...(v.number !== undefined ? { value: round(v.number), unit: (v.unit ?? el.unit ?? 'cm') as 'cm' | 'mm' } : {}), ...(v.atLeast ? { atLeast: true } : {}) };
    case 'count':
      return { kind: 'count', ...answer, counts: { ...(v.counts ?? {}) } };
    case 'percentage':
      return { kind: 'percentage', ...answer, ...(v.percentMin !== undefined ? { min: v.percentMin, max: v.percentMax ?? v.percentMin } : {}) };
    case 'marker':
      return {
        kind: 'marker',
        ...answer,
        ...(v.percentMin !== undefined ? { percent: { min: v.percentMin, max: v.percentMax ?? v.percentMin } } : {}),
        ...(v.intensity ? { intensity: v.intensity } : {}),
        ...(v.score ? { score: v.score } : {}),
        ...(v.ish ? { ish: { ...v.ish } } : {}),
      };
    case 'grade':
      return {
        kind: 'grade',
        ...answer,
        ...(el.grade?.name ? { system: el.grade.name } : {}),
        ...(v.invalid !== undefined ? { invalid: v.invalid } : {}),
        components: Object.fromEntries(Object.entries(v.components ?? {}).map(([k, c]) => [k, c.score])),
        ...(v.total ? { total: v.total.score } : {}),
      };
    case 'stage': {
      const stated: StageTnm = {};
      for (const k of ['t', 'n', 'm'] as const) {
        const t = stageText(v.stage?.[k]);
        if (t) stated[k] = t;
      }
      // The derived stage is the checklist's staging table's (see derivedStage).
      return { kind: 'stage', ...answer, stated, derived: null };
    }
    default: {
      const label = answerLabel(el, v.answer);
      // A named anchor says what was read: the renal vein or the IVC.
      return { kind: 'enumeration', ...answer, ...(label ? { label } : {}), ...(v.anchor ? { vessel: v.anchor } : {}) };
    }
  }
}

/** The stage the draft's findings give, per axis ("pT2a", "at least pT1b", "at most pN0"); null without a staging table. */
function derivedStage(analysis: Analysis): StageTnm | null {
  const s = analysis.stage;
  if (!s) return null;
  const out: StageTnm = {};
  if (s.t.derivedText) out.t = s.t.derivedText;
  if (s.n.derivedText) out.n = s.n.derivedText;
  return out;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** A panel's value: each marker once, with the first result the draft gives it. */
function fromPanel(readings: ElementValue[], labels: Map<string, { label: string }>): Got {
  const results = readings.filter((v) => documents(v) && v.answer !== undefined && v.marker !== undefined);
  if (!results.length) return { value: null, spans: [] };
  const seen = new Set<string>();
  const markers = results.filter((x) => !seen.has(x.marker!) && seen.add(x.marker!)).map((x) => ({ marker: x.marker!, label: labels.get(x.marker!)?.label ?? x.marker!, result: x.answer! }));
  return { value: { kind: 'panel', markers }, assertion: results[0].assertion, spans: results.map((x) => x.span) };
}

/** A value as one line of text, for a spreadsheet cell or the structured view: "positive; 90%; strong", "1.8 cm", "involved 0; examined 2". */
export function valueText(v: ExtractedValue | null): string {
  if (!v) return '';
  const parts: string[] = [];
  if ('answer' in v && v.answer !== undefined) parts.push(v.answer);
  switch (v.kind) {
    case 'enumeration':
      if (v.vessel) parts.push(v.vessel);
      break;
    case 'measurement':
      if (v.value !== undefined) parts.push(`${v.atLeast ? '>= ' : ''}${v.value} ${v.unit}`);
      break;
    case 'count':
      parts.push(...Object.entries(v.counts).map(([k, n]) => `${k} ${n}`));
      break;
    case 'percentage':
      if (v.min !== undefined) parts.push(v.min === v.max ? `${v.min}%` : `${v.min}-${v.max}%`);
      break;
    case 'marker':
      if (v.percent) parts.push(v.percent.min === v.percent.max ? `${v.percent.min}%` : `${v.percent.min}-${v.percent.max}%`);
      if (v.intensity) parts.push(v.intensity);
      if (v.score) parts.push(`score ${v.score}`);
      if (v.ish) {
        const ish = [v.ish.amplified === undefined ? '' : v.ish.amplified ? 'amplified' : 'not amplified', v.ish.ratio !== undefined ? `ratio ${v.ish.ratio}` : '', v.ish.copies !== undefined ? `copies ${v.ish.copies}` : ''];
        parts.push(`ISH ${ish.filter(Boolean).join(', ')}`);
      }
      break;
    case 'grade':
      if (v.invalid !== undefined) parts.push(`invalid ${v.invalid}`);
      parts.push(...Object.entries(v.components).map(([k, n]) => `${k} ${n}`));
      if (v.total !== undefined) parts.push(`total ${v.total}`);
      break;
    case 'stage':
      parts.push([v.stated.t, v.stated.n, v.stated.m].filter(Boolean).join(' '));
      break;
    case 'panel':
      parts.push(...v.markers.map((m) => `${m.label} ${m.result}`));
      break;
  }
  return parts.filter(Boolean).join('; ');
}
