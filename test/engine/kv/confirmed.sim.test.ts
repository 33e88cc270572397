import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CapStatus } from '../../../src/engine/capabilities/index.js';
import { SR_GROUP } from '../../../src/engine/cluster/clusterer.js';
import { KV_CAPABILITY, KvError } from '../../../src/engine/kv/index.js';
import { SIM_PORT, SimCluster, simHost } from '../../../src/engine/sim/sim-cluster.js';

const SEED = { my_node_info: `cluster_id=1, url=bin:${simHost(1)}:${SIM_PORT}, flags=seed` };
const status = (sim: SimCluster, id: number): number | undefined => sim.get(id).node.status.find(SR_GROUP, `cap:${KV_CAPABILITY}`)?.status;

async function settled<T>(sim: SimCluster, p: Promise<T>, maxMs: number): Promise<{ ok: T } | { err: unknown }> {
  let out: { ok: T } | { err: unknown } | undefined;
  p.then((ok) => (out = { ok }), (err: unknown) => (out = { err }));
  await sim.until(() => out !== undefined, maxMs, 'the write answered');
  return out!;
}

test('kv: a confirmed write answers once enough synced nodes applied it, and fails (kept locally) when too few confirm in time', async () => {
  const sim = new SimCluster({ common: { seed_fallback_interval: 1, sync_timeout: 2 }, link: { latencyMs: 2 } }).star(4, (id) => (id === 1 ? { extra: SEED } : {}));
  try {
    await sim.startAll();
    await sim.until(() => sim.converged() && [1, 2, 3, 4].every((id) => status(sim, id) === CapStatus.SYNCED), 20_000, 'synced');
    const repl = sim.get(2).node.kvReplication;
    const known = (): boolean => repl.capability!.info().syncedNodes.length === 4 && [1, 3, 4].every((id) => sim.get(2).node.messaging.peers.isCl(1, id));
    await sim.until(known, 10_000, 'node 2 knows the others as synced cl nodes');
    const t0 = sim.clock.now();
    const r = await settled(sim, repl.putConfirmed({ collection: 'default', key: 'k1', value: 'v1', replicas: 3, timeoutMs: 1000 }), 2000);
    assert.ok('ok' in r, String('err' in r && r.err));
    assert.deepEqual(r.ok, [1, 3, 4]);
    assert.ok(sim.clock.now() - t0 >= 4, 'not before a round trip');
    for (const id of [1, 3, 4]) assert.equal(sim.get(id).node.kv.get('default', 'k1')?.value, 'v1');

    // Node 4 frozen: 3 confirmations cannot come; 2 still can.
    sim.net.freeze(sim.get(4).host);
    const two = await settled(sim, repl.putConfirmed({ collection: 'default', key: 'k2', value: 'v2', replicas: 2, timeoutMs: 300 }), 1000);
    assert.ok('ok' in two && two.ok.length === 2 && !two.ok.includes(4), JSON.stringify(two));
    const three = await settled(sim, repl.putConfirmed({ collection: 'default', key: 'k3', value: 'v3', replicas: 3, timeoutMs: 300 }), 1000);
    assert.ok('err' in three && three.err instanceof KvError && three.err.code === 'CL_ERR_KV_NOT_CONFIRMED', String('err' in three && three.err));
    assert.match((three.err as Error).message, /key "k3": stored on this node, but confirmed by 2 of 3 nodes within 300 ms: not acknowledged/);
    assert.equal(sim.get(2).node.kv.get('default', 'k3')?.value, 'v3', 'kept on the node');

    // More than the cluster holds: refused at once.
    const five = await settled(sim, repl.putConfirmed({ collection: 'default', key: 'k5', value: 'v5', replicas: 5, timeoutMs: 1000 }), 100);
    assert.ok('err' in five && /only \d synced cl nodes reachable to confirm 5/.test(String(five.err)), String('err' in five && five.err));
    assert.throws(() => repl.putConfirmed({ collection: 'default', key: 'k', value: 'v', replicas: 1, timeoutMs: 0 }), /timeout must be from 1 to 60000 ms/);
  } finally {
    sim.net.thaw(sim.get(4).host);
    await sim.stopAll();
  }
});
