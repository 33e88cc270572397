import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setStatusParams } from '../../../src/commands/node/set-status.js';
import { ClientError } from '../../../src/client/errors.js';
import { runCl } from '../../helpers/cli.js';
import { startCluster, until, type TestCluster } from '../cluster/fixture.js';

test('CLUSTER [NODE] STATUS maps to the positional params of clusterer_set_status', () => {
  assert.deepEqual(setStatusParams(1, 'disabled', undefined), [1, 0]);
  assert.deepEqual(setStatusParams(1, '3', 'up'), [1, 3, 1]);
  for (const [word, v] of [['enabled', 1], ['ENABLED', 1], ['1', 1], ['up', 1], ['disabled', 0], ['0', 0], ['down', 0]] as const) {
    assert.deepEqual(setStatusParams(2, '4', word), [2, 4, v]);
  }
  const usage = (e: unknown) => e instanceof ClientError && e.code === 'CL_ERR_USAGE';
  assert.throws(() => setStatusParams(1, 'maybe', undefined), usage);
  assert.throws(() => setStatusParams(1, undefined, undefined), (e: unknown) => usage(e) && /missing STATUS/.test((e as Error).message));
  assert.throws(() => setStatusParams(1, '3', '2'), usage);
  assert.throws(() => setStatusParams(1, 'x', 'up'), usage);
  assert.throws(() => setStatusParams(1, '0', 'up'), usage);
});

let c: TestCluster;
before(async () => {
  c = await startCluster();
});
after(async () => {
  await c?.stop();
});

const stateOf = async (k: number, id: number): Promise<string | undefined> =>
  (await c.list(k)).Clusters[0]!.Nodes.find((n) => n.node_id === id)?.state;

test('node set-status CLUSTER NODE STATUS: a remote node, as this node sees it', async () => {
  const off = await c.cl(1, 'node', 'set-status', '1', '2', 'disabled');
  assert.equal(off.code, 0, off.stderr);
  assert.equal(off.stdout, 'OK\n');
  assert.equal(await stateOf(1, 2), 'disabled');
  const route = await c.cl(1, 'cluster', 'route', '1', '2');
  assert.equal(route.code, 1);
  assert.equal(route.stdout, 'node 2 is unreachable: node disabled\n');

  const on = await c.cl(1, 'node', 'set-status', '1', '2', 'up', '--json');
  assert.equal(on.code, 0, on.stderr);
  assert.equal(on.stdout, '"OK"\n');
  assert.equal(await stateOf(1, 2), 'enabled');
});

test('node set-status CLUSTER STATUS: the local node; the others stop using it', async () => {
  const off = await c.cl(3, 'node', 'set-status', '1', '0');
  assert.equal(off.code, 0, off.stderr);
  await until(() => c.cl(1, 'cluster', 'route', '1', '3'), (r) => r.code === 1, 'node 1 stops routing to node 3');
  const on = await c.cl(3, 'node', 'set-status', '1', 'enabled');
  assert.equal(on.code, 0, on.stderr);
  await until(() => c.cl(1, 'cluster', 'route', '1', '3'), (r) => r.code === 0, 'node 1 routes to node 3 again');
});

test('node set-status: bad words are usage errors (2), unknown ids MI errors (5), no node 3', async () => {
  const cases = [['1', 'x', 'up'], ['1'], ['0', 'up'], ['1', '2', 'up', 'extra']];
  const [bad, node, cluster, gone, ...usage] = await Promise.all([
    c.cl(1, 'node', 'set-status', '1', '2', 'maybe', '--json'),
    c.cl(1, 'node', 'set-status', '1', '9', 'up'),
    c.cl(1, 'node', 'set-status', '8', 'up'),
    runCl(['node', 'set-status', '1', 'up', '-s', join(c.dir, 'none.sock')]),
    ...cases.map((args) => c.cl(1, 'node', 'set-status', ...args)),
  ]);
  assert.equal(bad!.code, 2);
  assert.deepEqual(JSON.parse(bad!.stdout), { error: { code: 'CL_ERR_USAGE', message: "bad STATUS 'maybe': expected enabled|disabled|up|down|1|0", exit: 2 } });
  usage.forEach((r, i) => assert.equal(r.code, 2, `${cases[i]!.join(' ')}: ${r.stderr}`));
  assert.equal(node!.code, 5);
  assert.equal(node!.stderr.trim(), 'error: Node id not found: node 9 is not known in cluster 1 (its other nodes: 2, 3; this node is 1)');
  assert.equal(cluster!.code, 5);
  assert.match(cluster!.stderr, /Cluster id not found/);
  assert.equal(gone!.code, 3);
});
