import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimCluster } from '../../../src/engine/sim/sim-cluster.js';
import { CAP_INTERNAL, MsgType, peekHeader } from '../../../src/engine/wire/index.js';

test('three nodes that know node 1 converge, then a fourth that knows only node 1 is adopted by all (simulated time)', async () => {
  const sim = new SimCluster().star(3);
  try {
    await sim.startAll();
    const first = await sim.until(() => sim.converged(), 10_000, 'nodes 1-3 all Up');
    assert.ok(first < 3000, `converged in ${first} ms of simulated time`);
    sim.add(4, { neighbours: [1] });
    await sim.start(4);
    const join = await sim.until(() => sim.converged([1, 2, 3, 4]), 10_000, 'node 4 Up on every node and sees every node');
    // Node 4 learns 2 and 3 from node 1's topology and pings them at once: no heartbeat period is waited.
    assert.ok(join < 1000, `node 4 joined in ${join} ms of simulated time`);
    for (const id of [2, 3]) assert.ok(sim.get(id).node.api.getNodes(1).find((n) => n.nodeId === 4)?.learned, `node ${id} learned node 4`);
    assert.deepEqual(sim.get(4).node.api.getNodes(1).map((n) => n.nodeId).sort(), [1, 2, 3]);
  } finally {
    await sim.stopAll();
  }
});

test('a whole cluster of 20 nodes that each know only node 1 converges to a full mesh', async () => {
  const sim = new SimCluster().star(20);
  try {
    await sim.startAll();
    await sim.until(() => sim.converged(), 15_000, '20 nodes all Up');
    for (const n of sim.running()) assert.equal(n.node.api.getNodes(1).length, 19, `node ${n.id} knows 19 peers`);
  } finally {
    await sim.stopAll();
  }
});

test('a mesh of 30 nodes forms with about one LS_UPDATE per link-up and node: relayed copies go only where the originator did not send', async () => {
  const N = 30;
  const sim = new SimCluster({ common: { timing_preset: 'local' }, link: { latencyMs: 0.2 } }).star(N);
  let lsUpdates = 0;
  sim.net.tap = (_from, _to, frame) => {
    const h = peekHeader(frame);
    if (h.capability === CAP_INTERNAL && h.type === MsgType.LS_UPDATE) lsUpdates++;
  };
  try {
    await sim.startAll();
    await sim.until(() => sim.converged(), 15_000, `${N} nodes all Up`);
    await sim.clock.advance(2000);
    // Each of the N (N − 1) link-ups is announced by its node to its other neighbours: about N³ / 2 when they come up in a burst.
    // Relayed at once (before flood-relay.ts), the copies made it 3.9 N³, every relayed one a duplicate.
    assert.ok(lsUpdates < N ** 3, `${lsUpdates} LS_UPDATE frames (N³ = ${N ** 3})`);
    assert.ok(lsUpdates >= (N * (N - 1) * (N - 2)) / 4, `${lsUpdates} LS_UPDATE frames: the announcements themselves`);
    for (const n of sim.running()) assert.equal(n.node.api.getNodes(1).filter((s) => s.linkState === 'Up').length, N - 1, `node ${n.id} sees ${N - 1} Up`);
  } finally {
    await sim.stopAll();
  }
});
