import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, until } from '../cluster/fixture.js';

test('cl node status: this node per cluster, a cluster\'s nodes, one node; --json rows with stable keys; unknown cluster or node exit 5', async () => {
  const c = await startCluster({ size: 3 });
  try {
    const mine = await c.cl(1, 'node', 'status');
    assert.equal(mine.code, 0, mine.stderr);
    const lines = mine.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^CLUSTER +NODE +URL +LINK +STATE +NEXT HOP +LAST PONG$/);
    assert.equal(lines.length, 2);
    assert.match(lines[1]!, /^1 +1 +bin:\S+ +self +enabled +- +-$/);

    assert.equal((await c.cl(1, 'node', 'set-status', '1', '3', 'disabled')).code, 0);
    const all = await until(() => c.cl(1, 'node', 'status', '1'), (r) => /^1 +3 +\S+ +Down +disabled +none/m.test(r.stdout), 'node 3 Down and disabled on node 1');
    assert.match(all.stdout, /^1 +2 +bin:\S+ +Up +enabled +2 +\d+ ms ago$/m);
    assert.deepEqual(all.stdout.trimEnd().split('\n').slice(1).map((l) => l.split(/ +/)[1]), ['1', '2', '3'], 'by node id, this node included');

    const one = await c.cl(1, 'node', 'status', '1', '2', '--json');
    assert.equal(one.code, 0, one.stderr);
    const rows = JSON.parse(one.stdout) as Record<string, unknown>[];
    assert.equal(rows.length, 1);
    assert.deepEqual(Object.keys(rows[0]!), ['cluster_id', 'node_id', 'self', 'url', 'enabled', 'link_state', 'next_hop', 'last_pong_ms_ago']);
    assert.deepEqual([rows[0]!.node_id, rows[0]!.self, rows[0]!.enabled, rows[0]!.link_state, rows[0]!.next_hop], [2, false, true, 'Up', 2]);

    const [node9, cluster7, bad] = await Promise.all([c.cl(1, 'node', 'status', '1', '9', '--json'), c.cl(1, 'node', 'status', '7'), c.cl(1, 'node', 'status', 'x')]);
    assert.deepEqual([node9.code, (JSON.parse(node9.stdout) as { error: { code: string } }).error.code], [5, 'CL_ERR_UNKNOWN_NODE']);
    assert.deepEqual([cluster7.code, cluster7.stderr], [5, 'error: this node (1) is not in cluster 7 (its clusters: 1)\n']);
    assert.equal(bad.code, 2);
  } finally {
    await c.stop();
  }
});
