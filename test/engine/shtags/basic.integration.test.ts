import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCluster, rawMi, startAll, stopAll, waitConverged } from '../../helpers/cluster.js';
import { eventually } from '../../helpers/eventually.js';
import { recorded } from '../../helpers/mi-replies.js';
import { tempDir } from '../../helpers/tmp.js';
import { CID, states, tagEvents, waitOnlyActive } from './helpers.js';

interface Report { Timestamp: number; Date: string; Log: string }

test('2 nodes: tag learned from the peer, set-active moves it, replies/reports/events as OpenSIPS', async () => {
  const { dir, cleanup } = tempDir();
  const ms = await buildCluster(dir, 2, { fullMesh: true, extra: (id) => (id === 1 ? { sharing_tag: 'vip/1=active' } : {}) });
  const [n1, n2] = ms as [(typeof ms)[0], (typeof ms)[0]];
  try {
    await startAll(ms);
    await waitConverged(ms);
    // node 2 has no sharing_tag: it learns vip from node 1's SHTAG_ACTIVE at NODE UP
    await waitOnlyActive(ms, 1);
    assert.equal(await rawMi(n1.config.controlSocket, recorded('06').request_body), recorded('06').reply_raw);
    assert.equal(await rawMi(n2.config.controlSocket, recorded('07').request_body), recorded('07').reply_raw);
    assert.deepEqual(tagEvents(n1), [], 'the configured initial state raises no event');

    // node 2 takes the tag (named params, recorded 17); node 1 steps down
    assert.equal(await rawMi(n2.config.controlSocket, recorded('17').request_body), recorded('17').reply_raw);
    await waitOnlyActive(ms, 2);
    assert.equal(await rawMi(n1.config.controlSocket, recorded('18').request_body), recorded('18').reply_raw);
    assert.equal(await rawMi(n2.config.controlSocket, recorded('19').request_body), recorded('19').reply_raw);
    const r1 = (await n1.client.call('sr_list_reports', ['clusterer', 'sharing_tags'])) as Report[];
    const r2 = (await n2.client.call('sr_list_reports', ['clusterer', 'sharing_tags'])) as Report[];
    assert.deepEqual(r1.map((r) => r.Log), (recorded('20').reply.result as Report[]).map((r) => r.Log));
    assert.deepEqual(r2.map((r) => r.Log), (recorded('21').reply.result as Report[]).map((r) => r.Log));
    assert.deepEqual(Object.keys(r1[0]!), ['Timestamp', 'Date', 'Log']);
    assert.deepEqual(tagEvents(n1), ['backup:cluster broadcast from 2']);
    assert.deepEqual(tagEvents(n2), ['active:MI command']);
    const ev = n2.events.find((e) => e.name === 'E_CLUSTERER_SHARING_TAG_CHANGED')!;
    assert.deepEqual(ev.params, { name: 'vip', cluster: 1, state: 'active', reason: 'MI command' });

    // node 1 takes it back with positional params and the 4.x name (recorded 22)
    assert.equal(await rawMi(n1.config.controlSocket, recorded('22').request_body), recorded('22').reply_raw);
    await waitOnlyActive(ms, 1);

    // errors, byte for byte (39, 40, 41, 43); an unknown tag in a known cluster is created active (42)
    for (const p of ['39', '40', '41', '43']) {
      const reply = JSON.parse(await rawMi(n1.config.controlSocket, recorded(p).request_body)) as { error: unknown };
      assert.equal(JSON.stringify(reply.error), JSON.stringify(recorded(p).reply.error), p);
    }
    assert.equal(await rawMi(n1.config.controlSocket, recorded('42').request_body), recorded('42').reply_raw);
    await eventually(() => n2.node.shtags.find('newtag', CID)?.state === 'backup', { timeoutMs: 5000, what: 'node 2 learned newtag' });
    // recorded 112: node 2 lists the learned tag first
    const list2 = await rawMi(n2.config.controlSocket, recorded('112').request_body);
    assert.equal(list2, recorded('112').reply_raw);
  } finally {
    await stopAll(ms);
    cleanup();
  }
});

test('3 nodes: set-active on each node in turn makes the other two backup, on every node', async () => {
  const { dir, cleanup } = tempDir();
  const ms = await buildCluster(dir, 3);
  try {
    await startAll(ms);
    await waitConverged(ms);
    for (const k of [3, 1, 2, 3]) {
      assert.equal(await ms[k - 1]!.client.call('clusterer_shtag_set_active', { tag: 'vip/1' }), 'OK');
      await waitOnlyActive(ms, k);
    }
    for (const m of ms) {
      const got = (await m.client.call('cl_shtag_get', ['vip/1'])) as { State: string; Reason: string };
      assert.equal(got.State, m.id === 3 ? 'active' : 'backup', states(ms));
      // Since/Reason describe the last transition: node 1 became backup when node 2 took the tag.
      assert.equal(got.Reason, ['cluster broadcast from 2', 'cluster broadcast from 3', 'MI command'][m.id - 1]);
    }
  } finally {
    await stopAll(ms);
    cleanup();
  }
});
