import * as path from 'node:path';
import { Analysis, AnalyzeOptions } from '../engine/analyze';
import { extractRecord, ExtractRecord, valueText } from '../engine/extract/record';
import { toFhirBundle } from '../engine/extract/fhir';
import { lintText } from './lint';

export interface ExtractedReport extends ExtractRecord {
  file: string;
}

export interface Unreadable {
  file: string;
  problem: string;
}

/** One draft's structured record, its type from --type, else the extension, else the content (as lint). */
export function extractText(file: string, text: string, type: 'pathology' | 'radiology' | undefined, options: AnalyzeOptions, includeText: boolean): { report: ExtractedReport; analysis: Analysis } {
  const { analysis } = lintText(file, text, type, options);
  return { report: { file, ...extractRecord(analysis, { includeText, knowledge: options.knowledge }) }, analysis };
}

export function formatExtractJson(reports: ExtractedReport[], unreadable: Unreadable[]): string {
  return JSON.stringify({ version: 1, reports, unreadable }, null, 2) + '\n';
}

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * One row per input file, one column per element across the checklists in the
 * run (in checklist order). A cell is the element's value as text, "stated"
 * when it has no value to give, "missing", "not-applicable", or empty when the
 * element is not in that report's checklist. Unreadable files keep their row.
 */
export function formatExtractCsv(reports: ExtractedReport[], unreadable: Unreadable[], order: string[]): string {
  const columns: string[] = [];
  for (const r of reports) for (const e of r.elements) if (!columns.includes(e.element)) columns.push(e.element);
  const rows: string[][] = [['file', 'status', 'reportType', 'checklist', ...columns]];
  const byFile = new Map<string, string[]>();
  for (const r of reports) {
    const cells = new Map(r.elements.map((e) => [e.element, e.status === 'stated' ? valueText(e.value) || 'stated' : e.status]));
    byFile.set(r.file, [r.file, 'ok', r.reportType, r.checklist?.id ?? '', ...columns.map((c) => cells.get(c) ?? '')]);
  }
  for (const u of unreadable) byFile.set(u.file, [u.file, 'unreadable', '', '', ...columns.map(() => '')]);
  for (const f of order) if (byFile.has(f)) rows.push(byFile.get(f)!);
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** A JSON array of FHIR R4 Bundles, one per readable report, in input order. */
export function formatExtractFhir(reports: ExtractedReport[], includeText: boolean): string {
  const bundles = reports.map((r) => toFhirBundle(r, r.file.split(path.sep).join('/'), { includeText }));
  return JSON.stringify(bundles, null, 2) + '\n';
}
