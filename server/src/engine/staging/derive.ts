import { ChecklistResult } from '../checklist';
import { mentionsOf } from '../document';
import { documents } from '../findings/assess';
import { ChecklistBase } from '../knowledge/checklists';
import { StageCategory } from '../kinds/types';
import { ReportModel, sectionAt } from '../parser';
import { EngineDiagnostic, Span } from '../types';
import { AxisDerivation, deriveAxis, Evidence, rowsOf } from './evaluate';
import { stagingFacts } from './facts';
import { StagingAxis, StagingBase, StagingRow, StagingTable } from './tables';

export const STAGE_MISMATCH = 'stage-mismatch';

/** A stated category, where its letters sit (what a quick fix replaces). */
export interface StatedCategory extends StageCategory {
  /** The category alone ("T1b" in "ypT1b(m)"): the prefix and suffixes stay as written. */
  categorySpan: Span;
}

/** pT or pN: what the draft states, what its findings give, and why. */
export interface AxisStage {
  axis: 'T' | 'N';
  stated: StatedCategory[];
  /** The category the findings prove exactly, or the lowest they prove, or the highest they allow. */
  derived?: { category?: string; atLeast?: string; atMost?: string; row: StagingRow };
  /** "pT2a", "at least pT1b", "at most pN0". */
  derivedText?: string;
  evidence: Evidence[];
  /** Findings the draft does not state that could raise the category. */
  unstated: string[];
  mismatches: { stated: StatedCategory; kind: 'lower' | 'higher'; message: string; related: Evidence[]; replacement?: string; row: StagingRow }[];
}

/**
 * The stated category a draft settles on, of those stated on one axis: an addendum's (its last) revises the
 * report's ("pT1b2 pNX", then "ADDENDUM: Revised pathologic stage: pT1b2 pN0"), as the structured record reads it.
 */
export function settledCategory(model: ReportModel, stated: StatedCategory[]): StatedCategory | undefined {
  for (let i = stated.length - 1; i >= 0; i--) if (sectionAt(model, stated[i].span.start).kind === 'addendum') return stated[i];
  return stated[0];
}

/** The staging system and edition a table's messages cite: its own, or AJCC 8th (every built-in table's). */
export function editionOf(table: StagingTable): string {
  return table.edition ?? 'AJCC 8th';
}

export interface StageDerivation {
  checklist: string;
  chapter: string;
  /** The table's staging system and edition, as messages cite it ("AJCC 8th"). */
  edition: string;
  t: AxisStage;
  n: AxisStage;
}

/**
 * Derives pT and pN from a checklist's findings with its staging table, and
 * compares the stated stage. A stated category is flagged only when it is
 * lower than what affirmed findings prove, or higher than the highest the
 * findings allow (every finding that could raise it stated absent).
 */
export function deriveStage(staging: StagingBase, base: ChecklistBase, result: ChecklistResult, model: ReportModel): StageDerivation | undefined {
  const table = staging.get(result.checklist.id);
  if (!table) return undefined;
  if (table.onlyIfMentioned && !mentionsOf(model, base.matcher(table.onlyIfMentioned)).some((m) => documents(m) && m.assertion.negation === 'affirmed')) return undefined;
  const stageItem = result.items.find((i) => i.element.kind === 'stage');
  const stageElement = stageItem?.item.element ?? [...base.elements].find(([, el]) => el.kind === 'stage')?.[0];
  const facts = stagingFacts(base, table, result, model);
  const stated = stageElement ? statedCategories(result, model, stageElement) : { T: [], N: [] };
  return {
    checklist: table.checklist,
    chapter: table.chapter,
    edition: editionOf(table),
    t: axisStage('T', table, table.t, deriveAxis(table.t, facts), stated.T),
    n: axisStage('N', table, table.n, deriveAxis(table.n, facts), stated.N),
  };
}

/** The AJCC descriptors a category may carry: sentinel node, isolated tumour cells, molecular, micrometastasis, multiple tumours, fine needle. */
const STAGE_SUFFIX = /^\((?:sn|i[+-]|mol[+-]|mi|m\d*|f)\)$/;

function statedCategories(result: ChecklistResult, model: ReportModel, element: string): { T: StatedCategory[]; N: StatedCategory[] } {
  const out = { T: [] as StatedCategory[], N: [] as StatedCategory[] };
  for (const v of result.read(element)) {
    if (!v.stage || !documents(v) || v.assertion.negation !== 'affirmed') continue;
    for (const c of [v.stage.t, v.stage.n]) {
      if (!c) continue;
      const list = c.category.startsWith('T') ? out.T : out.N;
      if (list.some((x) => x.span.start < c.span.end && c.span.start < x.span.end)) continue;
      const written = model.text.slice(c.span.start, c.span.end).toLowerCase();
      const at = written.indexOf(c.category.toLowerCase());
      const start = c.span.start + Math.max(0, at);
      // As the draft writes it: "pT3a pN0" is pN0 even after "ypT3a", and "(AJCC 8th)" after it is no suffix.
      const before = /(?:[yrma]{0,3}p)?$/i.exec(model.text.slice(Math.max(0, start - 4), start))![0];
      const prefix = before.toLowerCase().replace(/p$/, '');
      const suffixes = c.suffixes.filter((x) => STAGE_SUFFIX.test(x));
      list.push({ ...c, prefix, suffixes, text: `${prefix}p${c.category}${suffixes.join('')}`, categorySpan: { start, end: start + c.category.length } });
    }
  }
  return out;
}

