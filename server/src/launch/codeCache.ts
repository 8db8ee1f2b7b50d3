import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

/**
 * Runs a bundle (dist/server-main.js, dist/cli-main.js) as the main module,
 * compiled with V8's code cache: the bytecode of the functions the last run
 * compiled, kept in the user's cache directory. A start then neither parses
 * the 1 MB bundle nor compiles the engine's functions again: about 25 ms of
 * a one-draft `synoptic lint` on the project's machine. The cache holds
 * compiled code only (no report text: it is made from the bundle's source),
 * in a directory only the user can read, keyed by the bundle's size and time
 * and the Node version; V8 checks it against the source and refuses a cache
 * made for another, and then a new one is written. Anything that fails here
 * (no home, a read-only disk) leaves the bundle to run without a cache: it
 * is never worth an error. `SYNOPTIC_CODE_CACHE=off` turns it off.
 *
 * The server writes the cache a second after its first diagnostics (an
 * editor ends its language server with a signal, so never at exit); a
 * command writes it at exit. Both write it whole or not at all.
 *
 * Written why by hand: v8-compile-cache, the package for this, writes its
 * cache only when the process exits normally, and an editor ends its
 * language server with a signal; it also keeps its cache in the shared
 * temporary directory.
 */

/** Called by the running bundle once it has done its first piece of work (see server.ts). */
export const READY = Symbol.for('synoptic.codeCache.ready');

const SAVE_DELAY_MS = 1000;

interface Options {
  /** Write the cache when the bundle says it has done its first work (a server), not at exit (a command). */
  whenReady?: boolean;
}

export function runCached(file: string, options: Options = {}): void {
  const debug = process.env.SYNOPTIC_CODE_CACHE_DEBUG ? (m: string) => process.stderr.write(`synoptic code cache: ${m}\n`) : () => undefined;
  const source = fs.readFileSync(file, 'utf8').replace(/^#!.*/, '');
  const cacheFile = cachePath(file);
  let cachedData: Buffer | undefined;
  if (cacheFile) {
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const rejected = !!cachedData && script.cachedDataRejected === true;
  debug(cachedData ? (rejected ? 'rejected' : 'used') : 'none');
  if (cacheFile && (!cachedData || rejected)) {
    let saved = false;
    const save = () => {
      if (saved) return;
      saved = true;
      write(script, cacheFile, debug);
    };
    // A server writes it a second after its first work, not at once: the work's result (the first
    // diagnostics) goes out first, and a server that is ended at once has had no time worth keeping.
    // One that exits normally before then writes it at exit, like a command.
    if (options.whenReady) {
      (globalThis as Record<symbol, unknown>)[READY] = () => {
        setTimeout(save, SAVE_DELAY_MS).unref();
        process.once('exit', save);
      };
    } else process.once('exit', save);
  }
  runAsMain(script, file);
}

/** The cache file for a bundle in its current version, or undefined when there is nowhere to keep one. */
function cachePath(file: string): string | undefined {
  if (process.env.SYNOPTIC_CODE_CACHE === 'off') return undefined;
  try {
    const dir = cacheDir();
    if (!ownOrAbsent(dir)) return undefined;
    const stat = fs.statSync(file);
    const name = path.basename(file, '.js');
    return path.join(dir, `${name}-${process.version}-${process.arch}-${stat.size}-${Math.floor(stat.mtimeMs)}.v8cache`);
  } catch {
    return undefined;
  }
}

/** Compiled code runs as the user: a cache is kept only in a directory the user owns (or will make). */
function ownOrAbsent(dir: string): boolean {
  try {
    return typeof process.getuid !== 'function' || fs.statSync(dir).uid === process.getuid();
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

function cacheDir(): string {
  if (process.env.SYNOPTIC_CODE_CACHE_DIR) return process.env.SYNOPTIC_CODE_CACHE_DIR;
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(process.env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'), 'synoptic', 'Cache');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Caches', 'synoptic');
  return path.join(process.env.XDG_CACHE_HOME || path.join(home, '.cache'), 'synoptic');
}

/** Writes the cache whole or not at all (a file renamed into place), and removes the bundle's older ones. */
function write(script: vm.Script, cacheFile: string, debug: (m: string) => void): void {
  try {
    const dir = path.dirname(cacheFile);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
    fs.renameSync(tmp, cacheFile);
    const prefix = path.basename(cacheFile).split('-v')[0] + '-';
    for (const f of fs.readdirSync(dir)) if (f.startsWith(prefix) && f !== path.basename(cacheFile)) fs.rmSync(path.join(dir, f), { force: true });
    debug('written');
  } catch {
    debug('not written');
  }
}

/** Runs the compiled bundle as Node runs a main module: its own module object, require, __filename and __dirname. */
function runAsMain(script: vm.Script, file: string): void {
  type Loader = typeof Module & { _nodeModulePaths(dir: string): string[]; _resolveFilename(request: string, parent: Module): string };
  const M = Module as Loader;
  const mod = new Module(file);
  mod.filename = file;
  mod.paths = M._nodeModulePaths(path.dirname(file));
  const req = ((id: string) => mod.require(id)) as NodeJS.Require;
  req.resolve = ((request: string) => M._resolveFilename(request, mod)) as NodeJS.RequireResolve;
  req.main = mod;
  req.cache = require.cache;
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  wrapper.call(mod.exports, mod.exports, req, mod, file, path.dirname(file));
  mod.loaded = true;
}
