import type { Clock } from '../clock.js';
import type { CollectionSpec } from '../config/index.js';
import type { Logger } from '../log.js';
import type { Part } from '../part.js';
import { BinWriter } from '../wire/index.js';
import { checkDelta, checkSize, checkText, checkTtl, COUNTER_MAX, COUNTER_MIN, counterValue } from './checks.js';
import { Collections, DEFAULT_COLLECTION, unknownCollection } from './collections.js';
import { KvCode, KvError } from './errors.js';
import { globToRegExp } from './glob.js';
import { Sweeper } from './sweeper.js';
import { FREE, KvTable, LIVE, REMOVED } from './table.js';
import type { TimedSpan } from './timed-batch.js';
import type { KvChange, KvEntry, KvListed, KvPutEntry, RemoteResult, SnapshotEntry } from './types.js';

export type { KvChange, KvEntry, KvListed, KvPutEntry, RemoteResult, SnapshotEntry } from './types.js';

export interface KvStoreComponents {
  clock: Clock;
  log?: Logger;
}

export interface KvStoreInit {
  /** Default: one replicated collection, `default`. */
  collections?: readonly CollectionSpec[];
  /** Seconds between two sweeps of expired entries (cachedb_local `cache_clean_period`, default 600). */
  cleanPeriodSec?: number;
  /** Entries a sweep looks at per turn of the event loop (default 10,000). */
  sweepBatch?: number;
  /** Seconds a removed key of a replicated collection is remembered (a tombstone), so that an older write arriving later does not bring it back (default 3,600). */
  tombstoneSec?: number;
}

/** Default of `tombstoneSec` (cachedb_local.tombstone_lifetime). */
export const DEFAULT_TOMBSTONE_SEC = 3600;

export interface ListQuery {
  collection?: string;
  /** Only keys starting with this text. */
  prefix?: string;
  /** At most this many entries (the first ones in key order). */
  limit?: number;
}

/**
 * The key-value store of a node, with cachedb_local's model: named
 * collections of string keys holding string values, each with an optional
 * expiry. Expired entries are never returned; they are dropped when read
 * and by a periodic sweep. Local changes of replicated collections are
 * reported to `onChange` listeners (the replication seam); changes from
 * peers come in through `applyRemote` and are not reported.
 */
const isExpired = (expiresAt: number, now: number): boolean => expiresAt !== 0 && expiresAt <= now;

export class KvStore implements Part {
  readonly name = 'kv';
  readonly collections: Collections;
  private readonly data = new Map<string, KvTable>();
  /** The collections by the UTF-8 bytes of their names (a timed batch's changes name theirs as bytes). */
  private readonly byBytes: { bytes: Buffer; name: string; table: KvTable }[] = [];
  private listeners: readonly ((c: KvChange, at: number) => void)[] = [];
  private readonly clock: Clock;
  private readonly log: Logger | undefined;
  private readonly sweeper: Sweeper;
  private readonly tombstoneMs: number;
  /** Called before a local change of a replicated collection; throws to refuse it (replication cannot take it now). */
  private guard: (() => void) | undefined;

  constructor(components: KvStoreComponents, init: KvStoreInit = {}) {
    this.clock = components.clock;
    this.log = components.log;
    this.collections = new Collections(init.collections);
    this.tombstoneMs = (init.tombstoneSec ?? DEFAULT_TOMBSTONE_SEC) * 1000;
    for (const n of this.collections.names()) {
      const table = new KvTable();
      this.data.set(n, table);
      this.byBytes.push({ bytes: Buffer.from(n, 'utf8'), name: n, table });
    }
    this.sweeper = new Sweeper(components.clock, this.data, { periodMs: (init.cleanPeriodSec ?? 600) * 1000, batch: init.sweepBatch ?? 10_000 });
  }

  start(): void {
    this.sweeper.start();
  }

  /** Sets the check run before each local change of a replicated collection (see `guard`). */
  setGuard(fn: (() => void) | undefined): void {
    this.guard = fn;
  }

  private guarded(collection: string): void {
    if (this.guard && this.collections.isReplicated(collection)) this.guard();
  }

  stop(): void {
    this.sweeper.stop();
  }

