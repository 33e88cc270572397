/**
 * The record of one direct link and the effect vocabulary of its state
 * machine (reference §4.1–§4.3), plus the small helpers every transition uses.
 * Times are milliseconds from the injected clock.
 */
import { LinkState } from './link-state.js';

/** Which heartbeat rule (§4.3) issued a ping; decides what its send result does. */
export type PingRule =
  | 'restart' // rule 0 (also PING from a Down node, connection lost)
  | 'retry_send_fail' // rule 1
  | 'reply_missing' // rule 2
  | 'retry' // rule 3
  | 'node_timeout' // rule 4
  | 'keepalive'; // rule 5

/** A ping handed to the owner whose send result has not been reported yet. */
export interface PendingPing {
  readonly rule: PingRule;
  /** State when the ping was issued; the result is ignored if the state moved on meanwhile. */
  readonly from: LinkState;
}

export interface Link {
  readonly nodeId: number;
  readonly state: LinkState;
  readonly lastPing: number;
  readonly lastPingOk: boolean;
  readonly lastPong: number;
  /**
   * A PONG arrived after the last ping. OpenSIPS infers this from
   * last_pong − last_ping > 0 with a µs clock; with a ms clock a loopback PONG
   * can carry the same timestamp as its ping, so order is tracked explicitly.
   */
  readonly pongAfterPing: boolean;
  readonly lastRecv: number;
  readonly lastSent: number;
  readonly retries: number;
  readonly noPingRetries: number;
  readonly pending: PendingPing | null;
  /**
   * Sends of pings to this node fail since the last one that went out: the
   * first failure is logged at INFO, the next ones at DEBUG (a neighbour
   * that is not up yet is no matter for a human, its state changes are
   * logged anyway).
   */
  readonly sendFailing: boolean;
}

export type LinkLogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LinkEffect =
  /** Send PING with this req_node_list, then call `onPingSent` with the result. */
  | { type: 'ping'; reqNodeList: 0 | 1 }
  /** The link became Up: run the link-up procedure (§4.5). */
  | { type: 'link_up' }
  /** The link left Up: run the link-down procedure; send LS_UPDATE(Down) iff `announce`. */
  | { type: 'link_down'; announce: boolean }
  | { type: 'log'; level: LinkLogLevel; msg: string };

export interface LinkStep {
  link: Link;
  effects: LinkEffect[];
}

const S = LinkState;

/** A fresh link: probing starts at the next tick (OpenSIPS's initial state). */
export function newLink(nodeId: number, noPingRetries: number, state: LinkState = S.RESTART_PINGING): Link {
  return {
    nodeId,
    state,
    lastPing: 0,
    lastPingOk: false,
    lastPong: 0,
    pongAfterPing: false,
    lastRecv: 0,
    lastSent: 0,
    retries: 0,
    noPingRetries,
    pending: null,
    sendFailing: false,
  };
}

export const log = (level: LinkLogLevel, msg: string): LinkEffect => ({ type: 'log', level, msg });

/** Applies a patch; leaving UP adds the link-down effect (any such transition runs the procedure). */
export function moveTo(link: Link, patch: Partial<Link>, effects: LinkEffect[], announce = true): Link {
  const next = { ...link, ...patch };
  if (link.state === S.UP && next.state !== S.UP) effects.push({ type: 'link_down', announce });
  return next;
}

/** ping(x) of §4.3: records last_ping now; the state change waits for the send result. */
export function ping(link: Link, now: number, rule: PingRule, reqNodeList: 0 | 1, effects: LinkEffect[]): Link {
  effects.push({ type: 'ping', reqNodeList });
  return { ...link, lastPing: now, pongAfterPing: false, pending: { rule, from: link.state } };
}

