/**
 * GENERIC_MSG frames in one allocation: the hot path of cluster_send_req.
 * The bytes are exactly those of `encodeMessage({kind: 'generic_msg', …})`
 * (a test compares them); anything unusual (a string or packet over its
 * limit, an id out of range) goes through `encodeMessage`, which throws the
 * usual WireError. The general encoder grows its buffer and copies the
 * result, which made it the largest single cost of sending (profile in
 * bench/RESULTS.md, "Messaging").
 */
import { BIN_VERSION, CAP_EXTRA, MARKER, MAX_PACKET, MAX_STR, MsgType, encodeMessage, type GenericMsg } from '../wire/index.js';

/** Marker, length placeholder, version, capability, type: the same for every GENERIC_MSG. */
const HEAD = (() => {
  const cap = Buffer.from(CAP_EXTRA, 'latin1');
  const h = Buffer.alloc(4 + 4 + 2 + 2 + cap.length + 4);
  MARKER.copy(h, 0);
  h.writeInt16LE(BIN_VERSION, 8);
  h.writeUInt16LE(cap.length, 10);
  cap.copy(h, 12);
  h.writeInt32LE(MsgType.GENERIC_MSG, 12 + cap.length);
  return h;
})();

/** Buffer's own UTF-8 encoder (what write(…, 'utf8') calls, without its argument handling). */
interface Utf8Writer {
  utf8Write(text: string, offset: number, length: number): number;
}

const isI32 = (v: number): boolean => Number.isInteger(v) && v >= -0x80000000 && v <= 0x7fffffff;

export function encodeGenericMsg(m: Omit<GenericMsg, 'kind'>): Buffer {
  const tagLen = Buffer.byteLength(m.tag, 'utf8');
  const msgLen = Buffer.byteLength(m.msg, 'utf8');
  const total = HEAD.length + 4 + 2 + tagLen + 2 + msgLen + 12;
  const plain = tagLen <= MAX_STR && msgLen <= MAX_STR && total <= MAX_PACKET && isI32(m.reqLike) && isI32(m.clusterId) && isI32(m.srcId) && isI32(m.dstId);
  if (!plain) return encodeMessage({ kind: 'generic_msg', ...m });
  const b = Buffer.allocUnsafe(total);
  b.set(HEAD, 0);
  b.writeUInt32LE(total, 4);
  let at = HEAD.length;
  at = b.writeInt32LE(m.reqLike, at);
  at = b.writeUInt16LE(tagLen, at);
  at += (b as unknown as Utf8Writer).utf8Write(m.tag, at, tagLen);
  at = b.writeUInt16LE(msgLen, at);
  at += (b as unknown as Utf8Writer).utf8Write(m.msg, at, msgLen);
  at = b.writeInt32LE(m.clusterId, at);
  at = b.writeInt32LE(m.srcId, at);
  b.writeInt32LE(m.dstId, at);
  return b;
}
