import { documents, documentsAnswer, isPlaceholder, PROTOCOL_KEY } from './findings/assess';
import { mentionsOf } from './document';
import { Findings, Mention } from './findings/types';
import { Checklist, ChecklistBase, ChecklistItem, ElementDef } from './knowledge/checklists';
import { firstLineText, ReportModel } from './parser';
import { EngineDiagnostic, Severity, Span } from './types';
import { hasChecks, readElement, ReadContext, readUntilStated, statingValue } from './kinds';
import { AFFIRMED, fieldsWithKeys, sentenceOfField } from './kinds/common';
import { elementChecks } from './kinds/checks';
import { ElementValue } from './kinds/types';
import { PhraseMatcher } from './match';
import { lexicon } from './findings/lexicon';

export type ReportType = 'pathology' | 'radiology' | 'unknown';

export interface ItemResult {
  item: ChecklistItem;
  element: ElementDef;
  stated: boolean;
  /** Where the draft states it (first place), when stated. */
  where?: Span;
  /** Expected IHC markers not given, for a partially stated panel. */
  missingMarkers?: string[];
  /** Why a required element is still missing although something near it is stated. */
  note?: string;
  /** A protocol element's readings (kinds), documenting or not. */
  values?: ElementValue[];
}

export interface ChecklistResult {
  checklist: Checklist;
  items: ItemResult[];
  /** Where a missing element's warning (and its quick fix) goes. */
  anchor: Span;
  /** Value checks of the protocol's elements (grade tables, marker rules, counts). */
  checks: EngineDiagnostic[];
  /** Readings of any protocol element, item or not (hints ask for single MMR proteins), read once. */
  read(elementId: string): ElementValue[];
}

/** Which checklist applies: the draft's report type, histologic type and procedure decide. */
export function selectChecklist(base: ChecklistBase, model: ReportModel, findings: Findings, reportType: ReportType): Checklist | undefined {
  if (reportType === 'unknown') return undefined;
  // An explicit protocol line ("Protocol: renal sarcoma") wins.
  const protocolField = model.fields.find((f) => PROTOCOL_KEY.test(f.key) && !isPlaceholder(f.value));
  if (protocolField) {
    const v = protocolField.value.toLowerCase();
    const explicit = base.checklists.find((c) => c.reportType === reportType && (c.id === v || (c.protocolNames ?? []).some((n) => v.includes(n))));
    if (explicit) return explicit;
  }
  // A report that is only an intraoperative consultation ("INTRAOPERATIVE CONSULTATION (FROZEN SECTION) REPORT") or an
  // addendum ("ADDENDUM REPORT"), with no final diagnosis of its own, is no case for a resection checklist: the main report is.
  if (reportType === 'pathology' && PARTIAL_REPORT_TITLE.test(firstLineText(model).trimStart().slice(0, 120)) && !model.sections.some((s) => s.kind === 'diagnosis' || s.kind === 'synoptic')) return undefined;
  const types = findings.histologicTypes.filter((t) => documents(t) && t.assertion.negation !== 'negated');
  // Affirmed diagnoses outrank uncertain ones; the diagnosis section outranks the rest.
  const rank = (t: (typeof types)[number]) => (t.assertion.negation === 'affirmed' ? 0 : 2) + (t.sentence.section.kind === 'diagnosis' || t.sentence.section.kind === 'synoptic' ? 0 : 1);
  const ordered = [...types].sort((a, b) => rank(a) - rank(b) || a.span.start - b.span.start);
  const procedures = findings.procedures.filter((p) => documents(p) && p.assertion.negation === 'affirmed');
  const category = procedures.some((p) => p.category === 'resection') ? 'resection' : procedures.some((p) => p.category === 'biopsy') ? 'biopsy' : 'unknown';

  // Protocols that name their organ come first: a breast carcinoma with sarcomatoid features is a breast report.
  // One scan for every such protocol's organ words first: most drafts name none of them.
  const sites = organWords(base);
  if (sites.length === 0 || mentionsOf(model, base.matcher(sites)).some((m) => documentsAnswer(m) && m.assertion.negation !== 'negated')) {
    for (const c of base.byPrecedence) {
      if (c.reportType !== reportType || !c.appliesWhen.diagnosis) continue;
      if (appliesByData(base, c, model)) return c;
    }
  }
  for (const c of base.byPrecedence) {
    if (c.reportType !== reportType || c.appliesWhen.diagnosis) continue;
    const when = c.appliesWhen;
    if (when.procedureCategories && !when.procedureCategories.includes(category)) continue;
    if (when.typeGroups) {
      const top = ordered[0];
      if (!top || !when.typeGroups.includes(top.group)) continue;
    }
    if (when.mentions) {
      const m = base.matcher(when.mentions);
      if (!mentionsOf(model, m).some((x) => documents(x) && x.assertion.negation !== 'negated')) continue;
    }
    if (when.unlessMentions) {
      // A simple cyst is no renal mass, unless a solid or Bosniak III/IV mass is named beside it (the data's unlessMentionsBut).
      const affirmedIn = (patterns: string[]) => mentionsOf(model, base.matcher(patterns)).some((x) => documents(x) && x.assertion.negation === 'affirmed');
      if (affirmedIn(when.unlessMentions) && !(when.unlessMentionsBut && affirmedIn(when.unlessMentionsBut))) continue;
    }
    return c;
  }
  return undefined;
}

