import breast from '../../data/staging/breast-invasive-resection.json';
import colorectal from '../../data/staging/colorectal-resection.json';
import kidney from '../../data/staging/kidney-rcc-resection.json';
import lung from '../../data/staging/lung-resection.json';
import prostate from '../../data/staging/prostate-radical-prostatectomy.json';
import renalSarcoma from '../../data/staging/renal-sarcoma-resection.json';
import { builtinData, compileUserPattern, KnowledgeError, validateKnowledge } from '../knowledge/validate';
import { answerIdsOf, ElementDef } from '../knowledge/checklists';

/**
 * Staging tables: one checklist's pT and pN categories as data, each with the
 * findings that prove it and its AJCC 8th source. The evaluator (evaluate.ts)
 * knows no category; a new protocol stages itself with a new data file.
 */
export interface StagingTable {
  checklist: string;
  chapter: string;
  /** The staging system and edition messages cite ("AJCC 8th", the default; "AJCC 9th / FIGO 2018"). */
  edition?: string;
  /** The table applies only when the draft affirms one of these (the chapter a renal sarcoma is staged in). */
  onlyIfMentioned?: string[];
  measures?: Record<string, MeasureDef>;
  t: StagingAxis;
  n: StagingAxis;
}

export interface MeasureDef {
  element: string;
  unit: 'cm' | 'mm';
  label?: string;
  /** A size whose sentence mentions one of these is not the tumour's (DCIS extent, a total size). */
  exclude?: string[];
  /**
   * When one of `when` is affirmed, the size comes from this reading alone (a lung adenocarcinoma's
   * invasive size); a list is tried in order, the first whose `when` is affirmed deciding.
   */
  instead?: InsteadDef | InsteadDef[];
}

export interface InsteadDef {
  when: string[];
  fieldKeys: string[];
  patterns?: string[];
  label: string;
  source: string;
}

/** A measure's `instead` readings, in the order they are tried. */
export function insteadOf(m: MeasureDef): InsteadDef[] {
  return !m.instead ? [] : Array.isArray(m.instead) ? m.instead : [m.instead];
}

export interface StagingAxis {
  aliases?: Record<string, string[]>;
  categories: StagingRow[];
}

export interface StagingRow {
  category: string;
  rule: string;
  /** Alternatives; each a list of conditions that must all hold. */
  when: Condition[][];
  unless?: Condition[];
  source: string;
}

export type Condition = MeasureCondition | CountCondition | AnswerCondition | MentionCondition | UnstatedCondition;

export interface MeasureCondition {
  measure: string;
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}
export interface CountCondition {
  count: string;
  part: string;
  label?: string;
  gte?: number;
  lte?: number;
}
export interface AnswerCondition {
  element: string;
  answers: string[];
  absent?: string[];
  label: string;
  absentLabel?: string;
}
export interface MentionCondition {
  mention: string[];
  absentWhen?: string[];
  label: string;
  absentLabel?: string;
}
export interface UnstatedCondition {
  unstated: string;
}

const BUILTIN: { file: string; data: unknown }[] = [
  { file: 'built-in staging/kidney-rcc-resection.json', data: kidney },
  { file: 'built-in staging/renal-sarcoma-resection.json', data: renalSarcoma },
  { file: 'built-in staging/breast-invasive-resection.json', data: breast },
  { file: 'built-in staging/colorectal-resection.json', data: colorectal },
  { file: 'built-in staging/prostate-radical-prostatectomy.json', data: prostate },
  { file: 'built-in staging/lung-resection.json', data: lung },
];

/** The staging tables, keyed by checklist id: the built-ins, and any a workspace adds the same way. */
export class StagingBase {
  private readonly tables = new Map<string, StagingTable>();

  constructor() {
    for (const { file, data } of BUILTIN) this.add(data, file, false);
  }

