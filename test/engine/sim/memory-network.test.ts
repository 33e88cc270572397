import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../../../src/engine/log.js';
import { MemoryNetwork } from '../../../src/engine/sim/memory-network.js';
import { SimClock } from '../../../src/engine/sim/sim-clock.js';
import type { FrameSource } from '../../../src/engine/transport/connection.js';
import type { Endpoint } from '../../../src/engine/transport/types.js';

interface Peer {
  got: { frame: string; from: string; at: number }[];
  lost: Endpoint[];
  replyTo?: FrameSource;
}

function peer(net: MemoryNetwork, host: string): { t: ReturnType<MemoryNetwork['transport']>; p: Peer } {
  const p: Peer = { got: [], lost: [] };
  const t = net.transport({
    listen: [{ host, port: 1 }],
    log: createLogger('silent'),
    hooks: {
      onFrame: (frame, from) => {
        p.got.push({ frame: frame.toString(), from: from.remoteAddress, at: net.clock.now() });
        p.replyTo = from;
      },
      onStreamError: () => {},
      onConnectionLost: (ep) => p.lost.push(ep),
    },
  });
  return { t, p };
}

test('frames arrive after the link latency, in order even with jitter, from the sender address; replies go back on the connection', async () => {
  const clock = new SimClock(0);
  const net = new MemoryNetwork(clock, { latencyMs: 10, jitterMs: 8, loss: 0, rtoMs: 200, bytesPerMs: 0 }, 7);
  const a = peer(net, '10.0.0.1');
  const b = peer(net, '10.0.0.2');
  await a.t.start();
  await b.t.start();
  const first = a.t.send({ host: '10.0.0.2', port: 1 }, '10.0.0.1', Buffer.from('x0'));
  await clock.advance(30); // the dial takes a round trip of simulated time
  assert.equal(await first, true);
  for (let i = 1; i < 20; i++) assert.equal(a.t.trySend({ host: '10.0.0.2', port: 1 }, Buffer.from(`x${i}`)), true);
  await clock.advance(100);
  assert.deepEqual(b.p.got.map((g) => g.frame), Array.from({ length: 20 }, (_, i) => `x${i}`));
  assert.ok(b.p.got.every((g) => g.from === '10.0.0.1'));
  assert.ok(b.p.got[0]!.at >= 3 * 2, 'a dial round trip, then the latency');
  b.p.replyTo!.reply(Buffer.from('back'));
  await clock.advance(50);
  assert.deepEqual(a.p.got.map((g) => g.frame), ['back']);
});

test('a cut link loses frames silently; a crashed peer resets the connection; an absent listener refuses the dial', async () => {
  const clock = new SimClock(0);
  const net = new MemoryNetwork(clock);
  const a = peer(net, '10.0.0.1');
  const b = peer(net, '10.0.0.2');
  await a.t.start();
  await b.t.start();
  const toB = { host: '10.0.0.2', port: 1 };
  const one = a.t.send(toB, '10.0.0.1', Buffer.from('one'));
  await clock.advance(10);
  assert.equal(await one, true);
  net.cut('10.0.0.1', '10.0.0.2');
  a.t.trySend(toB, Buffer.from('lost'));
  await clock.advance(10);
  net.heal('10.0.0.1', '10.0.0.2');
  a.t.trySend(toB, Buffer.from('two'));
  await clock.advance(10);
  assert.deepEqual(b.p.got.map((g) => g.frame), ['one', 'two']);
  net.crash(toB);
  assert.deepEqual(a.p.lost, [toB], 'the connection to the crashed node was reset');
  assert.equal(a.t.isConnected(toB), false);
  const refused = a.t.send(toB, '10.0.0.1', Buffer.from('three'));
  await clock.advance(10);
  assert.equal(await refused, false);
});

test('with loss, frames are delayed by a retransmission, never dropped', async () => {
  const clock = new SimClock(0);
  const net = new MemoryNetwork(clock, { latencyMs: 1, jitterMs: 0, loss: 0.5, rtoMs: 200, bytesPerMs: 0 }, 3);
  const a = peer(net, '10.0.0.1');
  const b = peer(net, '10.0.0.2');
  await a.t.start();
  await b.t.start();
  const toB = { host: '10.0.0.2', port: 1 };
  const first = a.t.send(toB, '10.0.0.1', Buffer.from('0'));
  await clock.advance(1000);
  assert.equal(await first, true);
  for (let i = 1; i < 50; i++) a.t.trySend(toB, Buffer.from(String(i)));
  await clock.advance(60_000);
  assert.deepEqual(b.p.got.map((g) => Number(g.frame)), Array.from({ length: 50 }, (_, i) => i));
});

test('bandwidth: frames queue behind each other, a bulk sender waits in drained() until the backlog is under 1 MiB, a crashed sender loses what was still queued', async () => {
  const clock = new SimClock(0);
  // 1000 bytes per ms, 1 ms latency.
  const net = new MemoryNetwork(clock, { latencyMs: 1, jitterMs: 0, loss: 0, rtoMs: 200, bytesPerMs: 1000 }, 1);
  const a = peer(net, '10.0.0.1');
  const b = peer(net, '10.0.0.2');
  await a.t.start();
  await b.t.start();
  const to = { host: '10.0.0.2', port: 1 };
  const big = Buffer.alloc(100_000, 'x');
  const first = a.t.send(to, '10.0.0.1', big); // dial: one round trip (2 ms), then 100 ms on the wire
  await clock.advance(2);
  assert.equal(await first, true);
  const sentAt = clock.now();
  for (let i = 0; i < 19; i++) a.t.send(to, '10.0.0.1', big);
  // 2 MB queued: 2000 ms of sending; drained() waits until 1 MiB is left.
  let drainedAt = -1;
  void a.t.drained!(to).then(() => (drainedAt = clock.now()));
  await clock.advance(150);
  assert.equal(b.p.got.length, 1, 'one frame of 100 kB every 100 ms (plus 1 ms latency)');
  await clock.advance(1000);
  assert.ok(drainedAt > 0, 'drained resolved');
  const left = 2_000_000 - (drainedAt - sentAt) * 1000;
  assert.ok(left <= 1 << 20 && left > (1 << 20) - 2000, `resolved with ${left} bytes left`);
  net.crash({ host: '10.0.0.1', port: 1 });
  await clock.advance(2000);
  assert.ok(b.p.got.length < 20, `frames still queued at the crash are lost (${b.p.got.length} arrived)`);
});
