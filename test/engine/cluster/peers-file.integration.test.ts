import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildCluster, buildMember, startAll, stopAll, waitConverged, type Member } from '../../helpers/cluster.js';
import { eventually } from '../../helpers/eventually.js';
import { tempDir } from '../../helpers/tmp.js';

const remembered = (m: Member): number[] => {
  try {
    const data = JSON.parse(readFileSync(m.config.stateFile!, 'utf8')) as { version: number; clusters: Record<string, { id: number }[]> };
    return (data.clusters['1'] ?? []).map((p) => p.id).sort();
  } catch {
    return [];
  }
};

test('a seed remembers the nodes it learned while running, and knows them again from its first moment after a restart', async () => {
  const { dir, cleanup } = tempDir();
  const members = await buildCluster(dir, 3); // node 1: no neighbours configured; 2 and 3 know node 1
  try {
    await startAll(members);
    await waitConverged(members);
    await eventually(() => remembered(members[0]!).join() === '2,3', { timeoutMs: 10_000, what: 'state file of node 1 lists nodes 2 and 3' });

    // A crash leaves the file as it was written while running; a new process of node 1 reads it at start.
    const seed = members[0]!;
    await seed.client.close();
    await seed.node.stop();
    const again = buildMember(dir, { id: 1, host: seed.host, port: seed.port, url: seed.url }, []);
    await again.node.start();
    assert.deepEqual(again.node.api.getNodes(1).map((n) => n.nodeId).sort(), [2, 3], 'known before any packet arrived');
    members[0] = again;
    await waitConverged(members);
  } finally {
    await stopAll(members);
    cleanup();
  }
});
