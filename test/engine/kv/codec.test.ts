import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeChunk, decodeKvPacket, encodeChunk, encodeRemove, encodeStore, KV_BIN_VERSION, KV_CAPABILITY, KvPacketType, MAX_ENTRY_BYTES, INSERT_OVERHEAD } from '../../../src/engine/kv/index.js';
import { decodeMessage, encodeMessage, isWireError, MAX_PACKET, WireCode, type ModuleMsg, type SyncMsg } from '../../../src/engine/wire/index.js';
import { bytesOf, loadVectorFile } from '../wire/vectors.js';

const vectors = loadVectorFile('06_capability_sync.json').messages;
const inserts = vectors.filter((m) => m.type === 'CACHEDB_LOCAL_INSERT');
const removes = vectors.filter((m) => m.type === 'CACHEDB_LOCAL_REMOVE');
const syncs = vectors.filter((m) => m.type === 'SYNC' && (m.fields.chunks as unknown[]).length > 0);

interface InsertFields {
  trailer: { cluster_id: number; src_node: number; dst_node: number };
  collection: string;
  attr: string;
  value?: string;
  expires?: number;
}

test('the capture has the packets this test needs', () => {
  assert.equal(inserts.length, 12);
  assert.equal(removes.length, 2);
  assert.equal(syncs.length, 1);
});

test('INSERT packets of the capture: payload decoded and re-encoded byte for byte, whole packet too', () => {
  for (const m of inserts) {
    const f = m.fields as unknown as InsertFields;
    const msg = decodeMessage(bytesOf(m)) as ModuleMsg;
    assert.equal(msg.kind, 'module');
    assert.equal(msg.capability, KV_CAPABILITY);
    assert.equal(msg.version, KV_BIN_VERSION);
    assert.equal(msg.type, KvPacketType.INSERT);
    assert.deepEqual(decodeKvPacket(msg.type, msg.payload), { op: 'store', collection: f.collection, key: f.attr, value: f.value, expiresSec: f.expires }, m.desc);
    const payload = encodeStore({ collection: f.collection, key: f.attr, value: f.value!, expiresSec: f.expires! });
    assert.equal(payload.toString('hex'), msg.payload.toString('hex'), m.desc);
    const whole = encodeMessage({ kind: 'module', capability: KV_CAPABILITY, version: KV_BIN_VERSION, type: KvPacketType.INSERT, payload, clusterId: f.trailer.cluster_id, srcId: f.trailer.src_node, dstId: f.trailer.dst_node });
    assert.equal(whole.toString('hex'), m.hex, m.desc);
    assert.equal(m.len, INSERT_OVERHEAD + f.collection.length + f.attr.length + f.value!.length, 'the overhead of an insert');
  }
});

test('REMOVE packets of the capture, byte for byte', () => {
  for (const m of removes) {
    const f = m.fields as unknown as InsertFields;
    const msg = decodeMessage(bytesOf(m)) as ModuleMsg;
    assert.equal(msg.type, KvPacketType.REMOVE);
    assert.deepEqual(decodeKvPacket(msg.type, msg.payload), { op: 'remove', collection: f.collection, key: f.attr });
    const payload = encodeRemove({ collection: f.collection, key: f.attr });
    assert.equal(payload.toString('hex'), msg.payload.toString('hex'));
    const whole = encodeMessage({ kind: 'module', capability: KV_CAPABILITY, version: KV_BIN_VERSION, type: KvPacketType.REMOVE, payload, clusterId: f.trailer.cluster_id, srcId: f.trailer.src_node, dstId: f.trailer.dst_node });
    assert.equal(whole.toString('hex'), m.hex);
  }
});

test('SYNC chunks of the capture: each chunk decoded and re-encoded byte for byte', () => {
  const m = syncs[0]!;
  const msg = decodeMessage(bytesOf(m)) as SyncMsg;
  const recorded = m.fields.chunks as { data_hex: string; decoded: { collection: string; attr: string; value: string; expires: number } }[];
  assert.equal(msg.chunks.length, recorded.length);
  msg.chunks.forEach((chunk, i) => {
    const r = recorded[i]!;
    assert.equal(chunk.toString('hex'), r.data_hex);
    const e = decodeChunk(chunk);
    assert.deepEqual(e, { collection: r.decoded.collection, key: r.decoded.attr, value: r.decoded.value, remainingSec: r.decoded.expires });
    assert.equal(encodeChunk(e).toString('hex'), r.data_hex);
  });
});

test('the largest entry the store accepts makes an insert of exactly the largest BIN packet', () => {
  const value = 'v'.repeat(MAX_ENTRY_BYTES - 'default'.length - 1);
  const whole = encodeMessage({ kind: 'module', capability: KV_CAPABILITY, version: 1, type: 1, payload: encodeStore({ collection: 'default', key: 'k', value, expiresSec: 0 }), clusterId: 1, srcId: 1, dstId: 2 });
  assert.equal(whole.length, MAX_PACKET);
});

test('decode errors are WireErrors naming the field', () => {
  const ok = encodeStore({ collection: 'default', key: 'k1', value: 'value-1', expiresSec: 7 });
  const cases: [string, number, Buffer, string, RegExp][] = [
    ['truncated value', 1, ok.subarray(0, 14), WireCode.TRUNCATED, /insert value/],
    ['truncated expires', 1, ok.subarray(0, ok.length - 1), WireCode.TRUNCATED, /insert expires/],
    ['trailing bytes', 1, Buffer.concat([ok, Buffer.from([0])]), WireCode.TRAILING_BYTES, /insert expires/],
    ['negative expires', 1, encodeStore({ collection: 'c', key: 'k', value: 'v', expiresSec: -5 }), WireCode.BAD_VALUE, /insert expires is negative/],
    ['bad UTF-8', 1, Buffer.from('0100630100ff0100760000000000', 'hex'), WireCode.BAD_STRING, /insert key/],
    ['unknown type', 3, ok, WireCode.UNKNOWN_TYPE, /type 3/],
    ['remove truncated', 2, Buffer.from('0700646566', 'hex'), WireCode.TRUNCATED, /remove collection/],
    ['remove trailing', 2, Buffer.concat([encodeRemove({ collection: 'c', key: 'k' }), Buffer.from([1])]), WireCode.TRAILING_BYTES, /remove key/],
  ];
  for (const [what, type, buf, code, re] of cases) {
    assert.throws(() => decodeKvPacket(type, buf), (err: unknown) => isWireError(err) && err.code === code && re.test(err.message), what);
  }
  assert.throws(() => decodeChunk(ok.subarray(0, 10)), (err: unknown) => isWireError(err, WireCode.TRUNCATED) && /chunk key/.test(err.message));
  assert.throws(() => decodeChunk(Buffer.concat([ok, Buffer.from([9])])), (err: unknown) => isWireError(err, WireCode.TRAILING_BYTES) && /chunk expires/.test(err.message));
});
