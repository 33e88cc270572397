/**
 * The direct link with one remote node (reference §4.3–§4.5): a pure state
 * machine. Every transition takes the current `Link` and returns the next one
 * plus effects; the owner performs the effects (send a ping, run the link
 * up/down procedure, log) and reports send results back.
 *
 * This file holds the heartbeat (tick + ping results) and PING/PONG
 * reception; link-events.ts the other triggers. All are re-exported here.
 * All times are milliseconds from the injected clock.
 */
import { log, moveTo, ping, type Link, type LinkEffect, type LinkStep } from './link.js';
import { LinkState } from './link-state.js';
import type { Timers } from './timers.js';

export { newLink } from './link.js';
export type { Link, LinkEffect, LinkLogLevel, LinkStep, PendingPing, PingRule } from './link.js';
export * from './link-events.js';
export { DEFAULT_TIMERS, learnedExpiryMs, normalizeTimers, timerPeriodMs } from './timers.js';
export type { Timers } from './timers.js';

const S = LinkState;

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

  // A restart probe still being sent (the connection is being dialled) is not sent twice.
  if (st === S.RESTART_PINGING) return link.pending === null ? { link: ping(link, now, 'restart', 1, effects), effects } : { link, effects };

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
  const l: Link = { ...link, lastPingOk: ok || link.pongAfterPing, pending: null, sendFailing: !ok };
  if (!p || link.pongAfterPing) return { link: l, effects };
  const still = p.rule === 'reply_missing' ? l.state === S.UP || l.state === S.RESTARTED : l.state === p.from;
  if (!still) return { link: l, effects };

  const id = l.nodeId;
  const N = l.noPingRetries;
  const failed = N === 0 ? { state: S.DOWN } : { state: S.RETRY_SEND_FAIL, retries: N };
  // Once per run of failures: a node that is not up yet is no error, and its state changes are logged anyway.
  if (!ok) effects.push(log(link.sendFailing ? 'debug' : 'info', `Failed to send ping${p.rule === 'retry' || p.rule === 'retry_send_fail' ? ' retry' : ''} to node [${id}]`));

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
 * Beyond OpenSIPS, so is a node whose link waits for its restart probe, and
 * one we are still probing without an answer (retrying, or restarted and
 * waiting) when our last ping failed or went out at least `reprobeAfterMs`
 * ago: it is alive again (a restarted process) and our ping went to its
 * previous life. OpenSIPS waits for the next timer tick or retry, up to
 * ping_timeout later. The probe moves the link to RESTARTED, where the
 * `reprobeAfterMs` guard applies, so two nodes cannot ping each other in a
 * loop.
 */
export function onPing(link: Link, pongSent: boolean, now: number, reprobeAfterMs = Infinity): LinkStep {
  const effects: LinkEffect[] = [];
  if (!pongSent) effects.push(log('info', `Failed to reply to ping from node [${link.nodeId}]`));
  if (link.state === S.UP && !pongSent) {
    return { link: moveTo(link, { state: S.RESTART_PINGING, pending: null }, effects), effects };
  }
  if (link.state === S.DOWN) {
    if (pongSent) return { link: ping(link, now, 'restart', 1, effects), effects };
    return { link: { ...link, state: S.RESTART_PINGING, pending: null }, effects };
  }
  const probing = link.state === S.RETRYING || link.state === S.RETRY_SEND_FAIL || link.state === S.RESTARTED;
  const unanswered = !link.pongAfterPing && link.pending === null && (!link.lastPingOk || now - link.lastPing >= reprobeAfterMs);
  const restarting = link.state === S.RESTART_PINGING && link.pending === null;
  if (pongSent && ((probing && unanswered) || restarting)) return { link: ping(link, now, 'restart', 1, effects), effects };
  return { link, effects };
}
