/** Topology messages the local node originates (reference §3.3–§3.5). */
import type { FullTopUpdateMsg, LsUpdateMsg, TopEntry } from '../wire/types.js';
import type { ClusterView } from './cluster-view.js';
import { nextSeq, wireTimestamp } from './seq.js';

/**
 * FULL_TOP_UPDATE for a neighbour whose link just came Up. Entries: ourselves
 * first (no description, own LS counter, ts 0, own Up neighbours), then every
 * known node except the destination, described iff the destination did not
 * list it in its PONG. Takes the next TOP counter value.
 */
export function buildFullTopUpdate(view: ClusterView, dstId: number, pongNodeList: readonly number[], nowMs: number): FullTopUpdateMsg {
  const { local } = view;
  const known = new Set(pongNodeList);
  const entries: TopEntry[] = [{ nodeId: local.id, lsSeq: local.ls.seq, lsTimestamp: 0, neighbours: [...local.adjacency] }];
  for (const node of view.nodes.values()) {
    if (node.id === dstId) continue;
    // A node we have an Up link with reports that link too: we are in its list. OpenSIPS leaves the sender
    // out of these lists, so a receiver that missed the LS_UPDATE of that link (it was disabled, say) would
    // take the entry's newer LS counter and never learn the link; a receiver records a listed sender as any
    // other neighbour (reference §4.7, step 5), OpenSIPS included.
    const neighbours = local.adjacency.has(node.id) ? [...node.adjacency, local.id] : [...node.adjacency];
    const entry: TopEntry = { nodeId: node.id, lsSeq: node.ls.seq, lsTimestamp: node.ls.ts, neighbours };
    if (!known.has(node.id)) {
      entry.description = { url: node.url, sipAddr: node.sipAddr, priority: node.priority, noPingRetries: node.noPingRetries };
    }
    entries.push(entry);
  }
  return {
    kind: 'full_top_update',
    clusterId: view.clusterId,
    srcId: local.id,
    seq: nextSeq(local.top),
    timestamp: wireTimestamp(nowMs),
    entries,
    path: [local.id],
  };
}

export interface LsUpdatePlan {
  msg: LsUpdateMsg;
  /** Every Up neighbour except the one the update is about. */
  destinations: number[];
}

/**
 * LS_UPDATE about our link with `neighbourId` (state 0 Up, 1 Down). Null when
 * there is nobody to tell, in which case the LS counter is not consumed.
 */
export function buildLsUpdate(view: ClusterView, neighbourId: number, state: 0 | 1, nowMs: number): LsUpdatePlan | null {
  const { local } = view;
  const destinations = [...local.adjacency].filter((id) => id !== neighbourId);
  if (destinations.length === 0) return null;
  const msg: LsUpdateMsg = {
    kind: 'ls_update',
    clusterId: view.clusterId,
    srcId: local.id,
    seq: nextSeq(local.ls),
    timestamp: wireTimestamp(nowMs),
    neighbourId,
    state,
    path: [local.id],
  };
  return { msg, destinations };
}

/** Node ids for a PONG to a PING with req_node_list = 1: everyone we know except us and the pinger. */
export function nodeListForPong(view: ClusterView, pingerId: number): number[] {
  const ids: number[] = [];
  for (const id of view.nodes.keys()) if (id !== pingerId) ids.push(id);
  return ids;
}
