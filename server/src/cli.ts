import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { Audit, formatAuditTable } from './cli/audit';
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
  synoptic lint [--format text|json|sarif] [--type pathology|radiology] [--rules FILE]
                [--severity CODE=error|warning|information|hint|off]... FILES_OR_DIRS...
  synoptic extract [--format json|csv|fhir] [--include-text] [--type pathology|radiology] [--rules FILE] FILES_OR_DIRS...
  synoptic audit [--format text|json] [--type pathology|radiology] [--rules FILE] DIR
  synoptic context < sentences.jsonl     (JSON lines {"sentence": "...", "target": "..."})
`;

function fail(message: string): number {
  process.stderr.write(`synoptic: ${message}\n\n${USAGE}`);
  return 2;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      type: { type: 'string' },
      rules: { type: 'string', multiple: true },
      severity: { type: 'string', multiple: true },
      progress: { type: 'boolean' },
      'include-text': { type: 'boolean' },
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
  const format = args.values.format === 'text' && command === 'extract' ? 'json' : args.values.format;
  const { type } = args.values;
  const formats = command === 'lint' ? ['text', 'json', 'sarif'] : command === 'extract' ? ['json', 'csv', 'fhir'] : ['text', 'json'];
  if (args.values['include-text'] && command !== 'extract') return fail('--include-text is an option of extract');
  if (!formats.includes(format ?? '')) return fail(`--format must be one of ${formats.join(', ')}`);
  if (type !== undefined && type !== 'pathology' && type !== 'radiology') return fail('--type must be pathology or radiology');
  if (args.positionals.length === 0) return fail(command === 'audit' ? 'no directory given' : 'no files or directories given');

  const severities: Record<string, SeveritySetting> = {};
  for (const s of args.values.severity ?? []) {
    const m = /^([a-z0-9-]+)=(error|warning|information|hint|off)$/.exec(s);
    if (!m) return fail(`--severity takes CODE=LEVEL, e.g. missing-grade=error (got "${s}")`);
    severities[m[1]] = m[2] as SeveritySetting;
  }
  const { knowledge, problems: ruleProblems } = loadKnowledge((args.values.rules ?? []).map((f) => path.resolve(f)));
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

  const results: LintResult[] = [];
  const extracted: ExtractedReport[] = [];
  const unreadable: Unreadable[] = problems.map((p) => ({ file: p.file, problem: p.message }));
  const includeText = !!args.values['include-text'];
  const audit = new Audit();
  const showProgress = command === 'audit' && (args.values.progress || (process.stderr.isTTY && files.length > 50));
  files.forEach((file, i) => {
    const read = readDraft(file);
    if (read.problem || read.text === undefined) {
      process.stderr.write(`synoptic: ${file}: ${read.problem}\n`);
      audit.unreadable++;
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
    if (command === 'lint') results.push(result);
    else audit.add(analysis);
    if (showProgress && (i % 25 === 0 || i === files.length - 1)) process.stderr.write(`\raudited ${i + 1}/${files.length} reports`);
  });
  if (showProgress) process.stderr.write('\n');

  if (command === 'extract') {
    if (format === 'csv') process.stdout.write(formatExtractCsv(extracted, unreadable, [...files, ...problems.map((p) => p.file)]));
    else if (format === 'fhir') process.stdout.write(formatExtractFhir(extracted, includeText));
    else process.stdout.write(formatExtractJson(extracted, unreadable));
    return exit;
  }
  if (command === 'audit') {
    const report = audit.result();
    process.stdout.write(format === 'json' ? JSON.stringify(report, null, 2) + '\n' : formatAuditTable(report));
    return exit;
  }
  if (format === 'json') process.stdout.write(JSON.stringify(results, null, 2) + '\n');
  else if (format === 'sarif') process.stdout.write(formatSarif(results, path.resolve(__dirname, '..', 'docs', 'rules')));
  else process.stdout.write(formatText(results));
  if (exit === 0 && results.some((r) => r.diagnostics.some((d) => d.severity === 'error'))) exit = 1;
  return exit;
}

if (require.main === module) {
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
