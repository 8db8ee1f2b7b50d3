import * as vscode from 'vscode';

export interface StatusPayload {
  uri: string;
  checklist: { id: string; title: string; shortTitle: string } | null;
  stated?: number;
  total?: number;
}

/** One status bar item: the server's health, and the active draft's checklist at a glance. */
export class SynopticStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('synoptic.status', vscode.StatusBarAlignment.Left, 50);
  private readonly byUri = new Map<string, StatusPayload>();
  private serverState: 'starting' | 'running' | 'stopped' = 'starting';

  constructor() {
    this.item.name = 'Synoptic';
    this.item.command = 'synoptic.showChecklist';
    this.render();
    this.item.show();
  }

  setServerState(state: 'starting' | 'running' | 'stopped'): void {
    this.serverState = state;
    this.render();
  }

  update(payload: StatusPayload): void {
    this.byUri.set(payload.uri, payload);
    this.render();
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }

  render(): void {
    if (this.serverState === 'stopped') {
      this.item.text = '$(error) Synoptic stopped';
      this.item.tooltip = 'The Synoptic language server is not running. Run "Synoptic: Restart Server".';
      this.item.command = 'synoptic.restartServer';
      return;
    }
    this.item.command = 'synoptic.showChecklist';
    if (this.serverState === 'starting') {
      this.item.text = '$(sync~spin) Synoptic';
      this.item.tooltip = 'Synoptic is starting';
      return;
    }
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    const s = uri ? this.byUri.get(uri) : undefined;
    if (s?.checklist && s.total !== undefined) {
      this.item.text = `$(checklist) ${s.checklist.shortTitle} ${s.stated}/${s.total}`;
      this.item.tooltip = `${s.checklist.title}: ${s.stated} of ${s.total} elements stated. Click to open the checklist.`;
    } else {
      this.item.text = '$(checklist) Synoptic';
      this.item.tooltip = 'No checklist applies to this draft yet (it applies once the diagnosis names a tumour type).';
    }
  }

  dispose(): void {
    this.item.dispose();
  }
}
