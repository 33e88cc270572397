import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeRoutes, explainRoute, type RouteInput, type RouteNodeInfo } from '../../../src/engine/topology/routes.js';

type Spec = Record<number, { prio?: number; adj?: number[]; enabled?: boolean }>;

function graph(localNeighbours: number[], spec: Spec, localId = 1, maxHops?: number): RouteInput {
  const nodes = new Map<number, RouteNodeInfo>();
  for (const [id, s] of Object.entries(spec)) {
    nodes.set(Number(id), { priority: s.prio ?? 50, enabled: s.enabled ?? true, adjacency: new Set(s.adj ?? []) });
  }
  return maxHops === undefined ? { localId, localNeighbours, nodes } : { localId, localNeighbours, nodes, maxHops };
}

const route = (input: RouteInput, dst: number) => computeRoutes(input).routes.get(dst);

describe('routes: small graphs', () => {
  it('direct Up link: next hop is the node itself', () => {
    assert.deepEqual(route(graph([2], { 2: {} }), 2), { dst: 2, nextHop: 2, hops: 1, path: [1, 2] });
  });

  it('direct link wins over a two-hop path through a better-priority node', () => {
    assert.equal(route(graph([2, 3], { 2: { prio: 99 }, 3: { prio: 1, adj: [2] } }), 2)?.nextHop, 2);
  });

  it('two hops through the node that reports the link', () => {
    assert.deepEqual(route(graph([3], { 2: {}, 3: { adj: [2] } }), 2), { dst: 2, nextHop: 3, hops: 2, path: [1, 3, 2] });
  });

  it('equal hops: lower priority value of the first hop wins', () => {
    const spec = (p3: number, p4: number): Spec => ({ 2: {}, 3: { prio: p3, adj: [2] }, 4: { prio: p4, adj: [2] } });
    assert.equal(route(graph([3, 4], spec(10, 50)), 2)?.nextHop, 3);
    assert.equal(route(graph([3, 4], spec(50, 10)), 2)?.nextHop, 4);
  });

  it('equal hops and priority: lower first-hop id wins, whatever the neighbour order', () => {
    const spec: Spec = { 2: {}, 3: { adj: [2] }, 4: { adj: [2] } };
    assert.equal(route(graph([4, 3], spec), 2)?.nextHop, 3);
  });

  it('fewest hops beats priority (unlike OpenSIPS’s priority-sorted search)', () => {
    const spec: Spec = { 2: {}, 3: { prio: 1, adj: [5] }, 5: { prio: 1, adj: [2] }, 4: { prio: 90, adj: [2] } };
    assert.deepEqual(route(graph([3, 4], spec), 2)?.path, [1, 4, 2]);
  });

  it('ties deeper in the path are broken by (priority, id) along the path', () => {
    const spec: Spec = { 2: {}, 3: { adj: [5, 6] }, 5: { prio: 20, adj: [2] }, 6: { prio: 10, adj: [2] } };
    assert.deepEqual(route(graph([3], spec), 2)?.path, [1, 3, 6, 2]);
    const byId: Spec = { 2: {}, 3: { adj: [7, 6] }, 7: { adj: [2] }, 6: { adj: [2] } };
    assert.deepEqual(route(graph([3], byId), 2)?.path, [1, 3, 6, 2]);
  });

  it('a better first hop wins even if its second hop is worse', () => {
    const spec: Spec = { 2: {}, 3: { prio: 10, adj: [5] }, 4: { prio: 20, adj: [6] }, 5: { prio: 99, adj: [2] }, 6: { prio: 1, adj: [2] } };
    assert.deepEqual(route(graph([3, 4], spec), 2)?.path, [1, 3, 5, 2]);
  });

  it('unreachable node: no next hop, hops −1, empty path', () => {
    assert.deepEqual(route(graph([3], { 2: {}, 3: {} }), 2), { dst: 2, nextHop: null, hops: -1, path: [] });
  });

  it('links are directed: only what the "from" node reports counts', () => {
    // 3 says it reaches 2; 2 does not report 3. From 1 (linked to 2) node 3 is unreachable.
    const input = graph([2], { 2: {}, 3: { adj: [2] } });
    assert.equal(route(input, 3)?.nextHop, null);
    assert.equal(route(graph([3], { 2: {}, 3: { adj: [2] } }), 2)?.nextHop, 3);
  });

  it('disabled nodes are neither destinations nor transit', () => {
    const spec: Spec = { 2: {}, 3: { prio: 1, adj: [2], enabled: false }, 4: { prio: 50, adj: [2] } };
    assert.equal(route(graph([3, 4], spec), 2)?.nextHop, 4);
    assert.equal(route(graph([3, 4], spec), 3)?.nextHop, null);
    assert.equal(route(graph([3], spec), 2)?.nextHop, null);
  });

  it('maxHops 1 (rerouting disabled) keeps only direct links', () => {
    const input = graph([3], { 2: {}, 3: { adj: [2] } }, 1, 1);
    assert.equal(route(input, 2)?.nextHop, null);
    assert.equal(route(input, 3)?.nextHop, 3);
  });

  it('ignores the local node in node lists and adjacency, and handles large ids', () => {
    const big = 1 << 25;
    const input = graph([big], { 1: { adj: [2] }, [big]: { adj: [1, 2] }, 2: { adj: [1] } });
    assert.deepEqual(route(input, 2)?.path, [1, big, 2]);
    assert.equal(computeRoutes(input).routes.has(1), false);
  });

  it('unknown node → undefined', () => {
    assert.equal(route(graph([2], { 2: {} }), 9), undefined);
  });
});