  /** Stores `value` under `key` (replacing it); `ttlSec` 0 or absent: never expires. */
  put(collection: string, key: string, value: string, ttlSec?: number): void {
    const ttl = checkTtl(ttlSec);
    const t = this.checked(collection, key, value);
    this.guarded(collection);
    const rid = t.find(key);
    const at = this.stamp(t, rid);
    t.put(key, value, this.expiryOf(ttl), at, rid);
    this.emit({ op: 'store', collection, key, value, expiresSec: ttl }, at);
  }

  /** Stores many entries: all are checked first, so a bad one (named by its index) stores none. Returns the count. */
  putMany(entries: readonly KvPutEntry[]): number {
    const ready = entries.map((e, i) => {
      try {
        const collection = e.collection ?? DEFAULT_COLLECTION;
        const ttl = checkTtl(e.ttlSec);
        return { table: this.checked(collection, e.key, e.value), collection, ttl, e };
      } catch (err) {
        if (err instanceof KvError) throw new KvError(err.code, `entry ${i}: ${err.message}`, { cause: err });
        throw err;
      }
    });
    for (const r of ready) this.guarded(r.collection);
    for (const { table, collection, ttl, e } of ready) {
      const rid = table.find(e.key);
      const at = this.stamp(table, rid);
      table.put(e.key, e.value, this.expiryOf(ttl), at, rid);
      this.emit({ op: 'store', collection, key: e.key, value: e.value, expiresSec: ttl }, at);
    }
    return ready.length;
  }

  /** The live entry of `key`, or undefined (an expired one is dropped). */
  get(collection: string, key: string): KvEntry | undefined {
    const t = this.tableOf(collection);
    const rid = this.liveRecord(t, t.find(key));
    return rid < 0 ? undefined : { value: t.value(rid), expiresAt: t.expiresAt(rid) };
  }

  /** Removes `key`; true when a live entry was there. A remove replicates either way, as in cachedb_local. */
  del(collection: string, key: string): boolean {
    checkText('key', key, false);
    const t = this.tableOf(collection);
    this.guarded(collection);
    const rid = t.find(key);
    const at = this.stamp(t, rid);
    const wasLive = this.liveRecord(t, rid) >= 0;
    this.removed(collection, t, key, at);
    this.emit({ op: 'remove', collection, key }, at);
    return wasLive;
  }

  /**
   * Adds `delta` to the integer counter `key` and returns the new value, as
   * cachedb_local does: a missing (or expired) key starts at 0 and takes
   * `ttlSec`; an existing one keeps its expiry. Counters are 32-bit signed
   * integers there, so a result outside that range is refused.
   */
  add(collection: string, key: string, delta: number, ttlSec?: number): number {
    const d = checkDelta(delta);
    const ttl = checkTtl(ttlSec);
    const t = this.checked(collection, key, '');
    this.guarded(collection);
    const rid = t.find(key);
    const live = this.liveRecord(t, rid);
    const next = (live >= 0 ? counterValue(key, t.value(live)) : 0) + d;
    if (next < COUNTER_MIN || next > COUNTER_MAX) throw new KvError(KvCode.NOT_A_COUNTER, `counter "${key}" would become ${next}, outside the 32-bit range of cachedb_local counters`);
    const value = String(next);
    const expiresAt = live >= 0 ? t.expiresAt(live) : this.expiryOf(ttl);
    const at = this.stamp(t, rid);
    t.put(key, value, expiresAt, at);
    this.emit({ op: 'store', collection, key, value, expiresSec: live >= 0 ? this.remainingSec(expiresAt) : ttl }, at);
    return next;
  }

  sub(collection: string, key: string, delta: number, ttlSec?: number): number {
    return this.add(collection, key, -checkDelta(delta), ttlSec);
  }

  /** Live entries in key order (UTF-16 code unit order), optionally only those under a prefix. */
  list(q: ListQuery = {}): KvListed[] {
    const t = this.tableOf(q.collection ?? DEFAULT_COLLECTION);
    const prefix = q.prefix ?? '';
    const now = this.clock.now();
    const found: { key: string; rid: number }[] = [];
    for (let rid = 0; rid < t.end; rid++) {
      if (t.state(rid) !== LIVE || isExpired(t.expiresAt(rid), now)) continue;
      const key = t.key(rid);
      if (key.startsWith(prefix)) found.push({ key, rid });
    }
    found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const n = q.limit === undefined ? found.length : Math.min(q.limit, found.length);
    const out: KvListed[] = [];
    for (let i = 0; i < n; i++) {
      const { key, rid } = found[i]!;
      out.push({ key, value: t.value(rid), expiresAt: t.expiresAt(rid) });
    }
    return out;
  }

