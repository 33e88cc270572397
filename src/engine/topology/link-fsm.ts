/**
 * The direct link with one remote node (reference §4.3–§4.5): a pure state
 * machine. Every transition takes the current `Link` and returns the next one
 * plus effects; the owner performs the effects (send a ping, run the link
 * up/down procedure, log) and reports send results back.
 *
 * All times are milliseconds from the injected clock.
 */
import { LinkState } from './link-state.js';
import type { Timers } from './timers.js';

export { DEFAULT_TIMERS, normalizeTimers, timerPeriodMs } from './timers.js';
export type { Timers } from './timers.js';

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
  };
}

const log = (level: LinkLogLevel, msg: string): LinkEffect => ({ type: 'log', level, msg });

/** Applies a patch; leaving UP adds the link-down effect (any such transition runs the procedure). */
function moveTo(link: Link, patch: Partial<Link>, effects: LinkEffect[], announce = true): Link {
  const next = { ...link, ...patch };
  if (link.state === S.UP && next.state !== S.UP) effects.push({ type: 'link_down', announce });
  return next;
}

/** ping(x) of §4.3: records last_ping now; the state change waits for the send result. */
function ping(link: Link, now: number, rule: PingRule, reqNodeList: 0 | 1, effects: LinkEffect[]): Link {
  effects.push({ type: 'ping', reqNodeList });
  return { ...link, lastPing: now, pongAfterPing: false, pending: { rule, from: link.state } };
}

/**
 * One heartbeat tick for an enabled node of a cluster where the local node is
 * enabled (the owner skips the others). First matching rule of §4.3 wins.
 */
export function onTick(link: Link, now: number, t: Timers): LinkStep {
  const effects: LinkEffect[] = [];
  const pto = t.pingTimeoutMs;
  const tPing = now - link.lastPing;
  const tSent = now - link.lastSent;
  const replyMissing = !link.pongAfterPing || link.lastPong - link.lastPing >= pto;
  const id = link.nodeId;
  const N = link.noPingRetries;
  const st = link.state;

  if (st === S.RESTART_PINGING) return { link: ping(link, now, 'restart', 1, effects), effects };

  if (st === S.RETRY_SEND_FAIL && tPing >= pto) {
    // The retry is consumed before sending, whatever the outcome.
    const l = { ...link, retries: link.retries - 1 };
    return { link: ping(l, now, 'retry_send_fail', 1, effects), effects };
  }

  if ((st === S.UP || st === S.RESTARTED) && replyMissing && (st === S.RESTARTED || tSent >= pto) && tPing >= pto) {
    if (N === 0) {
      effects.push(log('info', `Ping reply not received, node [${id}] is down`));
      return { link: moveTo(link, { state: S.DOWN, pending: null }, effects), effects };
    }
    effects.push(log('info', `Ping reply not received, node [${id}] is possibly down, retrying`));
    return { link: ping(link, now, 'reply_missing', 1, effects), effects };
  }

  if (st === S.RETRYING && replyMissing && tPing >= pto) {
    if (link.retries > 0) return { link: ping(link, now, 'retry', 1, effects), effects };
    effects.push(log('info', `Ping reply not received, node [${id}] is down`));
    return { link: { ...link, state: S.DOWN, pending: null }, effects };
  }

  if (st === S.DOWN && tPing >= t.nodeTimeoutMs) {
    effects.push(log('info', `Node timeout passed, restart pinging node [${id}]`));
    return { link: ping(link, now, 'node_timeout', 1, effects), effects };
  }

  if (st === S.UP && tSent >= t.pingIntervalMs && tPing >= t.pingIntervalMs) {
    return { link: ping(link, now, 'keepalive', 0, effects), effects };
  }

  return { link, effects };
}

/**
 * Reports the result of the last 'ping' effect ("Sent → … / Failed → …" of
 * §4.3). Call it as soon as the send is known to be queued or refused. If the
 * state changed in between only the result is recorded, as OpenSIPS does; a
 * PONG that arrived in between also supersedes the report (OpenSIPS could get
 * stuck in RETRYING with an answered ping in that race).
 */
