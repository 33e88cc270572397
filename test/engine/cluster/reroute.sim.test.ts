import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimCluster } from '../../../src/engine/sim/sim-cluster.js';

test('link 2-3 cut: both ends reroute through node 1, messages still arrive, and go direct again once healed', async () => {
  const sim = new SimCluster().star(3);
  try {
    await sim.startAll();
    await sim.until(() => sim.converged(), 10_000, 'all Up');
    const n2 = sim.get(2).node;
    const n3 = sim.get(3).node;
    sim.net.cut(sim.get(2).host, sim.get(3).host);
    await sim.until(() => !sim.linkUp(2, 3) && !sim.linkUp(3, 2), 10_000, 'link 2-3 Down at both ends');
    assert.equal(n2.api.getNextHop(1, 3), 1);
    assert.equal(n3.api.getNextHop(1, 2), 1);
    assert.ok(sim.reachable(2, 3) && sim.reachable(3, 2), 'still reachable through node 1');

    const got: string[] = [];
    n3.events.subscribe(['E_CLUSTERER_REQ_RECEIVED'], (ev) => got.push(`${String(ev.params.src_id)}:${String(ev.params.msg)}`));
    const sent = await n2.messaging.messenger.sendReq(1, 3, 'where alice');
    assert.equal(sent.code, 1, 'sent (through node 1)');
    await sim.until(() => got.length === 1, 1000, 'the request reached node 3');
    assert.deepEqual(got, ['2:where alice']);

    sim.net.heal(sim.get(2).host, sim.get(3).host);
    await sim.until(() => sim.linkUp(2, 3) && sim.linkUp(3, 2), 15_000, 'link 2-3 Up again');
    assert.equal(n2.api.getNextHop(1, 3), 3);
  } finally {
    await sim.stopAll();
  }
});

test('with enable_rerouting off, node 1 does not relay for a cut link', async () => {
  const sim = new SimCluster({ common: { enable_rerouting: 0 } }).star(3);
  try {
    await sim.startAll();
    await sim.until(() => sim.converged(), 10_000, 'all Up');
    sim.net.cut(sim.get(2).host, sim.get(3).host);
    await sim.until(() => !sim.linkUp(2, 3), 10_000, 'link 2-3 Down');
    const got: string[] = [];
    sim.get(3).node.events.subscribe(['E_CLUSTERER_REQ_RECEIVED'], (ev) => got.push(String(ev.params.msg)));
    await sim.get(2).node.messaging.messenger.sendReq(1, 3, 'hello');
    await sim.clock.advance(500);
    assert.deepEqual(got, [], 'nothing relayed');
  } finally {
    await sim.stopAll();
  }
});
