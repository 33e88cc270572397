import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeChunk, decodeChunkV2, decodeKvPacket, encodeChunk, encodeChunkV2, scanChunk, KV_SYNC_DATA_VERSION, KV_SYNC_DATA_VERSION_CL, type ChunkSpan, encodeRemove, encodeStore, KV_BIN_VERSION, KV_CAPABILITY, KvPacketType, MAX_ENTRY_BYTES, INSERT_OVERHEAD } from '../../../src/engine/kv/index.js';
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

const span = (): ChunkSpan => ({ collection: '', start: 0, keyLen: 0, valueLen: 0, remainingSec: 0, updatedAt: 0, removed: false });
/** What scanChunk found, read back as text. */
const scanned = (buf: Buffer, version: number) => {
  const s = scanChunk(buf, version, span());
  const key = buf.toString('utf8', s.start + 2, s.start + 2 + s.keyLen);
  const vAt = s.start + 2 + s.keyLen;
  assert.equal(buf.readUInt16LE(vAt), s.valueLen, 'the value length follows the key bytes');
  return { collection: s.collection, key, value: buf.toString('utf8', vAt + 2, vAt + 2 + s.valueLen), remainingSec: s.remainingSec, updatedAt: s.updatedAt };
};

test('scanChunk finds what decodeChunk / decodeChunkV2 decode, in the capture and in version 2', () => {
  const msg = decodeMessage(bytesOf(syncs[0]!)) as SyncMsg;
  for (const chunk of msg.chunks) assert.deepEqual(scanned(chunk, KV_SYNC_DATA_VERSION), { ...decodeChunk(chunk), updatedAt: 0 });
  for (const e of [
    { collection: 'default', key: 'k', value: '', remainingSec: 0, updatedAt: 1_765_000_000_123 },
    { collection: 'sessions', key: 'ключ🙂', value: 'é'.repeat(500), remainingSec: 3600, updatedAt: 1 },
  ]) {
    const buf = encodeChunkV2(e);
    assert.deepEqual(scanned(buf, KV_SYNC_DATA_VERSION_CL), decodeChunkV2(buf));
  }
});

test('scanChunk refuses what the decoders refuse, with the same errors', () => {
  const v1 = encodeChunk({ collection: 'default', key: 'k1', value: 'value-1', remainingSec: 7 });
  const v2 = encodeChunkV2({ collection: 'default', key: 'k1', value: 'value-1', remainingSec: 7, updatedAt: 5 });
  const badKey = Buffer.from(v1);
  badKey[11] = 0xff; // the first key byte (after "default" and two u16 lengths)
  const badValue = Buffer.from(v1);
  badValue[15] = 0xc3; // a lead byte with no continuation
  const cases: [string, number, Buffer, (b: Buffer) => unknown][] = [
    ['truncated key', 1, v1.subarray(0, 10), decodeChunk],
    ['trailing byte', 1, Buffer.concat([v1, Buffer.from([9])]), decodeChunk],
    ['bad UTF-8 key', 1, badKey, decodeChunk],
    ['bad UTF-8 value', 1, badValue, decodeChunk],
    ['negative expiry', 1, encodeChunk({ collection: 'c', key: 'k', value: 'v', remainingSec: -1 }), decodeChunk],
    ['v2 without its time', 2, v1, decodeChunkV2],
    ['v2 truncated time', 2, v2.subarray(0, v2.length - 2), decodeChunkV2],
  ];
  for (const [what, version, buf, decode] of cases) {
    let expected: unknown;
    try {
      decode(buf);
    } catch (err) {
      expected = err;
    }
    assert.ok(isWireError(expected), `${what}: the decoder refuses it`);
    assert.throws(
      () => scanChunk(buf, version === 2 ? KV_SYNC_DATA_VERSION_CL : KV_SYNC_DATA_VERSION, span()),
      (err: unknown) => isWireError(err) && err.code === (expected as { code: string }).code && err.message === (expected as Error).message,
      what,
    );
  }
});
