const BLOCK_BITS = 16;
/** Records per block: a block of 65,536 records takes 2.4 MB. */
export const BLOCK_RECORDS = 1 << BLOCK_BITS;
const BLOCK_MASK = BLOCK_RECORDS - 1;
const FIRST = 1024;

/** The fields of a run of records, one typed array each. */
class Block {
  readonly flag: Uint8Array;
  readonly seg: Int32Array;
  readonly off: Int32Array;
  readonly klen: Int32Array;
  readonly vlen: Int32Array;
  readonly hash: Int32Array;
  readonly exp: Float64Array;
  readonly upd: Float64Array;

  constructor(
    readonly size: number,
    from?: Block,
  ) {
    this.flag = new Uint8Array(size);
    this.seg = new Int32Array(size);
    this.off = new Int32Array(size);
    this.klen = new Int32Array(size);
    this.vlen = new Int32Array(size);
    this.hash = new Int32Array(size);
    this.exp = new Float64Array(size);
    this.upd = new Float64Array(size);
    if (from) {
      this.flag.set(from.flag);
      this.seg.set(from.seg);
      this.off.set(from.off);
      this.klen.set(from.klen);
      this.vlen.set(from.vlen);
      this.hash.set(from.hash);
      this.exp.set(from.exp);
      this.upd.set(from.upd);
    }
  }
}

/**
 * The per-record fields of a table, by record id, in blocks of 65,536
 * records: growing adds a block (the first one doubles up to that size), so
 * no growth ever copies more than one block, and a table of millions of
 * records never stops its node for a copy of all of them.
 */
export class Records {
  private blocks: Block[] = [new Block(FIRST)];
  private cap = FIRST;

  /** Records the blocks hold room for. */
  get capacity(): number {
    return this.cap;
  }

  /** Makes room for record ids below `n`. */
  ensure(n: number): void {
    while (n > this.cap) {
      const first = this.blocks[0]!;
      if (this.blocks.length === 1 && first.size < BLOCK_RECORDS) this.blocks[0] = new Block(Math.min(BLOCK_RECORDS, first.size * 2), first);
      else this.blocks.push(new Block(BLOCK_RECORDS));
      this.cap = this.blocks.length === 1 ? this.blocks[0]!.size : this.blocks.length * BLOCK_RECORDS;
    }
  }

  /** Bytes the blocks take. */
  bytes(): number {
    let n = 0;
    for (const b of this.blocks) n += b.size * (1 + 4 * 5 + 8 * 2);
    return n;
  }

  flag(rid: number): number {
    return this.blocks[rid >>> BLOCK_BITS]!.flag[rid & BLOCK_MASK]!;
  }
  seg(rid: number): number {
    return this.blocks[rid >>> BLOCK_BITS]!.seg[rid & BLOCK_MASK]!;
  }
  off(rid: number): number {
    return this.blocks[rid >>> BLOCK_BITS]!.off[rid & BLOCK_MASK]!;
  }
  klen(rid: number): number {
    return this.blocks[rid >>> BLOCK_BITS]!.klen[rid & BLOCK_MASK]!;
  }
  vlen(rid: number): number {
    return this.blocks[rid >>> BLOCK_BITS]!.vlen[rid & BLOCK_MASK]!;
  }
  hash(rid: number): number {
    return this.blocks[rid >>> BLOCK_BITS]!.hash[rid & BLOCK_MASK]!;
  }
  exp(rid: number): number {
    return this.blocks[rid >>> BLOCK_BITS]!.exp[rid & BLOCK_MASK]!;
  }
  upd(rid: number): number {
    return this.blocks[rid >>> BLOCK_BITS]!.upd[rid & BLOCK_MASK]!;
  }

  setFlag(rid: number, v: number): void {
    this.blocks[rid >>> BLOCK_BITS]!.flag[rid & BLOCK_MASK] = v;
  }
  setPlace(rid: number, seg: number, off: number): void {
    const b = this.blocks[rid >>> BLOCK_BITS]!;
    b.seg[rid & BLOCK_MASK] = seg;
    b.off[rid & BLOCK_MASK] = off;
  }
  setLens(rid: number, klen: number, vlen: number): void {
    const b = this.blocks[rid >>> BLOCK_BITS]!;
    b.klen[rid & BLOCK_MASK] = klen;
    b.vlen[rid & BLOCK_MASK] = vlen;
  }
  setHash(rid: number, v: number): void {
    this.blocks[rid >>> BLOCK_BITS]!.hash[rid & BLOCK_MASK] = v;
  }
  setTimes(rid: number, exp: number, upd: number): void {
    const b = this.blocks[rid >>> BLOCK_BITS]!;
    b.exp[rid & BLOCK_MASK] = exp;
    b.upd[rid & BLOCK_MASK] = upd;
  }

  /** Back to one small block. */
  clear(): void {
    this.blocks = [new Block(FIRST)];
    this.cap = FIRST;
  }
}
