import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchWriter, MAX_BATCH, decodeBatch } from '../../../src/engine/kv/codec.js';
import type { KvChange } from '../../../src/engine/kv/index.js';
import { MAX_PACKET } from '../../../src/engine/wire/index.js';

test('batch (cl nodes only): changes round-trip in order; batches split before a BIN packet or MAX_BATCH changes', () => {
  const changes: KvChange[] = [];
  for (let i = 0; i < 25_000; i++) {
    changes.push(i % 7 === 0 ? { op: 'remove', collection: 'default', key: `k${i}` } : { op: 'store', collection: 'default', key: `k${i}`, value: 'v'.repeat(i % 50), expiresSec: i % 3 });
  }
  changes.push({ op: 'store', collection: 'default', key: 'big', value: 'x'.repeat(60_000), expiresSec: 0 });
  const w = new BatchWriter();
  for (const c of changes) w.add(c);
  const batches = w.finish();
  for (const b of batches) assert.ok(b.length <= MAX_PACKET - 64, `batch of ${b.length} bytes`);
  const back = batches.flatMap((b) => decodeBatch(b));
  assert.deepEqual(back, changes);
  assert.ok(batches.every((b) => decodeBatch(b).length <= MAX_BATCH));
});

test('batch: a bad type, a wrong count or trailing bytes are WireErrors naming the change', () => {
  const w = new BatchWriter();
  w.add({ op: 'store', collection: 'default', key: 'a', value: 'b', expiresSec: 0 });
  const good = w.finish()[0]!;
  const badType = Buffer.from(good);
  badType.writeInt32LE(9, 4);
  assert.throws(() => decodeBatch(badType), /batch change 0: type 9 is neither insert \(1\) nor remove \(2\)/);
  const moreCounted = Buffer.from(good);
  moreCounted.writeInt32LE(2, 0);
  assert.throws(() => decodeBatch(moreCounted), /batch change 1 type/);
  assert.throws(() => decodeBatch(Buffer.concat([good, Buffer.from([1])])), /batch/);
});
