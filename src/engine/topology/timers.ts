/**
 * Heartbeat timings (reference §4.3, §9.3). Everything is in milliseconds here;
 * the OpenSIPS parameters ping_interval and node_timeout are seconds.
 */
export interface Timers {
  /** Keep-alive period on an Up link (OpenSIPS `ping_interval` × 1000). */
  pingIntervalMs: number;
  /** How long a PONG may take (OpenSIPS `ping_timeout`). */
  pingTimeoutMs: number;
  /** Re-probe period of a Down link (OpenSIPS `node_timeout` × 1000). */
  nodeTimeoutMs: number;
}

export const DEFAULT_TIMERS: Readonly<Timers> = Object.freeze({
  pingIntervalMs: 4000,
  pingTimeoutMs: 1000,
  nodeTimeoutMs: 60000,
});

/** Invalid values fall back to the defaults, as OpenSIPS does (≤ 0, or < 0 for node_timeout). */
export function normalizeTimers(t: Partial<Timers> = {}): Timers {
  const ok = (v: number | undefined, min: number): v is number => v !== undefined && Number.isFinite(v) && v >= min;
  return {
    pingIntervalMs: ok(t.pingIntervalMs, 1) ? t.pingIntervalMs : DEFAULT_TIMERS.pingIntervalMs,
    pingTimeoutMs: ok(t.pingTimeoutMs, 1) ? t.pingTimeoutMs : DEFAULT_TIMERS.pingTimeoutMs,
    nodeTimeoutMs: ok(t.nodeTimeoutMs, 0) ? t.nodeTimeoutMs : DEFAULT_TIMERS.nodeTimeoutMs,
  };
}

function gcd(a: number, b: number): number {
  let x = Math.abs(Math.trunc(a));
  let y = Math.abs(Math.trunc(b));
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/**
 * Heartbeat tick period: gcd of the three timings, so that every deadline
 * falls on a tick (defaults give 1000 ms).
 */
export function timerPeriodMs(t: Timers): number {
  return gcd(gcd(t.pingIntervalMs, t.pingTimeoutMs), t.nodeTimeoutMs) || DEFAULT_TIMERS.pingTimeoutMs;
}

/**
 * How long a learned node that never answered is kept: twice node_timeout
 * (the re-probe period of a Down link), at least ten ping intervals.
 * Defaults: 120 s.
 */
export const learnedExpiryMs = (t: Timers): number => Math.max(2 * t.nodeTimeoutMs, 10 * t.pingIntervalMs);
