import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SharingTagPolicyConfig } from '../../../src/engine/config/index.js';
import { MAX_CONFLICT_ROUNDS, ShtagTable } from '../../../src/engine/shtags/index.js';
import { CID, SimCluster } from './sim.js';

const policy = (onConflict: SharingTagPolicyConfig['onConflict'], onDown: SharingTagPolicyConfig['onDown'] = 'takeover'): SharingTagPolicyConfig[] => [
  { name: 'vip', clusterId: CID, onDown, onConflict },
];
const activeOn = (owner: number) => (id: number) => [{ name: 'vip', clusterId: CID, state: id === owner ? ('active' as const) : ('backup' as const) }];

async function upAll(sim: SimCluster, ids: number[]): Promise<void> {
  for (const a of ids) for (const b of ids) if (a !== b) sim.node(a).mgr.onReachability(CID, b, true);
  await sim.settle();
}

test('default (no policy): the active node dying changes nothing, and no cl-shtag packet is sent', async () => {
  const sim = new SimCluster([1, 2, 3], { tags: activeOn(1) });
  await upAll(sim, [1, 2, 3]);
  assert.deepEqual(sim.actives(), [1]);
  sim.kill(1);
  await sim.settle();
  assert.deepEqual(sim.actives(), []);
  for (const n of sim.nodes.values()) assert.ok(n.sent.every((k) => k === 'shtag_active'), `node ${n.id} sent ${n.sent.join(',')}`);
});

test('default (no policy): two crossing activations leave both backup (the OpenSIPS outcome)', async () => {
  const sim = new SimCluster([1, 2]);
  await upAll(sim, [1, 2]);
  sim.node(1).mgr.setActive('vip', CID);
  sim.node(2).mgr.setActive('vip', CID);
  await sim.settle();
  assert.deepEqual(sim.actives(), []);
});

for (const rule of ['lowest_id', 'keep_oldest'] as const) {
  test(`${rule}: two crossing activations leave exactly one active`, async () => {
    for (let seed = 1; seed <= 30; seed++) {
      const sim = new SimCluster([1, 2, 3], { policies: policy(rule), seed });
      await upAll(sim, [1, 2, 3]);
      sim.node(3).mgr.setActive('vip', CID);
      sim.now += 10;
      sim.node(1).mgr.setActive('vip', CID);
      await sim.settle();
      // keep_oldest: node 3 activated first; lowest_id: node 1.
      assert.deepEqual(sim.actives(), [rule === 'lowest_id' ? 1 : 3], `seed ${seed}`);
    }
  });

  test(`${rule}: partition {3} | {1,2}, node 1 takes over, heal: exactly one active, the rule's winner`, async () => {
    for (let seed = 1; seed <= 30; seed++) {
      const sim = new SimCluster([1, 2, 3], { tags: activeOn(3), policies: policy(rule), seed });
      await upAll(sim, [1, 2, 3]);
      assert.deepEqual(sim.actives(), [3]);
      sim.now += 1000;
      sim.partition([3], [1, 2]);
      await sim.settle();
      assert.deepEqual(sim.actives(), [1, 3], `seed ${seed}: during the partition each side has one`);
      assert.ok(sim.node(1).reports.includes('TAG <vip>, cluster 1, became active due to takeover: active node 3 down'));
      sim.now += 1000;
      sim.heal();
      await sim.settle();
      assert.deepEqual(sim.actives(), [rule === 'lowest_id' ? 1 : 3], `seed ${seed}`);
    }
  });
}

test('takeover: the lowest reachable holder takes over, the next one when it dies too', async () => {
  const sim = new SimCluster([1, 2, 3, 4], { tags: activeOn(1), policies: policy('lowest_id') });
  await upAll(sim, [1, 2, 3, 4]);
  sim.kill(1);
  await sim.settle();
  assert.deepEqual(sim.actives(), [2]);
  assert.deepEqual(sim.node(2).events.at(-1), { name: 'vip', cluster: 1, state: 'active', reason: 'takeover: active node 1 down' });
  sim.kill(2);
  await sim.settle();
  assert.deepEqual(sim.actives(), [3]);
  assert.ok(sim.node(3).reports.includes('TAG <vip>, cluster 1, became active due to takeover: active node 2 down'));
});

test('takeover does not happen for a node that is only partitioned from a lower holder', async () => {
  const sim = new SimCluster([1, 2, 3], { tags: activeOn(1), policies: policy('lowest_id') });
  await upAll(sim, [1, 2, 3]);
  sim.partition([1], [3]);
  await sim.settle();
  assert.deepEqual(sim.actives(), [1], 'node 3 lost node 1 but only node 1 is down for it, and node 2 is lower anyway');
});

