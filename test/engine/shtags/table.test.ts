import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ShtagError, ShtagTable, type ShtagEffect, type TableEnv } from '../../../src/engine/shtags/index.js';

function env(over: Partial<TableEnv> = {}): TableEnv & { t: number } {
  const e: TableEnv & { t: number } = { t: 1000, myId: 1, now: (): number => e.t, remoteNodes: () => [2, 3], reachable: () => true, localEnabled: () => true, ...over };
  return e;
}

const announces = (fx: ShtagEffect[]) => fx.filter((e) => e.type === 'announce');
const changes = (fx: ShtagEffect[]) => fx.filter((e) => e.type === 'changed');

test('a tag configured active is pending: announced to each node when it comes up, without an event', () => {
  const t = new ShtagTable(env(), { tags: [{ name: 'vip', clusterId: 1, state: 'active' }, { name: 'db', clusterId: 1, state: 'backup' }] });
  assert.deepEqual(t.list().map((v) => [v.name, v.state, v.pending, v.reason]), [['db', 'backup', false, 'configured'], ['vip', 'active', true, 'configured']]);
  const fx = t.nodeUp(1, 2);
  assert.deepEqual(fx, [{ type: 'announce', clusterId: 1, name: 'vip', epoch: 0, nodes: [2], withState: false }]);
  t.announced(1, 'vip', 0, 2, true);
  assert.deepEqual(t.nodeUp(1, 2), [], 'an informed node is not told again');
  assert.deepEqual(t.find('vip', 1)?.informed, [2]);
});

test('activation: sets active, announces to every remote node, reports once', () => {
  const e = env();
  const t = new ShtagTable(e);
  const fx = t.activate('vip', 1, 'MI command');
  assert.deepEqual(announces(fx), [{ type: 'announce', clusterId: 1, name: 'vip', epoch: 1, nodes: [2, 3], withState: false }]);
  assert.deepEqual(changes(fx), [{ type: 'changed', clusterId: 1, name: 'vip', state: 'active', reason: 'MI command' }]);
  const v = t.find('vip', 1)!;
  assert.deepEqual([v.state, v.since, v.reason, v.owner], ['active', 1000, 'MI command', 1]);
  e.t = 2000;
  const again = t.activate('vip', 1, 'MI command');
  assert.equal(changes(again).length, 0, 're-activating an active tag raises no event');
  assert.deepEqual(announces(again)[0]?.nodes, [2, 3], 'but announces again');
  assert.equal(t.find('vip', 1)!.since, 1000, 'since is the activation time');
});

test('a failed send sets pending; only uninformed nodes get the announcement later', () => {
  const t = new ShtagTable(env());
  const [a] = announces(t.activate('vip', 1, 'MI command'));
  assert.ok(a && a.type === 'announce');
  t.announced(1, 'vip', a.epoch, 2, true);
  t.announced(1, 'vip', a.epoch, 3, false);
  assert.equal(t.find('vip', 1)!.pending, true);
  assert.deepEqual(t.nodeUp(1, 2), []);
  assert.deepEqual(announces(t.nodeUp(1, 3))[0]?.nodes, [3]);
  // Re-activation while pending: only the nodes not yet informed.
  assert.deepEqual(announces(t.activate('vip', 1, 'MI command'))[0]?.nodes, [3]);
});

test('results of an older round are ignored', () => {
  const t = new ShtagTable(env());
  const [a] = announces(t.activate('vip', 1, 'MI command'));
  t.receiveActive(1, 'vip', 2);
  t.announced(1, 'vip', a!.type === 'announce' ? a!.epoch : -1, 3, false);
  assert.equal(t.find('vip', 1)!.pending, false);
});

