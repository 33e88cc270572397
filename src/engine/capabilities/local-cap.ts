import type { Hash } from 'node:crypto';
import type { ModuleMsg } from '../wire/types.js';
import { CapStatus, type CapabilityDef, type CapStatusValue, type SyncCondition } from './types.js';

/** The sync the node is receiving (or waiting for) for one capability. */
export interface SyncSession {
  donor: number;
  merge: boolean;
  /** When the request was sent (ms). */
  requestedAt: number;
  /** Last SYNC packet (ms); 0 = none yet. */
  lastPacketAt: number;
  received: number;
  /** From SYNC_END; -1 until it came. */
  total: number;
  /** Chunks the module could not apply. */
  failed: number;
  /** From the donor's `cl-sync` BEGIN, when it is a `cl` node. */
  ext?: { expected: number; end?: { chunks: number; digest: string }; hash: Hash };
}

/**
 * A capability registered on this node, in one cluster (reference §5.2):
 * its flags, its status/report value and the sync it is receiving.
 */
export class LocalCap {
  readonly name: string;
  readonly clusterId: number;
  readonly startupSync: boolean;
  readonly condition: SyncCondition;
  readonly resyncOnHeal: boolean;
  readonly handlers: CapabilityDef['handlers'];
  enabled = true;
  ok: boolean;
  /** A sync is wanted but no request could be sent yet. */
  pending = false;
  /** When the pending request was queued (ms): seed fallback counts from there. */
  queuedAt = 0;
  /** The next sync is a merge (a partition healed). */
  merge = false;
  status: CapStatusValue;
  session: SyncSession | undefined;
  /** Regular packets held back while a sync is under way (delivered in arrival order after it). */
  readonly held: ModuleMsg[] = [];
  /** Counts and digest of the last sync, for `cl cap list`. */
  lastReceived = 0;
  lastExpected = 0;
  /** The last completed sync was checked against the donor's count and digest (the donor is a `cl` node). */
  lastVerified = false;
  /** After a failed sync: no new request before this time (ms), and how many failed in a row. */
  retryAt = 0;
  failures = 0;
  /** A donor that failed us recently is tried last (node id → until, ms). */
  readonly avoid = new Map<number, number>();

  constructor(def: CapabilityDef) {
    this.name = def.name;
    this.clusterId = def.clusterId;
    this.startupSync = def.startupSync ?? true;
    this.condition = def.condition ?? 'any';
    this.resyncOnHeal = def.resyncOnHeal ?? false;
    this.handlers = def.handlers;
    this.ok = !this.startupSync;
    this.status = this.ok ? CapStatus.SYNCED : CapStatus.NOT_SYNCED;
  }

  get inProgress(): boolean {
    return this.session !== undefined && this.session.lastPacketAt > 0;
  }

  /** Advertised state (a disabled capability is advertised as not OK). */
  get advertised(): boolean {
    return this.ok && this.enabled;
  }
}
