/**
 * Link transitions triggered by something other than the heartbeat or a
 * PING/PONG: received traffic, send failures, consistency checks, enabling,
 * connection loss (reference §2.5, §4.5, §4.5a, §4.13).
 */
import { log, moveTo, ping, type Link, type LinkEffect, type LinkStep } from './link.js';
import { LinkState } from './link-state.js';

const S = LinkState;

/**
 * Any accepted packet other than a PONG whose source is this node. `routed`
 * marks clusterer-extra/module packets: from a node we think Down they
 * trigger re-probing (§2.5 step 9).
 */
export function onPacket(link: Link, now: number, routed = false): LinkStep {
  const l = { ...link, lastRecv: now };
  if (routed && l.state === S.DOWN) return { link: { ...l, state: S.RESTART_PINGING, pending: null }, effects: [] };
  return { link: l, effects: [] };
}

/**
 * Restart pinging at the next tick: consistency checks (§4.5a), UNKNOWN_ID,
 * enabling. Runs the link-down procedure (with LS_UPDATE) if the link was Up.
 */
export function onRestartPinging(link: Link): LinkStep {
  const effects: LinkEffect[] = [];
  return { link: moveTo(link, { state: S.RESTART_PINGING, pending: null }, effects), effects };
}

/**
 * Beyond OpenSIPS: another node reports (LS_UPDATE) that its link with this
 * node went down. If our link is Up but idle (nothing received from the node
 * and no ping sent for ping_timeout, our last ping answered), it is pinged now
 * rather than at its next keep-alive; an unanswered ping then takes the usual
 * path (retries, Down). A node that stopped answering everyone is so noticed
 * by all nodes about one ping_timeout after the first, instead of each on its
 * own keep-alive phase (up to ping_interval apart). A node that is alive
 * answers and nothing changes; one busy with us is not pinged at all.
 */
export function onPeerReportedDown(link: Link, now: number, pingTimeoutMs: number): LinkStep {
  const effects: LinkEffect[] = [];
  // An unanswered ping of ours is already a probe: the heartbeat is about to see its reply missing.
  const answered = link.pending === null && link.pongAfterPing;
  const idle = answered && now - link.lastRecv >= pingTimeoutMs && now - link.lastPing >= pingTimeoutMs;
  if (link.state !== S.UP || !idle) return { link, effects };
  return { link: ping(link, now, 'keepalive', 0, effects), effects };
}

/** A direct send (routed packet, LS/TOP/CAP update, flood…) to the node failed (§4.5). */
export function onSendFailure(link: Link): LinkStep {
  return onRestartPinging(link);
}

/** A routed/module packet was sent directly to the node: postpones keep-alives (rule 5). */
export function onDirectSend(link: Link, now: number): LinkStep {
  return { link: { ...link, lastSent: now }, effects: [] };
}

/**
 * Node disabled locally (or the local node disabled: `announce` = false, since
 * §4.13 skips the LS_UPDATE then). The owner stops ticking the link.
 */
export function onDisable(link: Link, announce = true): LinkStep {
  const effects: LinkEffect[] = [];
  return { link: moveTo(link, { state: S.DOWN, pending: null }, effects, announce), effects };
}

/** Node (or the local node) enabled again: re-probed at the next tick. */
export function onEnable(link: Link): LinkStep {
  return onRestartPinging(link);
}

/**
 * Faster failure detection than OpenSIPS (opt-in by the owner): the outbound
 * TCP connection to an Up peer was reset or closed. Instead of waiting up to
 * ping_interval + ping_timeout for the timer, the link leaves Up now (link-down
 * procedure, so traffic is rerouted at once) and a probing ping(1) is issued
 * immediately. If the peer process died, that probe's connect fails and is
 * reported through `onPingSent(false)`, so the node is declared Down after
 * `no_ping_retries` × ping_timeout; if it merely dropped the connection, its
 * PONG brings the link back Up.
 *
 * Ignored unless the link is Up: while probing, connect failures must surface
 * through the ping results so the timer paces the retries (no reconnect storm).
 */
export function onConnectionLost(link: Link, now: number): LinkStep {
  if (link.state !== S.UP) return { link, effects: [] };
  const effects: LinkEffect[] = [log('info', `Connection to node [${link.nodeId}] lost, probing it now`)];
  const l = moveTo(link, { state: S.RESTART_PINGING, pending: null }, effects);
  return { link: ping(l, now, 'restart', 1, effects), effects };
}
