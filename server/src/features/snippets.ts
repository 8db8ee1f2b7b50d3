import { CompletionContext, CompletionItem, CompletionItemKind, CompletionTriggerKind, InsertTextFormat, MarkupKind, Position } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import pathologySnippets from '../../../snippets/pathology.json';
import radiologySnippets from '../../../snippets/radiology.json';
import { lexicon } from '../engine/findings/lexicon';
import { parseReport, ReportModel, Section } from '../engine/parser';
import { normalize } from '../engine/text';

/**
 * The panel and template snippets of snippets/*.json, served by the language
 * server so that each one fits where it is typed: inside a section that the
 * snippet's first line would open, the header is left out, and so is every
 * `Key: value` line whose key that section already has. Nothing here names a
 * snippet: whatever the files hold is read the same way.
 */

interface SnippetFileEntry {
  prefix: string | string[];
  body: string | string[];
  description?: string;
}

export type SnippetReportType = 'pathology' | 'radiology';

/** The snippet files, bundled into the server at build time (the same files the package used to contribute). */
const FILES: Record<SnippetReportType, Record<string, SnippetFileEntry>> = {
  pathology: pathologySnippets as Record<string, SnippetFileEntry>,
  radiology: radiologySnippets as Record<string, SnippetFileEntry>,
};

interface BodyLine {
  text: string;
  /** Set when the line is a section header alone (known to sections.json). */
  header?: { kind: string; title: string };
  /** The line's field key, canonical (see canonicalKey), when it is a `Key: value` line. */
  key?: string;
}

export interface Snippet {
  name: string;
  prefixes: string[];
  description: string;
  lines: BodyLine[];
}

// The key of a `Key: value` line, as the parser reads field lines; a key holds no tab stop.
const FIELD_KEY = /^[ \t]*(?:[-*\u2022][ \t]*)?([A-Za-z\u00C0-\u024F][^:\n$]{0,79}?)[ \t]*:/;
const SNIPPET_STATE = { kind: 'snippet', role: 'body' as const, title: '' };

const fold = (text: string) => normalize(text).replace(/\s+/g, ' ').trim();
let markerNames: Map<string, string> | undefined;

/**
 * A field key as compared between a snippet and a draft: the marker it names, or
 * its folded text. A key that is a marker's label or one of its spellings names
 * it, even a label such as "ER" that prose alone does not read as a marker.
 */
function canonicalKey(key: string): string {
  const norm = fold(key);
  if (!markerNames) {
    markerNames = new Map();
    for (const m of lexicon().markers.values()) for (const name of [m.label, ...m.synonyms]) markerNames.set(fold(name), m.id);
  }
  const id =
    markerNames.get(norm) ??
    lexicon()
      .markerMatcher.scan(norm)
      .find((h) => h.span.start === 0 && h.span.end === norm.length)?.id;
  return id ? `marker:${id}` : norm;
}

/** Reads one body line with the engine's own parser: a header line, a field line, or neither. */
export function readBodyLine(text: string): BodyLine {
  const m = parseReport(text, SNIPPET_STATE, false);
  const h = m.sections[1];
  if (h && text.slice(h.headerSpan.end).trim() === '') return { text, header: { kind: h.kind, title: h.title } };
  const f = FIELD_KEY.exec(text);
  return f ? { text, key: canonicalKey(f[1]) } : { text };
}

function fromEntry(name: string, e: SnippetFileEntry): Snippet {
  const body = Array.isArray(e.body) ? e.body : e.body.split('\n');
  const prefixes = Array.isArray(e.prefix) ? e.prefix : [e.prefix];
  return { name, prefixes, description: e.description ?? name, lines: body.map(readBodyLine) };
}

let loaded: Map<SnippetReportType, Snippet[]> | undefined;

/** Every snippet of the given report type, in file order (read and parsed once per process). */
export function snippets(reportType: SnippetReportType): Snippet[] {
  if (!loaded) {
    loaded = new Map();
    for (const t of Object.keys(FILES) as SnippetReportType[]) loaded.set(t, Object.entries(FILES[t]).map(([name, e]) => fromEntry(name, e)));
  }
  return loaded.get(reportType) ?? [];
}

