import { BlockCache } from './document';
import { ChecklistResult, checklistDiagnostics, evaluateChecklist, ReportType, selectChecklist } from './checklist';
import { extractFindings } from './findings/extract';
import { Findings } from './findings/types';
import { ChecklistBase } from './knowledge/checklists';
import { RuleBase } from './knowledge/rules';
import { evaluateConsistency } from './rules/consistency';
import { evaluateHints } from './rules/hints';
import { firstLineText, parseReport, ReportModel } from './parser';
import { normalize } from './text';
import { deriveStage, StageDerivation, stageDiagnostics } from './staging/derive';
import { builtinStaging, StagingBase } from './staging/tables';
import { loadTerms, TermBase } from './terms';
import { EngineDiagnostic, Severity } from './types';

export type SeveritySetting = Severity | 'off';

export interface AnalyzeOptions {
  /** From the file's language or extension; 'auto' reads the content. */
  reportType?: ReportType | 'auto';
  knowledge?: Knowledge;
  /** Per-code severity overrides; 'off' drops the code. */
  severities?: Record<string, SeveritySetting>;
  /** Checklist ids the user turned off. */
  disabledChecklists?: string[];
}

/** Everything the engine knows: checklists (and, through them, elements). */
export interface Knowledge {
  checklists: ChecklistBase;
  rules: RuleBase;
  /** Terms for hovers: the built-ins plus a workspace's own, if any. */
  terms: TermBase;
  /** Staging tables by checklist id; the built-ins when absent. */
  staging?: StagingBase;
}

export interface Analysis {
  reportType: ReportType;
  model: ReportModel;
  findings: Findings;
  checklist?: ChecklistResult;
  /** pT and pN as stated and as the findings give them, for checklists with a staging table. */
  stage?: StageDerivation;
  diagnostics: EngineDiagnostic[];
  /** Why the text was not analysed (binary, too large), in words for the user; never contains report text. */
  notice?: string;
}

let defaultKnowledge: Knowledge | undefined;
export function builtinKnowledge(): Knowledge {
  // The terms are for hovers: loaded at the first hover, so a start (and `synoptic lint`) does not build them.
  if (!defaultKnowledge) defaultKnowledge = { checklists: new ChecklistBase(), rules: new RuleBase(), get terms() { return loadTerms(); } };
  return defaultKnowledge;
}

const PATHOLOGY_FIRST_LINE = /^\s*(?:surgical pathology|pathology report|pathology consultation|cytopathology|final pathology)/;
const RADIOLOGY_FIRST_LINE = /^\s*(?:ct|mri?|mr|us|ultrasound|computed tomography|magnetic resonance|radiology report|exam(?:ination)?\s*:\s*(?:ct|mri?|us))(?![a-z])/;

/** Pathology or radiology, from the first line or the sections a draft uses. */
export function detectReportType(model: ReportModel): ReportType {
  const first = normalize(firstLineText(model)).trimStart();
  if (PATHOLOGY_FIRST_LINE.test(first)) return 'pathology';
  if (RADIOLOGY_FIRST_LINE.test(first)) return 'radiology';
  const kinds = new Set(model.sections.map((s) => s.kind));
  const rad = ['indication', 'technique', 'comparison', 'findings', 'impression'].filter((k) => kinds.has(k)).length;
  const path = ['gross', 'microscopic', 'ihc', 'diagnosis', 'synoptic', 'specimen'].filter((k) => kinds.has(k)).length;
  if (rad >= 2 && rad > path) return 'radiology';
  if (path >= 1 && path >= rad) return 'pathology';
  return 'unknown';
}

/** The characters looksBinary counts: C0 controls other than tab, line feed, form feed and carriage return. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f]/;

/** Binary content (NUL bytes, or many control characters) is not a report. */
export function looksBinary(text: string): boolean {
  const sample = text.slice(0, 8192);
  // The usual case, a text with no control characters at all, in one native scan.
  if (!CONTROL.test(sample)) return false;
  if (sample.includes('\u0000')) return true;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) control++;
  }
  return sample.length > 0 && control / sample.length > 0.05;
}

/** Analyses a text once. An editor keeps a BlockCache per document and calls analyzeWith instead. */
export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
  return analyzeWith(new BlockCache(), text, options);
}

/** `changedFrom`: the first offset that may differ from the text this cache last analysed (from the editor's change ranges). */
export function analyzeWith(cache: BlockCache, text: string, options: AnalyzeOptions = {}, changedFrom?: number): Analysis {
  const knowledge = options.knowledge ?? builtinKnowledge();
  if (looksBinary(text)) {
    const model = parseReport('');
    return { reportType: 'unknown', model, findings: extractFindings(model), diagnostics: [], notice: 'This file looks binary, not a text report; Synoptic did not analyse it.' };
  }
  const { model, findings } = cache.build(text, changedFrom);
  const reportType = !options.reportType || options.reportType === 'auto' ? detectReportType(model) : options.reportType;
  const disabled = new Set(options.disabledChecklists ?? []);
  const base = knowledge.checklists;
  const checklist = selectChecklist(base, model, findings, reportType);
  const result = checklist && !disabled.has(checklist.id) ? evaluateChecklist(base, checklist, model, findings) : undefined;
  const stage = result ? deriveStage(knowledge.staging ?? builtinStaging(), base, result, model) : undefined;
  const found = [
    ...(result ? checklistDiagnostics(result) : []),
    ...(result ? result.checks : []),
    ...stageDiagnostics(stage, model),
    ...(reportType === 'unknown' ? [] : evaluateConsistency(knowledge.rules, model, findings, result, reportType, base)),
    ...(reportType === 'unknown' ? [] : evaluateHints(knowledge.rules, model, findings, reportType, result)),
  ];
  const diagnostics = applySeverities(found, options.severities);
  return { reportType, model, findings, checklist: result, stage, diagnostics };
}

export function applySeverities(diagnostics: EngineDiagnostic[], severities: Record<string, SeveritySetting> | undefined): EngineDiagnostic[] {
  if (!severities) return diagnostics;
  const out: EngineDiagnostic[] = [];
  for (const d of diagnostics) {
    const s = severities[d.code];
    if (s === 'off') continue;
    out.push(s ? { ...d, severity: s } : d);
  }
  return out;
}
