import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger, type LogRecord } from '../../../src/engine/log.js';
import { applyKvChunk, applyKvPacket, encodeChunk, encodeRemove, encodeStore, KvStore } from '../../../src/engine/kv/index.js';
import { SimClock } from '../../../src/engine/sim/sim-clock.js';

function setup(): { kv: KvStore; logs: LogRecord[]; log: ReturnType<typeof createLogger>; clock: SimClock } {
  const clock = new SimClock();
  const logs: LogRecord[] = [];
  const kv = new KvStore({ clock }, { collections: [{ name: 'default', replicated: true }, { name: 'plain', replicated: false }] });
  return { kv, logs, log: createLogger('debug', (r) => logs.push(r)), clock };
}

test('a peer packet is applied; unknown collection logged as an error and dropped; not replicated ignored; malformed dropped', () => {
  const { kv, logs, log, clock } = setup();
  assert.equal(applyKvPacket(kv, 1, encodeStore({ collection: 'default', key: 'k', value: 'v', expiresSec: 3 }), 'node 2', log), 'applied');
  assert.equal(kv.get('default', 'k')!.expiresAt, clock.now() + 3000);
  assert.equal(applyKvPacket(kv, 2, encodeRemove({ collection: 'default', key: 'k' }), 'node 2', log), 'applied');
  assert.equal(kv.get('default', 'k'), undefined);
  assert.equal(applyKvPacket(kv, 1, encodeStore({ collection: 'ghost', key: 'k', value: 'v', expiresSec: 0 }), 'node 2', log), 'unknown-collection');
  assert.ok(logs.some((r) => r.level === 'error' && /node 2: unknown collection "ghost" \(known: default, plain\); dropped/.test(r.msg)), JSON.stringify(logs));
  assert.equal(applyKvPacket(kv, 1, encodeStore({ collection: 'plain', key: 'k', value: 'v', expiresSec: 0 }), 'node 2', log), 'not-replicated');
  assert.equal(kv.get('plain', 'k'), undefined);
  assert.equal(applyKvPacket(kv, 1, Buffer.from([1, 0]), 'node 3', log), 'malformed');
  assert.ok(logs.some((r) => r.level === 'error' && /node 3: bad cachedb-local-repl packet \(truncated reading insert collection/.test(r.msg)));
  assert.equal(applyKvPacket(kv, 9, Buffer.alloc(0), 'node 3', log), 'malformed');
});

test('a sync chunk is applied as an insert with its remaining seconds', () => {
  const { kv, log, clock } = setup();
  assert.equal(applyKvChunk(kv, encodeChunk({ collection: 'default', key: 's', value: 'x', remainingSec: 9 }), 'node 1', log), 'applied');
  assert.equal(kv.get('default', 's')!.expiresAt, clock.now() + 9000);
  assert.equal(applyKvChunk(kv, Buffer.from([0xff]), 'node 1', log), 'malformed');
});
