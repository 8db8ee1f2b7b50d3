import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';

/** What the server's synoptic/structuredReport answers (server/src/features/structuredReport.ts). */
interface Range {
  start: { line: number; character: number };
  end: { line: number; character: number };
}
interface Element {
  element: string;
  label: string;
  requirement: string;
  status: 'stated' | 'missing' | 'not-applicable';
  evidence: { range: Range }[];
  note?: string;
}
interface StructuredReport {
  report: { checklist: { id: string; title: string } | null; reportType: string; elements: Element[] };
  /** Each element's value in words, from the engine (as the CLI's CSV gives it). */
  valueTexts: string[];
  fhir?: unknown;
}

export const SCHEME = 'synoptic-structured';

/** A link in the view: a range of the view's text and the evidence it stands for in the draft. */
interface EvidenceLink {
  range: vscode.Range;
  evidence: Range;
}

/**
 * "Synoptic: Show Structured Report": a read-only virtual document beside the
 * draft that lists its checklist elements with their values, re-read from the
 * server as the draft is edited. Each value links to its evidence in the draft.
 * The view's URI carries the draft's URI in its query.
 */
export class StructuredReportView implements vscode.TextDocumentContentProvider, vscode.DocumentLinkProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly links = new Map<string, EvidenceLink[]>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly client: () => LanguageClient | undefined) {}

  static viewUri(source: vscode.Uri): vscode.Uri {
    const name = source.path.split('/').pop() ?? 'draft';
    return vscode.Uri.from({ scheme: SCHEME, path: `/${name} (structured)`, query: source.toString() });
  }

  static sourceOf(view: vscode.Uri): vscode.Uri {
    return vscode.Uri.parse(view.query);
  }

  register(context: vscode.ExtensionContext): void {
    context.subscriptions.push(
      this.changed,
      vscode.workspace.registerTextDocumentContentProvider(SCHEME, this),
      vscode.languages.registerDocumentLinkProvider({ scheme: SCHEME }, this),
      // Follows the draft: an edit re-reads the view, once typing pauses.
      vscode.workspace.onDidChangeTextDocument((e) => this.draftChanged(e.document.uri)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.scheme === SCHEME) this.links.delete(d.uri.toString());
      }),
      vscode.commands.registerCommand('synoptic.showStructuredReport', () => this.show()),
      vscode.commands.registerCommand('synoptic.copyAsJson', () => this.copy(false)),
      vscode.commands.registerCommand('synoptic.copyAsFhir', () => this.copy(true)),
      vscode.commands.registerCommand('synoptic.revealEvidence', (source: string, r: Range) => this.reveal(source, r)),
    );
  }

  private draftChanged(uri: vscode.Uri): void {
    if (uri.scheme === SCHEME) return;
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.uri.scheme !== SCHEME || doc.uri.query !== uri.toString()) continue;
      const key = doc.uri.toString();
      clearTimeout(this.timers.get(key));
      this.timers.set(
        key,
        setTimeout(() => {
          this.timers.delete(key);
          this.changed.fire(doc.uri);
        }, 250),
      );
    }
  }

  /** The draft the command is about: the active editor's, or the draft behind an active structured view. */
  private activeDraft(): vscode.Uri | undefined {
    const uri = vscode.window.activeTextEditor?.document.uri;
    if (!uri) return undefined;
    return uri.scheme === SCHEME ? StructuredReportView.sourceOf(uri) : uri;
  }

  private async request(source: vscode.Uri, fhir: boolean): Promise<StructuredReport | null> {
    const c = this.client();
    if (!c) return null;
    return c.sendRequest<StructuredReport | null>('synoptic/structuredReport', { uri: source.toString(), fhir });
  }

  private async show(): Promise<void> {
    const source = this.activeDraft();
    if (!source) {
      void vscode.window.showInformationMessage('Open a report draft first: the structured report is read from the active draft.');
      return;
    }
    const doc = await vscode.workspace.openTextDocument(StructuredReportView.viewUri(source));
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: false });
  }

  private async copy(fhir: boolean): Promise<void> {
    const source = this.activeDraft();
    const r = source && (await this.request(source, fhir));
    if (!r) {
      void vscode.window.showInformationMessage('Synoptic does not check this file, so there is no structured report to copy.');
      return;
    }
    await vscode.env.clipboard.writeText(JSON.stringify(fhir ? r.fhir : r.report, null, 2));
    void vscode.window.showInformationMessage(fhir ? 'Structured report copied as a FHIR R4 Bundle.' : 'Structured report copied as JSON.');
  }

  private async reveal(source: string, r: Range): Promise<void> {
    const uri = vscode.Uri.parse(source);
    const doc = await vscode.workspace.openTextDocument(uri);
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === source);
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false });
    const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const source = StructuredReportView.sourceOf(uri);
    let r: StructuredReport | null = null;
    try {
      r = await this.request(source, false);
    } catch {
      // The server restarting or busy: say so rather than show stale values.
    }
    const { text, links } = render(source, r);
    this.links.set(uri.toString(), links);
    return text;
  }

  provideDocumentLinks(doc: vscode.TextDocument): vscode.DocumentLink[] {
    const source = doc.uri.query;
    return (this.links.get(doc.uri.toString()) ?? []).map((l) => {
      const link = new vscode.DocumentLink(l.range, vscode.Uri.parse(`command:synoptic.revealEvidence?${encodeURIComponent(JSON.stringify([source, l.evidence]))}`));
      link.tooltip = `Go to the evidence (line ${l.evidence.start.line + 1})`;
      return link;
    });
  }
}

