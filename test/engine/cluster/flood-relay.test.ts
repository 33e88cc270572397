import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FloodRelay, RELAY_DELAY_MS } from '../../../src/engine/cluster/flood-relay.js';
import { SimClock } from '../../../src/engine/sim/sim-clock.js';
import type { ClusterView, FloodOrigin, FloodPlan } from '../../../src/engine/topology/index.js';
import { encodeMessage, type LsUpdateMsg } from '../../../src/engine/wire/index.js';

const msg = (seq: number): LsUpdateMsg => ({ kind: 'ls_update', clusterId: 1, srcId: 9, seq, timestamp: 1, neighbourId: 4, state: 0, path: [9] });

/** A view whose flood targets the test sets, counting how often it was asked. */
function fakeView(targets: number[]): { view: ClusterView; set: (t: number[]) => void; asked: () => number } {
  let now = targets;
  let asked = 0;
  const view = {
    planFlood: (path: readonly number[], _origin?: FloodOrigin): FloodPlan => {
      asked++;
      return { targets: now, path: [...path, 1], tooManyHops: false };
    },
  } as unknown as ClusterView;
  return { view, set: (t) => (now = t), asked: () => asked };
}

test('flood relay: an LS_UPDATE waits RELAY_DELAY_MS, then goes to the targets chosen then, in the order received', async () => {
  const clock = new SimClock();
  const sent: number[] = [];
  const relay = new FloodRelay({ clock, myId: 1, limits: {}, send: (_v, id) => sent.push(id) });
  const v = fakeView([2, 3]);
  const origin = { toAll: true, about: 4 };
  relay.later(v.view, encodeMessage(msg(1)), msg(1), origin);
  relay.later(v.view, encodeMessage(msg(2)), msg(2), origin);
  await clock.advance(RELAY_DELAY_MS - 1);
  assert.equal(sent.length, 0, 'nothing before the delay');
  // Meanwhile the originator's link with node 3 became known: node 3 had it from the originator.
  v.set([2]);
  await clock.advance(1);
  assert.equal(sent.length, 2);
  assert.deepEqual(sent, [2, 2], 'only to node 2, both updates');
  assert.equal(v.asked(), 2, 'targets chosen when sent, once per update');
});

test('flood relay: nothing is sent after stop; no target, no copy', async () => {
  const clock = new SimClock();
  let sends = 0;
  const relay = new FloodRelay({ clock, myId: 1, limits: {}, send: () => sends++ });
  const v = fakeView([2]);
  relay.later(v.view, encodeMessage(msg(1)), msg(1), { toAll: true });
  relay.stop();
  await clock.advance(RELAY_DELAY_MS * 4);
  assert.equal(sends, 0);
  v.set([]);
  relay.later(v.view, encodeMessage(msg(2)), msg(2), { toAll: true });
  await clock.advance(RELAY_DELAY_MS);
  assert.equal(sends, 0);
});
