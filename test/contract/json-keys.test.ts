import { test } from 'node:test';
import assert from 'node:assert/strict';
import { snakeKey, snakeKeys } from '../../src/contract/json-keys.js';

test('one key style: OpenSIPS and camelCase keys become snake_case; a tag\'s Cluster is cluster_id', () => {
  assert.deepEqual(['Clusters', 'Nodes', 'Neighbours', 'Tag', 'Cluster', 'Up time', 'firstHop', 'next_hop', 'Exported by'].map(snakeKey), ['clusters', 'nodes', 'neighbours', 'tag', 'cluster_id', 'up_time', 'first_hop', 'next_hop', 'exported_by']);
});

test('nested objects and arrays are converted; results of MI commands and event params are kept as sent', () => {
  const v = { Clusters: [{ cluster_id: 1, Nodes: [{ node_id: 2, Neighbours: [1] }] }], results: { '2': { status: 'ok', result: { 'Up time': '3 [sec]' } } }, events: [{ params: { New_State: 1 } }] };
  assert.deepEqual(snakeKeys(v), { clusters: [{ cluster_id: 1, nodes: [{ node_id: 2, neighbours: [1] }] }], results: { '2': { status: 'ok', result: { 'Up time': '3 [sec]' } } }, events: [{ params: { New_State: 1 } }] });
  assert.equal(snakeKeys('OK'), 'OK');
  assert.equal(snakeKeys(null), null);
});
