import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, State, TransportKind, ErrorAction, CloseAction } from 'vscode-languageclient/node';
import { registerCommands } from './commands';
import { StatusPayload, SynopticStatusBar } from './statusBar';
import { StructuredReportView } from './structuredView';

let client: LanguageClient | undefined;

/** Restarts allowed within RESTART_WINDOW_MS before the client gives up and tells the user. */
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio },
    debug: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  // Plain text is always sent: the server analyses it only when synoptic.plainText.enable is on
  // and the file looks like a report, so the setting takes effect without a restart.
  const selector: LanguageClientOptions['documentSelector'] = [
    { language: 'pathology-report' },
    { language: 'radiology-report' },
    { language: 'plaintext' },
  ];

  const statusBar = new SynopticStatusBar();
  context.subscriptions.push(statusBar);
  const restarts: number[] = [];

  const clientOptions: LanguageClientOptions = {
    documentSelector: selector,
    synchronize: {
      configurationSection: 'synoptic',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/.synoptic/*.json'),
    },
    initializationOptions: { settings: vscode.workspace.getConfiguration().get('synoptic') },
    errorHandler: {
      error: () => ({ action: ErrorAction.Continue }),
      closed: () => {
        const now = Date.now();
        while (restarts.length && now - restarts[0] > RESTART_WINDOW_MS) restarts.shift();
        restarts.push(now);
        if (restarts.length > MAX_RESTARTS) {
          void vscode.window.showErrorMessage(`The Synoptic server stopped ${MAX_RESTARTS} times in a few minutes and will not be restarted. Run "Synoptic: Restart Server" to try again.`);
          return { action: CloseAction.DoNotRestart };
        }
        void vscode.window.showWarningMessage('The Synoptic server stopped unexpectedly and was restarted.');
        return { action: CloseAction.Restart };
      },
    },
  };

  client = new LanguageClient('synoptic', 'Synoptic', serverOptions, clientOptions);
  client.onDidChangeState((e) => statusBar.setServerState(e.newState === State.Running ? 'running' : e.newState === State.Starting ? 'starting' : 'stopped'));
  context.subscriptions.push(vscode.window.onDidChangeActiveTextEditor(() => statusBar.render()));
  registerCommands(context, () => client, statusBar);
  new StructuredReportView(() => client).register(context);
  await client.start();
  context.subscriptions.push(client.onNotification('synoptic/status', (p: StatusPayload) => statusBar.update(p)));
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
