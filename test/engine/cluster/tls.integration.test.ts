import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { CapStatus } from '../../../src/engine/capabilities/index.js';
import { SR_GROUP } from '../../../src/engine/cluster/clusterer.js';
import { REQ_RECEIVED } from '../../../src/engine/events/names.js';
import { KV_CAPABILITY } from '../../../src/engine/kv/index.js';
import { Pki, tlsSection, type Ca, type CertFiles } from '../../helpers/certs.js';
import { join } from 'node:path';
import { FAST, allocAddr, buildCluster, buildMember, seesAllUp, stopAll, waitConverged, type Member } from '../../helpers/cluster.js';
import { makeNode } from '../../helpers/node.js';
import { freePort, loopbackHost } from '../../helpers/ports.js';
import { eventually } from '../../helpers/eventually.js';
import { tempDir } from '../../helpers/tmp.js';

const pki = new Pki();
after(() => pki.cleanup());
const ca = pki.ca('cluster-ca');
const certs = new Map<number, CertFiles>();
const certOf = (id: number, authority: Ca = ca): CertFiles => {
  let c = certs.get(id);
  if (!c) certs.set(id, (c = pki.node(`node${id}`, authority)));
  return c;
};

const stat = (m: Member, name: string): number => Number(m.node.stats.read([`bin:${name}`])[`bin:${name}`] ?? 0);

test('a TLS cluster converges and carries every message kind: ping/pong/LS/FTU, GENERIC_MSG, MI_CMD, sharing tag, kv replication and sync', async () => {
  const { dir, cleanup } = tempDir();
  // Nodes 2 and 3 know only node 1: node 3 learns node 2 through the topology updates.
  const ms = await buildCluster(dir, 3, {
    tlsNodes: [1, 2, 3],
    seeds: [1],
    extra: (id) => ({ tls: tlsSection(certOf(id), ca), sharing_tag: 'vip/1=backup', seed_fallback_interval: 1, log_level: 'info' }),
  });
  const [a, b, c] = [ms[0]!, ms[1]!, ms[2]!];
  try {
    await a.node.start();
    await eventually(() => a.node.status.find(SR_GROUP, `cap:${KV_CAPABILITY}`)?.status === CapStatus.SYNCED, { timeoutMs: 10_000, what: 'seed synced' });
    for (let i = 0; i < 500; i++) a.node.kv.put('default', `pre${i}`, `v${i}`);
    await b.node.start();
    await c.node.start();
    await waitConverged(ms);
    assert.ok(b.node.api.getNodes(1).some((n) => n.nodeId === 3 && n.reachable), 'node 2 learned node 3 (full topology / node descriptions over TLS)');
    assert.ok(a.node.transport.bound.every((e) => e.tls === true), 'the listener is a TLS one');

    // Capability sync: node 2 started after the data was there and got all of it.
    await eventually(() => b.node.status.find(SR_GROUP, `cap:${KV_CAPABILITY}`)?.status === CapStatus.SYNCED, { timeoutMs: 15_000, what: 'node 2 synced the store' });
    await eventually(() => b.node.kv.get('default', 'pre499')?.value === 'v499', { what: 'synced records on node 2' });
    // kv replication in real time.
    c.node.kv.put('default', 'live', 'from 3');
    await eventually(() => a.node.kv.get('default', 'live')?.value === 'from 3' && b.node.kv.get('default', 'live')?.value === 'from 3', { what: 'replicated to 1 and 2' });

    // GENERIC_MSG request and reply.
    b.node.events.subscribe([REQ_RECEIVED], (ev) => {
      void b.node.messaging.messenger.sendRpl(1, Number(ev.params.src_id), `2:${String(ev.params.msg)}`, String(ev.params.tag));
    });
    const r = await a.node.messaging.messenger.request(1, 2, 'over tls', 3000);
    assert.deepEqual([r.code, r.reply?.msg], [1, '2:over tls']);

    // MI_CMD.
    const up = (await a.client.call('cl_send_mi', [1, 3, 'uptime'])) as { status: string };
    assert.equal(up.status, 'ok', JSON.stringify(up));

    // Sharing tag: node 1 takes it, the others step down.
    await a.client.call('clusterer_shtag_set_active', ['vip/1']);
    await eventually(() => a.node.shtags.find('vip', 1)?.state === 'active' && b.node.shtags.find('vip', 1)?.state === 'backup', { what: 'node 1 active' });
    await b.client.call('clusterer_shtag_set_active', ['vip/1']);
    await eventually(() => a.node.shtags.find('vip', 1)?.state === 'backup' && c.node.shtags.find('vip', 1)?.state === 'backup', { what: 'node 2 took the tag' });

    for (const m of ms) assert.equal(stat(m, 'tls_refused'), 0, `node ${m.id} refused nobody`);
  } finally {
    await stopAll(ms);
    cleanup();
  }
});

