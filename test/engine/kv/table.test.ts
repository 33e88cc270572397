import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SEGMENT_BYTES } from '../../../src/engine/kv/arena.js';
import { FREE, KvTable, LIVE, REMOVED } from '../../../src/engine/kv/table.js';

/** A small seeded generator (xorshift32), so that a failing run can be replayed. */
function rng(seed: number): (n: number) => number {
  let x = seed >>> 0 || 1;
  return (n) => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x % n;
  };
}

/** Key and value as BIN strings (u16 length + UTF-8), as a sync chunk carries them. */
function binPair(key: string, value: string): { buf: Buffer; kLen: number; vLen: number } {
  const k = Buffer.from(key, 'utf8');
  const v = Buffer.from(value, 'utf8');
  const buf = Buffer.alloc(7 + k.length + v.length);
  buf.writeUInt16LE(k.length, 3);
  k.copy(buf, 5);
  buf.writeUInt16LE(v.length, 5 + k.length);
  v.copy(buf, 7 + k.length);
  return { buf, kLen: k.length, vLen: v.length };
}

function entries(t: KvTable): Map<string, { value: string; state: number; exp: number; upd: number }> {
  const out = new Map<string, { value: string; state: number; exp: number; upd: number }>();
  for (let rid = 0; rid < t.end; rid++) {
    if (t.state(rid) === FREE) continue;
    assert.ok(!out.has(t.key(rid)), `key ${t.key(rid)} held twice`);
    out.set(t.key(rid), { value: t.value(rid), state: t.state(rid), exp: t.expiresAt(rid), upd: t.updatedAt(rid) });
  }
  return out;
}

test('table: put, find, replace (same size in place, other size moved), tombstone, drop', () => {
  const t = new KvTable();
  t.put('a', 'one', 0, 10);
  t.put('b', 'two', 5000, 11);
  assert.equal(t.size, 2);
  const a = t.find('a');
  assert.equal(t.value(a), 'one');
  assert.equal(t.key(a), 'a');
  t.put('a', 'uno', 0, 12);
  assert.equal(t.find('a'), a, 'same size: same record');
  assert.equal(t.value(a), 'uno');
  assert.equal(t.updatedAt(a), 12);
  t.put('a', 'a much longer value', 7, 13);
  assert.equal(t.value(t.find('a')), 'a much longer value');
  assert.equal(t.expiresAt(t.find('a')), 7);
  t.markRemoved('b', 20, 99);
  const b = t.find('b');
  assert.equal(t.state(b), REMOVED);
  assert.equal(t.value(b), '');
  assert.deepEqual([t.size, t.removedSize], [1, 1], 'a tombstone is not an entry');
  t.put('b', 'back', 0, 21);
  assert.deepEqual([t.state(t.find('b')), t.size, t.removedSize], [LIVE, 2, 0]);
  t.drop(t.find('a'));
  assert.equal(t.find('a'), -1);
  assert.equal(t.find('missing'), -1);
  assert.equal(t.size, 1);
  t.clear();
  assert.deepEqual([t.size, t.end, t.find('b')], [0, 0, -1]);
});

test('table: keys and values in any script, empty values, and values past the short-copy path round-trip', () => {
  const t = new KvTable();
  const cases: [string, string][] = [
    ['ключ', 'значение'],
    ['键', '值🙂'],
    ['e\u0301', ''],
    ['big', 'x'.repeat(60_000)],
    ['mid', 'é'.repeat(300)],
  ];
  for (const [k, v] of cases) t.put(k, v, 0, 1);
  for (const [k, v] of cases) assert.equal(t.value(t.find(k)), v, k);
  const { buf, kLen, vLen } = binPair('bytes-ü', 'wert-ß'.repeat(100));
  t.putBytes(buf, 3, kLen, vLen, 0, 2);
  assert.equal(t.value(t.find('bytes-ü')), 'wert-ß'.repeat(100));
  assert.equal(t.key(t.find('bytes-ü')), 'bytes-ü');
});

test('table: 100,000 keys through index growth; every one found, none twice', () => {
  const t = new KvTable();
  const N = 100_000;
  for (let i = 0; i < N; i++) {
    const { buf, kLen, vLen } = binPair(`k${i}`, `v${i}`);
    t.putBytes(buf, 3, kLen, vLen, 0, i);
  }
  assert.equal(t.size, N);
  for (let i = 0; i < N; i++) {
    const rid = t.find(`k${i}`);
    assert.ok(rid >= 0 && t.value(rid) === `v${i}` && t.updatedAt(rid) === i, `k${i}`);
  }
  assert.equal(entries(t).size, N);
});

test('table: random puts, removals and drops agree with a Map; memory stays within about twice the live bytes', () => {
  for (const seed of [1, 7, 1234]) {
    const r = rng(seed);
    const t = new KvTable();
    const model = new Map<string, { value: string; state: number; exp: number; upd: number }>();
    let peakRatio = 0;
    for (let step = 0; step < 60_000; step++) {
      const key = `key-${r(3000)}`;
      const op = r(10);
      if (op < 5) {
        const value = 'v'.repeat(r(400)) + step;
        if (op === 0) {
          const { buf, kLen, vLen } = binPair(key, value);
          t.putBytes(buf, 3, kLen, vLen, step, step);
        } else t.put(key, value, step, step);
        model.set(key, { value, state: LIVE, exp: step, upd: step });
      } else if (op < 7) {
        t.markRemoved(key, step, step + 1);
        model.set(key, { value: '', state: REMOVED, exp: step + 1, upd: step });
      } else if (op < 9) {
        const rid = t.find(key);
        if (rid >= 0) t.drop(rid);
        model.delete(key);
      } else {
        const rid = t.find(key);
        const m = model.get(key);
        assert.equal(rid >= 0, m !== undefined, `seed ${seed} step ${step}: find ${key}`);
        if (m) assert.deepEqual({ value: t.value(rid), state: t.state(rid), exp: t.expiresAt(rid), upd: t.updatedAt(rid) }, m);
      }
      if (step % 5000 === 4999) {
        const mem = t.memory();
        // Every segment but the one being written is at least half live (up to one more waiting).
        if (mem.liveBytes > 4 * SEGMENT_BYTES) peakRatio = Math.max(peakRatio, (mem.segmentBytes - 2 * SEGMENT_BYTES) / mem.liveBytes);
      }
    }
    assert.deepEqual(entries(t), model, `seed ${seed}`);
    assert.equal(t.size, [...model.values()].filter((m) => m.state === LIVE).length);
    assert.equal(t.removedSize, [...model.values()].filter((m) => m.state === REMOVED).length);
    assert.ok(peakRatio <= 2, `seed ${seed}: segments held ${peakRatio.toFixed(2)} × the live bytes`);
  }
});

test('table: overwriting every key many times compacts: segments stay bounded and every value is the last one', () => {
  const t = new KvTable();
  const N = 5000;
  for (let round = 0; round < 40; round++) for (let i = 0; i < N; i++) t.put(`k${i}`, `${round}:`.padEnd(100 + (round % 3), '.'), 0, round);
  const mem = t.memory();
  assert.ok(mem.segmentBytes <= 2 * mem.liveBytes + 2 * SEGMENT_BYTES, `${mem.segmentBytes} bytes held for ${mem.liveBytes} live`);
  for (let i = 0; i < N; i++) assert.equal(t.value(t.find(`k${i}`)), '39:'.padEnd(100, '.'));
});
