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

/** Frames are cut from a shared slab: no allocation nor length pre-computation per frame. */
const SLAB_SIZE = 64 * 1024;
let slab = Buffer.allocUnsafeSlow(SLAB_SIZE);
let slabAt = 0;

export function encodeGenericMsg(m: Omit<GenericMsg, 'kind'>): Buffer {
  // A string of more UTF-16 units than MAX_STR has more UTF-8 bytes too: over the limit for sure.
  const ids = isI32(m.reqLike) && isI32(m.clusterId) && isI32(m.srcId) && isI32(m.dstId);
  if (!ids || m.tag.length > MAX_STR || m.msg.length > MAX_STR) return encodeMessage({ kind: 'generic_msg', ...m });
  // Room for the worst case (3 UTF-8 bytes per UTF-16 unit); the real lengths come from the writes.
  const bound = HEAD.length + 4 + 2 + 3 * m.tag.length + 2 + 3 * m.msg.length + 12;
  if (slab.length - slabAt < bound) {
    slab = Buffer.allocUnsafeSlow(Math.max(SLAB_SIZE, bound));
    slabAt = 0;
  }
  const b = slab as Buffer & Utf8Writer;
  const start = slabAt;
  b.set(HEAD, start);
  let at = b.writeInt32LE(m.reqLike, start + HEAD.length);
  const tagLen = b.utf8Write(m.tag, at + 2, 3 * m.tag.length);
  b.writeUInt16LE(tagLen & 0xffff, at);
  at += 2 + tagLen;
  const msgLen = b.utf8Write(m.msg, at + 2, 3 * m.msg.length);
  b.writeUInt16LE(msgLen & 0xffff, at);
  at += 2 + msgLen;
  at = b.writeInt32LE(m.clusterId, at);
  at = b.writeInt32LE(m.srcId, at);
  at = b.writeInt32LE(m.dstId, at);
  const total = at - start;
  // Over a limit: the general encoder reports it (the slab space is reused).
  if (tagLen > MAX_STR || msgLen > MAX_STR || total > MAX_PACKET) return encodeMessage({ kind: 'generic_msg', ...m });
  b.writeUInt32LE(total, start + 4);
  slabAt = at;
  return b.subarray(start, at);
}
