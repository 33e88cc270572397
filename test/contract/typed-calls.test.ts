import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ControlClient } from '../../src/client/control-client.js';
import type { RouteResult } from '../../src/contract/index.js';
import { methodsFor } from '../../src/engine/control/method.js';

/** Never run: `tsc` checks that the contract types calls and handlers (the @ts-expect-error lines must be errors). */
async function typedCalls(c: ControlClient): Promise<void> {
  const route: RouteResult = await c.call('cl_route', [1, 3]);
  await c.call('cl_route', { cluster_id: 1, node_id: 3 });
  await c.call('clusterer_set_status', [1, 0]);
  await c.call('clusterer_set_status', [1, 2, 0]);
  await c.call('clusterer_list');
  // @ts-expect-error cl_route has no set of one param
  await c.call('cl_route', [1]);
  // @ts-expect-error cl_route needs its params
  await c.call('cl_route');
  // @ts-expect-error not a method of the contract (use callRaw)
  await c.call('no_such_method');
  // @ts-expect-error a wrong param name
  await c.call('cl_shtag_get', { name: 'vip/1' });
  void route;
}

test('the contract types the calls of the client and the handlers of the server', () => {
  assert.equal(typeof typedCalls, 'function');
  const implement = methodsFor<null>();
  const def = implement('cl_shtag_set', (p) => `${p.tag} ${p.state}`);
  assert.deepEqual([def.name, def.module, def.short, def.paramSets], ['cl_shtag_set', 'cl', 'shtag_set', [[{ name: 'tag', type: 'string' }, { name: 'state', type: 'string' }]]]);
  // @ts-expect-error clusterer_list answers an object with Clusters
  implement('clusterer_list', () => 'OK');
  // @ts-expect-error cl_shtag_get has no param `state`
  implement('cl_shtag_get', (p) => ({ Tag: p.state, Cluster: 1, State: 'active', Since: '', Reason: '' }));
});
