/**
 * Why traffic to a node goes where it goes: backs the operator command that
 * shows the chosen path and the equally short alternatives it beat.
 * Runs on demand, so it favours clarity over speed (one reverse BFS).
 */
import type { RouteInput, RouteTable } from './routes.js';

export interface RouteAlternative {
  firstHop: number;
  hops: number;
  priority: number;
}

export interface RouteExplanation {
  dst: number;
  /** Local node first, destination last; empty when unreachable. */
  path: number[];
  /** −1 when unreachable. */
  hops: number;
  firstHop: number | null;
  /** Other direct neighbours through which `dst` is reachable in the same number of hops, best first. */
  alternatives: RouteAlternative[];
  reason: string;
}

/** Hops from every enabled remote node to `dst`, following reported links (never through the local node). */
function distancesTo(input: RouteInput, dst: number): Map<number, number> {
  const reverse = new Map<number, number[]>();
  for (const [id, info] of input.nodes) {
    if (id === input.localId || !info.enabled) continue;
    for (const to of info.adjacency) {
      if (to === input.localId || !input.nodes.get(to)?.enabled) continue;
      const from = reverse.get(to);
      if (from) from.push(id);
      else reverse.set(to, [id]);
    }
  }
  const dist = new Map<number, number>([[dst, 0]]);
  let frontier = [dst];
  for (let d = 1; frontier.length > 0; d++) {
    const next: number[] = [];
    for (const v of frontier)
      for (const u of reverse.get(v) ?? [])
        if (!dist.has(u)) {
          dist.set(u, d);
          next.push(u);
        }
    frontier = next;
  }
  return dist;
}

/**
 * Explains the route to `dst` in `table`, e.g. `{ path: [1,3,2], hops: 2,
 * firstHop: 3, alternatives: [{ firstHop: 4, hops: 2, priority: 50 }],
 * reason: 'fewest hops (2), then lowest priority (10 < 50)' }`.
 */
export function explainRoute(table: RouteTable, dst: number): RouteExplanation {
  const { input } = table;
  const route = table.routes.get(dst);
  const none = (reason: string): RouteExplanation => ({ dst, path: [], hops: -1, firstHop: null, alternatives: [], reason });
  if (dst === input.localId) return none('local node');
  if (!route) return none('unknown node');
  if (!input.nodes.get(dst)?.enabled) return none('node disabled');
  if (route.nextHop === null) return none('no path');

  const base = { dst, path: [...route.path], hops: route.hops, firstHop: route.nextHop };
  if (route.hops === 1) return { ...base, alternatives: [], reason: 'direct Up link' };

  const dist = distancesTo(input, dst);
  const alternatives: RouteAlternative[] = [];
  const seen = new Set<number>([route.nextHop]);
  for (const n of input.localNeighbours) {
    const info = input.nodes.get(n);
    if (seen.has(n) || !info?.enabled) continue;
    seen.add(n);
    const d = dist.get(n);
    if (d !== undefined && d + 1 === route.hops) alternatives.push({ firstHop: n, hops: route.hops, priority: info.priority });
  }
  alternatives.sort((a, b) => a.priority - b.priority || a.firstHop - b.firstHop);

  let reason = `fewest hops (${route.hops})`;
  const best = alternatives[0];
  if (best) {
    const p = input.nodes.get(route.nextHop)?.priority ?? 0;
    reason +=
      p < best.priority
        ? `, then lowest priority (${p} < ${best.priority})`
        : `, then equal priority (${p}), lowest node id (${route.nextHop} < ${best.firstHop})`;
  }
  return { ...base, alternatives, reason };
}
