import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimCluster } from '../../../src/engine/sim/sim-cluster.js';

const state = (sim: SimCluster, id: number): string => sim.get(id).node.shtags.find('vip', 1)?.state ?? 'none';
const actives = (sim: SimCluster, ids: number[]): number[] => ids.filter((id) => state(sim, id) === 'active');
const states = (sim: SimCluster): string => [...sim.nodes.keys()].map((id) => `${id}:${state(sim, id)}`).join(' ');

/** Three nodes in a full mesh, node 3 active for vip/1, with an optional policy. */
async function tagCluster(policy: string | undefined): Promise<SimCluster> {
  const sim = new SimCluster();
  for (const id of [1, 2, 3]) {
    sim.add(id, {
      neighbours: [1, 2, 3].filter((n) => n !== id),
      extra: { sharing_tag: `vip/1=${id === 3 ? 'active' : 'backup'}`, ...(policy ? { sharing_tag_policy: `vip/1: ${policy}` } : {}) },
    });
  }
  await sim.startAll();
  await sim.until(() => sim.converged(), 10_000, 'all Up');
  const owner = (id: number): number | null | undefined => sim.get(id).node.shtags.find('vip', 1)?.owner;
  await sim.until(() => state(sim, 3) === 'active' && [1, 2].every((id) => state(sim, id) === 'backup' && owner(id) === 3), 2000, 'nodes 1 and 2 know node 3 is active');
  return sim;
}

async function partitionAway3(sim: SimCluster): Promise<void> {
  sim.net.partition([sim.get(1).host, sim.get(2).host], [sim.get(3).host]);
  await sim.until(() => !sim.reachable(1, 3) && !sim.reachable(2, 3) && !sim.reachable(3, 1), 20_000, 'node 3 cut off');
}

test('OpenSIPS behaviour (no policy): the cut-off active node stays active, the others stay backup; healed, node 3 is still the only active', async () => {
  const sim = await tagCluster(undefined);
  try {
    await partitionAway3(sim);
    await sim.clock.advance(2000);
    assert.deepEqual(actives(sim, [1, 2, 3]), [3], states(sim));
    sim.net.healAll();
    await sim.until(() => sim.converged(), 20_000, 'healed');
    await sim.clock.advance(500);
    assert.deepEqual(actives(sim, [1, 2, 3]), [3], states(sim));
  } finally {
    await sim.stopAll();
  }
});

for (const rule of ['lowest_id', 'keep_oldest'] as const) {
  test(`on_down=takeover, on_conflict=${rule}: the majority side takes over, and after the heal exactly one node is active`, async () => {
    const sim = await tagCluster(`on_down=takeover, on_conflict=${rule}`);
    try {
      await partitionAway3(sim);
      await sim.until(() => actives(sim, [1, 2]).length === 1, 2000, `one of nodes 1, 2 took over: ${states(sim)}`);
      assert.equal(state(sim, 3), 'active', 'the cut-off node does not know and stays active');
      const takenBy = actives(sim, [1, 2])[0]!;
      sim.net.healAll();
      await sim.until(() => sim.converged(), 20_000, 'healed');
      await sim.until(() => actives(sim, [1, 2, 3]).length === 1, 2000, `exactly one active after the heal: ${states(sim)}`);
      const winner = actives(sim, [1, 2, 3])[0]!;
      // lowest_id: the lowest id among the two claimants; keep_oldest: the one active the longest (node 3, active since the start).
      assert.equal(winner, rule === 'lowest_id' ? Math.min(takenBy, 3) : 3, states(sim));
      await sim.clock.advance(3000);
      assert.deepEqual(actives(sim, [1, 2, 3]), [winner], `stable: ${states(sim)}`);
    } finally {
      await sim.stopAll();
    }
  });
}
