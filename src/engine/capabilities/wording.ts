/** The seed's status/report texts and log lines of the capabilities layer (reference §5). */
import { CapStatus, type CapStatusValue } from './types.js';

export const capIdentifier = (name: string): string => `cap:${name}`;

export const STATUS_DETAILS: Readonly<Record<CapStatusValue, string>> = {
  [CapStatus.NOT_SYNCED]: 'not synced',
  [CapStatus.SYNC_PENDING]: 'sync pending',
  [CapStatus.SYNC_IN_PROGRESS]: 'sync in progress',
  [CapStatus.SYNCED]: 'synced',
};

export const REPORT = {
  postponed: 'Sync request postponed! (no donor available)',
  requested: (donor: number): string => `Sync requested from node [${donor}]`,
  started: (donor: number): string => `Sync started from node [${donor}]`,
  completed: (chunks: number): string => `Sync completed, received [${chunks}] chunks`,
  timedOut: (chunks: number): string => `Sync timed out, received [${chunks}] chunks`,
  fallback: 'ERROR: Sync request aborted! (no donor found in due time) => fallback to synced state',
  disabled: 'Capability disabled via MI, revert to not synced state',
  // Ours (verifiable sync, partition heal).
  mismatch: (received: number, expected: number, why: string): string => `Sync failed: received ${received} of ${expected} records (${why})`,
  heal: (donor: number): string => `Partition healed: merging from node [${donor}]`,
  noAnswer: (donor: number): string => `Sync request to node [${donor}] not answered in due time`,
} as const;
