import sectionsData from '../data/sections.json';
import { builtinData } from './knowledge/validate';
import { LineIndex, normalize, trimSpan } from './text';
import { Span } from './types';

/**
 * Text → report model: sections, synoptic `Field: value` lines and sentences,
 * each with exact offsets into the original text.
 */

export type SectionRole = 'history' | 'body' | 'technique' | 'preamble';

export interface Section {
  kind: string;
  role: SectionRole;
  /** Header text as written ('' for the preamble before the first header). */
  title: string;
  headerSpan: Span;
  /** From the end of the header to the start of the next header. */
  bodySpan: Span;
}

export interface Field {
  key: string;
  keySpan: Span;
  value: string;
  valueSpan: Span;
  lineSpan: Span;
  section: Section;
}

export interface Sentence {
  span: Span;
  section: Section;
  /** The field this sentence is the value line of, if any. */
  field?: Field;
  /**
   * Placed in a document read block by block: the sentence memo's entry sentence it was read as. The
   * same object for every placement of an identical sentence (the same text and the two characters
   * either side, the same field key, the same whole-text hits), in this build and the next, wherever
   * the sentence now stands: what is read within a sentence can be kept under it (kinds/common.ts readAt).
   */
  origin?: Sentence;
}

export interface ReportModel {
  text: string;
  /** Set when the model was assembled from separately analysed blocks (see document.ts). */
  blocks?: import('./document').PlacedBlock[];
  /** The previous model of the same document, whose first `blocks` blocks this one kept unchanged. */
  reused?: { model: ReportModel; blocks: number };
  /** Same-length lower-cased, typographically folded copy of `text` for matching. */
  norm: string;
  lines: LineIndex;
  sections: Section[];
  fields: Field[];
  sentences: Sentence[];
}

interface SectionsFile {
  sections: { kind: string; role: 'history' | 'body' | 'technique'; headers: string[] }[];
}

let headerTable: Map<string, { kind: string; role: SectionRole }> | undefined;

function headers(): Map<string, { kind: string; role: SectionRole }> {
  if (!headerTable) {
    const data = builtinData<SectionsFile>('sections', sectionsData);
    headerTable = new Map();
    for (const s of data.sections) for (const h of s.headers) headerTable.set(h, { kind: s.kind, role: s.role });
  }
  return headerTable;
}

// A header line: a known header name, then a colon (anything may follow on the line),
// or the name alone in capitals. "Comment on margins" in prose is not a header.
const HEADER_LINE = /^[ \t]*(?:[0-9]+[.)][ \t]*)?([A-Za-z][A-Za-z()/ \u2013-]{0,60}?)[ \t]*(:|$)/;
// A synoptic field: a short key, a colon (or a dotted leader, "Margins ........ clear"), a value
// (possibly empty). A list number may come first ("10. Pathologic stage: pT2"). Keys do not start
// with a digit (times such as 10:30) and are not URLs.
/** A list item's start: a bullet ("- ", "* ", "\u2022", or "+ " before a word), or a number with its point or bracket and a space ("2. ", "3) "), not a decimal ("5.8"). */
const LIST_ITEM = /^\s*(?:[-*\u2022]|\+[ \t]+(?=[A-Za-z])|\d+[.)](?:\s|$))/;
const FIELD_LINE = /^[ \t]*(?:[-*\u2022][ \t]*|\+[ \t]+|[0-9]{1,2}[.)][ \t]+)?([A-Za-z\u00C0-\u024F][^:\n]{0,79}?)[ \t]*(?::(?!\/\/)|[ \t]\.{4,}|\u2026{2,})[ \t]*(.*?)[ \t\r]*$/;

/** The section in force where a block of text starts. */
export interface SectionState {
  kind: string;
  role: SectionRole;
  title: string;
}

export const PREAMBLE: SectionState = { kind: 'preamble', role: 'preamble', title: '' };

/**
 * Parses `text` as if it continued a section of kind `incoming` (the preamble
 * for a whole document). The first section of the result is that continuation.
 */
