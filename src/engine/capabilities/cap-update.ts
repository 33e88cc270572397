/**
 * Building and reading CAP_UPDATE (reference §3.11): the full flavour sent
 * to a neighbour when our link with it comes Up (and as the reply), the
 * single flavour sent to every Up neighbour when a local state changes.
 */
import type { ClusterView } from '../topology/index.js';
import { nextSeq, wireTimestamp } from '../topology/index.js';
import type { CapNodeBlock, CapUpdateMsg } from '../wire/types.js';
import type { RemoteCaps } from './remote-caps.js';

export interface LocalCapState {
  name: string;
  /** Advertised state: OK and enabled. */
  ok: boolean;
}

/** A full CAP_UPDATE for `dst`: our capabilities, plus what we know of every other node but `dst`. */
export function fullCapUpdate(view: ClusterView, local: readonly LocalCapState[], remote: RemoteCaps, dst: number, requireReply: boolean, nowMs: number): CapUpdateMsg {
  const me = view.local.id;
  const nodes: CapNodeBlock[] = [];
  if (local.length > 0) nodes.push({ nodeId: me, caps: local.map((c) => ({ name: c.name, state: c.ok ? 1 : 0 })) });
  for (const [nodeId, caps] of remote.nodes(view.clusterId)) {
    if (nodeId === dst || nodeId === me || caps.size === 0 || !view.getNode(nodeId)) continue;
    nodes.push({ nodeId, caps: [...caps].map(([name, c]) => ({ name, state: c.ok ? 1 : 0 })) });
  }
  return capUpdate(view, nodes, requireReply, nowMs);
}

/** One block (us) with every local capability. */
export function ownCapUpdate(view: ClusterView, local: readonly LocalCapState[], nowMs: number): CapUpdateMsg {
  return capUpdate(view, [{ nodeId: view.local.id, caps: local.map((c) => ({ name: c.name, state: c.ok ? 1 : 0 })) }], false, nowMs);
}

/** A single CAP_UPDATE: one block (us) with one capability. */
export function singleCapUpdate(view: ClusterView, cap: LocalCapState, nowMs: number): CapUpdateMsg {
  return capUpdate(view, [{ nodeId: view.local.id, caps: [{ name: cap.name, state: cap.ok ? 1 : 0 }] }], false, nowMs);
}

function capUpdate(view: ClusterView, nodes: CapNodeBlock[], requireReply: boolean, nowMs: number): CapUpdateMsg {
  const me = view.local.id;
  return {
    kind: 'cap_update',
    clusterId: view.clusterId,
    srcId: me,
    seq: nextSeq(view.local.cap),
    timestamp: wireTimestamp(nowMs),
    nodes,
    requireReply: requireReply ? 1 : 0,
    path: [me],
  };
}

/** What a received CAP_UPDATE changed. */
export interface CapUpdateResult {
  /** False: dropped (stale sequence number, or an unknown node in a block: no reply, no flood). */
  accepted: boolean;
  /** (node, capability) pairs now known in state 1. */
  nowOk: Array<{ nodeId: number; name: string }>;
  /** Some (node, capability) state was new or different: worth forwarding (see the part). */
  changed: boolean;
  error?: string;
}

/** Applies the blocks of a CAP_UPDATE whose sequence number passed (see the part for that test). */
export function applyCapBlocks(view: ClusterView, msg: CapUpdateMsg, remote: RemoteCaps): CapUpdateResult {
  const me = view.local.id;
  for (const b of msg.nodes) {
    if (b.nodeId !== me && !view.getNode(b.nodeId)) {
      return { accepted: false, nowOk: [], changed: false, error: `Unknown id [${b.nodeId}] in capability update from node [${msg.srcId}]` };
    }
    for (const c of b.caps) {
      if (c.state !== 0 && c.state !== 1) return { accepted: false, nowOk: [], changed: false, error: `Received bad state for capability ${c.name}: ${c.state}` };
    }
  }
  const nowOk: Array<{ nodeId: number; name: string }> = [];
  let changed = false;
  for (const b of msg.nodes) {
    if (b.nodeId === me) continue;
    for (const c of b.caps) {
      if (remote.set(view.clusterId, b.nodeId, c.name, c.state === 1)) changed = true;
      if (c.state === 1) nowOk.push({ nodeId: b.nodeId, name: c.name });
    }
  }
  return { accepted: true, nowOk, changed };
}
