import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CapStatus } from '../../../src/engine/capabilities/index.js';
import { SR_GROUP } from '../../../src/engine/cluster/clusterer.js';
import { KV_CAPABILITY, KvError } from '../../../src/engine/kv/index.js';
import { SIM_PORT, SimCluster, simHost } from '../../../src/engine/sim/sim-cluster.js';

const SEED = { my_node_info: `cluster_id=1, url=bin:${simHost(1)}:${SIM_PORT}, flags=seed` };

function cluster(n: number, link: { bytesPerMs?: number } = {}): SimCluster {
  const sim = new SimCluster({ common: { seed_fallback_interval: 1, sync_timeout: 2 }, link: { bytesPerMs: link.bytesPerMs ?? 0 } });
  return sim.star(n, (id) => (id === 1 ? { extra: SEED } : {}));
}

const status = (sim: SimCluster, id: number): number | undefined => sim.get(id).node.status.find(SR_GROUP, `cap:${KV_CAPABILITY}`)?.status;
const kv = (sim: SimCluster, id: number) => sim.get(id).node.kv;
const allSynced = (sim: SimCluster, ids: number[]): boolean => ids.every((id) => status(sim, id) === CapStatus.SYNCED);

test('kv: a node started later gets all 100,000 keys of the seed, key by key, then replication goes on both ways', async () => {
  const sim = cluster(3);
  try {
    await sim.start(1);
    await sim.until(() => allSynced(sim, [1]), 5_000, 'seed synced');
    kv(sim, 1).putMany(Array.from({ length: 100_000 }, (_, i) => ({ key: `k${i}`, value: `value-${i}`, ttlSec: i % 10 === 0 ? 3600 : 0 })));
    await sim.start(2);
    await sim.until(() => allSynced(sim, [2]), 10_000, 'node 2 synced');
    for (let i = 0; i < 100_000; i++) assert.equal(kv(sim, 2).get('default', `k${i}`)?.value, `value-${i}`, `k${i}`);
    const ttl = kv(sim, 2).get('default', 'k10')!.expiresAt - sim.clock.now();
    assert.ok(ttl > 3590_000 && ttl <= 3600_000, `expiry travels as remaining seconds (${ttl} ms left)`);
    assert.equal(kv(sim, 2).get('default', 'k11')?.expiresAt, 0);
    await sim.start(3);
    await sim.until(() => sim.converged() && allSynced(sim, [1, 2, 3]), 10_000, 'all synced');
    kv(sim, 3).put('default', 'from3', 'x');
    kv(sim, 1).del('default', 'k0');
    await sim.clock.advance(50);
    for (const id of [1, 2]) assert.equal(kv(sim, id).get('default', 'from3')?.value, 'x', `node ${id} got node 3's write`);
    for (const id of [2, 3]) assert.equal(kv(sim, id).get('default', 'k0'), undefined, `node ${id} got node 1's remove`);
    assert.equal(kv(sim, 2).add('default', 'hits', 5), 5);
    await sim.clock.advance(50);
    assert.equal(kv(sim, 3).get('default', 'hits')?.value, '5', 'a counter replicates as a store of its value');
  } finally {
    await sim.stopAll();
  }
});

test('kv: a partition heals with writes on both sides, a key written on both sides too: afterwards every node has every key, with the later write', async () => {
  const sim = cluster(4);
  try {
    await sim.startAll();
    await sim.until(() => sim.converged() && allSynced(sim, [1, 2, 3, 4]), 15_000, 'all synced');
    kv(sim, 1).put('default', 'shared', 'before');
    await sim.clock.advance(50);
    sim.net.partition([1, 2].map((id) => sim.get(id).host), [3, 4].map((id) => sim.get(id).host));
    await sim.until(() => !sim.reachable(1, 3) && !sim.reachable(2, 4), 20_000, 'partitioned');
    for (let i = 0; i < 200; i++) kv(sim, 2).put('default', `left${i}`, 'L');
    for (let i = 0; i < 300; i++) kv(sim, 3).put('default', `right${i}`, 'R');
    kv(sim, 1).put('default', 'shared', 'left side');
    await sim.clock.advance(1000);
    kv(sim, 4).put('default', 'shared', 'right side, later');
    kv(sim, 4).put('default', 'untouched-before', 'R');
    await sim.clock.advance(50);
    sim.net.healAll();
    await sim.until(() => sim.converged(), 30_000, 'healed');
    const size = (id: number): number => kv(sim, id).list().length;
    await sim.until(() => [1, 2, 3, 4].every((id) => size(id) === 502 && status(sim, id) === CapStatus.SYNCED), 30_000, 'merged everywhere');
    const snapshot = (id: number): string => JSON.stringify(kv(sim, id).list().map((e) => [e.key, e.value]));
    for (const id of [2, 3, 4]) assert.equal(snapshot(id), snapshot(1), `node ${id} holds what node 1 holds`);
    assert.equal(kv(sim, 2).get('default', 'shared')?.value, 'right side, later', 'the later write wins on every node');
  } finally {
    await sim.stopAll();
  }
});

test('kv: a change is refused with CL_ERR_KV_BACKLOG while replication towards a slow peer is backed up, and accepted again once it drained', async () => {
  // 100 kB/s links: 10,000 values of 1 kB take 100 s to leave.
  const sim = cluster(2, { bytesPerMs: 100 });
  try {
    await sim.startAll();
    await sim.until(() => sim.converged() && allSynced(sim, [1, 2]), 20_000, 'synced');
    const big = 'v'.repeat(1000);
    let refused: unknown;
    let stored = 0;
    for (let i = 0; i < 20_000 && !refused; i++) {
      try {
        kv(sim, 1).put('default', `k${i}`, big);
        stored++;
      } catch (err) {
        refused = err;
      }
    }
    assert.ok(refused instanceof KvError && refused.code === 'CL_ERR_KV_BACKLOG', String(refused));
    assert.match((refused as Error).message, /replication towards node 2 is backed up \(\d+\.\d MB unsent\): not stored/);
    assert.equal(kv(sim, 1).get('default', `k${stored}`), undefined, 'the refused change was not stored');
    await sim.until(() => kv(sim, 2).get('default', `k${stored - 1}`) !== undefined, 200_000, 'the backlog drained');
    kv(sim, 1).put('default', 'after', 'ok');
    for (let i = 0; i < stored; i++) assert.ok(kv(sim, 2).get('default', `k${i}`), `k${i} replicated, none lost`);
  } finally {
    await sim.stopAll();
  }
});
