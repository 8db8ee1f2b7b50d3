import { createHash } from 'node:crypto';
import codes from '../../data/fhir-codes.json';
import { ExtractedElement, ExtractedValue, ExtractRecord } from './record';

/**
 * A draft's record as an HL7 FHIR R4 Bundle (type collection): one
 * DiagnosticReport (status preliminary: these are drafts) and one Observation
 * per stated element. Standard codes come from data (fhir-codes.json, each
 * with its source); an element without one is coded with its own id. The
 * evidence text goes in only when asked for: it is report text.
 */

interface Coding {
  system: string;
  code: string;
  display?: string;
}
interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}
type Json = Record<string, unknown>;

const UCUM = 'http://unitsofmeasure.org';
const ELEMENT_SYSTEM = 'urn:synoptic:element';
const ANSWER_SYSTEM = 'urn:synoptic:answer';

const CODES = codes as { report: Coding; elements: Record<string, Coding>; countParts: Record<string, Coding>; stage: Record<string, Coding> };

function coding(c: Coding): Coding {
  return { system: c.system, code: c.code, display: c.display };
}

function concept(standard: Coding | undefined, local: Coding, text: string): CodeableConcept {
  return { coding: standard ? [coding(standard), local] : [local], text };
}

function answerConcept(answer: string, label?: string): CodeableConcept {
  return { coding: [{ system: ANSWER_SYSTEM, code: answer }], text: label ?? answer };
}

