import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimCluster } from '../../../src/engine/sim/sim-cluster.js';
import { LinkState } from '../../../src/engine/topology/index.js';

test('1 % loss and 20 ± 5 ms per link: no link of a converged 12-node cluster flaps over 3 simulated minutes', async () => {
  const sim = new SimCluster({ link: { latencyMs: 20, jitterMs: 5, loss: 0.01, rtoMs: 200 }, seed: 7 }).star(12);
  try {
    await sim.startAll();
    await sim.until(() => sim.converged(), 60_000, '12 nodes all Up');
    await sim.clock.advance(5_000);
    const flaps: string[] = [];
    for (const n of sim.nodes.values()) {
      n.node.cluster.on.on('link:state', (e) => {
        if (e.state !== LinkState.UP) flaps.push(`${n.id}->${e.nodeId} at ${sim.clock.now()}`);
      });
    }
    const framesBefore = sim.net.frames;
    await sim.clock.advance(180_000);
    assert.ok(sim.net.frames - framesBefore > 12 * 11 * 2 * 150, 'the cluster kept pinging');
    assert.deepEqual(flaps, [], 'no link left Up');
    assert.ok(sim.converged());
  } finally {
    await sim.stopAll();
  }
});
