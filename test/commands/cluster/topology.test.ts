import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCl } from '../../helpers/cli.js';
import { startCluster, until, type TestCluster } from './fixture.js';

let c: TestCluster;
before(async () => {
  c = await startCluster();
});
after(async () => {
  await c?.stop();
});

test('cluster topology: adjacency list, local node first and marked', async () => {
  // Links are all Up once the fixture returns; the link-state updates that tell node 2 about 1<->3 may still be in flight.
  const r = await until(() => c.cl(2, 'cluster', 'topology'), (r) => r.stdout.includes('3         -> 1, 2'), 'node 2 sees the full mesh');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'cluster 1\n  2 (local) -> 1, 3\n  1         -> 2, 3\n  3         -> 1, 2\n');
});

test('cluster topology --json: the MI result in snake_case keys, on one line; --cluster filters', async () => {
  const r = await c.cl(1, 'cluster', 'topology', '--json', '--cluster', '1');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim().split('\n').length, 1);
  const reply = JSON.parse(r.stdout) as { clusters: { cluster_id: number; nodes: { node_id: number; neighbours: number[] }[] }[] };
  assert.equal(reply.clusters.length, 1);
  assert.equal(reply.clusters[0]!.nodes[0]!.node_id, 1, 'the local node comes first');
  assert.deepEqual(reply.clusters[0]!.nodes.map((n) => n.node_id).sort(), [1, 2, 3]);
  assert.ok(reply.clusters[0]!.nodes.every((n) => Array.isArray(n.neighbours)));
  const other = await c.cl(1, 'cluster', 'topology', '--cluster', '4');
  assert.equal(other.code, 5);
  assert.match(other.stderr, /not in cluster 4/);
});

test('cluster topology --format dot: a Graphviz graph of the live cluster; a bad format is a usage error', async () => {
  const [dot, bad] = await Promise.all([c.cl(1, 'cluster', 'topology', '--format', 'dot'), c.cl(1, 'cluster', 'topology', '--format', 'png')]);
  assert.equal(dot.code, 0, dot.stderr);
  assert.match(dot.stdout, /^graph topology \{\n/);
  assert.match(dot.stdout, /"c1n1" \[label="1 \(local\)", penwidth=2\];/);
  assert.match(dot.stdout, /"c1n1" -- "c1n2" \[color=green4\];/);
  assert.match(dot.stdout, /\}\n$/);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^error: bad --format 'png': expected one of text, dot/);
});

test('cluster topology: usage errors exit 2, an unreachable node 3', async () => {
  const [missing, extra, gone] = await Promise.all([
    c.cl(1, 'cluster', 'topology', '--cluster'),
    c.cl(1, 'cluster', 'topology', 'x'),
    runCl(['cluster', 'topology', '-s', join(c.dir, 'none.sock'), '--json']),
  ]);
  assert.equal(missing.code, 2);
  assert.equal(extra.code, 2);
  assert.equal(gone.code, 3);
  assert.equal(JSON.parse(gone.stdout).error.code, 'CL_ERR_NODE_UNREACHABLE');
});
