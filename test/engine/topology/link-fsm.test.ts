import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_TIMERS,
  newLink,
  onConnectionLost,
  onDirectSend,
  onDisable,
  onEnable,
  onPacket,
  onPeerReportedDown,
  onPing,
  onPingSent,
  onPong,
  onRestartPinging,
  onSendFailure,
  onTick,
  type Link,
  type LinkEffect,
  type LinkStep,
} from '../../../src/engine/topology/link-fsm.js';
import { LinkState as S } from '../../../src/engine/topology/link-state.js';

const T = DEFAULT_TIMERS; // 4000 / 1000 / 60000
const T0 = 1_000_000;

const mk = (state: Link['state'], patch: Partial<Link> = {}): Link => ({ ...newLink(7, 3), state, ...patch });
const types = (s: LinkStep): string[] => s.effects.map((e) => e.type);
const logs = (s: LinkStep): string[] => s.effects.flatMap((e) => (e.type === 'log' ? [e.msg] : []));
const pingOf = (s: LinkStep): LinkEffect | undefined => s.effects.find((e) => e.type === 'ping');
/** An Up link whose last keep-alive was answered at `at`. */
const upAt = (at: number, patch: Partial<Link> = {}): Link =>
  mk(S.UP, { lastPing: at, lastPingOk: true, lastPong: at + 5, pongAfterPing: true, lastRecv: at + 5, ...patch });

