import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../../../src/engine/config/index.js';
import { assertIssue, base0, issuesOf } from './helpers.js';

const bad = (raw: Record<string, unknown>) => issuesOf(() => parseConfig(raw));

test('my_node_id: required, integer, greater than 0', () => {
  assertIssue(bad({}), 'my_node_id', /^Invalid 'my_node_id' parameter: not set/);
  assertIssue(bad({ my_node_id: 0 }), 'my_node_id', /must be greater than 0, got 0/);
  assertIssue(bad({ my_node_id: 'one' }), 'my_node_id', /must be an integer, got "one"/);
  assertIssue(bad({ my_node_id: 1.5 }), 'my_node_id', /must be an integer/);
  assertIssue(bad({ my_node_id: null }), 'my_node_id', /no value given/);
  assert.equal(parseConfig({ my_node_id: ' 12 ' }).config.myNodeId, 12);
});

test('db_mode must be 0 or 1', () => {
  assertIssue(bad({ my_node_id: 1, db_mode: 2 }), 'db_mode', /must be 0 or 1, got 2/);
  assertIssue(bad({ my_node_id: 1, db_mode: 'yes' }), 'db_mode', /must be 0 or 1/);
  assert.equal(parseConfig({ ...base0(), db_mode: '0' }).config.dbMode, 0);
});

test('db_mode 0 requires my_node_info', () => {
  assertIssue(bad({ my_node_id: 1, db_mode: 0 }), 'my_node_info', /required when db_mode is 0/);
  const empty = bad({ db_mode: 0, my_node_info: [] });
  assertIssue(empty, 'my_node_info', /required when db_mode is 0/);
  assertIssue(empty, 'my_node_id', /not set/);
});

test('node id conflicts use the OpenSIPS wording', () => {
  assertIssue(bad({ ...base0(), my_node_info: 'cluster_id=1, node_id=2, url=bin:127.0.0.1:5566' }), 'my_node_info',
    /^Bad value in 'my_node_info' parameter, node_id: 2 different than 'my_node_id' parameter/);
  assertIssue(bad({ db_mode: 0, my_node_info: ['cluster_id=1, node_id=2, url=bin:127.0.0.1:5566', 'cluster_id=2, node_id=3, url=bin:127.0.0.1:5566'] }),
    'my_node_info[1]', /node_id: 3 different than 2/);
  assertIssue(bad({ db_mode: 0, my_node_info: ['cluster_id=1, node_id=2, url=bin:127.0.0.1:5566', 'cluster_id=2, url=bin:127.0.0.1:5566'] }),
    'my_node_id', /^Node ID not defined/);
});