/** Reference: every simple path, keep the shortest, then the lexicographically smallest (priority, id) sequence. */
function bruteForce(input: RouteInput, dst: number): number[] | null {
  const info = (id: number) => input.nodes.get(id);
  let best: number[] | null = null;
  const key = (p: number[]) => p.slice(1).map((id) => [info(id)?.priority ?? 0, id] as const);
  const better = (a: number[], b: number[]): boolean => {
    if (a.length !== b.length) return a.length < b.length;
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) {
      const [pa, ia] = ka[i] as readonly [number, number];
      const [pb, ib] = kb[i] as readonly [number, number];
      if (pa !== pb) return pa < pb;
      if (ia !== ib) return ia < ib;
    }
    return false;
  };
  const walk = (path: number[], next: Iterable<number>): void => {
    for (const v of next) {
      const n = info(v);
      if (!n?.enabled || v === input.localId || path.includes(v)) continue;
      const p = [...path, v];
      if (v === dst) {
        if (!best || better(p, best)) best = p;
        continue;
      }
      walk(p, n.adjacency);
    }
  };
  walk([input.localId], input.localNeighbours);
  return best;
}

describe('routes: randomized comparison with brute force', () => {
  it('matches the reference rule on 300 random graphs', () => {
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let round = 0; round < 300; round++) {
      const n = 3 + Math.floor(rnd() * 6);
      const ids = Array.from({ length: n }, (_, i) => i + 2);
      const spec: Spec = {};
      for (const id of ids) {
        spec[id] = {
          prio: [1, 10, 50][Math.floor(rnd() * 3)] as number,
          adj: ids.filter((o) => o !== id && rnd() < 0.35),
          enabled: rnd() > 0.1,
        };
      }
      const input = graph(ids.filter(() => rnd() < 0.4), spec);
      const table = computeRoutes(input);
      for (const id of ids) {
        const expected = bruteForce(input, id);
        const got = table.routes.get(id);
        assert.deepEqual(got?.path, expected ?? [], `round ${round} dst ${id}`);
        assert.equal(got?.hops, expected ? expected.length - 1 : -1);
        assert.equal(got?.nextHop, expected ? expected[1] : null);
      }
    }
  });
});

/** Reference for bigger graphs: greedy walk choosing the best (priority, id) node that stays on a shortest path. */
function greedyReference(input: RouteInput, dst: number): number[] | null {
  const ok = (id: number) => id !== input.localId && !!input.nodes.get(id)?.enabled;
  const out = (id: number): number[] => [...(id === input.localId ? input.localNeighbours : (input.nodes.get(id)?.adjacency ?? []))].filter(ok);
  const bfs = (from: number, edges: (id: number) => number[]) => {
    const d = new Map([[from, 0]]);
    for (let q = [from]; q.length; ) {
      const next: number[] = [];
      for (const u of q) for (const v of edges(u)) if (!d.has(v)) (d.set(v, (d.get(u) as number) + 1), next.push(v));
      q = next;
    }
    return d;
  };
  const all = [input.localId, ...[...input.nodes.keys()].filter(ok)];
  const into = (id: number) => all.filter((u) => out(u).includes(id) && u !== input.localId);
  const fromLocal = bfs(input.localId, out);
  const toDst = bfs(dst, into);
  const hops = fromLocal.get(dst);
  if (hops === undefined || !ok(dst)) return null;
  const path = [input.localId];
  for (let i = 1; i <= hops; i++) {
    const cands = out(path[i - 1] as number).filter((w) => fromLocal.get(w) === i && toDst.get(w) === hops - i);
    cands.sort((a, b) => (input.nodes.get(a)?.priority ?? 0) - (input.nodes.get(b)?.priority ?? 0) || a - b);
    path.push(cands[0] as number);
  }
  return path;
}

