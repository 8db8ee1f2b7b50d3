import checklistsData from '../../data/checklists.json';
import findingsData from '../../data/findings.json';
import markersData from '../../data/markers.json';
import findingsSchema from '../../data/schemas/findings.schema.json';
import checklistsSchema from '../../data/schemas/checklists.schema.json';
import markersSchema from '../../data/schemas/markers.schema.json';
import { validateKnowledge } from '../knowledge/validate';
import { escapeLiteral, listMatcher, PhraseMatcher } from '../match';

/** The built-in extractors' vocabulary, validated and compiled once per process. */

interface PatternEntry {
  id: string;
  label: string;
  patterns: string[];
}
export interface FindingsFile {
  laterality: { source: string; sidePatterns: Record<'left' | 'right' | 'bilateral', string[]>; organPatterns: string[]; fieldKeys: string[] };
  size: { source: string; subjectPatterns: string[]; notSubjectPatterns: string[]; fieldKeys: string[] };
  venous: {
    source: string;
    vessels: { id: 'renal-vein' | 'ivc' | 'venous'; patterns: string[] }[];
    notVesselFollowers: string[];
    involvedPatterns: string[];
    notInvolvedPatterns: string[];
    cannotAssessPatterns: string[];
  };
}
export interface MarkerEntry {
  id: string;
  label: string;
  group: string;
  synonyms: string[];
}

export interface CompiledLexicon {
  data: FindingsFile;
  markers: Map<string, MarkerEntry>;
  types: PhraseMatcher;
  typeById: Map<string, PatternEntry & { group: string }>;
  procedures: PhraseMatcher;
  procedureById: Map<string, PatternEntry & { category: 'resection' | 'biopsy' }>;
  sides: PhraseMatcher;
  organs: PhraseMatcher;
  sizeSubject: PhraseMatcher;
  sizeNotSubject: PhraseMatcher;
  vessels: PhraseMatcher;
  venousInvolved: PhraseMatcher;
  venousNotInvolved: PhraseMatcher;
  venousCannot: PhraseMatcher;
  marginMention: PhraseMatcher;
  marginNegative: PhraseMatcher;
  marginPositive: PhraseMatcher;
  marginCannot: PhraseMatcher;
  /** Synoptic keys of the margin status (from the 'margins' element). */
  marginFieldKeys: string[];
  markerMatcher: PhraseMatcher;
}

let compiled: CompiledLexicon | undefined;

export function lexicon(): CompiledLexicon {
  if (compiled) return compiled;
  const data = validateKnowledge<FindingsFile>(findingsSchema, findingsData, 'built-in findings.json');
  // The histologic types and procedures are the answers of the elements that state them: one list,
  // read by the checklist's enumeration reader and by the extractors the hints and checks use.
  const elements = validateKnowledge<{ elements: Record<string, { answers?: (PatternEntry & { group?: string })[]; patterns?: string[]; fieldKeys?: string[] }> }>(checklistsSchema, checklistsData, 'built-in checklists.json').elements;
  const margins = elements['margins'];
  const marginAnswer = (id: string) => (margins.answers ?? []).find((a) => a.id === id)?.patterns ?? [];
  const types = (elements['histologic-type'].answers ?? []).map((a) => ({ ...a, group: a.group ?? 'other' }));
  const procedures = (elements['procedure'].answers ?? []).map((a) => ({ ...a, category: a.group === 'biopsy' ? ('biopsy' as const) : ('resection' as const) }));
  const markerFile = validateKnowledge<{ markers: MarkerEntry[] }>(markersSchema, markersData, 'built-in markers.json');
  const sides = Object.entries(data.laterality.sidePatterns).map(([id, patterns]) => ({ id, patterns }));
  compiled = {
    data,
    markers: new Map(markerFile.markers.map((m) => [m.id, m])),
    types: new PhraseMatcher(types),
    typeById: new Map(types.map((t) => [t.id, t])),
    procedures: new PhraseMatcher(procedures),
    procedureById: new Map(procedures.map((p) => [p.id, p])),
    sides: new PhraseMatcher(sides),
    organs: listMatcher(data.laterality.organPatterns),
    sizeSubject: listMatcher(data.size.subjectPatterns),
    sizeNotSubject: listMatcher(data.size.notSubjectPatterns),
    vessels: new PhraseMatcher(data.venous.vessels),
    venousInvolved: listMatcher(data.venous.involvedPatterns),
    venousNotInvolved: listMatcher(data.venous.notInvolvedPatterns),
    venousCannot: listMatcher(data.venous.cannotAssessPatterns),
    marginMention: listMatcher(margins.patterns ?? []),
    marginNegative: listMatcher(marginAnswer('negative')),
    marginPositive: listMatcher(marginAnswer('positive')),
    marginCannot: listMatcher(marginAnswer('cannot-assess')),
    marginFieldKeys: margins.fieldKeys ?? [],
    markerMatcher: new PhraseMatcher(markerFile.markers.map((m) => ({ id: m.id, patterns: m.synonyms.map(escapeLiteral) }))),
  };
  return compiled;
}