  /** Removes the keys a glob matches (cachedb_local `cache_remove_chunk`); not replicated, as there. Returns the count. */
  removeMatching(collection: string, glob: string): number {
    const t = this.tableOf(collection);
    const re = globToRegExp(glob);
    let n = 0;
    for (let rid = 0; rid < t.end; rid++) if (t.state(rid) === LIVE && re.test(t.key(rid))) (t.drop(rid), n++);
    return n;
  }

  /** Entries held, expired ones not yet swept included. */
  size(): number {
    let n = 0;
    for (const t of this.data.values()) n += t.size;
    return n;
  }

  /** Entries held per collection (expired ones not yet swept included). */
  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, t] of this.data) out[name] = t.size;
    return out;
  }

  /** Bytes the store holds: every collection's segments, record fields and index. */
  bytesHeld(): number {
    let n = 0;
    for (const t of this.data.values()) {
      const m = t.memory();
      n += m.segmentBytes + m.indexBytes;
    }
    return n;
  }

  /** Calls `fn` for every local change of a replicated collection, with its time (ms since the epoch); returns the unsubscribe. */
  onChange(fn: (change: KvChange, at: number) => void): () => void {
    this.listeners = [...this.listeners, fn];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== fn);
    };
  }

  /**
   * Applies a change a peer sent (no onChange). An unknown collection is
   * refused (`unknown-collection`: the caller logs and drops it), a known
   * one that does not replicate is ignored, as cachedb_local does.
   */
  applyRemote(change: KvChange): RemoteResult {
    const t = this.data.get(change.collection);
    if (!t) return 'unknown-collection';
    if (!this.collections.isReplicated(change.collection)) return 'not-replicated';
    if (change.op === 'remove') this.removed(change.collection, t, change.key, this.clock.now());
    else t.put(change.key, change.value, this.expiryOf(Math.max(0, change.expiresSec)), this.clock.now());
    return 'applied';
  }

  /**
   * A change of a `cl` peer that carries its write time (a timed batch):
   * the later write of a key wins on every node, whatever order the
   * changes arrive in; equal times, the greater value (a remove counts as
   * the smallest). A removed key is remembered for `tombstoneSec` with the
   * time of its removal, so that a store older than a remove that arrives
   * after it is not applied.
   */
  applyTimed(change: KvChange, at: number): RemoteResult | 'kept' {
    // One set of rules: the change is put in the form a timed batch carries it.
    const w = new BinWriter(16 + (change.collection.length + change.key.length + (change.op === 'store' ? change.value.length : 0)) * 3);
    w.str(change.collection);
    const start = w.length;
    w.str(change.key);
    const keyEnd = w.length;
    if (change.op === 'store') w.str(change.value);
    const src = w.finishView();
    const span: TimedSpan = {
      op: change.op,
      collectionStart: 0,
      collectionLen: start - 2,
      start,
      keyLen: keyEnd - start - 2,
      valueLen: change.op === 'store' ? src.length - keyEnd - 2 : 0,
      expiresSec: change.op === 'store' ? Math.max(0, change.expiresSec) : 0,
      at,
    };
    return this.applyTimedBytes(src, span);
  }

  /**
   * `applyTimed` of a change as a timed batch carries it (see
   * `scanTimedBatch`): the same rules, with key and value compared and
   * copied as bytes, never decoded (but to break a tie of equal times).
   */
  applyTimedBytes(src: Buffer, c: TimedSpan): RemoteResult | 'kept' {
    const col = this.collectionAt(src, c.collectionStart + 2, c.collectionLen);
    if (!col) return 'unknown-collection';
    if (!this.collections.isReplicated(col.name)) return 'not-replicated';
    const t = col.table;
    const kOff = c.start + 2;
    const found = t.findBytes(src, kOff, c.keyLen);
    const at = c.at;
    const removed = found >= 0 && t.state(found) === REMOVED;
    if (c.op === 'remove') {
      if (removed && t.updatedAt(found) >= at) return 'kept';
      if (this.liveRecord(t, found) >= 0 && t.updatedAt(found) >= at) return 'kept';
      t.markRemovedBytes(src, c.start, c.keyLen, at, this.tombstoneExpiry(at));
      return 'applied';
    }
    if (removed && t.updatedAt(found) > at) return 'kept';
    const rid = this.liveRecord(t, found);
    if (rid >= 0) {
      const mine = t.updatedAt(rid);
      const vOff = kOff + c.keyLen + 2;
      if (mine > at || (mine === at && t.value(rid) >= src.toString('utf8', vOff, vOff + c.valueLen))) return 'kept';
    }
    t.putBytes(src, c.start, c.keyLen, c.valueLen, this.expiryOf(c.expiresSec), at, found >= 0 && t.state(found) !== FREE ? found : -1);
    return 'applied';
  }

  /** The collection whose name is the UTF-8 bytes `src[off, off + len)`, or undefined. */
  private collectionAt(src: Buffer, off: number, len: number): { name: string; table: KvTable } | undefined {
    for (const c of this.byBytes) if (c.bytes.length === len && c.bytes.compare(src, off, off + len) === 0) return c;
    return undefined;
  }

  /**
   * A store merged from a donor after a partition healed: the later write
   * wins (`updatedAt`; a donor that sends none — OpenSIPS — loses to a live
   * local entry), equal times the greater value, so that every node ends
   * with the same value whichever side it merged from.
   */
  applyMerge(change: Extract<KvChange, { op: 'store' }>, updatedAt: number): RemoteResult | 'kept' {
    return this.applyTimed(change, updatedAt);
  }

  /** A record of a full sync (not a merge): stored as received, with the donor's write time when it sent one. */
  applySynced(collection: string, key: string, value: string, remainingSec: number, updatedAt: number): RemoteResult {
    const t = this.data.get(collection);
    if (!t) return 'unknown-collection';
    if (!this.collections.isReplicated(collection)) return 'not-replicated';
    t.put(key, value, this.expiryOf(Math.max(0, remainingSec)), updatedAt > 0 ? updatedAt : this.clock.now());
    return 'applied';
  }

  /**
   * `applySynced` with the key and value as the chunk carries them (BIN
   * strings from `src[start]`, valid UTF-8, see `KvTable.putBytes`): the
   * sync's hot path, copied without being decoded.
   */
  applySyncedBytes(collection: string, src: Buffer, start: number, kLen: number, vLen: number, remainingSec: number, updatedAt: number): RemoteResult {
    const t = this.data.get(collection);
    if (!t) return 'unknown-collection';
    if (!this.collections.isReplicated(collection)) return 'not-replicated';
    t.putBytes(src, start, kLen, vLen, this.expiryOf(Math.max(0, remainingSec)), updatedAt > 0 ? updatedAt : this.clock.now());
    return 'applied';
  }

  /**
   * `applySyncedBytes` of a removed key (a version-2 chunk's tombstone):
   * remembered with the donor's time of removal.
   */
  applySyncedRemovedBytes(collection: string, src: Buffer, start: number, kLen: number, updatedAt: number): RemoteResult {
    const t = this.data.get(collection);
    if (!t) return 'unknown-collection';
    if (!this.collections.isReplicated(collection)) return 'not-replicated';
    t.markRemovedBytes(src, start, kLen, updatedAt, this.tombstoneExpiry(updatedAt));
    return 'applied';
  }

  /** Live entries of the replicated collections (expired ones not yet swept included), and tombstones with `removed`: what a sync sends, about. */
  replicatedSize(opts: { removed?: boolean } = {}): number {
    let n = 0;
    for (const [name, t] of this.data) if (this.collections.isReplicated(name)) n += t.size + (opts.removed ? t.removedSize : 0);
    return n;
  }

  /** Tombstones held (removed keys remembered), all collections. */
  removedSize(): number {
    let n = 0;
    for (const t of this.data.values()) n += t.removedSize;
    return n;
  }

  /**
   * The live entries of the replicated collections (or of one), one at a
   * time, with their remaining seconds (0 = never; at least 1 otherwise);
   * with `removed`, the tombstones too. Nothing is copied: entries changed
   * during the walk may or may not be seen.
   */
  *snapshot(collection?: string, opts: { removed?: boolean } = {}): Generator<SnapshotEntry> {
    const names = collection === undefined ? this.collections.names() : [this.collections.get(collection).name];
    for (const name of names) {
      if (!this.collections.isReplicated(name)) continue;
      const t = this.data.get(name)!;
      for (let rid = 0; rid < t.end; rid++) {
        const state = t.state(rid);
        if (state === REMOVED && opts.removed) yield { collection: name, key: t.key(rid), value: '', remainingSec: 0, updatedAt: t.updatedAt(rid), removed: true };
        if (state !== LIVE) continue;
        const now = this.clock.now();
        const exp = t.expiresAt(rid);
        if (isExpired(exp, now)) continue;
        yield { collection: name, key: t.key(rid), value: t.value(rid), remainingSec: exp === 0 ? 0 : Math.max(1, Math.ceil((exp - now) / 1000)), updatedAt: t.updatedAt(rid) };
      }
    }
  }

  /** Runs one whole sweep of expired entries now; returns how many were dropped (tests, tools). */
  purgeExpired(): number {
    return this.sweeper.sweepAll();
  }

  private checked(collection: string, key: string, value: string): KvTable {
    const t = this.tableOf(collection);
    checkText('key', key, false);
    checkText('value', value, true);
    checkSize(collection, key, value);
    return t;
  }

  private tableOf(collection: string): KvTable {
    const t = this.data.get(collection);
    if (!t) throw unknownCollection(collection, this.collections.names());
    return t;
  }

  /** `rid` when it is a live entry that has not expired; -1 otherwise (an expired one is dropped). */
  private liveRecord(t: KvTable, rid: number): number {
    if (rid < 0 || t.state(rid) !== LIVE) return -1;
    if (isExpired(t.expiresAt(rid), this.clock.now())) {
      t.drop(rid);
      return -1;
    }
    return rid;
  }

  /** Seconds left until `expiresAt` (0 = never; at least 1 for an entry that has not expired). */
  private remainingSec(expiresAt: number): number {
    return expiresAt === 0 ? 0 : Math.max(1, Math.ceil((expiresAt - this.clock.now()) / 1000));
  }

  /**
   * The time of a local write over record `rid` (-1: none): now, or just
   * after its own time when that is not earlier (a value from a node whose
   * clock is ahead, or a write in the same millisecond), so that a local
   * write always wins over what it replaces, here and on every peer.
   */
  private stamp(t: KvTable, rid: number): number {
    return Math.max(this.clock.now(), (rid >= 0 && t.state(rid) !== FREE ? t.updatedAt(rid) : 0) + 1);
  }

  /**
   * `key` removed at `at`: a tombstone in a replicated collection (the later
   * of two removals' times kept), nothing in another one.
   */
  private removed(collection: string, t: KvTable, key: string, at: number): void {
    const rid = t.find(key);
    if (!this.collections.isReplicated(collection)) {
      if (rid >= 0) t.drop(rid);
      return;
    }
    const time = rid >= 0 && t.state(rid) === REMOVED ? Math.max(at, t.updatedAt(rid)) : at;
    t.markRemoved(key, time, this.tombstoneExpiry(time));
  }

  /** When a tombstone of a removal at `at` is dropped: `tombstoneSec` after the removal or after now, whichever is later. */
  private tombstoneExpiry(at: number): number {
    return Math.max(at, this.clock.now()) + this.tombstoneMs;
  }

  private expiryOf(ttlSec: number): number {
    return ttlSec > 0 ? this.clock.now() + ttlSec * 1000 : 0;
  }

  private emit(change: KvChange, at: number): void {
    if (!this.collections.isReplicated(change.collection)) return;
    // `listeners` is replaced, never changed in place (see onChange): a listener may unsubscribe while it runs.
    for (const fn of this.listeners) {
      try {
        fn(change, at);
      } catch (err) {
        this.log?.error(`kv change listener failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
}
