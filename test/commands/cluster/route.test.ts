import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCl } from '../../helpers/cli.js';
import { makeNode } from '../../helpers/node.js';
import { freePort, loopbackHost } from '../../helpers/ports.js';
import { tempDir } from '../../helpers/tmp.js';
import { startCluster, until, type TestCluster } from './fixture.js';

let c: TestCluster;
before(async () => {
  c = await startCluster();
});
after(async () => {
  await c?.stop();
});

test('cluster route: a direct link is one hop', async () => {
  const r = await c.cl(2, 'cluster', 'route', '1', '3');
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines[0], '2 -> 3 (1 hop)');
  assert.match(lines[2]!, /^FROM +TO +LINK +LAST PONG +PRIORITY$/);
  assert.match(lines[3]!, /^2 +3 +Up +\d+(\.\d)? m?s ago +\d+$/);
  assert.equal(lines.at(-1), 'next hop 3: direct Up link');

  const json = await c.cl(2, 'cluster', 'route', '1', '3', '--json');
  assert.equal(json.code, 0, json.stderr);
  const reply = JSON.parse(json.stdout) as { reachable: boolean; path: number[]; next_hop: number };
  assert.deepEqual([reply.reachable, reply.path, reply.next_hop], [true, [2, 3], 3]);
});

test('cluster route: unknown node or cluster is an MI error (5); bad arguments are usage errors (2)', async () => {
  const cases = [['1'], ['1', 'x'], ['0', '2'], ['1', '2', '3']];
  const [unknown, cluster, gone, ...usage] = await Promise.all([
    c.cl(1, 'cluster', 'route', '1', '9'),
    c.cl(1, 'cluster', 'route', '7', '2'),
    runCl(['cluster', 'route', '1', '2', '-s', join(c.dir, 'none.sock')]),
    ...cases.map((args) => c.cl(1, 'cluster', 'route', ...args)),
  ]);
  assert.equal(unknown!.code, 5);
  assert.equal(unknown!.stderr.trim(), 'error: Node id not found: node 9 is not known in cluster 1 (its other nodes: 2, 3; this node is 1)', 'names the node and the cluster, no HTTP-style code');
  assert.equal(cluster!.code, 5);
  assert.equal(cluster!.stderr.trim(), 'error: Cluster id not found: this node is not in cluster 7 (its clusters: 1)');
  assert.equal(gone!.code, 3);
  usage.forEach((r, i) => assert.equal(r.code, 2, `${cases[i]!.join(' ')}: ${r.stderr}`));
});

// Last in this file: it kills node 3.
test('cluster route: a node that went away is unreachable, exit 1', async () => {
  await c.nodes[2]!.kill();
  const r = await until(() => c.cl(1, 'cluster', 'route', '1', '3'), (r) => r.code === 1, 'node 1 loses its route to node 3');
  assert.equal(r.stdout, 'node 3 is unreachable: no path\n');
  const json = await c.cl(1, 'cluster', 'route', '1', '3', '--json');
  assert.equal(json.code, 1);
  assert.deepEqual(JSON.parse(json.stdout).path, []);
});

test('cluster route: around a cut link, two hops through the node that still sees both', async () => {
  // In-process nodes so the link 2<->3 can be cut (transport fault injection); `cl` still runs as a child process.
  const { dir, cleanup } = tempDir();
  const hosts = [loopbackHost(), loopbackHost(), loopbackHost()];
  const urls = await Promise.all(hosts.map(async (h) => `bin:${h}:${await freePort(h)}`));
  const nodes = urls.map((url, i) =>
    makeNode(dir, {
      my_node_id: i + 1,
      db_mode: 0,
      my_node_info: `cluster_id=1, url=${url}`,
      ...(i > 0 ? { neighbor_node_info: `cluster_id=1, node_id=1, url=${urls[0]}` } : {}),
      ping_interval: 1,
      ping_timeout: 200,
      node_timeout: 2,
      state_file: join(dir, `n${i + 1}.peers.json`),
      log_level: 'warn',
    }),
  );
  nodes[1]!.faults.dropPeer = (h) => h === hosts[2];
  nodes[2]!.faults.dropPeer = (h) => h === hosts[1];
  try {
    for (const n of nodes) await n.node.start();
    const sock2 = nodes[1]!.config.controlSocket;
    const r = await until(() => runCl(['cluster', 'route', '1', '3', '-s', sock2]), (r) => r.stdout.startsWith('2 -> 1 -> 3 (2 hops)'), 'node 2 routes to node 3 through node 1', 15_000);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^2 +1 +Up +\d+(\.\d)? m?s ago +\d+$/m);
    assert.match(r.stdout, /^1 +3 +Up \(reported by node 1\) +- +\d+$/m);
    assert.match(r.stdout, /^next hop 1: fewest hops \(2\)$/m);
  } finally {
    for (const n of nodes) await n.node.stop();
    cleanup();
  }
});