/** Where a body is inserted: the section it lands in and the field keys that section already has. */
export interface InsertionPoint {
  /** The kinds of section the insertion joins: the section in force, and the one it is written inside (see inlineInRun). */
  kinds: Set<string>;
  /** Canonical keys of the fields already written in that section (the replaced text excluded). */
  keys: Set<string>;
}

/**
 * A header with its content on the same line, written in a run of lines with
 * no blank line before it ("Immunohistochemistry: SMA positive" under
 * "Procedure: ..."), is a field of the section it is written in. The parser
 * opens a section there, so a synoptic report's own IHC line would otherwise
 * end the synoptic section.
 */
function inlineInRun(text: string, section: Section): boolean {
  if (!hasContent(text, section)) return false;
  const lineStart = text.lastIndexOf('\n', section.headerSpan.start - 1) + 1;
  if (lineStart === 0) return false;
  const prevStart = text.lastIndexOf('\n', lineStart - 2) + 1;
  return text.slice(prevStart, lineStart).trim() !== '';
}

/** Whether a section's header line carries content after the header. */
function hasContent(text: string, section: Section): boolean {
  if (section.title === '') return false;
  let lineEnd = text.indexOf('\n', section.headerSpan.end);
  if (lineEnd < 0) lineEnd = text.length;
  return text.slice(section.headerSpan.end, lineEnd).trim() !== '';
}

/**
 * The section that text inserted in place of `from`..`to` joins (`to` defaults
 * to `from`: a plain insertion). The replaced text, such as a typed snippet
 * prefix, neither opens a section nor counts as a field.
 */
export function insertionPoint(model: ReportModel, from: number, to = from): InsertionPoint {
  const { text, sections } = model;
  // The last header before the insertion (a header at the insertion point itself stays below it).
  let index = 0;
  for (let i = 1; i < sections.length; i++) if (sections[i].headerSpan.start < from) index = i;
  const kinds = new Set([sections[index].kind]);
  let first = index;
  while (first > 0 && inlineInRun(text, sections[first])) kinds.add(sections[--first].kind);
  const start = sections[first].headerSpan.start;
  // The section runs on to the next header after the replaced text that opens a section of its own.
  let end = text.length;
  const inline: Section[] = sections.slice(first + 1, index + 1);
  for (let i = index + 1; i < sections.length; i++) {
    const s = sections[i];
    if (s.headerSpan.start < to) continue;
    if (!inlineInRun(text, s)) {
      end = s.headerSpan.start;
      break;
    }
    inline.push(s);
  }
  const keys = new Set<string>();
  const replaced = (span: { start: number; end: number }) => span.start < to && span.end > from;
  for (const f of model.fields) {
    const at = f.lineSpan.start;
    if (at >= start && at < end && !replaced(f.keySpan)) keys.add(canonicalKey(f.key));
  }
  // A header with its content on its line ("Immunohistochemistry: SMA positive") states its key too.
  for (const s of [sections[first], ...inline]) if (hasContent(text, s) && !replaced(s.headerSpan)) keys.add(canonicalKey(s.title));
  return { kinds, keys };
}

export interface FittedBody {
  /** The lines to insert. */
  lines: string[];
  /** The header left out, when the insertion is already inside its section. */
  droppedHeader?: string;
  /** The keys (as written in the snippet) of the lines left out because the section has them. */
  droppedKeys: string[];
}

/**
 * Fits a snippet body (or any template in snippet syntax) to where it is
 * inserted. The lines before the body's second header are what lands in the
 * section at the insertion point: when the body's first line is a header of
 * that same section, or the body has no leading header, those lines join that
 * section, so its header and the fields the section already has are left out.
 */
export function fitToSection(lines: BodyLine[], at: InsertionPoint): FittedBody {
  const first = lines[0]?.header;
  const joins = first ? at.kinds.has(first.kind) : true;
  if (!joins) return { lines: lines.map((l) => l.text), droppedKeys: [] };
  const out: string[] = [];
  const droppedKeys: string[] = [];
  let i = first ? 1 : 0;
  for (; i < lines.length && !lines[i].header; i++) {
    const l = lines[i];
    if (l.key !== undefined && at.keys.has(l.key)) {
      droppedKeys.push(FIELD_KEY.exec(l.text)![1].trim());
      continue;
    }
    out.push(l.text);
  }
  for (; i < lines.length; i++) out.push(lines[i].text);
  // A body that now starts with blank lines would leave a gap under the section's last line.
  if (first) while (out.length > 1 && out[0].trim() === '') out.shift();
  return { lines: out, droppedHeader: first ? lines[0].text.trim() : undefined, droppedKeys };
}

