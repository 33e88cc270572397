import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BinWriter } from '../../../src/engine/wire/buffer.js';
import { CAP_EXTRA, CAP_INTERNAL, MsgType } from '../../../src/engine/wire/constants.js';
import { WireCode, WireError } from '../../../src/engine/wire/errors.js';
import { decodeMessage, encodeMessage } from '../../../src/engine/wire/messages.js';
import { encodePacket } from '../../../src/engine/wire/packet.js';
import type { ClusterMsg } from '../../../src/engine/wire/types.js';
import { bytesOf, loadVectorFile } from './vectors.js';

const isCode = (code: string) => (err: unknown) => err instanceof WireError && err.code === code;
const hex = (s: string): string => s.replace(/\s+/g, '');

/** A raw packet whose payload is built by `body` (no validation of the content). */
function raw(capability: string, type: number, body: (w: BinWriter) => void, version = 1): Buffer {
  const w = new BinWriter();
  body(w);
  return encodePacket({ version, capability, type, payload: w.finish() });
}
const trailer = (w: BinWriter): BinWriter => w.i32(1).i32(2).i32(3);

const samples: ClusterMsg[] = [
  { kind: 'ping', clusterId: 1, srcId: 2, reqNodeList: 1 },
  { kind: 'pong', clusterId: 1, srcId: 2, nodeIds: [3, 4, 5] },
  { kind: 'ls_update', clusterId: 1, srcId: 2, seq: 7, timestamp: 1795294535, neighbourId: 3, state: 1, path: [2, 1] },
  {
    kind: 'full_top_update',
    clusterId: 9,
    srcId: 2,
    seq: 0,
    timestamp: -5,
    entries: [
      { nodeId: 2, lsSeq: -1, lsTimestamp: 0, neighbours: [1] },
      { nodeId: 3, description: { url: 'bin:10.0.0.3:5566', sipAddr: 'sip:x', priority: 50, noPingRetries: 3 }, lsSeq: 4, lsTimestamp: 17, neighbours: [] },
    ],
    path: [2],
  },
  { kind: 'unknown_id', clusterId: 1, srcId: 1 },
  { kind: 'node_description', clusterId: 1, srcId: 4, url: 'bin:127.0.0.4:5566', sipAddr: '', priority: 3, noPingRetries: 3, path: [4, 1] },
  {
    kind: 'cap_update',
    clusterId: 1,
    srcId: 2,
    seq: 3,
    timestamp: 100,
    nodes: [{ nodeId: 2, caps: [{ name: 'dialog-dlg-repl', state: 1 }, { name: 'tm-repl', state: 0 }] }, { nodeId: 5, caps: [] }],
    requireReply: 1,
    path: [2],
  },
  { kind: 'remove_node', clusterId: 1, srcId: 1, dstId: 4, targetId: 4 },
  { kind: 'generic_msg', clusterId: 1, srcId: 1, dstId: 2, reqLike: 1, tag: '1-1-ABC', msg: 'héllo ✓' },
  { kind: 'mi_cmd', clusterId: 1, srcId: 1, dstId: 2, cmdName: 'raise_event', params: ['E_X', '', '{"a":1}'] },
  { kind: 'sync_req', clusterId: 1, srcId: 2, dstId: 1, capability: 'cachedb-local-repl' },
  { kind: 'sync', clusterId: 1, srcId: 1, dstId: 2, capability: 'cachedb-local-repl', dataVersion: 1, chunks: [Buffer.from('0102', 'hex'), Buffer.alloc(0)] },
  { kind: 'sync', clusterId: 1, srcId: 1, dstId: 2, capability: 'c', dataVersion: 1, chunks: [] },
  { kind: 'sync_end', clusterId: 1, srcId: 1, dstId: 2, capability: 'cachedb-local-repl', totalChunks: 4 },
  { kind: 'shtag_active', clusterId: 1, srcId: 1, dstId: 2, tagName: 'vip' },
  { kind: 'module', clusterId: 1, srcId: 1, dstId: 3, capability: 'dialog-dlg-repl', version: 5, type: 3, payload: Buffer.from('abcdef', 'hex') },
  { kind: 'module', clusterId: 1, srcId: 1, dstId: 3, capability: 'm', version: 1, type: 1, payload: Buffer.alloc(0) },
];

