import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeChunkV2, encodeChunkV2, KvCode, KvError, KvStore, MAX_ENTRY_BYTES, type KvChange } from '../../../src/engine/kv/index.js';
import { SimClock } from '../../../src/engine/sim/sim-clock.js';
import { TimedBatchWriter, scanTimedBatch, type TimedChange } from '../../../src/engine/kv/timed-batch.js';

const COLS = [
  { name: 'default', replicated: true },
  { name: 'sessions', replicated: true },
  { name: 'local', replicated: false },
];

function setup(init: { sweepBatch?: number; cleanPeriodSec?: number } = {}): { clock: SimClock; kv: KvStore; changes: KvChange[] } {
  const clock = new SimClock();
  const kv = new KvStore({ clock }, { collections: COLS, ...init });
  const changes: KvChange[] = [];
  kv.onChange((c) => changes.push(c));
  return { clock, kv, changes };
}

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof KvError, String(err));
    return err.code;
  }
  assert.fail('expected a KvError');
};

test('put/get/del; a put replaces; get of a missing key is undefined', () => {
  const { kv } = setup();
  kv.put('default', 'k', 'v1');
  kv.put('default', 'k', 'v2');
  assert.deepEqual(kv.get('default', 'k'), { value: 'v2', expiresAt: 0 });
  assert.equal(kv.get('default', 'other'), undefined);
  assert.equal(kv.get('sessions', 'k'), undefined, 'collections are separate');
  assert.equal(kv.del('default', 'k'), true);
  assert.equal(kv.del('default', 'k'), false);
  assert.equal(kv.get('default', 'k'), undefined);
});

test('TTL: an entry expires at now + ttl (injected clock), is never returned after, and a sweep drops it', async () => {
  const { clock, kv } = setup();
  const t0 = clock.now();
  kv.put('default', 'short', 'x', 10);
  kv.put('default', 'forever', 'y');
  assert.equal(kv.get('default', 'short')!.expiresAt, t0 + 10_000);
  await clock.advance(9_999);
  assert.equal(kv.get('default', 'short')!.value, 'x');
  assert.deepEqual(kv.list().map((e) => e.key), ['forever', 'short']);
  await clock.advance(1);
  assert.equal(kv.get('default', 'short'), undefined, 'expired exactly at now + ttl');
  kv.put('default', 'short2', 'x', 1);
  await clock.advance(1000);
  assert.deepEqual(kv.list().map((e) => e.key), ['forever']);
  assert.equal(kv.size(), 2, 'short2 is expired but still held until swept');
  assert.equal(kv.purgeExpired(), 1);
  assert.equal(kv.size(), 1);
  assert.deepEqual([...kv.snapshot()].map((e) => e.key), ['forever']);
});

test('the periodic sweep runs every cache_clean_period, a bounded batch per turn, and finds every expired entry', async () => {
  const { clock, kv } = setup({ cleanPeriodSec: 60, sweepBatch: 100 });
  for (let i = 0; i < 1000; i++) kv.put('default', `k${i}`, 'v', i % 2 === 0 ? 5 : 0);
  kv.start();
  await clock.advance(10_000);
  assert.equal(kv.size(), 1000, 'no sweep before the period');
  await clock.advance(50_000);
  assert.equal(kv.size(), 500, 'the sweep at 60 s dropped the 500 expired entries');
  kv.put('default', 'late', 'v', 1);
  await clock.advance(60_000);
  assert.equal(kv.get('default', 'late'), undefined);
  assert.equal(kv.size(), 500);
  kv.stop();
});

test('a sweep looks at no more than its batch per turn of the event loop', () => {
  let now = 1_000_000;
  const timers: (() => void)[] = [];
  const deferred: (() => void)[] = [];
  const clock = { now: () => now, setTimeout: (fn: () => void) => (timers.push(fn), {}), clearTimeout: () => {}, defer: (fn: () => void) => void deferred.push(fn) };
  const kv = new KvStore({ clock }, { collections: COLS, sweepBatch: 10, cleanPeriodSec: 1 });
  for (let i = 0; i < 35; i++) kv.put('default', `k${i}`, 'v', 1);
  now += 2000;
  kv.start();
  assert.equal(timers.length, 1, 'one sweep timer');
  timers.shift()!();
  const sizes = [kv.size()];
  while (deferred.length > 0 && sizes.length < 10) (deferred.shift()!(), sizes.push(kv.size()));
  assert.deepEqual(sizes, [25, 15, 5, 0], '10 entries per turn, the rest deferred');
  assert.equal(timers.length, 1, 'then the next period is scheduled');
  kv.stop();
});

