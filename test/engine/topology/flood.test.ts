import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { floodSkip, planFlood, type FloodOrigin } from '../../../src/engine/topology/flood.js';
import { prng } from '../../helpers/prng.js';

/** A random connected graph of `n` nodes (ids 1..n) as adjacency sets. */
function randomGraph(rand: () => number, n: number, p: number): Map<number, Set<number>> {
  const g = new Map<number, Set<number>>();
  for (let i = 1; i <= n; i++) g.set(i, new Set());
  const link = (a: number, b: number) => {
    g.get(a)!.add(b);
    g.get(b)!.add(a);
  };
  for (let i = 2; i <= n; i++) link(i, 1 + Math.floor(rand() * (i - 1))); // a spanning tree: connected
  for (let a = 1; a <= n; a++) for (let b = a + 1; b <= n; b++) if (rand() < p) link(a, b);
  return g;
}

function reachable(g: Map<number, Set<number>>, from: number): Set<number> {
  const seen = new Set([from]);
  const todo = [from];
  while (todo.length > 0) for (const n of g.get(todo.pop()!)!) if (!seen.has(n)) (seen.add(n), todo.push(n));
  return seen;
}

/**
 * Floods one update through `g`, every node holding the same view (its own
 * links, and every other node's links without itself, as ClusterView keeps
 * them); copies are delivered in random order and only the first copy a
 * node gets is acted on (the sequence-number test). Returns who got it and
 * how many frames were sent.
 */
function flood(rand: () => number, g: Map<number, Set<number>>, origin: number, firstTargets: number[], how: FloodOrigin) {
  const got = new Set<number>([origin]);
  const queue: { to: number; path: number[] }[] = firstTargets.map((to) => ({ to, path: [origin] }));
  let frames = queue.length;
  for (let steps = 0; queue.length > 0 && steps < 100_000; steps++) {
    const { to, path } = queue.splice(Math.floor(rand() * queue.length), 1)[0]!;
    if (got.has(to)) continue;
    got.add(to);
    const local = g.get(to)!;
    const adjacencyOf = (id: number) => {
      const s = g.get(id);
      if (!s) return undefined;
      const copy = new Set(s);
      copy.delete(to);
      return copy;
    };
    const plan = planFlood(local, path, to, floodSkip(path, to, local, adjacencyOf, how));
    frames += plan.targets.length;
    for (const t of plan.targets) queue.push({ to: t, path: plan.path });
  }
  return { got, frames };
}

describe('flooding with the previous hop and redundancy rules, on random topologies', () => {
  it('every node that can be reached gets each LS_UPDATE', () => {
    const rand = prng(20261122);
    for (let round = 0; round < 400; round++) {
      const n = 4 + Math.floor(rand() * 20);
      const g = randomGraph(rand, n, rand());
      const x = 1 + Math.floor(rand() * n);
      const neighbours = [...g.get(x)!];
      const e = neighbours[Math.floor(rand() * neighbours.length)]!;
      const up = rand() < 0.5;
      if (!up) {
        g.get(x)!.delete(e);
        g.get(e)!.delete(x);
      }
      const firstTargets = [...g.get(x)!].filter((id) => id !== e);
      const { got, frames } = flood(rand, g, x, firstTargets, { toAll: true, about: e });
      // The originator does not send it over its link with the node it is about.
      const cut = new Map([...g].map(([id, links]) => [id, new Set(links)]));
      cut.get(x)!.delete(e);
      cut.get(e)!.delete(x);
      const want = reachable(cut, x);
      for (const id of want) assert.ok(got.has(id), `round ${round}: node ${id} missed the update of ${x} about ${e} (${up ? 'Up' : 'Down'})`);
      assert.ok(frames <= 3 * n * n, `round ${round}: ${frames} frames`);
    }
  });

  it('a FULL_TOP_UPDATE flooded from its one destination reaches every node that can be reached without its originator', () => {
    const rand = prng(7);
    for (let round = 0; round < 200; round++) {
      const n = 3 + Math.floor(rand() * 20);
      const g = randomGraph(rand, n, rand());
      const x = 1 + Math.floor(rand() * n);
      const dst = [...g.get(x)!][0]!;
      const { got } = flood(rand, g, x, [dst], { toAll: false });
      const without = new Map([...g].filter(([id]) => id !== x).map(([id, links]) => [id, new Set([...links].filter((l) => l !== x))]));
      for (const id of reachable(without, dst)) assert.ok(got.has(id), `round ${round}: node ${id} missed it`);
    }
  });

  it('a full mesh costs about N frames per LS_UPDATE, not N²', () => {
    const rand = prng(3);
    const n = 30;
    const g = randomGraph(rand, n, 1);
    const { frames } = flood(rand, g, 1, [...g.get(1)!].filter((id) => id !== 2), { toAll: true, about: 2 });
    assert.equal(frames, n - 2 + 2, 'the originator’s own sends, and two copies for the node it is about');
    const sparse = new Map([...g].map(([id, s]) => [id, new Set(s)]));
    for (let id = 20; id <= n; id++) {
      sparse.get(1)!.delete(id);
      sparse.get(id)!.delete(1);
    }
    const r = flood(rand, sparse, 1, [...sparse.get(1)!], { toAll: true });
    assert.equal(r.got.size, n);
    assert.ok(r.frames <= n - 12 + 2 * 11, `${r.frames} frames: each of the 11 nodes without a link to 1 is sent it twice`);
  });
});