/**
 * A protocol's applicability as data: its organ's malignancy is the affirmed
 * diagnosis (not history, not a hypothesis, not uncertain), the organ is
 * named, a resection is affirmed, and nothing in `unless` (a metastasis from
 * elsewhere, a benign diagnosis) is.
 */
function appliesByData(base: ChecklistBase, c: Checklist, model: ReportModel): boolean {
  const w = c.appliesWhen;
  const affirmed = (patterns: string[], outside?: Set<string>) =>
    mentionsOf(model, base.matcher(patterns)).some((m) => documentsAnswer(m) && m.assertion.negation === 'affirmed' && !outside?.has(m.sentence.section.kind));
  const stated = (patterns: string[]) => mentionsOf(model, base.matcher(patterns)).some((m) => documentsAnswer(m) && m.assertion.negation !== 'negated');
  // The organ first: its words are the rarest in another organ's report, so most drafts stop here.
  if (w.site && !stated(w.site)) return false;
  // A resection named only in a comment, a recommendation or an addendum is planned or recalled, not this specimen's:
  // "Tumour size, margins and nodal status will be assessed on the excision specimen" under a core biopsy.
  if (w.procedures && !affirmed(w.procedures, ASIDE_SECTIONS)) return false;
  if (w.diagnosis && !affirmed(w.diagnosis)) return false;
  if (w.unless && affirmed(w.unless)) return false;
  return true;
}

const PARTIAL_REPORT_TITLE = /\b(?:frozen section|intra-?operative (?:consultation|diagnosis)|addendum|supplement(?:ary|al) report)\b/i;

/** Sections that speak about the specimen rather than describe it. */
const ASIDE_SECTIONS = new Set(['comment', 'recommendation', 'addendum']);

/** Each model's readings of the elements read up to their first statement, for the model after it. */
const statedReadings = new WeakMap<ReportModel, Map<ElementDef, ElementValue[]>>();

/**
 * readUntilStated, reusing the previous model's readings when nothing before
 * them changed. A single-pass reader yields in document order, so when the
 * statement it stopped at lies in the blocks an edit kept in place (and so
 * does everything read before it), reading the new model would stop at the
 * same statement: typing below the synoptic block re-reads none of it. An
 * element nothing stated is read again only after the kept blocks.
 */
function readStatedKept(ctx: ReadContext, id: string, el: ElementDef, names: PhraseMatcher): ElementValue[] {
  const { model } = ctx;
  let mine = statedReadings.get(model);
  if (!mine) statedReadings.set(model, (mine = new Map()));
  const reused = model.reused;
  if (reused && reused.blocks > 0 && model.blocks) {
    const prev = statedReadings.get(reused.model)?.get(el);
    const last = prev?.[prev.length - 1];
    const kept = model.blocks[reused.blocks - 1];
    const keptEnd = kept.offset + kept.result.model.text.length;
    if (readsInDocumentOrder(el) && prev && last && statingValue(el, [last]) && last.span.end <= keptEnd) {
      mine.set(el, prev);
      return prev;
    }
    // Nothing stated it in the model before, which was read whole: the kept blocks still state
    // nothing, so only what follows them is read (typing below a missing element's last mention).
    if (prev && !statingValue(el, prev)) {
      const values = readUntilStated({ ...ctx, from: keptEnd }, id, el, names);
      mine.set(el, values);
      return values;
    }
  }
  const values = readUntilStated(ctx, id, el, names);
  mine.set(el, values);
  return values;
}

/** A reader that makes one pass in document order: a present/absent element, or answers read only in one way. */
function readsInDocumentOrder(el: ElementDef): boolean {
  if (el.kind !== 'enumeration') return false;
  const places = !!(el.patterns?.length || el.fieldKeys?.length);
  const anywhere = !!el.answers && (el.answersAnywhere ?? !el.presence);
  return !(places && anywhere);
}

