import type { Clock, TimerHandle } from '../clock.js';

interface Pending {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/**
 * Timers that may fire at one instant before it is taken for a loop that
 * would never let time move (a hang). A large cluster has many timers due at
 * once (every node's frames of one heartbeat), hence the generous default.
 */
const MAX_EVENTS_PER_INSTANT = 20_000_000;

/**
 * A simulated clock: time moves only when the owner advances it, and timers
 * fire in time order (ties in the order they were set). Promise callbacks
 * run between timers, as they do between Node's own timers, so async code
 * behaves the same as on the system clock.
 */
export class SimClock implements Clock {
  private t: number;
  private seq = 0;
  private readonly queue: Pending[] = [];
  /** Timer callbacks run so far (a measure of simulated work). */
  fired = 0;
  private instantCount = 0;

  private readonly maxPerInstant: number;

  constructor(start = Date.UTC(2026, 0, 1), opts: { maxEventsPerInstant?: number } = {}) {
    this.t = start;
    this.maxPerInstant = opts.maxEventsPerInstant ?? MAX_EVENTS_PER_INSTANT;
  }

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const p: Pending = { at: this.t + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.insert(p);
    return p as unknown as TimerHandle;
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (handle) (handle as unknown as Pending).cancelled = true;
  }

  defer(fn: () => void): void {
    this.setTimeout(fn, 0);
  }

  /** Runs every timer due within the next `ms` milliseconds, then sets the time to now + ms. */
  async advance(ms: number): Promise<void> {
    await this.runUntil(this.t + ms);
  }

  /**
   * Runs timers instant by instant until `check()` is true (checked after
   * each instant, so the time returned is exact) or `maxMs` of simulated time have passed;
   * resolves the simulated time it took, or throws naming `what`.
   */
  async until(check: () => boolean, maxMs: number, what = 'condition'): Promise<number> {
    const start = this.t;
    const end = start + maxMs;
    await settle();
    while (!check()) {
      if (!(await this.fireInstant(end))) {
        this.t = Math.max(this.t, end);
        if (check()) break;
        throw new Error(`${what}: still false after ${maxMs} ms of simulated time`);
      }
    }
    return this.t - start;
  }

  /** Fires every timer of the next instant due by `end` (those it sets for that instant too): the time cannot differ between them. */
  private async fireInstant(end: number): Promise<boolean> {
    if (!(await this.fireNext(end))) return false;
    const at = this.t;
    while (this.queue.length > 0 && this.queue[0]!.at <= at && (await this.fireNext(at)));
    return true;
  }

  /** Fires the next timer due by `end`, then lets promise callbacks run; false when none is due. */
  private async fireNext(end: number): Promise<boolean> {
    for (;;) {
      const next = this.queue[0];
      if (!next || next.at > end) return false;
      this.queue.shift();
      if (next.cancelled) continue;
      if (next.at > this.t) this.instantCount = 0;
      else if (++this.instantCount > this.maxPerInstant) throw new Error(`more than ${this.maxPerInstant} timers at one instant: a timer loop?`);
      this.t = Math.max(this.t, next.at);
      this.fired++;
      next.fn();
      await settle();
      return true;
    }
  }

  private async runUntil(end: number): Promise<void> {
    await settle();
    while (await this.fireNext(end));
    this.t = Math.max(this.t, end);
  }

  private insert(p: Pending): void {
    const q = this.queue;
    // Binary search on (at, seq): most inserts land at the end.
    let lo = 0;
    let hi = q.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = q[mid]!;
      if (m.at < p.at || (m.at === p.at && m.seq < p.seq)) lo = mid + 1;
      else hi = mid;
    }
    q.splice(lo, 0, p);
  }
}

/** Lets every pending promise callback run, however long its chain of awaits. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
