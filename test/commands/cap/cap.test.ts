import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCl, startNodeProcess, type NodeProcess } from '../../helpers/cli.js';
import { eventually } from '../../helpers/eventually.js';
import { freePort, loopbackHost } from '../../helpers/ports.js';
import { tempDir } from '../../helpers/tmp.js';

const CAP = 'cachedb-local-repl';

test('cl cap list / owner / sync --wait / set-status through the built CLI, against two node processes', async () => {
  const { dir, cleanup } = tempDir();
  const [h1, h2] = [loopbackHost(), loopbackHost()];
  const [p1, p2] = [await freePort(h1), await freePort(h2)];
  const common = { db_mode: 0, seed_fallback_interval: 1, ping_interval: 1, ping_timeout: 200, node_timeout: 2 };
  const nodes: NodeProcess[] = [];
  try {
    nodes.push(await startNodeProcess(dir, 'n1', { ...common, my_node_id: 1, my_node_info: `cluster_id=1, url=bin:${h1}:${p1}, flags=seed`, control_socket: join(dir, 'n1.sock'), state_file: join(dir, 'n1.peers.json') }));
    const s1 = ['-s', nodes[0]!.socket];
    const put = await runCl(['kv', 'put', '--stdin', ...s1], { input: 'a 1\nb 2\nc 3\n' });
    assert.equal(put.code, 0, put.stderr);
    // Node 2 starts once node 1 holds the data: it gets it by a sync.
    nodes.push(
      await startNodeProcess(dir, 'n2', {
        ...common,
        my_node_id: 2,
        my_node_info: `cluster_id=1, url=bin:${h2}:${p2}`,
        neighbor_node_info: [`cluster_id=1, node_id=1, url=bin:${h1}:${p1}`],
        control_socket: join(dir, 'n2.sock'),
        state_file: join(dir, 'n2.peers.json'),
      }),
    );
    const s2 = ['-s', nodes[1]!.socket];
    await eventually(async () => {
      const r = await runCl(['cap', 'list', '--json', ...s2]);
      const rows = JSON.parse(r.stdout) as Array<{ capability: string; status: number; synced_nodes: number[] }>;
      return rows[0]?.status === 1 && rows[0].synced_nodes.join() === '1,2';
    }, { timeoutMs: 15_000, what: 'node 2 synced, both nodes synced' });
    const table = await runCl(['cap', 'list', ...s2]);
    assert.equal(table.code, 0);
    assert.equal(
      table.stdout,
      'CLUSTER  CAPABILITY          STATE   ENABLED  DONOR  RECORDS       SYNCED NODES\n1        cachedb-local-repl  synced  yes      -      3/3 verified  1,2\n',
    );

    const o1 = await runCl(['cap', 'owner', CAP, 'call-1', '--json', ...s1]);
    const o2 = await runCl(['cap', 'owner', CAP, 'call-1', '--json', ...s2]);
    assert.equal(o1.code, 0);
    assert.deepEqual(JSON.parse(o1.stdout), JSON.parse(o2.stdout), 'both nodes name the same owner');

    const sync = await runCl(['cap', 'sync', CAP, '--wait', ...s2]);
    assert.equal(sync.code, 0, sync.stderr);
    assert.match(sync.stdout, /^synced: 3 records in under a second, verified\n$/);
    const got = await runCl(['kv', 'get', 'c', ...s2]);
    assert.equal(got.stdout, '3\n');

    assert.equal((await runCl(['cap', 'set-status', CAP, 'disabled', ...s2])).stdout, 'OK\n');
    const disabled = await runCl(['cap', 'sync', CAP, '--wait', ...s2]);
    assert.equal(disabled.code, 1);
    assert.match(disabled.stderr, /cachedb-local-repl is disabled in cluster 1: enable it first/);
    const bad = await runCl(['cap', 'set-status', CAP, 'sideways', ...s2]);
    assert.equal(bad.code, 2, 'a bad STATUS is a usage error');
    const unknown = await runCl(['cap', 'owner', 'nope', 'k', '--json', ...s2]);
    assert.equal(unknown.code, 5, 'an unknown capability is refused as any unknown thing the node is asked about');
    assert.match(unknown.stdout + unknown.stderr, /the node has no capability nope \(it has: cachedb-local-repl \(cluster 1\)\)/);
  } finally {
    for (const n of nodes) await n.stop();
    cleanup();
  }
});
