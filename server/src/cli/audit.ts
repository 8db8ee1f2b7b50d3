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

export interface AuditReport {
  reports: number;
  withoutChecklist: number;
  unreadable: number;
  checklists: AuditChecklist[];
}

/** Accumulates, for QA staff, how often each checklist element is stated across finished reports. */
export class Audit {
  private readonly byChecklist = new Map<string, { title: string; reports: number; complete: number; elements: Map<string, AuditElement> }>();
  private reports = 0;
  private withoutChecklist = 0;
  unreadable = 0;

  add(analysis: Analysis): void {
    this.reports++;
    const c = analysis.checklist;
    if (!c) {
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
      let e = entry.elements.get(i.item.element);
      if (!e) {
        e = { element: i.item.element, label: i.element.label, code: i.item.code, requirement: i.item.requirement, stated: 0, total: 0, share: 0 };
        entry.elements.set(i.item.element, e);
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
    return { reports: this.reports, withoutChecklist: this.withoutChecklist, unreadable: this.unreadable, checklists };
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
