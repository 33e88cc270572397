import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimCluster } from '../../../src/engine/sim/sim-cluster.js';

test('clusterer_remove_node: every node forgets the removed one, which disables itself', async () => {
  const sim = new SimCluster().star(4);
  try {
    await sim.startAll();
    await sim.until(() => sim.converged(), 10_000, 'all Up');
    await sim.get(1).node.api.removeNode(1, 4);
    await sim.until(() => [1, 2, 3].every((id) => !sim.get(id).node.api.getNodes(1).some((n) => n.nodeId === 4)), 2000, 'node 4 forgotten by 1, 2 and 3');
    await sim.until(() => sim.get(4).node.cluster.view(1)?.local.enabled === false, 1000, 'node 4 disabled itself');
    await sim.clock.advance(5000);
    assert.ok(sim.converged([1, 2, 3]), 'the others stay Up');
    assert.ok([1, 2, 3].every((id) => !sim.get(id).node.api.getNodes(1).some((n) => n.nodeId === 4)), 'node 4 is not learned again');
  } finally {
    await sim.stopAll();
  }
});
