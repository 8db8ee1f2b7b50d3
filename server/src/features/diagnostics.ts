import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import { Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Range } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analysis } from '../engine/analyze';
import { EngineDiagnostic, Severity, Span } from '../engine/types';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Rule documentation ships inside the extension, so the link works offline. */
const DOCS_ROOT = path.resolve(__dirname, '..', 'docs', 'rules');

export function ruleDocUri(code: string): string {
  return pathToFileURL(path.join(DOCS_ROOT, `${code}.md`)).toString();
}

export function toRange(doc: TextDocument, span: Span): Range {
  return { start: doc.positionAt(span.start), end: doc.positionAt(span.end) };
}

export function toDiagnostic(doc: TextDocument, d: EngineDiagnostic): Diagnostic {
  const related: DiagnosticRelatedInformation[] | undefined = d.related?.map((r) => ({
    location: { uri: doc.uri, range: toRange(doc, r.span) },
    message: r.message,
  }));
  return {
    range: toRange(doc, d.span),
    severity: SEVERITY[d.severity],
    code: d.code,
    codeDescription: { href: ruleDocUri(d.code) },
    source: 'synoptic',
    message: d.message,
    relatedInformation: related,
    data: d.data,
  };
}

export function computeDiagnostics(doc: TextDocument, analysis: Analysis): Diagnostic[] {
  return analysis.diagnostics.map((d) => toDiagnostic(doc, d));
}
