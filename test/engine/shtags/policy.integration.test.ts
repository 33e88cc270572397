import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCluster, startAll, stopAll, waitConverged, type Member } from '../../helpers/cluster.js';
import { eventually } from '../../helpers/eventually.js';
import { tempDir } from '../../helpers/tmp.js';
import { actives, CID, heal, partition, reachable, states, tagEvents, waitOnlyActive } from './helpers.js';

type Rule = 'none' | 'lowest_id' | 'keep_oldest';

/** 3 nodes, vip/1 configured active on node 3; every node gets the same policy (none = no key at all). */
async function cluster(dir: string, rule: Rule): Promise<Member[]> {
  const policy = rule === 'none' ? {} : { sharing_tag_policy: `vip/1: on_down=takeover, on_conflict=${rule}` };
  return buildCluster(dir, 3, { fullMesh: true, extra: (id) => ({ ...policy, sharing_tag: `vip/1=${id === 3 ? 'active' : 'backup'}` }) });
}

for (const rule of ['none', 'lowest_id', 'keep_oldest'] as const) {
  test(`partition {3} | {1,2} and heal, policy ${rule}: exactly one active on every node afterwards`, async () => {
    const { dir, cleanup } = tempDir();
    const ms = await cluster(dir, rule);
    const [n1, n2, n3] = ms as [Member, Member, Member];
    try {
      await startAll(ms);
      await waitConverged(ms);
      await waitOnlyActive(ms, 3);
      // Configured states hold from the start; wait until node 3's announcement reached the others.
      await eventually(() => n1.node.shtags.find('vip', CID)?.owner === 3 && n2.node.shtags.find('vip', CID)?.owner === 3, { what: `owner 3 known: ${states(ms)}` });
      await partition([n3], [n1, n2]);
      if (rule === 'none') {
        // OpenSIPS: no automatic takeover; the operator fails over by hand on the majority side.
        assert.deepEqual(actives(ms), [3], states(ms));
        assert.equal(await n1.client.call('clusterer_shtag_set_active', ['vip/1']), 'OK');
      } else {
        await eventually(() => n1.node.shtags.find('vip', CID)?.state === 'active', { timeoutMs: 5000, what: `node 1 took over: ${states(ms)}` });
        assert.ok(tagEvents(n1).includes('active:takeover: active node 3 down'), tagEvents(n1).join(','));
      }
      await eventually(() => n2.node.shtags.find('vip', CID)?.owner === 1, { timeoutMs: 5000, what: 'node 2 heard from node 1' });
      assert.deepEqual(actives(ms), [1, 3], `one active on each side: ${states(ms)}`);
      heal(ms);
      await waitConverged(ms);
      // none: node 1's pending announcement reaches node 3 (node 3 had already informed everybody);
      // lowest_id: node 1; keep_oldest: node 3, active since start-up, is older than node 1's takeover.
      const winner = rule === 'keep_oldest' ? 3 : 1;
      await waitOnlyActive(ms, winner);
      // and it stays that way
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(actives(ms), [winner], states(ms));
      for (const m of ms) assert.equal(m.node.shtags.find('vip', CID)?.owner, winner, `node ${m.id} knows the owner`);
    } finally {
      await stopAll(ms);
      cleanup();
    }
  });
}

test('on_down=takeover: the active node stops, the lowest backup takes over, the other stays backup', async () => {
  const { dir, cleanup } = tempDir();
  const ms = await buildCluster(dir, 3, {
    fullMesh: true,
    extra: (id) => ({ sharing_tag_policy: 'vip/1: on_down=takeover, on_conflict=lowest_id', sharing_tag: `vip/1=${id === 1 ? 'active' : 'backup'}` }),
  });
  const [n1, n2, n3] = ms as [Member, Member, Member];
  try {
    await startAll(ms);
    await waitConverged(ms);
    await waitOnlyActive(ms, 1);
    await eventually(() => n2.node.shtags.find('vip', CID)?.owner === 1 && n3.node.shtags.find('vip', CID)?.owner === 1, { what: 'owners known' });
    await n1.client.close();
    await n1.node.stop();
    await waitOnlyActive([n2, n3], 2, 'vip', 10_000);
    assert.deepEqual(tagEvents(n2), ['active:takeover: active node 1 down']);
    assert.deepEqual(tagEvents(n3), []);
    const reports = (await n2.client.call('sr_list_reports', ['clusterer', 'sharing_tags'])) as { Log: string }[];
    assert.equal(reports.at(-1)?.Log, 'TAG <vip>, cluster 1, became active due to takeover: active node 1 down');
    await eventually(() => n3.node.shtags.find('vip', CID)?.owner === 2, { what: 'node 3 knows the new owner' });
  } finally {
    await stopAll(ms);
    cleanup();
  }
});

test('default (no policy): the active node stops and nobody takes over (OpenSIPS)', async () => {
  const { dir, cleanup } = tempDir();
  const ms = await buildCluster(dir, 3, { fullMesh: true, extra: (id) => (id === 1 ? { sharing_tag: 'vip/1=active' } : {}) });
  const [n1, n2, n3] = ms as [Member, Member, Member];
  try {
    await startAll(ms);
    await waitConverged(ms);
    await waitOnlyActive(ms, 1);
    await n1.client.close();
    await n1.node.stop();
    await eventually(() => !reachable(n2, 1) && !reachable(n3, 1), { timeoutMs: 10_000, what: 'node 1 seen down' });
    await Promise.all([n2.node.shtags.idle(), n3.node.shtags.idle()]);
    assert.deepEqual(actives([n2, n3]), [], states([n2, n3]));
  } finally {
    await stopAll(ms);
    cleanup();
  }
});
