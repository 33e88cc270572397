/** Topology messages the local node originates (reference §3.3–§3.5). */
import type { FullTopUpdateMsg, LsUpdateMsg, TopEntry } from '../wire/types.js';
import type { ClusterView } from './cluster-view.js';
import { nextSeq, wireTimestamp } from './seq.js';
import { MAX_NO_NODES } from '../wire/constants.js';
import { NodeSet } from './node-set.js';

/**
 * FULL_TOP_UPDATE for a neighbour whose link just came Up. Entries: ourselves
 * first (no description, own LS counter, ts 0, own Up neighbours), then every
 * known node except the destination, described iff the destination did not
 * list it in its PONG. Takes the next TOP counter value.
 */
export function buildFullTopUpdate(view: ClusterView, dstId: number, pongNodeList: readonly number[], nowMs: number): FullTopUpdateMsg {
  return fullTopMsg(view, fullTopEntries(view, dstId, pongNodeList), nowMs);
}

/** Bytes of the packet around the entries, with room for the longest path a forwarder may append (25 hops). */
const FULL_TOP_OVERHEAD = 64 + 4 * 32;

function entryBytes(e: TopEntry): number {
  const d = e.description;
  return 24 + 4 * e.neighbours.length + (d ? 12 + Buffer.byteLength(d.url) + Buffer.byteLength(d.sipAddr) : 0);
}

/**
 * The FULL_TOP_UPDATE of buildFullTopUpdate, split when it does not fit in
 * `maxBytes` (a full mesh of more than about 120 nodes: N entries of N
 * neighbours). Every part is a FULL_TOP_UPDATE of its own (its own TOP
 * counter) that starts with our own entry, as the receiver expects. The
 * first parts describe the nodes the destination does not know (entries
 * with LS counter −1 and no neighbours: a receiver learns the node and,
 * the counter being older than any, applies nothing else), so that every
 * neighbour listed by a later part is known when it arrives; then come the
 * entries themselves, without descriptions. One packet, the same as
 * buildFullTopUpdate's, when it fits.
 *
 * A part holds at most `maxEntries` entries (the node count a packet may
 * carry, wire_max_nodes).
 *
 * `onlyUnknown`: only the entries of the nodes the destination did not list
 * (a catch-up, see Clusterer.onLinkUp); none at all when it lists them all.
 */
export function buildFullTopUpdates(
  view: ClusterView,
  dstId: number,
  pongNodeList: readonly number[],
  nowMs: number,
  maxBytes: number,
  onlyUnknown = false,
  maxEntries = MAX_NO_NODES,
): FullTopUpdateMsg[] {
  const entries = fullTopEntries(view, dstId, pongNodeList, onlyUnknown);
  if (onlyUnknown && entries.length === 1) return [];
  let total = FULL_TOP_OVERHEAD;
  for (const e of entries) total += entryBytes(e);
  if (total <= maxBytes && entries.length <= maxEntries) return [fullTopMsg(view, entries, nowMs)];
  const [own, ...others] = entries as [TopEntry, ...TopEntry[]];
  const parts: TopEntry[] = [];
  for (const e of others) if (e.description) parts.push({ nodeId: e.nodeId, description: e.description, lsSeq: -1, lsTimestamp: 0, neighbours: [] });
  for (const e of others) parts.push({ nodeId: e.nodeId, lsSeq: e.lsSeq, lsTimestamp: e.lsTimestamp, neighbours: e.neighbours });
  const out: FullTopUpdateMsg[] = [];
  const base = FULL_TOP_OVERHEAD + entryBytes(own);
  let chunk: TopEntry[] = [own];
  let size = base;
  for (const e of parts) {
    const b = entryBytes(e);
    if (chunk.length > 1 && (size + b > maxBytes || chunk.length >= maxEntries)) {
      out.push(fullTopMsg(view, chunk, nowMs));
      chunk = [own];
      size = base;
    }
    chunk.push(e);
    size += b;
  }
  out.push(fullTopMsg(view, chunk, nowMs));
  return out;
}

function fullTopMsg(view: ClusterView, entries: TopEntry[], nowMs: number): FullTopUpdateMsg {
  const { local } = view;
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

function fullTopEntries(view: ClusterView, dstId: number, pongNodeList: readonly number[], onlyUnknown = false): TopEntry[] {
  const { local } = view;
  const known = new Set(pongNodeList);
  const entries: TopEntry[] = [{ nodeId: local.id, lsSeq: local.ls.seq, lsTimestamp: 0, neighbours: [...local.adjacency] }];
  for (const node of view.nodes.values()) {
    if (node.id === dstId || (onlyUnknown && known.has(node.id))) continue;
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
  return entries;
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

/** `dstId`'s PONG did not list some node we know (it would learn something from a catch-up). */
export function lacksNodes(view: ClusterView, dstId: number, pongNodeList: readonly number[]): boolean {
  if (pongNodeList.length < view.nodes.size - 1) return true;
  const listed = new NodeSet(pongNodeList);
  for (const id of view.nodes.keys()) if (id !== dstId && !listed.has(id)) return true;
  return false;
}

/** Node ids for a PONG to a PING with req_node_list = 1: everyone we know except us and the pinger. */
export function nodeListForPong(view: ClusterView, pingerId: number): number[] {
  const ids: number[] = [];
  for (const id of view.nodes.keys()) if (id !== pingerId) ids.push(id);
  return ids;
}

/**
 * Our own links in one message (ls_batch_interval): a FULL_TOP_UPDATE whose
 * only entry is ours, with the next LS counter value, sent to every Up
 * neighbour. A receiver applies an originator's own entry whole (reference
 * §4.7, step 3.6: nodes it does not list are no neighbours), so this says
 * what a run of LS_UPDATEs would, in one packet, and OpenSIPS understands
 * it. Null when there is nobody to tell; no counter is consumed then.
 */
export function buildAnnouncement(view: ClusterView, nowMs: number): { msg: FullTopUpdateMsg; destinations: number[] } | null {
  const { local } = view;
  const destinations = [...local.adjacency];
  if (destinations.length === 0) return null;
  const lsSeq = nextSeq(local.ls);
  return { msg: fullTopMsg(view, [{ nodeId: local.id, lsSeq, lsTimestamp: 0, neighbours: destinations }], nowMs), destinations };
}