export function parseReport(text: string, incoming: SectionState = PREAMBLE, atDocumentStart = incoming === PREAMBLE): ReportModel {
  const norm = normalize(text);
  const lines = new LineIndex(text);
  const table = headers();

  const sections: Section[] = [];
  // Spelled out, not spread: V8 gives an object spread from varying shapes and then extended a new hidden class each time.
  let current: Section = {
    kind: incoming.kind,
    role: incoming.role,
    title: incoming.title,
    headerSpan: { start: 0, end: 0 },
    bodySpan: { start: 0, end: text.length },
  };
  sections.push(current);
  const fields: Field[] = [];
  const sentences: Sentence[] = [];
  // Lines of prose awaiting sentence splitting, per section.
  let proseStart = -1;
  let proseEnd = -1;
  let proseLineStart = -1;

  const flushProse = () => {
    if (proseStart >= 0) splitSentences(text, proseStart, proseEnd, current, sentences);
    proseStart = -1;
  };

  let afterBlank = false;
  // Whether the paragraph being read is dictated: one statement per line, no sentence ends anywhere (see dictatedFrom);
  // read from the paragraph's first line, and only when a line break has to be decided by it.
  let paragraphLine = 0;
  let dictated: boolean | undefined;
  for (let ln = 0; ln < lines.lineCount; ln++) {
    const start = lines.lineStart(ln);
    const end = lines.lineEnd(ln);
    const raw = text.slice(start, end);
    if (raw.trim() === '') {
      flushProse();
      afterBlank = true;
      continue;
    }
    const paragraphStart = afterBlank;
    if (paragraphStart || ln === 0) {
      paragraphLine = ln;
      dictated = undefined;
    }
    afterBlank = false;

    // Below a clinical history opened in this text, a paragraph that starts with a specimen part's heading
    // is the diagnosis, written without a header (the heading stays a sentence: it names the site and the
    // procedure). A block that starts with one is read the same way where it is placed (see document.ts).
    if (paragraphStart && current !== sections[0] && current.role === 'history' && isPartHeading(raw)) {
      current.bodySpan.end = start;
      current = partsSection(start, text.length);
      sections.push(current);
    }

    // A draft's first line in capitals without a colon is its title ("SURGICAL PATHOLOGY REPORT",
    // "CT RENAL MASS PROTOCOL"): it names the exam, it states no finding.
    if (atDocumentStart && sections.length === 1 && proseStart < 0 && sentences.length === 0 && isTitle(raw)) {
      const t = trimSpan(text, start, end);
      current.bodySpan.end = start;
      const title: Section = { kind: 'title', role: 'technique', title: text.slice(t.start, t.end), headerSpan: t, bodySpan: { start: t.end, end: t.end } };
      sections.push(title);
      sentences.push({ span: t, section: title });
      current = { ...PREAMBLE, headerSpan: { start: end, end }, bodySpan: { start: end, end: text.length } };
      sections.push(current);
      continue;
    }

    const h = HEADER_LINE.exec(raw);
    if (h) {
      const known = knownHeader(h, table);
      if (known) {
        flushProse();
        current.bodySpan.end = start;
        const hStart = start + raw.indexOf(h[1]);
        const hEnd = start + h[0].length;
        current = { kind: known.kind, role: known.role, title: h[1].trim(), headerSpan: { start: hStart, end: hEnd }, bodySpan: { start: hEnd, end: text.length } };
        sections.push(current);
        const rest = trimSpan(text, hEnd, end);
        if (rest.end > rest.start) splitSentences(text, rest.start, rest.end, current, sentences);
        continue;
      }
    }

    const f = fieldLine(raw);
    if (f) {
      flushProse();
      const keyStart = start + raw.indexOf(f[1]);
      const valueStart = f[2] ? start + raw.lastIndexOf(f[2]) : end;
      let valueEnd = valueStart + (f[2] ?? '').length;
      let lineEnd = end;
      // A value that ends with a comma goes on in the next line, when that line is prose ("Descending
      // colon, colectomy: adenocarcinoma, high grade,\n5.8 cm."): the field takes it in.
      while (/,$/.test(text.slice(valueStart, valueEnd)) && ln + 1 < lines.lineCount) {
        const next = text.slice(lines.lineStart(ln + 1), lines.lineEnd(ln + 1));
        if (next.trim() === '' || LIST_ITEM.test(next) || fieldLine(next) || isHeader(next, table)) break;
        ln++;
        lineEnd = lines.lineEnd(ln);
        valueEnd = trimSpan(text, lines.lineStart(ln), lineEnd).end;
      }
      const field: Field = {
        key: f[1].trim(),
        keySpan: { start: keyStart, end: keyStart + f[1].length },
        value: valueEnd > valueStart ? text.slice(valueStart, valueEnd) : '',
        valueSpan: { start: valueStart, end: valueEnd },
        lineSpan: { start, end: lineEnd },
        section: current,
      };
      fields.push(field);
      // The key starts the first sentence, so "Necrosis: absent" reads as a statement about
      // necrosis; a value of several sentences is split like prose. A later sentence of the line that is
      // itself a field ("Proximal margin: negative. Mesenteric surface: negative.") starts its own.
      const lineSpan = trimSpan(text, start, lineEnd);
      const before = sentences.length;
      splitSentences(text, lineSpan.start, lineSpan.end, current, sentences);
      let owner = field;
      for (let i = before; i < sentences.length; i++) {
        const s = sentences[i];
        // Only a sentence of the value: a key that runs over two sentences ("Margins negative. Lymph nodes: 0/3") stays one field.
        const next = i > before && s.span.start >= owner.valueSpan.start ? fieldLine(text.slice(s.span.start, s.span.end)) : undefined;
        if (next && /^[A-Z]/.test(next[1]) && next[2]) {
          owner.valueSpan = { start: owner.valueSpan.start, end: Math.max(owner.valueSpan.start, sentences[i - 1].span.end) };
          owner.value = text.slice(owner.valueSpan.start, owner.valueSpan.end);
          owner.lineSpan = { start: owner.lineSpan.start, end: sentences[i - 1].span.end };
          const keyStart = s.span.start + text.slice(s.span.start, s.span.end).indexOf(next[1]);
          const valueStart = s.span.start + text.slice(s.span.start, s.span.end).lastIndexOf(next[2]);
          owner = {
            key: next[1].trim(),
            keySpan: { start: keyStart, end: keyStart + next[1].length },
            value: next[2],
            valueSpan: { start: valueStart, end: valueStart + next[2].length },
            lineSpan: { start: s.span.start, end: lineSpan.end },
            section: current,
          };
          fields.push(owner);
        }
        s.field = owner;
      }
      continue;
    }

    // Prose: wrapped lines continue a sentence unless the previous line ended one, or the line starts anew: a
    // capital after a line with nothing to continue (dictated lines often have no full stop: "Tumor size 1.6 cm⏎
    // Lymphovascular invasion not identified" are two statements, and the second's "not" is not the first's).
    const previousLine = proseStart >= 0 ? text.slice(proseLineStart, proseEnd) : '';
    if (proseStart >= 0 && (/[.!?]\s*$/.test(text.slice(proseStart, proseEnd)) || LIST_ITEM.test(raw) || startsAnew(previousLine, raw) || (/^\s*[a-z0-9]/i.test(raw) && !CONTINUES.test(previousLine) && !GOES_ON.test(raw) && (dictated ??= dictatedFrom(text, lines, paragraphLine, table))))) {
      flushProse();
    }
    if (proseStart < 0) proseStart = start;
    proseLineStart = start;
    proseEnd = end;
  }
  flushProse();
  return { text, norm, lines, sections, fields, sentences };
}

