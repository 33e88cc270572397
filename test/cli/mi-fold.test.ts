import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldArrayParams, miParams, specOf } from '../../src/cli/mi-params.js';

const fold = (method: string, ...words: string[]): unknown => foldArrayParams(method, miParams(words));

test('mi params: trailing words fold into the array parameter, as opensips-cli does', () => {
  assert.deepEqual(fold('get_statistics', 'clusterer:', 'sync:'), [['clusterer:', 'sync:']]);
  assert.deepEqual(fold('get_statistics', 'all'), [['all']]);
  assert.deepEqual(fold('statistics:get', 'kv_entries'), [['kv_entries']], 'the 4.x name too');
  assert.deepEqual(fold('get_statistics', '["clusterer:"]'), [['clusterer:']], 'a JSON array stays as it is');
  // cluster_send_mi CLUSTER DST CMD [PARAMS...]: three words match a set exactly; more fold into cmd_params.
  assert.deepEqual(fold('cluster_send_mi', '1', '2', 'uptime'), [1, 2, 'uptime']);
  assert.deepEqual(fold('cluster_send_mi', '1', '2', 'get_statistics', 'clusterer:', 'sync:'), [1, 2, 'get_statistics', ['clusterer:', 'sync:']]);
  assert.deepEqual(fold('cluster_send_mi', '1', '2', 'echo', '5'), [1, 2, 'echo', ['5']], 'array items stay words');
});

test('mi params: no folding for methods without an array parameter, unknown methods or named params', () => {
  assert.deepEqual(fold('clusterer_set_status', '1', '2', '0'), [1, 2, 0]);
  assert.deepEqual(fold('dlg_list', 'a', 'b'), ['a', 'b'], 'a method the contract does not know is sent as typed');
  assert.deepEqual(fold('get_statistics', 'statistics=["a"]'), { statistics: ['a'] });
  assert.equal(specOf('nope'), undefined);
});
