import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCl } from '../../helpers/cli.js';
import { eventually } from '../../helpers/eventually.js';
import { startCluster, type TestCluster } from '../cluster/fixture.js';

let c: TestCluster;
before(async () => {
  c = await startCluster();
});
after(async () => {
  await c?.stop();
});

const idsOf = async (k: number): Promise<number[]> => (await c.list(k)).Clusters[0]!.Nodes.map((n) => n.node_id).sort();

test('node remove: usage errors exit 2 and an unreachable node 3, before anything is removed', async () => {
  const cases = [['1'], ['1', 'x'], ['0', '3'], ['1', '3', '4']];
  const [gone, ...usage] = await Promise.all([runCl(['node', 'remove', '1', '3', '-s', join(c.dir, 'none.sock')]), ...cases.map((args) => c.cl(1, 'node', 'remove', ...args))]);
  assert.equal(gone.code, 3);
  usage.forEach((r, i) => assert.equal(r.code, 2, `${cases[i]!.join(' ')}: ${r.stderr}`));
  assert.deepEqual(await idsOf(1), [2, 3]);
});

test('node remove CLUSTER NODE: every node forgets it', async () => {
  const r = await c.cl(1, 'node', 'remove', '1', '3');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'OK\n');
  assert.deepEqual(await idsOf(1), [2]);
  await eventually(async () => !(await idsOf(2)).includes(3), { timeoutMs: 10_000, intervalMs: 50, what: 'node 2 forgets node 3' });
  const route = await c.cl(2, 'cluster', 'route', '1', '3');
  assert.equal(route.code, 5, 'node 3 is no longer known');
});

test('node remove: an unknown node or cluster is an MI error (5)', async () => {
  const again = await c.cl(1, 'node', 'remove', '1', '3', '--json');
  assert.equal(again.code, 5);
  const detail = 'node 3 is not known in cluster 1 (its other nodes: 2; this node is 1)';
  assert.deepEqual(JSON.parse(again.stdout), { error: { code: 'CL_ERR_UNKNOWN_NODE', message: `Unknown node id: ${detail}`, exit: 5, rpc_code: 400, data: detail } });
  const cluster = await c.cl(1, 'node', 'remove', '6', '2');
  assert.equal(cluster.code, 5);
  assert.match(cluster.stderr, /Unknown cluster id/);
});
