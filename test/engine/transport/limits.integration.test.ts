import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import { encodeMessage } from '../../../src/engine/wire/index.js';
import { eventually } from '../../helpers/eventually.js';
import { client, startTransport } from './harness.js';

const PING = encodeMessage({ kind: 'ping', clusterId: 1, srcId: 2, reqNodeList: 0 });
const header = (len: number): Buffer => {
  const b = Buffer.alloc(8);
  b.write('P4CK', 0, 'latin1');
  b.writeUInt32LE(len, 4);
  return b;
};

test('an oversized length prefix closes that connection only, logged and counted', async () => {
  const h = await startTransport({});
  try {
    const good = await client(h.host, h.port);
    const bad = await client(h.host, h.port);
    bad.socket.write(header(0xffffffff));
    await eventually(() => bad.closed(), { what: 'the offending connection closed' });
    assert.equal(h.stat('conn_frame_too_large'), 1);
    assert.ok(h.logs.some((r) => r.level === 'warn' && /closing BIN connection with 127\.0\.0\.1: frame too large \(packet length 4294967295 > 65515\)/.test(r.msg)));
    good.socket.write(PING);
    await eventually(() => h.frames.length === 1, { what: 'the other connection still delivers' });
    good.socket.destroy();
  } finally {
    await h.t.stop();
  }
});

test('max_frame_size: a packet above the configured size is refused', async () => {
  const h = await startTransport({ maxFrameSize: 1024 });
  try {
    const c = await client(h.host, h.port);
    c.socket.write(header(1025));
    await eventually(() => c.closed(), { what: 'closed' });
    assert.equal(h.stat('conn_frame_too_large'), 1);
  } finally {
    await h.t.stop();
  }
});

test('a slow sender (1 byte per 100 ms) is cut at frame_timeout, before its packet is whole', async () => {
  const h = await startTransport({ frameTimeoutMs: 300 });
  try {
    const c = await client(h.host, h.port);
    let sent = 0;
    await eventually(
      async () => {
        if (c.closed()) return true;
        if (sent < PING.length) c.socket.write(PING.subarray(sent, ++sent));
        return false;
      },
      { timeoutMs: 10_000, intervalMs: 100, what: 'the slow sender cut' },
    );
    assert.ok(sent < PING.length, `cut after ${sent} of ${PING.length} bytes`);
    assert.equal(h.frames.length, 0);
    assert.equal(h.stat('conn_frame_timeout'), 1);
  } finally {
    await h.t.stop();
  }
});

test('a truncated packet is not held for ever', async () => {
  const h = await startTransport({ frameTimeoutMs: 200 });
  try {
    const c = await client(h.host, h.port);
    c.socket.write(PING.subarray(0, PING.length - 1));
    await eventually(() => c.closed(), { what: 'closed' });
    assert.equal(h.stat('conn_frame_timeout'), 1);
  } finally {
    await h.t.stop();
  }
});

test('unknown_idle_timeout closes a stranger\'s connection; a member\'s stays', async () => {
  const h = await startTransport({ unknownIdleTimeoutMs: 1000 }, (f) => f.equals(PING));
  try {
    const member = await client(h.host, h.port);
    member.socket.write(PING);
    const stranger = await client(h.host, h.port);
    await eventually(() => stranger.closed(), { what: 'the stranger closed' });
    assert.equal(h.stat('conn_unknown_idle'), 1);
    // Still open well past the timeout: a later frame still arrives.
    await eventually(() => h.logs.some((r) => /unknown idle/.test(r.msg)), { what: 'logged' });
    member.socket.write(PING);
    await eventually(() => h.frames.length === 2, { what: 'the member delivers' });
    assert.equal(member.closed(), false);
    member.socket.destroy();
  } finally {
    await h.t.stop();
  }
});

test('max_connections: past it the oldest stranger makes room; when every connection is a member\'s, the new one is refused', async () => {
  const h = await startTransport({ maxConnections: 3 }, (f) => f.equals(PING));
  try {
    const s = [await client(h.host, h.port), await client(h.host, h.port), await client(h.host, h.port)];
    await eventually(() => h.stat('conn_inbound') === 3, { what: '3 open' });
    const fourth = await client(h.host, h.port);
    await eventually(() => s[0]!.closed(), { what: 'the oldest stranger evicted' });
    assert.equal(h.stat('conn_evicted'), 1);
    for (const c of [s[1]!, s[2]!, fourth]) c.socket.write(PING);
    await eventually(() => h.frames.length === 3, { what: 'three members' });
    const fifth = await client(h.host, h.port);
    await eventually(() => fifth.closed(), { what: 'refused' });
    assert.equal(h.stat('conn_refused_max'), 1);
    assert.equal(h.stat('conn_inbound'), 3);
    for (const c of [s[1]!, s[2]!, fourth]) c.socket.destroy();
  } finally {
    await h.t.stop();
  }
});

