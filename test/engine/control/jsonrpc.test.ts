import { test } from 'node:test';
import assert from 'node:assert/strict';
import { handleRpc } from '../../../src/engine/control/jsonrpc.js';
import { MethodRegistry } from '../../../src/engine/control/registry.js';
import type { MethodDef } from '../../../src/engine/control/method.js';
import { MiError } from '../../../src/engine/control/errors.js';
import { recorded } from '../../helpers/mi-replies.js';

const I = (name: string) => ({ name, type: 'int' as const });
const seen: unknown[] = [];
const defs: MethodDef<null>[] = [
  { name: 'clusterer_list', module: 'clusterer', short: 'list', help: 'list', paramSets: [[]], handler: () => ({ Clusters: [] }) },
  {
    name: 'clusterer_set_status',
    module: 'clusterer',
    short: 'set_status',
    help: 'set',
    paramSets: [
      [I('cluster_id'), I('status')],
      [I('cluster_id'), I('node_id'), I('status')],
    ],
    handler: (p) => {
      seen.push(p);
      if (p.cluster_id === 9) throw new MiError(404, 'Cluster id not found');
      return 'OK';
    },
  },
  { name: 'statistics_list', module: 'statistics', short: 'list', help: 'x', paramSets: [[]], handler: () => 'x' },
  { name: 'boom', module: 'core', short: 'boom', help: 'x', paramSets: [[]], handler: () => { throw new TypeError('bad'); } },
];
const registry = new MethodRegistry<null>().register(...defs);
const call = async (body: string) => JSON.stringify(await handleRpc(body, registry, null));

test('error replies are byte-identical to recorded OpenSIPS replies', async () => {
  for (const prefix of ['56', '57', '35', '37', '31']) {
    const rec = recorded(prefix);
    assert.equal(await call(rec.request_body), rec.reply_raw, rec.file);
  }
});

test('a numeric string is accepted for an int param (recorded 38)', async () => {
  const rec = recorded('38');
  seen.length = 0;
  assert.equal(await call(rec.request_body), '{"jsonrpc":"2.0","result":"OK","id":1}');
  assert.equal(typeof (seen[0] as Record<string, unknown>).cluster_id, 'number');
});

test('positional params bind in signature order', async () => {
  seen.length = 0;
  await call('{"jsonrpc":"2.0","method":"clusterer_set_status","params":[1,2,0],"id":3}');
  assert.deepEqual(seen[0], { cluster_id: 1, node_id: 2, status: 0 });
});

test('parse error, invalid request, ambiguous name, canonical name', async () => {
  assert.equal(await call('{nope'), '{"jsonrpc":"2.0","error":{"code":-32700,"message":"Parse error"},"id":null}');
  assert.equal(await call('[1]'), '{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":null}');
  assert.equal(await call('{"jsonrpc":"1.0","method":"x","id":1}'), '{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":1}');
  assert.equal(
    await call('{"jsonrpc":"2.0","method":"list","id":1}'),
    '{"jsonrpc":"2.0","error":{"code":-32001,"message":"Method ambiguous","data":"supported names: clusterer:list, statistics:list"},"id":1}',
  );
  assert.equal(await call('{"jsonrpc":"2.0","method":"clusterer:list","id":"a"}'), '{"jsonrpc":"2.0","result":{"Clusters":[]},"id":"a"}');
});

test('notifications get no response; a crashing handler becomes a server error', async () => {
  assert.equal(await handleRpc('{"jsonrpc":"2.0","method":"clusterer_list"}', registry, null), undefined);
  const r = JSON.parse(await call('{"jsonrpc":"2.0","method":"boom","id":1}'));
  assert.equal(r.error.code, -32000);
  assert.match(r.error.data, /CL_ERR_INTERNAL/);
});
