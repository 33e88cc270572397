import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Clock } from '../../../src/engine/clock.js';
import { StatsRegistry } from '../../../src/engine/stats/registry.js';
import { ProcessStats, type DelayHistogram } from '../../../src/engine/stats/process.js';

/** A histogram whose samples the test gives (in ms), read in nanoseconds as perf_hooks does. */
function fakeHistogram(): DelayHistogram & { samples: number[]; enabled: boolean } {
  const h = {
    samples: [] as number[],
    enabled: false,
    get count() {
      return h.samples.length;
    },
    get max() {
      return Math.max(...h.samples) * 1e6;
    },
    percentile(p: number) {
      const sorted = [...h.samples].sort((a, b) => a - b);
      return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! * 1e6;
    },
    reset() {
      h.samples = [];
    },
    enable() {
      h.enabled = true;
      return true;
    },
    disable() {
      h.enabled = false;
      return true;
    },
  };
  return h;
}

/** A clock whose one pending timer the test fires. */
function manualClock(): Clock & { fire(): void; pending(): number } {
  let timers: (() => void)[] = [];
  return {
    now: () => 0,
    setTimeout: (fn) => {
      timers.push(fn);
      return {};
    },
    clearTimeout: () => {
      timers = [];
    },
    defer: (fn) => fn(),
    fire() {
      const t = timers;
      timers = [];
      for (const fn of t) fn();
    },
    pending: () => timers.length,
  };
}

test('core:event_loop_delay_p99_ms and _max_ms describe the last complete window, in ms; core:rss_bytes is read when asked', () => {
  const stats = new StatsRegistry();
  const clock = manualClock();
  const h = fakeHistogram();
  let rss = 50_000_000;
  const ps = new ProcessStats({ stats, clock }, { histogram: h, rss: () => rss, windowMs: 10_000 });
  const read = () => stats.read(['core:']);

  assert.deepEqual(read(), { 'core:event_loop_delay_p99_ms': 0, 'core:event_loop_delay_max_ms': 0, 'core:rss_bytes': 50_000_000 }, 'no sample yet: 0');
  ps.start();
  assert.equal(h.enabled, true);
  assert.equal(clock.pending(), 1, 'one window timer');

  // 100 samples 1..100 ms: p99 is 99 ms, max 100 ms; before the first window ends, what was measured so far.
  h.samples = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(read()['core:event_loop_delay_p99_ms'], 99);
  clock.fire();
  assert.equal(h.count, 0, 'a new window begins');
  assert.equal(clock.pending(), 1, 'and its timer');
  h.samples = [10.123, 10.5];
  rss = 60_000_000;
  assert.deepEqual(read(), { 'core:event_loop_delay_p99_ms': 99, 'core:event_loop_delay_max_ms': 100, 'core:rss_bytes': 60_000_000 }, 'the figures of the window that ended');
  clock.fire();
  assert.deepEqual(read()['core:event_loop_delay_p99_ms'], 10.5);
  assert.deepEqual(read()['core:event_loop_delay_max_ms'], 10.5);
  clock.fire();
  assert.deepEqual(read()['core:event_loop_delay_p99_ms'], 0, 'a window without samples');

  ps.stop();
  assert.equal(h.enabled, false);
  assert.equal(clock.pending(), 0);
});

test('a node built with the real histogram gives finite, non-negative figures', () => {
  const stats = new StatsRegistry();
  const ps = new ProcessStats({ stats, clock: manualClock() });
  ps.start();
  ps.rotate();
  for (const [name, v] of Object.entries(stats.read(['core:']))) assert.ok(Number.isFinite(v) && v >= 0, `${name} = ${v}`);
  assert.ok(stats.read(['rss_bytes'])['core:rss_bytes']! > 0);
  ps.stop();
});
