/** Bodies of the `clusterer-extra` messages (payload before the 12-byte trailer). */
import { BinReader, BinWriter } from './buffer.js';
import { MAX_MI_PARAMS, MAX_NO_NODES, MsgType, SYNC_CHUNK_MARKER } from './constants.js';
import { WireCode, WireError } from './errors.js';
import type { ExtraMsg, Trailer } from './types.js';

export const EXTRA_TYPES: Readonly<Record<ExtraMsg['kind'], number>> = {
  remove_node: MsgType.REMOVE_NODE,
  generic_msg: MsgType.GENERIC_MSG,
  mi_cmd: MsgType.MI_CMD,
  sync_req: MsgType.SYNC_REQ,
  sync: MsgType.SYNC,
  sync_end: MsgType.SYNC_END,
  shtag_active: MsgType.SHTAG_ACTIVE,
};

/** Accepted on decode (3.x/4.x senders never exceed 20, but nothing on the wire enforces it). */
const MAX_MI_PARAMS_DECODE = MAX_NO_NODES;

/** Writes the payload of an extra message, without the trailer. */
export function writeExtraBody(w: BinWriter, msg: ExtraMsg): void {
  switch (msg.kind) {
    case 'remove_node':
      w.i32(msg.targetId);
      return;
    case 'generic_msg':
      w.i32(msg.reqLike).str(msg.tag).str(msg.msg);
      return;
    case 'mi_cmd':
      if (msg.params.length > MAX_MI_PARAMS) {
        throw new WireError(WireCode.BAD_COUNT, `MI_CMD with ${msg.params.length} params exceeds ${MAX_MI_PARAMS}`);
      }
      w.str(msg.cmdName).i32(msg.params.length);
      for (const p of msg.params) w.str(p);
      return;
    case 'sync_req':
      w.str(msg.capability);
      return;
    case 'sync':
      w.str(msg.capability).i32(msg.dataVersion);
      for (const c of msg.chunks) w.i32(c.length).i32(SYNC_CHUNK_MARKER).bytes(c);
      return;
    case 'sync_end':
      w.str(msg.capability).i32(msg.totalChunks);
      return;
    case 'shtag_active':
      w.str(msg.tagName);
      return;
  }
}

export function writeTrailer(w: BinWriter, t: Trailer): void {
  w.i32(t.clusterId).i32(t.srcId).i32(t.dstId);
}

/** Reads the payload of extra type `type` (reader ends where the trailer begins). */
export function readExtraBody(r: BinReader, type: number, t: Trailer): ExtraMsg {
  const base = { clusterId: t.clusterId, srcId: t.srcId, dstId: t.dstId };
  let msg: ExtraMsg;
  switch (type) {
    case MsgType.REMOVE_NODE:
      msg = { kind: 'remove_node', ...base, targetId: r.i32('target_node') };
      break;
    case MsgType.GENERIC_MSG: {
      // The hot path of messaging: one object literal, no spread.
      const reqLike = r.i32('req_like');
      const tag = r.str('tag');
      const text = r.str('msg');
      msg = { kind: 'generic_msg', clusterId: t.clusterId, srcId: t.srcId, dstId: t.dstId, reqLike, tag, msg: text };
      break;
    }
    case MsgType.MI_CMD: {
      const cmdName = r.str('cmd_name');
      const n = r.count('mi no_params', 0, MAX_MI_PARAMS_DECODE);
      const params: string[] = [];
      for (let i = 0; i < n; i++) params.push(r.str(`mi param ${i}`));
      msg = { kind: 'mi_cmd', ...base, cmdName, params };
      break;
    }
    case MsgType.SYNC_REQ:
      msg = { kind: 'sync_req', ...base, capability: r.str('sync capability') };
      break;
    case MsgType.SYNC: {
      const capability = r.str('sync capability');
      const dataVersion = r.i32('data_version');
      msg = { kind: 'sync', ...base, capability, dataVersion, chunks: readChunks(r) };
      break;
    }
    case MsgType.SYNC_END: {
      const capability = r.str('sync capability');
      msg = { kind: 'sync_end', ...base, capability, totalChunks: r.i32('no_sync_chunks') };
      break;
    }
    case MsgType.SHTAG_ACTIVE:
      msg = { kind: 'shtag_active', ...base, tagName: r.str('tag_name') };
      break;
    default:
      throw new WireError(WireCode.UNKNOWN_TYPE, `type ${type} is not a clusterer-extra message`);
  }
  r.expectEnd(msg.kind);
  return msg;
}

function readChunks(r: BinReader): Buffer[] {
  const chunks: Buffer[] = [];
  while (r.remaining > 0) {
    const i = chunks.length;
    const len = r.i32(`sync chunk ${i} length`);
    if (len < 0) throw new WireError(WireCode.BAD_LENGTH, `sync chunk ${i} has negative length ${len}`);
    const marker = r.i32(`sync chunk ${i} marker`);
    if (marker !== SYNC_CHUNK_MARKER) {
      throw new WireError(WireCode.BAD_CHUNK_MARKER, `sync chunk ${i} marker ${marker}, expected ${SYNC_CHUNK_MARKER}`);
    }
    // A view, not a copy: the capability reads each chunk while the packet is handled.
    chunks.push(r.bytes(len, `sync chunk ${i} data`));
  }
  return chunks;
}