describe('link-fsm heartbeat rules (§4.3)', () => {
  it('rule 0: RESTART_PINGING pings(1) at once; sent → RESTARTED', () => {
    const s = onTick(mk(S.RESTART_PINGING), T0, T);
    assert.deepEqual(pingOf(s), { type: 'ping', reqNodeList: 1 });
    assert.equal(s.link.state, S.RESTART_PINGING);
    assert.equal(s.link.lastPing, T0);
    const r = onPingSent(s.link, true);
    assert.equal(r.link.state, S.RESTARTED);
    assert.equal(r.link.lastPingOk, true);
    assert.equal(r.link.pending, null);
  });

  it('rule 0: send failed → RETRY_SEND_FAIL with retries N, or DOWN when N = 0', () => {
    const r = onPingSent(onTick(mk(S.RESTART_PINGING), T0, T).link, false);
    assert.equal(r.link.state, S.RETRY_SEND_FAIL);
    assert.equal(r.link.retries, 3);
    assert.equal(r.link.lastPingOk, false);
    const z = onPingSent(onTick(mk(S.RESTART_PINGING, { noPingRetries: 0 }), T0, T).link, false);
    assert.equal(z.link.state, S.DOWN);
  });

  it('rule 1: RETRY_SEND_FAIL waits ping_timeout, then consumes a retry and pings(1)', () => {
    const l = mk(S.RETRY_SEND_FAIL, { lastPing: T0, retries: 3 });
    assert.deepEqual(types(onTick(l, T0 + 999, T)), []);
    const s = onTick(l, T0 + 1000, T);
    assert.deepEqual(pingOf(s), { type: 'ping', reqNodeList: 1 });
    assert.equal(s.link.retries, 2);
    const ok = onPingSent(s.link, true);
    assert.equal(ok.link.state, S.RETRYING);
    assert.equal(ok.link.retries, 2);
    const failed = onPingSent(s.link, false);
    assert.equal(failed.link.state, S.RETRY_SEND_FAIL);
    assert.equal(failed.link.retries, 2);
  });

  it('rule 1: last retry failing → DOWN with "Maximum number of retries reached"', () => {
    const s = onTick(mk(S.RETRY_SEND_FAIL, { lastPing: T0, retries: 1 }), T0 + 1000, T);
    const r = onPingSent(s.link, false);
    assert.equal(r.link.state, S.DOWN);
    assert.ok(logs(r).includes('Maximum number of retries reached, node [7] is down'));
  });

  it('rule 2: Up link with no reply → "possibly down, retrying", ping(1); sent → RETRYING, retries N−1, link down', () => {
    const l = upAt(T0, { lastPing: T0 + 4000, lastPong: T0 + 5, pongAfterPing: false });
    const s = onTick(l, T0 + 5000, T);
    assert.deepEqual(pingOf(s), { type: 'ping', reqNodeList: 1 });
    assert.deepEqual(logs(s), ['Ping reply not received, node [7] is possibly down, retrying']);
    assert.equal(s.link.state, S.UP, 'state waits for the send result');
    const r = onPingSent(s.link, true);
    assert.equal(r.link.state, S.RETRYING);
    assert.equal(r.link.retries, 2);
    assert.deepEqual(r.effects, [{ type: 'link_down', announce: true }]);
  });

  it('rule 2: send failed → RETRY_SEND_FAIL with retries N (and link down from UP)', () => {
    const l = upAt(T0, { lastPing: T0 + 4000, pongAfterPing: false });
    const r = onPingSent(onTick(l, T0 + 5000, T).link, false);
    assert.equal(r.link.state, S.RETRY_SEND_FAIL);
    assert.equal(r.link.retries, 3);
    assert.ok(types(r).includes('link_down'));
  });

  it('rule 2: N = 0 → DOWN at once with "Ping reply not received, node [X] is down"', () => {
    const l = upAt(T0, { lastPing: T0 + 4000, pongAfterPing: false, noPingRetries: 0 });
    const s = onTick(l, T0 + 5000, T);
    assert.equal(s.link.state, S.DOWN);
    assert.equal(pingOf(s), undefined);
    assert.deepEqual(s.effects, [
      { type: 'log', level: 'info', msg: 'Ping reply not received, node [7] is down' },
      { type: 'link_down', announce: true },
    ]);
  });

  it('rule 2: on an Up link, recent direct traffic (T_sent < ping_timeout) suppresses it', () => {
    const l = upAt(T0, { lastPing: T0 + 4000, pongAfterPing: false, lastSent: T0 + 4500 });
    assert.deepEqual(types(onTick(l, T0 + 5000, T)), []);
  });

  it('rule 2: RESTARTED ignores T_sent; a late reply (R ≥ ping_timeout) counts as missing', () => {
    const restarted = mk(S.RESTARTED, { lastPing: T0, lastSent: T0 + 900 });
    assert.equal(pingOf(onTick(restarted, T0 + 1000, T))?.type, 'ping');
    assert.deepEqual(types(onTick(restarted, T0 + 999, T)), []);
    const late = upAt(T0, { lastPing: T0 + 4000, lastPong: T0 + 5000, pongAfterPing: true });
    assert.deepEqual(logs(onTick(late, T0 + 5000, T)), ['Ping reply not received, node [7] is possibly down, retrying']);
  });

  it('rule 2: the result is dropped if the state left UP/RESTARTED meanwhile', () => {
    const s = onTick(upAt(T0, { lastPing: T0 + 4000, pongAfterPing: false }), T0 + 5000, T);
    const moved = onSendFailure(s.link).link; // e.g. an LS_UPDATE send failed in between
    const r = onPingSent(moved, true);
    assert.equal(r.link.state, S.RESTART_PINGING);
    assert.deepEqual(r.effects, []);
  });

  it('rule 3: RETRYING without reply pings again; sent → retries − 1, failed → RETRY_SEND_FAIL', () => {
    const l = mk(S.RETRYING, { lastPing: T0, retries: 2 });
    assert.deepEqual(types(onTick(l, T0 + 999, T)), []);
    const s = onTick(l, T0 + 1000, T);
    assert.deepEqual(pingOf(s), { type: 'ping', reqNodeList: 1 });
    const ok = onPingSent(s.link, true);
    assert.equal(ok.link.state, S.RETRYING);
    assert.equal(ok.link.retries, 1);
    const failed = onPingSent(s.link, false);
    assert.equal(failed.link.state, S.RETRY_SEND_FAIL);
    assert.equal(failed.link.retries, 2);
  });

  it('rule 3: no retries left → DOWN', () => {
    const s = onTick(mk(S.RETRYING, { lastPing: T0, retries: 0 }), T0 + 1000, T);
    assert.equal(s.link.state, S.DOWN);
    assert.deepEqual(logs(s), ['Ping reply not received, node [7] is down']);
    assert.ok(!types(s).includes('link_down'), 'RETRYING is not Up');
  });

  it('rule 4: DOWN is re-probed after node_timeout; sent → RESTARTED', () => {
    const l = mk(S.DOWN, { lastPing: T0 });
    assert.deepEqual(types(onTick(l, T0 + 59_999, T)), []);
    const s = onTick(l, T0 + 60_000, T);
    assert.deepEqual(logs(s), ['Node timeout passed, restart pinging node [7]']);
    assert.deepEqual(pingOf(s), { type: 'ping', reqNodeList: 1 });
    assert.equal(onPingSent(s.link, true).link.state, S.RESTARTED);
  });

  it('rule 4: send failed → RETRY_SEND_FAIL with retries N, or stays DOWN when N = 0', () => {
    const r = onPingSent(onTick(mk(S.DOWN, { lastPing: T0 }), T0 + 60_000, T).link, false);
    assert.equal(r.link.state, S.RETRY_SEND_FAIL);
    assert.equal(r.link.retries, 3);
    const z = onPingSent(onTick(mk(S.DOWN, { lastPing: T0, noPingRetries: 0 }), T0 + 60_000, T).link, false);
    assert.equal(z.link.state, S.DOWN);
  });

  it('rule 5: keep-alive ping(0) on an idle Up link every ping_interval', () => {
    const l = upAt(T0);
    assert.deepEqual(types(onTick(l, T0 + 3999, T)), []);
    const s = onTick(l, T0 + 4000, T);
    assert.deepEqual(s.effects, [{ type: 'ping', reqNodeList: 0 }]);
    const ok = onPingSent(s.link, true);
    assert.equal(ok.link.state, S.UP);
    assert.deepEqual(ok.effects, []);
  });

  it('rule 5: steady direct traffic suppresses keep-alives', () => {
    assert.deepEqual(types(onTick(upAt(T0, { lastSent: T0 + 3000 }), T0 + 4000, T)), []);
  });

  it('rule 5: keep-alive send failed → RETRY_SEND_FAIL (N) or DOWN (N = 0), link down', () => {
    const r = onPingSent(onTick(upAt(T0), T0 + 4000, T).link, false);
    assert.equal(r.link.state, S.RETRY_SEND_FAIL);
    assert.equal(r.link.retries, 3);
    assert.ok(types(r).includes('link_down'));
    const z = onPingSent(onTick(upAt(T0, { noPingRetries: 0 }), T0 + 4000, T).link, false);
    assert.equal(z.link.state, S.DOWN);
    assert.ok(types(z).includes('link_down'));
  });

  it('rule 2 wins over rule 5 when the last ping went unanswered', () => {
    const l = upAt(T0, { lastPing: T0, pongAfterPing: false });
    assert.deepEqual(pingOf(onTick(l, T0 + 4000, T)), { type: 'ping', reqNodeList: 1 });
  });

  it('rule 6: nothing otherwise (RESTARTED within ping_timeout, TEMP)', () => {
    assert.deepEqual(types(onTick(mk(S.RESTARTED, { lastPing: T0 }), T0 + 500, T)), []);
    assert.deepEqual(types(onTick(mk(S.TEMP, { lastPing: T0 }), T0 + 5000, T)), []);
  });
});

