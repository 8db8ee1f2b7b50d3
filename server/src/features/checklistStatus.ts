import { Range } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analysis } from '../engine/analyze';
import { toRange } from './diagnostics';
import { stageStatus, StageStatus } from './staging';

export interface ChecklistStatusParams {
  uri: string;
}

export interface ChecklistStatus {
  checklist: { id: string; title: string; shortTitle: string } | null;
  reportType?: string;
  stated?: number;
  total?: number;
  items?: { label: string; code: string; requirement: string; stated: boolean; range?: Range; missingMarkers?: string[]; source: string }[];
  /** Stated and derived pT and pN, for checklists with a staging table. */
  stage?: StageStatus;
}

/** The checklist at a glance: what the status bar and the checklist view show. */
export function checklistStatus(doc: TextDocument, analysis: Analysis): ChecklistStatus {
  const c = analysis.checklist;
  if (!c) return { checklist: null, reportType: analysis.reportType };
  const items = c.items.map((r) => ({
    label: r.element.label,
    code: r.item.code,
    requirement: r.item.requirement,
    stated: r.stated,
    range: r.where ? toRange(doc, r.where) : undefined,
    missingMarkers: r.missingMarkers && r.missingMarkers.length ? r.missingMarkers : undefined,
    source: r.item.source,
  }));
  return {
    checklist: { id: c.checklist.id, title: c.checklist.title, shortTitle: c.checklist.shortTitle },
    reportType: analysis.reportType,
    stated: items.filter((i) => i.stated).length,
    total: items.length,
    items,
    stage: stageStatus(doc, analysis),
  };
}
