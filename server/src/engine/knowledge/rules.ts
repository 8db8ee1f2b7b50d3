import builtinRules from '../../data/rules.json';
import { MatcherCache, PhraseMatcher } from '../match';
import { Severity } from '../types';
import { answerIdsOf, ElementDef } from './checklists';
import { builtinData, compileUserPattern, KnowledgeError, validateKnowledge } from './validate';

export interface Condition {
  all?: Condition[];
  any?: Condition[];
  not?: Condition;
  ihc?: { groups: string[]; result: 'positive' | 'negative' | 'equivocal' | 'pending'; allGiven?: boolean };
  type?: { ids?: string[]; groups?: string[] };
  mention?: string[];
  /** With `mention`: the mention counts only if its sentence matches none of these. */
  notInSentenceWith?: string[];
  assert?: 'affirmed' | 'negated' | 'possible' | 'present' | 'documented' | 'mentioned';
  necrosis?: 'present' | 'absent';
  mitoticCount?: { max?: number; min?: number };
  /** A protocol element's readings in the applicable checklist. */
  element?: { id: string; answers?: string[]; scores?: string[]; ish?: boolean };
  anchor?: boolean;
}

export interface HintRule {
  code: string;
  reportType: 'pathology' | 'radiology';
  severity?: Severity;
  when: Condition;
  unless?: Condition[];
  favours: string;
  why: string;
  settle: string;
  /** The checklists the hint belongs to (it reads their elements); absent: any draft of its report type. */
  checklists?: string[];
  /** In words, for the documentation: when the `unless` conditions keep it silent. */
  silentWhen?: string;
  source: string;
}

export type ConsistencyCode = 'invalid-grade' | 'grade-system-mismatch' | 'fnclcc-score-mismatch' | 'margin-conflict' | 'laterality-conflict' | 'ivc-conflict' | 'size-conflict';

export interface ConsistencyRule {
  code: ConsistencyCode;
  severity: Severity;
  source: string;
  rationale: string;
  tolerance?: { relative?: number; absoluteCm?: number };
}

interface RulesFile {
  hints?: HintRule[];
  consistency?: ConsistencyRule[];
}

/** Every condition of a rules file's hints, nested ones included, with its JSON path. */
function forEachCondition(data: RulesFile, visit: (c: Condition, where: string) => void): void {
  const walk = (c: Condition, where: string) => {
    visit(c, where);
    c.all?.forEach((x, i) => walk(x, `${where}/all/${i}`));
    c.any?.forEach((x, i) => walk(x, `${where}/any/${i}`));
    if (c.not) walk(c.not, `${where}/not`);
  };
  data.hints?.forEach((h, i) => {
    walk(h.when, `/hints/${i}/when`);
    h.unless?.forEach((u, j) => walk(u, `/hints/${i}/unless/${j}`));
  });
}

/** Hint rules and consistency checks, built-in and from the user's workspace. */
export class RuleBase {
  hints: HintRule[] = [];
  readonly consistency = new Map<ConsistencyCode, ConsistencyRule>();
  private readonly matchers = new MatcherCache();

  constructor() {
    this.merge(builtinData<RulesFile>('rules', builtinRules));
  }

  /** Validated whole (schema and every pattern) before any of it is used. */
  addUserFile(data: unknown, file: string): void {
    const parsed = validateKnowledge<RulesFile>('rules', data, file);
    const untrusted: string[][] = [];
    forEachCondition(parsed, (c, where) => {
      c.mention?.forEach((p, i) => compileUserPattern(p, file, `${where}/mention/${i}`));
      c.notInSentenceWith?.forEach((p, i) => compileUserPattern(p, file, `${where}/notInSentenceWith/${i}`));
      if (c.mention) untrusted.push(c.mention);
      if (c.notInSentenceWith) untrusted.push(c.notInSentenceWith);
    });
    // Workspace patterns run in the linear-time engine.
    for (const list of untrusted) this.matchers.markUntrusted(list);
    this.merge(parsed);
  }

  /**
   * The checklists and elements a workspace file's hints name must exist, and the answers they ask of an element be
   * its own: a typo would otherwise keep the hint silent without a word. Called with what the file's checklists add.
   */
  checkReferences(data: unknown, file: string, checklists: ReadonlySet<string>, elements: ReadonlyMap<string, ElementDef>): void {
    const parsed = data as RulesFile;
    const problems: string[] = [];
    parsed.hints?.forEach((h, i) => {
      h.checklists?.forEach((id, j) => {
        if (!checklists.has(id)) problems.push(`/hints/${i}/checklists/${j}: no checklist has the id "${id}"; the checklists are ${[...checklists].join(', ')}`);
      });
    });
    forEachCondition(parsed, (c, where) => {
      if (!c.element) return;
      const el = elements.get(c.element.id);
      if (!el) problems.push(`${where}/element/id: element "${c.element.id}" is not defined in this file or the built-ins`);
      else {
        const ids = answerIdsOf(el);
        for (const a of c.element.answers ?? []) if (!ids.includes(a)) problems.push(`${where}/element/answers: "${a}" is not an answer of "${c.element.id}"; its answers are ${ids.join(', ')}`);
      }
    });
    if (problems.length) throw new KnowledgeError(file, problems);
  }

  private merge(data: RulesFile): void {
    this.hints = [...this.hints, ...(data.hints ?? [])];
    for (const c of data.consistency ?? []) this.consistency.set(c.code, c);
  }

  matcher(patterns: string[]): PhraseMatcher {
    return this.matchers.get(patterns);
  }
}
