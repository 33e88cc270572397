/** Bytes of a full-size segment; a record larger than that (it cannot be: an entry fits in a BIN packet) gets a segment of its own size. */
export const SEGMENT_BYTES = 1 << 20;
/** The first segment of a table: the next ones double up to SEGMENT_BYTES, so that a small store holds little. */
const FIRST_SEGMENT_BYTES = 16 * 1024;
/** Before every record: its id (u32) and the byte count after the header (u32), so that a segment can be walked. */
export const RECORD_HEADER = 8;

/** Where the owner of the records keeps them: asked while a segment is compacted. */
export interface ArenaOwner {
  /** Whether record `rid` lives at `(seg, off)` now (an older copy of it is garbage). */
  isAt(rid: number, seg: number, off: number): boolean;
  /** Record `rid` moved to `(seg, off)`. */
  moved(rid: number, seg: number, off: number): void;
}

/**
 * The bytes of a table's records, in segments written in order (16 KiB
 * first, doubling up to 1 MiB):
 * a record is appended to the current segment, a replaced or removed one
 * becomes garbage where it is. A segment that falls below half live is
 * compacted (its live records copied to the current segment) and freed, so
 * that the memory held stays within about twice the live bytes, and no
 * compaction copies more than half a segment at once.
 */
export class Arena {
  private readonly segs: (Buffer | undefined)[] = [];
  private readonly used: number[] = [];
  private readonly live: number[] = [];
  private readonly freeIds: number[] = [];
  private spare: Buffer | undefined;
  private cur = -1;
  private nextSize = FIRST_SEGMENT_BYTES;
  private readonly pending = new Set<number>();
  private compacting = false;

  constructor(private readonly owner: ArenaOwner) {}

  /** The segment `seg` (valid until the next write). */
  seg(seg: number): Buffer {
    return this.segs[seg]!;
  }

  /** The segment `alloc` writes to (and wrote the last record to). */
  get current(): number {
    return this.cur;
  }

  /**
   * Room for a record of `n` bytes after its header, id `rid`, in segment
   * `current`; writes the header and returns the record's offset. The caller
   * writes the bytes at `offset + RECORD_HEADER`.
   */
  alloc(rid: number, n: number): number {
    const need = RECORD_HEADER + n;
    if (this.cur < 0 || this.used[this.cur]! + need > this.segs[this.cur]!.length) this.open(need);
    const seg = this.cur;
    const buf = this.segs[seg]!;
    const off = this.used[seg]!;
    buf.writeUInt32LE(rid, off);
    buf.writeUInt32LE(n, off + 4);
    this.used[seg] = off + need;
    this.live[seg]! += need;
    return off;
  }

  /** The record at `(seg, off)` is garbage now. */
  release(seg: number, off: number): void {
    const buf = this.segs[seg]!;
    this.live[seg]! -= RECORD_HEADER + buf.readUInt32LE(off + 4);
    if (seg !== this.cur && this.live[seg]! * 2 < this.used[seg]!) this.pending.add(seg);
  }

  /** Compacts the segments that fell below half live; called by the owner at the end of each change. */
  settle(): void {
    if (this.compacting) return;
    this.compacting = true;
    try {
      for (let guard = this.segs.length + 1; this.pending.size > 0 && guard > 0; guard--) {
        const seg = this.pending.values().next().value as number;
        this.pending.delete(seg);
        if (seg !== this.cur && this.segs[seg] !== undefined) this.compact(seg);
      }
    } finally {
      this.compacting = false;
    }
  }

  /** Bytes held in segments, and live bytes (headers included). */
  stats(): { segments: number; bytes: number; live: number } {
    let bytes = 0;
    let live = 0;
    let segments = 0;
    for (let s = 0; s < this.segs.length; s++) {
      if (this.segs[s] === undefined) continue;
      segments++;
      bytes += this.segs[s]!.length;
      live += this.live[s]!;
    }
    return { segments, bytes, live };
  }

  /** Drops every segment. */
  clear(): void {
    this.segs.length = 0;
    this.used.length = 0;
    this.live.length = 0;
    this.freeIds.length = 0;
    this.pending.clear();
    this.cur = -1;
    this.nextSize = FIRST_SEGMENT_BYTES;
  }

  private open(need: number): void {
    const prev = this.cur;
    const size = Math.max(this.nextSize, need);
    this.nextSize = Math.min(SEGMENT_BYTES, this.nextSize * 2);
    const buf = size === SEGMENT_BYTES && this.spare ? this.spare : Buffer.allocUnsafe(size);
    if (buf === this.spare) this.spare = undefined;
    const id = this.freeIds.pop() ?? this.segs.length;
    this.segs[id] = buf;
    this.used[id] = 0;
    this.live[id] = 0;
    this.cur = id;
    if (prev >= 0 && this.live[prev]! * 2 < this.used[prev]!) this.pending.add(prev);
  }

  /** Copies the live records of `seg` to the current segment and frees it. */
  private compact(seg: number): void {
    const buf = this.segs[seg]!;
    const end = this.used[seg]!;
    for (let off = 0; off < end; ) {
      const rid = buf.readUInt32LE(off);
      const n = buf.readUInt32LE(off + 4);
      if (this.owner.isAt(rid, seg, off)) {
        const to = this.alloc(rid, n);
        buf.copy(this.segs[this.cur]!, to + RECORD_HEADER, off + RECORD_HEADER, off + RECORD_HEADER + n);
        this.owner.moved(rid, this.cur, to);
      }
      off += RECORD_HEADER + n;
    }
    if (buf.length === SEGMENT_BYTES) this.spare = buf;
    this.segs[seg] = undefined;
    this.used[seg] = 0;
    this.live[seg] = 0;
    this.freeIds.push(seg);
    this.pending.delete(seg);
  }
}
