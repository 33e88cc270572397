/**
 * Route computation for one cluster (reference §4.8, with the documented rule
 * rather than OpenSIPS's globally priority-sorted search):
 *
 * - a direct Up link wins (next hop = the destination);
 * - otherwise the fewest hops;
 * - ties: lexicographically smallest (priority, id) sequence along the path,
 *   starting with the first hop — so lower priority of the first hop, then
 *   lower id of the first hop, then the same for the second hop, and so on.
 *
 * One layered BFS computes every destination at once: layer k is kept in
 * rank order, so the first node of layer k that reports v is v's best parent,
 * and layer k+1's order is (parent rank, priority, id). Each layer is expanded
 * top-down or bottom-up, whichever is cheaper, so a dense mesh with an
 * unreachable node does not cost a scan of every link. Only links reported by
 * the "from" node count; disabled nodes are neither destinations nor transit
 * (we neither send to nor accept from them).
 */

export interface RouteNodeInfo {
  readonly priority: number;
  readonly enabled: boolean;
  /** Up neighbours this node reported (directed: this node → neighbour). */
  readonly adjacency: ReadonlySet<number>;
}

export interface RouteInput {
  readonly localId: number;
  /** The local node's direct Up neighbours (its outgoing links). */
  readonly localNeighbours: Iterable<number>;
  /** Remote nodes; an entry for the local id is ignored. */
  readonly nodes: ReadonlyMap<number, RouteNodeInfo>;
  /** Longest path considered; 1 = direct links only (enable_rerouting = 0). */
  readonly maxHops?: number;
}

export interface Route {
  readonly dst: number;
  readonly nextHop: number | null;
  /** Links on the chosen path; −1 when unreachable. */
  readonly hops: number;
  /** Local node first, destination last; empty when unreachable. */
  readonly path: readonly number[];
}

export interface RouteTable {
  readonly input: RouteInput;
  readonly routes: ReadonlyMap<number, Route>;
}

/** Dense id → index lookup; a typed array when ids are small (the usual case), else a Map. */
export function makeIndexer(ids: readonly number[]): (id: number) => number {
  let max = -1;
  let dense = true;
  for (const id of ids) {
    if (!Number.isInteger(id) || id < 0 || id >= 1 << 20) dense = false;
    else if (id > max) max = id;
  }
  if (dense) {
    const table = new Int32Array(max + 1).fill(-1);
    ids.forEach((id, i) => (table[id] = i));
    return (id) => (id >= 0 && id <= max ? (table[id] ?? -1) : -1);
  }
  const map = new Map<number, number>();
  ids.forEach((id, i) => map.set(id, i));
  return (id) => map.get(id) ?? -1;
}

const UNREACHABLE = (dst: number): Route => ({ dst, nextHop: null, hops: -1, path: [] });

export function computeRoutes(input: RouteInput): RouteTable {
  const ids: number[] = [];
  const infos: RouteNodeInfo[] = [];
  for (const [id, info] of input.nodes) {
    if (id === input.localId) continue;
    ids.push(id);
    infos.push(info);
  }
  const n = ids.length;
  const indexOf = makeIndexer(ids);
  const prio = new Float64Array(n);
  const enabled = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const info = infos[i] as RouteNodeInfo;
    prio[i] = info.priority;
    enabled[i] = info.enabled ? 1 : 0;
  }
  const byRank = (a: number, b: number): number => (prio[a] as number) - (prio[b] as number) || (ids[a] as number) - (ids[b] as number);
  const hops = new Int32Array(n).fill(-1);
  const paths: (number[] | undefined)[] = new Array<number[] | undefined>(n);
  const maxHops = input.maxHops ?? Infinity;

  let layer: number[] = [];
  for (const id of input.localNeighbours) {
    const i = indexOf(id);
    if (i < 0 || !enabled[i] || hops[i] !== -1) continue;
    hops[i] = 1;
    paths[i] = [input.localId, id];
    layer.push(i);
  }
  layer.sort(byRank);
  let undiscovered: number[] = [];
  for (let i = 0; i < n; i++) if (enabled[i] && hops[i] === -1) undiscovered.push(i);

  for (let depth = 2; depth <= maxHops && layer.length > 0 && undiscovered.length > 0; depth++) {
    // Direction-optimising BFS: scan the layer's links (top-down) or ask each
    // undiscovered node's candidates (bottom-up), whichever touches fewer entries.
    let outLinks = 0;
    for (const u of layer) outLinks += (infos[u] as RouteNodeInfo).adjacency.size;
    const next = outLinks <= undiscovered.length * layer.length ? topDown(layer) : bottomUp(layer, undiscovered);
    for (const v of next) {
      hops[v] = depth;
      paths[v] = [...(paths[v] as number[]), ids[v] as number];
    }
    undiscovered = undiscovered.filter((v) => hops[v] === -1);
    layer = next;
  }

  /** Next layer in rank order; sets `paths[v]` to the parent's path (completed by the caller). */
  function topDown(layer: readonly number[]): number[] {
    const next: number[] = [];
    const taken = new Uint8Array(n);
    for (const u of layer) {
      const start = next.length;
      for (const vid of (infos[u] as RouteNodeInfo).adjacency) {
        const v = indexOf(vid);
        if (v < 0 || hops[v] !== -1 || taken[v] || !enabled[v]) continue;
        taken[v] = 1;
        paths[v] = paths[u];
        next.push(v);
      }
      // Siblings under the same parent are ordered by their own (priority, id).
      if (next.length - start > 1) {
        const group = next.slice(start).sort(byRank);
        for (let k = 0; k < group.length; k++) next[start + k] = group[k] as number;
      }
    }
    return next;
  }

  function bottomUp(layer: readonly number[], undiscovered: readonly number[]): number[] {
    const parentPos = new Int32Array(n);
    const next: number[] = [];
    for (const v of undiscovered) {
      const vid = ids[v] as number;
      // The first reporter in rank order is the best parent.
      for (let k = 0; k < layer.length; k++) {
        const u = layer[k] as number;
        if (!(infos[u] as RouteNodeInfo).adjacency.has(vid)) continue;
        parentPos[v] = k;
        paths[v] = paths[u];
        next.push(v);
        break;
      }
    }
    return next.sort((a, b) => (parentPos[a] as number) - (parentPos[b] as number) || byRank(a, b));
  }

  const routes = new Map<number, Route>();
  for (let i = 0; i < n; i++) {
    const dst = ids[i] as number;
    const path = paths[i];
    routes.set(dst, path ? { dst, nextHop: path[1] as number, hops: hops[i] as number, path } : UNREACHABLE(dst));
  }
  return { input, routes };
}

/** The route to `dst`, or undefined for an unknown node. */
export function routeTo(table: RouteTable, dst: number): Route | undefined {
  return table.routes.get(dst);
}

export { explainRoute } from './route-explain.js';
export type { RouteAlternative, RouteExplanation } from './route-explain.js';
