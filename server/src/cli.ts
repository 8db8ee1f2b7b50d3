import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import * as os from 'node:os';
import { Audit, formatAuditCsv, formatAuditTable, formatMissingCsv, formatMissingList } from './cli/audit';
import { auditFile, AuditOutcome, auditInParallel, runAuditWorkerIfAsked } from './cli/parallel';
import { expandInputs, readDraft } from './cli/files';
import { extractText, ExtractedReport, formatExtractCsv, formatExtractFhir, formatExtractJson, Unreadable } from './cli/extract';
import { formatSarif, formatText, lintText, LintResult } from './cli/lint';
import { SeveritySetting } from './engine/analyze';
import { runContextLines } from './engine/context';
import { loadKnowledge } from './knowledgeLoader';

/**
 * synoptic lint | extract | audit | context. Exit codes: 0 no error-severity
 * diagnostic, 1 some, 2 bad usage or unreadable input (the output is then
 * incomplete). Messages name the file and the problem, never the report's text.
 */

const USAGE = `Usage:
  synoptic lint [--format text|json|sarif] [--type pathology|radiology] [--rules FILE | --no-rules]
                [--severity CODE=error|warning|information|hint|off]... FILES_OR_DIRS...
  synoptic extract [--format json|csv|fhir] [--include-text] [--type pathology|radiology] [--rules FILE | --no-rules] FILES_OR_DIRS...
  synoptic audit [--format text|json|csv] [--missing] [--jobs N] [--progress] [--type pathology|radiology] [--rules FILE | --no-rules] DIR...
  synoptic context < sentences.jsonl     (JSON lines {"sentence": "...", "target": "..."})

Without --rules, the workspace rule file .synoptic/rules.json in the current directory is read, as the
editor reads it; --no-rules uses the built-in checklists alone.
`;

/** The workspace rule file the editor reads, relative to the directory the command runs in. */
const WORKSPACE_RULES = path.join('.synoptic', 'rules.json');

function fail(message: string): number {
  process.stderr.write(`synoptic: ${message}\n\n${USAGE}`);
  return 2;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      type: { type: 'string' },
      rules: { type: 'string', multiple: true },
      'no-rules': { type: 'boolean' },
      severity: { type: 'string', multiple: true },
      progress: { type: 'boolean' },
      'include-text': { type: 'boolean' },
      missing: { type: 'boolean' },
      jobs: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  if (command === 'context') {
    process.stdout.write(runContextLines(await readStdin()));
    return 0;
  }
  if (command !== 'lint' && command !== 'audit' && command !== 'extract') return fail(`unknown command "${command}"`);
  let args: ReturnType<typeof parse>;
  try {
    args = parse(rest);
  } catch (err) {
    return fail((err as Error).message);
  }
  const format = args.values.format ?? (command === 'extract' ? 'json' : 'text');
  const { type } = args.values;
  const formats = command === 'lint' ? ['text', 'json', 'sarif'] : command === 'extract' ? ['json', 'csv', 'fhir'] : ['text', 'json', 'csv'];
  if (args.values['include-text'] && command !== 'extract') return fail('--include-text is an option of extract');
  if ((args.values.missing || args.values.jobs !== undefined) && command !== 'audit') return fail('--missing and --jobs are options of audit');
  const jobs = args.values.jobs === undefined ? undefined : Number(args.values.jobs);
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1 && jobs <= 256)) return fail('--jobs takes a whole number of worker threads, 1 or more');
  if (!formats.includes(format ?? '')) return fail(`--format must be one of ${formats.join(', ')}`);
  if (type !== undefined && type !== 'pathology' && type !== 'radiology') return fail('--type must be pathology or radiology');
  if (args.positionals.length === 0) return fail(command === 'audit' ? 'no directory given' : 'no files or directories given');

  const severities: Record<string, SeveritySetting> = {};
  for (const s of args.values.severity ?? []) {
    const m = /^([a-z0-9-]+)=(error|warning|information|hint|off)$/.exec(s);
    if (!m) return fail(`--severity takes CODE=LEVEL, e.g. missing-grade=error (got "${s}")`);
    severities[m[1]] = m[2] as SeveritySetting;
  }
  if (args.values['no-rules'] && args.values.rules?.length) return fail('--rules and --no-rules cannot be given together');
  // A rule file asked for must exist: a misspelt path would otherwise lint with the built-ins alone, without a word.
  const asked = (args.values.rules ?? []).map((f) => path.resolve(f));
  const absent = asked.find((f) => !fs.existsSync(f));
  if (absent) return fail(`rule file ${absent} does not exist`);
  // Without --rules, the workspace's own file, as the editor reads it (said on stderr, so a run says what it used).
  const rules = asked.length || args.values['no-rules'] ? asked : fs.existsSync(WORKSPACE_RULES) ? [path.resolve(WORKSPACE_RULES)] : [];
  if (!asked.length && rules.length) process.stderr.write(`synoptic: using the workspace rule file ${WORKSPACE_RULES} (--rules FILE for another, --no-rules for the built-ins alone)\n`);
  const { knowledge, problems: ruleProblems } = loadKnowledge(rules);
  let exit = 0;
  for (const p of ruleProblems) {
    process.stderr.write(`synoptic: rule file ${p}\n`);
    exit = 2;
  }
  const { files, problems } = expandInputs(args.positionals);
  for (const p of problems) {
    process.stderr.write(`synoptic: ${p.file}: ${p.message}\n`);
    exit = 2;
  }

  if (command === 'audit') {
    const code = await runAudit(files, exit, {
      format: format ?? 'text',
      missing: !!args.values.missing,
      jobs,
      progress: !!args.values.progress,
      type: type as 'pathology' | 'radiology' | undefined,
      rules,
      knowledge,
      unreadable: problems.length,
    });
    return code;
  }

  const results: LintResult[] = [];
  const extracted: ExtractedReport[] = [];
  const unreadable: Unreadable[] = problems.map((p) => ({ file: p.file, problem: p.message }));
  const includeText = !!args.values['include-text'];
  files.forEach((file) => {
    const read = readDraft(file);
    if (read.problem || read.text === undefined) {
      process.stderr.write(`synoptic: ${file}: ${read.problem}\n`);
      unreadable.push({ file, problem: read.problem ?? 'cannot read' });
      exit = 2;
      return;
    }
    if (read.note) process.stderr.write(`synoptic: ${file}: ${read.note}\n`);
    if (command === 'extract') {
      const { report, analysis } = extractText(file, read.text, type as 'pathology' | 'radiology' | undefined, { knowledge }, includeText);
      if (analysis.notice) process.stderr.write(`synoptic: ${file}: ${analysis.notice}\n`);
      extracted.push(report);
      return;
    }
    const { result, analysis } = lintText(file, read.text, type as 'pathology' | 'radiology' | undefined, { knowledge, severities });
    if (analysis.notice) process.stderr.write(`synoptic: ${file}: ${analysis.notice}\n`);
    results.push(result);
  });

  if (command === 'extract') {
    if (format === 'csv') process.stdout.write(formatExtractCsv(extracted, unreadable, [...files, ...problems.map((p) => p.file)]));
    else if (format === 'fhir') process.stdout.write(formatExtractFhir(extracted, includeText));
    else process.stdout.write(formatExtractJson(extracted, unreadable));
    return exit;
  }
  if (format === 'json') process.stdout.write(JSON.stringify(results, null, 2) + '\n');
  else if (format === 'sarif') process.stdout.write(formatSarif(results, path.resolve(__dirname, '..', 'docs', 'rules')));
  else process.stdout.write(formatText(results));
  if (exit === 0 && results.some((r) => r.diagnostics.some((d) => d.severity === 'error'))) exit = 1;
  return exit;
}

