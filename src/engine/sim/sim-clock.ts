import type { Clock, TimerHandle } from '../clock.js';

interface Pending {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/** Bounds a run so that a timer storm cannot hang a test or benchmark. */
const MAX_EVENTS_PER_RUN = 50_000_000;

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

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.t = start;
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
   * Advances in steps of `stepMs` until `check()` is true or `maxMs` of
   * simulated time have passed; resolves the simulated time it took, or
   * throws naming `what`.
   */
  async until(check: () => boolean, maxMs: number, what = 'condition', stepMs = 1): Promise<number> {
    const start = this.t;
    await settle();
    while (!check()) {
      if (this.t - start >= maxMs) throw new Error(`${what}: still false after ${maxMs} ms of simulated time`);
      await this.runUntil(this.t + stepMs);
    }
    return this.t - start;
  }

  private async runUntil(end: number): Promise<void> {
    let n = 0;
    await settle();
    for (;;) {
      const next = this.queue[0];
      if (!next || next.at > end) break;
      this.queue.shift();
      if (next.cancelled) continue;
      if (++n > MAX_EVENTS_PER_RUN) throw new Error(`more than ${MAX_EVENTS_PER_RUN} timers in one advance: a timer loop?`);
      this.t = Math.max(this.t, next.at);
      this.fired++;
      next.fn();
      await settle();
    }
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
