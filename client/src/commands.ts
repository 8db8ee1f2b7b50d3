import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { SynopticStatusBar } from './statusBar';

interface ChecklistItemStatus {
  label: string;
  code: string;
  requirement: string;
  stated: boolean;
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
  missingMarkers?: string[];
}
interface StageAxis {
  stated: string | null;
  derived: string | null;
  range?: ChecklistItemStatus['range'];
}
interface ChecklistStatus {
  checklist: { id: string; title: string; shortTitle: string } | null;
  stated?: number;
  total?: number;
  items?: ChecklistItemStatus[];
  /** Stated and derived pT / pN (checklists with a staging table). */
  stage?: { t: StageAxis; n: StageAxis; mismatch: boolean; edition?: string };
}

/** The stage line: what the draft states and what its findings give ("derived pT2a pN0"). */
function stagePick(stage: NonNullable<ChecklistStatus['stage']>) {
  const show = (a: StageAxis, letter: string) => a.derived ?? `p${letter} undecided`;
  const stated = [stage.t.stated, stage.n.stated].filter(Boolean).join(' ') || 'no stage stated';
  return {
    label: `${stage.mismatch ? '$(warning)' : '$(symbol-numeric)'} Derived stage: ${show(stage.t, 'T')}, ${show(stage.n, 'N')}`,
    description: `stated ${stated}`,
    detail: stage.mismatch ? 'The stated stage disagrees with the findings (stage-mismatch)' : `Derived from the findings in this draft (${stage.edition ?? 'AJCC 8th'})`,
    item: { label: 'Pathologic stage', code: 'stage-mismatch', requirement: '', stated: !!stage.t.stated, range: stage.t.range ?? stage.n.range } as ChecklistItemStatus,
  };
}

/** Commands: the checklist for the active draft, the full template, and a server restart. */
export function registerCommands(context: vscode.ExtensionContext, client: () => LanguageClient | undefined, statusBar: SynopticStatusBar): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('synoptic.showChecklist', async () => {
      const editor = vscode.window.activeTextEditor;
      const c = client();
      if (!editor || !c) return;
      const status = await c.sendRequest<ChecklistStatus>('synoptic/checklistStatus', { uri: editor.document.uri.toString() });
      if (!status.checklist || !status.items) {
        void vscode.window.showInformationMessage('No checklist applies to this draft yet: it applies once the diagnosis names a tumour type (or a "Protocol:" line names one).');
        return;
      }
      const picks = status.items.map((i) => ({
        label: `${i.stated ? '$(pass-filled)' : '$(circle-large-outline)'} ${i.label}`,
        description: i.stated ? 'stated' : `missing (${i.requirement})`,
        detail: i.missingMarkers ? `No result for ${i.missingMarkers.join(', ')}` : i.code,
        item: i,
      }));
      if (status.stage) picks.unshift(stagePick(status.stage));
      const chosen = await vscode.window.showQuickPick(picks, { title: `${status.checklist.title}: ${status.stated}/${status.total} stated`, placeHolder: 'Pick a stated element to go to it, or a missing one to see its diagnostic' });
      if (!chosen) return;
      const target = chosen.item.range ?? (await firstDiagnosticRange(editor.document, chosen.item.code));
      if (target) {
        const range = new vscode.Range(target.start.line, target.start.character, target.end.line, target.end.character);
        editor.selection = new vscode.Selection(range.start, range.end);
        editor.revealRange(range, vscode.TextEditorRevealType.InCenter);
      }
    }),
    vscode.commands.registerCommand('synoptic.insertTemplate', async () => {
      const editor = vscode.window.activeTextEditor;
      const c = client();
      if (!editor || !c) return;
      // The position lets the server leave out the header and the fields the section at the cursor already has.
      const { line, character } = editor.selection.active;
      const t = await c.sendRequest<{ snippet: string | null; title?: string }>('synoptic/template', { uri: editor.document.uri.toString(), position: { line, character } });
      if (!t.snippet) {
        void vscode.window.showInformationMessage('No checklist applies to this draft yet, so there is no template to insert. Type "synoptic-" for the template snippets.');
        return;
      }
      await editor.insertSnippet(new vscode.SnippetString(t.snippet));
    }),
    vscode.commands.registerCommand('synoptic.disableRule', async (code: unknown) => {
      if (typeof code !== 'string' || !/^[a-z0-9-]+$/.test(code)) return;
      const config = vscode.workspace.getConfiguration('synoptic');
      const current = { ...(config.get<Record<string, string>>('severity') ?? {}) };
      current[code] = 'off';
      await config.update('severity', current, vscode.ConfigurationTarget.Workspace);
      void vscode.window.showInformationMessage(`Synoptic: ${code} is off for this workspace (setting synoptic.severity).`);
    }),
    vscode.commands.registerCommand('synoptic.restartServer', async () => {
      const c = client();
      if (!c) return;
      statusBar.setServerState('starting');
      await c.restart();
    }),
  );
}

async function firstDiagnosticRange(doc: vscode.TextDocument, code: string) {
  const d = vscode.languages.getDiagnostics(doc.uri).find((x) => (typeof x.code === 'object' ? x.code.value : x.code) === code);
  return d ? { start: { line: d.range.start.line, character: d.range.start.character }, end: { line: d.range.end.line, character: d.range.end.character } } : undefined;
}
