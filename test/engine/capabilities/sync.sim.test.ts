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
function cluster(n: number, opts: { seed?: boolean; resyncOnHeal?: boolean; latencyMs?: number; bytesPerMs?: number } = {}): { sim: SimCluster; records: Map<number, Records> } {
  const records = new Map<number, Records>();
  const sim = new SimCluster({
    common: TIMINGS,
    link: { latencyMs: opts.latencyMs ?? 0.05, bytesPerMs: opts.bytesPerMs ?? 0 },
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
    const info = sim.get(2).node.capabilities.layer.find(1, RECORDS)!;
    assert.deepEqual([info.lastReceived, info.lastExpected], [100_000, 100_000]);
    // Packets of about sync_packet_size: far fewer packets than records.
    assert.equal(sim.get(1).node.stats.read(['sync_chunks_sent'])['sync:sync_chunks_sent'], 100_000);
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

test('the donor killed in the middle of a sync: the receiver fails after sync_timeout and completes from another donor', async () => {
  // 10 MB/s links: the 50,000 records take a while to travel.
  const { sim, records } = cluster(3, { bytesPerMs: 10_000 });
  try {
    await sim.start(1);
    await sim.until(() => status(sim, 1) === CapStatus.SYNCED, 5_000, 'seed synced');
    for (let i = 0; i < 50_000; i++) rec(records, 1).data.set(`key-${i}`, `value-${i}`);
    await sim.start(2);
    await sim.until(() => status(sim, 2) === CapStatus.SYNCED, 10_000, 'node 2 synced');
    // Node 3 asks the most recently added node it knows; that donor is killed after the first thousand records.
    await sim.start(3);
    const r3 = rec(records, 3);
    let chunks = 0;
    let donor = 0;
    r3.onChunk = () => {
      if (++chunks !== 1000) return;
      donor = sim.get(3).node.capabilities.layer.find(1, RECORDS)!.session!.donor;
      void sim.kill(donor);
    };
    await sim.until(() => donor !== 0, 5_000, 'a thousand records received');
    const t0 = sim.clock.now();
    await sim.until(() => reports(sim, 3).some((l) => l.startsWith('Sync timed out')), 10_000, 'sync timed out').catch((e: Error) => assert.fail(`${e.message}: ${reports(sim, 3).join(' | ')}`));
    const waited = sim.clock.now() - t0;
    assert.ok(waited >= 2000 && waited <= 2600, `timed out after ${waited} ms (sync_timeout 2 s)`);
    await sim.until(() => status(sim, 3) === CapStatus.SYNCED, 10_000, 'node 3 synced from the other donor');
    const other = donor === 1 ? 2 : 1;
    assert.ok(reports(sim, 3).includes(`Sync started from node [${other}]`), reports(sim, 3).join(' | '));
    assert.equal(r3.data.size, 50_000);
    for (const [k, v] of rec(records, other).data) assert.equal(r3.data.get(k), v, k);
  } finally {
    await sim.stopAll();
  }
});

test('a disabled capability neither sends nor accepts, is advertised not synced and is never a donor', async () => {
  const { sim, records } = cluster(3);
  try {
    await sim.startAll();
    await sim.until(() => [1, 2, 3].every((id) => status(sim, id) === CapStatus.SYNCED), 10_000, 'all synced');
    const layer2 = sim.get(2).node.capabilities.layer;
    layer2.setEnabled(layer2.find(1, RECORDS)!, false);
    assert.equal(status(sim, 2), CapStatus.NOT_SYNCED);
    assert.equal(reports(sim, 2).at(-1), 'Capability disabled via MI, revert to not synced state');
    await sim.until(() => !sim.get(1).node.capabilities.layer.remote.get(1, 2, RECORDS)?.ok, 1_000, 'node 1 sees node 2 not synced');
    rec(records, 1).put('from1', 'a');
    rec(records, 2).put('from2', 'b');
    await sim.clock.advance(100);
    assert.equal(rec(records, 2).data.get('from1'), undefined, 'not accepted while disabled');
    assert.equal(rec(records, 1).data.get('from2'), undefined, 'not sent while disabled');
    assert.equal(rec(records, 3).data.get('from1'), 'a', 'the others still replicate');
    // Node 3 resyncs: node 2 is never its donor.
    const layer3 = sim.get(3).node.capabilities.layer;
    assert.equal(layer3.requestSync(layer3.find(1, RECORDS)!), 'requested');
    assert.equal(layer3.find(1, RECORDS)!.session?.donor, 1);
    await sim.until(() => status(sim, 3) === CapStatus.SYNCED, 5_000, 'node 3 synced again');
    // Enabled again: it asks for a sync and gets what it missed.
    layer2.setEnabled(layer2.find(1, RECORDS)!, true);
    await sim.until(() => status(sim, 2) === CapStatus.SYNCED, 5_000, 'node 2 synced again');
    assert.equal(rec(records, 2).data.get('from1'), 'a');
  } finally {
    await sim.stopAll();
  }
});

test('a partition heals: each side merges the other\'s data, writes made on both sides are everywhere afterwards', async () => {
  const { sim, records } = cluster(4, { resyncOnHeal: true });
  try {
    await sim.startAll();
    await sim.until(() => sim.converged() && [1, 2, 3, 4].every((id) => status(sim, id) === CapStatus.SYNCED), 15_000, 'all synced');
    rec(records, 1).put('before', 'x');
    await sim.clock.advance(50);
    const a = [1, 2].map((id) => sim.get(id).host);
    const b = [3, 4].map((id) => sim.get(id).host);
    sim.net.partition(a, b);
    await sim.until(() => !sim.reachable(1, 3) && !sim.reachable(3, 1) && !sim.reachable(2, 4), 20_000, 'partitioned');
    for (let i = 0; i < 100; i++) {
      rec(records, 1).put(`a${i}`, 'A');
      rec(records, 4).put(`b${i}`, 'B');
    }
    await sim.clock.advance(50);
    assert.equal(rec(records, 3).data.get('a0'), undefined, 'the other side did not get it during the partition');
    sim.net.healAll();
    await sim.until(() => sim.converged(), 30_000, 'healed');
    const keys = (id: number): string => [...rec(records, id).data.keys()].sort().join(',');
    await sim.until(() => [1, 2, 3, 4].every((id) => rec(records, id).data.size === 201 && status(sim, id) === CapStatus.SYNCED), 20_000, 'merged everywhere');
    for (const id of [2, 3, 4]) assert.equal(keys(id), keys(1), `node ${id} has the same keys as node 1`);
    assert.ok([1, 2, 3, 4].every((id) => rec(records, id).syncs.some((s) => s.merge)), 'every node merged');
    assert.ok(reports(sim, 3).some((l) => l.startsWith('Partition healed: merging from node')), reports(sim, 3).join(' | '));
  } finally {
    await sim.stopAll();
  }
});

test('ownership: once converged, every node names the same single owner for every key; a node that leaves gives up only its own keys', async () => {
  const { sim } = cluster(5);
  try {
    await sim.startAll();
    await sim.until(() => sim.converged() && [1, 2, 3, 4, 5].every((id) => status(sim, id) === CapStatus.SYNCED), 15_000, 'all synced');
    await sim.clock.advance(100);
    const owners = (ids: number[]): Map<string, number | null>[] =>
      ids.map((id) => {
        const layer = sim.get(id).node.capabilities.layer;
        const cap = layer.find(1, RECORDS)!;
        return new Map(Array.from({ length: 2000 }, (_, i) => [`k${i}`, layer.owner(cap, `k${i}`)] as const));
      });
    const all = owners([1, 2, 3, 4, 5]);
    for (const m of all.slice(1)) assert.deepEqual(m, all[0]);
    const perNode = new Map<number | null, number>();
    for (const o of all[0]!.values()) perNode.set(o, (perNode.get(o) ?? 0) + 1);
    assert.deepEqual([...perNode.keys()].sort(), [1, 2, 3, 4, 5], 'every node owns some keys');
    await sim.kill(5);
    await sim.until(() => [1, 2, 3, 4].every((id) => !sim.reachable(id, 5)), 5_000, 'node 5 gone');
    const after = owners([1, 2, 3, 4]);
    for (const m of after.slice(1)) assert.deepEqual(m, after[0]);
    for (const [k, o] of all[0]!) if (o !== 5) assert.equal(after[0]!.get(k), o, `${k} stays with node ${o}`);
  } finally {
    await sim.stopAll();
  }
});

test('a sync whose records could not all be applied is a failed sync with a report saying so, never "synced"; it is retried after a growing pause', async () => {
  const { sim, records } = cluster(2);
  try {
    await sim.start(1);
    await sim.until(() => status(sim, 1) === CapStatus.SYNCED, 5_000, 'seed synced');
    for (let i = 0; i < 1000; i++) rec(records, 1).data.set(`k${i}`, 'v');
    await sim.start(2);
    rec(records, 2).refuse = (k) => k === 'k500';
    await sim.until(() => reports(sim, 2).filter((l) => l.startsWith('Sync failed')).length >= 3, 20_000, 'three failed syncs');
    const r = reports(sim, 2);
    assert.ok(r.includes('Sync failed: received 1000 of 1000 records (1 could not be applied)'), r.join(' | '));
    assert.ok(!r.some((l) => l.startsWith('Sync completed')), 'never reported synced');
    assert.notEqual(status(sim, 2), CapStatus.SYNCED);
    // The module is fixed: the next retry completes.
    rec(records, 2).refuse = undefined;
    await sim.until(() => status(sim, 2) === CapStatus.SYNCED, 10_000, 'synced after the fix');
  } finally {
    await sim.stopAll();
  }
});
