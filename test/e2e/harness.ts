import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';

/**
 * Real VS Code, headless: code-server (VS Code's own server and workbench,
 * installed by scripts/setup-e2e.sh) with the packaged .vsix installed, driven
 * through Debian's Chromium by playwright-core. Everything listens on
 * 127.0.0.1 only, and every process started here is stopped by its PID.
 */

export const ROOT = path.resolve(__dirname, '..', '..');
export const SHOTS = path.join(ROOT, 'test-results', 'screenshots');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function healthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
  });
}

export class RealVsCode {
  private proc?: ChildProcess;
  private browser?: Browser;
  page!: Page;
  workspace!: string;
  private port = 0;
  private readonly tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'synoptic-e2e-'));

  constructor(private readonly codeServerDir: string, private readonly vsix: string) {}

  private entry(): string {
    return path.join(this.codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  }

  async start(workspaceSource: string): Promise<void> {
    const ud = path.join(this.tmp, 'user-data');
    const ed = path.join(this.tmp, 'extensions');
    this.workspace = path.join(this.tmp, 'workspace');
    fs.cpSync(workspaceSource, this.workspace, { recursive: true });
    fs.mkdirSync(path.join(ud, 'User'), { recursive: true });
    fs.writeFileSync(
      path.join(ud, 'User', 'settings.json'),
      JSON.stringify({
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.welcomePage.walkthroughs.openOnInstall': false,
        'security.workspace.trust.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'workbench.enableExperiments': false,
        'chat.commandCenter.enabled': false,
        'editor.minimap.enabled': false,
        'editor.hover.delay': 200,
        'files.autoSave': 'off',
      }),
    );
    const install = spawnSync(process.execPath, [this.entry(), '--user-data-dir', ud, '--extensions-dir', ed, '--install-extension', this.vsix], { encoding: 'utf8', timeout: 120000 });
    if (install.status !== 0) throw new Error(`installing the .vsix failed: ${install.stderr || install.stdout}`);
    this.port = await freePort();
    this.proc = spawn(
      process.execPath,
      [this.entry(), '--bind-addr', `127.0.0.1:${this.port}`, '--auth', 'none', '--user-data-dir', ud, '--extensions-dir', ed, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', this.workspace],
      { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    const logFile = fs.createWriteStream(path.join(this.tmp, 'code-server.log'));
    this.proc.stdout!.pipe(logFile);
    this.proc.stderr!.pipe(logFile);
    const deadline = Date.now() + 60000;
    while (!(await healthy(this.port))) {
      if (Date.now() > deadline) throw new Error(`code-server did not start; log: ${path.join(this.tmp, 'code-server.log')}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    this.browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    this.page = await this.browser.newPage({ viewport: { width: 1400, height: 900 } });
    await this.page.goto(`http://127.0.0.1:${this.port}/?folder=${encodeURIComponent(this.workspace)}`);
    await this.page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    await this.page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60000 });
  }

  async openFile(name: string): Promise<void> {
    const row = this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
    await row.click();
    await this.page.locator('.tabs-container .tab', { hasText: name }).first().waitFor({ timeout: 20000 });
    await this.page.locator('.editor-instance .view-lines').first().waitFor();
    // The draft from its first line, as a user sees it opened: an editor laid out while the page was still busy can
    // open scrolled to its end (seen once, on the first run after a clean install), leaving the first lines unrendered.
    await this.focusEditor();
    await this.page.keyboard.press('Control+Home');
  }

  /** Runs a command from the Command Palette by its title, as a user does. */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 10000 });
    await input.fill(`>${title}`);
    await this.page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10000 });
    await this.page.keyboard.press('Enter');
  }

  /** The text of the editor whose content includes `marker` (one of the editors side by side). */
  async editorTextWith(marker: string, timeoutMs = 20000): Promise<string> {
    const editor = this.page.locator('.editor-instance', { hasText: marker }).first();
    await editor.waitFor({ timeout: timeoutMs });
    return (await editor.locator('.view-lines').first().innerText()).replace(/\u00a0/g, ' ');
  }

  async focusEditor(): Promise<void> {
    // The editor's viewport, not its lines: scrolled lines put a point near their top outside the viewport.
    await this.page.locator('.editor-instance .monaco-editor .overflow-guard').first().click({ position: { x: 400, y: 5 } });
  }

  /** The rows of the Problems panel, as the user reads them. */
  async problems(expectAtLeast = 1, timeoutMs = 30000): Promise<string[]> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) {
      await this.focusEditor();
      await this.page.keyboard.press('Control+Shift+M');
      await panel.waitFor({ timeout: 10000 });
    }
    const deadline = Date.now() + timeoutMs;
    let rows: string[] = [];
    while (Date.now() < deadline) {
      rows = await panel.locator('.monaco-list-row').allInnerTexts();
      if (rows.length >= expectAtLeast) break;
      await this.page.waitForTimeout(300);
    }
    return rows.map((r) => r.replace(/\s+/g, ' ').trim());
  }

  async waitForProblems(pred: (rows: string[]) => boolean, timeoutMs = 30000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    let rows: string[] = [];
    while (Date.now() < deadline) {
      rows = await this.problems(0, 1000);
      if (pred(rows)) return rows;
      await this.page.waitForTimeout(400);
    }
    throw new Error(`Problems panel never matched; last rows:\n${rows.join('\n')}`);
  }

  /** The rows of the Problems panel under one file's heading (the panel lists every open draft's problems). */
  static rowsOf(rows: string[], file: string): string[] {
    const out: string[] = [];
    let current = '';
    for (const r of rows) {
      // A file heading names the file and has no position; a problem row ends with its [Ln, Col].
      if (!/\[Ln \d+, Col \d+\]/.test(r)) current = r;
      else if (current.includes(file)) out.push(r);
    }
    return out;
  }

  async hover(word: string): Promise<string> {
    const token = this.page.locator('.editor-instance .view-lines span', { hasText: word }).last();
    await token.hover();
    const box = await token.boundingBox();
    if (box) await this.page.mouse.move(box.x + 3, box.y + box.height / 2);
    // The workbench keeps hidden hover widgets around; the one shown is the visible one.
    const hover = this.page.locator('.monaco-hover-content:visible').first();
    await hover.waitFor({ state: 'visible', timeout: 15000 });
    return hover.innerText();
  }

  /** Closes menus, hovers and widgets a failed step may have left open. */
  async dismiss(): Promise<void> {
    for (let i = 0; i < 3; i++) await this.page.keyboard.press('Escape');
  }

  async statusBarTexts(): Promise<string[]> {
    return this.page.locator('.statusbar-item').allInnerTexts();
  }

  /** Waits for a suggestion row with this text (asking for suggestions if none came by itself) and returns it. */
  async waitForSuggestion(text: string) {
    const suggestion = this.page.locator('.suggest-widget .monaco-list-row', { hasText: text }).first();
    try {
      await suggestion.waitFor({ timeout: 5000 });
    } catch {
      await this.page.keyboard.press('Control+Space');
      await suggestion.waitFor({ timeout: 10000 });
    }
    return suggestion;
  }

  async editorText(): Promise<string> {
    return (await this.page.locator('.editor-instance .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
  }

  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(SHOTS, { recursive: true });
    const file = path.join(SHOTS, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  async stop(): Promise<void> {
    await this.browser?.close().catch(() => undefined);
    if (this.proc?.pid) {
      try {
        process.kill(-this.proc.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  }
}
