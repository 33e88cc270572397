/** Arbitration policies (ours, beyond OpenSIPS): pure decisions, no I/O. */
import type { OnConflict, OnDown } from '../config/index.js';

export interface TagPolicy {
  onDown: OnDown;
  onConflict: OnConflict;
}

/** No arbitration: exactly what OpenSIPS does. */
export const OPENSIPS_POLICY: Readonly<TagPolicy> = Object.freeze({ onDown: 'none', onConflict: 'none' });

export const arbitrates = (p: TagPolicy): boolean => p.onDown !== 'none' || p.onConflict !== 'none';

/** Policy bits in a `cl-shtag` STATE entry, so peers can see who takes over and warn on mismatches. */
export const PolicyFlag = { TAKEOVER: 1, LOWEST_ID: 2, KEEP_OLDEST: 4 } as const;

export function policyFlags(p: TagPolicy): number {
  let f = p.onDown === 'takeover' ? PolicyFlag.TAKEOVER : 0;
  if (p.onConflict === 'lowest_id') f |= PolicyFlag.LOWEST_ID;
  if (p.onConflict === 'keep_oldest') f |= PolicyFlag.KEEP_OLDEST;
  return f;
}

export function policyFromFlags(f: number): TagPolicy {
  const onConflict = f & PolicyFlag.KEEP_OLDEST ? 'keep_oldest' : f & PolicyFlag.LOWEST_ID ? 'lowest_id' : 'none';
  return { onDown: f & PolicyFlag.TAKEOVER ? 'takeover' : 'none', onConflict };
}

/** One side of a meeting of two active nodes; `since` is when it became active (ms), if known. */
export interface Contender {
  id: number;
  since: number | undefined;
}

/**
 * Does `me` keep the tag against `peer`? Both sides evaluate the same total
 * order, so exactly one keeps it: `lowest_id` orders by node id;
 * `keep_oldest` by activation time, then node id (also when a time is
 * unknown, e.g. the peer is an OpenSIPS node that sends no STATE).
 */
export function keepsTag(rule: Exclude<OnConflict, 'none'>, me: Contender, peer: Contender): boolean {
  if (rule === 'keep_oldest' && me.since !== undefined && peer.since !== undefined && me.since !== peer.since) {
    return me.since < peer.since;
  }
  return me.id < peer.id;
}

/** A backup takes over only if it has the lowest id among itself and the reachable holders of the tag. */
export function shouldTakeOver(myId: number, reachableHolders: readonly number[]): boolean {
  return reachableHolders.every((id) => id > myId);
}

/**
 * Bound on conflict rounds: after this many re-announcements of one tag
 * within the window, `keep_oldest` falls back to `lowest_id`, which cannot
 * ping-pong (two nodes with disagreeing activation times could otherwise
 * outbid each other forever).
 */
export const MAX_CONFLICT_ROUNDS = 8;
export const CONFLICT_WINDOW_MS = 10_000;
