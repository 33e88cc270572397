import { randomInt } from 'node:crypto';
import { Arena, RECORD_HEADER, type ArenaOwner } from './arena.js';

/** A record slot: free, a live entry, or a removed key kept with its time (a tombstone). */
export const FREE = 0;
export const LIVE = 1;
export const REMOVED = 2;

const EMPTY_SLOT = 0;
const DELETED_SLOT = -1;
const FIRST_RECORDS = 1024;
const FIRST_SLOTS = 2048;

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

function sameBytes(a: Buffer, aOff: number, b: Buffer, bOff: number, len: number): boolean {
  if (len > 32) return a.compare(b, bOff, bOff + len, aOff, aOff + len) === 0;
  for (let i = 0; i < len; i++) if (a[aOff + i] !== b[bOff + i]) return false;
  return true;
}

/**
 * The entries of one collection without a JavaScript object per entry: the
 * key and value bytes (UTF-8) in an `Arena`, each record's fields in typed
 * arrays indexed by a record id, and an open-addressing index (linear
 * probing) from the hash of the key bytes to the record id. A million
 * entries are a handful of typed arrays and about a hundred 1 MiB
 * segments, so inserting from a sync chunk allocates nothing per record
 * and the garbage collector has next to nothing to trace.
 *
 * A record id stays valid until the record is dropped; ids are reused.
 */
