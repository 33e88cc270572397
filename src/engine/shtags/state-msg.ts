/**
 * `cl-shtag`: a module capability of our own that carries what SHTAG_ACTIVE
 * cannot (its layout is fixed): which tags a node arbitrates, with which
 * policy, and since when it is active. OpenSIPS has no handler for this
 * capability and drops the packets.
 *
 * STATE (type 1) payload, BIN encoding, version 1:
 *   i32 count, then per tag: str name, i32 active (0/1),
 *   u32 since_hi, u32 since_lo (ms since the epoch), i32 policy flags,
 *   i32 supersedes (node id, 0 = none), u32 superseded_hi, u32 superseded_lo,
 *   i32 owner (the node the sender believes active, 0 = unknown).
 */
import { BinReader, BinWriter, encodeMessage, WireCode, WireError } from '../wire/index.js';

export const SHTAG_CAPABILITY = 'cl-shtag';
export const SHTAG_CAP_VERSION = 1;
export const ShtagMsgType = { STATE: 1 } as const;
/** Tags per STATE: policy tags are configured by hand, a few at most; this bounds a hostile count. */
export const MAX_STATE_ENTRIES = 512;

export interface PeerTagState {
  name: string;
  active: boolean;
  /** When it became active (ms since the epoch); 0 when backup. */
  since: number;
  flags: number;
  /**
   * A handover: the node whose activation this one replaced while it was
   * reachable (0 = none), and that activation's `since` as the sender
   * learned it from that node's own STATE (0 when unknown).
   */
  supersedes: number;
  supersededSince: number;
  /** Who the sender believes active (itself when active; 0 = unknown). */
  owner: number;
}

const TWO_32 = 2 ** 32;

/** A time in ms since the epoch as two u32 words (high, low): exact up to 2^53. */
function writeTime(w: BinWriter, ms: number): void {
  const t = Math.max(0, Math.floor(ms));
  w.u32(Math.floor(t / TWO_32)).u32(t % TWO_32);
}

function readTime(r: BinReader, what: string): number {
  return r.u32(`cl-shtag ${what}_hi`) * TWO_32 + r.u32(`cl-shtag ${what}_lo`);
}

export function encodeStatePayload(entries: readonly PeerTagState[]): Buffer {
  if (entries.length > MAX_STATE_ENTRIES) throw new WireError(WireCode.BAD_COUNT, `${entries.length} tags in one STATE, at most ${MAX_STATE_ENTRIES}`);
  const w = new BinWriter(16 + entries.length * 32);
  w.i32(entries.length);
  for (const e of entries) {
    w.str(e.name).i32(e.active ? 1 : 0);
    writeTime(w, e.since);
    w.i32(e.flags).i32(e.supersedes);
    writeTime(w, e.supersededSince);
    w.i32(e.owner);
  }
  return w.finish();
}

/** Throws WireError on a malformed payload. */
export function decodeStatePayload(payload: Buffer): PeerTagState[] {
  const r = new BinReader(payload);
  const n = r.count('cl-shtag tag count', 0, MAX_STATE_ENTRIES);
  const out: PeerTagState[] = [];
  for (let i = 0; i < n; i++) {
    const name = r.str('cl-shtag tag name');
    const active = r.i32('cl-shtag state') === 1;
    const since = readTime(r, 'since');
    const flags = r.i32('cl-shtag flags');
    const supersedes = r.i32('cl-shtag supersedes');
    const supersededSince = readTime(r, 'superseded');
    out.push({ name, active, since, flags, supersedes, supersededSince, owner: r.i32('cl-shtag owner') });
  }
  r.expectEnd('cl-shtag STATE');
  return out;
}

export function stateFrame(clusterId: number, srcId: number, dstId: number, entries: readonly PeerTagState[]): Buffer {
  return encodeMessage({
    kind: 'module',
    capability: SHTAG_CAPABILITY,
    version: SHTAG_CAP_VERSION,
    type: ShtagMsgType.STATE,
    payload: encodeStatePayload(entries),
    clusterId,
    srcId,
    dstId,
  });
}

export function shtagActiveFrame(clusterId: number, srcId: number, dstId: number, tagName: string): Buffer {
  return encodeMessage({ kind: 'shtag_active', tagName, clusterId, srcId, dstId });
}
