import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analysis, Knowledge } from '../engine/analyze';
import { toFhirBundle } from '../engine/extract/fhir';
import { extractRecord, ExtractRecord, valueText } from '../engine/extract/record';

export interface StructuredReportParams {
  uri: string;
  /** Also the FHIR R4 Bundle ("Copy as FHIR"). */
  fhir?: boolean;
}

export interface StructuredReport {
  uri: string;
  version: number;
  /** The record `synoptic extract --format json` gives for this draft, its file being the document's URI. */
  report: ExtractRecord & { file: string };
  /** Each element's value in words, as the CSV gives it, in the order of report.elements. */
  valueTexts: string[];
  fhir?: Record<string, unknown>;
}

/**
 * The draft as structured data, for the editor's structured view and its copy
 * commands: the same record, from the same engine, as the CLI's extract. No
 * evidence text: the view reads it from the draft itself, and what is copied
 * matches the CLI's default.
 */
export function structuredReport(doc: TextDocument, analysis: Analysis, knowledge: Knowledge, fhir = false): StructuredReport {
  const report = { file: doc.uri, ...extractRecord(analysis, { knowledge }) };
  return { uri: doc.uri, version: doc.version, report, valueTexts: report.elements.map((e) => valueText(e.value)), ...(fhir ? { fhir: toFhirBundle(report, doc.uri) } : {}) };
}
