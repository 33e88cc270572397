import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CapStatus } from '../../../src/engine/capabilities/index.js';
import { SR_GROUP } from '../../../src/engine/cluster/clusterer.js';
import { KV_CAPABILITY } from '../../../src/engine/kv/limits.js';
import { buildCluster, stopAll } from '../../helpers/cluster.js';
import { eventually } from '../../helpers/eventually.js';
import { recorded } from '../../helpers/mi-replies.js';
import { tempDir } from '../../helpers/tmp.js';
import { RECORDS, Records } from './records.js';

test('real sockets: a node started later syncs 20,000 records from the seed, verified by count and digest; MI replies have the OpenSIPS shapes', async () => {
  const { dir, cleanup } = tempDir();
  const ms = await buildCluster(dir, 2, { seeds: [1], extra: { seed_fallback_interval: 1, sync_timeout: 3 } });
  const [a, b] = [ms[0]!, ms[1]!];
  const ra = new Records(a.node);
  const rb = new Records(b.node);
  try {
    await a.node.start();
    await eventually(() => a.node.status.find(SR_GROUP, `cap:${RECORDS}`)?.status === CapStatus.SYNCED, { timeoutMs: 10_000, what: 'seed synced' });
    for (let i = 0; i < 20_000; i++) ra.data.set(`k${i}`, `v${i}`);
    await b.node.start();
    await eventually(() => b.node.status.find(SR_GROUP, `cap:${RECORDS}`)?.status === CapStatus.SYNCED, { timeoutMs: 15_000, what: 'node 2 synced' });
    assert.equal(rb.data.size, 20_000);
    for (const [k, v] of ra.data) assert.equal(rb.data.get(k), v);
    const rows = (await b.client.call('cl_cap_list')).filter((r) => r.capability === RECORDS);
    assert.deepEqual(
      { ...rows[0], synced_nodes: undefined },
      { cluster_id: 1, capability: RECORDS, status: 1, state: 'synced', enabled: true, synced: true, donor: null, received: 20_000, expected: 20_000, verified: true, synced_nodes: undefined },
    );
    assert.deepEqual(rows[0]!.synced_nodes, [1, 2]);
    const shape = recorded('203').reply.result as { Clusters: Array<{ Capabilities: Array<Record<string, string>> }> };
    // The key-value store's own (empty) sync runs beside the test's: wait for it too before comparing states.
    await eventually(() => b.node.status.find(SR_GROUP, `cap:${KV_CAPABILITY}`)?.status === CapStatus.SYNCED, { timeoutMs: 10_000, what: 'node 2 kv synced' });
    const list = (await b.client.callRaw('clusterer_list_cap')) as typeof shape;
    // The recorded reply's shape, for both capabilities of the node (the key-value store's and the test's).
    const recordedCap = shape.Clusters[0]!.Capabilities[0]!;
    assert.deepEqual(list, { Clusters: [{ cluster_id: 1, Capabilities: [recordedCap, { ...recordedCap, name: RECORDS }] }] });
    assert.deepEqual(await b.client.call('sr_get_status', { group: 'clusterer', identifier: `cap:${RECORDS}` }), recorded('207').reply.result);
    // Replication in real time, both ways.
    ra.put('live-a', '1');
    rb.put('live-b', '2');
    await eventually(() => rb.data.get('live-a') === '1' && ra.data.get('live-b') === '2', { timeoutMs: 5_000, what: 'replicated both ways' });
    // Disable over MI (recorded reply), enable again.
    assert.equal(await b.client.call('clusterer_set_cap_status', { cluster_id: 1, capability: RECORDS, status: 0 }), 'OK');
    const disabled = (await b.client.callRaw('clusterer_list_cap')) as typeof shape;
    assert.deepEqual(disabled.Clusters[0]!.Capabilities[1], { name: RECORDS, state: 'not synced', enabled: 'no' });
    await assert.rejects(b.client.call('clusterer_set_cap_status', { cluster_id: 1, capability: 'nope', status: 0 }), /Capability not found/);
    await assert.rejects(b.client.call('clusterer_set_cap_status', { cluster_id: 9, capability: RECORDS, status: 0 }), /Cluster id not found/);
    await assert.rejects(b.client.call('clusterer_set_cap_status', { cluster_id: 1, capability: RECORDS, status: 3 }), /Bad value for 'status'/);
  } finally {
    await stopAll(ms);
    cleanup();
  }
});
