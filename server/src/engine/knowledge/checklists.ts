import builtinChecklists from '../../data/checklists.json';
import sharedAnswers from '../../data/shared/answers.json';
import type { AnswerDef, CountSpec, ElementKind, GradeSpec, MarkerSpec, MeasurementSubject, StageSpec } from '../kinds/types';
import { MatcherCache, PhraseMatcher } from '../match';
import { BUILTIN_PROTOCOLS } from './builtinProtocols';
import { builtinData, compileUserPattern, KnowledgeError, validateKnowledge } from './validate';

export type FindingKind = 'procedure' | 'histologic-type' | 'grade' | 'mitotic-count' | 'necrosis' | 'margins';

export interface ElementDef {
  label: string;
  finding?: FindingKind;
  patterns?: string[];
  fieldKeys?: string[];
  satisfy: string;
  template?: string;
  values?: string[];
  /** Protocol elements: how the value is read (see kinds/). */
  kind?: ElementKind;
  answers?: AnswerDef[];
  presence?: boolean;
  answersAnywhere?: boolean;
  /** Where an anchor's answer is read: the rest of its clause (default) or the whole clause. */
  region?: 'after' | 'clause';
  /** The answer a negated anchor gives (present/absent elements: not-identified). */
  negated?: string;
  /** Named anchors instead of `patterns`: a reading records which one it was read at (the renal vein, the IVC). */
  anchors?: { id: string; patterns: string[] }[];
  /** Words right after an anchor (one word may come between) that make it something else: "renal vein margin". */
  notFollowedBy?: string[];
  /** 'listed': of the answers in a region, the one listed first wins, not the one written first ("IVC free; thrombus in the renal vein"). */
  answerOrder?: 'listed';
  /** A filled-in field states the element only with one of its answers, not in words of its own. */
  answersOnly?: boolean;
  /** An answer in prose counts only with one of these words within `reach` characters in its clause ("left kidney", not "left in place"), or in one of the element's fields. */
  near?: { patterns: string[]; reach: number };
  /** What decides the element, in order: the first rule a documenting reading matches states it or leaves it incomplete (with a note). Without rules, any answer states it. */
  decidedBy?: { anchors?: string[]; answers?: string[]; states: boolean; note?: string }[];
  /** Marker: a panel of every marker's result (the item's expectedMarkers say which groups it needs). */
  panel?: boolean;
  /** A measurement of the element's subject, anywhere in prose (tumour size): see kinds/measurement.ts. */
  subject?: MeasurementSubject;
  unit?: 'cm' | 'mm';
  count?: CountSpec;
  marker?: MarkerSpec;
  grade?: GradeSpec;
  stage?: StageSpec;
  source?: string;
}

export interface ChecklistItem {
  element: string;
  code: string;
  incompleteCode?: string;
  requirement: 'required' | 'recommended';
  source: string;
  onlyIfMentioned?: string[];
  /** The item does not apply when one of these is affirmed where the draft documents something (an invasive mucinous adenocarcinoma has no IASLC grade). */
  unlessMentioned?: string[];
  onlyIfTypeGroups?: string[];
  expectedMarkers?: { group: string; label: string }[];
}

export interface Checklist {
  id: string;
  title: string;
  shortTitle: string;
  reportType: 'pathology' | 'radiology';
  appliesWhen: {
    typeGroups?: string[];
    procedureCategories?: ('resection' | 'biopsy' | 'unknown')[];
    mentions?: string[];
    unlessMentions?: string[];
    /** Keeps the checklist despite unlessMentions when one of these is affirmed too. */
    unlessMentionsBut?: string[];
    /** Protocols as data: the organ's malignancy affirmed as the diagnosis, the organ, a resection; none of `unless`. */
    diagnosis?: string[];
    site?: string[];
    procedures?: string[];
    unless?: string[];
  };
  protocolNames?: string[];
  anchorSections?: string[];
  source: string;
  items: ChecklistItem[];
}

interface ChecklistFile {
  elements?: Record<string, ElementDef>;
  checklists?: Checklist[];
}

