import type { Clock, TimerHandle } from '../clock.js';
import { FREE, type KvTable } from './table.js';

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
  /** Where a sweep stands: a table (in order) and a record id in it. */
  private cursor: { table: number; rid: number } | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly data: ReadonlyMap<string, KvTable>,
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
    return this.advance({ table: 0, rid: 0 }, Number.POSITIVE_INFINITY, this.clock.now());
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = this.clock.setTimeout(() => this.begin(), this.init.periodMs);
    this.timer.unref?.();
  }

  private begin(): void {
    this.cursor = { table: 0, rid: 0 };
    this.step();
  }

  /** One batch; defers the next one until the sweep is done, then waits for the next period. */
  private step(): void {
    const at = this.cursor;
    if (!this.running || at === undefined) return;
    this.advance(at, this.init.batch, this.clock.now());
    if (at.table >= this.data.size) {
      this.cursor = undefined;
      this.schedule();
      return;
    }
    this.clock.defer(() => this.step());
  }

  /**
   * Looks at up to `budget` records from `at` (moved on; past the last
   * table when the walk is done), dropping the expired ones; returns how
   * many it dropped.
   */
  private advance(at: { table: number; rid: number }, budget: number, now: number): number {
    const tables = [...this.data.values()];
    let dropped = 0;
    for (let seen = 0; seen < budget && at.table < tables.length; ) {
      const t = tables[at.table]!;
      if (at.rid >= t.end) {
        at.table++;
        at.rid = 0;
        continue;
      }
      const rid = at.rid++;
      seen++;
      if (t.state(rid) === FREE) continue;
      const exp = t.expiresAt(rid);
      if (exp === 0 || exp > now) continue;
      t.drop(rid);
      dropped++;
    }
    return dropped;
  }
}
