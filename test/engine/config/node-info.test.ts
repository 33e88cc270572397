import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigValueError, NODE_INFO_DEFAULTS, parseNodeInfo } from '../../../src/engine/config/index.js';

/** Asserts parseNodeInfo fails with a problem matching `re`; returns all problems. */
function problems(fn: () => unknown, re: RegExp): readonly string[] {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ConfigValueError, String(e));
    assert.ok(e.problems.some((p) => re.test(p)), `${re} not in ${JSON.stringify(e.problems)}`);
    return e.problems;
  }
  assert.fail('expected ConfigValueError');
}

test('node info: the full string form', () => {
  const n = parseNodeInfo(
    'cluster_id=1, node_id=2, url=bin:127.0.0.1:5566, priority=10, sip_addr=10.0.0.2:5060, flags=seed, no_ping_retries=3',
    'neighbor',
  );
  assert.deepEqual(n, {
    clusterId: 1, nodeId: 2, url: 'bin:127.0.0.1:5566', proto: 'bin', host: '127.0.0.1', port: 5566,
    noPingRetries: 3, priority: 10, sipAddr: '10.0.0.2:5060', flags: 'seed', seed: true, enabled: true, dbId: -1,
  });
});

test('node info: spacing variants parse the same', () => {
  const want = parseNodeInfo('cluster_id=1,node_id=2,url=bin:127.0.0.1:5566', 'neighbor');
  for (const s of [
    'cluster_id=1, node_id=2, url=bin:127.0.0.1:5566',
    '  cluster_id = 1 ,node_id= 2 ,  url =bin:127.0.0.1:5566  ',
    'cluster_id=1,\n\tnode_id=2,\n\turl=bin:127.0.0.1:5566',
    'url=bin:127.0.0.1:5566, node_id=2, cluster_id=1',
  ]) {
    assert.deepEqual(parseNodeInfo(s, 'neighbor'), want, s);
  }
});

test('node info: defaults (script provisioning)', () => {
  const n = parseNodeInfo('cluster_id=4, node_id=9, url=bin:10.0.0.9', 'neighbor');
  assert.equal(n.noPingRetries, 3);
  assert.equal(n.priority, 3);
  assert.equal(n.enabled, true);
  assert.equal(n.dbId, -1);
  assert.equal(n.seed, false);
  assert.equal(n.port, 5555);
  assert.ok(!('sipAddr' in n) && !('flags' in n) && !('description' in n));
  assert.deepEqual(NODE_INFO_DEFAULTS, { noPingRetries: 3, priority: 3, enabled: true, dbId: -1 });
});

test('node info: flags=seed is prefix-matched; state and description extensions', () => {
  assert.equal(parseNodeInfo('cluster_id=1, url=bin:1.1.1.1, flags=seed', 'local').seed, true);
  assert.equal(parseNodeInfo('cluster_id=1, url=bin:1.1.1.1, flags=seed2', 'local').seed, true);
  assert.equal(parseNodeInfo('cluster_id=1, url=bin:1.1.1.1, flags=noseed', 'local').seed, false);
  const n = parseNodeInfo('cluster_id=1, url=bin:1.1.1.1, state=0, description=Node A', 'local');
  assert.equal(n.enabled, false);
  assert.equal(n.description, 'Node A');
});

test('node info: local node_id is optional', () => {
  assert.equal(parseNodeInfo('cluster_id=1, url=bin:1.1.1.1:5566', 'local').nodeId, undefined);
  assert.equal(parseNodeInfo('cluster_id=1, node_id=5, url=bin:1.1.1.1:5566', 'local').nodeId, 5);
});

test('node info: property names follow renamed columns', () => {
  const cols = { clusterId: 'cid', nodeId: 'machine_id', url: 'address' };
  const n = parseNodeInfo('cid=2, machine_id=7, address=bins:10.1.1.1', 'neighbor', cols);
  assert.equal(n.clusterId, 2);
  assert.equal(n.nodeId, 7);
  assert.equal(n.url, 'bins:10.1.1.1:5556');
  problems(() => parseNodeInfo('cluster_id=2, machine_id=7, address=bin:10.1.1.1', 'neighbor', cols), /unknown property 'cluster_id'.*cid/);
  const s = parseNodeInfo({ cid: 2, machine_id: 7, address: 'bin:10.1.1.1' }, 'neighbor', cols);
  assert.equal(s.nodeId, 7);
});

