import { Analysis } from '../engine/analyze';

export interface AuditElement {
  element: string;
  label: string;
  code: string;
  requirement: string;
  stated: number;
  total: number;
  share: number;
}

export interface AuditChecklist {
  checklist: string;
  title: string;
  reports: number;
  complete: number;
  elements: AuditElement[];
}

/** Per file, the checklist and the elements it does not state. */
export interface AuditFile {
  file: string;
  checklist: string | null;
  missing: string[];
}

export interface AuditReport {
  reports: number;
  withoutChecklist: number;
  unreadable: number;
  checklists: AuditChecklist[];
  /** Every readable file in input order; `missing` lists element ids. */
  files: AuditFile[];
}

/**
 * What the audit needs of one analysed draft: small and plain, so a worker
 * thread can send it back (an Analysis holds the whole model).
 */
export interface AuditSummary {
  checklist?: { id: string; title: string };
  items: { element: string; label: string; code: string; requirement: string; stated: boolean }[];
}

export function auditSummary(analysis: Analysis): AuditSummary {
  const c = analysis.checklist;
  if (!c) return { items: [] };
  return {
    checklist: { id: c.checklist.id, title: c.checklist.title },
    items: c.items.map((i) => ({ element: i.item.element, label: i.element.label, code: i.item.code, requirement: i.item.requirement, stated: i.stated })),
  };
}

/** Accumulates, for QA staff, how often each checklist element is stated across finished reports. */
export class Audit {
  private readonly byChecklist = new Map<string, { title: string; reports: number; complete: number; elements: Map<string, AuditElement> }>();
  private reports = 0;
  private withoutChecklist = 0;
  unreadable = 0;

  private readonly files: AuditFile[] = [];

  add(analysis: Analysis, file = ''): void {
    this.addSummary(auditSummary(analysis), file);
  }

  addSummary(c: AuditSummary, file: string): void {
    this.reports++;
    this.files.push({ file, checklist: c.checklist?.id ?? null, missing: c.items.filter((i) => !i.stated).map((i) => i.element) });
    if (!c.checklist) {
      this.withoutChecklist++;
      return;
    }
    let entry = this.byChecklist.get(c.checklist.id);
    if (!entry) {
      entry = { title: c.checklist.title, reports: 0, complete: 0, elements: new Map() };
      this.byChecklist.set(c.checklist.id, entry);
    }
    entry.reports++;
    if (c.items.every((i) => i.stated)) entry.complete++;
    for (const i of c.items) {
      let e = entry.elements.get(i.element);
      if (!e) {
        e = { element: i.element, label: i.label, code: i.code, requirement: i.requirement, stated: 0, total: 0, share: 0 };
        entry.elements.set(i.element, e);
      }
      e.total++;
      if (i.stated) e.stated++;
    }
  }

  result(): AuditReport {
    const checklists = [...this.byChecklist.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, c]) => ({
        checklist: id,
        title: c.title,
        reports: c.reports,
        complete: c.complete,
        elements: [...c.elements.values()].map((e) => ({ ...e, share: e.total ? Math.round((e.stated / e.total) * 1000) / 1000 : 0 })),
      }));
    return { reports: this.reports, withoutChecklist: this.withoutChecklist, unreadable: this.unreadable, checklists, files: this.files };
  }
}

export function formatAuditTable(r: AuditReport): string {
  const out: string[] = [];
  out.push(`${r.reports} report(s) audited; ${r.withoutChecklist} without an applicable checklist; ${r.unreadable} unreadable.`);
  for (const c of r.checklists) {
    out.push('', `${c.title} (${c.checklist}): ${c.reports} report(s), ${c.complete} complete`);
    const w = Math.max(...c.elements.map((e) => e.label.length), 7);
    out.push(`  ${'Element'.padEnd(w)}  ${'Stated'.padStart(9)}  ${'Share'.padStart(6)}  Requirement`);
    for (const e of c.elements) {
      out.push(`  ${e.label.padEnd(w)}  ${`${e.stated}/${e.total}`.padStart(9)}  ${`${Math.round(e.share * 100)}%`.padStart(6)}  ${e.requirement}`);
    }
  }
  return out.join('\n') + '\n';
}

/** Each file with something missing, and what: the list a QA reviewer works through. */
export function formatMissingList(r: AuditReport): string {
  const out = ['', 'Missing, per file:'];
  const withGaps = r.files.filter((f) => f.missing.length > 0);
  for (const f of withGaps) out.push(`  ${f.file} (${f.checklist}): ${f.missing.join(', ')}`);
  if (withGaps.length === 0) out.push('  nothing: every report states every element of its checklist');
  return out.join('\n') + '\n';
}

function csvField(s: string | number): string {
  const t = String(s);
  return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

function csv(rows: (string | number)[][]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** The per-element table: one row per checklist element. */
export function formatAuditCsv(r: AuditReport): string {
  const rows: (string | number)[][] = [['checklist', 'element', 'label', 'code', 'requirement', 'stated', 'total', 'share']];
  for (const c of r.checklists) for (const e of c.elements) rows.push([c.checklist, e.element, e.label, e.code, e.requirement, e.stated, e.total, e.share]);
  return csv(rows);
}

/** The per-file list of what is missing: one row per file and missing element. */
export function formatMissingCsv(r: AuditReport): string {
  const rows: (string | number)[][] = [['file', 'checklist', 'element']];
  for (const f of r.files) for (const m of f.missing) rows.push([f.file, f.checklist ?? '', m]);
  return csv(rows);
}