describe('link-fsm PONG (§4.4)', () => {
  it('a timely PONG brings RESTARTED / RETRYING up: link_up + "Node [X] is UP"', () => {
    for (const st of [S.RESTARTED, S.RETRYING]) {
      const r = onPong(mk(st, { lastPing: T0, lastPingOk: true }), T0 + 20, T);
      assert.equal(r.link.state, S.UP);
      assert.deepEqual(r.effects, [{ type: 'link_up' }, { type: 'log', level: 'info', msg: 'Node [7] is UP' }]);
      assert.equal(r.link.lastPong, T0 + 20);
      assert.equal(r.link.lastRecv, T0 + 20);
    }
  });

  it('a PONG in the same millisecond as its ping counts as timely', () => {
    assert.equal(onPong(mk(S.RESTARTED, { lastPing: T0, lastPingOk: true }), T0, T).link.state, S.UP);
  });

  it('a late PONG does not bring the link up unless other traffic arrived recently', () => {
    const late = onPong(mk(S.RESTARTED, { lastPing: T0, lastPingOk: true }), T0 + 1000, T);
    assert.equal(late.link.state, S.RESTARTED);
    assert.deepEqual(late.effects, []);
    const busy = onPong(mk(S.RESTARTED, { lastPing: T0, lastRecv: T0 + 500 }), T0 + 1200, T);
    assert.equal(busy.link.state, S.UP);
  });

  it('last_recv is updated only after the PONG is evaluated', () => {
    const l = mk(S.RESTARTED, { lastPing: T0 - 5000, lastRecv: T0 - 5000 });
    const first = onPong(l, T0, T);
    assert.equal(first.link.state, S.RESTARTED, 'the PONG itself is not "recent traffic"');
    assert.equal(first.link.lastRecv, T0);
  });

  it('race fix: RESTART_PINGING / RETRY_SEND_FAIL / DOWN with a fresh successful ping → TEMP → UP', () => {
    for (const st of [S.RESTART_PINGING, S.RETRY_SEND_FAIL, S.DOWN]) {
      const r = onPong(mk(st, { lastPing: T0, lastPingOk: true }), T0 + 100, T);
      assert.equal(r.link.state, S.UP, `from ${st}`);
      assert.ok(types(r).includes('link_up'));
    }
  });

  it('race fix needs a successful and recent ping', () => {
    assert.equal(onPong(mk(S.DOWN, { lastPing: T0, lastPingOk: false }), T0 + 100, T).link.state, S.DOWN);
    assert.equal(onPong(mk(S.DOWN, { lastPing: T0, lastPingOk: true }), T0 + 1000, T).link.state, S.DOWN);
    assert.equal(onPong(mk(S.RESTART_PINGING, { lastPing: T0, lastPingOk: true }), T0 + 1500, T).link.state, S.RESTART_PINGING);
  });

  it('a PONG while UP only updates timestamps', () => {
    const r = onPong(upAt(T0, { lastPing: T0 + 4000, pongAfterPing: false }), T0 + 4010, T);
    assert.equal(r.link.state, S.UP);
    assert.deepEqual(r.effects, []);
    assert.equal(r.link.lastPong, T0 + 4010);
    assert.equal(r.link.pongAfterPing, true);
    assert.deepEqual(types(onTick(r.link, T0 + 5000, T)), [], 'answered: no retry');
  });

  it('a PONG that overtakes the ping report brings the link up; the late report is harmless', () => {
    const s = onTick(mk(S.RESTART_PINGING), T0, T);
    const up = onPong(s.link, T0 + 1, T); // pending ping counts as sent: TEMP → UP
    assert.equal(up.link.state, S.UP);
    const sent = onPingSent(up.link, true);
    assert.equal(sent.link.state, S.UP);
    assert.deepEqual(sent.effects, []);
  });

  it('a PONG answering a rule-2 ping before its report keeps the link Up', () => {
    const s = onTick(upAt(T0, { lastPing: T0 + 4000, pongAfterPing: false }), T0 + 5000, T);
    const pong = onPong(s.link, T0 + 5002, T);
    const r = onPingSent(pong.link, true);
    assert.equal(r.link.state, S.UP);
    assert.deepEqual(r.effects, []);
  });
});

