import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { ModuleMsg } from '../../../src/engine/wire/index.js';
import { encodeMessage } from '../../../src/engine/wire/index.js';
import { allocAddr, buildMember, startAll, stopAll, waitConverged, waitFor, type Member } from '../../helpers/cluster.js';
import { eventually } from '../../helpers/eventually.js';
import { loopbackHost } from '../../helpers/ports.js';
import { tempDir } from '../../helpers/tmp.js';

const stat = (m: Member, name: string): number => m.node.stats.read([`bin:${name}`])[`bin:${name}`] ?? 0;
const listed = (m: Member): number[] => m.node.api.getNodes(1).map((n) => n.nodeId).sort((a, b) => a - b);

test('join_policy on real sockets: known refuses a node it does not list; networks admits only its addresses', async () => {
  const { dir, cleanup } = tempDir();
  const [a1, a2, a3, b1] = [await allocAddr(1), await allocAddr(2), await allocAddr(3), await allocAddr(1)];
  const members: Member[] = [
    buildMember(dir, a1, [], { extra: { join_policy: { networks: [`${a2.host}/32`] } }, prefix: 'n' }),
    buildMember(dir, a2, [a1], { prefix: 'n' }),
    buildMember(dir, a3, [a1], { prefix: 'n' }),
  ];
  const closed = buildMember(dir, b1, [], { extra: { join_policy: 'known' }, prefix: 'k', clusterId: 1 });
  const knocker = buildMember(dir, await allocAddr(5), [b1], { prefix: 'k' });
  const all = [...members, closed, knocker];
  try {
    await startAll(all);
    await waitFor(members, () => listed(members[0]!).join() === '2', 'node 1 lists node 2 only');
    await eventually(() => stat(members[0]!, 'refused_join_policy') >= 2 && stat(closed, 'refused_join_policy') >= 2, { what: 'refusals counted' });
    assert.deepEqual(listed(members[0]!), [2]);
    assert.deepEqual(listed(closed), []);
    assert.ok(members[0]!.logs.some((r) => r.msg.includes(`join_policy does not admit ${a3.host}`)));
  } finally {
    await stopAll(all);
    cleanup();
  }
});

test('a duplicate live node id on real sockets: refused with the two addresses named on both sides', async () => {
  const { dir, cleanup } = tempDir();
  const [a1, a2] = [await allocAddr(1), await allocAddr(2)];
  const pair = [buildMember(dir, a1, []), buildMember(dir, a2, [a1])];
  const impostorAddr = await allocAddr(2);
  const impostor = buildMember(dir, impostorAddr, [a1], { prefix: 'imp' });
  try {
    await startAll(pair);
    await waitConverged(pair);
    await impostor.node.start();
    const n1 = pair[0]!;
    await eventually(() => n1.logs.some((r) => r.level === 'error' && r.msg === `node id 2 already in use at ${a2.host}: refusing node id 2 from ${impostorAddr.host} in cluster 1`), { what: 'node 1 logs the conflict' });
    await eventually(() => impostor.logs.some((r) => r.level === 'error' && r.msg.startsWith(`node id 2 already in use at ${a2.host} in cluster 1: node 1 refuses this node (seen at ${impostorAddr.host})`)), { what: 'the impostor is told' });
    assert.equal(n1.node.api.getNodes(1).find((n) => n.nodeId === 2)?.url, a2.url);
    await waitConverged(pair);
    assert.ok(stat(n1, 'node_id_conflicts') >= 1);
  } finally {
    await stopAll([...pair, impostor]);
    cleanup();
  }
});

function sendRaw(host: string, port: number, frame: Buffer, localAddress: string): Promise<void> {
  return new Promise((resolve) => {
    const s = connect({ host, port, localAddress }, () => s.end(frame));
    s.on('error', () => resolve());
    s.on('close', () => resolve());
    s.resume();
  });
}

test('registerModule: auth_check on refuses a known id from a stranger\'s address, off lets it through; accept_clusters_ids filters', async () => {
  const { dir, cleanup } = tempDir();
  const [a1, a2] = [await allocAddr(1), await allocAddr(2)];
  const m = buildMember(dir, a1, [a2]); // node 2 is configured, not running
  const got: Record<string, ModuleMsg[]> = { checked: [], open: [], other: [] };
  m.node.api.registerModule('x-checked', (msg) => got.checked!.push(msg));
  m.node.api.registerModule('x-open', (msg) => got.open!.push(msg), { authCheck: false });
  m.node.api.registerModule('x-other', (msg) => got.other!.push(msg), { authCheck: false, clusters: [7] });
  const packet = (capability: string) => encodeMessage({ kind: 'module', capability, version: 1, type: 1, payload: Buffer.from('hi'), clusterId: 1, srcId: 2, dstId: 1 });
  try {
    await m.node.start();
    const stranger = loopbackHost();
    for (const cap of ['x-checked', 'x-open', 'x-other']) await sendRaw(a1.host, a1.port, packet(cap), stranger);
    await eventually(() => got.open!.length === 1, { what: 'x-open delivered' });
    await eventually(() => stat(m, 'refused_non_member') === 1, { what: 'x-checked refused' });
    assert.equal(got.checked!.length, 0);
    assert.equal(got.other!.length, 0, 'cluster 1 is not accepted by x-other');
  } finally {
    await stopAll([m]);
    cleanup();
  }
});
