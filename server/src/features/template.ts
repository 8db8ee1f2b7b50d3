import { Analysis, Knowledge } from '../engine/analyze';

/** The full synoptic template for the draft's checklist, as a snippet with one tab stop per field. */
export function templateFor(analysis: Analysis, knowledge: Knowledge): { snippet: string | null; title?: string } {
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
  return { snippet: lines.join('\n') + '\n', title: c.title };
}
