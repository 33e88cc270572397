import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCl } from '../helpers/cli.js';
import { buildCluster, startAll, stopAll, waitConverged } from '../helpers/cluster.js';
import { tempDir } from '../helpers/tmp.js';

test('cl mi cluster_broadcast_mi --json shows every node result; plain shows the local one', async () => {
  const { dir, cleanup } = tempDir();
  const members = await buildCluster(dir, 2);
  try {
    await startAll(members);
    await waitConverged(members);
    const sock = members[0]!.config.controlSocket;
    const json = await runCl(['mi', 'cluster_broadcast_mi', '1', 'uptime', '-s', sock, '--json']);
    assert.equal(json.code, 0, json.stderr + json.stdout);
    const all = JSON.parse(json.stdout) as { results: Record<string, { status: string }>; failed: number[] };
    assert.deepEqual(Object.keys(all.results).sort(), ['1', '2']);
    assert.deepEqual(all.failed, []);
    const plain = await runCl(['mi', 'cluster_broadcast_mi', '1', 'uptime', '-s', sock]);
    assert.equal(plain.code, 0, plain.stderr);
    assert.ok('Up time' in (JSON.parse(plain.stdout) as object), 'OpenSIPS shape: the local result');
  } finally {
    await stopAll(members);
    cleanup();
  }
});