test('a restarted backup learns the owner from STATE and can take over later', () => {
  const t = new ShtagTable({ myId: 2, now: () => 50, remoteNodes: () => [1, 3], reachable: (_c, id) => id !== 1, localEnabled: () => true }, { policies: policy('lowest_id') });
  assert.deepEqual(t.receiveState(CID, 1, [{ name: 'vip', active: true, since: 10, flags: 3, supersedes: 0, supersededSince: 0, owner: 0 }]), []);
  assert.equal(t.find('vip', CID)!.owner, 1);
  const fx = t.nodeDown(CID, 1);
  assert.ok(fx.some((e) => e.type === 'changed' && e.state === 'active' && e.reason === 'takeover: active node 1 down'));
});

test('conflict rounds are bounded: past the limit keep_oldest decides by node id', () => {
  let now = 1000;
  const t = new ShtagTable({ myId: 2, now: () => now, remoteNodes: () => [1], reachable: () => true, localEnabled: () => true }, { policies: policy('keep_oldest') });
  t.activate('vip', CID, 'MI command'); // active since 1000
  // Node 1 claims a later activation: we are older and keep the tag, round after round.
  for (let i = 0; i < MAX_CONFLICT_ROUNDS; i++) {
    now += 10;
    t.receiveState(CID, 1, [{ name: 'vip', active: true, since: 5000, flags: 4, supersedes: 0, supersededSince: 0, owner: 0 }]);
    t.receiveActive(CID, 'vip', 1);
    if (t.find('vip', CID)!.state !== 'active') break;
  }
  now += 10;
  t.receiveActive(CID, 'vip', 1);
  assert.equal(t.find('vip', CID)!.state, 'backup', 'after the bound, the lower id (1) wins');
});

test('a disabled local node never takes over', () => {
  const t = new ShtagTable({ myId: 2, now: () => 0, remoteNodes: () => [1], reachable: () => false, localEnabled: () => false }, { policies: policy('lowest_id') });
  t.receiveActive(CID, 'vip', 1);
  assert.deepEqual(t.nodeDown(CID, 1), []);
});

for (const rule of ['lowest_id', 'keep_oldest'] as const) {
  test(`${rule}: in a connected cluster, set-active on any node is a handover the active node accepts`, async () => {
    for (let seed = 1; seed <= 10; seed++) {
      const sim = new SimCluster([1, 2, 3], { tags: activeOn(1), policies: policy(rule), seed });
      await upAll(sim, [1, 2, 3]);
      for (const k of [3, 2, 1, 3]) {
        sim.now += 100;
        sim.node(k).mgr.setActive('vip', CID, 'MI command');
        await sim.settle();
        assert.deepEqual(sim.actives(), [k], `seed ${seed}: handover to ${k}`);
      }
    }
  });
}

test('a handover of an older activation is a conflict: the echoed since must be the current one', () => {
  let now = 100;
  const t = new ShtagTable({ myId: 1, now: () => now, remoteNodes: () => [2], reachable: () => true, localEnabled: () => true }, { policies: policy('lowest_id') });
  t.activate('vip', CID, 'MI command'); // since 100
  now = 200;
  // Node 2 claims to replace our activation of time 50: stale, so lowest_id decides and we keep the tag.
  t.receiveState(CID, 2, [{ name: 'vip', active: true, since: 150, flags: 3, supersedes: 1, supersededSince: 50, owner: 0 }]);
  t.receiveActive(CID, 'vip', 2);
  assert.equal(t.find('vip', CID)!.state, 'active');
  // The same with our real activation time: a handover, we step down.
  t.receiveState(CID, 2, [{ name: 'vip', active: true, since: 150, flags: 3, supersedes: 1, supersededSince: 100, owner: 0 }]);
  t.receiveActive(CID, 'vip', 2);
  assert.equal(t.find('vip', CID)!.state, 'backup');
});

test('a node that yields tells the others who the owner is now (no stale owner left behind)', () => {
  const t = new ShtagTable({ myId: 1, now: () => 0, remoteNodes: () => [4, 9], reachable: () => true, localEnabled: () => true }, { policies: policy('lowest_id') });
  t.receiveActive(CID, 'vip', 4);
  t.receiveActive(CID, 'vip', 9); // 9's announcement arrived after 4's: we believe 9 owns it
  assert.equal(t.find('vip', CID)!.owner, 9);
  t.receiveState(CID, 9, [{ name: 'vip', active: false, since: 0, flags: 3, supersedes: 0, supersededSince: 0, owner: 4 }]);
  assert.equal(t.find('vip', CID)!.owner, 4);
  // and the loser does send that STATE when it steps down
  const loser = new ShtagTable({ myId: 9, now: () => 0, remoteNodes: () => [1, 4], reachable: () => true, localEnabled: () => true }, { policies: policy('lowest_id') });
  loser.activate('vip', CID, 'MI command');
  const fx = loser.receiveActive(CID, 'vip', 4);
  assert.deepEqual(fx.find((e) => e.type === 'advertise'), { type: 'advertise', clusterId: CID, nodes: [1] });
  assert.deepEqual(loser.stateEntries(CID).map((e) => [e.active, e.owner]), [[false, 4]]);
});
