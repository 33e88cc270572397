import { test } from 'node:test';
import assert from 'node:assert/strict';
import parse, { type ParsedFamily } from 'parse-prometheus-text-format';
import { metricsText, type MetricsCtx } from '../../../src/engine/control/metrics.js';
import type { ClusterNode } from '../../../src/engine/node.js';
import { SimCluster } from '../../../src/engine/sim/sim-cluster.js';
import { description } from '../cluster/stranger.js';

const ctxOf = (sim: SimCluster, node: ClusterNode, startedAt: number): MetricsCtx => ({
  startedAt,
  now: () => sim.clock.now(),
  cluster: node.cluster,
  api: node.api,
  shtags: node.shtags,
  caps: node.capabilities.layer,
  stats: node.stats,
});

function value(fams: ParsedFamily[], name: string, labels: Record<string, string> = {}): number | undefined {
  const m = fams.find((f) => f.name === name)?.metrics.find((s) => JSON.stringify(Object.entries(s.labels ?? {}).sort()) === JSON.stringify(Object.entries(labels).sort()));
  return m === undefined ? undefined : Number(m.value);
}

test('metrics in simulated time: a crashed node turns Down, its last pong ages with the clock, refusals are counted by reason', async () => {
  const sim = new SimCluster();
  sim.add(1, { extra: { sharing_tag: 'vip/1=active' } });
  sim.add(2, { neighbours: [1] });
  sim.add(3, { neighbours: [1] });
  try {
    const t0 = sim.clock.now();
    await sim.startAll();
    await sim.until(() => sim.converged(), 10_000, 'all Up');
    const n1 = sim.get(1).node;
    const ctx = ctxOf(sim, n1, t0);
    let fams = parse(metricsText(ctx));
    assert.deepEqual([value(fams, 'clusterer_nodes', { cluster: '1' }), value(fams, 'clusterer_nodes_up', { cluster: '1' }), value(fams, 'clusterer_nodes_down', { cluster: '1' })], [2, 2, 0]);
    assert.equal(value(fams, 'cl_uptime_seconds'), (sim.clock.now() - t0) / 1000);
    assert.equal(value(fams, 'cl_shtag_active', { cluster: '1', tag: 'vip' }), 1);

    sim.net.inject('10.99.0.1', sim.get(1).endpoint, description(777, 'pin:127.0.0.4:5566'));
    await sim.clock.advance(10);
    fams = parse(metricsText(ctx));
    assert.equal(value(fams, 'cl_bin_packets_refused_total', { reason: 'bad_url' }), 1);
    assert.equal(value(fams, 'cl_bin_packets_refused_total', { reason: 'bad_id' }), 0);

    await sim.kill(3);
    await sim.until(() => n1.api.getNodes(1).some((n) => n.nodeId === 3 && n.linkState === 'Down'), 30_000, 'node 3 Down on node 1');
    const lastPong = n1.api.getNodes(1).find((n) => n.nodeId === 3)!.lastPong;
    await sim.clock.advance(5_000);
    fams = parse(metricsText(ctx));
    assert.deepEqual([value(fams, 'clusterer_nodes_up', { cluster: '1' }), value(fams, 'clusterer_nodes_down', { cluster: '1' })], [1, 1]);
    assert.equal(value(fams, 'cl_link_up', { cluster: '1', node: '3' }), 0);
    assert.equal(value(fams, 'cl_link_state', { cluster: '1', node: '3', state: 'Down' }), 1);
    assert.equal(value(fams, 'cl_link_state', { cluster: '1', node: '3', state: 'Up' }), 0);
    assert.equal(value(fams, 'cl_node_reachable', { cluster: '1', node: '3' }), 0);
    assert.equal(value(fams, 'cl_link_last_pong_age_seconds', { cluster: '1', node: '3' }), (sim.clock.now() - lastPong) / 1000);
    assert.ok(value(fams, 'cl_link_last_pong_age_seconds', { cluster: '1', node: '3' })! >= 5);
    assert.equal(value(fams, 'cl_link_up', { cluster: '1', node: '2' }), 1);
  } finally {
    await sim.stopAll();
  }
});
