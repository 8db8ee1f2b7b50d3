/**
 * `synoptic audit` throughput: 10,000 generated drafts (the fixture drafts,
 * each copy with its own case number), audited once on one worker thread
 * (--jobs 1) and once on every core (--jobs = os.availableParallelism()).
 * Wall time of the whole command, start-up and file reading included.
 *   npm run build && npx tsx bench/audit-throughput.ts [COUNT]
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');
const count = Number(process.argv[2] ?? 10000);
const fixtures = fs.readdirSync(path.join(root, 'test', 'fixtures')).filter((f) => /\.(path|rad)$/.test(f));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synoptic-audit-bench-'));
let bytes = 0;
for (let i = 0; i < count; i++) {
  const f = fixtures[i % fixtures.length];
  const text = fs.readFileSync(path.join(root, 'test', 'fixtures', f), 'utf8') + `\nCase number: S26-${String(i).padStart(5, '0')}\n`;
  bytes += Buffer.byteLength(text);
  fs.writeFileSync(path.join(dir, `${String(i).padStart(5, '0')}-${f}`), text);
}
const cores = os.availableParallelism();
console.log(`${count} drafts (${fixtures.length} fixtures cycled, ${(bytes / count / 1024).toFixed(1)} KiB mean), ${cores} cores, Node ${process.version}`);
for (const jobs of [1, cores]) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'audit', '--format', 'json', '--jobs', String(jobs), dir], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const out = JSON.parse(r.stdout) as { reports: number };
  if (out.reports !== count) throw new Error(`audited ${out.reports} of ${count}`);
  console.log(`  --jobs ${jobs}: ${s.toFixed(1)} s, ${Math.round(count / s)} reports/s`);
}
fs.rmSync(dir, { recursive: true, force: true });