/** The snippet body as plain text, each choice and placeholder showing its default. */
export function previewOf(body: string): string {
  let s = body;
  // Innermost placeholders first, so nested ones resolve.
  for (let k = 0; k < 5 && /\$\{\d+[:|]/.test(s); k++) {
    s = s.replace(/\$\{\d+\|((?:[^|\\]|\\.)*?)(?:,(?:[^|\\]|\\.)*)?\|\}/g, '$1').replace(/\$\{\d+:([^{}$]*)\}/g, '$1');
  }
  return s.replace(/\$\{\d+\}|\$\d+/g, '').replace(/\\([$}\\,|])/g, '$1');
}

/** The line of the draft's header for a section kind, if it has one. */
function headerLine(model: ReportModel, kind: string): number | undefined {
  const s = model.sections.find((x) => x.kind === kind && x.title !== '');
  return s ? model.lines.positionAt(s.headerSpan.start).line : undefined;
}

/**
 * Snippet completions at the start of a line (after any indentation), typed
 * or invoked: one item per snippet prefix, each fitted to the section at the
 * cursor. The edit replaces the typed prefix, hyphens included.
 */
export function snippetCompletions(doc: TextDocument, model: ReportModel, reportType: string, position: Position, context?: CompletionContext): CompletionItem[] {
  if (reportType !== 'pathology' && reportType !== 'radiology') return [];
  const lineStart = doc.offsetAt({ line: position.line, character: 0 });
  const offset = doc.offsetAt(position);
  const before = doc.getText().slice(lineStart, offset);
  const token = /^(\s*)([^\s:]*)$/.exec(before);
  if (!token) return [];
  // A space typed at the start of a line is indentation, not a request for a panel.
  if (token[2] === '' && context?.triggerKind === CompletionTriggerKind.TriggerCharacter) return [];
  const at = insertionPoint(model, lineStart + token[1].length, offset);
  const range = { start: { line: position.line, character: token[1].length }, end: position };
  const items: CompletionItem[] = [];
  for (const s of snippets(reportType)) {
    const fitted = fitToSection(s.lines, at);
    const body = fitted.lines.join('\n');
    const notes: string[] = [];
    if (fitted.droppedHeader) notes.push(`without ${fitted.droppedHeader} (the cursor is in that section)`);
    if (fitted.droppedKeys.length) notes.push(`without ${fitted.droppedKeys.join(', ')} (already in this section)`);
    const first = s.lines[0]?.header;
    const elsewhere = first && !fitted.droppedHeader ? headerLine(model, first.kind) : undefined;
    const where =
      elsewhere !== undefined
        ? `\n\nThis draft already has this section (line ${elsewhere + 1}). Typed inside it, the snippet brings only what the section lacks.`
        : '';
    const nothingLeft = !fitted.lines.some((l) => l.trim() !== '' && l.trim() !== '$0');
    const detail = nothingLeft ? 'Everything in this snippet is already in this section' : notes.length ? `${s.name}, ${notes.join(', ')}` : s.name;
    for (const prefix of s.prefixes) {
      items.push({
        label: prefix,
        // The list itself says, first so the list's width cannot cut it, when a snippet was fitted; the detail names what it left out.
        labelDetails: { description: notes.length ? `only what is missing \u00b7 ${s.name}` : s.name },
        kind: CompletionItemKind.Snippet,
        detail,
        filterText: prefix,
        sortText: `0${prefix}`,
        insertTextFormat: InsertTextFormat.Snippet,
        textEdit: { range, newText: body },
        documentation: { kind: MarkupKind.Markdown, value: `${s.description}${where}\n\n\`\`\`text\n${previewOf(body).replace(/`/g, "'")}\n\`\`\`` },
      });
    }
  }
  return items;
}
