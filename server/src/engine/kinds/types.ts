import { Sentence } from '../parser';
import { Assertion, Span } from '../types';

/**
 * Element kinds: the small closed vocabulary a protocol's elements are written
 * in (compare FHIR Questionnaire item types). One generic reader per kind reads
 * every element of that kind from the draft, steered only by the element's data.
 */
export type ElementKind = 'enumeration' | 'measurement' | 'count' | 'percentage' | 'marker' | 'grade' | 'stage';

/** One allowed answer with the ways reports write it. */
export interface AnswerDef {
  id: string;
  label?: string;
  patterns: string[];
}

export interface CountPartDef {
  id: string;
  label: string;
  fieldKeys?: string[];
  /** Prose: a number right before one of these ("18 lymph nodes examined") is this part. */
  patterns?: string[];
}

export interface CountSpec {
  parts: CountPartDef[];
  /** "2/18", "2 of 18": the two parts, in the order written. */
  fraction?: [string, string];
  /** Prose: a number right before an anchor ("12 lymph nodes") is this part. */
  numberBeforeAnchor?: string;
  /** Prose: words in the clause that make this part zero ("all negative", "benign"). */
  zeroWhen?: { part: string; patterns: string[] };
  /** A value check: this part can never exceed that one. */
  atMost?: { part: string; than: string; code: string; source: string };
}

export interface MarkerSpec {
  /** Percent of cells: results that need at least / less than a threshold. */
  percentRule?: { positiveAtLeast: number; positiveAnswers: string[]; negativeAnswers: string[]; code: string; source: string };
  /** IHC score (0, 1+, 2+, 3+) → the result it means. */
  scores?: { score: string; answer: string }[];
  /** ISH: amplification words and the ratio / copy-number groups that decide. */
  ish?: {
    positive: { ratioAtLeast: number; copiesAtLeast: number };
    negative: { ratioBelow: number; copiesBelow: number };
    positiveAnswer: string;
    negativeAnswer: string;
  };
  /** Code raised when a stated result disagrees with its score or ISH figures. */
  resultCheck?: { code: string; source: string };
}

export interface GradeComponentDef {
  id: string;
  label: string;
  patterns: string[];
  min: number;
  max: number;
}

export interface GradeTableRow {
  /** The sum of the components (inclusive range). */
  sum?: [number, number];
  /** Exact component scores. */
  components?: Record<string, number>;
  grade: string;
  source?: string;
}

export interface GradeSpec {
  name: string;
  /** The stated grade's values (answers: id is the grade, patterns how it is written after an anchor). */
  components?: GradeComponentDef[];
  /** "3+4=7", "3+2+1 = 6": the components in written order. */
  sumForm?: boolean;
  /** Words that introduce a total score ("Gleason score", "total score"). */
  totalPatterns?: string[];
  table?: GradeTableRow[];
  mismatch?: { code: string; source: string };
  /** Code raised for a grade the system does not have ("Nottingham grade 4"). */
  invalid?: { code: string; source: string };
  /** Grade written anywhere, with no anchor ("moderately differentiated adenocarcinoma"). */
  standalone?: AnswerDef[];
}

/**
 * A measurement of the element's subject written anywhere: "a 4.5 cm mass",
 * "the tumour measures 3.2 x 2.1 cm", not "the specimen measures 25 x 15 cm"
 * nor "2 mm from the margin".
 */
export interface MeasurementSubject {
  /** A sentence must name the subject (or be one of the element's fields). */
  patterns: string[];
  /** Words between the previous measurement and this one that make it another thing's ("specimen", "margin", "lymph node"). */
  notBefore: string[];
  /** Words right after a measurement that make it a distance or a piece of specimen ("from", "wedge of"). */
  notAfter: string[];
  /** The organ or specimen just named before the measurement ("Sigmoid colon, 24 cm")... */
  specimenBefore: string[];
  /** ...unless the subject's name follows it ("Left kidney: 14 cm mass"). */
  subjectAfter: string[];
  /** After another thing's words and a semicolon, names that make a measurement the subject's again ("20% of tumour bed; viable tumour size 0.9 cm"). */
  namedAgain?: string[];
}

export interface StageSpec {
  t: string[];
  n: string[];
  m?: string[];
}

/** One reading of an element in the draft. */
export interface ElementValue {
  element: string;
  span: Span;
  sentence: Sentence;
  assertion: Assertion;
  /** Enumeration answer, marker result or grade id; universal answers: cannot-assess, not-applicable, pending, earlier-specimen. */
  answer?: string;
  number?: number;
  unit?: string;
  /** A grade written that the system does not have ("4" in a 1-3 system). */
  invalid?: string;
  /** "at least 3 cm", "> 5 cm": the value is a lower bound (a fragmented or incompletely excised tumour). */
  atLeast?: boolean;
  percentMin?: number;
  percentMax?: number;
  counts?: Record<string, number>;
  intensity?: string;
  score?: string;
  ish?: { amplified?: boolean; ratio?: number; copies?: number };
  components?: Record<string, { score: number; span: Span }>;
  total?: { score: number; span: Span };
  stage?: { t?: StageCategory; n?: StageCategory; m?: StageCategory };
  /** The named anchor the reading was read at (see ElementDef.anchors). */
  anchor?: string;
  /** A panel's reading: which marker, and its group (the panel expects groups: "a cytokeratin"). */
  marker?: string;
  group?: string;
}

export interface StageCategory {
  /** As normalised: "pT1c", "ypN0(i+)". */
  text: string;
  prefix: string;
  category: string;
  suffixes: string[];
  span: Span;
}

export const UNIVERSAL_ANSWERS = ['cannot-assess', 'not-applicable', 'pending', 'earlier-specimen'] as const;
