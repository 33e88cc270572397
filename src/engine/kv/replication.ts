import type { CapabilitiesPart, CapabilityHandle } from '../capabilities/index.js';
import type { Clusterer } from '../cluster/clusterer.js';
import type { Logger } from '../log.js';
import type { Part } from '../part.js';
import { isWireError, type ModuleMsg } from '../wire/index.js';
import { BatchWriter, KV_SYNC_DATA_VERSION, KV_SYNC_DATA_VERSION_CL, KvPacketType, decodeChunk, decodeChunkV2, encodeChange, writeChunk, writeChunkV2 } from './codec.js';
import { KvCode, KvError } from './errors.js';
import { KV_BIN_VERSION, KV_CAPABILITY } from './limits.js';
import { applyKvPacket } from './remote.js';
import type { KvStore } from './store.js';
import type { KvChange } from './types.js';

/** A change is refused while more than this waits to leave towards one peer (half of the transport's own cut-off). */
export const MAX_REPLICATION_BACKLOG = 8 << 20;

export interface KvReplicationComponents {
  store: KvStore;
  capabilities: CapabilitiesPart;
  cluster: Clusterer;
  log: Logger;
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
  /** Changes of this turn of the event loop, sent at its end (see `flush`). */
  private pending: KvChange[] = [];
  /** About the bytes `pending` will put on each connection (counted against the backlog limit). */
  private pendingBytes = 0;

  constructor(
    private readonly c: KvReplicationComponents,
    private readonly init: KvReplicationInit,
  ) {}

  /** The capability once registered (at start). */
  get capability(): CapabilityHandle | undefined {
    return this.handle;
  }

  start(): void {
    const clusterId = this.init.clusterId ?? [...this.c.cluster.views.keys()][0];
    if (clusterId === undefined) return this.c.log.warn('the node is in no cluster: the key-value store does not replicate');
    const { store, log } = this.c;
    const handle = (this.handle = this.c.capabilities.register({
      name: KV_CAPABILITY,
      clusterId,
      startupSync: this.init.syncAtStart,
      resyncOnHeal: this.init.resyncOnHeal ?? true,
      handlers: {
        onPacket: (m: ModuleMsg) => void applyKvPacket(store, m.type, m.payload, `node ${m.srcId}`, log),
        syncStream: (to) => {
          const entries = store.snapshot();
          const write = to.extended ? writeChunkV2 : writeChunk;
          return {
            dataVersion: to.extended ? KV_SYNC_DATA_VERSION_CL : KV_SYNC_DATA_VERSION,
            expected: store.replicatedSize(),
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
    this.off = store.onChange((change) => {
      this.pendingBytes += 24 + change.collection.length + change.key.length + (change.op === 'store' ? change.value.length : 0);
      if (this.pending.push(change) === 1) process.nextTick(() => this.flush());
    });
    store.setGuard(() => {
      const stuck = handle.congested(Math.max(0, MAX_REPLICATION_BACKLOG - this.pendingBytes));
      if (stuck) {
        const mb = ((stuck.bytes + this.pendingBytes) / 1048576).toFixed(1);
        throw new KvError(KvCode.BACKLOG, `replication towards node ${stuck.nodeId} is backed up (${mb} MB unsent): not stored, try again later`);
      }
    });
  }

  /**
   * Sends the changes of the last turn: to an OpenSIPS node one packet per
   * change, as cachedb_local sends them; to a `cl` node batches of them in
   * one packet each (type 100), so that per-packet work is paid once per
   * batch. The order of the changes is kept towards every node. The
   * transport writes every frame of the turn in one go anyway, so waiting
   * for the end of the turn adds no delay.
   */
  private flush(): void {
    const changes = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    const handle = this.handle;
    if (!handle || changes.length === 0) return;
    const targets = handle.targets();
    const plain = targets.filter((t) => !t.cl);
    const cl = targets.filter((t) => t.cl);
    if (plain.length > 0) {
      for (const c of changes) {
        const { type, payload } = encodeChange(c);
        for (const t of plain) handle.post(t.nodeId, type, payload, KV_BIN_VERSION);
      }
    }
    if (cl.length > 0) {
      if (changes.length === 1) {
        const { type, payload } = encodeChange(changes[0]!);
        for (const t of cl) handle.post(t.nodeId, type, payload, KV_BIN_VERSION);
        return;
      }
      const batches = new BatchWriter();
      for (const c of changes) batches.add(c);
      for (const payload of batches.finish()) for (const t of cl) handle.post(t.nodeId, KvPacketType.BATCH, payload, KV_BIN_VERSION);
    }
  }

  stop(): void {
    this.flush();
    this.off?.();
    this.off = undefined;
    this.c.store.setGuard(undefined);
  }

  /** One sync chunk; throws (the sync then fails) when it cannot be read or applied. */
  private applyChunk(data: Buffer, version: number, merge: boolean, donor: number): void {
    const { store } = this.c;
    let e;
    try {
      e = version === KV_SYNC_DATA_VERSION_CL ? decodeChunkV2(data) : decodeChunk(data);
    } catch (err) {
      if (isWireError(err)) throw new KvError(KvCode.BAD_VALUE, `bad cachedb-local-repl sync chunk from node ${donor}: ${err.message}`, { cause: err });
      throw err;
    }
    const r = merge
      ? store.applyMerge({ op: 'store', collection: e.collection, key: e.key, value: e.value, expiresSec: e.remainingSec }, e.updatedAt ?? 0)
      : store.applySynced(e.collection, e.key, e.value, e.remainingSec, e.updatedAt ?? 0);
    if (r === 'unknown-collection') this.c.log.error(`node ${donor}: sync chunk of unknown collection "${e.collection}" (known: ${store.collections.names().join(', ')}); dropped`);
  }
}
