import type { ShtagRow } from '../contract/index.js';
import { palette, type RenderOptions } from './style.js';
import { columns } from './table.js';

export type { ShtagRow } from '../contract/index.js';

/** `12s`, `3m05s`, `2h07m`, `4d03h`. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number): string => String(n).padStart(2, '0');
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${pad(s % 60)}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h${pad(Math.floor(s / 60) % 60)}m`;
  return `${Math.floor(s / 86400)}d${pad(Math.floor(s / 3600) % 24)}h`;
}

/** `2026-11-21 20:56:58Z (3m05s ago)`; an unparsable time is shown as given. */
export function formatSince(iso: string, now: number): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return `${new Date(t).toISOString().slice(0, 19).replace('T', ' ')}Z (${formatAge(now - t)} ago)`;
}

export const SHTAG_LIST_HEAD = ['TAG', 'CLUSTER', 'STATE', 'SINCE', 'REASON'] as const;

/** `cl shtag list`: one row per tag in the node's order; active green. */
export function renderShtagList(rows: readonly ShtagRow[], opts: RenderOptions & { now: number }): string {
  if (rows.length === 0) return 'no sharing tags';
  const c = palette(opts);
  const body = rows.map((r) => [r.Tag, String(r.Cluster), r.State === 'active' ? c.green(r.State) : r.State, formatSince(r.Since, opts.now), r.Reason]);
  return columns(SHTAG_LIST_HEAD.map((h) => c.bold(h)), body);
}

/** `cl shtag get`: the state word alone, for shell scripts. */
export function renderShtagState(row: ShtagRow): string {
  return row.State;
}

/** The note on a terminal when `cl shtag get` created the tag it was asked about. */
export function renderShtagCreated(tag: string): string {
  return `note: the node did not know ${tag}: it created it, as backup (as $cluster.sh_tag does); --no-create refuses an unknown tag instead`;
}

/** Exit status of `cl shtag get`: 0 active, 1 backup (usable in `if`). */
export const shtagExitCode = (row: ShtagRow): 0 | 1 => (row.State === 'active' ? 0 : 1);