function render(source: vscode.Uri, r: StructuredReport | null): { text: string; links: EvidenceLink[] } {
  const name = source.path.split('/').pop() ?? '';
  const lines: string[] = [`Structured report of ${name}`];
  const links: EvidenceLink[] = [];
  if (!r) {
    lines.push('', 'Synoptic does not check this file (turn on synoptic.enable, or synoptic.plainText.enable for plain text).');
    return { text: lines.join('\n') + '\n', links };
  }
  const { checklist, elements } = r.report;
  if (!checklist) {
    lines.push('', 'No checklist applies to this draft yet: one applies once the diagnosis names a tumour type (or a "Protocol:" line names one).');
    return { text: lines.join('\n') + '\n', links };
  }
  const stated = elements.filter((e) => e.status === 'stated');
  lines.push(`${checklist.title} (${checklist.id}): ${stated.length} of ${elements.filter((e) => e.status !== 'not-applicable').length} stated`);
  lines.push('Follows the draft as you type. Ctrl+click (Cmd+click) a value to go to its evidence.');
  const width = Math.max(...elements.map((e) => e.label.length));
  const section = (title: string, list: Element[], line: (e: Element) => string) => {
    if (!list.length) return;
    lines.push('', title);
    for (const e of list) lines.push(line(e));
  };
  lines.push('', 'STATED');
  for (const e of stated) {
    const prefix = `  ${e.label.padEnd(width)}  `;
    const value = r.valueTexts[elements.indexOf(e)] || 'stated';
    const where = e.evidence[0]?.range;
    const suffix = where ? `  (line ${where.start.line + 1})` : '';
    if (where) links.push({ range: new vscode.Range(lines.length, prefix.length, lines.length, prefix.length + value.length), evidence: where });
    lines.push(prefix + value + suffix);
  }
  section('MISSING', elements.filter((e) => e.status === 'missing'), (e) => `  ${e.label.padEnd(width)}  ${e.requirement}${e.note ? `: ${e.note}` : ''}`);
  section('NOT APPLICABLE', elements.filter((e) => e.status === 'not-applicable'), (e) => `  ${e.label}`);
  return { text: lines.join('\n') + '\n', links };
}
