import checklistsData from '../../data/checklists.json';
import markersData from '../../data/markers.json';
import { builtinData } from '../knowledge/validate';
import type { ElementDef } from '../knowledge/checklists';
import { escapeLiteral, listMatcher, PhraseMatcher } from '../match';
import { CompiledSubject, compileSubject } from './extract';

/** The built-in extractors' vocabulary, read from the elements that state it (checked in the build), compiled once per process. */

interface PatternEntry {
  id: string;
  label: string;
  patterns: string[];
}
export interface MarkerEntry {
  id: string;
  label: string;
  group: string;
  synonyms: string[];
}

export interface CompiledLexicon {
  markers: Map<string, MarkerEntry>;
  types: PhraseMatcher;
  typeById: Map<string, PatternEntry & { group: string }>;
  procedures: PhraseMatcher;
  procedureById: Map<string, PatternEntry & { category: 'resection' | 'biopsy' }>;
  /** The laterality element: its side answers, the organ words one must stand near, its field keys. */
  sides: PhraseMatcher;
  organs: PhraseMatcher;
  organReach: number;
  lateralityFieldKeys: string[];
  /** The tumour size element's subject, compiled, and as data (the element's own object). */
  size: CompiledSubject;
  sizeSubject: object;
  /** The venous extension element: its named anchors (vessels), what makes an anchor a margin, its answers. */
  vessels: PhraseMatcher;
  vesselFollowers: PhraseMatcher;
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
  // The vocabularies are the data of the elements that state them: one list, read by the
  // checklist's kind readers and by the extractors the hints and consistency checks use.
  const elements = builtinData<{ elements: Record<string, Omit<ElementDef, 'answers'> & { answers?: (PatternEntry & { group?: string })[] }> }>('checklists', checklistsData).elements;
  const margins = elements['margins'];
  const laterality = elements['laterality'];
  const size = elements['tumor-size'];
  const venous = elements['venous-extension'];
  const answer = (el: { answers?: PatternEntry[] }, id: string) => (el.answers ?? []).find((a) => a.id === id)?.patterns ?? [];
  const types = (elements['histologic-type'].answers ?? []).map((a) => ({ ...a, group: a.group ?? 'other' }));
  const procedures = (elements['procedure'].answers ?? []).map((a) => ({ ...a, category: a.group === 'biopsy' ? ('biopsy' as const) : ('resection' as const) }));
  const markerFile = builtinData<{ markers: MarkerEntry[] }>('markers', markersData);
  const subject = size.subject!;
  compiled = {
    markers: new Map(markerFile.markers.map((m) => [m.id, m])),
    types: new PhraseMatcher(types),
    typeById: new Map(types.map((t) => [t.id, t])),
    procedures: new PhraseMatcher(procedures),
    procedureById: new Map(procedures.map((p) => [p.id, p])),
    sides: new PhraseMatcher(laterality.answers ?? []),
    organs: listMatcher(laterality.near!.patterns),
    organReach: laterality.near!.reach,
    lateralityFieldKeys: laterality.fieldKeys ?? [],
    size: compileSubject(subject, size.fieldKeys ?? [], listMatcher),
    sizeSubject: subject,
    vessels: new PhraseMatcher(venous.anchors ?? []),
    vesselFollowers: listMatcher(venous.notFollowedBy ?? []),
    venousInvolved: listMatcher(answer(venous, 'involved')),
    venousNotInvolved: listMatcher(answer(venous, 'not-involved')),
    venousCannot: listMatcher(answer(venous, 'cannot-assess')),
    marginMention: listMatcher(margins.patterns ?? []),
    marginNegative: listMatcher(answer(margins, 'negative')),
    marginPositive: listMatcher(answer(margins, 'positive')),
    marginCannot: listMatcher(answer(margins, 'cannot-assess')),
    marginFieldKeys: margins.fieldKeys ?? [],
    markerMatcher: new PhraseMatcher(markerFile.markers.map((m) => ({ id: m.id, patterns: m.synonyms.map(escapeLiteral) }))),
  };
  return compiled;
}
