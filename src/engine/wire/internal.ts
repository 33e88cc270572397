/** Bodies of the `clusterer-internal` messages (front header cluster_id, src_node_id). */
import { BinReader, BinWriter } from './buffer.js';
import { MAX_NO_NODES, MsgType } from './constants.js';
import { WireCode, WireError } from './errors.js';
import type { CapNodeBlock, InternalMsg, NodeDescription, TopEntry } from './types.js';

export const INTERNAL_TYPES: Readonly<Record<InternalMsg['kind'], number>> = {
  ping: MsgType.PING,
  pong: MsgType.PONG,
  ls_update: MsgType.LS_UPDATE,
  full_top_update: MsgType.FULL_TOP_UPDATE,
  unknown_id: MsgType.UNKNOWN_ID,
  node_description: MsgType.NODE_DESCRIPTION,
  cap_update: MsgType.CAP_UPDATE,
};

function checkCount(what: string, n: number, min: number, max: number): void {
  if (n < min || n > max) throw new WireError(WireCode.BAD_COUNT, `${what} ${n} outside ${min}..${max}`);
}

function writeIds(w: BinWriter, what: string, ids: readonly number[], min: number, max: number): void {
  checkCount(what, ids.length, min, max);
  w.i32(ids.length);
  for (const id of ids) w.i32(id);
}

function readIds(r: BinReader, what: string, min: number, max: number): number[] {
  const n = r.count(what, min, max);
  const ids: number[] = [];
  for (let i = 0; i < n; i++) ids.push(r.i32(`${what} entry ${i}`));
  return ids;
}

function writeDescription(w: BinWriter, d: NodeDescription): void {
  w.str(d.url).str(d.sipAddr).i32(d.priority).i32(d.noPingRetries);
}

function readDescription(r: BinReader): NodeDescription {
  return { url: r.str('url'), sipAddr: r.str('sip_addr'), priority: r.i32('priority'), noPingRetries: r.i32('no_ping_retries') };
}

/** Writes the body after the packet type: front header, fields, path. */
export function writeInternal(w: BinWriter, msg: InternalMsg, maxNodes = MAX_NO_NODES): void {
  w.i32(msg.clusterId).i32(msg.srcId);
  switch (msg.kind) {
    case 'ping':
      w.i32(msg.reqNodeList);
      return;
    case 'pong':
      writeIds(w, 'pong nr_nodes', msg.nodeIds, 0, maxNodes);
      return;
    case 'ls_update':
      w.i32(msg.seq).i32(msg.timestamp).i32(msg.neighbourId).i32(msg.state);
      break;
    case 'full_top_update':
      w.i32(msg.seq).i32(msg.timestamp);
      checkCount('full_top_update no_nodes', msg.entries.length, 0, maxNodes);
      w.i32(msg.entries.length);
      for (const e of msg.entries) writeTopEntry(w, e, maxNodes);
      break;
    case 'unknown_id':
      return;
    case 'node_description':
      writeDescription(w, msg);
      break;
    case 'cap_update':
      w.i32(msg.seq).i32(msg.timestamp);
      checkCount('cap_update nr_nodes', msg.nodes.length, 0, maxNodes);
      w.i32(msg.nodes.length);
      for (const b of msg.nodes) writeCapBlock(w, b);
      w.i32(msg.requireReply);
      break;
  }
  writeIds(w, 'path_len', msg.path, 1, maxNodes);
}

function writeTopEntry(w: BinWriter, e: TopEntry, maxNodes: number): void {
  w.i32(e.nodeId).i32(e.description ? 1 : 0);
  if (e.description) writeDescription(w, e.description);
  w.i32(e.lsSeq).i32(e.lsTimestamp);
  writeIds(w, 'no_neigh', e.neighbours, 0, maxNodes);
}

function writeCapBlock(w: BinWriter, b: CapNodeBlock): void {
  w.i32(b.nodeId).i32(b.caps.length);
  for (const c of b.caps) w.str(c.name).i32(c.state);
}

