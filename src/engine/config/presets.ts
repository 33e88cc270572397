/**
 * Timing presets (the `timing_preset` key): sets of the three heartbeat
 * parameters for a kind of deployment, in the parameters' own units. They
 * change timings only; a parameter set explicitly wins over its preset.
 */
export const TIMING_PRESETS = {
  /** OpenSIPS's defaults: clusters across a WAN. */
  default: { ping_interval: 4, ping_timeout: 1000, node_timeout: 60 },
  /** Nodes on one LAN or one machine: failures noticed within about 2 s. */
  local: { ping_interval: 1, ping_timeout: 500, node_timeout: 10 },
  /** Test suites: the fastest timings that stay stable on a loaded machine. */
  test: { ping_interval: 1, ping_timeout: 200, node_timeout: 2 },
} as const;

export type TimingPreset = keyof typeof TIMING_PRESETS;
export const TIMING_PRESET_NAMES = Object.keys(TIMING_PRESETS) as TimingPreset[];

/** Heartbeat timings of a node, in milliseconds (the engine's only unit for time). */
export interface NodeTimers {
  pingIntervalMs: number;
  pingTimeoutMs: number;
  nodeTimeoutMs: number;
  seedFallbackIntervalMs: number;
  syncTimeoutMs: number;
}

/** Converts the OpenSIPS parameters (seconds, except ping_timeout in ms) once, at configuration time. */
export function nodeTimers(p: { pingInterval: number; pingTimeout: number; nodeTimeout: number; seedFallbackInterval: number; syncTimeout: number }): NodeTimers {
  return {
    pingIntervalMs: p.pingInterval * 1000,
    pingTimeoutMs: p.pingTimeout,
    nodeTimeoutMs: p.nodeTimeout * 1000,
    seedFallbackIntervalMs: p.seedFallbackInterval * 1000,
    syncTimeoutMs: p.syncTimeout * 1000,
  };
}