test('SHTAG_ACTIVE received: backup, pending cleared, report "cluster broadcast from S"', () => {
  const e = env();
  const t = new ShtagTable(e, { tags: [{ name: 'vip', clusterId: 1, state: 'active' }] });
  e.t = 5000;
  const fx = t.receiveActive(1, 'vip', 2);
  assert.deepEqual(fx, [{ type: 'changed', clusterId: 1, name: 'vip', state: 'backup', reason: 'cluster broadcast from 2' }]);
  const v = t.find('vip', 1)!;
  assert.deepEqual([v.state, v.pending, v.informed, v.owner, v.since], ['backup', false, [], 2, 5000]);
  assert.deepEqual(t.receiveActive(1, 'vip', 3), [], 'already backup: no event');
  assert.equal(t.find('vip', 1)!.owner, 3);
});

test('an unknown tag is learned as backup from SHTAG_ACTIVE, without event', () => {
  const t = new ShtagTable(env());
  assert.deepEqual(t.receiveActive(1, 'newtag', 2), []);
  const v = t.find('newtag', 1)!;
  assert.deepEqual([v.state, v.reason, v.owner], ['backup', 'cluster broadcast from 2', 2]);
});

test('get creates a backup tag (like $cluster.sh_tag); find does not', () => {
  const t = new ShtagTable(env());
  assert.equal(t.find('x', 1), undefined);
  assert.deepEqual([t.get('x', 1).state, t.get('x', 1).reason], ['backup', 'created on first use']);
  assert.equal(t.list().length, 1);
});

test('setting a tag to backup locally is refused', () => {
  const t = new ShtagTable(env(), { tags: [{ name: 'vip', clusterId: 1, state: 'active' }] });
  assert.throws(
    () => t.setState('vip', 1, 'backup', 'MI command'),
    (err: unknown) => err instanceof ShtagError && err.code === 'CL_ERR_SHTAG_BACKUP_NOT_ALLOWED' && err.message === 'cannot set tag <vip/1> to backup, operation not allowed',
  );
  assert.equal(t.find('vip', 1)!.state, 'active');
});

test('list: most recently created first', () => {
  const t = new ShtagTable(env(), { tags: [{ name: 'vip', clusterId: 1, state: 'active' }] });
  t.activate('newtag', 1, 'MI command');
  assert.deepEqual(t.list().map((v) => v.name), ['newtag', 'vip']);
});

test('purge drops tags of unknown clusters with the OpenSIPS warning', () => {
  const t = new ShtagTable(env(), { tags: [{ name: 'vip', clusterId: 9, state: 'active' }, { name: 'ok', clusterId: 1, state: 'backup' }] });
  assert.deepEqual(t.purge((c) => c === 1), [{ type: 'log', level: 'warn', msg: 'cluster id [9] required by tag <vip> not found, purging tag' }]);
  assert.deepEqual(t.list().map((v) => v.name), ['ok']);
});

test('without a policy: node down changes nothing, no STATE is advertised', () => {
  const t = new ShtagTable(env({ reachable: () => false }));
  t.receiveActive(1, 'vip', 2);
  assert.deepEqual(t.nodeDown(1, 2), []);
  assert.equal(t.find('vip', 1)!.state, 'backup');
  assert.deepEqual(t.stateEntries(1), []);
  assert.deepEqual(t.nodeUp(1, 2), []);
});

test('a node that comes up while its send is still on the way is announced to again', () => {
  const t = new ShtagTable(env());
  const [a] = announces(t.activate('vip', 1, 'MI command'));
  assert.ok(a && a.type === 'announce');
  // NODE UP for node 3 arrives before the (failing) result of its send.
  assert.deepEqual(announces(t.nodeUp(1, 3))[0]?.nodes, [3]);
  t.announced(1, 'vip', a.epoch, 3, false);
  t.announced(1, 'vip', a.epoch, 3, true);
  t.announced(1, 'vip', a.epoch, 2, true);
  assert.deepEqual(t.find('vip', 1)?.informed, [3, 2]);
  assert.deepEqual(t.nodeUp(1, 2), [], 'a delivered node is not told again');
});
