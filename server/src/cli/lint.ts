import * as path from 'node:path';
import { analyze, Analysis, AnalyzeOptions } from '../engine/analyze';
import { LineIndex } from '../engine/text';
import { AxisStage, settledCategory } from '../engine/staging/derive';
import { EngineDiagnostic, Span } from '../engine/types';
import { REPORT_EXTENSIONS } from './files';

export interface LintDiagnostic {
  code: string;
  severity: EngineDiagnostic['severity'];
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

type LintRange = LintDiagnostic['range'];

/** pT and pN as the draft states them and as its findings give them, for an audit of staging across a directory. */
export interface LintStage {
  /** As written, prefix and suffixes kept ("ypT1c(m)"); null when not stated. */
  stated: { t: string | null; n: string | null };
  /** "pT2a" when the findings give one category, "at least pT1b" or "at most pN0" when they bound it; null when they cannot decide. */
  derived: { t: string | null; n: string | null };
  /** The findings the derivation rests on, with where the draft states them. */
  evidence: { t: { text: string; range?: LintRange }[]; n: { text: string; range?: LintRange }[] };
  /** Findings the draft does not state that could raise a category. */
  unstated: { t: string[]; n: string[] };
}

export interface LintResult {
  file: string;
  reportType: 'pathology' | 'radiology' | 'unknown';
  checklist: string | null;
  diagnostics: LintDiagnostic[];
  /** Null when the draft's checklist has no staging table (or no checklist applies). */
  stage: LintStage | null;
}

/** Lints one draft's text: the report type comes from --type, else the extension, else the content. */
export function lintText(file: string, text: string, type: 'pathology' | 'radiology' | undefined, options: AnalyzeOptions = {}): { result: LintResult; analysis: Analysis } {
  const fromExt = REPORT_EXTENSIONS[path.extname(file).toLowerCase()];
  const analysis = analyze(text, { ...options, reportType: type ?? fromExt ?? 'auto' });
  const lines = new LineIndex(text);
  const diagnostics = analysis.diagnostics.map((d) => ({
    code: d.code,
    severity: d.severity,
    message: d.message,
    range: { start: lines.positionAt(d.span.start), end: lines.positionAt(d.span.end) },
  }));
  return { result: { file, reportType: analysis.reportType, checklist: analysis.checklist?.checklist.id ?? null, diagnostics, stage: stageOf(analysis, lines) }, analysis };
}

function stageOf(analysis: Analysis, lines: LineIndex): LintStage | null {
  const s = analysis.stage;
  if (!s) return null;
  const range = (span: Span): LintRange => ({ start: lines.positionAt(span.start), end: lines.positionAt(span.end) });
  const evidence = (a: AxisStage) => a.evidence.map((e) => (e.span ? { text: e.text, range: range(e.span) } : { text: e.text }));
  return {
    stated: { t: settledCategory(analysis.model, s.t.stated)?.text ?? null, n: settledCategory(analysis.model, s.n.stated)?.text ?? null },
    derived: { t: s.t.derivedText ?? null, n: s.n.derivedText ?? null },
    evidence: { t: evidence(s.t), n: evidence(s.n) },
    unstated: { t: s.t.unstated, n: s.n.unstated },
  };
}

export function formatText(results: LintResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    for (const d of r.diagnostics) lines.push(`${r.file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} [${d.code}] ${d.message}`);
  }
  const count = results.reduce((n, r) => n + r.diagnostics.length, 0);
  lines.push(`${results.length} file(s) checked, ${count} problem(s).`);
  return lines.join('\n') + '\n';
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;

export function formatSarif(results: LintResult[], docsBase: string): string {
  const codes = [...new Set(results.flatMap((r) => r.diagnostics.map((d) => d.code)))].sort();
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'synoptic', version: '0.1.0', rules: codes.map((id) => ({ id, helpUri: `${docsBase}/${id}.md` })) } },
        results: results.flatMap((r) =>
          r.diagnostics.map((d) => ({
            ruleId: d.code,
            level: SARIF_LEVEL[d.severity],
            message: { text: d.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: r.file.split(path.sep).join('/') },
                  // SARIF counts lines and columns from 1.
                  region: { startLine: d.range.start.line + 1, startColumn: d.range.start.character + 1, endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1 },
                },
              },
            ],
          })),
        ),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
