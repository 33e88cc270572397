import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { decodeMessage, encodeMessage, FrameDecoder, peekHeader, type ClusterMsg } from '../../../src/engine/wire/index.js';
import { allocAddr, buildMember, startAll, stopAll, waitConverged } from '../../helpers/cluster.js';
import { eventually } from '../../helpers/eventually.js';
import { freePort } from '../../helpers/ports.js';
import { tempDir } from '../../helpers/tmp.js';
import { bytesOf, loadVectorFile, type VectorMessage } from '../wire/vectors.js';

/** The fake OpenSIPS node 4 sends from 127.0.0.4, as in the capture (nodes authenticate by source IP). */
const FAKE_HOST = '127.0.0.4';

/** The scenario files also give the node ids of each message (`from`, `to`). */
const capture = loadVectorFile('01_startup_join.json').messages as (VectorMessage & { from: number; to: number })[];
function captured(from: number, to: number, type: string, pred: (f: Record<string, unknown>) => boolean = () => true): VectorMessage {
  const m = capture.find((x) => x.from === from && x.to === to && x.type === type && pred(x.fields));
  if (!m) throw new Error(`no captured ${type} ${from}->${to} in 01_startup_join.json`);
  return m;
}

/** Frames read from one TCP connection, decoded. */
class Peer {
  readonly frames: { bytes: Buffer; msg: ClusterMsg }[] = [];
  constructor(readonly socket: Socket, onMsg: (m: ClusterMsg) => void = () => {}) {
    const dec = new FrameDecoder();
    socket.on('data', (chunk: Buffer) => {
      const { frames, error } = dec.push(chunk);
      for (const f of frames) {
        const msg = decodeMessage(f);
        this.frames.push({ bytes: Buffer.from(f), msg });
        onMsg(msg);
      }
      if (error) socket.destroy(error);
    });
    socket.on('error', () => {});
  }
  async next<K extends ClusterMsg['kind']>(kind: K, what: string): Promise<{ bytes: Buffer; msg: Extract<ClusterMsg, { kind: K }> }> {
    const f = await eventually(() => this.frames.find((x) => x.msg.kind === kind), { timeoutMs: 10_000, what });
    return f as { bytes: Buffer; msg: Extract<ClusterMsg, { kind: K }> };
  }
}

/** Same capability, packet type and BIN version, and the same decoded field names (entries included). */
function assertSameLayout(ours: Buffer, theirs: Buffer, what: string): void {
  const a = peekHeader(ours);
  const b = peekHeader(theirs);
  assert.deepEqual([a.capability, a.type, a.version], [b.capability, b.type, b.version], `${what}: header`);
  const keys = (m: ClusterMsg): string[] => {
    const top = Object.keys(m).sort();
    if (m.kind !== 'full_top_update') return top;
    return [...top, ...m.entries.slice(0, 1).flatMap((e) => Object.keys(e).sort().map((k) => `entries[0].${k}`))];
  };
  assert.deepEqual(keys(decodeMessage(ours)), keys(decodeMessage(theirs)), `${what}: fields`);
}

