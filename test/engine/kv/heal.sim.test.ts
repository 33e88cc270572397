import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CapStatus } from '../../../src/engine/capabilities/index.js';
import { SR_GROUP } from '../../../src/engine/cluster/clusterer.js';
import { KV_CAPABILITY } from '../../../src/engine/kv/index.js';
import { SIM_PORT, SimCluster, simHost } from '../../../src/engine/sim/sim-cluster.js';

const SEED = { my_node_info: `cluster_id=1, url=bin:${simHost(1)}:${SIM_PORT}, flags=seed` };
const status = (sim: SimCluster, id: number): number | undefined => sim.get(id).node.status.find(SR_GROUP, `cap:${KV_CAPABILITY}`)?.status;
const keys = (sim: SimCluster, id: number): string => sim.get(id).node.kv.list().map((e) => `${e.key}=${e.value}`).join(' ');

async function synced(n: number, link: { latencyMs?: number } = {}, extra: Record<number, Record<string, unknown>> = {}): Promise<SimCluster> {
  const sim = new SimCluster({ common: { seed_fallback_interval: 1, sync_timeout: 2 }, link: { latencyMs: link.latencyMs ?? 1 } });
  // Full mesh: every node knows every other one.
  for (let id = 1; id <= n; id++) sim.add(id, { extra: { ...(id === 1 ? SEED : {}), ...extra[id] }, neighbours: Array.from({ length: n }, (_, i) => i + 1).filter((x) => x !== id) });
  await sim.startAll();
  const ids = Array.from({ length: n }, (_, i) => i + 1);
  await sim.until(() => sim.converged() && ids.every((id) => status(sim, id) === CapStatus.SYNCED), 30_000, 'synced');
  return sim;
}

/** Waits until every node holds the same entries, and at least `min` of them. */
async function converge(sim: SimCluster, ids: number[], min: number, maxMs: number): Promise<void> {
  const same = (): boolean => ids.every((id) => keys(sim, id) === keys(sim, ids[0]!)) && sim.get(ids[0]!).node.kv.list().length >= min;
  try {
    await sim.until(same, maxMs, 'every node holds the same entries');
  } catch (err) {
    throw new Error(`${(err as Error).message}: ${ids.map((id) => `node ${id}: ${sim.get(id).node.kv.list().length} entries`).join(', ')}`, { cause: err });
  }
}

test('kv: a node frozen (SIGSTOP) longer than ping_timeout, then resumed: the writes made on both sides meanwhile end on every node', async () => {
  const sim = await synced(3);
  try {
    sim.get(3).node.kv.put('default', 'before', 'x');
    await sim.clock.advance(50);
    sim.stall(3);
    await sim.until(() => !sim.reachable(1, 3) && !sim.reachable(2, 3), 20_000, 'node 3 seen down');
    for (let i = 0; i < 50; i++) sim.get(1).node.kv.put('default', `during${i}`, 'from 1');
    for (let i = 0; i < 50; i++) sim.get(2).node.kv.put('default', `during2-${i}`, 'from 2');
    await sim.clock.advance(2000);
    sim.resume(3);
    for (let i = 0; i < 10; i++) sim.get(3).node.kv.put('default', `after${i}`, 'from 3');
    await sim.until(() => sim.converged(), 30_000, 'links up again');
    await converge(sim, [1, 2, 3], 111, 30_000);
  } finally {
    sim.resume(3);
    await sim.stopAll();
  }
});

test('kv: the direct link of two nodes flaps while both still reach each other through a third: the writes lost on it still reach both', async () => {
  const sim = await synced(3, { latencyMs: 5 });
  try {
    const [h1, h2] = [sim.get(1).host, sim.get(2).host];
    sim.net.cut(h1, h2);
    // Written while the cut is not noticed yet: these travel on the dead link and are lost.
    for (let i = 0; i < 20; i++) sim.get(1).node.kv.put('default', `lost-on-link${i}`, 'from 1');
    for (let i = 0; i < 20; i++) sim.get(2).node.kv.put('default', `lost-on-link2-${i}`, 'from 2');
    await sim.until(() => !sim.linkUp(1, 2), 20_000, 'link 1-2 down');
    assert.ok(sim.reachable(1, 2), 'node 2 still reachable through node 3');
    sim.net.heal(h1, h2);
    await sim.until(() => sim.linkUp(1, 2) && sim.linkUp(2, 1), 20_000, 'link 1-2 up again');
    await converge(sim, [1, 2, 3], 40, 30_000);
  } finally {
    await sim.stopAll();
  }
});

test('kv: a merge passes on: a node of this side that does not merge itself gets what another node of its side merged', async () => {
  // Node 2 never merges (resync_on_heal: false): the other side's writes reach it only from node 1, which merged them.
  const sim = await synced(3, {}, { 2: { cachedb_local: { resync_on_heal: false } } });
  try {
    const [h1, h2, h3] = [1, 2, 3].map((id) => sim.get(id).host) as [string, string, string];
    sim.net.partition([h1, h2], [h3]);
    await sim.until(() => !sim.reachable(1, 3) && !sim.reachable(2, 3), 20_000, 'node 3 cut off');
    for (let i = 0; i < 30; i++) sim.get(3).node.kv.put('default', `from3-${i}`, 'x');
    for (let i = 0; i < 5; i++) sim.get(2).node.kv.put('default', `from2-${i}`, 'y');
    sim.net.healAll();
    await sim.until(() => sim.converged(), 20_000, 'healed');
    await converge(sim, [1, 2, 3], 35, 30_000);
  } finally {
    await sim.stopAll();
  }
});

test('kv: keys removed on either side of a partition stay removed after the heal (tombstones travel in the merge)', async () => {
  const sim = await synced(3);
  try {
    for (let i = 0; i < 10; i++) sim.get(1).node.kv.put('default', `k${i}`, 'x');
    await converge(sim, [1, 2, 3], 10, 10_000);
    const [h1, h2, h3] = [1, 2, 3].map((id) => sim.get(id).host) as [string, string, string];
    sim.net.partition([h1, h2], [h3]);
    await sim.until(() => !sim.reachable(1, 3) && !sim.reachable(2, 3), 20_000, 'node 3 cut off');
    await sim.clock.advance(10);
    for (let i = 0; i < 3; i++) sim.get(1).node.kv.del('default', `k${i}`);
    sim.get(3).node.kv.del('default', 'k5');
    sim.get(3).node.kv.put('default', 'new-on-3', 'y');
    sim.net.healAll();
    await sim.until(() => sim.converged(), 20_000, 'healed');
    await converge(sim, [1, 2, 3], 7, 30_000);
    assert.equal(keys(sim, 1), 'k3=x k4=x k6=x k7=x k8=x k9=x new-on-3=y');
  } finally {
    await sim.stopAll();
  }
});
