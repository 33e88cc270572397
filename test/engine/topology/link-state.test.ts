import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LinkState, linkStateLabel, linkStateName } from '../../../src/engine/topology/link-state.js';
import { DEFAULT_TIMERS, normalizeTimers, timerPeriodMs } from '../../../src/engine/topology/timers.js';
import { coveredByPreviousHop, planFlood } from '../../../src/engine/topology/flood.js';

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

  it('leaves out the nodes the previous hop covered', () => {
    assert.deepEqual(planFlood([2, 3, 4, 6], [3, 5], 1, new Set([4, 6])).targets, [2]);
  });

  it('a forwarder covers every Up neighbour it reports', () => {
    const adj = new Map([[5, new Set([2, 4, 7])]]);
    const covered = coveredByPreviousHop([3, 5], (id) => adj.get(id), { toAll: false });
    assert.deepEqual([...covered].sort(), [2, 4, 7]);
  });

  it('an LS_UPDATE originator covers its Up neighbours but the one the update is about', () => {
    const adj = new Map([[3, new Set([2, 4, 7])]]);
    assert.deepEqual([...coveredByPreviousHop([3], (id) => adj.get(id), { toAll: true, except: 7 })].sort(), [2, 4]);
  });

  it('an originator that sent to one node only (FULL_TOP_UPDATE, NODE_DESCRIPTION) covers nobody', () => {
    const adj = new Map([[3, new Set([2, 4])]]);
    assert.equal(coveredByPreviousHop([3], (id) => adj.get(id), { toAll: false }).size, 0);
    assert.equal(coveredByPreviousHop([3, 9], (id) => adj.get(id), { toAll: false }).size, 0, 'unknown forwarder');
  });

  it('stops when the path is longer than 25', () => {
    const long = Array.from({ length: 26 }, (_, i) => i + 10);
    assert.deepEqual(planFlood([2], long, 1).targets, []);
    assert.equal(planFlood([2], long, 1).tooManyHops, true);
    assert.equal(planFlood([2], long.slice(1), 1).tooManyHops, false);
  });
});