type HeaderTable = ReturnType<typeof headers>;

/** A line that ends on a word a sentence goes on from: a comma, a bracket, a preposition, an article, a verb of being. */
const CONTINUES = /(?:[,;:(&+/\u2013-]|\b(?:and|or|nor|but|of|with|without|the|a|an|to|in|into|on|for|by|at|from|including|is|are|was|were|be|measuring|measures|as|than|per|no|not|this|that|which)\b)\s*$/i;

/**
 * Whether a prose line starts a sentence of its own after `previous`, which ends on nothing that goes on: when it
 * starts with a capital and is not all capitals (a wrapped line in capitals reads on), or when the line before is
 * short, as a dictated statement is ("tumor size 5.6 centimeters⏎no sarcomatoid features"); prose wrapped at
 * a margin fills its lines.
 */
function startsAnew(previous: string, line: string): boolean {
  if (!/[a-z0-9)%]\s*$/i.test(previous) || CONTINUES.test(previous)) return false;
  if (/^\s*[A-Z]/.test(line) && /[a-z]/.test(line)) return true;
  // Lower case: a new statement after a short or measured line, unless the line begins with a word that goes on.
  return /^\s*[a-z]/i.test(line) && !GOES_ON.test(line) && (previous.trim().length < SHORT_LINE || ENDS_MEASURED.test(previous));
}
/**
 * Whether the paragraph from line `ln` to the next blank line is dictated: three lines or more and not one
 * sentence end anywhere but at its very end (prose wrapped at a margin has its full stops; "tumor invades
 * through the muscularis propria into pericolic fat⏎lymphovascular invasion not identified" has none).
 */
