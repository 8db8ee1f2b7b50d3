import { CompletionContext, CompletionItem, CompletionItemKind, InsertTextFormat, MarkupKind, Position } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import sectionsData from '../data/sections.json';
import { Analysis, Knowledge } from '../engine/analyze';
import { lexicon } from '../engine/findings/lexicon';
import { sectionAt } from '../engine/parser';
import { templateKey } from '../engine/templates';
import { normalize } from '../engine/text';
import { snippetCompletions } from './snippets';
import { stageCompletions } from './staging';

/**
 * Completion: after a field key, the values it allows; marker results after a
 * marker; marker names at the start of a line in an IHC section; section
 * headers, the applicable checklist's fields and the panel and template
 * snippets (fitted to the section at the cursor) at the start of a line.
 */

const MARKER_RESULTS: [string, string][] = [
  ['positive', 'The tumour cells express the marker.'],
  ['negative', 'The tumour cells do not express the marker (internal control positive).'],
  ['focally positive', 'A minority of tumour cells express the marker.'],
  ['patchy', 'Positive in irregular groups of cells.'],
  ['diffuse', 'Positive in most tumour cells.'],
  ['equivocal', 'Staining that cannot be called positive or negative; consider repeating.'],
  ['pending', 'Ordered; the result will follow in an addendum.'],
];

export function completions(doc: TextDocument, analysis: Analysis | undefined, knowledge: Knowledge, position: Position, context?: CompletionContext): CompletionItem[] {
  const lineStart = doc.offsetAt({ line: position.line, character: 0 });
  const offset = doc.offsetAt(position);
  const before = doc.getText().slice(lineStart, offset);
  const stage = stageCompletions(doc, analysis, knowledge, position);
  if (stage) return stage;
  const field = /^\s*(?:[-*\u2022]\s*)?([^:]{1,80}):\s*([^:]*)$/.exec(before);
  if (field) return valueCompletions(knowledge, field[1], analysis);
  const items: CompletionItem[] = analysis ? snippetCompletions(doc, analysis.model, analysis.reportType, position, context) : [];
  if (/^\s*[A-Za-z/ ()-]*$/.test(before)) {
    const section = analysis ? sectionAt(analysis.model, offset) : undefined;
    if (section?.kind === 'ihc') items.push(...markerNameCompletions());
    items.push(...headerCompletions(analysis?.reportType));
    if (analysis?.checklist) items.push(...fieldKeyCompletions(analysis));
  }
  return items;
}

/** The values a field's key allows: of the element the draft's checklist asks for first ("Procedure:" in a breast draft is the breast procedure), then of any element with that key. */
function valueCompletions(knowledge: Knowledge, rawKey: string, analysis?: Analysis): CompletionItem[] {
  const key = normalize(rawKey).replace(/\s+/g, ' ').trim();
  const lex = lexicon();
  const marker = lex.markerMatcher.scan(key).find((h) => h.span.start === 0 && h.span.end === key.length);
  if (marker) {
    return MARKER_RESULTS.map(([value, doc], i) => ({
      label: value,
      kind: CompletionItemKind.Value,
      sortText: String(i).padStart(2, '0'),
      documentation: { kind: MarkupKind.Markdown, value: `**${lex.markers.get(marker.id)?.label}: ${value}**\n\n${doc}` },
    }));
  }
  const elements = knowledge.checklists.elements;
  const own = (analysis?.checklist?.checklist.items ?? []).map((i) => i.element).filter((id) => elements.has(id));
  for (const id of [...own, ...[...elements.keys()].filter((id) => !own.includes(id))]) {
    const el = elements.get(id)!;
    const keys = [el.template ? templateKey(el.template) : undefined, ...(el.fieldKeys ?? [])].filter((k): k is string => !!k).map((k) => normalize(k));
    if (!keys.includes(key) || !el.values) continue;
    return el.values.map((value, i) => ({
      label: value,
      kind: CompletionItemKind.EnumMember,
      sortText: String(i).padStart(2, '0'),
      insertText: value.includes('__') ? snippetOf(value) : value,
      insertTextFormat: value.includes('__') ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      documentation: { kind: MarkupKind.Markdown, value: `**${el.label}** (${id})\n\nTo satisfy the checklist: ${el.satisfy}.` },
    }));
  }
  return [];
}

/** "0/__ involved" becomes a snippet whose blanks are tab stops. */
function snippetOf(value: string): string {
  let n = 0;
  return value.replace(/\$/g, '\\$').replace(/__/g, () => `\${${++n}:__}`);
}

function markerNameCompletions(): CompletionItem[] {
  return [...lexicon().markers.values()].map((m) => ({
    label: m.label,
    kind: CompletionItemKind.Constant,
    detail: `IHC marker (${m.group})`,
    insertText: `${m.label}: `,
    filterText: [m.label, ...m.synonyms].join(' '),
    documentation: { kind: MarkupKind.Markdown, value: `**${m.label}**, also written ${m.synonyms.slice(0, 5).join(', ')}.` },
    command: { title: 'Suggest results', command: 'editor.action.triggerSuggest' },
  }));
}

const RADIOLOGY_KINDS = new Set(['indication', 'technique', 'comparison', 'findings', 'impression', 'recommendation']);
const PATHOLOGY_KINDS = new Set(['clinical-history', 'specimen', 'gross', 'microscopic', 'ihc', 'diagnosis', 'synoptic', 'comment', 'addendum']);

function headerCompletions(reportType: string | undefined): CompletionItem[] {
  const wanted = reportType === 'radiology' ? RADIOLOGY_KINDS : reportType === 'pathology' ? PATHOLOGY_KINDS : new Set([...RADIOLOGY_KINDS, ...PATHOLOGY_KINDS]);
  return sectionsData.sections
    .filter((s) => wanted.has(s.kind))
    .map((s) => {
      const header = s.headers[0].toUpperCase();
      return {
        label: `${header}:`,
        kind: CompletionItemKind.Module,
        detail: 'Section header',
        insertText: `${header}:\n`,
        documentation: { kind: MarkupKind.Markdown, value: s.role === 'history' ? `**${header}** — context only: statements here never satisfy a checklist element.` : `**${header}** section.` },
      };
    });
}

function fieldKeyCompletions(analysis: Analysis): CompletionItem[] {
  const result = analysis.checklist!;
  return result.items
    .filter((r) => r.element.template && !r.stated)
    .map((r) => ({
      label: templateKey(r.element.template!) ?? r.element.label,
      kind: CompletionItemKind.Field,
      detail: `${result.checklist.shortTitle}: missing (${r.item.requirement})`,
      insertText: r.element.template!,
      insertTextFormat: InsertTextFormat.Snippet,
      sortText: '0',
      documentation: { kind: MarkupKind.Markdown, value: `${r.element.label}: ${r.element.satisfy}.\n\nSource: ${r.item.source}` },
    }));
}