describe('link-fsm PING and other events (§4.4, §4.5)', () => {
  it('PING while UP: nothing if the PONG went out, RESTART_PINGING + link down if not', () => {
    assert.deepEqual(onPing(upAt(T0), true, T0 + 10).effects, []);
    const r = onPing(upAt(T0), false, T0 + 10);
    assert.equal(r.link.state, S.RESTART_PINGING);
    assert.deepEqual(types(r), ['log', 'link_down']);
  });

  it('PING while DOWN: PONG sent → probe now (ping(1), then RESTARTED); PONG failed → RESTART_PINGING', () => {
    const s = onPing(mk(S.DOWN, { lastPing: T0 }), true, T0 + 10);
    assert.deepEqual(s.effects, [{ type: 'ping', reqNodeList: 1 }]);
    assert.equal(s.link.lastPing, T0 + 10);
    assert.equal(onPingSent(s.link, true).link.state, S.RESTARTED);
    assert.equal(onPingSent(s.link, false).link.state, S.RETRY_SEND_FAIL);
    assert.equal(onPing(mk(S.DOWN), false, T0).link.state, S.RESTART_PINGING);
  });

  it('PING in any other state changes nothing (without re-probing)', () => {
    for (const st of [S.RETRYING, S.RESTARTED, S.RETRY_SEND_FAIL, S.TEMP]) {
      const r = onPing(mk(st, { lastPing: T0, lastPingOk: true }), true, T0 + 500);
      assert.equal(r.link.state, st);
      assert.deepEqual(types(r), []);
    }
  });

  it('PING from a node we probe in vain: probed again at once if our ping failed or is old enough', () => {
    for (const st of [S.RETRYING, S.RESTARTED, S.RETRY_SEND_FAIL]) {
      const old = onPing(mk(st, { lastPing: T0, lastPingOk: true }), true, T0 + 50, 50);
      assert.deepEqual(old.effects, [{ type: 'ping', reqNodeList: 1 }], `state ${st}`);
      assert.equal(onPingSent(old.link, true).link.state, S.RESTARTED);
      const failed = onPing(mk(st, { lastPing: T0, lastPingOk: false }), true, T0 + 1, 50);
      assert.deepEqual(types(failed), ['ping'], `state ${st}: failed ping`);
      assert.deepEqual(types(onPing(mk(st, { lastPing: T0, lastPingOk: true }), true, T0 + 49, 50)), [], `state ${st}: too recent`);
      assert.deepEqual(types(onPing(mk(st, { lastPing: T0, lastPingOk: true, pongAfterPing: true }), true, T0 + 500, 50)), [], `state ${st}: answered`);
      assert.deepEqual(types(onPing(mk(st, { lastPing: T0, pending: { rule: 'retry', from: st } }), true, T0 + 500, 50)), [], `state ${st}: ping in flight`);
      assert.deepEqual(types(onPing(mk(st, { lastPing: T0 }), false, T0 + 500, 50)), ['log'], `state ${st}: PONG not sent`);
    }
    const restart = onPing(mk(S.RESTART_PINGING, { lastPing: T0, lastPingOk: true }), true, T0 + 1, 50);
    assert.deepEqual(types(restart), ['ping'], 'restart pinging: probed now, not at the next tick');
    assert.equal(onPingSent(restart.link, true).link.state, S.RESTARTED);
    assert.deepEqual(types(onPing(onPingSent(restart.link, true).link, true, T0 + 2, 50)), [], 'then the guard holds: no ping loop');
  });

  it('onPacket records last_recv; a routed packet from a DOWN node restarts pinging', () => {
    const r = onPacket(mk(S.DOWN), T0, false);
    assert.equal(r.link.lastRecv, T0);
    assert.equal(r.link.state, S.DOWN);
    assert.equal(onPacket(mk(S.DOWN), T0, true).link.state, S.RESTART_PINGING);
    assert.equal(onPacket(upAt(T0), T0, true).link.state, S.UP);
  });

  it('onSendFailure / onRestartPinging → RESTART_PINGING, link down only if it was UP', () => {
    assert.deepEqual(onSendFailure(upAt(T0)).effects, [{ type: 'link_down', announce: true }]);
    const d = onRestartPinging(mk(S.DOWN));
    assert.equal(d.link.state, S.RESTART_PINGING);
    assert.deepEqual(d.effects, []);
  });

  it('onDirectSend records last_sent', () => {
    assert.equal(onDirectSend(upAt(T0), T0 + 7).link.lastSent, T0 + 7);
  });

  it('onDisable → DOWN (announce chosen by caller); onEnable → RESTART_PINGING', () => {
    assert.deepEqual(onDisable(upAt(T0)).effects, [{ type: 'link_down', announce: true }]);
    const silent = onDisable(upAt(T0), false);
    assert.equal(silent.link.state, S.DOWN);
    assert.deepEqual(silent.effects, [{ type: 'link_down', announce: false }]);
    assert.equal(onEnable(silent.link).link.state, S.RESTART_PINGING);
  });
});