/** A stable id per report and resource, so the same draft gives the same Bundle (no report text goes into it: the file name and a counter). */
function uuid(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function component(code: CodeableConcept, value: Json): Json {
  return { code, ...value };
}

function part(id: string, label: string, standard?: Coding): CodeableConcept {
  return concept(standard, { system: ELEMENT_SYSTEM, code: id }, label);
}

function percentValue(min: number, max: number): Json {
  const q = (n: number) => ({ value: n, unit: '%', system: UCUM, code: '%' });
  return min === max ? { valueQuantity: q(min) } : { valueRange: { low: q(min), high: q(max) } };
}

/** value[x] and components of one element's Observation. */
function observationValue(e: ExtractedElement, v: ExtractedValue | null): Json {
  if (!v) return { valueString: 'stated' };
  const answer = 'answer' in v && v.answer !== undefined ? answerConcept(v.answer, v.kind === 'enumeration' ? v.label : undefined) : undefined;
  const id = e.element;
  switch (v.kind) {
    case 'enumeration':
      return answer ? { valueCodeableConcept: answer } : { valueString: 'stated' };
    case 'measurement':
      if (v.value !== undefined) return { valueQuantity: { value: v.value, unit: v.unit, system: UCUM, code: v.unit }, ...(v.atLeast ? { interpretation: [{ text: 'at least' }] } : {}) };
      return answer ? { valueCodeableConcept: answer } : { valueString: 'stated' };
    case 'count': {
      const components = Object.entries(v.counts).map(([p, n]) => component(part(`${id}/${p}`, p, CODES.countParts[`${id}/${p}`]), { valueInteger: n }));
      return { ...(answer ? { valueCodeableConcept: answer } : {}), ...(components.length ? { component: components } : answer ? {} : { valueString: 'stated' }) };
    }
    case 'percentage':
      if (v.min !== undefined) return percentValue(v.min, v.max ?? v.min);
      return answer ? { valueCodeableConcept: answer } : { valueString: 'stated' };
    case 'marker': {
      const components: Json[] = [];
      if (v.percent) components.push(component(part(`${id}/percent`, 'percent of cells'), percentValue(v.percent.min, v.percent.max)));
      if (v.intensity) components.push(component(part(`${id}/intensity`, 'intensity'), { valueString: v.intensity }));
      if (v.score) components.push(component(part(`${id}/score`, 'IHC score'), { valueString: v.score }));
      if (v.ish?.amplified !== undefined) components.push(component(part(`${id}/ish-amplified`, 'ISH amplified'), { valueBoolean: v.ish.amplified }));
      if (v.ish?.ratio !== undefined) components.push(component(part(`${id}/ish-ratio`, 'ISH ratio'), { valueQuantity: { value: v.ish.ratio } }));
      if (v.ish?.copies !== undefined) components.push(component(part(`${id}/ish-copies`, 'ISH copies per cell'), { valueQuantity: { value: v.ish.copies } }));
      return { ...(answer ? { valueCodeableConcept: answer } : components.length ? {} : { valueString: 'stated' }), ...(components.length ? { component: components } : {}) };
    }
    case 'grade': {
      const components = Object.entries(v.components).map(([c, n]) => component(part(`${id}/${c}`, c), { valueInteger: n }));
      if (v.total !== undefined) components.push(component(part(`${id}/total`, 'total score'), { valueInteger: v.total }));
      if (v.invalid !== undefined) components.push(component(part(`${id}/invalid`, 'grade outside the system'), { valueString: v.invalid }));
      const grade = v.answer !== undefined ? answerConcept(v.answer, v.system ? `${v.system} ${v.answer}` : v.answer) : undefined;
      return { ...(grade ? { valueCodeableConcept: grade } : components.length ? {} : { valueString: 'stated' }), ...(components.length ? { component: components } : {}) };
    }
    case 'stage': {
      const components = (['t', 'n', 'm'] as const)
        .filter((k) => v.stated[k])
        .map((k) => component(part(`${id}/${k}`, `${k.toUpperCase()} category`, CODES.stage[k]), { valueCodeableConcept: { text: v.stated[k] } }));
      return { ...(answer ? { valueCodeableConcept: answer } : components.length ? {} : { valueString: 'stated' }), ...(components.length ? { component: components } : {}) };
    }
    case 'panel':
      return {
        component: v.markers.map((m) => component(part(`ihc/${m.marker}`, m.label), { valueCodeableConcept: answerConcept(m.result) })),
      };
  }
}

/** An element's standard code: the one for this checklist's organ first (breast margins), else the element's own. */
function standardCode(record: ExtractRecord, element: string): Coding | undefined {
  return (record.checklist && CODES.elements[`${record.checklist.id}/${element}`]) || CODES.elements[element];
}

export interface FhirOptions {
  /** Add each element's evidence text as an Observation note. */
  includeText?: boolean;
}

/** One FHIR R4 Bundle for one draft's record; `seed` (the file name) makes its ids stable. */
export function toFhirBundle(record: ExtractRecord, seed: string, options: FhirOptions = {}): Json {
  const reportId = uuid(`${seed}\0report`);
  // Stated elements, and those the draft says do not apply; not those the checklist's condition leaves out.
  const stated = record.elements.filter((e) => e.status === 'stated' || (e.status === 'not-applicable' && e.evidence.length > 0));
  const observations = stated.map((e, i) => {
    const id = uuid(`${seed}\0${i}\0${e.element}`);
    const notes = options.includeText ? e.evidence.filter((x) => x.text).map((x) => ({ text: x.text })) : [];
    const resource: Json = {
      resourceType: 'Observation',
      id,
      status: 'preliminary',
      code: concept(standardCode(record, e.element), { system: ELEMENT_SYSTEM, code: e.element, display: e.label }, e.label),
      ...(e.status === 'not-applicable' && !e.value ? { valueCodeableConcept: answerConcept('not-applicable', 'Not applicable') } : observationValue(e, e.value)),
      ...(notes.length ? { note: notes } : {}),
    };
    return { fullUrl: `urn:uuid:${id}`, resource };
  });
  const report: Json = {
    resourceType: 'DiagnosticReport',
    id: reportId,
    status: 'preliminary',
    // The LOINC synoptic report code is a pathology code; a radiology report is named by its checklist alone.
    code: record.reportType === 'pathology' ? { coding: [coding(CODES.report)], text: record.checklist?.title ?? CODES.report.display } : { text: record.checklist?.title ?? 'Report (no checklist applies)' },
    ...(observations.length ? { result: observations.map((o) => ({ reference: o.fullUrl, display: (o.resource.code as CodeableConcept).text })) } : {}),
  };
  return {
    resourceType: 'Bundle',
    id: uuid(`${seed}\0bundle`),
    type: 'collection',
    entry: [{ fullUrl: `urn:uuid:${reportId}`, resource: report }, ...observations],
  };
}
