import { ConfigValueError } from './errors.js';
import { INT_MAX, isRecord, show } from './values.js';

export type ShtagState = 'active' | 'backup';

/** A `sharing_tag` definition: `name/cluster_id=active|backup`. */
export interface SharingTagConfig {
  name: string;
  clusterId: number;
  state: ShtagState;
}

function checkState(v: unknown, problems: string[]): ShtagState | undefined {
  const s = typeof v === 'string' ? v.trim() : v;
  if (s === 'active' || s === 'backup') return s;
  // OpenSIPS prefix-matches (so "act" or even "" mean active); we refuse the guesswork.
  problems.push(`bad state ${show(v)}, expected exactly 'active' or 'backup'`);
  return undefined;
}

function checkClusterId(v: unknown, problems: string[]): number | undefined {
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : undefined;
  if (s !== undefined && /^\d+$/.test(s) && Number(s) >= 1 && Number(s) <= INT_MAX) return Number(s);
  problems.push(`bad cluster id ${show(v)}, expected an integer greater than 0`);
  return undefined;
}

function checkName(v: unknown, problems: string[]): string | undefined {
  // Names are case-sensitive; only surrounding spaces are trimmed.
  const s = typeof v === 'string' ? v.trim() : undefined;
  if (s && !/[/=,]/.test(s)) return s;
  problems.push(`bad tag name ${show(v)}, expected a non-empty name without '/', '=' or ','`);
  return undefined;
}

/**
 * Parses `"name/cluster_id=active|backup"` or `{ name, cluster_id, state }`.
 * Throws ConfigValueError listing every problem.
 */
export function parseSharingTag(input: unknown): SharingTagConfig {
  const problems: string[] = [];
  let name: string | undefined;
  let clusterId: number | undefined;
  let state: ShtagState | undefined;
  if (typeof input === 'string') {
    const slash = input.indexOf('/');
    const eq = input.indexOf('=', slash + 1);
    if (slash < 0 || eq < 0) {
      throw new ConfigValueError([`bad sharing tag ${JSON.stringify(input)}: expected "name/cluster_id=active|backup"`]);
    }
    name = checkName(input.slice(0, slash), problems);
    clusterId = checkClusterId(input.slice(slash + 1, eq), problems);
    state = checkState(input.slice(eq + 1), problems);
  } else if (isRecord(input)) {
    for (const k of Object.keys(input)) {
      if (k !== 'name' && k !== 'cluster_id' && k !== 'state') {
        problems.push(`unknown property '${k}' (known: name, cluster_id, state)`);
      }
    }
    name = checkName(input.name, problems);
    clusterId = checkClusterId(input.cluster_id, problems);
    state = checkState(input.state, problems);
  } else {
    problems.push(`expected "name/cluster_id=active|backup" or a mapping, got ${show(input)}`);
  }
  if (problems.length > 0 || name === undefined || clusterId === undefined || state === undefined) {
    throw new ConfigValueError(problems.map((p) => (typeof input === 'string' ? `${JSON.stringify(input)}: ${p}` : p)));
  }
  return { name, clusterId, state };
}

/** Canonical text form, e.g. `vip/1=active`. */
export function formatSharingTag(t: SharingTagConfig): string {
  return `${t.name}/${t.clusterId}=${t.state}`;
}
