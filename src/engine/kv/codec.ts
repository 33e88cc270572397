import { BinReader, BinWriter, WireCode, WireError } from '../wire/index.js';
import type { KvChange, SnapshotEntry } from './types.js';

/** Packet types of `cachedb-local-repl` (reference Appendix A). */
export const KvPacketType = {
  /** Insert/store: collection, key, value, expires (seconds from now, 0 = never). */
  INSERT: 1,
  /** Remove: collection, key. */
  REMOVE: 2,
  /** Ours, between `cl` nodes only: i32 count, then count × (i32 type 1|2, that type's fields). */
  BATCH: 100,
  /** Ours, between `cl` nodes only: a batch whose changes carry their write time, and an ack id (see timed-batch.ts). */
  TIMED_BATCH: 101,
} as const;

/** Most changes one batch carries; a batch also stays under a BIN packet (see `BatchWriter`). */
export const MAX_BATCH = 10_000;

/** The sync chunks' data version (cachedb_local sends its BIN version, 1). */
export const KV_SYNC_DATA_VERSION = 1;
/**
 * Ours, to `cl` requesters only: version 1's fields plus when the value was
 * written (u32 high, u32 low of ms since the epoch); expires −1 marks a key
 * removed at that time (a tombstone, empty value), so that a merge after a
 * partition removes what the other side removed.
 */
export const KV_SYNC_DATA_VERSION_CL = 2;
/** The expires of a version-2 chunk that carries a removal. */
export const REMOVED_MARK = -1;

/**
 * Payload of an insert packet: what follows the packet type, before the
 * trailer. Values travel as their UTF-8 bytes; the store accepts text only.
 */
export function encodeStore(c: { collection: string; key: string; value: string; expiresSec: number }): Buffer {
  const w = new BinWriter(16 + c.collection.length + c.key.length + c.value.length * 3);
  return w.str(c.collection).str(c.key).str(c.value).i32(c.expiresSec).finish();
}

/** Payload of a remove packet. */
export function encodeRemove(c: { collection: string; key: string }): Buffer {
  return new BinWriter(8 + c.collection.length + c.key.length).str(c.collection).str(c.key).finish();
}

/** Encodes a change as its packet type and payload. */
export function encodeChange(c: KvChange): { type: number; payload: Buffer } {
  return c.op === 'store' ? { type: KvPacketType.INSERT, payload: encodeStore(c) } : { type: KvPacketType.REMOVE, payload: encodeRemove(c) };
}

function readExpires(r: BinReader, what: string, removedMark = false): number {
  const v = r.i32(what);
  if (v < 0 && !(removedMark && v === REMOVED_MARK)) throw new WireError(WireCode.BAD_VALUE, `${what} is negative (${v}); expected seconds, 0 = never`);
  return v;
}

/**
 * Decodes the payload of a `cachedb-local-repl` packet. Throws a WireError
 * naming the field: a truncated or non-UTF-8 string (binary values of an
 * OpenSIPS peer are refused here), a negative expiry, bytes after the last
 * field, or a type other than 1 and 2.
 */
export function decodeKvPacket(type: number, payload: Buffer): KvChange {
  const r = new BinReader(payload);
  const c = readChange(r, type);
  r.expectEnd(c.op === 'store' ? 'insert expires' : 'remove key');
  return c;
}

/** Reads the fields of one change of `type` (1 insert, 2 remove). */
export function readChange(r: BinReader, type: number): KvChange {
  if (type === KvPacketType.INSERT) {
    const collection = r.str('insert collection');
    const key = r.str('insert key');
    const value = r.str('insert value');
    const expiresSec = readExpires(r, 'insert expires');
    return { op: 'store', collection, key, value, expiresSec };
  }
  if (type === KvPacketType.REMOVE) {
    const collection = r.str('remove collection');
    const key = r.str('remove key');
    return { op: 'remove', collection, key };
  }
  throw new WireError(WireCode.UNKNOWN_TYPE, `cachedb-local-repl packet type ${type} is neither insert (1) nor remove (2)`);
}

/** Data of one sync chunk (without its size and marker words): the fields of an insert. */
export function encodeChunk(e: SnapshotEntry): Buffer {
  return writeChunk(new BinWriter(16 + e.collection.length + e.key.length + e.value.length * 3), e).finish();
}

/** Writes the data of one sync chunk into `w` (a SYNC packet being built). */
export function writeChunk(w: BinWriter, e: SnapshotEntry): BinWriter {
  return w.str(e.collection).str(e.key).str(e.value).i32(e.remainingSec);
}

/** Decodes the data of one sync chunk; WireError naming the field on bad input. */
export function decodeChunk(buf: Buffer): SnapshotEntry {
  const r = new BinReader(buf);
  const collection = r.str('chunk collection');
  const key = r.str('chunk key');
  const value = r.str('chunk value');
  const remainingSec = readExpires(r, 'chunk expires');
  r.expectEnd('chunk expires');
  return { collection, key, value, remainingSec };
}

/** Data of a version-2 chunk (to `cl` requesters): the insert fields, then `updatedAt`. */
export function encodeChunkV2(e: SnapshotEntry): Buffer {
  return writeChunkV2(new BinWriter(24 + e.collection.length + e.key.length + e.value.length * 3), e).finish();
}

/** Writes the data of one version-2 chunk into `w`. */
export function writeChunkV2(w: BinWriter, e: SnapshotEntry): BinWriter {
  const t = Math.max(0, Math.floor(e.updatedAt ?? 0));
  const expires = e.removed ? REMOVED_MARK : e.remainingSec;
  return w.str(e.collection).str(e.key).str(e.removed ? '' : e.value).i32(expires).u32(Math.floor(t / 0x1_0000_0000)).u32(t % 0x1_0000_0000);
}