test('counters: a missing key starts at 0, add/sub return the new value, a non-integer value is refused', () => {
  const { kv, changes } = setup();
  assert.equal(kv.add('default', 'c', 5), 5);
  assert.equal(kv.sub('default', 'c', 7), -2);
  assert.equal(kv.get('default', 'c')!.value, '-2');
  assert.deepEqual(changes.slice(-1), [{ op: 'store', collection: 'default', key: 'c', value: '-2', expiresSec: 0 }], 'counters replicate as a store of the result');
  kv.put('default', 'text', 'abc');
  assert.equal(codeOf(() => kv.add('default', 'text', 1)), KvCode.NOT_A_COUNTER);
  assert.equal(kv.get('default', 'text')!.value, 'abc', 'unchanged');
  assert.equal(codeOf(() => kv.add('default', 'c', 1.5)), KvCode.BAD_VALUE);
});

test('counters as cachedb_local: a new counter takes the ttl, an existing one keeps its expiry; 32-bit range', async () => {
  const { clock, kv, changes } = setup();
  const t0 = clock.now();
  assert.equal(kv.add('default', 'ttl', 1, 30), 1);
  assert.equal(kv.get('default', 'ttl')!.expiresAt, t0 + 30_000);
  await clock.advance(10_500);
  assert.equal(kv.add('default', 'ttl', 1, 600), 2);
  assert.equal(kv.get('default', 'ttl')!.expiresAt, t0 + 30_000, 'expiry kept');
  assert.deepEqual(changes.at(-1), { op: 'store', collection: 'default', key: 'ttl', value: '2', expiresSec: 20 }, 'replicated with the seconds left');
  await clock.advance(20_000);
  assert.equal(kv.add('default', 'ttl', 5), 5, 'an expired counter starts again at 0');
  kv.put('default', 'max', '2147483647');
  assert.equal(codeOf(() => kv.add('default', 'max', 1)), KvCode.NOT_A_COUNTER);
  assert.equal(kv.sub('default', 'max', 2147483647), 0);
  kv.put('default', 'huge', '99999999999');
  assert.equal(codeOf(() => kv.add('default', 'huge', 1)), KvCode.NOT_A_COUNTER);
  assert.equal(codeOf(() => kv.add('default', 'c', 2 ** 31)), KvCode.BAD_VALUE);
});

test('limits: an entry whose insert packet would exceed 65515 bytes is refused naming the limit, nothing stored', () => {
  const { kv, changes } = setup();
  const fits = 'v'.repeat(MAX_ENTRY_BYTES - 'default'.length - 1);
  kv.put('default', 'k', fits);
  assert.equal(kv.get('default', 'k')!.value.length, fits.length);
  const n = changes.length;
  let err: unknown;
  try {
    kv.put('default', 'k2', `${fits}v`);
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof KvError && err.code === KvCode.TOO_LARGE);
  assert.match(err.message, new RegExp(`${MAX_ENTRY_BYTES} bytes`));
  assert.match(err.message, /65515/);
  assert.equal(kv.get('default', 'k2'), undefined);
  assert.equal(changes.length, n, 'no change reported');
  // Multi-byte characters count as their UTF-8 bytes.
  assert.equal(codeOf(() => kv.put('default', 'k3', 'é'.repeat(MAX_ENTRY_BYTES / 2))), KvCode.TOO_LARGE);
});

test('bad input: unknown collection names the known ones; empty key, lone surrogate, bad ttl', () => {
  const { kv } = setup();
  let err: unknown;
  try {
    kv.put('nope', 'k', 'v');
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof KvError && err.code === KvCode.UNKNOWN_COLLECTION);
  assert.match(err.message, /"nope".*default, sessions, local/);
  assert.equal(codeOf(() => kv.get('nope', 'k')), KvCode.UNKNOWN_COLLECTION);
  assert.equal(codeOf(() => kv.list({ collection: 'nope' })), KvCode.UNKNOWN_COLLECTION);
  assert.equal(codeOf(() => kv.put('default', '', 'v')), KvCode.BAD_VALUE);
  assert.equal(codeOf(() => kv.put('default', 'k', 'a\uD800b')), KvCode.BAD_VALUE);
  assert.equal(codeOf(() => kv.put('default', 'k', 'v', -1)), KvCode.BAD_VALUE);
  assert.equal(codeOf(() => kv.put('default', 'k', 'v', 2 ** 31)), KvCode.BAD_VALUE);
  kv.put('default', 'emoji', '😀 and \u0000 NUL');
  assert.equal(kv.get('default', 'emoji')!.value, '😀 and \u0000 NUL');
});

