/** An entry as the store holds it. */
export interface KvEntry {
  value: string;
  /** Milliseconds since the epoch; 0 = never expires. */
  expiresAt: number;
  /** When the value was written here, or by the `cl` donor it was merged from (ms since the epoch): the later write wins a merge. */
  updatedAt?: number;
}

/** One entry of `list`. */
export interface KvListed extends KvEntry {
  key: string;
}

/** One entry of `putMany`. */
export interface KvPutEntry {
  /** Default: `default`. */
  collection?: string;
  key: string;
  value: string;
  /** Seconds; 0 or absent = never expires. */
  ttlSec?: number;
}

/**
 * A change of a replicated collection, as replication carries it: a store
 * (counters send their resulting value as a store) with its expiry in
 * seconds from now (0 = never), or a remove.
 */
export type KvChange =
  | { op: 'store'; collection: string; key: string; value: string; expiresSec: number }
  | { op: 'remove'; collection: string; key: string };

/** One live entry of a snapshot (full sync): remaining seconds, 0 = never expires. */
export interface SnapshotEntry {
  collection: string;
  key: string;
  value: string;
  remainingSec: number;
  /** Sent to `cl` requesters only (chunk data version 2). */
  updatedAt?: number;
  /** A removed key (a tombstone: empty value, `updatedAt` the removal); sent to `cl` requesters only. */
  removed?: boolean;
}

/** What `applyRemote` did with a peer's change. */
export type RemoteResult = 'applied' | 'not-replicated' | 'unknown-collection';