interface AuditRun {
  format: string;
  missing: boolean;
  jobs: number | undefined;
  progress: boolean;
  type: 'pathology' | 'radiology' | undefined;
  rules: string[];
  knowledge: ReturnType<typeof loadKnowledge>['knowledge'];
  /** Inputs already found unreadable (missing paths, unreadable directories). */
  unreadable: number;
}

/**
 * Below this many drafts, worker threads cost more than they save unless
 * --jobs asks for them: each thread starts its own copy of the engine (about
 * half a second) and compiles its patterns again as it warms up.
 */
const PARALLEL_FROM = 2000;

async function runAudit(files: string[], exit: number, o: AuditRun): Promise<number> {
  const showProgress = o.progress || (process.stderr.isTTY && files.length > 50);
  // Workers report a batch at a time, so each report moves the counter.
  const progress = (done: number) => {
    if (showProgress) process.stderr.write(`\raudited ${done}/${files.length} reports`);
  };
  const jobs = o.jobs ?? (files.length >= PARALLEL_FROM ? os.availableParallelism() : 1);
  let outcomes: AuditOutcome[];
  if (jobs > 1) outcomes = await auditInParallel(__filename, files, jobs, o.type, o.rules, progress);
  else {
    outcomes = [];
    for (const f of files) {
      outcomes.push(auditFile(f, o.type, o.knowledge));
      // The counter as the serial audit always showed it: the first report, every 25th, and the last.
      const done = outcomes.length;
      if (showProgress && ((done - 1) % 25 === 0 || done === files.length)) process.stderr.write(`\raudited ${done}/${files.length} reports`);
    }
  }
  if (showProgress) process.stderr.write('\n');
  const audit = new Audit();
  audit.unreadable = o.unreadable;
  for (const r of outcomes) {
    if (r.problem || !r.summary) {
      process.stderr.write(`synoptic: ${r.file}: ${r.problem}\n`);
      audit.unreadable++;
      exit = 2;
      continue;
    }
    if (r.note) process.stderr.write(`synoptic: ${r.file}: ${r.note}\n`);
    if (r.notice) process.stderr.write(`synoptic: ${r.file}: ${r.notice}\n`);
    audit.addSummary(r.summary, r.file);
  }
  const report = audit.result();
  if (o.format === 'json') process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else if (o.format === 'csv') process.stdout.write(o.missing ? formatMissingCsv(report) : formatAuditCsv(report));
  else process.stdout.write(formatAuditTable(report) + (o.missing ? formatMissingList(report) : ''));
  return exit;
}

if (runAuditWorkerIfAsked()) {
  // A worker thread of `audit`: it answers its parent's messages and ends when told.
} else if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: Error) => {
      process.stderr.write(`synoptic: internal error (${err.name}); please report it with the command you ran.\n`);
      process.exitCode = 2;
    },
  );
}
