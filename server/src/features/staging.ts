import { CompletionItem, CompletionItemKind, MarkupKind, Position, Range } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analysis, Knowledge } from '../engine/analyze';
import { AxisStage, editionOf, settledCategory } from '../engine/staging/derive';
import { builtinStaging } from '../engine/staging/tables';
import { Span } from '../engine/types';
import { toRange } from './diagnostics';

/**
 * The derived stage in the editor: the hover on a stated pT or pN (how the
 * findings derive it, what is still unstated), completion after "pT" / "pN"
 * (the derived category first) and the stage line of the checklist view.
 */

/** The stated category under the cursor, with its axis. */
function statedAt(analysis: Analysis, offset: number): { axis: AxisStage; span: Span; text: string } | undefined {
  const s = analysis.stage;
  if (!s) return undefined;
  for (const axis of [s.t, s.n]) {
    for (const c of axis.stated) {
      const span = { start: Math.min(c.span.start, c.categorySpan.start - c.prefix.length - 1), end: Math.max(c.span.end, c.categorySpan.end) };
      if (span.start <= offset && offset <= span.end) return { axis, span: c.categorySpan, text: c.text };
    }
  }
  return undefined;
}

/** Markdown for a stated category: what it is set against, the findings with their lines, and what is still unstated. */
export function stageHoverMarkdown(doc: TextDocument, analysis: Analysis, offset: number): { markdown: string; span: Span } | undefined {
  const at = statedAt(analysis, offset);
  if (!at) return undefined;
  const { axis } = at;
  const { chapter, edition } = analysis.stage!;
  const line = (span?: Span) => (span ? ` (line ${doc.positionAt(span.start).line + 1})` : '');
  const lines: string[] = [];
  if (axis.derived && axis.derivedText) {
    const agrees = !axis.mismatches.some((m) => m.stated.text === at.text);
    lines.push(`**${at.text}** stated; the findings give **${axis.derivedText}** (${edition} ${chapter}: ${axis.derived.row.rule}).${agrees ? '' : ' They disagree: see the stage-mismatch warning.'}`);
    if (axis.evidence.length) lines.push('', 'From the findings:', ...axis.evidence.map((e) => `- ${e.text}${line(e.span)}`));
  } else {
    lines.push(`**${at.text}** stated; the findings cannot decide p${axis.axis} yet (${edition} ${chapter}).`);
  }
  if (axis.unstated.length) lines.push('', `Still unstated${axis.derived?.atLeast ? ' (could raise it)' : ''}:`, ...axis.unstated.map((u) => `- ${u}`));
  if (axis.derived) lines.push('', `Source: ${axis.derived.row.source}`);
  return { markdown: lines.join('\n'), span: at.span };
}

const CATEGORY_TYPED = /(?:^|[^A-Za-z0-9])[yrmaYRMA]{0,3}[pP]([TtNn])([0-9a-zA-Z]{0,3})$/;

/** After "pT" or "ypN1": the table's categories, the one the findings give first. */
export function stageCompletions(doc: TextDocument, analysis: Analysis | undefined, knowledge: Knowledge, position: Position): CompletionItem[] | undefined {
  const offset = doc.offsetAt(position);
  const lineStart = doc.offsetAt({ line: position.line, character: 0 });
  const m = CATEGORY_TYPED.exec(doc.getText().slice(lineStart, offset));
  if (!m || !analysis?.checklist) return undefined;
  const table = (knowledge.staging ?? builtinStaging()).get(analysis.checklist.checklist.id);
  if (!table) return undefined;
  const letter = m[1].toUpperCase() as 'T' | 'N';
  const axis = letter === 'T' ? analysis.stage?.t : analysis.stage?.n;
  const rows = (letter === 'T' ? table.t : table.n).categories;
  const derived = axis?.derived ? (axis.derived.category ?? axis.derived.atLeast ?? axis.derived.atMost) : undefined;
  const range: Range = { start: doc.positionAt(offset - m[1].length - m[2].length), end: position };
  const why = axis?.evidence.map((e) => e.text).join('; ');
  return rows.map((row, i) => {
    const first = row.category === derived;
    return {
      label: row.category,
      kind: CompletionItemKind.EnumMember,
      detail: first ? `from the findings: ${axis!.derivedText}` : `${editionOf(table)} ${table.chapter}`,
      sortText: first ? '00' : String(i + 1).padStart(2, '0'),
      preselect: first || undefined,
      filterText: row.category,
      textEdit: { range, newText: row.category },
      documentation: { kind: MarkupKind.Markdown, value: `**p${row.category}**: ${row.rule}${first && why ? `\n\nThe findings give ${axis!.derivedText}: ${why}.` : ''}\n\nSource: ${row.source}` },
    };
  });
}

export interface StageStatus {
  t: { stated: string | null; derived: string | null; range?: Range };
  n: { stated: string | null; derived: string | null; range?: Range };
  /** A stated category the findings contradict. */
  mismatch: boolean;
  /** The staging system and edition of the derivation ("AJCC 8th"). */
  edition: string;
}

/** The stage line of the checklist view: stated and derived pT and pN. */
export function stageStatus(doc: TextDocument, analysis: Analysis): StageStatus | undefined {
  const s = analysis.stage;
  if (!s) return undefined;
  const axis = (a: AxisStage) => {
    const stated = settledCategory(analysis.model, a.stated);
    return { stated: stated?.text ?? null, derived: a.derivedText ?? null, range: stated ? toRange(doc, stated.categorySpan) : undefined };
  };
  return { t: axis(s.t), n: axis(s.n), mismatch: s.t.mismatches.length + s.n.mismatches.length > 0, edition: s.edition };
}
