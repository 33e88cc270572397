import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Clock, TimerHandle } from '../clock.js';
import type { Part } from '../part.js';
import type { StatsRegistry } from './registry.js';

/** What the statistics read of a delay histogram (node:perf_hooks' IntervalHistogram), in nanoseconds. */
export interface DelayHistogram {
  readonly count: number;
  readonly max: number;
  percentile(p: number): number;
  reset(): void;
  enable(): boolean;
  disable(): boolean;
}

export interface ProcessStatsOptions {
  /** Length of the window the delay statistics describe (ms); default 10 s. */
  windowMs?: number;
  /** Sampling resolution of the event-loop delay (ms); default 10. */
  resolutionMs?: number;
  /** The histogram (tests); default monitorEventLoopDelay. */
  histogram?: DelayHistogram;
  /** Resident set size in bytes (tests); default process.memoryUsage.rss. */
  rss?: () => number;
}

const NS_PER_MS = 1e6;
const round2 = (ms: number): number => Math.round(ms * 100) / 100;

/**
 * The node process's own health as `core:` statistics:
 * `event_loop_delay_p99_ms` and `event_loop_delay_max_ms`, the 99th
 * percentile and the largest delay of the event loop (node:perf_hooks
 * monitorEventLoopDelay) over the last complete window (10 s; until the
 * first window ends, over what was measured so far; 0 before any sample),
 * and `rss_bytes`, the resident set size when read.
 */
export class ProcessStats implements Part {
  readonly name = 'process stats';
  private readonly windowMs: number;
  private readonly histogram: DelayHistogram;
  private last: { p99: number; max: number } | undefined;
  private timer: TimerHandle | undefined;
  private running = false;

  constructor(private readonly c: { stats: StatsRegistry; clock: Clock }, opts: ProcessStatsOptions = {}) {
    this.windowMs = opts.windowMs ?? 10_000;
    this.histogram = opts.histogram ?? monitorEventLoopDelay({ resolution: opts.resolutionMs ?? 10 });
    const rss = opts.rss ?? (() => process.memoryUsage.rss());
    c.stats.gauge('core', 'event_loop_delay_p99_ms', () => this.window().p99);
    c.stats.gauge('core', 'event_loop_delay_max_ms', () => this.window().max);
    c.stats.gauge('core', 'rss_bytes', rss);
  }

  start(): void {
    this.histogram.enable();
    this.running = true;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    this.c.clock.clearTimeout(this.timer);
    this.histogram.disable();
  }

  /** Ends the current window: its figures become what the statistics read, and a new one begins. */
  rotate(): void {
    this.last = this.current();
    this.histogram.reset();
  }

  private schedule(): void {
    this.timer = this.c.clock.setTimeout(() => {
      if (!this.running) return;
      this.rotate();
      this.schedule();
    }, this.windowMs);
    this.timer.unref?.();
  }

  private current(): { p99: number; max: number } {
    if (this.histogram.count === 0) return { p99: 0, max: 0 };
    return { p99: round2(this.histogram.percentile(99) / NS_PER_MS), max: round2(this.histogram.max / NS_PER_MS) };
  }

  private window(): { p99: number; max: number } {
    return this.last ?? this.current();
  }
}
