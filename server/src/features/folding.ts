import { FoldingRange, FoldingRangeKind } from 'vscode-languageserver';
import { ReportModel } from '../engine/parser';
import { trimEnd } from './documentSymbols';

/** One fold per section, from its header to its last non-blank line. */
export function foldingRanges(model: ReportModel): FoldingRange[] {
  const out: FoldingRange[] = [];
  for (const s of model.sections) {
    if (s.kind === 'preamble' || s.kind === 'title' || s.title === '') continue;
    const startLine = model.lines.positionAt(s.headerSpan.start).line;
    const endLine = model.lines.positionAt(trimEnd(model.text, s.bodySpan.end)).line;
    if (endLine > startLine) out.push({ startLine, endLine, kind: FoldingRangeKind.Region });
  }
  return out;
}
