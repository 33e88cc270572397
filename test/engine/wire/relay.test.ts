import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WireCode, WireError } from '../../../src/engine/wire/errors.js';
import { decodeMessage, encodeMessage } from '../../../src/engine/wire/messages.js';
import { appendPathHop, readTrailer, withDst } from '../../../src/engine/wire/relay.js';
import type { ClusterMsg } from '../../../src/engine/wire/types.js';
import { bytesOf, loadAllVectors, loadVectorFile, SCENARIO_FILES, type VectorMessage } from './vectors.js';

const isCode = (code: string) => (err: unknown) => err instanceof WireError && err.code === code;
const files = loadAllVectors();
const FLOODED = new Set(['ls_update', 'full_top_update', 'node_description', 'cap_update']);
const pathOf = (m: ClusterMsg): number[] => ('path' in m ? m.path : []);

describe('readTrailer', () => {
  it('matches the annotated trailer of every routable captured packet', () => {
    let n = 0;
    for (const f of files) {
      for (const v of f.messages) {
        if (v.capability === 'clusterer-internal') continue;
        const t = v.fields.trailer as { cluster_id: number; src_node: number; dst_node: number };
        assert.deepEqual(readTrailer(bytesOf(v)), { clusterId: t.cluster_id, srcId: t.src_node, dstId: t.dst_node }, v.desc);
        n++;
      }
    }
    assert.ok(n > 100, `only ${n} routable packets`);
  });

  it('refuses clusterer-internal packets', () => {
    const ping = encodeMessage({ kind: 'ping', clusterId: 1, srcId: 2, reqNodeList: 0 });
    assert.throws(() => readTrailer(ping), isCode(WireCode.NO_TRAILER));
  });
});

describe('withDst', () => {
  it('turns one broadcast copy into the captured copy for another destination', () => {
    let pairs = 0;
    for (const f of files) {
      const routable = f.messages.filter((v) => v.capability !== 'clusterer-internal');
      const bySansDst = new Map<string, VectorMessage[]>();
      for (const v of routable) {
        const key = v.hex.slice(0, -8);
        bySansDst.set(key, [...(bySansDst.get(key) ?? []), v]);
      }
      for (const group of bySansDst.values()) {
        for (const a of group) {
          for (const b of group) {
            const dst = readTrailer(bytesOf(b)).dstId;
            assert.equal(withDst(bytesOf(a), dst).toString('hex'), b.hex);
            if (a.hex !== b.hex) pairs++;
          }
        }
      }
    }
    assert.ok(pairs > 0, 'no broadcast pairs found in the vectors');
  });

  it('returns a copy and leaves the input alone', () => {
    const b = encodeMessage({ kind: 'shtag_active', clusterId: 1, srcId: 1, dstId: 2, tagName: 'vip' });
    const before = b.toString('hex');
    const c = withDst(b, 3);
    assert.equal(b.toString('hex'), before);
    assert.deepEqual(decodeMessage(c), { kind: 'shtag_active', clusterId: 1, srcId: 1, dstId: 3, tagName: 'vip' });
  });
});

describe('appendPathHop', () => {
  it('reproduces every relayed flood copy of the captures from its parent', () => {
    let matched = 0;
    let children = 0;
    const unmatched: string[] = [];
    for (const f of SCENARIO_FILES.map(loadVectorFile)) {
      const flooded = f.messages
        .map((v) => ({ v, m: decodeMessage(bytesOf(v)) }))
        .filter(({ m }) => FLOODED.has(m.kind));
      for (const child of flooded) {
        const path = pathOf(child.m);
        if (path.length < 2) continue;
        children++;
        const hop = path[path.length - 1]!;
        const parents = flooded.filter(({ m }) => m.kind === child.m.kind && pathOf(m).join() === path.slice(0, -1).join());
        if (parents.some(({ v }) => appendPathHop(bytesOf(v), hop).toString('hex') === child.v.hex)) matched++;
        else unmatched.push(`${f.name}: ${child.v.desc}`);
      }
    }
    assert.ok(children > 20, `only ${children} relayed copies`);
    assert.deepEqual(unmatched, []);
    assert.equal(matched, children);
  });

  it('grows the README LS_UPDATE example from path [1] to [1, 2]', () => {
    const types = loadVectorFile('bin_packet_types.json').messages;
    const parent = types.find((v) => v.desc.startsWith('LS_UPDATE node1 -> node3 (origin 1: link to node 4 is LS_DOWN, path [1])'))!;
    const child = types.find((v) => v.desc.startsWith('LS_UPDATE node2 -> node4 (origin 1: link to node 4 is LS_DOWN, path [1, 2])'))!;
    const out = appendPathHop(bytesOf(parent), 2);
    assert.equal(out.length, bytesOf(parent).length + 4);
    assert.equal(out.toString('hex'), child.hex);
  });

  it('zeroes require_reply of CAP_UPDATE', () => {
    const m: ClusterMsg = { kind: 'cap_update', clusterId: 1, srcId: 1, seq: 0, timestamp: 5, nodes: [{ nodeId: 1, caps: [{ name: 'x', state: 0 }] }], requireReply: 1, path: [1] };
    assert.deepEqual(decodeMessage(appendPathHop(encodeMessage(m), 2)), { ...m, requireReply: 0, path: [1, 2] });
  });

  it('keeps the received BIN version', () => {
    const b = encodeMessage({ kind: 'node_description', clusterId: 1, srcId: 4, url: 'bin:x', sipAddr: '', priority: 3, noPingRetries: 3, path: [4] });
    b.writeInt16LE(7, 8);
    assert.equal(appendPathHop(b, 1).readInt16LE(8), 7);
  });

  it('refuses non-flooded messages, full paths and oversized results', () => {
    assert.throws(() => appendPathHop(encodeMessage({ kind: 'ping', clusterId: 1, srcId: 2, reqNodeList: 0 }), 3), isCode(WireCode.NOT_FLOODED));
    const long: ClusterMsg = { kind: 'ls_update', clusterId: 1, srcId: 1, seq: 0, timestamp: 0, neighbourId: 2, state: 0, path: Array.from({ length: 128 }, (_, i) => i) };
    assert.throws(() => appendPathHop(encodeMessage(long), 200), isCode(WireCode.BAD_COUNT));
    const desc: ClusterMsg = { kind: 'node_description', clusterId: 1, srcId: 4, url: 'u'.repeat(65515 - 62), sipAddr: '', priority: 3, noPingRetries: 3, path: [4] };
    const big = encodeMessage(desc);
    assert.equal(big.length, 65515);
    assert.throws(() => appendPathHop(big, 1), isCode(WireCode.TOO_LARGE));
  });
});
