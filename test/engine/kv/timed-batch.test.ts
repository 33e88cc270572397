import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeAck, encodeAck } from '../../../src/engine/kv/ack.js';
import { MAX_BATCH_BYTES } from '../../../src/engine/kv/codec.js';
import { TimedBatchWriter, decodeTimedBatch, scanTimedBatch } from '../../../src/engine/kv/timed-batch.js';
import { isWireError } from '../../../src/engine/wire/index.js';

test('timed batch: changes with their write times and the ack id round-trip; big ones split, each part with the ack id', () => {
  const w = new TimedBatchWriter(42);
  const t = Date.UTC(2026, 11, 3, 12, 0, 0, 123);
  w.add({ op: 'store', collection: 'default', key: 'k', value: 'v é', expiresSec: 30 }, t);
  w.add({ op: 'remove', collection: 'default', key: 'gone' }, t + 1);
  const [only, ...rest] = w.finish();
  assert.equal(rest.length, 0);
  assert.deepEqual(decodeTimedBatch(only!), {
    ackId: 42,
    changes: [
      { change: { op: 'store', collection: 'default', key: 'k', value: 'v é', expiresSec: 30 }, at: t },
      { change: { op: 'remove', collection: 'default', key: 'gone' }, at: t + 1 },
    ],
  });
  const big = new TimedBatchWriter(7);
  for (let i = 0; i < 3; i++) big.add({ op: 'store', collection: 'default', key: `k${i}`, value: 'x'.repeat(30_000), expiresSec: 0 }, t);
  const parts = big.finish();
  assert.equal(parts.length, 2);
  for (const p of parts) assert.ok(p.length <= MAX_BATCH_BYTES && decodeTimedBatch(p).ackId === 7);
  assert.deepEqual(parts.flatMap((p) => decodeTimedBatch(p).changes.map((c) => c.change.key)), ['k0', 'k1', 'k2']);
});

test('timed batch and ack: malformed payloads are WireErrors, never another error', () => {
  const w = new TimedBatchWriter(1);
  w.add({ op: 'store', collection: 'default', key: 'k', value: 'v', expiresSec: 0 }, 5);
  const good = w.finish()[0]!;
  for (let cut = 0; cut < good.length; cut++) {
    assert.throws(() => decodeTimedBatch(good.subarray(0, cut)), (e: unknown) => isWireError(e), `cut at ${cut}`);
  }
  const badType = Buffer.from(good);
  badType.writeInt32LE(9, 8);
  assert.throws(() => decodeTimedBatch(badType), /timed batch change 0: type 9 is neither insert \(1\) nor remove \(2\)/);
  assert.throws(() => decodeTimedBatch(Buffer.concat([good, Buffer.from([0])])), (e: unknown) => isWireError(e));
  assert.equal(decodeAck(encodeAck(0xfffffff0)), 0xfffffff0);
  assert.throws(() => decodeAck(Buffer.alloc(3)), (e: unknown) => isWireError(e));
});

test('scanTimedBatch: the spans of what decodeTimedBatch decodes, and the same errors; a malformed batch visits nothing', () => {
  const w = new TimedBatchWriter(7);
  const t = Date.UTC(2026, 11, 7);
  const changes = [
    { change: { op: 'store' as const, collection: 'default', key: 'k', value: 'v é', expiresSec: 30 }, at: t },
    { change: { op: 'remove' as const, collection: 'sessions', key: 'gone' }, at: t + 1 },
    { change: { op: 'store' as const, collection: 'default', key: 'ключ', value: '', expiresSec: 0 }, at: t + 2 },
  ];
  for (const c of changes) w.add(c.change, c.at);
  const buf = w.finish()[0]!;
  const seen: unknown[] = [];
  const text = (at: number, n: number): string => buf.toString('utf8', at + 2, at + 2 + n);
  const ack = scanTimedBatch(buf, (s) => {
    const change =
      s.op === 'store'
        ? { op: s.op, collection: text(s.collectionStart, s.collectionLen), key: text(s.start, s.keyLen), value: text(s.start + 2 + s.keyLen, s.valueLen), expiresSec: s.expiresSec }
        : { op: s.op, collection: text(s.collectionStart, s.collectionLen), key: text(s.start, s.keyLen) };
    seen.push({ change, at: s.at });
  });
  assert.equal(ack, 7);
  assert.deepEqual(seen, decodeTimedBatch(buf).changes);
  // Every cut, a bad type, a trailing byte, a bad UTF-8 value: the same error as decodeTimedBatch, and nothing visited.
  const badType = Buffer.from(buf);
  badType.writeInt32LE(9, 8);
  const badValue = Buffer.from(buf);
  badValue[8 + 4 + 2 + 7 + 2 + 1 + 2] = 0xff;
  const bad = [...Array.from({ length: buf.length }, (_, cut) => buf.subarray(0, cut)), badType, badValue, Buffer.concat([buf, Buffer.from([0])])];
  for (const b of bad) {
    let expected: Error | undefined;
    try {
      decodeTimedBatch(b);
    } catch (err) {
      expected = err as Error;
    }
    let visits = 0;
    assert.throws(
      () => scanTimedBatch(b, () => visits++),
      (err: unknown) => isWireError(err) && err.message === expected?.message,
      `${b.toString('hex')}: ${expected?.message}`,
    );
    assert.equal(visits, 0);
  }
});
