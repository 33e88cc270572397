const EMPTY = 0;
const DELETED = -1;
const FIRST_SLOTS = 2048;
/** Old slots moved to the new array per insert while the index grows. */
const MIGRATE_STEP = 32;

/** What the index asks of its owner about a record. */
export interface IndexOwner {
  /** The hash of record `rid`'s key. */
  hashOf(rid: number): number;
  /** Whether record `rid` holds the key bytes `src[off, off + len)` of hash `h`. */
  matches(rid: number, h: number, src: Buffer, off: number, len: number): boolean;
}

/**
 * Key hash → record id, open addressing with linear probing in an
 * `Int32Array` (a slot holds rid + 1; 0 empty, −1 deleted), kept at most
 * half full. It grows incrementally: a new array is allocated and every
 * insert moves a few slots of the old one until none is left, while
 * lookups look in both, so a growing table never stops its node for a
 * rehash of all its keys (a million keys took ~50 ms at once).
 */
export class KeyIndex {
  private slots = new Int32Array(FIRST_SLOTS);
  private mask = FIRST_SLOTS - 1;
  /** The array being emptied into `slots`, while the index grows. */
  private old: Int32Array | undefined;
  private oldMask = 0;
  private cursor = 0;
  /** Records indexed, in either array. */
  private used = 0;
  /** Deleted marks in `slots`. */
  private deleted = 0;

  constructor(private readonly owner: IndexOwner) {}

  /** The record of these key bytes, or −1. */
  find(h: number, src: Buffer, off: number, len: number): number {
    const s = this.probe(this.slots, this.mask, h, src, off, len);
    if (s >= 0) return s;
    return this.old ? this.probe(this.old, this.oldMask, h, src, off, len) : -1;
  }

  /** Indexes record `rid` of hash `h` (its key is not indexed yet). */
  insert(rid: number, h: number): void {
    this.place(rid, h);
    this.used++;
    if (this.old) this.migrate(MIGRATE_STEP);
    if ((this.used + this.deleted) * 2 > this.slots.length) this.grow();
  }

  /** Forgets record `rid` of hash `h`. */
  remove(rid: number, h: number): void {
    if (this.unmark(this.slots, this.mask, rid, h)) this.deleted++;
    else if (this.old) this.unmark(this.old, this.oldMask, rid, h);
    this.used--;
  }

  /** Bytes of the slot arrays. */
  bytes(): number {
    return this.slots.byteLength + (this.old?.byteLength ?? 0);
  }

  clear(): void {
    this.slots = new Int32Array(FIRST_SLOTS);
    this.mask = FIRST_SLOTS - 1;
    this.old = undefined;
    this.used = this.deleted = this.cursor = 0;
  }

  /** The rid in `slots` for these key bytes, or −1. */
  private probe(slots: Int32Array, mask: number, h: number, src: Buffer, off: number, len: number): number {
    for (let i = h & mask, n = 0; n <= mask; i = (i + 1) & mask, n++) {
      const s = slots[i]!;
      if (s === EMPTY) return -1;
      if (s !== DELETED && this.owner.matches(s - 1, h, src, off, len)) return s - 1;
    }
    return -1;
  }

  /** Puts `rid` in the first free slot from its hash (a deleted one reused). */
  private place(rid: number, h: number): void {
    const slots = this.slots;
    const mask = this.mask;
    let i = h & mask;
    while (slots[i] !== EMPTY && slots[i] !== DELETED) i = (i + 1) & mask;
    if (slots[i] === DELETED) this.deleted--;
    slots[i] = rid + 1;
  }

  /** Marks `rid`'s slot deleted; false when it is not in `slots`. */
  private unmark(slots: Int32Array, mask: number, rid: number, h: number): boolean {
    for (let i = h & mask, n = 0; n <= mask; i = (i + 1) & mask, n++) {
      const s = slots[i]!;
      if (s === EMPTY) return false;
      if (s === rid + 1) {
        slots[i] = DELETED;
        return true;
      }
    }
    return false;
  }

  /** Moves up to `n` slots of the old array (marked deleted there, so its chains hold) into the new one. */
  private migrate(n: number): void {
    const old = this.old!;
    const end = Math.min(old.length, this.cursor + n);
    for (let i = this.cursor; i < end; i++) {
      const s = old[i]!;
      if (s > 0) {
        this.place(s - 1, this.owner.hashOf(s - 1));
        old[i] = DELETED;
      }
    }
    this.cursor = end;
    if (end === old.length) this.old = undefined;
  }

  /** A new array, twice as large when more than a quarter of the slots hold records (else the same size, without the deleted marks). */
  private grow(): void {
    if (this.old) this.migrate(this.old.length);
    const size = this.used * 4 > this.slots.length ? this.slots.length * 2 : this.slots.length;
    this.old = this.slots;
    this.oldMask = this.mask;
    this.cursor = 0;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    this.deleted = 0;
  }
}
