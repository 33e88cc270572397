import type { ClusterEvent } from './bus.js';

/** Which events a subscriber or handler wants: names (empty or `*` = all) and params that must equal given values. */
export interface EventSelector {
  names: readonly string[];
  filter: Readonly<Record<string, string>>;
}

/** True when `ev` passes the selector; params compare as text (`cluster_id=1` matches the number 1). */
export function selects(sel: EventSelector, ev: ClusterEvent): boolean {
  if (sel.names.length > 0 && !sel.names.includes('*') && !sel.names.includes(ev.name)) return false;
  for (const [k, v] of Object.entries(sel.filter)) {
    const got = ev.params[k];
    if (got === undefined || String(got) !== v) return false;
  }
  return true;
}

/** Bus subscription names for a selector: `[]` (all) when it has none or `*`. */
export function busNames(names: readonly string[]): string[] {
  return names.length === 0 || names.includes('*') ? [] : [...names];
}

/** The wire/CLI form of an event: `{"event":…,"params":{…}}`. */
export interface EventJson {
  event: string;
  params: Record<string, string | number>;
  /** Milliseconds since the epoch. */
  time: number;
}

export const eventJson = (ev: ClusterEvent): EventJson => ({ event: ev.name, params: ev.params, time: ev.time });