/** The open-files limit of this process (a child shell inherits it). */
function openFilesLimit(): number {
  try {
    const out = execFileSync('/bin/sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
    return out === 'unlimited' ? Infinity : Number(out);
  } catch {
    return 0;
  }
}

test('520 idle connections from one address: capped at max_connections_per_ip, then closed by the idle timeout', async (t) => {
  const N = 520;
  const limit = openFilesLimit();
  // Both ends of every connection are in this process.
  if (limit < 2 * N + 200) return t.skip(`ulimit -n is ${limit}; ${2 * N + 200} open files are needed`);
  const h = await startTransport({ maxConnectionsPerIp: 300, unknownIdleTimeoutMs: 8000 });
  const clients: Awaited<ReturnType<typeof client>>[] = [];
  try {
    for (let i = 0; i < N; i++) clients.push(await client(h.host, h.port, '127.0.0.2'));
    await eventually(() => h.stat('conn_refused_per_ip') + h.stat('conn_inbound') + h.stat('conn_unknown_idle') >= N, { what: 'every connection accepted or refused' });
    assert.equal(h.stat('conn_refused_per_ip'), N - 300);
    await eventually(() => h.stat('conn_inbound') === 0, { timeoutMs: 30_000, what: 'all closed by the idle timeout' });
    assert.equal(h.stat('conn_unknown_idle'), 300);
    await eventually(() => clients.every((c) => c.closed()), { what: 'every client sees its connection closed' });
    // One line per reason and address, not one per connection.
    const lines = h.logs.filter((r) => r.level === 'warn');
    assert.equal(lines.length, 2, lines.map((r) => r.msg).join('\n'));
  } finally {
    for (const c of clients) c.socket.destroy();
    await h.t.stop();
  }
});

test('max_connections_per_ip refuses the extra connections of one address, not the others', async () => {
  const h = await startTransport({ maxConnectionsPerIp: 2 });
  try {
    const a = [await client(h.host, h.port, '127.0.0.2'), await client(h.host, h.port, '127.0.0.2')];
    const third = await client(h.host, h.port, '127.0.0.2');
    await eventually(() => third.closed(), { what: 'third refused' });
    const other = await client(h.host, h.port, '127.0.0.3');
    other.socket.write(PING);
    await eventually(() => h.frames.length === 1, { what: 'another address is served' });
    assert.equal(h.stat('conn_refused_per_ip'), 1);
    for (const c of [...a, other]) c.socket.destroy();
  } finally {
    await h.t.stop();
  }
});

test('a peer that does not read is cut at max_pending_bytes; our memory is not its buffer', async () => {
  const h = await startTransport({ maxPendingBytes: 1 << 20 });
  const held: Socket[] = [];
  const sink = createServer((s) => {
    s.pause(); // never reads
    held.push(s);
  });
  await new Promise<void>((r) => sink.listen(0, h.host, r));
  const addr = sink.address() as { port: number };
  try {
    const big = encodeMessage({ kind: 'module', capability: 'x-unknown', version: 1, type: 1, payload: Buffer.alloc(60_000), clusterId: 1, srcId: 1, dstId: 2 });
    const peer = { host: h.host, port: addr.port };
    let refused = -1;
    for (let i = 0; i < 5000 && refused < 0; i++) {
      const ok = await h.t.send(peer, h.host, big);
      if (!ok) refused = i;
      else await new Promise((r) => setImmediate(r));
    }
    assert.ok(refused > 0, 'a send was finally refused');
    assert.equal(h.stat('conn_backlog_cut'), 1);
    await eventually(() => !h.t.isConnected(peer), { what: 'the connection cut' });
    assert.ok(h.logs.some((r) => /backlog .*max_pending_bytes 1048576/.test(r.msg)));
  } finally {
    for (const s of held) s.destroy();
    sink.close();
    await h.t.stop();
  }
});

test('reading pauses while the peer leaves our answers unread, and resumes once it reads them', async () => {
  const answer = Buffer.alloc(4096, 1);
  const h = await startTransport({}, () => false, answer);
  try {
    const c = await client(h.host, h.port);
    c.socket.pause(); // reads nothing
    const N = 20_000;
    c.socket.write(Buffer.concat(Array.from({ length: N }, () => PING)));
    // Reading stops well short of the N packets: their answers (80 MB) are not buffered for a peer that does not read.
    await eventually(() => h.stat('conn_read_paused') >= 1, { what: 'reading paused' });
    assert.ok(h.frames.length < N, `${h.frames.length} of ${N} read`);
    c.socket.resume();
    await eventually(() => h.frames.length === N, { timeoutMs: 30_000, what: 'every packet read once the peer reads' });
    c.socket.destroy();
  } finally {
    await h.t.stop();
  }
});

test('answers a peer leaves unread past max_pending_bytes cut its connection', async () => {
  const answer = Buffer.alloc(4096, 1);
  const h = await startTransport({ maxPendingBytes: 1 << 20 }, () => false, answer);
  try {
    const c = await client(h.host, h.port);
    c.socket.pause();
    c.socket.write(Buffer.concat(Array.from({ length: 20_000 }, () => PING)));
    await eventually(() => h.stat('conn_backlog_cut') === 1, { what: 'cut' });
    await eventually(() => h.stat('conn_inbound') === 0, { what: 'closed' });
    c.socket.destroy();
  } finally {
    await h.t.stop();
  }
});