function axisStage(axisName: 'T' | 'N', table: StagingTable, axis: StagingAxis, d: AxisDerivation, stated: StatedCategory[]): AxisStage {
  const out: AxisStage = { axis: axisName, stated, evidence: [], unstated: [], mismatches: [] };
  const { rows, low, high } = d;
  if (high < 0) return out;
  const cat = (i: number) => rows[i].row.category;
  const ruledOutAbove = (from: number) => dedupe(rows.slice(from + 1).flatMap((r) => (r.truth === 'no' ? r.evidence : [])));
  const exact = low !== undefined && low === high;
  if (low !== undefined) {
    out.derived = exact ? { category: cat(low), row: rows[low].row } : { atLeast: cat(low), row: rows[low].row };
    out.evidence = dedupe([...rows[low].evidence, ...ruledOutAbove(low)]);
    out.unstated = [...new Set(rows.slice(low + 1).filter((r) => r.truth === 'unknown').flatMap((r) => r.unstated))];
  } else if (high < rows.length - 1) {
    out.derived = { atMost: cat(high), row: rows[high].row };
    out.evidence = ruledOutAbove(high);
    out.unstated = [...new Set(rows.filter((r) => r.truth === 'unknown').flatMap((r) => r.unstated))];
  } else out.unstated = [...new Set(rows.filter((r) => r.truth === 'unknown').flatMap((r) => r.unstated))];
  const prefixOf = (s?: StatedCategory) => `${s?.prefix ?? ''}p`;
  const show = (s: StatedCategory | undefined, c: string) => `${prefixOf(s)}${c}`;
  if (out.derived) out.derivedText = out.derived.category ? show(stated[0], out.derived.category) : out.derived.atLeast ? `at least ${show(stated[0], out.derived.atLeast)}` : `at most ${show(stated[0], out.derived.atMost!)}`;

  for (const s of stated) {
    const span = rowsOf(axis, s.category + s.suffixes.join('')) ?? rowsOf(axis, s.category);
    if (!span) continue;
    const [from, to] = span;
    const cite = (row: StagingRow) => `(${editionOf(table)} ${table.chapter}: ${row.rule})`;
    if (low !== undefined && to < low) {
      const proof = rows[low].evidence;
      const context = exact ? ruledOutAbove(low).filter((e) => !proof.some((p) => p.text === e.text || (p.from !== undefined && p.from === e.from))) : [];
      const why = `${proof.map((e) => e.text).join(' and ')}${context.length ? ` (${context.map((e) => e.text).join('; ')})` : ''}`;
      out.mismatches.push({
        stated: s,
        kind: 'lower',
        message: `${s.text} stated, but ${why} ${exact ? 'is' : 'is at least'} ${show(s, cat(low))} ${cite(rows[low].row)}.`,
        related: dedupe([...proof, ...context]),
        replacement: cat(low),
        row: rows[low].row,
      });
    } else if (from > high) {
      const against = ruledOutAbove(high);
      const proof = low !== undefined ? rows[low].evidence : [];
      const message = exact
        ? `${s.text} stated, but ${proof.map((e) => e.text).join(' and ')}${againstText(against, proof)} is ${show(s, cat(high))} ${cite(rows[high].row)}.`
        : `${s.text} stated, but the findings allow at most ${show(s, cat(high))}: ${against.map((e) => e.text).join('; ')} ${cite(rows[high].row)}.`;
      out.mismatches.push({ stated: s, kind: 'higher', message, related: dedupe([...proof, ...against]), replacement: exact ? cat(high) : undefined, row: rows[high].row });
    }
  }
  return out;
}

function againstText(against: Evidence[], proof: Evidence[]): string {
  const rest = against.filter((e) => !proof.some((p) => p.text === e.text || (p.from !== undefined && p.from === e.from)));
  return rest.length ? ` (${rest.map((e) => e.text).join('; ')})` : '';
}

/** One piece of evidence per text and per place ("renal vein not involved" also rules out the vena cava: said once). */
function dedupe(list: Evidence[]): Evidence[] {
  const out: Evidence[] = [];
  for (const e of list) if (!out.some((x) => x.text === e.text || (x.span && e.span && x.span.start === e.span.start))) out.push(e);
  return out;
}

/** stage-mismatch: one Warning per stated category the findings contradict, at the category, with the findings as related locations. */
export function stageDiagnostics(d: StageDerivation | undefined, model: ReportModel): EngineDiagnostic[] {
  if (!d) return [];
  const out: EngineDiagnostic[] = [];
  for (const axis of [d.t, d.n]) {
    for (const m of axis.mismatches) {
      out.push({
        code: STAGE_MISMATCH,
        severity: 'warning',
        message: m.message,
        span: m.stated.categorySpan,
        related: m.related.filter((e) => e.span).map((e) => ({ span: e.span!, message: `${capitalise(e.text)}: "${model.text.slice(e.span!.start, e.span!.end).replace(/\s+/g, ' ').trim().slice(0, 60)}"` })),
        data: { source: m.row.source, stated: m.stated.text, derived: axis.derivedText, replacements: m.replacement ? [m.replacement] : undefined },
      });
    }
  }
  return out;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
