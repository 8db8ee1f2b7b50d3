import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPORT_EXTENSIONS: Record<string, 'pathology' | 'radiology' | undefined> = {
  '.path': 'pathology',
  '.pathology': 'pathology',
  '.rad': 'radiology',
  '.radiology': 'radiology',
  '.txt': undefined,
};

/** Largest draft the CLI reads; a report is kilobytes, so this only stops accidents. */
export const MAX_BYTES = 64 * 1024 * 1024;

export interface InputProblem {
  file: string;
  message: string;
}

/** Expands directories (recursively) to the report files they hold, sorted for stable output. */
export function expandInputs(inputs: string[]): { files: string[]; problems: InputProblem[] } {
  const files: string[] = [];
  const problems: InputProblem[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      problems.push({ file: dir, message: `cannot read directory (${(err as NodeJS.ErrnoException).code ?? 'error'})` });
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && path.extname(e.name).toLowerCase() in REPORT_EXTENSIONS) files.push(p);
    }
  };
  for (const input of inputs) {
    let st: fs.Stats;
    try {
      st = fs.statSync(input);
    } catch (err) {
      problems.push({ file: input, message: (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : `cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})` });
      continue;
    }
    if (st.isDirectory()) walk(input);
    else files.push(input);
  }
  return { files, problems };
}

/**
 * Reads a draft as text: UTF-8 (with or without BOM) or UTF-16 with a BOM;
 * other bytes are read as Windows-1252, which never fails, and say so.
 */
export function readDraft(file: string): { text?: string; note?: string; problem?: string } {
  let buf: Buffer;
  try {
    const st = fs.statSync(file);
    if (st.size > MAX_BYTES) return { problem: `file is ${(st.size / 1048576).toFixed(0)} MB; drafts over ${MAX_BYTES / 1048576} MB are not read` };
    buf = fs.readFileSync(file);
  } catch (err) {
    return { problem: `cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(buf.subarray(2)) };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(buf.subarray(2)) };
  if (buf.subarray(0, 8192).includes(0)) return { problem: 'looks like a binary file, not a text report' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buf) };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(buf), note: 'not valid UTF-8; read as Windows-1252' };
  }
}
