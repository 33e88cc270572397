import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CapStatus } from '../../../src/engine/capabilities/index.js';
import { SR_GROUP } from '../../../src/engine/cluster/clusterer.js';
import { KV_CAPABILITY } from '../../../src/engine/kv/index.js';
import { SIM_PORT, SimCluster, simHost } from '../../../src/engine/sim/sim-cluster.js';

const SEED = { my_node_info: `cluster_id=1, url=bin:${simHost(1)}:${SIM_PORT}, flags=seed` };
const status = (sim: SimCluster, id: number): number | undefined => sim.get(id).node.status.find(SR_GROUP, `cap:${KV_CAPABILITY}`)?.status;

test('kv: two writes of one key on two nodes that cross on the wire end with the later one on every node', async () => {
  // 5 ms per link: node 2 writes 1 ms after node 1, before node 1's write reaches it.
  const sim = new SimCluster({ common: { seed_fallback_interval: 1, sync_timeout: 2 }, link: { latencyMs: 5 } }).star(3, (id) => (id === 1 ? { extra: SEED } : {}));
  try {
    await sim.startAll();
    await sim.until(() => sim.converged() && [1, 2, 3].every((id) => status(sim, id) === CapStatus.SYNCED), 20_000, 'synced');
    for (let round = 0; round < 20; round++) {
      const key = `race${round}`;
      sim.get(1).node.kv.put('default', key, `from-1-${round}`);
      await sim.clock.advance(1);
      sim.get(2).node.kv.put('default', key, `from-2-${round}`);
      await sim.clock.advance(100);
      for (const id of [1, 2, 3]) assert.equal(sim.get(id).node.kv.get('default', key)?.value, `from-2-${round}`, `node ${id}, round ${round}: the later write wins`);
    }
    // The same millisecond: the greater value, everywhere.
    sim.get(1).node.kv.put('default', 'tie', 'a');
    sim.get(3).node.kv.put('default', 'tie', 'b');
    await sim.clock.advance(100);
    for (const id of [1, 2, 3]) assert.equal(sim.get(id).node.kv.get('default', 'tie')?.value, 'b', `node ${id}: equal times, the greater value`);
  } finally {
    await sim.stopAll();
  }
});
