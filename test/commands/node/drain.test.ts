import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withConvergedCluster } from '../../helpers/cluster.js';
import { runCl } from '../../helpers/cli.js';

const stateOf = (m: { node: { shtags: { list(): Array<{ name: string; clusterId: number; state: string }> } } }): string | undefined =>
  m.node.shtags.list().find((t) => t.name === 'vip' && t.clusterId === 1)?.state;

test('cl node drain: the active tag moves to another node, then the node is disabled; set-status enabled undoes it', async () => {
  await withConvergedCluster(
    3,
    async (ms) => {
      const [a, b, c] = [ms[0]!, ms[1]!, ms[2]!];
      assert.equal(stateOf(a), 'active');
      const r = await runCl(['node', 'drain', '--json', '-s', a.config.controlSocket], { timeoutMs: 20_000 });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const report = JSON.parse(r.stdout) as { handed_over: Array<{ tag: string; cluster_id: number; to: number }>; disabled: number[] };
      assert.deepEqual(report.disabled, [1]);
      assert.equal(report.handed_over.length, 1);
      const to = report.handed_over[0]!.to;
      assert.ok(to === 2 || to === 3);
      assert.equal(stateOf(a), 'backup', 'this node gave the tag up');
      assert.equal(stateOf(to === 2 ? b : c), 'active', 'the node it went to holds it');
      assert.equal(a.node.cluster.view(1)?.local.enabled, false, 'and this node is disabled');
      const undo = await runCl(['node', 'set-status', '1', 'enabled', '-s', a.config.controlSocket]);
      assert.equal(undo.code, 0);
      assert.equal(a.node.cluster.view(1)?.local.enabled, true);
    },
    { extra: (id) => (id === 1 ? { sharing_tag: 'vip/1=active' } : { sharing_tag: 'vip/1=backup' }) },
  );
});

test('cl node drain: with nobody to take the tag it stops with CL_ERR_DRAIN_FAILED and disables nothing', async () => {
  await withConvergedCluster(
    1,
    async (ms) => {
      const a = ms[0]!;
      const r = await runCl(['node', 'drain', '-s', a.config.controlSocket]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /cannot hand over vip\/1: no other node of the cluster is reachable; nothing was disabled/);
      assert.equal(stateOf(a), 'active');
      assert.equal(a.node.cluster.view(1)?.local.enabled, true);
    },
    { extra: { sharing_tag: 'vip/1=active' } },
  );
});
