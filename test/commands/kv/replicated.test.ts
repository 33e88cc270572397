import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCl } from '../../helpers/cli.js';
import { waitFor, withConvergedCluster } from '../../helpers/cluster.js';

test('cl kv put --replicated N: OK once N other nodes confirmed (named), exit 5 CL_ERR_KV_NOT_CONFIRMED when the cluster has too few, usage errors', async () => {
  await withConvergedCluster(3, async (ms) => {
    const n1 = ms[0]!;
    await waitFor(ms, () => n1.node.kvReplication.capability?.info().syncedNodes.length === 3 && [2, 3].every((id) => n1.node.messaging.peers.isCl(1, id)), 'node 1 sees 2 synced cl nodes');
    const s = ['-s', n1.config.controlSocket];
    const ok = await runCl(['kv', 'put', 'order:7', 'paid', '--replicated', '2', ...s]);
    assert.deepEqual([ok.code, ok.stdout, ok.stderr], [0, 'OK, confirmed by nodes 2, 3\n', '']);
    for (const m of ms) assert.equal(m.node.kv.get('default', 'order:7')?.value, 'paid');
    const json = await runCl(['kv', 'put', 'order:8', 'x', '--replicated', '1', '--json', ...s]);
    assert.equal(JSON.parse(json.stdout).key, 'order:8');
    assert.equal(JSON.parse(json.stdout).confirmed.length, 1);
    const many = await runCl(['kv', 'put', 'order:9', 'y', '--replicated', '3', '--confirm-timeout', '500', '--json', ...s]);
    assert.equal(many.code, 5, many.stderr);
    const err = JSON.parse(many.stderr || many.stdout).error;
    assert.equal(err.code, 'CL_ERR_KV_NOT_CONFIRMED');
    assert.match(err.message, /only 2 synced cl nodes reachable to confirm 3: stored on this node, not acknowledged/);
    assert.equal(n1.node.kv.get('default', 'order:9')?.value, 'y', 'kept on the node');
    const usage = await runCl(['kv', 'put', 'k', 'v', '--confirm-timeout', '5', ...s]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--confirm-timeout goes with --replicated/);
  }, { seeds: [1], fullMesh: true });
});