test('list: key order, prefix, limit, per collection; counts', () => {
  const { kv } = setup();
  for (const k of ['b', 'a', 'ab', 'c', 'user:2', 'user:10']) kv.put('default', k, `v-${k}`);
  kv.put('sessions', 's1', 'x');
  assert.deepEqual(kv.list().map((e) => e.key), ['a', 'ab', 'b', 'c', 'user:10', 'user:2']);
  assert.deepEqual(kv.list({ prefix: 'a' }).map((e) => e.key), ['a', 'ab']);
  assert.deepEqual(kv.list({ prefix: 'user:', limit: 1 }), [{ key: 'user:10', value: 'v-user:10', expiresAt: 0 }]);
  assert.deepEqual(kv.list({ collection: 'sessions' }).map((e) => e.key), ['s1']);
  assert.deepEqual(kv.counts(), { default: 6, sessions: 1, local: 0 });
  assert.equal(kv.size(), 7);
});

test('putMany: stores all, or none when one entry is bad (named by its index)', () => {
  const { kv, changes } = setup();
  assert.equal(kv.putMany([{ key: 'a', value: '1' }, { key: 'b', value: '2', ttlSec: 5, collection: 'sessions' }]), 2);
  assert.equal(kv.get('sessions', 'b')!.value, '2');
  assert.equal(changes.length, 2);
  let err: unknown;
  try {
    kv.putMany([{ key: 'x', value: '1' }, { key: 'y', value: '2', collection: 'nope' }]);
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof KvError && err.code === KvCode.UNKNOWN_COLLECTION);
  assert.match(err.message, /^entry 1: /);
  assert.equal(kv.get('default', 'x'), undefined, 'nothing stored');
  assert.equal(changes.length, 2);
});

test('removeMatching: glob on keys of one collection, not replicated', () => {
  const { kv, changes } = setup();
  for (const k of ['user:1', 'user:2', 'userx', 'other']) kv.put('default', k, 'v');
  const n = changes.length;
  assert.equal(kv.removeMatching('default', 'user:*'), 2);
  assert.deepEqual(kv.list().map((e) => e.key), ['other', 'userx']);
  assert.equal(changes.length, n);
});

test('onChange: every local change of a replicated collection, none for the others; unsubscribe', () => {
  const { kv, changes } = setup();
  kv.put('default', 'k', 'v', 30);
  kv.del('default', 'k');
  kv.put('local', 'k', 'v');
  kv.del('local', 'k');
  assert.deepEqual(changes, [
    { op: 'store', collection: 'default', key: 'k', value: 'v', expiresSec: 30 },
    { op: 'remove', collection: 'default', key: 'k' },
  ]);
  const more: KvChange[] = [];
  const off = kv.onChange((c) => more.push(c));
  off();
  kv.put('default', 'k', 'v');
  assert.equal(more.length, 0);
  // A listener that throws does not stop the change nor the other listeners.
  kv.onChange(() => {
    throw new Error('boom');
  });
  kv.put('default', 'k2', 'v');
  assert.equal(kv.get('default', 'k2')!.value, 'v');
  assert.equal(changes.at(-1)!.key, 'k2');
});