/** Checklists and elements, built-in and from the user's workspace, with their patterns compiled once. */
/** A node of ChecklistBase's answer matchers, by the lists asked for. */
interface AnswerNode {
  next: WeakMap<AnswerDef[], AnswerNode>;
  matcher?: PhraseMatcher;
}

export class ChecklistBase {
  readonly elements = new Map<string, ElementDef>();
  readonly checklists: Checklist[] = [];
  /** The checklists in the order a draft tries them: a workspace file's own first, so an institution's protocol wins over a built-in one that also applies. */
  byPrecedence: Checklist[] = this.checklists;
  private readonly fromWorkspace = new Set<string>();
  private readonly matchers = new MatcherCache();

  constructor() {
    this.merge(builtinData<ChecklistFile>('checklists', builtinChecklists), 'built-in checklists.json', false);
    for (const { file, data } of BUILTIN_PROTOCOLS) this.merge(builtinData<ChecklistFile>('checklists', data), file, false);
  }

  /**
   * Adds a user's checklist file. The file is validated whole before anything
   * of it is used, so a broken file changes nothing and the built-ins keep working.
   * Every pattern in it must be valid RE2 and runs in the linear-time engine.
   */
  addUserFile(data: unknown, file: string): void {
    const parsed = validateKnowledge<ChecklistFile>('checklists', data, file);
    forEachPatternList(parsed, '', (list, where) => list.forEach((p, i) => compileUserPattern(p, file, `${where}/${i}`)));
    parsed.checklists?.forEach((c, ci) => {
      for (const item of c.items) {
        if (!parsed.elements?.[item.element] && !this.elements.has(item.element)) {
          throw new KnowledgeError(file, [`/checklists/${ci}: item element "${item.element}" is not defined; add it under "elements" or use one of: ${[...this.elements.keys()].join(', ')}`]);
        }
      }
    });
    // What the schema cannot see, and a typo would silently switch off: a checklist id given twice, a rule naming an answer or an anchor the element does not have.
    const problems: string[] = [];
    parsed.checklists?.forEach((c, ci) => {
      const first = parsed.checklists!.findIndex((x) => x.id === c.id);
      if (first < ci) problems.push(`/checklists/${ci}/id: "${c.id}" is the id of /checklists/${first} too; give each checklist its own id`);
    });
    for (const [id, el] of Object.entries(parsed.elements ?? {})) {
      const answers = answerIdsOf(el);
      const anchors = (el.anchors ?? []).map((a) => a.id);
      el.decidedBy?.forEach((rule, ri) => {
        for (const a of rule.answers ?? []) if (!answers.includes(a)) problems.push(`/elements/${id}/decidedBy/${ri}/answers: "${a}" is not an answer of this element; its answers are ${answers.join(', ')}`);
        for (const a of rule.anchors ?? []) if (!anchors.includes(a)) problems.push(`/elements/${id}/decidedBy/${ri}/anchors: "${a}" is not one of its anchors${anchors.length ? ` (${anchors.join(', ')})` : ' (it has none)'}`);
      });
    }
    if (problems.length) throw new KnowledgeError(file, problems);
    forEachPatternList(parsed, '', (list) => this.matchers.markUntrusted(list));
    forEachAnswerList(parsed, (list) => this.untrustedAnswers.add(list));
    this.merge(parsed, file, true);
    for (const c of parsed.checklists ?? []) this.fromWorkspace.add(c.id);
    this.byPrecedence = [...this.checklists.filter((c) => this.fromWorkspace.has(c.id)), ...this.checklists.filter((c) => !this.fromWorkspace.has(c.id))];
  }

  private merge(data: ChecklistFile, file: string, replace: boolean): void {
    for (const [id, el] of Object.entries(data.elements ?? {})) {
      this.elements.set(id, el);
    }
    for (const c of data.checklists ?? []) {
      for (const item of c.items) {
        if (!this.elements.has(item.element)) throw new KnowledgeError(file, [`checklist "${c.id}": unknown element "${item.element}"`]);
      }
      const i = this.checklists.findIndex((x) => x.id === c.id);
      if (i >= 0 && replace) this.checklists[i] = c;
      else if (i < 0) this.checklists.push(c);
    }
  }

