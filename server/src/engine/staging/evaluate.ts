import { Span } from '../types';
import { Condition, StagingAxis, StagingRow } from './tables';

/** What the draft's findings say of one condition: it holds, it is stated absent, or the draft does not say. */
export type Truth = 'yes' | 'no' | 'unknown';

/** One finding as evidence: how a message names it, and where the draft states it. */
export interface Evidence {
  text: string;
  span?: Span;
  /** The finding it comes from (an element, a measure, a pattern list): one finding is not its own context. */
  from?: string;
}

export interface ConditionResult {
  truth: Truth;
  evidence?: Evidence;
}

/** The findings of one draft, as the evaluator asks for them (see facts.ts). */
export interface StagingFacts {
  condition(c: Condition): ConditionResult;
}

export interface RowResult {
  row: StagingRow;
  truth: Truth;
  /** The conditions that proved the row (when yes) or ruled it out (when no). */
  evidence: Evidence[];
  /** What the draft leaves unstated that could give this row. */
  unstated: string[];
}

/** The categories the findings allow on one axis, lowest to highest by the table's order. */
export interface AxisDerivation {
  rows: RowResult[];
  /** Index of the highest category the affirmed findings prove, if any. */
  low?: number;
  /** Index of the highest category the findings do not rule out (-1: they rule out every one). */
  high: number;
}

function all(results: ConditionResult[]): { truth: Truth; evidence: Evidence[] } {
  if (results.some((r) => r.truth === 'no')) return { truth: 'no', evidence: evidenceOf(results.filter((r) => r.truth === 'no').slice(0, 1)) };
  if (results.every((r) => r.truth === 'yes')) return { truth: 'yes', evidence: evidenceOf(results) };
  return { truth: 'unknown', evidence: [] };
}

function evidenceOf(results: ConditionResult[]): Evidence[] {
  return results.flatMap((r) => (r.evidence ? [r.evidence] : []));
}

/** A row holds when one alternative holds in full; it is ruled out when every alternative is. */
export function evaluateRow(row: StagingRow, facts: StagingFacts): RowResult {
  const alternatives = row.when.map((alt) => ({ alt, ...all(alt.map((c) => facts.condition(c))) }));
  const unstated = [
    ...new Set(
      alternatives
        .filter((a) => a.truth === 'unknown')
        .flatMap((a) => a.alt.map((c) => ('unstated' in c ? c.unstated : facts.condition(c).truth === 'unknown' ? labelOf(c) : undefined)).filter((x): x is string => !!x)),
    ),
  ];
  const proved = alternatives.find((a) => a.truth === 'yes');
  if (proved) {
    // Something affirmed that the category excludes (isolated tumour cells only) leaves it unproven, not ruled out.
    const voided = (row.unless ?? []).some((c) => facts.condition(c).truth === 'yes');
    if (!voided) return { row, truth: 'yes', evidence: proved.evidence, unstated };
    return { row, truth: 'unknown', evidence: [], unstated };
  }
  if (alternatives.every((a) => a.truth === 'no')) {
    const evidence: Evidence[] = [];
    for (const a of alternatives) for (const e of a.evidence) if (!evidence.some((x) => x.text === e.text)) evidence.push(e);
    return { row, truth: 'no', evidence, unstated };
  }
  return { row, truth: 'unknown', evidence: [], unstated };
}

/** How a condition is named when the draft does not state it. */
export function labelOf(c: Condition): string | undefined {
  if ('unstated' in c) return c.unstated;
  if ('label' in c && c.label) return c.label;
  if ('measure' in c) return 'the tumour size';
  if ('count' in c) return 'the number of involved nodes';
  return undefined;
}

/** Every row of an axis, and the range of categories the findings allow. */
export function deriveAxis(axis: StagingAxis, facts: StagingFacts): AxisDerivation {
  const rows = axis.categories.map((row) => evaluateRow(row, facts));
  let low: number | undefined;
  let high = -1;
  rows.forEach((r, i) => {
    if (r.truth === 'yes') low = i;
    if (r.truth !== 'no') high = i;
  });
  return { rows, low, high };
}

/** The rows a written category covers ("T1" covers T1a and T1b), as indices; undefined when the table has no such category (TX, T0). */
export function rowsOf(axis: StagingAxis, category: string): [number, number] | undefined {
  const find = (c: string) => axis.categories.findIndex((r) => r.category.toLowerCase() === c.toLowerCase());
  const alias = Object.entries(axis.aliases ?? {}).find(([k]) => k.toLowerCase() === category.toLowerCase());
  const ids = (alias ? alias[1] : [category]).map(find).filter((i) => i >= 0);
  if (ids.length === 0) return undefined;
  return [Math.min(...ids), Math.max(...ids)];
}
