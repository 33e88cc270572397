import type { Logger } from './log.js';

/**
 * One part of a node (transport, cluster, sharing tags, messaging, …): built
 * from the components it uses and its options, then started and stopped by
 * the node, in the order of the node's list and in reverse.
 */
export interface Part {
  readonly name: string;
  start?(): void | Promise<void>;
  stop?(): void | Promise<void>;
}

/** Starts the parts in order; when one fails, those already started are stopped in reverse and the error is rethrown. */
export async function startParts(parts: readonly Part[], log: Logger): Promise<void> {
  const started: Part[] = [];
  for (const p of parts) {
    try {
      await p.start?.();
      started.push(p);
    } catch (err) {
      await stopParts(started, log);
      throw err;
    }
  }
}

/** Stops the parts in reverse order; a part that fails to stop is logged and the others still stop. */
export async function stopParts(parts: readonly Part[], log: Logger): Promise<void> {
  for (const p of [...parts].reverse()) {
    try {
      await p.stop?.();
    } catch (err) {
      log.error(`stopping ${p.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
