import type { ConfigKey } from './keys.js';

/**
 * OpenSIPS parameters that are parsed and validated but do nothing yet
 * (no cluster bridges, no worker processes). A
 * feature that gives one its effect removes it here, and from the man page's
 * "no effect yet" notes.
 */
export const INERT_KEYS: ReadonlySet<ConfigKey> = new Set<ConfigKey>([
  'db_bridges_table',
  'dispatch_jobs',
]);

export const inertWarning = (key: ConfigKey): string => `${key}: accepted for compatibility with OpenSIPS; no effect yet`;

/** One warning per inert parameter the configuration sets (under its name or a legacy alias). */
export function warnInert(params: ReadonlyMap<ConfigKey, unknown>, warnings: string[]): void {
  for (const key of params.keys()) if (INERT_KEYS.has(key)) warnings.push(inertWarning(key));
}
