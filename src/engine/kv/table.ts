import { randomInt } from 'node:crypto';
import { Arena, RECORD_HEADER, type ArenaOwner } from './arena.js';
import { KeyIndex, type IndexOwner } from './key-index.js';
import { Records } from './records.js';

/** A record slot: free, a live entry, or a removed key kept with its time (a tombstone). */
export const FREE = 0;
export const LIVE = 1;
export const REMOVED = 2;
/** `put`'s `found` when the caller did not look the key up. */
const UNKNOWN = -2;

// One seed per process: the keys' hashes cannot be chosen from outside to collide.
const SEED = randomInt(0x7fffffff);

function hashBytes(b: Uint8Array, off: number, len: number): number {
  let h = 0x811c9dc5 ^ SEED;
  for (let i = off, end = off + len; i < end; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return h | 0;
}

/** Copies `n` bytes; short runs by hand (Buffer#copy allocates a view per call, which costs more than the bytes). */
function copyBytes(src: Buffer, from: number, dst: Buffer, to: number, n: number): void {
  if (n > 256) {
    src.copy(dst, to, from, from + n);
    return;
  }
  for (let i = 0; i < n; i++) dst[to + i] = src[from + i]!;
}

/** Buffer's own UTF-8 codec, without the argument handling of `write` and `toString` (the store's hot paths). */
interface Utf8Buffer {
  utf8Write(s: string, offset: number, length: number): number;
  utf8Slice(start: number, end: number): string;
}
const utf8 = (b: Buffer): Utf8Buffer => b as unknown as Utf8Buffer;

function sameBytes(a: Buffer, aOff: number, b: Buffer, bOff: number, len: number): boolean {
  if (len > 32) return a.compare(b, bOff, bOff + len, aOff, aOff + len) === 0;
  for (let i = 0; i < len; i++) if (a[aOff + i] !== b[bOff + i]) return false;
  return true;
}

/**
 * The entries of one collection without a JavaScript object per entry: the
 * key and value bytes (UTF-8) in an `Arena`, each record's fields in typed
 * arrays indexed by a record id (`Records`), and an open-addressing index
 * from the hash of the key bytes to the record id (`KeyIndex`). A million
 * entries are a handful of typed arrays and about a hundred 1 MiB
 * segments, so inserting from a sync chunk allocates nothing per record
 * and the garbage collector has next to nothing to trace; and every part
 * grows in bounded steps, so a growing table never stops its node for long.
 *
 * A record id stays valid until the record is dropped; ids are reused.
 */
export class KvTable implements ArenaOwner, IndexOwner {
  private readonly arena = new Arena(this);
  private readonly rec = new Records();
  private readonly index = new KeyIndex(this);
  private readonly freeRids: number[] = [];
  private top = 0;
  private liveCount = 0;
  private removedCount = 0;
  private scratch = Buffer.allocUnsafe(256);
  /** The key the scratch buffer holds (as a BIN string), and its byte count. */
  private encodedKey: string | undefined;
  private encodedLen = 0;

  /** Live entries (expired ones not yet swept included; tombstones not). */
  get size(): number {
    return this.liveCount;
  }

  /** Tombstones held. */
  get removedSize(): number {
    return this.removedCount;
  }

  /** One past the highest record id in use: iterate `0 ≤ rid < end` and check `state(rid)`. */
  get end(): number {
    return this.top;
  }

  state(rid: number): number {
    return this.rec.flag(rid);
  }

  expiresAt(rid: number): number {
    return this.rec.exp(rid);
  }

  updatedAt(rid: number): number {
    return this.rec.upd(rid);
  }

  key(rid: number): string {
    const at = this.rec.off(rid) + RECORD_HEADER + 2;
    return utf8(this.arena.seg(this.rec.seg(rid))).utf8Slice(at, at + this.rec.klen(rid));
  }

  value(rid: number): string {
    const at = this.rec.off(rid) + RECORD_HEADER + 4 + this.rec.klen(rid);
    return utf8(this.arena.seg(this.rec.seg(rid))).utf8Slice(at, at + this.rec.vlen(rid));
  }

  /** The record of the key bytes `src[off, off + len)` (live or a tombstone), or -1. */
  findBytes(src: Buffer, off: number, len: number): number {
    return this.index.find(hashBytes(src, off, len), src, off, len);
  }

  /** The record of `key` (live or a tombstone), or -1. */
  find(key: string): number {
    const n = this.encode(key);
    return this.index.find(hashBytes(this.scratch, 2, n), this.scratch, 2, n);
  }

  /**
   * Stores `value` under `key` (a live entry, replacing a value or
   * tombstone). `found`: what `find(key)` returned just before, with no
   * change of the table since (−1: absent), to spare a second lookup.
   */
  put(key: string, value: string, expiresAt: number, updatedAt: number, found = UNKNOWN): void {
    const kn = this.encode(key);
    const vn = Buffer.byteLength(value, 'utf8');
    const rid = this.record(this.scratch, 0, kn, vn, 2 + kn, LIVE, expiresAt, updatedAt, found);
    if (vn > 0) utf8(this.arena.seg(this.rec.seg(rid))).utf8Write(value, this.rec.off(rid) + RECORD_HEADER + 4 + kn, vn);
    this.arena.settle();
  }

  /**
   * Stores a key and value as BIN strings: at `src[start]` the key's u16
   * length and `kLen` bytes, then the value's u16 length and `vLen` bytes
   * (UTF-8, checked by the caller), as a sync chunk or an insert carries
   * them; copied as they are, in one piece. `found` as for `put`.
   */
  putBytes(src: Buffer, start: number, kLen: number, vLen: number, expiresAt: number, updatedAt: number, found = UNKNOWN): void {
    this.record(src, start, kLen, vLen, 4 + kLen + vLen, LIVE, expiresAt, updatedAt, found);
    this.arena.settle();
  }

  /** Replaces whatever `key` holds by a tombstone: removed at `updatedAt`, dropped at `expiresAt` (by a sweep). */
  markRemoved(key: string, updatedAt: number, expiresAt: number): void {
    const kn = this.encode(key);
    this.record(this.scratch, 0, kn, 0, 2 + kn, REMOVED, expiresAt, updatedAt);
    this.arena.settle();
  }

  /** `markRemoved` with the key as a BIN string at `src[start]` (u16 length, `kLen` UTF-8 bytes). */
  markRemovedBytes(src: Buffer, start: number, kLen: number, updatedAt: number, expiresAt: number): void {
    this.record(src, start, kLen, 0, 2 + kLen, REMOVED, expiresAt, updatedAt);
    this.arena.settle();
  }

  /** Forgets record `rid` (entry or tombstone) entirely. */
  drop(rid: number): void {
    const state = this.rec.flag(rid);
    if (state === FREE) return;
    this.index.remove(rid, this.rec.hash(rid));
    if (state === LIVE) this.liveCount--;
    else this.removedCount--;
    this.arena.release(this.rec.seg(rid), this.rec.off(rid));
    this.rec.setFlag(rid, FREE);
    this.freeRids.push(rid);
    this.arena.settle();
  }

  /** Drops every record. */
  clear(): void {
    this.rec.clear();
    this.index.clear();
    this.liveCount = this.removedCount = this.top = 0;
    this.freeRids.length = 0;
    this.arena.clear();
  }

  /** Memory held: segment bytes, live bytes in them, and the per-record arrays and index. */
  memory(): { segmentBytes: number; liveBytes: number; indexBytes: number } {
    const a = this.arena.stats();
    return { segmentBytes: a.bytes, liveBytes: a.live, indexBytes: this.rec.bytes() + this.index.bytes() };
  }

  isAt(rid: number, seg: number, off: number): boolean {
    return rid < this.top && this.rec.flag(rid) !== FREE && this.rec.seg(rid) === seg && this.rec.off(rid) === off;
  }

  moved(rid: number, seg: number, off: number): void {
    this.rec.setPlace(rid, seg, off);
  }

  hashOf(rid: number): number {
    return this.rec.hash(rid);
  }

  matches(rid: number, h: number, src: Buffer, off: number, len: number): boolean {
    return this.rec.hash(rid) === h && this.rec.klen(rid) === len && sameBytes(this.arena.seg(this.rec.seg(rid)), this.rec.off(rid) + RECORD_HEADER + 2, src, off, len);
  }

  /**
   * Puts a record in place (new, or replacing the one of its key): `copy`
   * bytes from `src[start]` (the key's u16 length and bytes, and the value's
   * when the caller has them as bytes), the value's length, room for the
   * value's bytes; returns its id.
   */
  private record(src: Buffer, start: number, kn: number, vn: number, copy: number, state: number, expiresAt: number, updatedAt: number, found = UNKNOWN): number {
    const kOff = start + 2;
    const h = hashBytes(src, kOff, kn);
    let rid = found === UNKNOWN ? this.index.find(h, src, kOff, kn) : found;
    const rec = this.rec;
    if (rid >= 0) {
      if (rec.flag(rid) === LIVE) this.liveCount--;
      else this.removedCount--;
      if (rec.vlen(rid) === vn) {
        // Same size: rewritten in place, no garbage (the key and both lengths are the same).
        copyBytes(src, start, this.arena.seg(rec.seg(rid)), rec.off(rid) + RECORD_HEADER, copy);
        rec.setFlag(rid, state);
        rec.setTimes(rid, expiresAt, updatedAt);
        this.count(state);
        return rid;
      }
      this.arena.release(rec.seg(rid), rec.off(rid));
    } else {
      rid = this.newRid();
      rec.setHash(rid, h);
      rec.setFlag(rid, state);
      this.index.insert(rid, h);
    }
    const off = this.arena.alloc(rid, 4 + kn + vn);
    const seg = this.arena.current;
    rec.setPlace(rid, seg, off);
    const buf = this.arena.seg(seg);
    copyBytes(src, start, buf, off + RECORD_HEADER, copy);
    buf.writeUInt16LE(vn, off + RECORD_HEADER + 2 + kn);
    rec.setFlag(rid, state);
    rec.setLens(rid, kn, vn);
    rec.setTimes(rid, expiresAt, updatedAt);
    this.count(state);
    return rid;
  }

  private count(state: number): void {
    if (state === LIVE) this.liveCount++;
    else this.removedCount++;
  }

  private newRid(): number {
    const free = this.freeRids.pop();
    if (free !== undefined) return free;
    this.rec.ensure(this.top + 1);
    return this.top++;
  }

  /** `key` as a BIN string (u16 length, UTF-8 bytes) into the scratch buffer, with room for a u16 after; returns its byte count. */
  private encode(key: string): number {
    // A put right after its find encodes the same key: the scratch buffer holds it still.
    if (key === this.encodedKey) return this.encodedLen;
    if (key.length * 3 + 4 > this.scratch.length) this.scratch = Buffer.allocUnsafe(Math.max(key.length * 3 + 4, this.scratch.length * 2));
    const n = utf8(this.scratch).utf8Write(key, 2, this.scratch.length - 4);
    this.scratch.writeUInt16LE(n, 0);
    this.encodedKey = key;
    this.encodedLen = n;
    return n;
  }
}
