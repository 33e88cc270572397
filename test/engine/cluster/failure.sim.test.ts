import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimCluster } from '../../../src/engine/sim/sim-cluster.js';

async function converged(n: number): Promise<SimCluster> {
  const sim = new SimCluster().star(n);
  await sim.startAll();
  await sim.until(() => sim.converged(), 10_000, `${n} nodes all Up`);
  return sim;
}

test('kill -9: the reset connections tell every node at once; a restart is Up again on all nodes within a few ms', async () => {
  const sim = await converged(5);
  try {
    await sim.kill(3);
    const others = [1, 2, 4, 5];
    const down = await sim.until(() => others.every((id) => !sim.reachable(id, 3)), 5_000, 'node 3 unreachable everywhere');
    assert.ok(down < 50, `killed node seen down in ${down} ms`);
    assert.ok(others.every((id) => sim.converged([id, ...others.filter((o) => o !== id)])), 'the others stay Up among themselves');
    await sim.restart(3);
    const up = await sim.until(() => sim.converged(), 5_000, 'node 3 Up again everywhere');
    assert.ok(up < 1000, `restarted node Up again in ${up} ms`);
  } finally {
    await sim.stopAll();
  }
});

test('a frozen node (SIGSTOP) is declared down by its probes after ping_timeout and retries, by every node, and comes back when it resumes', async () => {
  const sim = await converged(4);
  try {
    sim.net.freeze(sim.get(4).host);
    const others = [1, 2, 3];
    const down = await sim.until(() => others.every((id) => !sim.reachable(id, 4)), 20_000, 'node 4 unreachable everywhere');
    // ping_interval 1 s, ping_timeout 500 ms, 3 retries: at most about 1 s + 4 × 0.5 s.
    assert.ok(down <= 3500, `frozen node seen down in ${down} ms`);
    assert.ok(sim.converged(others), 'the others stay Up among themselves');
    sim.net.thaw(sim.get(4).host);
    // Probed again after node_timeout (10 s), or at once when it pings.
    await sim.until(() => sim.converged(), 15_000, 'node 4 Up again everywhere');
  } finally {
    await sim.stopAll();
  }
});

test('a node that joined late, then a kill, then a freeze: every node agrees on both failures (late copies of the newcomer\'s first updates are not taken for a restart)', async () => {
  const sim = await converged(9);
  try {
    await sim.clock.advance(3000);
    sim.add(10, { neighbours: [1] });
    await sim.start(10);
    await sim.until(() => sim.converged(), 5_000, 'node 10 joined');
    await sim.kill(5);
    const alive = sim.running().map((n) => n.id);
    await sim.until(() => alive.every((id) => !sim.reachable(id, 5)), 5_000, 'node 5 gone everywhere');
    sim.net.freeze(sim.get(3).host);
    const rest = alive.filter((id) => id !== 3);
    await sim.until(() => rest.every((id) => !sim.reachable(id, 3)), 10_000, `node 3 silent everywhere: ${rest.filter((id) => sim.reachable(id, 3)).join(',')} still reach it`);
    for (const id of rest) assert.equal(sim.get(id).node.api.getNextHop(1, 5), null, `node ${id} has no route to the dead node 5`);
  } finally {
    await sim.stopAll();
  }
});
