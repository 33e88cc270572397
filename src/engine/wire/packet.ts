import { BinReader, BinWriter } from './buffer.js';
import { CAP_EXTRA, CAP_INTERNAL, HEADER_SIZE, MARKER, MAX_PACKET, MIN_PACKET } from './constants.js';
import { WireCode, WireError } from './errors.js';

/** A generic BIN packet: header fields plus the opaque bytes after the type. */
export interface BinPacket {
  version: number;
  capability: string;
  type: number;
  payload: Buffer;
}

export interface PacketHeader {
  /** Total packet length from the length field. */
  length: number;
  version: number;
  capability: string;
  type: number;
  /** Offset of the first payload byte (16 + capability length). */
  payloadOffset: number;
}

export interface PacketLimits {
  /** Largest packet accepted/built; default MAX_PACKET (65515). */
  maxPacket?: number;
  /**
   * Largest node count (node lists, topology entries, path) accepted/built;
   * default MAX_NO_NODES (128), OpenSIPS's. A larger value is for clusters of
   * `cl` nodes only: OpenSIPS refuses such packets.
   */
  maxNodes?: number;
}

const MARKER_U32 = MARKER.readUInt32LE(0);

/** Bytes before the payload for a capability name of `capLen` bytes. */
function payloadOffsetFor(capLen: number): number {
  return HEADER_SIZE + 2 + capLen + 4;
}

/** Starts a packet: header with a placeholder length; append the payload, then call finishPacket. */
export function startPacket(version: number, capability: string, type: number, sizeHint = 128): BinWriter {
  if (capability.length === 0) throw new WireError(WireCode.BAD_CAPABILITY, 'empty capability name');
  return new BinWriter(sizeHint).bytes(MARKER).u32(0).i16(version).str(capability).i32(type);
}

/** Patches the total length into a packet built with startPacket and enforces the size limit. */
export function finishPacket(w: BinWriter, limits: PacketLimits = {}): Buffer {
  const max = limits.maxPacket ?? MAX_PACKET;
  if (w.length > max) throw new WireError(WireCode.TOO_LARGE, `packet of ${w.length} bytes exceeds ${max}`);
  // The writer was sized for the packet and is dropped now: its bytes are the packet, no copy.
  return w.patchU32(MARKER.length, w.length).finishView();
}

export function encodePacket(pkt: BinPacket, limits: PacketLimits = {}): Buffer {
  const w = startPacket(pkt.version, pkt.capability, pkt.type, 64 + pkt.payload.length);
  return finishPacket(w.bytes(pkt.payload), limits);
}

/**
 * Validates marker, length field (== buf.length, within MIN_PACKET..max) and
 * capability length, and returns the header. Does not copy anything.
 */
export function peekHeader(buf: Buffer, limits: PacketLimits = {}): PacketHeader {
  const max = limits.maxPacket ?? MAX_PACKET;
  if (buf.length < MARKER.length) {
    throw new WireError(WireCode.TRUNCATED, `truncated reading marker: ${buf.length} bytes`);
  }
  if (buf.readUInt32LE(0) !== MARKER_U32) {
    throw new WireError(WireCode.BAD_MARKER, `bad packet marker ${buf.subarray(0, 4).toString('hex')}`);
  }
  const r = new BinReader(buf, MARKER.length);
  const length = r.u32('packet length');
  if (length < MIN_PACKET) throw new WireError(WireCode.BAD_LENGTH, `packet length ${length} < ${MIN_PACKET}`);
  if (length > max) throw new WireError(WireCode.TOO_LARGE, `packet length ${length} > ${max}`);
  if (buf.length < length) {
    throw new WireError(WireCode.TRUNCATED, `truncated packet: length field ${length}, have ${buf.length} bytes`);
  }
  if (buf.length > length) {
    throw new WireError(WireCode.BAD_LENGTH, `length field ${length} but buffer holds ${buf.length} bytes`);
  }
  const version = r.i16('version');
  const capLen = buf.readUInt16LE(HEADER_SIZE);
  if (capLen === 0) throw new WireError(WireCode.BAD_CAPABILITY, 'empty capability name');
  if (payloadOffsetFor(capLen) > length) {
    throw new WireError(WireCode.BAD_LENGTH, `capability length ${capLen} does not fit in a ${length}-byte packet`);
  }
  const known = knownCapability(buf, HEADER_SIZE + 2, capLen);
  if (known !== undefined) r.bytes(2 + capLen, 'capability');
  const capability = known ?? r.str('capability');
  const type = r.i32('packet type');
  return { length, version, capability, type, payloadOffset: r.offset };
}

const KNOWN_CAPABILITIES = [CAP_EXTRA, CAP_INTERNAL].map((name) => ({ name, bytes: Buffer.from(name, 'latin1') }));

/** The clusterer's own capability names, recognised without decoding a string for every packet. */
function knownCapability(buf: Buffer, at: number, len: number): string | undefined {
  for (const k of KNOWN_CAPABILITIES) {
    if (k.bytes.length === len && buf.compare(k.bytes, 0, len, at, at + len) === 0) return k.name;
  }
  return undefined;
}

/** Decodes one whole packet. The payload is a view into `buf` (not a copy). */
export function decodePacket(buf: Buffer, limits: PacketLimits = {}): BinPacket {
  const h = peekHeader(buf, limits);
  return { version: h.version, capability: h.capability, type: h.type, payload: buf.subarray(h.payloadOffset) };
}