test('a mixed cluster: TLS links and plain links route correctly, a bins: peer is only reached over TLS', async () => {
  const { dir, cleanup } = tempDir();
  // Nodes 1 and 2 listen on bins:, node 3 on bin: (with TLS settings to reach the others); node 4 has no
  // TLS at all, so it may only list node 3 (a bins: neighbour would be a configuration error).
  const addrs = await Promise.all([1, 2, 3, 4].map((id) => allocAddr(id)));
  const [x1, x2, x3, x4] = [addrs[0]!, addrs[1]!, addrs[2]!, addrs[3]!];
  const s1 = { ...x1, url: x1.url.replace(/^bin:/, 'bins:') };
  const s2 = { ...x2, url: x2.url.replace(/^bin:/, 'bins:') };
  const tls = (id: number) => ({ extra: { tls: tlsSection(certOf(id), ca) } });
  const ms = [
    buildMember(dir, s1, [s2, x3], tls(1)),
    buildMember(dir, s2, [s1, x3], tls(2)),
    buildMember(dir, x3, [s1, s2, x4], tls(3)),
    buildMember(dir, x4, [x3]),
  ];
  const [a, b, c, d] = [ms[0]!, ms[1]!, ms[2]!, ms[3]!];
  try {
    await Promise.all(ms.map((m) => m.node.start()));
    // 1, 2, 3 see each other directly; 4 reaches 3 directly and 1, 2 only through 3.
    await eventually(() => a.node.api.getNextHop(1, 4) === 3 && d.node.api.getNextHop(1, 1) === 3 && d.node.api.getNextHop(1, 2) === 3, { timeoutMs: 15_000, what: 'node 4 routed through node 3' });
    await eventually(() => a.node.api.getNextHop(1, 2) === 2 && c.node.api.getNextHop(1, 1) === 1, { what: 'direct TLS links' });
    b.node.events.subscribe([REQ_RECEIVED], (ev) => {
      void b.node.messaging.messenger.sendRpl(1, Number(ev.params.src_id), `2:${String(ev.params.msg)}`, String(ev.params.tag));
    });
    const r = await d.node.messaging.messenger.request(1, 2, 'from plain', 3000);
    assert.deepEqual([r.code, r.reply?.msg], [1, '2:from plain'], 'plain 4 → 3 → TLS 2 and back');
    assert.ok(d.logs.some((l) => /cannot reach bins:.*: it is a TLS \(bins:\) address and this node has no tls settings/.test(l.msg)), 'node 4 says why it does not dial the bins: nodes');
    assert.ok(!a.node.transport.isConnected({ host: d.host, port: d.port, tls: true }), 'no TLS to a bin: address');
    assert.ok(a.node.transport.isConnected({ host: c.host, port: c.port }), 'node 1 reaches bin: node 3 over plain BIN');
    assert.ok(c.node.transport.isConnected({ host: a.host, port: a.port, tls: true }), 'node 3 reaches bins: node 1 over TLS');
  } finally {
    await stopAll(ms);
    cleanup();
  }
});

test('a peer with a certificate of another CA is refused by both sides, logged with the peer and the check, counted', async () => {
  const { dir, cleanup } = tempDir();
  const rogue = pki.ca('rogue-ca');
  const ms = await buildCluster(dir, 2, {
    tlsNodes: [1, 2],
    fullMesh: true,
    extra: (id) => ({ tls: id === 1 ? tlsSection(certOf(1), ca) : tlsSection(pki.node('rogue2', rogue), rogue), log_level: 'warn' }),
  });
  const [a, b] = [ms[0]!, ms[1]!];
  try {
    await Promise.all(ms.map((m) => m.node.start()));
    await eventually(() => stat(a, 'tls_refused') >= 2 && stat(b, 'tls_refused') >= 2, { timeoutMs: 10_000, what: 'refusals on both sides' });
    assert.equal(a.node.api.getNodes(1).find((n) => n.nodeId === 2)?.reachable, false);
    const line = a.logs.find((l) => /tls refused/.test(l.msg))?.msg ?? '';
    assert.match(line, new RegExp(`peer (bins:)?${b.host.replace(/\./g, '\\.')}:\\d+ .*certificate failed verification against ca_list .*cluster-ca\\.pem: (SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|UNABLE_TO_VERIFY_LEAF_SIGNATURE), subject CN=rogue2`), JSON.stringify(a.logs.map((l) => l.msg)));
  } finally {
    await stopAll(ms);
    cleanup();
  }
});

