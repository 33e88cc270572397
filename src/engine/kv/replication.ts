import type { CapabilitiesPart, CapabilityHandle } from '../capabilities/index.js';
import type { Clock } from '../clock.js';
import type { Clusterer } from '../cluster/clusterer.js';
import type { Logger } from '../log.js';
import type { Part } from '../part.js';
import type { ClusterView } from '../topology/index.js';
import { encodeMessage, isWireError, type ModuleMsg } from '../wire/index.js';
import { AckTracker, CAP_KV_ACK, KV_ACK_TYPE, MAX_CONFIRM_MS, decodeAck, encodeAck } from './ack.js';
import { KV_SYNC_DATA_VERSION, KV_SYNC_DATA_VERSION_CL, KvPacketType, decodeChunk, decodeChunkV2, encodeChange, scanChunk, type ChunkSpan, writeChunk, writeChunkV2 } from './codec.js';
import { KvCode, KvError } from './errors.js';
import { KV_BIN_VERSION, KV_CAPABILITY } from './limits.js';
import { applyKvPacket, applyTimedBatch } from './remote.js';
import type { KvStore } from './store.js';
import type { KvChange } from './types.js';
import { TimedBatchWriter, type TimedChange } from './timed-batch.js';

/** A change is refused while more than this waits to leave towards one peer (half of the transport's own cut-off). */
export const MAX_REPLICATION_BACKLOG = 8 << 20;

export interface KvReplicationComponents {
  store: KvStore;
  capabilities: CapabilitiesPart;
  cluster: Clusterer;
  clock: Clock;
  log: Logger;
}

/** A write that answers once enough other nodes confirmed it (`cl_kv_put` with `replicated`). */
export interface ConfirmedPut {
  collection: string;
  key: string;
  value: string;
  ttlSec?: number;
  /** Other `cl` nodes (synced, reachable) that must confirm they applied it. */
  replicas: number;
  /** How long to wait for them, ms (at most MAX_CONFIRM_MS). */
  timeoutMs: number;
}

export interface KvReplicationInit {
  /** The cluster that replicates the cache (`cachedb_local.cluster_id`); null: the node's first cluster, known at start. */
  clusterId: number | null;
  /** `cluster_persistency: sync-from-cluster` (the default): ask a donor for the data at start. */
  syncAtStart: boolean;
  /** `resync_on_heal` (ours, default true): merge the other side's entries when a partition heals. */
  resyncOnHeal?: boolean;
}

/**
 * The key-value store on the capabilities layer, as cachedb_local's
 * `cachedb-local-repl`: every local change of a replicated collection goes
 * to every node as an insert or remove packet; the full sync sends one
 * chunk per entry (data version 1, as cachedb_local; version 2, with the
 * time of the write, to `cl` nodes); after a partition the store merges
 * the other side's entries, the later write winning.
 */
export class KvReplication implements Part {
  readonly name = 'kv replication';
  private handle: CapabilityHandle | undefined;
  private off: (() => void) | undefined;
  /** Changes of this turn of the event loop, with their write time, sent at its end (see `flush`). */
  private pending: TimedChange[] = [];
  /** The most loaded peer's unsent bytes, looked up by the first guarded change of a turn (undefined: not yet). */
  private heaviest: { nodeId: number; bytes: number } | null | undefined;
  /** Filled by every sync chunk (the sync hot path allocates no result object). */
  private readonly span: ChunkSpan = { collection: '', start: 0, keyLen: 0, valueLen: 0, remainingSec: 0, updatedAt: 0, removed: false };
  private readonly acks: AckTracker;
  private clusterId: number | undefined;
  /** About the bytes `pending` will put on each connection (counted against the backlog limit). */
  private pendingBytes = 0;

  constructor(
    private readonly c: KvReplicationComponents,
    private readonly init: KvReplicationInit,
  ) {
    this.acks = new AckTracker(c.clock);
    c.cluster.dispatch.onCapability(CAP_KV_ACK, (view, msg) => this.onAck(view, msg));
  }

  /** The capability once registered (at start). */
  get capability(): CapabilityHandle | undefined {
    return this.handle;
  }

