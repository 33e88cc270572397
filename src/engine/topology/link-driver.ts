/**
 * Drives the per-node link state machines of a ClusterView from the owner's
 * timer and packet handlers. Each function looks the node up, applies one
 * link-fsm transition and lets the view apply its topology part.
 *
 * While the local node is disabled in the cluster everything is ignored
 * (§4.13: no pings, received packets dropped); disabled remote nodes are
 * neither ticked nor updated by their packets, except last_recv (§2.5 step 7).
 */
import type { PongMsg } from '../wire/types.js';
import type { ClusterView } from './cluster-view.js';
import {
  onConnectionLost,
  onDirectSend,
  onPacket,
  onPeerReportedDown,
  onPing,
  onPingSent,
  onPong,
  onRestartPinging,
  onSendFailure,
  onTick,
  type Link,
  type LinkStep,
} from './link-fsm.js';
import { LinkState } from './link-state.js';
import type { RemoteNode, TopologyEffect } from './node-record.js';
import { forgetRun } from './seq.js';
import type { Timers } from './timers.js';

function withNode(view: ClusterView, id: number, f: (link: Link, node: RemoteNode) => LinkStep, requireEnabled = true): TopologyEffect[] {
  const node = view.nodes.get(id);
  if (!node || !view.local.enabled || (requireEnabled && !node.enabled)) return [];
  return view.runLink(node, f(node.link, node));
}

/** Heartbeat timer: call every `timerPeriodMs(timers)`; perform the pings and report each with `pingSent`. */
export function tick(view: ClusterView, nowMs: number, timers: Timers): TopologyEffect[] {
  if (!view.local.enabled) return [];
  const effects: TopologyEffect[] = [];
  for (const node of view.nodes.values()) if (node.enabled) effects.push(...view.runLink(node, onTick(node.link, nowMs, timers)));
  return effects;
}

/** Result of a 'ping' effect: queued/sent (`ok`) or refused. Report it as soon as it is known. */
export function pingSent(view: ClusterView, id: number, ok: boolean): TopologyEffect[] {
  return withNode(view, id, (l) => onPingSent(l, ok));
}

/** PONG received (do not also call `packetReceived` for it). `link_up` effects carry the PONG's node list. */
export function pongReceived(view: ClusterView, msg: PongMsg, nowMs: number, timers: Timers): TopologyEffect[] {
  const node = view.nodes.get(msg.srcId);
  if (!node || !view.local.enabled || !node.enabled) return [];
  node.heard = true;
  return view.runLink(node, onPong(node.link, nowMs, timers), msg.nodeIds);
}

/** PING received and answered; `pongSent` = the PONG could be sent. Call `packetReceived` first. */
export function pingReceived(view: ClusterView, id: number, pongSent: boolean, nowMs: number, timers: Timers): TopologyEffect[] {
  return withNode(view, id, (l) => onPing(l, pongSent, nowMs, reprobeAfterMs(timers)));
}

/** How old an unanswered ping must be before a PING from that node makes us probe it again (see onPing). */
export const reprobeAfterMs = (t: Timers): number => Math.max(1, Math.round(t.pingTimeoutMs / 20));

/**
 * Any accepted packet except PONG, attributed to its originating node (the
 * trailer's src for routed ones); `routed` = clusterer-extra or module packet.
 */
export function packetReceived(view: ClusterView, id: number, nowMs: number, routed = false): TopologyEffect[] {
  // A busy link gets many packets a millisecond: the first one has recorded them all.
  const node = view.nodes.get(id);
  if (node) node.heard = true;
  const link = node?.link;
  if (link && link.lastRecv === nowMs && link.state !== LinkState.DOWN) return [];
  return withNode(view, id, (l, node) => onPacket(l, nowMs, routed && node.enabled), false);
}

/** Another node reported (LS_UPDATE) that its link with node `id` went down: an idle Up link of ours is probed now (see onPeerReportedDown). */
export function peerReportedDown(view: ClusterView, id: number, nowMs: number, timers: Timers): TopologyEffect[] {
  return withNode(view, id, (l) => onPeerReportedDown(l, nowMs, timers.pingTimeoutMs));
}

/** A direct non-ping send to the node failed (routed packet, LS/TOP/CAP update, flood). */
export function sendFailed(view: ClusterView, id: number): TopologyEffect[] {
  return withNode(view, id, (l) => onSendFailure(l));
}

/** Restart pinging the node (UNKNOWN_ID received from it, operator request). */
export function restartPinging(view: ClusterView, id: number): TopologyEffect[] {
  return withNode(view, id, (l) => onRestartPinging(l));
}

/** A routed/module packet went directly to the node (postpones its keep-alive). */
export function directSent(view: ClusterView, id: number, nowMs: number): TopologyEffect[] {
  return withNode(view, id, (l) => onDirectSend(l, nowMs));
}

/**
 * Our established outbound connection to the node closed or was reset (fast
 * failure detection). The process may be restarting: its next seq-0
 * messages are accepted again whatever their timestamp (see acceptSeq).
 */
export function connectionLost(view: ClusterView, id: number, nowMs: number): TopologyEffect[] {
  const node = view.nodes.get(id);
  if (node) {
    node.ls = forgetRun(node.ls);
    node.top = forgetRun(node.top);
    node.cap = forgetRun(node.cap);
  }
  return withNode(view, id, (l) => onConnectionLost(l, nowMs));
}