  /** Matcher for a pattern-defined element's (or a checklist's) list, compiled once. */
  matcher(patterns: string[]): PhraseMatcher {
    return this.matchers.get(patterns);
  }

  /** Whether a pattern list came from a workspace file (and so must run in the linear-time engine). */
  isUntrusted(patterns: string[]): boolean {
    return this.matchers.isUntrusted(patterns);
  }

  /** Marks a list built from workspace patterns, so it too runs in the linear-time engine. */
  markUntrusted(patterns: string[]): void {
    this.matchers.markUntrusted(patterns);
  }

  private readonly untrustedAnswers = new WeakSet<AnswerDef[]>();
  /** The matchers of answer lists, by the lists asked for (a tree of maps, one level per list): a reader asking at every block builds no key. */
  private readonly answerTree: AnswerNode = { next: new WeakMap() };
  private readonly answerLists = new WeakMap<AnswerDef[], PhraseMatcher>();

  /** One matcher over several answer lists, each hit named by its answer id; earlier lists win ties of length. */
  answers(lists: AnswerDef[][]): PhraseMatcher {
    let node = this.answerTree;
    for (const l of lists) {
      let next = node.next.get(l);
      if (!next) node.next.set(l, (next = { next: new WeakMap() }));
      node = next;
    }
    // One matcher per list, shared by every union it is in (the universal answers are in all of them).
    node.matcher ??= lists.every((l) => l.length === 0) ? new PhraseMatcher([]) : PhraseMatcher.union(lists.filter((l) => l.length).map((l) => this.answerList(l)));
    return node.matcher;
  }

  private answerList(list: AnswerDef[]): PhraseMatcher {
    let m = this.answerLists.get(list);
    if (!m) {
      m = new PhraseMatcher(
        list.map((a) => ({ id: a.id, patterns: a.patterns })),
        this.untrustedAnswers.has(list) ? 'linear' : 'backtracking',
      );
      this.answerLists.set(list, m);
    }
    return m;
  }
}

/**
 * The answer ids a reading of an element may carry: its own answers, the answers every element shares ("cannot be
 * assessed", "pending", "reported on an earlier specimen"), present / not identified, and what a negation gives it.
 * What a rule or a staging condition may name.
 */
export function answerIdsOf(el: ElementDef): string[] {
  const ids = [...(el.answers ?? []).map((a) => a.id), ...sharedAnswers.universal.map((a) => a.id), ...sharedAnswers.presence.map((a) => a.id)];
  if (el.negated) ids.push(el.negated);
  return [...new Set(ids)];
}

/** Keys whose arrays are regular-expression patterns, wherever they sit in a checklist file. */
const PATTERN_KEYS = new Set(['patterns', 'mentions', 'unlessMentions', 'unlessMentionsBut', 'onlyIfMentioned', 'unlessMentioned', 'diagnosis', 'site', 'procedures', 'unless', 'totalPatterns', 'notFollowedBy', 'notBefore', 'notAfter', 'specimenBefore', 'subjectAfter', 'namedAgain']);

/** Calls `visit` on every pattern list of a checklist file, with its JSON path. */
function forEachPatternList(node: unknown, where: string, visit: (list: string[], where: string) => void): void {
  if (Array.isArray(node)) {
    node.forEach((x, i) => forEachPatternList(x, `${where}/${i}`, visit));
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  for (const [k, v] of Object.entries(node)) {
    if (PATTERN_KEYS.has(k) && Array.isArray(v) && v.every((x) => typeof x === 'string')) visit(v as string[], `${where}/${k}`);
    else forEachPatternList(v, `${where}/${k}`, visit);
  }
}

/** Calls `visit` on every answer list (arrays of {id, patterns}). */
function forEachAnswerList(node: unknown, visit: (list: AnswerDef[]) => void): void {
  if (Array.isArray(node)) {
    if (node.length && node.every((x) => typeof x === 'object' && x !== null && 'id' in x && 'patterns' in x)) visit(node as AnswerDef[]);
    node.forEach((x) => forEachAnswerList(x, visit));
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  for (const v of Object.values(node)) forEachAnswerList(v, visit);
}
