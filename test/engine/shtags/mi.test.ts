import { test } from 'node:test';
import assert from 'node:assert/strict';
import { handleRpc, type RpcResponse } from '../../../src/engine/control/jsonrpc.js';
import { shtagMethods, type ShtagCtx } from '../../../src/engine/control/methods/shtags.js';
import { MethodRegistry } from '../../../src/engine/control/registry.js';
import { silentLogger } from '../../../src/engine/log.js';
import { ShtagManager } from '../../../src/engine/shtags/index.js';
import { recorded } from '../../helpers/mi-replies.js';

function ctx(): ShtagCtx & { t: number } {
  const c = { t: Date.UTC(2026, 10, 21, 20, 56, 58), shtags: undefined as unknown as ShtagManager };
  c.shtags = new ShtagManager(
    {
      myId: 1, now: () => c.t, log: silentLogger, hasCluster: (id) => id === 1, remoteNodes: () => [2], reachable: () => true,
      localEnabled: () => true, send: async () => true, report: () => {}, emit: () => {},
    },
    { tags: [{ name: 'vip', clusterId: 1, state: 'active' }] },
  );
  c.shtags.start();
  return c;
}

const registry = new MethodRegistry<ShtagCtx>().register(...shtagMethods);
const call = (c: ShtagCtx, body: string): Promise<RpcResponse | undefined> => handleRpc(body, registry, c);
const rpc = (method: string, params?: unknown) => JSON.stringify({ jsonrpc: '2.0', method, id: 1, ...(params === undefined ? {} : { params }) });

test('error replies are byte-identical to the recorded OpenSIPS ones (39, 40, 41, 43)', async () => {
  const c = ctx();
  for (const prefix of ['39', '40', '41', '43']) {
    const rec = recorded(prefix);
    const reply = await call(c, rec.request_body);
    assert.ok(reply && 'error' in reply, rec.file);
    assert.equal(JSON.stringify(reply.error), JSON.stringify(rec.reply.error), rec.file);
    assert.equal(JSON.stringify(reply), rec.reply_raw, rec.file);
  }
});

test('set_active named (17), positional 4.x name (22), unknown tag in a known cluster (42): "OK"', async () => {
  const c = ctx();
  for (const prefix of ['17', '22', '42']) {
    const rec = recorded(prefix);
    assert.equal(JSON.stringify(await call(c, rec.request_body)), rec.reply_raw, rec.file);
  }
  assert.deepEqual(c.shtags.list().map((t) => [t.name, t.state]), [['newtag', 'active'], ['vip', 'active']]);
});

test('clusterer_list_shtags has the recorded shape and bytes (06)', async () => {
  const c = ctx();
  const rec = recorded('06');
  assert.equal(JSON.stringify(await call(c, rec.request_body)), rec.reply_raw);
  c.shtags.onShtagActive(1, 'vip', 2);
  assert.equal(JSON.stringify(await call(c, rec.request_body)), recorded('07').reply_raw);
});

test('cl_shtag_get and cl_shtag_list: Tag, Cluster, State, Since, Reason', async () => {
  const c = ctx();
  const r = await call(c, rpc('cl_shtag_get', { tag: 'vip/1' }));
  assert.deepEqual(r && 'result' in r && r.result, { Tag: 'vip', Cluster: 1, State: 'active', Since: '2026-11-21T20:56:58.000Z', Reason: 'configured' });
  c.t += 5000;
  c.shtags.onShtagActive(1, 'vip', 2);
  const l = await call(c, rpc('cl_shtag_list'));
  assert.deepEqual(l && 'result' in l && l.result, [{ Tag: 'vip', Cluster: 1, State: 'backup', Since: '2026-11-21T20:57:03.000Z', Reason: 'cluster broadcast from 2' }]);
  // An unknown tag is created as backup, like reading $cluster.sh_tag.
  const n = await call(c, rpc('cl_shtag_get', ['other/1']));
  assert.equal(n && 'result' in n && (n.result as { State: string }).State, 'backup');
  const bad = await call(c, rpc('cl_shtag_get', ['other/9']));
  assert.equal(JSON.stringify(bad && 'error' in bad && bad.error), '{"code":404,"message":"Cluster ID not found"}');
});

test('cl_shtag_set: active works, backup is refused with an explanation', async () => {
  const c = ctx();
  c.shtags.onShtagActive(1, 'vip', 2);
  assert.equal(JSON.stringify(await call(c, rpc('cl_shtag_set', ['vip/1', 'active']))), '{"jsonrpc":"2.0","result":"OK","id":1}');
  const r = await call(c, rpc('cl_shtag_set', { tag: 'vip/1', state: 'backup' }));
  assert.ok(r && 'error' in r);
  assert.equal(r.error.code, 400);
  assert.equal(r.error.message, 'cannot set tag <vip/1> to backup, operation not allowed');
  assert.match(r.error.data ?? '', /^CL_ERR_SHTAG_BACKUP_NOT_ALLOWED: /);
  assert.equal(c.shtags.find('vip', 1)?.state, 'active');
  const s = await call(c, rpc('cl_shtag_set', ['vip/1', 'standby']));
  assert.ok(s && 'error' in s && s.error.message === "Bad value for 'state'");
});