test('neighbors: cluster must be local, id must differ from ours, no duplicates', () => {
  const n = (...list: string[]) => bad({ ...base0(), neighbor_node_info: list });
  assertIssue(n('cluster_id=2, node_id=2, url=bin:127.0.0.1:5567'), 'neighbor_node_info[0]', /^current node is not part of cluster 2/);
  assertIssue(n('cluster_id=1, node_id=1, url=bin:127.0.0.1:5567'), 'neighbor_node_info[0]', /is the local node's id/);
  assertIssue(n('cluster_id=1, node_id=2, url=bin:127.0.0.1:5567', 'cluster_id=1,node_id=2,url=bin:127.0.0.1:5568'),
    'neighbor_node_info[1]', /duplicate neighbor: node 2 in cluster 1/);
  assertIssue(n('cluster_id=1, url=bin:127.0.0.1:5567'), 'neighbor_node_info[0]', /required for a neighbor node/);
  assertIssue(n('cluster_id=1, node_id=2, url=bin:127.0.0.1:99999'), 'neighbor_node_info[0]', /^Bad URL!/);
});

test('duplicate my_node_info for one cluster', () => {
  assertIssue(bad({ ...base0(), my_node_info: ['cluster_id=1, url=bin:127.0.0.1:5566', 'cluster_id=1, url=bin:127.0.0.1:5567'] }),
    'my_node_info[1]', /duplicate my_node_info for cluster 1/);
});

test('timers: rejected (not silently defaulted) when out of range', () => {
  const issues = bad({ my_node_id: 1, ping_interval: 0, ping_timeout: -5, node_timeout: -1, sync_timeout: 0, seed_fallback_interval: -1 });
  assertIssue(issues, 'ping_interval', /greater than 0, got 0 \(OpenSIPS would silently use the default 4\)/);
  assertIssue(issues, 'ping_timeout', /default 1000/);
  assertIssue(issues, 'node_timeout', /at least 0, got -1 \(OpenSIPS would silently use the default 60\)/);
  assertIssue(issues, 'sync_timeout', /greater than 0/);
  assertIssue(issues, 'seed_fallback_interval', /at least 0/);
  const { config } = parseConfig({ my_node_id: 1, node_timeout: 0, ping_interval: '2', ping_timeout: '250' });
  assert.deepEqual([config.nodeTimeout, config.pingInterval, config.pingTimeout], [0, 2, 250]);
});

test('integers: numbers or numeric strings only', () => {
  assertIssue(bad({ my_node_id: 1, ping_interval: 1.5 }), 'ping_interval', /must be an integer, got 1.5/);
  assertIssue(bad({ my_node_id: 1, ping_interval: true }), 'ping_interval', /must be an integer, got true/);
  assertIssue(bad({ my_node_id: 1, ping_interval: '4s' }), 'ping_interval', /must be an integer, got "4s"/);
  assertIssue(bad({ my_node_id: 1, ping_interval: [4] }), 'ping_interval', /got a list/);
  assertIssue(bad({ my_node_id: 1, sync_packet_size: 70000 }), 'sync_packet_size', /at most 65515/);
  assert.equal(parseConfig({ my_node_id: 1, sync_packet_size: '65515' }).config.syncPacketSize, 65515);
});

test('int-as-boolean parameters accept 0/1/true/false', () => {
  for (const key of ['enable_stats', 'enable_rerouting', 'dispatch_jobs', 'persistent_mode']) {
    for (const [v, want] of [[0, false], [1, true], [true, true], [false, false], ['0', false], ['true', true]] as const) {
      const c = parseConfig({ my_node_id: 1, [key]: v }).config as unknown as Record<string, unknown>;
      const camel = key.replace(/_(\w)/g, (_, ch: string) => ch.toUpperCase());
      assert.equal(c[camel], want, `${key}=${String(v)}`);
    }
    assertIssue(bad({ my_node_id: 1, [key]: 2 }), key, /must be 0, 1, true or false, got 2/);
    assertIssue(bad({ my_node_id: 1, [key]: 'yes' }), key, /must be 0, 1, true or false/);
  }
});

test('strings: db_url, db_table, columns', () => {
  assertIssue(bad({ my_node_id: 1, db_url: '' }), 'db_url', /must not be empty/);
  assertIssue(bad({ my_node_id: 1, db_url: 'localhost/opensips' }), 'db_url', /expected a database URL/);
  assertIssue(bad({ my_node_id: 1, db_table: 5 }), 'db_table', /must be a string, got 5/);
  assertIssue(bad({ my_node_id: 1, url_col: 'the url' }), 'url_col', /plain SQL identifier/);
  assertIssue(bad({ my_node_id: 1, node_id_col: 'cluster_id' }), 'node_id_col', /'cluster_id' is already used by `cluster_id_col`/);
  const { config } = parseConfig({ my_node_id: 1, db_table: 'cl_nodes', flags_col: 'node_flags' });
  assert.equal(config.dbTable, 'cl_nodes');
  assert.equal(config.columns.flags, 'node_flags');
});

test('sharing tags: parsed, duplicates rejected, unknown clusters purged in db_mode 0', () => {
  const { config, warnings } = parseConfig({
    ...base0(), sharing_tag: ['vip/1=active', { name: 'db', cluster_id: 1, state: 'backup' }, 'other/9=active'],
  });
  assert.deepEqual(config.sharingTags, [{ name: 'vip', clusterId: 1, state: 'active' }, { name: 'db', clusterId: 1, state: 'backup' }]);
  assert.deepEqual(warnings, ['cluster id [9] required by tag <other> not found, purging tag']);
  assertIssue(bad({ ...base0(), sharing_tag: ['vip/1=active', 'vip/1=backup'] }), 'sharing_tag[1]', /duplicate sharing tag vip\/1/);
  assertIssue(bad({ ...base0(), sharing_tag: 'vip/1=act' }), 'sharing_tag', /expected exactly 'active' or 'backup'/);
  // db_mode 1: clusters come from the DB, so tags are kept.
  assert.equal(parseConfig({ my_node_id: 1, sharing_tag: 'x/9=backup' }).config.sharingTags.length, 1);
});

test('own keys: socket, control_socket, mi_http, log_level, state_file', () => {
  const { config } = parseConfig({
    ...base0(), socket: ['bin:127.0.0.1:5566', 'bin:localhost:5566', 'bin:0.0.0.0:7000'], control_socket: '/tmp/x.sock',
    mi_http: '127.0.0.1:8888', log_level: 'debug', state_file: '/var/lib/cl/state.json',
  });
  assert.deepEqual(config.socket.map((s) => s.url), ['bin:127.0.0.1:5566', 'bin:0.0.0.0:7000']);
  assert.equal(config.controlSocket, '/tmp/x.sock');
  assert.deepEqual(config.miHttp, { host: '127.0.0.1', port: 8888 });
  assert.equal(config.logLevel, 'debug');
  assert.equal(config.stateFile, '/var/lib/cl/state.json');
  // A wildcard listener on the right port serves the node URL.
  assert.ok(parseConfig({ ...base0(), socket: 'bin:0.0.0.0:5566' }).config.socket.length === 1);
  const issues = bad({ ...base0(), socket: ['tcp:1.2.3.4:5060', 7], mi_http: '8888', log_level: 'loud', state_file: '', control_socket: 3 });
  assertIssue(issues, 'socket[0]', /^Bad URL!/);
  assertIssue(issues, 'socket[1]', /expected a listener/);
  assertIssue(issues, 'mi_http', /expected IP:PORT/);
  assertIssue(issues, 'log_level', /must be one of debug, info/);
  assertIssue(issues, 'state_file', /must not be empty/);
  assertIssue(issues, 'control_socket', /must be a string/);
  assertIssue(bad({ ...base0(), socket: 'bin:127.0.0.1:6000' }), 'my_node_info', /^non-local socket 127\.0\.0\.1:5566 for this node/);
  assertIssue(bad({ ...base0(), socket: [] }), 'socket', /empty list/);
});

test('all issues are reported together', () => {
  const issues = bad({
    db_mode: 0, my_node_id: -3, my_node_info: 'cluster_id=1, url=bin:1.1.1.1:0', neighbor_node_info: 'node_id=2',
    ping_timeout: 'soon', sharing_tag: 'a/b=c', enable_rerouting: 'maybe', unknown_thing: 1,
  });
  for (const k of ['my_node_id', 'my_node_info', 'neighbor_node_info', 'ping_timeout', 'sharing_tag', 'enable_rerouting', 'unknown_thing']) {
    assertIssue(issues, k, /./);
  }
  assert.ok(issues.length >= 8, JSON.stringify(issues));
});

test('overrides win over file values (and over legacy aliases)', () => {
  const { config } = parseConfig(
    { ...base0(), log_level: 'warn', control_socket: '/tmp/file.sock' },
    { overrides: { nodeId: 1, socket: ['bin:0.0.0.0:5566'], controlSocket: '/tmp/cli.sock', logLevel: 'debug' } },
  );
  assert.equal(config.logLevel, 'debug');
  assert.equal(config.controlSocket, '/tmp/cli.sock');
  assert.deepEqual(config.socket.map((s) => s.url), ['bin:0.0.0.0:5566']);
  const r = parseConfig({ current_id: 3 }, { overrides: { nodeId: 9 } });
  assert.equal(r.config.myNodeId, 9);
  assert.equal(parseConfig({ my_node_id: 3 }, { overrides: { nodeId: 9 } }).config.myNodeId, 9);
  assertIssue(issuesOf(() => parseConfig({ my_node_id: 3 }, { overrides: { nodeId: 0 } })), '--node-id', /greater than 0/);
  // The override replaces my_node_id, but node_id inside my_node_info still has to agree.
  assertIssue(issuesOf(() => parseConfig({ db_mode: 0, my_node_info: 'cluster_id=1, node_id=2, url=bin:127.0.0.1:5566' }, { overrides: { nodeId: 5 } })),
    'my_node_info', /node_id: 2 different than 'my_node_id'/);
});
