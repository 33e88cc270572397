/**
 * Polls `check` until it returns a truthy value (or stops throwing), or
 * fails with the last error once `timeoutMs` has passed. Used where real
 * sockets need waiting; never a fixed sleep.
 */
export async function eventually<T>(check: () => T | Promise<T>, opts: { timeoutMs?: number; intervalMs?: number; what?: string } = {}): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  const interval = opts.intervalMs ?? 20;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
      last = new Error(`condition still false${opts.what ? `: ${opts.what}` : ''}`);
    } catch (err) {
      last = err;
    }
    if (Date.now() >= deadline) throw last instanceof Error ? last : new Error(String(last));
    await new Promise((r) => setTimeout(r, interval));
  }
}
