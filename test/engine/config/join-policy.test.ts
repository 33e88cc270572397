import { test } from 'node:test';
import assert from 'node:assert/strict';
import { admits, inCidr, parseCidr, parseConfig } from '../../../src/engine/config/index.js';
import { assertIssue, base0, issuesOf } from './helpers.js';

test('CIDR networks: parsed, normalised, matched', () => {
  const n = parseCidr('10.1.2.3/16');
  assert.equal(n.text, '10.1.0.0/16');
  assert.ok(inCidr('10.1.255.9', n));
  assert.ok(!inCidr('10.2.0.1', n));
  assert.ok(inCidr('8.8.8.8', parseCidr('0.0.0.0/0')));
  assert.equal(parseCidr('127.0.0.5').text, '127.0.0.5/32');
  assert.throws(() => parseCidr('10.0.0.0/33'), /prefix length/);
  assert.throws(() => parseCidr('::1/128'), /not an IPv4 address/);
});

test('join_policy: any by default, one policy for every cluster, or one per cluster', () => {
  const two = { ...base0(), my_node_info: ['cluster_id=1, url=bin:127.0.0.1:5566', 'cluster_id=2, url=bin:127.0.0.1:5566'] };
  assert.deepEqual(parseConfig(base0()).config.joinPolicy.default, { kind: 'any' });
  assert.deepEqual(parseConfig({ ...base0(), join_policy: 'known' }).config.joinPolicy.default, { kind: 'known' });
  const { config } = parseConfig({ ...two, join_policy: { 1: 'known', 2: { networks: ['127.0.0.0/8'] } } });
  assert.deepEqual(config.joinPolicy.byCluster.get(1), { kind: 'known' });
  const p2 = config.joinPolicy.byCluster.get(2)!;
  assert.ok(admits(p2, '127.0.0.9') && !admits(p2, '10.0.0.1'));
  assert.deepEqual(config.joinPolicy.default, { kind: 'any' });
});

test('join_policy: bad values are errors; a policy in db_mode 1 or for another cluster is a warning', () => {
  const issues = issuesOf(() => parseConfig({ ...base0(), join_policy: { networks: ['10.0.0.0/8', 'lan'], extra: 1 } }));
  assertIssue(issues, 'join_policy', /unknown option 'extra'/);
  assertIssue(issues, 'join_policy', /bad network "lan"/);
  assertIssue(issuesOf(() => parseConfig({ ...base0(), join_policy: 'nobody' })), 'join_policy', /expected any, known, or \{ networks/);
  assertIssue(issuesOf(() => parseConfig({ ...base0(), join_policy: { networks: [] } })), 'join_policy', /non-empty list/);
  const w = parseConfig({ ...base0(), join_policy: { 7: 'known' } }).warnings;
  assert.ok(w.some((x) => /not in cluster 7/.test(x)), w.join('\n'));
  const w1 = parseConfig({ my_node_id: 1, join_policy: 'known' }).warnings;
  assert.ok(w1.some((x) => /db_mode 0 only/.test(x)), w1.join('\n'));
});
