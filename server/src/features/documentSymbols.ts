import { DocumentSymbol, SymbolKind } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ReportModel } from '../engine/parser';
import { toRange } from './diagnostics';

/** Outline: one symbol per section, with its synoptic fields as children. */
export function documentSymbols(doc: TextDocument, model: ReportModel): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  for (const section of model.sections) {
    const fields = model.fields.filter((f) => f.section === section);
    const children: DocumentSymbol[] = fields.map((f) => ({
      name: f.key,
      detail: f.value.length > 40 ? f.value.slice(0, 37) + '...' : f.value,
      kind: SymbolKind.Field,
      range: toRange(doc, f.lineSpan),
      selectionRange: toRange(doc, f.keySpan),
    }));
    // The preamble, the title and a section with no header of its own (lettered parts below a history) are no outline entry.
    if (section.kind === 'preamble' || section.kind === 'title' || section.title === '') {
      out.push(...children);
      continue;
    }
    const body = { start: section.headerSpan.start, end: Math.max(section.headerSpan.end, trimEnd(model.text, section.bodySpan.end)) };
    out.push({ name: section.title, detail: section.kind, kind: SymbolKind.Namespace, range: toRange(doc, body), selectionRange: toRange(doc, section.headerSpan), children });
  }
  return out;
}

export function trimEnd(text: string, end: number): number {
  while (end > 0 && /\s/.test(text[end - 1])) end--;
  return end;
}
