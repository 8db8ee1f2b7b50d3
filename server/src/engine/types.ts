/**
 * Shared vocabulary of the engine. Nothing here (or anywhere under engine/)
 * may import from the LSP libraries: the same engine serves the language
 * server, the command-line tool and the tests.
 */

/** Half-open range of UTF-16 offsets into the original document text. */
export interface Span {
  start: number;
  end: number;
}

export type Negation = 'affirmed' | 'negated' | 'possible';
export type Temporality = 'recent' | 'historical' | 'hypothetical';
export type Experiencer = 'patient' | 'other';

/** ConText-style assertion of one finding in its sentence. */
export interface Assertion {
  negation: Negation;
  temporality: Temporality;
  experiencer: Experiencer;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface RelatedLocation {
  span: Span;
  message: string;
}

/** A problem the engine reports; the LSP layer and the CLI map it to their own shapes. */
export interface EngineDiagnostic {
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  related?: RelatedLocation[];
  /** Machine-readable detail for quick fixes (e.g. the markers an incomplete panel lacks). */
  data?: Record<string, unknown>;
}