test('applyRemote: applies without onChange; expires is seconds from now; unknown/not-replicated collections', async () => {
  const { clock, kv, changes } = setup();
  assert.equal(kv.applyRemote({ op: 'store', collection: 'default', key: 'r', value: 'v', expiresSec: 20 }), 'applied');
  assert.equal(kv.get('default', 'r')!.expiresAt, clock.now() + 20_000);
  assert.equal(kv.applyRemote({ op: 'store', collection: 'default', key: 'p', value: 'v', expiresSec: 0 }), 'applied');
  assert.equal(kv.get('default', 'p')!.expiresAt, 0);
  assert.equal(kv.applyRemote({ op: 'remove', collection: 'default', key: 'p' }), 'applied');
  assert.equal(kv.get('default', 'p'), undefined);
  assert.equal(kv.applyRemote({ op: 'store', collection: 'local', key: 'x', value: 'v', expiresSec: 0 }), 'not-replicated');
  assert.equal(kv.get('local', 'x'), undefined, 'ignored');
  assert.equal(kv.applyRemote({ op: 'store', collection: 'ghost', key: 'x', value: 'v', expiresSec: 0 }), 'unknown-collection');
  assert.deepEqual(changes, []);
  await clock.advance(20_000);
  assert.equal(kv.get('default', 'r'), undefined);
});

test('snapshot: live entries of replicated collections with remaining seconds; 100,000 entries walked lazily', async () => {
  const { clock, kv } = setup();
  kv.put('default', 'a', '1', 10);
  kv.put('sessions', 'b', '2');
  kv.put('local', 'c', '3');
  kv.put('default', 'gone', 'x', 1);
  await clock.advance(1500);
  const written = clock.now() - 1500;
  assert.deepEqual([...kv.snapshot()], [
    { collection: 'default', key: 'a', value: '1', remainingSec: 9, updatedAt: written },
    { collection: 'sessions', key: 'b', value: '2', remainingSec: 0, updatedAt: written },
  ]);
  assert.deepEqual([...kv.snapshot('sessions')].map((e) => e.key), ['b']);
  assert.equal([...kv.snapshot('local')].length, 0, 'a collection that does not replicate has nothing to sync');

  const big = setup().kv;
  const entries = Array.from({ length: 100_000 }, (_, i) => ({ key: `k${i}`, value: `v${i}`, ttlSec: i % 3 }));
  assert.equal(big.putMany(entries), 100_000);
  const it = big.snapshot();
  const first = it.next();
  assert.deepEqual({ ...first.value, updatedAt: undefined }, { collection: 'default', key: 'k0', value: 'v0', remainingSec: 0, updatedAt: undefined }, 'the first entry comes before the walk goes on');
  let n = 1;
  let withTtl = 0;
  for (const e of it) {
    n++;
    if (e.remainingSec > 0) withTtl++;
  }
  assert.equal(n, 100_000);
  assert.equal(withTtl, 66_666);
});

test('tombstones: a removed key is remembered with its time, so an older write arriving later does not bring it back', async () => {
  const { clock, kv } = setup();
  kv.put('default', 'k', 'v');
  await clock.advance(10);
  kv.del('default', 'k');
  const removedAt = clock.now();
  assert.equal(kv.get('default', 'k'), undefined);
  assert.deepEqual([kv.size(), kv.removedSize()], [0, 1], 'a tombstone is not an entry');
  assert.deepEqual(kv.list(), []);
  // A store written before the removal, arriving after it (timed batch or merge): not applied.
  assert.equal(kv.applyTimed({ op: 'store', collection: 'default', key: 'k', value: 'old', expiresSec: 0 }, removedAt - 5), 'kept');
  assert.equal(kv.applyMerge({ op: 'store', collection: 'default', key: 'k', value: 'old', expiresSec: 0 }, removedAt - 5), 'kept');
  assert.equal(kv.applyMerge({ op: 'store', collection: 'default', key: 'k', value: 'opensips', expiresSec: 0 }, 0), 'kept', 'a donor that sends no time loses to the removal');
  assert.equal(kv.get('default', 'k'), undefined);
  // Equal times: the store wins (a remove counts as the smallest), whichever arrives first.
  assert.equal(kv.applyTimed({ op: 'store', collection: 'default', key: 'k', value: 'same-ms', expiresSec: 0 }, removedAt), 'applied');
  assert.equal(kv.applyTimed({ op: 'remove', collection: 'default', key: 'k' }, removedAt), 'kept');
  assert.equal(kv.get('default', 'k')?.value, 'same-ms');
  // A later remove wins; an older remove after a newer one keeps the newer time.
  assert.equal(kv.applyTimed({ op: 'remove', collection: 'default', key: 'k' }, removedAt + 100), 'applied');
  assert.equal(kv.applyTimed({ op: 'remove', collection: 'default', key: 'k' }, removedAt + 50), 'kept');
  assert.equal(kv.applyTimed({ op: 'store', collection: 'default', key: 'k', value: 'between', expiresSec: 0 }, removedAt + 70), 'kept');
  // A local write after a removal always wins, here and (by its time) on every peer.
  const at: number[] = [];
  kv.onChange((_c, t) => at.push(t));
  kv.put('default', 'k', 'new');
  assert.equal(kv.get('default', 'k')?.value, 'new');
  assert.ok(at[0]! > removedAt + 100, 'stamped after the removal it replaces');
});