export function onPingSent(link: Link, ok: boolean): LinkStep {
  const effects: LinkEffect[] = [];
  const p = link.pending;
  const l: Link = { ...link, lastPingOk: ok || link.pongAfterPing, pending: null };
  if (!p || link.pongAfterPing) return { link: l, effects };
  const still = p.rule === 'reply_missing' ? l.state === S.UP || l.state === S.RESTARTED : l.state === p.from;
  if (!still) return { link: l, effects };

  const id = l.nodeId;
  const N = l.noPingRetries;
  const failed = N === 0 ? { state: S.DOWN } : { state: S.RETRY_SEND_FAIL, retries: N };
  if (!ok) effects.push(log('error', `Failed to send ping${p.rule === 'retry' || p.rule === 'retry_send_fail' ? ' retry' : ''} to node [${id}]`));

  switch (p.rule) {
    case 'restart':
      return { link: moveTo(l, ok ? { state: S.RESTARTED } : failed, effects), effects };
    case 'retry_send_fail':
      if (ok) return { link: { ...l, state: S.RETRYING }, effects };
      if (l.retries <= 0) {
        effects.push(log('info', `Maximum number of retries reached, node [${id}] is down`));
        return { link: { ...l, state: S.DOWN }, effects };
      }
      return { link: l, effects };
    case 'reply_missing':
      return {
        link: moveTo(l, ok ? { state: S.RETRYING, retries: N - 1 } : { state: S.RETRY_SEND_FAIL, retries: N }, effects),
        effects,
      };
    case 'retry':
      return { link: ok ? { ...l, retries: l.retries - 1 } : { ...l, state: S.RETRY_SEND_FAIL }, effects };
    case 'node_timeout':
      if (ok) return { link: { ...l, state: S.RESTARTED }, effects };
      return { link: N !== 0 ? { ...l, state: S.RETRY_SEND_FAIL, retries: N } : l, effects };
    case 'keepalive':
      return { link: ok ? l : moveTo(l, failed, effects), effects };
  }
}

/**
 * PONG from the node (§4.4). Do not call `onPacket` for PONGs: last_recv is
 * updated here, after the "recent traffic" condition used the previous value.
 */
export function onPong(link: Link, now: number, t: Timers): LinkStep {
  const effects: LinkEffect[] = [];
  const pto = t.pingTimeoutMs;
  const prevRecv = link.lastRecv;
  let state: LinkState = link.state;
  // Race fix: the PONG overtook the state change that follows a successful
  // ping. A ping still awaiting its send report evidently went out.
  const pingOk = link.lastPingOk || link.pending !== null;
  if ((state === S.RESTART_PINGING || state === S.RETRY_SEND_FAIL || state === S.DOWN) && pingOk && now - link.lastPing < pto) {
    state = S.TEMP;
  }
  const l: Link = { ...link, state, lastPong: now, pongAfterPing: true, lastRecv: now };
  const r = now - link.lastPing;
  // OpenSIPS wants 0 < R; R = 0 is a legitimate sub-millisecond reply on our clock.
  const timely = r >= 0 && r < pto;
  const recentTraffic = now - prevRecv < pto;
  if ((state === S.RESTARTED || state === S.RETRYING || state === S.TEMP) && (timely || recentTraffic)) {
    effects.push({ type: 'link_up' }, log('info', `Node [${l.nodeId}] is UP`));
    return { link: { ...l, state: S.UP }, effects };
  }
  return { link: l, effects };
}

/**
 * PING from the node, after the owner replied with a PONG (`pongSent` = the
 * reply could be sent). §4.4: a Down node that pings us is probed at once.
 */
export function onPing(link: Link, pongSent: boolean, now: number): LinkStep {
  const effects: LinkEffect[] = [];
  if (!pongSent) effects.push(log('error', `Failed to reply to ping from node [${link.nodeId}]`));
  if (link.state === S.UP && !pongSent) {
    return { link: moveTo(link, { state: S.RESTART_PINGING, pending: null }, effects), effects };
  }
  if (link.state === S.DOWN) {
    if (pongSent) return { link: ping(link, now, 'restart', 1, effects), effects };
    return { link: { ...link, state: S.RESTART_PINGING, pending: null }, effects };
  }
  return { link, effects };
}

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