const organWordCache = new WeakMap<ChecklistBase, { count: number; words: string[] }>();

/** The organ words of every protocol that names its organ, as one list (rebuilt when a workspace adds checklists). */
function organWords(base: ChecklistBase): string[] {
  const cached = organWordCache.get(base);
  if (cached && cached.count === base.checklists.length) return cached.words;
  const protocols = base.checklists.filter((c) => c.appliesWhen.diagnosis);
  // A protocol without organ words must always be tried: then no list, and no shortcut.
  const words = protocols.some((c) => !c.appliesWhen.site) ? [] : protocols.flatMap((c) => c.appliesWhen.site!);
  if (words.length && protocols.some((c) => base.isUntrusted(c.appliesWhen.site!))) base.markUntrusted(words);
  organWordCache.set(base, { count: base.checklists.length, words });
  return words;
}

const markerNameCache = new WeakMap<ChecklistBase, PhraseMatcher>();

/** The names of every marker element, each hit named by its element: a marker's result ends at the next marker. */
function markerNames(base: ChecklistBase): PhraseMatcher {
  let m = markerNameCache.get(base);
  if (!m) {
    const entries = [...base.elements].filter(([, el]) => el.kind === 'marker' && el.patterns).map(([id, el]) => ({ id, patterns: el.patterns! }));
    const linear = entries.some((e) => base.isUntrusted(e.patterns));
    m = new PhraseMatcher(entries.length ? entries : [{ id: '-', patterns: ['\\u0000'] }], linear ? 'linear' : 'backtracking');
    markerNameCache.set(base, m);
  }
  return m;
}

/** What the kind readers need of a knowledge base and a draft. */
function readContext(base: ChecklistBase, model: ReportModel, findings?: Findings): ReadContext {
  return { model, matcher: (p) => base.matcher(p), answers: (l) => base.answers(l), markerResults: findings?.ihc, sizes: findings && { subject: lexicon().sizeSubject, found: findings.sizes } };
}

export function evaluateChecklist(base: ChecklistBase, checklist: Checklist, model: ReportModel, findings: Findings): ChecklistResult {
  const items: ItemResult[] = [];
  const checks: EngineDiagnostic[] = [];
  const ctx = readContext(base, model, findings);
  const names = markerNames(base);
  const typeGroups = new Set(findings.histologicTypes.filter((t) => documents(t) && t.assertion.negation !== 'negated').map((t) => t.group));
  for (const item of checklist.items) {
    const element = base.elements.get(item.element);
    if (!element) continue;
    if (item.onlyIfTypeGroups && !item.onlyIfTypeGroups.some((g) => typeGroups.has(g))) continue;
    if (item.onlyIfMentioned) {
      // "No neoadjuvant therapy" does not call for treatment effect; a mention in the history does.
      const m = base.matcher(item.onlyIfMentioned);
      if (!mentionsOf(model, m).some((x) => x.assertion.negation !== 'negated')) continue;
    }
    // "Invasive mucinous adenocarcinoma" has no IASLC grade to ask for; a history or a "no ..." does not count.
    if (item.unlessMentioned && mentionsOf(model, base.matcher(item.unlessMentioned)).some((x) => documents(x) && x.assertion.negation === 'affirmed')) continue;
    if (element.kind) {
      // An element with a value check needs every reading; any other, only its first statement.
      // Rules over several readings (the renal vein and the IVC, a panel's markers) need them all too.
      const full = hasChecks(element) || !!element.decidedBy || !!item.expectedMarkers;
      const values = full ? readElement(ctx, item.element, element, names) : readStatedKept(ctx, item.element, element, names);
      items.push({ item, element, ...decide(item, element, values), values: full ? values : undefined });
      checks.push(...elementChecks(model, element, values));
      continue;
    }
    items.push(evaluateItem(base, item, element, model, findings));
  }
  const readings = new Map<string, ElementValue[]>(items.filter((i) => i.values).map((i) => [i.item.element, i.values!]));
  const read = (id: string): ElementValue[] => {
    let got = readings.get(id);
    if (!got) {
      const el = base.elements.get(id);
      got = el?.kind ? readElement(ctx, id, el, names) : [];
      readings.set(id, got);
    }
    return got;
  };
  return { checklist, items, anchor: anchorFor(model, checklist.anchorSections ?? []), checks, read };
}

/**
 * Whether the readings state the element. A panel needs a result in each
 * group its item expects. With `decidedBy` rules the first
 * rule a documenting reading matches decides (an involved renal vein leaves
 * the IVC to be stated; a free one states it); otherwise the stating reading.
 */
