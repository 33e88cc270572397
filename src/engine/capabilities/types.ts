import type { BinWriter } from '../wire/index.js';
import type { ModuleMsg } from '../wire/types.js';

/** Which nodes may serve a capability's sync (reference §5.9). */
export type SyncCondition = 'any' | 'eq_sip_addr' | 'neq_sip_addr';

/**
 * What a donor sends to one requester: its records, one chunk each, pulled
 * as the connection to the requester drains. Either as buffers (`chunks`),
 * or written straight into the packet (`writeNext`: writes the next
 * record's bytes into `w` and returns true, or returns false at the end),
 * which costs no buffer per record.
 */
export type SyncStream = {
  /** Data format version of the chunks (the module's own numbering). */
  dataVersion: number;
  /** How many records the stream should hold (shown as progress). */
  expected?: number;
} & ({ chunks: Iterable<Buffer>; writeNext?: never } | { writeNext: (w: BinWriter) => boolean; chunks?: never });

export interface SyncRequester {
  nodeId: number;
  /** The requester is a `cl` node (it said so in its `cl-hello`): it understands our extensions. */
  extended: boolean;
}

export interface ChunkSource {
  donorId: number;
  dataVersion: number;
  /** A merge after a partition healed (the local data is kept; the module resolves conflicts). */
  merge: boolean;
}

/** Callbacks of a capability: how the layer hands it packets and asks it for its data. */
export interface CapabilityHandlers {
  /** A real-time packet of the capability (held back while a sync is under way, delivered in arrival order after it). */
  onPacket(msg: ModuleMsg): void;
  /** Donor side: the data to send to `to`. */
  syncStream(to: SyncRequester): SyncStream;
  /** Receiver side: one chunk of a sync; throws when the chunk cannot be applied (the sync then fails). */
  onSyncChunk(data: Buffer, from: ChunkSource): void;
  /** A sync began (`merge`: after a partition healed). */
  onSyncStart?(donorId: number, merge: boolean): void;
  /** A sync ended: completed (true) or failed (false). */
  onSyncDone?(ok: boolean): void;
}

export interface CapabilityDef {
  name: string;
  clusterId: number;
  /** Ask a donor for the full data set at start (default true). */
  startupSync?: boolean;
  condition?: SyncCondition;
  /** Re-sync from the other side when a node that was unreachable comes back (default false). */
  resyncOnHeal?: boolean;
  handlers: CapabilityHandlers;
}

/** Status/report values of `cap:NAME` (reference §5.2). */
export const CapStatus = {
  NOT_SYNCED: -3,
  SYNC_PENDING: -2,
  SYNC_IN_PROGRESS: -1,
  SYNCED: 1,
} as const;
export type CapStatusValue = (typeof CapStatus)[keyof typeof CapStatus];

/** What `capabilities()` reports of a local capability. */
export interface CapabilityInfo {
  clusterId: number;
  name: string;
  enabled: boolean;
  /** Data set complete (advertised as state 1). */
  synced: boolean;
  status: CapStatusValue;
  /** The node asked or sending now, while a sync is pending or under way. */
  donor: number | null;
  /** Records received in the current (or last) sync. */
  received: number;
  /** Records the donor said it sends (0 = not told yet). */
  expected: number;
  /** Nodes known to hold the capability in the synced state. */
  syncedNodes: number[];
  /** The last sync was checked record count and digest against the donor's (a `cl` donor). */
  verified: boolean;
}