/** Reads the body of internal type `type` up to the end of the reader; rejects trailing bytes. */
export function readInternal(r: BinReader, type: number, maxNodes = MAX_NO_NODES): InternalMsg {
  const clusterId = r.i32('cluster_id');
  const srcId = r.i32('src_node_id');
  let msg: InternalMsg;
  switch (type) {
    case MsgType.PING:
      msg = { kind: 'ping', clusterId, srcId, reqNodeList: r.i32('req_node_list') };
      break;
    case MsgType.PONG:
      msg = { kind: 'pong', clusterId, srcId, nodeIds: readIds(r, 'pong nr_nodes', 0, maxNodes) };
      break;
    case MsgType.LS_UPDATE: {
      const seq = r.i32('ls_seq_no');
      const timestamp = r.i32('timestamp');
      const neighbourId = r.i32('neigh_id');
      const state = r.i32('new_ls');
      msg = { kind: 'ls_update', clusterId, srcId, seq, timestamp, neighbourId, state, path: readIds(r, 'path_len', 1, maxNodes) };
      break;
    }
    case MsgType.FULL_TOP_UPDATE: {
      const seq = r.i32('top_seq_no');
      const timestamp = r.i32('timestamp');
      const n = r.count('full_top_update no_nodes', 0, maxNodes);
      const entries: TopEntry[] = [];
      for (let i = 0; i < n; i++) entries.push(readTopEntry(r, maxNodes));
      msg = { kind: 'full_top_update', clusterId, srcId, seq, timestamp, entries, path: readIds(r, 'path_len', 1, maxNodes) };
      break;
    }
    case MsgType.UNKNOWN_ID:
      msg = { kind: 'unknown_id', clusterId, srcId };
      break;
    case MsgType.NODE_DESCRIPTION: {
      const d = readDescription(r);
      msg = { kind: 'node_description', clusterId, srcId, ...d, path: readIds(r, 'path_len', 1, maxNodes) };
      break;
    }
    case MsgType.CAP_UPDATE: {
      const seq = r.i32('cap_seq_no');
      const timestamp = r.i32('timestamp');
      const n = r.count('cap_update nr_nodes', 0, maxNodes);
      const nodes: CapNodeBlock[] = [];
      for (let i = 0; i < n; i++) nodes.push(readCapBlock(r));
      const requireReply = r.i32('require_reply');
      msg = { kind: 'cap_update', clusterId, srcId, seq, timestamp, nodes, requireReply, path: readIds(r, 'path_len', 1, maxNodes) };
      break;
    }
    default:
      throw new WireError(WireCode.UNKNOWN_TYPE, `type ${type} is not a clusterer-internal message`);
  }
  r.expectEnd(msg.kind);
  return msg;
}

function readTopEntry(r: BinReader, maxNodes: number): TopEntry {
  const nodeId = r.i32('node_id');
  const has = r.i32('has_description');
  if (has !== 0 && has !== 1) throw new WireError(WireCode.BAD_VALUE, `has_description ${has} is neither 0 nor 1`);
  const description = has === 1 ? readDescription(r) : undefined;
  const lsSeq = r.i32('ls_seq_no');
  const lsTimestamp = r.i32('ls_timestamp');
  const neighbours = readIds(r, 'no_neigh', 0, maxNodes);
  return description ? { nodeId, description, lsSeq, lsTimestamp, neighbours } : { nodeId, lsSeq, lsTimestamp, neighbours };
}

function readCapBlock(r: BinReader): CapNodeBlock {
  const nodeId = r.i32('cap node_id');
  // No protocol bound on nr_caps; each entry takes >= 6 bytes, so a bogus count fails as TRUNCATED quickly.
  const n = r.count('nr_caps', 0, 0x7fffffff);
  const caps: CapNodeBlock['caps'] = [];
  for (let i = 0; i < n; i++) caps.push({ name: r.str('cap_name'), state: r.i32('cap state') });
  return { nodeId, caps };
}
