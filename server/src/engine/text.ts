import { Span } from './types';

/**
 * Same-length normalisation for matching: lower case, and the typographic
 * variants a report uses (en dash, Unicode minus, non-breaking space, ×, tabs,
 * carriage returns) folded to their ASCII forms. Because every substitution
 * keeps the length, an offset found in the normalised text is an offset in
 * the original text.
 */
const FOLD: Record<string, string> = {
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-', '\uFE63': '-', '\uFF0D': '-',
  '\u00A0': ' ', '\u2007': ' ', '\u2009': ' ', '\u200A': ' ', '\u202F': ' ', '\u3000': ' ', '\t': ' ', '\r': ' ', '\f': ' ', '\v': ' ',
  '\u00D7': 'x', '\u2715': 'x',
  '\u2018': "'", '\u2019': "'", '\u201C': '"', '\u201D': '"',
  '\uFF0B': '+', '\u207A': '+', '\u207B': '-',
  '\u2264': '\u2264', '\u2265': '\u2265',
};

/**
 * A measurement on normalised text: "2.1 cm", "21 mm", "2.1 x 1.5 x 1.0 cm",
 * "0.5cm" (the last unit applies to the dimensions before it that give none);
 * "mm2" is an area. Global: reset lastIndex before a scan.
 */
/** Words right before a measurement that make it a lower bound: "at least 3 cm", "> 5 cm". */
export const AT_LEAST = /(?:at least|greater than|more than|over|>=?|\u2265)\s*$/;

/** A length unit as written, abbreviated or spelled out (a pattern source; unitOf reads a match). */
export const UNIT = 'cm|mm|centimet(?:er|re)s?|millimet(?:er|re)s?';
export const MEASURE = new RegExp(String.raw`(?<![0-9.])(\d+(?:\.\d+)?)\s*(${UNIT})?(?:\s*x\s*(\d+(?:\.\d+)?)\s*(${UNIT})?)?(?:\s*x\s*(\d+(?:\.\d+)?))?\s*(${UNIT})(?![a-z0-9\u00b2])`, 'g');

/** A MEASURE unit as written ("cm", "millimetres") as cm or mm. */
export function unitOf(written: string): 'cm' | 'mm' {
  return written.charCodeAt(0) === 99 ? 'cm' : 'mm';
}

export function normalize(text: string): string {
  let out = '';
  let chunkStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Fast path: plain ASCII that needs no folding except case.
    if (c < 128 && c !== 9 && c !== 13 && c !== 11 && c !== 12) continue;
    out += text.slice(chunkStart, i).toLowerCase();
    const ch = text[i];
    const folded = FOLD[ch];
    if (folded !== undefined) out += folded;
    else {
      const lower = ch.toLowerCase();
      out += lower.length === 1 ? lower : ch;
    }
    chunkStart = i + 1;
  }
  out += text.slice(chunkStart).toLowerCase();
  return out;
}

/**
 * Maps offsets to zero-based line/character positions (UTF-16, as LSP counts
 * them). Line starts are found lazily and only as far as a question needs, so
 * asking about the first line of a 1 MB draft does not scan all of it.
 */
export class LineIndex {
  private readonly starts: number[] = [0];
  private scanned = 0;
  private complete = false;
  constructor(private readonly text: string) {}

  /** Scans until line `line` is known or `offset` is passed. */
  private scanTo(line: number, offset: number): void {
    while (!this.complete && (this.starts.length <= line + 1 || this.starts[this.starts.length - 1] <= offset)) {
      const nl = this.text.indexOf('\n', this.scanned);
      if (nl < 0) {
        this.complete = true;
        this.scanned = this.text.length;
        break;
      }
      this.starts.push(nl + 1);
      this.scanned = nl + 1;
    }
  }

  get lineCount(): number {
    this.scanTo(Infinity, Infinity);
    return this.starts.length;
  }
  positionAt(offset: number): { line: number; character: number } {
    const o = Math.max(0, Math.min(offset, this.text.length));
    this.scanTo(-1, o);
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }
  offsetAt(line: number, character: number): number {
    this.scanTo(line, -1);
    if (line >= this.starts.length) return this.text.length;
    return Math.min(this.starts[line] + character, this.lineEnd(line));
  }
  lineStart(line: number): number {
    this.scanTo(line, -1);
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }
  /** End of a line's content, before any CR LF. */
  lineEnd(line: number): number {
    this.scanTo(line + 1, -1);
    const l = Math.max(0, Math.min(line, this.starts.length - 1));
    let end = l + 1 < this.starts.length ? this.starts[l + 1] - 1 : this.text.length;
    if (end > this.starts[l] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }
}

/**
 * A copy of `s` that does not keep the string it was cut from alive. V8 shares
 * the text of a slice with its parent, so a block's text cut from a 1 MB draft
 * (and every key, title and norm cut from it in turn) would otherwise keep that
 * whole version of the draft in memory for as long as the block is cached.
 * Concatenation makes a new string, and slicing it makes V8 copy it flat.
 */
export function detached(s: string): string {
  return (' ' + s).slice(1);
}

/** A span moved by `by` characters. */
export function shiftSpan(s: Span, by: number): Span {
  return { start: s.start + by, end: s.end + by };
}

export function spanText(text: string, span: Span): string {
  return text.slice(span.start, span.end);
}

/** Trims whitespace from both ends of a span of `text`. */
export function trimSpan(text: string, start: number, end: number): Span {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}
