import type { Clock, TimerHandle } from '../clock.js';
import type { KvEntry } from './types.js';

export interface SweeperInit {
  /** Time between the starts of two sweeps. */
  periodMs: number;
  /** Entries looked at per turn of the event loop. */
  batch: number;
}

/**
 * Drops expired entries every `periodMs`, `batch` entries per turn of the
 * event loop, so that a large store never blocks the node for a whole sweep.
 * A sweep resumes where it stopped; entries added meanwhile may wait for the
 * next one (reads never return them expired anyway).
 */
export class Sweeper {
  private timer: TimerHandle | undefined;
  private running = false;
  private cursor: Iterator<[Map<string, KvEntry>, string, KvEntry]> | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly data: ReadonlyMap<string, Map<string, KvEntry>>,
    private readonly init: SweeperInit,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.cursor = undefined;
  }

  /** One whole sweep at once; returns the number of entries dropped. */
  sweepAll(): number {
    this.cursor = undefined;
    let n = 0;
    const it = this.entries();
    const now = this.clock.now();
    for (let r = it.next(); !r.done; r = it.next()) n += this.dropIfExpired(r.value, now);
    return n;
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = this.clock.setTimeout(() => this.begin(), this.init.periodMs);
    this.timer.unref?.();
  }

  private begin(): void {
    this.cursor = this.entries();
    this.step();
  }

  /** One batch; defers the next one until the sweep is done, then waits for the next period. */
  private step(): void {
    const it = this.cursor;
    if (!this.running || it === undefined) return;
    const now = this.clock.now();
    for (let i = 0; i < this.init.batch; i++) {
      const r = it.next();
      if (r.done) {
        this.cursor = undefined;
        this.schedule();
        return;
      }
      this.dropIfExpired(r.value, now);
    }
    this.clock.defer(() => this.step());
  }

  private dropIfExpired([map, key, e]: [Map<string, KvEntry>, string, KvEntry], now: number): number {
    if (e.expiresAt === 0 || e.expiresAt > now) return 0;
    // The entry may have been replaced since the cursor passed it.
    if (map.get(key) !== e) return 0;
    map.delete(key);
    return 1;
  }

  private *entries(): Generator<[Map<string, KvEntry>, string, KvEntry]> {
    for (const map of this.data.values()) for (const [k, e] of map) yield [map, k, e];
  }
}
