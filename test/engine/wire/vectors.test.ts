import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BinReader } from '../../../src/engine/wire/buffer.js';
import { decodeMessage, encodeMessage } from '../../../src/engine/wire/messages.js';
import { peekHeader } from '../../../src/engine/wire/packet.js';
import type { ClusterMsg, Trailer } from '../../../src/engine/wire/types.js';
import { bytesOf, loadAllVectors, type VectorFields, type VectorMessage } from './vectors.js';

const trailer = (t: Trailer): VectorFields => ({ cluster_id: t.clusterId, src_node: t.srcId, dst_node: t.dstId });

/** The decoded message in the vector files' `fields` vocabulary. */
function toVectorFields(m: ClusterMsg): VectorFields {
  const front = 'clusterId' in m && m.kind !== 'module' && !('dstId' in m) ? { cluster_id: m.clusterId, src_node: m.srcId } : {};
  switch (m.kind) {
    case 'ping':
      return { ...front, req_node_list: m.reqNodeList };
    case 'pong':
      return { ...front, nr_nodes: m.nodeIds.length, node_list: m.nodeIds };
    case 'ls_update':
      return { ...front, ls_seq_no: m.seq, timestamp: m.timestamp, neigh_id: m.neighbourId, new_ls: m.state, path: m.path };
    case 'full_top_update':
      return {
        ...front,
        top_seq_no: m.seq,
        timestamp: m.timestamp,
        no_nodes: m.entries.length,
        nodes: m.entries.map((e) => ({
          node_id: e.nodeId,
          has_descr: e.description ? 1 : 0,
          ...(e.description
            ? { url: e.description.url, sip_addr: e.description.sipAddr, priority: e.description.priority, no_ping_retries: e.description.noPingRetries }
            : {}),
          ls_seq_no: e.lsSeq,
          ls_timestamp: e.lsTimestamp,
          neighbours: e.neighbours,
        })),
        path: m.path,
      };
    case 'unknown_id':
      return front;
    case 'node_description':
      return { ...front, url: m.url, sip_addr: m.sipAddr, priority: m.priority, no_ping_retries: m.noPingRetries, path: m.path };
    case 'cap_update':
      return {
        ...front,
        cap_seq_no: m.seq,
        timestamp: m.timestamp,
        nodes: m.nodes.map((b) => ({ node_id: b.nodeId, caps: b.caps.map((c) => ({ name: c.name, state: c.state })) })),
        require_reply: m.requireReply,
        path: m.path,
      };
    case 'remove_node':
      return { trailer: trailer(m), target_node: m.targetId };
    case 'generic_msg':
      return { trailer: trailer(m), req_like: m.reqLike, tag: m.tag, msg: m.msg };
    case 'mi_cmd':
      return { trailer: trailer(m), cmd_name: m.cmdName, no_params: m.params.length, params: m.params };
    case 'sync_req':
      return { trailer: trailer(m), capability: m.capability };
    case 'sync':
      return {
        trailer: trailer(m),
        capability: m.capability,
        data_version: m.dataVersion,
        chunks: m.chunks.map((c) => ({ chunk_size: c.length, start_marker: 101010101, data_hex: c.toString('hex') })),
      };
    case 'sync_end':
      return { trailer: trailer(m), capability: m.capability, no_sync_chunks: m.totalChunks };
    case 'shtag_active':
      return { trailer: trailer(m), tag_name: m.tagName };
    case 'module': {
      // cachedb-local-repl (reference Appendix A): type 1 = collection, attr, value, expires; type 2 = collection, attr.
      assert.equal(m.capability, 'cachedb-local-repl');
      const r = new BinReader(m.payload);
      const f: VectorFields = { trailer: trailer(m), collection: r.str('collection'), attr: r.str('attr') };
      if (m.type === 1) Object.assign(f, { value: r.str('value'), expires: r.i32('expires') });
      r.expectEnd('cachedb payload');
      return f;
    }
  }
}

/** Vector fields without the annotations that are not on the wire. */
function wireFields(v: VectorMessage): VectorFields {
  const f: VectorFields = { ...v.fields };
  delete f.new_ls_name;
  if (Array.isArray(f.chunks)) {
    f.chunks = (f.chunks as VectorFields[]).map(({ decoded: _decoded, ...rest }) => rest);
  }
  return f;
}

const files = loadAllVectors();

describe('captured vectors', () => {
  it('hold the expected number of packets', () => {
    const total = files.reduce((n, f) => n + f.messages.length, 0);
    assert.ok(total >= 2100, `only ${total} packets`);
  });

  for (const file of files) {
    it(`${file.name}: every packet decodes and re-encodes to identical bytes`, () => {
      for (const [i, v] of file.messages.entries()) {
        const buf = bytesOf(v);
        const msg = decodeMessage(buf);
        assert.equal(encodeMessage(msg).toString('hex'), v.hex, `${file.name}#${i} ${v.desc}`);
      }
    });

    it(`${file.name}: header and decoded fields agree with the annotations`, () => {
      for (const [i, v] of file.messages.entries()) {
        const buf = bytesOf(v);
        const h = peekHeader(buf);
        const where = `${file.name}#${i} ${v.desc}`;
        assert.equal(buf.length, v.len, where);
        assert.equal(h.capability, v.capability, where);
        assert.equal(h.type, v.pkt_type, where);
        assert.equal(h.version, v.bin_version, where);
        const msg = decodeMessage(buf);
        assert.deepEqual(toVectorFields(msg), wireFields(v), where);
        if (msg.kind === 'ls_update') {
          assert.equal(v.fields.new_ls_name, msg.state === 0 ? 'LS_UP' : 'LS_DOWN', where);
        }
      }
    });
  }
});
