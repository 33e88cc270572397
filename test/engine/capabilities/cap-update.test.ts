import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyCapBlocks, fullCapUpdate, singleCapUpdate } from '../../../src/engine/capabilities/cap-update.js';
import { RemoteCaps } from '../../../src/engine/capabilities/remote-caps.js';
import { ClusterView } from '../../../src/engine/topology/cluster-view.js';
import { decodeMessage, encodeMessage } from '../../../src/engine/wire/index.js';
import type { CapUpdateMsg } from '../../../src/engine/wire/types.js';
import { bytesOf, loadVectorFile, type VectorMessage } from '../wire/vectors.js';

const CAP = 'cachedb-local-repl';
const vectors = loadVectorFile('06_capability_sync.json').messages;
const find = (pred: (m: VectorMessage) => boolean, what: string): VectorMessage => {
  const m = vectors.find(pred);
  if (!m) throw new Error(`no vector: ${what}`);
  return m;
};

/** Node `me` of the recorded cluster (nodes 1..3 on 127.0.0.N:5566), its capability counter at `seq` - 1. */
function viewOf(me: number, seq: number): ClusterView {
  const v = new ClusterView({ clusterId: 1, local: { id: me, url: `bin:127.0.0.${me}:5566` } });
  for (const id of [1, 2, 3]) if (id !== me) v.addNode({ id, url: `bin:127.0.0.${id}:5566` });
  v.local.cap.seq = seq - 1;
  return v;
}

test('full CAP_UPDATE: the bytes OpenSIPS node 2 sent to node 1 (its block, then node 3 as it knew it, require_reply 1)', () => {
  const rec = find((m) => m.type === 'CAP_UPDATE' && m.desc.startsWith('CAP_UPDATE node2 -> node1 (origin 2') && (m.fields as { require_reply: number }).require_reply === 1, 'node 2 full update');
  const f = rec.fields as { cap_seq_no: number; timestamp: number };
  const view = viewOf(2, f.cap_seq_no);
  const remote = new RemoteCaps();
  remote.set(1, 3, CAP, false);
  remote.set(1, 1, CAP, false); // the destination: left out
  const msg = fullCapUpdate(view, [{ name: CAP, ok: false }], remote, 1, true, f.timestamp * 1000);
  assert.equal(encodeMessage(msg).toString('hex'), rec.hex);
});

test('single CAP_UPDATE: one block, one capability, state 1 once synced; the counter goes up by one per update', () => {
  const view = viewOf(1, 5);
  const a = singleCapUpdate(view, { name: CAP, ok: true }, 1_795_295_278_000);
  const b = singleCapUpdate(view, { name: CAP, ok: false }, 1_795_295_279_000);
  assert.deepEqual([a.seq, b.seq], [5, 6]);
  assert.deepEqual(a.nodes, [{ nodeId: 1, caps: [{ name: CAP, state: 1 }] }]);
  assert.equal(a.requireReply, 0);
  assert.deepEqual(decodeMessage(encodeMessage(a)), a);
});

test('received CAP_UPDATE blocks: own block skipped, states recorded, an unknown node id aborts the whole update', () => {
  const rec = find((m) => m.type === 'CAP_UPDATE' && m.desc.startsWith('CAP_UPDATE node2 -> node3 (origin 2') && (m.fields as { require_reply: number }).require_reply === 1, 'node 2 to node 3');
  const msg = decodeMessage(bytesOf(rec)) as CapUpdateMsg;
  const view = viewOf(3, 0);
  const remote = new RemoteCaps();
  const r = applyCapBlocks(view, msg, remote);
  assert.equal(r.accepted, true);
  assert.equal(remote.get(1, 2, CAP)?.ok, false);
  assert.equal(remote.get(1, 1, CAP)?.ok, false);
  const up = applyCapBlocks(view, { ...msg, nodes: [{ nodeId: 1, caps: [{ name: CAP, state: 1 }] }, { nodeId: 3, caps: [{ name: CAP, state: 0 }] }] }, remote);
  assert.deepEqual(up.nowOk, [{ nodeId: 1, name: CAP }]);
  assert.equal(remote.get(1, 3, CAP), undefined, 'our own block is not recorded');
  const bad = applyCapBlocks(view, { ...msg, nodes: [{ nodeId: 2, caps: [{ name: CAP, state: 1 }] }, { nodeId: 77, caps: [] }] }, remote);
  assert.equal(bad.accepted, false);
  assert.match(bad.error ?? '', /Unknown id \[77\] in capability update from node \[2\]/);
  assert.equal(remote.get(1, 2, CAP)?.ok, false, 'nothing of an aborted update is applied');
});

test('a CAP_UPDATE is worth forwarding only when it taught the receiver a state (changed)', () => {
  const view = viewOf(2, 0);
  const remote = new RemoteCaps();
  const msg: CapUpdateMsg = {
    kind: 'cap_update', clusterId: 1, srcId: 1, seq: 0, timestamp: 100, requireReply: 1, path: [1],
    nodes: [{ nodeId: 1, caps: [{ name: CAP, state: 1 }] }, { nodeId: 3, caps: [{ name: CAP, state: 0 }] }],
  };
  assert.equal(applyCapBlocks(view, msg, remote).changed, true, 'first news of both nodes');
  assert.equal(applyCapBlocks(view, { ...msg, seq: 1, srcId: 3, path: [3] }, remote).changed, false, 'the same states again (another link-up): nothing new');
  const flip = { ...msg, seq: 2, nodes: [{ nodeId: 3, caps: [{ name: CAP, state: 1 }] }] };
  assert.equal(applyCapBlocks(view, flip, remote).changed, true, 'a state that changed');
});