  /** Validates a table whole before it is used; a workspace's patterns must be valid RE2, like its checklists'. */
  /**
   * `elements` and `checklists`, when given (a workspace file), are what the table may name: each reference is
   * checked, since a typo would otherwise switch a category off without a word.
   */
  add(data: unknown, file: string, untrusted = true, elements?: ReadonlyMap<string, ElementDef>, where = '', checklists?: ReadonlySet<string>): StagingTable {
    let table: StagingTable;
    try {
      // The built-in tables are checked against the schema in the build and the tests (see builtinData).
      table = untrusted ? validateKnowledge<StagingTable>('staging', data, file) : builtinData<StagingTable>('staging', data);
    } catch (err) {
      if (err instanceof KnowledgeError && where) throw new KnowledgeError(file, err.problems.map((p) => `${where}${p.startsWith('(top level)') ? p.slice('(top level)'.length) : p}`));
      throw err;
    }
    const problems: string[] = [];
    if (checklists && !checklists.has(table.checklist)) problems.push(`${where}/checklist: no checklist has the id "${table.checklist}"; a table stages the checklist whose id it names`);
    const known = (id: string, at: string): ElementDef | undefined => {
      const el = elements?.get(id);
      if (elements && !el) problems.push(`${where}${at}: element "${id}" is not defined; add it under "elements" or use a built-in one`);
      return el;
    };
    for (const [id, m] of Object.entries(table.measures ?? {})) {
      const el = known(m.element, `/measures/${id}`);
      if (el && el.kind !== 'measurement') problems.push(`${where}/measures/${id}: element "${m.element}" is ${kindPhrase(el)}; a measure reads a measurement element (a value and unit)`);
    }
    if (untrusted) for (const p of [...(table.onlyIfMentioned ?? []), ...Object.values(table.measures ?? {}).flatMap((m) => [...(m.exclude ?? []), ...insteadOf(m).flatMap((i) => [...i.when, ...(i.patterns ?? [])])])]) compileUserPattern(p, file, where || '(top level)');
    for (const axis of ['t', 'n'] as const) {
      const cats = new Set(table[axis].categories.map((r) => r.category));
      for (const [alias, covers] of Object.entries(table[axis].aliases ?? {})) {
        for (const c of covers) if (!cats.has(c)) problems.push(`${where}/${axis}/aliases/${alias}: "${c}" is not a category of this table`);
      }
      table[axis].categories.forEach((row, i) => {
        for (const cond of [...row.when.flat(), ...(row.unless ?? [])]) {
          if ('measure' in cond && !table.measures?.[cond.measure]) problems.push(`${where}/${axis}/categories/${i}: measure "${cond.measure}" is not defined under "measures"`);
          const at = `/${axis}/categories/${i}`;
          if ('count' in cond) {
            const el = known(cond.count, at);
            const parts = el?.count?.parts.map((p) => p.id) ?? [];
            if (el && el.kind !== 'count') problems.push(`${where}${at}: element "${cond.count}" is ${kindPhrase(el)}; a count condition reads a count element`);
            else if (el && !parts.includes(cond.part)) problems.push(`${where}${at}: "${cond.part}" is not a part of the count "${cond.count}"; its parts are ${parts.join(', ')}`);
          }
          if ('element' in cond) {
            const el = known(cond.element, at);
            const ids = el ? answerIdsOf(el) : [];
            const anchors = (el?.anchors ?? []).map((a) => a.id);
            // An element read at named anchors is asked for an answer at one: "renal-vein:involved".
            const valid = (a: string) => (anchors.length && a.includes(':') ? anchors.includes(a.slice(0, a.indexOf(':'))) && ids.includes(a.slice(a.indexOf(':') + 1)) : ids.includes(a));
            for (const a of el ? [...cond.answers, ...(cond.absent ?? [])] : []) {
              if (!valid(a)) problems.push(`${where}${at}: "${a}" is not an answer of "${cond.element}"; its answers are ${ids.join(', ')}${anchors.length ? `, each may be asked at one of its anchors (${anchors.join(', ')}) as anchor:answer` : ''}`);
            }
          }
          if (untrusted) for (const p of [...('mention' in cond ? cond.mention : []), ...('absentWhen' in cond ? (cond.absentWhen ?? []) : [])]) compileUserPattern(p, file, `${where}/${axis}/categories/${i}`);
        }
      });
    }
    if (problems.length) throw new KnowledgeError(file, problems);
    this.tables.set(table.checklist, table);
    return table;
  }

  get(checklistId: string): StagingTable | undefined {
    return this.tables.get(checklistId);
  }
}

function kindPhrase(el: ElementDef): string {
  return el.kind ? `${/^[aeiou]/.test(el.kind) ? 'an' : 'a'} ${el.kind}` : 'of no kind';
}

let builtin: StagingBase | undefined;
export function builtinStaging(): StagingBase {
  if (!builtin) builtin = new StagingBase();
  return builtin;
}
