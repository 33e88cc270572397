import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimCluster } from '../../../src/engine/sim/sim-cluster.js';
import { CAP_INTERNAL, MsgType, peekHeader } from '../../../src/engine/wire/index.js';

const CLUSTER = 1;
const batched = { timing_preset: 'local', ls_batch_interval: 5 };

function countFrames(sim: SimCluster): Map<number, number> {
  const counts = new Map<number, number>();
  sim.net.tap = (_from, _to, frame) => {
    const h = peekHeader(frame);
    if (h.capability === CAP_INTERNAL) counts.set(h.type, (counts.get(h.type) ?? 0) + 1);
  };
  return counts;
}

/** What node `at` holds as node `of`'s links, sorted. */
function linksOf(sim: SimCluster, at: number, of: number): number[] {
  const view = sim.get(at).node.cluster.view(CLUSTER);
  return [...(view?.getNode(of)?.adjacency ?? [])].sort((a, b) => a - b);
}

test('with ls_batch_interval a mesh of 30 forms without one LS_UPDATE, with about one announcement per node and neighbour, and every node holds every link', async () => {
  const N = 30;
  const sim = new SimCluster({ common: batched, link: { latencyMs: 0.2 } }).star(N);
  const counts = countFrames(sim);
  try {
    await sim.startAll();
    await sim.until(() => sim.converged(), 15_000, `${N} nodes all Up`);
    await sim.clock.advance(2000);
    assert.equal(counts.get(MsgType.LS_UPDATE) ?? 0, 0);
    const tops = counts.get(MsgType.FULL_TOP_UPDATE) ?? 0;
    // Per-link LS_UPDATEs cost about N³ / 2 frames here (join.sim.test.ts): 13,500.
    assert.ok(tops < 4 * N * N, `${tops} FULL_TOP_UPDATE frames (4 N² = ${4 * N * N})`);
    for (let a = 1; a <= N; a++) {
      for (let b = 1; b <= N; b++) {
        if (a === b) continue;
        assert.equal(linksOf(sim, a, b).length, N - 2, `node ${a} holds node ${b}'s ${N - 2} other links`);
      }
    }
  } finally {
    await sim.stopAll();
  }
});

test('with ls_batch_interval a link cut reroutes, a kill -9 is agreed, and a healed partition brings back what changed on the other side', async () => {
  const sim = new SimCluster({ common: batched, link: { latencyMs: 0.2 } }).star(6);
  const host = (id: number): string => sim.get(id).host;
  try {
    await sim.startAll();
    await sim.until(() => sim.converged(), 15_000, '6 nodes all Up');

    sim.net.cut(host(2), host(3));
    await sim.until(() => !sim.linkUp(2, 3) && !sim.linkUp(3, 2), 10_000, 'link 2-3 Down at both ends');
    await sim.until(() => !linksOf(sim, 1, 2).includes(3), 1000, 'node 1 knows it');
    assert.ok(sim.reachable(2, 3), 'through another node');
    sim.net.heal(host(2), host(3));
    await sim.until(() => sim.linkUp(2, 3) && sim.linkUp(3, 2), 15_000, 'link 2-3 Up again');

    // Two sides; on the far one a link goes down while they cannot hear each other.
    const A = [1, 2, 3];
    const B = [4, 5, 6];
    sim.net.partition(A.map(host), B.map(host));
    await sim.until(() => A.every((a) => B.every((b) => !sim.reachable(a, b))), 15_000, 'the sides apart');
    assert.deepEqual(linksOf(sim, 1, 5), [2, 3, 4, 6], 'node 1 still holds what it last heard of node 5');
    sim.net.cut(host(5), host(6));
    await sim.until(() => !linksOf(sim, 4, 5).includes(6), 15_000, 'side B knows link 5-6 is down');
    // Only 3-4 heals: node 1 learns side B's links through it.
    sim.net.healAll();
    for (const [a, b] of [[1, 4], [1, 5], [1, 6], [2, 4], [2, 5], [2, 6], [3, 5], [3, 6], [5, 6]] as const) sim.net.cut(host(a), host(b));
    await sim.until(() => sim.linkUp(3, 4) && sim.linkUp(4, 3), 15_000, 'link 3-4 Up');
    await sim.until(() => A.every((a) => B.every((b) => sim.reachable(a, b))), 5000, 'side B reachable from side A');
    await sim.until(() => linksOf(sim, 1, 5).join() === '4', 2000, 'node 1 holds node 5 linked to node 4 only');
    assert.deepEqual(linksOf(sim, 1, 6), [4]);
    assert.equal(sim.get(1).node.api.getNextHop(CLUSTER, 6), 3);

    await sim.kill(4);
    const agreed = await sim.until(() => [1, 2, 3, 5, 6].every((a) => !sim.reachable(a, 4)), 5000, 'node 4 unreachable everywhere');
    assert.ok(agreed < 1000, `agreed in ${agreed} ms of simulated time`);
  } finally {
    await sim.stopAll();
  }
});
