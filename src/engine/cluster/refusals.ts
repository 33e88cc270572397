import { heldNote, RateLimiter } from '../common/rate-limit.js';
import type { Logger } from '../log.js';
import type { StatsRegistry } from '../stats/registry.js';

/**
 * Why the node refused a peer's packet or node, each counted in a `bin:`
 * statistic of its own (docs/limits.md) and logged at most once per source
 * and reason per minute.
 */
export const REFUSALS = {
  /** db_mode 1: a packet from an address or id that is not in the clusterer table; db_mode 0: from an address no node has. */
  non_member: 'refused_non_member',
  /** db_mode 0: a node the cluster's join_policy does not admit. */
  join_policy: 'refused_join_policy',
  /** A learned node id outside 1..2^31−1. */
  bad_id: 'refused_bad_id',
  /** A learned URL the configuration's parser refuses. */
  bad_url: 'refused_bad_url',
  /** A learned node past max_nodes_per_cluster. */
  cluster_full: 'refused_cluster_full',
  /** A second live node with the id of a node already known at another address. */
  id_conflict: 'node_id_conflicts',
} as const;

export type RefusalKind = keyof typeof REFUSALS;
type Level = 'debug' | 'info' | 'warn' | 'error';

/** One log line per source and reason per this window. */
export const REFUSAL_LOG_WINDOW_MS = 60_000;

export class Refusals {
  private readonly counters = new Map<RefusalKind, (by?: number) => void>();
  private readonly limiter: RateLimiter;
  readonly countExpired: (by?: number) => void;

  constructor(stats: StatsRegistry, private readonly log: Logger, now: () => number) {
    for (const [kind, name] of Object.entries(REFUSALS) as [RefusalKind, string][]) this.counters.set(kind, stats.counter('bin', name));
    this.countExpired = stats.counter('bin', 'learned_nodes_expired');
    this.limiter = new RateLimiter({ windowMs: REFUSAL_LOG_WINDOW_MS, now });
  }

  /**
   * Counts a refusal and logs `msg` unless this source was already reported
   * for this reason in the window; true when it was logged.
   */
  note(kind: RefusalKind, source: string, msg: string, level: Level = 'warn'): boolean {
    this.counters.get(kind)?.();
    return this.say(`${kind}|${source}`, msg, level);
  }

  /** Starts every window afresh (membership changed: a reload). */
  forget(): void {
    this.limiter.clear();
  }

  /** Logs `msg` at most once per `key` per window (no count): warnings about what peers send. */
  say(key: string, msg: string, level: Level = 'warn'): boolean {
    const t = this.limiter.take(key);
    if (t.pass) this.log[level](`${msg}${heldNote(t.held)}`);
    return t.pass;
  }
}
