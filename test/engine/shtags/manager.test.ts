import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EventParams } from '../../../src/engine/events/bus.js';
import { createLogger, type LogRecord } from '../../../src/engine/log.js';
import { ShtagError, ShtagManager, stateFrame, type ShtagInit } from '../../../src/engine/shtags/index.js';
import { decodeMessage, type ClusterMsg } from '../../../src/engine/wire/index.js';

interface Fake {
  mgr: ShtagManager;
  sent: { dst: number; msg: ClusterMsg }[];
  reports: string[];
  events: EventParams[];
  logs: LogRecord[];
  fail: Set<number>;
  clock: { t: number };
}

function fake(init: ShtagInit = {}, myId = 1): Fake {
  const f: Omit<Fake, 'mgr'> = { sent: [], reports: [], events: [], logs: [], fail: new Set(), clock: { t: 1_795_294_618_000 } };
  const mgr = new ShtagManager(
    {
      myId,
      now: () => f.clock.t,
      log: createLogger('debug', (r) => f.logs.push(r)),
      hasCluster: (c) => c === 1,
      remoteNodes: () => [2, 3].filter((x) => x !== myId),
      reachable: () => true,
      localEnabled: () => true,
      send: async (_c, dst, frame) => {
        f.sent.push({ dst, msg: decodeMessage(frame) });
        return !f.fail.has(dst);
      },
      report: (t) => f.reports.push(t),
      emit: (p) => f.events.push(p),
    },
    init,
  );
  mgr.start();
  return { ...f, mgr };
}

test('setActive: SHTAG_ACTIVE to every node, report and event with the OpenSIPS wording', async () => {
  const f = fake();
  const v = f.mgr.setActive('vip', 1, 'MI command');
  await f.mgr.idle();
  assert.equal(v.state, 'active');
  assert.deepEqual(f.sent.map((s) => [s.dst, s.msg]), [
    [2, { kind: 'shtag_active', tagName: 'vip', clusterId: 1, srcId: 1, dstId: 2 }],
    [3, { kind: 'shtag_active', tagName: 'vip', clusterId: 1, srcId: 1, dstId: 3 }],
  ]);
  assert.deepEqual(f.reports, ['TAG <vip>, cluster 1, became active due to MI command']);
  assert.deepEqual(f.events, [{ name: 'vip', cluster: 1, state: 'active', reason: 'MI command' }]);
  assert.deepEqual(Object.keys(f.events[0]!), ['name', 'cluster', 'state', 'reason'], 'parameter order');
  assert.deepEqual(f.mgr.find('vip', 1)?.informed, [2, 3]);
});

test('received SHTAG_ACTIVE: backup report and event "cluster broadcast from S" (full text, not cut at 25)', () => {
  const f = fake({ tags: [{ name: 'vip', clusterId: 1, state: 'active' }, { name: 'long', clusterId: 1, state: 'active' }] });
  f.mgr.onShtagActive(1, 'vip', 2);
  f.mgr.onShtagActive(1, 'long', 123);
  assert.deepEqual(f.reports, [
    'TAG <vip>, cluster 1, became backup due to cluster broadcast from 2',
    'TAG <long>, cluster 1, became backup due to cluster broadcast from 123',
  ]);
  assert.deepEqual(f.events[1], { name: 'long', cluster: 1, state: 'backup', reason: 'cluster broadcast from 123' });
});

test('a failed send leaves the tag pending; the node gets it when it comes up', async () => {
  const f = fake();
  f.fail.add(3);
  f.mgr.setActive('vip', 1);
  await f.mgr.idle();
  assert.deepEqual([f.mgr.find('vip', 1)?.pending, f.mgr.find('vip', 1)?.informed], [true, [2]]);
  f.fail.clear();
  f.sent.length = 0;
  f.mgr.onReachability(1, 3, true);
  f.mgr.onReachability(1, 2, true);
  await f.mgr.idle();
  assert.deepEqual(f.sent.map((s) => [s.dst, s.msg.kind]), [[3, 'shtag_active']]);
  assert.deepEqual(f.mgr.find('vip', 1)?.informed, [2, 3]);
});

test('with a policy, our STATE precedes each SHTAG_ACTIVE and goes to a node coming up', async () => {
  const f = fake({ policies: [{ name: 'vip', clusterId: 1, onDown: 'takeover', onConflict: 'keep_oldest' }] });
  f.mgr.setActive('vip', 1);
  await f.mgr.idle();
  assert.deepEqual(f.sent.map((s) => [s.dst, s.msg.kind]), [[2, 'module'], [2, 'shtag_active'], [3, 'module'], [3, 'shtag_active']]);
  const state = f.sent[0]!.msg;
  assert.ok(state.kind === 'module' && state.capability === 'cl-shtag');
  f.sent.length = 0;
  f.mgr.onReachability(1, 2, true);
  await f.mgr.idle();
  assert.deepEqual(f.sent.map((s) => [s.dst, s.msg.kind]), [[2, 'module']]);
});

test('unknown cluster and backup requests are errors with codes', () => {
  const f = fake();
  assert.throws(() => f.mgr.setActive('vip', 9), (e: unknown) => e instanceof ShtagError && e.code === 'CL_ERR_SHTAG_UNKNOWN_CLUSTER');
  assert.throws(() => f.mgr.get('vip', 9), (e: unknown) => e instanceof ShtagError && e.code === 'CL_ERR_SHTAG_UNKNOWN_CLUSTER');
  assert.throws(() => f.mgr.setState('vip', 1, 'backup'), (e: unknown) => e instanceof ShtagError && e.code === 'CL_ERR_SHTAG_BACKUP_NOT_ALLOWED');
  assert.equal(f.mgr.isActive('vip', 1), false, 'isActive creates the tag as backup');
});

test('config tags of unknown clusters are purged at start', () => {
  const f = fake({ tags: [{ name: 'x', clusterId: 7, state: 'active' }] });
  assert.deepEqual(f.mgr.list(), []);
  assert.ok(f.logs.some((l) => l.level === 'warn' && l.msg === 'cluster id [7] required by tag <x> not found, purging tag'));
});

test('malformed or foreign cl-shtag packets are dropped with a log line', () => {
  const f = fake({ policies: [{ name: 'vip', clusterId: 1, onDown: 'takeover', onConflict: 'lowest_id' }] });
  const good = decodeMessage(stateFrame(1, 2, 1, [{ name: 'vip', active: true, since: 5, flags: 3, supersedes: 0, supersededSince: 0, owner: 0 }]));
  assert.ok(good.kind === 'module');
  if (good.kind !== 'module') return;
  f.mgr.onPeerMessage(1, { ...good, payload: good.payload.subarray(0, 5) });
  f.mgr.onPeerMessage(1, { ...good, version: 2 });
  assert.ok(f.logs.some((l) => l.level === 'warn' && /dropping cl-shtag STATE from node 2: truncated/.test(l.msg)));
  assert.ok(f.logs.some((l) => /discarding cl-shtag packet type 1, ver 2/.test(l.msg)));
  f.mgr.onPeerMessage(1, good);
  assert.equal(f.mgr.find('vip', 1)?.owner, 2, 'a good STATE teaches the owner');
});

test('after stop nothing is sent', async () => {
  const f = fake();
  await f.mgr.stop();
  f.mgr.setActive('vip', 1);
  await f.mgr.idle();
  assert.deepEqual(f.sent, []);
  assert.equal(f.mgr.find('vip', 1)?.pending, true);
});