describe('routes: dense random graphs (exercise both BFS directions)', () => {
  it('matches the greedy reference on 60 graphs of 40 nodes', () => {
    let seed = 777;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let round = 0; round < 60; round++) {
      const density = [0.05, 0.2, 0.6, 0.9][round % 4] as number;
      const ids = Array.from({ length: 40 }, (_, i) => i + 2);
      const spec: Spec = {};
      for (const id of ids) {
        spec[id] = { prio: [1, 10, 50][Math.floor(rnd() * 3)] as number, adj: ids.filter((o) => o !== id && rnd() < density), enabled: rnd() > 0.05 };
      }
      const input = graph(ids.filter(() => rnd() < 0.15), spec);
      const table = computeRoutes(input);
      for (const id of ids) assert.deepEqual(table.routes.get(id)?.path, greedyReference(input, id) ?? [], `round ${round} dst ${id}`);
    }
  });
});

describe('routes: 500-node full mesh', () => {
  function mesh(size: number): { input: RouteInput; local: Set<number>; nodes: Map<number, RouteNodeInfo & { adjacency: Set<number> }> } {
    const ids = Array.from({ length: size - 1 }, (_, i) => i + 2);
    const nodes = new Map<number, RouteNodeInfo & { adjacency: Set<number> }>();
    for (const id of ids) nodes.set(id, { priority: 50, enabled: true, adjacency: new Set(ids.filter((o) => o !== id)) });
    const local = new Set(ids);
    return { input: { localId: 1, localNeighbours: local, nodes }, local, nodes };
  }

  it('every node is direct; losing one direct link reroutes via the lowest-id node', () => {
    const { input, local, nodes } = mesh(500);
    let table = computeRoutes(input);
    assert.equal(table.routes.size, 499);
    for (const r of table.routes.values()) assert.deepEqual(r.path, [1, r.dst]);
    local.delete(250);
    table = computeRoutes(input);
    assert.deepEqual(table.routes.get(250)?.path, [1, 2, 250]);
    assert.equal(table.routes.get(251)?.hops, 1);
    // And if 2 no longer reports 250, node 3 takes over.
    nodes.get(2)?.adjacency.delete(250);
    assert.deepEqual(computeRoutes(input).routes.get(250)?.path, [1, 3, 250]);
  });

  it('a node nobody reaches stays unreachable while the rest are routed', () => {
    const { input, local, nodes } = mesh(500);
    local.delete(500);
    for (const n of nodes.values()) n.adjacency.delete(500);
    const table = computeRoutes(input);
    assert.equal(table.routes.get(500)?.nextHop, null);
    assert.equal([...table.routes.values()].filter((r) => r.hops === 1).length, 498);
  });
});

describe('explainRoute', () => {
  const spec = (p3: number, p4: number): Spec => ({ 2: {}, 3: { prio: p3, adj: [2] }, 4: { prio: p4, adj: [2] } });

  it('explains a priority tie-break', () => {
    assert.deepEqual(explainRoute(computeRoutes(graph([3, 4], spec(10, 50))), 2), {
      dst: 2,
      path: [1, 3, 2],
      hops: 2,
      firstHop: 3,
      alternatives: [{ firstHop: 4, hops: 2, priority: 50 }],
      reason: 'fewest hops (2), then lowest priority (10 < 50)',
    });
  });

  it('explains an id tie-break', () => {
    const e = explainRoute(computeRoutes(graph([4, 3], spec(10, 10))), 2);
    assert.equal(e.firstHop, 3);
    assert.equal(e.reason, 'fewest hops (2), then equal priority (10), lowest node id (3 < 4)');
  });

  it('lists only alternatives with the same hop count, best first', () => {
    const s: Spec = { 2: {}, 3: { prio: 5, adj: [2] }, 4: { prio: 1, adj: [6] }, 6: { adj: [2] }, 7: { prio: 40, adj: [2] }, 8: { prio: 30, adj: [2] } };
    const e = explainRoute(computeRoutes(graph([3, 4, 7, 8], s)), 2);
    assert.deepEqual(e.alternatives.map((a) => a.firstHop), [8, 7]);
    assert.equal(e.reason, 'fewest hops (2), then lowest priority (5 < 30)');
  });

  it('direct, single path, unreachable, disabled, unknown and local cases', () => {
    assert.equal(explainRoute(computeRoutes(graph([2], { 2: {} })), 2).reason, 'direct Up link');
    assert.equal(explainRoute(computeRoutes(graph([3], { 2: {}, 3: { adj: [2] } })), 2).reason, 'fewest hops (2)');
    const none = explainRoute(computeRoutes(graph([], { 2: {} })), 2);
    assert.deepEqual(none, { dst: 2, path: [], hops: -1, firstHop: null, alternatives: [], reason: 'no path' });
    assert.equal(explainRoute(computeRoutes(graph([2], { 2: { enabled: false } })), 2).reason, 'node disabled');
    assert.equal(explainRoute(computeRoutes(graph([2], { 2: {} })), 9).reason, 'unknown node');
    assert.equal(explainRoute(computeRoutes(graph([2], { 2: {} })), 1).reason, 'local node');
  });
});
