import { Hover, MarkupKind, Position } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analysis } from '../engine/analyze';
import { documents } from '../engine/findings/assess';
import { renderTermMarkdown, termAt } from '../engine/terms';
import { toRange } from './diagnostics';

/**
 * Hover: the definition of the term under the cursor with its source, and,
 * where it helps, what it means in this draft (a marker's result here, the
 * grade's components here).
 */
export function hover(doc: TextDocument, analysis: Analysis | undefined, position: Position): Hover | undefined {
  const text = doc.getText();
  const offset = doc.offsetAt(position);
  const found = termAt(text, offset);
  if (!found) return undefined;
  const parts = [renderTermMarkdown(found.term)];
  if (analysis) {
    const here = inThisDraft(analysis, found.span);
    if (here) parts.push(`---\n**In this draft:** ${here}`);
  }
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n') }, range: toRange(doc, found.span) };
}

function inThisDraft(analysis: Analysis, span: { start: number; end: number }): string | undefined {
  const f = analysis.findings;
  const marker = f.ihc.find((r) => r.span.start <= span.start && span.end <= r.span.end + 1 && r.span.start < span.end);
  if (marker && documents(marker)) {
    return marker.result ? `${marker.markerLabel} is reported **${marker.result}**${marker.qualifier ? ` (${marker.qualifier})` : ''}.` : `${marker.markerLabel} is named without a result.`;
  }
  const grade = f.grades.find((g) => g.span.start <= span.start && span.start < g.span.end + 12);
  if (grade && documents(grade)) {
    const comps = f.fnclccComponents.filter((c) => documents(c));
    const list = comps.map((c) => `${c.component} ${c.score}`).join(', ');
    const value = grade.value !== undefined ? `grade ${grade.value}` : grade.tier ? `${grade.tier} grade` : 'grade not assessable';
    return `${value} (${grade.system === 'unspecified' ? 'system not named' : grade.system.toUpperCase()})${list ? `; components stated: ${list}` : ''}.`;
  }
  return undefined;
}
