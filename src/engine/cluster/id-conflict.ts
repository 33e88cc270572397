/**
 * Two live nodes with one id in a cluster. The node that sees the second
 * one (a direct packet claiming the id from an address no member has while
 * the known node is alive) refuses it and tells it why with a `cl-id-conflict`
 * packet on the connection it came in on; a `cl` newcomer logs the reason,
 * OpenSIPS drops the packet (unknown capability). The incumbent is untouched.
 *
 * `cl-id-conflict` type 1: str address of the node that holds the id, str
 * address the refused node was seen at.
 */
import type { ClusterView, RemoteNode } from '../topology/index.js';
import { LinkState } from '../topology/index.js';
import { BinReader, BinWriter, encodeMessage, type ModuleMsg } from '../wire/index.js';
import { wireText } from '../common/printable.js';
import type { Clusterer } from './clusterer.js';

export const CAP_ID_CONFLICT = 'cl-id-conflict';
const TYPE_IN_USE = 1;
const VERSION = 1;

/** The host of a node URL, for messages (the URL itself if it does not parse). */
export const hostOf = (url: string): string => /^(?:bins?:)?([^:]+)/.exec(url)?.[1] ?? url;

/**
 * The known node is alive: its link is Up, or (not yet found Down) it was
 * heard from within a ping interval and a ping timeout. Otherwise its
 * address is taken as gone.
 */
export function isLive(node: RemoteNode, now: number, pingIntervalMs: number, pingTimeoutMs: number): boolean {
  const st = node.link.state;
  return st === LinkState.UP || (st !== LinkState.DOWN && node.heard && now - node.link.lastRecv < pingIntervalMs + pingTimeoutMs);
}

export function encodeInUse(view: ClusterView, myId: number, dstId: number, holder: string, seenAt: string): Buffer {
  const payload = new BinWriter(64).str(holder).str(seenAt).finish();
  return encodeMessage({ kind: 'module', capability: CAP_ID_CONFLICT, version: VERSION, type: TYPE_IN_USE, payload, clusterId: view.clusterId, srcId: myId, dstId });
}

/** The newcomer's side: a peer refuses this node because its id is taken. */
export function onInUse(cl: Clusterer, view: ClusterView, msg: ModuleMsg): void {
  if (msg.type !== TYPE_IN_USE || msg.version !== VERSION) return;
  let holder: string;
  let seenAt: string;
  try {
    const r = new BinReader(msg.payload);
    holder = wireText(r.str('holder'));
    seenAt = wireText(r.str('seen at'));
  } catch {
    return;
  }
  cl.refusals.note(
    'id_conflict',
    `${view.clusterId}/${msg.srcId}`,
    `node id ${cl.myId} already in use at ${holder} in cluster ${view.clusterId}: node ${msg.srcId} refuses this node (seen at ${seenAt}); give this node another my_node_id`,
    'error',
  );
}
