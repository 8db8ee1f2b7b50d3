import { Analysis, Knowledge } from '../engine/analyze';
import { fitToSection, insertionPoint, readBodyLine } from './snippets';

/**
 * The full synoptic template for the draft's checklist, as a snippet with one
 * tab stop per field. Given the offset where it will be inserted, it is fitted
 * like a snippet: inside the section its header opens, the header and the
 * fields that section already has are left out.
 */
export function templateFor(analysis: Analysis, knowledge: Knowledge, offset?: number): { snippet: string | null; title?: string } {
  const c = analysis.checklist?.checklist;
  if (!c) return { snippet: null };
  let stop = 0;
  const lines: string[] = [c.reportType === 'radiology' ? 'IMPRESSION:' : 'SYNOPTIC REPORT:'];
  for (const item of c.items) {
    const el = knowledge.checklists.elements.get(item.element);
    if (!el?.template) continue;
    // Renumber each line's tab stops so the whole template tabs through in order.
    const local = new Map<string, number>();
    lines.push(el.template.replace(/\$\{(\d+)/g, (_m, n: string) => {
      if (!local.has(n)) local.set(n, ++stop);
      return `\${${local.get(n)}`;
    }));
  }
  if (offset === undefined) return { snippet: lines.join('\n') + '\n', title: c.title };
  const fitted = fitToSection(lines.join('\n').split('\n').map(readBodyLine), insertionPoint(analysis.model, offset));
  return { snippet: fitted.lines.join('\n') + '\n', title: c.title };
}
