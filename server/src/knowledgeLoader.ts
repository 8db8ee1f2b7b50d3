import * as fs from 'node:fs';
import { builtinKnowledge, Knowledge } from './engine/analyze';
import { ChecklistBase } from './engine/knowledge/checklists';
import { RuleBase } from './engine/knowledge/rules';
import { KnowledgeError } from './engine/knowledge/validate';
import { insteadOf, StagingBase, StagingTable } from './engine/staging/tables';
import { loadTerms } from './engine/terms';

/**
 * Loads the user's workspace rule file on top of the built-ins. A broken file
 * yields a message naming the file and the fix; the built-ins keep working.
 */
export function loadKnowledge(ruleFiles: string[]): { knowledge: Knowledge; problems: string[] } {
  const problems: string[] = [];
  const existing = ruleFiles.filter((f) => fs.existsSync(f));
  if (existing.length === 0) return { knowledge: builtinKnowledge(), problems };
  const checklists = new ChecklistBase();
  const rules = new RuleBase();
  const termFiles: { data: unknown; file: string }[] = [];
  const staging = new StagingBase();
  for (const file of existing) {
    let data: unknown;
    let source = '';
    try {
      source = fs.readFileSync(file, 'utf8');
      data = JSON.parse(source);
    } catch (err) {
      const reason = err instanceof SyntaxError ? `is not valid JSON (${jsonErrorAt(source, err.message)})` : `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`;
      problems.push(`${file} ${reason}. Fix the file; the built-in checklists are used meanwhile.`);
      continue;
    }
    try {
      addUserFile(checklists, rules, termFiles, staging, data, file);
    } catch (err) {
      if (err instanceof KnowledgeError) problems.push(`${err.file}: ${err.problems.join('; ')}. The built-in checklists are used meanwhile.`);
      else problems.push(`${file} could not be loaded (${(err as Error).name}). The built-in checklists are used meanwhile.`);
    }
  }
  // Without terms of the workspace's own, the built-in ones are loaded at the first hover.
  const knowledge: Knowledge = termFiles.length ? { checklists, rules, staging, terms: loadTerms(termFiles) } : { checklists, rules, staging, get terms() { return loadTerms(); } };
  return { knowledge, problems };
}

const CHECKLIST_KEYS = ['elements', 'checklists'];
const RULE_KEYS = ['hints', 'consistency'];
const TERM_KEYS = ['terms'];
const STAGING_KEYS = ['staging'];

/** One workspace file may carry checklists, elements, hints, consistency settings, terms and staging tables. */
function addUserFile(checklists: ChecklistBase, rules: RuleBase, termFiles: { data: unknown; file: string }[], staging: StagingBase, data: unknown, file: string): void {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new KnowledgeError(file, ['(top level): must be an object with "elements", "checklists", "hints", "consistency", "terms" or "staging"']);
  }
  const obj = data as Record<string, unknown>;
  const known = [...CHECKLIST_KEYS, ...RULE_KEYS, ...TERM_KEYS, ...STAGING_KEYS];
  const unknown = Object.keys(obj).filter((k) => !k.startsWith('$') && !known.includes(k));
  if (unknown.length) throw new KnowledgeError(file, unknown.map((k) => `(top level): unknown property "${k}"; expected elements, checklists, hints, consistency, terms or staging`));
  const pick = (keys: string[]) => Object.fromEntries(Object.entries(obj).filter(([k]) => keys.includes(k)));
  const checklistPart = pick(CHECKLIST_KEYS);
  const rulePart = pick(RULE_KEYS);
  // Validate both parts before merging either, so a broken file changes nothing.
  const trialChecklists = new ChecklistBase();
  const trialRules = new RuleBase();
  if (Object.keys(checklistPart).length) trialChecklists.addUserFile(checklistPart, file);
  if (Object.keys(rulePart).length) trialRules.addUserFile(rulePart, file);
  // Terms are checked against the terms schema and with the files before them.
  const termPart = 'terms' in obj ? [{ data: { terms: obj.terms }, file }] : [];
  if (termPart.length) loadTerms([...termFiles, ...termPart]);
  // Staging tables (one per checklist id, as in server/src/data/staging/), over the elements known once this file is merged.
  const tables = stagingPart(obj, file);
  const elements = new Map([...checklists.elements, ...trialChecklists.elements]);
  const checklistIds = new Set([...checklists.checklists, ...trialChecklists.checklists].map((c) => c.id));
  if (Object.keys(rulePart).length) trialRules.checkReferences(rulePart, file, checklistIds, elements);
  const trialStaging = new StagingBase();
  tables.forEach((t, i) => trialStaging.add(t, file, true, elements, `/staging/${i}`, checklistIds));
  if (Object.keys(checklistPart).length) checklists.addUserFile(checklistPart, file);
  if (Object.keys(rulePart).length) rules.addUserFile(rulePart, file);
  termFiles.push(...termPart);
  for (const t of tables) {
    const table = staging.add(t, file, true, elements, '', checklistIds);
    if (table.onlyIfMentioned) checklists.markUntrusted(table.onlyIfMentioned);
    for (const m of Object.values(table.measures ?? {})) {
      if (m.exclude) checklists.markUntrusted(m.exclude);
      for (const i of insteadOf(m)) {
        checklists.markUntrusted(i.when);
        if (i.patterns) checklists.markUntrusted(i.patterns);
      }
    }
    // Its patterns run in the linear-time engine, like every workspace pattern.
    for (const row of [...table.t.categories, ...table.n.categories]) {
      for (const c of [...row.when.flat(), ...(row.unless ?? [])]) {
        if ('mention' in c) checklists.markUntrusted(c.mention);
        if ('absentWhen' in c && c.absentWhen) checklists.markUntrusted(c.absentWhen);
      }
    }
  }
}

function stagingPart(obj: Record<string, unknown>, file: string): unknown[] {
  if (!('staging' in obj)) return [];
  if (!Array.isArray(obj.staging)) throw new KnowledgeError(file, ['/staging: must be an array of staging tables (see server/src/data/schemas/staging.schema.json)']);
  return obj.staging as StagingTable[];
}

/** A JSON parser's message with the line and column of its "position N" (JSON.parse gives only the offset). */
function jsonErrorAt(text: string, message: string): string {
  const m = /position (\d+)/.exec(message);
  if (!m) return message;
  const before = text.slice(0, Number(m[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${message.replace(/\s*\(line \d+ column \d+\)$/, '')}, line ${line} column ${column}`;
}
