import { Hover, MarkupKind, Position } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analysis } from '../engine/analyze';
import { documents } from '../engine/findings/assess';
import { loadTerms, renderTermMarkdown, TermBase } from '../engine/terms';
import { toRange } from './diagnostics';
import { stageHoverMarkdown } from './staging';

/**
 * Hover: the definition of the term under the cursor with its source, and,
 * where it helps, what it means in this draft (a marker's result here, the
 * grade's components here).
 */
export function hover(doc: TextDocument, analysis: Analysis | undefined, position: Position, terms: TermBase = loadTerms()): Hover | undefined {
  const text = doc.getText();
  const offset = doc.offsetAt(position);
  // A stated pT or pN: how the findings derive it comes first, with the term's definition (if any) after it.
  const stage = analysis ? stageHoverMarkdown(doc, analysis, offset) : undefined;
  const found = terms.termAt(text, offset);
  if (stage) {
    const term = found ? `\n\n---\n\n${renderTermMarkdown(found.term, { matched: text.slice(found.span.start, found.span.end) })}` : '';
    return { contents: { kind: MarkupKind.Markdown, value: `${stage.markdown}${term}` }, range: toRange(doc, stage.span) };
  }
  if (!found) return undefined;
  const marker = analysis?.findings.ihc.find((r) => overlaps(r.span, found.span) && documents(r));
  const result = marker?.result === 'positive' || marker?.result === 'negative' ? marker.result : undefined;
  let markdown = renderTermMarkdown(found.term, { matched: text.slice(found.span.start, found.span.end), result });
  const here = analysis ? inThisDraft(analysis, found.span) : undefined;
  if (here) {
    // The source stays the last line: the draft's own facts go just before it.
    const at = markdown.lastIndexOf('\nSource:');
    const block = `**In this draft:** ${here}\n`;
    markdown = at >= 0 ? `${markdown.slice(0, at + 1)}${block}${markdown.slice(at)}` : `${markdown}\n\n${block}`;
  }
  return { contents: { kind: MarkupKind.Markdown, value: markdown }, range: toRange(doc, found.span) };
}

function inThisDraft(analysis: Analysis, span: { start: number; end: number }): string | undefined {
  const f = analysis.findings;
  const marker = f.ihc.find((r) => overlaps(r.span, span));
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

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}
