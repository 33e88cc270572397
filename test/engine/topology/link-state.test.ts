import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LinkState, linkStateLabel, linkStateName } from '../../../src/engine/topology/link-state.js';
import { DEFAULT_TIMERS, normalizeTimers, timerPeriodMs } from '../../../src/engine/topology/timers.js';
import { floodSkip, planFlood } from '../../../src/engine/topology/flood.js';

describe('link states (§4.2)', () => {
  it('use the OpenSIPS values', () => {
    assert.deepEqual(
      [LinkState.UP, LinkState.DOWN, LinkState.RETRY_SEND_FAIL, LinkState.RESTART_PINGING, LinkState.RESTARTED, LinkState.RETRYING, LinkState.TEMP],
      [0, 1, 2, 3, 4, 5, 6],
    );
  });

  it('are labelled as clusterer_list shows them', () => {
    assert.deepEqual(
      ([0, 1, 2, 3, 4, 5, 6] as const).map((s) => linkStateLabel(s)),
      ['Up', 'Down', 'Probe', 'Probe', 'Probe', 'Probe', 'Probe'],
    );
    assert.equal(linkStateName(LinkState.RESTARTED), 'RESTARTED');
  });
});

describe('heartbeat timers (§4.3)', () => {
  it('tick period is the gcd of the three timings', () => {
    assert.equal(timerPeriodMs(DEFAULT_TIMERS), 1000);
    assert.equal(timerPeriodMs({ pingIntervalMs: 4000, pingTimeoutMs: 1500, nodeTimeoutMs: 60000 }), 500);
    assert.equal(timerPeriodMs({ pingIntervalMs: 3000, pingTimeoutMs: 1000, nodeTimeoutMs: 0 }), 1000);
  });

  it('invalid values fall back to the defaults', () => {
    assert.deepEqual(normalizeTimers({ pingIntervalMs: 0, pingTimeoutMs: -5, nodeTimeoutMs: -1 }), DEFAULT_TIMERS);
    assert.deepEqual(normalizeTimers({ pingIntervalMs: 2000, nodeTimeoutMs: 0 }), { pingIntervalMs: 2000, pingTimeoutMs: 1000, nodeTimeoutMs: 0 });
  });
});

describe('flood plan (§2.4)', () => {
  it('targets Up neighbours not on the path and appends us to the path', () => {
    assert.deepEqual(planFlood([2, 3, 4], [3, 5], 1), { targets: [2, 4], path: [3, 5, 1], tooManyHops: false });
  });

  it('leaves out the targets skip says', () => {
    assert.deepEqual(planFlood([2, 3, 4, 6], [3, 5], 1, (t) => t === 4 || t === 6).targets, [2]);
  });

  const adjacency = (m: Record<number, number[]>) => (id: number) => (m[id] ? new Set(m[id]) : undefined);

  it('a forwarder leaves out every node the previous hop reports an Up link with', () => {
    const skip = floodSkip([3, 5], 1, new Set([2, 4, 7, 8]), adjacency({ 5: [2, 4, 7] }), { toAll: false });
    assert.deepEqual([2, 4, 7, 8].filter(skip), [2, 4, 7]);
  });

  it('straight from an LS_UPDATE originator: its neighbours are left out, the others get it from the two lowest ids linked to them', () => {
    // Node 9 sent it to 1, 2, 3, 4; every one of them links to 8; 9 does not.
    const adj = adjacency({ 9: [1, 2, 3, 4], 1: [8], 2: [8], 3: [8], 4: [8] });
    const at = (local: number, a = adj) => floodSkip([9], local, new Set([2, 3, 8].filter((n) => n !== local)), a, { toAll: true });
    assert.equal(at(1)(2), true, 'a neighbour of the originator has it');
    assert.equal(at(1)(8), false, 'lowest id forwards');
    assert.equal(at(2)(8), false, 'second lowest forwards');
    assert.equal(at(3)(8), true);
    assert.equal(at(4)(8), true);
    const no2 = adjacency({ 9: [1, 2, 3, 4], 1: [8], 3: [8], 4: [8] });
    assert.equal(at(3, no2)(8), false, 'without the 2–8 link, 1 and 3 forward');
    assert.equal(at(4, no2)(8), true);
  });

  it('the node an LS_UPDATE is about is not sent it by the originator: two forwarders send it', () => {
    const adj = adjacency({ 3: [2, 4, 7], 2: [7], 4: [7] });
    assert.equal(floodSkip([3], 2, new Set([4, 7]), adj, { toAll: true, about: 7 })(7), false);
    assert.equal(floodSkip([3], 4, new Set([2, 7]), adj, { toAll: true, about: 7 })(7), false);
    const three = adjacency({ 3: [2, 4, 5, 7], 2: [7], 4: [7], 5: [7] });
    assert.equal(floodSkip([3], 5, new Set([2, 4, 7]), three, { toAll: true, about: 7 })(7), true, 'a third one does not');
    const viaSeven = floodSkip([3], 2, new Set([7, 8]), adjacency({ 3: [2, 4, 7], 4: [7, 8], 7: [8] }), { toAll: true, about: 7 });
    assert.equal(viaSeven(8), false, '7 did not get it from 3, so it is no forwarder for 8: 2 and 4 are');
  });

  it('an originator that sent to one node only (FULL_TOP_UPDATE, NODE_DESCRIPTION) leaves out nobody', () => {
    const adj = adjacency({ 3: [2, 4] });
    assert.equal([2, 4].filter(floodSkip([3], 1, new Set([2, 4]), adj, { toAll: false })).length, 0);
    assert.deepEqual([2, 4].filter(floodSkip([3, 9], 1, new Set([2, 4]), adj, { toAll: false })), [], 'unknown forwarder: nothing known to be covered');
  });

  it('stops when the path is longer than 25', () => {
    const long = Array.from({ length: 26 }, (_, i) => i + 10);
    assert.deepEqual(planFlood([2], long, 1).targets, []);
    assert.equal(planFlood([2], long, 1).tooManyHops, true);
    assert.equal(planFlood([2], long.slice(1), 1).tooManyHops, false);
  });
});