function dictatedFrom(text: string, lines: LineIndex, ln: number, table: HeaderTable): boolean {
  let prose = 0;
  let end = ln;
  for (; end < lines.lineCount; end++) {
    const line = text.slice(lines.lineStart(end), lines.lineEnd(end));
    if (line.trim() === '') break;
    if (!isHeader(line, table) && !fieldLine(line)) prose++;
  }
  if (prose < 3) return false;
  const body = text.slice(lines.lineStart(ln), lines.lineEnd(end - 1)).trimEnd();
  return !/[.!?](?=\s)/.test(body.slice(0, -1));
}

/** A line that begins by going on from the line before: "with cigar-shaped nuclei", "and focal necrosis". */
const GOES_ON = /^\s*(?:with|without|and|or|nor|but|of|in|into|on|at|by|for|from|to|which|that|who|including|showing|measuring|extending|involving|consisting|containing|as|than|per|is|are|was|were)\b/i;
/** A line that ends on a measurement ("tumor size 1.6 cm"): what follows on the next line is another statement. */
const ENDS_MEASURED = /\d\s*(?:cm|mm|%|centimet(?:er|re)s|millimet(?:er|re)s|percent)\s*$/i;
/** Shorter than a line of prose wrapped at a margin. */
const SHORT_LINE = 50;

/**
 * A specimen part's heading on a line of its own: a part label, the site and the procedure, and a
 * colon with nothing after it ("A. LEFT BREAST, LUMPECTOMY:", "B) Lymph node, sentinel #1, excision:").
 * A history's own list ("A. Left breast, core biopsy (2024): carcinoma") carries its finding on the line.
 */
const PART_HEADING = /^[ \t]*(?:part[ \t]+)?(?:[a-z]|\d{1,2})[.)][ \t]+[a-z][^:\n]{0,100},[^:\n]{1,100}:[ \t\r]*$/i;

export function isPartHeading(line: string): boolean {
  return PART_HEADING.test(line);
}

/** The section the lettered parts below a clinical history open: the diagnosis, with no header of its own (an empty title). */
export function partsSection(start: number, end: number): Section {
  return { kind: 'diagnosis', role: 'body', title: '', headerSpan: { start, end: start }, bodySpan: { start, end } };
}

/** The known section a header line names, if it is one. */
function knownHeader(h: RegExpExecArray, table: HeaderTable): { kind: string; role: SectionRole } | undefined {
  const name = normalize(h[1]).replace(/\s+/g, ' ').trim();
  const upper = h[1] === h[1].toUpperCase();
  // "SYNOPTIC REPORT - COLON AND RECTUM:": a known header with a qualifier, in capitals with its colon.
  const known = table.get(name) ?? (upper && h[2] === ':' ? table.get(name.split(/\s+[-\u2013]\s+/)[0]) : undefined);
  return known && (h[2] === ':' || upper) ? known : undefined;
}

function isHeader(line: string, table: HeaderTable): boolean {
  const h = HEADER_LINE.exec(line);
  return !!h && knownHeader(h, table) !== undefined;
}

/** A synoptic field's line: its key and its value. */
function fieldLine(line: string): RegExpExecArray | undefined {
  const f = FIELD_LINE.exec(line);
  return f && looksLikeFieldKey(f[1]) && (f[2] !== '' || !f[1].includes(',')) ? f : undefined;
}

