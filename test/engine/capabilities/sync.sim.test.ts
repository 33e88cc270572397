import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CapStatus } from '../../../src/engine/capabilities/index.js';
import { SR_GROUP } from '../../../src/engine/cluster/clusterer.js';
import type { ClusterNode } from '../../../src/engine/node.js';
import { SIM_PORT, SimCluster, simHost } from '../../../src/engine/sim/sim-cluster.js';
import { RECORDS, Records } from './records.js';

const SEED = { my_node_info: `cluster_id=1, url=bin:${simHost(1)}:${SIM_PORT}, flags=seed` };
const TIMINGS = { seed_fallback_interval: 1, sync_timeout: 2 };

/** A cluster whose every node has the test capability (re-registered on each restart). */
function cluster(n: number, opts: { seed?: boolean; resyncOnHeal?: boolean; latencyMs?: number } = {}): { sim: SimCluster; records: Map<number, Records> } {
  const records = new Map<number, Records>();
  const sim = new SimCluster({
    common: TIMINGS,
    link: { latencyMs: opts.latencyMs ?? 0.05 },
    onBuild: (id: number, node: ClusterNode) => records.set(id, new Records(node, { resyncOnHeal: opts.resyncOnHeal ?? false })),
  });
  sim.star(n, (id) => (id === 1 && opts.seed !== false ? { extra: SEED } : {}));
  return { sim, records };
}

const status = (sim: SimCluster, id: number): number | undefined => sim.get(id).node.status.find(SR_GROUP, `cap:${RECORDS}`)?.status;
const reports = (sim: SimCluster, id: number): string[] => (sim.get(id).node.status.find(SR_GROUP, `cap:${RECORDS}`)?.reports ?? []).map((r) => r.log);
const rec = (records: Map<number, Records>, id: number): Records => {
  const r = records.get(id);
  if (!r) throw new Error(`no records on node ${id}`);
  return r;
};

test('a lone seed becomes synced after seed_fallback_interval, with the seed\'s report lines', async () => {
  const { sim } = cluster(1);
  try {
    await sim.startAll();
    assert.equal(status(sim, 1), CapStatus.SYNC_PENDING);
    const t = await sim.until(() => status(sim, 1) === CapStatus.SYNCED, 5_000, 'seed synced');
    assert.ok(t >= 1000 && t <= 1600, `fell back after ${t} ms (seed_fallback_interval 1 s, checked every 500 ms)`);
    assert.deepEqual(reports(sim, 1), ['Sync request postponed! (no donor available)', 'ERROR: Sync request aborted! (no donor found in due time) => fallback to synced state']);
  } finally {
    await sim.stopAll();
  }
});

test('a node started later receives all 100,000 records of the seed, checked record by record', async () => {
  const { sim, records } = cluster(2);
  try {
    await sim.start(1);
    await sim.until(() => status(sim, 1) === CapStatus.SYNCED, 5_000, 'seed synced');
    const seed = rec(records, 1);
    for (let i = 0; i < 100_000; i++) seed.data.set(`key-${i}`, `value-${i}-${'x'.repeat(i % 50)}`);
    await sim.start(2);
    await sim.until(() => status(sim, 2) === CapStatus.SYNCED, 10_000, 'node 2 synced');
    const got = rec(records, 2).data;
    assert.equal(got.size, 100_000);
    for (const [k, v] of seed.data) assert.equal(got.get(k), v, k);
    const r = reports(sim, 2);
    assert.equal(r[r.length - 1], 'Sync completed, received [100000] chunks');
    assert.ok(r.includes('Sync started from node [1]'), r.join(' | '));
    const info = sim.get(2).node.capabilities.layer.list()[0]!;
    assert.deepEqual([info.lastReceived, info.lastExpected], [100_000, 100_000]);
    // Packets of about sync_packet_size: far fewer packets than records.
    assert.equal(sim.get(1).node.stats.read(['sync_chunks_sent'])['clusterer:sync_chunks_sent'], 100_000);
  } finally {
    await sim.stopAll();
  }
});

test('writes that arrive during a sync are held back and applied after it: none lost, none overwritten by older data', async () => {
  const { sim, records } = cluster(2, { latencyMs: 2 });
  try {
    await sim.start(1);
    await sim.until(() => status(sim, 1) === CapStatus.SYNCED, 5_000, 'seed synced');
    const seed = rec(records, 1);
    for (let i = 0; i < 20_000; i++) seed.data.set(`k${i}`, 'old');
    await sim.start(2);
    // Writes go on while node 2 syncs: new keys and new values of synced keys.
    let n = 0;
    await sim.until(() => {
      if (status(sim, 2) !== CapStatus.SYNCED && n < 500 && sim.reachable(1, 2)) {
        seed.put(`k${n}`, 'new');
        seed.put(`fresh${n}`, 'v');
        n++;
      }
      return status(sim, 2) === CapStatus.SYNCED;
    }, 10_000, 'node 2 synced');
    await sim.clock.advance(100);
    const got = rec(records, 2).data;
    assert.ok(n > 0, 'some writes happened during the sync');
    for (const [k, v] of seed.data) assert.equal(got.get(k), v, k);
    assert.equal(got.size, seed.data.size);
  } finally {
    await sim.stopAll();
  }
});
