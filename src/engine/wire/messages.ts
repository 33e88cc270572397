/** ClusterMsg <-> bytes for every clusterer message and opaque module packets. */
import { BinReader } from './buffer.js';
import { BIN_SYNC_VERSION, BIN_VERSION, CAP_EXTRA, CAP_INTERNAL, MsgType, TRAILER_SIZE } from './constants.js';
import { WireCode, WireError } from './errors.js';
import { EXTRA_TYPES, readExtraBody, writeExtraBody, writeTrailer } from './extra.js';
import { INTERNAL_TYPES, readInternal, writeInternal } from './internal.js';
import { finishPacket, peekHeader, startPacket, type PacketLimits } from './packet.js';
import type { ClusterMsg, InternalMsg, ModuleMsg, Trailer } from './types.js';

const SYNC_KINDS: ReadonlySet<ClusterMsg['kind']> = new Set(['sync_req', 'sync', 'sync_end']);
const EXTRA_TYPE_VALUES: ReadonlySet<number> = new Set(Object.values(EXTRA_TYPES));

/** BIN version encodeMessage writes for a clusterer message kind. */
export function versionFor(kind: Exclude<ClusterMsg['kind'], 'module'>): number {
  return SYNC_KINDS.has(kind) ? BIN_SYNC_VERSION : BIN_VERSION;
}

function isInternal(msg: ClusterMsg): msg is InternalMsg {
  return Object.hasOwn(INTERNAL_TYPES, msg.kind);
}

export function encodeMessage(msg: ClusterMsg, limits: PacketLimits = {}): Buffer {
  if (msg.kind === 'module') {
    if (msg.capability === CAP_INTERNAL || msg.capability === CAP_EXTRA) {
      throw new WireError(WireCode.BAD_CAPABILITY, `module message cannot use capability ${msg.capability}`);
    }
    const w = startPacket(msg.version, msg.capability, msg.type, 64 + msg.payload.length);
    writeTrailer(w.bytes(msg.payload), msg);
    return finishPacket(w, limits);
  }
  if (isInternal(msg)) {
    const w = startPacket(BIN_VERSION, CAP_INTERNAL, INTERNAL_TYPES[msg.kind]);
    writeInternal(w, msg, limits.maxNodes);
    return finishPacket(w, limits);
  }
  if (!Object.hasOwn(EXTRA_TYPES, msg.kind)) {
    throw new WireError(WireCode.UNKNOWN_TYPE, `unknown message kind ${String(msg.kind)}`);
  }
  const w = startPacket(versionFor(msg.kind), CAP_EXTRA, EXTRA_TYPES[msg.kind], msg.kind === 'sync' ? 4096 : 128);
  writeExtraBody(w, msg);
  writeTrailer(w, msg);
  return finishPacket(w, limits);
}

/** Reads the trailer from the last 12 bytes of a whole packet whose payload starts at `payloadOffset`. */
export function trailerAt(buf: Buffer, payloadOffset: number): Trailer {
  if (buf.length - payloadOffset < TRAILER_SIZE) {
    throw new WireError(WireCode.TRUNCATED, `truncated reading trailer: ${buf.length - payloadOffset} payload bytes`);
  }
  const at = buf.length - TRAILER_SIZE;
  return { clusterId: buf.readInt32LE(at), srcId: buf.readInt32LE(at + 4), dstId: buf.readInt32LE(at + 8) };
}

/**
 * Decodes one whole packet. Throws WireError (never another type) on any
 * malformed input; the result re-encodes to the same bytes, except that
 * clusterer messages are always re-encoded with the current BIN version.
 */
export function decodeMessage(buf: Buffer, limits: PacketLimits = {}): ClusterMsg {
  const h = peekHeader(buf, limits);
  if (h.capability === CAP_INTERNAL) {
    return readInternal(new BinReader(buf, h.payloadOffset), h.type, limits.maxNodes);
  }
  if (h.capability === CAP_EXTRA) {
    // Checked before the trailer so that a wrong type is reported as such, not as a short packet.
    if (!EXTRA_TYPE_VALUES.has(h.type)) {
      throw new WireError(WireCode.UNKNOWN_TYPE, `type ${h.type} is not a clusterer-extra message`);
    }
    if ((h.type === MsgType.SYNC || h.type === MsgType.SYNC_END) && h.version !== BIN_SYNC_VERSION) {
      throw new WireError(WireCode.BAD_VERSION, `sync packet type ${h.type} has version ${h.version}, need ${BIN_SYNC_VERSION}`);
    }
    const t = trailerAt(buf, h.payloadOffset);
    return readExtraBody(new BinReader(buf, h.payloadOffset, buf.length - TRAILER_SIZE), h.type, t);
  }
  const t = trailerAt(buf, h.payloadOffset);
  const msg: ModuleMsg = {
    kind: 'module',
    capability: h.capability,
    version: h.version,
    type: h.type,
    payload: Buffer.from(buf.subarray(h.payloadOffset, buf.length - TRAILER_SIZE)),
    ...t,
  };
  return msg;
}
