import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allocAddr, buildCluster, buildMember, startAll, stopAll, waitConverged } from '../../helpers/cluster.js';
import { eventually } from '../../helpers/eventually.js';
import { tempDir } from '../../helpers/tmp.js';

test('real sockets, ls_batch_interval 5 ms: nodes that know only node 1 form a mesh, a fifth joins, kv writes reach everyone, a stopped node is agreed gone', async () => {
  const { dir, cleanup } = tempDir();
  const extra = { ls_batch_interval: 5 };
  const ms = await buildCluster(dir, 4, { extra });
  const fifth = buildMember(dir, await allocAddr(5), [ms[0]!], { extra });
  const all = [...ms, fifth];
  try {
    await startAll(ms);
    await waitConverged(ms);
    await fifth.node.start();
    await waitConverged(all);
    assert.deepEqual(fifth.node.api.getNodes(1).map((n) => n.nodeId).sort(), [1, 2, 3, 4], 'the newcomer learned every node from node 1');
    // Every node holds the others' links: 3 other links each, as announced by their nodes.
    for (const m of all) {
      const view = m.node.cluster.view(1)!;
      for (const other of all) {
        if (other === m) continue;
        await eventually(() => view.getNode(other.id)?.adjacency.size === 3, { timeoutMs: 5000, what: `node ${m.id} holds node ${other.id}'s links` });
      }
    }
    ms[1]!.node.kv.put('default', 'batched', 'yes');
    await eventually(() => all.every((m) => m.node.kv.get('default', 'batched')?.value === 'yes'), { timeoutMs: 5000, what: 'the write everywhere' });
    await ms[2]!.node.stop();
    const rest = all.filter((m) => m !== ms[2]);
    await eventually(() => rest.every((m) => !m.node.cluster.view(1)!.isReachable(ms[2]!.id)), { timeoutMs: 10_000, what: 'node 3 unreachable everywhere' });
    for (const m of rest) await eventually(() => m.node.cluster.view(1)!.getNode(ms[0]!.id === m.id ? 2 : 1)?.adjacency.has(3) === false, { timeoutMs: 5000, what: `node ${m.id} knows the links to 3 are gone` });
  } finally {
    await stopAll(all);
    cleanup();
  }
});