test('replayed OpenSIPS join of node 4: UNKNOWN_ID, learning, PING(req=1), PONG, FULL_TOP_UPDATE', async () => {
  const { dir, cleanup } = tempDir();
  const clAddr = await allocAddr(1);
  const cl = buildMember(dir, clAddr, []);
  const fakePort = await freePort(FAKE_HOST);
  const fakeUrl = `bin:${FAKE_HOST}:${fakePort}`;
  // Like a real node 4, the fake answers every PING at once with a PONG on its own connection to the pinger.
  const pong = encodeMessage({ kind: 'pong', clusterId: 1, srcId: 4, nodeIds: [] });
  let out: Peer | undefined;
  const inbound: Peer[] = [];
  const server: Server = createServer((s) => inbound.push(new Peer(s, (m) => m.kind === 'ping' && out?.socket.write(pong))));
  try {
    await cl.node.start();
    await new Promise<void>((r, j) => server.once('error', j).listen({ host: FAKE_HOST, port: fakePort }, () => r()));

    // 1. PING 4->1 (req_node_list=1), the captured bytes unchanged
    const ping = captured(4, 1, 'PING', (f) => f.req_node_list === 1);
    const sock = connect({ host: clAddr.host, port: clAddr.port, localAddress: FAKE_HOST });
    out = new Peer(sock);
    await new Promise<void>((r, j) => sock.once('connect', r).once('error', j));
    sock.write(bytesOf(ping));

    // 2. UNKNOWN_ID comes back on the same connection; it is the captured packet byte for byte
    const unknown = await out.next('unknown_id', 'UNKNOWN_ID on the PING connection');
    assert.deepEqual(unknown.msg, { kind: 'unknown_id', clusterId: 1, srcId: 1 });
    assert.deepEqual(unknown.bytes, bytesOf(captured(1, 4, 'UNKNOWN_ID')));

    // 3. NODE_DESCRIPTION 4->1: the captured message with only the URL changed to our listener
    const descCap = captured(4, 1, 'NODE_DESCRIPTION');
    const desc = decodeMessage(bytesOf(descCap));
    assert.deepEqual(encodeMessage(desc), bytesOf(descCap), 'the captured description re-encodes identically');
    assert.ok(desc.kind === 'node_description' && desc.url === 'bin:127.0.0.4:5566');
    const descFrame = encodeMessage({ ...desc, url: fakeUrl });
    assertSameLayout(descFrame, bytesOf(descCap), 'NODE_DESCRIPTION');
    sock.write(descFrame);
    await eventually(() => cl.node.api.getNodes(1).find((s) => s.nodeId === 4 && s.url === fakeUrl && s.priority === 3), { what: 'node 4 learned' });

    // 4. The cl node opens its own connection to node 4's URL, from its own IP, and pings with req_node_list=1
    const conn = await eventually(() => inbound[0], { timeoutMs: 10_000, what: 'connection from the cl node' });
    assert.equal(conn.socket.remoteAddress?.replace(/^::ffff:/, ''), clAddr.host, 'bound to its own IP');
    const clPing = await conn.next('ping', 'PING from the cl node');
    assert.deepEqual(clPing.msg, { kind: 'ping', clusterId: 1, srcId: 1, reqNodeList: 1 });
    assert.deepEqual(clPing.bytes, bytesOf(captured(1, 4, 'PING', (f) => f.req_node_list === 1)), 'same bytes as OpenSIPS node 1 sent');

    // 5. The fake answered it with a PONG on its own connection to the cl node (node 4 knows nobody else)
    assertSameLayout(pong, bytesOf(captured(4, 1, 'PONG')), 'PONG');

    // 6. The link comes up and the cl node sends a FULL_TOP_UPDATE whose first entry is itself
    const top = await conn.next('full_top_update', 'FULL_TOP_UPDATE from the cl node');
    assert.deepEqual(encodeMessage(decodeMessage(top.bytes)), top.bytes, 'well-formed: re-encodes to identical bytes');
    const t = top.msg;
    assert.deepEqual([t.clusterId, t.srcId, t.path], [1, 1, [1]]);
    assert.equal(t.entries.length, 1, 'only itself: it knows no node but the destination');
    const first = t.entries[0]!;
    assert.equal(first.nodeId, 1);
    assert.equal(first.description, undefined, 'own entry has has_descr=0');
    assert.equal(first.lsTimestamp, 0);
    assert.deepEqual(first.neighbours, [4]);
    assert.ok(Math.abs(t.timestamp - Date.now() / 1000) < 60, 'timestamp in Unix seconds');
    assertSameLayout(top.bytes, bytesOf(captured(1, 4, 'FULL_TOP_UPDATE')), 'FULL_TOP_UPDATE');
    const s4 = cl.node.api.getNodes(1).find((s) => s.nodeId === 4)!;
    assert.deepEqual([s4.linkState, s4.nextHop], ['Up', 4]);
    // nothing the cl node sent was malformed
    for (const p of [out, ...inbound]) for (const f of p.frames) assert.deepEqual(encodeMessage(f.msg), f.bytes, `${f.msg.kind} re-encodes`);
  } finally {
    out?.socket.destroy();
    for (const p of inbound) p.socket.destroy();
    await new Promise<void>((r) => server.close(() => r()));
    await stopAll([cl]);
    cleanup();
  }
});

test('a newcomer that sent its own description gets the whole topology at once, before its link is Up', async () => {
  const { dir, cleanup } = tempDir();
  const [a1, a2] = [await allocAddr(1), await allocAddr(2)];
  const members = [buildMember(dir, a1, []), buildMember(dir, a2, [a1])];
  const fakePort = await freePort(FAKE_HOST);
  const fakeUrl = `bin:${FAKE_HOST}:${fakePort}`;
  const inbound: Peer[] = [];
  const server: Server = createServer((s) => inbound.push(new Peer(s))); // never answers: the link with node 1 stays down
  let out: Peer | undefined;
  try {
    await startAll(members);
    await waitConverged(members);
    await new Promise<void>((r, j) => server.once('error', j).listen({ host: FAKE_HOST, port: fakePort }, () => r()));
    const sock = connect({ host: a1.host, port: a1.port, localAddress: FAKE_HOST });
    out = new Peer(sock);
    await new Promise<void>((r, j) => sock.once('connect', r).once('error', j));
    sock.write(bytesOf(captured(4, 1, 'PING', (f) => f.req_node_list === 1)));
    await out.next('unknown_id', 'UNKNOWN_ID');
    const desc = decodeMessage(bytesOf(captured(4, 1, 'NODE_DESCRIPTION')));
    assert.ok(desc.kind === 'node_description');
    sock.write(encodeMessage({ ...desc, url: fakeUrl }));

    const conn = await eventually(() => inbound[0], { timeoutMs: 10_000, what: 'connection from node 1' });
    const top = await conn.next('full_top_update', 'FULL_TOP_UPDATE from node 1');
    assert.equal(conn.frames[0]?.msg.kind, 'full_top_update', 'the topology comes first, before any PING');
    const byId = new Map(top.msg.entries.map((e) => [e.nodeId, e]));
    assert.deepEqual([...byId.keys()].sort(), [1, 2], 'node 1 itself and node 2, not the newcomer');
    assert.equal(byId.get(1)?.description, undefined, 'own entry without description');
    assert.equal(byId.get(2)?.description?.url, a2.url, 'node 2 described: the newcomer can ping it');
    assert.deepEqual(encodeMessage(top.msg), top.bytes, 'well-formed');
    assert.notEqual(members[0]!.node.api.getNodes(1).find((s) => s.nodeId === 4)?.linkState, 'Up', 'sent before the link is Up');
    // node 2 learned the newcomer from node 1's flood of the description
    await eventually(() => members[1]!.node.api.getNodes(1).some((s) => s.nodeId === 4 && s.url === fakeUrl), { what: 'node 2 learns node 4' });
  } finally {
    out?.socket.destroy();
    for (const p of inbound) p.socket.destroy();
    await new Promise<void>((r) => server.close(() => r()));
    await stopAll(members);
    cleanup();
  }
});
