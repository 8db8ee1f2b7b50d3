import { Sentence } from '../parser';
import { Assertion, Span } from '../types';

/** Where a finding was read and how the draft asserts it. */
export interface Mention {
  span: Span;
  sentence: Sentence;
  assertion: Assertion;
  /** A pattern's mention placed in a document read block by block: the sentence memo's mention it was read as (see Sentence.origin). */
  origin?: Mention;
}

export type TypeGroup = 'sarcoma' | 'rcc' | 'urothelial' | 'spindle' | 'benign' | string;

export interface HistologicTypeFinding extends Mention {
  id: string;
  label: string;
  group: TypeGroup;
}

export interface ProcedureFinding extends Mention {
  id: string;
  label: string;
  category: 'resection' | 'biopsy';
}

export type Side = 'left' | 'right' | 'bilateral';
export interface LateralityFinding extends Mention {
  side: Side;
}

export interface SizeFinding extends Mention {
  /** Greatest dimension in centimetres. */
  greatestCm: number;
  /** "At least 3 cm": the size may be larger. */
  atLeast?: boolean;
}

export type GradeSystem = 'fnclcc' | 'who-isup' | 'fuhrman' | 'unspecified';
export interface GradeFinding extends Mention {
  system: GradeSystem;
  /** Numeric grade as stated (1-4), when a number was given. */
  value?: number;
  /** "low" / "intermediate" / "high" when stated in words. */
  tier?: 'low' | 'intermediate' | 'high';
  cannotAssess: boolean;
  /** The grade token itself ("grade 4", "G2"), for messages. */
  valueSpan: Span;
}

export type FnclccComponent = 'differentiation' | 'mitotic' | 'necrosis' | 'total';
export interface FnclccComponentFinding extends Mention {
  component: FnclccComponent;
  score: number;
}

export interface MitoticCountFinding extends Mention {
  /** Mitoses per 10 high-power fields, when a count was given. */
  per10Hpf?: number;
}

export interface NecrosisFinding extends Mention {
  present: boolean;
  percent?: number;
  /** FNCLCC necrosis extent when it can be read. */
  extent?: 'none' | 'lt50' | 'ge50';
}

export type MarginStatus = 'negative' | 'positive' | 'cannot-assess';
export interface MarginFinding extends Mention {
  status?: MarginStatus;
  rClass?: 'R0' | 'R1' | 'R2';
  distanceMm?: number;
}

export type Vessel = 'renal-vein' | 'ivc' | 'venous';
export type VenousStatus = 'involved' | 'not-involved' | 'cannot-assess' | 'possible';
export interface VenousFinding extends Mention {
  vessel: Vessel;
  status: VenousStatus;
}

export type IhcResultValue = 'positive' | 'negative' | 'equivocal' | 'pending';
export interface IhcFinding extends Mention {
  markerId: string;
  markerLabel: string;
  group: string;
  /** Undefined when a marker is named without a result. */
  result?: IhcResultValue;
  qualifier?: string;
}

/** A mention of a generic, pattern-defined element (see checklists.json `detect.patterns`). */
export interface ElementMention extends Mention {
  element: string;
}

export interface Findings {
  histologicTypes: HistologicTypeFinding[];
  procedures: ProcedureFinding[];
  laterality: LateralityFinding[];
  sizes: SizeFinding[];
  grades: GradeFinding[];
  fnclccComponents: FnclccComponentFinding[];
  mitoticCounts: MitoticCountFinding[];
  necrosis: NecrosisFinding[];
  margins: MarginFinding[];
  venous: VenousFinding[];
  ihc: IhcFinding[];
  elements: ElementMention[];
}
