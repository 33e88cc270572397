import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimCluster, SIM_PORT } from '../../../src/engine/sim/sim-cluster.js';
import { description, ping, stat } from './stranger.js';

const STRANGER = '10.99.0.1';
const ids = (sim: SimCluster, id: number): number[] => sim.get(id).node.api.getNodes(1).map((n) => n.nodeId).sort((a, b) => a - b);

test('a stranger\'s mutated descriptions add no node: bad URLs and ids are refused and counted (the fault probe\'s phantoms)', async () => {
  const sim = new SimCluster().star(2);
  try {
    await sim.startAll();
    await sim.until(() => sim.converged(), 10_000, 'nodes 1-2 Up');
    const to = sim.get(1).endpoint;
    const bad = ['bin:127.0.0.`:5566', 'pin:127.0.0.4:5566', 'bin:127.0.Z.4:5566', 'bin:127.0.0.2:55y6', 'bin:::1:5566', 'bin:\u001b[31mred:5566'];
    bad.forEach((url, i) => sim.net.inject(STRANGER, to, description(9732 + i, url)));
    sim.net.inject(STRANGER, to, description(0, `bin:10.99.0.7:${SIM_PORT}`));
    sim.net.inject(STRANGER, to, description(-5, `bin:10.99.0.8:${SIM_PORT}`));
    await sim.clock.advance(100);
    assert.deepEqual(ids(sim, 1), [2]);
    assert.equal(stat(sim, 1, 'refused_bad_url'), bad.length);
    assert.equal(stat(sim, 1, 'refused_bad_id'), 2);
    const lines = sim.get(1).logs.filter((r) => /refusing node/.test(r.msg)).map((r) => r.msg);
    assert.ok(lines.some((m) => m.includes('bad URL "bin:\\x1b[31mred:5566"')), lines.join('\n'));
    assert.ok(lines.every((m) => !/[\u0000-\u001f]/.test(m)), 'no raw control character reaches the log');
  } finally {
    await sim.stopAll();
  }
});

test('a node learned from a stranger but never heard from is forgotten after twice node_timeout', async () => {
  const sim = new SimCluster({ logLevel: 'info' });
  sim.add(1);
  try {
    await sim.startAll();
    sim.net.inject(STRANGER, sim.get(1).endpoint, description(50, `bin:10.99.0.2:${SIM_PORT}`));
    await sim.clock.advance(100);
    assert.deepEqual(ids(sim, 1), [50], 'learned (join_policy any, as OpenSIPS)');
    // local preset: node_timeout 10 s, ping_interval 1 s → max(20 s, 10 s).
    const ms = await sim.until(() => ids(sim, 1).length === 0, 60_000, 'node 50 forgotten');
    assert.ok(ms >= 19_000 && ms <= 23_000, `forgotten after ${ms} ms`);
    assert.equal(stat(sim, 1, 'learned_nodes_expired'), 1);
    assert.ok(sim.get(1).logs.some((r) => /forgetting node \[50\] in cluster \[1\] at bin:10\.99\.0\.2:5566/.test(r.msg)));
  } finally {
    await sim.stopAll();
  }
});

test('a learned node that answers is kept; max_nodes_per_cluster caps discovery', async () => {
  const sim = new SimCluster({ common: { max_nodes_per_cluster: 3 } }).star(3);
  try {
    await sim.startAll();
    await sim.until(() => sim.converged(), 10_000, 'nodes 1-3 Up');
    for (let i = 0; i < 10; i++) sim.net.inject(STRANGER, sim.get(1).endpoint, description(100 + i, `bin:10.99.1.${i + 1}:${SIM_PORT}`));
    await sim.clock.advance(100);
    // Nodes 2 and 3 plus one stranger's: three remote nodes.
    assert.equal(ids(sim, 1).length, 3);
    assert.equal(stat(sim, 1, 'refused_cluster_full'), 9);
    await sim.clock.advance(30_000);
    assert.deepEqual(ids(sim, 1), [2, 3], 'the stranger\'s node expired, the members stay');
    assert.ok(sim.converged());
  } finally {
    await sim.stopAll();
  }
});

test('join_policy known: a node the configuration does not list never joins; refusals are counted and logged once a minute', async () => {
  const sim = new SimCluster();
  sim.add(1, { extra: { join_policy: 'known' } });
  sim.add(2, { neighbours: [1] });
  try {
    await sim.startAll();
    await sim.clock.advance(150_000);
    assert.deepEqual(ids(sim, 1), []);
    assert.equal(sim.linkUp(2, 1), false);
    const refused = stat(sim, 1, 'refused_join_policy');
    assert.ok(refused >= 10, `${refused} pings refused`);
    const lines = sim.get(1).logs.filter((r) => /refusing node id \[2\] in cluster \[1\]: join_policy does not admit 10\.0\.0\.2/.test(r.msg));
    assert.ok(lines.length >= 2 && lines.length <= 3, `${lines.length} log lines in 150 s`);
    assert.match(lines[1]!.msg, /\(\d+ more since the last report\)/);
  } finally {
    await sim.stopAll();
  }
});

test('join_policy networks: nodes inside join, a stranger outside is refused even when a member relays nothing', async () => {
  const sim = new SimCluster({ common: { join_policy: { networks: ['10.0.0.0/24'] } } }).star(3);
  try {
    await sim.startAll();
    await sim.until(() => sim.converged(), 10_000, 'nodes 1-3 Up');
    sim.net.inject('10.0.1.44', sim.get(1).endpoint, ping(300));
    sim.net.inject('10.0.1.44', sim.get(1).endpoint, description(300, `bin:10.0.1.44:${SIM_PORT}`));
    // A member's address, but a URL outside the networks: the URL is what would be contacted.
    sim.net.inject('10.0.0.2', sim.get(1).endpoint, description(301, `bin:10.0.1.45:${SIM_PORT}`, [301, 2]));
    await sim.clock.advance(100);
    assert.deepEqual(ids(sim, 1), [2, 3]);
    assert.equal(stat(sim, 1, 'refused_join_policy'), 3);
  } finally {
    await sim.stopAll();
  }
});

test('db_mode 0: a relayed description from an address that is no member is dropped', async () => {
  const sim = new SimCluster().star(2);
  try {
    await sim.startAll();
    await sim.until(() => sim.converged(), 10_000, 'nodes 1-2 Up');
    sim.net.inject(STRANGER, sim.get(1).endpoint, description(77, `bin:10.99.0.77:${SIM_PORT}`, [77, 2]));
    await sim.clock.advance(100);
    assert.deepEqual(ids(sim, 1), [2]);
    assert.equal(stat(sim, 1, 'refused_non_member'), 1);
  } finally {
    await sim.stopAll();
  }
});