export class KvTable implements ArenaOwner {
  private readonly arena = new Arena(this);
  private flag = new Uint8Array(FIRST_RECORDS);
  private seg = new Int32Array(FIRST_RECORDS);
  private off = new Int32Array(FIRST_RECORDS);
  private klen = new Int32Array(FIRST_RECORDS);
  private vlen = new Int32Array(FIRST_RECORDS);
  private hash = new Int32Array(FIRST_RECORDS);
  private exp = new Float64Array(FIRST_RECORDS);
  private upd = new Float64Array(FIRST_RECORDS);
  private slots = new Int32Array(FIRST_SLOTS);
  private mask = FIRST_SLOTS - 1;
  private usedSlots = 0;
  private deletedSlots = 0;
  private readonly freeRids: number[] = [];
  private top = 0;
  private liveCount = 0;
  private removedCount = 0;
  private scratch = Buffer.allocUnsafe(256);

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
    return this.flag[rid]!;
  }

  expiresAt(rid: number): number {
    return this.exp[rid]!;
  }

  updatedAt(rid: number): number {
    return this.upd[rid]!;
  }

  key(rid: number): string {
    const at = this.off[rid]! + RECORD_HEADER + 2;
    return this.arena.seg(this.seg[rid]!).toString('utf8', at, at + this.klen[rid]!);
  }

  value(rid: number): string {
    const at = this.off[rid]! + RECORD_HEADER + 4 + this.klen[rid]!;
    return this.arena.seg(this.seg[rid]!).toString('utf8', at, at + this.vlen[rid]!);
  }

  /** The record of `key` (live or a tombstone), or -1. */
  find(key: string): number {
    const n = this.encode(key);
    const s = this.probe(hashBytes(this.scratch, 2, n), this.scratch, 2, n);
    return s >= 0 ? this.slots[s]! - 1 : -1;
  }

  /** Stores `value` under `key` (a live entry, replacing a value or tombstone). */
  put(key: string, value: string, expiresAt: number, updatedAt: number): void {
    const kn = this.encode(key);
    const vn = Buffer.byteLength(value, 'utf8');
    const rid = this.record(this.scratch, 0, kn, vn, 2 + kn, LIVE, expiresAt, updatedAt);
    if (vn > 0) this.arena.seg(this.seg[rid]!).write(value, this.off[rid]! + RECORD_HEADER + 4 + kn, vn, 'utf8');
    this.arena.settle();
  }

  /**
   * Stores a key and value as BIN strings: at `src[start]` the key's u16
   * length and `kLen` bytes, then the value's u16 length and `vLen` bytes
   * (UTF-8, checked by the caller), as a sync chunk or an insert carries
   * them; copied as they are, in one piece.
   */
  putBytes(src: Buffer, start: number, kLen: number, vLen: number, expiresAt: number, updatedAt: number): void {
    this.record(src, start, kLen, vLen, 4 + kLen + vLen, LIVE, expiresAt, updatedAt);
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
    if (this.flag[rid] === FREE) return;
    const h = this.hash[rid]!;
    for (let i = h & this.mask, n = 0; n <= this.mask; i = (i + 1) & this.mask, n++) {
      const s = this.slots[i]!;
      if (s === EMPTY_SLOT) break;
      if (s === rid + 1) {
        this.slots[i] = DELETED_SLOT;
        this.deletedSlots++;
        this.usedSlots--;
        break;
      }
    }
    if (this.flag[rid] === LIVE) this.liveCount--;
    else this.removedCount--;
    this.arena.release(this.seg[rid]!, this.off[rid]!);
    this.flag[rid] = FREE;
    this.freeRids.push(rid);
    this.arena.settle();
  }

  /** Drops every record. */
  clear(): void {
    for (let r = 0; r < this.top; r++) this.flag[r] = FREE;
    this.slots.fill(EMPTY_SLOT);
    this.usedSlots = this.deletedSlots = this.liveCount = this.removedCount = this.top = 0;
    this.freeRids.length = 0;
    this.arena.clear();
  }

  /** Memory held: segment bytes, live bytes in them, and the typed arrays. */
  memory(): { segmentBytes: number; liveBytes: number; indexBytes: number } {
    const a = this.arena.stats();
    const perRecord = 1 + 4 * 5 + 8 * 2;
    return { segmentBytes: a.bytes, liveBytes: a.live, indexBytes: this.flag.length * perRecord + this.slots.byteLength };
  }

  isAt(rid: number, seg: number, off: number): boolean {
    return rid < this.top && this.flag[rid] !== FREE && this.seg[rid] === seg && this.off[rid] === off;
  }

  moved(rid: number, seg: number, off: number): void {
    this.seg[rid] = seg;
    this.off[rid] = off;
  }

  /**
   * Puts a record in place (new, or replacing the one of its key): `copy`
   * bytes from `src[start]` (the key's u16 length and bytes, and the value's
   * when the caller has them as bytes), the value's length, room for the
   * value's bytes; returns its id.
   */
  private record(src: Buffer, start: number, kn: number, vn: number, copy: number, state: number, expiresAt: number, updatedAt: number): number {
    const kOff = start + 2;
    const h = hashBytes(src, kOff, kn);
    const s = this.probe(h, src, kOff, kn);
    let rid: number;
    if (s >= 0) {
      rid = this.slots[s]! - 1;
      if (this.flag[rid] === LIVE) this.liveCount--;
      else this.removedCount--;
      if (this.vlen[rid] === vn) {
        // Same size: rewritten in place, no garbage (the key and both lengths are the same).
        copyBytes(src, start, this.arena.seg(this.seg[rid]!), this.off[rid]! + RECORD_HEADER, copy);
        this.flag[rid] = state;
        this.exp[rid] = expiresAt;
        this.upd[rid] = updatedAt;
        this.count(state);
        return rid;
      }
      this.arena.release(this.seg[rid]!, this.off[rid]!);
    } else {
      rid = this.newRid();
      this.hash[rid] = h;
      // Flagged before it is indexed: a rehash indexes the records that are not free.
      this.flag[rid] = state;
      this.insertSlot(~s, rid);
    }
    const off = this.arena.alloc(rid, 4 + kn + vn);
    const seg = this.arena.current;
    this.seg[rid] = seg;
    this.off[rid] = off;
    const buf = this.arena.seg(seg);
    copyBytes(src, start, buf, off + RECORD_HEADER, copy);
    buf.writeUInt16LE(vn, off + RECORD_HEADER + 2 + kn);
    this.flag[rid] = state;
    this.klen[rid] = kn;
    this.vlen[rid] = vn;
    this.exp[rid] = expiresAt;
    this.upd[rid] = updatedAt;
    this.count(state);
    return rid;
  }

  private count(state: number): void {
    if (state === LIVE) this.liveCount++;
    else this.removedCount++;
  }

  /** The slot holding these key bytes (≥ 0), or `~slot` of the slot to insert them at. */
  private probe(h: number, src: Buffer, kOff: number, kn: number): number {
    let insertAt = -1;
    for (let i = h & this.mask, n = 0; n <= this.mask; i = (i + 1) & this.mask, n++) {
      const s = this.slots[i]!;
      if (s === EMPTY_SLOT) return ~(insertAt >= 0 ? insertAt : i);
      if (s === DELETED_SLOT) {
        if (insertAt < 0) insertAt = i;
        continue;
      }
      const rid = s - 1;
      if (this.hash[rid] === h && this.klen[rid] === kn && sameBytes(this.arena.seg(this.seg[rid]!), this.off[rid]! + RECORD_HEADER + 2, src, kOff, kn)) return i;
    }
    // Never reached: the index is kept at most half full.
    return ~insertAt;
  }

  private insertSlot(slot: number, rid: number): void {
    if (this.slots[slot] === DELETED_SLOT) this.deletedSlots--;
    this.slots[slot] = rid + 1;
    this.usedSlots++;
    if ((this.usedSlots + this.deletedSlots) * 2 > this.slots.length) this.rehash();
  }

  /** A new index, twice as large when more than a quarter of the slots hold records, with no deleted slots. */
  private rehash(): void {
    const size = this.usedSlots * 4 > this.slots.length ? this.slots.length * 2 : this.slots.length;
    const slots = new Int32Array(size);
    const mask = size - 1;
    for (let rid = 0; rid < this.top; rid++) {
      if (this.flag[rid] === FREE) continue;
      let i = this.hash[rid]! & mask;
      while (slots[i] !== EMPTY_SLOT) i = (i + 1) & mask;
      slots[i] = rid + 1;
    }
    this.slots = slots;
    this.mask = mask;
    this.deletedSlots = 0;
  }

  private newRid(): number {
    const free = this.freeRids.pop();
    if (free !== undefined) return free;
    if (this.top === this.flag.length) this.growRecords();
    return this.top++;
  }

  private growRecords(): void {
    const n = this.flag.length * 2;
    const grow = <T extends Uint8Array | Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.flag = grow(this.flag, (k) => new Uint8Array(k));
    this.seg = grow(this.seg, (k) => new Int32Array(k));
    this.off = grow(this.off, (k) => new Int32Array(k));
    this.klen = grow(this.klen, (k) => new Int32Array(k));
    this.vlen = grow(this.vlen, (k) => new Int32Array(k));
    this.hash = grow(this.hash, (k) => new Int32Array(k));
    this.exp = grow(this.exp, (k) => new Float64Array(k));
    this.upd = grow(this.upd, (k) => new Float64Array(k));
  }

  /** `key` as a BIN string (u16 length, UTF-8 bytes) into the scratch buffer, with room for a u16 after; returns its byte count. */
  private encode(key: string): number {
    if (key.length * 3 + 4 > this.scratch.length) this.scratch = Buffer.allocUnsafe(Math.max(key.length * 3 + 4, this.scratch.length * 2));
    const n = this.scratch.write(key, 2, 'utf8');
    this.scratch.writeUInt16LE(n, 0);
    return n;
  }
}