describe('encodeMessage / decodeMessage', () => {
  it('encodes the PING worked example of reference §1.7 (46 bytes)', () => {
    const b = encodeMessage({ kind: 'ping', clusterId: 1, srcId: 2, reqNodeList: 1 });
    const expected = hex(`50 34 43 4b  2e 00 00 00  01 00  12 00
      63 6c 75 73 74 65 72 65 72 2d 69 6e 74 65 72 6e 61 6c
      00 00 00 00
      01 00 00 00  02 00 00 00  01 00 00 00`);
    assert.equal(b.length, 46);
    assert.equal(b.toString('hex'), expected);
  });

  it('encodes the GENERIC_MSG worked example of reference §1.7 (60 bytes)', () => {
    const b = encodeMessage({ kind: 'generic_msg', clusterId: 1, srcId: 1, dstId: 2, reqLike: 1, tag: '1-1-ABC', msg: 'hi' });
    const expected = hex(`50 34 43 4b  3c 00 00 00  01 00  0f 00
      63 6c 75 73 74 65 72 65 72 2d 65 78 74 72 61
      07 00 00 00
      01 00 00 00
      07 00 31 2d 31 2d 41 42 43
      02 00 68 69
      01 00 00 00  01 00 00 00  02 00 00 00`);
    assert.equal(b.length, 60);
    assert.equal(b.toString('hex'), expected);
  });

  it('round-trips one message of every kind', () => {
    for (const m of samples) {
      const b = encodeMessage(m);
      assert.deepEqual(decodeMessage(b), m, m.kind);
      assert.equal(encodeMessage(decodeMessage(b)).toString('hex'), b.toString('hex'), m.kind);
    }
  });

  it('writes version 3 for SYNC_REQ/SYNC/SYNC_END and 1 for the others', () => {
    for (const m of samples) {
      const v = encodeMessage(m).readInt16LE(8);
      const want = m.kind === 'module' ? m.version : ['sync_req', 'sync', 'sync_end'].includes(m.kind) ? 3 : 1;
      assert.equal(v, want, m.kind);
    }
  });

  it('accepts non-sync clusterer messages of any version, re-encoding them with the current one', () => {
    const ping = raw(CAP_INTERNAL, MsgType.PING, (w) => w.i32(1).i32(2).i32(0), 2);
    const m = decodeMessage(ping);
    assert.deepEqual(m, { kind: 'ping', clusterId: 1, srcId: 2, reqNodeList: 0 });
    assert.equal(encodeMessage(m).readInt16LE(8), 1);
    const req = raw(CAP_EXTRA, MsgType.SYNC_REQ, (w) => trailer(w.str('c')), 2);
    assert.equal(decodeMessage(req).kind, 'sync_req');
  });

  it('rejects SYNC and SYNC_END with a version other than 3', () => {
    const sync = raw(CAP_EXTRA, MsgType.SYNC, (w) => trailer(w.str('c').i32(1)), 2);
    assert.throws(() => decodeMessage(sync), isCode(WireCode.BAD_VERSION));
    const end = raw(CAP_EXTRA, MsgType.SYNC_END, (w) => trailer(w.str('c').i32(0)), 1);
    assert.throws(() => decodeMessage(end), isCode(WireCode.BAD_VERSION));
    const ok = raw(CAP_EXTRA, MsgType.SYNC_END, (w) => trailer(w.str('c').i32(0)), 3);
    assert.equal(decodeMessage(ok).kind, 'sync_end');
  });

  it('rejects unknown types and types under the wrong capability', () => {
    for (const t of [6, 7, 8, 10, 11, 12, 13, 14, -1, 101]) {
      const b = raw(CAP_INTERNAL, t, (w) => w.i32(1).i32(2).i32(0).i32(0).i32(0).i32(0));
      assert.throws(() => decodeMessage(b), isCode(WireCode.UNKNOWN_TYPE), `internal type ${t}`);
    }
    for (const t of [0, 1, 2, 3, 4, 5, 9, 14, -1, 101]) {
      const b = raw(CAP_EXTRA, t, (w) => trailer(w.i32(0)), 3);
      assert.throws(() => decodeMessage(b), isCode(WireCode.UNKNOWN_TYPE), `extra type ${t}`);
    }
  });

  it('checks node-list, neighbour and path counts', () => {
    const pong = (n: number, ids: number) => raw(CAP_INTERNAL, MsgType.PONG, (w) => { w.i32(1).i32(2).i32(n); for (let i = 0; i < ids; i++) w.i32(i); });
    assert.equal(decodeMessage(pong(128, 128)).kind, 'pong');
    assert.throws(() => decodeMessage(pong(129, 129)), isCode(WireCode.BAD_COUNT));
    assert.throws(() => decodeMessage(pong(-1, 0)), isCode(WireCode.BAD_COUNT));
    const ls = (pathLen: number) =>
      raw(CAP_INTERNAL, MsgType.LS_UPDATE, (w) => { w.i32(1).i32(2).i32(0).i32(0).i32(3).i32(0).i32(pathLen); for (let i = 0; i < Math.max(0, pathLen); i++) w.i32(i); });
    assert.equal(decodeMessage(ls(1)).kind, 'ls_update');
    assert.equal(decodeMessage(ls(128)).kind, 'ls_update');
    assert.throws(() => decodeMessage(ls(0)), isCode(WireCode.BAD_COUNT));
    assert.throws(() => decodeMessage(ls(129)), isCode(WireCode.BAD_COUNT));
    assert.throws(() => decodeMessage(ls(-3)), isCode(WireCode.BAD_COUNT));
    const top = (nodes: number, neigh: number) =>
      raw(CAP_INTERNAL, MsgType.FULL_TOP_UPDATE, (w) => w.i32(1).i32(2).i32(0).i32(0).i32(nodes).i32(2).i32(0).i32(-1).i32(0).i32(neigh).i32(1).i32(2));
    assert.equal(decodeMessage(top(1, 0)).kind, 'full_top_update');
    assert.throws(() => decodeMessage(top(129, 0)), isCode(WireCode.BAD_COUNT));
    assert.throws(() => decodeMessage(top(1, 129)), isCode(WireCode.BAD_COUNT));
    assert.throws(() => decodeMessage(top(1, -1)), isCode(WireCode.BAD_COUNT));
    const cap = (nodes: number, caps: number) =>
      raw(CAP_INTERNAL, MsgType.CAP_UPDATE, (w) => w.i32(1).i32(2).i32(0).i32(0).i32(nodes).i32(2).i32(caps).i32(0).i32(1).i32(2));
    assert.equal(decodeMessage(cap(1, 0)).kind, 'cap_update');
    assert.throws(() => decodeMessage(cap(129, 0)), isCode(WireCode.BAD_COUNT));
    assert.throws(() => decodeMessage(cap(1, -1)), isCode(WireCode.BAD_COUNT));
    assert.throws(() => decodeMessage(cap(1, 1 << 30)), isCode(WireCode.TRUNCATED));
  });

  it('rejects has_description other than 0/1', () => {
    const b = raw(CAP_INTERNAL, MsgType.FULL_TOP_UPDATE, (w) => w.i32(1).i32(2).i32(0).i32(0).i32(1).i32(2).i32(2).i32(-1).i32(0).i32(0).i32(1).i32(2));
    assert.throws(() => decodeMessage(b), isCode(WireCode.BAD_VALUE));
  });

  it('limits MI params to 20 on encode and 128 on decode', () => {
    const base = { kind: 'mi_cmd' as const, clusterId: 1, srcId: 1, dstId: 2, cmdName: 'x' };
    assert.equal(encodeMessage({ ...base, params: Array<string>(20).fill('p') }).length > 0, true);
    assert.throws(() => encodeMessage({ ...base, params: Array<string>(21).fill('p') }), isCode(WireCode.BAD_COUNT));
    const mi = (n: number) => raw(CAP_EXTRA, MsgType.MI_CMD, (w) => { w.str('x').i32(n); for (let i = 0; i < n; i++) w.str('p'); trailer(w); });
    assert.equal(decodeMessage(mi(128)).kind, 'mi_cmd');
    assert.throws(() => decodeMessage(mi(129)), isCode(WireCode.BAD_COUNT));
    assert.throws(() => decodeMessage(mi(-1)), isCode(WireCode.BAD_COUNT));
  });

  it('checks counts on encode too', () => {
    assert.throws(() => encodeMessage({ kind: 'pong', clusterId: 1, srcId: 2, nodeIds: Array<number>(129).fill(1) }), isCode(WireCode.BAD_COUNT));
    assert.throws(
      () => encodeMessage({ kind: 'ls_update', clusterId: 1, srcId: 2, seq: 0, timestamp: 0, neighbourId: 3, state: 0, path: [] }),
      isCode(WireCode.BAD_COUNT),
    );
    assert.throws(() => encodeMessage({ kind: 'ping', clusterId: 2 ** 31, srcId: 2, reqNodeList: 0 }), isCode(WireCode.BAD_VALUE));
  });

  it('rejects trailing bytes after the last field', () => {
    const ping = raw(CAP_INTERNAL, MsgType.PING, (w) => w.i32(1).i32(2).i32(0).i32(0));
    assert.throws(() => decodeMessage(ping), isCode(WireCode.TRAILING_BYTES));
    const unknown = raw(CAP_INTERNAL, MsgType.UNKNOWN_ID, (w) => w.i32(1).i32(2).i32(0));
    assert.throws(() => decodeMessage(unknown), isCode(WireCode.TRAILING_BYTES));
    const shtag = raw(CAP_EXTRA, MsgType.SHTAG_ACTIVE, (w) => trailer(w.str('vip').i32(0)));
    assert.throws(() => decodeMessage(shtag), isCode(WireCode.TRAILING_BYTES));
    const remove = raw(CAP_EXTRA, MsgType.REMOVE_NODE, (w) => trailer(w.i32(4).i16(0)));
    assert.throws(() => decodeMessage(remove), isCode(WireCode.TRAILING_BYTES));
  });

  it('checks SYNC chunk markers and lengths', () => {
    const sync = (f: (w: BinWriter) => void) => raw(CAP_EXTRA, MsgType.SYNC, (w) => { w.str('c').i32(1); f(w); trailer(w); }, 3);
    assert.equal(decodeMessage(sync((w) => w.i32(1).i32(101010101).bytes(Buffer.from([7])))).kind, 'sync');
    assert.throws(() => decodeMessage(sync((w) => w.i32(1).i32(101010102).bytes(Buffer.from([7])))), isCode(WireCode.BAD_CHUNK_MARKER));
    assert.throws(() => decodeMessage(sync((w) => w.i32(2).i32(101010101).bytes(Buffer.from([7])))), isCode(WireCode.TRUNCATED));
    assert.throws(() => decodeMessage(sync((w) => w.i32(-1).i32(101010101))), isCode(WireCode.BAD_LENGTH));
    assert.throws(() => decodeMessage(sync((w) => w.i16(0))), isCode(WireCode.TRUNCATED));
  });

  it('needs a whole trailer on extra and module packets', () => {
    const extra = raw(CAP_EXTRA, MsgType.SHTAG_ACTIVE, (w) => w.i32(1).i32(2));
    assert.throws(() => decodeMessage(extra), isCode(WireCode.TRUNCATED));
    const mod = raw('dialog-dlg-repl', 1, (w) => w.i32(1).i32(2).i16(3));
    assert.throws(() => decodeMessage(mod), isCode(WireCode.TRUNCATED));
    const empty = raw('dialog-dlg-repl', 1, trailer);
    assert.deepEqual(decodeMessage(empty), { kind: 'module', capability: 'dialog-dlg-repl', version: 1, type: 1, payload: Buffer.alloc(0), clusterId: 1, srcId: 2, dstId: 3 });
  });

  it('refuses a module message that claims a clusterer capability', () => {
    for (const capability of [CAP_INTERNAL, CAP_EXTRA, '']) {
      const m: ClusterMsg = { kind: 'module', clusterId: 1, srcId: 1, dstId: 2, capability, version: 1, type: 0, payload: Buffer.alloc(0) };
      assert.throws(() => encodeMessage(m), isCode(WireCode.BAD_CAPABILITY), capability);
    }
  });

  it('refuses to build a packet over 65515 bytes', () => {
    const m: ClusterMsg = { kind: 'generic_msg', clusterId: 1, srcId: 1, dstId: 2, reqLike: 1, tag: 't', msg: 'x'.repeat(65535) };
    assert.throws(() => encodeMessage(m), isCode(WireCode.TOO_LARGE));
  });

  it('throws TRUNCATED for every proper prefix of captured packets', () => {
    const types = loadVectorFile('bin_packet_types.json').messages;
    for (const v of types) {
      const b = bytesOf(v);
      for (let n = 0; n < b.length; n++) {
        assert.throws(() => decodeMessage(b.subarray(0, n)), isCode(WireCode.TRUNCATED), `${v.desc} prefix ${n}`);
      }
    }
  });

  it('throws only WireError when the body is cut short but the length field is patched to match', () => {
    const types = loadVectorFile('bin_packet_types.json').messages;
    for (const v of types) {
      const b = bytesOf(v);
      const start = 16 + b.readUInt16LE(10);
      for (let n = start; n < b.length; n++) {
        const cut = Buffer.from(b.subarray(0, n));
        cut.writeUInt32LE(n, 4);
        try {
          decodeMessage(cut);
        } catch (err) {
          assert.ok(err instanceof WireError, `${v.desc} cut at ${n}: ${String(err)}`);
        }
      }
    }
  });
});

it('node counts above 128 (MAX_NO_NODES) are refused both ways unless the limits raise them (wire_max_nodes: clusters of cl nodes only)', () => {
  const nodeIds = Array.from({ length: 200 }, (_, i) => i + 2);
  const pong = { kind: 'pong' as const, clusterId: 1, srcId: 1, nodeIds };
  assert.throws(() => encodeMessage(pong), (e: unknown) => e instanceof WireError && e.code === WireCode.BAD_COUNT);
  const frame = encodeMessage(pong, { maxNodes: 200 });
  assert.throws(() => decodeMessage(frame), (e: unknown) => e instanceof WireError && e.code === WireCode.BAD_COUNT);
  assert.deepEqual(decodeMessage(frame, { maxNodes: 200 }), { ...pong });
});