test('an expired certificate is refused (CERT_HAS_EXPIRED); a reload with a valid one lets the node in without a restart', async () => {
  const { dir, cleanup } = tempDir();
  const expired = pki.node('expired2', ca, { expired: true });
  const ms = await buildCluster(dir, 2, {
    tlsNodes: [1, 2],
    fullMesh: true,
    extra: (id) => ({ tls: tlsSection(id === 1 ? certOf(1) : expired, ca), log_level: 'info' }),
  });
  const [a, b] = [ms[0]!, ms[1]!];
  try {
    await Promise.all(ms.map((m) => m.node.start()));
    assert.ok(b.logs.some((l) => l.level === 'warn' && /expired2\.pem expired on 2020-02-01/.test(l.msg)), 'the node warns about its own expired certificate');
    await eventually(() => a.logs.some((l) => /tls refused .*CERT_HAS_EXPIRED, subject CN=expired2/.test(l.msg)), { timeoutMs: 10_000, what: 'node 1 refuses the expired certificate' });
    assert.ok(stat(a, 'tls_refused') >= 1);
    // A broken key first: the reload fails naming the file, the files in use stay.
    const { copyFileSync, writeFileSync } = await import('node:fs');
    writeFileSync(expired.key, 'junk');
    await assert.rejects(b.client.call('clusterer_reload'), /Failed to reload/);
    assert.ok(b.logs.some((l) => l.level === 'error' && l.msg.startsWith('TLS reload failed, the certificates in use are kept: ') && l.msg.includes(`tls.private_key: ${expired.key} is not a valid PEM private key`)), JSON.stringify(b.logs.map((l) => l.msg)));
    // The fixed files, same paths: node 2 re-reads them and joins without a restart.
    const good = certOf(2);
    copyFileSync(good.cert, expired.cert);
    copyFileSync(good.key, expired.key);
    assert.equal(await b.client.call('clusterer_reload'), 'OK');
    assert.ok(b.logs.some((l) => /TLS certificate .*expired2\.pem \(CN=node2, valid until/.test(l.msg)), JSON.stringify(b.logs.map((l) => l.msg)));
    await waitConverged(ms);
  } finally {
    await stopAll(ms);
    cleanup();
  }
});

test('one node with a bin: and a bins: listener: cluster 1 plain, cluster 2 over TLS, both converge', async () => {
  const { dir, cleanup } = tempDir();
  const hosts = [loopbackHost(), loopbackHost()];
  const ports = await Promise.all(hosts.flatMap((h) => [freePort(h), freePort(h)]));
  const plain = (i: number) => `bin:${hosts[i]}:${ports[2 * i]}`;
  const secure = (i: number) => `bins:${hosts[i]}:${ports[2 * i + 1]}`;
  const nodes = [0, 1].map((i) => makeNode(dir, {
    my_node_id: i + 1, db_mode: 0, log_level: 'warn', ...FAST,
    my_node_info: [`cluster_id=1, url=${plain(i)}`, `cluster_id=2, url=${secure(i)}`],
    neighbor_node_info: [`cluster_id=1, node_id=${2 - i}, url=${plain(1 - i)}`, `cluster_id=2, node_id=${2 - i}, url=${secure(1 - i)}`],
    state_file: join(dir, `d${i}.peers.json`), control_socket: join(dir, `d${i}.sock`),
    tls: tlsSection(certOf(10 + i), ca),
  }));
  try {
    await Promise.all(nodes.map((n) => n.node.start()));
    assert.deepEqual(nodes[0]!.node.transport.bound.map((b) => b.tls ?? false), [false, true]);
    await eventually(() => nodes.every((n, i) => [1, 2].every((cid) => seesAllUp(n.node, [2 - i], cid))), { timeoutMs: 15_000, what: 'both clusters Up' });
    const t = nodes[0]!.node.transport;
    assert.ok(t.isConnected({ host: hosts[1]!, port: ports[2]! }) && t.isConnected({ host: hosts[1]!, port: ports[3]!, tls: true }), 'one plain and one TLS connection');
  } finally {
    await Promise.all(nodes.map((n) => n.node.stop()));
    cleanup();
  }
});
