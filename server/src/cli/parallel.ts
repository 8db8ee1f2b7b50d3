import * as path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { analyze } from '../engine/analyze';
import { Knowledge } from '../engine/analyze';
import { loadKnowledge } from '../knowledgeLoader';
import { auditSummary, AuditSummary } from './audit';
import { readDraft, REPORT_EXTENSIONS } from './files';

/** One file's audit, as plain data a worker thread can post back. Messages never hold report text. */
export interface AuditOutcome {
  file: string;
  problem?: string;
  note?: string;
  notice?: string;
  summary?: AuditSummary;
}

export type ReportTypeOption = 'pathology' | 'radiology' | undefined;

export function auditFile(file: string, type: ReportTypeOption, knowledge: Knowledge): AuditOutcome {
  const read = readDraft(file);
  if (read.problem || read.text === undefined) return { file, problem: read.problem ?? 'cannot read' };
  const fromExt = REPORT_EXTENSIONS[path.extname(file).toLowerCase()];
  const analysis = analyze(read.text, { knowledge, reportType: type ?? fromExt ?? 'auto' });
  return { file, note: read.note, notice: analysis.notice, summary: auditSummary(analysis) };
}

interface WorkerInput {
  synopticAuditWorker: true;
  type: ReportTypeOption;
  rules: string[];
}

type FromWorker = { batch: number; outcomes: AuditOutcome[] };
type ToWorker = { batch: number; files: string[] } | { done: true };

/** Files per message: large enough that posting costs little, small enough to keep every core busy to the end. */
const BATCH = 32;

/**
 * Audits the files on `jobs` worker threads, handing out batches as workers
 * finish, and returns the outcomes in input order. `script` is the bundle that
 * runs runAuditWorkerIfAsked() at load (dist/cli.js).
 */
export function auditInParallel(script: string, files: string[], jobs: number, type: ReportTypeOption, rules: string[], onProgress: (done: number) => void): Promise<AuditOutcome[]> {
  const outcomes: AuditOutcome[] = new Array(files.length);
  const batches: string[][] = [];
  for (let i = 0; i < files.length; i += BATCH) batches.push(files.slice(i, i + BATCH));
  let next = 0;
  let done = 0;
  const data: WorkerInput = { synopticAuditWorker: true, type, rules };
  const workers = Array.from({ length: Math.max(1, Math.min(jobs, batches.length)) }, () => new Worker(script, { workerData: data }));
  return new Promise((resolve, reject) => {
    let running = workers.length;
    const feed = (w: Worker) => {
      if (next < batches.length) {
        const batch = next++;
        w.postMessage({ batch, files: batches[batch] } satisfies ToWorker);
      } else w.postMessage({ done: true } satisfies ToWorker);
    };
    for (const w of workers) {
      w.on('message', (m: FromWorker) => {
        m.outcomes.forEach((o, i) => (outcomes[m.batch * BATCH + i] = o));
        done += m.outcomes.length;
        onProgress(done);
        feed(w);
      });
      w.on('error', (err) => {
        for (const x of workers) void x.terminate();
        reject(err);
      });
      w.on('exit', () => {
        if (--running === 0) resolve(outcomes);
      });
      feed(w);
    }
  });
}

/** In a worker started by auditInParallel: audit each batch sent, until told it is done. Returns whether this thread is such a worker. */
export function runAuditWorkerIfAsked(): boolean {
  const input = workerData as WorkerInput | undefined;
  if (isMainThread || !parentPort || !input?.synopticAuditWorker) return false;
  const port = parentPort;
  // A broken rules file is reported once, by the main thread; here it only falls back to the built-ins, as there.
  const { knowledge } = loadKnowledge(input.rules);
  port.on('message', (m: ToWorker) => {
    if ('done' in m) {
      port.close();
      return;
    }
    port.postMessage({ batch: m.batch, outcomes: m.files.map((f) => auditFile(f, input.type, knowledge)) } satisfies FromWorker);
  });
  return true;
}