function decide(item: ChecklistItem, el: ElementDef, values: ElementValue[]): Pick<ItemResult, 'stated' | 'where' | 'note' | 'missingMarkers'> {
  if (item.expectedMarkers) {
    // A panel: stated when every expected group has a result.
    const given = values.filter((v) => statingValue(el, [v]));
    if (given.length === 0) return { stated: false };
    const groups = new Set(given.map((v) => v.group));
    const missingMarkers = item.expectedMarkers.filter((m) => !groups.has(m.group)).map((m) => m.label);
    return { stated: missingMarkers.length === 0, where: given[0].span, missingMarkers };
  }
  if (el.decidedBy) {
    const documenting = values.filter((v) => statingValue(el, [v]));
    for (const rule of el.decidedBy) {
      const v = documenting.find((x) => (!rule.anchors || (x.anchor !== undefined && rule.anchors.includes(x.anchor))) && (!rule.answers || (x.answer !== undefined && rule.answers.includes(x.answer))));
      if (v) return rule.states ? { stated: true, where: v.span } : { stated: false, note: rule.note };
    }
    return { stated: false };
  }
  const stating = statingValue(el, values);
  return { stated: stating !== undefined, where: stating?.span };
}

function firstDocumenting<T extends Mention>(list: T[], pred: (m: T) => boolean = () => true): T | undefined {
  return list.find((m) => documents(m) && pred(m));
}

function evaluateItem(base: ChecklistBase, item: ChecklistItem, element: ElementDef, model: ReportModel, f: Findings): ItemResult {
  const result = (where: Mention | undefined, extra: Partial<ItemResult> = {}): ItemResult => ({ item, element, stated: where !== undefined, where: where?.span, ...extra });
  switch (element.finding) {
    case 'procedure':
      return result(firstDocumenting(f.procedures, (p) => p.assertion.negation !== 'negated'));
    case 'histologic-type':
      return result(firstDocumenting(f.histologicTypes, (p) => p.assertion.negation !== 'negated'));
    case 'grade':
      return result(firstDocumenting(f.grades));
    case 'mitotic-count':
      return result(firstDocumenting(f.mitoticCounts) ?? firstDocumenting(f.fnclccComponents, (c) => c.component === 'mitotic'));
    case 'necrosis':
      return result(firstDocumenting(f.necrosis) ?? firstDocumenting(f.fnclccComponents, (c) => c.component === 'necrosis'));
    case 'margins':
      return result(firstDocumenting(f.margins));
    default:
      return result(findPatternElement(base, element, model));
  }
}

function findPatternElement(base: ChecklistBase, element: ElementDef, model: ReportModel): Mention | undefined {
  for (const field of fieldsWithKeys(model.fields, element.fieldKeys)) {
    const sentence = sentenceOfField(model, field);
    if (sentence) return { span: field.keySpan, sentence, assertion: AFFIRMED };
  }
  if (!element.patterns) return undefined;
  return mentionsOf(model, base.matcher(element.patterns)).find(documents);
}

function anchorFor(model: ReportModel, kinds: string[]): Span {
  for (const kind of kinds) {
    const s = model.sections.find((x) => x.kind === kind);
    if (s) return s.headerSpan;
  }
  // The document's first line: a missing element belongs to the report as a whole.
  const end = model.lines.lineEnd(0);
  return { start: 0, end };
}

export function severityFor(item: ChecklistItem): Severity {
  return item.requirement === 'required' ? 'warning' : 'information';
}

/** One diagnostic per missing element, with what would satisfy it. */
export function checklistDiagnostics(result: ChecklistResult): EngineDiagnostic[] {
  const out: EngineDiagnostic[] = [];
  const name = result.checklist.shortTitle;
  for (const r of result.items) {
    if (r.stated) continue;
    const data = { element: r.item.element, checklist: result.checklist.id, template: r.element.template };
    if (r.missingMarkers && r.missingMarkers.length > 0 && r.item.incompleteCode) {
      out.push({
        code: r.item.incompleteCode,
        severity: severityFor(r.item),
        message: `IHC panel incomplete for ${name}: no result for ${joinList(r.missingMarkers)}. Give each marker with its result (e.g. "S-100: negative").`,
        span: result.anchor,
        data: { ...data, missingMarkers: r.missingMarkers },
      });
      continue;
    }
    const what = r.note ? `${r.element.label} is not complete: ${r.note}.` : `${r.element.label} is not stated.`;
    out.push({
      code: r.item.code,
      severity: severityFor(r.item),
      message: `${what} ${capitalise(r.element.satisfy)} (${name} checklist).`,
      span: result.anchor,
      data,
    });
  }
  return out;
}

function joinList(xs: string[]): string {
  return xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