describe('failure detection timing', () => {
  /** Ticks every second against a peer that answers pings 5 ms later while alive; returns when DOWN. */
  function simulate(deathAt: number, useConnLoss: boolean): { downAt: number; leftUpAt: number; lastAnswered: number } {
    let link = mk(S.UP, { lastPing: T0, lastPingOk: true, lastPong: T0 + 5, pongAfterPing: true });
    let lastAnswered = T0;
    let leftUpAt = -1;
    const track = (s: LinkStep, now: number): void => {
      if (s.effects.some((e) => e.type === 'link_down') && leftUpAt < 0) leftUpAt = now;
      link = s.link;
    };
    for (let now = T0 + 1000; now < T0 + 120_000; now += 1000) {
      const alive = now < deathAt;
      if (useConnLoss && now === deathAt) track(onConnectionLost(link, now), now);
      else track(onTick(link, now, T), now);
      if (link.pending) {
        // A dead peer refuses new connections only in the connection-loss scenario (async sends otherwise succeed).
        track(onPingSent(link, alive || !useConnLoss), now);
        if (alive) {
          lastAnswered = now;
          track(onPong(link, now + 5, T), now);
        }
      }
      if (link.state === S.DOWN) return { downAt: now, leftUpAt, lastAnswered };
    }
    throw new Error('never went down');
  }

  it('default timers declare a dead peer Down ping_interval + (N+1)·ping_timeout after the last answered ping', () => {
    const r = simulate(T0 + 10_500, false);
    assert.equal(r.downAt - r.lastAnswered, T.pingIntervalMs + 4 * T.pingTimeoutMs);
    assert.equal(r.leftUpAt - r.lastAnswered, T.pingIntervalMs + T.pingTimeoutMs, 'rerouting starts at the first retry');
  });

  it('onConnectionLost leaves Up immediately and reaches Down after N·ping_timeout of refused probes', () => {
    const deathAt = T0 + 10_000;
    const r = simulate(deathAt, true);
    assert.equal(r.leftUpAt, deathAt);
    assert.equal(r.downAt - deathAt, 3 * T.pingTimeoutMs);
  });

  it('onConnectionLost probes now and a live peer comes straight back Up', () => {
    const s = onConnectionLost(upAt(T0), T0 + 2000);
    assert.deepEqual(types(s), ['log', 'link_down', 'ping']);
    const sent = onPingSent(s.link, true);
    assert.equal(sent.link.state, S.RESTARTED);
    assert.equal(onPong(sent.link, T0 + 2003, T).link.state, S.UP);
  });

  it('onConnectionLost is ignored unless the link is Up (no reconnect storm while probing)', () => {
    for (const st of [S.RESTARTED, S.RETRYING, S.RETRY_SEND_FAIL, S.DOWN, S.RESTART_PINGING]) {
      const s = onConnectionLost(mk(st), T0);
      assert.equal(s.link.state, st);
      assert.deepEqual(s.effects, []);
    }
  });

  it('a peer reporting its link down makes an idle Up link ping now; an unanswered ping then retries and ends Down', () => {
    const pto = T.pingTimeoutMs;
    const idle = upAt(T0); // answered at T0+5, nothing since
    const at = T0 + 1500;
    const s = onPeerReportedDown(idle, at, pto);
    assert.deepEqual(pingOf(s), { type: 'ping', reqNodeList: 0 });
    assert.equal(s.link.state, S.UP, 'still Up until the ping goes unanswered');
    // The node is silent: the probe and the retries go out but nothing answers.
    let link = onPingSent(s.link, true).link;
    let now = at;
    let leftUp = -1;
    for (let i = 0; i < 20 && link.state !== S.DOWN; i++) {
      now += pto;
      const t = onTick(link, now, T);
      const sent = t.link.pending ? onPingSent(t.link, true) : t;
      if ([...t.effects, ...sent.effects].some((e) => e.type === 'link_down') && leftUp < 0) leftUp = now;
      link = sent.link;
    }
    assert.equal(leftUp, at + pto, 'leaves Up one ping_timeout after the report, not at the next keep-alive');
    assert.equal(link.state, S.DOWN);
    assert.equal(now, at + 4 * pto, 'then the usual no_ping_retries retries');
  });

  it('a peer reporting its link down changes nothing for a link that is busy, probing already or not Up', () => {
    const pto = T.pingTimeoutMs;
    const at = T0 + 1500;
    const cases: [string, Link][] = [
      ['packet received within ping_timeout', upAt(T0, { lastRecv: at - pto + 1 })],
      ['ping sent within ping_timeout', upAt(T0, { lastPing: at - pto + 1, lastPong: T0 + 5 })],
      ['ping send in flight', upAt(T0, { pending: { rule: 'keepalive', from: S.UP } })],
      ...[S.RETRYING, S.RESTARTED, S.DOWN, S.RESTART_PINGING, S.RETRY_SEND_FAIL].map((st): [string, Link] => [`state ${st}`, mk(st)]),
    ];
    for (const [what, link] of cases) {
      const s = onPeerReportedDown(link, at, pto);
      assert.deepEqual(s, { link, effects: [] }, what);
    }
  });
});

describe('link-fsm log levels', () => {
  const levelsOf = (s: LinkStep): string[] => s.effects.flatMap((e) => (e.type === 'log' && e.msg.startsWith('Failed to send ping') ? [e.level] : []));

  it('a failing ping send is INFO once per run of failures, DEBUG after, never ERROR', () => {
    let link = mk(S.RESTART_PINGING, { noPingRetries: 0 });
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      const tick = onTick(link, T0 + i * T.nodeTimeoutMs, T);
      const sent = onPingSent(tick.link, false);
      seen.push(...levelsOf(sent));
      link = sent.link;
    }
    assert.deepEqual(seen, ['info', 'debug', 'debug', 'debug']);
    const ok = onPingSent(onTick(link, T0 + 10 * T.nodeTimeoutMs, T).link, true);
    assert.equal(ok.link.sendFailing, false);
    const restarted = onTick(mk(S.RESTART_PINGING, { noPingRetries: 0, sendFailing: ok.link.sendFailing }), T0, T);
    assert.deepEqual(levelsOf(onPingSent(restarted.link, false)), ['info'], 'after a ping that went out, a new run of failures is told again');
  });
});
