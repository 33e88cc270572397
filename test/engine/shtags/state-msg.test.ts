import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  decodeStatePayload, encodeStatePayload, MAX_STATE_ENTRIES, shtagActiveFrame, stateFrame, type PeerTagState,
} from '../../../src/engine/shtags/state-msg.js';
import { decodeMessage, isWireError } from '../../../src/engine/wire/index.js';
import { vectorsDir } from '../../helpers/paths.js';

const entries: PeerTagState[] = [
  { name: 'vip', active: true, since: 1_795_294_618_123, flags: 3, supersedes: 0, supersededSince: 0, owner: 0 },
  { name: 'db', active: false, since: 0, flags: 5, supersedes: 0, supersededSince: 0, owner: 0 },
  { name: 'handed', active: true, since: 2 ** 40 + 7, flags: 2, supersedes: 3, supersededSince: 1_795_294_000_001, owner: 7 },
];

test('STATE payload round-trips, including times beyond 32 bits', () => {
  assert.deepEqual(decodeStatePayload(encodeStatePayload(entries)), entries);
  assert.deepEqual(decodeStatePayload(encodeStatePayload([])), []);
});

test('STATE payload: every truncation and trailing bytes are WireErrors', () => {
  const buf = encodeStatePayload(entries);
  for (let n = 0; n < buf.length; n++) assert.throws(() => decodeStatePayload(buf.subarray(0, n)), isWireError, `cut at ${n}`);
  assert.throws(() => decodeStatePayload(Buffer.concat([buf, Buffer.from([0])])), isWireError);
  const hostile = Buffer.alloc(4);
  hostile.writeInt32LE(MAX_STATE_ENTRIES + 1);
  assert.throws(() => decodeStatePayload(hostile), isWireError);
});

test('STATE travels as a module packet of capability cl-shtag with the usual trailer', () => {
  const m = decodeMessage(stateFrame(1, 2, 3, entries));
  assert.equal(m.kind, 'module');
  if (m.kind !== 'module') return;
  assert.deepEqual([m.capability, m.version, m.type, m.clusterId, m.srcId, m.dstId], ['cl-shtag', 1, 1, 1, 2, 3]);
  assert.deepEqual(decodeStatePayload(m.payload), entries);
});

test('SHTAG_ACTIVE frames are byte-identical to the captured OpenSIPS packets', () => {
  let checked = 0;
  for (const file of ['01_startup_join.json', '02_mi_ops.json', '07_interop_v36.json']) {
    const doc = JSON.parse(readFileSync(join(vectorsDir, file), 'utf8')) as { messages: { pkt_type: number; capability: string; hex: string; fields: { tag_name: string; trailer: { cluster_id: number; src_node: number; dst_node: number } } }[] };
    for (const m of doc.messages) {
      if (m.pkt_type !== 13 || m.capability !== 'clusterer-extra') continue;
      const t = m.fields.trailer;
      assert.equal(shtagActiveFrame(t.cluster_id, t.src_node, t.dst_node, m.fields.tag_name).toString('hex'), m.hex);
      checked++;
    }
  }
  assert.ok(checked >= 10, `only ${checked} SHTAG_ACTIVE vectors found`);
});
