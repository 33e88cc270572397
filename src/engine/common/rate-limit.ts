/**
 * "Once per key per window": a peer that floods the node with bad packets
 * gets one log line per reason per window, not one per packet. The first
 * event of a window passes; the next one that passes says how many were
 * held back in between. Keys are bounded: past `maxKeys` the oldest key is
 * forgotten (a flood of spoofed sources cannot grow the table).
 */
export interface RateLimitInit {
  windowMs: number;
  now: () => number;
  /** Most keys remembered (default 4096). */
  maxKeys?: number;
}

interface Entry {
  until: number;
  held: number;
}

export class RateLimiter {
  private readonly entries = new Map<string, Entry>();
  private readonly maxKeys: number;

  constructor(private readonly init: RateLimitInit) {
    this.maxKeys = init.maxKeys ?? 4096;
  }

  /**
   * Whether the event of `key` may be reported now. When it may, `held` is
   * the number of events of that key withheld since the last one reported.
   */
  take(key: string): { pass: true; held: number } | { pass: false } {
    const now = this.init.now();
    const e = this.entries.get(key);
    if (e && now < e.until) {
      e.held++;
      return { pass: false };
    }
    const held = e?.held ?? 0;
    this.entries.delete(key);
    if (this.entries.size >= this.maxKeys) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { until: now + this.init.windowMs, held: 0 });
    return { pass: true, held };
  }

  /** Forgets every key: the next event of each passes. */
  clear(): void {
    this.entries.clear();
  }

  /** Number of keys remembered (for tests of the bound). */
  get size(): number {
    return this.entries.size;
  }
}

/** ` (N more since the last report)`, or nothing. */
export const heldNote = (held: number): string => (held > 0 ? ` (${held} more since the last report)` : '');
