import { classifyAssertion } from '../context';
import { ReportModel, Sentence } from '../parser';
import { Assertion, Span } from '../types';
import { Mention } from './types';

/**
 * Values that leave a synoptic field unanswered: a template not yet filled in, a value that says it is not given
 * ("not stated"), or only a pointer elsewhere ("see comment"): the element is then stated where the pointer
 * leads, if it is, and read there (a comment's "Lymphovascular invasion is not identified").
 */
const PLACEHOLDER =
  /^\s*(?:|_+|\.{2,}|-{2,}|\?+|\[\s*\]|\[[^\]]*\]|<[^>]*>|\$\{[^}]*\}|tbd|tba|to be determined|select|xx+|\*+|(?:please )?(?:see|refer to) (?:the )?(?:comments?|notes?|below|above|addend(?:um|a)|synoptic(?: report| summary)?|microscopic(?: description)?|diagnosis|text)|as (?:below|above)|not (?:stated|specified|documented|recorded|given))\s*\.?\s*$/i;

export const PROTOCOL_KEY = /^\s*(?:protocol|checklist|template)\s*$/i;

export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value);
}

/** ConText assertion of a mention within its sentence. */
/** How far around a finding the classifier reads: scopes are phrases, and this bounds the cost of a run-on sentence. */
const CONTEXT_REACH = 300;

export function assess(model: ReportModel, sentence: Sentence, span: Span): Assertion {
  const { start, end } = contextWindow(model.text, sentence.span, span, CONTEXT_REACH);
  return classifyAssertion(model.text.slice(start, end), { start: span.start - start, end: span.end - start });
}

/** A window of at most `reach` characters each side of `span` within `outer`, cut at whitespace so no word is split. */
export function contextWindow(text: string, outer: Span, span: Span, reach: number): Span {
  let start = Math.max(outer.start, span.start - reach);
  let end = Math.min(outer.end, span.end + reach);
  if (start > outer.start) {
    const ws = text.slice(start, span.start).search(/\s/);
    start = ws < 0 ? span.start : start + ws + 1;
  }
  if (end < outer.end) {
    const tail = text.slice(span.end, end);
    const ws = tail.search(/\s\S*$/);
    end = ws < 0 ? span.end : span.end + ws;
  }
  return { start, end };
}

/**
 * Whether a mention can document an element: not in the clinical history or the
 * exam technique, not historical or hypothetical, about the patient, and not
 * the key of a template field left empty. Negated and uncertain statements do
 * document an element ("no necrosis" states the necrosis element).
 */
export function documents(m: Mention): boolean {
  const role = m.sentence.section.role;
  if (role === 'history' || role === 'technique') return false;
  if (m.assertion.temporality !== 'recent' || m.assertion.experiencer !== 'patient') return false;
  const f = m.sentence.field;
  if (f && m.span.end <= f.keySpan.end + 1 && isPlaceholder(f.value)) return false;
  // "Protocol: renal sarcoma" names a checklist, not the patient's diagnosis.
  if (f && PROTOCOL_KEY.test(f.key)) return false;
  return true;
}

/**
 * documents(), where an answer word may stand as the key of a line with no
 * value: "Right upper lobectomy:" over its diagnosis names the procedure,
 * while an empty template field ("Procedure:") has a label, not an answer, for
 * its key. For readers of answers (a procedure, a histologic type, an organ),
 * never of an element's own anchors.
 */
export function documentsAnswer(m: Mention): boolean {
  if (documents(m)) return true;
  const f = m.sentence.field;
  if (!f || PROTOCOL_KEY.test(f.key) || !(m.span.end <= f.keySpan.end + 1 && isPlaceholder(f.value))) return false;
  const role = m.sentence.section.role;
  return role !== 'history' && role !== 'technique' && m.assertion.temporality === 'recent' && m.assertion.experiencer === 'patient';
}

/** Documents the element and says it is there. */
export function affirms(m: Mention): boolean {
  return documents(m) && m.assertion.negation === 'affirmed';
}

/** Text of the sentence after `offset` (normalised), for reading what follows a mention. */
export function after(model: ReportModel, sentence: Sentence, offset: number, max = 80): string {
  return model.norm.slice(offset, Math.min(sentence.span.end, offset + max));
}

export function before(model: ReportModel, sentence: Sentence, offset: number, max = 80): string {
  return model.norm.slice(Math.max(sentence.span.start, offset - max), offset);
}

export function sentenceNorm(model: ReportModel, sentence: Sentence): string {
  return model.norm.slice(sentence.span.start, sentence.span.end);
}