test('node info: structured object form', () => {
  const n = parseNodeInfo(
    { cluster_id: 1, node_id: '2', url: 'bin:127.0.0.1:5566', priority: 7, flags: 'seed', sip_addr: '10.0.0.2:5060' },
    'neighbor',
  );
  assert.equal(n.nodeId, 2);
  assert.equal(n.priority, 7);
  assert.equal(n.seed, true);
  assert.equal(n.sipAddr, '10.0.0.2:5060');
  problems(() => parseNodeInfo({ cluster_id: -1, node_id: 1.5, url: 5 }, 'neighbor'), /Bad value for url: 5/);
  problems(() => parseNodeInfo({ cluster_id: -1, node_id: 2, url: 'bin:1.1.1.1' }, 'neighbor'), /Bad value for cluster_id: -1/);
  problems(() => parseNodeInfo({ cluster_id: 1, node_id: 1.5, url: 'bin:1.1.1.1' }, 'neighbor'), /Bad value for node_id: 1\.5/);
  problems(() => parseNodeInfo({ cluster_id: 1, url: null }, 'local'), /^url value expected$/);
});

test('node info: missing required properties (OpenSIPS wording)', () => {
  problems(() => parseNodeInfo('cluster_id=1, url=bin:1.1.1.1', 'neighbor'),
    /^At least the cluster id, node id and url are required for a neighbor node$/);
  problems(() => parseNodeInfo('node_id=1, url=bin:1.1.1.1', 'neighbor'), /required for a neighbor node/);
  problems(() => parseNodeInfo('cluster_id=1, node_id=2', 'local'), /^At least the cluster ID and url are required for the local node$/);
  problems(() => parseNodeInfo('node_id=2, url=bin:1.1.1.1', 'local'), /required for the local node/);
});

test('node info: bad values', () => {
  const cases: Array<[string, RegExp]> = [
    ['cluster_id=abc, url=bin:1.1.1.1', /^Bad value for cluster_id: "abc" \(expected an unsigned decimal integer\)$/],
    ['cluster_id=-1, url=bin:1.1.1.1', /Bad value for cluster_id: "-1"/],
    ['cluster_id=+1, url=bin:1.1.1.1', /Bad value for cluster_id: "\+1"/],
    ['cluster_id=0, url=bin:1.1.1.1', /Bad value for cluster_id: 0 \(must be greater than 0\)/],
    ['cluster_id=1, node_id=0, url=bin:1.1.1.1', /Bad value for node_id: 0/],
    ['cluster_id=1, url=bin:1.1.1.1, priority=0x10', /Bad value for priority/],
    ['cluster_id=1, url=bin:1.1.1.1, no_ping_retries=1.5', /Bad value for no_ping_retries/],
    ['cluster_id=1, url=bin:1.1.1.1, state=2', /Bad value for state: 2 \(must be between 0 and 1\)/],
    ['cluster_id=1, node_id=, url=bin:1.1.1.1', /^node_id value expected$/],
    ['cluster_id=1, url', /^Expected '=' after url$/],
    ['cluster_id=1, url=udp:1.1.1.1:5060', /^Bad URL! "udp:1\.1\.1\.1:5060": unsupported scheme/],
    ['cluster_id=1, url=bin:1.1.1.1, foo=1', /unknown property 'foo' \(known: cluster_id, node_id, url,/],
    ['cluster_id=1, url=bin:1.1.1.1, priorty=1', /did you mean 'priority'/],
    ['cluster_id=1, url=bin:1.1.1.1, id=4', /unknown property 'id' \(the DB row id cannot be set/],
    ['cluster_id=1, cluster_id=2, url=bin:1.1.1.1', /^duplicate property 'cluster_id'$/],
    ['cluster_id=1, url=bin:1.1.1.1,', /stray ','/],
    ['cluster_id=1 url=bin:1.1.1.1', /Bad value for cluster_id: "1 url=bin:1\.1\.1\.1"/],
    ['', /empty node info/],
  ];
  for (const [s, re] of cases) problems(() => parseNodeInfo(s, 'local'), re);
  problems(() => parseNodeInfo(42, 'local'), /expected a "prop=value, …" string or a mapping, got 42/);
});

test('node info: every problem is reported at once', () => {
  const all = problems(() => parseNodeInfo('cluster_id=x, node_id=, foo=1, url=bin:nowhere', 'neighbor'), /Bad value for cluster_id/);
  assert.equal(all.length, 4, JSON.stringify(all));
});