  start(): void {
    const clusterId = this.init.clusterId ?? [...this.c.cluster.views.keys()][0];
    if (clusterId === undefined) return this.c.log.warn('the node is in no cluster: the key-value store does not replicate');
    this.clusterId = clusterId;
    const { store } = this.c;
    const handle = (this.handle = this.c.capabilities.register({
      name: KV_CAPABILITY,
      clusterId,
      startupSync: this.init.syncAtStart,
      resyncOnHeal: this.init.resyncOnHeal ?? true,
      handlers: {
        onPacket: (m: ModuleMsg) => this.onPacket(m),
        syncStream: (to) => {
          // A `cl` requester gets the tombstones too: a merge then removes what this side removed.
          const entries = store.snapshot(undefined, { removed: to.extended });
          const write = to.extended ? writeChunkV2 : writeChunk;
          return {
            dataVersion: to.extended ? KV_SYNC_DATA_VERSION_CL : KV_SYNC_DATA_VERSION,
            expected: store.replicatedSize({ removed: to.extended }),
            writeNext: (w) => {
              const e = entries.next();
              if (e.done) return false;
              write(w, e.value);
              return true;
            },
          };
        },
        onSyncChunk: (data, from) => this.applyChunk(data, from.dataVersion, from.merge, from.donorId),
      },
    }));
    this.off = store.onChange((change, at) => this.enqueue({ change, at }));
    store.setGuard(() => {
      // Looked up once per turn: the transport's queues change only when this turn's changes are flushed or later, on drain.
      if (this.heaviest === undefined) {
        this.heaviest = handle.heaviest();
        process.nextTick(() => (this.heaviest = undefined));
      }
      const stuck = this.heaviest;
      if (stuck && stuck.bytes + this.pendingBytes >= MAX_REPLICATION_BACKLOG) {
        const mb = ((stuck.bytes + this.pendingBytes) / 1048576).toFixed(1);
        throw new KvError(KvCode.BACKLOG, `replication towards node ${stuck.nodeId} is backed up (${mb} MB unsent): not stored, try again later`);
      }
    });
  }

  private enqueue(t: TimedChange): void {
    const c = t.change;
    this.pendingBytes += 32 + c.collection.length + c.key.length + (c.op === 'store' ? c.value.length : 0);
    if (this.pending.push(t) === 1) process.nextTick(() => this.flush());
  }

  /**
   * Stores an entry and resolves once `replicas` other `cl` nodes (synced,
   * reachable when it left) confirmed they applied it, with their ids; it
   * fails with CL_ERR_KV_NOT_CONFIRMED when too few could confirm, or at
   * the deadline. Either way the entry stays stored here and replicates.
   */
  putConfirmed(p: ConfirmedPut): Promise<number[]> {
    if (!Number.isInteger(p.replicas) || p.replicas < 0 || p.replicas > 1000) throw new KvError(KvCode.BAD_VALUE, `replicated must be an integer from 0 to 1000, not ${p.replicas}`);
    if (!Number.isInteger(p.timeoutMs) || p.timeoutMs < 1 || p.timeoutMs > MAX_CONFIRM_MS) throw new KvError(KvCode.BAD_VALUE, `timeout must be from 1 to ${MAX_CONFIRM_MS} ms, not ${p.timeoutMs}`);
    const { store } = this.c;
    if (p.replicas > 0) {
      store.collections.get(p.collection);
      if (!store.collections.isReplicated(p.collection)) throw new KvError(KvCode.BAD_VALUE, `collection "${p.collection}" does not replicate (no /r in cache_collections): no node can confirm a write of it`);
      if (!this.handle) throw new KvError(KvCode.NOT_CONFIRMED, 'the key-value store does not replicate (the node is in no cluster): no node can confirm a write');
    }
    store.put(p.collection, p.key, p.value, p.ttlSec);
    if (p.replicas === 0) return Promise.resolve([]);
    return this.acks.join(p.replicas, p.timeoutMs, `key "${p.key}"`);
  }

  /** A packet of a peer: a timed batch is applied by write time, then confirmed when asked. */
  private onPacket(m: ModuleMsg): void {
    const { store, log } = this.c;
    if (m.type !== KvPacketType.TIMED_BATCH) return void applyKvPacket(store, m.type, m.payload, `node ${m.srcId}`, log);
    const ackId = applyTimedBatch(store, m.payload, `node ${m.srcId}`, log);
    if (ackId > 0) this.sendAck(m.srcId, ackId);
  }

  private sendAck(to: number, ackId: number): void {
    const view = this.clusterId === undefined ? undefined : this.c.cluster.view(this.clusterId);
    if (!view) return;
    const frame = encodeMessage({ kind: 'module', capability: CAP_KV_ACK, version: 1, type: KV_ACK_TYPE, payload: encodeAck(ackId), clusterId: view.clusterId, srcId: this.c.cluster.myId, dstId: to });
    if (this.c.cluster.routeNow(view, to, frame) === undefined) void this.c.cluster.route(view, to, frame);
  }