test('tombstones: a remove of a key never seen is remembered too (it may overtake the store); tombstones are swept after their lifetime', async () => {
  const clock = new SimClock();
  const kv = new KvStore({ clock }, { collections: COLS, tombstoneSec: 60, cleanPeriodSec: 3600 });
  const t0 = clock.now();
  assert.equal(kv.applyTimed({ op: 'remove', collection: 'default', key: 'early' }, t0 + 20), 'applied');
  assert.equal(kv.applyTimed({ op: 'store', collection: 'default', key: 'early', value: 'late', expiresSec: 0 }, t0 + 10), 'kept');
  kv.put('local', 'x', '1');
  kv.del('local', 'x');
  assert.equal(kv.removedSize(), 1, 'a collection that does not replicate keeps no tombstone');
  await clock.advance(59_000);
  assert.equal(kv.purgeExpired(), 0);
  await clock.advance(2_000);
  assert.equal(kv.purgeExpired(), 1);
  assert.equal(kv.removedSize(), 0);
  assert.equal(kv.applyTimed({ op: 'store', collection: 'default', key: 'early', value: 'late', expiresSec: 0 }, t0 + 10), 'applied', 'forgotten after its lifetime');
});

test('tombstones: a snapshot carries them only when asked (cl requesters), and they round-trip as version-2 chunks', () => {
  const { kv } = setup();
  kv.put('default', 'a', '1');
  kv.put('default', 'b', '2');
  kv.del('default', 'b');
  assert.deepEqual([...kv.snapshot()].map((e) => e.key), ['a']);
  const all = [...kv.snapshot(undefined, { removed: true })];
  assert.deepEqual(all.map((e) => [e.key, e.removed === true]).sort(), [['a', false], ['b', true]]);
  assert.equal(kv.replicatedSize(), 1);
  assert.equal(kv.replicatedSize({ removed: true }), 2);
  const b = all.find((e) => e.removed)!;
  const back = decodeChunkV2(encodeChunkV2(b));
  assert.deepEqual(back, { collection: 'default', key: 'b', value: '', remainingSec: 0, updatedAt: b.updatedAt, removed: true });
});

test('applyTimedBytes ends every key as applyTimed does, for any order of stores and removes, ties and expiry included', async () => {
  let x = 12345;
  const rnd = (n: number): number => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return (x >>> 8) % n;
  };
  const a = setup();
  const b = setup();
  for (let step = 0; step < 3000; step++) {
    const w = new TimedBatchWriter(0);
    const n = 1 + rnd(5);
    const batch: TimedChange[] = [];
    for (let i = 0; i < n; i++) {
      const key = `k${rnd(40)}`;
      const at = Date.UTC(2026, 0, 1) + rnd(200);
      const collection = rnd(10) === 0 ? 'local' : rnd(10) === 0 ? 'nope' : 'default';
      batch.push(rnd(3) === 0 ? { change: { op: 'remove', collection, key }, at } : { change: { op: 'store', collection, key, value: `v${rnd(4)}`, expiresSec: rnd(4) === 0 ? 1 : 0 }, at });
    }
    for (const c of batch) w.add(c.change, c.at);
    const payload = w.finish()[0]!;
    const got: string[] = [];
    scanTimedBatch(payload, (s) => got.push(String(b.kv.applyTimedBytes(payload, s))));
    const want = batch.map((c) => String(a.kv.applyTimed(c.change, c.at)));
    assert.deepEqual(got, want, `step ${step}`);
    if (step % 500 === 0) {
      await a.clock.advance(1500);
      await b.clock.advance(1500);
    }
  }
  assert.deepEqual(b.kv.list(), a.kv.list());
  assert.deepEqual([...b.kv.snapshot(undefined, { removed: true })], [...a.kv.snapshot(undefined, { removed: true })]);
});
