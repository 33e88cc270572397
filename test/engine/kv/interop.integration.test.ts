import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { CapStatus } from '../../../src/engine/capabilities/index.js';
import { SR_GROUP } from '../../../src/engine/cluster/clusterer.js';
import { KV_CAPABILITY } from '../../../src/engine/kv/index.js';
import { buildCluster, stopAll } from '../../helpers/cluster.js';
import { eventually } from '../../helpers/eventually.js';
import { makeNode } from '../../helpers/node.js';
import { recorded } from '../../helpers/mi-replies.js';
import { freePort, loopbackHost } from '../../helpers/ports.js';
import { tempDir } from '../../helpers/tmp.js';
import { bytesOf, loadVectorFile } from '../wire/vectors.js';

const vectors = loadVectorFile('06_capability_sync.json').messages;

test('interop: the packets OpenSIPS node 1 sent to node 3 (SYNC with 4 chunks, SYNC_END, inserts, a remove), replayed byte for byte, make a cl node 3 store the recorded keys', async () => {
  const { dir, cleanup } = tempDir();
  // Node 1 of the capture sent from 127.0.0.1; our node 3 knows it there (nobody listens: its pings fail, which does not matter).
  const opensipsPort = await freePort('127.0.0.1');
  const opensips2Port = await freePort('127.0.0.2');
  const host = loopbackHost();
  const port = await freePort(host);
  const n3 = makeNode(dir, {
    my_node_id: 3,
    db_mode: 0,
    my_node_info: `cluster_id=1, url=bin:${host}:${port}`,
    neighbor_node_info: [`cluster_id=1, node_id=1, url=bin:127.0.0.1:${opensipsPort}`, `cluster_id=1, node_id=2, url=bin:127.0.0.2:${opensips2Port}`],
    log_level: 'warn',
  });
  await n3.node.start();
  const sock = connect({ host, port, localAddress: '127.0.0.1' });
  const sock2 = connect({ host, port, localAddress: '127.0.0.2' });
  try {
    await new Promise<void>((r, j) => sock.once('connect', r).once('error', j));
    await new Promise<void>((r, j) => sock2.once('connect', r).once('error', j));
    const toNode3 = vectors.filter((m) => m.desc.includes('node1 -> node3') && ['SYNC', 'SYNC_END', 'CACHEDB_LOCAL_INSERT'].includes(m.type));
    const sync = toNode3.filter((m) => m.type === 'SYNC' || (m.type === 'SYNC_END' && (m.fields as { no_sync_chunks: number }).no_sync_chunks === 4));
    assert.equal(sync.length, 2, 'the recorded SYNC (4 chunks) and its SYNC_END');
    for (const m of sync) sock.write(bytesOf(m));
    const status = (): number | undefined => n3.node.status.find(SR_GROUP, `cap:${KV_CAPABILITY}`)?.status;
    await eventually(() => status() === CapStatus.SYNCED, { timeoutMs: 5_000, what: 'node 3 synced from the recorded packets' });
    const reports = n3.node.status.find(SR_GROUP, `cap:${KV_CAPABILITY}`)!.reports.map((r) => r.log);
    assert.deepEqual(reports.slice(-2), ['Sync started from node [1]', 'Sync completed, received [4] chunks'], 'the wording of the recorded node 3 (221)');
    for (const k of ['k2', 'k3', 'k4', 'k5']) assert.equal(n3.node.kv.get('default', k)?.value, `value-${k.slice(1)}`, k);
    // The real-time packets: node 1's insert of k1, then node 2's remove of k1, as recorded.
    const insertK1 = toNode3.find((m) => m.type === 'CACHEDB_LOCAL_INSERT' && (m.fields as { attr: string }).attr === 'k1')!;
    sock.write(bytesOf(insertK1));
    await eventually(() => n3.node.kv.get('default', 'k1')?.value === 'value-1', { timeoutMs: 5_000, what: 'k1 stored' });
    const removeK1 = vectors.find((m) => m.type === 'CACHEDB_LOCAL_REMOVE' && m.desc.includes('node2 -> node3'))!;
    sock2.write(bytesOf(removeK1));
    await eventually(() => n3.node.kv.get('default', 'k1') === undefined, { timeoutMs: 5_000, what: 'k1 removed' });
  } finally {
    sock.destroy();
    sock2.destroy();
    await n3.node.stop();
    cleanup();
  }
});

test('real sockets: cache_store on node 1, cache_fetch on node 2, cache_remove on node 2, gone on node 1: the recorded replies, replicated both ways', async () => {
  const { dir, cleanup } = tempDir();
  const ms = await buildCluster(dir, 2, { seeds: [1], extra: { seed_fallback_interval: 1 } });
  const [a, b] = [ms[0]!, ms[1]!];
  try {
    for (const m of ms) await m.node.start();
    await eventually(() => ms.every((m) => m.node.status.find(SR_GROUP, `cap:${KV_CAPABILITY}`)?.status === CapStatus.SYNCED), { timeoutMs: 15_000, what: 'both synced' });
    const call = (m: typeof a, rec: string): Promise<unknown> => {
      const r = recorded(rec);
      return m.client.callRaw(r.method, r.params as Record<string, unknown>).catch((err: Error & { rpcCode?: number }) => ({ error: { code: err.rpcCode, message: err.message } }));
    };
    assert.deepEqual(await call(a, '210'), recorded('210').reply.result);
    assert.deepEqual(await call(a, '212'), recorded('212').reply.result);
    await eventually(async () => JSON.stringify(await call(b, '215')) === JSON.stringify(recorded('215').reply.result), { timeoutMs: 5_000, what: 'k3 on node 2' });
    assert.deepEqual(await call(b, '216'), recorded('216').reply.result);
    await eventually(async () => ((await call(a, '217')) as { error?: { code?: number } }).error?.code === 400, { timeoutMs: 5_000, what: 'k1 gone on node 1' });
  } finally {
    await stopAll(ms);
    cleanup();
  }
});

test('interop: as a donor, a cl node builds the SYNC and SYNC_END an OpenSIPS requester got from OpenSIPS, byte for byte', async () => {
  const { KvStore, encodeChunk, KV_SYNC_DATA_VERSION } = await import('../../../src/engine/kv/index.js');
  const { encodeMessage } = await import('../../../src/engine/wire/index.js');
  const { SimClock } = await import('../../../src/engine/sim/sim-clock.js');
  const rec = vectors.find((m) => m.type === 'SYNC')!;
  const end = vectors.find((m) => m.type === 'SYNC_END' && (m.fields as { no_sync_chunks: number }).no_sync_chunks === 4)!;
  const store = new KvStore({ clock: new SimClock(0) });
  for (const k of ['k4', 'k5', 'k2', 'k3']) store.put('default', k, `value-${k.slice(1)}`);
  const chunks = [...store.snapshot()].map(encodeChunk);
  const t = { clusterId: 1, srcId: 1, dstId: 3 };
  assert.equal(encodeMessage({ kind: 'sync', capability: KV_CAPABILITY, dataVersion: KV_SYNC_DATA_VERSION, chunks, ...t }).toString('hex'), rec.hex);
  assert.equal(encodeMessage({ kind: 'sync_end', capability: KV_CAPABILITY, totalChunks: chunks.length, ...t }).toString('hex'), end.hex);
});