function isTitle(line: string): boolean {
  const t = line.trim();
  // "SIGMOID COLON, SIGMOIDECTOMY" in capitals is a diagnosis line, not a title: a title with a comma names an exam.
  return t.length > 2 && !t.includes(':') && /[A-Z]/.test(t) && t === t.toUpperCase() && (!t.includes(',') || EXAM_TITLE.test(t));
}
/** A title that names an exam or a report, which may have a comma ("CT ABDOMEN, PELVIS WITH CONTRAST"). */
const EXAM_TITLE = /^(?:CT|MRI?|MR|US|ULTRASOUND|PET|X-?RAY|RADIOGRAPH|MAMMOGRA\w*|SURGICAL PATHOLOGY|PATHOLOGY|CYTOPATHOLOGY|CONSULTATION|RADIOLOGY)\b/;

function looksLikeFieldKey(key: string): boolean {
  const words = key.trim().split(/\s+/);
  // Prose with a colon ("The tumor shows the following: ...") has long keys.
  if (words.length > 8) return false;
  return !/^(note|see|and|but|the following)$/i.test(key.trim());
}

// Abbreviations whose period does not end a sentence.
// A single letter before a period is an initial ("J. Smith"), unless it follows a number: then it is a unit ("720 g.").
const NO_BREAK_BEFORE = /(?:\b(?:e\.g|i\.e|vs|approx|dr|no|fig|ca|cf|etc|st|pt|inc|mr|mrs|ms)|(?<![0-9] ?)\b[a-z])$/i;

function splitSentences(text: string, start: number, end: number, section: Section, out: Sentence[]): void {
  let s = start;
  for (let i = start; i < end; i++) {
    const c = text[i];
    if (c === '.' || c === '!' || c === '?' || c === '\n') {
      if (c === '.') {
        // Decimal numbers (5.2 cm) and abbreviations do not end a sentence.
        if (/[0-9]/.test(text[i + 1] ?? '') && /[0-9]/.test(text[i - 1] ?? '')) continue;
        if (NO_BREAK_BEFORE.test(text.slice(Math.max(start, i - 8), i))) continue;
        // A dotted leader ("Margins ........ clear") or an ellipsis does not end a sentence.
        if (text[i - 1] === '.' && text[i - 2] === '.') continue;
        if (i + 1 < end && !/\s/.test(text[i + 1])) continue;
      }
      if (c === '\n') {
        // A line break ends a sentence only before a list item ("- ...", "2. ..."), not before a wrapped "5.8 cm".
        const next = text.slice(i + 1, Math.min(end, i + 8));
        if (!LIST_ITEM.test(next)) continue;
      }
      const span = trimSpan(text, s, i + 1);
      if (span.end > span.start) out.push({ span, section });
      s = i + 1;
    }
  }
  const span = trimSpan(text, s, end);
  if (span.end > span.start) out.push({ span, section });
}

/** The draft's first line with text (its title), as written. */
export function firstLineText(model: ReportModel): string {
  const first = model.text.search(/\S/);
  if (first < 0) return '';
  const line = model.lines.positionAt(first).line;
  return model.text.slice(model.lines.lineStart(line), model.lines.lineEnd(line));
}

/** The letter of the specimen part whose line holds an offset ("C." or "Part C:" at the line's start, or on the line above an indented one), if any. */
export function partLetterAt(model: ReportModel, offset: number): string | undefined {
  // An indented line continues the lettered item above it ("B. Lymph nodes, left pelvic:⏎   one of five (1/5)").
  for (let line = model.lines.positionAt(offset).line, k = 0; line >= 0 && k < 20; line--, k++) {
    const start = model.lines.lineStart(line);
    const head = model.text.slice(start, start + 12);
    const label = PART_LABEL.exec(head);
    if (label) return label[1].toUpperCase();
    if (!/^[ \t]+\S/.test(head)) return undefined;
  }
  return undefined;
}

const PART_LABEL = /^\s*(?:part\s+)?([a-z])[.):]\s/i;

export function sectionAt(model: ReportModel, offset: number): Section {
  let found = model.sections[0];
  for (const s of model.sections) if (s.headerSpan.start <= offset) found = s;
  return found;
}