  private onAck(view: ClusterView, msg: ModuleMsg): void {
    if (view.clusterId !== this.clusterId || msg.type !== KV_ACK_TYPE) return;
    try {
      this.acks.ack(decodeAck(msg.payload), msg.srcId);
    } catch (err) {
      if (!isWireError(err)) throw err;
      this.c.log.warn(`node ${msg.srcId}: bad ${CAP_KV_ACK} packet (${err.message}); dropped`);
    }
  }

  /**
   * Sends the changes of the last turn: to an OpenSIPS node one packet per
   * change, as cachedb_local sends them; to a `cl` node timed batches
   * (type 101: each change with its write time, so that racing writes of
   * a key end the same on every node; an ack id when a confirmed write
   * waits). The order of the changes is kept towards every node. The
   * transport writes every frame of the turn in one go anyway, so waiting
   * for the end of the turn adds no delay.
   */
  private flush(): void {
    const changes = this.pending;
    const bytes = this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    const handle = this.handle;
    const ackId = this.acks.open();
    if (!handle || changes.length === 0) {
      if (ackId > 0) this.acks.sent(ackId, 1, []);
      return;
    }
    const targets = handle.targets();
    const plain = targets.filter((t) => !t.cl);
    const cl = targets.filter((t) => t.cl);
    if (plain.length > 0) {
      for (const { change } of changes) {
        const { type, payload } = encodeChange(change);
        for (const t of plain) handle.post(t.nodeId, type, payload, KV_BIN_VERSION);
      }
    }
    // Sized for the turn's changes (with their string lengths and times), so the buffer rarely grows.
    const batches = new TimedBatchWriter(ackId, bytes + 1024);
    if (cl.length > 0) {
      for (const t of changes) batches.add(t.change, t.at);
      for (const payload of batches.finish()) for (const t of cl) handle.post(t.nodeId, KvPacketType.TIMED_BATCH, payload, KV_BIN_VERSION);
    }
    if (ackId > 0) {
      const synced = new Set(handle.info().syncedNodes);
      this.acks.sent(ackId, Math.max(1, batches.done.length), cl.map((t) => t.nodeId).filter((id) => synced.has(id)));
    }
  }

  stop(): void {
    this.flush();
    this.off?.();
    this.off = undefined;
    this.c.store.setGuard(undefined);
    this.acks.close('the node stopped before enough nodes confirmed the write: stored on this node, not acknowledged');
  }

  /** One sync chunk; throws (the sync then fails) when it cannot be read or applied. */
  private applyChunk(data: Buffer, version: number, merge: boolean, donor: number): void {
    const { store } = this.c;
    let collection: string;
    let r;
    try {
      if (merge) {
        const e = version === KV_SYNC_DATA_VERSION_CL ? decodeChunkV2(data) : decodeChunk(data);
        collection = e.collection;
        const change: KvChange = e.removed ? { op: 'remove', collection: e.collection, key: e.key } : { op: 'store', collection: e.collection, key: e.key, value: e.value, expiresSec: e.remainingSec };
        const at = e.updatedAt ?? 0;
        r = change.op === 'store' ? store.applyMerge(change, at) : store.applyTimed(change, at);
        // Passed on: the nodes of this side that did not merge from the other side get it too.
        if (r === 'applied' && at > 0) this.enqueue({ change, at });
      } else {
        // The hot path of a full sync: key and value copied into the store as bytes, never decoded.
        const c = scanChunk(data, version, this.span);
        collection = c.collection;
        r = c.removed
          ? store.applySyncedRemovedBytes(c.collection, data, c.start, c.keyLen, c.updatedAt)
          : store.applySyncedBytes(c.collection, data, c.start, c.keyLen, c.valueLen, c.remainingSec, c.updatedAt);
      }
    } catch (err) {
      if (isWireError(err)) throw new KvError(KvCode.BAD_VALUE, `bad cachedb-local-repl sync chunk from node ${donor}: ${err.message}`, { cause: err });
      throw err;
    }
    if (r === 'unknown-collection') this.c.log.error(`node ${donor}: sync chunk of unknown collection "${collection}" (known: ${store.collections.names().join(', ')}); dropped`);
  }
}
