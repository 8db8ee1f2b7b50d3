/**
 * Analyse on every change without a fixed delay: changes that arrive while the
 * event loop is busy are coalesced into one run for the newest version. The
 * benchmark's do-nothing server uses this same scheduler, so the comparison
 * differs only in the work done.
 */
export function coalescingScheduler(run: (uri: string) => void): (uri: string) => void {
  const pending = new Set<string>();
  return (uri: string) => {
    if (pending.has(uri)) return;
    pending.add(uri);
    setImmediate(() => {
      pending.delete(uri);
      run(uri);
    });
  };
}
