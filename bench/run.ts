import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { analyze } from '../server/src/engine/analyze';
import { breastDraftOfSize, draftOfSize } from './drafts';

/**
 * npm run bench: the engine's throughput on a 5 KB and a 1 MB draft, and the
 * per-edit diagnostics latency over stdio of dist/server.js beside a
 * do-nothing server built on the same library, measured in the same run.
 */

const ROOT = path.resolve(__dirname, '..');
/**
 * Node flags for both servers, to study the environment's share of the tail,
 * e.g. BENCH_NODE_FLAGS=--v8-pool-size=1 (fewer V8 background threads
 * competing for a 2-core machine). Empty by default: the servers run as
 * editors start them.
 */
const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
/** Measured sessions per server and size (BENCH_ROUNDS); each is one fresh copy of the draft and the same edits. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

function engineThroughput(label: string, text: string, runs: number) {
  analyze(text); // warm up: compile patterns, JIT
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    analyze(text);
    times.push(performance.now() - t0);
  }
  const median = percentile(times, 50);
  const mbps = text.length / 1e6 / (median / 1000);
  return { label, bytes: text.length, medianMs: median, mbPerS: mbps };
}

interface Server {
  conn: MessageConnection;
  /** Resolvers for publishDiagnostics, by "uri#version". */
  waiting: Map<string, () => void>;
  stop: () => void;
}

async function startServer(serverJs: string): Promise<Server> {
  const proc = spawn(process.execPath, [...NODE_FLAGS, serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const waiting = new Map<string, () => void>();
  conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number }) => {
    if (p.version !== undefined) waiting.get(`${p.uri}#${p.version}`)?.();
  });
  conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
  conn.onRequest('client/registerCapability', () => null);
  conn.listen();
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } });
  await conn.sendNotification('initialized', {});
  return {
    conn,
    waiting,
    stop: () => {
      conn.dispose();
      proc.kill();
    },
  };
}

/**
 * One editing session: open a fresh copy of the draft, then type `edits`
 * characters at the end of its diagnosis line, one per didChange, as a user
 * adds to a draft. Returns each edit's latency: didChange sent ->
 * publishDiagnostics for that version received.
 */
async function session(server: Server, uri: string, text: string, edits: number): Promise<number[]> {
  const { conn, waiting } = server;
  const opened = new Promise<void>((r) => waiting.set(`${uri}#1`, r));
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'pathology-report', version: 1, text } });
  await opened;
  waiting.delete(`${uri}#1`);
  const lines = text.split('\n');
  // The diagnosis line: the kidney draft's tumour line, or the breast draft's.
  const line = lines.findIndex((l) => l.startsWith('- Leiomyosarcoma') || l.startsWith('- Invasive ductal carcinoma'));
  const col = lines[line].length;
  const times: number[] = [];
  for (let v = 2; v < edits + 2; v++) {
    const key = `${uri}#${v}`;
    const done = new Promise<void>((r) => waiting.set(key, r));
    const ch = v % 7 === 0 ? ' ' : 'x';
    const t0 = performance.now();
    await conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: v },
      contentChanges: [{ range: { start: { line, character: col + v - 2 }, end: { line, character: col + v - 2 } }, text: ch }],
    });
    await done;
    times.push(performance.now() - t0);
    waiting.delete(key);
  }
  await conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  return times;
}

const settle = () => new Promise((r) => setTimeout(r, 250));

/**
 * Both servers run side by side, one measured at a time, with a pause before
 * each session so the other's background work (V8 compiling, collecting) has
 * finished. Each server first types one session reported apart ("first
 * session": V8 is still compiling the per-edit code) and one unmeasured; then
 * `rounds` measured sessions each, the servers taking turns (ABBA), so a
 * slow spell on this shared machine falls on both alike. Every session
 * starts from the same draft and makes the same edits.
 */
async function editLatency(text: string, edits: number, rounds: number) {
  const servers = [await startServer(path.join(ROOT, 'dist', 'noop-server.js')), await startServer(path.join(ROOT, 'dist', 'server.js'))];
  const run = async (i: number, name: string) => {
    await settle();
    return session(servers[i], `file:///bench/${name}-${i}.path`, text, edits);
  };
  try {
    const first = [await run(0, 'first'), await run(1, 'first')];
    for (const i of [0, 1]) await run(i, 'warm');
    const measured: number[][] = [[], []];
    for (let r = 0; r < rounds; r++) for (const i of r % 2 === 0 ? [0, 1] : [1, 0]) measured[i].push(...(await run(i, `round-${r}`)));
    const stats = (xs: number[]) => ({ p50: percentile(xs, 50), p95: percentile(xs, 95), n: xs.length });
    return { noop: stats(measured[0]), ours: stats(measured[1]), firstNoop: stats(first[0]), firstOurs: stats(first[1]) };
  } finally {
    for (const s of servers) s.stop();
  }
}

async function main() {
  await build({ entryPoints: [path.join(__dirname, 'noop-server.ts')], outfile: path.join(ROOT, 'dist', 'noop-server.js'), bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning' });
  const small = draftOfSize(5 * 1024);
  const large = draftOfSize(1024 * 1024);
  const breast = breastDraftOfSize(5 * 1024);
  console.log('Engine (full analysis of a fresh text, median):');
  for (const r of [engineThroughput('5 KB', small, 200), engineThroughput('1 MB', large, 10), engineThroughput('5 KB breast', breast, 200)]) {
    console.log(`  ${r.label.padEnd(11)} ${(r.bytes / 1024).toFixed(0).padStart(5)} KiB  ${r.medianMs.toFixed(2).padStart(8)} ms  ${r.mbPerS.toFixed(1).padStart(6)} MB/s`);
  }
  console.log(
    `\nPer-edit diagnostics latency over stdio (didChange sent -> publishDiagnostics for that version received)${NODE_FLAGS.length ? `, both servers run with ${NODE_FLAGS.join(' ')}` : ''}.` +
      `\nBoth servers side by side, one measured at a time; per size and server, a first session reported apart, one unmeasured, then ${ROUNDS} measured sessions in turns:`,
  );
  const rows: string[] = [];
  const ms = (x: number) => `${x.toFixed(2)} ms`;
  const only = process.env.BENCH_ONLY;
  for (const [label, text, n, target] of [['5 KB', small, 300, 1.3], ['1 MB', large, 100, 3], ['5 KB breast', breast, 300, 1.3]] as const) {
    if (only && !only.split(',').includes(label)) continue;
    const r = await editLatency(text, n, ROUNDS);
    const ratio = r.ours.p95 / r.noop.p95;
    rows.push(
      `  ${label.padEnd(11)} synoptic p50 ${ms(r.ours.p50)}, p95 ${ms(r.ours.p95)} | do-nothing p50 ${ms(r.noop.p50)}, p95 ${ms(r.noop.p95)} | p95 ratio ${ratio.toFixed(2)}x (target <= ${target}x: ${ratio <= target ? 'met' : 'MISSED'}) [${r.ours.n} edits each]`,
      `        first session after start (${n} edits): synoptic p95 ${ms(r.firstOurs.p95)} | do-nothing p95 ${ms(r.firstNoop.p95)} | ratio ${(r.firstOurs.p95 / r.firstNoop.p95).toFixed(2)}x`,
    );
  }
  console.log(rows.join('\n'));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
