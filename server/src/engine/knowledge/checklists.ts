import builtinData from '../../data/checklists.json';
import checklistSchema from '../../data/schemas/checklists.schema.json';
import { MatcherCache, PhraseMatcher } from '../match';
import { compileUserPattern, KnowledgeError, validateKnowledge } from './validate';

export type FindingKind = 'procedure' | 'laterality' | 'size' | 'histologic-type' | 'grade' | 'mitotic-count' | 'necrosis' | 'margins' | 'venous' | 'ihc';

export interface ElementDef {
  label: string;
  finding?: FindingKind;
  patterns?: string[];
  fieldKeys?: string[];
  satisfy: string;
  template?: string;
  values?: string[];
}

export interface ChecklistItem {
  element: string;
  code: string;
  incompleteCode?: string;
  requirement: 'required' | 'recommended';
  source: string;
  onlyIfMentioned?: string[];
  onlyIfTypeGroups?: string[];
  expectedMarkers?: { group: string; label: string }[];
}

export interface Checklist {
  id: string;
  title: string;
  shortTitle: string;
  reportType: 'pathology' | 'radiology';
  appliesWhen: { typeGroups?: string[]; procedureCategories?: ('resection' | 'biopsy' | 'unknown')[]; mentions?: string[]; unlessMentions?: string[] };
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
export class ChecklistBase {
  readonly elements = new Map<string, ElementDef>();
  readonly checklists: Checklist[] = [];
  private readonly matchers = new MatcherCache();

  constructor() {
    this.merge(validateKnowledge<ChecklistFile>(checklistSchema, builtinData, 'built-in checklists.json'), 'built-in checklists.json', false);
  }

  /**
   * Adds a user's checklist file. The file is validated whole before anything
   * of it is used, so a broken file changes nothing and the built-ins keep working.
   */
  addUserFile(data: unknown, file: string): void {
    const parsed = validateKnowledge<ChecklistFile>(checklistSchema, data, file);
    // Compile every user pattern first: a runaway or invalid one rejects the file.
    for (const [id, el] of Object.entries(parsed.elements ?? {})) {
      (el.patterns ?? []).forEach((p, i) => compileUserPattern(p, file, `/elements/${id}/patterns/${i}`));
    }
    parsed.checklists?.forEach((c, ci) => {
      (c.appliesWhen.mentions ?? []).forEach((p, i) => compileUserPattern(p, file, `/checklists/${ci}/appliesWhen/mentions/${i}`));
      (c.appliesWhen.unlessMentions ?? []).forEach((p, i) => compileUserPattern(p, file, `/checklists/${ci}/appliesWhen/unlessMentions/${i}`));
      for (const item of c.items) {
        if (!parsed.elements?.[item.element] && !this.elements.has(item.element)) {
          throw new KnowledgeError(file, [`/checklists/${ci}: item element "${item.element}" is not defined; add it under "elements" or use one of: ${[...this.elements.keys()].join(', ')}`]);
        }
      }
    });
    this.merge(parsed, file, true);
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
}
