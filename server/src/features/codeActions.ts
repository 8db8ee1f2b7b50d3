import { CodeAction, CodeActionKind, CodeActionParams, Diagnostic, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analysis } from '../engine/analyze';
import { ReportModel, Section } from '../engine/parser';
import { expandTemplate } from '../engine/templates';

/**
 * Quick fixes: insert a missing element where it belongs, add the markers an
 * incomplete panel lacks, offer the valid forms of a wrong grade, and turn a
 * rule off for the workspace. Every fix is an edit the user picks.
 */
export function codeActions(doc: TextDocument, analysis: Analysis, params: CodeActionParams): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const d of params.context.diagnostics) {
    if (d.source !== 'synoptic' || typeof d.code !== 'string') continue;
    const data = (d.data ?? {}) as { template?: string; element?: string; missingMarkers?: string[]; replacements?: string[]; replaceRange?: unknown };
    if (d.code === 'incomplete-ihc-panel' && data.missingMarkers) {
      actions.push(insertLines(doc, analysis.model, d, `Add ${data.missingMarkers.map(shortMarker).join(', ')} to the IHC panel (as pending)`, data.missingMarkers.map((m) => `${shortMarker(m)}: pending`), 'ihc', 'IMMUNOHISTOCHEMISTRY:'));
    } else if (d.code === 'missing-ihc-panel') {
      const panel = ['SMA', 'Desmin', 'h-caldesmon', 'Cytokeratin AE1/AE3', 'S-100', 'HMB-45'];
      actions.push(insertLines(doc, analysis.model, d, 'Insert an IHC panel for a spindle cell tumour (results pending)', panel.map((m) => `${m}: pending`), 'ihc', 'IMMUNOHISTOCHEMISTRY:'));
    } else if (d.code.startsWith('missing-') && data.template) {
      const section = anchorSection(analysis.model, d, doc);
      for (const text of expandTemplate(data.template).slice(0, 6)) {
        actions.push(insertLines(doc, analysis.model, d, `Insert "${text.split('\n')[0]}"`, text.split('\n'), section?.kind));
      }
    } else if ((d.code === 'invalid-grade' || d.code === 'grade-system-mismatch' || d.code === 'stage-mismatch') && data.replacements) {
      for (const r of data.replacements) {
        actions.push({ title: `Change to "${r}"`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: { changes: { [doc.uri]: [TextEdit.replace(d.range, r)] } } });
      }
    }
    actions.push({
      title: `Turn off ${d.code} for this workspace`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      command: { title: 'Turn off rule', command: 'synoptic.disableRule', arguments: [d.code] },
    });
  }
  if (actions.length) actions[0].isPreferred = true;
  return actions;
}

function shortMarker(label: string): string {
  return label.startsWith('a cytokeratin') ? 'Cytokeratin AE1/AE3' : label.charAt(0).toUpperCase() + label.slice(1);
}

function anchorSection(model: ReportModel, d: Diagnostic, doc: TextDocument): Section | undefined {
  const offset = doc.offsetAt(d.range.start);
  return model.sections.find((s) => s.headerSpan.start === offset && s.kind !== 'preamble');
}

/** Inserts lines at the end of the section of `kind` (or creates it at the end of the draft). */
function insertLines(doc: TextDocument, model: ReportModel, d: Diagnostic, title: string, lines: string[], kind?: string, header?: string): CodeAction {
  const text = model.text;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const section = kind ? model.sections.find((s) => s.kind === kind) : undefined;
  let edit: TextEdit;
  if (section) {
    // After the section's last non-blank line, keeping the blank line before the next header.
    let end = section.bodySpan.end;
    while (end > section.headerSpan.end && /\s/.test(text[end - 1])) end--;
    const pos = doc.positionAt(end);
    edit = TextEdit.insert(pos, eol + lines.join(eol));
  } else {
    const end = doc.positionAt(text.length);
    const lead = text.length === 0 || text.endsWith('\n') ? '' : eol;
    const block = header ? [header, ...lines] : lines;
    edit = TextEdit.insert(end, lead + (text.trim() ? eol : '') + block.join(eol) + eol);
  }
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: { changes: { [doc.uri]: [edit] } } };
}
