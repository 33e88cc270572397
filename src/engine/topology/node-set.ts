/**
 * A set of node ids held as bits: the adjacency a node keeps for every
 * other node of its cluster (N² ids per node in a full mesh) costs N/8
 * bytes per entry instead of some 20 bytes per id in a `Set<number>`
 * (at N = 1,000: 125 bytes instead of 19.6 kB). Ids from 0 to
 * MAX_DENSE_ID are bits of a word array that grows to the highest one
 * held; any other id (OpenSIPS allows any int) goes to a plain Set.
 * Iteration yields the dense ids in ascending order, then the others.
 */
export const MAX_DENSE_ID = 65_535;

const EMPTY_WORDS = new Uint32Array(0);

export class NodeSet implements ReadonlySet<number> {
  private words: Uint32Array = EMPTY_WORDS;
  private others: Set<number> | undefined;
  private count = 0;

  constructor(ids?: Iterable<number>) {
    if (ids) for (const id of ids) this.add(id);
  }

  get size(): number {
    return this.count;
  }

  has(id: number): boolean {
    if (!dense(id)) return this.others?.has(id) ?? false;
    const w = id >>> 5;
    return w < this.words.length && ((this.words[w]! >>> (id & 31)) & 1) === 1;
  }

  add(id: number): this {
    if (!dense(id)) {
      const others = (this.others ??= new Set());
      if (!others.has(id)) {
        others.add(id);
        this.count++;
      }
      return this;
    }
    const w = id >>> 5;
    if (w >= this.words.length) this.grow(w + 1);
    const bit = 1 << (id & 31);
    const old = this.words[w]!;
    if ((old & bit) === 0) {
      this.words[w] = old | bit;
      this.count++;
    }
    return this;
  }

  /** True when the id was in the set. */
  delete(id: number): boolean {
    if (!dense(id)) {
      const had = this.others?.delete(id) ?? false;
      if (had) this.count--;
      return had;
    }
    const w = id >>> 5;
    if (w >= this.words.length) return false;
    const bit = 1 << (id & 31);
    const old = this.words[w]!;
    if ((old & bit) === 0) return false;
    this.words[w] = old & ~bit;
    this.count--;
    return true;
  }

  clear(): void {
    this.words.fill(0);
    this.others = undefined;
    this.count = 0;
  }

  /** A copy (the word array copied at once, not id by id). */
  clone(): NodeSet {
    const copy = new NodeSet();
    copy.assign(this);
    return copy;
  }

  /** Makes this set hold exactly `ids`; true when that changed it. */
  assign(ids: NodeSet): boolean {
    if (this.equals(ids)) return false;
    this.words = ids.words.slice();
    this.others = ids.others ? new Set(ids.others) : undefined;
    this.count = ids.count;
    return true;
  }

  equals(other: NodeSet): boolean {
    if (this.count !== other.count) return false;
    const a = this.words;
    const b = other.words;
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return false;
    if (!this.others || this.others.size === 0) return !other.others || other.others.size === 0;
    for (const id of this.others) if (!other.others?.has(id)) return false;
    return true;
  }

  *[Symbol.iterator](): IterableIterator<number> {
    const words = this.words;
    for (let w = 0; w < words.length; w++) {
      let bits = words[w]!;
      while (bits !== 0) {
        const low = bits & -bits;
        yield (w << 5) + 31 - Math.clz32(low);
        bits ^= low;
      }
    }
    if (this.others) yield* this.others;
  }

  keys(): IterableIterator<number> {
    return this[Symbol.iterator]();
  }

  values(): IterableIterator<number> {
    return this[Symbol.iterator]();
  }

  *entries(): IterableIterator<[number, number]> {
    for (const id of this) yield [id, id];
  }

  forEach(fn: (value: number, key: number, set: ReadonlySet<number>) => void, thisArg?: unknown): void {
    for (const id of this) fn.call(thisArg, id, id, this);
  }

  private grow(minWords: number): void {
    const next = new Uint32Array(Math.max(minWords, Math.min(this.words.length * 2, (MAX_DENSE_ID >>> 5) + 1), 1));
    next.set(this.words);
    this.words = next;
  }
}

function dense(id: number): boolean {
  return Number.isInteger(id) && id >= 0 && id <= MAX_DENSE_ID;
}
