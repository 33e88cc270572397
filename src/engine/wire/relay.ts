/** Byte-level helpers for forwarding packets without re-encoding them (reference §2.2, §2.4). */
import { CAP_INTERNAL, MAX_NO_NODES, MAX_PACKET, TRAILER_SIZE } from './constants.js';
import { WireCode, WireError } from './errors.js';
import { decodeMessage, trailerAt } from './messages.js';
import { peekHeader, type PacketLimits } from './packet.js';
import type { ClusterMsg, Trailer } from './types.js';

function checkI32(v: number, what: string): void {
  if (!Number.isInteger(v) || v < -0x80000000 || v > 0x7fffffff) {
    throw new WireError(WireCode.BAD_VALUE, `${what} out of i32 range: ${v}`);
  }
}

/** The trailer of a clusterer-extra or module packet (validates the header first). */
export function readTrailer(buf: Buffer, limits: PacketLimits = {}): Trailer {
  const h = peekHeader(buf, limits);
  if (h.capability === CAP_INTERNAL) {
    throw new WireError(WireCode.NO_TRAILER, 'clusterer-internal packets have no trailer');
  }
  return trailerAt(buf, h.payloadOffset);
}

/** A copy of a routable packet with the trailer's dst_node_id replaced (per-destination broadcast copies). */
export function withDst(buf: Buffer, dstId: number, limits: PacketLimits = {}): Buffer {
  readTrailer(buf, limits);
  checkI32(dstId, 'dst node id');
  const out = Buffer.from(buf);
  out.writeInt32LE(dstId, out.length - TRAILER_SIZE + 8);
  return out;
}

/**
 * The copy a relay floods onward: path_len + 1 and `nodeId` appended (total
 * length + 4); for CAP_UPDATE require_reply is zeroed. Every other byte,
 * the BIN version included, is kept as received.
 */
export function appendPathHop(buf: Buffer, nodeId: number, limits: PacketLimits = {}, decoded?: ClusterMsg): Buffer {
  // `decoded`: the packet as the caller already decoded it from these very bytes (spares a second decode).
  const msg = decoded ?? decodeMessage(buf, limits);
  if (msg.kind !== 'ls_update' && msg.kind !== 'full_top_update' && msg.kind !== 'node_description' && msg.kind !== 'cap_update') {
    throw new WireError(WireCode.NOT_FLOODED, `${msg.kind} is not a flooded message`);
  }
  const n = msg.path.length;
  const maxNodes = limits.maxNodes ?? MAX_NO_NODES;
  if (n + 1 > maxNodes) throw new WireError(WireCode.BAD_COUNT, `path of ${n + 1} hops exceeds ${maxNodes}`);
  const max = limits.maxPacket ?? MAX_PACKET;
  if (buf.length + 4 > max) throw new WireError(WireCode.TOO_LARGE, `packet of ${buf.length + 4} bytes exceeds ${max}`);
  checkI32(nodeId, 'node id');
  // decodeMessage rejects trailing bytes, so the path is exactly the last 4 * (n + 1) bytes.
  const pathLenAt = buf.length - 4 * n - 4;
  const out = Buffer.alloc(buf.length + 4);
  buf.copy(out);
  out.writeUInt32LE(out.length, 4);
  out.writeInt32LE(n + 1, pathLenAt);
  out.writeInt32LE(nodeId, buf.length);
  if (msg.kind === 'cap_update') out.writeInt32LE(0, pathLenAt - 4);
  return out;
}
