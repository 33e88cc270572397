import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimCluster } from '../../../src/engine/sim/sim-cluster.js';
import { LinkState } from '../../../src/engine/topology/index.js';
import { nodeAt, stat } from './stranger.js';

const NEW_HOST = '10.50.0.2';

test('a second live node with an id already in use is refused; both sides log why; the incumbent keeps running', async () => {
  const sim = new SimCluster().star(2);
  const impostor = nodeAt(sim, 2, NEW_HOST, [1]);
  try {
    await sim.startAll();
    await sim.until(() => sim.converged(), 10_000, 'nodes 1-2 Up');
    await impostor.node.start();
    const n1 = sim.get(1);
    const refused = /node id 2 already in use at 10\.0\.0\.2: refusing node id 2 from 10\.50\.0\.2 in cluster 1/;
    await sim.until(() => n1.logs.some((r) => r.level === 'error' && refused.test(r.msg)), 10_000, 'node 1 names both addresses');
    await sim.until(() => impostor.logs.some((r) => r.level === 'error' && /node id 2 already in use at 10\.0\.0\.2 in cluster 1: node 1 refuses this node \(seen at 10\.50\.0\.2\)/.test(r.msg)), 10_000, 'the newcomer is told');
    await sim.clock.advance(20_000);
    assert.ok(sim.linkUp(1, 2) && sim.linkUp(2, 1), 'the incumbent stays Up');
    assert.equal(n1.node.api.getNodes(1).find((n) => n.nodeId === 2)?.url, 'bin:10.0.0.2:5566');
    assert.ok(stat(sim, 1, 'node_id_conflicts') > 5, 'every refused packet counted');
    assert.ok(impostor.node.stats.read(['bin:node_id_conflicts'])['bin:node_id_conflicts']! >= 1);
    assert.equal(n1.logs.filter((r) => refused.test(r.msg)).length, 1, 'logged once a minute, not per packet');
  } finally {
    await impostor.node.stop();
    await sim.stopAll();
  }
});

test('the same id back from another address is accepted once the old address is gone, with a log line', async () => {
  const sim = new SimCluster({ logLevel: 'info' }).star(3);
  try {
    await sim.startAll();
    await sim.until(() => sim.converged(), 10_000, 'nodes 1-3 Up');
    await sim.kill(2);
    const down = (id: number) => sim.get(id).node.cluster.view(1)?.getNode(2)?.link.state === LinkState.DOWN;
    await sim.until(() => down(1) && down(3), 10_000, 'node 2 Down');
    const back = nodeAt(sim, 2, NEW_HOST, [1]);
    await back.node.start();
    try {
      const urlOf = (id: number) => sim.get(id).node.api.getNodes(1).find((n) => n.nodeId === 2)?.url;
      await sim.until(() => urlOf(1) === `bin:${NEW_HOST}:5566` && urlOf(3) === `bin:${NEW_HOST}:5566`, 10_000, 'nodes 1 and 3 know node 2 at its new address');
      await sim.until(() => sim.linkUp(1, 2) && sim.linkUp(3, 2), 10_000, 'node 2 Up again');
      assert.ok(sim.get(1).logs.some((r) => /node \[2\] in cluster \[1\] is now at bin:10\.50\.0\.2:5566 \(was bin:10\.0\.0\.2:5566, which is gone\)/.test(r.msg)));
      assert.equal(stat(sim, 1, "node_id_conflicts"), 0, sim.get(1).logs.filter((r) => r.level !== "debug").map((r) => r.msg).join("\n"));
    } finally {
      await back.node.stop();
    }
  } finally {
    await sim.stopAll();
  }
});
