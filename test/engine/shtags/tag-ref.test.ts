import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTagRef, ShtagError } from '../../../src/engine/shtags/index.js';

test('parseTagRef: name/cluster_id, trimmed, case kept', () => {
  assert.deepEqual(parseTagRef('vip/1'), { name: 'vip', clusterId: 1 });
  assert.deepEqual(parseTagRef(' VIP1 / 3 '), { name: 'VIP1', clusterId: 3 });
  assert.deepEqual(parseTagRef('a b/0'), { name: 'a b', clusterId: 0 }, 'cluster 0 parses; it is then not found');
});

test('parseTagRef: OpenSIPS error texts', () => {
  const cases: Array<[string, string, string]> = [
    ['vip', 'CL_ERR_SHTAG_BAD_FORMAT', 'Bad tag format <name/cluster_id>'],
    ['/1', 'CL_ERR_SHTAG_BAD_FORMAT', 'Bad tag format <name/cluster_id>'],
    ['vip/x', 'CL_ERR_SHTAG_BAD_CLUSTER_ID', 'Bad cluster ID in tag'],
    ['vip/', 'CL_ERR_SHTAG_BAD_CLUSTER_ID', 'Bad cluster ID in tag'],
    ['vip/-1', 'CL_ERR_SHTAG_BAD_CLUSTER_ID', 'Bad cluster ID in tag'],
    ['vip/1/2', 'CL_ERR_SHTAG_BAD_CLUSTER_ID', 'Bad cluster ID in tag'],
    ['vip/99999999999', 'CL_ERR_SHTAG_BAD_CLUSTER_ID', 'Bad cluster ID in tag'],
  ];
  for (const [input, code, message] of cases) {
    assert.throws(() => parseTagRef(input), (e: unknown) => e instanceof ShtagError && e.code === code && e.message === message, input);
  }
});