/** Decodes a version-2 chunk; WireError naming the field on bad input. */
export function decodeChunkV2(buf: Buffer): SnapshotEntry & { updatedAt: number } {
  const r = new BinReader(buf);
  const collection = r.str('chunk collection');
  const key = r.str('chunk key');
  const value = r.str('chunk value');
  const expires = readExpires(r, 'chunk expires', true);
  const hi = r.u32('chunk updated_at high');
  const lo = r.u32('chunk updated_at low');
  r.expectEnd('chunk updated_at');
  const updatedAt = hi * 0x1_0000_0000 + lo;
  return expires === REMOVED_MARK ? { collection, key, value, remainingSec: 0, updatedAt, removed: true } : { collection, key, value, remainingSec: expires, updatedAt };
}

/** Where the fields of a sync chunk lie in its buffer; one is filled per chunk by `scanChunk`. */
export interface ChunkSpan {
  collection: string;
  /** Offset of the key's u16 length; the value's follows the key's bytes (see `KvTable.putBytes`). */
  start: number;
  keyLen: number;
  valueLen: number;
  remainingSec: number;
  /** 0 in a version-1 chunk. */
  updatedAt: number;
  /** A version-2 chunk of a removed key (a tombstone). */
  removed: boolean;
}

/**
 * Checks a sync chunk of `version` (1 or 2) as `decodeChunk` /
 * `decodeChunkV2` do, with the same errors, but leaves key and value as
 * bytes: fills `out` and returns it.
 */
export function scanChunk(buf: Buffer, version: number, out: ChunkSpan): ChunkSpan {
  const r = new BinReader(buf);
  out.collection = r.str('chunk collection');
  out.start = r.offset;
  out.keyLen = r.skipStr('chunk key');
  out.valueLen = r.skipStr('chunk value');
  const v2 = version === KV_SYNC_DATA_VERSION_CL;
  const expires = readExpires(r, 'chunk expires', v2);
  out.removed = expires === REMOVED_MARK;
  out.remainingSec = out.removed ? 0 : expires;
  if (v2) {
    const hi = r.u32('chunk updated_at high');
    out.updatedAt = hi * 0x1_0000_0000 + r.u32('chunk updated_at low');
    r.expectEnd('chunk updated_at');
  } else {
    out.updatedAt = 0;
    r.expectEnd('chunk expires');
  }
  return out;
}

/** Decodes a batch (type 100) into its changes, in order; WireError naming the field and the change's index. */
export function decodeBatch(payload: Buffer): KvChange[] {
  const r = new BinReader(payload);
  const n = r.count('batch count', 0, MAX_BATCH);
  const out: KvChange[] = [];
  for (let i = 0; i < n; i++) {
    const type = r.i32(`batch change ${i} type`);
    if (type !== KvPacketType.INSERT && type !== KvPacketType.REMOVE) throw new WireError(WireCode.UNKNOWN_TYPE, `batch change ${i}: type ${type} is neither insert (1) nor remove (2)`);
    out.push(readChange(r, type));
  }
  r.expectEnd('batch');
  return out;
}

/** Most payload bytes of a batch: it must fit in a BIN packet with the header, capability and trailer. */
export const MAX_BATCH_BYTES = 65_515 - 64;

/**
 * Builds batch payloads: changes appended in order, a new batch when one is
 * full. A plain batch (type 100) is `i32 count, count × change`; a timed one
 * (type 101, `timed-batch.ts`) puts its `u32 ack id` before the count and
 * each change's write time after it.
 */
export class BatchWriter {
  private w: BinWriter;
  private n = 0;
  readonly done: Buffer[] = [];

  /** `ackId`: a timed batch carrying it; none: a plain batch. `sizeHint`: about the bytes the changes will take (the first buffer's size). */
  constructor(
    private readonly ackId?: number,
    private sizeHint = 4096,
  ) {
    this.w = this.fresh();
  }

  private fresh(): BinWriter {
    const w = new BinWriter(Math.min(MAX_BATCH_BYTES + 1024, Math.max(256, this.sizeHint)));
    this.sizeHint = 4096;
    if (this.ackId !== undefined) w.u32(this.ackId);
    return w.i32(0);
  }

  /** Appends a change; `at` (ms since the epoch) is its write time, written in a timed batch only. */
  add(c: KvChange, at = 0): void {
    const start = this.w.length;
    this.w.i32(c.op === 'store' ? KvPacketType.INSERT : KvPacketType.REMOVE).str(c.collection).str(c.key);
    if (c.op === 'store') this.w.str(c.value).i32(c.expiresSec);
    if (this.ackId !== undefined) {
      const t = Math.max(0, Math.floor(at));
      this.w.u32(Math.floor(t / 0x1_0000_0000)).u32(t % 0x1_0000_0000);
    }
    if (this.w.length > MAX_BATCH_BYTES && this.n > 0) {
      const bytes = Buffer.from(this.w.view(start));
      this.w.truncate(start);
      this.close();
      this.w.bytes(bytes);
    }
    this.n++;
    if (this.n >= MAX_BATCH) this.close();
  }

  private close(): void {
    if (this.n === 0) return;
    // A view, not a copy: each payload is copied into its packets and then dropped.
    this.done.push(this.w.patchU32(this.ackId === undefined ? 0 : 4, this.n).finishView());
    this.w = this.fresh();
    this.n = 0;
  }

  /** Every batch so far, the last one closed. */
  finish(): Buffer[] {
    this.close();
    return this.done;
  }
}
